// The nesting check that runs on the token list before ANTLR sees it.
//
// ANTLR's parser is recursive descent: every bracket, prefix operator, `if`,
// `^` and `where` that nests costs stack. Rather than trust any stack to be
// big enough for 100,000 `(`, the tokens are scanned once (no recursion) and a
// file that nests deeper than ParseLimits::max_nesting is reported and never
// parsed.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

namespace ocf::parse {

// `types` are OcfLexer token types in order (without the EOF token). Returns
// the index of the first token at which nesting exceeds `max_nesting`.
//
// The count is an upper bound on how deeply the parser will recurse: brackets
// (both kinds), plus, within one bracket level, the prefix operators, `^`s,
// `if`s, `where`s and aggregate words still waiting for their operand to end.
// A pending operator ends when an operator that binds more loosely follows
// (so `- a * - b` is not nested but `not not x` is); an `if` or a `where`
// ends only with its bracket level, a `,`, or the next item or declaration.
std::optional<size_t> FindTooDeep(const std::vector<size_t>& types, int max_nesting);

// `population` is both a declaration keyword and a name. It starts a
// declaration when it comes first or right after something that ends one (a
// value, a `}`, a `?`) and a name follows; there it can never continue an
// expression, so the parser unwinds to the top level on reaching it.
bool StartsPopulationDeclaration(const std::vector<size_t>& types, size_t i);
// Whether token i starts a `type` or `gate` declaration (soft keywords: a
// column may be called `type`): the word, a name, then `=` or a title.
bool StartsSoftDeclaration(const std::vector<size_t>& types, size_t i);

// Keywords that start a declaration wherever they stand: `contract`, `import`,
// `data`, `input`, `function`, `measure`, `target`, `outcome`, `test`. (`let`,
// `population` and `payment` also appear inside declarations.)
bool IsDeclarationKeyword(size_t type);

}  // namespace ocf::parse
