#include "runtime/json.h"

#include <fmt/format.h>

#include "runtime/safe_text.h"  // Utf8Length

namespace ocf {

void AppendJsonString(std::string& out, std::string_view s) {
  out += '"';
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x80) {
      // JSON is UTF-8: a byte that is not (a file name's, say) becomes U+FFFD.
      // C1 controls are escaped like C0 ones, and U+2028/U+2029 because
      // JavaScript source does not allow them raw.
      size_t len = Utf8Length(s, i);
      if (len == 0) {
        out += "\xEF\xBF\xBD";
        ++i;
        continue;
      }
      unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
      unsigned char c2 = len > 2 ? static_cast<unsigned char>(s[i + 2]) : 0;
      if (c == 0xC2 && c1 <= 0x9F)
        out += fmt::format("\\u{:04x}", c1);
      else if (c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9))
        out += c2 == 0xA8 ? "\\u2028" : "\\u2029";
      else
        out.append(s.substr(i, len));
      i += len;
      continue;
    }
    ++i;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20 || c == 0x7F) {
          out += fmt::format("\\u{:04x}", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

}  // namespace ocf
