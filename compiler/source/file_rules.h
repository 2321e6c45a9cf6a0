// What a file a contract names must be, before ocf touches it.
//
// A contract names files in two places: `import "PATH"` and a test's
// `given DATASET from "PATH"`. A contract may come from someone else, so a
// path is checked before any file system call sees it: the operating system
// reads a path as a C string, and a NUL byte inside `"/etc/shadow<NUL>"` would
// cut it short there, after ocf had added `.ocf` to it. FindPathFlaw() is the
// one rule; the parser reports a flaw (E0119) at the character, and every
// later user of the path (the import loader, the test file checks, the test
// runner) calls it again and leaves a flawed path alone.
//
// A file ocf reads as a contract or an import must also be text:
// FindNotText() finds the first byte that no contract holds, so a binary file
// is reported once (E0121) instead of being shown line by line as syntax
// errors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocf {

// Paths longer than this are refused: it is Linux's PATH_MAX, so the
// operating system would refuse them too, after ocf had echoed them in full.
inline constexpr size_t kMaxPathBytes = 4096;

enum class PathFlawKind {
  ControlCharacter,    // U+0000-U+001F, U+007F-U+009F: NUL, tab, line breaks, escape codes
  InvisibleCharacter,  // characters that do not show or reorder text (U+200B, U+202E, ...), U+FFFD
  Backslash,           // folders are separated by `/`
  NamesAFolder,        // ends in `/`, `.` or `..`
  TooLong,             // over kMaxPathBytes
  NotUtf8,             // bytes that are not UTF-8 (a path from a contract's text never holds them)
};

struct PathFlaw {
  PathFlawKind kind;
  // The offending character's bytes within the path; the whole path for
  // NamesAFolder and TooLong.
  size_t byte_offset = 0;
  size_t byte_length = 0;
  // What is wrong, to follow "this file path ...": "holds a NUL byte (U+0000)".
  std::string what;
  // What to write instead.
  std::string help;
};

// The first reason `path` (as decoded from its text literal) cannot name a
// file, or nothing. An empty path is not a flaw here: the places that read
// paths say what an empty one means. `path` must be valid UTF-8 (decoded
// source text always is).
std::optional<PathFlaw> FindPathFlaw(std::string_view path);

// The first place in a file's bytes that text does not hold.
struct NotText {
  enum class Kind { Nul, ControlCharacter, InvalidUtf8 } kind;
  uint32_t line = 1;        // 1-based
  uint32_t column = 1;      // 1-based, in code points (an invalid byte counts as one)
  uint32_t code_point = 0;  // the control character (Nul, ControlCharacter)
  unsigned char byte = 0;   // the first byte that is not UTF-8 (InvalidUtf8)

  // "a NUL byte", "the control character U+001B", "the byte 0xe9, which is not UTF-8"
  std::string Describe() const;
};

// Text is UTF-8 without NUL bytes or control characters other than tab, line
// feed, carriage return and form feed. `utf8_too` false: invalid UTF-8 is not
// looked for (the contract named on the command line reports it byte by byte,
// E0101, with a guess at the encoding it was saved in).
std::optional<NotText> FindNotText(std::string_view bytes, bool utf8_too);

// Text with no content whose position `line`:`column` exists: blank lines and
// spaces. Registered in place of a file that is not text, so a diagnostic can
// name the place without showing the file's bytes.
std::string LocationOnlyText(uint32_t line, uint32_t column);

}  // namespace ocf
