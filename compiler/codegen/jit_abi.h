// The JIT module's boundary: what the driver (compiler/driver/jit_loader.h)
// finds in libocf-jit.so, the shared module that holds codegen and LLVM.
//
// Only a run on the compiled engine needs LLVM, and loading libLLVM (its
// relocations, its static initialisers) was most of the start-up time of
// every command: `ocf --version` 60 ms, `ocf check` on 1,000 lines 94 ms.
// So codegen is built twice: as the static archive ocf_codegen (for the
// tests that call it directly) and as a module the driver dlopen()s on its
// first compile. The module exports one extern "C" function, kJitModuleSymbol,
// which returns a JitModule; the driver refuses a module whose `abi` is not
// its own JitAbi(): one from another version of ocf, or another build whose
// plan, values or results are laid out differently. Across the boundary go
// C++ objects of this build (the plan, the inputs, the result), which is why
// the tag is checked before anything else is called.
#pragma once

#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/codegen/codegen.h"
#include "plan/plan.h"
#include "runtime/exec/compiled.h"
#include "runtime/interp/eval.h"

namespace ocf::codegen {

// codegen::Compile, into `out`; never throws (an exception becomes `failure`).
using CompileFunction = void (*)(const plan::EvaluationPlan& plan, const std::vector<interp::Value>& inputs,
                                 const CodegenOptions& options, CodegenResult& out);

struct JitModule {
  const char* abi;  // the JitAbi() of the build that made the module
  CompileFunction compile;
};

// extern "C" const JitModule* ocf_jit_module(void);
inline constexpr const char* kJitModuleSymbol = "ocf_jit_module";
using JitModuleEntry = const JitModule* (*)();

// The version, the compiler and the layout of what crosses the boundary.
// OCF_JIT_ABI_VERSION is set by CMakeLists.txt (the project's version) for
// both the driver and the module.
#ifndef OCF_JIT_ABI_VERSION
#error "OCF_JIT_ABI_VERSION must be defined (CMakeLists.txt)"
#endif
inline std::string JitAbi() {
  const char* sanitizers =
      ""
#if defined(__SANITIZE_ADDRESS__)
      "+asan"
#endif
#if defined(__SANITIZE_THREAD__)
      "+tsan"
#endif
      ;
  return fmt::format("ocf {}{} {} plan {} value {} options {} result {} compiled {} scan {}",
                     OCF_JIT_ABI_VERSION, sanitizers, __VERSION__, sizeof(plan::EvaluationPlan),
                     sizeof(interp::Value), sizeof(CodegenOptions), sizeof(CodegenResult),
                     sizeof(exec::CompiledPlan), sizeof(exec::CompiledScan));
}

}  // namespace ocf::codegen
