// A measure's value in another period (LANGUAGE.md §6, "Other periods"):
// `MEASURE in previous period` is its value in the period of the same kind
// just before, missing for the first of each kind and for `term`. It reads a
// measure's value, so it belongs where measures do: a measure's value (not
// inside an aggregate's records, which have no period of their own) and a
// payment block.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

Type Checker::InferOtherPeriod(const ast::OtherPeriodExpr& e, Scope& scope) {
  const std::string& n = e.measure->name;
  const char* written = "in previous period";
  if (scope.row_table) {
    diags_
        .Report(DiagCode::NotAllowedHere, e.span,
                fmt::format("`{} {}` has no value for one record", n, written))
        .Help(fmt::format("use it in the measure's value, outside the aggregate: `count {} - {} {}`",
                          scope.row_table->name.text, n, written));
    return Type::Error();
  }
  if (scope.place == Place::Constant) {
    diags_
        .Report(DiagCode::NotConstant, e.span,
                fmt::format("`{} {}` is not known before the data is read", n, written))
        .Help(
            "a target's bounds are fixed by the contract: write them out, or use a measure and "
            "`target` it at a fixed value");
    return Type::Error();
  }
  if (scope.place != Place::Measure && scope.place != Place::Payment) {
    diags_.Report(DiagCode::NotAllowedHere, e.span, fmt::format("`{} {}` has no value here", n, written))
        .Help("a measure's value in another period can be used in measures and payment blocks");
    return Type::Error();
  }
  auto it = program_.globals.find(n);
  if (it != program_.globals.end() && it->second.kind != SymbolKind::Measure) {
    diags_
        .Report(DiagCode::WrongKind, e.measure->span,
                fmt::format("`{}` is not a measure: only a measure has a value in each period", n))
        .Help(fmt::format("write `{}` on its own, or make it a `measure`", n));
    return Type::Error();
  }
  Type t = InferName(*e.measure, scope);  // resolves the name and records the dependency
  if (t.is_error()) return t;
  t.optional = true;  // missing in the first period of each kind
  return t;
}

}  // namespace ocf::sema
