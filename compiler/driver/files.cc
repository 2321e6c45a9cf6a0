#include "compiler/driver/files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

#include <fmt/format.h>

namespace ocf::driver {
namespace fs = std::filesystem;

namespace {

// "No such file or directory" -> "no such file or directory": messages are lowercase.
std::string Lowercase(std::string s) {
  if (!s.empty() && s[0] >= 'A' && s[0] <= 'Z') s[0] = static_cast<char>(s[0] - 'A' + 'a');
  return s;
}

std::string FirstLine(std::ifstream& in) {
  std::string line;
  char buffer[4096];
  in.read(buffer, sizeof buffer);
  line.assign(buffer, static_cast<size_t>(in.gcount()));
  if (size_t nl = line.find('\n'); nl != std::string::npos) line.resize(nl);
  return line;
}

}  // namespace

ReadResult ReadContractFile(const fs::path& path, uint64_t max_bytes) {
  ReadResult result;
  std::error_code ec;
  fs::file_status status = fs::status(path, ec);
  if (ec || !fs::exists(status)) {
    result.error =
        ec && ec != std::errc::no_such_file_or_directory ? Lowercase(ec.message()) : "no such file";
    return result;
  }
  if (fs::is_directory(status)) {
    result.error = "it is a folder, not a file";
    return result;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    result.error = Lowercase(std::strerror(errno));
    return result;
  }
  if (fs::is_regular_file(status)) {
    uint64_t size = fs::file_size(path, ec);
    if (!ec && size > max_bytes) {
      result.status = ReadStatus::TooLarge;
      result.size = size;
      result.bytes = FirstLine(in);
      return result;
    }
  }
  // Read in chunks, so a device that never ends stops at the limit.
  char buffer[1 << 16];
  while (in) {
    in.read(buffer, sizeof buffer);
    result.bytes.append(buffer, static_cast<size_t>(in.gcount()));
    if (result.bytes.size() > max_bytes) {
      result.status = ReadStatus::TooLarge;
      result.size = result.bytes.size();
      if (size_t nl = result.bytes.find('\n'); nl != std::string::npos) result.bytes.resize(nl);
      result.bytes.resize(std::min<size_t>(result.bytes.size(), 4096));
      return result;
    }
  }
  if (in.bad()) {
    result.error = "the file could not be read to its end";
    result.bytes.clear();
    return result;
  }
  result.status = ReadStatus::Ok;
  result.size = result.bytes.size();
  return result;
}

std::string DisplayPath(const fs::path& path) {
  fs::path normal = path.lexically_normal();
  if (normal.is_relative()) return normal.generic_string();
  std::error_code ec;
  fs::path cwd = fs::current_path(ec);
  if (!ec) {
    fs::path relative = normal.lexically_relative(cwd);
    if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
  }
  return normal.generic_string();
}

std::string CanonicalKey(const fs::path& path) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(path, ec), ec);
  if (ec) return path.lexically_normal().generic_string();
  return canonical.generic_string();
}

std::string FormatSize(uint64_t bytes) {
  constexpr uint64_t kMB = 1024 * 1024;
  if (bytes < kMB) return fmt::format("{} bytes", bytes);
  if (bytes % kMB == 0) return fmt::format("{} MB", bytes / kMB);
  return fmt::format("{:.1f} MB", static_cast<double>(bytes) / kMB);
}

}  // namespace ocf::driver
