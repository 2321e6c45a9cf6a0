// The compiled engine on demand: codegen::Compile from libocf-jit.so
// (compiler/codegen/jit_abi.h), loaded the first time a run compiles.
//
// Nothing else of ocf links LLVM, so the commands that do not compile
// (--version, check, fmt, test and explain on the interpreter, lsp, the C
// API's check) never map it. `ocf run` compiles on its own thread while the
// data is read, so the module is loaded there, off the critical path.
//
// The module is looked for, in order:
// - OCF_JIT_MODULE in the environment, when set (then nothing else);
// - installed: beside the binary in ../lib/ocf/ (CMAKE_INSTALL_LIBDIR), or
//   beside libocf in ocf/ (docs/install.md);
// - the build tree's, where CMake built it (the binary, libocf and the tests
//   run from the build tree).
// When it cannot be loaded (not there, not a module, from another version or
// build), the result has no compiled plan and its `failure` names the path
// and why (dlerror), and the run uses the interpreter with that warning,
// like any JIT that cannot start.
#pragma once

#include <string>
#include <vector>

#include "compiler/codegen/codegen.h"
#include "plan/plan.h"
#include "runtime/interp/eval.h"

namespace ocf::driver {

// codegen::Compile through the module, loading it first (once per process,
// thread-safe; a failure to load is remembered too).
codegen::CodegenResult CompileScans(const plan::EvaluationPlan& plan,
                                    const std::vector<interp::Value>& inputs,
                                    const codegen::CodegenOptions& options = {});

// Whether this process has loaded the module (or failed to): a compile
// from now on does not pay for loading LLVM (engine_choice.h).
bool JitModuleLoaded();

// Where the module is looked for, in order.
std::vector<std::string> JitModuleCandidates();

}  // namespace ocf::driver
