// ocf — the public C++ API of the outcomes-based contract compiler.
//
//   ocf::Compilation c = ocf::CompileFile("examples/msk/msk.ocf");
//   if (!c.ok()) std::cerr << c.RenderText(/*color=*/false);
//   for (const ocf::CompileDiagnostic& d : c.diagnostics()) { ... d.code, d.line ... }
//
// This header and include/ocf/ocf.h are the only public headers. They depend
// on the standard library alone; the compiler's internals (syntax tree,
// checker) stay behind the Compilation object. Evaluation against data
// (binding CSV files, running, reading results) arrives in a later version.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ocf {

// The version of ocf, "0.1.0".
const char* Version();

struct CompileOptions {
  // Where `import "nhs/qof"` looks after the importing file's folder. Empty:
  // the OCF_STDLIB environment variable when set, else the stdlib/ folder of
  // the source tree ocf was built from.
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
class Compilation {
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
Compilation CompileFile(const std::string& path, const CompileOptions& options = {});
// Checks `text` as if it were a file at `virtual_path` (imports and test data
// files are looked for beside that path; diagnostics name it).
Compilation CompileText(std::string_view text, const std::string& virtual_path,
                        const CompileOptions& options = {});

}  // namespace ocf
