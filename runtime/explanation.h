// `ocf explain`: how one figure of a statement was worked out, as a tree a
// finance officer can follow down to the counts of data records. The
// period-level engine (runtime/exec/explain.cc) builds it while it works the
// statement out, on either engine; the driver (compiler/driver/explain.h)
// writes it as text or JSON, with the contract's source text for each node.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "plan/plan.h"

namespace ocf {

// What to explain: a payment line, a measure, a target (named by its
// measure), an outcome or the contract's achievement, in one period, and
// for a `by` group when the figure is a group's.
struct ExplainRequest {
  // AllLines: every payment line (in `period`, or every payment period when
  // it is empty), each group's too: the run adds a Line explanation for each.
  enum class What : uint8_t { Line, Measure, Target, Outcome, Achievement, AllLines };
  What what = What::Line;
  std::string name;  // the line's, measure's or outcome's; empty for Achievement
  std::string period;
  std::optional<std::string> group;
};

// One step of a derivation. Every value is the exact text the statement
// uses (`"54646.081387500000000000"` trimmed to `"54646.0813875"`), or
// missing. A node's value is worked out from its children's by its `kind`
// (and `op`), which is what tests/explain/multiply_out.py checks.
struct ExplainNode {
  enum class Kind : uint8_t {
    Line,         // a payment line: `value` before rounding, fact `amount` after
    PaymentLet,   // a `let` of the payment block: its expression is the child
    Let,          // a top-level let: its value's expression is the child
    Call,         // a function's result: the body is the child; facts: the arguments
    Expr,         // an operation (`op`), its operands the children
    Const,        // a constant written in the contract
    Input,        // a value given with --set
    Period,       // period_start, period_end, period_days, window_days, contract_year, the group
    Measure,      // a measure's value in the period: its formula is the child
    Aggregate,    // an aggregate over data records: counts in the facts
    OtherPeriod,  // `MEASURE in previous period` / `at baseline`: the value there
    Achievement,  // the contract's: the outcomes are the children
    Outcome,      // an outcome's: its targets are the children (fact `weight`)
    Target,       // a target's achievement: its measure is the child
    Paid,         // `paid "LINE" so far | this year`: the earlier lines are the children
    PaidLine,     // one earlier payment of a line (fact `period`, value the amount)
    Repeat,       // a measure, let or call already shown above: its value only
  };
  Kind kind = Kind::Expr;
  plan::Op op = plan::Op::Const;  // for Expr
  plan::ValueType type = plan::ValueType::Decimal;
  plan::Unit unit = plan::Unit::Plain;
  std::string name;   // the line's, let's, function's, measure's, input's, outcome's...
  std::string title;  // a measure's or outcome's title
  Span span;          // where it is written (empty for what has no text)
  std::optional<std::string> value;
  // Named figures beside the value (`numerator`, `weight`, `status`, a
  // call's arguments...), in the order shown, each exact, with the unit
  // and type it is written in.
  struct Figure {
    std::string key, text;
    plan::Unit unit = plan::Unit::Plain;
    plan::ValueType type = plan::ValueType::Text;
  };
  std::vector<Figure> facts;
  std::vector<ExplainNode> children;

  void Fact(std::string key, std::string text, plan::Unit unit = plan::Unit::Plain,
            plan::ValueType type = plan::ValueType::Text) {
    facts.push_back({std::move(key), std::move(text), unit, type});
  }
  const std::string* FactOf(const std::string& key) const {
    for (const auto& f : facts)
      if (f.key == key) return &f.text;
    return nullptr;
  }
};

const char* ToString(ExplainNode::Kind kind);

// A request and, once a run has worked it out, its tree. `found` stays
// false when the run never reached the figure (a line not paid in that
// period); the driver checks names and periods before running.
struct Explanation {
  ExplainRequest request;
  bool found = false;
  ExplainNode tree;
  // Nodes in the tree; a derivation larger than `max_nodes` is cut short
  // (its deepest parts shown as Repeat nodes), and `truncated` says so.
  size_t nodes = 0;
  size_t max_nodes = 20'000;
  bool truncated = false;
};

}  // namespace ocf
