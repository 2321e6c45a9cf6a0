// `ocf run`: a checked contract, its provider's data and the run's inputs ->
// the statement, on the reference engine.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/driver/data.h"
#include "compiler/driver/driver.h"
#include "compiler/lower/plan.h"
#include "runtime/interp/eval.h"
#include "runtime/statement.h"

namespace ocf::driver {

// `--set NAME=VALUE`, in the order given.
using InputSettings = std::vector<std::pair<std::string, std::string>>;

struct RunOutcome {
  std::optional<Statement> statement;  // set when the run succeeded
  // Otherwise what went wrong, one message each: an input missing or
  // unreadable, a check rule broken, a run-time error (with its place).
  std::vector<std::string> errors;
  // Run-time errors located in the contract (E08xx), rendered like any diagnostic.
  std::string diagnostics;
  bool usage_error = false;  // `--set` of a name that is no input: bad usage (exit 2)
};

// The inputs' values from `--set`, read as data cells are (docs/language.md §4).
// Reports a missing input by name, as the language requires.
std::vector<interp::Value> ReadInputs(const plan::EvaluationPlan& plan, const InputSettings& sets,
                                      std::vector<std::string>& storage, RunOutcome& outcome);

// Runs the contract over data already read and found clean (types, keys and
// check rules: see CheckData).
RunOutcome RunContract(const Compilation& compilation, const plan::EvaluationPlan& plan,
                       const DataCheck& data, const InputSettings& sets);

}  // namespace ocf::driver
