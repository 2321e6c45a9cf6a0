// ocf — the public C++ API of the outcomes-based contract compiler.
//
//   ocf::Compilation c = ocf::CompileFile("examples/msk/msk.ocf");
//   if (!c.ok()) std::cerr << c.RenderText(/*color=*/false);
//   for (const ocf::CompileDiagnostic& d : c.diagnostics()) { ... d.code, d.line ... }
//
//   ocf::Options o;
//   o.data = {"examples/msk/data"};
//   ocf::CommandResult r = ocf::Run("examples/msk/msk.ocf", o);
//   if (r.status() == 0) std::cout << r.statement()->payments[0].total;  // "6381250.00"
//   else std::cerr << r.messages();
//
// This header and include/ocf/ocf.h (with ocf/export.h and ocf/version.h)
// are the public headers. They need C++17 and the standard library alone; the
// compiler's internals stay behind the Compilation and CommandResult objects.
// Nothing here throws on bad input (a contract with errors, a missing file,
// bad data): that is a result to look at. Objects are safe to use from
// several threads at once when each thread has its own; const member
// functions may be called from several threads on one object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ocf/export.h"

namespace ocf {

// The version of the ocf library, "MAJOR.MINOR.PATCH" (OCF_VERSION is the headers').
OCF_API const char* Version();

struct CompileOptions {
  // Where `import "nhs/qof"` looks after the importing file's folder. Empty:
  // the OCF_STDLIB environment variable when set, else the standard library
  // installed with ocf (share/ocf/stdlib beside the library's lib/), else the
  // stdlib/ folder of the source tree ocf was built from.
  std::string stdlib_dir;
};

enum class DiagnosticSeverity { Error, Warning };

// A location in a contract file. Lines and columns are 1-based; columns count
// Unicode code points. The end is exclusive.
struct SourceRange {
  std::string file;  // as given to CompileFile, or as reached through an import
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
};

struct DiagnosticNote {
  std::string message;
  bool has_location = false;
  SourceRange location;  // meaningful when has_location
};

// One problem found in a contract. The fields mirror the JSON rendering
// (RenderJson) and are stable across versions: codes are never reused.
struct CompileDiagnostic {
  std::string code;  // "E0402"; see docs/diagnostics.md
  DiagnosticSeverity severity = DiagnosticSeverity::Error;
  std::string message;  // one line, lowercase
  std::string file;
  int line = 0;
  int column = 0;
  int end_line = 0;
  int end_column = 0;
  std::vector<DiagnosticNote> notes;
  std::string help;  // what to write instead; empty when there is nothing to say
};

// What a successful check found in the contract (and its imports).
struct ProgramSummary {
  std::string contract_title;  // empty when the contract block has no title
  size_t files = 0;            // the contract and every file it imports
  size_t datasets = 0;
  size_t measures = 0;
  size_t targets = 0;
  size_t outcomes = 0;
  size_t payments = 0;  // payment blocks
  size_t tests = 0;
  size_t inputs = 0;
};

// The result of compiling one contract: the files read, every diagnostic and
// (internally) the checked program. Move-only.
class OCF_API Compilation {
 public:
  Compilation(Compilation&&) noexcept;
  Compilation& operator=(Compilation&&) noexcept;
  ~Compilation();

  // The contract was read and has no errors (warnings are allowed).
  bool ok() const;
  // Why the contract file could not be read at all ("cannot read `x.ocf`: no
  // such file"); empty when it was read. There are no diagnostics then.
  const std::string& read_error() const;
  // Every diagnostic: the contract's first, by position, then each import's.
  const std::vector<CompileDiagnostic>& diagnostics() const;
  size_t error_count() const;
  size_t warning_count() const;
  // False when names and types were not checked because earlier errors would
  // have made those checks noise (an import not found, a file the parser gave
  // up on); check_skipped_because() then says which.
  bool fully_checked() const;
  const std::string& check_skipped_because() const;
  // Counts of what was declared; meaningful when ok().
  ProgramSummary summary() const;
  // Every file read: the contract first, then its imports.
  std::vector<std::string> files() const;

  // Diagnostics as a compiler prints them: `file:line:col: error[E0402]: ...`,
  // the source line, a caret under the span, notes and help; one blank line
  // after each. ANSI colours when `color`.
  std::string RenderText(bool color = false) const;
  // {"diagnostics": [...], "errors": N, "warnings": N}; when the file could
  // not be read, also "error": "why".
  std::string RenderJson() const;

  // For the compiler's own tools: the internals are defined in compiler/driver.
  struct Impl;
  explicit Compilation(std::unique_ptr<Impl> impl);
  const Impl& internal() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// Reads and checks the contract at `path` and everything it imports.
OCF_API Compilation CompileFile(const std::string& path, const CompileOptions& options = {});
// Checks `text` as if it were a file at `virtual_path` (imports and test data
// files are looked for beside that path; diagnostics name it).
OCF_API Compilation CompileText(std::string_view text, const std::string& virtual_path,
                                const CompileOptions& options = {});

// ------------------------------------------------------------------ commands

// Which engine runs the contract (`--engine`).
enum class Engine {
  Default,  // the command's default: Auto for Run, Jit for Test
  Auto,     // compiled, unless the data is too small to repay compiling
  Jit,      // compiled to native code with LLVM
  Interp,   // the reference interpreter
};

// What the command line's options say, for Check, Run and Test.
struct Options {
  std::string stdlib_dir;                                 // `--stdlib`; empty: as CompileOptions says
  std::vector<std::string> data;                          // each `--data`: DIR or NAME=PATH
  std::vector<std::pair<std::string, std::string>> sets;  // `--set NAME=VALUE`, in order
  std::string period;                                     // `--period LABEL`; empty: every period
  Engine engine = Engine::Default;                        // `--engine`
  unsigned threads = 0;                                   // `--threads`; 0: one per core
  bool strict = false;                                    // `--strict` (Check with data: gates)
};

// A statement (`ocf run`) as objects: the same figures as its JSON
// (docs/json.md), every one exact. Decimal values are strings holding exact
// decimals (`"0.875"`, `"6381250.00"`), as in the JSON; dates are
// `YYYY-MM-DD`; maps are keyed by period label (`"2014/15 Q1"`, `"term"`).
// The whole statement, whatever Options::period says.
struct PaymentStatement {
  struct Period {
    std::string label, start, end;
  };
  struct Value {
    std::optional<std::string> value;               // missing: nullopt
    std::optional<int64_t> numerator, denominator;  // `percent of` measures
  };
  struct Measure {
    std::string name, title, type;  // type: "percent", "money", "int", ...
    std::map<std::string, Value> values;
    // `by` measures: group -> period -> value.
    std::map<std::string, std::map<std::string, Value>> groups;
  };
  struct TargetPeriod {
    std::string achievement;  // 0..1
    std::string status;       // "met", "partial", "not met", "no data"
  };
  struct Target {
    std::string measure, description;
    std::map<std::string, TargetPeriod> periods;
  };
  struct Outcome {
    std::string name, title;
    std::map<std::string, std::string> periods;  // achievement, 0..1
  };
  struct Gate {
    std::string name, title;
    std::map<std::string, std::optional<bool>> periods;  // passed, failed, or missing
  };
  struct Line {
    std::string name;
    std::string amount;                // to the penny
    bool shadow = false;               // `shadow pay`: shown, not in the total
    std::optional<std::string> group;  // a `payment ... by` block's line: its group
  };
  struct Payment {
    std::string period;
    std::vector<Line> lines;  // in the order written
    std::string total;
  };
  // A group of a `payment ... by COLUMN` block.
  struct Group {
    std::string column, name;
    std::vector<Target> targets;
    std::vector<Outcome> outcomes;
    std::map<std::string, std::string> achievement;
    std::vector<Gate> gates;
  };
  struct Dataset {
    std::string name;
    int64_t rows = 0;
    int64_t outside_term = 0;
    std::optional<int64_t> baseline;                 // rows dated in the baseline, when there is one
    std::map<std::string, int64_t> skipped_missing;  // by measure, over the term
  };

  std::string contract, commissioner, currency;
  std::vector<std::string> providers;
  std::string term_start, term_end;
  std::vector<Period> periods;    // in statement order
  std::vector<Measure> measures;  // in declaration order
  std::vector<Target> targets;
  std::vector<Outcome> outcomes;
  std::optional<std::map<std::string, std::string>> achievement;  // nullopt without outcomes
  std::vector<Payment> payments;                                  // in period order
  std::vector<Gate> gates;
  std::vector<Group> groups;
  std::vector<Dataset> data;
};

// One `expect` of a test, and one test (`ocf test`).
struct TestExpectation {
  std::string what;      // `seen_in_18_weeks in "2014/15 Q1"`
  std::string expected;  // as the statement would show it
  std::string actual;
  bool passed = false;
  SourceRange location;
};
struct TestCase {
  std::string name;
  bool passed = false;
  std::string error;  // why the test could not run; empty when it ran
  SourceRange location;
  std::vector<TestExpectation> expectations;
};

// What a command did: its exit status, its outputs as the command line
// prints them, and its results as objects. Move-only.
class OCF_API CommandResult {
 public:
  CommandResult(CommandResult&&) noexcept;
  CommandResult& operator=(CommandResult&&) noexcept;
  ~CommandResult();

  // The command line's exit status: 0 success, 1 errors in the contract or
  // data (or a failing test, or an internal error in ocf), 2 bad usage.
  int status() const;
  // The contract's compilation: its diagnostics (empty when the command
  // stopped before reading the contract, e.g. on bad options).
  const Compilation& compilation() const;
  // Standard output of `--format json`, byte for byte.
  const std::string& json() const;
  // Standard output of `--format FORMAT` (Run: json, table, csv, html; Check:
  // json, text; Test: json, text, junit); nullopt when the command has no
  // such format or no such output.
  std::optional<std::string> Output(std::string_view format) const;
  // Standard error in text format: diagnostics, data problems, run errors.
  const std::string& messages() const;
  // Run: the statement when the run succeeded, else null.
  const PaymentStatement* statement() const;
  // Test: every test of the contract, in order.
  const std::vector<TestCase>& tests() const;

  struct Impl;
  explicit CommandResult(std::unique_ptr<Impl> impl);
  const Impl& internal() const { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

// `ocf check PATH [--data ...]`: the contract, and with Options::data the
// provider's data and the gates.
OCF_API CommandResult Check(const std::string& path, const Options& options = {});
// `ocf run PATH --data ...`.
OCF_API CommandResult Run(const std::string& path, const Options& options = {});
// `ocf test PATH`.
OCF_API CommandResult Test(const std::string& path, const Options& options = {});

}  // namespace ocf
