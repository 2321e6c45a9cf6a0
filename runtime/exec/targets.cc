// Targets, outcomes and the contract's achievement, period by period (and
// for each group a `payment ... by` block pays): the Engine's part of
// statement_engine.h.
#include <algorithm>

#include <fmt/format.h>

#include "runtime/exec/statement_engine.h"
#include "runtime/wide_int.h"

namespace ocf::exec::engine {
namespace {

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
  text = GroupThousands(text);
  // A threshold is the author's figure: `40%`, not `40.00%`.
  if (plan.measures[t.measure].type_name == "percent") text = FormatPercentAsWritten(v.d);
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

}  // namespace

void Engine::Thresholds(const plan::Target& t, const Bounds& bounds, TargetResult& r) const {
  using Kind = TargetResult::Kind;
  r.kind = t.kind == plan::Target::Kind::AtLeast  ? Kind::AtLeast
           : t.kind == plan::Target::Kind::AtMost ? Kind::AtMost
                                                  : Kind::Range;
  // Numbers only: a target on a date or a duration is not drawn.
  ValueType m = plan_.measures[t.measure].type;
  if (m != ValueType::Int && m != ValueType::Decimal) return;
  auto number = [](ValueType type, const Value& v) -> std::optional<Decimal> {
    if (!v.present || (type != ValueType::Int && type != ValueType::Decimal)) return std::nullopt;
    return AsDecimal(type, v);
  };
  r.from = number(bounds.a_type, bounds.a);
  if (r.kind == Kind::Range) r.to = number(bounds.b_type, bounds.b);
}

std::string Engine::ChangeRange(const plan::Target& t, Value& from, Value& to,
                                const std::vector<Value>* baseline_measures) {
  const plan::Measure& m = plan_.measures[t.measure];
  Value change = from;  // R, as the target wrote it
  ValueType r_type = plan_.node(t.threshold).type;
  std::string written = t.relative ? FormatPercentAsWritten(change.d)
                        : t.points ? AsDecimal(r_type, change).ToString() + " points"
                                   : ShownThreshold(plan_, t, r_type, change);
  std::string description = fmt::format("{} by {} from baseline", t.increase ? "increased" : "reduced",
                                        change.present ? written : "missing");
  from = to = Value::Missing();
  if (!baseline_measures || !change.present) return description;
  const Value base = (*baseline_measures)[t.measure];
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

Engine::Bounds Engine::TargetBounds(const plan::Target& t, const std::vector<Value>* baseline_measures) {
  // Bounds may read measures at baseline, which are known by now.
  Scope constants;
  constants.inputs = in_.inputs;
  constants.baseline_measures = baseline_measures;
  Bounds out;
  out.a = eval_.Eval(t.threshold, constants);
  out.b = t.to == plan::kNoSlot ? Value() : eval_.Eval(t.to, constants);
  out.a_type = plan_.node(t.threshold).type;
  out.b_type = t.to == plan::kNoSlot ? out.a_type : plan_.node(t.to).type;
  if (t.kind == plan::Target::Kind::Change) {
    // From the baseline value to that value moved by the change: a range.
    out.description = ChangeRange(t, out.a, out.b, baseline_measures);
    out.a_type = out.b_type = ValueType::Decimal;
  } else {
    out.description = Describe(plan_, t, out.a, out.b);
  }
  return out;
}

TargetResult::PeriodResult Engine::Achieve(const plan::Target& t, const Bounds& bounds,
                                           const Value& v) const {
  const Decimal one = Decimal::FromInt(1), zero;
  const Value& a = bounds.a;
  const Value& b = bounds.b;
  TargetResult::PeriodResult pr{zero, "no data"};
  if (!v.present || !a.present ||
      (t.kind != plan::Target::Kind::AtLeast && t.kind != plan::Target::Kind::AtMost && !b.present))
    return pr;
  Decimal x = AsDecimal(plan_.measures[t.measure].type, v), lo = AsDecimal(bounds.a_type, a);
  if (t.kind == plan::Target::Kind::AtLeast) {
    pr.achievement = x >= lo ? one : zero;
  } else if (t.kind == plan::Target::Kind::AtMost) {
    pr.achievement = x <= lo ? one : zero;
  } else {
    Decimal hi = AsDecimal(bounds.b_type, b);
    Result<Decimal> above = Decimal::Sub(x, lo), width = Decimal::Sub(hi, lo);
    Result<Decimal> q =
        above.ok() && width.ok() ? Decimal::Div(*above, *width) : Result<Decimal>(ArithError::Overflow);
    if (!q.ok()) throw EvalError(plan_.node(t.threshold).span, "the target's thresholds are too far apart");
    pr.achievement = std::clamp(*q, zero, one);
  }
  pr.status = pr.achievement == one ? "met" : pr.achievement == zero ? "not met" : "partial";
  return pr;
}

// Weighted sums of achievements are kept exact (a product of two 18-digit
// fractions has 36 digits; the contract's, of three, 54) and rounded to 18
// digits once, half to even: `*` is exact in the language, and an outcome's
// rounding must not move the contract's last digit.
void Engine::Combine(const std::vector<Decimal>& targets, std::vector<Value>& outcomes,
                     std::optional<Decimal>& contract) const {
  outcomes.clear();
  std::vector<Exact> exact;
  for (const plan::Outcome& o : plan_.outcomes) {
    Exact sum;
    for (const auto& [target, weight] : o.targets) sum.Add(weight, targets[target]);
    exact.push_back(sum);
    outcomes.push_back(Value::Dec(sum.Rounded(1)));
  }
  contract.reset();
  if (plan_.outcomes.empty()) return;
  Exact sum;
  for (size_t o = 0; o < plan_.outcomes.size(); ++o) sum.Add(plan_.outcomes[o].weight, exact[o]);
  contract = sum.Rounded(2);
}

void Engine::Targets(Statement& st) {
  target_ach_.assign(all_.size(), {});
  outcome_ach_.assign(all_.size(), {});
  contract_ach_.assign(all_.size(), std::nullopt);
  const std::vector<Value>* baseline = baseline_ == kNoPeriod ? nullptr : &periods_[baseline_].measures;
  for (const plan::Target& t : plan_.targets) {
    TargetResult r;
    r.measure = plan_.measures[t.measure].name;
    const Bounds& bounds = bounds_.emplace_back(TargetBounds(t, baseline));
    r.description = bounds.description;
    Thresholds(t, bounds, r);
    for (size_t p = 0; p < all_.size(); ++p) {
      TargetResult::PeriodResult pr = Achieve(t, bounds, periods_[p].measures[t.measure]);
      target_ach_[p].push_back(pr.achievement);
      if (reported_[p] && p != baseline_) r.periods[all_[p].label] = pr;
    }
    st.targets.push_back(std::move(r));
  }
  for (size_t p = 0; p < all_.size(); ++p) Combine(target_ach_[p], outcome_ach_[p], contract_ach_[p]);
  for (size_t o = 0; o < plan_.outcomes.size(); ++o) {
    OutcomeResult r;
    r.name = plan_.outcomes[o].name;
    r.title = plan_.outcomes[o].title;
    for (size_t p = 0; p < all_.size(); ++p)
      if (reported_[p] && p != baseline_) r.periods[all_[p].label] = outcome_ach_[p][o].d;
    st.outcomes.push_back(std::move(r));
  }
  if (plan_.outcomes.empty()) return;
  st.has_achievement = true;
  for (size_t p = 0; p < all_.size(); ++p)
    if (reported_[p] && p != baseline_) st.achievement[all_[p].label] = *contract_ach_[p];
}

}  // namespace ocf::exec::engine
