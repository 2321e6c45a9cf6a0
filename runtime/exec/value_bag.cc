#include "runtime/exec/value_bag.h"

#include <algorithm>

namespace ocf::exec {

void ValueBag::UseHistogram() {
  if (!dense_.empty()) return;
  GrowDense(0);
  Compact();
  auto first = std::lower_bound(singles_.begin(), singles_.end(), 0);
  auto last = std::lower_bound(first, singles_.end(), kDense);
  for (auto it = first; it != last; ++it) Count(static_cast<size_t>(*it), 1);
  singles_.erase(first, last);
  auto by_value = [](const Run& r, __int128 v) { return r.value < v; };
  auto run_first = std::lower_bound(runs_.begin(), runs_.end(), 0, by_value);
  auto run_last = std::lower_bound(run_first, runs_.end(), kDense, by_value);
  for (auto it = run_first; it != run_last; ++it) Count(static_cast<size_t>(it->value), it->count);
  runs_.erase(run_first, run_last);
  sorted_singles_ = singles_.size();
  sorted_runs_ = runs_.size();
}

void ValueBag::Merge(const ValueBag& other) {
  if (other.total_ == 0) return;
  // Both kept the same way: with a histogram when either has one or together
  // they are no longer small.
  bool histogram = !dense_.empty() || !other.dense_.empty() || total_ + other.total_ >= kSmall;
  if (histogram) UseHistogram();
  if (histogram && other.dense_.empty()) {
    // The other's small integers go to the histogram, the rest alongside ours.
    total_ += other.total_;
    for (__int128 v : other.singles_) {
      if (v >= 0 && v < kDense)
        Count(static_cast<size_t>(v), 1);
      else
        singles_.push_back(v);
    }
    for (const Run& r : other.runs_) {
      if (r.value >= 0 && r.value < kDense)
        Count(static_cast<size_t>(r.value), r.count);
      else
        runs_.push_back(r);
    }
    if (Pending() >= kMinPending) MaybeCompact();
    return;
  }
  if (!other.dense_.empty()) {
    if (dense_.size() < other.dense_.size()) GrowDense(other.dense_.size() - 1);
    for (size_t i = 0; i < other.dense_.size(); ++i) dense_[i] += other.dense_[i];
  }
  total_ += other.total_;
  if (other.singles_.empty() && other.runs_.empty()) return;
  if (singles_.empty() && runs_.empty()) {  // a copy keeps what is sorted sorted
    singles_ = other.singles_;
    runs_ = other.runs_;
    sorted_singles_ = other.sorted_singles_;
    sorted_runs_ = other.sorted_runs_;
    return;
  }
  singles_.insert(singles_.end(), other.singles_.begin(), other.singles_.end());
  runs_.insert(runs_.end(), other.runs_.begin(), other.runs_.end());
  if (Pending() >= kMinPending) MaybeCompact();
}

void ValueBag::Compact() {
  if (sorted_singles_ == singles_.size() && sorted_runs_ == runs_.size()) return;
  auto by_value = [](const Run& a, const Run& b) { return a.value < b.value; };
  // The new singles and runs sorted, then merged with the sorted ones.
  auto mid = singles_.begin() + static_cast<std::ptrdiff_t>(sorted_singles_);
  std::sort(mid, singles_.end());
  std::inplace_merge(singles_.begin(), mid, singles_.end());
  auto run_mid = runs_.begin() + static_cast<std::ptrdiff_t>(sorted_runs_);
  std::sort(run_mid, runs_.end(), by_value);
  std::inplace_merge(runs_.begin(), run_mid, runs_.end(), by_value);
  // Values that never repeated (the usual case for amounts) are done here.
  if (!runs_.empty() || std::adjacent_find(singles_.begin(), singles_.end()) != singles_.end()) Combine();
  sorted_singles_ = singles_.size();
  sorted_runs_ = runs_.size();
}

void ValueBag::Combine() {
  // Runs of one value summed into one.
  size_t out = 0;
  for (size_t r = 0; r < runs_.size(); ++r) {
    if (out && runs_[out - 1].value == runs_[r].value)
      runs_[out - 1].count += runs_[r].count;
    else
      runs_[out++] = runs_[r];
  }
  runs_.resize(out);
  // A single seen more than once becomes a run; one equal to a run joins it.
  std::vector<Run> repeated;
  out = 0;
  size_t r = 0;
  for (size_t i = 0; i < singles_.size();) {
    __int128 v = singles_[i];
    size_t j = i + 1;
    while (j < singles_.size() && singles_[j] == v) ++j;
    while (r < runs_.size() && runs_[r].value < v) ++r;
    if (r < runs_.size() && runs_[r].value == v)
      runs_[r].count += j - i;
    else if (j - i > 1)
      repeated.push_back({v, j - i});
    else
      singles_[out++] = v;
    i = j;
  }
  singles_.resize(out);
  if (singles_.capacity() > 2 * singles_.size() + kMinPending) singles_.shrink_to_fit();
  if (repeated.empty()) return;
  // The new runs' values are in no other run.
  size_t before = runs_.size();
  runs_.insert(runs_.end(), repeated.begin(), repeated.end());
  std::inplace_merge(runs_.begin(), runs_.begin() + static_cast<std::ptrdiff_t>(before), runs_.end(),
                     [](const Run& a, const Run& b) { return a.value < b.value; });
}

__int128 ValueBag::Kth(uint64_t k) {
  Compact();
  // Negative values, then the histogram, then values >= kDense: the singles
  // and runs below zero come before the histogram, the rest after it.
  uint64_t dense_total = 0;
  for (uint64_t c : dense_) dense_total += c;
  auto in_dense = [&](uint64_t d) {
    for (size_t v = 0; v < dense_.size(); ++v) {
      if (d < dense_[v]) return static_cast<__int128>(v);
      d -= dense_[v];
    }
    return static_cast<__int128>(0);  // not reached: d < dense_total
  };
  if (runs_.empty()) {  // a plain sorted list
    uint64_t negatives =
        static_cast<uint64_t>(std::lower_bound(singles_.begin(), singles_.end(), 0) - singles_.begin());
    if (k < negatives) return singles_[k];
    if (k - negatives < dense_total) return in_dense(k - negatives);
    return singles_[k - dense_total];
  }
  // Singles and runs in value order, with the histogram where zero would be.
  size_t i = 0, r = 0;
  bool dense_done = false;
  while (i < singles_.size() || r < runs_.size()) {
    bool single = i < singles_.size() && (r == runs_.size() || singles_[i] < runs_[r].value);
    __int128 v = single ? singles_[i] : runs_[r].value;
    if (!dense_done && v >= 0) {
      if (k < dense_total) return in_dense(k);
      k -= dense_total;
      dense_done = true;
    }
    uint64_t count = single ? 1 : runs_[r].count;
    if (k < count) return v;
    k -= count;
    if (single)
      ++i;
    else
      ++r;
  }
  return in_dense(k);  // every other value is negative: the rest are in the histogram
}

uint64_t ValueBag::Distinct() {
  Compact();
  uint64_t n = singles_.size() + runs_.size();
  for (uint64_t c : dense_) n += c != 0;
  return n;
}

ValueBag ValueBag::Renumbered(const std::vector<uint32_t>& codes) const {
  ValueBag out;
  for (size_t v = 0; v < dense_.size(); ++v)
    if (dense_[v]) out.Add(codes[v]);
  for (__int128 v : singles_) out.Add(codes[static_cast<size_t>(v)]);
  for (const Run& run : runs_) out.Add(codes[static_cast<size_t>(run.value)]);
  return out;
}

}  // namespace ocf::exec
