// The reference interpreter's decision tables (plan::MatchTable): a missing
// subject gives missing; constant cases are found by a binary search over
// the line's pieces or the sorted listed values; bounds known only at run
// time are all evaluated, in the order written, and every pattern tried.
// Only the chosen result is evaluated. The JIT (compiler/codegen/match.cc)
// marks a row failed exactly where this raises.
#include <algorithm>

#include <fmt/format.h>

#include "runtime/interp/eval.h"

namespace ocf::interp {
namespace {

using plan::MatchTable;
using plan::ValueType;

// A subject's value as the contract writes it.
std::string Show(const MatchTable& t, ValueType type, const Value& v) {
  switch (type) {
    case ValueType::Decimal: {
      if (t.unit == MatchTable::Unit::Percent) {
        Result<Decimal> p = Decimal::Mul(v.d, Decimal::FromInt(100));
        return (p.ok() ? p->ToString() : v.d.ToString()) + "%";
      }
      if (t.unit == MatchTable::Unit::Money) return t.currency_symbol + v.d.ToString();
      return v.d.ToString();
    }
    case ValueType::Bool:
      return v.i ? "true" : "false";
    case ValueType::Date:
      return Date::FromDays(static_cast<int32_t>(v.i)).ToString();
    case ValueType::DayDuration:
      return fmt::format("{} {}", v.i, v.i == 1 ? "day" : "days");
    case ValueType::MonthDuration:
      return fmt::format("{} {}", v.i, v.i == 1 ? "month" : "months");
    case ValueType::Text:
      return fmt::format("\"{}\"", v.s);
    case ValueType::Int:
      break;
  }
  return std::to_string(v.i);
}

}  // namespace

Value Evaluator::EvalMatch(const plan::Node& n, const Scope& scope) const {
  Value subject = Sub(n.children[0], scope);
  if (!subject.present) return Value::Missing();
  return Sub(n.children[1 + MatchCase(n, subject, scope)], scope);
}

uint32_t Evaluator::ChosenCase(plan::ExprId id, const Scope& scope) const {
  const plan::Node& n = plan_.node(id);
  Value subject = Eval(n.children[0], scope);
  if (!subject.present) return plan::kNoSlot;
  NewGeneration();
  return MatchCase(n, subject, scope);
}

uint32_t Evaluator::MatchCase(const plan::Node& n, const Value& subject, const Scope& scope) const {
  const MatchTable& t = plan_.matches[n.slot];
  uint32_t chosen = plan::kNoSlot;
  if (t.ordered) {
    // The pieces: the number of starts at or below the value is its piece.
    size_t piece =
        n.operand_type == ValueType::Decimal
            ? std::upper_bound(t.decimal_starts.begin(), t.decimal_starts.end(), subject.d) -
                  t.decimal_starts.begin()
            : std::upper_bound(t.int_starts.begin(), t.int_starts.end(), subject.i) - t.int_starts.begin();
    chosen = t.piece_result[piece];
  } else if (!t.run_time) {
    auto it = std::lower_bound(
        t.values.begin(), t.values.end(), subject.s,
        [](const std::pair<std::string, uint32_t>& v, std::string_view s) { return v.first < s; });
    chosen = it != t.values.end() && it->first == subject.s ? it->second : t.else_result;
  } else {
    std::vector<Value> bounds(n.children.size());
    for (size_t k = 1 + t.results; k < n.children.size(); ++k) bounds[k] = Sub(n.children[k], scope);
    auto covers = [&](const MatchTable::Pattern& p) {
      if (p.low != plan::kNoSlot) {
        const Value& low = bounds[p.low];
        if (!low.present) return false;
        int c = CompareValues(n.operand_type, subject, low);
        if (c < 0 || (c == 0 && !p.low_included)) return false;
      }
      if (p.high != plan::kNoSlot) {
        const Value& high = bounds[p.high];
        if (!high.present) return false;
        int c = CompareValues(n.operand_type, subject, high);
        if (c > 0 || (c == 0 && !p.high_included)) return false;
      }
      return true;
    };
    for (const MatchTable::Pattern& p : t.patterns) {
      if (!covers(p)) continue;
      if (chosen == plan::kNoSlot) {
        chosen = p.result;
      } else if (chosen != p.result) {
        throw EvalError(
            p.span,
            fmt::format("this case and an earlier one both cover {}", Show(t, n.operand_type, subject)),
            "the bounds of this `match` are lets or inputs, so its cases are checked as it runs: "
            "make them meet without sharing a value (`A to below B`)");
      }
    }
    if (chosen == plan::kNoSlot) chosen = t.else_result;
  }
  if (chosen == plan::kNoSlot)
    throw EvalError(t.subject_span,
                    fmt::format("no case of this `match` covers {}", Show(t, n.operand_type, subject)),
                    "add a case that covers it, or `else => ...`");
  return chosen;
}

}  // namespace ocf::interp
