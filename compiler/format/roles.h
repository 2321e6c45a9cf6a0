// What each token is to the layout (compiler/format/layout.h): where items
// start, which braces open blocks, which operators are binary, where lines
// may be broken and which tokens line up with the lines around them. Worked
// out from the syntax tree, so the layout never has to guess at grammar.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/parse/token_stream.h"

namespace ocf::format {

enum class Item : uint8_t {
  None,
  Decl,      // a top-level declaration
  Member,    // an item of a declaration's block (field, column, check, pay line, test line, ...)
  TableRow,  // a row of an inline test table
  Case,      // a case (or `else`) of a decision table, a tier of `tiered`
};

// Looser operators break first when a line is too long.
enum Break : uint8_t {
  kNoBreak = 0,
  kAfterDefiningEq = 1,  // `measure m =` / `pay "x" =`: break after the `=`
  kBeforeWhere,          // `... where`
  kBeforeThenElse,
  kBeforeOtherwise,
  kBeforeOr,
  kBeforeAnd,
  kBeforeComparison,
  kBeforeAdditive,
  kBeforeMultiplicative,
  kAfterComma,
};

struct Role {
  Item item = Item::None;
  std::string align_class;  // item start: lines of the same class line up
  bool align = false;       // pad before this token to line up with similar lines
  bool unary = false;       // `-` / `+` / `not` as a prefix: no space after `-`/`+`
  bool call_paren = false;  // `(` right after a function's name: no space before
  bool block_open = false;  // `{` of a declaration's block: its items go on lines of their own
  bool cases_open = false;  // `{` of `match` or `tiered`: one line, or a case per line
  Break break_kind = kNoBreak;
  // The innermost construct (Roles::constructs, from 1; 0: none) the token
  // is in, and how many `where` conditions it is inside.
  uint32_t construct = 0;
  uint16_t where_depth = 0;
};

// A part of a definition that a continuation line is indented by: two spaces
// in from the line that holds its anchor. A definition's value is anchored
// at its `=`; `where CONDITION` at the first word of its aggregate or link
// (`count`, `percent`, `exists`, ...); the condition itself at its `where`.
struct Construct {
  size_t anchor = 0;  // token index
  size_t first = 0;   // token index of its first token
};

struct Roles {
  std::vector<Role> of;               // by token index
  std::vector<Construct> constructs;  // [0] unused
};

// Reorders a measure's `over ... by ...` to `by ... over ...` (the order
// LANGUAGE.md §6 says fmt writes) in `tokens`, then works out each token's
// role. The tree must be the one parsed from these tokens' text.
Roles ComputeRoles(const ast::File& file, std::vector<LexToken>& tokens);

}  // namespace ocf::format
