// `ocf fmt`'s layout (docs/language.md, "`ocf fmt`: the layout").
//
// Each tests/fmt/layout/NAME.before is formatted and must give NAME.after.ocf
// exactly; the .after.ocf files are themselves in the repository's layout, so
// scripts/fmt_contracts.sh checks they are fixed points too.
// OCF_UPDATE_GOLDEN=1 rewrites the .after.ocf files; review the diff.
// Then the command line: --check, --write, standard input, refusals.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/cli.h"
#include "compiler/format/diff.h"
#include "compiler/format/format.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;

const fs::path kLayoutDir = fs::path(OCF_SOURCE_DIR) / "tests" / "fmt" / "layout";

std::vector<std::string> LayoutCases() {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(kLayoutDir)) {
    if (e.path().extension() == ".before") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Layout : public testing::TestWithParam<std::string> {};

TEST_P(Layout, MatchesExpected) {
  std::string before = test_support::ReadAll(kLayoutDir / (GetParam() + ".before"));
  format::FormatResult result = format::Format(before, GetParam() + ".before");
  ASSERT_TRUE(result.ok) << result.internal_error;
  fs::path expected_path = kLayoutDir / (GetParam() + ".after.ocf");
  if (std::getenv("OCF_UPDATE_GOLDEN")) {
    std::ofstream(expected_path, std::ios::binary) << result.text;
    return;
  }
  std::string expected = test_support::ReadAll(expected_path);
  EXPECT_EQ(result.text, expected) << format::UnifiedDiff(expected, result.text, expected_path.string());
  // Formatting the result again changes nothing.
  format::FormatResult again = format::Format(result.text, "again.ocf");
  ASSERT_TRUE(again.ok);
  EXPECT_EQ(again.text, result.text);
}

INSTANTIATE_TEST_SUITE_P(Fmt, Layout, testing::ValuesIn(LayoutCases()),
                         [](const testing::TestParamInfo<std::string>& param) { return param.param; });

TEST(FormatText, SyntaxErrorsAreRefusedWithTheParsersDiagnostics) {
  format::FormatResult result = format::Format("measure m = count\nlet = 3\n", "broken.ocf");
  EXPECT_FALSE(result.ok);
  EXPECT_TRUE(result.text.empty());
  ASSERT_TRUE(result.diagnostics.has_errors());
  EXPECT_TRUE(result.internal_error.empty());
}

TEST(FormatText, EmptyAndCommentOnlyFiles) {
  format::FormatResult empty = format::Format("", "empty.ocf");
  ASSERT_TRUE(empty.ok);
  EXPECT_EQ(empty.text, "");
  format::FormatResult comment = format::Format("\n\n   // only a comment   \n\n", "c.ocf");
  ASSERT_TRUE(comment.ok);
  EXPECT_EQ(comment.text, "// only a comment\n");
}

TEST(FormatText, DeepAndLongInputStaysLinearAndIntact) {
  // 1,500 terms on one line (the parser takes 2,000 levels): broken at its
  // operators, every term kept.
  std::string text = "let x = 1";
  for (int i = 0; i < 1500; ++i) text += " + 1";
  text += "\n";
  format::FormatResult result = format::Format(text, "long.ocf");
  ASSERT_TRUE(result.ok) << result.internal_error;
  size_t plus = 0, longest = 0, line = 0;
  for (char c : result.text) {
    plus += c == '+';
    line = c == '\n' ? 0 : line + 1;
    longest = std::max(longest, line);
  }
  EXPECT_EQ(plus, 1500u);
  EXPECT_LE(longest, 100u);
}

TEST(UnifiedDiff, HunksAsDiffWritesThem) {
  EXPECT_EQ(format::UnifiedDiff("a\nb\n", "a\nb\n", "f.ocf"), "");
  EXPECT_EQ(format::UnifiedDiff("a\nb\nc\n", "a\nB\nc\n", "f.ocf"),
            "--- a/f.ocf\n+++ b/f.ocf\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
  // Far-apart changes are separate hunks with three lines of context each.
  std::string before, after;
  for (int i = 0; i < 20; ++i) {
    before += std::to_string(i) + "\n";
    after += (i == 2 || i == 17 ? "x" : std::to_string(i)) + "\n";
  }
  std::string diff = format::UnifiedDiff(before, after, "f.ocf");
  EXPECT_NE(diff.find("@@ -1,6 +1,6 @@\n 0\n 1\n-2\n+x\n 3\n 4\n 5\n"), std::string::npos) << diff;
  EXPECT_NE(diff.find("@@ -15,6 +15,6 @@\n 14\n 15\n 16\n-17\n+x\n 18\n 19\n"), std::string::npos) << diff;
  EXPECT_EQ(format::UnifiedDiff("a", "a\n", "f.ocf"),
            "--- a/f.ocf\n+++ b/f.ocf\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+a\n");
}

// The command line, in a scratch folder.
class FmtCli : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ocf_fmt_cli_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path Write(const std::string& name, const std::string& text) {
    fs::path p = dir_ / name;
    std::ofstream(p, std::ios::binary) << text;
    return p;
  }
  int Run(std::vector<std::string> args, std::string& out, std::string& err) {
    std::vector<std::string> argv = {"ocf", "fmt"};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<char*> cargs;
    for (std::string& a : argv) cargs.push_back(a.data());
    std::ostringstream o, e;
    int status = RunCli(static_cast<int>(cargs.size()), cargs.data(), o, e);
    out = o.str();
    err = e.str();
    return status;
  }
  fs::path dir_;
};

constexpr const char* kMessy = "let   a=1\nlet bb = 2\n";
constexpr const char* kTidy = "let a  = 1\nlet bb = 2\n";

TEST_F(FmtCli, PrintsTheFormattedText) {
  fs::path f = Write("a.ocf", kMessy);
  std::string out, err;
  EXPECT_EQ(Run({f.string()}, out, err), 0) << err;
  EXPECT_EQ(out, kTidy);
  EXPECT_EQ(test_support::ReadAll(f), kMessy);  // untouched
}

TEST_F(FmtCli, CheckPrintsADiffAndFailsOnlyWhenNotFormatted) {
  fs::path messy = Write("messy.ocf", kMessy);
  fs::path tidy = Write("tidy.ocf", kTidy);
  std::string out, err;
  EXPECT_EQ(Run({"--check", tidy.string()}, out, err), 0) << err;
  EXPECT_EQ(out, "");
  EXPECT_EQ(Run({"--check", tidy.string(), messy.string()}, out, err), 1);
  EXPECT_NE(out.find("-let   a=1\n+let a  = 1\n"), std::string::npos) << out;
  EXPECT_NE(err.find("1 file is not formatted"), std::string::npos) << err;
  EXPECT_EQ(test_support::ReadAll(messy), kMessy);
}

TEST_F(FmtCli, WriteRewritesOnlyWhatChanges) {
  fs::path messy = Write("messy.ocf", kMessy);
  fs::path tidy = Write("tidy.ocf", kTidy);
  fs::file_time_type tidy_time = fs::last_write_time(tidy);
  std::string out, err;
  EXPECT_EQ(Run({"--write", messy.string(), tidy.string()}, out, err), 0) << err;
  EXPECT_EQ(test_support::ReadAll(messy), kTidy);
  EXPECT_EQ(fs::last_write_time(tidy), tidy_time);
  EXPECT_NE(err.find("formatted "), std::string::npos);
  for (const fs::directory_entry& e : fs::directory_iterator(dir_)) {
    EXPECT_EQ(e.path().string().find(".tmp"), std::string::npos) << "left behind: " << e.path();
  }
}

TEST_F(FmtCli, SyntaxErrorsLeaveTheFileAlone) {
  std::string broken = "measure m = count\nlet = 3\n";
  fs::path f = Write("broken.ocf", broken);
  std::string out, err;
  EXPECT_EQ(Run({"--write", f.string()}, out, err), 1);
  EXPECT_NE(err.find("error"), std::string::npos) << err;
  EXPECT_NE(err.find("has syntax errors, so it was not formatted"), std::string::npos) << err;
  EXPECT_EQ(test_support::ReadAll(f), broken);
}

TEST_F(FmtCli, BadUsage) {
  fs::path f = Write("a.ocf", kTidy);
  std::string out, err;
  EXPECT_EQ(Run({"--check", "--write", f.string()}, out, err), 2);
  EXPECT_NE(err.find("do not go together"), std::string::npos) << err;
  EXPECT_EQ(Run({"--write", "-"}, out, err), 2);
  EXPECT_EQ(Run({}, out, err), 2);
  EXPECT_EQ(Run({(dir_ / "missing.ocf").string()}, out, err), 2);
  EXPECT_NE(err.find("cannot read `"), std::string::npos) << err;
  EXPECT_EQ(Run({dir_.string()}, out, err), 2);
  EXPECT_NE(err.find("is a folder"), std::string::npos) << err;
  // A file that cannot be read among good ones: the others are still done.
  fs::path good = Write("good.ocf", kMessy);
  EXPECT_EQ(Run({"--write", (dir_ / "missing.ocf").string(), good.string()}, out, err), 2);
  EXPECT_EQ(test_support::ReadAll(good), kTidy);
}

}  // namespace
}  // namespace ocf
