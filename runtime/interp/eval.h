// The reference interpreter's expression evaluator: one plan expression
// (plan/plan.h) evaluated for one record or one period.
//
// It is deliberately plain: a recursive walk over the node pool, exact
// arithmetic through Decimal and the checked int helpers, the language's
// missing-value rules written out case by case. The JIT must agree with it
// to the last digit.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.h"
#include "runtime/table.h"

namespace ocf::exec {
class LinkIndexes;
}

namespace ocf::interp {

// A value of the type its plan node says. `i` holds int, bool (0/1), date
// (days) and durations; `d` decimals (percent and money too); `s` text.
struct Value {
  bool present = false;
  int64_t i = 0;
  Decimal d;
  std::string_view s;

  static Value Missing() { return {}; }
  static Value Int(int64_t v) { return {true, v, {}, {}}; }
  static Value Bool(bool v) { return {true, v ? 1 : 0, {}, {}}; }
  static Value Dec(Decimal v) { return {true, 0, v, {}}; }
  static Value Text(std::string_view v) { return {true, 0, {}, v}; }
};

// A run-time error in the contract's arithmetic (an overflow) or a decision
// table's cases, located at the expression that caused it.
struct EvalError : std::runtime_error {
  EvalError(Span where, const std::string& what, std::string help_line = "")
      : std::runtime_error(what), span(where), help(std::move(help_line)) {}
  Span span;
  std::string help;  // what to do, when the driver's general help does not fit
};

// A payment line that came out missing: a statement never silently pays nothing.
struct MissingPaymentError : std::runtime_error {
  MissingPaymentError(std::string line_name, std::string period_label, Span where)
      : std::runtime_error("payment line \"" + line_name + "\" comes out missing in " + period_label),
        line(std::move(line_name)),
        period(std::move(period_label)),
        span(where) {}
  std::string line, period;
  Span span;  // the line's value
};

// What an expression can see besides its own constants.
struct Scope {
  const Table* table = nullptr;  // the current record's table, if any
  size_t row = 0;
  const std::vector<Value>* inputs = nullptr;
  const std::vector<Value>* measures = nullptr;    // for the current period (and group)
  const std::vector<Value>* aggregates = nullptr;  // for the current period (and group)
  const std::vector<Value>* payment_lets = nullptr;
  // In a `payment ... by COLUMN` block: the group being paid.
  std::optional<std::string_view> group;
  const std::vector<Value>* outcome_achievement = nullptr;  // by outcome, current period
  std::optional<Decimal> achievement;                       // the contract's, current period
  std::optional<int64_t> contract_year;
  std::optional<Date> period_start, period_end;
  // `MEASURE in previous period`: every measure's value in the period of the
  // same kind just before (null where there is none), and in a group's
  // context how a grouped measure is worked out there for the group.
  const std::vector<Value>* previous_measures = nullptr;
  // `MEASURE at baseline`: every measure's value in the baseline.
  const std::vector<Value>* baseline_measures = nullptr;
  // In a group's context: how a grouped measure (the node's child) is worked
  // out for the group in the other period (`op` PreviousPeriod or AtBaseline).
  const std::function<Value(plan::Op op, plan::ExprId)>* other_in_group = nullptr;
  // `window_days`: per window of the plan, the days it covers in this period.
  const std::vector<int64_t>* window_days = nullptr;
  // `paid "LINE" so far | this year`: per payment block and item, what the
  // line paid in the payment periods before this one (in all, and in this
  // period's contract year).
  const std::vector<std::vector<Decimal>>* paid_so_far = nullptr;
  const std::vector<std::vector<Decimal>>* paid_this_year = nullptr;
  // Linked records: the run's link indexes, and inside a link's condition
  // the linked record (links_eval.cc).
  const exec::LinkIndexes* links = nullptr;
  const Table* linked_table = nullptr;
  size_t linked_row = 0;
};

class Evaluator {
 public:
  explicit Evaluator(const plan::EvaluationPlan& plan);
  // Not safe to call from two threads at once on one Evaluator (it
  // remembers shared nodes' values during an evaluation).
  Value Eval(plan::ExprId id, const Scope& scope) const;
  // A `match` node's case for its subject's value in this scope (an index
  // among its results), or kNoSlot when the subject is missing: what `ocf
  // explain` shows. Throws as evaluating the node would.
  uint32_t ChosenCase(plan::ExprId id, const Scope& scope) const;
  // Nodes worked out so far, over every evaluation (a shared node counts
  // once per evaluation): for the tests.
  uint64_t nodes_evaluated() const { return evaluated_; }
  // A condition: missing counts as false.
  bool Holds(plan::ExprId id, const Scope& scope) const {
    Value v = Eval(id, scope);
    return v.present && v.i != 0;
  }

 private:
  Value Sub(plan::ExprId id, const Scope& scope) const;  // a node inside an evaluation
  Value EvalNode(plan::ExprId id, const Scope& scope) const;
  Value EvalColumn(const plan::Node& n, const Scope& scope) const;
  Value EvalLink(const plan::Node& n, const Scope& scope) const;  // links_eval.cc
  // Forgets every shared node's remembered value.
  void NewGeneration() const {
    if (++generation_ == 0) {
      std::fill(stamp_.begin(), stamp_.end(), 0);
      generation_ = 1;
    }
  }
  Value EvalCall(const plan::Node& n, const Scope& scope) const;
  Value EvalTiered(const plan::Node& n, const Scope& scope) const;
  Value EvalMatch(const plan::Node& n, const Scope& scope) const;  // match_eval.cc
  uint32_t MatchCase(const plan::Node& n, const Value& subject, const Scope& scope) const;

  const plan::EvaluationPlan& plan_;
  // Shared nodes' values during one top-level Eval, valid where stamp_ is
  // generation_; memo_slot_ maps a node to its place (kNoSlot: not shared).
  std::vector<uint32_t> memo_slot_;
  mutable std::vector<Value> memo_;
  mutable std::vector<uint32_t> stamp_;
  mutable uint32_t generation_ = 0;
  mutable uint64_t evaluated_ = 0;
};

// Compares two present values of one plan type: <0, 0, >0.
int CompareValues(plan::ValueType type, const Value& a, const Value& b);

}  // namespace ocf::interp
