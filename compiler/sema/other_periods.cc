// A measure's value in another period (LANGUAGE.md §6, "Other periods" and
// "Baseline"): `MEASURE in previous period` is its value in the period of the
// same kind just before, missing for the first of each kind and for `term`;
// `MEASURE at baseline` its value in the contract's baseline. Both read a
// measure's value, so they belong where measures do: a measure's value (not
// inside an aggregate's records, which have no period of their own) and a
// payment block. `at baseline` is also known before any period is worked
// out, so target bounds and top-level lets may use it too.

#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

Type Checker::InferOtherPeriod(const ast::OtherPeriodExpr& e, Scope& scope) {
  const std::string& n = e.measure->name;
  const bool baseline = e.which == ast::OtherPeriodExpr::Which::Baseline;
  const char* written = baseline ? "at baseline" : "in previous period";
  if (scope.row_table) {
    diags_
        .Report(DiagCode::NotAllowedHere, e.span,
                fmt::format("`{} {}` has no value for one record", n, written))
        .Help(baseline
                  ? fmt::format("a baseline value is the period's, not a record's: compare with it outside "
                                "the aggregate, as in `count {} - {} at baseline`",
                                scope.row_table->name.text, n)
                  : fmt::format("use it in the measure's value, outside the aggregate: `count {} - {} {}`",
                                scope.row_table->name.text, n, written));
    return Type::Error();
  }
  if (scope.place == Place::Constant && !baseline) {
    diags_
        .Report(DiagCode::NotConstant, e.span,
                fmt::format("`{} {}` is not known before the data is read", n, written))
        .Help(
            "a target's bounds are the same in every period: use `MEASURE at baseline`, lets and inputs, "
            "or make the change a measure and `target` it");
    return Type::Error();
  }
  bool allowed = scope.place == Place::Measure || scope.place == Place::Payment ||
                 (baseline && (scope.place == Place::Constant || scope.place == Place::TopLet));
  if (!allowed) {
    diags_.Report(DiagCode::NotAllowedHere, e.span, fmt::format("`{} {}` has no value here", n, written))
        .Help(baseline
                  ? "a measure's baseline value can be used in measures, target bounds, lets and payment "
                    "blocks"
                  : "a measure's value in another period can be used in measures and payment blocks");
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
  if (baseline && !program_.contract.baseline && contract_ok_) {
    diags_
        .Report(DiagCode::NoBaseline, e.span,
                fmt::format("`{} at baseline` needs a baseline, and the contract declares none", n))
        .Help(
            "add the period targets are measured against to the contract block, e.g. `baseline "
            "2013-04-01 to 2014-03-31`");
    return Type::Error();
  }
  // The measure is resolved as in a measure's value (where any measure may
  // be named), recording the dependency.
  Scope as_measure = scope;
  as_measure.place = Place::Measure;
  Type t = InferName(*e.measure, as_measure);
  if (t.is_error()) return t;
  if (baseline && current_let_ && it != program_.globals.end())
    let_baselines_[current_let_].push_back(static_cast<const ast::MeasureDecl*>(it->second.decl));
  t.optional = true;  // missing in the first period of each kind, or with no baseline records
  return t;
}

bool Checker::CheckBaselineLetUse(const ast::LetDecl& let, const ast::NameExpr& e, const Scope& scope) {
  auto it = let_baselines_.find(&let);
  if (it == let_baselines_.end() || it->second.empty()) return true;
  const ast::MeasureDecl& m = *it->second.front();
  if (scope.row_table || scope.place == Place::Function || scope.place == Place::Population ||
      scope.place == Place::Check) {
    diags_
        .Report(DiagCode::NotAllowedHere, e.span,
                fmt::format("`{}` reads `{} at baseline`, which has no value {}", e.name, m.name.text,
                            scope.place == Place::Function ? "inside a function" : "for one record"))
        .Note(let.name.span, "the let is declared here")
        .Help(scope.place == Place::Function
                  ? fmt::format("pass `{}` to the function as an argument", e.name)
                  : std::string("compare with it in a measure's value, outside the aggregate's records"));
    return false;
  }
  // Its measures' tables are the user's too (a `by` measure narrows them).
  for (const ast::MeasureDecl* read : it->second) {
    if (current_let_ && current_let_ != &let) let_baselines_[current_let_].push_back(read);
    ReadsTablesOf(read);
  }
  return true;
}

}  // namespace ocf::sema
