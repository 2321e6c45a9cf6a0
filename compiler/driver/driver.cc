#include "compiler/driver/driver.h"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <optional>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>

#include "compiler/driver/code_location.h"
#include "compiler/driver/stdlib_names.h"
#include "compiler/source/file_rules.h"
#include "runtime/data_file.h"
#include "runtime/safe_text.h"

namespace ocf::driver {
namespace fs = std::filesystem;

// Set by CMakeLists.txt: the source tree's stdlib/, and the installed one's
// place relative to the installed binary and library (share/ocf/stdlib).
#ifndef OCF_STDLIB_DIR
#define OCF_STDLIB_DIR "stdlib"
#endif
#ifndef OCF_STDLIB_FROM_BIN
#define OCF_STDLIB_FROM_BIN "../share/ocf/stdlib"
#endif
#ifndef OCF_STDLIB_FROM_LIB
#define OCF_STDLIB_FROM_LIB "../share/ocf/stdlib"
#endif

std::vector<std::string> InstalledStdlibCandidates() {
  // Installed with the library that holds this code (libocf), or else with
  // the binary (code_location.h).
  std::optional<CodeLocation> code = FindCodeLocation();
  if (!code) return {};
  return {(code->file.parent_path() / (code->library ? OCF_STDLIB_FROM_LIB : OCF_STDLIB_FROM_BIN))
              .lexically_normal()};
}

std::string ChooseStdlibDir(const std::string& option, const char* env,
                            const std::vector<std::string>& installed, const std::string& source_dir) {
  if (!option.empty()) return option;
  if (env && *env) return env;
  for (const std::string& dir : installed) {
    std::error_code ec;
    if (fs::is_directory(dir, ec)) return dir;
  }
  return source_dir;
}

std::string StdlibDir(const DriverOptions& options) {
  if (!options.stdlib_dir.empty()) return options.stdlib_dir;
  return ChooseStdlibDir("", std::getenv("OCF_STDLIB"), InstalledStdlibCandidates(), OCF_STDLIB_DIR);
}

namespace {

std::string TooLargeMessage(const std::string& path, uint64_t size, uint64_t limit) {
  return fmt::format("`{}` is {}; ocf reads contract files of up to {}", path, FormatSize(size),
                     FormatSize(limit));
}

// Reads the contract and every file it imports, parsing each once.
class Loader {
 public:
  Loader(Compilation& out, const DriverOptions& options)
      : out_(out), options_(options), stdlib_(StdlibDir(options)) {}

  // The contract itself (source id 0).
  void LoadMain(const std::string& display_path, std::string_view bytes, const std::string& key) {
    uint32_t id = AddFile(display_path, bytes, key);
    stack_.push_back({id, nullptr});
    FollowImports(id);
    stack_.pop_back();
  }

  // The contract was too large to read: register its first line so the
  // diagnostic has something to point at.
  void RefuseMain(const std::string& display_path, const ReadResult& read) {
    // Its first line is shown, unless it is not text.
    uint32_t id = out_.sources.Add(display_path, FindNotText(read.bytes, true) ? std::string() : read.bytes);
    out_.files.push_back(std::make_unique<ast::File>());
    out_.files.back()->source_id = id;
    parse_diagnostics_.emplace_back();
    driver_diagnostics_
        .Report(DiagCode::FileTooLarge, Span{id, 0, 0},
                TooLargeMessage(display_path, read.size, options_.max_file_bytes))
        .Help("a contract is usually a few hundred lines: check that this is the right file");
    SkipCheck(fmt::format("`{}` is too large to read", display_path));
  }

  // The contract is not text: one diagnostic at the first byte that shows
  // it, and none of its bytes registered, so none is shown.
  void RefuseMainNotText(const std::string& display_path, const NotText& found) {
    uint32_t id = out_.sources.Add(display_path, LocationOnlyText(found.line, found.column));
    out_.files.push_back(std::make_unique<ast::File>());
    out_.files.back()->source_id = id;
    parse_diagnostics_.emplace_back();
    uint32_t at = (found.line - 1) + (found.column - 1);
    driver_diagnostics_
        .Report(DiagCode::NotTextFile, Span{id, at, at},
                fmt::format("`{}` is not a text file: it holds {}", display_path, found.Describe()))
        .Note("ocf does not show the lines of a file that is not text")
        .Help("a contract is UTF-8 text: check that this is the file you meant");
    SkipCheck(fmt::format("`{}` is not a text file", display_path));
  }

  // Parse problems first, then the driver's own (imports), each file's in
  // order of position.
  DiagnosticSink TakeDiagnostics() {
    DiagnosticSink all;
    for (const DiagnosticSink& sink : parse_diagnostics_) all.Append(sink);
    all.Append(driver_diagnostics_);
    return all;
  }

  // Why the checker should not run; empty when it should.
  const std::string& skip_reason() const { return skip_reason_; }
  // Each imported file's first `import` (SemaInput::imported_at).
  const std::unordered_map<uint32_t, Span>& imported_at() const { return imported_at_; }
  const std::string& stdlib_dir() const { return stdlib_; }

 private:
  struct Frame {
    uint32_t file;
    const ast::ImportDecl* via;  // the import (in the previous frame's file) that led here
  };

  uint32_t AddFile(const std::string& display_path, std::string_view bytes, const std::string& key) {
    uint32_t id = out_.sources.Add(display_path, bytes);
    const ParseFunction& parse = options_.parse ? options_.parse : ParseFunction(&ocf::Parse);
    ParseResult parsed = parse(out_.sources.Get(id), id, options_.parse_limits);
    parsed.file.source_id = id;
    out_.files.push_back(std::make_unique<ast::File>(std::move(parsed.file)));
    for (const Diagnostic& d : parsed.diagnostics.diagnostics()) {
      if (d.code == DiagCode::TooDeeplyNested) {
        SkipCheck(fmt::format("`{}` nests brackets or operators too deeply", display_path));
      } else if (d.code == DiagCode::TooManyErrors) {
        SkipCheck(fmt::format("`{}` has too many syntax errors", display_path));
      }
    }
    parse_diagnostics_.push_back(std::move(parsed.diagnostics));
    by_key_[key] = id;
    keys_.push_back(key);
    return id;
  }

  void SkipCheck(std::string reason) {
    if (skip_reason_.empty()) skip_reason_ = std::move(reason);
  }

  const std::string& PathOf(uint32_t id) const { return out_.sources.Get(id).path(); }

  void FollowImports(uint32_t id) {
    // Collect first: loading an import appends to out_.files, which may move
    // the vector (the trees themselves stay put).
    std::vector<const ast::ImportDecl*> imports;
    for (const ast::DeclPtr& decl : out_.files[id]->decls) {
      if (decl->kind == ast::DeclKind::Import)
        imports.push_back(static_cast<const ast::ImportDecl*>(decl.get()));
    }
    for (const ast::ImportDecl* import : imports) FollowImport(id, *import);
  }

  void FollowImport(uint32_t from, const ast::ImportDecl& import) {
    if (import.path.empty()) {
      driver_diagnostics_.Report(DiagCode::ImportNotFound, import.path_span, "an import needs a file name")
          .Help("write the file to import, e.g. `import \"nhs/qof\"`");
      SkipCheck("an import was not found");
      return;
    }
    // The parser reported the flaw (E0119); the path goes no further.
    if (FindPathFlaw(import.path)) {
      SkipCheck("the path of an import was refused");
      return;
    }
    fs::path wanted(import.path);
    if (wanted.extension() != ".ocf") wanted += ".ocf";
    std::vector<fs::path> candidates;
    if (wanted.is_absolute()) {
      candidates.push_back(wanted);
    } else {
      candidates.push_back(fs::path(PathOf(from)).parent_path() / wanted);
      if (!stdlib_.empty()) candidates.push_back(fs::path(stdlib_) / wanted);
    }
    const fs::path* found = nullptr;
    for (const fs::path& candidate : candidates) {
      std::error_code ec;
      if (fs::exists(candidate, ec)) {
        found = &candidate;
        break;
      }
    }
    if (!found) {
      Diagnostic& d =
          driver_diagnostics_.Report(DiagCode::ImportNotFound, import.path_span,
                                     fmt::format("cannot find the imported file `{}`", import.path));
      for (const fs::path& candidate : candidates)
        d.Note(fmt::format("looked for `{}`", DisplayPath(candidate)));
      d.Help(wanted.is_absolute()
                 ? "check the spelling of the path"
                 : "an import is looked for in the importing file's folder, then in the standard library; "
                   "check the spelling");
      SkipCheck("an import was not found");
      return;
    }

    std::string display = DisplayPath(*found);
    // Every link resolved: the file that would be read must be named `*.ocf`
    // too, so an import never reads (and never shows) anything else.
    std::error_code ec;
    fs::path real = fs::canonical(*found, ec);
    if (ec) {
      driver_diagnostics_.Report(
          DiagCode::ImportNotFound, import.path_span,
          fmt::format("cannot read the imported file `{}`: its folders cannot be read", display));
      SkipCheck("an import was not found");
      return;
    }
    if (real.extension() != ".ocf") {
      driver_diagnostics_
          .Report(DiagCode::ImportNotOcf, import.path_span,
                  fmt::format("`{}` is a link to a file whose name does not end in `.ocf`", display))
          .Help(
              "an import reads only `.ocf` files: link to the `.ocf` file itself, or import it by its own "
              "path");
      SkipCheck("an import is not an `.ocf` file");
      return;
    }

    std::string key = real.generic_string();
    for (size_t k = 0; k < stack_.size(); ++k) {
      if (keys_[stack_[k].file] == key) {
        ReportCycle(k, import);
        return;
      }
    }
    if (by_key_.count(key)) return;  // already read by another route

    // The resolved path, refusing a link there: what is read is what was checked.
    ReadResult read = ReadContractFile(real, options_.max_file_bytes, /*follow_last_link=*/false);
    if (read.status == ReadStatus::NotRegular) {
      driver_diagnostics_
          .Report(DiagCode::NotRegularFile, import.path_span,
                  fmt::format("cannot read the imported file `{}`: {}", display, read.error))
          .Help("an import reads a regular `.ocf` file");
      SkipCheck(fmt::format("`{}` is not a regular file", display));
      return;
    }
    if (read.status == ReadStatus::Failed) {
      driver_diagnostics_.Report(DiagCode::ImportNotFound, import.path_span,
                                 fmt::format("cannot read the imported file `{}`: {}", display, read.error));
      SkipCheck("an import was not found");
      return;
    }
    if (read.status == ReadStatus::TooLarge) {
      driver_diagnostics_.Report(DiagCode::FileTooLarge, import.path_span,
                                 TooLargeMessage(display, read.size, options_.max_file_bytes));
      SkipCheck(fmt::format("`{}` is too large to read", display));
      return;
    }
    if (std::optional<NotText> bad = FindNotText(read.bytes, /*utf8_too=*/true)) {
      driver_diagnostics_
          .Report(DiagCode::NotTextFile, import.path_span,
                  fmt::format("the imported file `{}` is not a text file: line {}, column {} holds {}",
                              display, bad->line, bad->column, bad->Describe()))
          .Note("ocf does not show the lines of an imported file that is not text")
          .Help(bad->kind == NotText::Kind::InvalidUtf8
                    ? fmt::format("save `{}` as UTF-8 text", display)
                    : fmt::format("check that `{}` is the file you meant to import", display));
      SkipCheck(fmt::format("`{}` is not a text file", display));
      return;
    }
    uint32_t id = AddFile(display, read.bytes, key);
    imported_at_[id] = import.path_span;
    stack_.push_back({id, &import});
    FollowImports(id);
    stack_.pop_back();
  }

  // `import` (in the file on top of the stack) leads back to stack_[k].
  void ReportCycle(size_t k, const ast::ImportDecl& import) {
    const std::string& top = PathOf(stack_.back().file);
    if (k + 1 == stack_.size()) {
      driver_diagnostics_
          .Report(DiagCode::ImportCycle, import.path_span, fmt::format("`{}` imports itself", top))
          .Help("remove this import");
      return;
    }
    std::string chain;
    for (size_t j = k; j < stack_.size(); ++j) chain += fmt::format("`{}` -> ", PathOf(stack_[j].file));
    chain += fmt::format("`{}`", PathOf(stack_[k].file));
    Diagnostic& d = driver_diagnostics_.Report(DiagCode::ImportCycle, import.path_span,
                                               fmt::format("files import each other: {}", chain));
    for (size_t j = k + 1; j < stack_.size(); ++j) {
      d.Note(stack_[j].via->path_span,
             fmt::format("`{}` imports `{}` here", PathOf(stack_[j - 1].file), PathOf(stack_[j].file)));
    }
    d.Help("move what these files share into one file that each of them imports");
  }

  Compilation& out_;
  const DriverOptions& options_;
  std::string stdlib_;
  std::vector<Frame> stack_;
  std::map<std::string, uint32_t> by_key_;
  std::vector<std::string> keys_;                  // by source id
  std::vector<DiagnosticSink> parse_diagnostics_;  // by source id
  DiagnosticSink driver_diagnostics_;
  std::string skip_reason_;
  std::unordered_map<uint32_t, Span> imported_at_;
};

void RunCheck(Compilation& c, const Loader& loader, const DriverOptions& options) {
  const std::string& skip_reason = loader.skip_reason();
  if (!skip_reason.empty()) {
    c.check_skipped_because = skip_reason;
    return;
  }
  SemaInput input;
  input.main = c.files[0].get();
  for (size_t i = 1; i < c.files.size(); ++i) input.imports.push_back(c.files[i].get());
  input.sources = &c.sources;
  const SourceManager* sources = &c.sources;
  input.data_file_problem = [sources](uint32_t source_id, const std::string& path) {
    // A path with a NUL or control character never reaches the file system
    // (the parser reports it, E0119).
    if (source_id >= sources->size() || FindPathFlaw(path)) return std::string(kNoSuchFile);
    fs::path p(path);
    if (p.is_relative()) p = fs::path(sources->Get(source_id).path()).parent_path() / p;
    return NotADataFile(p.string());
  };
  input.imported_at = loader.imported_at();
  // Read on the first unknown name, then kept for the rest of the
  // compilation (the check again after `--set` included).
  auto stdlib = std::make_shared<StdlibNames>(loader.stdlib_dir());
  input.stdlib_module_of = [stdlib](const std::string& name, bool function) {
    return stdlib->ModuleOf(name, function);
  };
  CheckResult checked = Check(input);
  c.program = std::move(checked.program);
  DiagnosticSink before_check = c.diagnostics;
  c.diagnostics.Append(checked.diagnostics);
  // `--set` on lets: the contract checked again with their new values (settings.h).
  if (!options.settings.empty() && !c.diagnostics.has_errors())
    ApplySettings(
        c, options.settings, [&input] { return Check(input); }, before_check, checked.diagnostics);
}

std::unique_ptr<Compilation> Finish(std::unique_ptr<Compilation> c, Loader& loader,
                                    const DriverOptions& options) {
  c->diagnostics = loader.TakeDiagnostics();
  RunCheck(*c, loader, options);
  c->diagnostics.SortByLocation();
  return c;
}

}  // namespace

std::unique_ptr<Compilation> CompileFile(const std::string& path, const DriverOptions& options) {
  auto c = std::make_unique<Compilation>();
  ReadResult read = ReadContractFile(path, options.max_file_bytes);
  if (read.status == ReadStatus::Failed || read.status == ReadStatus::NotRegular) {
    // Printed as it is by the command line: the name is shown escaped
    // (runtime/safe_text.h), as a file name may hold any byte.
    c->read_error = fmt::format("cannot read `{}`: {}", TerminalText(path), read.error);
    return c;
  }
  // The contract is named as the user wrote it, so messages match the command line.
  Loader loader(*c, options);
  if (read.status == ReadStatus::TooLarge) {
    loader.RefuseMain(path, read);
  } else if (std::optional<NotText> bad = FindNotText(read.bytes, /*utf8_too=*/false)) {
    // Bytes that are not UTF-8 alone are reported one by one (E0101), with
    // the encoding they look like; a NUL or a control character means a
    // binary file, whose lines are not worth showing.
    loader.RefuseMainNotText(path, *bad);
  } else {
    loader.LoadMain(path, read.bytes, CanonicalKey(path));
  }
  return Finish(std::move(c), loader, options);
}

std::unique_ptr<Compilation> CompileText(std::string_view text, const std::string& virtual_path,
                                         const DriverOptions& options) {
  auto c = std::make_unique<Compilation>();
  Loader loader(*c, options);
  if (text.size() > options.max_file_bytes) {
    ReadResult refused;
    refused.status = ReadStatus::TooLarge;
    refused.size = text.size();
    refused.bytes = std::string(text.substr(0, std::min<size_t>(text.find('\n'), 4096)));
    loader.RefuseMain(virtual_path, refused);
  } else {
    loader.LoadMain(virtual_path, text, CanonicalKey(virtual_path));
  }
  return Finish(std::move(c), loader, options);
}

}  // namespace ocf::driver
