#include "compiler/driver/cli.h"

#include <unistd.h>

#include <atomic>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <future>
#include <iostream>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "compiler/driver/cli_explain.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/compare.h"
#include "compiler/driver/data.h"
#include "compiler/driver/engine_choice.h"
#include "compiler/driver/fmt_command.h"
#include "compiler/driver/gate_check.h"
#include "compiler/driver/internal_error.h"
#include "compiler/driver/rows.h"
#include "compiler/driver/run.h"
#include "compiler/driver/test_runner.h"
#include "compiler/driver/warehouse.h"
#include "compiler/lower/lower.h"
#include "lsp/command.h"
#include "ocf/ocf.hpp"
#include "runtime/exec/compiled.h"
#include "runtime/safe_text.h"

namespace ocf {
namespace {

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
    "  ocf check examples/msk/msk.ocf                                  check a contract\n"
    "  ocf check examples/msk/msk.ocf --format json                    the same, as JSON\n"
    "  ocf check examples/msk/msk.ocf --data data/                     ... and the provider's data\n"
    "  ocf run examples/msk/msk.ocf --data examples/msk/data           its payment statement\n"
    "  ocf run ... --format html --output report.html                  the statement as a report\n"
    "  ocf explain ... --line \"Outcome incentive\" --period 2014/15     how a payment was worked out\n"
    "  ocf rows ... --measure seen_in_18_weeks --period \"2014/15 Q1\"   the records behind a figure\n"
    "  ocf check --help                                                the options of `check`\n"
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
    "With --data --engine postgres --db URI (--data without a folder), the same\n"
    "rules are checked in the database's tables (--table NAME=SCHEMA.TABLE;\n"
    "docs/warehouse.md): each problem names its table and row\n"
    "(`referrals: row referral_id=R7: ...`).\n"
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

// `--color auto` (the default): only when `err` is std::cerr on a terminal and
// NO_COLOR is unset; `always`, `never`.
bool UseColor(const std::ostream& err, const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (&err != &std::cerr) return false;
  if (const char* no_color = std::getenv("NO_COLOR"); no_color && *no_color) return false;
  return isatty(STDERR_FILENO) == 1;
}

// CLI11's help, with a blank line between the description and the usage line.
class HelpFormatter : public CLI::Formatter {
 public:
  std::string make_description(const CLI::App* app) const override {
    std::string description = CLI::Formatter::make_description(app);
    return description.empty() ? description : description + "\n";
  }
};

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
    err_ << fmt::format("\rreading {}: {}%", TerminalText(path), percent) << std::flush;
  }

 private:
  std::ostream& err_;
  bool enabled_;
  std::string path_;
  std::chrono::steady_clock::time_point start_;
  bool shown_ = false;
  uint64_t percent_ = 0;
};

using driver::CommandArgs;
using driver::kExitOk;
using driver::kExitUsage;

int RunCheck(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  driver::CheckReport report = driver::CheckCommand(args);
  if (args.format == "json") {
    if (!report.usage_error.empty()) err << report.usage_error << "\n";
    out << driver::CheckJson(report, args);
  } else {
    driver::WriteCheckText(report, args, out, err);
  }
  return report.status;
}

int RunRun(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  if (!args.compare.empty() || !args.compare_sets.empty()) return driver::CompareCommand(args, out, err);
  driver::RunReport report = driver::RunCommand(args, err);
  if (!report.usage_error.empty()) err << report.usage_error << "\n";
  if (!report.statement) {
    if (args.format == "json") out << driver::RunFailureJson(report);
    return report.status;
  }
  auto output = std::chrono::steady_clock::now();
  // `--output FILE` (checked before the run): the statement goes there.
  std::ofstream file;
  std::ostream* to = &out;
  if (!args.output.empty() && args.output != "-") {
    file.open(args.output, std::ios::binary | std::ios::trunc);
    if (!file) {
      err << fmt::format("ocf run: --output `{}` cannot be written: {}\n", TerminalText(args.output),
                         std::strerror(errno));
      return kExitUsage;
    }
    to = &file;
  }
  TextSink sink = [to](std::string_view piece) {
    to->write(piece.data(), static_cast<std::streamsize>(piece.size()));
  };
  driver::WriteStatement(report, args.format.empty() ? "table" : args.format, sink);
  to->flush();
  if (file.is_open()) {
    file.close();
    if (!file) {
      err << fmt::format("ocf run: could not finish writing `{}` (is the disk full?)\n",
                         TerminalText(args.output));
      return driver::kExitErrors;
    }
  }
  if (args.timings)
    err << driver::TimingsText(
        report, std::chrono::duration<double>(std::chrono::steady_clock::now() - output).count());
  return report.status;
}

int RunTestCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  driver::TestReport report = driver::TestCommand(args, err);
  if (!report.usage_error.empty()) err << report.usage_error << "\n";
  if (args.format == "json") {
    out << (report.usage_error.empty() ? driver::TestJson(report) : driver::ErrorJson(report.usage_error));
  } else if (args.format == "junit") {
    if (report.usage_error.empty()) out << driver::TestJunit(report);
  } else if (report.usage_error.empty()) {
    out << driver::TestText(report);
  }
  return report.status;
}

// `--format json` (or `--format=json`) among the arguments: every outcome,
// bad usage too, is then printed as JSON.
bool WantsJson(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    std::string_view a = argv[i];
    if (a == "--format=json" || (a == "--format" && i + 1 < argc && std::string_view(argv[i + 1]) == "json"))
      return true;
  }
  return false;
}

}  // namespace

int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err) {
  // `ocf --version` alone is answered before CLI11 builds every command's
  // options (and throws to say it printed the version): the same line, a
  // third of the command's time (bench/README.md, startup_bench.sh).
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    out << "ocf " << Version() << '\n';
    return kExitOk;
  }
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
  bool in_check = command == "check" || command == "run" || command == "test" || command == "explain" ||
                  command == "rows";
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

  // `--color` and the progress line, shared by every command.
  std::string color = "auto";
  auto add_color = [&color](CLI::App* sub) {
    sub->add_option("--color", color,
                    "Colour in diagnostics: auto (the default: on a terminal), always, never")
        ->type_name("auto|always|never")
        ->check(CLI::IsMember({"auto", "always", "never"}));
  };
  auto add_data = [](CLI::App* sub, std::vector<std::string>& data, const char* what) {
    sub->add_option("--data", data, what)
        ->type_name("DIR|NAME=PATH")
        ->expected(1)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  };
  auto add_stdlib = [](CLI::App* sub, std::string& stdlib) {
    sub->add_option("--stdlib", stdlib, "Where `import` looks after the importing file's folder")
        ->type_name("DIR");
  };

  CommandArgs check_args;
  CLI::App* check =
      app.add_subcommand("check", "Check contracts for errors (and with --data, the provider's data files)");
  check->group("Commands");
  check->set_help_flag("-h,--help", "Print this help and exit");
  check->footer(kCheckFooter);
  check->add_option("FILE", check_args.files, "The contracts to check (.ocf files; `-`: standard input)")
      ->required()
      ->type_name("");
  check->add_option("--format", check_args.format, "How to print problems: text (default) or json")
      ->type_name("text|json");
  // `--data` alone goes with `--engine postgres`: the data is in the
  // database (CheckCommand refuses it otherwise).
  check
      ->add_option(
          "--data", check_args.data,
          "Also check the provider's data: dataset NAME from DIR/NAME.csv, or from PATH (repeatable); "
          "alone, with --engine postgres: the data in the database")
      ->type_name("DIR|NAME=PATH")
      ->expected(0, 1)
      ->default_str(driver::kDataInDatabase)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  add_stdlib(check, check_args.stdlib);
  check
      ->add_option(
          "--set", check_args.sets,
          "With --data: an input's value for evaluating the gates, or a top-level let's (repeatable)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  check->add_flag("--strict", check_args.strict, "With --data: a gate that fails is an error (exit 1)");
  check
      ->add_option("--engine", check_args.engine,
                   "postgres: check the data in a PostgreSQL database (--db) instead of files (no --data)")
      ->type_name("postgres");
  check
      ->add_option("--db", check_args.db,
                   "With --engine postgres: the database (a libpq URI or connection string)")
      ->type_name("URI");
  check->add_option("--table", check_args.tables, "With --engine postgres: a data block's table (repeatable)")
      ->type_name("NAME=SCHEMA.TABLE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  add_color(check);

  CommandArgs run_args;
  CLI::App* run = app.add_subcommand("run", "Run a contract on the provider's data and print its statement");
  run->group("Commands");
  run->set_help_flag("-h,--help", "Print this help and exit");
  run->footer(
      "Reads dataset NAME from DIR/NAME.csv (or the file --data NAME=PATH names),\n"
      "refuses data that breaks a type or a check rule (listing every problem), and\n"
      "prints the statement: measures per period, targets, outcomes, payments.\n"
      "With --format json, a run that fails prints its diagnostics and errors as JSON.\n"
      "\n"
      "What if: --set NAME=VALUE gives an input its value or replaces a top-level\n"
      "`let`'s (each written as in a data file: `2%`, `27000000`, `30 days`).\n"
      "--compare BASE.json prints every payment line's amount in BASE.json (a\n"
      "statement saved earlier with --format json), in this run, and the\n"
      "difference, per payment period, with the totals; --compare-set NAME=VALUE\n"
      "compares this run with the same run with those settings on top.\n"
      "\n"
      "Examples:\n"
      "  ocf run examples/msk/msk.ocf --data examples/msk/data\n"
      "  ocf run examples/msk/msk.ocf --data examples/msk/data --compare-set annual_growth=2%\n"
      "  ocf run examples/msk/msk.ocf --data examples/msk/data --set annual_growth=2% --compare base.json\n"
      "  ocf run contract.ocf --data data/ --set registered_65_plus=160000 --format json\n"
      "  ocf run contract.ocf --data data/ --period 2014/15\n"
      "  ocf run contract.ocf --data data/ --format html --output statement.html");
  run->add_option("FILE", run_args.files, "The contract to run (a .ocf file; `-`: standard input)")
      ->required()
      ->expected(1)
      ->type_name("");
  add_data(run, run_args.data, "The provider's data: DIR with NAME.csv files, or NAME=PATH (repeatable)");
  run->add_option(
         "--set", run_args.sets,
         "An input's value, or a new value for a top-level let, written as in a data file (repeatable)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--compare", run_args.compare,
                  "Compare this run's payments with a statement saved by `ocf run --format json`")
      ->type_name("BASE.json");
  run->add_option("--compare-set", run_args.compare_sets,
                  "Compare this run's payments with the same run with this setting too (repeatable)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--format", run_args.format,
                  "table (default), json, csv or html (a report with charts to read, print or send on)")
      ->type_name("table|json|csv|html");
  run->add_option("--output", run_args.output, "Write the statement to FILE instead of standard output")
      ->type_name("FILE");
  run->add_option("--period", run_args.period, "Show only this period, e.g. 2014/15 Q1")->type_name("LABEL");
  add_stdlib(run, run_args.stdlib);
  run->add_option("--engine", run_args.engine,
                  "auto (the default: jit, or interp when the data is too small to repay compiling), jit "
                  "(compiled to native code), interp (the reference interpreter) or postgres (the data in "
                  "a PostgreSQL database: --db)")
      ->type_name("auto|jit|interp|postgres");
  run->add_option("--db", run_args.db,
                  "With --engine postgres: the database (a libpq URI or connection string)")
      ->type_name("URI");
  run->add_option(
         "--table", run_args.tables,
         "With --engine postgres or --aggregates: a data block's table in the warehouse (repeatable)")
      ->type_name("NAME=SCHEMA.TABLE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  run->add_option("--aggregates", run_args.aggregates,
                  "Finish the statement from the result of `ocf sql`'s script, exported as CSV (no --data)")
      ->type_name("RESULT.csv");
  run->add_flag(
      "--timings", run_args.timings,
      "Print the time spent in each phase (parse and check, plan, JIT compile, ingestion, scan, output)");
  run_args.cache_by_default = true;
  run->add_option("--cache", run_args.cache,
                  "Keep the data's validated columns in DIR and map them on a re-run (default: on, in "
                  "$OCF_CACHE_DIR, else $XDG_CACHE_HOME/ocf or ~/.cache/ocf, files of 4 MiB and more)")
      ->type_name("DIR");
  run->add_flag("--no-cache", run_args.no_cache,
                "Read the data files, neither using nor filling the column cache");
  run->add_option("--threads", run_args.threads,
                  "Worker threads for reading and scanning (default: one per core)")
      ->type_name("N");
  add_color(run);

  CommandArgs test_args;
  CLI::App* test = app.add_subcommand("test", "Run the `test` blocks of contracts and report each");
  test->group("Commands");
  test->set_help_flag("-h,--help", "Print this help and exit");
  test->footer(
      "Each test's `given` tables and `set` inputs are run through the contract and\n"
      "every `expect` is compared exactly. Exit status 1 when any test fails.\n"
      "--format json prints one object for every file; --format junit prints JUnit\n"
      "XML, which CI systems show as a test report.\n"
      "\n"
      "Examples:\n"
      "  ocf test examples/msk/msk.ocf\n"
      "  ocf test contracts/*.ocf --format junit > test-results.xml");
  test->add_option("FILE", test_args.files, "Contracts whose tests to run")->required()->type_name("");
  test->add_option("--format", test_args.format, "text (default), json or junit")
      ->type_name("text|json|junit");
  test->add_option("--engine", test_args.engine,
                   "jit (compiled to native code, the default) or interp (the reference interpreter)")
      ->type_name("jit|interp");
  add_stdlib(test, test_args.stdlib);
  add_color(test);

  CommandArgs explain_args;
  CLI::App* explain = driver::AddExplainCommand(app, explain_args);
  add_color(explain);
  driver::RowsArgs rows_args;
  CLI::App* rows = driver::AddRowsCommand(app, rows_args);
  driver::SqlArgs sql_args;
  CLI::App* sql_cmd = driver::AddSqlCommand(app, sql_args);
  add_color(sql_cmd);
  add_color(rows);
  driver::FmtArgs fmt_args;
  CLI::App* fmt_cmd = driver::AddFmtCommand(app, fmt_args);
  add_color(fmt_cmd);
  lsp::LspArgs lsp_args;
  CLI::App* lsp = lsp::AddLspCommand(app, lsp_args);

  // With `--format json`, bad usage is also answered in JSON on `out`.
  const bool json = WantsJson(argc, argv);
  auto usage = [&](const std::string& message) {
    err << message;
    if (json) out << driver::ErrorJson(message.substr(0, message.find('\n')));
    return kExitUsage;
  };
  if (argc <= 1) {
    err << app.help();
    return kExitUsage;
  }
  std::string first = argv[1];
  if (!first.empty() && first[0] != '-' && first != "check" && first != "run" && first != "test" &&
      first != "explain" && first != "rows" && first != "fmt" && first != "lsp" && first != "sql") {
    return usage(fmt::format(
        "ocf: unknown command `{}`; the commands are: check, run, test, explain, rows, fmt, lsp, sql.\n"
        "Run `ocf --help` for what they do.\n",
        first));
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0 || !json) {
      int status = app.exit(e, out, err);
      return status == 0 ? kExitOk : kExitUsage;
    }
    std::ostringstream message;
    app.exit(e, message, message);
    return usage(message.str());
  }
  for (CommandArgs* args : {&check_args, &run_args, &test_args, &explain_args, &rows_args.common}) {
    args->color = UseColor(err, color);
  }
  ProgressLine progress(err);
  check_args.progress = run_args.progress = explain_args.progress = rows_args.common.progress =
      std::ref(progress);
  // Whatever escapes a command is a bug in ocf: reported as one, never an abort.
  constexpr const char* kInterpInstead = "`--engine interp` runs the reference interpreter instead";
  // With `--format json`, standard output still gets one JSON object.
  // (A bug in ocf that throws while the output is written leaves it cut short.)
  auto guarded = [&](const char* who, auto body, std::string_view workaround) {
    bool done = false;
    int status = driver::ReportInternalErrors(
        who, err,
        [&] {
          int s = body(out);
          done = true;
          return s;
        },
        workaround);
    if (json && !done) out << driver::ErrorJson(fmt::format("{}: internal error in ocf", who), false);
    return status;
  };
  if (check->parsed())
    return guarded(
        "ocf check", [&](std::ostream& o) { return RunCheck(check_args, o, err); }, "");
  if (run->parsed())
    return guarded(
        "ocf run", [&](std::ostream& o) { return RunRun(run_args, o, err); },
        run_args.engine != "interp" ? kInterpInstead : "");
  if (explain->parsed())
    return guarded(
        "ocf explain", [&](std::ostream& o) { return driver::RunExplain(explain_args, o, err); },
        explain_args.engine != "interp" ? kInterpInstead : "");
  if (rows->parsed())
    return guarded(
        "ocf rows", [&](std::ostream& o) { return driver::RowsCommand(rows_args, o, err); }, "");
  if (sql_cmd->parsed()) {
    sql_args.common.color = UseColor(err, color);
    return guarded(
        "ocf sql", [&](std::ostream& o) { return driver::SqlCommand(sql_args, o, err); }, "");
  }
  if (fmt_cmd->parsed()) {
    fmt_args.color = UseColor(err, color);
    return guarded(
        "ocf fmt", [&](std::ostream& o) { return driver::FmtCommand(fmt_args, std::cin, o, err); }, "");
  }
  // The server's standard output carries the protocol alone.
  if (lsp->parsed())
    return guarded(
        "ocf lsp", [&](std::ostream& o) { return lsp::RunLspCommand(lsp_args, std::cin, o, err); }, "");
  if (test->parsed())
    return guarded(
        "ocf test", [&](std::ostream& o) { return RunTestCommand(test_args, o, err); },
        test_args.engine != "interp" ? kInterpInstead : "");
  err << app.help();
  return kExitUsage;
}

}  // namespace ocf
