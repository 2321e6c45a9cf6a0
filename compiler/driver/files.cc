#include "compiler/driver/files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
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

std::string ErrnoMessage(int error) {
  return error == ENOENT ? "no such file" : Lowercase(std::strerror(error));
}

// Why a file of this type is not read as a contract; empty for a regular file.
std::string NotRegularReason(mode_t mode) {
  if (S_ISREG(mode)) return "";
  if (S_ISDIR(mode)) return "it is a folder, not a file";
  if (S_ISLNK(mode)) return "it is a symbolic link";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "it is a device, not a regular file";
  if (S_ISFIFO(mode)) return "it is a named pipe, not a regular file";
  if (S_ISSOCK(mode)) return "it is a socket, not a regular file";
  return "it is not a regular file";
}

class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  ~FileDescriptor() {
    if (fd_ >= 0) close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

// Appends up to `limit` bytes read from `fd`; false on a read error.
bool ReadUpTo(int fd, std::string& out, size_t limit) {
  char buffer[1 << 16];
  while (out.size() < limit) {
    size_t want = std::min(sizeof buffer, limit - out.size());
    ssize_t n = read(fd, buffer, want);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

ReadResult ReadContractFile(const fs::path& path, uint64_t max_bytes, bool follow_last_link) {
  ReadResult result;
  const std::string& name = path.native();
  if (name.find('\0') != std::string::npos) {
    result.error = "its name holds a NUL byte";
    return result;
  }
  // Look before opening: opening a named pipe waits for a writer, and opening
  // some devices does something.
  struct stat st {};
  if ((follow_last_link ? stat(name.c_str(), &st) : lstat(name.c_str(), &st)) != 0) {
    result.error = ErrnoMessage(errno);
    return result;
  }
  if (std::string reason = NotRegularReason(st.st_mode); !reason.empty()) {
    result.status = ReadStatus::NotRegular;
    result.error = std::move(reason);
    return result;
  }
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK | (follow_last_link ? 0 : O_NOFOLLOW);
  FileDescriptor fd(open(name.c_str(), flags));
  if (fd.get() < 0) {
    result.error = !follow_last_link && errno == ELOOP ? "it is a symbolic link" : ErrnoMessage(errno);
    return result;
  }
  // Again on what was opened: the path may name another file by now.
  if (fstat(fd.get(), &st) != 0) {
    result.error = ErrnoMessage(errno);
    return result;
  }
  if (std::string reason = NotRegularReason(st.st_mode); !reason.empty()) {
    result.status = ReadStatus::NotRegular;
    result.error = std::move(reason);
    return result;
  }
  uint64_t size = st.st_size > 0 ? static_cast<uint64_t>(st.st_size) : 0;
  if (size > max_bytes) {
    result.status = ReadStatus::TooLarge;
    result.size = size;
    ReadUpTo(fd.get(), result.bytes, 4096);
    if (size_t nl = result.bytes.find('\n'); nl != std::string::npos) result.bytes.resize(nl);
    return result;
  }
  // One byte past the limit tells a file that grew since fstat.
  size_t limit = static_cast<size_t>(std::min<uint64_t>(max_bytes, SIZE_MAX - 1)) + 1;
  if (!ReadUpTo(fd.get(), result.bytes, limit)) {
    result.error = "the file could not be read to its end";
    result.bytes.clear();
    return result;
  }
  if (result.bytes.size() > max_bytes) {
    result.status = ReadStatus::TooLarge;
    result.size = result.bytes.size();
    if (size_t nl = result.bytes.find('\n'); nl != std::string::npos) result.bytes.resize(nl);
    result.bytes.resize(std::min<size_t>(result.bytes.size(), 4096));
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
