// Running compiled scans: the fast engine's executor.
//
// A table in memory is split into one contiguous range of rows per worker
// thread; every worker runs the table's compiled scan (compiler/codegen) over
// its range into its own partial states, keyed by dictionary codes, and the
// partials are merged at the end, codes renumbered into one dictionary per
// column (so workers could as well have read their rows with dictionaries of
// their own). States are kept per finest period and
// group, so quarters, years, the term and the whole table are roll-ups of one
// scan, never rescans. The period-level work is then runtime/exec/aggregate.h's
// Evaluate, the same code the reference interpreter ends in.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "runtime/exec/kernel_abi.h"
#include "runtime/interp/engine.h"
#include "runtime/statement.h"
#include "runtime/table.h"

namespace ocf::exec {

// A text constant a scan compares a column with: resolved to the column's
// dictionary code before the scan runs (-1 when no row holds it).
struct TextConstant {
  uint32_t column = 0;
  std::string text;
  // The plan table whose column it is when not the scanned one's (a linked
  // record's column, in a link's condition).
  uint32_t table = UINT32_MAX;
};

// Two text columns of different tables compared in a link's condition: the
// first's codes are mapped to the second's (KernelContext::text_maps).
struct TextMap {
  uint32_t from_table, from_column, to_table, to_column;
};

struct CompiledScan {
  ScanFunction function = nullptr;
  std::vector<TextConstant> text_constants;  // KernelContext::text_codes, in this order
  // It probes links (KernelContext::links): it runs once every table is read.
  bool uses_links = false;
  std::vector<TextMap> text_maps;  // KernelContext::text_maps, in this order
};

// What codegen hands the executor: a scan per plan table, and whatever keeps
// their code alive.
struct CompiledPlan {
  std::vector<CompiledScan> scans;
  std::shared_ptr<void> owner;
};

// Thrown by RunCompiled when a table's `by` groups are too many for the
// compiled scans' dense states (kStatesTooLarge): run the interpreter instead.
struct StatesTooLarge : std::runtime_error {
  explicit StatesTooLarge(const std::string& what) : std::runtime_error(what) {}
};

struct ExecOptions {
  unsigned threads = 0;  // 0: one per core
};

// Throws interp::EvalError or interp::MissingPaymentError, as interp::Run.
Statement RunCompiled(const interp::RunInput& input, const CompiledPlan& compiled,
                      const ExecOptions& options = {});

// Scanning a table while it is read: the parallel CSV reader hands over
// each block's rows once they are in place (ParallelCsvOptions::on_rows),
// and the reading thread scans them at once, while they are in its cache,
// into that thread's partial states. When reading is done only the merge and
// the period-level work remain.
//
// Whatever goes wrong falls back to RunCompiled on the finished tables: the
// compiled plan not ready or not made, a text literal to look up in a
// dictionary other threads are still filling, a scan that stops (a broken
// check, a failing expression), a file the parallel reader gave up on, or a
// row count that does not add up.
class ScanWhileReading {
 public:
  // `compiled()` returns the compiled plan once it is ready, else null (it
  // must not block); blocks that come before it are scanned later.
  ScanWhileReading(const plan::EvaluationPlan& plan, const std::vector<interp::Value>& inputs,
                   std::function<const CompiledPlan*()> compiled);
  ~ScanWhileReading();
  ScanWhileReading(const ScanWhileReading&) = delete;
  ScanWhileReading& operator=(const ScanWhileReading&) = delete;

  // From reading thread `worker` of table `t`: rows [first, first + count).
  void Rows(size_t t, unsigned worker, const Table& table, size_t first, size_t count,
            const std::vector<size_t>& dictionary_sizes);
  // Table t's file was given up on: forget its rows.
  void Discard(size_t t);
  // Whether every one of table t's `rows` rows has been scanned, check rules
  // included, and none broke one: the reference check pass over the table
  // then has nothing to find.
  bool ChecksPassed(size_t t, size_t rows) const;
  // Once every table is read: the statement, or nullopt to fall back.
  std::optional<Statement> Finish(const interp::RunInput& input);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ocf::exec
