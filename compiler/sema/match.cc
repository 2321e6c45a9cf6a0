// Decision tables (LANGUAGE.md §6): `match SUBJECT { CASE => EXPR ... }`.
//
// Each bound is typed against the subject; results share one type (int and
// decimal mix as decimal). When every bound is a constant the cases are
// proved not to overlap and, without `else`, to cover every value of the
// subject's type (case_coverage.h), and the lookup lowering builds is kept
// in CheckedProgram::matches. Bounds that are lets or inputs are checked at
// run time, by both engines alike (runtime/interp/match_eval.cc).
#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "compiler/sema/case_coverage.h"
#include "compiler/sema/checker.h"

namespace ocf::sema {
namespace {

using ast::ExprKind;
using Kind = ast::MatchPattern::Kind;

bool IsRange(const ast::MatchPattern& p) { return p.kind != Kind::Value; }

// Values on a line with an order, as opposed to listed ones.
bool OnALine(const Type& t) { return Orderable(t) || t.kind == TypeKind::Bool; }
// Lines whose values are whole: ints, dates (days), durations, bool (0, 1).
bool WholeLine(const Type& t) {
  return t.kind != TypeKind::Decimal && t.kind != TypeKind::Percent && t.kind != TypeKind::Money;
}

// A constant bound's value on the subject's line, or nullopt when it is not
// a constant (a let, an input, an expression).
std::optional<Decimal> LineConstant(const ast::Expr& e) {
  switch (e.kind) {
    case ExprKind::Number:
      return static_cast<const ast::NumberExpr&>(e).value;
    case ExprKind::Percent:
      return static_cast<const ast::PercentExpr&>(e).value;
    case ExprKind::Money:
      return static_cast<const ast::MoneyExpr&>(e).amount;
    case ExprKind::Date:
      return Decimal::FromInt(static_cast<const ast::DateExpr&>(e).value.days());
    case ExprKind::Duration:
      return Decimal::FromInt(static_cast<const ast::DurationExpr&>(e).amount);
    case ExprKind::Bool:
      return Decimal::FromInt(static_cast<const ast::BoolExpr&>(e).value ? 1 : 0);
    case ExprKind::Unary: {
      const auto& u = static_cast<const ast::UnaryExpr&>(e);
      if (u.op == ast::UnaryOp::Not || u.operand->kind == ExprKind::Bool || u.operand->kind == ExprKind::Date)
        return std::nullopt;
      std::optional<Decimal> v = LineConstant(*u.operand);
      if (!v || u.op == ast::UnaryOp::Plus) return v;
      Result<Decimal> n = Decimal::Neg(*v);
      return n.ok() ? std::optional<Decimal>(*n) : std::nullopt;
    }
    default:
      return std::nullopt;
  }
}

// A value as an enumeration's case writes it: bare when it is a name.
std::string WrittenEnumValue(const std::string& v) {
  bool name = !v.empty() && !std::isdigit(static_cast<unsigned char>(v[0]));
  for (char c : v) name &= std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  return name ? v : "\"" + v + "\"";
}

}  // namespace

std::string Checker::WrittenSpan(Span span) const {
  if (input_.sources && span.file < input_.sources->size())
    return std::string(input_.sources->Get(span.file).Slice(span));
  return "the case";
}

// One value of the subject's line as the contract writes it.
std::string Checker::ShowLineValue(const Type& t, Decimal v) const {
  switch (t.kind) {
    case TypeKind::Percent: {
      Result<Decimal> p = Decimal::Mul(v, Decimal::FromInt(100));
      return (p.ok() ? p->ToString() : v.ToString()) + "%";
    }
    case TypeKind::Money:
      return CurrencySymbol() + v.ToString();
    case TypeKind::Date:
      return Date::FromDays(static_cast<int32_t>(v.ToInt64().value_or(0))).ToString();
    case TypeKind::DayDuration:
    case TypeKind::AnyDuration:
      return v.ToString() + (v == Decimal::FromInt(1) ? " day" : " days");
    case TypeKind::MonthDuration:
      return v.ToString() + (v == Decimal::FromInt(1) ? " month" : " months");
    case TypeKind::Bool:
      return v.is_zero() ? "false" : "true";
    default:
      return v.ToString();
  }
}

// A case bound typed against the subject: an enumeration's values bare or
// quoted, the subject's own kind of value otherwise.
Type Checker::CheckCaseBound(const ast::Expr& bound, const Type& subject, const ast::Expr& subject_expr,
                             Scope& scope) {
  Type t = subject.kind == TypeKind::Enum ? InferAgainstEnum(bound, subject, subject_expr, scope)
                                          : Infer(bound, scope);
  if (t.is_error()) return t;
  bool fits = Unify(subject, t).has_value() || (subject.kind == TypeKind::Enum && t.kind == TypeKind::Text);
  if (fits) return t;
  Diagnostic& d =
      diags_.Report(DiagCode::BadCase, bound.span,
                    fmt::format("the cases of a `match` on {} must be {} too, but this is {}",
                                Describe(subject.kind), Describe(subject.kind), Describe(t.kind)));
  if (subject.kind == TypeKind::Percent && t.is_numeric()) {
    d.Help(PercentHelp(bound));
  } else if (subject.kind == TypeKind::Money && IsNumberLiteral(bound)) {
    d.Help(fmt::format("write `{}{}` for an amount of money", CurrencySymbol(), Written(bound)));
  } else if (subject.is_duration() && t.is_duration()) {
    d.Help("days and months do not compare: match on a date instead, e.g. `match referred_on + 3 months`");
  } else if (subject.is_duration() && IsNumberLiteral(bound)) {
    d.Help(fmt::format("write `{} {}` for a duration", Written(bound),
                       subject.kind == TypeKind::MonthDuration ? "months" : "days"));
  } else if (subject.kind == TypeKind::Text || subject.kind == TypeKind::Id) {
    d.Help("write text in quotes: `\"physio\"`");
  }
  return Type::Error();
}

Type Checker::InferMatch(const ast::MatchExpr& e, Scope& scope) {
  Type subject = Infer(*e.subject, scope);
  // The results are worked out only for a present subject.
  Scope inner = scope;
  if (e.subject->kind == ExprKind::Name)
    inner.present.insert(static_cast<const ast::NameExpr&>(*e.subject).name);

  // The bounds: typed, and their values when they are constants.
  bool ok = !subject.is_error();
  bool constant = true;
  if (ok) {
    for (const ast::MatchCase& c : e.cases) {
      for (const ast::MatchPattern& p : c.patterns) {
        if (IsRange(p) && !OnALine(subject)) {
          diags_
              .Report(DiagCode::BadCase, p.span,
                      fmt::format("`{}` is a range, but {} has no order", WrittenSpan(p.span),
                                  Describe(subject.kind)))
              .Help(subject.kind == TypeKind::Enum ? "list the values the case covers: `a, b => ...`"
                                                   : "list the values the case covers, each in quotes");
          ok = false;
          continue;
        }
        if (IsRange(p) && subject.kind == TypeKind::Bool) {
          diags_
              .Report(DiagCode::BadCase, p.span,
                      fmt::format("`{}` is a range over true and false", WrittenSpan(p.span)))
              .Help("write `true => ...` and `false => ...`");
          ok = false;
          continue;
        }
        for (const ast::ExprPtr* b : {&p.low, &p.high}) {
          if (!*b) continue;
          Type t = CheckCaseBound(**b, subject, *e.subject, scope);
          if (t.is_error()) {
            ok = false;
            continue;
          }
          bool is_constant = OnALine(subject)
                                 ? LineConstant(**b).has_value()
                                 : (*b)->kind == ExprKind::Text ||
                                       (program_.references.count(b->get()) &&
                                        program_.references.at(b->get()).kind == SymbolKind::EnumValue);
          constant &= is_constant;
        }
      }
    }
  }

  // The results: one type.
  std::optional<Type> result;
  const ast::Expr* first = nullptr;
  bool results_ok = true;
  auto take = [&](const ast::Expr& r) {
    Type t = Infer(r, inner);
    if (t.is_error()) {
      results_ok = false;
      return;
    }
    if (!result) {
      result = t;
      first = &r;
      return;
    }
    std::optional<Type> u = Unify(*result, t);
    if (!u) {
      diags_
          .Report(
              DiagCode::MatchResultMix, r.span,
              fmt::format("the cases of a `match` give one kind of value, but this is {} and the first is {}",
                          Describe(t.kind), Describe(result->kind)))
          .Note(first->span, fmt::format("the first case gives {}", Describe(result->kind)))
          .Help(result->kind == TypeKind::Money && IsNumberLiteral(r)
                    ? fmt::format("write `{}{}` for an amount of money", CurrencySymbol(), Written(r))
                    : "give every case the same kind of value (whole numbers and decimals mix as decimals)");
      results_ok = false;
      return;
    }
    result = *u;
  };
  for (const ast::MatchCase& c : e.cases)
    if (c.result) take(*c.result);
  if (e.else_result) take(*e.else_result);
  if (!ok || !results_ok) return Type::Error();
  if (constant && !ProveCases(e, subject)) return Type::Error();
  if (!result) {  // `match x { }`: reported by ProveCases
    return Type::Error();
  }
  return result->AsOptional(result->optional || subject.optional);
}

// Constant cases: no two share a value and, without `else`, every value has
// one; then the lookup for lowering.
bool Checker::ProveCases(const ast::MatchExpr& e, const Type& subject) {
  std::vector<const ast::MatchPattern*> patterns;
  std::vector<uint32_t> case_of;
  for (size_t c = 0; c < e.cases.size(); ++c) {
    for (const ast::MatchPattern& p : e.cases[c].patterns) {
      patterns.push_back(&p);
      case_of.push_back(static_cast<uint32_t>(c));
    }
  }
  auto overlap = [&](uint32_t a, uint32_t b, const std::string& value) {
    diags_
        .Report(DiagCode::MatchOverlap, patterns[b]->span,
                fmt::format("cases `{}` and `{}` overlap: both cover {}", WrittenSpan(patterns[a]->span),
                            WrittenSpan(patterns[b]->span), value))
        .Note(patterns[a]->span, fmt::format("`{}` is here", WrittenSpan(patterns[a]->span)))
        .Help(OnALine(subject) && subject.kind != TypeKind::Bool
                  ? "each value may have one case: to end a band where the next one starts, write `A to "
                    "below B`"
                  : "each value may have one case: list it once");
    return false;
  };
  auto uncovered = [&](const std::string& what) {
    diags_
        .Report(DiagCode::MatchNotExhaustive, e.subject->span,
                fmt::format("this `match` has no `else`, and its cases leave values of `{}` out: {}",
                            Written(*e.subject), what))
        .Help("add cases for them, or `else => ...` for every value the cases leave out");
    return false;
  };
  MatchLookup lookup;
  if (OnALine(subject)) {
    bool whole = WholeLine(subject);
    std::vector<CaseRange> ranges;
    for (uint32_t k = 0; k < patterns.size(); ++k) {
      const ast::MatchPattern& p = *patterns[k];
      std::optional<Decimal> low = p.low ? LineConstant(*p.low) : std::nullopt;
      std::optional<Decimal> high = p.kind == Kind::Value ? low
                                    : p.high              ? LineConstant(*p.high)
                                                          : std::nullopt;
      CaseRange r{LowCut(low, p.low_included, whole), HighCut(high, p.high_included, whole), k, case_of[k]};
      if (r.empty()) {
        std::string written = WrittenSpan(p.span);
        bool reversed = low && high && *high < *low;
        diags_
            .Report(DiagCode::BadCase, p.span,
                    reversed ? fmt::format("`{}` covers nothing: its first end is above its second", written)
                    : whole  ? fmt::format("`{}` covers no {}", written,
                                          subject.kind == TypeKind::Int ? "whole number" : "value")
                             : fmt::format("`{}` covers nothing", written))
            .Help(reversed ? fmt::format("write `{} to {}`", Written(*p.high), Written(*p.low))
                  : p.kind == Kind::RangeBelow && low && high && *low == *high
                      ? fmt::format("write `{}` for that one value", Written(*p.low))
                      : fmt::format("`{}` takes whole numbers only", Written(*e.subject)));
        return false;
      }
      ranges.push_back(r);
    }
    auto show = [&](Decimal v) { return ShowLineValue(subject, v); };
    if (std::optional<Overlap> o = FindOverlap(ranges, whole))
      return overlap(o->first, o->second, show(o->shared));
    if (!e.else_result) {
      bool is_bool = subject.kind == TypeKind::Bool;
      Cut from = is_bool ? Cut::Before(Decimal()) : Cut::Start();
      Cut to = is_bool ? Cut::Before(Decimal::FromInt(2)) : Cut::End();
      if (std::optional<Gap> gap = FirstGap(ranges, from, to)) {
        if (patterns.empty()) return uncovered("it has no cases");
        return uncovered(DescribeGap(*gap, whole, show));
      }
    }
    Pieces pieces = CutIntoPieces(ranges, whole);
    lookup.ordered = true;
    lookup.starts = std::move(pieces.starts);
    lookup.piece_case = std::move(pieces.piece_case);
  } else {
    std::map<std::string, uint32_t> seen;  // value -> pattern
    for (uint32_t k = 0; k < patterns.size(); ++k) {
      const ast::Expr& v = *patterns[k]->low;
      std::string value = v.kind == ExprKind::Text ? static_cast<const ast::TextExpr&>(v).value
                                                   : static_cast<const ast::NameExpr&>(v).name;
      auto [it, fresh] = seen.emplace(value, k);
      if (!fresh) {
        if (case_of[it->second] == case_of[k]) continue;  // `a, a => ...` says it twice, harmlessly
        return overlap(it->second, k, fmt::format("`{}`", WrittenEnumValue(value)));
      }
      lookup.values.push_back({value, case_of[k]});
    }
    if (!e.else_result) {
      if (subject.kind != TypeKind::Enum) {
        diags_
            .Report(DiagCode::MatchNotExhaustive, e.subject->span,
                    fmt::format("this `match` on {} has no `else`, but no list of cases can cover every "
                                "possible value",
                                Describe(subject.kind)))
            .Help("add `else => ...` for the values the cases do not list");
        return false;
      }
      std::vector<std::string> missing;
      for (const std::string& v : *subject.enum_values)
        if (!seen.count(v)) missing.push_back(WrittenEnumValue(v));
      if (!missing.empty()) {
        std::string rest;
        for (size_t k = 1; k < missing.size(); ++k)
          rest += (k > 1 ? ", " : "") + fmt::format("`{}`", missing[k]);
        Diagnostic& d = diags_.Report(
            DiagCode::MatchNotExhaustive, e.subject->span,
            fmt::format(
                "this `match` has no `else`, and its cases leave values of `{}` out: nothing covers `{}`",
                Written(*e.subject), missing[0]));
        if (!rest.empty()) d.Note(fmt::format("nor {}", rest));
        d.Help("add cases for them, or `else => ...` for every value the cases leave out");
        return false;
      }
    }
  }
  program_.matches[&e] = std::move(lookup);
  return true;
}

}  // namespace ocf::sema
