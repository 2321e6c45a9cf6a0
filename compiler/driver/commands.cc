#include "compiler/driver/commands.h"
#include "compiler/driver/warehouse.h"

#include <atomic>
#include <cctype>
#include <chrono>
#include <future>
#include <iostream>
#include <iterator>
#include <sstream>
#include <thread>

#include <fmt/format.h>

#include "compiler/driver/answer_cache.h"
#include "compiler/driver/api_impl.h"
#include "compiler/driver/engine_choice.h"
#include "compiler/driver/explain.h"
#include "compiler/driver/jit_loader.h"
#include "compiler/driver/output_file.h"
#include "compiler/driver/seconds.h"
#include "compiler/driver/test_report.h"
#include "compiler/lower/lower.h"
#include "runtime/exec/compiled.h"
#include "runtime/json.h"
#include "runtime/safe_text.h"
#include "runtime/statement_html.h"

namespace ocf::driver {
namespace {

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

}  // namespace

std::optional<InputSettings> ParseSets(const std::vector<std::string>& args, const char* who,
                                       std::string& usage) {
  InputSettings sets;
  for (const std::string& s : args) {
    size_t eq = s.find('=');
    if (eq == std::string::npos || eq == 0) {
      usage = fmt::format("{}: --set takes NAME=VALUE, not `{}`", who, s);
      return std::nullopt;
    }
    sets.emplace_back(s.substr(0, eq), s.substr(eq + 1));
  }
  return sets;
}

namespace {

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

}  // namespace

bool ParseDataArgs(const std::vector<std::string>& args, DataSources& sources, std::string& usage,
                   const char* who) {
  for (const std::string& arg : args) {
    size_t eq;
    if (IsNamedFile(arg, eq)) {
      sources.files.emplace_back(arg.substr(0, eq), arg.substr(eq + 1));
    } else if (sources.dir.empty()) {
      sources.dir = arg;
    } else {
      usage = fmt::format(
          "{}: --data names two folders, `{}` and `{}`; give one (and NAME=PATH for files elsewhere)", who,
          sources.dir, arg);
      return false;
    }
  }
  return true;
}

namespace {

// `--engine jit|interp` (and `auto` for run), or why not.
std::optional<Engine> ParseEngine(const std::string& name, const char* who, std::string& usage) {
  if (name == "jit") return Engine::Jit;
  if (name == "interp") return Engine::Interp;
  bool run = std::string(who) != "ocf test";  // run and explain take `auto`
  usage =
      fmt::format("{}: --engine is {}`jit` (compiled{}) or `interp` (the reference interpreter), not `{}`",
                  who, run ? "`auto` (the default), " : "", run ? "" : ", the default", name);
  return std::nullopt;
}

}  // namespace

// Reads and checks one contract, with the lets `settings` name set
// (settings.h); `-` is standard input.
ocf::Compilation CompileArg(const std::string& file, const std::string& stdlib,
                            const InputSettings& settings) {
  DriverOptions options;
  options.stdlib_dir = stdlib;
  options.settings = settings;
  if (file != "-") return MakePublicCompilation(CompileFile(file, options));
  std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
  return MakePublicCompilation(CompileText(text, "<stdin>", options));
}

std::string SettingsUsage(const SettingsUse& use, const char* who) {
  std::string out;
  for (const std::string& e : use.usage_errors)
    out += (out.empty() ? "" : "\n") + std::string(who) + ": " + e;
  return out;
}

namespace {

// The name a file is shown by in summaries.
std::string ShownName(const std::string& file) { return file == "-" ? "<stdin>" : file; }

// `{...}\n` with `, "key": value` added before the closing brace.
void AddMember(std::string& object, const std::string& key, const std::string& value) {
  if (object.size() < 2 || object.compare(object.size() - 2, 2, "}\n") != 0) return;
  object.resize(object.size() - 2);
  object += ", \"" + key + "\": " + value + "}\n";
}

// `["a", "b"]`.
std::string JsonStrings(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    AppendJsonString(out, items[i]);
  }
  return out + "]";
}

// A report refused for bad usage, saying why.
template <typename Report>
Report Refused(Report report, std::string message) {
  report.usage_error = std::move(message);
  report.status = kExitUsage;
  return report;
}

// `--format` among `allowed` (the first is the default), or why not.
std::optional<std::string> FormatOf(const CommandArgs& args, const std::vector<std::string>& allowed,
                                    const char* who, std::string& usage) {
  std::string format = args.format.empty() ? allowed[0] : args.format;
  for (const std::string& a : allowed)
    if (a == format) return format;
  std::string list;
  for (size_t i = 0; i < allowed.size(); ++i)
    list += fmt::format("{}`{}`", i == 0 ? "" : i + 1 == allowed.size() ? " or " : ", ", allowed[i]);
  usage = fmt::format("{}: --format is {}, not `{}`", who, list, format);
  return std::nullopt;
}

}  // namespace

std::string SummaryLine(const std::string& file, const ocf::Compilation& c) {
  std::string warnings = c.warning_count() ? Plural(c.warning_count(), "warning", "warnings") : "";
  if (c.ok()) {
    std::string line = TerminalText(file) + ": ok";  // a file's name may hold any byte
    if (!warnings.empty()) line += ", " + warnings;
    if (std::string contents = Contents(c.summary()); !contents.empty()) line += " (" + contents + ")";
    return line;
  }
  std::string line = TerminalText(file) + ": " + Plural(c.error_count(), "error", "errors");
  if (!warnings.empty()) line += ", " + warnings;
  if (!c.fully_checked() && !c.check_skipped_because().empty()) {
    line += " (names and types were not checked because " + c.check_skipped_because() + ")";
  }
  return line;
}

std::string ErrorJson(const std::string& message, bool usage) {
  std::string out = "{\"schema\": \"ocf.diagnostics/1\", \"error\": ";
  AppendJsonString(out, message);
  out += usage ? ", \"usage\": true" : "";
  out += ", \"diagnostics\": [], \"errors\": 1, \"warnings\": 0}\n";
  return out;
}

// ---------------------------------------------------------------- check

CheckReport CheckCommand(const CommandArgs& args) {
  CheckReport report;
  auto usage = [&report](std::string message) { return Refused(std::move(report), std::move(message)); };
  std::string why;
  if (!FormatOf(args, {"text", "json"}, "ocf check", why)) return usage(why);
  // `--data` alone: the data is in the database (`--engine postgres`).
  std::vector<std::string> data_args;
  bool data_alone = false;
  for (const std::string& d : args.data) {
    if (d == kDataInDatabase)
      data_alone = true;
    else
      data_args.push_back(d);
  }
  const bool warehouse = !args.engine.empty();
  if (data_alone && !warehouse)
    return usage(
        "ocf check: --data needs DIR or NAME=PATH (alone, it goes with --engine postgres --db URI: the data "
        "in "
        "the database)");
  DataSources sources;
  if (!ParseDataArgs(data_args, sources, why, "ocf check")) return usage(why);
  // `--engine postgres --db URI`: the data is in the database (warehouse.h).
  WarehouseRun where;
  if (warehouse && args.engine != "postgres")
    return usage(fmt::format(
        "ocf check: --engine is `postgres` (the data in a PostgreSQL database, --db URI), not `{}`",
        args.engine));
  if (warehouse && args.db.empty())
    return usage("ocf check: --engine postgres needs --db URI (e.g. postgresql://user@host/db)");
  if (warehouse && !data_args.empty())
    return usage(
        "ocf check: --engine postgres checks the data in the database: give --data alone (no DIR or "
        "NAME=PATH)");
  if (!warehouse && !args.db.empty()) return usage("ocf check: --db goes with --engine postgres");
  if (!warehouse && !args.tables.empty())
    return usage("ocf check: --table names a warehouse's table: it goes with --engine postgres");
  if (!ParseTableArgs(args.tables, where.tables, why, "ocf check")) return usage(why);
  where.db = args.db;
  bool with_data = !data_args.empty() || warehouse;
  std::optional<InputSettings> sets = ParseSets(args.sets, "ocf check", why);
  if (!sets) return usage(why);
  if (!with_data && (args.strict || !args.sets.empty()))
    return usage(
        "ocf check: --strict and --set are about the gates, which are checked on data: add `--data DIR`");
  if (with_data && args.files.size() > 1)
    return usage(
        "ocf check: --data is one contract's data: check one contract with it (or the contracts without it)");
  if (args.files.empty()) return usage("ocf check: FILE is required");
  size_t stdin_files = 0;
  for (const std::string& f : args.files) stdin_files += f == "-";
  if (stdin_files > 1) return usage("ocf check: `-` (standard input) can be given once");

  for (const std::string& file : args.files) {
    CheckedFile& checked = report.files.emplace_back();
    checked.file = ShownName(file);
    checked.compilation.emplace(CompileArg(file, args.stdlib, with_data ? *sets : InputSettings{}));
    const ocf::Compilation& c = *checked.compilation;
    if (!c.read_error().empty())
      // The file named on the command line is not there: a usage problem, not a contract error.
      return usage("ocf check: " + c.read_error());
    const SettingsUse& settings = c.internal().compilation->settings;
    if (!settings.usage_errors.empty()) return usage(SettingsUsage(settings, "ocf check"));
    checked.setting_errors = settings.errors;
    if (!settings.errors.empty()) {
      report.status = kExitErrors;
      continue;
    }
    // The data is read only for a contract without errors: against a broken
    // contract its columns and types are not known for sure.
    checked.data_read = with_data && c.ok();
    if (checked.data_read && warehouse) {
      // The rules and then the gates, each one statement in the database.
      const Compilation& compilation = *c.internal().compilation;
      plan::EvaluationPlan plan = Lower(*compilation.program);
      if (std::string bad = CheckTableNames(plan, where.tables, "ocf check"); !bad.empty()) return usage(bad);
      where.file = checked.file;
      WarehouseCheck in_db = CheckWarehouseData(compilation, plan, where);
      checked.data = std::move(in_db.data);
      checked.data_diagnostics = std::move(in_db.diagnostics);
      checked.data_errors = std::move(in_db.errors);
      checked.gates_run = checked.data_errors.empty() && checked.data.ok() && !plan.gates.empty();
      if (checked.gates_run)
        checked.gates = CheckWarehouseGates(compilation, plan, settings.inputs, where, args.strict);
      bool gates_ok = !args.strict || (checked.gates.failures == 0 && checked.gates.not_checked.empty());
      if (!(checked.data_errors.empty() && checked.data.ok() && gates_ok)) report.status = kExitErrors;
      continue;
    }
    if (checked.data_read) {
      DataOptions data_options;
      data_options.progress = args.progress;
      checked.data = CheckData(*c.internal().compilation->program, sources, data_options);
      if (!checked.data.usage_error.empty()) return usage("ocf check: " + checked.data.usage_error);
    }
    // The gates, on data that reads cleanly: the provider's pre-submission check.
    const Compilation& compilation = *c.internal().compilation;
    checked.gates_run = checked.data_read && checked.data.ok() && !compilation.program->gates.empty();
    if (checked.gates_run) {
      plan::EvaluationPlan plan = Lower(*compilation.program);
      checked.gates = CheckGates(compilation, plan, checked.data, settings.inputs, args.strict);
    }
    bool gates_ok = !args.strict || (checked.gates.failures == 0 && checked.gates.not_checked.empty());
    if (!(c.ok() && checked.data.ok() && gates_ok)) report.status = kExitErrors;
  }
  return report;
}

void WriteCheckText(const CheckReport& report, const CommandArgs& args, std::ostream& out,
                    std::ostream& err) {
  if (!report.usage_error.empty()) {  // bad usage: that alone
    err << report.usage_error << "\n";
    return;
  }
  for (const CheckedFile& f : report.files) {
    if (!f.compilation || !f.compilation->read_error().empty()) continue;
    const ocf::Compilation& c = *f.compilation;
    err << c.RenderText(args.color);
    for (const std::string& e : f.setting_errors) err << "ocf check: " << e << "\n";
    err.flush();
    out << SummaryLine(f.file, c) << "\n";
    if (!f.setting_errors.empty()) out << "data not read: a --set value is wrong\n";
    if (!f.data_errors.empty()) {
      err << f.data_diagnostics;
      for (const std::string& e : f.data_errors) err << "ocf check: " << e << "\n";
      err.flush();
      out << "data not checked (the errors above)\n";
    }
    if ((!args.data.empty() || !args.engine.empty()) && !c.ok())
      out << "data not read: the contract has errors\n";
    for (const DatasetData& d : f.data.datasets) {
      out.flush();
      err << RenderDataProblems(d);
      err.flush();
      out << DataSummaryLine(d) << "\n";
    }
    if (f.gates_run) {
      out.flush();
      for (const Diagnostic& d : f.gates.diagnostics.diagnostics())
        err << RenderText(d, c.internal().compilation->sources, {args.color}) << "\n";
      err.flush();
      if (!f.gates.not_checked.empty())
        out << "gates not checked: " << f.gates.not_checked << "\n";
      else
        out << (f.gates.failures ? fmt::format("gates: {} failing period{}{}", f.gates.failures,
                                               f.gates.failures == 1 ? "" : "s",
                                               args.strict ? "" : " (warnings; --strict makes them errors)")
                                 : std::string("gates: all pass"))
            << "\n";
    }
  }
}

std::string CheckJson(const CheckReport& report, const CommandArgs& args) {
  if (!report.usage_error.empty()) return ErrorJson(report.usage_error);
  std::vector<std::string> objects;
  size_t errors = 0, warnings = 0;
  for (const CheckedFile& f : report.files) {
    std::string json = f.compilation->RenderJson();
    if (f.data_read) AddMember(json, "data", RenderDataJson(f.data));
    if (f.gates_run) AddMember(json, "gates", f.gates.json);
    if (!f.setting_errors.empty()) AddMember(json, "run_errors", JsonStrings(f.setting_errors));
    if (!f.data_errors.empty()) AddMember(json, "run_errors", JsonStrings(f.data_errors));
    errors += f.compilation->error_count();
    warnings += f.compilation->warning_count();
    objects.push_back(std::move(json));
  }
  if (objects.size() == 1) return objects[0];
  std::string out = "{\"schema\": \"ocf.diagnostics/1\", \"files\": [";
  for (size_t i = 0; i < objects.size(); ++i) {
    std::string& o = objects[i];
    if (!o.empty() && o.back() == '\n') o.pop_back();
    out += (i ? ",\n" : "\n") + o;
  }
  out += fmt::format("\n], \"errors\": {}, \"warnings\": {}}}\n", errors, warnings);
  return out;
}

// ---------------------------------------------------------------- run

// The run's end, whichever engine ran: errors, or the statement and `--period`.
// (The report holds the compilation.)
static RunReport FinishRun(RunReport report, const CommandArgs& args, RunOutcome outcome, double parse_check,
                           double lower, double ingest, std::ostream& err);

namespace {

// Options that do not go together with a warehouse's (or without one).
std::string WarehouseUsage(const CommandArgs& args, const char* who) {
  const bool postgres = args.engine == "postgres";
  if (!args.aggregates.empty() && !(args.engine.empty() || args.engine == "auto"))
    return fmt::format("{}: --aggregates gives the aggregates already computed: leave out --engine {}", who,
                       args.engine);
  if (!args.aggregates.empty() && !args.data.empty())
    return fmt::format(
        "{}: --aggregates is the data's aggregates, computed in the warehouse: leave out --data", who);
  if (postgres && args.db.empty())
    return fmt::format("{}: --engine postgres needs --db URI (e.g. postgresql://user@host/db)", who);
  if (postgres && !args.data.empty())
    return fmt::format("{}: --engine postgres reads the data in the database: leave out --data", who);
  if (!args.db.empty() && !postgres) return fmt::format("{}: --db goes with --engine postgres", who);
  if (!args.tables.empty() && !postgres && args.aggregates.empty())
    return fmt::format("{}: --table names a warehouse's table: it goes with --engine postgres", who);
  if (!args.explain_line.empty() || !args.explain_target.empty() || !args.explain_outcome.empty() ||
      args.explain_achievement || args.explain_all_lines || args.explain)
    if (postgres || !args.aggregates.empty())
      return fmt::format("{}: explaining a figure needs the records: run it with --data", who);
  return "";
}

}  // namespace

RunReport RunCommand(const CommandArgs& args, std::ostream& err) {
  const char* who = args.who.empty() ? "ocf run" : args.who.c_str();  // `ocf explain` runs through here too
  RunReport report;
  auto usage = [&report](std::string message) { return Refused(std::move(report), std::move(message)); };
  std::string why;
  if (!FormatOf(args, {"table", "json", "csv", "html"}, who, why)) return usage(why);
  if (args.files.size() != 1) return usage(std::string(who) + ": give one contract to run");
  if (!args.output.empty() && !CheckOutputPath(args.output, who, why)) return usage(why);
  const std::string& file = args.files[0];
  // `auto` (the default) is the JIT unless the interpreter would be done
  // first (engine_choice.h), decided once the data is read.
  const bool auto_engine = args.engine.empty() || args.engine == "auto";
  // In a warehouse (warehouse.h): the aggregates from PostgreSQL or from a
  // script's result.
  const bool warehouse = args.engine == "postgres" || !args.aggregates.empty();
  std::optional<Engine> engine = auto_engine || warehouse ? Engine::Jit : ParseEngine(args.engine, who, why);
  if (!engine) return usage(why);
  WarehouseRun where;
  where.file = ShownName(file);
  where.aggregates = args.aggregates;
  where.db = args.db;
  if (!ParseTableArgs(args.tables, where.tables, why, who)) return usage(why);
  if (std::string bad = WarehouseUsage(args, who); !bad.empty()) return usage(bad);
  auto started = std::chrono::steady_clock::now();
  report.timings.started = started;
  DataSources sources;
  if (!ParseDataArgs(args.data, sources, why, who)) return usage(why);
  std::optional<InputSettings> parsed_sets = ParseSets(args.sets, who, why);
  if (!parsed_sets) return usage(why);
  report.compilation.emplace(CompileArg(file, args.stdlib, *parsed_sets));
  const ocf::Compilation& c = *report.compilation;
  if (!c.read_error().empty()) return usage(std::string(who) + ": " + c.read_error());
  const SettingsUse& settings = c.internal().compilation->settings;
  if (!settings.usage_errors.empty()) return usage(SettingsUsage(settings, who));
  err << c.RenderText(args.color);  // errors, or warnings
  if (!c.ok()) {
    err << SummaryLine(ShownName(file), c) << "\n";
    report.status = kExitErrors;
    return report;
  }
  if (!settings.errors.empty()) {
    for (const std::string& e : settings.errors) err << who << ": " << e << "\n";
    report.errors = settings.errors;
    report.status = kExitErrors;
    return report;
  }
  // What reaches the run: the inputs' values (the lets' are in the program).
  const InputSettings& sets = settings.inputs;
  double parse_check = SecondsSince(started);
  const Compilation& compilation = *c.internal().compilation;
  auto lowering = std::chrono::steady_clock::now();
  plan::EvaluationPlan plan = Lower(*compilation.program);
  double lower = SecondsSince(lowering);
  if (args.explain) {  // `ocf explain`: the names and the period, before the data is read
    for (Explanation& e : *args.explain)
      if (std::string bad = CheckExplainRequest(plan, e.request); !bad.empty()) return usage(bad);
  }
  if (warehouse) {
    if (std::string bad = CheckTableNames(plan, where.tables, who); !bad.empty()) return usage(bad);
    auto computing = std::chrono::steady_clock::now();
    RunOutcome outcome = RunOnWarehouse(compilation, plan, sets, where);
    report.timings.engine.scan = SecondsSince(computing);
    report.timings.engine_name =
        args.aggregates.empty() ? "postgres engine" : "aggregates from " + args.aggregates;
    return FinishRun(std::move(report), args, std::move(outcome), parse_check, lower, 0, err);
  }
  // The JIT compiles (with the inputs' values) while the data is read.
  RunOutcome early;
  std::vector<std::string> input_text;
  std::vector<interp::Value> inputs = ReadInputs(plan, sets, input_text, early);
  DataCacheOptions cache = CacheOptionsFrom(args.cache, args.no_cache, args.cache_by_default);
  cache.warn = [&err, who](const std::string& m) { err << who << ": warning: " << m << "\n"; };
  // The answers an earlier run of this contract, with these settings, over
  // these files kept (answer_cache.h): read only with `--engine auto`, as an
  // engine asked for by name is to run; written whichever engine runs.
  AnswerLookup answers;
  exec::AnswerRecord record;
  if (!args.explain && early.errors.empty()) answers = LookUpAnswers(cache, compilation, plan, sources);
  if (answers.record && auto_engine) {
    if (std::optional<RunOutcome> outcome = RunFromAnswers(compilation, plan, inputs, answers, report.data)) {
      report.timings.engine_name = "answers cache: no data read, nothing scanned";
      report.timings.answers = "a hit: the answers an earlier run kept";
      report.timings.answers_seconds = answers.seconds;
      return FinishRun(std::move(report), args, std::move(*outcome), parse_check, lower, 0, err);
    }
  }
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
    std::optional<std::vector<size_t>> rows = GuessRows(plan, sources);
    if (rows && InterpreterSooner(plan, *rows, threads)) engine = Engine::Interp;
  }
  if (*engine == Engine::Jit && early.errors.empty()) {
    codegen::CodegenOptions codegen_options;
    codegen_options.threads = args.threads;
    codegen_options.cancel = &cancel_compile;
    codegen_options.quick = &quick_compile;
    codegen_options.progress = &compile_progress;
    compiling = std::async(std::launch::async, [&, codegen_options] {
                  return CompileScans(plan, inputs, codegen_options);
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
  DataOptions data_options;
  data_options.progress = args.progress;
  // A run reads in parallel and stores only the columns the plan reads; any
  // problem sends a file to the reference reader, which reports everything.
  data_options.parallel = true;
  data_options.threads = args.threads;
  data_options.materialize = ColumnsUsed(plan);
  data_options.cache = cache;
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
  report.data = CheckData(*compilation.program, sources, data_options);
  if (!report.data.usage_error.empty()) return usage(std::string(who) + ": " + report.data.usage_error);
  if (!report.data.ok()) {
    for (const DatasetData& d : report.data.datasets) {
      err << RenderDataProblems(d);
      err << DataSummaryLine(d) << "\n";
    }
    report.errors.push_back("the data has problems (listed above); nothing was computed");
    err << who << ": " << report.errors.back() << "\n";
    report.status = kExitErrors;
    return report;
  }
  double ingest = SecondsSince(reading);
  if (compiling.valid()) {  // engine_choice.h
    std::vector<size_t> rows;
    for (const DatasetData& d : report.data.datasets) rows.push_back(d.table ? d.table->row_count() : 0);
    engine = ChooseEngine(plan, rows, compiling, compile_progress, quick_compile, cancel_compile, threads,
                          auto_engine);
  }
  RunOptions run_options;
  run_options.engine = *engine;
  run_options.threads = args.threads;
  run_options.explain = args.explain;
  if (compiling.valid() && *engine == Engine::Jit) run_options.compiled = &compiling.get();
  if (scanning && *engine == Engine::Jit)
    run_options.scanned = [&scanning](const interp::RunInput& in) { return scanning->Finish(in); };
  if (answers.usable) run_options.record = &record;
  RunOutcome outcome = RunContract(compilation, plan, report.data, sets, run_options);
  // A clean run's answers are kept (a warning is to be seen again).
  if (answers.usable && outcome.statement && outcome.warning.empty() && record.complete()) {
    report.timings.answers_seconds = answers.seconds + StoreAnswers(cache, answers, record);
    report.timings.answers = "a miss, the answers written: " + answers.miss;
  }
  report.timings.engine_name =
      fmt::format("{} engine{}", *engine == Engine::Jit && outcome.warning.empty() ? "jit" : "interp",
                  auto_engine ? ", chosen by --engine auto" : "");
  report.timings.jit_note =
      quick_compile && *engine == Engine::Jit ? "; the rest quickly: no O2, -O0 code" : "";
  return FinishRun(std::move(report), args, std::move(outcome), parse_check, lower, ingest, err);
}

RunReport FinishRun(RunReport report, const CommandArgs& args, RunOutcome outcome, double parse_check,
                    double lower, double ingest, std::ostream& err) {
  const ocf::Compilation& c = *report.compilation;
  const char* who = args.who.empty() ? "ocf run" : args.who.c_str();
  auto usage = [&report](std::string message) { return Refused(std::move(report), std::move(message)); };
  const Compilation& compilation = *c.internal().compilation;
  if (!outcome.warning.empty()) err << who << ": warning: " << outcome.warning << "\n";
  for (const ocf::CompileDiagnostic& d : c.diagnostics())
    if (d.severity == ocf::DiagnosticSeverity::Warning)
      report.warnings.push_back(
          fmt::format("{}:{}:{}: warning[{}]: {}", d.file, d.line, d.column, d.code, d.message));
  if (!outcome.warning.empty()) report.warnings.push_back(outcome.warning);
  if (!outcome.statement) {
    for (const std::string& e : outcome.errors) err << who << ": " << e << "\n";
    err << outcome.diagnostics;
    report.errors = outcome.errors;
    if (!outcome.diagnostics.empty()) report.errors.push_back(outcome.diagnostics);
    report.status = outcome.usage_error ? kExitUsage : kExitErrors;
    return report;
  }
  Statement& st = *outcome.statement;
  st.commissioner = compilation.program->contract.commissioner;
  st.providers = compilation.program->contract.providers;
  if (!args.period.empty()) {
    bool known = false;
    for (const Period& p : st.periods) known |= p.label == args.period;
    for (const PaymentPeriod& p : st.payments) known |= p.label == args.period;
    if (!known)
      return usage(
          fmt::format("{}: `{}` is not a period of this contract (periods run from `{}` to `{}`, and `term`)",
                      who, args.period, st.periods.front().label,
                      st.periods[st.periods.size() > 1 ? st.periods.size() - 2 : 0].label));
    report.period = args.period;
  }
  report.statement = std::move(st);
  report.timings.parse_check = parse_check;
  report.timings.plan = lower;
  report.timings.ingest = ingest;
  if (outcome.timings.scan || outcome.timings.jit_compile) report.timings.engine = outcome.timings;
  return report;
}

namespace {

// What the column cache did, a line a dataset it did something for
// (data_cache.h): mapped (a hit, the time including the checksums) or written.
std::string CacheTimings(const DataCheck& data) {
  std::string out;
  for (const DatasetData& d : data.datasets)
    if (!d.cache.empty())
      out += fmt::format("  column cache       {:10.1f} ms  ({}: {})\n", d.cache_seconds * 1e3, d.dataset,
                         d.cache == "hit" ? "a hit, mapped instead of read" : "a miss, the read written");
  return out;
}

}  // namespace

std::string TimingsText(const RunReport& report, double output) {
  const RunReport::Timings& t = report.timings;
  return fmt::format(
             "timings ({}):\n"
             "  parse and check    {:10.1f} ms\n"
             "  plan               {:10.1f} ms\n"
             "  JIT compile        {:10.1f} ms  (while the data is read{})\n"
             "  ingestion          {:10.1f} ms\n"
             "  scan and measures  {:10.1f} ms\n"
             "  output             {:10.1f} ms\n"
             "  total              {:10.1f} ms\n",
             t.engine_name, t.parse_check * 1e3, t.plan * 1e3, t.engine.jit_compile * 1e3, t.jit_note,
             t.ingest * 1e3, t.engine.scan * 1e3, output * 1e3, SecondsSince(t.started) * 1e3) +
         CacheTimings(report.data) +
         (t.answers.empty()
              ? ""
              : fmt::format("  answers cache      {:10.1f} ms  ({})\n", t.answers_seconds * 1e3, t.answers));
}

void WriteStatement(const RunReport& report, const std::string& format, const TextSink& sink) {
  if (format == "json")
    WriteStatementJson(*report.statement, sink, report.period);
  else if (format == "csv")
    WriteStatementCsv(*report.statement, sink, report.period);
  else if (format == "html")
    WriteStatementHtml(
        *report.statement, sink,
        HtmlReportOptions{report.period, report.warnings, std::string("ocf ") + ocf::Version()});
  else
    WriteStatementTable(*report.statement, sink, report.period);
}

std::string RunFailureJson(const RunReport& report) {
  if (!report.usage_error.empty()) return ErrorJson(report.usage_error);
  if (!report.compilation) return ErrorJson("ocf run: nothing was run");
  std::string json = report.compilation->RenderJson();
  if (!report.data.datasets.empty()) AddMember(json, "data", RenderDataJson(report.data));
  AddMember(json, "run_errors", JsonStrings(report.errors));
  return json;
}

// ---------------------------------------------------------------- test

TestReport TestCommand(const CommandArgs& args, std::ostream& err) {
  TestReport report;
  auto usage = [&report](std::string message) { return Refused(std::move(report), std::move(message)); };
  std::string why;
  std::optional<std::string> format = FormatOf(args, {"text", "json", "junit"}, "ocf test", why);
  if (!format) return usage(why);
  std::optional<Engine> engine = ParseEngine(args.engine.empty() ? "jit" : args.engine, "ocf test", why);
  if (!engine) return usage(why);
  if (args.files.empty()) return usage("ocf test: FILE is required");
  // A test's worked example stands on its own: it sets its inputs itself.
  if (!args.sets.empty())
    return usage(
        "ocf test: a test sets its own inputs (`set NAME = VALUE` in the test block); settings are for `ocf "
        "run` and `ocf check --data`");
  RunOptions run_options;
  run_options.engine = *engine;
  run_options.threads = args.threads;
  for (const std::string& file : args.files) {
    TestedFile& tested = report.files.emplace_back();
    tested.file = ShownName(file);
    tested.compilation.emplace(CompileArg(file, args.stdlib));
    const ocf::Compilation& c = *tested.compilation;
    if (!c.read_error().empty()) return usage("ocf test: " + c.read_error());
    err << c.RenderText(args.color);
    if (!c.ok()) {
      report.status = kExitErrors;
      continue;
    }
    const Compilation& compilation = *c.internal().compilation;
    plan::EvaluationPlan plan = Lower(*compilation.program);
    tested.results = RunTests(compilation, plan, run_options);
    for (const TestResult& r : tested.results)
      if (!r.warning.empty()) {
        err << "ocf test: warning: " << r.warning << "\n";
        break;
      }
    for (const TestResult& r : tested.results)
      if (!r.passed) report.status = kExitErrors;
  }
  return report;
}

std::string TestText(const TestReport& report) {
  std::string out;
  for (const TestedFile& f : report.files) {
    if (!f.compilation || !f.compilation->read_error().empty()) continue;
    if (!f.compilation->ok()) {
      out += SummaryLine(f.file, *f.compilation) + "\n";
      continue;
    }
    if (report.files.size() > 1) out += TerminalText(f.file) + "\n";
    out += RenderTestResults(f.results, f.compilation->internal().compilation->sources);
  }
  return out;
}

namespace {

// Each file's results for the renderers of test_report.h.
std::vector<TestFileResults> FileResults(const TestReport& report) {
  std::vector<TestFileResults> files;
  for (const TestedFile& f : report.files) {
    TestFileResults& r = files.emplace_back();
    r.file = f.file;
    r.results = f.results;
    if (!f.compilation)
      r.error = "not read";
    else if (!f.compilation->read_error().empty())
      r.error = f.compilation->read_error();
    else if (!f.compilation->ok())
      r.error = "the contract has errors: run `ocf check` on it";
  }
  return files;
}

}  // namespace

std::string TestJson(const TestReport& report) { return RenderTestResultsJson(FileResults(report)); }
std::string TestJunit(const TestReport& report) { return RenderTestResultsJunit(FileResults(report)); }

}  // namespace ocf::driver
