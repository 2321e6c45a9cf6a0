// The records behind a measure's value in one period (`ocf rows`,
// compiler/driver/rows.h), found by the reference interpreter's row
// evaluator with the engines' own rules, so that the records listed are the
// ones the statement's figures count:
//
// - A *source* is one aggregate read over one span of time. A measure's
//   sources are the aggregates in its value, and, through the measures it
//   names, theirs: in the asked period (over its window when the aggregate
//   has one), in the period before for `MEASURE in previous period`, in the
//   baseline for `MEASURE at baseline`.
// - A record of the aggregate's table is in a source when its `dated by`
//   date lies in the span and in the term or the baseline (records between
//   them are read by nothing), its group is the asked one (for an aggregate
//   with a `by` column), and the aggregate's population holds for it, and
//   its `where` unless it is a `percent of` (whose `where` makes the
//   numerator). Row expressions that read `contract_year` see the span's.
// - Each record found says what it counted as: `counted` (count, and a
//   value aggregate's present value), `numerator` or `denominator only`
//   (percent of), `skipped` (a value aggregate's missing value: the records
//   `skipped_missing` counts), or `outside` (dated outside the term and the
//   baseline: in no period, read by nothing).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "runtime/interp/engine.h"
#include "runtime/periods.h"

namespace ocf::interp {

struct RecordSource {
  uint32_t aggregate = plan::kNoSlot;
  size_t period = 0;  // index into the plan's WorkedOutPeriods(): the period it is read for
  Period span;        // the records' dates: the period, or its window
};

// The sources of measure `measure` in period `period` (an index into
// plan.WorkedOutPeriods()), each once, in the order the value reads them.
std::vector<RecordSource> SourcesOf(const plan::EvaluationPlan& plan, uint32_t measure, size_t period);

// Which records to list.
enum class RecordSet : uint8_t {
  Counted,      // every record a source reached (a `percent of`'s denominator)
  Numerator,    // percent of: those meeting its condition
  Denominator,  // percent of: all it reached
  Skipped,      // value aggregates: those whose value was missing
  Outside,      // the tables' records dated outside the term and the baseline
};

enum class CountedAs : uint8_t { Counted, Numerator, DenominatorOnly, Skipped, Outside };
const char* ToString(CountedAs as);

struct RecordEntry {
  uint32_t row = 0;     // in the table
  uint32_t source = 0;  // index into the sources; unused for Outside
  CountedAs as = CountedAs::Counted;
};

struct RecordsRequest {
  uint32_t table = 0;  // only the sources over this table (index into plan.tables)
  RecordSet which = RecordSet::Counted;
  // A group of the measure's `by` column: only records with that value,
  // in the sources grouped by it (`by_column` is the column for Outside).
  std::optional<std::string> group;
  uint32_t by_column = plan::kNoSlot;
};

// Finds records over a run's tables: `in.tables` must hold the tables asked
// about and every table their aggregates' links read (the others may be
// empty). Builds the link indexes once.
class RecordFinder {
 public:
  explicit RecordFinder(const RunInput& in);
  ~RecordFinder();
  RecordFinder(const RecordFinder&) = delete;
  RecordFinder& operator=(const RecordFinder&) = delete;

  // The records of `request.table` in `sources`, in row order, a record in
  // several sources once for each. Throws EvalError when a row's arithmetic
  // fails, as a run would.
  std::vector<RecordEntry> Find(const std::vector<RecordSource>& sources, const RecordsRequest& request);
  // A source's value expression for a record, as ocf writes values (exact
  // decimals, ISO dates, days), or "" when missing or the aggregate has none.
  std::string ValueOf(const RecordSource& source, uint32_t row);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Whether aggregate `op` keeps a value per record (sum, mean, median, ...).
bool HasValue(const plan::Aggregate& a);

}  // namespace ocf::interp
