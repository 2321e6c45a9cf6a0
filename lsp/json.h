// JSON for the language server: messages are read with ocf's strict reader
// (runtime/json_reader.h) and answers are built as the same JsonValue and
// written back with Write(). Numbers stay text, as the reader keeps them, so
// an id such as 12345678901234567890 goes back exactly as it came.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "runtime/json_reader.h"

namespace ocf::lsp {

using Json = JsonValue;

Json Null();
Json Bool(bool b);
Json Int(int64_t n);
Json Str(std::string_view s);
Json Array();
Json Object(std::initializer_list<std::pair<std::string, Json>> members = {});
// Adds or replaces an object's member; returns the member.
Json& Set(Json& object, std::string_view key, Json value);
void Push(Json& array, Json value);

// Compact JSON text (no white space).
std::string Write(const Json& value);

// Reading params: each answers nullopt/null when the member is absent or of
// another kind, so a handler can refuse bad params with one check.
const Json* Member(const Json* object, std::string_view key);
std::optional<std::string> GetString(const Json* object, std::string_view key);
std::optional<int64_t> GetInt(const Json* object, std::string_view key);
std::optional<bool> GetBool(const Json* object, std::string_view key);
// An integer JSON number (no fraction, no exponent, within int64).
std::optional<int64_t> AsInt(const Json& value);

}  // namespace ocf::lsp
