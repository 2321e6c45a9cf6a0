#include "compiler/sema/case_coverage.h"

#include <algorithm>

#include <fmt/format.h>

namespace ocf::sema {
namespace {

constexpr __int128 kOne = 1'000'000'000'000'000'000;  // 1 in Decimal units

// The whole number at or below v, and the one at or above it; nullopt when
// it is out of the Decimal range.
std::optional<Decimal> Floor(Decimal v) {
  __int128 q = v.units() / kOne, r = v.units() % kOne;
  if (r < 0) --q;
  return Decimal::FromUnits(q * kOne);
}

std::optional<Decimal> Plus(Decimal v, __int128 units) {
  Result<Decimal> r = Decimal::Add(v, Decimal::FromUnits(units));
  if (!r.ok()) return std::nullopt;
  return *r;
}

std::optional<Decimal> Ceil(Decimal v) {
  std::optional<Decimal> f = Floor(v);
  if (*f == v) return f;
  return Plus(*f, kOne);
}

// Just before the whole number at or above v (nullopt: past the line's end).
Cut BeforeCeil(Decimal v) {
  std::optional<Decimal> c = Ceil(v);
  return c ? Cut::Before(*c) : Cut::End();
}

// Just before the whole number above floor(v).
Cut AfterFloor(Decimal v) {
  std::optional<Decimal> f = Floor(v);
  std::optional<Decimal> next = Plus(*f, kOne);
  return next ? Cut::Before(*next) : Cut::End();
}

std::vector<CaseRange> SortedNonEmpty(const std::vector<CaseRange>& ranges) {
  std::vector<CaseRange> out;
  for (const CaseRange& r : ranges)
    if (!r.empty()) out.push_back(r);
  std::stable_sort(out.begin(), out.end(),
                   [](const CaseRange& a, const CaseRange& b) { return a.low < b.low; });
  return out;
}

}  // namespace

bool operator<(const Cut& a, const Cut& b) {
  if (a.end != b.end) return a.end < b.end;
  if (a.end != 0) return false;
  if (a.value != b.value) return a.value < b.value;
  return !a.after && b.after;
}

bool operator==(const Cut& a, const Cut& b) { return !(a < b) && !(b < a); }

Cut LowCut(const std::optional<Decimal>& low, bool included, bool whole) {
  if (!low) return Cut::Start();
  if (whole) return included ? BeforeCeil(*low) : AfterFloor(*low);
  return included ? Cut::Before(*low) : Cut::After(*low);
}

Cut HighCut(const std::optional<Decimal>& high, bool included, bool whole) {
  if (!high) return Cut::End();
  if (whole) return included ? AfterFloor(*high) : BeforeCeil(*high);
  return included ? Cut::After(*high) : Cut::Before(*high);
}

std::optional<Overlap> FindOverlap(const std::vector<CaseRange>& ranges, bool whole) {
  // A sweep in order of low ends: a range overlaps an earlier one of
  // another case exactly when it starts below the highest end among the
  // earlier ranges of other cases. `top` reaches highest; `other` reaches
  // highest among those of another case than top's.
  std::vector<CaseRange> sorted = SortedNonEmpty(ranges);
  const CaseRange* top = nullptr;
  const CaseRange* other = nullptr;
  std::optional<Overlap> best;
  for (const CaseRange& r : sorted) {
    const CaseRange* rival = top && top->result != r.result ? top : other;
    if (rival && r.low < rival->high) {
      uint32_t first = std::min(rival->pattern, r.pattern), second = std::max(rival->pattern, r.pattern);
      if (!best || second < best->second || (second == best->second && first < best->first)) {
        Cut high = rival->high < r.high ? rival->high : r.high;
        best = Overlap{first, second, ValueBetween(r.low, high, whole)};
      }
    }
    if (!top || top->high < r.high) {
      if (top && top->result != r.result) other = top;
      top = &r;
    } else if (r.result != top->result && (!other || other->high < r.high)) {
      other = &r;
    }
  }
  return best;
}

std::optional<Gap> FirstGap(const std::vector<CaseRange>& ranges, Cut from, Cut to) {
  Cut cursor = from;
  for (const CaseRange& r : SortedNonEmpty(ranges)) {
    if (!(cursor < to)) return std::nullopt;
    if (cursor < r.low) return Gap{cursor, r.low < to ? r.low : to};
    if (cursor < r.high) cursor = r.high;
  }
  if (cursor < to) return Gap{cursor, to};
  return std::nullopt;
}

Decimal ValueBetween(const Cut& low, const Cut& high, bool whole) {
  if (low.end == 0 && !low.after) return low.value;  // whole lines' cuts are all `before`
  if (whole) {
    if (high.end == 0) return Decimal::FromUnits(high.value.units() - kOne);
    return Decimal();
  }
  if (low.end == 0) {  // just after v
    if (high.end != 0) return Plus(low.value, kOne).value_or(low.value);
    if (high.after) return high.value;
    Result<Decimal> sum = Decimal::Add(low.value, high.value);
    if (!sum.ok()) return high.value;
    Result<Decimal> mid = Decimal::Div(*sum, Decimal::FromInt(2));
    return mid.ok() ? *mid : high.value;
  }
  if (high.end != 0) return Decimal();
  if (high.after) return high.value;
  return Plus(high.value, -kOne).value_or(high.value);
}

Pieces CutIntoPieces(std::vector<CaseRange> ranges, bool whole) {
  std::vector<std::pair<Cut, uint32_t>> marks = {{Cut::Start(), kNoCase}};
  auto mark = [&](Cut at, uint32_t c) {
    if (marks.back().first == at) {
      marks.back().second = c;
    } else {
      marks.push_back({at, c});
    }
    // Pieces of one case that meet are one piece.
    if (marks.size() > 1 && marks[marks.size() - 2].second == marks.back().second) marks.pop_back();
  };
  Cut cursor = Cut::Start();
  for (const CaseRange& r : SortedNonEmpty(ranges)) {
    Cut low = cursor < r.low ? r.low : cursor;  // patterns of one case may overlap
    if (!(low < r.high)) continue;
    if (cursor < low) mark(cursor, kNoCase);
    mark(low, r.result);
    cursor = r.high;
  }
  if (cursor < Cut::End()) mark(cursor, kNoCase);
  Pieces out;
  out.piece_case.push_back(marks[0].second);
  for (size_t k = 1; k < marks.size(); ++k) {
    const Cut& c = marks[k].first;
    Decimal start = c.value;
    // On a whole-number line every cut is `before`; on the decimal line the
    // first value after v is one Decimal step above it.
    if (c.after) start = Plus(c.value, 1).value_or(Decimal::Max());
    (void)whole;
    out.starts.push_back(start);
    out.piece_case.push_back(marks[k].second);
  }
  return out;
}

std::string DescribeGap(const Gap& gap, bool whole, const std::function<std::string(Decimal)>& show) {
  const Cut &low = gap.low, &high = gap.high;
  if (low.end != 0 && high.end != 0) return "no value is covered";
  if (whole) {
    // The values from a to b - 1.
    if (low.end != 0)
      return fmt::format("nothing covers {} or less", show(Decimal::FromUnits(high.value.units() - kOne)));
    if (high.end != 0) return fmt::format("nothing covers {} or more", show(low.value));
    Decimal last = Decimal::FromUnits(high.value.units() - kOne);
    if (last == low.value) return fmt::format("nothing covers {}", show(low.value));
    return fmt::format("nothing covers {} to {}", show(low.value), show(last));
  }
  if (low.end != 0)
    return high.after ? fmt::format("nothing covers {} or less", show(high.value))
                      : fmt::format("nothing covers the values below {}", show(high.value));
  if (high.end != 0)
    return low.after ? fmt::format("nothing covers the values over {}", show(low.value))
                     : fmt::format("nothing covers {} or more", show(low.value));
  if (!low.after && high.after && low.value == high.value)
    return fmt::format("nothing covers {}", show(low.value));
  return fmt::format("nothing covers the values from {} ({}) to {} ({})", show(low.value),
                     low.after ? "excluded" : "included", show(high.value),
                     high.after ? "included" : "excluded");
}

}  // namespace ocf::sema
