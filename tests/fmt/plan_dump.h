// An evaluation plan as text, without where in the contract anything was
// written: every field of plan/plan.h but the spans, which `ocf fmt` moves
// while the plan stays the same. The fmt tests compare the plan of a file
// with the plan of its formatted text.
#pragma once

#include <string>

#include "plan/plan.h"

namespace ocf::test_support {

std::string DumpPlan(const plan::EvaluationPlan& plan);

}  // namespace ocf::test_support
