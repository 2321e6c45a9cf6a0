// The public C++ header compiles as C++17 with every warning on (built as
// part of the tests: a C++20-only construct in include/ocf breaks the build).
#include "ocf/ocf.hpp"

namespace {
[[maybe_unused]] int Use() {
  ocf::Options options;
  options.engine = ocf::Engine::Interp;
  ocf::PaymentStatement statement;
  return static_cast<int>(statement.payments.size() + options.data.size());
}
}  // namespace
