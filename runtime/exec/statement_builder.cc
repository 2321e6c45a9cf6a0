// The period-level half of a run, shared by both engines: measures from the
// aggregates' states, `by` groups, targets, outcomes, achievement and
// payments. The row-level half (the scans) is the engine's own: the reference
// interpreter's row-by-row walk, or the compiled scans.
#include <algorithm>
#include <map>
#include <set>

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

class Engine {
 public:
  explicit Engine(const EvaluateInput& in) : in_(in), plan_(*in.plan), eval_(plan_), source_(*in.source) {}
  Statement Run();

 private:
  struct PeriodState {
    std::vector<std::optional<Value>> aggregates;  // overall
    std::vector<Value> measures;
    // Of each aggregate's state, what the statement shows besides its value:
    // a `percent of`'s numerator and denominator, the records skipped.
    struct Counts {
      int64_t rows = 0, hits = 0, skipped = 0;
    };
    std::vector<Counts> counts;
  };

  Value AggregateValue(size_t agg, size_t period, PeriodState& ps);
  // The aggregates each measure's value reads, each once, in the order of a
  // walk of its expression (a DAG: each node visited once).
  void FindAggregatesRead();
  Scope PeriodScope(size_t period, PeriodState& ps, std::vector<Value>& aggs);
  // Targets, outcomes and the contract's achievement, period by period.
  void Targets(Statement& st);
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
  // The reported periods (the first shown_), then any payment period they
  // lack (quarterly payments in a monthly contract): measures are needed there
  // too, but the statement does not show them.
  std::vector<Period> all_;
  size_t shown_ = 0;
  std::vector<PeriodState> periods_;
  std::map<std::string, int64_t> skipped_;    // "table\tmeasure" -> count over the term
  std::vector<std::vector<uint32_t>> reads_;  // per measure: FindAggregatesRead
};

void Engine::FindAggregatesRead() {
  // visited[node] == the measure's number + 1 once the walk has been there.
  std::vector<uint32_t> visited(plan_.nodes.size(), 0);
  std::vector<plan::ExprId> stack;
  reads_.assign(plan_.measures.size(), {});
  for (size_t m = 0; m < plan_.measures.size(); ++m) {
    const uint32_t mark = static_cast<uint32_t>(m + 1);
    stack.assign(1, plan_.measures[m].value);
    while (!stack.empty()) {
      plan::ExprId id = stack.back();
      stack.pop_back();
      if (visited[id] == mark) continue;
      visited[id] = mark;
      const plan::Node& n = plan_.node(id);
      if (n.op == plan::Op::Aggregate) reads_[m].push_back(n.slot);
      for (plan::ExprId c : n.children) stack.push_back(c);
    }
  }
}

Scope Engine::PeriodScope(size_t period, PeriodState& ps, std::vector<Value>& aggs) {
  const Period& p = all_[period];
  Scope scope;
  scope.inputs = in_.inputs;
  scope.measures = &ps.measures;
  scope.aggregates = &aggs;
  if (p.contract_year > 0) scope.contract_year = p.contract_year;
  return scope;
}

Value Engine::AggregateValue(size_t agg, size_t period, PeriodState& ps) {
  if (ps.aggregates[agg]) return *ps.aggregates[agg];
  const plan::Aggregate& a = plan_.aggregates[agg];
  AggState state = source_.State(agg, all_[period], nullptr);
  ps.counts[agg] = {state.rows, state.hits, state.skipped};
  Value v = Finish(state, a);
  ps.aggregates[agg] = v;
  return v;
}

Statement Engine::Run() {
  all_ = plan_.periods;
  shown_ = all_.size();
  for (const plan::Payment& pay : plan_.payments) {
    for (const Period& period : PeriodsOf(pay.frequency, plan_.term_start, plan_.term_end)) {
      bool known = false;
      for (const Period& q : all_) known |= q.label == period.label;
      if (!known) all_.push_back(period);
    }
  }
  Statement st;
  st.contract = plan_.contract_title;
  st.currency = plan_.currency;
  st.term_start = plan_.term_start;
  st.term_end = plan_.term_end;
  st.periods = plan_.periods;  // only the reported periods are shown
  periods_.resize(all_.size());
  const size_t na = plan_.aggregates.size(), nm = plan_.measures.size();

  // Measures, period by period, in dependency order.
  FindAggregatesRead();
  std::vector<Value> aggs(na);  // a measure reads those it has just set
  for (size_t p = 0; p < all_.size(); ++p) {
    PeriodState& ps = periods_[p];
    ps.aggregates.assign(na, std::nullopt);
    ps.counts.assign(na, {});
    ps.measures.assign(nm, Value());
    for (size_t m = 0; m < nm; ++m) {
      const plan::Measure& measure = plan_.measures[m];
      // The aggregates this measure reads, computed on first use.
      for (uint32_t slot : reads_[m]) aggs[slot] = AggregateValue(slot, p, ps);
      Scope scope = PeriodScope(p, ps, aggs);
      ps.measures[m] = eval_.Eval(measure.value, scope);
    }
  }

  // Skipped records over the term, per table and measure.
  size_t term = 0;
  for (size_t p = 0; p < all_.size(); ++p)
    if (all_[p].kind == PeriodKind::Term) term = p;
  for (size_t agg = 0; agg < na; ++agg) {
    const plan::Aggregate& a = plan_.aggregates[agg];
    if (!a.used || !a.counts_skipped || a.value == plan::kNoSlot) continue;
    AggregateValue(agg, term, periods_[term]);
    int64_t n = periods_[term].counts[agg].skipped;
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
        sv.numerator = periods_[p].counts[top.slot].hits;
        sv.denominator = periods_[p].counts[top.slot].rows;
      }
      if (p < shown_) r.values[all_[p].label] = sv;
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
    for (const auto& [key, n] : skipped_)
      if (key.substr(0, key.find('\t')) == d.name) d.skipped_missing[key.substr(key.find('\t') + 1)] += n;
    st.data.push_back(std::move(d));
  }
  return st;
}

void Engine::Groups(size_t m, MeasureResult& r) {
  const plan::Measure& measure = plan_.measures[m];
  const std::string& by = plan_.by_names[measure.by_column_name];
  r.has_groups = true;
  const plan::Node& top = plan_.node(measure.value);
  bool percent_of = top.op == plan::Op::Aggregate && plan_.aggregates[top.slot].op == AggregateOp::PercentOf;
  const std::vector<uint32_t>& used = reads_[m];
  std::vector<Value> aggs(plan_.aggregates.size());
  AggState top_state;
  for (size_t p = 0; p < shown_; ++p) {
    const Period& period = all_[p];
    PeriodState& ps = periods_[p];
    for (const std::string& g : source_.Groups(measure.tables, by, period)) {
      for (uint32_t slot : used) {
        const plan::Aggregate& a = plan_.aggregates[slot];
        if (a.by_column == plan::kNoSlot) {
          aggs[slot] = AggregateValue(slot, p, ps);
          continue;
        }
        AggState state = source_.State(slot, period, &g);
        aggs[slot] = Finish(state, a);
        if (percent_of && slot == top.slot) top_state = std::move(state);
      }
      Scope scope = PeriodScope(p, ps, aggs);
      StatementValue sv = Shown(measure.type, eval_.Eval(measure.value, scope));
      if (percent_of) {
        sv.numerator = top_state.hits;
        sv.denominator = top_state.rows;
      }
      r.groups[g][period.label] = sv;
    }
  }
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

std::string Describe(const plan::EvaluationPlan& plan, const plan::Target& t, const Value& a,
                     const Value& b) {
  auto shown = [&](const Value& v) {
    ValueType type = plan.node(&v == &a ? t.threshold : t.to).type;
    std::string text = type == ValueType::Decimal ? v.d.ToString() : std::to_string(v.i);
    if (plan.measures[t.measure].type_name == "percent") text = FormatPercent(v.d);
    if (plan.measures[t.measure].type_name == "money") text = FormatMoney(v.d, plan.currency);
    return text;
  };
  switch (t.kind) {
    case plan::Target::Kind::AtLeast:
      return "at least " + shown(a);
    case plan::Target::Kind::AtMost:
      return "at most " + shown(a);
    case plan::Target::Kind::Range:
      return "from " + shown(a) + " to " + shown(b);
  }
  return "";
}

void Engine::Targets(Statement& st) {
  const Decimal one = Decimal::FromInt(1), zero;
  target_ach_.assign(all_.size(), {});
  outcome_ach_.assign(all_.size(), {});
  contract_ach_.assign(all_.size(), std::nullopt);
  Scope constants;
  constants.inputs = in_.inputs;
  for (const plan::Target& t : plan_.targets) {
    TargetResult r;
    r.measure = plan_.measures[t.measure].name;
    ValueType type = plan_.measures[t.measure].type;
    Value a = eval_.Eval(t.threshold, constants);
    Value b = t.to == plan::kNoSlot ? Value() : eval_.Eval(t.to, constants);
    r.description = Describe(plan_, t, a, b);
    for (size_t p = 0; p < all_.size(); ++p) {
      const Value& v = periods_[p].measures[t.measure];
      TargetResult::PeriodResult pr{zero, "no data"};
      if (v.present && a.present && (t.kind != plan::Target::Kind::Range || b.present)) {
        Decimal x = AsDecimal(type, v), lo = AsDecimal(plan_.node(t.threshold).type, a);
        if (t.kind == plan::Target::Kind::AtLeast) {
          pr.achievement = x >= lo ? one : zero;
        } else if (t.kind == plan::Target::Kind::AtMost) {
          pr.achievement = x <= lo ? one : zero;
        } else {
          Decimal hi = AsDecimal(plan_.node(t.to).type, b);
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
      if (p < shown_) r.periods[all_[p].label] = pr;
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
      if (p < shown_) r.periods[all_[p].label] = rounded;
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
    if (p < shown_) st.achievement[all_[p].label] = rounded;
  }
}

void Engine::Payments(Statement& st) {
  std::map<std::string, size_t> index;
  for (size_t p = 0; p < all_.size(); ++p) index[all_[p].label] = p;
  std::map<size_t, PaymentPeriod> by_period;  // statement order
  for (const plan::Payment& pay : plan_.payments) {
    for (const Period& period : PeriodsOf(pay.frequency, plan_.term_start, plan_.term_end)) {
      size_t p = index.at(period.label);
      std::vector<Value> lets(pay.items.size());
      std::vector<Value> none;
      Scope scope = PeriodScope(p, periods_[p], none);
      scope.payment_lets = &lets;
      scope.outcome_achievement = &outcome_ach_[p];
      scope.achievement = contract_ach_[p];
      scope.period_start = period.start;
      scope.period_end = period.end;
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
        out.lines.push_back({item.name, *rounded});
        Result<Decimal> total = Decimal::Add(out.total, *rounded);
        if (!total.ok())
          throw EvalError(plan_.node(item.value).span, "the total is too large to hold exactly");
        out.total = *total;
      }
    }
  }
  // Statement order: by start date, shorter first.
  std::vector<size_t> order;
  for (const auto& [p, _] : by_period) order.push_back(p);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    if (all_[a].start != all_[b].start) return all_[a].start < all_[b].start;
    return all_[a].kind < all_[b].kind;
  });
  for (size_t p : order) st.payments.push_back(std::move(by_period[p]));
}

}  // namespace

Statement Evaluate(const EvaluateInput& input) { return Engine(input).Run(); }

}  // namespace ocf::exec
