// The one JSON string escaper: diagnostics, statements and the C API all
// print JSON, and a string must be escaped the same way in each.
#pragma once

#include <string>
#include <string_view>

namespace ocf {

// Appends `s` to `out` as a JSON string literal (control characters as \uXXXX).
void AppendJsonString(std::string& out, std::string_view s);

}  // namespace ocf
