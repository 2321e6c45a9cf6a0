// The commands `ocf check`, `ocf run` and `ocf test` as functions of their
// options: the command line (cli.cc) parses arguments into CommandArgs and
// prints what these return; the public API (api.cc, c_api.cc) calls the same
// functions, so that both give the same answers and the same bytes.
//
// Each command returns a report holding what it found (the compilation, the
// data read, the statement, the tests' results) and its exit status; the
// Write* functions print a report in each format, to standard output (`out`)
// and standard error (`err`) as the command line does.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "compiler/driver/data.h"
#include "compiler/driver/gate_check.h"
#include "compiler/driver/run.h"
#include "compiler/driver/test_runner.h"
#include "ocf/ocf.hpp"
#include "runtime/explanation.h"
#include "runtime/statement.h"

namespace ocf::driver {

constexpr int kExitOk = 0;
constexpr int kExitErrors = 1;
constexpr int kExitUsage = 2;

// What the command line's options say (`ocf run --help`).
struct CommandArgs {
  std::vector<std::string> files;  // check and test take several; run one
  std::string format;              // empty: the command's default
  std::string stdlib;
  std::vector<std::string> data;  // each `--data`: DIR or NAME=PATH
  std::vector<std::string> sets;  // each `--set`: NAME=VALUE
  // `ocf run --compare BASE.json` / each `--compare-set NAME=VALUE` (compare.h).
  std::string compare;
  std::vector<std::string> compare_sets;
  std::string period;
  std::string output;  // `ocf run --output FILE`: the statement goes there, not to standard output
  std::string engine;  // empty: the command's default
  // Warehouses (warehouse.h): `--aggregates FILE`, `--db URI`, each `--table NAME=SCHEMA.TABLE`.
  std::string aggregates, db;
  std::vector<std::string> tables;
  unsigned threads = 0;
  // The column cache (data_cache.h): `--cache DIR`, `--no-cache`.
  // On by default on the command line only (cli.cc sets cache_by_default):
  // the library's callers choose a folder with `cache`.
  std::string cache;
  bool no_cache = false, cache_by_default = false;
  bool strict = false;
  bool timings = false;
  bool color = false;     // ANSI colours in diagnostics on `err`
  DataProgress progress;  // called as data files are read
  // `ocf explain`: what to explain (one of them), and the group.
  std::string explain_line, explain_target, explain_outcome;
  bool explain_achievement = false, explain_all_lines = false;
  std::string measure;  // `ocf explain --measure`
  std::string group;    // `--group`
  // The command that runs, for messages (`ocf run` when empty).
  std::string who;
  // Set by ExplainCommand: the run fills the figures' derivations in.
  std::vector<Explanation>* explain = nullptr;
};

// What `ocf check --data` given without a value holds in CommandArgs::data:
// with `--engine postgres`, the data is the database's.
inline constexpr const char* kDataInDatabase =
    "\x01"
    "database";

// A usage problem found before anything was read (`--format xml`): the
// message the command line prints (`ocf run: --format is ...`).
struct UsageError {
  std::string message;
};

// ---------------------------------------------------------------- check

struct CheckedFile {
  std::string file;
  std::optional<ocf::Compilation> compilation;  // unset when the arguments were refused first
  bool data_read = false;
  DataCheck data;
  bool gates_run = false;
  GateCheck gates;
  // `--set` values of lets that do not read as their type (settings.h).
  std::vector<std::string> setting_errors;
  // `--engine postgres`: why the data could not be checked in the database
  // (and the E1001s of a rule that cannot be pushed down, rendered).
  std::vector<std::string> data_errors;
  std::string data_diagnostics;
};

struct CheckReport {
  int status = kExitOk;
  std::string usage_error;  // bad usage: what to say (then `files` may be partial)
  std::vector<CheckedFile> files;
};

// `ocf check FILE... [--data ...] [--set ...] [--strict]`. A file named `-`
// is standard input. With `--engine postgres --db URI [--table ...]`, the
// data is checked in the database (warehouse.h, CheckWarehouseData).
CheckReport CheckCommand(const CommandArgs& args);
// `--format text`: diagnostics and data problems to `err`, one summary line
// per file and dataset to `out`, interleaved in that order.
void WriteCheckText(const CheckReport& report, const CommandArgs& args, std::ostream& out, std::ostream& err);
// `--format json`: one object (several files: their objects in a "files" list).
std::string CheckJson(const CheckReport& report, const CommandArgs& args);

// ---------------------------------------------------------------- run

struct RunReport {
  int status = kExitOk;
  std::optional<ocf::Compilation> compilation;
  // Set when the run succeeded.
  std::optional<Statement> statement;
  std::optional<std::string> period;  // `--period`, checked against the statement
  DataCheck data;                     // as read (with its problems when the run refused it)
  std::vector<std::string> errors;    // why there is no statement, one message each
  std::vector<std::string> warnings;  // the contract's and the engine's, for the HTML report
  std::string usage_error;            // bad usage found before running: what to say
  // With args.timings: the phases' times, for PrintTimings.
  struct Timings {
    std::chrono::steady_clock::time_point started;
    double parse_check = 0, plan = 0, ingest = 0;
    RunTimings engine;
    std::string engine_name;  // "jit", or "interp" (and why)
    std::string jit_note;
    // What the answers cache did (answer_cache.h) and the seconds it took.
    std::string answers;
    double answers_seconds = 0;
  } timings;
};

// `ocf run FILE --data ...`: the statement, or why not. Diagnostics,
// warnings, data problems and errors are written to `err` as they happen
// (text, coloured when args.color), timings too with args.timings.
RunReport RunCommand(const CommandArgs& args, std::ostream& err);
// The statement in `format` (table, json, csv, html) to `sink`; the report
// must have a statement.
void WriteStatement(const RunReport& report, const std::string& format, const TextSink& sink);
// `--timings`: where the time went, `output` seconds spent writing the statement.
std::string TimingsText(const RunReport& report, double output);
// `--format json` of a run without a statement: the diagnostics object with
// the data read and the errors ("run_errors").
std::string RunFailureJson(const RunReport& report);

// ---------------------------------------------------------------- test

struct TestedFile {
  std::string file;
  std::optional<ocf::Compilation> compilation;
  std::vector<TestResult> results;
};

struct TestReport {
  int status = kExitOk;
  std::string usage_error;
  std::vector<TestedFile> files;
};

// `ocf test FILE...`. Diagnostics and warnings go to `err` as they happen.
TestReport TestCommand(const CommandArgs& args, std::ostream& err);
// `--format text`: `test "..." ... ok` lines and counts (the file's name
// first when there are several).
std::string TestText(const TestReport& report);
// `--format json`: {"schema": "ocf.test/1", "files": [...], ...}.
std::string TestJson(const TestReport& report);
// `--format junit`: JUnit XML, one <testsuite> per file.
std::string TestJunit(const TestReport& report);

// ---------------------------------------------------------------- shared

// Reads and checks one contract, with the lets `settings` name set
// (settings.h); `-` is standard input.
ocf::Compilation CompileArg(const std::string& file, const std::string& stdlib,
                            const InputSettings& settings = {});
// `--set NAME=VALUE` arguments, or why not (`usage` says, naming `who`).
std::optional<InputSettings> ParseSets(const std::vector<std::string>& args, const char* who,
                                       std::string& usage);
// The settings a command refuses as bad usage, one line each.
std::string SettingsUsage(const SettingsUse& use, const char* who);
// The `--data` options: one folder (DIR/NAME.csv) and any NAME=PATH files.
bool ParseDataArgs(const std::vector<std::string>& args, DataSources& sources, std::string& usage,
                   const char* who);

// `--format json` for bad usage or a file that cannot be read (`usage`), or a
// failure of ocf itself: the diagnostics object with "error".
std::string ErrorJson(const std::string& message, bool usage = true);
// `msk.ocf: ok (2 datasets, 3 measures)`, `msk.ocf: 2 errors, 1 warning`.
std::string SummaryLine(const std::string& file, const ocf::Compilation& c);

}  // namespace ocf::driver
