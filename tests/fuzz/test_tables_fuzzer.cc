// Fuzz target: `ocf test` on both engines. The bytes become a contract with
// data blocks (keys, `check` rules), measures, targets, payments and tests
// with inline tables (tests/fuzz/contract_from_bytes.h); its tests are run
// on the JIT and on the reference interpreter, which must agree on every
// test: the same verdict, the same error at the same place (the problems of
// a table that breaks its data block listed alike), and for every `expect`
// the same value and verdict. Either engine throwing is a finding too (it
// would be an internal error of `ocf test`). The one difference allowed is
// the differential test's: a run-time error both engines raise, with the
// same message, may be located at different expressions when the data holds
// several (each engine stops at the first it meets).
//
// Built two ways (tests/CMakeLists.txt): with libFuzzer under clang, and with
// tests/fuzz/replay_main.cc, which replays tests/fuzz/test_corpus in CI.
//
//   OCF_FUZZ_SHOW=1    print each input's contract and both engines' results
//   OCF_FUZZ_STRICT=1  trap on a contract that does not check (a generator bug)
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "compiler/driver/driver.h"
#include "compiler/driver/test_runner.h"
#include "compiler/lower/lower.h"
#include "tests/fuzz/contract_from_bytes.h"

namespace {

using ocf::driver::ExpectResult;
using ocf::driver::TestResult;

bool Env(const char* name) {
  const char* v = std::getenv(name);
  return v && *v && *v != '0';
}

std::string Where(const ocf::SourceManager& sources, ocf::Span s) {
  ocf::LineCol lc = sources.Get(s.file).Locate(s.begin);
  return fmt::format("{}:{}", lc.line, lc.column);
}

// What differs between the two engines' results, or "".
std::string Disagreement(const std::vector<TestResult>& jit, const std::vector<TestResult>& interp,
                         const ocf::SourceManager& sources) {
  if (jit.size() != interp.size()) return fmt::format("{} tests against {}", jit.size(), interp.size());
  for (size_t t = 0; t < jit.size(); ++t) {
    const TestResult &a = jit[t], &b = interp[t];
    std::string in = fmt::format("test \"{}\": ", b.name);
    if (a.name != b.name) return in + "named \"" + a.name + "\" by the JIT";
    if (a.error != b.error) return in + fmt::format("error\n  jit:    {}\n  interp: {}", a.error, b.error);
    if (a.details != b.details)
      return in + fmt::format("problems\n  jit:\n{}  interp:\n{}", a.details, b.details);
    bool runtime_error = !a.error.empty() && a.details.empty();
    if (Where(sources, a.error_span) != Where(sources, b.error_span) && !runtime_error)
      return in + fmt::format("error at {} (jit), {} (interp)", Where(sources, a.error_span),
                              Where(sources, b.error_span));
    if (a.passed != b.passed) return in + fmt::format("passed: jit {}, interp {}", a.passed, b.passed);
    if (a.expects.size() != b.expects.size())
      return in + fmt::format("{} expects compared against {}", a.expects.size(), b.expects.size());
    for (size_t e = 0; e < a.expects.size(); ++e) {
      const ExpectResult &x = a.expects[e], &y = b.expects[e];
      if (x.what != y.what || x.expected != y.expected || x.actual != y.actual || x.passed != y.passed ||
          Where(sources, x.span) != Where(sources, y.span))
        return in + fmt::format(
                        "expect {} (line {})\n  jit:    expected {}, got {} ({})\n  interp: expected {}, got "
                        "{} ({})",
                        y.what, Where(sources, y.span), x.expected, x.actual, x.passed ? "passed" : "failed",
                        y.expected, y.actual, y.passed ? "passed" : "failed");
    }
  }
  return "";
}

// Runs the tests on one engine; a throw is reported as what it is.
std::vector<TestResult> Run(const ocf::driver::Compilation& c, const ocf::plan::EvaluationPlan& plan,
                            ocf::driver::Engine engine, unsigned threads, std::string& thrown) {
  ocf::driver::RunOptions options;
  options.engine = engine;
  options.threads = threads;
  try {
    return ocf::driver::RunTests(c, plan, options);
  } catch (const std::exception& e) {
    thrown = e.what();
  } catch (...) {
    thrown = "an exception of an unknown type";
  }
  return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string contract = ocf::fuzz::ContractFromBytes(data, size);
  const bool show = Env("OCF_FUZZ_SHOW");
  if (show) std::fprintf(stderr, "---- contract\n%s", contract.c_str());
  ocf::driver::DriverOptions options;
  options.stdlib_dir = "/nonexistent-ocf-fuzz/stdlib";
  auto c = ocf::driver::CompileText(contract, "/nonexistent-ocf-fuzz/contract.ocf", options);
  if (!c->ok()) {
    if (show || Env("OCF_FUZZ_STRICT")) {
      for (const ocf::Diagnostic& d : c->diagnostics.diagnostics())
        std::fprintf(stderr, "%s", ocf::RenderText(d, c->sources).c_str());
    }
    if (Env("OCF_FUZZ_STRICT")) __builtin_trap();
    return 0;
  }
  ocf::plan::EvaluationPlan plan = ocf::Lower(*c->program);
  // The compiled engine splits even tiny tables between its workers when
  // told how many: 1 to 3, from the input, so that partial states merge.
  unsigned threads = 1;
  for (size_t i = 0; i < size; ++i) threads = (threads * 31 + data[i]) % 997;
  threads = 1 + threads % 3;
  std::string jit_threw, interp_threw;
  std::vector<TestResult> jit = Run(*c, plan, ocf::driver::Engine::Jit, threads, jit_threw);
  std::vector<TestResult> interp = Run(*c, plan, ocf::driver::Engine::Interp, 1, interp_threw);
  std::string problem;
  if (!jit_threw.empty() || !interp_threw.empty())
    problem = fmt::format("an engine threw (an internal error of `ocf test`)\n  jit:    {}\n  interp: {}",
                          jit_threw, interp_threw);
  else
    problem = Disagreement(jit, interp, c->sources);
  if (show) {
    std::fprintf(stderr, "---- jit (%u threads)\n%s", threads,
                 ocf::driver::RenderTestResults(jit, c->sources).c_str());
    std::fprintf(stderr, "---- interp\n%s", ocf::driver::RenderTestResults(interp, c->sources).c_str());
  }
  if (!problem.empty()) {
    std::fprintf(stderr, "\nthe engines disagree on `ocf test`: %s\n\nthe contract:\n%s\n", problem.c_str(),
                 contract.c_str());
    __builtin_trap();
  }
  return 0;
}
