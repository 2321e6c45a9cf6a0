// The evaluation plan: what both engines (the reference interpreter and the
// JIT) execute. See compiler/lower/README.md for why it exists.
//
// Expressions are stored flat, in one pool per plan, children by index: the
// interpreter walks them, the JIT emits code for them, and neither needs to
// know the language's typing rules, because every operator here is already the
// concrete operation sema's types chose (AddDecimal, not `+`).
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>
#include <vector>

#include "plan/span.h"
#include "runtime/date.h"
#include "runtime/decimal.h"
#include "runtime/periods.h"

namespace ocf::plan {

// How a value is held at run time. Percent and money are Decimal: their unit
// lives in the language's types, which the plan no longer needs.
enum class ValueType : uint8_t { Int, Decimal, Bool, Date, DayDuration, MonthDuration, Text };

const char* ToString(ValueType t);

enum class Cmp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge };

enum class Op : uint8_t {
  // Leaves.
  Const,         // constant
  Missing,       // the missing value (of `type`)
  Column,        // slot = column index in the scan's table
  Input,         // slot = index into EvaluationPlan::inputs
  Measure,       // slot = index into EvaluationPlan::measures (value for the current period/group)
  Aggregate,     // slot = index into EvaluationPlan::aggregates (result for the current period/group)
  ContractYear,  // int; missing in `term` unless the term is one year
  PeriodStart,   // date: the period's first day (measures and payments)
  PeriodEnd,     // date: its last day
  PeriodDays,    // int: its length in days, ends included
  // slot = a measure: its value in the period of the same kind just before
  // (missing for the first of each kind and for `term`). Inside a `by`
  // measure child 0 is the measure's grouped copy, worked out for the group
  // in that period.
  PreviousPeriod,
  // slot = a measure: its value in the baseline (child 0 as PreviousPeriod's).
  AtBaseline,
  // int: the days the window (slot = index into EvaluationPlan::windows, or
  // kNoSlot outside one: the period's days) covers.
  WindowDays,
  // money: what the line (slot = its payment block, int_value = its item)
  // paid in the payment periods evaluated before this one; PaidThisYear only
  // those in this period's contract year.
  PaidSoFar,
  PaidThisYear,
  Achievement,  // percent; slot = outcome index, or kNoSlot for the contract's
  PaymentLet,   // slot = index of the let in its payment block
  Group,        // text: the group a `payment ... by COLUMN` block is paying
  // Conversions.
  IntToDecimal,
  // int arithmetic, checked.
  AddInt,
  SubInt,
  MulInt,
  NegInt,
  PowInt,
  // Decimal arithmetic, checked; division by zero gives missing.
  AddDecimal,
  SubDecimal,
  MulDecimal,
  DivDecimal,
  NegDecimal,
  PowDecimal,  // PowDecimal: exponent is an Int child
  // Dates and durations.
  DatePlusDays,
  DatePlusMonths,
  DateMinusDays,
  DateMinusMonths,
  DateDiff,
  AddDays,
  SubDays,
  NegDays,
  AddMonths,
  SubMonths,
  NegMonths,
  // Comparisons (field `cmp`), of two children of one ValueType (`operand_type`).
  Compare,
  // `x in (a, b, ...)`: children[0] compared for equality with each other child.
  In,
  // Logic with the reference's three-valued `and`/`or`.
  And,
  Or,
  Not,
  IsMissing,
  IsPresent,
  Otherwise,  // children[0] unless missing, else children[1]
  If,         // children: condition, then, else; a missing condition counts as false
  // Built-in functions.
  Min,
  Max,
  Clamp,
  Abs,
  Round,  // children: value, places (Int); half away from zero
  Days,   // day duration -> int
  Year,
  Month,
  Day,
  // tiered(amount) { first L at R, next L at R, ..., rest at R }:
  // children: amount, then limit/rate pairs, then the rest rate.
  Tiered,
  // A decision table (`match`): children[0] the subject, then each case's
  // result in the order written (the `else` result last), then the bounds
  // known only at run time; slot = index into EvaluationPlan::matches.
  Match,
  // Linked records (LANGUAGE.md §6): slot = index into EvaluationPlan::links.
  // children: the current row's key (a Column), then the link's condition
  // over the pair of rows, when there is one (U's population conditions
  // first, then `where C`). LinkExists gives a Bool, LinkCount an Int;
  // neither is ever missing (a missing key matches nothing).
  LinkExists,
  LinkCount,
  // slot = column index in the linked table (U): the linked row's value,
  // inside a link's condition only.
  LinkedColumn,
};

const char* ToString(Op op);  // the operation's name as written here: "AddDecimal"

constexpr uint32_t kNoSlot = UINT32_MAX;

// The unit the language's type gives a value held as a number: how `ocf
// explain` and the run-time errors write it (percent and money are Decimal
// at run time).
enum class Unit : uint8_t { Plain, Percent, Money };

struct Node {
  Op op;
  ValueType type;                           // of the result
  ValueType operand_type = ValueType::Int;  // Compare, In, Min, Max, Clamp, Abs: of the operands
  Cmp cmp = Cmp::Eq;                        // Compare
  uint32_t slot = kNoSlot;                  // Column, Input, Measure, Aggregate, Achievement, PaymentLet
  std::vector<uint32_t> children;
  // Const: exactly one of these is meaningful, by `type`.
  int64_t int_value = 0;  // Int, Bool (0/1), Date (days), durations
  Decimal decimal_value;
  std::string text_value;
  Span span;  // where in the contract, for run-time errors
};

using ExprId = uint32_t;

// A decision table's lookup (LANGUAGE.md §6), built once by lowering: the
// engines find a subject's case by a binary search or a lookup by value,
// never by trying the cases one by one, unless bounds are known only at run
// time. A value no case covers, or (bounds known at run time) that two
// cases cover, is a run-time error.
struct MatchTable {
  uint32_t results = 0;            // children 1..results of the node are the results
  uint32_t else_result = kNoSlot;  // which of them is `else`'s, if any
  // Constant cases over a line of values: the line cut into pieces at the
  // starts (ascending; int_starts for int, date, durations and bool,
  // decimal_starts for decimals): piece k holds the values from
  // starts[k-1] (included) to starts[k] (excluded), piece 0 everything
  // below starts[0]; piece_result[k] is its result, kNoSlot for none.
  bool ordered = false;
  std::vector<int64_t> int_starts;
  std::vector<Decimal> decimal_starts;
  std::vector<uint32_t> piece_result;
  // Constant cases over text or an enumeration: the listed values, sorted,
  // with their results; any other value takes else_result.
  std::vector<std::pair<std::string, uint32_t>> values;
  // Cases with bounds known only at run time: every pattern in the order
  // written, its bounds as indices into the node's children (kNoSlot: an
  // open end; a value is both ends). A missing bound covers nothing.
  bool run_time = false;
  struct Pattern {
    uint32_t low = kNoSlot, high = kNoSlot;
    bool low_included = true, high_included = true;
    uint32_t result = 0;
    Span span;
  };
  std::vector<Pattern> patterns;
  // How a subject's value is written in an error ("no case covers 65").
  using Unit = plan::Unit;
  Unit unit = Unit::Plain;
  std::string currency_symbol;
  Span subject_span;
};

// Rows of one table an aggregate sees, and what it computes over them.
enum class AggregateOp : uint8_t { Count, CountDistinct, PercentOf, Sum, Mean, Median, Percentile, Min, Max };

struct Aggregate {
  AggregateOp op;
  uint32_t table;               // index into EvaluationPlan::tables
  ExprId population = kNoSlot;  // the population chain's conditions, joined by `and`; kNoSlot: every row
  ExprId condition = kNoSlot;   // `where`; for PercentOf the numerator's condition
  ExprId value = kNoSlot;       // E in `sum E of P`
  ValueType value_type = ValueType::Int;
  ValueType result_type = ValueType::Int;
  int percentile = 0;            // Percentile: 0-100
  uint32_t measure;              // the measure it belongs to (for skipped_missing)
  uint32_t by_column = kNoSlot;  // the `by` column when its measure has one
  uint32_t window = kNoSlot;     // index into EvaluationPlan::windows: the records it reads per period
  // False for the grouped copies a `by` measure makes of the measures it
  // uses: the original already reports the records it skipped.
  bool counts_skipped = true;
  // In some measure's value (or a payment's). False for an aggregate written
  // in an argument a function ignores: no engine scans it.
  bool used = true;
  Span span;
};

struct TableColumn {
  std::string name;
  ValueType type;
  bool optional = false;
  std::vector<std::string> enum_values;  // enumerations: the declared values
};

struct Table {
  std::string name;  // the dataset's name
  std::vector<TableColumn> columns;
  uint32_t dated_by = 0;       // column index
  bool uk_dates = false;       // `date_format "DD/MM/YYYY"`
  std::vector<uint32_t> keys;  // `key` columns
  struct Check {
    ExprId condition;  // missing counts as satisfied
    std::string message;
    Span span;
  };
  std::vector<Check> checks;
};

// `exists U on K1 = K2` / `count U on ...`: the records of U (all its rows,
// whatever their date) whose key equals the current row's.
struct Link {
  uint32_t table;        // U: index into EvaluationPlan::tables
  uint32_t key;          // K2: U's column
  uint32_t outer_table;  // T: the table whose row links
  uint32_t outer_key;    // K1: T's column
  ValueType key_type;    // Int, Date or Text (text, id, enumeration)
  Span span;
};

struct Measure {
  std::string name;
  std::string title;
  ValueType type;
  std::string type_name;  // the language's type: "percent", "money", ...
  ExprId value;
  uint32_t by_column_name = kNoSlot;  // index into by_names when the measure has `by`
  uint32_t window = kNoSlot;          // index into EvaluationPlan::windows when it has `over`
  std::vector<uint32_t> tables;       // tables it reads (for `by` groups)
};

struct Target {
  uint32_t measure;
  // Change: `reduced|increased by R from baseline`, a range from the
  // measure's baseline value to that value moved by R.
  enum class Kind : uint8_t { AtLeast, AtMost, Range, Change } kind;
  ExprId threshold;  // or `from`; R for Change
  ExprId to = kNoSlot;
  bool increase = false;  // Change: `increased by`
  bool relative = false;  // Change: R is a share of the baseline value
  bool points = false;    // Change: R in percentage points
  Span span;              // the target's declaration
};

struct Outcome {
  std::string name;
  std::string title;                                  // empty when the outcome has none
  Decimal weight;                                     // of the contract's achievement
  std::vector<std::pair<uint32_t, Decimal>> targets;  // target index, weight within the outcome
};

struct PaymentItem {
  bool is_let;
  std::string name;
  ExprId value;
  bool shadow = false;  // `shadow pay`: shown, not in the total
};

struct Payment {
  PeriodKind frequency;
  std::vector<PaymentItem> items;
  // `payment ... by COLUMN`: index into EvaluationPlan::by_names; the block
  // is evaluated for every group of the column's `by` measures.
  uint32_t by = kNoSlot;
  Span by_span;  // where `by COLUMN` is written
};

// `gate NAME ["Title"] = CONDITION`, evaluated for every period.
struct Gate {
  std::string name;
  std::string title;
  ExprId condition;
  Span span;  // the declaration's name
};

struct Input {
  std::string name;
  ValueType type;
  std::string type_name;
  std::vector<std::string> enum_values;
};

// What a node stands for in the contract beyond its own operation, for `ocf
// explain`: lets and functions are inlined, so a let's value or a call's
// result is an ordinary node, named here.
struct NodeName {
  ExprId node;
  enum class Kind : uint8_t { Let, Call } kind;
  std::string name;  // the let's or the function's
  Span span;         // the let's declared name; the function's
  // A call: each parameter's name and the node given for it.
  std::vector<std::pair<std::string, ExprId>> args;
};

struct EvaluationPlan {
  std::string contract_title;
  std::string currency;
  Date term_start, term_end;
  std::optional<Period> baseline;
  PeriodKind reporting = PeriodKind::Year;
  std::vector<Period> periods;  // every reported period, in statement order
  std::vector<Window> windows;  // the windows of measures with `over`
  // The spans states are gathered by, and every period and window rolled up
  // from (FinestPeriods in runtime/periods.h).
  std::vector<Period> finest;

  std::vector<Node> nodes;  // the expression pool
  std::vector<Table> tables;
  std::vector<Input> inputs;
  std::vector<Aggregate> aggregates;
  std::vector<Measure> measures;  // in dependency order: each uses only earlier ones
  std::vector<std::string> by_names;
  std::vector<Target> targets;
  std::vector<Outcome> outcomes;
  std::vector<Payment> payments;
  std::vector<Gate> gates;
  std::vector<MatchTable> matches;  // the decision tables' lookups (Op::Match)
  std::vector<Link> links;          // the links of row expressions, by Node::slot
  // For `ocf explain` only (the engines ignore them): each node's unit
  // (indexed by node; shorter when the last nodes are plain), and the
  // nodes that are a let's value or a function's result.
  std::vector<Unit> units;
  std::vector<NodeName> names;
  Unit unit(ExprId id) const { return id < units.size() ? units[id] : Unit::Plain; }

  const Node& node(ExprId id) const { return nodes[id]; }
  Timeline timeline() const { return {term_start, term_end, baseline}; }
  // The periods worked out: the reported ones and the payment periods they
  // lack, in statement order.
  std::vector<Period> WorkedOutPeriods() const {
    std::vector<PeriodKind> paid;
    for (const Payment& pay : payments) paid.push_back(pay.frequency);
    return WithPaymentPeriods(periods, paid, term_start, term_end);
  }
};

// Calls visit(node) for every node reachable from `root` that `seen` does
// not hold yet, and adds it there: the plan is a DAG (lets, function
// arguments and a measure's grouped copies are shared), so a walk that
// followed every path could take exponential time. `root` may be kNoSlot.
// Share `seen` between calls to visit what several roots reach once.
template <typename Visit>
void VisitOnce(const EvaluationPlan& plan, ExprId root, std::unordered_set<ExprId>& seen, Visit visit) {
  if (root == kNoSlot) return;
  std::vector<ExprId> stack = {root};
  while (!stack.empty()) {
    ExprId id = stack.back();
    stack.pop_back();
    if (!seen.insert(id).second) continue;
    const Node& n = plan.node(id);
    visit(n);
    for (ExprId c : n.children) stack.push_back(c);
  }
}

// Whether the aggregate's row expressions (population, condition, value)
// read `contract_year`: their value then depends on the period asked for.
inline bool ReadsContractYear(const EvaluationPlan& plan, const Aggregate& a) {
  bool reads = false;
  std::unordered_set<ExprId> seen;
  for (ExprId root : {a.population, a.condition, a.value})
    VisitOnce(plan, root, seen, [&](const Node& n) { reads |= n.op == Op::ContractYear; });
  return reads;
}

}  // namespace ocf::plan
