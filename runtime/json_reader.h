// A small, strict JSON reader (RFC 8259) for documents ocf wrote itself and
// reads back: a statement given to `ocf run --compare BASE.json`, and the
// tests' checks of ocf's JSON outputs.
//
// Strict: one value and nothing after it but white space; no comments, no
// trailing commas, no NaN, no single quotes, no leading zeros; strings are
// UTF-8 without raw control characters, escapes are JSON's and a \u escape of
// half a surrogate pair must have its other half; an object names a key once.
// A UTF-8 byte order mark at the start is allowed (editors add one).
//
// Numbers are kept as the text written (`6381250.00`, `1e400`): the reader
// never turns one into a binary floating point value, so a caller reads it
// exactly (Decimal::Parse) or refuses it. Depth and size are limited so that
// a hostile file (a million `[`) is an error, not a stack overflow.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ocf {

struct JsonValue {
  enum class Kind { Null, Bool, Number, String, Array, Object };
  Kind kind = Kind::Null;
  bool boolean = false;
  std::string text;                                        // String: the decoded text; Number: as written
  std::vector<JsonValue> items;                            // Array
  std::vector<std::pair<std::string, JsonValue>> members;  // Object, in the order written
  uint32_t line = 0, column = 0;                           // where the value starts (1-based)

  bool is_null() const { return kind == Kind::Null; }
  bool is_string() const { return kind == Kind::String; }
  bool is_object() const { return kind == Kind::Object; }
  bool is_array() const { return kind == Kind::Array; }
  // An object's member, or null (also when this is not an object).
  const JsonValue* Find(std::string_view key) const;
};

struct JsonLimits {
  size_t max_depth = 128;          // arrays and objects inside each other
  size_t max_bytes = 256u << 20;   // the whole document
  size_t max_number_chars = 400;   // one number, as written
  size_t max_values = 20'000'000;  // values in the document
};

struct JsonError {
  std::string message;            // lowercase, what was found and what was wanted
  uint32_t line = 0, column = 0;  // 1-based; columns count characters
};

struct JsonReadResult {
  std::optional<JsonValue> value;  // set when the document is valid
  JsonError error;                 // otherwise
};

JsonReadResult ReadJson(std::string_view text, const JsonLimits& limits = {});

// A kind's name for messages: "an object", "a string", ...
const char* Describe(JsonValue::Kind kind);

}  // namespace ocf
