#include "compiler/source/file_rules.h"

#include <fmt/format.h>

#include "compiler/source/source.h"

namespace ocf {
namespace {

// The code point of the valid UTF-8 sequence of `n` bytes at s[i].
char32_t DecodeAt(std::string_view s, size_t i, size_t n) {
  auto b = [&](size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[i + k])); };
  switch (n) {
    case 1:
      return b(0);
    case 2:
      return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3:
      return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default:
      return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
  }
}

bool IsControl(char32_t c) { return c < 0x20 || (c >= 0x7F && c <= 0x9F); }

// Characters that do not show, or that reorder the text around them, so a
// path holding one can look like another path. U+FFFD stands for bytes that
// were not UTF-8, so the path is not the one written.
bool IsInvisible(char32_t c) {
  return c == 0x00AD || c == 0x034F || c == 0x061C || c == 0x180E || (c >= 0x200B && c <= 0x200F) ||
         c == 0x2028 || c == 0x2029 || (c >= 0x202A && c <= 0x202E) || (c >= 0x2060 && c <= 0x206F) ||
         c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB) || c == 0xFFFD || (c >= 0xE0000 && c <= 0xE007F);
}

std::string DescribeControl(char32_t c) {
  switch (c) {
    case 0x00:
      return "a NUL byte (U+0000)";
    case 0x09:
      return "a tab (U+0009)";
    case 0x0A:
      return "a line break (U+000A)";
    case 0x0D:
      return "a carriage return (U+000D)";
    default:
      return fmt::format("the control character U+{:04X}", static_cast<uint32_t>(c));
  }
}

}  // namespace

std::optional<PathFlaw> FindPathFlaw(std::string_view path) {
  if (path.size() > kMaxPathBytes) {
    return PathFlaw{PathFlawKind::TooLong, 0, path.size(), fmt::format("is {} bytes long", path.size()),
                    fmt::format("ocf reads file paths of up to {} bytes", kMaxPathBytes)};
  }
  for (size_t i = 0; i < path.size();) {
    size_t n = Utf8SequenceLength(path, i);
    if (n == 0) {
      return PathFlaw{
          PathFlawKind::NotUtf8, i, 1,
          fmt::format("holds the byte 0x{:02x}, which is not UTF-8", static_cast<unsigned char>(path[i])),
          "save the contract as UTF-8 text and retype the path"};
    }
    char32_t c = DecodeAt(path, i, n);
    if (IsControl(c)) {
      return PathFlaw{PathFlawKind::ControlCharacter, i, n, "holds " + DescribeControl(c),
                      c == 0 ? "a file path cannot hold a NUL byte: the operating system would read the path "
                               "only up to it"
                             : "a file path cannot hold control characters; write the file's name as it is, "
                               "with `/` between folders"};
    }
    if (IsInvisible(c)) {
      return PathFlaw{
          PathFlawKind::InvisibleCharacter, i, n,
          c == 0xFFFD
              ? std::string("holds U+FFFD, which stands for bytes that are not UTF-8")
              : fmt::format("holds U+{:04X}, a character that does not show", static_cast<uint32_t>(c)),
          "retype the path: a character that does not show can make it name another file than the one it "
          "seems to"};
    }
    if (c == '\\') {
      return PathFlaw{PathFlawKind::Backslash, i, n, "holds a backslash",
                      "write `/` between folders, e.g. \"lib/common\"; a file path cannot hold a backslash"};
    }
    i += n;
  }
  std::string_view last = path;
  if (size_t slash = path.rfind('/'); slash != std::string_view::npos) last = path.substr(slash + 1);
  if (!path.empty() && (last.empty() || last == "." || last == "..")) {
    return PathFlaw{PathFlawKind::NamesAFolder, 0, path.size(), "names a folder, not a file",
                    "name a file in it, e.g. \"lib/common\""};
  }
  return std::nullopt;
}

std::string NotText::Describe() const {
  switch (kind) {
    case Kind::Nul:
      return "a NUL byte";
    case Kind::ControlCharacter:
      return fmt::format("the control character U+{:04X}", static_cast<uint32_t>(code_point));
    case Kind::InvalidUtf8:
      return fmt::format("the byte 0x{:02x}, which is not UTF-8", static_cast<unsigned>(byte));
  }
  return "";
}

std::optional<NotText> FindNotText(std::string_view bytes, bool utf8_too) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);  // as SourceFile does
  uint32_t line = 1, column = 1;
  for (size_t i = 0; i < bytes.size();) {
    size_t n = Utf8SequenceLength(bytes, i);
    if (n == 0) {
      if (utf8_too) {
        NotText found{NotText::Kind::InvalidUtf8, line, column};
        found.byte = static_cast<unsigned char>(bytes[i]);
        return found;
      }
      n = 1;
    } else {
      char32_t c = DecodeAt(bytes, i, n);
      if (IsControl(c) && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
        NotText found{c == 0 ? NotText::Kind::Nul : NotText::Kind::ControlCharacter, line, column};
        found.code_point = static_cast<uint32_t>(c);
        return found;
      }
      if (c == '\n') {
        ++line;
        column = 0;
      }
    }
    ++column;
    i += n;
  }
  return std::nullopt;
}

std::string LocationOnlyText(uint32_t line, uint32_t column) {
  std::string text(line > 0 ? line - 1 : 0, '\n');
  text.append(column > 0 ? column - 1 : 0, ' ');
  return text;
}

}  // namespace ocf
