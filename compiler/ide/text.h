// What the editor queries read from the text itself rather than the tree:
// comments (the lexer skips them) and the words before the cursor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/parse/token_stream.h"
#include "compiler/source/source.h"

namespace ocf::ide {

// The `//` lines or the `/* */` block directly above the line holding
// `offset` (no blank line between), without the comment marks; "" when there
// is none. With `file_header`, the comment lines the file starts with.
std::string DocCommentAbove(const SourceFile& src, uint32_t offset, bool file_header = false);

// The `//` comment at the end of a one-line declaration (`let x = 3  // why`),
// when `span` lies on one line; "" otherwise.
std::string TrailingComment(const SourceFile& src, Span span);

// The comments among a file's tokens (LexAll keeps them), a block comment
// left open at the end of the file included.
std::vector<Span> Comments(const std::vector<LexToken>& tokens);

// Whether `word` is a hard keyword of the language (never a name).
bool IsHardKeyword(const std::string& word);

// A text left open at the end of its line (the lexer's error token).
bool IsUnterminatedText(const LexToken& t);

// Code points of a UTF-8 string.
uint32_t CodePoints(std::string_view s);

}  // namespace ocf::ide
