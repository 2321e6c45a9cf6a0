#include "compiler/driver/engine_choice.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <unordered_set>

#include "compiler/driver/jit_loader.h"
#include "runtime/periods.h"

namespace ocf::driver {
namespace {

// Measured on a 2-core x86-64 machine (release build): the interpreter
// evaluates a plan node for a row in about 10 ns and steps over a row of a
// walk in about 2; the compiled scan does a node in well under a
// nanosecond; LLVM turns an IR instruction into machine code (O2) in about
// 20 us of one core. A quick compile (no O2, -O0 code) takes a third of
// that, and its scans three times as long.
constexpr double kInterpreterNodeSeconds = 10e-9;
constexpr double kInterpreterRowSeconds = 2e-9;
constexpr double kCompiledNodeSeconds = 0.5e-9;
constexpr double kInstructionSeconds = 20e-6;
constexpr double kQuickCompile = 1.0 / 3, kQuickScan = 3;
// Starting LLVM and linking, about 10 ms; a module's own costs (its
// target machine, pass managers, object file), about 5 ms. A module holds
// about 2,400 IR instructions (codegen.cc). Before all that, the first
// compile of a process loads the JIT module and LLVM with it
// (jit_loader.h): about 60 ms of one core (relocating libLLVM and its
// libraries), which `ocf run` pays on the compiling thread and the
// interpreter never does.
constexpr double kCompilerStartSeconds = 0.01, kModuleSeconds = 0.005;
constexpr double kJitLoadSeconds = 0.06;
constexpr size_t kModuleInstructions = 2400;

double Seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

}  // namespace

ScanEstimate EstimateScans(const plan::EvaluationPlan& plan, const std::vector<size_t>& rows) {
  // A row is in one finest period and in `levels` reported periods on
  // average (a quarter, its year and the term: 3); the interpreter walks a
  // period's rows for an aggregate by group, or one that reads
  // `contract_year`, once per reported period (runtime/interp/engine.cc).
  const std::vector<Period>& finest = plan.finest;
  double levels = 0;
  for (const Period& p : plan.periods) {
    PeriodRange range = FinestIn(finest, p);
    levels += static_cast<double>(range.last - range.first);
  }
  levels /= static_cast<double>(std::max<size_t>(1, finest.size()));
  const double periods = static_cast<double>(plan.periods.size());

  ScanEstimate e;
  for (size_t a = 0; a < plan.aggregates.size(); ++a) {
    const plan::Aggregate& agg = plan.aggregates[a];
    if (!agg.used || agg.table >= rows.size()) continue;
    // The plan nodes a row evaluates for it, each once (the plan is a DAG),
    // and the update of its state.
    size_t nodes = 1;
    bool reads_year = false;
    std::unordered_set<plan::ExprId> seen;
    for (plan::ExprId root : {agg.population, agg.condition, agg.value})
      plan::VisitOnce(plan, root, seen, [&](const plan::Node& n) {
        ++nodes;
        reads_year |= n.op == plan::Op::ContractYear;
      });
    const double n = static_cast<double>(rows[agg.table]), w = static_cast<double>(nodes);
    double walks = reads_year ? 0 : 1, evaluations = reads_year ? 0 : 1;
    if (reads_year || agg.by_column != plan::kNoSlot) {
      walks += periods;
      evaluations += levels;
    }
    e.interpreter_seconds += n * (walks * kInterpreterRowSeconds + evaluations * w * kInterpreterNodeSeconds);
    e.compiled_seconds += n * w * kCompiledNodeSeconds;
    e.instructions += 5 * nodes + 10;
  }
  return e;
}

double CompilerSecondsLeft(const ScanEstimate& estimate, const codegen::CompileProgress& progress,
                           unsigned threads, bool quick) {
  // The pace is the typical one, not the one measured so far: modules are
  // compiled a few at a time, so the first to finish says little about the
  // others, and the interpreter's estimate is a typical pace too (a busy
  // machine slows both alike).
  const double per_instruction = kInstructionSeconds / std::max(1u, threads) * (quick ? kQuickCompile : 1);
  size_t total = progress.instructions;
  double left;
  if (total == 0) {  // still building the IR
    left = static_cast<double>(estimate.instructions) * per_instruction;
  } else {
    size_t done = std::min<size_t>(progress.compiled, total);
    double since = Seconds(std::chrono::steady_clock::now().time_since_epoch() -
                           std::chrono::steady_clock::duration(progress.compiling_since.load()));
    left = std::max(static_cast<double>(total - done) * per_instruction,
                    static_cast<double>(total) * per_instruction - since);
  }
  if (progress.compiled == 0) {  // no module compiled yet, no LLJIT made
    size_t instructions = total ? total : estimate.instructions;
    if (!JitModuleLoaded()) left += kJitLoadSeconds;
    left += kCompilerStartSeconds + kModuleSeconds *
                                        static_cast<double>(1 + instructions / kModuleInstructions) /
                                        std::max(1u, threads);
  }
  return std::max(0.0, left) + estimate.compiled_seconds * (quick ? kQuickScan : 1);
}

std::optional<std::vector<size_t>> GuessRows(const plan::EvaluationPlan& plan, const DataSources& sources) {
  std::vector<size_t> rows;
  for (const plan::Table& table : plan.tables) {
    std::string path = DatasetPath(sources, table.name);
    std::error_code ec;
    if (path.empty() || !std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    uintmax_t bytes = std::filesystem::file_size(path, ec);
    if (ec) return std::nullopt;
    // The lines of the first 64 KB, scaled to the file's size.
    std::string sample(static_cast<size_t>(std::min<uintmax_t>(bytes, 64 * 1024)), '\0');
    std::ifstream in(path, std::ios::binary);
    if (!in.read(sample.data(), static_cast<std::streamsize>(sample.size()))) return std::nullopt;
    size_t lines = static_cast<size_t>(std::count(sample.begin(), sample.end(), '\n'));
    rows.push_back(sample.empty()
                       ? 0
                       : static_cast<size_t>(static_cast<double>(lines) * static_cast<double>(bytes) /
                                             static_cast<double>(sample.size())));
  }
  return rows;
}

bool InterpreterSooner(const plan::EvaluationPlan& plan, const std::vector<size_t>& rows, unsigned threads) {
  ScanEstimate estimate = EstimateScans(plan, rows);
  codegen::CompileProgress not_started;
  return estimate.interpreter_seconds < CompilerSecondsLeft(estimate, not_started, threads, true);
}

Engine ChooseEngine(const plan::EvaluationPlan& plan, const std::vector<size_t>& rows,
                    const std::shared_future<codegen::CodegenResult>& compiling,
                    const codegen::CompileProgress& progress, std::atomic<bool>& quick,
                    std::atomic<bool>& cancel, unsigned threads, bool may_interpret) {
  const ScanEstimate estimate = EstimateScans(plan, rows);
  for (auto wait = std::chrono::milliseconds(0);; wait = std::chrono::milliseconds(5)) {
    if (compiling.wait_for(wait) == std::future_status::ready) return Engine::Jit;
    double left = CompilerSecondsLeft(estimate, progress, threads, quick);
    if (!quick) {
      double quickly = CompilerSecondsLeft(estimate, progress, threads, true);
      if (quickly < left) {
        quick = true;
        left = quickly;
      }
    }
    if (may_interpret && estimate.interpreter_seconds < left) {
      cancel = true;
      return Engine::Interp;
    }
  }
}

}  // namespace ocf::driver
