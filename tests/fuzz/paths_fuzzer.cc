// Fuzz target: the file paths a contract names. The input's lines become the
// strings inside `import "..."` and `given t from "..."` (raw bytes, escapes
// and all) of a small contract in a sandbox folder, compiled from text and
// from a file, and its tests run (reference engine) when it compiles.
//
// The sandbox holds what an import must never read or show: a link to a
// "secret" file outside it, a binary `.ocf` and one that is not UTF-8 (both
// holding the secret's marker), a folder, a named pipe and a link to
// /dev/zero named `.ocf`. It must never crash or hang (a blocking open of the
// pipe would), and:
//   - the marker never appears in any diagnostic, as text or JSON, nor in a
//     test's result;
//   - every diagnostic (and note) points inside the file it names;
//   - every file read besides the contract is named `.ocf`, links followed.
//
// Input lines: `g:PATH` is a `given t from "PATH"`, `c:TEXT` is contract text
// added as is, any other line is an `import "LINE"`; at most 8 lines count.
// Built like parse_check_fuzzer.cc: with libFuzzer under clang, and with
// tests/fuzz/replay_main.cc for CI.
#include <sys/stat.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/test_runner.h"
#include "compiler/lower/lower.h"

namespace {
namespace fs = std::filesystem;
using ocf::driver::Compilation;

constexpr std::string_view kMarker = "OCF-FUZZ-SECRET-5e1c";

void Write(const fs::path& path, std::string_view bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

// Made once per process, removed at exit:
//   ROOT/outside/secret, secret.txt      the marker, as lines a parser would quote
//   ROOT/sandbox/                        the contract's folder
//     lib/common.ocf, lib/chain.ocf, lib/self.ocf, stdlib/finance.ocf, data.csv
//     secret_link.ocf -> ../outside/secret     outside_link.ocf -> ../outside
//     binary.ocf (NUL bytes), latin1.ocf (not UTF-8), notes.txt (marker)
//     folder.ocf/, fifo.ocf (named pipe), zero.ocf -> /dev/zero, dangling.ocf -> nowhere
class Sandbox {
 public:
  Sandbox() {
    std::error_code ec;
    root_ = fs::temp_directory_path(ec) / ("ocf-paths-fuzz-" + std::to_string(getpid()));
    fs::remove_all(root_, ec);
    std::string secret = std::string(kMarker) + " root:x:0:0\nlet " + std::string(kMarker) + " = 1\n";
    Write(root_ / "outside/secret", secret);
    Write(root_ / "outside/secret.txt", secret);
    fs::path s = root_ / "sandbox";
    Write(s / "lib/common.ocf", "let uplift = 1.3%\nfunction twice(x: int) : int = x * 2\n");
    Write(s / "lib/chain.ocf", "import \"common\"\n");
    Write(s / "lib/self.ocf", "import \"self\"\n");
    Write(s / "stdlib/finance.ocf", "function half(x: int) : int = x / 2\n");
    Write(s / "data.csv", "d\n2024-05-01\n");
    Write(s / "binary.ocf", "let a = 1\n" + std::string(kMarker) + std::string("\0\0\x01", 3) + secret);
    Write(s / "latin1.ocf", "let caf\xe9 = 1\n" + secret);
    Write(s / "notes.txt", secret);
    Write(s / "folder.ocf/inside.ocf", "let inside = 1\n");
    fs::create_symlink(root_ / "outside/secret", s / "secret_link.ocf", ec);
    fs::create_directory_symlink(root_ / "outside", s / "outside_link.ocf", ec);
    fs::create_symlink("/dev/zero", s / "zero.ocf", ec);
    fs::create_symlink(s / "nowhere", s / "dangling.ocf", ec);
    mkfifo((s / "fifo.ocf").c_str(), 0600);
    folder_ = s;
  }
  ~Sandbox() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  const fs::path& folder() const { return folder_; }

 private:
  fs::path root_, folder_;
};

const Sandbox& TheSandbox() {
  static Sandbox sandbox;
  return sandbox;
}

[[noreturn]] void Fail(const char* what, std::string_view detail) {
  std::fprintf(stderr, "paths_fuzzer: %s\n%.*s\n", what, static_cast<int>(detail.size()), detail.data());
  std::abort();
}

bool InsideItsFile(ocf::Span span, const ocf::SourceManager& sources) {
  return span.file < sources.size() && span.begin <= span.end &&
         span.end <= sources.Get(span.file).size_in_code_points();
}

void CheckCompilation(const Compilation& c) {
  std::string rendered = c.read_error;
  for (const ocf::Diagnostic& d : c.diagnostics.diagnostics()) {
    if (!InsideItsFile(d.span, c.sources)) Fail("a diagnostic points outside its file", d.message);
    for (const ocf::DiagNote& note : d.notes)
      if (note.span && !InsideItsFile(*note.span, c.sources))
        Fail("a note points outside its file", note.message);
    ocf::RenderOptions color;
    color.color = true;
    rendered += ocf::RenderText(d, c.sources, color);
  }
  rendered += ocf::RenderJson(c.diagnostics.diagnostics(), c.sources);
  if (rendered.find(kMarker) != std::string::npos) Fail("the secret was shown", rendered);
  for (size_t i = 1; i < c.sources.size(); ++i) {
    fs::path read(c.sources.Get(static_cast<uint32_t>(i)).path());
    std::error_code ec;
    fs::path real = fs::canonical(read, ec);
    if (read.extension() != ".ocf" || (!ec && real.extension() != ".ocf"))
      Fail("a file not named .ocf was read", read.string());
  }
  if (!c.ok() || !c.program) return;
  ocf::driver::RunOptions run;
  run.engine = ocf::driver::Engine::Interp;
  std::vector<ocf::driver::TestResult> results = ocf::driver::RunTests(c, ocf::Lower(*c.program), run);
  std::string shown = ocf::driver::RenderTestResults(results, c.sources);
  for (const ocf::driver::TestResult& r : results) shown += r.error;
  if (shown.find(kMarker) != std::string::npos) Fail("the secret was shown by a test", shown);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Sandbox& sandbox = TheSandbox();
  std::string_view input(reinterpret_cast<const char*>(data), size);
  // The contract's own text may be shown; an input holding the marker would
  // put it there.
  if (input.find(kMarker) != std::string_view::npos) return 0;
  std::string imports, givens, extra;
  size_t lines = 0;
  while (!input.empty() && lines < 8) {
    size_t nl = input.find('\n');
    std::string_view line = input.substr(0, nl);
    input = nl == std::string_view::npos ? std::string_view() : input.substr(nl + 1);
    ++lines;
    if (line.starts_with("g:")) {
      givens += "  given t from \"" + std::string(line.substr(2)) + "\"\n";
    } else if (line.starts_with("c:")) {
      extra += std::string(line.substr(2)) + "\n";
    } else {
      imports += "import \"" + std::string(line) + "\"\n";
    }
  }
  std::string contract =
      "contract \"Paths\" {\n  commissioner \"NHS Test ICB\"\n  term 2024-04-01 to 2025-03-31\n}\n"
      "data t dated by d { d : date }\nmeasure n = count t\n" +
      imports + extra + "test \"files\" {\n" + givens + "  expect n = 1\n}\n";

  ocf::driver::DriverOptions options;
  options.stdlib_dir = (sandbox.folder() / "stdlib").string();
  fs::path main = sandbox.folder() / "contract.ocf";
  CheckCompilation(*ocf::driver::CompileText(contract, main.string(), options));
  // From a file too: the contract's own bytes are then checked as text.
  Write(main, contract);
  CheckCompilation(*ocf::driver::CompileFile(main.string(), options));
  return 0;
}
