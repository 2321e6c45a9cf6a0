// The period-level half of a run, shared by both engines: measures from the
// aggregates' states, `by` groups, targets, outcomes, achievement and
// payments. The row-level half (the scans) is the engine's own: the reference
// interpreter's row-by-row walk, or the compiled scans.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "runtime/exec/answers.h"
#include "runtime/exec/statement_engine.h"
#include "runtime/wide_int.h"

namespace ocf::exec {
namespace engine {

const std::vector<uint32_t>& Engine::AggregatesOf(size_t m) {
  if (aggregates_of_.empty()) aggregates_of_.resize(plan_.measures.size());
  std::optional<std::vector<uint32_t>>& known = aggregates_of_[m];
  if (known) return *known;
  // The plan is a DAG (lets, function arguments and measures' grouped
  // copies are shared): visit each node once.
  known.emplace();
  std::unordered_set<plan::ExprId> seen;
  plan::VisitOnce(plan_, plan_.measures[m].value, seen, [&](const plan::Node& n) {
    if (n.op == plan::Op::Aggregate) known->push_back(n.slot);
  });
  std::sort(known->begin(), known->end());
  return *known;
}

Scope Engine::PeriodScope(size_t period, PeriodState& ps, std::vector<Value>& aggs) {
  const Period& p = all_[period];
  Scope scope;
  scope.inputs = in_.inputs;
  scope.measures = &ps.measures;
  scope.aggregates = &aggs;
  if (p.contract_year > 0) scope.contract_year = p.contract_year;
  scope.period_start = p.start;
  scope.period_end = p.end;
  if (prev_[period] != kNoPeriod) scope.previous_measures = &periods_[prev_[period]].measures;
  if (baseline_ != kNoPeriod) scope.baseline_measures = &periods_[baseline_].measures;
  scope.window_days = &window_days_[period];
  return scope;
}

const interp::Evaluator& Engine::ShiftedEvaluator(size_t depth) {
  while (shifted_eval_.size() <= depth) shifted_eval_.push_back(std::make_unique<interp::Evaluator>(plan_));
  return *shifted_eval_[depth];
}

Value Engine::AggregateValue(size_t agg, size_t period, PeriodState& ps) {
  if (ps.aggregates[agg]) return *ps.aggregates[agg];
  const plan::Aggregate& a = plan_.aggregates[agg];
  ps.states[agg] = source_.State(agg, SpanOf(static_cast<uint32_t>(agg), period));
  Value v = Finish(ps.states[agg], a);
  ps.aggregates[agg] = v;
  return v;
}

Statement Engine::Run() {
  all_ = plan_.WorkedOutPeriods();
  std::set<std::string> reported;
  for (const Period& q : plan_.periods) reported.insert(q.label);
  for (const Period& q : all_) reported_.push_back(reported.count(q.label) > 0);
  const Timeline timeline = plan_.timeline();
  for (size_t p = 0; p < all_.size(); ++p) {
    if (all_[p].kind == PeriodKind::Baseline) baseline_ = p;
    windows_.emplace_back();
    window_days_.emplace_back();
    for (const Window& w : plan_.windows) {
      windows_[p].push_back(WindowOf(all_[p], w, timeline));
      window_days_[p].push_back(DaysRead(windows_[p].back(), timeline));
    }
  }
  // The previous period of each kind: periods are in order of end date, so
  // it comes (and is worked out) before. `term` has none.
  std::map<PeriodKind, size_t> last;
  for (size_t p = 0; p < all_.size(); ++p) {
    auto it = last.find(all_[p].kind);
    prev_.push_back(it == last.end() || all_[p].kind == PeriodKind::Term ? kNoPeriod : it->second);
    last[all_[p].kind] = p;
  }
  Statement st;
  st.contract = plan_.contract_title;
  st.currency = plan_.currency;
  st.term_start = plan_.term_start;
  st.term_end = plan_.term_end;
  st.periods = all_;  // every period the statement mentions
  periods_.resize(all_.size());
  const size_t na = plan_.aggregates.size(), nm = plan_.measures.size();

  // Measures, period by period, in dependency order.
  for (size_t p = 0; p < all_.size(); ++p) {
    PeriodState& ps = periods_[p];
    ps.aggregates.assign(na, std::nullopt);
    ps.states.assign(na, AggState{});
    ps.measures.assign(nm, Value());
    std::vector<Value> aggs(na);
    for (size_t m = 0; m < nm; ++m) {
      const plan::Measure& measure = plan_.measures[m];
      // The aggregates this measure reads, computed on first use.
      for (uint32_t a : AggregatesOf(m)) aggs[a] = AggregateValue(a, p, ps);
      Scope scope = PeriodScope(p, ps, aggs);
      ps.measures[m] = eval_.Eval(measure.value, scope);
    }
  }

  // Skipped records over the term (whatever the aggregate's window), per
  // table and measure.
  size_t term = 0;
  for (size_t p = 0; p < all_.size(); ++p)
    if (all_[p].kind == PeriodKind::Term) term = p;
  for (size_t agg = 0; agg < na; ++agg) {
    const plan::Aggregate& a = plan_.aggregates[agg];
    if (!a.used || !a.counts_skipped || a.value == plan::kNoSlot) continue;
    int64_t n = 0;
    if (a.window == plan::kNoSlot) {
      AggregateValue(agg, term, periods_[term]);  // the term's state, kept
      n = periods_[term].states[agg].skipped;
    } else {
      n = source_.State(agg, all_[term]).skipped;  // the whole term, not its window
    }
    if (n) skipped_[plan_.tables[a.table].name + "\t" + plan_.measures[a.measure].name] += n;
  }

  // The columns payment blocks pay by: their groups, each starting from the
  // overall values (Groups fills in the column's `by` measures).
  for (const plan::Payment& pay : plan_.payments) {
    if (pay.by == plan::kNoSlot || PaidGroupsOf(pay.by)) continue;
    PaidGroups& paid = paid_groups_.emplace_back();
    paid.by = pay.by;
    std::set<std::string> names;
    for (const plan::Measure& measure : plan_.measures)
      if (measure.by_column_name == pay.by)
        for (std::string_view name : GroupNames(measure)) names.emplace(name);
    paid.names.assign(names.begin(), names.end());
    // A payment by group pays providers, a handful of them: each group's
    // measures are kept in every period. Paying a million groups (`by
    // nhs_number`) is refused rather than let run out of memory.
    constexpr size_t kMaxValues = 20'000'000;
    if (paid.names.size() * all_.size() * nm > kMaxValues)
      throw EvalError(pay.by_span,
                      fmt::format("`payment ... by {}` would pay {} groups over {} periods: too many to hold "
                                  "(a payment by group is for providers, at most {} group-period values of "
                                  "every measure)",
                                  plan_.by_names[pay.by], paid.names.size(), all_.size(), kMaxValues));
    paid.measures.assign(paid.names.size(), {});
    for (auto& group : paid.measures)
      for (size_t p = 0; p < all_.size(); ++p) group.push_back(periods_[p].measures);
  }

  for (size_t m = 0; m < nm; ++m) {
    const plan::Measure& measure = plan_.measures[m];
    MeasureResult r;
    r.name = measure.name;
    r.title = measure.title;
    r.type = measure.type_name;
    const plan::Node& top = plan_.node(measure.value);
    bool percent_of =
        top.op == plan::Op::Aggregate && plan_.aggregates[top.slot].op == AggregateOp::PercentOf;
    for (size_t p = 0; p < all_.size(); ++p) {
      StatementValue sv = Shown(measure.type, periods_[p].measures[m]);
      if (percent_of) {
        sv.numerator = periods_[p].states[top.slot].hits;
        sv.denominator = periods_[p].states[top.slot].rows;
      }
      if (reported_[p]) r.values[all_[p].label] = sv;
    }
    if (measure.by_column_name != plan::kNoSlot) Groups(m, r);
    st.measures.push_back(std::move(r));
  }
  Targets(st);
  Gates(st);
  Payments(st);
  ExplainFigures(st);
  for (size_t t = 0; t < plan_.tables.size(); ++t) {
    DataSummary d;
    d.name = plan_.tables[t].name;
    d.rows = in_.table_rows[t];
    d.outside_term = source_.OutsideTerm(t);
    if (plan_.baseline) d.baseline = source_.BaselineRows(t);
    for (const auto& [key, n] : skipped_)
      if (key.substr(0, key.find('\t')) == d.name) d.skipped_missing[key.substr(key.find('\t') + 1)] += n;
    st.data.push_back(std::move(d));
  }
  return st;
}

bool Engine::PerPeriod(uint32_t agg) {
  if (reads_year_.empty()) reads_year_.resize(plan_.aggregates.size());
  std::optional<bool>& known = reads_year_[agg];
  // Per period too where the source cannot roll this aggregate up.
  if (!known) known = plan::ReadsContractYear(plan_, plan_.aggregates[agg]) || !source_.Mergeable(agg);
  return *known;
}

void Engine::EnsureFinest() {
  if (finest_ready_) return;
  finest_ready_ = true;
  finest_ = plan_.finest;
  // Each period, and each of its windows, is a run of consecutive finest
  // periods (found once, not per group).
  auto run = [&](const Period& p) {
    PeriodRange range = FinestIn(finest_, p);
    return std::make_pair(static_cast<uint32_t>(range.first), static_cast<uint32_t>(range.last));
  };
  for (size_t p = 0; p < all_.size(); ++p) {
    span_.push_back(run(all_[p]));
    window_span_.emplace_back();
    for (const Period& w : windows_[p]) window_span_[p].push_back(run(w));
  }
}

std::vector<std::string_view> Engine::GroupNames(const plan::Measure& measure) {
  EnsureFinest();
  const std::string& by = plan_.by_names[measure.by_column_name];
  // Where the groups are: each table's `by` column.
  std::vector<const GroupCells*> presence;
  for (uint32_t t : measure.tables)
    for (size_t c = 0; c < plan_.tables[t].columns.size(); ++c)
      if (plan_.tables[t].columns[c].name == by) {
        auto it = presence_.find({t, c});
        if (it == presence_.end()) it = presence_.emplace(std::make_pair(t, c), source_.Presence(t, c)).first;
        presence.push_back(&it->second);
      }
  // Every group of every table, in order of name (one table's are already):
  // those with records in the term (a group seen only in the baseline is
  // not one of the term's).
  std::vector<std::string_view> names;
  uint32_t first_term = 0;
  while (first_term < finest_.size() && finest_[first_term].kind == PeriodKind::Baseline) ++first_term;
  for (const GroupCells* g : presence) {
    const GroupLayout& layout = *g->layout;
    if (first_term == 0) {
      names.insert(names.end(), layout.names.begin(), layout.names.end());
      continue;
    }
    for (size_t i = 0; i < layout.size(); ++i)
      if (layout.begin[i + 1] > layout.begin[i] && layout.finest[layout.begin[i + 1] - 1] >= first_term)
        names.push_back(layout.names[i]);
  }
  if (presence.size() > 1) {
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
  }
  return names;
}

void Engine::Groups(size_t m, MeasureResult& r) {
  const plan::Measure& measure = plan_.measures[m];
  r.has_groups = true;
  const plan::Node& top = plan_.node(measure.value);
  bool percent_of = top.op == plan::Op::Aggregate && plan_.aggregates[top.slot].op == AggregateOp::PercentOf;
  const std::vector<uint32_t>& used = AggregatesOf(m);
  const std::vector<std::string_view> own = GroupNames(measure);
  // A column a `payment ... by` block pays: every group of the column's
  // measures is worked out in every period, and kept for the payments.
  PaidGroups* paid = PaidGroupsOf(measure.by_column_name);
  std::vector<std::string_view> names = own;
  if (paid) names.assign(paid->names.begin(), paid->names.end());
  // Each grouped aggregate's cells; an aggregate whose rows read
  // `contract_year` has its own per period.
  auto cells_of = [&](uint32_t slot, size_t p) -> const GroupCells& {
    bool per_period = PerPeriod(slot);
    auto key = std::make_pair(static_cast<size_t>(slot), per_period ? p : SIZE_MAX);
    auto it = group_states_.find(key);
    if (it == group_states_.end())
      it = group_states_.emplace(key, source_.GroupStates(slot, per_period ? &SpanOf(slot, p) : nullptr))
               .first;
    return it->second;
  };
  std::vector<const GroupCells*> cells(plan_.aggregates.size(), nullptr);
  for (uint32_t slot : used)
    if (plan_.aggregates[slot].by_column != plan::kNoSlot && !PerPeriod(slot))
      cells[slot] = &cells_of(slot, 0);
  // A cursor per sorted list, moved forward in step with the names.
  auto find = [](const GroupCells& g, size_t& cursor, std::string_view name) -> std::optional<size_t> {
    while (cursor < g.size() && g.layout->names[cursor] < name) ++cursor;
    if (cursor < g.size() && g.layout->names[cursor] == name) return cursor;
    return std::nullopt;
  };
  std::vector<size_t> cell_cursor(plan_.aggregates.size(), 0);
  std::vector<Value> aggs(plan_.aggregates.size());
  std::vector<uint32_t> reported, worked;
  for (size_t p = 0; p < all_.size(); ++p) {
    if (reported_[p]) reported.push_back(static_cast<uint32_t>(p));
    if (reported_[p] || paid) worked.push_back(static_cast<uint32_t>(p));
  }
  // Every group has a value in every reported period (LANGUAGE.md §3). Where
  // none of a group's rows is in the period the value is the same for every
  // such group (its counts 0, its means missing): worked out once a period.
  std::vector<std::optional<Value>> empty(all_.size());
  std::vector<uint32_t> by_slots;
  for (uint32_t slot : used)
    if (plan_.aggregates[slot].by_column != plan::kNoSlot) by_slots.push_back(slot);
  r.groups = GroupValues(KindOf(measure.type), percent_of, reported);
  r.groups.Reserve(names.size());
  // The group's cells in each by aggregate's layout: [first, end).
  std::vector<std::pair<uint32_t, uint32_t>> group_cells(plan_.aggregates.size());
  std::string_view name;  // the group being worked out
  // The group's aggregates in period p, from its cells there; `any`: whether
  // any of its rows there reached one.
  // `keep`: each aggregate's state, for `ocf explain`.
  auto fill = [&](size_t p, std::vector<Value>& out, bool& any, AggState* top_state,
                  std::vector<AggState>* keep = nullptr) {
    any = false;
    for (uint32_t slot : used) {
      const plan::Aggregate& a = plan_.aggregates[slot];
      if (a.by_column == plan::kNoSlot) {
        out[slot] = AggregateValue(slot, p, periods_[p]);
        if (keep) (*keep)[slot] = periods_[p].states[slot];
        continue;
      }
      const auto [lo, hi] = FinestSpan(slot, p);
      AggState state;
      const GroupCells* g = cells[slot];
      std::pair<uint32_t, uint32_t> range = group_cells[slot];
      if (!g) {  // per period: look the name up
        g = &cells_of(slot, p);
        const std::vector<std::string_view>& all = g->layout->names;
        auto it = std::lower_bound(all.begin(), all.end(), name);
        range = {0, 0};
        if (it != all.end() && *it == name) {
          size_t at = static_cast<size_t>(it - all.begin());
          range = {g->layout->begin[at], g->layout->begin[at + 1]};
        }
      }
      const GroupLayout& layout = *g->layout;
      for (uint32_t c = range.first; c < range.second; ++c)
        if (layout.finest[c] >= lo && layout.finest[c] < hi && g->states[c].rows) {
          state.Merge(g->states[c], a);
          any = true;
        }
      out[slot] = Finish(state, a);
      if (keep) (*keep)[slot] = state;
      if (top_state && percent_of && slot == top.slot) *top_state = std::move(state);
    }
  };
  // `MEASURE in previous period` and `MEASURE at baseline` inside the
  // measure: the group's measure in the period before or the baseline, from
  // its aggregates there (each step is an evaluation of its own).
  std::function<Value(plan::Op, plan::ExprId, size_t, size_t)> other = [&](plan::Op op, plan::ExprId child,
                                                                           size_t p, size_t depth) -> Value {
    size_t q = op == plan::Op::AtBaseline ? baseline_ : prev_[p];
    if (q == kNoPeriod) return Value::Missing();
    std::vector<Value> q_aggs(plan_.aggregates.size());
    bool any_there = false;
    fill(q, q_aggs, any_there, nullptr);
    Scope scope = PeriodScope(q, periods_[q], q_aggs);
    std::function<Value(plan::Op, plan::ExprId)> step = [&](plan::Op o, plan::ExprId c) {
      return other(o, c, q, depth + 1);
    };
    scope.other_in_group = &step;
    return ShiftedEvaluator(depth).Eval(child, scope);
  };
  // A value reading another period is the group's own even where the group
  // has no rows: no value is shared between groups then.
  bool reads_earlier = false;
  {
    std::unordered_set<plan::ExprId> seen;
    plan::VisitOnce(plan_, measure.value, seen, [&](const plan::Node& n) {
      reads_earlier |= n.op == plan::Op::PreviousPeriod || n.op == plan::Op::AtBaseline;
    });
  }
  size_t own_cursor = 0;
  for (size_t g = 0; g < names.size(); ++g) {
    std::string_view group = names[g];
    name = group;
    while (own_cursor < own.size() && own[own_cursor] < group) ++own_cursor;
    const bool is_own = own_cursor < own.size() && own[own_cursor] == group;
    for (uint32_t slot : by_slots) {
      group_cells[slot] = {0, 0};
      if (!cells[slot]) continue;
      if (std::optional<size_t> at = find(*cells[slot], cell_cursor[slot], name))
        group_cells[slot] = {cells[slot]->layout->begin[*at], cells[slot]->layout->begin[*at + 1]};
    }
    if (is_own) r.groups.StartGroup(name);
    for (uint32_t p : worked) {
      const bool shown = is_own && reported_[p];
      // Whether any of the group's rows in the period reached an aggregate.
      bool any = reads_earlier;
      for (size_t k = 0; k < by_slots.size() && !any; ++k) {
        uint32_t slot = by_slots[k];
        if (!cells[slot]) {
          any = true;  // cells of its own per period: looked at below
          break;
        }
        const auto [lo, hi] = FinestSpan(slot, p);
        const GroupLayout& layout = *cells[slot]->layout;
        for (uint32_t c = group_cells[slot].first; c < group_cells[slot].second && !any; ++c)
          any = layout.finest[c] >= lo && layout.finest[c] < hi && cells[slot]->states[c].rows;
      }
      const bool explaining = Explaining(ExplainRequest::What::Measure, measure.name, p, group);
      if (!any && empty[p] && !explaining) {
        if (paid) paid->measures[g][p][m] = *empty[p];
        if (!shown) continue;
        AddShown(r.groups, measure.type, p, *empty[p]);
        if (percent_of) r.groups.SetFraction(0, 0);
        continue;
      }
      AggState top_state;
      std::vector<AggState> kept;
      if (explaining) kept.resize(plan_.aggregates.size());
      fill(p, aggs, any, &top_state, explaining ? &kept : nullptr);
      Scope scope = PeriodScope(p, periods_[p], aggs);
      std::function<Value(plan::Op, plan::ExprId)> step = [&](plan::Op o, plan::ExprId c) {
        return other(o, c, p, 0);
      };
      scope.other_in_group = &step;
      Value value = eval_.Eval(measure.value, scope);
      if (explaining) ExplainGroupMeasure(static_cast<uint32_t>(m), p, group, scope, kept, value);
      if (!any && !reads_earlier) empty[p] = value;
      if (paid) paid->measures[g][p][m] = value;
      if (!shown) continue;
      AddShown(r.groups, measure.type, p, value);
      if (percent_of) r.groups.SetFraction(top_state.hits, top_state.rows);
    }
  }
  // Cells no later `by` measure reads are let go (a million groups' states
  // should not all be held to the end).
  if (last_reader_.empty()) {
    last_reader_.assign(plan_.aggregates.size(), 0);
    for (size_t k = 0; k < plan_.measures.size(); ++k)
      if (plan_.measures[k].by_column_name != plan::kNoSlot)
        for (uint32_t a : AggregatesOf(k)) last_reader_[a] = k;
  }
  for (auto it = group_states_.begin(); it != group_states_.end();)
    it = last_reader_[it->first.first] > m ? std::next(it) : group_states_.erase(it);
}
}  // namespace engine

Statement Evaluate(const EvaluateInput& input) {
  if (!input.record) return engine::Engine(input).Run();
  // The same evaluation, each answer of the source kept as it is given.
  RecordingSource recording(*input.source, *input.record);
  EvaluateInput recorded = input;
  recorded.source = &recording;
  recorded.record = nullptr;
  input.record->table_rows = input.table_rows;
  return engine::Engine(recorded).Run();
}

}  // namespace ocf::exec
