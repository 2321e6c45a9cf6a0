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

// 1%, in a Decimal's units.
constexpr __int128 kHundredth = 10'000'000'000'000'000;

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
  if (o.distinct() >= 0) {
    // A count worked out for one span cannot be added to another's.
    if (distinct() >= 0 || (extra_ && extra_->bag.size()))
      throw EvalError(a.span, "internal error: two distinct counts worked out elsewhere merged");
    set_distinct(o.distinct());
  }
  rows += o.rows;
  hits += o.hits;
  skipped += o.skipped;
  if (o.n) {
    if (a.op == AggregateOp::Min || a.op == AggregateOp::Max) {
      int c = n ? interp::CompareValues(a.value_type, o.best(), best()) : 0;
      if (!n || (a.op == AggregateOp::Min ? c < 0 : c > 0)) set_best(o.best());
    }
    sum.Add(o.sum);
    if (o.extra_ && o.extra_->bag.size()) bag().Merge(o.extra_->bag);
  }
  n += o.n;
}

Value Finish(AggState& s, const plan::Aggregate& a) {
  ValueBag bag = s.TakeBag();
  switch (a.op) {
    case AggregateOp::Count:
      return Value::Int(s.rows);
    case AggregateOp::CountDistinct:
      if (s.distinct() >= 0) return Value::Int(s.distinct());
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
      return Percentile(bag, Decimal::FromUnits(kHundredth * 50), a);
    case AggregateOp::Percentile:
      return Percentile(bag, Decimal::FromUnits(kHundredth * a.percentile), a);
    case AggregateOp::Min:
    case AggregateOp::Max:
      return s.n ? s.best() : Value::Missing();
  }
  return Value::Missing();
}

}  // namespace ocf::exec

namespace ocf::exec {

CodeOrder SortCodes(std::vector<std::string_view> names) {
  // Sorted by each name's first eight bytes as a big-endian number (most
  // names differ there), and only names sharing them compared in full.
  auto prefix = [](std::string_view name) {
    uint64_t key = 0;
    for (size_t i = 0; i < 8; ++i)
      key = key << 8 | (i < name.size() ? static_cast<unsigned char>(name[i]) : 0u);
    return key;
  };
  std::vector<std::pair<uint64_t, uint32_t>> keyed(names.size());
  for (uint32_t c = 0; c < names.size(); ++c) keyed[c] = {prefix(names[c]), c};
  std::sort(keyed.begin(), keyed.end(), [&](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first < b.first;
    return names[a.second] < names[b.second];
  });
  CodeOrder out;
  out.sorted.reserve(names.size());
  for (const auto& k : keyed) out.sorted.push_back(k.second);
  out.names = std::move(names);
  return out;
}

GroupLayout LayOutCells(const CodeOrder& codes, const std::vector<uint64_t>& keys, size_t finest_count,
                        std::vector<uint32_t>& position) {
  const uint64_t F = finest_count;
  // The codes that have cells, ranked in order of their names.
  const uint32_t kUnused = UINT32_MAX;
  std::vector<uint32_t> rank(codes.names.size(), kUnused);
  for (uint64_t k : keys) rank[k / F] = 0;
  GroupLayout out;
  for (uint32_t c : codes.sorted)
    if (rank[c] != kUnused) {
      rank[c] = static_cast<uint32_t>(out.names.size());
      out.names.push_back(codes.names[c]);
    }
  // Cells in order of (name, finest period), by counting: order[k] is the
  // k-th cell. A group's cells (a few) are then put in period order.
  out.begin.assign(out.names.size() + 1, 0);
  for (uint64_t k : keys) ++out.begin[rank[k / F] + 1];
  for (size_t g = 0; g < out.names.size(); ++g) out.begin[g + 1] += out.begin[g];
  std::vector<uint32_t> order(keys.size());
  {
    std::vector<uint32_t> next(out.begin.begin(), out.begin.end() - 1);
    for (uint32_t i = 0; i < keys.size(); ++i) order[next[rank[keys[i] / F]]++] = i;
  }
  auto period = [&](uint32_t i) { return keys[i] % F; };
  for (size_t g = 0; g < out.names.size(); ++g)
    std::sort(order.begin() + out.begin[g], order.begin() + out.begin[g + 1],
              [&](uint32_t a, uint32_t b) { return period(a) < period(b); });
  out.finest.resize(keys.size());
  position.resize(keys.size());
  for (uint32_t k = 0; k < order.size(); ++k) {
    out.finest[k] = static_cast<uint32_t>(period(order[k]));
    position[order[k]] = k;
  }
  return out;
}

GroupCells ArrangeCells(const CodeOrder& codes, const std::vector<uint64_t>& keys, size_t finest_count,
                        std::vector<AggState> states, std::vector<int64_t> rows) {
  std::vector<uint32_t> position;
  GroupCells out;
  out.layout = std::make_shared<GroupLayout>(LayOutCells(codes, keys, finest_count, position));
  // Each cell swapped to its place until the one in place i belongs there.
  for (uint32_t i = 0; i < position.size(); ++i)
    while (position[i] != i) {
      uint32_t to = position[i];
      if (!states.empty()) std::swap(states[i], states[to]);
      if (!rows.empty()) std::swap(rows[i], rows[to]);
      std::swap(position[i], position[to]);
    }
  out.states = std::move(states);
  out.rows = std::move(rows);
  return out;
}

}  // namespace ocf::exec
