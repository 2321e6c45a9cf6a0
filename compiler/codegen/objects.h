// Optimising LLVM modules and compiling them to object code, on several
// threads: each module has its own LLVMContext, so each thread works alone
// (its own TargetMachine and pass managers) and nothing is shared but the
// queue of modules.
#pragma once

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/Support/MemoryBuffer.h>

namespace ocf::codegen {

struct ModuleToCompile {
  std::unique_ptr<llvm::LLVMContext> context;
  std::unique_ptr<llvm::Module> module;
  size_t instructions = 0;  // as built, before O2
};

struct ObjectCode {
  std::vector<std::unique_ptr<llvm::MemoryBuffer>> objects;  // one per module, in order
  std::string failure;                                       // set when a module could not be compiled
  bool cancelled = false;   // `cancel` was set before every module was compiled
  size_t instructions = 0;  // IR instructions after O2, over all modules
  double cpu_seconds = 0;   // summed over the threads
};

struct ObjectOptions {
  unsigned threads = 1;
  bool dump_ir = false;                       // print each optimised module to stderr
  const std::atomic<bool>* cancel = nullptr;  // checked before each module
  std::atomic<size_t>* compiled = nullptr;    // += each module's `instructions` once compiled
  // Once set, the modules not yet begun are compiled quickly: without O2,
  // and to machine code at -O0 (about four times faster, for code a few
  // times slower).
  const std::atomic<bool>* quick = nullptr;
};

// Runs O2's function simplification pipeline over each module and compiles
// it for the host to an object file. The modules are freed as they are
// compiled.
ObjectCode CompileModules(std::vector<ModuleToCompile> modules,
                          const llvm::orc::JITTargetMachineBuilder& jtmb, const ObjectOptions& options);

}  // namespace ocf::codegen
