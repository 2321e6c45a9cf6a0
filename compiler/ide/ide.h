// What an editor asks of a contract: the queries behind `ocf lsp` (lsp/).
//
// An Analysis is one open document, compiled by the driver exactly as `ocf
// check` compiles a file (driver::CompileText: parse, imports, checker), plus
// an index of every name: where each declaration, column, parameter, let and
// enumeration value is defined and every place it is used. The queries below
// answer from that index; they never parse or check a second time, and they
// answer something sensible (often nothing) when the document has errors.
//
// Positions are code point offsets into one source file (ocf::Span), as
// everywhere in the compiler; lsp/ converts them to and from LSP's
// line/character positions. Spans whose `file` is not 0 point into an
// imported file (Analysis::path_of gives its path).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/driver/driver.h"

namespace ocf::ide {

class Analysis {
 public:
  // `text` is the document's current text; `path` its file (imports are
  // looked for beside it; it need not exist on disk).
  static std::unique_ptr<Analysis> Build(std::string_view text, const std::string& path,
                                         const driver::DriverOptions& options = {});
  ~Analysis();

  const driver::Compilation& compilation() const { return *compilation_; }
  // The document itself is source 0.
  const SourceFile& document() const { return compilation_->sources.Get(0); }
  const std::string& path_of(uint32_t source_id) const { return compilation_->sources.Get(source_id).path(); }

  struct Index;  // defined in compiler/ide/index.h
  const Index& index() const { return *index_; }

 private:
  Analysis() = default;
  std::unique_ptr<driver::Compilation> compilation_;
  std::unique_ptr<Index> index_;
};

struct Location {
  Span span;  // span.file: the source id
};

// Markdown for a hover: the declaration as written (first line), its type
// and unit, its title, the `//` or `/* */` comment directly above it; for a
// column its table and type; for an enumeration value its type's values.
struct Hover {
  Span span;  // the word hovered
  std::string markdown;
};
std::optional<Hover> HoverAt(const Analysis& a, uint32_t offset);

// Where the name at `offset` is defined (names, columns, enumeration values,
// parameters, lets); on an `import "x"` the imported file's start.
std::vector<Location> DefinitionAt(const Analysis& a, uint32_t offset);

// Every use of the name at `offset`, in the document and its imports, and
// its definition too when `include_declaration`.
std::vector<Location> ReferencesAt(const Analysis& a, uint32_t offset, bool include_declaration);

// Renaming: the span of the renameable name at `offset` (nullopt: nothing
// renameable there, e.g. a keyword, a literal, a builtin), then the edits.
std::optional<Span> PrepareRename(const Analysis& a, uint32_t offset);
struct TextEdit {
  Span span;
  std::string new_text;
};
struct RenameResult {
  std::vector<TextEdit> edits;  // may touch imported files (span.file)
  std::string error;            // non-empty: refused (not a valid name, a keyword, clashes with NAME)
};
RenameResult Rename(const Analysis& a, uint32_t offset, const std::string& new_name);

enum class CompletionKind { Keyword, Declaration, Column, EnumValue, Function, Dataset, Variable, Snippet };
struct Completion {
  std::string label;
  CompletionKind kind;
  std::string detail;         // the type, or a function's signature
  std::string documentation;  // title / doc comment, markdown
  std::string insert_text;    // empty: the label
  bool snippet = false;       // insert_text uses LSP snippet syntax ($1, ${1:x})
};
// What may be written at `offset`: names in scope, the columns of the table
// in a row context (`where`, `of`, `check`, ...), enumeration values after
// `=` / `in (` on an enumeration, keywords valid there, stdlib functions
// with their signatures. Works on incomplete text (the document as being typed).
std::vector<Completion> CompleteAt(const Analysis& a, uint32_t offset);

// The contract's outline: declarations with their items (columns, outcome
// items, payment lines, lets, tests) as children.
enum class OutlineKind {
  Contract,
  Module,
  Data,
  Column,
  Population,
  Let,
  Input,
  Function,
  Measure,
  Target,
  Outcome,
  Payment,
  PayLine,
  Test,
  Type,
  Gate,
  EnumValue
};
struct OutlineItem {
  std::string name;
  std::string detail;  // title or type
  OutlineKind kind;
  Span span;       // the whole declaration
  Span selection;  // its name
  std::vector<OutlineItem> children;
};
std::vector<OutlineItem> Outline(const Analysis& a);

// Semantic tokens of the document (source 0), in order, not overlapping.
enum class TokenType {
  Keyword,
  Type,
  Dataset,
  Column,
  Measure,
  Variable,
  Parameter,
  Function,
  EnumMember,
  Number,
  String,
  Comment,
  Operator,
  Property
};
enum TokenModifier : uint32_t { kDeclaration = 1, kReadonly = 2, kDefaultLibrary = 4 };
struct SemanticToken {
  Span span;
  TokenType type;
  uint32_t modifiers = 0;
};
std::vector<SemanticToken> SemanticTokens(const Analysis& a);

}  // namespace ocf::ide
