// The comments of a `.ocf` text, in order, found by a scanner of its own
// (not ocf's lexer, which is what is under test): it knows text literals
// ("a // b" holds no comment) and inline test table rows (`| a // b |` is a
// row to the end of its line, as grammar/Ocf.g4's TABLE_ROW reads it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace ocf::test_support {

struct Comment {
  std::string text;  // from `//` or `/*` to the end of the line or `*/`
  int line = 1;      // where it starts, 1-based
  // How many characters of code (not space, not comment) come before it:
  // formatting changes only space, so a comment kept in its place between
  // the same two tokens keeps this count.
  size_t code_before = 0;
};

std::vector<Comment> ScanComments(std::string_view text);

// A comment as `ocf fmt` may rewrite it without changing it: trailing spaces
// dropped on every line, and a block comment's continuation lines re-indented
// (their leading spaces dropped too).
std::string Normalized(const Comment& comment);

}  // namespace ocf::test_support
