// `ocf check --data` evaluates the contract's gates on the provider's data
// (LANGUAGE.md §6, "Gates"): the provider's pre-submission check says, for
// each period a gate fails, which measure values made it fail.
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/data.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/run.h"

namespace ocf::driver {

struct GateCheck {
  // One warning (with `strict`, error) per gate, period and group that
  // fails, located at the gate's name.
  DiagnosticSink diagnostics;
  size_t failures = 0;
  // Why the gates could not be evaluated (an input without a value, a
  // calculation out of range); empty when they were.
  std::string not_checked;
  std::string json;  // `[{"gate": ..., "period": ..., "group": ..., "passed": ..., "why": ...}, ...]`
};

// Runs the contract on the reference interpreter over `data` (read without
// problems) and reports its gates. Nothing to do when there are none.
GateCheck CheckGates(const Compilation& compilation, const plan::EvaluationPlan& plan, const DataCheck& data,
                     const InputSettings& sets, bool strict);
// The gates of a statement already made (by a warehouse's aggregates, say).
GateCheck GatesOf(const plan::EvaluationPlan& plan, const Statement& statement, bool strict);

}  // namespace ocf::driver
