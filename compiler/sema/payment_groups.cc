// Groups in payments (LANGUAGE.md §6): `payment quarterly by COLUMN { ... }`
// is evaluated for every group of COLUMN, the union of the groups of the
// contract's `by COLUMN` measures. Inside it COLUMN is the group's own value.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

void Checker::CheckPaymentBy(const ast::PaymentDecl& payment) {
  const ast::Ident& by = *payment.by;
  std::vector<std::string> columns;  // the `by` columns measures do have, for a suggestion
  for (const ast::MeasureDecl* m : program_.measures) {
    if (!m->by) continue;
    if (m->by->text != by.text) {
      columns.push_back(m->by->text);
      continue;
    }
    auto sym = program_.globals.find(m->name.text);
    if (sym != program_.globals.end() && sym->second.decl == m) TypeOfGlobal(sym->second, by.span);
    for (const ast::DataDecl* d : program_.measure_tables[m]) {
      if (const ast::ColumnDecl* c = FindColumn(*d, by.text)) {
        payment_by_types_[&payment] = TypeFromAst(c->type).Required();
        return;
      }
    }
    payment_by_types_[&payment] = Type::Error();  // its measure's `by` is reported there
    return;
  }
  std::string near = Suggest(by.text, columns);
  diags_
      .Report(DiagCode::PaymentByWithoutMeasure, by.span,
              fmt::format("`payment ... by {}` pays each group of `{}`, but no measure has `by {}`", by.text,
                          by.text, by.text))
      .Help(!near.empty() ? fmt::format("did you mean `by {}`?", near)
                          : fmt::format("declare the measures each group is paid on with `by {}`: `measure "
                                        "activity by {} = count ...`",
                                        by.text, by.text));
  payment_by_types_[&payment] = Type::Error();
}

std::optional<Type> Checker::PaymentGroup(const ast::NameExpr& e, const Scope& scope) {
  if (!scope.payment || !scope.payment->by || scope.payment->by->text != e.name) return std::nullopt;
  auto it = payment_by_types_.find(scope.payment);
  Type t = it == payment_by_types_.end() ? Type::Error() : it->second;
  program_.references[&e] = Symbol{SymbolKind::Group, e.name, scope.payment, nullptr, nullptr, nullptr, t};
  return t;
}

void Checker::CheckExpectGroup(const ast::TestItem& item) {
  const ast::PaymentDecl* by_block = nullptr;
  for (const ast::PaymentDecl* p : program_.payments) {
    if (!p->by) continue;
    if (!by_block) by_block = p;
    if (item.subject != ast::ExpectSubject::PaymentLine) continue;
    for (const ast::PaymentItem& line : p->items)
      if (!line.is_let && line.name.text == item.payment_line) return;  // a line paid by group
  }
  if (item.subject == ast::ExpectSubject::PaymentLine) {
    auto it = payment_lines_.find(item.payment_line);
    if (it == payment_lines_.end()) return;  // reported as an unknown line
    diags_
        .Report(DiagCode::NotAllowedHere, item.group_span,
                fmt::format("payment \"{}\" is not paid by group: its block has no `by`", item.payment_line))
        .Note(it->second.second, "the line is paid here")
        .Help("leave out `for \"...\"`, or pay the line in a `payment ... by COLUMN` block");
    return;
  }
  if (by_block) return;
  diags_
      .Report(DiagCode::NotAllowedHere, item.group_span,
              "this contract pays no group: no payment block has `by COLUMN`")
      .Help("leave out `for \"...\"`, or write `payment quarterly by provider { ... }`");
}

}  // namespace ocf::sema
