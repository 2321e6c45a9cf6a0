// The tokens of one file, for tools that look at the text rather than the
// tree: the editor's semantic tokens and completion (compiler/ide) and the
// formatter (compiler/format).
//
// Tokenize() runs the language's own lexer (grammar/Ocf.g4) over the whole
// file and reports nothing: a character the language does not read is an
// Error token, an unterminated text is still a String. It never throws. The
// ANTLR types stay inside compiler/parse; callers see only spans and classes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/source/source.h"

namespace ocf {

enum class LexClass {
  Keyword,      // a hard keyword: never a name (`measure`, `where`, `count`, ...)
  SoftKeyword,  // a word that is a keyword in one place and a name elsewhere (`by`, `date`, `first`, ...)
  Name,
  Number,       // 42, 3.25
  Percent,      // 95%
  Money,        // £26.5m
  Date,         // 2014-04-01
  String,       // "..." (also one left unterminated at the end of its line)
  Ordinal,      // 90th
  TableRow,     // | a | b |  (a whole row of an inline test table)
  Punctuation,  // ( ) { } , : ? . =>
  Operator,     // = != < <= > >= + - * / ^
  Comment,      // only if the lexer keeps comments (it skips them today)
  Error,        // a character that starts nothing
};

struct LexToken {
  Span span;  // code point offsets, like every span
  LexClass cls;
  std::string text;
};

// Every token of `source` in order (comments and white space are not tokens).
std::vector<LexToken> Tokenize(const SourceFile& source, uint32_t source_id);

// Whether `word` is a hard keyword of the language (can never be a name).
bool IsHardKeyword(const std::string& word);
// Whether `word` is any keyword, hard or soft.
bool IsKeyword(const std::string& word);

}  // namespace ocf
