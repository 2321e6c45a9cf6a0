// The period-level half of a run, shared by both engines (see
// statement_builder.cc): the Engine's parts are spread over
// statement_builder.cc (measures and `by` groups), targets.cc (targets,
// outcomes, achievement) and payments.cc (payments, payments by group,
// gates). Not a public header.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/exec/aggregate.h"

namespace ocf::exec::engine {

using interp::EvalError;
using interp::MissingPaymentError;
using interp::Scope;
using interp::Value;
using plan::AggregateOp;
using plan::ValueType;

inline Decimal AsDecimal(ValueType t, const Value& v) {
  return t == ValueType::Decimal ? v.d : Decimal::FromInt(v.i);
}

inline StatementValue Shown(ValueType type, const Value& v) {
  StatementValue sv;
  if (!v.present) return sv;
  switch (type) {
    case ValueType::Decimal:
      sv.value = v.d.ToString();
      break;
    case ValueType::Date:
      sv.value = Date::FromDays(static_cast<int32_t>(v.i)).ToString();
      break;
    case ValueType::Text:
      sv.value = std::string(v.s);
      break;
    case ValueType::Bool:
      sv.value = v.i ? "true" : "false";
      break;
    default:
      sv.value = std::to_string(v.i);
  }
  return sv;
}

inline GroupValues::Kind KindOf(ValueType type) {
  switch (type) {
    case ValueType::Decimal:
      return GroupValues::Kind::Decimal;
    case ValueType::Date:
      return GroupValues::Kind::Date;
    case ValueType::Text:
      return GroupValues::Kind::Text;
    case ValueType::Bool:
      return GroupValues::Kind::Bool;
    default:
      return GroupValues::Kind::Int;
  }
}

// A group's value, as Shown would write it, kept as a number.
inline void AddShown(GroupValues& groups, ValueType type, uint32_t period, const Value& v) {
  if (!v.present)
    groups.AddMissing(period);
  else if (type == ValueType::Decimal)
    groups.AddDecimal(period, v.d);
  else if (type == ValueType::Text)
    groups.AddText(period, v.s);
  else
    groups.AddInt(period, v.i);
}

class Engine {
 public:
  explicit Engine(const EvaluateInput& in) : in_(in), plan_(*in.plan), eval_(plan_), source_(*in.source) {}
  Statement Run();

 private:
  struct PeriodState {
    std::vector<std::optional<Value>> aggregates;  // overall
    std::vector<Value> measures;
    std::vector<AggState> states;  // for numerator/denominator and skipped counts
  };

  // The aggregates measure m's value reads, each once (found on first use).
  const std::vector<uint32_t>& AggregatesOf(size_t m);
  Value AggregateValue(size_t agg, size_t period, PeriodState& ps);
  Scope PeriodScope(size_t period, PeriodState& ps, std::vector<Value>& aggs);
  // Targets, outcomes and the contract's achievement, period by period.
  void Targets(Statement& st);
  // A change target's range: `from` holds R on entry; both are set to the
  // thresholds (missing where there is no range, or no baseline values).
  // Returns its description.
  std::string ChangeRange(const plan::Target& t, Value& from, Value& to,
                          const std::vector<Value>* baseline_measures);
  // A target's thresholds, with the measures' baseline values given (a
  // group's own in a group's context).
  struct Bounds {
    Value a, b;
    ValueType a_type = ValueType::Int, b_type = ValueType::Int;
    std::string description;
  };
  Bounds TargetBounds(const plan::Target& t, const std::vector<Value>* baseline_measures);
  // The thresholds as numbers, for the report's charts (TargetResult::from, to).
  void Thresholds(const plan::Target& t, const Bounds& bounds, TargetResult& r) const;
  // The target's achievement and status for its measure's value v.
  TargetResult::PeriodResult Achieve(const plan::Target& t, const Bounds& bounds, const Value& v) const;
  // Outcomes' and the contract's achievement from the targets' (exact).
  void Combine(const std::vector<Decimal>& targets, std::vector<Value>& outcomes,
               std::optional<Decimal>& contract) const;
  // The values of a `by` measure for each group, period by period.
  void Groups(size_t measure, MeasureResult& r);
  // The finest periods and the run of them each period (and window) spans.
  void EnsureFinest();
  // A `by` measure's groups: the distinct values of its column among the
  // term's rows of the tables it reads, in order.
  std::vector<std::string_view> GroupNames(const plan::Measure& measure);
  void Payments(Statement& st);

  // ---- payments by group and gates (payments.cc)
  // A column a `payment ... by` block pays (index into plan_.by_names): its
  // groups (the union of its `by` measures' groups, in order) and each
  // group's measures in every period of all_: the overall values, with the
  // column's `by` measures the group's own.
  struct PaidGroups {
    uint32_t by = plan::kNoSlot;
    std::vector<std::string> names;
    std::vector<std::vector<std::vector<Value>>> measures;  // [group][period][measure]
  };
  std::vector<PaidGroups> paid_groups_;
  PaidGroups* PaidGroupsOf(uint32_t by) {
    for (PaidGroups& g : paid_groups_)
      if (g.by == by) return &g;
    return nullptr;
  }
  // A group's targets, outcomes and achievement in period p (its measures
  // `measures`).
  struct GroupAchievement {
    std::vector<TargetResult::PeriodResult> targets;
    std::vector<Value> outcomes;
    std::optional<Decimal> contract;
  };
  GroupAchievement AchievementOf(const std::vector<Bounds>& bounds, const std::vector<Value>& measures) const;
  // `gates` and each group's `groups` entry.
  void Gates(Statement& st);
  void GroupResults(Statement& st);
  // Whether gate g passes in a scope (missing: null), and if it fails, the
  // values its comparisons read.
  std::optional<bool> GateHolds(const plan::Gate& gate, const Scope& scope, std::string* why) const;
  std::vector<Bounds> bounds_;  // per target, overall (Targets)

  // Per period: each target's achievement, each outcome's, the contract's.
  std::vector<std::vector<Decimal>> target_ach_;
  std::vector<std::vector<Value>> outcome_ach_;
  std::vector<std::optional<Decimal>> contract_ach_;

  const EvaluateInput& in_;
  const plan::EvaluationPlan& plan_;
  interp::Evaluator eval_;
  AggregateSource& source_;
  // The reported periods and any payment period they lack (monthly payments
  // in a quarterly contract), in statement order: measures are computed for
  // every one, but only reported periods have `values`.
  std::vector<Period> all_;
  std::vector<bool> reported_;  // per period of all_
  // Per period of all_: the period of the same kind just before, if any.
  static constexpr size_t kNoPeriod = SIZE_MAX;
  std::vector<size_t> prev_;
  // Evaluators for a group's measures in earlier periods, one per step back
  // (an evaluation inside another needs its own memory of shared nodes).
  std::vector<std::unique_ptr<interp::Evaluator>> shifted_eval_;
  size_t baseline_ = kNoPeriod;  // the baseline's index in all_, if any
  // Per period of all_: each window of the plan there, and the days it reads.
  std::vector<std::vector<Period>> windows_;
  std::vector<std::vector<int64_t>> window_days_;
  // The span of records aggregate `agg` reads in period p: the period, or its window.
  const Period& SpanOf(uint32_t agg, size_t p) const {
    uint32_t w = plan_.aggregates[agg].window;
    return w == plan::kNoSlot ? all_[p] : windows_[p][w];
  }
  const interp::Evaluator& ShiftedEvaluator(size_t depth);
  std::vector<PeriodState> periods_;
  std::map<std::string, int64_t> skipped_;  // "table\tmeasure" -> count over the term
  std::vector<std::optional<std::vector<uint32_t>>> aggregates_of_;  // per measure
  // `by` groups: the finest periods, the run of them each period spans
  // ([first, last + 1), by index into all_), and what the source gave.
  std::vector<Period> finest_;
  bool finest_ready_ = false;
  std::vector<std::pair<uint32_t, uint32_t>> span_;
  std::vector<std::vector<std::pair<uint32_t, uint32_t>>> window_span_;  // per period and window
  // The run of finest periods aggregate `agg` reads in period p.
  std::pair<uint32_t, uint32_t> FinestSpan(uint32_t agg, size_t p) const {
    uint32_t w = plan_.aggregates[agg].window;
    return w == plan::kNoSlot ? span_[p] : window_span_[p][w];
  }
  std::map<std::pair<size_t, size_t>, GroupCells> presence_;      // (table, column)
  std::map<std::pair<size_t, size_t>, GroupCells> group_states_;  // (aggregate, period or SIZE_MAX)
  std::vector<std::optional<bool>> reads_year_;                   // per aggregate
  std::vector<size_t> last_reader_;  // per aggregate: the last `by` measure that reads it
  bool ReadsContractYear(uint32_t agg);
};

}  // namespace ocf::exec::engine
