#include "compiler/source/source.h"

#include <algorithm>

namespace ocf {

size_t Utf8SequenceLength(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return static_cast<unsigned char>(s[i + k]); };
  auto cont = [&](size_t k) { return i + k < s.size() && (b(k) & 0xC0) == 0x80; };
  unsigned char c = b(0);
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) return cont(1) ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    if (!cont(1) || !cont(2)) return 0;
    if (c == 0xE0 && b(1) < 0xA0) return 0;   // overlong
    if (c == 0xED && b(1) >= 0xA0) return 0;  // surrogate
    return 3;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    if (!cont(1) || !cont(2) || !cont(3)) return 0;
    if (c == 0xF0 && b(1) < 0x90) return 0;
    if (c == 0xF4 && b(1) >= 0x90) return 0;
    return 4;
  }
  return 0;
}

SourceFile::SourceFile(std::string path, std::string_view bytes) : path_(std::move(path)) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  text_.reserve(bytes.size());
  line_cp_.push_back(0);
  line_byte_.push_back(0);
  uint32_t cp = 0;
  for (size_t i = 0; i < bytes.size();) {
    size_t n = Utf8SequenceLength(bytes, i);
    if (n == 0) {
      invalid_.push_back({cp, static_cast<unsigned char>(bytes[i])});
      text_ += "\xEF\xBF\xBD";
      n = 1;
    } else {
      text_.append(bytes.substr(i, n));
    }
    bool newline = bytes[i] == '\n';
    i += n;
    ++cp;
    if (newline) {
      line_cp_.push_back(cp);
      line_byte_.push_back(static_cast<uint32_t>(text_.size()));
    }
  }
  code_points_ = cp;
}

LineCol SourceFile::Locate(uint32_t offset) const {
  auto it = std::upper_bound(line_cp_.begin(), line_cp_.end(), offset);
  size_t line = static_cast<size_t>(it - line_cp_.begin());  // 1-based
  return LineCol{static_cast<uint32_t>(line), offset - line_cp_[line - 1] + 1};
}

std::string_view SourceFile::LineText(uint32_t line) const {
  if (line == 0 || line > line_byte_.size()) return {};
  size_t begin = line_byte_[line - 1];
  size_t end = line < line_byte_.size() ? line_byte_[line] : text_.size();
  std::string_view view(text_.data() + begin, end - begin);
  while (!view.empty() && (view.back() == '\n' || view.back() == '\r')) view.remove_suffix(1);
  return view;
}

uint32_t SourceFile::ByteOffset(uint32_t offset) const {
  LineCol lc = Locate(offset);
  size_t byte = line_byte_[lc.line - 1];
  for (uint32_t k = 1; k < lc.column && byte < text_.size(); ++k) {
    unsigned char c = static_cast<unsigned char>(text_[byte]);
    byte += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  }
  return static_cast<uint32_t>(std::min(byte, text_.size()));
}

std::string_view SourceFile::Slice(Span span) const {
  uint32_t b = ByteOffset(span.begin);
  uint32_t e = ByteOffset(span.end);
  if (e < b) e = b;
  return std::string_view(text_).substr(b, e - b);
}

uint32_t SourceManager::Add(std::string path, std::string_view bytes) {
  files_.push_back(std::make_unique<SourceFile>(std::move(path), bytes));
  return static_cast<uint32_t>(files_.size() - 1);
}

}  // namespace ocf
