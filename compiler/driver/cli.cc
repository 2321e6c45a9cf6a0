#include "compiler/driver/cli.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <future>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "compiler/driver/api_impl.h"
#include "compiler/driver/data.h"
#include "compiler/driver/engine_choice.h"
#include "compiler/driver/gate_check.h"
#include "compiler/driver/internal_error.h"
#include "compiler/driver/run.h"
#include "compiler/driver/test_runner.h"
#include "compiler/lower/lower.h"
#include "ocf/ocf.hpp"
#include "runtime/exec/compiled.h"

namespace ocf {
namespace {

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUsage = 2;

constexpr const char* kDescription =
    "ocf compiles outcomes-based healthcare contracts.\n"
    "\n"
    "A contract is a .ocf text file: the parties and term, the data the provider\n"
    "submits, the measures, the targets that count as success and the payments\n"
    "they earn. ocf checks that the contract means something precise (every name\n"
    "declared, percentages not added to plain numbers, weights summing to 100%, ...)\n"
    "and reports every problem with the line it is on.";

constexpr const char* kFooter =
    "Examples:\n"
    "  ocf check examples/msk/msk.ocf                 check a contract, print its problems\n"
    "  ocf check examples/msk/msk.ocf --format json   the same, as JSON for other tools\n"
    "  ocf check examples/msk/msk.ocf --data data/    ... and check the provider's data files\n"
    "  ocf check --help                               the options of `check`\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors in the contract or data,\n"
    "2 bad usage (unknown command or option, a file that cannot be read).\n"
    "\n"
    "The language: docs/language.md. Every diagnostic code: docs/diagnostics.md.";

constexpr const char* kCheckFooter =
    "Problems are printed to standard error as\n"
    "  FILE:LINE:COLUMN: error[E0402]: what is wrong\n"
    "followed by the line, a caret under the place, and notes or help; then one\n"
    "summary line on standard output. With --format json, one JSON object goes to\n"
    "standard output instead: {\"diagnostics\": [...], \"errors\": N, \"warnings\": N}.\n"
    "\n"
    "With --data, a contract without errors is followed by its data: dataset NAME\n"
    "is read from DIR/NAME.csv, or from the file that --data NAME=PATH names.\n"
    "Every bad cell is printed to standard error as\n"
    "  FILE:LINE: COLUMN: what is wrong\n"
    "at most 20 of each kind, then for each kind several rows have, how many have\n"
    "it; then one line per dataset to standard output: `referrals: 2,431 rows, ok`\n"
    "(with a baseline, also how many rows are dated in it).\n"
    "JSON output gains a \"data\" key with each dataset's rows and problems.\n"
    "\n"
    "Imports (`import \"nhs/qof\"`) are looked for beside the importing file, then\n"
    "in the standard library: --stdlib, else $OCF_STDLIB, else the built-in one.\n"
    "\n"
    "Exit status: 0 no errors (warnings allowed), 1 errors in the contract or the\n"
    "data, 2 bad usage.\n"
    "\n"
    "Examples:\n"
    "  ocf check examples/msk/msk.ocf\n"
    "  ocf check examples/msk/msk.ocf --data submissions/2015-q1/\n"
    "  ocf check examples/msk/msk.ocf --data referrals=march.csv";

// Commands the language reference describes that this version does not have yet.
const std::set<std::string> kLaterCommands = {"fmt"};

bool UseColor(const std::ostream& err) {
  if (&err != &std::cerr) return false;
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) return false;
  return isatty(STDERR_FILENO) == 1;
}

std::string Plural(size_t n, const char* one, const char* many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// "2 datasets, 3 measures, 1 target" (what is there, nothing that is not).
std::string Contents(const ProgramSummary& s) {
  std::vector<std::string> parts;
  auto add = [&](size_t n, const char* one, const char* many) {
    if (n) parts.push_back(Plural(n, one, many));
  };
  add(s.datasets, "dataset", "datasets");
  add(s.measures, "measure", "measures");
  add(s.targets, "target", "targets");
  add(s.outcomes, "outcome", "outcomes");
  add(s.payments, "payment block", "payment blocks");
  add(s.inputs, "input", "inputs");
  add(s.tests, "test", "tests");
  add(s.files > 0 ? s.files - 1 : 0, "imported file", "imported files");
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : ", ") + part;
  return out;
}

// One line a newcomer can read: `msk.ocf: ok (2 datasets, 3 measures)`,
// `msk.ocf: 2 errors, 1 warning`.
std::string SummaryLine(const std::string& file, const Compilation& c) {
  std::string warnings = c.warning_count() ? Plural(c.warning_count(), "warning", "warnings") : "";
  if (c.ok()) {
    std::string line = file + ": ok";
    if (!warnings.empty()) line += ", " + warnings;
    if (std::string contents = Contents(c.summary()); !contents.empty()) line += " (" + contents + ")";
    return line;
  }
  std::string line = file + ": " + Plural(c.error_count(), "error", "errors");
  if (!warnings.empty()) line += ", " + warnings;
  if (!c.fully_checked() && !c.check_skipped_because().empty()) {
    line += " (names and types were not checked because " + c.check_skipped_because() + ")";
  }
  return line;
}

// CLI11's help, with a blank line between the description and the usage line.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_description(const CLI::App* app) const override {
    std::string description = CLI::Formatter::make_description(app);
    return description.empty() ? description : description + "\n";
  }
};

struct CheckArgs {
  std::string file;
  std::string format = "text";
  std::string stdlib;
  std::vector<std::string> data;  // each `--data`: DIR or NAME=PATH
  std::vector<std::string> sets;  // NAME=VALUE, for the gates
  bool strict = false;            // failing gates are errors
};

// `--set NAME=VALUE` arguments, or a usage message.
std::optional<driver::InputSettings> ParseSets(const std::vector<std::string>& args, const char* who,
                                               std::ostream& err) {
  driver::InputSettings sets;
  for (const std::string& s : args) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      err << fmt::format("{}: --set takes NAME=VALUE, not `{}`\n", who, s);
      return std::nullopt;
    }
    sets.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return sets;
}

// `--data NAME=PATH` when the part before `=` is a name; anything else is a folder.
bool IsNamedFile(const std::string& arg, size_t& eq) {
  eq = arg.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  for (size_t i = 0; i < eq; ++i) {
    unsigned char c = static_cast<unsigned char>(arg[i]);
    if (!(std::isalnum(c) || c == '_') || (i == 0 && std::isdigit(c))) return false;
  }
  return true;
}

// The `--data` options: one folder (DIR/NAME.csv) and any NAME=PATH files.
bool ParseDataArgs(const std::vector<std::string>& args, driver::DataSources& sources, std::ostream& err,
                   const char* command) {
  for (const std::string& arg : args) {
    size_t eq;
    if (IsNamedFile(arg, eq)) {
      sources.files.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    } else if (sources.dir.empty()) {
      sources.dir = arg;
    } else {
      err << fmt::format(
          "{}: --data names two folders, `{}` and `{}`; give one (and NAME=PATH for files elsewhere)\n",
          command, sources.dir, arg);
      return false;
    }
  }
  return true;
}

// "reading data/referrals.csv: 45%" on a terminal, for files that take more
// than a second, overwritten in place and erased when the file is done.
class ProgressLine {
 public:
  explicit ProgressLine(std::ostream& err)
      : err_(err), enabled_(&err == &std::cerr && isatty(STDERR_FILENO) == 1) {}

  void operator()(const std::string& path, uint64_t done, uint64_t total) {
    if (!enabled_ || total == 0) return;
    auto now = std::chrono::steady_clock::now();
    if (path != path_) {
      path_ = path;
      start_ = now;
      shown_ = false;
    }
    if (!shown_ && now - start_ < std::chrono::seconds(1)) return;
    if (done >= total) {
      if (shown_) err_ << "\r\033[K" << std::flush;
      shown_ = false;
      return;
    }
    uint64_t percent = done * 100 / total;
    if (shown_ && percent == percent_) return;
    shown_ = true;
    percent_ = percent;
    err_ << fmt::format("\rreading {}: {}%", path, percent) << std::flush;
  }

 private:
  std::ostream& err_;
  bool enabled_;
  std::string path_;
  std::chrono::steady_clock::time_point start_;
  bool shown_ = false;
  uint64_t percent_ = 0;
};

int RunCheck(const CheckArgs& args, std::ostream& out, std::ostream& err) {
  if (args.format != "text" && args.format != "json") {
    err << fmt::format("ocf check: --format is `text` or `json`, not `{}`\n", args.format);
    return kExitUsage;
  }
  driver::DataSources sources;
  if (!ParseDataArgs(args.data, sources, err, "ocf check")) return kExitUsage;
  bool with_data = !args.data.empty();
  std::optional<driver::InputSettings> sets = ParseSets(args.sets, "ocf check", err);
  if (!sets) return kExitUsage;
  if (!with_data && (args.strict || !args.sets.empty())) {
    err << "ocf check: --strict and --set are about the gates, which are checked on data: add `--data DIR`\n";
    return kExitUsage;
  }

  CompileOptions options;
  options.stdlib_dir = args.stdlib;
  Compilation c = CompileFile(args.file, options);
  if (!c.read_error().empty()) {
    // The file named on the command line is not there: a usage problem, not a contract error.
    err << "ocf check: " << c.read_error() << "\n";
    return kExitUsage;
  }
  // The data is read only for a contract without errors: against a broken
  // contract its columns and types are not known for sure.
  driver::DataCheck data;
  bool data_read = with_data && c.ok();
  if (data_read) {
    driver::DataOptions data_options;
    ProgressLine progress(err);
    data_options.progress = std::ref(progress);
    data = driver::CheckData(*c.internal().compilation->program, sources, data_options);
    if (!data.usage_error.empty()) {
      err << "ocf check: " << data.usage_error << "\n";
      return kExitUsage;
    }
  }
  // The gates, on data that reads cleanly: the provider's pre-submission check.
  driver::GateCheck gates;
  bool gates_run = data_read && data.ok() && !c.internal().compilation->program->gates.empty();
  if (gates_run) {
    plan::EvaluationPlan plan = Lower(*c.internal().compilation->program);
    gates = driver::CheckGates(*c.internal().compilation, plan, data, *sets, args.strict);
  }

  if (args.format == "json") {
    std::string json = c.RenderJson();
    if (data_read && json.size() >= 2 && json.compare(json.size() - 2, 2, "}\n") == 0) {
      json.resize(json.size() - 2);
      json += ", \"data\": " + driver::RenderDataJson(data);
      if (gates_run) json += ", \"gates\": " + gates.json;
      json += "}\n";
    }
    out << json;
  } else {
    err << c.RenderText(UseColor(err));
    err.flush();
    out << SummaryLine(args.file, c) << "\n";
    if (with_data && !c.ok()) out << "data not read: the contract has errors\n";
    for (const driver::DatasetData& d : data.datasets) {
      out.flush();
      err << driver::RenderDataProblems(d);
      err.flush();
      out << driver::DataSummaryLine(d) << "\n";
    }
    if (gates_run) {
      out.flush();
      for (const Diagnostic& d : gates.diagnostics.diagnostics())
        err << RenderText(d, c.internal().compilation->sources, {UseColor(err)}) << "\n";
      err.flush();
      if (!gates.not_checked.empty())
        out << "gates not checked: " << gates.not_checked << "\n";
      else
        out << (gates.failures ? fmt::format("gates: {} failing period{}{}", gates.failures,
                                             gates.failures == 1 ? "" : "s",
                                             args.strict ? "" : " (warnings; --strict makes them errors)")
                               : std::string("gates: all pass"))
            << "\n";
    }
  }
  bool gates_ok = !args.strict || (gates.failures == 0 && gates.not_checked.empty());
  return c.ok() && data.ok() && gates_ok ? kExitOk : kExitErrors;
}

struct RunArgs {
  std::string file;
  std::string format = "table";
  std::string stdlib;
  std::vector<std::string> data;
  std::vector<std::string> sets;  // NAME=VALUE
  std::string period;
  std::string engine = "auto";
  bool timings = false;
  unsigned threads = 0;
};

// `--engine jit|interp`, or a usage message.
std::optional<driver::Engine> ParseEngine(const std::string& name, const char* who, std::ostream& err) {
  if (name == "jit") return driver::Engine::Jit;
  if (name == "interp") return driver::Engine::Interp;
  bool run = std::string(who) == "ocf run";
  err << fmt::format(
      "{}: --engine is {}`jit` (compiled{}) or `interp` (the reference interpreter), not `{}`\n", who,
      run ? "`auto` (the default), " : "", run ? "" : ", the default", name);
  return std::nullopt;
}

double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

int RunRun(const RunArgs& args, std::ostream& out, std::ostream& err) {
  if (args.format != "table" && args.format != "json" && args.format != "csv") {
    err << fmt::format("ocf run: --format is `table`, `json` or `csv`, not `{}`\n", args.format);
    return kExitUsage;
  }
  // `auto` (the default) is the JIT unless the interpreter would be done
  // first (engine_choice.h), decided once the data is read.
  const bool auto_engine = args.engine == "auto";
  std::optional<driver::Engine> engine =
      auto_engine ? driver::Engine::Jit : ParseEngine(args.engine, "ocf run", err);
  if (!engine) return kExitUsage;
  auto started = std::chrono::steady_clock::now();
  driver::DataSources sources;
  if (!ParseDataArgs(args.data, sources, err, "ocf run")) return kExitUsage;
  std::optional<driver::InputSettings> parsed_sets = ParseSets(args.sets, "ocf run", err);
  if (!parsed_sets) return kExitUsage;
  const driver::InputSettings& sets = *parsed_sets;
  CompileOptions options;
  options.stdlib_dir = args.stdlib;
  Compilation c = CompileFile(args.file, options);
  if (!c.read_error().empty()) {
    err << "ocf run: " << c.read_error() << "\n";
    return kExitUsage;
  }
  if (!c.ok()) {
    err << c.RenderText(UseColor(err));
    err << SummaryLine(args.file, c) << "\n";
    return kExitErrors;
  }
  err << c.RenderText(UseColor(err));  // warnings
  double parse_check = SecondsSince(started);
  const driver::Compilation& compilation = *c.internal().compilation;
  auto lowering = std::chrono::steady_clock::now();
  plan::EvaluationPlan plan = Lower(*compilation.program);
  double lower = SecondsSince(lowering);
  // The JIT compiles (with the inputs' values) while the data is read.
  driver::RunOutcome early;
  std::vector<std::string> input_text;
  std::vector<interp::Value> inputs = driver::ReadInputs(plan, sets, input_text, early);
  // (Declared before `compiling`, whose end waits for the compile that uses them.)
  codegen::CompileProgress compile_progress;
  std::atomic<bool> cancel_compile{false}, quick_compile{false};
  std::shared_future<codegen::CodegenResult> compiling;
  std::unique_ptr<exec::ScanWhileReading> scanning;
  // However this returns, a compile still running stops at its next module.
  struct CancelOnReturn {
    std::atomic<bool>& cancel;
    ~CancelOnReturn() { cancel = true; }
  } cancel_on_return{cancel_compile};
  const unsigned threads = args.threads ? args.threads : std::max(1u, std::thread::hardware_concurrency());
  if (auto_engine) {  // data too small to repay starting the JIT (engine_choice.h)
    std::optional<std::vector<size_t>> rows = driver::GuessRows(plan, sources);
    if (rows && driver::InterpreterSooner(plan, *rows, threads)) engine = driver::Engine::Interp;
  }
  if (*engine == driver::Engine::Jit && early.errors.empty()) {
    codegen::CodegenOptions codegen_options;
    codegen_options.threads = args.threads;
    codegen_options.cancel = &cancel_compile;
    codegen_options.quick = &quick_compile;
    codegen_options.progress = &compile_progress;
    compiling = std::async(std::launch::async, [&, codegen_options] {
                  return codegen::Compile(plan, inputs, codegen_options);
                }).share();
    // The reading threads scan each block of rows as soon as it is in place.
    scanning =
        std::make_unique<exec::ScanWhileReading>(plan, inputs, [&compiling]() -> const exec::CompiledPlan* {
          if (compiling.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return nullptr;
          const codegen::CodegenResult& r = compiling.get();
          return r.compiled ? &*r.compiled : nullptr;
        });
  }
  auto reading = std::chrono::steady_clock::now();
  driver::DataOptions data_options;
  ProgressLine progress(err);
  data_options.progress = std::ref(progress);
  // A run reads in parallel and stores only the columns the plan reads; any
  // problem sends a file to the reference reader, which reports everything.
  data_options.parallel = true;
  data_options.threads = args.threads;
  data_options.materialize = driver::ColumnsUsed(plan);
  if (scanning) {
    data_options.on_rows = [&scanning](size_t t, unsigned worker, const Table& table, size_t first,
                                       size_t count, const std::vector<size_t>& sizes) {
      scanning->Rows(t, worker, table, first, count, sizes);
    };
    data_options.discard = [&scanning](size_t t) { scanning->Discard(t); };
    data_options.checks_passed = [&scanning](size_t t, size_t rows) {
      return scanning->ChecksPassed(t, rows);
    };
  }
  driver::DataCheck data = driver::CheckData(*compilation.program, sources, data_options);
  if (!data.usage_error.empty()) {
    err << "ocf run: " << data.usage_error << "\n";
    return kExitUsage;
  }
  if (!data.ok()) {
    for (const driver::DatasetData& d : data.datasets) {
      err << driver::RenderDataProblems(d);
      err << driver::DataSummaryLine(d) << "\n";
    }
    err << "ocf run: the data has problems (listed above); nothing was computed\n";
    return kExitErrors;
  }
  double ingest = SecondsSince(reading);
  if (compiling.valid()) {  // engine_choice.h
    std::vector<size_t> rows;
    for (const driver::DatasetData& d : data.datasets) rows.push_back(d.table ? d.table->row_count() : 0);
    engine = driver::ChooseEngine(plan, rows, compiling, compile_progress, quick_compile, cancel_compile,
                                  threads, auto_engine);
  }
  driver::RunOptions run_options;
  run_options.engine = *engine;
  run_options.threads = args.threads;
  if (compiling.valid() && *engine == driver::Engine::Jit) run_options.compiled = &compiling.get();
  if (scanning && *engine == driver::Engine::Jit)
    run_options.scanned = [&scanning](const interp::RunInput& in) { return scanning->Finish(in); };
  driver::RunOutcome outcome = driver::RunContract(compilation, plan, data, sets, run_options);
  if (!outcome.warning.empty()) err << "ocf run: warning: " << outcome.warning << "\n";
  if (!outcome.statement) {
    for (const std::string& e : outcome.errors) err << "ocf run: " << e << "\n";
    err << outcome.diagnostics;
    return outcome.usage_error ? kExitUsage : kExitErrors;
  }
  Statement& st = *outcome.statement;
  st.commissioner = compilation.program->contract.commissioner;
  st.providers = compilation.program->contract.providers;
  std::optional<std::string> period;
  if (!args.period.empty()) {
    bool known = false;
    for (const Period& p : st.periods) known |= p.label == args.period;
    for (const PaymentPeriod& p : st.payments) known |= p.label == args.period;
    if (!known) {
      err << fmt::format(
          "ocf run: `{}` is not a period of this contract (periods run from `{}` to `{}`, and `term`)\n",
          args.period, st.periods.front().label,
          st.periods[st.periods.size() > 1 ? st.periods.size() - 2 : 0].label);
      return kExitUsage;
    }
    period = args.period;
  }
  auto output = std::chrono::steady_clock::now();
  TextSink sink = [&out](std::string_view piece) {
    out.write(piece.data(), static_cast<std::streamsize>(piece.size()));
  };
  if (args.format == "json")
    WriteStatementJson(st, sink, period);
  else if (args.format == "csv")
    WriteStatementCsv(st, sink, period);
  else
    WriteStatementTable(st, sink, period);
  out.flush();
  if (args.timings) {
    const driver::RunTimings& t = outcome.timings;
    double total = SecondsSince(started);
    err << fmt::format(
        "timings ({} engine{}):\n"
        "  parse and check    {:10.1f} ms\n"
        "  plan               {:10.1f} ms\n"
        "  JIT compile        {:10.1f} ms  (while the data is read{})\n"
        "  ingestion          {:10.1f} ms\n"
        "  scan and measures  {:10.1f} ms\n"
        "  output             {:10.1f} ms\n"
        "  total              {:10.1f} ms\n",
        *engine == driver::Engine::Jit && outcome.warning.empty() ? "jit" : "interp",
        auto_engine ? ", chosen by --engine auto" : "", parse_check * 1e3, lower * 1e3, t.jit_compile * 1e3,
        quick_compile && *engine == driver::Engine::Jit ? "; the rest quickly: no O2, -O0 code" : "",
        ingest * 1e3, t.scan * 1e3, SecondsSince(output) * 1e3, total * 1e3);
  }
  return kExitOk;
}

int RunTestCommand(const std::vector<std::string>& files, const std::string& stdlib,
                   const std::string& engine_name, std::ostream& out, std::ostream& err) {
  std::optional<driver::Engine> engine = ParseEngine(engine_name, "ocf test", err);
  if (!engine) return kExitUsage;
  driver::RunOptions run_options;
  run_options.engine = *engine;
  bool all_passed = true;
  for (const std::string& file : files) {
    CompileOptions options;
    options.stdlib_dir = stdlib;
    Compilation c = CompileFile(file, options);
    if (!c.read_error().empty()) {
      err << "ocf test: " << c.read_error() << "\n";
      return kExitUsage;
    }
    err << c.RenderText(UseColor(err));
    if (!c.ok()) {
      out << SummaryLine(file, c) << "\n";
      all_passed = false;
      continue;
    }
    const driver::Compilation& compilation = *c.internal().compilation;
    plan::EvaluationPlan plan = Lower(*compilation.program);
    std::vector<driver::TestResult> results = driver::RunTests(compilation, plan, run_options);
    for (const driver::TestResult& r : results)
      if (!r.warning.empty()) {
        err << "ocf test: warning: " << r.warning << "\n";
        break;
      }
    if (files.size() > 1) out << file << "\n";
    out << driver::RenderTestResults(results, compilation.sources);
    for (const driver::TestResult& r : results) all_passed = all_passed && r.passed;
  }
  return all_passed ? kExitOk : kExitErrors;
}

}  // namespace

int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  CLI::App app(kDescription, "ocf");
  app.set_version_flag("--version", std::string("ocf ") + Version(), "Print the version of ocf and exit");
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.require_subcommand(1);
  app.footer(kFooter);
  app.formatter(std::make_shared<HelpFormatter>());
  app.get_formatter()->column_width(24);
  app.get_formatter()->label("SUBCOMMAND", "COMMAND");
  app.get_formatter()->label("Positionals", "Arguments");
  app.get_formatter()->label("REQUIRED", "");
  std::string command = argc > 1 ? std::string(argv[1]) : "";
  bool in_check = command == "check" || command == "run" || command == "test";
  app.failure_message([in_check, command](const CLI::App*, const CLI::Error& e) {
    std::string what = e.what();
    if (what == "A subcommand is required") what = "a command is needed, e.g. `ocf check FILE.ocf`";
    // CLI11 capitalises its messages; ours are lowercase (but keep `FILE is required`).
    if (what.size() > 1 && std::isupper(static_cast<unsigned char>(what[0])) &&
        std::islower(static_cast<unsigned char>(what[1]))) {
      what[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(what[0])));
    }
    std::string who = in_check ? "ocf " + command : "ocf";
    return fmt::format("{}: {}\nRun `{} --help` for how to use it.\n", who, what, who);
  });

  CheckArgs check_args;
  CLI::App* check =
      app.add_subcommand("check", "Check a contract for errors (and with --data, the provider's data files)");
  check->group("Commands");
  check->set_help_flag("-h,--help", "Print this help and exit");
  check->footer(kCheckFooter);
  check->add_option("FILE", check_args.file, "The contract to check (a .ocf file)")
      ->required()
      ->type_name("");
  check->add_option("--format", check_args.format, "How to print problems: text (default) or json")
      ->type_name("text|json");
  check
      ->add_option(
          "--data", check_args.data,
          "Also check the provider's data: dataset NAME from DIR/NAME.csv, or from PATH (repeatable)")
      ->type_name("DIR|NAME=PATH")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  check->add_option("--stdlib", check_args.stdlib, "Where `import` looks after the importing file's folder")
      ->type_name("DIR");
  check
      ->add_option("--set", check_args.sets,
                   "With --data: an input's value for evaluating the gates (repeatable)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  check->add_flag("--strict", check_args.strict, "With --data: a gate that fails is an error (exit 1)");

  RunArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Run a contract on the provider's data and print its statement");
  run->group("Commands");
  run->set_help_flag("-h,--help", "Print this help and exit");
  run->footer(
      "Reads dataset NAME from DIR/NAME.csv (or the file --data NAME=PATH names),\n"
      "refuses data that breaks a type or a check rule (listing every problem), and\n"
      "prints the statement: measures per period, targets, outcomes, payments.\n"
      "\n"
      "Examples:\n"
      "  ocf run examples/msk/msk.ocf --data examples/msk/data\n"
      "  ocf run contract.ocf --data data/ --set registered_65_plus=160000 --format json\n"
      "  ocf run contract.ocf --data data/ --period 2014/15");
  run->add_option("FILE", run_args.file, "The contract to run (a .ocf file)")->required()->type_name("");
  run->add_option("--data", run_args.data,
                  "The provider's data: DIR with NAME.csv files, or NAME=PATH (repeatable)")
      ->type_name("DIR|NAME=PATH")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--set", run_args.sets, "An input's value, written as in a data file (repeatable)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--format", run_args.format, "table (default), json or csv")->type_name("table|json|csv");
  run->add_option("--period", run_args.period, "Show only this period, e.g. 2014/15 Q1")->type_name("LABEL");
  run->add_option("--stdlib", run_args.stdlib, "Where `import` looks after the importing file's folder")
      ->type_name("DIR");
  run->add_option("--engine", run_args.engine,
                  "auto (the default: jit, or interp when the data is too small to repay compiling), jit "
                  "(compiled to native code) or interp (the reference interpreter)")
      ->type_name("auto|jit|interp");
  run->add_flag(
      "--timings", run_args.timings,
      "Print the time spent in each phase (parse and check, plan, JIT compile, ingestion, scan, output)");
  run->add_option("--threads", run_args.threads,
                  "Worker threads for reading and scanning (default: one per core)")
      ->type_name("N");

  std::vector<std::string> test_files;
  std::string test_stdlib;
  std::string test_engine = "jit";
  CLI::App* test = app.add_subcommand("test", "Run the `test` blocks of contracts and report each");
  test->group("Commands");
  test->set_help_flag("-h,--help", "Print this help and exit");
  test->footer(
      "Each test's `given` tables and `set` inputs are run through the contract and\n"
      "every `expect` is compared exactly. Exit status 1 when any test fails.\n"
      "\n"
      "Example:\n"
      "  ocf test examples/msk/msk.ocf");
  test->add_option("FILE", test_files, "Contracts whose tests to run")->required()->type_name("");
  test->add_option("--engine", test_engine,
                   "jit (compiled to native code, the default) or interp (the reference interpreter)")
      ->type_name("jit|interp");
  test->add_option("--stdlib", test_stdlib, "Where `import` looks after the importing file's folder")
      ->type_name("DIR");

  if (argc <= 1) {
    err << app.help();
    return kExitUsage;
  }
  std::string first = argv[1];
  if (kLaterCommands.count(first)) {
    err << fmt::format(
        "ocf: `ocf {}` is not available in this version of ocf yet; it has `ocf check`.\n"
        "Run `ocf --help` for what it can do.\n",
        first);
    return kExitUsage;
  }
  if (!first.empty() && first[0] != '-' && first != "check" && first != "run" && first != "test") {
    err << fmt::format(
        "ocf: unknown command `{}`; the commands are: check, run, test.\n"
        "Run `ocf --help` for what they do.\n",
        first);
    return kExitUsage;
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int status = app.exit(e, out, err);
    return status == 0 ? kExitOk : kExitUsage;
  }
  // Whatever escapes a command is a bug in ocf: reported as one, never an abort.
  constexpr const char* kInterpInstead = "`--engine interp` runs the reference interpreter instead";
  if (check->parsed())
    return driver::ReportInternalErrors("ocf check", err, [&] { return RunCheck(check_args, out, err); });
  if (run->parsed())
    return driver::ReportInternalErrors(
        "ocf run", err, [&] { return RunRun(run_args, out, err); },
        run_args.engine != "interp" ? kInterpInstead : "");
  if (test->parsed())
    return driver::ReportInternalErrors(
        "ocf test", err, [&] { return RunTestCommand(test_files, test_stdlib, test_engine, out, err); },
        test_engine == "jit" ? kInterpInstead : "");
  err << app.help();
  return kExitUsage;
}

}  // namespace ocf
