// Where the running ocf code is: the shared library (libocf) it was linked
// into, or else the executable. Installed files that ship with ocf (the
// stdlib, the JIT module) are found relative to it.
#pragma once

#include <filesystem>
#include <optional>

namespace ocf::driver {

struct CodeLocation {
  std::filesystem::path file;  // the library or the executable, canonical
  bool library = false;        // a shared library (libocf), not the executable
};

// nullopt when neither can be found (no /proc).
std::optional<CodeLocation> FindCodeLocation();

}  // namespace ocf::driver
