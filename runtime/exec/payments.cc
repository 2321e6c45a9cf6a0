// Payments, period by period and block by block; a `payment ... by` block's
// lines for every group (LANGUAGE.md §6, "Groups in payments"); gates. The
// Engine's part of statement_engine.h.
#include <algorithm>
#include <functional>
#include <unordered_set>

#include <fmt/format.h>

#include "runtime/exec/statement_engine.h"

namespace ocf::exec::engine {
namespace {

// What a line has paid, per payment block and item.
using Paid = std::vector<std::vector<Decimal>>;

// A measure's value as a gate's explanation shows it: a percentage to two
// places ("93.10%"), money with its symbol.
std::string ShownMeasure(const plan::EvaluationPlan& plan, const plan::Measure& m, const Value& v) {
  if (!v.present) return "missing";
  if (m.type_name == "percent") return FormatPercent(v.d);
  if (m.type_name == "money") return FormatMoney(v.d, plan.currency);
  return GroupThousands(Shown(m.type, v).value.value_or("missing"));
}

std::string ShownOperand(const plan::EvaluationPlan& plan, plan::ExprId id, const Value& v,
                         const plan::Measure* like) {
  if (!v.present) return "missing";
  // What it is compared with, as the contract wrote it: "at least 95%".
  if (like && like->type_name == "percent") return FormatPercentAsWritten(v.d);
  if (like && like->type_name == "money") return FormatMoney(v.d, plan.currency);
  return GroupThousands(Shown(plan.node(id).type, v).value.value_or("missing"));
}

}  // namespace

Engine::GroupAchievement Engine::AchievementOf(const std::vector<Bounds>& bounds,
                                               const std::vector<Value>& measures) const {
  GroupAchievement out;
  std::vector<Decimal> achieved;
  for (size_t t = 0; t < plan_.targets.size(); ++t) {
    out.targets.push_back(Achieve(plan_.targets[t], bounds[t], measures[plan_.targets[t].measure]));
    achieved.push_back(out.targets.back().achievement);
  }
  Combine(achieved, out.outcomes, out.contract);
  return out;
}

std::optional<bool> Engine::GateHolds(const plan::Gate& gate, const Scope& scope, std::string* why) const {
  Value v = eval_.Eval(gate.condition, scope);
  std::optional<bool> passed = v.present ? std::optional<bool>(v.i != 0) : std::nullopt;
  if (!why || passed.value_or(false)) return passed;
  // The comparisons of a measure that do not hold: "nhs_recorded is
  // 93.10%, needs at least 95%". Under `not` a comparison must not hold,
  // and is read turned round (`not (x < 95%)` needs x at least 95%).
  std::vector<std::string> parts;
  std::unordered_set<plan::ExprId> seen;
  // The first measure an operand reads (`x otherwise 100%` reads x).
  auto measure_in = [&](plan::ExprId side) -> std::optional<plan::ExprId> {
    std::optional<plan::ExprId> found;
    std::unordered_set<plan::ExprId> visited;
    plan::VisitOnce(plan_, side, visited, [&](const plan::Node& n) {
      if (!found && n.op == plan::Op::Measure) found = static_cast<plan::ExprId>(&n - plan_.nodes.data());
    });
    return found;
  };
  auto flip = [](plan::Cmp c) {  // `95% <= x` reads as `x >= 95%`
    return c == plan::Cmp::Lt   ? plan::Cmp::Gt
           : c == plan::Cmp::Le ? plan::Cmp::Ge
           : c == plan::Cmp::Gt ? plan::Cmp::Lt
           : c == plan::Cmp::Ge ? plan::Cmp::Le
                                : c;
  };
  auto negate = [](plan::Cmp c) {  // what `not (x CMP y)` needs
    return c == plan::Cmp::Lt   ? plan::Cmp::Ge
           : c == plan::Cmp::Le ? plan::Cmp::Gt
           : c == plan::Cmp::Gt ? plan::Cmp::Le
           : c == plan::Cmp::Ge ? plan::Cmp::Lt
           : c == plan::Cmp::Eq ? plan::Cmp::Ne
                                : plan::Cmp::Eq;
  };
  std::function<void(plan::ExprId, bool)> walk = [&](plan::ExprId id, bool positive) {
    if (!seen.insert(id).second) return;
    const plan::Node& n = plan_.node(id);
    if (n.op == plan::Op::Not) {
      for (plan::ExprId c : n.children) walk(c, !positive);
      return;
    }
    if (n.op != plan::Op::Compare || n.children.size() != 2) {
      for (plan::ExprId c : n.children) walk(c, positive);
      return;
    }
    Value holds = eval_.Eval(id, scope);
    bool failed = positive ? !(holds.present && holds.i) : (!holds.present || holds.i);
    if (!failed) return;
    std::optional<plan::ExprId> left = measure_in(n.children[0]), right = measure_in(n.children[1]);
    if (!left && !right) return;
    plan::ExprId measure_id = left ? *left : *right;
    plan::ExprId other_id = left ? n.children[1] : n.children[0];
    const plan::Measure& m = plan_.measures[plan_.node(measure_id).slot];
    Value mv = eval_.Eval(measure_id, scope), ov = eval_.Eval(other_id, scope);
    plan::Cmp cmp = left ? n.cmp : flip(n.cmp);
    if (!positive) cmp = negate(cmp);
    const char* needs = cmp == plan::Cmp::Ge   ? "at least "
                        : cmp == plan::Cmp::Gt ? "more than "
                        : cmp == plan::Cmp::Le ? "at most "
                        : cmp == plan::Cmp::Lt ? "less than "
                        : cmp == plan::Cmp::Ne ? "anything but "
                                               : "";
    parts.push_back(fmt::format("{} is {}, needs {}{}", m.name, ShownMeasure(plan_, m, mv), needs,
                                ShownOperand(plan_, other_id, ov, &m)));
  };
  walk(gate.condition, true);
  if (parts.empty()) parts.push_back(passed ? "the condition is false" : "the condition is missing");
  std::string text;
  for (size_t i = 0; i < parts.size(); ++i) text += (i ? "; " : "") + parts[i];
  *why = text;
  return passed;
}

void Engine::Gates(Statement& st) {
  for (const plan::Gate& gate : plan_.gates) {
    GateResult r;
    r.name = gate.name;
    r.title = gate.title;
    for (size_t p = 0; p < all_.size(); ++p) {
      if (!reported_[p] || p == baseline_) continue;
      std::vector<Value> none;
      Scope scope = PeriodScope(p, periods_[p], none);
      scope.outcome_achievement = &outcome_ach_[p];
      scope.achievement = contract_ach_[p];
      std::string why;
      std::optional<bool> passed = GateHolds(gate, scope, &why);
      r.periods[all_[p].label] = passed;
      if (!passed.value_or(false)) r.why[all_[p].label] = why;
    }
    st.gates.push_back(std::move(r));
  }
}

void Engine::Payments(Statement& st) {
  std::map<std::string, size_t> index;
  for (size_t p = 0; p < all_.size(); ++p) index[all_[p].label] = p;
  // Payment periods are worked out in statement order, blocks in file order
  // within a period (LANGUAGE.md §6): (period, block).
  std::vector<std::pair<size_t, size_t>> order;
  for (size_t b = 0; b < plan_.payments.size(); ++b)
    for (const Period& period : PeriodsOf(plan_.payments[b].frequency, plan_.term_start, plan_.term_end))
      order.push_back({index.at(period.label), b});
  std::sort(order.begin(), order.end());
  // What each line (block, item) has paid: before the current period in all
  // and by contract year, and in the current period so far (added to those
  // once the period is done: earlier blocks in the same period do not count).
  // A `by` block's lines also per group: [block][item] of each group.
  auto zeros = [&] {
    Paid z;
    for (const plan::Payment& pay : plan_.payments) z.emplace_back(pay.items.size());
    return z;
  };
  Paid so_far = zeros(), current = zeros();
  std::map<int, Paid> by_year;
  const Paid none_this_year = zeros();
  // Per block, per group (empty for blocks without `by`).
  std::vector<std::vector<Paid>> group_so_far(plan_.payments.size()), group_current(plan_.payments.size());
  std::map<int, std::vector<std::vector<Paid>>> group_by_year;
  for (size_t b = 0; b < plan_.payments.size(); ++b) {
    if (plan_.payments[b].by == plan::kNoSlot) continue;
    size_t n = PaidGroupsOf(plan_.payments[b].by)->names.size();
    group_so_far[b].assign(n, zeros());
    group_current[b].assign(n, zeros());
  }
  size_t current_period = SIZE_MAX;
  auto add = [&](Decimal& into, Decimal amount, const plan::PaymentItem& item) {
    Result<Decimal> sum = Decimal::Add(into, amount);
    if (!sum.ok())
      throw EvalError(plan_.node(item.value).span, "the amount paid so far is too large to hold exactly");
    into = *sum;
  };
  auto settle = [&](Paid& into_all, Paid& into_year, Paid& from) {
    for (size_t b = 0; b < from.size(); ++b)
      for (size_t k = 0; k < from[b].size(); ++k) {
        add(into_all[b][k], from[b][k], plan_.payments[b].items[k]);
        add(into_year[b][k], from[b][k], plan_.payments[b].items[k]);
        from[b][k] = Decimal();
      }
  };
  auto close_period = [&] {
    if (current_period == SIZE_MAX) return;
    int year = all_[current_period].contract_year;
    settle(so_far, by_year.try_emplace(year, zeros()).first->second, current);
    auto& year_groups = group_by_year[year];
    year_groups.resize(plan_.payments.size());
    for (size_t b = 0; b < plan_.payments.size(); ++b) {
      year_groups[b].resize(group_current[b].size(), zeros());
      for (size_t g = 0; g < group_current[b].size(); ++g)
        settle(group_so_far[b][g], year_groups[b][g], group_current[b][g]);
    }
  };
  // Each group's target thresholds (a change target's are its own baseline's).
  std::map<std::pair<uint32_t, size_t>, std::vector<Bounds>> group_bounds;
  auto bounds_of = [&](const PaidGroups& pg, size_t g) -> const std::vector<Bounds>& {
    auto key = std::make_pair(pg.by, g);
    auto it = group_bounds.find(key);
    if (it != group_bounds.end()) return it->second;
    std::vector<Bounds> bounds;
    const std::vector<Value>* baseline = baseline_ == kNoPeriod ? nullptr : &pg.measures[g][baseline_];
    for (const plan::Target& t : plan_.targets) bounds.push_back(TargetBounds(t, baseline));
    return group_bounds.emplace(key, std::move(bounds)).first->second;
  };
  std::map<size_t, PaymentPeriod> by_period;  // statement order
  // Evaluates block b's items in `scope`, appending its lines to `out`.
  auto pay_items = [&](size_t b, Scope& scope, PaymentPeriod& out, const std::optional<std::string>& group,
                       Paid* group_paid, Trace& trace) {
    const plan::Payment& pay = plan_.payments[b];
    std::vector<Value> lets(pay.items.size());
    scope.payment_lets = &lets;
    for (size_t k = 0; k < pay.items.size(); ++k) {
      const plan::PaymentItem& item = pay.items[k];
      Value v = eval_.Eval(item.value, scope);
      if (item.is_let) {
        lets[k] = v;
        continue;
      }
      if (!v.present) {
        std::string period = group ? fmt::format("{} for \"{}\"", out.label, *group) : out.label;
        throw MissingPaymentError(item.name, period, plan_.node(item.value).span);
      }
      Result<Decimal> rounded = v.d.RoundHalfAwayFromZero(2);
      if (!rounded.ok())
        throw EvalError(plan_.node(item.value).span, "the amount is too large to hold exactly");
      if (Explaining(ExplainRequest::What::Line, item.name, current_period, group)) {
        trace.paid_lines = &by_period;
        trace.statement = &st;
        ExplainLine(item, b, current_period, v, *rounded, scope, trace);
      }
      out.lines.push_back({item.name, *rounded, item.shadow, group});
      add(current[b][k], *rounded, item);
      if (group_paid) (*group_paid)[b][k] = *rounded;
      if (item.shadow) continue;
      Result<Decimal> total = Decimal::Add(out.total, *rounded);
      if (!total.ok()) throw EvalError(plan_.node(item.value).span, "the total is too large to hold exactly");
      out.total = *total;
    }
  };
  for (const auto& [p, b] : order) {
    if (p != current_period) {
      close_period();
      current_period = p;
    }
    const plan::Payment& pay = plan_.payments[b];
    const Period& period = all_[p];
    std::vector<Value> none;
    Scope scope = PeriodScope(p, periods_[p], none);
    scope.outcome_achievement = &outcome_ach_[p];
    scope.achievement = contract_ach_[p];
    scope.paid_so_far = &so_far;
    auto year = by_year.find(period.contract_year);
    scope.paid_this_year = year == by_year.end() ? &none_this_year : &year->second;
    PaymentPeriod& out = by_period[p];
    out.label = period.label;
    if (pay.by == plan::kNoSlot) {
      Trace trace;
      trace.bounds = &bounds_;
      trace.states = &periods_[p].states;
      pay_items(b, scope, out, std::nullopt, nullptr, trace);
      continue;
    }
    // Every group in turn, with its own measures, achievement and payments.
    PaidGroups& pg = *PaidGroupsOf(pay.by);
    auto year_groups = group_by_year.find(period.contract_year);
    for (size_t g = 0; g < pg.names.size(); ++g) {
      GroupAchievement ach = AchievementOf(bounds_of(pg, g), pg.measures[g][p]);
      Scope gs = scope;
      gs.measures = &pg.measures[g][p];
      gs.previous_measures = prev_[p] == kNoPeriod ? nullptr : &pg.measures[g][prev_[p]];
      gs.baseline_measures = baseline_ == kNoPeriod ? nullptr : &pg.measures[g][baseline_];
      gs.outcome_achievement = &ach.outcomes;
      gs.achievement = ach.contract;
      gs.group = pg.names[g];
      // Inside the block a line of a block paying the same groups is the
      // group's own; other lines are the whole (LANGUAGE.md §6).
      Paid own_so_far = so_far, own_this_year = *scope.paid_this_year;
      for (size_t other = 0; other < plan_.payments.size(); ++other) {
        if (plan_.payments[other].by != pay.by) continue;
        own_so_far[other] = group_so_far[other][g][other];
        own_this_year[other] = year_groups == group_by_year.end() || year_groups->second.size() <= other ||
                                       year_groups->second[other].size() <= g
                                   ? std::vector<Decimal>(plan_.payments[other].items.size())
                                   : year_groups->second[other][g][other];
      }
      gs.paid_so_far = &own_so_far;
      gs.paid_this_year = &own_this_year;
      Trace trace;
      trace.by = pay.by;
      trace.group = pg.names[g];
      trace.group_measures = &pg.measures[g][p];
      trace.group_ach = &ach;
      trace.bounds = &bounds_of(pg, g);
      trace.states = &periods_[p].states;
      pay_items(b, gs, out, pg.names[g], &group_current[b][g], trace);
    }
  }
  for (auto& [p, period] : by_period) st.payments.push_back(std::move(period));
  GroupResults(st);
}

void Engine::GroupResults(Statement& st) {
  for (PaidGroups& pg : paid_groups_) {
    // The payment periods of the blocks paying this column.
    std::set<std::string> labels;
    for (const plan::Payment& pay : plan_.payments)
      if (pay.by == pg.by)
        for (const Period& period : PeriodsOf(pay.frequency, plan_.term_start, plan_.term_end))
          labels.insert(period.label);
    for (size_t g = 0; g < pg.names.size(); ++g) {
      GroupResult r;
      r.column = plan_.by_names[pg.by];
      r.name = pg.names[g];
      const std::vector<Value>* baseline = baseline_ == kNoPeriod ? nullptr : &pg.measures[g][baseline_];
      std::vector<Bounds> bounds;
      for (const plan::Target& t : plan_.targets) {
        bounds.push_back(TargetBounds(t, baseline));
        TargetResult tr;
        tr.measure = plan_.measures[t.measure].name;
        tr.description = bounds.back().description;
        Thresholds(t, bounds.back(), tr);
        r.targets.push_back(std::move(tr));
      }
      for (const plan::Outcome& o : plan_.outcomes) r.outcomes.push_back(OutcomeResult{o.name, o.title, {}});
      for (const plan::Gate& gate : plan_.gates) r.gates.push_back(GateResult{gate.name, gate.title, {}, {}});
      for (size_t p = 0; p < all_.size(); ++p) {
        if (!labels.count(all_[p].label)) continue;
        const std::string& label = all_[p].label;
        GroupAchievement ach = AchievementOf(bounds, pg.measures[g][p]);
        for (size_t t = 0; t < ach.targets.size(); ++t) r.targets[t].periods[label] = ach.targets[t];
        for (size_t o = 0; o < ach.outcomes.size(); ++o) r.outcomes[o].periods[label] = ach.outcomes[o].d;
        if (ach.contract) r.achievement[label] = *ach.contract;
        std::vector<Value> none;
        Scope scope = PeriodScope(p, periods_[p], none);
        scope.measures = &pg.measures[g][p];
        scope.previous_measures = prev_[p] == kNoPeriod ? nullptr : &pg.measures[g][prev_[p]];
        scope.baseline_measures = baseline;
        scope.outcome_achievement = &ach.outcomes;
        scope.achievement = ach.contract;
        scope.group = pg.names[g];
        for (size_t k = 0; k < plan_.gates.size(); ++k) {
          std::string why;
          std::optional<bool> passed = GateHolds(plan_.gates[k], scope, &why);
          r.gates[k].periods[label] = passed;
          if (!passed.value_or(false)) r.gates[k].why[label] = why;
        }
      }
      st.groups.push_back(std::move(r));
    }
  }
}

}  // namespace ocf::exec::engine
