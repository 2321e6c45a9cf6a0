// Aggregate state both engines share: what one aggregate has seen over some
// rows, kept so that two states merge exactly (partial results of threads,
// finest periods rolled up to quarters, years and the term, groups rolled up
// to the whole table).
//
// Medians, percentiles and distinct counts keep the values themselves, as a
// ValueBag (runtime/exec/value_bag.h): an exact multiset that keeps a
// repeated value once with its count, so merging is cheap and nothing is
// approximated.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "plan/plan.h"
#include "runtime/exec/value_bag.h"
#include "runtime/explanation.h"
#include "runtime/interp/eval.h"
#include "runtime/periods.h"
#include "runtime/statement.h"

namespace ocf::exec {

class AnswerRecord;  // answers.h

// A running sum of 128-bit terms (ints, or decimals' units) in 256 bits: it
// cannot overflow, so a total that fits its type is exact whatever order the
// terms are added in (threads, periods and file order all differ).
class WideSum {
 public:
  void Add(__int128 v) {
    uint64_t ext = v < 0 ? ~0ULL : 0;
    Add({static_cast<uint64_t>(v), static_cast<uint64_t>(static_cast<unsigned __int128>(v) >> 64), ext, ext});
  }
  void Add(const WideSum& o) { Add(o.w_); }
  // From the four little-endian words a compiled scan keeps.
  static WideSum FromWords(const uint64_t* words) {
    WideSum s;
    for (int i = 0; i < 4; ++i) s.w_[i] = words[i];
    return s;
  }
  // The total divided by n > 0, as a Decimal's units, rounded half to even
  // like `/` (LANGUAGE.md §2); `whole` when the terms are ints rather than
  // decimals' units. Overflow only when the quotient is out of a Decimal's
  // range: a mean of values that each fit always fits, however large their sum.
  Result<Decimal> Quotient(uint64_t n, bool whole) const;
  // The four little-endian words, as FromWords takes them.
  const std::array<uint64_t, 4>& words() const { return w_; }
  // The total, when it fits in 128 bits.
  std::optional<__int128> Narrow() const {
    uint64_t ext = (w_[1] >> 63) ? ~0ULL : 0;
    if (w_[2] != ext || w_[3] != ext) return std::nullopt;
    return static_cast<__int128>((static_cast<unsigned __int128>(w_[1]) << 64) | w_[0]);
  }

 private:
  void Add(const std::array<uint64_t, 4>& o) {
    unsigned carry = 0;
    for (int i = 0; i < 4; ++i) {
      unsigned __int128 t = static_cast<unsigned __int128>(w_[i]) + o[i] + carry;
      w_[i] = static_cast<uint64_t>(t);
      carry = static_cast<unsigned>(t >> 64);
    }
  }
  std::array<uint64_t, 4> w_{};
};

// One aggregate's state over some rows. A million groups' cells each hold
// one, so what only some operators need (min and max's best value, the value
// bag of medians, percentiles and distinct counts) is kept apart, allocated
// when first used: a count's or a sum's state is 72 bytes.
class AggState {
 public:
  int64_t rows = 0;     // rows that reached the aggregate (count; percent's denominator)
  int64_t hits = 0;     // percent of: rows meeting the condition
  int64_t n = 0;        // values seen (sum, mean, min, max, median, ...)
  int64_t skipped = 0;  // rows whose value was missing
  WideSum sum;          // sum, mean: ints, or decimals' units

  AggState() = default;
  AggState(AggState&&) noexcept = default;
  AggState& operator=(AggState&&) noexcept = default;
  AggState(const AggState& o)
      : rows(o.rows),
        hits(o.hits),
        n(o.n),
        skipped(o.skipped),
        sum(o.sum),
        extra_(o.extra_ ? std::make_unique<Extras>(*o.extra_) : nullptr) {}
  AggState& operator=(const AggState& o) {
    if (this != &o) *this = AggState(o);
    return *this;
  }

  // min, max: the best value so far (when n > 0).
  const interp::Value& best() const { return extra_ ? extra_->best : kNoValue; }
  void set_best(const interp::Value& v) { Extra().best = v; }
  // median, percentile, count distinct: the values seen.
  ValueBag& bag() { return Extra().bag; }
  // Whether best, bag or distinct was ever set (they are kept apart).
  bool has_extras() const { return extra_ != nullptr; }
  const ValueBag& bag() const { return extra_ ? extra_->bag : kNoBag; }
  // count distinct worked out elsewhere (a warehouse's): the count, which
  // Finish gives instead of the bag's. -1 when not known.
  int64_t distinct() const { return extra_ ? extra_->distinct : -1; }
  void set_distinct(int64_t n) { Extra().distinct = n; }
  // The bag, leaving this state's empty.
  ValueBag TakeBag() { return extra_ ? std::move(extra_->bag) : ValueBag(); }

  // Adds the other state's rows. Throws interp::EvalError on overflow.
  void Merge(const AggState& other, const plan::Aggregate& a);

 private:
  struct Extras {
    interp::Value best;
    ValueBag bag;
    int64_t distinct = -1;
  };
  Extras& Extra() {
    if (!extra_) extra_ = std::make_unique<Extras>();
    return *extra_;
  }
  static inline const interp::Value kNoValue{};
  static inline const ValueBag kNoBag{};
  std::unique_ptr<Extras> extra_;
};

// The aggregate's result for the rows its state has seen. Takes the values a
// median, percentile or distinct count collected (s's bag is left empty, so a
// state kept for its counts does not keep them too); the counts stay.
interp::Value Finish(AggState& s, const plan::Aggregate& a);

// A `by` column's groups as a source saw them: for each group (sorted by
// name) the finest periods it has rows in. Proportional to the groups' data:
// a group with rows in one month has one cell, however long the term.
struct GroupLayout {
  std::vector<std::string_view> names;  // distinct, sorted; views into the source's dictionaries
  std::vector<uint32_t> begin;          // per name: its first cell; then the number of cells
  std::vector<uint32_t> finest;         // per cell: the finest period, increasing within a group

  size_t size() const { return names.size(); }
};

// What an aggregate gathered in each cell of a layout (several aggregates
// grouped by one column share one layout).
struct GroupCells {
  std::shared_ptr<const GroupLayout> layout;
  std::vector<AggState> states;  // per cell, for an aggregate's cells
  std::vector<int64_t> rows;     // per cell, for a column's presence

  size_t size() const { return layout ? layout->size() : 0; }
};

// A column's codes in order of their text: found once per column and shared
// by every layout of its cells (sorting a million names is the costly part
// of laying them out).
struct CodeOrder {
  std::vector<std::string_view> names;  // per code: its text
  std::vector<uint32_t> sorted;         // the codes, in order of their text
};
CodeOrder SortCodes(std::vector<std::string_view> names);

// The layout of cells keyed by a source's own group codes: `keys[i]` is cell
// i's code * `finest_count` + its finest period (codes with no cell are left
// out). `position[i]` is set to cell i's place in the layout. `codes` must
// outlive the result.
GroupLayout LayOutCells(const CodeOrder& codes, const std::vector<uint64_t>& keys, size_t finest_count,
                        std::vector<uint32_t>& position);

// Cells keyed as LayOutCells' are, with their `states` or `rows` (one entry
// per cell, or empty) moved into layout order where they are (never held
// twice).
GroupCells ArrangeCells(const CodeOrder& codes, const std::vector<uint64_t>& keys, size_t finest_count,
                        std::vector<AggState> states, std::vector<int64_t> rows);

// Where aggregate states come from: the reference interpreter's row-by-row
// scans, or the compiled scans' merged partial states.
class AggregateSource {
 public:
  virtual ~AggregateSource() = default;
  // Aggregate `agg` over the rows of `period`, every group together.
  virtual AggState State(size_t agg, const Period& period) = 0;
  // Aggregate `agg` (which has a `by` column) per group and finest period;
  // `states` filled. With `only`, just that period's rows, seeing its
  // `contract_year` (for the aggregates whose rows read it).
  virtual GroupCells GroupStates(size_t agg, const Period* only = nullptr) = 0;
  // The in-term rows of table `t` per present value of its column `column`
  // and finest period; `rows` filled.
  virtual GroupCells Presence(size_t t, size_t column) = 0;
  // Whether aggregate `agg`'s states roll up from finest periods; if not,
  // GroupStates is asked per period (with `only`), as for the aggregates
  // whose rows read `contract_year`.
  virtual bool Mergeable(size_t /*agg*/) { return true; }
  // Rows of table `t` dated outside the term and the baseline (or not dated).
  virtual int64_t OutsideTerm(size_t t) = 0;
  // Rows of table `t` dated in the baseline.
  virtual int64_t BaselineRows(size_t t) = 0;
};

struct EvaluateInput {
  const plan::EvaluationPlan* plan = nullptr;
  std::vector<int64_t> table_rows;  // rows read, per plan table
  const std::vector<interp::Value>* inputs = nullptr;
  AggregateSource* source = nullptr;
  // `ocf explain`: the figures to explain, whose trees the run fills in.
  std::vector<Explanation>* explain = nullptr;
  // When set, every answer `source` gives is kept here too, with
  // `table_rows`, for the answers cache (answers.h).
  AnswerRecord* record = nullptr;
};

// Measures, groups, targets, outcomes, achievement and payments, period by
// period, from the aggregates' states: the part of a run both engines share.
// Throws interp::EvalError or interp::MissingPaymentError.
Statement Evaluate(const EvaluateInput& in);

}  // namespace ocf::exec
