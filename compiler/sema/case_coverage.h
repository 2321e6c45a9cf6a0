// The interval reasoning behind decision tables (LANGUAGE.md §6): whether a
// `match`'s cases overlap, whether they cover the whole line of the
// subject's values, and the pieces the line is cut into for the plan's
// lookup. Exact: bounds are Decimals (ints, days and months are whole
// Decimals), and whole-number lines (int, date, duration, bool) are told
// apart from the continuous line of decimals, percents and money, so that
// `1 to 5, 6 to 10` leaves no gap over ints and the values from 5 to 6,
// both excluded, over decimals.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/decimal.h"

namespace ocf::sema {

// A place between values of the line: just before `value` (`after` false)
// or just after it, or one of the line's two ends. A range covers the values
// strictly between its low and its high cut.
struct Cut {
  int end = 0;  // -1: the line's start, +1: its end, 0: at `value`
  Decimal value;
  bool after = false;

  static Cut Start() { return {-1, {}, false}; }
  static Cut End() { return {1, {}, false}; }
  static Cut Before(Decimal v) { return {0, v, false}; }
  static Cut After(Decimal v) { return {0, v, true}; }
};
bool operator<(const Cut& a, const Cut& b);
bool operator==(const Cut& a, const Cut& b);
inline bool operator<=(const Cut& a, const Cut& b) { return !(b < a); }

// The cut a range's low end (`low` included or not; nullopt: no low end)
// or high end makes. On a whole-number line a cut always falls just before
// a whole number: `over 2.5` starts before 3, `below 5` ends before 5.
Cut LowCut(const std::optional<Decimal>& low, bool included, bool whole);
Cut HighCut(const std::optional<Decimal>& high, bool included, bool whole);

// One pattern's values: those between `low` and `high`.
struct CaseRange {
  Cut low, high;
  uint32_t pattern = 0;  // the caller's index of the pattern
  uint32_t result = 0;   // the case it belongs to
  bool empty() const { return high <= low; }
};

// Two patterns of different cases that share values, `first` written before
// `second`, and one value they share.
struct Overlap {
  uint32_t first = 0, second = 0;
  Decimal shared;
};
// The overlap between patterns of different cases with the earliest second
// pattern, if any. Empty ranges are ignored.
std::optional<Overlap> FindOverlap(const std::vector<CaseRange>& ranges, bool whole);

// The first stretch of the line from `from` to `to` that no range covers.
struct Gap {
  Cut low, high;
};
std::optional<Gap> FirstGap(const std::vector<CaseRange>& ranges, Cut from, Cut to);

// A value strictly between two cuts (the first there is, or one in the
// middle when the stretch holds no end value).
Decimal ValueBetween(const Cut& low, const Cut& high, bool whole);

// The line cut into pieces for a lookup: piece k holds the values from
// starts[k-1] (included; piece 0 from the line's start) up to starts[k]
// (excluded), and belongs to case piece_case[k], or kNoCase. The ranges must
// not overlap. On the decimal line a value just after v starts at v plus
// the smallest Decimal step, so every piece starts at a value it includes.
constexpr uint32_t kNoCase = UINT32_MAX;
struct Pieces {
  std::vector<Decimal> starts;
  std::vector<uint32_t> piece_case;
};
Pieces CutIntoPieces(std::vector<CaseRange> ranges, bool whole);

// `nothing covers ...`: a gap in words. `show` writes one value of the line
// as the contract would (`65`, `£1_400`, `2016-04-01`).
std::string DescribeGap(const Gap& gap, bool whole, const std::function<std::string(Decimal)>& show);

}  // namespace ocf::sema
