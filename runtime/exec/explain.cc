// `ocf explain`: the derivation of one figure, built by the period-level
// engine while it works the statement out, so that every value in the tree
// is the value the statement used (the Engine's part of statement_engine.h;
// runtime/explanation.h has the tree's form).
//
// Each node of the plan under the figure becomes a node of the tree with its
// value in the figure's scope (period, group, payment block). What the plan
// inlined is named again: a let's value, a function's result (plan.names), a
// payment block's let, a measure (expanded into its formula over the
// period's aggregates, whose counts come from the aggregate states), the
// contract's achievement (outcomes, targets, measures). Only what the
// evaluation used is shown: the branch `if` took, the case `match` chose.
#include <algorithm>

#include <fmt/format.h>

#include "runtime/exec/statement_engine.h"

namespace ocf::exec::engine {
namespace {

using Kind = ExplainNode::Kind;

std::optional<std::string> Text(ValueType type, const Value& v) { return Shown(type, v).value; }

plan::Unit UnitOf(const std::string& type_name) {
  return type_name == "percent" ? plan::Unit::Percent
         : type_name == "money" ? plan::Unit::Money
                                : plan::Unit::Plain;
}

const char* AggregateWord(AggregateOp op) {
  switch (op) {
    case AggregateOp::Count:
      return "count";
    case AggregateOp::CountDistinct:
      return "count distinct";
    case AggregateOp::PercentOf:
      return "percent of";
    case AggregateOp::Sum:
      return "sum";
    case AggregateOp::Mean:
      return "mean";
    case AggregateOp::Median:
      return "median";
    case AggregateOp::Percentile:
      return "percentile";
    case AggregateOp::Min:
      return "min";
    case AggregateOp::Max:
      return "max";
  }
  return "";
}

}  // namespace

static const char* PeriodWord(plan::Op op) {
  switch (op) {
    case plan::Op::ContractYear:
      return "contract_year";
    case plan::Op::PeriodStart:
      return "period_start";
    case plan::Op::PeriodEnd:
      return "period_end";
    case plan::Op::PeriodDays:
      return "period_days";
    case plan::Op::WindowDays:
      return "window_days";
    case plan::Op::Group:
      return "group";
    default:
      return "";
  }
}

bool Engine::Explaining(ExplainRequest::What what, const std::string& name, size_t p,
                        std::optional<std::string_view> group) {
  if (!in_.explain) return false;
  if (what == ExplainRequest::What::Line) {
    bool every = false;
    for (const Explanation& e : *in_.explain)
      every |= e.request.what == ExplainRequest::What::AllLines && !e.found &&
               (e.request.period.empty() || e.request.period == all_[p].label);
    if (every) {
      Explanation& added = in_.explain->emplace_back();
      added.request = {ExplainRequest::What::Line, name, all_[p].label,
                       group ? std::optional<std::string>(std::string(*group)) : std::nullopt};
      explaining_ = &added;
      return true;
    }
  }
  for (Explanation& e : *in_.explain) {
    const ExplainRequest& r = e.request;
    if (e.found || r.what != what || r.name != name || all_[p].label != r.period) continue;
    if (r.group ? group && *group == *r.group : !group) {
      explaining_ = &e;
      return true;
    }
  }
  return false;
}

ExplainNode Engine::Traced(Kind kind, plan::ExprId id, const Value& v) {
  ExplainNode out;
  out.kind = kind;
  if (id != plan::kNoSlot) {
    const plan::Node& n = plan_.node(id);
    out.op = n.op;
    out.type = n.type;
    out.unit = plan_.unit(id);
    out.span = n.span;
  }
  out.value = Text(out.type, v);
  return out;
}

bool Engine::Budget(ExplainNode& out) {
  Explanation& e = *explaining_;
  if (++e.nodes <= e.max_nodes) return true;
  e.truncated = true;
  out.kind = Kind::Repeat;
  out.children.clear();
  return false;
}

ExplainNode Engine::TraceExpr(plan::ExprId id, const Scope& scope, Trace& t, size_t names_shown) {
  const plan::Node& n = plan_.node(id);
  Value v = eval_.Eval(id, scope);
  ExplainNode out = Traced(Kind::Expr, id, v);
  if (!Budget(out)) return out;
  // A node may be several names' value: `contract_value(y)` is the result
  // of the `compound_growth(...)` it returns, `let a = b` is b's value.
  // Each is shown, the outermost first, then the node's own operation.
  if (names_.empty() && !plan_.names.empty()) {
    for (size_t k = plan_.names.size(); k-- > 0;) names_[plan_.names[k].node].push_back(k);  // outer first
  }
  auto named = names_.find(id);
  if (named != names_.end() && names_shown < named->second.size()) {
    const plan::NodeName& name = plan_.names[named->second[names_shown]];
    out.kind = name.kind == plan::NodeName::Kind::Let ? Kind::Let : Kind::Call;
    out.name = name.name;
    for (const auto& [param, arg] : name.args) {
      Value a = eval_.Eval(arg, scope);
      out.Fact(param, Text(plan_.node(arg).type, a).value_or("missing"), plan_.unit(arg),
               plan_.node(arg).type);
    }
    if (!t.shown.insert({static_cast<int>(out.kind) * 1000 + static_cast<int>(names_shown), id}).second) {
      out.kind = Kind::Repeat;
      out.facts.clear();
      out.Fact("shown", name.name);
      return out;
    }
    out.span = name.kind == plan::NodeName::Kind::Let ? name.span : n.span;
    out.children.push_back(TraceExpr(id, scope, t, names_shown + 1));
    return out;
  }
  auto child = [&](plan::ExprId c) { out.children.push_back(TraceExpr(c, scope, t)); };
  switch (n.op) {
    case plan::Op::Const:
    case plan::Op::Missing:
      out.kind = Kind::Const;
      return out;
    case plan::Op::Input:
      out.kind = Kind::Input;
      out.name = plan_.inputs[n.slot].name;
      return out;
    case plan::Op::ContractYear:
    case plan::Op::PeriodStart:
    case plan::Op::PeriodEnd:
    case plan::Op::PeriodDays:
    case plan::Op::WindowDays:
    case plan::Op::Group:
      out.kind = Kind::Period;
      out.name = PeriodWord(n.op);
      return out;
    case plan::Op::Measure:
      return TraceMeasure(n.slot, t, &out);
    case plan::Op::Aggregate:
      return TraceAggregate(n.slot, v, t);
    case plan::Op::Achievement: {
      ExplainNode a = n.slot == plan::kNoSlot ? TraceAchievement(t) : TraceOutcome(n.slot, t);
      a.span = n.span;
      return a;
    }
    case plan::Op::PaymentLet: {
      const plan::PaymentItem& item = plan_.payments[t.block].items[n.slot];
      out.kind = Kind::PaymentLet;
      out.name = item.name;
      if (!t.shown.insert({static_cast<int>(Kind::PaymentLet), item.value}).second) {
        out.kind = Kind::Repeat;
        out.Fact("shown", item.name);
        return out;
      }
      out.children.push_back(TraceExpr(item.value, scope, t));
      return out;
    }
    case plan::Op::PaidSoFar:
    case plan::Op::PaidThisYear:
      return TracePaid(n, t, out);
    case plan::Op::PreviousPeriod:
    case plan::Op::AtBaseline: {
      out.kind = Kind::OtherPeriod;
      out.name = plan_.measures[n.slot].name;
      size_t q = n.op == plan::Op::AtBaseline ? baseline_ : prev_[t.period];
      out.Fact("period", q == kNoPeriod ? "none" : all_[q].label);
      return out;
    }
    case plan::Op::If: {
      child(n.children[0]);
      bool holds = eval_.Holds(n.children[0], scope);
      child(n.children[holds ? 1 : 2]);
      out.Fact("chose", holds ? "then" : "else");
      return out;
    }
    case plan::Op::Otherwise: {
      child(n.children[0]);
      if (!eval_.Eval(n.children[0], scope).present) child(n.children[1]);
      return out;
    }
    case plan::Op::Match: {
      child(n.children[0]);
      uint32_t chosen = eval_.ChosenCase(id, scope);
      if (chosen != plan::kNoSlot) {
        child(n.children[1 + chosen]);
        const plan::MatchTable& table = plan_.matches[n.slot];
        out.Fact("case", chosen == table.else_result ? "else" : std::to_string(chosen + 1));
      }
      return out;
    }
    case plan::Op::Compare: {
      static const char* const kCmp[] = {"=", "!=", "<", "<=", ">", ">="};
      out.Fact("cmp", kCmp[static_cast<int>(n.cmp)]);
      for (plan::ExprId c : n.children) child(c);
      return out;
    }
    default:
      for (plan::ExprId c : n.children) child(c);
      return out;
  }
}

ExplainNode Engine::TraceMeasure(uint32_t m, Trace& t, const ExplainNode* from) {
  const plan::Measure& measure = plan_.measures[m];
  ExplainNode out;
  if (from) out = *from;
  out.kind = Kind::Measure;
  out.name = measure.name;
  out.title = measure.title;
  out.type = measure.type;
  out.unit = UnitOf(measure.type_name);
  size_t p = t.period;
  // A group's own value of a `by` measure of the column being paid.
  if (t.group_measures && measure.by_column_name == t.by) {
    out.value = Text(measure.type, (*t.group_measures)[m]);
    out.Fact("group", std::string(*t.group));
    if (t.statement && reported_[p]) {
      std::optional<StatementValue> sv =
          t.statement->GroupValue(t.statement->measures[m], std::string(*t.group), all_[p].label);
      if (sv && sv->numerator) {
        out.Fact("numerator", std::to_string(*sv->numerator));
        out.Fact("denominator", std::to_string(*sv->denominator));
      }
    }
    out.Fact("see", fmt::format("ocf explain --measure {} --group \"{}\" --period \"{}\"", measure.name,
                                std::string(*t.group), all_[p].label));
    return out;
  }
  out.value = Text(measure.type, periods_[p].measures[m]);
  if (!t.shown.insert({static_cast<int>(Kind::Measure), m}).second) {
    out.kind = Kind::Repeat;
    out.Fact("shown", measure.name);
    return out;
  }
  if (!Budget(out)) return out;
  std::vector<Value> aggs(plan_.aggregates.size());
  for (uint32_t a : AggregatesOf(m)) aggs[a] = AggregateValue(a, p, periods_[p]);
  Scope scope = PeriodScope(p, periods_[p], aggs);
  Trace inner = t;
  inner.states = &periods_[p].states;
  inner.group_measures = nullptr;
  inner.group.reset();  // a measure without the group's `by` is the whole table's, even in a group's line
  inner.shown.swap(t.shown);
  out.children.push_back(TraceExpr(measure.value, scope, inner));
  t.shown.swap(inner.shown);
  return out;
}

ExplainNode Engine::TraceAggregate(uint32_t agg, const Value& v, Trace& t) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  ExplainNode out;
  out.kind = Kind::Aggregate;
  out.name = AggregateWord(a.op);
  out.type = a.result_type;
  out.unit = plan_.unit(plan_.aggregates[agg].value == plan::kNoSlot ? plan::kNoSlot : a.value);
  if (a.op == AggregateOp::PercentOf) out.unit = plan::Unit::Percent;
  if (a.op == AggregateOp::Count || a.op == AggregateOp::CountDistinct) out.unit = plan::Unit::Plain;
  out.span = a.span;
  out.value = Text(a.result_type, v);
  if (!Budget(out)) return out;
  const plan::Table& table = plan_.tables[a.table];
  const Period& span = SpanOf(agg, t.period);
  out.Fact("table", table.name);
  if (a.op == AggregateOp::Percentile) out.Fact("percentile", std::to_string(a.percentile));
  out.Fact("from", span.start.ToString());
  out.Fact("to", span.end.ToString());
  if (t.group) out.Fact("group", std::string(*t.group));
  if (t.states && agg < t.states->size()) {
    const AggState& s = (*t.states)[agg];
    switch (a.op) {
      case AggregateOp::Count:
        out.Fact("records", std::to_string(s.rows));
        break;
      case AggregateOp::PercentOf:
        out.Fact("numerator", std::to_string(s.hits));
        out.Fact("denominator", std::to_string(s.rows));
        break;
      default: {
        out.Fact("records", std::to_string(s.rows));
        out.Fact("values", std::to_string(s.n));
        if (a.op == AggregateOp::Sum || a.op == AggregateOp::Mean) {
          if (std::optional<__int128> total = s.sum.Narrow()) {
            Value sum = a.value_type == ValueType::Decimal ? Value::Dec(Decimal::FromUnits(*total))
                                                           : Value::Int(static_cast<int64_t>(*total));
            if (a.value_type == ValueType::Decimal || (*total <= INT64_MAX && *total >= INT64_MIN))
              out.Fact("sum", Text(a.value_type, sum).value_or(""));
          }
        }
        out.Fact("skipped_missing", std::to_string(s.skipped));
      }
    }
  }
  out.Fact("table_rows", std::to_string(in_.table_rows[a.table]));
  out.Fact("outside_term", std::to_string(source_.OutsideTerm(a.table)));
  return out;
}

ExplainNode Engine::TraceTarget(uint32_t target, Trace& t) {
  const plan::Target& tg = plan_.targets[target];
  const Bounds& bounds = (*t.bounds)[target];
  const std::vector<Value>& measures = t.group_measures ? *t.group_measures : periods_[t.period].measures;
  TargetResult::PeriodResult r = Achieve(tg, bounds, measures[tg.measure]);
  ExplainNode out;
  out.kind = Kind::Target;
  out.name = plan_.measures[tg.measure].name;
  out.title = plan_.measures[tg.measure].title;
  out.unit = plan::Unit::Percent;
  out.span = tg.span;
  out.value = r.achievement.ToString();
  if (!Budget(out)) return out;
  const char* kind = tg.kind == plan::Target::Kind::AtLeast  ? "at least"
                     : tg.kind == plan::Target::Kind::AtMost ? "at most"
                     : tg.kind == plan::Target::Kind::Range  ? "range"
                                                             : "change";
  out.Fact("kind", kind);
  out.Fact("target", bounds.description);
  auto bound = [&](const char* key, const Value& v, ValueType type) {
    if (v.present) out.Fact(key, AsDecimal(type, v).ToString());
  };
  bound(tg.kind == plan::Target::Kind::AtMost ? "high" : "low", bounds.a, bounds.a_type);
  if (tg.kind == plan::Target::Kind::Range || tg.kind == plan::Target::Kind::Change)
    bound("high", bounds.b, bounds.b_type);
  out.Fact("status", r.status);
  Trace inner = t;
  ExplainNode m = TraceMeasure(tg.measure, inner, nullptr);
  t.shown = std::move(inner.shown);
  out.children.push_back(std::move(m));
  return out;
}

ExplainNode Engine::TraceOutcome(uint32_t o, Trace& t) {
  const plan::Outcome& outcome = plan_.outcomes[o];
  ExplainNode out;
  out.kind = Kind::Outcome;
  out.name = outcome.name;
  out.unit = plan::Unit::Percent;
  const std::vector<Value>& values = t.group_ach ? t.group_ach->outcomes : outcome_ach_[t.period];
  out.value = Text(ValueType::Decimal, values[o]);
  out.Fact("weight", outcome.weight.ToString());
  if (!Budget(out)) return out;
  for (const auto& [target, weight] : outcome.targets) {
    ExplainNode tn = TraceTarget(target, t);
    tn.facts.insert(tn.facts.begin(), ExplainNode::Figure{"weight", weight.ToString(), plan::Unit::Percent,
                                                          ValueType::Decimal});
    out.children.push_back(std::move(tn));
  }
  return out;
}

ExplainNode Engine::TraceAchievement(Trace& t) {
  ExplainNode out;
  out.kind = Kind::Achievement;
  out.name = "achievement";
  out.unit = plan::Unit::Percent;
  std::optional<Decimal> value = t.group_ach ? t.group_ach->contract : contract_ach_[t.period];
  if (value) out.value = value->ToString();
  if (!Budget(out)) return out;
  for (size_t o = 0; o < plan_.outcomes.size(); ++o)
    out.children.push_back(TraceOutcome(static_cast<uint32_t>(o), t));
  return out;
}

ExplainNode Engine::TracePaid(const plan::Node& n, Trace& t, ExplainNode out) {
  const plan::Payment& block = plan_.payments[n.slot];
  const plan::PaymentItem& item = block.items[static_cast<size_t>(n.int_value)];
  out.kind = Kind::Paid;
  out.name = item.name;
  out.Fact("which", n.op == plan::Op::PaidSoFar ? "so far" : "this year");
  if (!t.paid_lines) return out;
  // A line of a block paying the group's column is the group's own inside
  // the group's block; otherwise every group's lines are summed.
  bool own = t.group && t.by != plan::kNoSlot && block.by == t.by;
  int year = all_[t.period].contract_year;
  for (const auto& [q, period] : *t.paid_lines) {
    if (q >= t.period) break;
    if (n.op == plan::Op::PaidThisYear && all_[q].contract_year != year) continue;
    for (const PaymentLine& line : period.lines) {
      if (line.name != item.name || (own && line.group != std::string(*t.group))) continue;
      ExplainNode paid;
      paid.kind = Kind::PaidLine;
      paid.name = item.name;
      paid.unit = plan::Unit::Money;
      paid.value = line.amount.ToString();
      paid.Fact("period", period.label);
      if (line.group) paid.Fact("group", *line.group);
      if (!Budget(paid)) break;
      out.children.push_back(std::move(paid));
    }
  }
  return out;
}

void Engine::ExplainLine(const plan::PaymentItem& item, size_t block, size_t p, const Value& v,
                         Decimal rounded, const Scope& scope, Trace& t) {
  t.period = p;
  t.block = block;
  t.shown.clear();  // each line's derivation is whole (--all-lines explains the block's lines in turn)
  ExplainNode out;
  out.kind = Kind::Line;
  out.name = item.name;
  out.unit = plan::Unit::Money;
  out.span = plan_.node(item.value).span;
  out.value = Text(ValueType::Decimal, v);
  out.Fact("amount", rounded.ToString(2));
  if (item.shadow) out.Fact("shadow", "true");
  if (t.group) out.Fact("group", std::string(*t.group));
  Budget(out);
  out.children.push_back(TraceExpr(item.value, scope, t));
  explaining_->tree = std::move(out);
  explaining_->found = true;
}

void Engine::ExplainFigures(Statement& st) {
  if (!in_.explain) return;
  for (Explanation& e : *in_.explain) {
    if (e.request.what == ExplainRequest::What::AllLines) e.found = true;  // its lines are added as paid
    if (!e.found) ExplainFigure(st, e);
  }
}

void Engine::ExplainFigure(Statement& st, Explanation& e) {
  explaining_ = &e;
  const ExplainRequest& r = e.request;
  // Lines are explained as they are paid, a group's measure as its groups
  // are worked out (ExplainGroupMeasure).
  if (r.what == ExplainRequest::What::Line || (r.what == ExplainRequest::What::Measure && r.group)) return;
  size_t p = kNoPeriod;
  for (size_t q = 0; q < all_.size(); ++q)
    if (all_[q].label == r.period) p = q;
  if (p == kNoPeriod) return;
  Trace t;
  t.period = p;
  t.statement = &st;
  t.states = &periods_[p].states;
  t.bounds = &bounds_;
  // A group's targets, outcomes and achievement: those of the column a
  // `payment ... by` block pays.
  GroupAchievement ach;
  std::vector<Bounds> group_bounds;
  if (r.group && r.what != ExplainRequest::What::Measure) {
    const PaidGroups* pg = nullptr;
    size_t g = 0;
    for (const PaidGroups& candidate : paid_groups_)
      for (size_t k = 0; k < candidate.names.size(); ++k)
        if (candidate.names[k] == *r.group) pg = &candidate, g = k;
    if (!pg) return;
    const std::vector<Value>* baseline = baseline_ == kNoPeriod ? nullptr : &pg->measures[g][baseline_];
    for (const plan::Target& target : plan_.targets) group_bounds.push_back(TargetBounds(target, baseline));
    ach = AchievementOf(group_bounds, pg->measures[g][p]);
    t.group_measures = &pg->measures[g][p];
    t.group_ach = &ach;
    t.bounds = &group_bounds;
    t.by = pg->by;
    t.group = pg->names[g];
  }
  ExplainNode out;
  switch (r.what) {
    case ExplainRequest::What::Line:
    case ExplainRequest::What::AllLines:
      return;
    case ExplainRequest::What::Measure:
      for (size_t m = 0; m < plan_.measures.size(); ++m)
        if (plan_.measures[m].name == r.name) out = TraceMeasure(static_cast<uint32_t>(m), t, nullptr);
      break;
    case ExplainRequest::What::Target:
      for (size_t k = 0; k < plan_.targets.size(); ++k)
        if (plan_.measures[plan_.targets[k].measure].name == r.name)
          out = TraceTarget(static_cast<uint32_t>(k), t);
      break;
    case ExplainRequest::What::Outcome:
      for (size_t o = 0; o < plan_.outcomes.size(); ++o)
        if (plan_.outcomes[o].name == r.name) out = TraceOutcome(static_cast<uint32_t>(o), t);
      break;
    case ExplainRequest::What::Achievement:
      if (plan_.outcomes.empty()) return;
      out = TraceAchievement(t);
      break;
  }
  if (t.group) out.Fact("group", std::string(*t.group));
  explaining_->tree = std::move(out);
  explaining_->found = true;
}

void Engine::ExplainGroupMeasure(uint32_t m, size_t p, std::string_view group, const Scope& scope,
                                 const std::vector<AggState>& states, const Value& v) {
  const plan::Measure& measure = plan_.measures[m];
  Trace t;
  t.period = p;
  t.states = &states;
  t.group = group;
  t.bounds = &bounds_;
  ExplainNode out;
  out.kind = Kind::Measure;
  out.name = measure.name;
  out.title = measure.title;
  out.type = measure.type;
  out.unit = UnitOf(measure.type_name);
  out.value = Text(measure.type, v);
  out.Fact("group", std::string(group));
  Budget(out);
  out.children.push_back(TraceExpr(measure.value, scope, t));
  explaining_->tree = std::move(out);
  explaining_->found = true;
}

}  // namespace ocf::exec::engine

namespace ocf {

const char* ToString(ExplainNode::Kind kind) {
  using K = ExplainNode::Kind;
  switch (kind) {
    case K::Line:
      return "line";
    case K::PaymentLet:
      return "payment_let";
    case K::Let:
      return "let";
    case K::Call:
      return "call";
    case K::Expr:
      return "expr";
    case K::Const:
      return "const";
    case K::Input:
      return "input";
    case K::Period:
      return "period";
    case K::Measure:
      return "measure";
    case K::Aggregate:
      return "aggregate";
    case K::OtherPeriod:
      return "other_period";
    case K::Achievement:
      return "achievement";
    case K::Outcome:
      return "outcome";
    case K::Target:
      return "target";
    case K::Paid:
      return "paid";
    case K::PaidLine:
      return "paid_line";
    case K::Repeat:
      return "repeat";
  }
  return "";
}

}  // namespace ocf
