// Golden tests: every tests/golden/**/X.ocf is checked with `ocf check` (run
// in-process, from the source root so paths in the output are stable) and the
// output must equal X.expected: what ocf printed (standard error and standard
// output, as a terminal shows them), then a last line `[exit N]`.
//
// A first line `// ocf-args: --format json` passes more arguments;
// `// ocf-run: --data DIR` runs the contract instead (`ocf run X.ocf --data
// DIR`), for the statement's goldens (tests/golden/table/); `// ocf-sql: ARGS
// | ARGS...` prints its SQL (`ocf sql X.ocf ARGS`) once per `|`-separated
// set of arguments (tests/golden/sql/).
// Files inside a folder named `lib` are imported by cases, not cases themselves.
// OCF_UPDATE_GOLDEN=1 rewrites the .expected files instead of comparing;
// review the diff before committing it (tests/README.md).
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/cli.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;

const fs::path kSourceDir = OCF_SOURCE_DIR;

struct GoldenCase {
  std::string path;  // relative to the source dir: tests/golden/types/percent_plus_number.ocf
  std::string name;  // types_percent_plus_number
};

// So a failing case is named by its file, not printed as bytes.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.path; }

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<GoldenCase> FindCases() {
  std::vector<GoldenCase> cases;
  fs::path root = kSourceDir / "tests" / "golden";
  if (!fs::exists(root)) return cases;
  std::set<std::string> names;
  for (const fs::directory_entry& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file() || e.path().extension() != ".ocf") continue;
    fs::path relative = e.path().lexically_relative(root);
    if (std::find(relative.begin(), relative.end(), fs::path("lib")) != relative.end()) continue;
    std::string name = relative.replace_extension().generic_string();
    for (char& c : name) {
      if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
    }
    while (names.count(name)) name += "_";
    names.insert(name);
    cases.push_back({e.path().lexically_relative(kSourceDir).generic_string(), name});
  }
  std::sort(cases.begin(), cases.end(),
            [](const GoldenCase& a, const GoldenCase& b) { return a.path < b.path; });
  return cases;
}

// `// ocf-args: --format json` (or `// ocf-run: ...`) on the first line.
std::vector<std::string> ExtraArgs(const std::string& text, const std::string& marker = "// ocf-args:") {
  std::vector<std::string> args;
  if (text.rfind(marker, 0) != 0) return args;
  std::istringstream words(text.substr(marker.size(), text.find('\n') - marker.size()));
  for (std::string word; words >> word;) args.push_back(word);
  return args;
}

class Golden : public ::testing::TestWithParam<GoldenCase> {
 protected:
  void SetUp() override {
    old_cwd_ = fs::current_path();
    fs::current_path(kSourceDir);
    // The standard library is the source tree's, whatever the environment says.
    unsetenv("OCF_STDLIB");
  }
  void TearDown() override { fs::current_path(old_cwd_); }

  fs::path old_cwd_;
};

TEST_P(Golden, OutputMatchesExpected) {
  const GoldenCase& c = GetParam();
  std::string text = ReadAll(c.path);
  bool run = text.rfind("// ocf-run:", 0) == 0;
  bool sql = text.rfind("// ocf-sql:", 0) == 0;
  // `// ocf-sql: A | B | C`: `ocf sql X.ocf A`, then B, then C, one after another.
  std::vector<std::vector<std::string>> invocations(1);
  for (std::string& a : ExtraArgs(text, run ? "// ocf-run:" : sql ? "// ocf-sql:" : "// ocf-args:")) {
    if (a == "|")
      invocations.emplace_back();
    else
      invocations.back().push_back(a);
  }
  std::string actual;
  for (const std::vector<std::string>& extra : invocations) {
    std::vector<std::string> args = {"ocf", run ? "run" : sql ? "sql" : "check", c.path};
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (invocations.size() > 1) {
      actual += "=== ocf";
      for (size_t k = 1; k < args.size(); ++k) actual += " " + args[k];
      actual += "\n";
    }
    // One stream for both, so the output reads as it does in a terminal.
    std::ostringstream output;
    int status = RunCli(static_cast<int>(args.size()), argv.data(), output, output);
    actual += output.str() + "[exit " + std::to_string(status) + "]\n";
  }

  fs::path expected_path = fs::path(c.path).replace_extension(".expected");
  const char* update = std::getenv("OCF_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(expected_path, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path.string() << " does not exist; create it with OCF_UPDATE_GOLDEN=1 and review it.\n"
      << "ocf printed:\n"
      << actual;
  EXPECT_EQ(ReadAll(expected_path), actual)
      << "for " << c.path << " (if the new output is right: OCF_UPDATE_GOLDEN=1, then review the diff)";
}

INSTANTIATE_TEST_SUITE_P(Files, Golden, ::testing::ValuesIn(FindCases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& param) { return param.param.name; });
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Golden);

}  // namespace
}  // namespace ocf
