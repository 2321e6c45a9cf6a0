// Every diagnostic ocf can emit must be shown by at least one golden test: a
// tests/golden/**/*.expected file that mentions its code as `[E0401]` (text)
// or `"code": "E0401"` (JSON).
//
// tests/golden/PENDING_CODES lists codes whose golden tests are still to be
// written. It may only shrink: a code listed there that a golden file now
// covers fails the test too, so the list is kept honest.
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "compiler/diagnostics/diagnostic.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;

const fs::path kGoldenDir = fs::path(OCF_SOURCE_DIR) / "tests" / "golden";

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string AllExpectedOutput() {
  std::string all;
  if (!fs::exists(kGoldenDir)) return all;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(kGoldenDir)) {
    if (e.is_regular_file() && e.path().extension() == ".expected") all += ReadAll(e.path());
  }
  return all;
}

// Codes in PENDING_CODES: one per line; `#` starts a comment.
std::set<std::string> PendingCodes() {
  std::set<std::string> codes;
  std::istringstream lines(ReadAll(kGoldenDir / "PENDING_CODES"));
  for (std::string line; std::getline(lines, line);) {
    line = line.substr(0, line.find('#'));
    std::istringstream words(line);
    for (std::string word; words >> word;) codes.insert(word);
  }
  return codes;
}

TEST(DiagnosticCoverage, EveryCodeHasAGoldenTest) {
  std::string expected = AllExpectedOutput();
  std::set<std::string> pending = PendingCodes();
  std::set<std::string> known;
  std::string uncovered, no_longer_pending;
  for (const DiagInfo& info : AllDiagnostics()) {
    std::string code(info.code);
    known.insert(code);
    bool covered = expected.find("[" + code + "]") != std::string::npos ||
                   expected.find("\"code\": \"" + code + "\"") != std::string::npos;
    if (!covered && !pending.count(code)) uncovered += "  " + code + "  " + std::string(info.summary) + "\n";
    if (covered && pending.count(code)) no_longer_pending += "  " + code + "\n";
  }
  EXPECT_EQ(uncovered, "") << "no tests/golden/**/*.expected file shows these diagnostics; add a golden test "
                              "for each (tests/README.md):\n"
                           << uncovered;
  EXPECT_EQ(no_longer_pending, "") << "these codes now have golden tests: remove them from "
                                      "tests/golden/PENDING_CODES:\n"
                                   << no_longer_pending;
  for (const std::string& code : pending) {
    EXPECT_TRUE(known.count(code)) << "tests/golden/PENDING_CODES lists " << code
                                   << ", which is not in compiler/diagnostics/codes.def";
  }
}

}  // namespace
}  // namespace ocf
