// The aggregates a warehouse computed (`ocf sql`'s script, run by
// PostgreSQL, DuckDB or Spark), read back into the aggregate states the
// period-level half of a run starts from (runtime/exec/aggregate.h): the
// third way to fill them, beside the interpreter's scans and the compiled
// ones. docs/warehouse.md describes the result's layout.
//
// The script returns one small table, the same for every dialect:
//
//   kind   'agg' (an aggregate), 'presence' (a `by` column's groups) or
//          'table' (a table's rows by span)
//   item   the aggregate's index in the plan, or the table's
//   col    presence: the column's index in its table; else null
//   span   index into SqlSpans(plan); null: a table's rows in no span
//   grp    the group's value (text); null with is_group = 0: every group
//   is_group  1 for a group's row, 0 for the whole table's
//   rows hits n skipped   integers, as AggState has them
//   total  a sum (exact decimal or integer, as text)
//   v1 v2  min/max: the value in v1; median/percentile: the values at ranks
//          floor((n-1)p) and the one after; count distinct: the count in v1
//
// Counts, sums, means, minimums and maximums come per finest period and are
// rolled up here as the other engines roll theirs; medians, percentiles and
// distinct counts cannot be rolled up, so the warehouse computes them for
// every span a run asks for (the spans after the finest ones).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "runtime/exec/aggregate.h"
#include "runtime/periods.h"

namespace ocf::sql {

// The result's columns, in order.
inline constexpr const char* kResultColumns[] = {
    "kind", "item", "col", "span", "grp", "is_group", "rows", "hits", "n", "skipped", "total", "v1", "v2"};
inline constexpr size_t kResultColumnCount = 13;

// Whether an aggregate's states can be rolled up from finest periods (else
// the warehouse computes it per span).
bool Mergeable(const plan::Aggregate& a);

// The spans the script aggregates over: the plan's finest periods, then
// every worked-out period and every window of one (once each, in order of
// start then end), for the aggregates that are not Mergeable.
std::vector<Period> SqlSpans(const plan::EvaluationPlan& plan);

// One row of the result, its cells as text (nullopt: SQL null).
using ResultRow = std::vector<std::optional<std::string>>;

// The result read and checked against the plan: every aggregate's states.
class AggregateResult {
 public:
  // Reads rows whose columns are `columns` (must be kResultColumns, in any
  // order). On a bad cell, returns nullopt and sets `error` to what is wrong
  // (row number counted from 1, the column, why).
  static std::optional<AggregateResult> Read(const plan::EvaluationPlan& plan,
                                             const std::vector<std::string>& columns,
                                             const std::vector<ResultRow>& rows, std::string& error);

  // Rows read per table (every row of the warehouse's table).
  std::vector<int64_t> TableRows() const;
  // The source the shared period-level code reads (lives as long as this).
  std::unique_ptr<exec::AggregateSource> Source() const;

  struct Cell {
    std::optional<std::string> group;  // nullopt: every group together
    exec::AggState state;
  };
  struct Impl;

 private:
  std::shared_ptr<const Impl> impl_;
};

// Reads the result from a CSV file written by the warehouse (a header row
// naming kResultColumns; an unquoted empty cell is null). On failure, nullopt
// and `error` set, with the file's line.
std::optional<AggregateResult> ReadResultCsv(const plan::EvaluationPlan& plan, const std::string& path,
                                             std::string& error);

}  // namespace ocf::sql
