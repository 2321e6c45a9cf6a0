#include "runtime/interp/eval.h"

#include <algorithm>

#include <fmt/format.h>

namespace ocf::interp {
namespace {

using plan::Node;
using plan::Op;
using plan::ValueType;

template <typename T>
T Checked(Result<T> r, const Node& n) {
  if (r.ok()) return *r;
  throw EvalError(n.span, r.error() == ArithError::Overflow ? "the result is too large to hold exactly"
                                                            : "division by zero");
}

// Decimal division where dividing by zero gives missing, as the language says.
Value DivideOrMissing(Decimal a, Decimal b, const Node& n) {
  if (b.is_zero()) return Value::Missing();
  return Value::Dec(Checked(Decimal::Div(a, b), n));
}

bool Truth(const Value& v) { return v.present && v.i != 0; }

}  // namespace

int CompareValues(ValueType type, const Value& a, const Value& b) {
  switch (type) {
    case ValueType::Decimal:
      return a.d < b.d ? -1 : a.d == b.d ? 0 : 1;
    case ValueType::Text:
      return a.s < b.s ? -1 : a.s == b.s ? 0 : 1;
    default:
      return a.i < b.i ? -1 : a.i == b.i ? 0 : 1;
  }
}

Evaluator::Evaluator(const plan::EvaluationPlan& plan) : plan_(plan) {
  // A node with more than one parent is shared (a let, a function argument,
  // a measure's grouped copy used twice): it is worked out once per
  // evaluation and remembered, so the work grows with the plan's size, not
  // with the number of paths through it.
  std::vector<uint8_t> parents(plan.nodes.size(), 0);
  for (const Node& n : plan.nodes)
    for (plan::ExprId c : n.children)
      if (parents[c] < 2) ++parents[c];
  memo_slot_.assign(plan.nodes.size(), plan::kNoSlot);
  uint32_t shared = 0;
  for (size_t id = 0; id < plan.nodes.size(); ++id)
    if (parents[id] > 1) memo_slot_[id] = shared++;
  memo_.resize(shared);
  stamp_.assign(shared, 0);
}

Value Evaluator::Eval(plan::ExprId id, const Scope& scope) const {
  // Each top-level evaluation starts with nothing remembered: the scope (the
  // record, the period) may have changed since the last one.
  NewGeneration();
  return Sub(id, scope);
}

Value Evaluator::Sub(plan::ExprId id, const Scope& scope) const {
  uint32_t slot = memo_slot_[id];
  if (slot == plan::kNoSlot) return EvalNode(id, scope);
  if (stamp_[slot] == generation_) return memo_[slot];
  Value v = EvalNode(id, scope);  // an error propagates and nothing is remembered
  memo_[slot] = v;
  stamp_[slot] = generation_;
  return v;
}

Value Evaluator::EvalColumn(const Node& n, const Scope& scope) const {
  bool linked = n.op == Op::LinkedColumn;
  const Column& c = (linked ? scope.linked_table : scope.table)->column(n.slot);
  size_t r = linked ? scope.linked_row : scope.row;
  if (!c.present(r)) return Value::Missing();
  switch (c.kind()) {
    case ColumnKind::Int:
      return Value::Int(c.int_at(r));
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      return Value::Dec(c.decimal_at(r));
    case ColumnKind::Bool:
      return Value::Bool(c.bool_at(r));
    case ColumnKind::Date:
      return Value::Int(c.date_at(r).days());
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum:
      return Value::Text(c.text_at(r));
  }
  return Value::Missing();
}

Value Evaluator::EvalNode(plan::ExprId id, const Scope& scope) const {
  ++evaluated_;
  const Node& n = plan_.node(id);
  auto arg = [&](size_t k) { return Sub(n.children[k], scope); };
  switch (n.op) {
    case Op::Const:
      if (n.type == ValueType::Decimal) return Value::Dec(n.decimal_value);
      if (n.type == ValueType::Text) return Value::Text(n.text_value);
      return Value::Int(n.int_value);
    case Op::Missing:
      return Value::Missing();
    case Op::Column:
    case Op::LinkedColumn:
      return EvalColumn(n, scope);
    case Op::LinkExists:
    case Op::LinkCount:
      return EvalLink(n, scope);
    case Op::Input:
      return (*scope.inputs)[n.slot];
    case Op::Measure:
      return (*scope.measures)[n.slot];
    case Op::Aggregate:
      return (*scope.aggregates)[n.slot];
    case Op::PaymentLet:
      return (*scope.payment_lets)[n.slot];
    case Op::Group:
      return scope.group ? Value::Text(*scope.group) : Value::Missing();
    case Op::ContractYear:
      return scope.contract_year ? Value::Int(*scope.contract_year) : Value::Missing();
    case Op::PeriodStart:
      return scope.period_start ? Value::Int(scope.period_start->days()) : Value::Missing();
    case Op::PeriodEnd:
      return scope.period_end ? Value::Int(scope.period_end->days()) : Value::Missing();
    case Op::PaidSoFar:
    case Op::PaidThisYear: {
      const auto* paid = n.op == Op::PaidSoFar ? scope.paid_so_far : scope.paid_this_year;
      if (!paid) return Value::Missing();
      return Value::Dec((*paid)[n.slot][static_cast<size_t>(n.int_value)]);
    }
    case Op::PreviousPeriod:
    case Op::AtBaseline: {
      if (!n.children.empty() && scope.other_in_group) return (*scope.other_in_group)(n.op, n.children[0]);
      const auto* values = n.op == Op::PreviousPeriod ? scope.previous_measures : scope.baseline_measures;
      return values ? (*values)[n.slot] : Value::Missing();
    }
    case Op::WindowDays:
      if (n.slot != plan::kNoSlot) {
        if (!scope.window_days) return Value::Missing();
        return Value::Int((*scope.window_days)[n.slot]);
      }
      [[fallthrough]];  // outside a window: the period's days
    case Op::PeriodDays:
      if (!scope.period_start || !scope.period_end) return Value::Missing();
      return Value::Int(static_cast<int64_t>(scope.period_end->days()) - scope.period_start->days() + 1);
    case Op::Achievement:
      if (n.slot == plan::kNoSlot)
        return scope.achievement ? Value::Dec(*scope.achievement) : Value::Missing();
      return (*scope.outcome_achievement)[n.slot];
    case Op::IntToDecimal: {
      Value a = arg(0);
      return a.present ? Value::Dec(Decimal::FromInt(a.i)) : a;
    }
    // Logic first: it is the one place a missing operand need not give missing.
    case Op::And: {
      Value a = arg(0);
      if (a.present && !a.i) return Value::Bool(false);
      Value b = arg(1);
      if (b.present && !b.i) return Value::Bool(false);
      if (a.present && b.present) return Value::Bool(true);
      return Value::Missing();
    }
    case Op::Or: {
      Value a = arg(0);
      if (a.present && a.i) return Value::Bool(true);
      Value b = arg(1);
      if (b.present && b.i) return Value::Bool(true);
      if (a.present && b.present) return Value::Bool(false);
      return Value::Missing();
    }
    case Op::Not: {
      Value a = arg(0);
      return a.present ? Value::Bool(!a.i) : a;
    }
    case Op::IsMissing:
      return Value::Bool(!arg(0).present);
    case Op::IsPresent:
      return Value::Bool(arg(0).present);
    case Op::Otherwise: {
      Value a = arg(0);
      return a.present ? a : arg(1);
    }
    case Op::If:
      return Truth(arg(0)) ? arg(1) : arg(2);
    case Op::Tiered:
      return EvalTiered(n, scope);
    case Op::Match:
      return EvalMatch(n, scope);
    default:
      break;
  }
  // Every other operation gives missing when an operand is missing.
  std::vector<Value> args;
  args.reserve(n.children.size());
  for (plan::ExprId c : n.children) {
    args.push_back(Sub(c, scope));
    if (!args.back().present) return Value::Missing();
  }
  const Value& a = args.empty() ? Value() : args[0];
  Value b = args.size() > 1 ? args[1] : Value();
  switch (n.op) {
    case Op::AddInt:
      return Value::Int(Checked(IntAdd(a.i, b.i), n));
    case Op::SubInt:
      return Value::Int(Checked(IntSub(a.i, b.i), n));
    case Op::MulInt:
      return Value::Int(Checked(IntMul(a.i, b.i), n));
    case Op::NegInt:
      return Value::Int(Checked(IntNeg(a.i), n));
    case Op::PowInt:
      // Lowering makes `int ^ -n` a decimal power, so a negative exponent
      // here came from a run-time value.
      if (b.i < 0) throw EvalError(n.span, "a whole number raised to a negative power; use a decimal base");
      return Value::Int(Checked(IntPow(a.i, static_cast<uint64_t>(b.i)), n));
    case Op::AddDecimal:
      return Value::Dec(Checked(Decimal::Add(a.d, b.d), n));
    case Op::SubDecimal:
      return Value::Dec(Checked(Decimal::Sub(a.d, b.d), n));
    case Op::MulDecimal:
      return Value::Dec(Checked(Decimal::Mul(a.d, b.d), n));
    case Op::DivDecimal:
      return DivideOrMissing(a.d, b.d, n);
    case Op::NegDecimal:
      return Value::Dec(Checked(Decimal::Neg(a.d), n));
    case Op::PowDecimal: {
      Result<Decimal> r = Decimal::Pow(a.d, b.i);
      if (!r.ok() && r.error() == ArithError::DivisionByZero) return Value::Missing();
      return Value::Dec(Checked(r, n));
    }
    case Op::DatePlusDays:
      return Value::Int(Date::FromDays(static_cast<int32_t>(a.i)).AddDays(b.i).days());
    case Op::DateMinusDays:
      return Value::Int(Date::FromDays(static_cast<int32_t>(a.i)).AddDays(-b.i).days());
    case Op::DatePlusMonths:
      return Value::Int(Date::FromDays(static_cast<int32_t>(a.i)).AddMonths(b.i).days());
    case Op::DateMinusMonths:
      return Value::Int(Date::FromDays(static_cast<int32_t>(a.i)).AddMonths(-b.i).days());
    case Op::DateDiff:
    case Op::SubDays:
    case Op::SubMonths:
      return Value::Int(Checked(IntSub(a.i, b.i), n));
    case Op::AddDays:
    case Op::AddMonths:
      return Value::Int(Checked(IntAdd(a.i, b.i), n));
    case Op::NegDays:
    case Op::NegMonths:
      return Value::Int(Checked(IntNeg(a.i), n));
    case Op::Compare: {
      int c = CompareValues(n.operand_type, a, b);
      switch (n.cmp) {
        case plan::Cmp::Eq:
          return Value::Bool(c == 0);
        case plan::Cmp::Ne:
          return Value::Bool(c != 0);
        case plan::Cmp::Lt:
          return Value::Bool(c < 0);
        case plan::Cmp::Le:
          return Value::Bool(c <= 0);
        case plan::Cmp::Gt:
          return Value::Bool(c > 0);
        case plan::Cmp::Ge:
          return Value::Bool(c >= 0);
      }
      return Value::Missing();
    }
    case Op::In:
      for (size_t k = 1; k < args.size(); ++k)
        if (CompareValues(n.operand_type, a, args[k]) == 0) return Value::Bool(true);
      return Value::Bool(false);
    default:
      return EvalCall(n, scope);
  }
}

Value Evaluator::EvalCall(const Node& n, const Scope& scope) const {
  std::vector<Value> args;
  for (plan::ExprId c : n.children) args.push_back(Sub(c, scope));
  for (const Value& v : args)
    if (!v.present) return Value::Missing();
  auto less = [&](const Value& a, const Value& b) { return CompareValues(n.operand_type, a, b) < 0; };
  switch (n.op) {
    case Op::Min:
      return less(args[1], args[0]) ? args[1] : args[0];
    case Op::Max:
      return less(args[0], args[1]) ? args[1] : args[0];
    case Op::Clamp: {
      Value v = args[0];
      if (less(v, args[1])) v = args[1];
      if (less(args[2], v)) v = args[2];
      return v;
    }
    case Op::Abs:
      if (n.type == ValueType::Decimal) return Value::Dec(Checked(Decimal::Abs(args[0].d), n));
      return args[0].i < 0 ? Value::Int(Checked(IntNeg(args[0].i), n)) : args[0];
    case Op::Round: {
      int64_t places = args[1].i;
      if (places < 0 || places > Decimal::kScale)
        throw EvalError(n.span,
                        fmt::format("`round` keeps 0 to {} decimal places, not {}", Decimal::kScale, places));
      return Value::Dec(Checked(args[0].d.RoundHalfAwayFromZero(static_cast<int>(places)), n));
    }
    case Op::Days:
      return Value::Int(args[0].i);
    case Op::Year:
      return Value::Int(Date::FromDays(static_cast<int32_t>(args[0].i)).ymd().year);
    case Op::Month:
      return Value::Int(Date::FromDays(static_cast<int32_t>(args[0].i)).ymd().month);
    case Op::Day:
      return Value::Int(Date::FromDays(static_cast<int32_t>(args[0].i)).ymd().day);
    default:
      break;
  }
  throw EvalError(n.span, "internal error: an operation the interpreter does not know");
}

// tiered(amount) { first L1 at R1, next L2 at R2, ..., rest at R }: like tax
// bands over a positive amount; zero or less gives zero.
Value Evaluator::EvalTiered(const Node& n, const Scope& scope) const {
  std::vector<Value> args;
  for (plan::ExprId c : n.children) args.push_back(Sub(c, scope));
  for (const Value& v : args)
    if (!v.present) return Value::Missing();
  bool decimal = n.type == ValueType::Decimal;
  Decimal remaining = decimal ? args[0].d : Decimal::FromInt(args[0].i);
  Decimal paid;
  if (remaining <= Decimal()) return decimal ? Value::Dec(Decimal()) : Value::Int(0);
  auto as_decimal = [&](size_t k) {
    return plan_.node(n.children[k]).type == ValueType::Decimal ? args[k].d : Decimal::FromInt(args[k].i);
  };
  size_t k = 1;
  for (; k + 1 < args.size(); k += 2) {
    Decimal limit = as_decimal(k);
    Decimal band = limit < remaining ? limit : remaining;
    if (band < Decimal()) band = Decimal();
    paid = Checked(Decimal::Add(paid, Checked(Decimal::Mul(band, as_decimal(k + 1)), n)), n);
    remaining = Checked(Decimal::Sub(remaining, band), n);
  }
  paid = Checked(Decimal::Add(paid, Checked(Decimal::Mul(remaining, as_decimal(k)), n)), n);
  if (decimal) return Value::Dec(paid);
  // An int amount pays a decimal: the plan types tiered by its amount, so keep it exact.
  return Value::Dec(paid);
}

}  // namespace ocf::interp
