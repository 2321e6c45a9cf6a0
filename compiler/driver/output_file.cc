#include "compiler/driver/output_file.h"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "runtime/safe_text.h"

namespace ocf::driver {

bool CheckOutputPath(const std::string& path, const char* who, std::string& usage) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string shown = TerminalText(path);
  if (path == "-") return true;  // standard output, as without --output
  fs::path p(path);
  if (path.back() == '/' || fs::is_directory(p, ec)) {
    usage = fmt::format("{}: --output `{}` names a folder; give a file in it, such as `{}{}report.html`", who,
                        shown, shown, path.back() == '/' ? "" : "/");
    return false;
  }
  fs::path folder = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  if (!fs::is_directory(folder, ec)) {
    usage = fmt::format("{}: --output `{}`: the folder `{}` does not exist", who, shown,
                        TerminalText(folder.generic_string()));
    return false;
  }
  bool exists = fs::exists(p, ec);
  if (exists && !fs::is_regular_file(p, ec) && !fs::is_character_file(p, ec)) {
    usage = fmt::format("{}: --output `{}` is not a regular file", who, shown);
    return false;
  }
  if (access(exists ? p.c_str() : folder.c_str(), W_OK) != 0) {
    usage = fmt::format("{}: --output `{}` cannot be written ({})", who, shown,
                        exists ? "the file is read-only" : "the folder is not writable");
    return false;
  }
  return true;
}

}  // namespace ocf::driver
