// The reference engine: runs an evaluation plan over loaded tables and
// produces the statement.
//
// It is the plain, obviously-right way to compute a contract: every row is
// placed in the finest reporting period of its `dated by` date (or counted as
// outside the term), and every aggregate is a walk over the table's rows,
// evaluating the plan's expressions with the interpreter: one walk into its
// state in each finest period, whose sums are its states in the reported
// periods, or, by group (one walk fills every group's state) and for what
// reads `contract_year`, a walk per reported period. The period-level work
// after that is shared with the compiled engine (runtime/exec). The LLVM
// engine is tested against it.
#pragma once

#include <cstdint>
#include <vector>

#include "plan/plan.h"
#include "runtime/explanation.h"
#include "runtime/interp/eval.h"
#include "runtime/statement.h"
#include "runtime/table.h"

namespace ocf::exec {
class AnswerRecord;
}

namespace ocf::interp {

struct RunInput {
  const plan::EvaluationPlan* plan = nullptr;
  std::vector<const Table*> tables;  // one per plan table, in plan order
  std::vector<Value> inputs;         // one per plan input
  std::vector<Explanation>* explain =
      nullptr;  // `ocf explain`: the figures to explain (runtime/explanation.h)
  // When set, every answer the scans give the period-level evaluation is
  // kept here too, for the answers cache (runtime/exec/answers.h).
  exec::AnswerRecord* record = nullptr;
};

// What a run did, for the tests of what it costs.
struct RunStats {
  uint64_t row_evaluations = 0;  // rows whose expressions were evaluated for an aggregate
};

// Throws EvalError (an overflow, located) or MissingPaymentError.
Statement Run(const RunInput& input, RunStats* stats = nullptr);

}  // namespace ocf::interp
