// What the editor queries read from the text itself rather than the tree:
// comments (the lexer skips them) and the words before the cursor.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "compiler/parse/tokens.h"
#include "compiler/source/source.h"

namespace ocf::ide {

// The `//` lines or the `/* */` block directly above the line holding
// `offset` (no blank line between), without the comment marks; "" when there
// is none. With `file_header`, the comment lines the file starts with.
std::string DocCommentAbove(const SourceFile& src, uint32_t offset, bool file_header = false);

// The `//` comment at the end of a one-line declaration (`let x = 3  // why`),
// when `span` lies on one line; "" otherwise.
std::string TrailingComment(const SourceFile& src, Span span);

// The comments of a file, found in the gaps between its tokens (so `//` in a
// text or a table row is not one).
std::vector<Span> Comments(const SourceFile& src, uint32_t source_id, const std::vector<LexToken>& tokens);

// Code points of a UTF-8 string.
uint32_t CodePoints(std::string_view s);

}  // namespace ocf::ide
