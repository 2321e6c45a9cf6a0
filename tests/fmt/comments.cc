#include "tests/fmt/comments.h"

namespace ocf::test_support {

std::vector<Comment> ScanComments(std::string_view text) {
  std::vector<Comment> out;
  int line = 1;
  size_t i = 0, n = text.size(), code = 0;
  auto count_code = [&](size_t from, size_t to) {
    for (size_t k = from; k < to; ++k)
      code += text[k] != ' ' && text[k] != '\t' && text[k] != '\r' && text[k] != '\n';
  };
  auto to_line_end = [&](size_t from) {
    size_t end = from;
    while (end < n && text[end] != '\n' && text[end] != '\r') ++end;
    return end;
  };
  while (i < n) {
    char c = text[i];
    if (c == '\n') {
      ++line;
      ++i;
    } else if (c == '"') {
      // A text literal ends at its closing quote, or unclosed at the line's end.
      size_t start = i;
      ++i;
      while (i < n && text[i] != '"' && text[i] != '\n' && text[i] != '\r') {
        // `\"` is a quote inside the text; an escape never takes a line break.
        if (text[i] == '\\' && i + 1 < n && text[i + 1] != '\n' && text[i + 1] != '\r') ++i;
        ++i;
      }
      if (i < n && text[i] == '"') ++i;
      count_code(start, i);
    } else if (c == '|') {
      size_t start = i;
      i = to_line_end(i);
      count_code(start, i);
    } else if (c == '/' && i + 1 < n && text[i + 1] == '/') {
      size_t end = to_line_end(i);
      out.push_back({std::string(text.substr(i, end - i)), line, code});
      i = end;
    } else if (c == '/' && i + 1 < n && text[i + 1] == '*') {
      size_t end = text.find("*/", i + 2);
      end = end == std::string_view::npos ? n : end + 2;
      out.push_back({std::string(text.substr(i, end - i)), line, code});
      for (size_t k = i; k < end; ++k) line += text[k] == '\n';
      i = end;
    } else {
      count_code(i, i + 1);
      ++i;
    }
  }
  return out;
}

std::string Normalized(const Comment& comment) {
  std::string out;
  size_t start = 0;
  bool first = true;
  while (start <= comment.text.size()) {
    size_t end = comment.text.find('\n', start);
    if (end == std::string::npos) end = comment.text.size();
    std::string line = comment.text.substr(start, end - start);
    size_t last = line.find_last_not_of(" \t\r");
    line = last == std::string::npos ? "" : line.substr(0, last + 1);
    if (!first) {
      size_t lead = line.find_first_not_of(" \t");
      line = lead == std::string::npos ? "" : line.substr(lead);
      out += '\n';
    }
    out += line;
    first = false;
    start = end + 1;
  }
  return out;
}

}  // namespace ocf::test_support
