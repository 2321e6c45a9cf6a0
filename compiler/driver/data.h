// `ocf check --data`: reading the provider's files for a checked contract.
//
// For each dataset the contract declares, the driver finds its file
// (`--data NAME=PATH`, else `DIR/NAME.csv`), turns its data block into a
// runtime schema (compiler/sema/schema.h) and reads it with the CSV reader
// (runtime/csv_reader.h), which reports every bad cell. Reading stops at
// nothing: every dataset is read and every problem counted, the first 20 of
// each kind kept for printing.
//
// `ocf run` reads the same way but may ask for speed: with `parallel` set,
// each file is first read by the parallel reader (runtime/csv_parallel.h),
// storing only the columns a plan uses (ColumnsUsed), and read again by the
// reference reader only when the parallel one gives up (any problem at all,
// which the reference then reports with its line). `ocf check --data` keeps
// the reference reader: it is there to report everything.
//
// Rendering is here too: the command line prints each problem as
// `file:line: column: why`, then a summary per kind of problem, then one line
// per dataset; JSON tools get the same under a "data" key.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "compiler/driver/data_cache.h"
#include "compiler/sema/sema.h"
#include "plan/plan.h"
#include "runtime/data_report.h"
#include "runtime/table.h"

namespace ocf::driver {

// Where the data files are, as the command line gives them.
struct DataSources {
  std::string dir;  // `--data DIR`: dataset NAME is DIR/NAME.csv; empty when not given
  std::vector<std::pair<std::string, std::string>> files;  // `--data NAME=PATH`, in the order given
};

// The file dataset `name` is read from: the last `--data NAME=PATH` naming
// it, else DIR/NAME.csv with `--data DIR`, else "" (none given).
std::string DatasetPath(const DataSources& sources, const std::string& name);

// Called as a file is read: bytes so far and the file's size (0 when unknown).
using DataProgress = std::function<void(const std::string& path, uint64_t done, uint64_t total)>;

struct DataOptions {
  size_t max_listed_per_rule = 20;
  DataProgress progress;
  // Read with the parallel reader first (see above).
  bool parallel = false;
  unsigned threads = 0;  // for the parallel reader; 0: every core
  // Per dataset, in the plan's (the contract's) order: which columns to
  // store, as ColumnsUsed gives them; a dataset without an entry, or with
  // an empty one, stores every column. Columns of the data block's check
  // rules are always stored, as CheckData evaluates them. Only the parallel
  // reader leaves columns out; a file it gives up on is read whole.
  std::vector<std::vector<bool>> materialize;
  // With `parallel`: rows of dataset `dataset` (the plan's table index) in
  // place while the rest of its file is read (ParallelCsvOptions::on_rows);
  // `discard(dataset)` when the parallel reader then gives the file up.
  std::function<void(size_t dataset, unsigned worker, const Table& table, size_t first, size_t count,
                     const std::vector<size_t>& dictionary_sizes)>
      on_rows;
  std::function<void(size_t dataset)> discard;
  // Whether the check rules of dataset `dataset` (its table of `rows` rows)
  // have already been evaluated on every row and all hold (the compiled scan
  // evaluates them while reading): the reference pass is then skipped.
  std::function<bool(size_t dataset, size_t rows)> checks_passed;
  // The column cache (data_cache.h, docs/cache.md): off unless set.
  DataCacheOptions cache;
};

// Per table of `plan`, in order, which of its columns (in schema order) the
// plan reads: every Column node in the expressions (population, condition,
// value) of the aggregates over that table and in its check rules, each
// aggregate's `by` column, the `dated_by` column, the `key` columns, and
// any column named like a `by` (the engines group every table by those).
std::vector<std::vector<bool>> ColumnsUsed(const plan::EvaluationPlan& plan);

struct DatasetData {
  std::string dataset;  // `referrals`
  std::string path;     // the file read, or expected; empty when none was given
  bool read = false;    // the file was there and was read (perhaps with problems)
  DataReport report;
  std::unique_ptr<Table> table;  // set when read
  // The column cache: "hit" (the table was mapped from it), "written" (the
  // read was stored), else empty; and the seconds it took (the mapping and
  // its checks, or the writing).
  std::string cache;
  double cache_seconds = 0;
  bool parallel = false;  // read by the parallel reader, which did not give up
  // With a baseline: the rows dated in it, and its dates (for the summary).
  std::optional<int64_t> baseline_rows;
  std::optional<Period> baseline;
};

struct DataCheck {
  std::vector<DatasetData> datasets;  // in the order the contract declares them
  // A `--data NAME=PATH` whose NAME is no dataset: bad usage, nothing read.
  std::string usage_error;

  uint64_t problem_count() const;
  bool ok() const { return usage_error.empty() && problem_count() == 0; }
};

// Reads every dataset of `program` from `sources`. With only `NAME=PATH`
// sources, the other datasets are left unread (and say so).
DataCheck CheckData(const CheckedProgram& program, const DataSources& sources,
                    const DataOptions& options = {});

// The `check` rules of table `t` of `plan` over every row of `rows` (in the
// term or not), as CheckData evaluates them: each row that breaks a rule is a
// problem in `report` at the row's line. A rule that comes out missing is
// met; inputs are missing there (data is checked before they are known); a
// rule that cannot be worked out for a row (an overflow) is broken there, and
// the message says why. `ocf test` checks its tables with it too.
void CheckRules(const plan::EvaluationPlan& plan, size_t t, const Table& rows, DataReport& report);

// Every kept problem of one dataset, one per line in line order
// (`referrals.csv:12: age: `forty` is not a whole number`), then, for each
// kind of problem more than one row has, how many rows have it (and how many
// were not listed).
std::string RenderDataProblems(const DatasetData& data);
std::string RenderDataProblems(const DataReport& report);
// `referrals: 2,431 rows, ok`, `referrals: 2,431 rows, 7 problems`.
std::string DataSummaryLine(const DatasetData& data);
// {"referrals": {"file": ..., "rows": N, "problems": [...], ...}, ...}
std::string RenderDataJson(const DataCheck& check);

}  // namespace ocf::driver
