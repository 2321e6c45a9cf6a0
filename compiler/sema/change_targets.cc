// Targets written against the baseline (LANGUAGE.md §6, "Baseline"):
// `target X reduced by R from baseline` / `increased by R from baseline`.
// R is a percent (relative: the full change is R of X's baseline value), a
// value of X's own type (absolute), or for a percent measure a number of
// `points` (absolute). A change of zero has no direction to measure
// achievement along: reported here when R is written out, at run time
// otherwise.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {
namespace {

// R's value when it is written out (a literal, or a let that is one).
std::optional<Decimal> WrittenValue(const ast::Expr& e, const CheckedProgram& program) {
  if (e.kind != ast::ExprKind::Name) return LiteralValue(e);
  auto ref = program.references.find(&e);
  if (ref == program.references.end() || ref->second.kind != SymbolKind::Let) return std::nullopt;
  const auto* let = static_cast<const ast::LetDecl*>(ref->second.decl);
  return let->value ? WrittenValue(*let->value, program) : std::nullopt;
}

}  // namespace

std::optional<Decimal> LiteralValue(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Number:
      return static_cast<const ast::NumberExpr&>(e).value;
    case ast::ExprKind::Percent:
      return static_cast<const ast::PercentExpr&>(e).value;
    case ast::ExprKind::Money:
      return static_cast<const ast::MoneyExpr&>(e).amount;
    default:
      return std::nullopt;
  }
}

void Checker::CheckChangeTarget(const ast::TargetDecl& target, const Type& mt) {
  const char* verb = target.increase ? "increased" : "reduced";
  Scope scope;
  scope.place = Place::Constant;
  Type r = target.threshold ? Infer(*target.threshold, scope) : Type::Error();
  if (contract_ok_ && !program_.contract.baseline) {
    diags_
        .Report(DiagCode::NoBaseline, target.keyword_span,
                fmt::format(
                    "`target {} {} by ... from baseline` needs a baseline, and the contract declares none",
                    target.measure.text, verb))
        .Help(
            "add the period targets are measured against to the contract block, e.g. `baseline 2013-04-01 "
            "to 2014-03-31`, or write the thresholds out: `target X from A to B`");
    return;
  }
  if (mt.is_error() || r.is_error() || !target.threshold) return;
  const ast::Expr& change = *target.threshold;
  const std::string m = target.measure.text;
  std::string wrong, help;
  if (target.points) {
    if (mt.kind != TypeKind::Percent) {
      diags_
          .Report(DiagCode::BadTarget, target.points_span,
                  fmt::format("`points` measure a percentage's change, but `{}` is {}", m, Describe(mt.kind)))
          .Help(
              fmt::format("write the change as {} or as a percentage of the baseline value, e.g. `{} by 10% "
                          "from baseline`",
                          Describe(mt.kind), verb));
      return;
    }
    if (!r.is_numeric())
      wrong = fmt::format("a change in `points` is a number of percentage points, but this is {}",
                          Describe(r.kind)),
      help = fmt::format("write e.g. `{} by 5 points from baseline` (60% to {}%)", verb,
                         target.increase ? "65" : "55");
  } else if (r.kind != TypeKind::Percent) {
    bool absolute = Assignable(r, mt) || (mt.is_numeric() && r.is_numeric());
    if (mt.kind == TypeKind::Percent && r.is_numeric()) {
      wrong = fmt::format("`{}` is a percentage: a change written as a number needs `points`", m);
      help = fmt::format(
          "write `{} by {} points from baseline` for percentage points, or a percentage such as "
          "`{} by 10% from baseline` for a share of the baseline value",
          verb, Written(change), verb);
    } else if (!absolute) {
      wrong =
          fmt::format("measure `{}` is {}, but this change is {}", m, Describe(mt.kind), Describe(r.kind));
      help =
          mt.kind == TypeKind::Money && change.kind == ast::ExprKind::Number
              ? fmt::format(
                    "write `{}{}` for a change in money, or a percentage such as `10%` for a share "
                    "of the baseline value",
                    CurrencySymbol(), Written(change))
              : fmt::format("write the change as {}, or as a percentage of the baseline value such as `10%`",
                            Describe(mt.kind));
    }
  }
  if (!wrong.empty()) {
    diags_.Report(DiagCode::BadTarget, change.span, wrong).Help(help);
    return;
  }
  if (std::optional<Decimal> v = WrittenValue(change, program_); v && (v->is_zero() || v->is_negative())) {
    diags_
        .Report(
            DiagCode::ZeroChange, change.span,
            v->is_zero()
                ? fmt::format("a change of zero: `{}` could never move from its baseline value", m)
                : fmt::format("a negative change: `{} by {}` turns the target round", verb, Written(change)))
        .Help(v->is_zero()
                  ? "write the change the contract asks for, e.g. `reduced by 10% from baseline`; for "
                    "a fixed threshold write `at least V` or `at most V`"
                  : fmt::format("write `{} by` with a positive change",
                                target.increase ? "reduced" : "increased"));
  }
}

}  // namespace ocf::sema
