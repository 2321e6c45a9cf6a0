// libocf-jit.so's one entry point (jit_abi.h): codegen::Compile behind a
// version check, for the driver to dlopen() on its first compile.
#include <exception>
#include <string>

#include "compiler/codegen/jit_abi.h"

namespace ocf::codegen {
namespace {

void CompileEntry(const plan::EvaluationPlan& plan, const std::vector<interp::Value>& inputs,
                  const CodegenOptions& options, CodegenResult& out) {
  // An exception must not cross into the driver: its type's identity is
  // this module's, not the caller's.
  try {
    out = Compile(plan, inputs, options);
  } catch (const std::exception& e) {
    out = CodegenResult{};
    out.failure = std::string("internal error in the JIT: ") + e.what();
  } catch (...) {
    out = CodegenResult{};
    out.failure = "internal error in the JIT";
  }
}

}  // namespace
}  // namespace ocf::codegen

extern "C" __attribute__((visibility("default"))) const ocf::codegen::JitModule* ocf_jit_module() {
  static const std::string abi = ocf::codegen::JitAbi();
  static const ocf::codegen::JitModule module{abi.c_str(), &ocf::codegen::CompileEntry};
  return &module;
}
