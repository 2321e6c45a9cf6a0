#include "compiler/codegen/objects.h"

#include <ctime>
#include <mutex>
#include <thread>

#include <llvm/ExecutionEngine/Orc/CompileUtils.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

namespace ocf::codegen {
namespace {

double ThreadCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

// O2's function simplification pipeline (instcombine, GVN, LICM,
// SimplifyCFG, ...). The per-module pipeline around it adds inlining and
// other interprocedural passes, which have nothing to do on scans with no
// callees but the runtime's, and the vectorisers, which cannot vectorise
// updates scattered over groups: 14 ms of a 50-measure contract's 90 ms
// compile, for the same scan speed.
void Optimise(llvm::Module& module, llvm::TargetMachine& tm) {
  llvm::LoopAnalysisManager lam;
  llvm::FunctionAnalysisManager fam;
  llvm::CGSCCAnalysisManager cgam;
  llvm::ModuleAnalysisManager mam;
  llvm::PassBuilder pb(&tm);
  pb.registerModuleAnalyses(mam);
  pb.registerCGSCCAnalyses(cgam);
  pb.registerFunctionAnalyses(fam);
  pb.registerLoopAnalyses(lam);
  pb.crossRegisterProxies(lam, fam, cgam, mam);
  llvm::ModulePassManager mpm;
  mpm.addPass(llvm::createModuleToFunctionPassAdaptor(
      pb.buildFunctionSimplificationPipeline(llvm::OptimizationLevel::O2, llvm::ThinOrFullLTOPhase::None)));
  mpm.run(module, mam);
}

}  // namespace

ObjectCode CompileModules(std::vector<ModuleToCompile> modules,
                          const llvm::orc::JITTargetMachineBuilder& jtmb, const ObjectOptions& options) {
  ObjectCode out;
  out.objects.resize(modules.size());
  std::mutex mutex;  // guards out's other fields and stderr
  std::atomic<size_t> next{0};
  auto work = [&] {
    double started = ThreadCpuSeconds();
    size_t instructions = 0;
    std::string failure;
    bool cancelled = false;
    llvm::orc::JITTargetMachineBuilder builder = jtmb;
    auto tm = builder.createTargetMachine();
    if (!tm) failure = llvm::toString(tm.takeError());
    std::unique_ptr<llvm::TargetMachine> quick_tm;  // made when first needed
    while (failure.empty()) {
      size_t k = next++;
      if (k >= modules.size()) break;
      if (options.cancel && options.cancel->load()) {
        cancelled = true;
        break;
      }
      ModuleToCompile m = std::move(modules[k]);
      llvm::TargetMachine* target = tm->get();
      if (options.quick && options.quick->load()) {
        if (!quick_tm) {
          builder.setCodeGenOptLevel(llvm::CodeGenOptLevel::None);
          auto made = builder.createTargetMachine();
          if (!made) {
            failure = llvm::toString(made.takeError());
            break;
          }
          quick_tm = std::move(*made);
        }
        target = quick_tm.get();
      } else {
        Optimise(*m.module, *target);
      }
      for (const llvm::Function& f : *m.module) instructions += f.getInstructionCount();
      if (options.dump_ir) {
        std::lock_guard<std::mutex> lock(mutex);
        m.module->print(llvm::errs(), nullptr);
      }
      llvm::orc::SimpleCompiler compile(*target);
      auto object = compile(*m.module);
      if (!object) {
        failure = llvm::toString(object.takeError());
        break;
      }
      out.objects[k] = std::move(*object);
      if (options.compiled) *options.compiled += m.instructions;
    }
    std::lock_guard<std::mutex> lock(mutex);
    out.instructions += instructions;
    out.cpu_seconds += ThreadCpuSeconds() - started;
    out.cancelled |= cancelled;
    if (out.failure.empty()) out.failure = failure;
  };
  unsigned threads = std::max(1u, std::min<unsigned>(options.threads, static_cast<unsigned>(modules.size())));
  std::vector<std::thread> workers;
  for (unsigned k = 1; k < threads; ++k) workers.emplace_back(work);
  work();
  for (std::thread& w : workers) w.join();
  return out;
}

}  // namespace ocf::codegen
