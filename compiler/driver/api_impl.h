// What ocf::Compilation (include/ocf/ocf.hpp) holds: the driver's compilation
// and the public copies of its diagnostics. Internal: for the compiler's own
// tools, which reach it through Compilation::internal().
#pragma once

#include <memory>
#include <vector>

#include "compiler/driver/driver.h"
#include "ocf/ocf.hpp"

namespace ocf {

struct Compilation::Impl {
  std::unique_ptr<driver::Compilation> compilation;
  std::vector<CompileDiagnostic> diagnostics;  // public copies, same order
};

// Wraps a driver compilation in the public type.
Compilation MakePublicCompilation(std::unique_ptr<driver::Compilation> compilation);

}  // namespace ocf
