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

}  // namespace ocf::exec
