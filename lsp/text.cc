#include "lsp/text.h"

#include <algorithm>
#include <cctype>

#include "runtime/json.h"

namespace ocf::lsp {

namespace {

// The UTF-8 character at s[i]: its length (1 for a stray byte, which the
// editor never sends, but which must not stall a loop) and code point.
size_t CharAt(std::string_view s, size_t i, char32_t& cp) {
  size_t n = NextUtf8(s, i, cp);
  if (n == 0) {
    cp = 0xFFFD;
    return 1;
  }
  return n;
}

uint32_t Units(char32_t cp, PositionEncoding enc) {
  return enc == PositionEncoding::Utf16 && cp > 0xFFFF ? 2 : 1;
}

}  // namespace

LineIndex::LineIndex(std::string_view text) : text_(text) {
  line_byte_.push_back(0);
  line_cp_.push_back(0);
  uint32_t cp_count = 0;
  for (size_t i = 0; i < text.size();) {
    char c = text[i];
    if (c == '\n' || c == '\r') {
      line_end_.push_back(i);
      size_t breaklen = (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ? 2 : 1;
      i += breaklen;
      cp_count += static_cast<uint32_t>(breaklen);
      line_byte_.push_back(i);
      line_cp_.push_back(cp_count);
      continue;
    }
    char32_t cp;
    i += CharAt(text, i, cp);
    ++cp_count;
  }
  line_end_.push_back(text.size());
}

size_t LineIndex::ByteOffset(Position p, PositionEncoding enc) const {
  if (p.line >= line_byte_.size()) return text_.size();
  size_t i = line_byte_[p.line];
  const size_t end = line_end_[p.line];
  uint32_t units = 0;
  while (i < end && units < p.character) {
    char32_t cp;
    size_t n = CharAt(text_, i, cp);
    units += Units(cp, enc);
    // A position inside a surrogate pair lands after the character.
    i += n;
  }
  return i;
}

uint32_t LineIndex::CodePointOffset(Position p, PositionEncoding enc) const {
  if (p.line >= line_byte_.size()) {
    // Past the last line: the end of the text.
    uint32_t cp = line_cp_.back();
    for (size_t i = line_byte_.back(); i < text_.size();) {
      char32_t c;
      i += CharAt(text_, i, c);
      ++cp;
    }
    return cp;
  }
  size_t i = line_byte_[p.line];
  const size_t end = line_end_[p.line];
  uint32_t cp_offset = line_cp_[p.line];
  uint32_t units = 0;
  while (i < end && units < p.character) {
    char32_t cp;
    i += CharAt(text_, i, cp);
    units += Units(cp, enc);
    ++cp_offset;
  }
  return cp_offset;
}

Position LineIndex::PositionOf(uint32_t code_point_offset, PositionEncoding enc) const {
  auto it = std::upper_bound(line_cp_.begin(), line_cp_.end(), code_point_offset);
  uint32_t line = static_cast<uint32_t>(it - line_cp_.begin()) - 1;
  size_t i = line_byte_[line];
  const size_t end = line_end_[line];
  uint32_t cp_at = line_cp_[line];
  uint32_t units = 0;
  while (i < end && cp_at < code_point_offset) {
    char32_t cp;
    i += CharAt(text_, i, cp);
    units += Units(cp, enc);
    ++cp_at;
  }
  return Position{line, units};
}

Position LineIndex::End(PositionEncoding enc) const { return LineEnd(line_count() - 1, enc); }

Position LineIndex::LineEnd(uint32_t line, PositionEncoding enc) const {
  if (line >= line_count()) line = line_count() - 1;
  uint32_t units = 0;
  for (size_t i = line_byte_[line]; i < line_end_[line];) {
    char32_t cp;
    i += CharAt(text_, i, cp);
    units += Units(cp, enc);
  }
  return Position{line, units};
}

Document::Document(std::string uri, std::string text, int64_t version)
    : uri_(std::move(uri)), text_(std::move(text)), version_(version), lines_(text_) {}

void Document::Apply(const std::optional<Range>& range, std::string_view new_text, PositionEncoding enc) {
  if (!range) {
    text_.assign(new_text);
  } else {
    size_t a = lines_.ByteOffset(range->start, enc);
    size_t b = lines_.ByteOffset(range->end, enc);
    if (b < a) std::swap(a, b);
    text_.replace(a, b - a, new_text);
  }
  lines_ = LineIndex(text_);
}

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<std::string> FileFromUri(std::string_view uri) {
  constexpr std::string_view kScheme = "file://";
  if (uri.size() < kScheme.size()) return std::nullopt;
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(uri[i])) != kScheme[i]) return std::nullopt;
  }
  std::string_view rest = uri.substr(kScheme.size());
  // file://host/path: only the local host (empty or localhost) is a file here.
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  std::string_view host = rest.substr(0, slash);
  if (!host.empty() && host != "localhost") return std::nullopt;
  rest = rest.substr(slash);
  std::string path;
  for (size_t i = 0; i < rest.size(); ++i) {
    if (rest[i] == '%' && i + 2 < rest.size() && HexValue(rest[i + 1]) >= 0 && HexValue(rest[i + 2]) >= 0) {
      path += static_cast<char>(HexValue(rest[i + 1]) * 16 + HexValue(rest[i + 2]));
      i += 2;
    } else {
      path += rest[i];
    }
  }
  return path;
}

std::string UriFromFile(std::string_view path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri = "file://";
  for (char ch : path) {
    unsigned char c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '/' || c == '-' || c == '.' || c == '_' || c == '~') {
      uri += ch;
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

}  // namespace ocf::lsp
