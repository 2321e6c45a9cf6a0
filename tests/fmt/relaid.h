// A `.ocf` text laid out differently with the same tokens: every line
// indented anew and every run of spaces between tokens widened, leaving
// alone what spacing is part of (text literals, comments, inline test table
// rows). Once the repository's files are in `ocf fmt`'s layout, formatting
// them again proves little; formatting them relaid shows that the layout
// depends on the tokens, not on the spacing the author happened to use.
#pragma once

#include <string>
#include <string_view>

namespace ocf::test_support {

std::string Relaid(std::string_view text);

// The text with a comment in every gap between two tokens on a line (`a
// /*7*/ + /*8*/ b`) and at the end of every line of code (`// 9`): comments
// in every place the author may put one, each numbered, so that one moved or
// lost is seen. Test table rows are left alone (a comment there would be a
// cell's text).
std::string Commented(std::string_view text);

}  // namespace ocf::test_support
