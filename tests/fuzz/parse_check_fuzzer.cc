// Fuzz target: any bytes, as a contract file, through the whole front end
// (read, parse, imports, check) and both renderers. It must never crash, hang
// or trip a sanitizer; diagnostics are the only acceptable reaction.
//
// Built two ways (tests/CMakeLists.txt): with libFuzzer when the compiler is
// clang, and always with tests/fuzz/replay_main.cc, which replays the corpus
// and mutations of it in CI.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ocf/ocf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A folder that does not exist, so relative imports find nothing on disk and
  // runs do not depend on the machine.
  ocf::CompileOptions options;
  options.stdlib_dir = "/nonexistent-ocf-fuzz/stdlib";
  std::string_view text(reinterpret_cast<const char*>(data), size);
  ocf::Compilation c = ocf::CompileText(text, "/nonexistent-ocf-fuzz/input.ocf", options);
  std::string rendered = c.RenderText(true);
  rendered += c.RenderJson();
  // Every diagnostic must point inside the file it names.
  for (const ocf::CompileDiagnostic& d : c.diagnostics()) {
    if (d.line < 1 || d.column < 1 || d.end_line < d.line) __builtin_trap();
  }
  return 0;
}
