#include "runtime/data_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "runtime/cells.h"  // ShowCell

namespace ocf {
namespace {

std::string_view KindOf(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISFIFO(mode)) return "a named pipe (FIFO)";
  if (S_ISSOCK(mode)) return "a socket";
  return "something other than a file";
}

// Where the symbolic link at `path` points (one step), as written in it.
std::string LinkTarget(const std::string& path) {
  char target[4096];
  ssize_t n = ::readlink(path.c_str(), target, sizeof target);
  if (n <= 0) return "?";
  return ShowCell(std::string_view(target, static_cast<size_t>(n)));
}

bool IsLink(const std::string& path) {
  struct stat st;
  return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

std::string CannotRead(int error) {
  return fmt::format("cannot read the file: {}", std::generic_category().message(error));
}

}  // namespace

std::string NotADataFile(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) {
    int error = errno;
    if (error != ENOENT) return CannotRead(error);
    if (IsLink(path))
      return fmt::format("is a symbolic link to `{}`, which does not exist", LinkTarget(path));
    return std::string(kNoSuchFile);
  }
  if (S_ISREG(st.st_mode)) return "";
  if (IsLink(path))
    return fmt::format("is a symbolic link to `{}`, {}, not a regular file", LinkTarget(path),
                       KindOf(st.st_mode));
  return fmt::format("is {}, not a regular file", KindOf(st.st_mode));
}

DataFile::DataFile(const std::string& path) {
  why_ = NotADataFile(path);
  if (!why_.empty()) return;
  // Not blocking, in case the path has become a named pipe since: opening
  // one blocks until a writer comes. O_NOCTTY: a terminal is not taken over.
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) {
    why_ = CannotRead(errno);
    return;
  }
  struct stat st;
  if (::fstat(fd, &st) != 0) {
    why_ = CannotRead(errno);
    ::close(fd);
    return;
  }
  if (!S_ISREG(st.st_mode)) {
    why_ = fmt::format("is {}, not a regular file", KindOf(st.st_mode));
    ::close(fd);
    return;
  }
  int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  fd_ = fd;
  size_ = st.st_size > 0 ? static_cast<uint64_t>(st.st_size) : 0;
}

DataFile::~DataFile() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace ocf
