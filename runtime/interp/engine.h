// The reference engine: runs an evaluation plan over loaded tables and
// produces the statement.
//
// It is the plain, obviously-right way to compute a contract: every row is
// placed in the finest reporting period of its `dated by` date (or counted as
// outside the term), every aggregate keeps its state per finest period and
// group, coarser periods are rolled up from those, and measures, targets,
// outcomes and payments are then evaluated period by period. The LLVM engine
// is tested against it.
#pragma once

#include <string>
#include <vector>

#include "compiler/lower/plan.h"
#include "runtime/interp/eval.h"
#include "runtime/statement.h"
#include "runtime/table.h"

namespace ocf::interp {

struct RunInput {
  const plan::EvaluationPlan* plan = nullptr;
  std::vector<const Table*> tables;  // one per plan table, in plan order
  std::vector<Value> inputs;         // one per plan input
};

// A payment line that came out missing: a statement never silently pays nothing.
struct MissingPaymentError : std::runtime_error {
  MissingPaymentError(std::string line_name, std::string period_label, Span where)
      : std::runtime_error("payment line \"" + line_name + "\" comes out missing in " + period_label),
        line(std::move(line_name)),
        period(std::move(period_label)),
        span(where) {}
  std::string line, period;
  Span span;  // the line's value
};

// Throws EvalError (an overflow, located) or MissingPaymentError.
Statement Run(const RunInput& input);

}  // namespace ocf::interp
