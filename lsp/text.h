// Documents as the editor holds them, and LSP positions.
//
// LSP names a place by line and character, where a character is a UTF-16
// code unit unless the client and server agree on another encoding (3.17's
// `positionEncoding`; this server takes "utf-32", code points, when the
// client offers it). The compiler names a place by a code point offset into
// the file (ocf::Span). LineIndex converts between the two for one text, and
// Document applies the editor's full and incremental changes to its text.
//
// Lines end at "\n", "\r\n" or a lone "\r", as LSP says. Positions past the
// end of a line mean the end of that line, and positions past the last line
// the end of the text (the spec's rule, which keeps a client that is one edit
// behind from crashing anything).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ocf::lsp {

enum class PositionEncoding { Utf16, Utf32 };

struct Position {
  uint32_t line = 0;
  uint32_t character = 0;
  bool operator==(const Position&) const = default;
};

struct Range {
  Position start, end;
};

class LineIndex {
 public:
  explicit LineIndex(std::string_view text);

  // The byte offset of a position (clamped into the text).
  size_t ByteOffset(Position p, PositionEncoding enc) const;
  // The code point offset of a position (clamped into the text).
  uint32_t CodePointOffset(Position p, PositionEncoding enc) const;
  // The position of a code point offset (clamped to the end of the text).
  Position PositionOf(uint32_t code_point_offset, PositionEncoding enc) const;
  // Where the text ends, and where a line ends (before its line break).
  Position End(PositionEncoding enc) const;
  Position LineEnd(uint32_t line, PositionEncoding enc) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_byte_.size()); }

 private:
  std::string_view text_;
  std::vector<size_t> line_byte_;  // byte offset of each line's start
  std::vector<uint32_t> line_cp_;  // code point offset of each line's start
  std::vector<size_t> line_end_;   // byte offset of each line's end (before its line break)
};

class Document {
 public:
  Document(std::string uri, std::string text, int64_t version);

  const std::string& uri() const { return uri_; }
  const std::string& text() const { return text_; }
  int64_t version() const { return version_; }
  const LineIndex& lines() const { return lines_; }

  // A change of `range` (nullopt: the whole text) to `new_text`.
  void Apply(const std::optional<Range>& range, std::string_view new_text, PositionEncoding enc);
  void set_version(int64_t v) { version_ = v; }

 private:
  std::string uri_;
  std::string text_;
  int64_t version_;
  LineIndex lines_;
};

// file:///a%20b/c.ocf <-> /a b/c.ocf. A URI of another scheme (untitled:) has
// no file: FileFromUri answers nullopt.
std::optional<std::string> FileFromUri(std::string_view uri);
std::string UriFromFile(std::string_view path);

}  // namespace ocf::lsp
