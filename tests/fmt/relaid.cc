#include "tests/fmt/relaid.h"

namespace ocf::test_support {

std::string Relaid(std::string_view text) {
  std::string out;
  size_t i = 0, n = text.size();
  int line = 0;
  bool line_start = true;
  auto copy_to_line_end = [&] {
    while (i < n && text[i] != '\n' && text[i] != '\r') out += text[i++];
  };
  while (i < n) {
    char c = text[i];
    if (line_start) {
      // A new indentation: 0 to 9 spaces, changing from line to line.
      while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
      line_start = false;
      if (i < n && text[i] != '\n' && text[i] != '\r') out.append(static_cast<size_t>((line * 7) % 10), ' ');
      continue;
    }
    if (c == '\n') {
      out += c;
      ++i;
      ++line;
      line_start = true;
    } else if (c == ' ' || c == '\t') {
      while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
      out += line % 2 ? "   " : "  ";
    } else if (c == '"') {
      out += text[i++];
      while (i < n && text[i] != '"' && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n' && text[i + 1] != '\r') out += text[i++];
        out += text[i++];
      }
      if (i < n && text[i] == '"') out += text[i++];
    } else if (c == '|' || (c == '/' && i + 1 < n && text[i + 1] == '/')) {
      copy_to_line_end();
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      end = end == std::string_view::npos ? n : end + 2;
      for (; i < end; ++i) {
        out += text[i];
        line += text[i] == '\n';
      }
    } else {
      out += text[i++];
    }
  }
  return out;
}

std::string Commented(std::string_view text) {
  std::string out;
  size_t i = 0, n = text.size();
  int number = 0;
  bool line_start = true;  // only space so far on this line
  bool code_on_line = false;
  bool ends_in_comment = false;  // the line ends in a comment or a table row
  auto end_line = [&] {
    if (code_on_line && !ends_in_comment) out += " // " + std::to_string(++number);
    code_on_line = ends_in_comment = false;
    line_start = true;
  };
  while (i < n) {
    char c = text[i];
    if (c == '\r' || c == '\n') {
      end_line();
      if (c == '\r' && i + 1 < n && text[i + 1] == '\n') out += text[i++];
      out += text[i++];
    } else if (c == ' ' || c == '\t') {
      size_t start = i;
      while (i < n && (text[i] == ' ' || text[i] == '\t')) ++i;
      // Not before a comment that is there already: `x /* 1 */ // c` says
      // nothing more than `x // c`.
      bool at_end = i == n || text[i] == '\n' || text[i] == '\r' ||
                    (text[i] == '/' && i + 1 < n && (text[i + 1] == '/' || text[i + 1] == '*'));
      out += text.substr(start, i - start);
      if (!line_start && !at_end) out += "/* " + std::to_string(++number) + " */ ";
    } else if (c == '"') {
      out += text[i++];
      while (i < n && text[i] != '"' && text[i] != '\n' && text[i] != '\r') {
        if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n' && text[i + 1] != '\r') out += text[i++];
        out += text[i++];
      }
      if (i < n && text[i] == '"') out += text[i++];
      line_start = false;
      code_on_line = true;
      ends_in_comment = false;
    } else if (c == '|' || (c == '/' && i + 1 < n && text[i + 1] == '/')) {
      while (i < n && text[i] != '\n' && text[i] != '\r') out += text[i++];
      ends_in_comment = true;
      line_start = false;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      end = end == std::string_view::npos ? n : end + 2;
      bool multi_line = text.substr(i, end - i).find('\n') != std::string_view::npos;
      out += text.substr(i, end - i);
      i = end;
      line_start = false;
      // A block comment over several lines: the line it ends on is not
      // the one it began on, and is left as it is.
      if (multi_line) code_on_line = false;
      ends_in_comment = true;
    } else {
      out += text[i++];
      line_start = false;
      code_on_line = true;
      ends_in_comment = false;
    }
  }
  end_line();
  return out;
}

}  // namespace ocf::test_support
