// The values a median, percentile or distinct count has seen, exactly: a
// multiset of 128-bit keys whose order is the values' order (an int, a date's
// day number, a decimal's units, a text's dictionary code).
//
// Small non-negative integers (lengths of stay, ages, scores) are counted in
// a dense histogram once a bag has seen kSmall values (a million groups'
// bags of a value or two each should not each hold a histogram). Other values are kept sorted, each either
// once as a single or as a run (the value and how many times it was seen): a column of ten million equal
// amounts is one run, not ten million copies, while values that never repeat cost what a plain sorted list
// costs. New values are appended unsorted and sorted in when they outnumber the sorted ones, so adding and
// merging cost O(log n) a value, and a bag built from many small ones (periods rolled up, groups into the
// whole table) is not rebuilt for each.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace ocf::exec {

class ValueBag {
 public:
  static constexpr int64_t kDense = 256;
  // Bags of fewer values keep small integers with the others.
  static constexpr uint64_t kSmall = 64;

  ValueBag() = default;
  ValueBag(const ValueBag&) = default;
  ValueBag& operator=(const ValueBag&) = default;
  // A bag moved from is empty (its counts too).
  ValueBag(ValueBag&& other) noexcept { *this = std::move(other); }
  ValueBag& operator=(ValueBag&& other) noexcept {
    if (this == &other) return *this;
    dense_ = std::move(other.dense_);
    singles_ = std::move(other.singles_);
    runs_ = std::move(other.runs_);
    sorted_singles_ = std::exchange(other.sorted_singles_, 0);
    sorted_runs_ = std::exchange(other.sorted_runs_, 0);
    total_ = std::exchange(other.total_, 0);
    other.dense_.clear();
    other.singles_.clear();
    other.runs_.clear();
    return *this;
  }

  void Add(__int128 v) {
    if (v >= 0 && v < kDense && dense_.empty() && total_ >= kSmall) UseHistogram();
    ++total_;
    if (v >= 0 && v < kDense && !dense_.empty()) {
      // The histogram grows to the largest value seen (in powers of two).
      Count(static_cast<size_t>(v), 1);
      return;
    }
    // A value repeating the one before it extends its run in place.
    if (runs_.size() > sorted_runs_ && runs_.back().value == v) {
      ++runs_.back().count;
      return;
    }
    if (singles_.size() > sorted_singles_ && singles_.back() == v) {
      singles_.pop_back();
      runs_.push_back({v, 2});
    } else {
      singles_.push_back(v);
    }
    if (Pending() >= kMinPending) MaybeCompact();
  }
  // Adds `count` copies of v, 0 <= v < kDense.
  void AddCount(size_t v, uint64_t count) {
    UseHistogram();
    Count(v, count);
    total_ += count;
  }
  // Adds `count` copies of v, any value (a warehouse's result gives a
  // percentile's two neighbouring values with their ranks: runtime/sql).
  void AddRun(__int128 v, uint64_t count) {
    if (count == 0) return;
    total_ += count;
    if (v >= 0 && v < kDense && !dense_.empty()) {
      Count(static_cast<size_t>(v), count);
      return;
    }
    runs_.push_back({v, count});
    if (Pending() >= kMinPending) MaybeCompact();
  }
  void Merge(const ValueBag& other);
  uint64_t size() const { return total_; }
  // The heap the bag holds, in bytes.
  size_t bytes() const {
    return dense_.capacity() * sizeof(uint64_t) + singles_.capacity() * sizeof(__int128) +
           runs_.capacity() * sizeof(Run);
  }
  // The k-th smallest value (from 0); k < size().
  __int128 Kth(uint64_t k);
  uint64_t Distinct();
  // The distinct values with each value v replaced by codes[v] (for count
  // distinct: one thread's dictionary codes renumbered into a table-wide
  // dictionary). How often each was seen is not kept.
  ValueBag Renumbered(const std::vector<uint32_t>& codes) const;

 private:
  friend struct BagCodec;  // the answers cache's (answers.cc): the exact state
  struct Run {
    __int128 value;
    uint64_t count;
  };
  // Unsorted values are sorted in once there are at least this many and at
  // least as many as sorted ones; four times as many while the values have
  // hardly repeated (fewer runs than an eighth of the singles), so a column
  // of distinct values is sorted in about as often as a plain list would be.
  static constexpr size_t kMinPending = 1024;

  size_t Pending() const { return singles_.size() - sorted_singles_ + runs_.size() - sorted_runs_; }
  void MaybeCompact() {
    size_t sorted = sorted_singles_ + sorted_runs_;
    if (Pending() >= (sorted_runs_ * 8 < sorted_singles_ ? 4 * sorted : sorted)) Compact();
  }
  // Sorts everything in: afterwards every value outside the histogram is in
  // exactly one place, a single (seen once) or a run (seen twice or more).
  void Compact();
  // Compact's second half, for values that repeat: equal values made one entry.
  void Combine();
  // Moves the small integers kept with the other values into the histogram:
  // either the histogram is empty and every value is a single or a run, or
  // no value in [0, kDense) is.
  void UseHistogram();
  // `count` more of v in the histogram (total_ is the caller's).
  void Count(size_t v, uint64_t count) {
    if (v >= dense_.size()) GrowDense(v);
    dense_[v] += count;
  }
  void GrowDense(size_t v) {
    size_t n = dense_.empty() ? 16 : dense_.size();
    while (n <= v) n *= 2;
    dense_.resize(n, 0);
  }

  std::vector<uint64_t> dense_;
  // Sorted up to sorted_singles_ (sorted_runs_), unsorted after.
  std::vector<__int128> singles_;
  std::vector<Run> runs_;
  size_t sorted_singles_ = 0;
  size_t sorted_runs_ = 0;
  uint64_t total_ = 0;  // values seen, histogram included
};

}  // namespace ocf::exec
