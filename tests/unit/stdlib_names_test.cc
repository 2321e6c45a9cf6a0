// The help of a name the contract does not declare but the standard library
// does (compiler/driver/stdlib_names.h): it names the module to import, for
// functions and for lets and inputs, from whichever standard library the
// options lead to; and the library is read once, when first asked.
#include "compiler/driver/stdlib_names.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "compiler/driver/driver.h"

namespace ocf::driver {
namespace {
namespace fs = std::filesystem;

class StdlibNamesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("ocf_stdlib_names_" + std::to_string(getpid()));
    fs::remove_all(root_);
    fs::create_directories(root_ / "nhs");
  }
  void TearDown() override { fs::remove_all(root_); }
  void Write(const std::string& path, const std::string& text) { std::ofstream(root_ / path) << text; }
  void WriteLibrary() {
    Write("money.ocf", "function uplifted(amount: money, rate: percent) : money = amount * (100% + rate)\n");
    Write("nhs/rates.ocf", "let national_rate = 4.5%\ninput list_size : int\n");
  }

  fs::path root_;
};

TEST_F(StdlibNamesTest, NamesTheModuleOfAFunctionOrAValue) {
  WriteLibrary();
  StdlibNames names(root_.string());
  EXPECT_EQ(names.ModuleOf("uplifted", true), "money");
  EXPECT_EQ(names.ModuleOf("national_rate", false), "nhs/rates");
  EXPECT_EQ(names.ModuleOf("list_size", false), "nhs/rates");
  // A function is not a value, nor a value a function.
  EXPECT_EQ(names.ModuleOf("uplifted", false), "");
  EXPECT_EQ(names.ModuleOf("national_rate", true), "");
  EXPECT_EQ(names.ModuleOf("nowhere", true), "");
}

TEST_F(StdlibNamesTest, ReadsTheLibraryOnceWhenFirstAsked) {
  StdlibNames names(root_.string());
  WriteLibrary();  // after construction: nothing was read yet
  EXPECT_EQ(names.ModuleOf("uplifted", true), "money");
  fs::remove_all(root_ / "nhs");  // after the first question: what was read is kept
  EXPECT_EQ(names.ModuleOf("national_rate", false), "nhs/rates");
}

TEST_F(StdlibNamesTest, NoLibraryNoAnswer) {
  EXPECT_EQ(StdlibNames("").ModuleOf("uplifted", true), "");
  EXPECT_EQ(StdlibNames((root_ / "absent").string()).ModuleOf("uplifted", true), "");
}

std::string HelpOf(const Compilation& c) {
  std::string helps;
  for (const Diagnostic& d : c.diagnostics.diagnostics()) helps += d.help + "\n";
  return helps;
}

TEST_F(StdlibNamesTest, TheCheckerSaysWhatToImport) {
  WriteLibrary();
  DriverOptions options;
  options.stdlib_dir = root_.string();
  std::unique_ptr<Compilation> c = CompileText(
      "contract \"T\" {\n  commissioner \"NHS Test ICB\"\n  term 2024-04-01 to 2025-03-31\n}\n"
      "let budget = uplifted(£1m, national_rate)\n",
      "stdlib_names_test.ocf", options);
  EXPECT_EQ(HelpOf(*c),
            "`uplifted` is in the standard library: add `import \"money\"`\n"
            "`national_rate` is in the standard library: add `import \"nhs/rates\"`\n");
}

TEST_F(StdlibNamesTest, TheRepositorysLibraryNamesFinance) {
  StdlibNames names(OCF_SOURCE_DIR "/stdlib");
  EXPECT_EQ(names.ModuleOf("compound_growth", true), "finance");
  EXPECT_EQ(names.ModuleOf("qof_points", true), "nhs/qof");
}

}  // namespace
}  // namespace ocf::driver
