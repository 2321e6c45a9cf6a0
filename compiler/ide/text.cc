#include "compiler/ide/text.h"

namespace ocf::ide {
namespace {

std::string Trim(std::string_view s) {
  size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  size_t e = s.find_last_not_of(" \t\r");
  return std::string(s.substr(b, e - b + 1));
}

// A `//` line's words: the marks and one space after them taken off.
std::string LineCommentText(const std::string& line) {
  std::string s = line.substr(2);
  if (!s.empty() && s[0] == ' ') s.erase(0, 1);
  return s;
}

}  // namespace

uint32_t CodePoints(std::string_view s) {
  uint32_t n = 0;
  for (char ch : s)
    if ((static_cast<unsigned char>(ch) & 0xC0) != 0x80) ++n;
  return n;
}

std::string DocCommentAbove(const SourceFile& src, uint32_t offset, bool file_header) {
  std::vector<std::string> lines;  // bottom up
  if (file_header) {
    std::vector<std::string> top;
    for (uint32_t l = 1; l <= src.line_count(); ++l) {
      std::string t = Trim(src.LineText(l));
      if (t.rfind("//", 0) != 0) break;
      top.push_back(LineCommentText(t));
    }
    std::string out;
    for (const std::string& s : top) out += s + "\n";
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  if (offset > src.size_in_code_points()) return "";
  uint32_t line = src.Locate(offset).line;
  int32_t l = static_cast<int32_t>(line) - 1;
  if (l >= 1) {
    std::string t = Trim(src.LineText(l));
    if (t.size() >= 2 && t.compare(t.size() - 2, 2, "*/") == 0 && t.rfind("//", 0) != 0) {
      // A block comment: up to the line with its `/*`.
      for (; l >= 1; --l) {
        std::string u = Trim(src.LineText(l));
        size_t open = u.find("/*");
        std::string body = open == std::string::npos ? u : u.substr(open + 2);
        if (body.size() >= 2 && body.compare(body.size() - 2, 2, "*/") == 0) body.erase(body.size() - 2);
        body = Trim(body);
        if (body.rfind("* ", 0) == 0 || body == "*") body = Trim(body.substr(1));
        lines.push_back(body);
        if (open != std::string::npos) break;
      }
    } else {
      for (; l >= 1; --l) {
        std::string u = Trim(src.LineText(l));
        if (u.rfind("//", 0) != 0) break;
        lines.push_back(LineCommentText(u));
      }
    }
  }
  std::string out;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) out += *it + "\n";
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  while (!out.empty() && out.front() == '\n') out.erase(0, 1);
  return out;
}

std::string TrailingComment(const SourceFile& src, Span span) {
  if (span.end <= span.begin || span.end > src.size_in_code_points()) return "";
  uint32_t line = src.Locate(span.begin).line;
  if (src.Locate(span.end - 1).line != line) return "";
  std::string_view text = src.LineText(line);
  bool in_text = false;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '|' && !in_text) return "";  // a test table's row
    if (text[i] == '"') in_text = !in_text;
    if (text[i] == '\\' && in_text) ++i;
    if (!in_text && text.compare(i, 2, "//") == 0) return Trim(text.substr(i + 2));
  }
  return "";
}

std::vector<Span> Comments(const std::vector<LexToken>& tokens) {
  std::vector<Span> out;
  for (const LexToken& t : tokens)
    if (t.is_comment() || (t.cls == TokenClass::Other && t.text.rfind("/*", 0) == 0)) out.push_back(t.span);
  return out;
}

bool IsHardKeyword(const std::string& word) {
  SourceFile file("<word>", word);
  std::vector<LexToken> tokens = LexAll(file, 0);
  return tokens.size() == 1 && tokens[0].text == word && tokens[0].cls == TokenClass::HardKeyword;
}

bool IsUnterminatedText(const LexToken& t) {
  return t.cls == TokenClass::Other && t.text.rfind("\"", 0) == 0;
}

}  // namespace ocf::ide
