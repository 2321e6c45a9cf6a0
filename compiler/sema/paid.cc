// `paid "LINE" so far` and `paid "LINE" this year` (LANGUAGE.md §6,
// "Payments"): what a payment line has paid before this payment period, for
// caps across years. Only a payment block has payment periods; the line may be
// in any block (names are unique across blocks), shadow lines included.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

Type Checker::InferPaid(const ast::PaidExpr& e, Scope& scope) {
  const char* when = e.this_year ? "this year" : "so far";
  if (scope.place != Place::Payment || scope.gate) {
    diags_
        .Report(DiagCode::NotAllowedHere, e.span,
                fmt::format("`paid \"{}\" {}` can only be used in a payment block", e.line.text, when))
        .Help("what a line has paid is known only as payments are worked out, period by period");
    return Type::Error();
  }
  std::vector<std::string> lines;
  for (const ast::PaymentDecl* p : program_.payments)
    for (const ast::PaymentItem& item : p->items)
      if (!item.is_let) lines.push_back(item.name.text);
  if (std::find(lines.begin(), lines.end(), e.line.text) == lines.end()) {
    std::string hint = Suggest(e.line.text, lines);
    diags_
        .Report(DiagCode::UnknownName, e.line.span,
                fmt::format("no payment line is named \"{}\"", e.line.text))
        .Help(hint.empty() ? "name a line written `pay \"LINE\" = ...` in a payment block"
                           : fmt::format("did you mean \"{}\"?", hint));
    return Type::Error();
  }
  return Type::Of(TypeKind::Money, false);
}

}  // namespace ocf::sema
