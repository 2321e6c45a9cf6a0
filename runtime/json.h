// The one JSON string escaper: diagnostics, statements and the C API all
// print JSON, and a string must be escaped the same way in each.
#pragma once

#include <string>
#include <string_view>

namespace ocf {

// Appends `s` to `out` as a JSON string literal. The output is valid UTF-8
// and safe to print whatever the bytes (file names and cells are anyone's):
// control characters (C0, DEL and C1) and U+2028/U+2029 as \uXXXX, each byte
// that starts no UTF-8 character as U+FFFD.
void AppendJsonString(std::string& out, std::string_view s);

// The UTF-8 character at s[i]: its length in bytes, with its code point in
// `cp`; 0 when the bytes there are not one (a stray or cut-off byte, an
// overlong form, a surrogate, past U+10FFFF). Shared by the escapers.
size_t NextUtf8(std::string_view s, size_t i, char32_t& cp);

// The name and format version each JSON output carries as its first key,
// `"schema"` (docs/json.md; the schemas are docs/schema/*.schema.json). Keys
// are only added within a version; the number after `/` changes when a key
// is removed or changes meaning.
inline constexpr std::string_view kStatementSchema = "ocf.statement/1";
inline constexpr std::string_view kDiagnosticsSchema = "ocf.diagnostics/1";
inline constexpr std::string_view kTestSchema = "ocf.test/1";

}  // namespace ocf
