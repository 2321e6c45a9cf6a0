// The driver: a contract file on disk -> parsed files -> checked program.
//
// CompileFile() reads the contract (refusing files over 16 MB with E0118),
// parses it, follows its `import`s, parses each imported file once, and runs
// the checker over the whole set. Every problem becomes a diagnostic in one
// sink, parse problems first and then the checker's, ordered by position
// within each file (the contract first, then its imports in the order they
// were reached).
//
// Imports: `import "PATH"` looks for PATH, with `.ocf` added when it does not
// end in it, first in the importing file's folder, then in the standard
// library folder (DriverOptions::stdlib_dir, else $OCF_STDLIB, else the
// installed share/ocf/stdlib, else the stdlib/ folder of the source tree ocf
// was built from: StdlibDir below). A file reached by two
// routes is read once; an import that leads back to a file that is still
// being imported is E0305; an import that names no file is E0304.
//
// What an import reads (docs/language.md, "import"): its path passed
// FindPathFlaw (the parser reported E0119 otherwise, and the import is not
// followed); the file it leads to, every link followed, is named `*.ocf`
// (E0120), is a regular file (E0122), and is text (E0121, reported at the
// import without showing the file). The contract itself must be a regular
// file (else Compilation::read_error) and free of NUL bytes and control
// characters (E0121, its bytes never registered, so never shown).
//
// The checker is not run when its answers would mostly be noise: a file was
// too deeply nested or had so many syntax errors that the parser gave up on it
// (E0106, E0107), a file was too large to read (E0118), or an import was not
// found (every name it provides would be reported as unknown). Otherwise it
// runs on whatever parsed, so one run reports every error it can.
//
// This header is internal: integrators use include/ocf/ocf.hpp.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/files.h"
#include "compiler/driver/settings.h"
#include "compiler/parse/parse.h"
#include "compiler/sema/sema.h"
#include "compiler/source/source.h"

namespace ocf::driver {

using ParseFunction = std::function<ParseResult(const SourceFile&, uint32_t source_id, const ParseLimits&)>;

struct DriverOptions {
  // Where `import "nhs/qof"` looks after the importing file's folder. Empty:
  // $OCF_STDLIB when set, else the installed standard library (StdlibDir).
  std::string stdlib_dir;
  ParseLimits parse_limits;
  uint64_t max_file_bytes = kMaxFileBytes;
  // `--set NAME=VALUE`, in the order given. Those naming a top-level `let`
  // replace its value before the program is checked again (settings.h).
  std::vector<std::pair<std::string, std::string>> settings;
  // Null: ocf::Parse. Tests substitute a small fake to exercise imports alone.
  // A substitute must report flawed paths itself (E0119, as DecodePath does):
  // the driver leaves an import with such a path alone without a word.
  ParseFunction parse;
};

// The stdlib folder the options lead to: DriverOptions::stdlib_dir, else
// $OCF_STDLIB, else the first of InstalledStdlibCandidates() that is a
// folder, else the source tree's stdlib/ (running from the build tree).
std::string StdlibDir(const DriverOptions& options);
// Where an installed ocf keeps its standard library (share/ocf/stdlib):
// relative to the shared library holding this code (libocf), or, when this
// code is linked into the executable, to the executable (/proc/self/exe).
// Empty when neither can be found out.
std::vector<std::string> InstalledStdlibCandidates();
// StdlibDir's order on given inputs (`env` null or empty: unset).
std::string ChooseStdlibDir(const std::string& option, const char* env,
                            const std::vector<std::string>& installed, const std::string& source_dir);

struct Compilation {
  SourceManager sources;
  // Parsed files, indexed by source id: the contract is 0, then its imports in
  // the order they were reached. A file too large to read has an empty tree.
  std::vector<std::unique_ptr<ast::File>> files;
  DiagnosticSink diagnostics;
  // Set when the checker ran (even if it reported errors); it points into `files`.
  std::shared_ptr<CheckedProgram> program;
  // Why the checker did not run ("an import was not found"); empty when it ran
  // or when the contract could not be read at all.
  std::string check_skipped_because;
  // Why the contract file itself could not be read ("no such file"); empty
  // when it was read. Not a diagnostic: there is no text to point into.
  std::string read_error;
  // What DriverOptions::settings did: lets replaced, inputs left for the
  // run, and settings refused (settings.h). Empty without settings, or when
  // the contract had errors before any was applied.
  SettingsUse settings;

  bool ok() const { return read_error.empty() && !diagnostics.has_errors(); }
};

// The compilation is returned by pointer: the checked program points into its
// trees and sources, so it must not move.
std::unique_ptr<Compilation> CompileFile(const std::string& path, const DriverOptions& options = {});
// `text` stands for a file at `virtual_path`: diagnostics name that path, and
// its imports and test data files are looked for beside it.
std::unique_ptr<Compilation> CompileText(std::string_view text, const std::string& virtual_path,
                                         const DriverOptions& options = {});

}  // namespace ocf::driver
