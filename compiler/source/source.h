// Source files, locations and spans.
//
// Every file the compiler reads (the contract, its imports) is registered in a
// SourceManager and named by a small id. A Span is a half-open range of code
// point offsets into one file: ANTLR counts code points, and so do columns in
// diagnostics, so a caret lines up under `£` as it does under `a`.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "plan/span.h"

namespace ocf {

struct LineCol {
  uint32_t line = 1;    // 1-based
  uint32_t column = 1;  // 1-based, in code points
};

// A byte offset into the original file where invalid UTF-8 was replaced.
struct InvalidUtf8 {
  uint32_t code_point_offset;
  unsigned char byte;
};

class SourceFile {
 public:
  // `bytes` may hold anything; invalid UTF-8 is replaced by U+FFFD and its
  // positions are kept in invalid_utf8() so the parser can report them.
  SourceFile(std::string path, std::string_view bytes);

  const std::string& path() const { return path_; }
  // Valid UTF-8 (after replacement), BOM removed.
  const std::string& text() const { return text_; }
  const std::vector<InvalidUtf8>& invalid_utf8() const { return invalid_; }
  uint32_t size_in_code_points() const { return code_points_; }

  LineCol Locate(uint32_t code_point_offset) const;
  // The text of a 1-based line, without its line ending.
  std::string_view LineText(uint32_t line) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_cp_.size()); }
  // The text a span covers.
  std::string_view Slice(Span span) const;

 private:
  uint32_t ByteOffset(uint32_t code_point_offset) const;

  std::string path_;
  std::string text_;
  std::vector<InvalidUtf8> invalid_;
  uint32_t code_points_ = 0;
  std::vector<uint32_t> line_cp_;    // code point offset of each line start
  std::vector<uint32_t> line_byte_;  // byte offset of each line start
};

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid
// (overlong forms, surrogates and values above U+10FFFF are invalid too).
size_t Utf8SequenceLength(std::string_view s, size_t i);

class SourceManager {
 public:
  uint32_t Add(std::string path, std::string_view bytes);
  const SourceFile& Get(uint32_t id) const { return *files_.at(id); }
  size_t size() const { return files_.size(); }

 private:
  std::vector<std::unique_ptr<SourceFile>> files_;
};

}  // namespace ocf
