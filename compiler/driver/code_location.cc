#include "compiler/driver/code_location.h"

#include <dlfcn.h>
#include <link.h>

#include <system_error>

namespace ocf::driver {
namespace fs = std::filesystem;

std::optional<CodeLocation> FindCodeLocation() {
  std::error_code ec;
  // In a shared library (libocf), its own file, wherever the program that
  // loaded it is (python3 in /usr/bin loading /opt/ocf/lib/libocf.so must
  // not get /usr/share/ocf). Linked into the executable, the code's object
  // is the main program, whose link map has an empty name (dladdr would
  // give argv[0]): then /proc/self/exe.
  Dl_info info{};
  link_map* map = nullptr;
  if (dladdr1(reinterpret_cast<const void*>(&FindCodeLocation), &info, reinterpret_cast<void**>(&map),
              RTLD_DL_LINKMAP) != 0 &&
      map && map->l_name && *map->l_name) {
    fs::path library = fs::canonical(map->l_name, ec);
    if (ec) return std::nullopt;
    return CodeLocation{library, true};
  }
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return std::nullopt;
  return CodeLocation{exe, false};
}

}  // namespace ocf::driver
