// Lexing and the token pre-pass.
//
// The whole file is turned into tokens before the parser runs. Problems the
// lexer can see on its own are reported here and taken out of the way, so the
// parser only ever sees tokens of the language:
//   - characters that start nothing (E0102), one diagnostic per run of them;
//     the U+FFFD that stands for invalid UTF-8 is reported as E0101 instead;
//   - a text without its closing quote (E0103) becomes a closed text, so the
//     rest of its line does not cause a second error;
//   - a block comment without `*/` (E0104) is dropped.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "antlr4-runtime.h"
#include "compiler/parse/reporter.h"
#include "compiler/source/source.h"

namespace ocf::parse {

struct LexedTokens {
  // The tokens the parser reads, ending with EOF.
  std::vector<std::unique_ptr<antlr4::Token>> tokens;
  // A block comment ran to the end of the file: an "unexpected end of file"
  // that follows from it is not reported again.
  bool unterminated_comment = false;
  // Start offsets of tokens written right after a character that was
  // reported and dropped (`\xA3` then `26.5m`): what they say about their own
  // value would only repeat that mistake.
  std::vector<size_t> glued_to_bad_character;
};

// Reports each invalid UTF-8 byte (E0101), at most ten, then a note with the
// number not shown.
void ReportInvalidUtf8(const SourceFile& source, uint32_t source_id, Reporter& reporter);

// Runs `lexer` to the end of its input and applies the pre-pass above.
LexedTokens Lex(antlr4::Lexer& lexer, const SourceFile& source, uint32_t source_id, Reporter& reporter);

// Per kept token (by index): does it start a line; is it a point where error
// recovery may resume (a declaration keyword, `let`, or `payment` not after
// `expect`).
struct TokenFlags {
  std::vector<uint8_t> line_start;
  std::vector<uint8_t> sync;
};
TokenFlags ComputeFlags(const std::vector<std::unique_ptr<antlr4::Token>>& tokens);

// ANTLR's input stream over a contract's text, decoded here: ANTLR 4.9's
// own decoding (std::wstring_convert) grows its string a character at a
// time, 3 to 7% of `ocf check` on a 1,000-line contract (issue 15). Text
// that is not plain valid UTF-8 (a byte order mark, an invalid sequence)
// goes to ANTLR's own decoding, as before, so the code points are the same.
class SourceInputStream : public antlr4::ANTLRInputStream {
 public:
  explicit SourceInputStream(const std::string& text);
};

// A span covering one token, clamped to the file; conjured tokens (no
// position) give an empty span at `fallback`.
Span TokenSpan(const antlr4::Token* token, uint32_t source_id, uint32_t fallback = 0);

}  // namespace ocf::parse
