// `ocf run --engine auto`, the default: the compiled engine, unless the data
// is so small beside the contract that the reference interpreter would be
// done before the JIT has finished compiling.
//
// The JIT compiles on other threads while the data is read, and for most
// runs it is ready by then. When it is not, the interpreter's scans (each
// row once per aggregate, each plan node it evaluates) are weighed against
// what is left of the compile (its IR instructions, at the pace measured so
// far) and the JIT's own scan, again every few milliseconds while waiting:
// a contract of 5,000 measures over 5,000 rows runs on the interpreter, the
// same over a million rows on the JIT. The estimates are rough (within a
// small factor), so a run is never much slower than the faster engine.
//
// `--engine jit` is what a user asks for to have the compiled engine
// whatever it costs (as `ocf test` and the engine agreement tests do); it
// falls back to the interpreter only for what the JIT does not compile.
#pragma once

#include <atomic>
#include <cstddef>
#include <future>
#include <vector>

#include "compiler/codegen/codegen.h"
#include "compiler/driver/run.h"
#include "compiler/lower/plan.h"

namespace ocf::driver {

// What the two engines' scans of tables of `rows` rows (per plan table)
// cost, roughly. The period-level work both engines share is left out.
struct ScanEstimate {
  double interpreter_seconds = 0;  // the interpreter's scans
  double compiled_seconds = 0;     // the compiled scans, on one thread
  size_t instructions = 0;         // IR instructions the JIT builds, about
};
ScanEstimate EstimateScans(const plan::EvaluationPlan& plan, const std::vector<size_t>& rows);

// Seconds the JIT still needs: what is left of the compile on `threads`
// threads, at the pace measured so far (before any module is compiled, a
// typical pace), then its scans.
double CompilerSecondsLeft(const ScanEstimate& estimate, const codegen::CompileProgress& progress,
                           unsigned threads);

// Waits for `compiling` while the JIT looks sooner and returns Engine::Jit
// once it is ready; or sets `cancel` and returns Engine::Interp.
Engine ChooseEngine(const plan::EvaluationPlan& plan, const std::vector<size_t>& rows,
                    const std::shared_future<codegen::CodegenResult>& compiling,
                    const codegen::CompileProgress& progress, std::atomic<bool>& cancel, unsigned threads);

}  // namespace ocf::driver
