// Stage 3: checked program -> evaluation plan.
//
// Lower() turns a CheckedProgram without errors into the EvaluationPlan both
// engines execute (plan.h). It decides once what every operator means for
// its operands' types, inlines lets and function calls (functions are pure
// and never recursive, so inlining is exact), resolves names to slots, and
// orders measures so each uses only earlier ones. It reports nothing: a
// checked program is a valid input, and anything else is a bug, thrown as
// std::logic_error.
#pragma once

#include "compiler/sema/sema.h"
#include "plan/plan.h"

namespace ocf {

plan::EvaluationPlan Lower(const CheckedProgram& program);

}  // namespace ocf
