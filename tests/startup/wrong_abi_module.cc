// A JIT module from "another build" (tests/startup/startup_test.sh): the
// entry point of compiler/codegen/jit_abi.h with a tag no ocf has. The
// driver must refuse it before calling anything in it.
#include <cstdlib>

#include "compiler/codegen/jit_abi.h"

namespace {

void NeverCalled(const ocf::plan::EvaluationPlan&, const std::vector<ocf::interp::Value>&,
                 const ocf::codegen::CodegenOptions&, ocf::codegen::CodegenResult&) {
  std::abort();  // the test sees the crash
}

}  // namespace

extern "C" __attribute__((visibility("default"))) const ocf::codegen::JitModule* ocf_jit_module() {
  static const ocf::codegen::JitModule module{"ocf 0.0.0 another build", &NeverCalled};
  return &module;
}
