// Lowering expressions: each language operator becomes the concrete plan
// operation its operands' types select; lets and functions are inlined.
#include <stdexcept>

#include "compiler/lower/lowering.h"

namespace ocf::lower {
namespace {

using plan::Node;
using plan::Op;

bool IsNumeric(ValueType t) { return t == ValueType::Int || t == ValueType::Decimal; }

}  // namespace

ValueType Lowering::SemaValueType(const ast::Expr& e) const {
  const Type& t = program_.types.at(&e);
  switch (t.kind) {
    case TypeKind::Int:
      return ValueType::Int;
    case TypeKind::Decimal:
    case TypeKind::Percent:
    case TypeKind::Money:
      return ValueType::Decimal;
    case TypeKind::Bool:
      return ValueType::Bool;
    case TypeKind::Date:
      return ValueType::Date;
    case TypeKind::DayDuration:
    case TypeKind::AnyDuration:
      return ValueType::DayDuration;
    case TypeKind::MonthDuration:
      return ValueType::MonthDuration;
    case TypeKind::Text:
    case TypeKind::Id:
    case TypeKind::Enum:
      return ValueType::Text;
    case TypeKind::Error:
      break;
  }
  throw std::logic_error("lower: expression with an error type");
}

ExprId Lowering::Add(Node node) {
  out_.nodes.push_back(std::move(node));
  return static_cast<ExprId>(out_.nodes.size() - 1);
}

ExprId Lowering::Leaf(Op op, ValueType type, uint32_t slot, Span span) {
  Node n{op, type, type, plan::Cmp::Eq, slot, {}, 0, {}, {}, span};
  return Add(std::move(n));
}

ExprId Lowering::Unary(Op op, ValueType type, ExprId a, Span span) {
  Node n{op, type, TypeOf(a), plan::Cmp::Eq, plan::kNoSlot, {a}, 0, {}, {}, span};
  return Add(std::move(n));
}

ExprId Lowering::Binary(Op op, ValueType type, ExprId a, ExprId b, Span span) {
  Node n{op, type, TypeOf(a), plan::Cmp::Eq, plan::kNoSlot, {a, b}, 0, {}, {}, span};
  return Add(std::move(n));
}

ExprId Lowering::Convert(ExprId id, ValueType type) {
  ValueType from = TypeOf(id);
  if (from == type) return id;
  if (from == ValueType::Int && type == ValueType::Decimal)
    return Unary(Op::IntToDecimal, ValueType::Decimal, id, out_.nodes[id].span);
  // A declared `duration` is lowered as days; a month duration given for it
  // keeps its own unit.
  if (from == ValueType::MonthDuration && type == ValueType::DayDuration) return id;
  throw std::logic_error(std::string("lower: cannot convert ") + plan::ToString(from) + " to " +
                         plan::ToString(type));
}

ExprId Lowering::LowerExpr(const ast::Expr& e, Context& ctx) {
  ExprId id = LowerExprNode(e, ctx);
  // The unit the checker gave the expression, for `ocf explain`. A node is
  // shared by every expression lowered to it (a let's uses, `x as
  // percent`), so the first keeps it, except that `as percent` says what x
  // is meant as.
  auto type = program_.types.find(&e);
  if (type != program_.types.end()) {
    plan::Unit unit = type->second.kind == TypeKind::Percent ? plan::Unit::Percent
                      : type->second.kind == TypeKind::Money ? plan::Unit::Money
                                                             : plan::Unit::Plain;
    if (out_.units.size() <= id) out_.units.resize(out_.nodes.size(), plan::Unit::Plain);
    if (out_.units[id] == plan::Unit::Plain || e.kind == ast::ExprKind::AsPercent) out_.units[id] = unit;
  }
  return id;
}

ExprId Lowering::LowerExprNode(const ast::Expr& e, Context& ctx) {
  using ast::ExprKind;
  switch (e.kind) {
    case ExprKind::Number: {
      const auto& n = static_cast<const ast::NumberExpr&>(e);
      Node node{
          Op::Const, n.is_integer ? ValueType::Int : ValueType::Decimal, {}, {}, plan::kNoSlot, {}, 0, {}, {},
          e.span};
      node.operand_type = node.type;
      if (n.is_integer)
        node.int_value = *n.value.ToInt64();
      else
        node.decimal_value = n.value;
      return Add(std::move(node));
    }
    case ExprKind::Percent:
    case ExprKind::Money: {
      Decimal v = e.kind == ExprKind::Percent ? static_cast<const ast::PercentExpr&>(e).value
                                              : static_cast<const ast::MoneyExpr&>(e).amount;
      ExprId id = Leaf(Op::Const, ValueType::Decimal, plan::kNoSlot, e.span);
      out_.nodes[id].decimal_value = v;
      return id;
    }
    case ExprKind::Date: {
      ExprId id = Leaf(Op::Const, ValueType::Date, plan::kNoSlot, e.span);
      out_.nodes[id].int_value = static_cast<const ast::DateExpr&>(e).value.days();
      return id;
    }
    case ExprKind::Text: {
      ExprId id = Leaf(Op::Const, ValueType::Text, plan::kNoSlot, e.span);
      out_.nodes[id].text_value = static_cast<const ast::TextExpr&>(e).value;
      return id;
    }
    case ExprKind::Bool: {
      ExprId id = Leaf(Op::Const, ValueType::Bool, plan::kNoSlot, e.span);
      out_.nodes[id].int_value = static_cast<const ast::BoolExpr&>(e).value ? 1 : 0;
      return id;
    }
    case ExprKind::Duration: {
      const auto& d = static_cast<const ast::DurationExpr&>(e);
      ExprId id = Leaf(Op::Const,
                       d.unit == ast::DurationUnit::Days ? ValueType::DayDuration : ValueType::MonthDuration,
                       plan::kNoSlot, e.span);
      out_.nodes[id].int_value = d.amount;
      return id;
    }
    case ExprKind::Name:
      return LowerName(static_cast<const ast::NameExpr&>(e), ctx);
    case ExprKind::Call:
      return LowerCall(static_cast<const ast::CallExpr&>(e), ctx);
    case ExprKind::OtherPeriod:
      return LowerOtherPeriod(static_cast<const ast::OtherPeriodExpr&>(e), ctx);
    case ExprKind::Paid:
      return LowerPaid(static_cast<const ast::PaidExpr&>(e));
    case ExprKind::Match:
      return LowerMatch(static_cast<const ast::MatchExpr&>(e), ctx);
    case ExprKind::Link:
      return LowerLink(static_cast<const ast::LinkExpr&>(e), ctx);
    case ExprKind::Qualified:
      return LowerQualified(static_cast<const ast::QualifiedExpr&>(e), ctx);
    case ExprKind::Binary:
      return LowerBinary(static_cast<const ast::BinaryExpr&>(e), ctx);
    case ExprKind::Unary: {
      const auto& u = static_cast<const ast::UnaryExpr&>(e);
      ExprId a = LowerExpr(*u.operand, ctx);
      if (u.op == ast::UnaryOp::Plus) return a;
      if (u.op == ast::UnaryOp::Not) return Unary(Op::Not, ValueType::Bool, a, e.span);
      ValueType t = TypeOf(a);
      Op op = t == ValueType::Int           ? Op::NegInt
              : t == ValueType::Decimal     ? Op::NegDecimal
              : t == ValueType::DayDuration ? Op::NegDays
                                            : Op::NegMonths;
      return Unary(op, t, a, e.span);
    }
    case ExprKind::IsMissing: {
      const auto& m = static_cast<const ast::IsMissingExpr&>(e);
      return Unary(m.present ? Op::IsPresent : Op::IsMissing, ValueType::Bool, LowerExpr(*m.operand, ctx),
                   e.span);
    }
    case ExprKind::In: {
      const auto& in = static_cast<const ast::InExpr&>(e);
      ExprId a = LowerExpr(*in.operand, ctx);
      std::vector<ExprId> values;
      bool decimal = TypeOf(a) == ValueType::Decimal;
      for (const auto& v : in.values) {
        values.push_back(LowerExpr(*v, ctx));
        decimal |= TypeOf(values.back()) == ValueType::Decimal;
      }
      ValueType operand = decimal ? ValueType::Decimal : TypeOf(a);
      Node n{Op::In, ValueType::Bool, operand, plan::Cmp::Eq, plan::kNoSlot, {Convert(a, operand)}, 0, {},
             {},     e.span};
      for (ExprId v : values) n.children.push_back(Convert(v, operand));
      ExprId id = Add(std::move(n));
      return in.negated ? Unary(Op::Not, ValueType::Bool, id, e.span) : id;
    }
    case ExprKind::If: {
      const auto& i = static_cast<const ast::IfExpr&>(e);
      ExprId c = LowerExpr(*i.cond, ctx);
      ExprId a = LowerExpr(*i.then_value, ctx);
      ExprId b = LowerExpr(*i.else_value, ctx);
      ValueType t = TypeOf(a) == TypeOf(b) ? TypeOf(a) : ValueType::Decimal;
      Node n{Op::If, t,  t,  plan::Cmp::Eq, plan::kNoSlot, {c, Convert(a, t), Convert(b, t)},
             0,      {}, {}, e.span};
      return Add(std::move(n));
    }
    case ExprKind::AsPercent: {
      ExprId a = LowerExpr(*static_cast<const ast::AsPercentExpr&>(e).operand, ctx);
      return Convert(a, ValueType::Decimal);
    }
    case ExprKind::Aggregate:
      return LowerAggregate(static_cast<const ast::AggregateExpr&>(e), ctx);
    case ExprKind::Achievement: {
      const auto& a = static_cast<const ast::AchievementExpr&>(e);
      uint32_t slot = plan::kNoSlot;
      if (a.outcome) {
        for (size_t k = 0; k < program_.outcomes.size(); ++k)
          if (program_.outcomes[k]->name.text == a.outcome->text) slot = static_cast<uint32_t>(k);
      }
      return Leaf(Op::Achievement, ValueType::Decimal, slot, e.span);
    }
    case ExprKind::Tiered: {
      const auto& t = static_cast<const ast::TieredExpr&>(e);
      ExprId amount = LowerExpr(*t.amount, ctx);
      ValueType at = TypeOf(amount);
      std::vector<ExprId> parts;
      for (const ast::Tier& tier : t.tiers) {
        if (tier.limit) parts.push_back(LowerExpr(*tier.limit, ctx));
        parts.push_back(LowerExpr(*tier.rate, ctx));
      }
      for (ExprId p : parts)
        if (TypeOf(p) == ValueType::Decimal) at = ValueType::Decimal;
      Node n{Op::Tiered, at, at, plan::Cmp::Eq, plan::kNoSlot, {Convert(amount, at)}, 0, {}, {}, e.span};
      for (ExprId p : parts) n.children.push_back(Convert(p, TypeOf(p) == ValueType::Int ? at : TypeOf(p)));
      return Add(std::move(n));
    }
    case ExprKind::Error:
      break;
  }
  throw std::logic_error("lower: an expression the checker rejected");
}

ExprId Lowering::LowerName(const ast::NameExpr& e, Context& ctx) {
  const Symbol& sym = program_.references.at(&e);
  switch (sym.kind) {
    case SymbolKind::Column:
      return LowerColumn(sym, e.name, e.span, ctx);
    case SymbolKind::Param:
      return ctx.params.at(sym.param);
    case SymbolKind::PaymentLet: {
      uint32_t slot = ctx.payment_lets->at(e.name);
      return Leaf(Op::PaymentLet, SemaValueType(e), slot, e.span);
    }
    case SymbolKind::EnumValue: {
      ExprId id = Leaf(Op::Const, ValueType::Text, plan::kNoSlot, e.span);
      out_.nodes[id].text_value = e.name;
      return id;
    }
    case SymbolKind::Builtin:
      if (e.name == "contract_year") return Leaf(Op::ContractYear, ValueType::Int, plan::kNoSlot, e.span);
      if (e.name == "period_days") return Leaf(Op::PeriodDays, ValueType::Int, plan::kNoSlot, e.span);
      if (e.name == "window_days") return Leaf(Op::WindowDays, ValueType::Int, ctx.window, e.span);
      return Leaf(e.name == "period_start" ? Op::PeriodStart : Op::PeriodEnd, ValueType::Date, plan::kNoSlot,
                  e.span);
    case SymbolKind::Let: {
      // A let is a constant per period: its value (outside any record),
      // lowered once and shared by every use.
      const auto* let = static_cast<const ast::LetDecl*>(sym.decl);
      std::string by = ctx.table ? "" : ctx.by_column_name;
      auto known = let_values_.find({let, by});
      if (known != let_values_.end()) return known->second;
      Context let_ctx;
      let_ctx.by_column_name = by;
      ExprId id = LowerExpr(*let->value, let_ctx);
      let_values_.emplace(std::make_pair(let, by), id);
      out_.names.push_back({id, plan::NodeName::Kind::Let, let->name.text, let->name.span, {}});
      return id;
    }
    case SymbolKind::Gate:
      return GateValue(static_cast<const ast::GateDecl&>(*sym.decl));
    case SymbolKind::Group:
      return Leaf(Op::Group, ValueType::Text, plan::kNoSlot, e.span);
    case SymbolKind::Input: {
      uint32_t slot = InputIndex(e.name);
      return Leaf(Op::Input, out_.inputs[slot].type, slot, e.span);
    }
    case SymbolKind::Measure: {
      const auto& m = static_cast<const ast::MeasureDecl&>(*sym.decl);
      uint32_t index = MeasureIndex(m);
      // A measure with a window of its own keeps it; others take the window
      // of the measure that uses them.
      uint32_t window = m.over ? out_.measures[index].window : ctx.window;
      if ((ctx.by_column_name.empty() && window == out_.measures[index].window) || ctx.table)
        return Leaf(Op::Measure, out_.measures[index].type, index, e.span);
      // Inside a `by` or windowed measure the measures it uses are narrowed
      // to the group and the window too: lower a copy of this one in place
      // (once per column and window).
      auto key = std::make_tuple(&m, ctx.by_column_name, window);
      auto known = grouped_.find(key);
      if (known != grouped_.end()) return known->second;
      Context copy;
      copy.measure = &m;
      copy.by_column_name = ctx.by_column_name;
      copy.window = window;
      copy.counts_skipped = false;
      std::vector<uint32_t> created;
      copy.new_aggregates = &created;
      ExprId id = Convert(LowerExpr(*m.value, copy), out_.measures[index].type);
      for (uint32_t a : created) out_.aggregates[a].measure = index;
      grouped_.emplace(key, id);
      return id;
    }
    default:
      break;
  }
  throw std::logic_error("lower: a name of the wrong kind: " + e.name);
}

ExprId Lowering::LowerCall(const ast::CallExpr& e, Context& ctx) {
  const std::string& n = e.callee.text;
  std::vector<ExprId> args;
  for (const auto& a : e.args) args.push_back(LowerExpr(*a, ctx));
  auto common = [&] {
    ValueType t = TypeOf(args[0]);
    for (ExprId a : args)
      if (TypeOf(a) == ValueType::Decimal) t = ValueType::Decimal;
    return t;
  };
  auto call = [&](Op op, ValueType result, ValueType operand) {
    Node node{op, result, operand, plan::Cmp::Eq, plan::kNoSlot, {}, 0, {}, {}, e.span};
    for (ExprId a : args)
      node.children.push_back(IsNumeric(TypeOf(a)) && IsNumeric(operand) ? Convert(a, operand) : a);
    return Add(std::move(node));
  };
  if (n == "min" || n == "max" || n == "clamp") {
    ValueType t = common();
    return call(n == "min" ? Op::Min : n == "max" ? Op::Max : Op::Clamp, t, t);
  }
  if (n == "abs") return call(Op::Abs, TypeOf(args[0]), TypeOf(args[0]));
  if (n == "round") {
    if (TypeOf(args[0]) == ValueType::Int) return args[0];
    Node node{Op::Round,
              ValueType::Decimal,
              ValueType::Decimal,
              plan::Cmp::Eq,
              plan::kNoSlot,
              {args[0], args[1]},
              0,
              {},
              {},
              e.span};
    return Add(std::move(node));
  }
  if (n == "days") return call(Op::Days, ValueType::Int, TypeOf(args[0]));
  if (n == "year") return call(Op::Year, ValueType::Int, ValueType::Date);
  if (n == "month") return call(Op::Month, ValueType::Int, ValueType::Date);
  if (n == "day") return call(Op::Day, ValueType::Int, ValueType::Date);
  // A user function: pure and never recursive, so its body is inlined with
  // the arguments in place of the parameters.
  const auto& fn = static_cast<const ast::FunctionDecl&>(*program_.globals.at(n).decl);
  Context body;
  body.table = nullptr;
  std::vector<ExprId> converted;
  for (size_t i = 0; i < fn.params.size(); ++i) {
    ValueType want = ValueTypeOf(fn.params[i].type);
    converted.push_back(IsNumeric(want) ? Convert(args[i], want) : args[i]);
    body.params[&fn.params[i]] = converted.back();
  }
  auto key = std::make_pair(&fn, std::move(converted));
  auto known = calls_.find(key);
  if (known != calls_.end()) return known->second;
  ExprId result = LowerExpr(*fn.body, body);
  if (fn.result) result = Convert(result, ValueTypeOf(*fn.result));
  plan::NodeName name{result, plan::NodeName::Kind::Call, fn.name.text, fn.name.span, {}};
  for (size_t i = 0; i < fn.params.size(); ++i) name.args.emplace_back(fn.params[i].name.text, key.second[i]);
  out_.names.push_back(std::move(name));
  calls_.emplace(std::move(key), result);
  return result;
}

ExprId Lowering::LowerBinary(const ast::BinaryExpr& e, Context& ctx) {
  using ast::BinaryOp;
  ExprId a = LowerExpr(*e.lhs, ctx);
  ExprId b = LowerExpr(*e.rhs, ctx);
  ValueType ta = TypeOf(a), tb = TypeOf(b);
  bool any_decimal = ta == ValueType::Decimal || tb == ValueType::Decimal;
  auto numeric = [&](Op int_op, Op decimal_op, bool always_decimal = false) {
    if (!always_decimal && !any_decimal) return Binary(int_op, ValueType::Int, a, b, e.span);
    return Binary(decimal_op, ValueType::Decimal, Convert(a, ValueType::Decimal),
                  Convert(b, ValueType::Decimal), e.span);
  };
  switch (e.op) {
    case BinaryOp::Add:
    case BinaryOp::Sub: {
      bool add = e.op == BinaryOp::Add;
      if (IsNumeric(ta) && IsNumeric(tb))
        return numeric(add ? Op::AddInt : Op::SubInt, add ? Op::AddDecimal : Op::SubDecimal);
      if (ta == ValueType::Date && tb == ValueType::Date)
        return Binary(Op::DateDiff, ValueType::DayDuration, a, b, e.span);
      if (ta == ValueType::Date || tb == ValueType::Date) {
        if (tb == ValueType::Date) std::swap(a, b), std::swap(ta, tb);  // duration + date
        bool days = tb == ValueType::DayDuration;
        Op op = add ? (days ? Op::DatePlusDays : Op::DatePlusMonths)
                    : (days ? Op::DateMinusDays : Op::DateMinusMonths);
        return Binary(op, ValueType::Date, a, b, e.span);
      }
      if (ta == ValueType::DayDuration && tb == ValueType::DayDuration)
        return Binary(add ? Op::AddDays : Op::SubDays, ValueType::DayDuration, a, b, e.span);
      return Binary(add ? Op::AddMonths : Op::SubMonths, ValueType::MonthDuration, a, b, e.span);
    }
    case BinaryOp::Mul:
      return numeric(Op::MulInt, Op::MulDecimal);
    case BinaryOp::Div:
      return numeric(Op::DivDecimal, Op::DivDecimal, true);
    case BinaryOp::Pow:
      if (SemaValueType(e) == ValueType::Int) return Binary(Op::PowInt, ValueType::Int, a, b, e.span);
      return Binary(Op::PowDecimal, ValueType::Decimal, Convert(a, ValueType::Decimal), b, e.span);
    case BinaryOp::And:
      return Binary(Op::And, ValueType::Bool, a, b, e.span);
    case BinaryOp::Or:
      return Binary(Op::Or, ValueType::Bool, a, b, e.span);
    case BinaryOp::Otherwise: {
      ValueType t = ta == tb ? ta : ValueType::Decimal;
      return Binary(Op::Otherwise, t, Convert(a, t), Convert(b, t), e.span);
    }
    default:
      break;
  }
  // Comparisons.
  ValueType operand = IsNumeric(ta) && IsNumeric(tb) && any_decimal ? ValueType::Decimal : ta;
  ExprId id = Binary(Op::Compare, ValueType::Bool, IsNumeric(operand) ? Convert(a, operand) : a,
                     IsNumeric(operand) ? Convert(b, operand) : b, e.span);
  Node& n = out_.nodes[id];
  n.operand_type = operand;
  switch (e.op) {
    case BinaryOp::Eq:
      n.cmp = plan::Cmp::Eq;
      break;
    case BinaryOp::Ne:
      n.cmp = plan::Cmp::Ne;
      break;
    case BinaryOp::Lt:
      n.cmp = plan::Cmp::Lt;
      break;
    case BinaryOp::Le:
      n.cmp = plan::Cmp::Le;
      break;
    case BinaryOp::Gt:
      n.cmp = plan::Cmp::Gt;
      break;
    default:
      n.cmp = plan::Cmp::Ge;
      break;
  }
  return id;
}

ExprId Lowering::PopulationCondition(const std::string& source, Context& ctx) {
  const Symbol& sym = program_.globals.at(source);
  if (sym.kind == SymbolKind::Dataset) return plan::kNoSlot;
  const auto& pop = static_cast<const ast::PopulationDecl&>(*sym.decl);
  ExprId outer = PopulationCondition(pop.source.text, ctx);
  ExprId own = LowerExpr(*pop.condition, ctx);
  return outer == plan::kNoSlot ? own : Binary(plan::Op::And, ValueType::Bool, outer, own, pop.span);
}

ExprId Lowering::LowerAggregate(const ast::AggregateExpr& e, Context& ctx) {
  const Symbol& sym = program_.globals.at(e.source.text);
  const ast::DataDecl* table = sym.kind == SymbolKind::Dataset ? static_cast<const ast::DataDecl*>(sym.decl)
                                                               : program_.population_base.at(sym.decl);
  Context row = ctx;
  row.table = table;
  plan::Aggregate agg;
  agg.table = TableIndex(table);
  agg.population = PopulationCondition(e.source.text, row);
  agg.condition = e.condition ? LowerExpr(*e.condition, row) : plan::kNoSlot;
  if (e.value) {
    agg.value = LowerExpr(*e.value, row);
    agg.value_type = TypeOf(agg.value);
  }
  agg.percentile = e.percentile;
  agg.measure = plan::kNoSlot;  // set when the measure gets its index
  agg.span = e.span;
  if (!ctx.by_column_name.empty()) agg.by_column = ColumnIndex(*table, ctx.by_column_name);
  agg.window = ctx.window;
  switch (e.op) {
    case ast::AggregateOp::Count:
      agg.op = plan::AggregateOp::Count;
      agg.result_type = ValueType::Int;
      break;
    case ast::AggregateOp::CountDistinct:
      agg.op = plan::AggregateOp::CountDistinct;
      agg.result_type = ValueType::Int;
      break;
    case ast::AggregateOp::PercentOf:
      agg.op = plan::AggregateOp::PercentOf;
      agg.result_type = ValueType::Decimal;
      break;
    case ast::AggregateOp::Sum:
      agg.op = plan::AggregateOp::Sum;
      agg.result_type = agg.value_type;
      break;
    case ast::AggregateOp::Mean:
      agg.op = plan::AggregateOp::Mean;
      agg.result_type = ValueType::Decimal;
      break;
    case ast::AggregateOp::Median:
      agg.op = plan::AggregateOp::Median;
      agg.result_type = ValueType::Decimal;
      break;
    case ast::AggregateOp::Percentile:
      agg.op = plan::AggregateOp::Percentile;
      agg.result_type = ValueType::Decimal;
      break;
    case ast::AggregateOp::Min:
      agg.op = plan::AggregateOp::Min;
      agg.result_type = agg.value_type;
      break;
    case ast::AggregateOp::Max:
      agg.op = plan::AggregateOp::Max;
      agg.result_type = agg.value_type;
      break;
  }
  agg.counts_skipped = ctx.counts_skipped;
  uint32_t slot = static_cast<uint32_t>(out_.aggregates.size());
  out_.aggregates.push_back(agg);
  if (ctx.new_aggregates) ctx.new_aggregates->push_back(slot);
  return Leaf(plan::Op::Aggregate, agg.result_type, slot, e.span);
}

}  // namespace ocf::lower
