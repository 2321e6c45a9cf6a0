// The driver's own work: reading files and following imports. A fake parser
// that only understands `import "PATH"` lines keeps these tests independent of
// the grammar; the checker's reports are ignored here (it sees no contract).
#include "compiler/driver/driver.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ocf::driver {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// Every line `import "PATH"` becomes an ImportDecl; everything else is ignored.
// Test files are ASCII, so byte offsets are code point offsets.
ParseResult FakeParse(const SourceFile& source, uint32_t source_id, const ParseLimits&) {
  ParseResult result;
  result.file.source_id = source_id;
  const std::string& text = source.text();
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string::npos) line_end = text.size();
    std::string line = text.substr(line_start, line_end - line_start);
    if (line.rfind("import \"", 0) == 0) {
      size_t open = line_start + 7, close = text.find('"', open + 1);
      auto decl = std::make_unique<ast::ImportDecl>(
          Span{source_id, static_cast<uint32_t>(line_start), static_cast<uint32_t>(close + 1)});
      decl->path = text.substr(open + 1, close - open - 1);
      decl->path_span = Span{source_id, static_cast<uint32_t>(open), static_cast<uint32_t>(close + 1)};
      result.file.decls.push_back(std::move(decl));
    }
    line_start = line_end + 1;
  }
  return result;
}

class DriverTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = fs::current_path();
    dir_ = fs::temp_directory_path() / ("ocf_driver_test_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::current_path(dir_);
    options_.parse = FakeParse;
    options_.stdlib_dir = "lib";
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    fs::remove_all(dir_);
  }

  void Write(const std::string& path, const std::string& text) {
    fs::path p(path);
    if (p.has_parent_path()) fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
  }

  // The driver's own diagnostics, rendered, leaving out the checker's.
  std::vector<std::string> DriverReports(const Compilation& c) {
    std::vector<std::string> out;
    for (const Diagnostic& d : c.diagnostics.diagnostics()) {
      if (d.code == DiagCode::ImportNotFound || d.code == DiagCode::ImportCycle ||
          d.code == DiagCode::FileTooLarge) {
        out.push_back(RenderText(d, c.sources));
      }
    }
    return out;
  }

  std::vector<std::string> Paths(const Compilation& c) {
    std::vector<std::string> out;
    for (size_t i = 0; i < c.sources.size(); ++i)
      out.push_back(c.sources.Get(static_cast<uint32_t>(i)).path());
    return out;
  }

  fs::path old_cwd_, dir_;
  DriverOptions options_;
};

TEST_F(DriverTest, MissingContractFileIsAReadErrorNotADiagnostic) {
  auto c = CompileFile("nowhere.ocf", options_);
  EXPECT_EQ(c->read_error, "cannot read `nowhere.ocf`: no such file");
  EXPECT_THAT(c->diagnostics.diagnostics(), IsEmpty());
  EXPECT_FALSE(c->ok());
}

TEST_F(DriverTest, FolderIsAReadError) {
  fs::create_directories("folder.ocf");
  auto c = CompileFile("folder.ocf", options_);
  EXPECT_THAT(c->read_error, HasSubstr("folder"));
}

TEST_F(DriverTest, ImportsBesideTheFileThenInTheStdlibAddingOcf) {
  Write("contracts/main.ocf", "import \"common\"\nimport \"nhs/qof.ocf\"\n");
  Write("contracts/common.ocf", "");
  Write("lib/nhs/qof.ocf", "");
  Write("lib/common.ocf", "");  // shadowed by the file beside main.ocf
  auto c = CompileFile("contracts/main.ocf", options_);
  EXPECT_THAT(DriverReports(*c), IsEmpty());
  EXPECT_THAT(Paths(*c), ElementsAre("contracts/main.ocf", "contracts/common.ocf", "lib/nhs/qof.ocf"));
  ASSERT_EQ(c->files.size(), 3u);
  EXPECT_EQ(c->files[2]->source_id, 2u);
}

TEST_F(DriverTest, OcfStdlibEnvironmentVariableIsTheDefault) {
  Write("main.ocf", "import \"x\"\n");
  Write("elsewhere/x.ocf", "");
  options_.stdlib_dir.clear();
  setenv("OCF_STDLIB", "elsewhere", 1);
  auto c = CompileFile("main.ocf", options_);
  unsetenv("OCF_STDLIB");
  EXPECT_THAT(DriverReports(*c), IsEmpty());
  EXPECT_THAT(Paths(*c), ElementsAre("main.ocf", "elsewhere/x.ocf"));
}

TEST_F(DriverTest, FileReachedTwiceIsReadOnce) {
  Write("main.ocf", "import \"a\"\nimport \"b\"\nimport \"./a.ocf\"\n");
  Write("a.ocf", "import \"shared/c\"\n");
  Write("b.ocf", "import \"shared/../shared/c\"\n");
  Write("shared/c.ocf", "");
  auto c = CompileFile("main.ocf", options_);
  EXPECT_THAT(DriverReports(*c), IsEmpty());
  EXPECT_THAT(Paths(*c), ElementsAre("main.ocf", "a.ocf", "shared/c.ocf", "b.ocf"));
}

TEST_F(DriverTest, ImportNotFoundSaysWhereItLooked) {
  Write("main.ocf", "import \"nhs/qoff\"\n");
  auto c = CompileFile("main.ocf", options_);
  EXPECT_THAT(DriverReports(*c),
              ElementsAre("main.ocf:1:8: error[E0304]: cannot find the imported file `nhs/qoff`\n"
                          "1 | import \"nhs/qoff\"\n"
                          "  |        ^~~~~~~~~~\n"
                          "  = note: looked for `nhs/qoff.ocf`\n"
                          "  = note: looked for `lib/nhs/qoff.ocf`\n"
                          "  = help: an import is looked for in the importing file's folder, "
                          "then in the standard library; check the spelling\n"));
  // Every name the import would have brought would be reported unknown: the checker is not run.
  EXPECT_EQ(c->program, nullptr);
  EXPECT_EQ(c->check_skipped_because, "an import was not found");
  EXPECT_FALSE(c->ok());
}

TEST_F(DriverTest, EmptyImportPath) {
  Write("main.ocf", "import \"\"\n");
  auto c = CompileFile("main.ocf", options_);
  ASSERT_EQ(DriverReports(*c).size(), 1u);
  EXPECT_THAT(DriverReports(*c)[0], HasSubstr("error[E0304]: an import needs a file name"));
}

TEST_F(DriverTest, ImportCycleNamesTheChain) {
  Write("main.ocf", "import \"a\"\n");
  Write("a.ocf", "import \"b\"\n");
  Write("b.ocf", "\nimport \"a\"\n");
  auto c = CompileFile("main.ocf", options_);
  EXPECT_THAT(DriverReports(*c),
              ElementsAre("b.ocf:2:8: error[E0305]: files import each other: `a.ocf` -> "
                          "`b.ocf` -> `a.ocf`\n"
                          "2 | import \"a\"\n"
                          "  |        ^~~\n"
                          "a.ocf:1:8: note: `a.ocf` imports `b.ocf` here\n"
                          "1 | import \"b\"\n"
                          "  |        ^~~\n"
                          "  = help: move what these files share into one file that each of "
                          "them imports\n"));
  EXPECT_THAT(Paths(*c), ElementsAre("main.ocf", "a.ocf", "b.ocf"));
  // Each file was still read once, so the checker can run.
  EXPECT_NE(c->program, nullptr);
}

TEST_F(DriverTest, FileImportingItself) {
  Write("main.ocf", "import \"main\"\n");
  auto c = CompileFile("main.ocf", options_);
  ASSERT_EQ(DriverReports(*c).size(), 1u);
  EXPECT_THAT(DriverReports(*c)[0], HasSubstr("main.ocf:1:8: error[E0305]: `main.ocf` imports itself"));
}

TEST_F(DriverTest, ContractTooLargeIsRefusedBeforeParsing) {
  Write("big.ocf", "contract \"Big\" {\n" + std::string(2000, ' ') + "\n");
  options_.max_file_bytes = 1000;
  auto c = CompileFile("big.ocf", options_);
  EXPECT_TRUE(c->read_error.empty());
  ASSERT_EQ(DriverReports(*c).size(), 1u);
  EXPECT_EQ(
      DriverReports(*c)[0],
      "big.ocf:1:1: error[E0118]: `big.ocf` is 2018 bytes; ocf reads contract files of up to 1000 bytes\n"
      "1 | contract \"Big\" {\n"
      "  | ^\n"
      "  = help: a contract is usually a few hundred lines: check that this is the right file\n");
  EXPECT_EQ(c->program, nullptr);
}

TEST_F(DriverTest, ImportTooLargeIsReportedAtTheImport) {
  Write("main.ocf", "import \"big\"\n");
  Write("big.ocf", std::string(2000, '/'));
  options_.max_file_bytes = 1000;
  auto c = CompileFile("main.ocf", options_);
  ASSERT_EQ(DriverReports(*c).size(), 1u);
  EXPECT_THAT(DriverReports(*c)[0], HasSubstr("main.ocf:1:8: error[E0118]: `big.ocf` is"));
  EXPECT_THAT(Paths(*c), ElementsAre("main.ocf"));
  EXPECT_EQ(c->program, nullptr);
}

TEST_F(DriverTest, TextStandsForAFileAtItsVirtualPath) {
  Write("dir/lib.ocf", "");
  auto c = CompileText("import \"lib\"\n", "dir/virtual.ocf", options_);
  EXPECT_THAT(DriverReports(*c), IsEmpty());
  EXPECT_THAT(Paths(*c), ElementsAre("dir/virtual.ocf", "dir/lib.ocf"));
}

TEST_F(DriverTest, FilesOutsideTheWorkingDirectoryAreNamedInFull) {
  fs::path outside = dir_ / "outside";
  Write("outside/x.ocf", "");
  Write("work/main.ocf", "import \"" + (outside / "x").string() + "\"\n");
  fs::current_path(dir_ / "work");
  auto c = CompileFile("main.ocf", options_);
  EXPECT_THAT(DriverReports(*c), IsEmpty());
  EXPECT_THAT(Paths(*c), ElementsAre("main.ocf", (outside / "x.ocf").generic_string()));
}

TEST_F(DriverTest, DiagnosticsAreOrderedByFileThenPosition) {
  Write("main.ocf", "import \"missing2\"\nimport \"a\"\nimport \"missing1\"\n");
  Write("a.ocf", "import \"missing3\"\n");
  auto c = CompileFile("main.ocf", options_);
  std::vector<std::pair<uint32_t, uint32_t>> where;
  for (const Diagnostic& d : c->diagnostics.diagnostics()) where.push_back({d.span.file, d.span.begin});
  EXPECT_TRUE(std::is_sorted(where.begin(), where.end()));
  EXPECT_EQ(DriverReports(*c).size(), 3u);
}

}  // namespace
}  // namespace ocf::driver
