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

#include "runtime/exec/aggregate.h"
#include "runtime/wide_int.h"

namespace ocf::exec {
namespace {

using interp::EvalError;
using interp::MissingPaymentError;
using interp::Scope;
using interp::Value;
using plan::AggregateOp;
using plan::ValueType;

Decimal AsDecimal(ValueType t, const Value& v) {
  return t == ValueType::Decimal ? v.d : Decimal::FromInt(v.i);
}

StatementValue Shown(ValueType type, const Value& v) {
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

GroupValues::Kind KindOf(ValueType type) {
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
void AddShown(GroupValues& groups, ValueType type, uint32_t period, const Value& v) {
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
  // thresholds (missing where there is no range). Returns its description.
  std::string ChangeRange(const plan::Target& t, Value& from, Value& to);
  // The values of a `by` measure for each group, period by period.
  void Groups(size_t measure, MeasureResult& r);
  void Payments(Statement& st);

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
  Payments(st);
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

bool Engine::ReadsContractYear(uint32_t agg) {
  if (reads_year_.empty()) reads_year_.resize(plan_.aggregates.size());
  std::optional<bool>& known = reads_year_[agg];
  if (!known) known = plan::ReadsContractYear(plan_, plan_.aggregates[agg]);
  return *known;
}

void Engine::Groups(size_t m, MeasureResult& r) {
  const plan::Measure& measure = plan_.measures[m];
  const std::string& by = plan_.by_names[measure.by_column_name];
  r.has_groups = true;
  const plan::Node& top = plan_.node(measure.value);
  bool percent_of = top.op == plan::Op::Aggregate && plan_.aggregates[top.slot].op == AggregateOp::PercentOf;
  const std::vector<uint32_t>& used = AggregatesOf(m);
  if (finest_.empty()) {
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
  // Each grouped aggregate's cells; an aggregate whose rows read
  // `contract_year` has its own per period.
  auto cells_of = [&](uint32_t slot, size_t p) -> const GroupCells& {
    bool per_period = ReadsContractYear(slot);
    auto key = std::make_pair(static_cast<size_t>(slot), per_period ? p : SIZE_MAX);
    auto it = group_states_.find(key);
    if (it == group_states_.end())
      it = group_states_.emplace(key, source_.GroupStates(slot, per_period ? &SpanOf(slot, p) : nullptr))
               .first;
    return it->second;
  };
  std::vector<const GroupCells*> cells(plan_.aggregates.size(), nullptr);
  for (uint32_t slot : used)
    if (plan_.aggregates[slot].by_column != plan::kNoSlot && !ReadsContractYear(slot))
      cells[slot] = &cells_of(slot, 0);
  // A cursor per sorted list, moved forward in step with the names.
  auto find = [](const GroupCells& g, size_t& cursor, std::string_view name) -> std::optional<size_t> {
    while (cursor < g.size() && g.layout->names[cursor] < name) ++cursor;
    if (cursor < g.size() && g.layout->names[cursor] == name) return cursor;
    return std::nullopt;
  };
  std::vector<size_t> cell_cursor(plan_.aggregates.size(), 0);
  std::vector<Value> aggs(plan_.aggregates.size());
  std::vector<uint32_t> reported;
  for (size_t p = 0; p < all_.size(); ++p)
    if (reported_[p]) reported.push_back(static_cast<uint32_t>(p));
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
  auto fill = [&](size_t p, std::vector<Value>& out, bool& any, AggState* top_state) {
    any = false;
    for (uint32_t slot : used) {
      const plan::Aggregate& a = plan_.aggregates[slot];
      if (a.by_column == plan::kNoSlot) {
        out[slot] = AggregateValue(slot, p, periods_[p]);
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
  for (std::string_view group : names) {
    name = group;
    for (uint32_t slot : by_slots) {
      group_cells[slot] = {0, 0};
      if (!cells[slot]) continue;
      if (std::optional<size_t> g = find(*cells[slot], cell_cursor[slot], name))
        group_cells[slot] = {cells[slot]->layout->begin[*g], cells[slot]->layout->begin[*g + 1]};
    }
    r.groups.StartGroup(name);
    for (uint32_t p : reported) {
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
      if (!any && empty[p]) {
        AddShown(r.groups, measure.type, p, *empty[p]);
        if (percent_of) r.groups.SetFraction(0, 0);
        continue;
      }
      AggState top_state;
      fill(p, aggs, any, &top_state);
      Scope scope = PeriodScope(p, periods_[p], aggs);
      std::function<Value(plan::Op, plan::ExprId)> step = [&](plan::Op o, plan::ExprId c) {
        return other(o, c, p, 0);
      };
      scope.other_in_group = &step;
      Value value = eval_.Eval(measure.value, scope);
      if (!any && !reads_earlier) empty[p] = value;
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

// A sum of products of non-negative Decimals, exact: after `depth` levels of
// products the value is an integer count of 10^(-18 * (depth + 1)). Weights
// sum to 100% and achievements lie in [0, 1], so the values stay near 1 and
// 256 bits hold them with room to spare.
class Exact {
 public:
  using U = wide::UInt<4>;
  // += weight * achievement (both Decimals).
  void Add(Decimal weight, Decimal achievement) {
    Accumulate(Mul(U::FromU128(Magnitude(weight)), U::FromU128(Magnitude(achievement))));
  }
  // += weight * inner, where inner sums products of two Decimals.
  void Add(Decimal weight, const Exact& inner) {
    Accumulate(Mul(U::FromU128(Magnitude(weight)), inner.sum_));
  }
  // The value to 18 digits, half to even, after `depth` levels of products.
  Decimal Rounded(int depth) const {
    U q = wide::DivPow10RoundHalfEven(sum_, 18 * depth);
    auto v = q.ToU128();
    if (!v || *v > static_cast<wide::u128>(Decimal::Max().units()))
      throw std::logic_error("achievement out of range");
    return Decimal::FromUnits(static_cast<__int128>(*v));
  }

 private:
  static wide::u128 Magnitude(Decimal d) {
    if (d.is_negative()) throw std::logic_error("a negative weight or achievement");
    return static_cast<wide::u128>(d.units());
  }
  static U Mul(const U& a, const U& b) {
    auto r = wide::Mul(a, b);
    if (!r) throw std::logic_error("achievement arithmetic out of range");
    return *r;
  }
  void Accumulate(const U& v) {
    if (!wide::AddInPlace(sum_, v)) throw std::logic_error("achievement arithmetic out of range");
  }
  U sum_;
};

// A threshold as the target's measure shows it.
std::string ShownThreshold(const plan::EvaluationPlan& plan, const plan::Target& t, ValueType type,
                           const Value& v) {
  if (!v.present) return "missing";
  std::string text = type == ValueType::Decimal ? v.d.ToString() : std::to_string(v.i);
  // As the table shows measures: a long fraction (a threshold worked out
  // from a baseline mean) to two places.
  if (size_t point = text.find('.'); point != std::string::npos && text.size() > point + 3)
    text = v.d.ToString(2);
  if (plan.measures[t.measure].type_name == "percent") text = FormatPercent(v.d);
  if (plan.measures[t.measure].type_name == "money") text = FormatMoney(v.d, plan.currency);
  return text;
}

std::string Describe(const plan::EvaluationPlan& plan, const plan::Target& t, const Value& a,
                     const Value& b) {
  auto shown = [&](const Value& v) {
    return ShownThreshold(plan, t, plan.node(&v == &a ? t.threshold : t.to).type, v);
  };
  switch (t.kind) {
    case plan::Target::Kind::Change:
      break;  // ChangeRange describes it, knowing the baseline value
    case plan::Target::Kind::AtLeast:
      return "at least " + shown(a);
    case plan::Target::Kind::AtMost:
      return "at most " + shown(a);
    case plan::Target::Kind::Range:
      return "from " + shown(a) + " to " + shown(b);
  }
  return "";
}

std::string Engine::ChangeRange(const plan::Target& t, Value& from, Value& to) {
  const plan::Measure& m = plan_.measures[t.measure];
  Value change = from;  // R, as the target wrote it
  ValueType r_type = plan_.node(t.threshold).type;
  std::string written = t.relative ? FormatPercent(change.d)
                        : t.points ? AsDecimal(r_type, change).ToString() + " points"
                                   : ShownThreshold(plan_, t, r_type, change);
  std::string description = fmt::format("{} by {} from baseline", t.increase ? "increased" : "reduced",
                                        change.present ? written : "missing");
  from = to = Value::Missing();
  if (baseline_ == kNoPeriod || !change.present) return description;
  const Value base = periods_[baseline_].measures[t.measure];
  Decimal r = AsDecimal(r_type, change);
  if (r.is_zero())
    throw EvalError(t.span, fmt::format("the target on `{}` asks for a change of zero", m.name));
  if (!base.present) return description + " (no baseline value)";
  Decimal b = AsDecimal(m.type, base);
  if (t.relative && b.is_zero()) return description + " (the baseline value is zero)";
  Result<Decimal> size = Result<Decimal>(r);
  if (t.relative) {
    Result<Decimal> magnitude = Decimal::Abs(b);
    size = magnitude.ok() ? Decimal::Mul(r, *magnitude) : magnitude;
  } else if (t.points) {
    size = Decimal::Div(r, Decimal::FromInt(100));
  }
  Result<Decimal> end = size.ok() ? (t.increase ? Decimal::Add(b, *size) : Decimal::Sub(b, *size)) : size;
  if (!end.ok())
    throw EvalError(t.span, fmt::format("the target on `{}` moves too far to hold exactly", m.name));
  from = Value::Dec(b);
  to = Value::Dec(*end);
  return fmt::format("{}: from {} to {}", description, ShownThreshold(plan_, t, ValueType::Decimal, from),
                     ShownThreshold(plan_, t, ValueType::Decimal, to));
}

void Engine::Targets(Statement& st) {
  const Decimal one = Decimal::FromInt(1), zero;
  target_ach_.assign(all_.size(), {});
  outcome_ach_.assign(all_.size(), {});
  contract_ach_.assign(all_.size(), std::nullopt);
  // Bounds may read measures at baseline, which are known by now.
  Scope constants;
  constants.inputs = in_.inputs;
  if (baseline_ != kNoPeriod) constants.baseline_measures = &periods_[baseline_].measures;
  for (const plan::Target& t : plan_.targets) {
    TargetResult r;
    r.measure = plan_.measures[t.measure].name;
    ValueType type = plan_.measures[t.measure].type;
    Value a = eval_.Eval(t.threshold, constants);
    Value b = t.to == plan::kNoSlot ? Value() : eval_.Eval(t.to, constants);
    ValueType a_type = plan_.node(t.threshold).type,
              b_type = t.to == plan::kNoSlot ? a_type : plan_.node(t.to).type;
    if (t.kind == plan::Target::Kind::Change) {
      // From the baseline value to that value moved by the change: a range.
      r.description = ChangeRange(t, a, b);
      a_type = b_type = ValueType::Decimal;
    } else {
      r.description = Describe(plan_, t, a, b);
    }
    for (size_t p = 0; p < all_.size(); ++p) {
      const Value& v = periods_[p].measures[t.measure];
      TargetResult::PeriodResult pr{zero, "no data"};
      if (v.present && a.present &&
          (t.kind == plan::Target::Kind::AtLeast || t.kind == plan::Target::Kind::AtMost || b.present)) {
        Decimal x = AsDecimal(type, v), lo = AsDecimal(a_type, a);
        if (t.kind == plan::Target::Kind::AtLeast) {
          pr.achievement = x >= lo ? one : zero;
        } else if (t.kind == plan::Target::Kind::AtMost) {
          pr.achievement = x <= lo ? one : zero;
        } else {
          Decimal hi = AsDecimal(b_type, b);
          Result<Decimal> above = Decimal::Sub(x, lo), width = Decimal::Sub(hi, lo);
          Result<Decimal> q =
              above.ok() && width.ok() ? Decimal::Div(*above, *width) : Result<Decimal>(ArithError::Overflow);
          if (!q.ok())
            throw EvalError(plan_.node(t.threshold).span, "the target's thresholds are too far apart");
          pr.achievement = std::clamp(*q, zero, one);
        }
        pr.status = pr.achievement == one ? "met" : pr.achievement == zero ? "not met" : "partial";
      }
      target_ach_[p].push_back(pr.achievement);
      if (reported_[p] && p != baseline_) r.periods[all_[p].label] = pr;
    }
    st.targets.push_back(std::move(r));
  }
  // Weighted sums of achievements are kept exact (a product of two 18-digit
  // fractions has 36 digits; the contract's, of three, 54) and rounded to 18
  // digits once, half to even: `*` is exact in the language, and an outcome's
  // rounding must not move the contract's last digit.
  std::vector<std::vector<Exact>> outcome_exact(all_.size());
  for (const plan::Outcome& o : plan_.outcomes) {
    OutcomeResult r;
    r.name = o.name;
    for (size_t p = 0; p < all_.size(); ++p) {
      Exact sum;
      for (const auto& [target, weight] : o.targets) sum.Add(weight, target_ach_[p][target]);
      Decimal rounded = sum.Rounded(1);
      outcome_exact[p].push_back(sum);
      outcome_ach_[p].push_back(Value::Dec(rounded));
      if (reported_[p] && p != baseline_) r.periods[all_[p].label] = rounded;
    }
    st.outcomes.push_back(std::move(r));
  }
  if (plan_.outcomes.empty()) return;
  st.has_achievement = true;
  for (size_t p = 0; p < all_.size(); ++p) {
    Exact sum;
    for (size_t o = 0; o < plan_.outcomes.size(); ++o) sum.Add(plan_.outcomes[o].weight, outcome_exact[p][o]);
    Decimal rounded = sum.Rounded(2);
    contract_ach_[p] = rounded;
    if (reported_[p] && p != baseline_) st.achievement[all_[p].label] = rounded;
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
  auto zeros = [&] {
    std::vector<std::vector<Decimal>> z;
    for (const plan::Payment& pay : plan_.payments) z.emplace_back(pay.items.size());
    return z;
  };
  std::vector<std::vector<Decimal>> so_far = zeros(), current = zeros();
  std::map<int, std::vector<std::vector<Decimal>>> by_year;
  std::vector<std::vector<Decimal>> none_this_year = zeros();
  size_t current_period = SIZE_MAX;
  auto add = [&](Decimal& into, Decimal amount, const plan::PaymentItem& item) {
    Result<Decimal> sum = Decimal::Add(into, amount);
    if (!sum.ok())
      throw EvalError(plan_.node(item.value).span, "the amount paid so far is too large to hold exactly");
    into = *sum;
  };
  auto close_period = [&] {
    if (current_period == SIZE_MAX) return;
    int year = all_[current_period].contract_year;
    auto& year_totals = by_year.try_emplace(year, zeros()).first->second;
    for (size_t b = 0; b < current.size(); ++b)
      for (size_t k = 0; k < current[b].size(); ++k) {
        add(so_far[b][k], current[b][k], plan_.payments[b].items[k]);
        add(year_totals[b][k], current[b][k], plan_.payments[b].items[k]);
        current[b][k] = Decimal();
      }
  };
  std::map<size_t, PaymentPeriod> by_period;  // statement order
  for (const auto& [p, b] : order) {
    if (p != current_period) {
      close_period();
      current_period = p;
    }
    const plan::Payment& pay = plan_.payments[b];
    const Period& period = all_[p];
    std::vector<Value> lets(pay.items.size());
    std::vector<Value> none;
    Scope scope = PeriodScope(p, periods_[p], none);
    scope.payment_lets = &lets;
    scope.outcome_achievement = &outcome_ach_[p];
    scope.achievement = contract_ach_[p];
    scope.paid_so_far = &so_far;
    auto year = by_year.find(period.contract_year);
    scope.paid_this_year = year == by_year.end() ? &none_this_year : &year->second;
    PaymentPeriod& out = by_period[p];
    out.label = period.label;
    for (size_t k = 0; k < pay.items.size(); ++k) {
      const plan::PaymentItem& item = pay.items[k];
      Value v = eval_.Eval(item.value, scope);
      if (item.is_let) {
        lets[k] = v;
        continue;
      }
      if (!v.present) throw MissingPaymentError(item.name, period.label, plan_.node(item.value).span);
      Result<Decimal> rounded = v.d.RoundHalfAwayFromZero(2);
      if (!rounded.ok())
        throw EvalError(plan_.node(item.value).span, "the amount is too large to hold exactly");
      out.lines.push_back({item.name, *rounded, item.shadow});
      current[b][k] = *rounded;
      if (item.shadow) continue;
      Result<Decimal> total = Decimal::Add(out.total, *rounded);
      if (!total.ok()) throw EvalError(plan_.node(item.value).span, "the total is too large to hold exactly");
      out.total = *total;
    }
  }
  for (auto& [p, period] : by_period) st.payments.push_back(std::move(period));
}

}  // namespace

Statement Evaluate(const EvaluateInput& input) { return Engine(input).Run(); }

}  // namespace ocf::exec
