// The one JSON string escaper: diagnostics, statements and the C API all
// print JSON, and a string must be escaped the same way in each.
#pragma once

#include <string>
#include <string_view>

namespace ocf {

// Appends `s` to `out` as a JSON string literal: control characters (C0, DEL,
// C1) and U+2028/U+2029 as \uXXXX, and each byte that is not UTF-8 as U+FFFD,
// so the output is valid UTF-8 whatever `s` holds.
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace ocf
