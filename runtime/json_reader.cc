#include "runtime/json_reader.h"

#include <fmt/format.h>

#include <unordered_set>

#include "runtime/cells.h"

namespace ocf {
namespace {

class Reader {
 public:
  Reader(std::string_view text, const JsonLimits& limits) : s_(text), limits_(limits) {}

  JsonReadResult Read() {
    JsonReadResult result;
    if (s_.size() > limits_.max_bytes) {
      Fail(fmt::format("the document is {} bytes; at most {} are read", s_.size(), limits_.max_bytes));
      result.error = error_;
      return result;
    }
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3, column_ = 1;  // a byte order mark
    SkipSpace();
    JsonValue value;
    if (ParseValue(value, 0)) {
      SkipSpace();
      if (pos_ < s_.size())
        Fail(fmt::format("{} after the document's end", Found()));
      else
        result.value = std::move(value);
    }
    if (!result.value) result.error = error_;
    return result;
  }

 private:
  bool Fail(std::string message) {
    if (error_.message.empty()) error_ = {std::move(message), line_, column_};
    return false;
  }

  // What is at the current place, for messages.
  std::string Found() const {
    if (pos_ >= s_.size()) return "the end of the file";
    unsigned char c = static_cast<unsigned char>(s_[pos_]);
    if (c < 0x20 || c >= 0x7f) return fmt::format("byte 0x{:02x}", c);
    return fmt::format("`{}`", static_cast<char>(c));
  }

  void Advance(size_t n = 1) {
    for (size_t i = 0; i < n && pos_ < s_.size(); ++i, ++pos_) {
      if (s_[pos_] == '\n') {
        ++line_;
        column_ = 1;
      } else {
        ++column_;
      }
    }
  }

  void SkipSpace() {
    while (pos_ < s_.size() && (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r'))
      Advance();
  }

  bool ParseValue(JsonValue& v, size_t depth) {
    if (++values_ > limits_.max_values)
      return Fail(fmt::format("more than {} values in one document", limits_.max_values));
    v.line = line_;
    v.column = column_;
    if (pos_ >= s_.size()) return Fail("the file ends where a value was expected");
    char c = s_[pos_];
    if (c == '{' || c == '[') {
      if (depth >= limits_.max_depth)
        return Fail(fmt::format("arrays and objects nested more than {} deep", limits_.max_depth));
      return c == '{' ? ParseObject(v, depth + 1) : ParseArray(v, depth + 1);
    }
    if (c == '"') {
      v.kind = JsonValue::Kind::String;
      return ParseString(v.text);
    }
    if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(v);
    for (auto [word, kind, value] :
         {std::tuple{"true", JsonValue::Kind::Bool, true}, std::tuple{"false", JsonValue::Kind::Bool, false},
          std::tuple{"null", JsonValue::Kind::Null, false}}) {
      std::string_view w(word);
      if (s_.substr(pos_, w.size()) == w) {
        v.kind = kind;
        v.boolean = value;
        Advance(w.size());
        return true;
      }
    }
    return Fail(fmt::format("{} where a value was expected", Found()));
  }

  bool ParseObject(JsonValue& v, size_t depth) {
    v.kind = JsonValue::Kind::Object;
    Advance();  // {
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == '}') return Advance(), true;
    std::unordered_set<std::string> keys;
    while (true) {
      if (pos_ >= s_.size() || s_[pos_] != '"')
        return Fail(fmt::format("{} where a key (a string in double quotes) was expected", Found()));
      uint32_t key_line = line_, key_column = column_;
      std::string key;
      if (!ParseString(key)) return false;
      // Most objects are small: their keys are compared in place, and a set
      // is built only for a large one (a map of a million groups).
      bool repeated = false;
      if (v.members.size() < 16) {
        for (const auto& [k, _] : v.members) repeated |= k == key;
      } else {
        if (keys.empty())
          for (const auto& [k, _] : v.members) keys.insert(k);
        repeated = !keys.insert(key).second;
      }
      if (repeated) {
        error_ = {fmt::format("the key \"{}\" is named twice in one object", ShowCell(key)), key_line,
                  key_column};
        return false;
      }
      SkipSpace();
      if (pos_ >= s_.size() || s_[pos_] != ':')
        return Fail(fmt::format("{} where `:` was expected", Found()));
      Advance();
      SkipSpace();
      JsonValue member;
      if (!ParseValue(member, depth)) return false;
      v.members.emplace_back(std::move(key), std::move(member));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        Advance();
        SkipSpace();
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == '}') return Advance(), true;
      return Fail(fmt::format("{} where `,` or `}}` was expected", Found()));
    }
  }

  bool ParseArray(JsonValue& v, size_t depth) {
    v.kind = JsonValue::Kind::Array;
    Advance();  // [
    SkipSpace();
    if (pos_ < s_.size() && s_[pos_] == ']') return Advance(), true;
    while (true) {
      JsonValue item;
      if (!ParseValue(item, depth)) return false;
      v.items.push_back(std::move(item));
      SkipSpace();
      if (pos_ < s_.size() && s_[pos_] == ',') {
        Advance();
        SkipSpace();
        continue;
      }
      if (pos_ < s_.size() && s_[pos_] == ']') return Advance(), true;
      return Fail(fmt::format("{} where `,` or `]` was expected", Found()));
    }
  }

  bool Digits() {
    size_t start = pos_;
    while (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9') Advance();
    return pos_ > start;
  }

  bool ParseNumber(JsonValue& v) {
    v.kind = JsonValue::Kind::Number;
    size_t start = pos_;
    if (s_[pos_] == '-') Advance();
    if (pos_ < s_.size() && s_[pos_] == '0') {
      Advance();
      if (pos_ < s_.size() && s_[pos_] >= '0' && s_[pos_] <= '9')
        return Fail("a number with a leading zero (JSON writes `0.5` or `5`, never `05`)");
    } else if (!Digits()) {
      return Fail(fmt::format("{} where the digits of a number were expected", Found()));
    }
    if (pos_ < s_.size() && s_[pos_] == '.') {
      Advance();
      if (!Digits())
        return Fail(fmt::format("{} where digits after the decimal point were expected", Found()));
    }
    if (pos_ < s_.size() && (s_[pos_] == 'e' || s_[pos_] == 'E')) {
      Advance();
      if (pos_ < s_.size() && (s_[pos_] == '+' || s_[pos_] == '-')) Advance();
      if (!Digits()) return Fail(fmt::format("{} where the digits of an exponent were expected", Found()));
    }
    if (pos_ - start > limits_.max_number_chars)
      return Fail(fmt::format("a number of {} characters; at most {} are read", pos_ - start,
                              limits_.max_number_chars));
    v.text = std::string(s_.substr(start, pos_ - start));
    return true;
  }

  // Four hex digits after `\u`.
  std::optional<uint32_t> Hex4() {
    if (pos_ + 4 > s_.size()) return std::nullopt;
    uint32_t v = 0;
    for (size_t i = 0; i < 4; ++i) {
      char c = s_[pos_ + i];
      v <<= 4;
      if (c >= '0' && c <= '9')
        v |= static_cast<uint32_t>(c - '0');
      else if (c >= 'a' && c <= 'f')
        v |= static_cast<uint32_t>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F')
        v |= static_cast<uint32_t>(c - 'A' + 10);
      else
        return std::nullopt;
    }
    Advance(4);
    return v;
  }

  static void AppendUtf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The length of the valid UTF-8 sequence at pos_ (1-4), or 0.
  size_t Utf8Length() const {
    auto byte = [this](size_t i) { return static_cast<unsigned char>(s_[pos_ + i]); };
    unsigned char c = byte(0);
    size_t n = c < 0x80                   ? 1
               : (c >= 0xC2 && c <= 0xDF) ? 2
               : (c >= 0xE0 && c <= 0xEF) ? 3
               : (c >= 0xF0 && c <= 0xF4) ? 4
                                          : 0;
    if (n == 0 || pos_ + n > s_.size()) return 0;
    for (size_t i = 1; i < n; ++i)
      if ((byte(i) & 0xC0) != 0x80) return 0;
    // Overlong forms, surrogates and code points past U+10FFFF.
    if (c == 0xE0 && byte(1) < 0xA0) return 0;
    if (c == 0xED && byte(1) >= 0xA0) return 0;
    if (c == 0xF0 && byte(1) < 0x90) return 0;
    if (c == 0xF4 && byte(1) >= 0x90) return 0;
    return n;
  }

  bool ParseString(std::string& out) {
    Advance();  // "
    while (true) {
      if (pos_ >= s_.size()) return Fail("the file ends inside a string");
      unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') return Advance(), true;
      if (c < 0x20)
        return Fail(
            fmt::format("a raw control character (byte 0x{:02x}) inside a string: JSON escapes it", c));
      if (c == '\\') {
        Advance();
        if (pos_ >= s_.size()) return Fail("the file ends inside a string");
        char e = s_[pos_];
        const char* simple = nullptr;
        switch (e) {
          case '"':
            simple = "\"";
            break;
          case '\\':
            simple = "\\";
            break;
          case '/':
            simple = "/";
            break;
          case 'b':
            simple = "\b";
            break;
          case 'f':
            simple = "\f";
            break;
          case 'n':
            simple = "\n";
            break;
          case 'r':
            simple = "\r";
            break;
          case 't':
            simple = "\t";
            break;
          default:
            break;
        }
        if (simple) {
          out += simple;
          Advance();
          continue;
        }
        if (e != 'u')
          return Fail(fmt::format("`\\{}` is not an escape JSON has", ShowCell(std::string(1, e))));
        Advance();
        std::optional<uint32_t> cp = Hex4();
        if (!cp) return Fail("`\\u` must be followed by four hex digits");
        if (*cp >= 0xDC00 && *cp <= 0xDFFF)
          return Fail("`\\u` escape of the second half of a surrogate pair alone");
        if (*cp >= 0xD800 && *cp <= 0xDBFF) {
          if (s_.substr(pos_, 2) != "\\u")
            return Fail("`\\u` escape of the first half of a surrogate pair alone");
          Advance(2);
          std::optional<uint32_t> low = Hex4();
          if (!low || *low < 0xDC00 || *low > 0xDFFF)
            return Fail("`\\u` escape of the first half of a surrogate pair without its second half");
          *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
        }
        AppendUtf8(out, *cp);
        continue;
      }
      size_t n = Utf8Length();
      if (n == 0) return Fail(fmt::format("byte 0x{:02x} inside a string is not UTF-8", c));
      out.append(s_.substr(pos_, n));
      pos_ += n;
      ++column_;  // one character (columns count characters in strings' text)
    }
  }

  std::string_view s_;
  const JsonLimits& limits_;
  size_t pos_ = 0;
  uint32_t line_ = 1, column_ = 1;
  size_t values_ = 0;
  JsonError error_;
};

}  // namespace

const JsonValue* JsonValue::Find(std::string_view key) const {
  if (kind != Kind::Object) return nullptr;
  for (const auto& [k, v] : members)
    if (k == key) return &v;
  return nullptr;
}

const char* Describe(JsonValue::Kind kind) {
  switch (kind) {
    case JsonValue::Kind::Null:
      return "null";
    case JsonValue::Kind::Bool:
      return "true or false";
    case JsonValue::Kind::Number:
      return "a number";
    case JsonValue::Kind::String:
      return "a string";
    case JsonValue::Kind::Array:
      return "an array";
    case JsonValue::Kind::Object:
      return "an object";
  }
  return "a value";
}

JsonReadResult ReadJson(std::string_view text, const JsonLimits& limits) {
  return Reader(text, limits).Read();
}

}  // namespace ocf
