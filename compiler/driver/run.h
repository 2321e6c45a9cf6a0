// `ocf run`: a checked contract, its provider's data and the run's inputs ->
// the statement, on the compiled engine (the default) or the reference
// interpreter.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/codegen/codegen.h"
#include "compiler/driver/data.h"
#include "compiler/driver/driver.h"
#include "plan/plan.h"
#include "runtime/interp/engine.h"
#include "runtime/statement.h"

namespace ocf::driver {

// `--set NAME=VALUE`, in the order given.
using InputSettings = std::vector<std::pair<std::string, std::string>>;

enum class Engine { Jit, Interp };

struct RunOptions {
  Engine engine = Engine::Jit;
  unsigned threads = 0;  // the compiled engine's workers; 0: one per core
  // The plan already compiled for these inputs (`ocf run` compiles while the
  // data is read); null: compile when needed.
  const codegen::CodegenResult* compiled = nullptr;
  // The compiled engine's statement from scans already run while the data
  // was read (exec::ScanWhileReading), or nullopt to scan now.
  std::function<std::optional<Statement>(const interp::RunInput&)> scanned;
  std::vector<Explanation>* explain =
      nullptr;  // `ocf explain`: the figures whose derivations the run fills in
  // Set: the scans' answers are kept here too (runtime/exec/answers.h).
  exec::AnswerRecord* record = nullptr;
};

// Where a run's time went, in seconds (`ocf run --timings`).
struct RunTimings {
  double jit_compile = 0;
  double scan = 0;  // the engine's run: scans, then the period-level work
};

// Runs the plan on one engine. With Engine::Jit, a plan codegen does not
// compile, or a JIT that cannot start, runs on the interpreter instead and
// says why in `warning` (never a wrong answer). Throws interp::EvalError or
// interp::MissingPaymentError.
Statement RunOnEngine(const interp::RunInput& input, const RunOptions& options,
                      std::string* warning = nullptr, RunTimings* timings = nullptr);

struct RunOutcome {
  std::optional<Statement> statement;  // set when the run succeeded
  // Otherwise what went wrong, one message each: an input missing or
  // unreadable, a check rule broken, a run-time error (with its place).
  std::vector<std::string> errors;
  // Run-time errors located in the contract (E08xx), rendered like any diagnostic.
  std::string diagnostics;
  bool usage_error = false;  // `--set` of a name that is no input: bad usage (exit 2)
  std::string warning;       // the compiled engine was not used, and why
  RunTimings timings;
};

// The inputs' values from `--set`, read as data cells are (docs/language.md §4).
// Reports a missing input by name, as the language requires.
std::vector<interp::Value> ReadInputs(const plan::EvaluationPlan& plan, const InputSettings& sets,
                                      std::vector<std::string>& storage, RunOutcome& outcome);

// Calls `evaluate` (a run of the period-level code), turning a run-time error
// into its rendered diagnostic in `outcome` (E0801 an overflow, E0802 a
// payment line that comes out missing).
void CatchRunErrors(const Compilation& compilation, RunOutcome& outcome,
                    const std::function<void()>& evaluate);

// Runs the contract over data already read and found clean (types, keys and
// check rules: see CheckData).
RunOutcome RunContract(const Compilation& compilation, const plan::EvaluationPlan& plan,
                       const DataCheck& data, const InputSettings& sets, const RunOptions& options = {});

}  // namespace ocf::driver
