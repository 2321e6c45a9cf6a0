// The index behind the editor queries (ide.h): every name the document and
// its imports define, and every place each one is written.
//
// Built once per Analysis by walking the syntax trees (index.cc). Names in
// expressions take what the checker resolved (CheckedProgram::references)
// when it ran; names the checker did not resolve (it did not run, or the
// text has errors) and names that are not expressions (a population's base,
// a target's measure, outcome items, `dated by`, `by`, link keys, test items,
// enumeration values, imports) are resolved here by the same scoping rules,
// so the index is complete on broken text too.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/ide/ide.h"
#include "compiler/parse/token_stream.h"

namespace ocf::ide {

enum class SymKind {
  Dataset,
  Population,
  Let,
  Input,
  Function,
  Measure,
  Outcome,
  Gate,
  Type,
  Column,
  Param,
  PaymentLet,
  Group,  // `payment ... by COLUMN`: the group's value inside the block
  EnumValue,
  PayLine,  // `pay "LINE"`, named by `paid "LINE"` and `expect payment "LINE"`
  Alias,    // `exists U as ALIAS on ...`
  Builtin,  // contract_year, period_start, min, days, ...
};

constexpr uint32_t kNoSymbol = UINT32_MAX;

struct IndexSymbol {
  SymKind kind = SymKind::Builtin;
  std::string name;
  std::optional<Span> def;                   // the name where it is declared (none for builtins)
  const ast::Decl* decl = nullptr;           // top level: the declaration; otherwise the enclosing one
  const ast::DataDecl* table = nullptr;      // columns: their table
  const ast::ColumnDecl* column = nullptr;   // columns
  const ast::Param* param = nullptr;         // parameters
  const ast::PaymentItem* item = nullptr;    // payment lets and pay lines
  const ast::TypeExpr* enum_type = nullptr;  // enumeration values: the type that lists them
  std::string type;                          // the type, as the checker saw it or as written
};

struct Occurrence {
  Span span;
  uint32_t symbol = kNoSymbol;
  bool definition = false;
};

struct ImportLink {
  const ast::ImportDecl* decl = nullptr;
  uint32_t from = 0;            // the importing file
  uint32_t target = kNoSymbol;  // the imported file's source id, if it was read
};

struct Analysis::Index {
  std::vector<IndexSymbol> symbols;
  std::vector<Occurrence> occurrences;      // sorted by (file, begin)
  std::map<std::string, uint32_t> globals;  // top-level names of the document and its imports
  std::vector<ImportLink> imports;
  std::vector<bool> in_stdlib;  // by source id: the file is in the standard library folder
  std::string stdlib_dir;

  // The occurrence whose span holds `offset` (or ends at it: the cursor just
  // after a word), or null.
  const Occurrence* At(uint32_t file, uint32_t offset) const;
  // Every occurrence of a symbol, definition first when there is one.
  std::vector<Occurrence> Of(uint32_t symbol) const;
  const ImportLink* ImportAt(uint32_t file, uint32_t offset) const;

  // The document's tokens (LexAll, compiler/parse/token_stream.h), lexed on first use:
  // semantic tokens and completion read them, a plain re-check does not.
  const std::vector<LexToken>& DocumentTokens(const SourceFile& document) const;

 private:
  mutable std::once_flag tokens_once_;
  mutable std::vector<LexToken> tokens_;
};

// Markdown describing a symbol (queries.cc), for hover and completion.
std::string DescribeSymbol(const Analysis& a, uint32_t symbol);

// Builds the index of a compilation (index.cc).
std::unique_ptr<Analysis::Index> BuildIndex(const driver::Compilation& c, const std::string& stdlib_dir);

// `percent`, `one of (a, b)`, `money?`: a type as written.
std::string WriteType(const ast::TypeExpr& t);

}  // namespace ocf::ide
