// Reading contract files from disk, and naming them in diagnostics.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace ocf::driver {

// Contract files above this size are refused (E0118) rather than read: a real
// contract is a few hundred lines, and a multi-gigabyte "contract" is a mistake
// that should not exhaust memory.
inline constexpr uint64_t kMaxFileBytes = 16u << 20;  // 16 MB

enum class ReadStatus { Ok, TooLarge, NotRegular, Failed };

struct ReadResult {
  ReadStatus status = ReadStatus::Failed;
  std::string bytes;  // the whole file (Ok), or its first line (TooLarge)
  uint64_t size = 0;  // bytes in the file, when known
  // Why it could not be read (NotRegular, Failed): "no such file", "it is a
  // folder, not a file", "it is a device, not a regular file", ...
  std::string error;
};

// Reads a regular file of at most `max_bytes`. Anything else is refused
// before a byte is read (NotRegular): a folder, a device (`/dev/zero` would
// never end), a named pipe (opening one waits for a writer), a socket. The
// check is made again on the opened file, so a file swapped in between is
// caught too. `follow_last_link` false: a path whose last part is a symbolic
// link is refused (the import loader passes a path with every link already
// resolved, so the file it checked is the file it reads). A path holding a NUL
// byte is refused (Failed): the operating system would read it only up to the
// NUL.
ReadResult ReadContractFile(const std::filesystem::path& path, uint64_t max_bytes = kMaxFileBytes,
                            bool follow_last_link = true);

// How a file is named in diagnostics: relative to the working directory when
// it lies inside it (so output is the same on every machine), else absolute.
// Paths the user wrote relative stay as written, normalised.
std::string DisplayPath(const std::filesystem::path& path);

// A key that is equal for two spellings of one file (`a/../b.ocf`, symlinks).
std::string CanonicalKey(const std::filesystem::path& path);

// "20.3 MB".
std::string FormatSize(uint64_t bytes);

}  // namespace ocf::driver
