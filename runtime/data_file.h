// Which paths are read as data files, and opening them.
//
// A data file (`--data NAME=PATH`, `DIR/NAME.csv`, a test's `given ... from`)
// is read only when it is a regular file. A symbolic link is followed and
// its target judged the same way, wherever it leads; a folder, a device
// (`/dev/zero` and `/dev/urandom` never end), a named pipe (whose writer may
// never stop, or never come) or a socket is refused with what it is. A file
// is read up to the size it had when it was opened, so reading always ends
// and reads no more than the file held.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ocf {

inline constexpr std::string_view kNoSuchFile = "no such file";

// Why `path` is not a data file, as the end of a sentence about it: "no such
// file", "is a folder, not a regular file", "is a symbolic link to
// `/dev/zero`, a character device, not a regular file"; "" when it is a
// regular file or a symbolic link to one.
std::string NotADataFile(const std::string& path);

// A data file opened for reading: `fd` is -1 when it cannot be, and `why`
// says why (the system's reason, "No such file or directory", or
// NotADataFile's). The file's type is checked before opening it (opening a
// device or a named pipe can block or have effects) and again on the open
// descriptor, so what is read is what was checked.
class DataFile {
 public:
  explicit DataFile(const std::string& path);
  ~DataFile();
  DataFile(const DataFile&) = delete;
  DataFile& operator=(const DataFile&) = delete;

  int fd() const { return fd_; }
  const std::string& why() const { return why_; }
  uint64_t size() const { return size_; }  // when opened; read no further

 private:
  int fd_ = -1;
  std::string why_;
  uint64_t size_ = 0;
};

}  // namespace ocf
