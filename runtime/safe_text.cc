#include "runtime/safe_text.h"

#include <cstdint>

#include <fmt/format.h>

#include "runtime/json.h"  // NextUtf8

namespace ocf {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

// Characters a terminal acts on or that reorder the text shown around them.
bool IsEscapedCodePoint(uint32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

// Whether byte c may need a closer look: a control, DEL or a non-ASCII byte.
bool Unusual(unsigned char c) { return c < 0x20 || c >= 0x7F; }

}  // namespace

size_t Utf8Length(std::string_view s, size_t i) {
  char32_t cp;
  return NextUtf8(s, i, cp);
}

bool IsUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t len = Utf8Length(s, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

bool NeedsTerminalEscape(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    if (!Unusual(static_cast<unsigned char>(s[i]))) {
      ++i;
      continue;
    }
    char32_t cp = 0;
    size_t len = NextUtf8(s, i, cp);
    if (len == 0 || IsEscapedCodePoint(cp)) return true;
    i += len;
  }
  return false;
}

void AppendTerminalText(std::string& out, std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (!Unusual(c)) {
      out += static_cast<char>(c);
      ++i;
      continue;
    }
    char32_t cp = 0;
    size_t len = NextUtf8(s, i, cp);
    if (len == 0) {  // not UTF-8: the byte itself
      out += fmt::format("\\x{:02x}", c);
      ++i;
      continue;
    }
    if (!IsEscapedCodePoint(cp))
      out.append(s.substr(i, len));
    else if (cp == '\n')
      out += "\\n";
    else if (cp == '\r')
      out += "\\r";
    else if (cp == '\t')
      out += "\\t";
    else if (cp < 0x80)  // a C0 control or DEL: one byte, shown as the byte
      out += fmt::format("\\x{:02x}", static_cast<uint32_t>(cp));
    else
      out += fmt::format("\\u{{{:02x}}}", static_cast<uint32_t>(cp));
    i += len;
  }
}

std::string TerminalText(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendTerminalText(out, s);
  return out;
}

void MakeTerminalSafe(std::string& s) {
  if (NeedsTerminalEscape(s)) s = TerminalText(s);
}

namespace {

// Approximately what wcwidth() says, without depending on the locale: the
// wide blocks in use (CJK, Hangul, full-width forms, emoji) and the common
// combining marks.
int CodePointWidth(uint32_t cp) {
  struct Range {
    uint32_t first, last;
  };
  static constexpr Range kZero[] = {{0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x1DC0, 0x1DFF}, {0x200B, 0x200F},
                                    {0x20D0, 0x20FF}, {0xFE00, 0xFE0F}, {0xFE20, 0xFE2F}};
  static constexpr Range kWide[] = {
      {0x1100, 0x115F}, {0x2E80, 0x303E},   {0x3041, 0x33FF},   {0x3400, 0x4DBF},  {0x4E00, 0x9FFF},
      {0xA000, 0xA4CF}, {0xAC00, 0xD7A3},   {0xF900, 0xFAFF},   {0xFE30, 0xFE4F},  {0xFF00, 0xFF60},
      {0xFFE0, 0xFFE6}, {0x1F300, 0x1F64F}, {0x1F900, 0x1F9FF}, {0x20000, 0x3FFFD}};
  if (cp < 0x0300) return 1;
  for (const Range& r : kZero)
    if (cp >= r.first && cp <= r.last) return 0;
  for (const Range& r : kWide)
    if (cp >= r.first && cp <= r.last) return 2;
  return 1;
}

}  // namespace

size_t DisplayWidth(std::string_view s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    size_t len = NextUtf8(s, i, cp);
    if (len == 0) {  // not UTF-8: TerminalText would show it as four columns, `\xNN`
      width += 4;
      ++i;
      continue;
    }
    width += static_cast<size_t>(CodePointWidth(cp));
    i += len;
  }
  return width;
}

bool IsWrittenNumber(std::string_view s) {
  size_t i = s.size() && s[0] == '-' ? 1 : 0;
  auto digits = [&] {
    size_t start = i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    return i > start;
  };
  if (!digits()) return false;
  if (i < s.size() && s[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  return i == s.size();
}

namespace {

// A spreadsheet runs a cell that starts with one of these as a formula (or,
// for tab and carriage return, may strip them and find one after).
bool StartsLikeFormula(std::string_view s) {
  if (s.empty()) return false;
  switch (s[0]) {
    case '=':
    case '+':
    case '-':
    case '@':
    case '\t':
    case '\r':
      return true;
    default:
      break;
  }
  // Full-width = + - @ (U+FF1D, U+FF0B, U+FF0D, U+FF20), which an East Asian
  // spreadsheet may read as their ASCII forms.
  for (std::string_view wide : {"\xEF\xBC\x9D", "\xEF\xBC\x8B", "\xEF\xBC\x8D", "\xEF\xBC\xA0"})
    if (s.substr(0, wide.size()) == wide) return true;
  return false;
}

}  // namespace

std::string CsvCell(std::string_view s) {
  std::string text;
  if (StartsLikeFormula(s) && !IsWrittenNumber(s)) text += '\'';
  if (IsUtf8(s)) {
    text.append(s);
  } else {
    for (size_t i = 0; i < s.size();) {
      size_t len = Utf8Length(s, i);
      if (len == 0) {
        text.append(kReplacement);
        ++i;
      } else {
        text.append(s.substr(i, len));
        i += len;
      }
    }
  }
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace ocf
