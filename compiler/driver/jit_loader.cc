#include "compiler/driver/jit_loader.h"

#include <dlfcn.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <system_error>

#include <fmt/format.h>

#include "compiler/codegen/jit_abi.h"
#include "compiler/driver/code_location.h"

// Set by CMakeLists.txt: the module's place relative to the installed
// binary and library, and where the build tree has it.
#ifndef OCF_JIT_FROM_BIN
#define OCF_JIT_FROM_BIN "../lib/ocf/libocf-jit.so"
#endif
#ifndef OCF_JIT_FROM_LIB
#define OCF_JIT_FROM_LIB "ocf/libocf-jit.so"
#endif
#ifndef OCF_JIT_BUILD_PATH
#define OCF_JIT_BUILD_PATH "libocf-jit.so"
#endif

namespace ocf::driver {
namespace fs = std::filesystem;
namespace {

struct LoadedJit {
  const codegen::JitModule* module = nullptr;
  std::string error;  // why there is no module
};

std::string DlError() {
  const char* e = dlerror();
  return e ? e : "unknown error";
}

// dlopen()s `path` and checks its entry point and version. The handle is
// never closed: compiled plans hold code and objects of the module.
LoadedJit Open(const std::string& path) {
  LoadedJit out;
  void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (!handle) {
    out.error = fmt::format("cannot load the JIT module `{}`: {}", path, DlError());
    return out;
  }
  auto entry = reinterpret_cast<codegen::JitModuleEntry>(dlsym(handle, codegen::kJitModuleSymbol));
  if (!entry) {
    out.error = fmt::format("`{}` is not ocf's JIT module: {}", path, DlError());
    dlclose(handle);
    return out;
  }
  const codegen::JitModule* module = entry();
  const std::string ours = codegen::JitAbi();
  if (!module || !module->abi || module->abi != ours || !module->compile) {
    out.error = fmt::format("the JIT module `{}` is from another build of ocf (it is `{}`, this ocf is `{}`)",
                            path, module && module->abi ? module->abi : "?", ours);
    dlclose(handle);
    return out;
  }
  out.module = module;
  return out;
}

LoadedJit Load() {
  std::vector<std::string> candidates = JitModuleCandidates();
  // The first that is there; if none is, the first, to say why.
  for (const std::string& path : candidates) {
    std::error_code ec;
    if (fs::exists(path, ec)) return Open(path);
  }
  return Open(candidates.front());
}

std::atomic<bool> loaded{false};

}  // namespace

bool JitModuleLoaded() { return loaded; }

std::vector<std::string> JitModuleCandidates() {
  if (const char* env = std::getenv("OCF_JIT_MODULE"); env && *env) return {env};
  std::vector<std::string> out;
  if (std::optional<CodeLocation> code = FindCodeLocation())
    out.push_back((code->file.parent_path() / (code->library ? OCF_JIT_FROM_LIB : OCF_JIT_FROM_BIN))
                      .lexically_normal());
  out.push_back(OCF_JIT_BUILD_PATH);
  return out;
}

codegen::CodegenResult CompileScans(const plan::EvaluationPlan& plan,
                                    const std::vector<interp::Value>& inputs,
                                    const codegen::CodegenOptions& options) {
  static std::once_flag once;
  static LoadedJit jit;
  std::call_once(once, [] {
    jit = Load();
    loaded = true;
  });
  codegen::CodegenResult result;
  if (!jit.module) {
    result.failure = jit.error;
    return result;
  }
  jit.module->compile(plan, inputs, options, result);
  return result;
}

}  // namespace ocf::driver
