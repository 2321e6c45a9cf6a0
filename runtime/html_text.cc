#include "runtime/html_text.h"

#include "runtime/safe_text.h"

namespace ocf {

void AppendHtmlText(std::string& out, std::string_view s) {
  // Escaped for a terminal first: what is left is valid UTF-8 without
  // controls, so only HTML's own characters need a reference.
  std::string shown = NeedsTerminalEscape(s) || !IsUtf8(s) ? TerminalText(s) : std::string(s);
  for (char c : shown) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
}

std::string HtmlText(std::string_view s) {
  std::string out;
  AppendHtmlText(out, s);
  return out;
}

std::string ShortenText(std::string_view s, size_t max_chars) {
  size_t chars = 0, at = 0, cut = std::string_view::npos;
  while (at < s.size()) {
    if (chars + 1 == max_chars) cut = at;  // where the ellipsis would go
    size_t n = Utf8Length(s, at);
    at += n ? n : 1;  // a byte that is not UTF-8 counts as one character
    ++chars;
  }
  if (chars <= max_chars || cut == std::string_view::npos) return std::string(s);
  return std::string(s.substr(0, cut)) + "\u2026";
}

}  // namespace ocf
