// Every token of a file, comments included: what tools that work on the text
// as written (the formatter, an editor's highlighting) need, and the parser
// does not keep.
//
// The grammar skips comments and white space, so the parser never sees them.
// Here the file is lexed again with the same lexer, and the gaps between its
// tokens, which hold only white space and comments, are scanned for the
// comments. Nothing is reported: a caller that needs a correct file parses
// it first (ocf::Parse) and uses this only when that succeeded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/source/source.h"

namespace ocf {

enum class TokenClass : uint8_t {
  HardKeyword,  // `measure`, `where`, `and`, ...: never a name
  SoftKeyword,  // `by`, `term`, `date`, ...: a keyword only in its place, a name elsewhere
  Name,
  Number,
  Percent,
  Money,
  Date,
  Ordinal,  // `90th`
  Text,     // "in quotes"
  TableRow,
  Punctuation,  // ( ) { } , : ? . =>
  Operator,     // = != < <= > >= + - * / ^
  LineComment,
  BlockComment,
  Other,  // what the lexer could not read (only in files with errors)
};

struct LexToken {
  TokenClass cls;
  Span span;         // code point offsets
  std::string text;  // as written
  // Line breaks in the white space between the previous token (or comment)
  // and this one; for the first token, before it.
  uint32_t newlines_before = 0;

  bool is(const char* s) const { return text == s; }
  bool is_comment() const { return cls == TokenClass::LineComment || cls == TokenClass::BlockComment; }
};

std::vector<LexToken> LexAll(const SourceFile& source, uint32_t source_id);

}  // namespace ocf
