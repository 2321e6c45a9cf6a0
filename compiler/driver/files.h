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

enum class ReadStatus { Ok, TooLarge, Failed };

struct ReadResult {
  ReadStatus status = ReadStatus::Failed;
  std::string bytes;  // the whole file (Ok), or its first line (TooLarge)
  uint64_t size = 0;  // bytes in the file, when known
  std::string error;  // why it could not be read (Failed): "no such file", ...
};

// Reads at most `max_bytes`. Works on pipes and devices too (`/dev/stdin`),
// whose size is only known by reading them.
ReadResult ReadContractFile(const std::filesystem::path& path, uint64_t max_bytes = kMaxFileBytes);

// How a file is named in diagnostics: relative to the working directory when
// it lies inside it (so output is the same on every machine), else absolute.
// Paths the user wrote relative stay as written, normalised.
std::string DisplayPath(const std::filesystem::path& path);

// A key that is equal for two spellings of one file (`a/../b.ocf`, symlinks).
std::string CanonicalKey(const std::filesystem::path& path);

// "20.3 MB".
std::string FormatSize(uint64_t bytes);

}  // namespace ocf::driver
