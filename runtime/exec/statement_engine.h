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
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include "runtime/exec/aggregate.h"
#include "runtime/explanation.h"

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

  // ---- `ocf explain` (explain.cc): the derivation of one figure
  // What a derivation is being built in: the period, the group (a `payment
  // ... by` block's, or a `by` measure's), the payment block, the aggregate
  // states of the period's (or group's) measures.
  struct Trace {
    size_t period = 0;
    size_t block = 0;
    uint32_t by = plan::kNoSlot;
    std::optional<std::string_view> group;
    const std::vector<Value>* group_measures = nullptr;  // a paid group's measures in the period
    const GroupAchievement* group_ach = nullptr;
    const std::vector<Bounds>* bounds = nullptr;  // per target
    const std::vector<AggState>* states = nullptr;
    const std::map<size_t, PaymentPeriod>* paid_lines = nullptr;  // the payment periods paid so far
    const Statement* statement = nullptr;
    std::set<std::pair<int, uint64_t>> shown;  // (kind, node or measure) already expanded
  };
  // Whether the request is for this figure (and not yet answered).
  // Whether a request is for this figure (and not yet answered): then it is
  // the one being answered.
  bool Explaining(ExplainRequest::What what, const std::string& name, size_t p,
                  std::optional<std::string_view> group);
  Explanation* explaining_ = nullptr;
  ExplainNode Traced(ExplainNode::Kind kind, plan::ExprId id, const Value& v);
  bool Budget(ExplainNode& out);  // counts a node; false (and `out` cut short) past the limit
  // A node of the plan, named as the lets and calls it is the value of
  // (those after the first `names_shown`).
  ExplainNode TraceExpr(plan::ExprId id, const Scope& scope, Trace& t, size_t names_shown = 0);
  ExplainNode TraceMeasure(uint32_t m, Trace& t, const ExplainNode* from);
  ExplainNode TraceAggregate(uint32_t agg, const Value& v, Trace& t);
  ExplainNode TraceTarget(uint32_t target, Trace& t);
  ExplainNode TraceOutcome(uint32_t o, Trace& t);
  ExplainNode TraceAchievement(Trace& t);
  ExplainNode TracePaid(const plan::Node& n, Trace& t, ExplainNode out);
  void ExplainLine(const plan::PaymentItem& item, size_t block, size_t p, const Value& v, Decimal rounded,
                   const Scope& scope, Trace& t);
  void ExplainGroupMeasure(uint32_t m, size_t p, std::string_view group, const Scope& scope,
                           const std::vector<AggState>& states, const Value& v);
  // Measures, targets, outcomes and achievement, once the statement is worked out.
  void ExplainFigures(Statement& st);
  void ExplainFigure(Statement& st, Explanation& e);
  std::unordered_map<plan::ExprId, std::vector<size_t>> names_;  // plan.names by node, outermost first

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
  // Whether the `by` aggregate's group states are asked for period by period
  // (its rows read `contract_year`, or the source cannot roll it up).
  bool PerPeriod(uint32_t agg);
};

}  // namespace ocf::exec::engine
