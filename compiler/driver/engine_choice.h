// How `ocf run` spends its time on a contract much larger than its data.
//
// The JIT compiles on other threads while the data is read, and for most
// runs it is ready by then. When it is not, three ways to finish are
// weighed, again every few milliseconds while waiting:
// - the compile as begun (O2), then the compiled scans;
// - the rest of the compile done quickly (codegen.h: CodegenOptions::quick,
//   about four times faster to compile, scans a few times slower);
// - with `--engine auto` (the default), the reference interpreter's scans
//   (each row once per aggregate, each plan node it evaluates), the compile
//   cancelled.
// With `--engine auto`, data so small that the interpreter would be done
// before any compile could (as its files' sizes and first lines say) is
// run on the interpreter without starting the JIT at all.
// A contract of 5,000 simple measures over 5,000 rows runs on the
// interpreter with `--engine auto` and compiles quickly with `--engine
// jit`; over a million rows it compiles at O2. The estimates are rough
// (within a small factor), so a run is never much slower than the fastest
// way.
//
// `--engine jit` is what a user asks for to have the compiled engine
// whatever it costs (as `ocf test` and the engine agreement tests do); it
// falls back to the interpreter only for what the JIT does not compile.
#pragma once

#include <atomic>
#include <cstddef>
#include <future>
#include <optional>
#include <vector>

#include "compiler/codegen/codegen.h"
#include "compiler/driver/data.h"
#include "compiler/driver/run.h"
#include "plan/plan.h"

namespace ocf::driver {

// What the two engines' scans of tables of `rows` rows (per plan table)
// cost, roughly. The period-level work both engines share is left out.
struct ScanEstimate {
  double interpreter_seconds = 0;  // the interpreter's scans
  double compiled_seconds = 0;     // the compiled scans (O2), on one thread
  size_t instructions = 0;         // IR instructions the JIT builds, about
};
ScanEstimate EstimateScans(const plan::EvaluationPlan& plan, const std::vector<size_t>& rows);

// Seconds the JIT still needs: what is left of the compile on `threads`
// threads, at O2 or `quick`ly, then its scans; and loading the JIT module,
// the first time in a process (jit_loader.h).
double CompilerSecondsLeft(const ScanEstimate& estimate, const codegen::CompileProgress& progress,
                           unsigned threads, bool quick);

// Before the data is read: about how many rows each plan table's file
// holds (the lines of its first 64 KB, scaled to its size), or nullopt when
// some file is not a regular file or not there (reading it will say).
std::optional<std::vector<size_t>> GuessRows(const plan::EvaluationPlan& plan, const DataSources& sources);

// Whether the interpreter's scans of `rows` rows would be done before even
// a quick compile: then `--engine auto` does not start the JIT.
bool InterpreterSooner(const plan::EvaluationPlan& plan, const std::vector<size_t>& rows, unsigned threads);

// Waits for `compiling`, setting `quick` when the rest of the compile is
// better done quickly, and returns Engine::Jit once it is ready; or, when
// `may_interpret` (`--engine auto`), sets `cancel` and returns
// Engine::Interp as soon as the interpreter looks sooner.
Engine ChooseEngine(const plan::EvaluationPlan& plan, const std::vector<size_t>& rows,
                    const std::shared_future<codegen::CodegenResult>& compiling,
                    const codegen::CompileProgress& progress, std::atomic<bool>& quick,
                    std::atomic<bool>& cancel, unsigned threads, bool may_interpret);

}  // namespace ocf::driver
