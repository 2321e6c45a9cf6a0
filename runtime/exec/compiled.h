// Running compiled scans: the fast engine's executor.
//
// A table's rows reach the compiled scan (compiler/codegen) in one of two
// ways: from a table already in memory, split into one contiguous range of
// rows per worker thread; or streamed, block by block, straight from the
// parallel CSV reader (runtime/csv_parallel.h), so the table is never stored.
// Either way every worker fills its own partial states, keyed by its own
// dictionary codes, and the partials are merged at the end, codes renumbered
// into one dictionary per column. States are kept per finest period and
// group, so quarters, years, the term and the whole table are roll-ups of one
// scan, never rescans. The period-level work is then runtime/exec/aggregate.h's
// Evaluate, the same code the reference interpreter ends in.
#pragma once

#include <memory>
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
};

struct CompiledScan {
  ScanFunction function = nullptr;
  std::vector<TextConstant> text_constants;  // KernelContext::text_codes, in this order
};

// What codegen hands the executor: a scan per plan table, and whatever keeps
// their code alive.
struct CompiledPlan {
  std::vector<CompiledScan> scans;
  std::shared_ptr<void> owner;
};

struct ExecOptions {
  unsigned threads = 0;  // 0: one per core
};

// Throws interp::EvalError or interp::MissingPaymentError, as interp::Run.
Statement RunCompiled(const interp::RunInput& input, const CompiledPlan& compiled,
                      const ExecOptions& options = {});

// Rows of one table handed to a scan in blocks: per schema column its values
// and presence bytes (as a Table's columns hold them), and for text, id and
// enumeration columns the dictionary its codes refer to. A worker's blocks
// share its dictionaries, which only grow.
struct RowBlock {
  size_t rows = 0;
  const void* const* values = nullptr;
  const uint8_t* const* present = nullptr;
  const StringDictionary* const* dictionaries = nullptr;  // null entries for other kinds
};

// A streamed run: the caller feeds each table's blocks from its workers, then
// finishes. Not thread-safe across one worker; different workers may feed at once.
class StreamRun {
 public:
  StreamRun(const interp::RunInput& input, const CompiledPlan& compiled, unsigned workers);
  ~StreamRun();
  StreamRun(const StreamRun&) = delete;
  StreamRun& operator=(const StreamRun&) = delete;

  // Scans one block of table `table` for `worker`. False when the scan
  // stopped: a check rule broken, or an expression that failed; stop reading
  // then, and run the reference path, which reports it.
  bool Feed(size_t table, unsigned worker, const RowBlock& block);
  // The statement, once every table has been fed; `rows` per table.
  Statement Finish(const std::vector<int64_t>& rows);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ocf::exec
