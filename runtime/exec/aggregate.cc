#include "runtime/exec/aggregate.h"

#include <algorithm>
#include <numeric>

#include "runtime/wide_int.h"

namespace ocf::exec {
namespace {

using interp::EvalError;
using interp::Value;
using plan::AggregateOp;
using plan::ValueType;

template <typename T>
T Checked(Result<T> r, const plan::Aggregate& a) {
  if (r.ok()) return *r;
  throw EvalError(a.span, r.error() == ArithError::Overflow ? "the result is too large to hold exactly"
                                                            : "division by zero");
}

// A sum's total in its type; beyond it, the located overflow error.
Decimal Total(const AggState& s, const plan::Aggregate& a) {
  std::optional<__int128> v = s.sum.Narrow();
  if (!v) throw EvalError(a.span, "the result is too large to hold exactly");
  return Decimal::FromUnits(*v);
}

int64_t IntTotal(const AggState& s, const plan::Aggregate& a) {
  std::optional<__int128> v = s.sum.Narrow();
  if (!v || *v > INT64_MAX || *v < INT64_MIN)
    throw EvalError(a.span, "the result is too large to hold exactly");
  return static_cast<int64_t>(*v);
}

Decimal KeyAsDecimal(ValueType t, __int128 key) {
  return t == ValueType::Decimal ? Decimal::FromUnits(key) : Decimal::FromInt(static_cast<int64_t>(key));
}

// PERCENTILE.INC: rank h = (n - 1) * p; interpolate between the values on either side.
Value Percentile(ValueBag& bag, Decimal p, const plan::Aggregate& a) {
  uint64_t n = bag.size();
  if (!n) return Value::Missing();
  Decimal h = Checked(Decimal::Mul(Decimal::FromInt(static_cast<int64_t>(n) - 1), p), a);
  Decimal floor = Checked(h.RoundHalfAwayFromZero(0), a);
  if (floor > h) floor = Checked(Decimal::Sub(floor, Decimal::FromInt(1)), a);
  uint64_t lower = static_cast<uint64_t>(*floor.ToInt64());
  Decimal lo = KeyAsDecimal(a.value_type, bag.Kth(lower));
  if (lower + 1 >= n) return Value::Dec(lo);
  Decimal hi = KeyAsDecimal(a.value_type, bag.Kth(lower + 1));
  Decimal frac = Checked(Decimal::Sub(h, floor), a);
  Decimal step = Checked(Decimal::Mul(frac, Checked(Decimal::Sub(hi, lo), a)), a);
  return Value::Dec(Checked(Decimal::Add(lo, step), a));
}

}  // namespace

Result<Decimal> WideSum::Quotient(uint64_t n, bool whole) const {
  using U = wide::UInt<4>;
  if (!n) return ArithError::DivisionByZero;
  // |total| (a two's complement negation, which cannot wrap: the sum of
  // 128-bit terms is far from 2^255), scaled to units for ints.
  bool negative = w_[3] >> 63;
  U magnitude;
  for (int i = 0; i < 4; ++i) magnitude.limb[i] = negative ? ~w_[i] : w_[i];
  if (negative) wide::Increment(magnitude);
  if (whole) {
    std::optional<U> scaled = wide::MulSmall(magnitude, wide::Pow10Small(Decimal::kScale));
    if (!scaled) return ArithError::Overflow;
    magnitude = *scaled;
  }
  std::optional<wide::u128> q = wide::DivRoundHalfEven(magnitude, U::FromU128(n)).ToU128();
  const wide::u128 limit = static_cast<wide::u128>(1) << 127;  // |Decimal::Min()|
  if (!q || *q > (negative ? limit : limit - 1)) return ArithError::Overflow;
  return Decimal::FromUnits(negative ? static_cast<__int128>(-*q) : static_cast<__int128>(*q));
}

void AggState::Merge(const AggState& o, const plan::Aggregate& a) {
  rows += o.rows;
  hits += o.hits;
  skipped += o.skipped;
  if (o.n) {
    if (a.op == AggregateOp::Min || a.op == AggregateOp::Max) {
      int c = n ? interp::CompareValues(a.value_type, o.best, best) : 0;
      if (!n || (a.op == AggregateOp::Min ? c < 0 : c > 0)) best = o.best;
    }
    sum.Add(o.sum);
    bag.Merge(o.bag);
  }
  n += o.n;
}

Value Finish(AggState& s, const plan::Aggregate& a) {
  ValueBag bag = std::move(s.bag);
  switch (a.op) {
    case AggregateOp::Count:
      return Value::Int(s.rows);
    case AggregateOp::CountDistinct:
      return Value::Int(static_cast<int64_t>(bag.Distinct()));
    case AggregateOp::PercentOf:
      if (!s.rows) return Value::Missing();
      return Value::Dec(Checked(IntDiv(s.hits, s.rows), a));
    case AggregateOp::Sum:
      if (a.value_type == ValueType::Decimal) return Value::Dec(Total(s, a));
      return Value::Int(IntTotal(s, a));
    case AggregateOp::Mean:
      // Divided in 256 bits: the sum may not fit where the mean does.
      if (!s.n) return Value::Missing();
      return Value::Dec(
          Checked(s.sum.Quotient(static_cast<uint64_t>(s.n), a.value_type != ValueType::Decimal), a));
    case AggregateOp::Median:
      return Percentile(bag, *Decimal::Parse("0.5"), a);
    case AggregateOp::Percentile:
      return Percentile(bag, *Decimal::Parse(std::to_string(a.percentile), -2), a);
    case AggregateOp::Min:
    case AggregateOp::Max:
      return s.n ? s.best : Value::Missing();
  }
  return Value::Missing();
}

}  // namespace ocf::exec

namespace ocf::exec {

GroupCells ArrangeCells(const std::vector<std::string_view>& code_names, const std::vector<uint64_t>& keys,
                        size_t finest_count, std::vector<AggState> states, std::vector<int64_t> rows) {
  const uint64_t F = finest_count;
  // The codes that have cells, in order of their names.
  std::vector<uint8_t> used(code_names.size(), 0);
  for (uint64_t k : keys) used[k / F] = 1;
  std::vector<uint32_t> codes;
  for (uint32_t c = 0; c < code_names.size(); ++c)
    if (used[c]) codes.push_back(c);
  std::sort(codes.begin(), codes.end(),
            [&](uint32_t a, uint32_t b) { return code_names[a] < code_names[b]; });
  std::vector<uint32_t> rank(code_names.size(), 0);
  for (uint32_t r = 0; r < codes.size(); ++r) rank[codes[r]] = r;
  // Cells in order of (name, finest period).
  std::vector<uint32_t> order(keys.size());
  std::iota(order.begin(), order.end(), 0u);
  auto sort_key = [&](uint32_t i) { return static_cast<uint64_t>(rank[keys[i] / F]) * F + keys[i] % F; };
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) { return sort_key(a) < sort_key(b); });
  GroupCells out;
  out.names.reserve(codes.size());
  for (uint32_t c : codes) out.names.emplace_back(code_names[c]);
  out.begin.assign(codes.size() + 1, 0);
  out.finest.reserve(keys.size());
  if (!states.empty()) out.states.reserve(keys.size());
  if (!rows.empty()) out.rows.reserve(keys.size());
  for (uint32_t i : order) {
    ++out.begin[rank[keys[i] / F] + 1];
    out.finest.push_back(static_cast<uint32_t>(keys[i] % F));
    if (!states.empty()) out.states.push_back(std::move(states[i]));
    if (!rows.empty()) out.rows.push_back(rows[i]);
  }
  for (size_t g = 0; g < codes.size(); ++g) out.begin[g + 1] += out.begin[g];
  return out;
}

}  // namespace ocf::exec
