#include "compiler/sema/sema.h"

namespace ocf {

// Placeholder until the checker lands (being written now).
CheckResult Check(const SemaInput& input) {
  CheckResult result;
  result.program = std::make_shared<CheckedProgram>();
  (void)input;
  return result;
}

}  // namespace ocf
