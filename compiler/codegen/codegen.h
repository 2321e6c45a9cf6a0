// Codegen: the evaluation plan's scans as native code.
//
// For each table of the plan, a scan walks the table's rows once: it places
// each row in its finest period, evaluates every population, condition and
// value of the table's aggregates (each plan expression once per row,
// whatever number of aggregates share it) and updates every aggregate's
// state for the row's period and group (runtime/exec/kernel_abi.h is the
// layout). A scan of many aggregates is several functions of bounded size
// (chunks.h), compiled on several threads. Arithmetic is the interpreter's: 64-bit ints and 128-bit
// fixed-point decimals with every overflow checked off the fast path; the
// rarer operations (decimal `*`, `/`, `^`, `round`, calendar arithmetic) call
// the runtime's own helpers, so both engines round alike.
//
// Functions are optimised by LLVM's new pass manager at O2 for the host CPU
// and compiled by ORC LLJIT. Only row-level expressions are compiled:
// measures, targets and payments are a few hundred values per run, evaluated
// by runtime/exec's shared period-level code.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "plan/plan.h"
#include "runtime/exec/compiled.h"
#include "runtime/interp/eval.h"

namespace ocf::codegen {

struct CodegenResult {
  std::optional<exec::CompiledPlan> compiled;
  // Why there is no compiled plan: a construct codegen does not compile (the
  // run then uses the interpreter), or the JIT failed to start.
  std::string unsupported;
  std::string failure;
  double seconds = 0;  // building IR, optimising and compiling
  // The IR instructions of each function a scan is compiled in (its
  // chunks, chunks.h), as built: each stays near the chunk budget.
  std::vector<size_t> chunk_instructions;
};

// How far a compile has got, for a thread deciding whether to wait for it
// (`ocf run --engine auto`).
struct CompileProgress {
  std::atomic<size_t> instructions{0};      // IR instructions built, once every chunk is built
  std::atomic<size_t> compiled{0};          // of them, in modules compiled to object code so far
  std::atomic<int64_t> compiling_since{0};  // steady_clock nanoseconds when compiling modules began
};

struct CodegenOptions {
  bool dump_ir = false;  // print the optimised IR to stderr
  // Threads that optimise and compile the scans' chunks; 0: one per core.
  unsigned threads = 0;
  // The size of a scan's chunks (chunks.h); 0: kChunkBudget. Tests make
  // it small to exercise many chunks on small contracts.
  size_t chunk_budget = 0;
  // Set by another thread to give up: Compile then returns no plan (its
  // failure "cancelled") as soon as the chunk being compiled is done.
  const std::atomic<bool>* cancel = nullptr;
  CompileProgress* progress = nullptr;  // kept up to date when set
  // Set (by another thread) to compile what is not compiled yet quickly:
  // without O2, and to machine code at -O0. About four times faster to
  // compile, for scans a few times slower: for contracts much larger than
  // their data. OCF_JIT_QUICK=1 in the environment compiles everything so,
  // OCF_JIT_QUICK=0 nothing (the tests of the engines' agreement).
  const std::atomic<bool>* quick = nullptr;
};

// The run's inputs are compiled in as constants.
CodegenResult Compile(const plan::EvaluationPlan& plan, const std::vector<interp::Value>& inputs,
                      const CodegenOptions& options = {});

}  // namespace ocf::codegen
