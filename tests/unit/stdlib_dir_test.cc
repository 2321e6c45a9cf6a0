// Where the standard library is found (driver.h, StdlibDir): --stdlib, else
// $OCF_STDLIB, else the installed share/ocf/stdlib beside the library or the
// executable, else the source tree's stdlib/. tests/install/install_test.sh
// checks the installed case from a moved prefix.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/driver.h"

namespace ocf::driver {
namespace {
namespace fs = std::filesystem;

class StdlibDirTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("ocf_stdlib_dir_" + std::to_string(getpid()));
    fs::create_directories(root_ / "a");
    fs::create_directories(root_ / "b");
  }
  void TearDown() override { fs::remove_all(root_); }
  std::string Dir(const std::string& name) const { return (root_ / name).string(); }

  fs::path root_;
};

TEST_F(StdlibDirTest, TheOptionComesFirst) {
  EXPECT_EQ(ChooseStdlibDir("opt", "env", {Dir("a")}, "src"), "opt");
}

TEST_F(StdlibDirTest, ThenTheEnvironmentVariable) {
  EXPECT_EQ(ChooseStdlibDir("", "env", {Dir("a")}, "src"), "env");
}

TEST_F(StdlibDirTest, AnEmptyEnvironmentVariableIsUnset) {
  EXPECT_EQ(ChooseStdlibDir("", "", {Dir("a")}, "src"), Dir("a"));
}

TEST_F(StdlibDirTest, ThenTheFirstInstalledFolderThatExists) {
  EXPECT_EQ(ChooseStdlibDir("", nullptr, {Dir("missing"), Dir("b"), Dir("a")}, "src"), Dir("b"));
}

TEST_F(StdlibDirTest, AFileIsNotAnInstalledFolder) {
  fs::path file = root_ / "file";
  { std::ofstream(file) << "x"; }
  EXPECT_EQ(ChooseStdlibDir("", nullptr, {file.string()}, "src"), "src");
}

TEST_F(StdlibDirTest, ThenTheSourceTree) {
  EXPECT_EQ(ChooseStdlibDir("", nullptr, {Dir("missing")}, "src"), "src");
  EXPECT_EQ(ChooseStdlibDir("", nullptr, {}, "src"), "src");
}

// The test binary links ocf statically, like bin/ocf: the candidate is
// beside the executable, where an installed `ocf` keeps it
// (bin/../share/ocf/stdlib). tests/install checks libocf's.
TEST_F(StdlibDirTest, InstalledCandidateIsBesideTheExecutable) {
  fs::path exe = fs::read_symlink("/proc/self/exe");
  std::vector<std::string> candidates = InstalledStdlibCandidates();
  ASSERT_EQ(candidates.size(), 1u);
  EXPECT_EQ(candidates[0], (exe.parent_path().parent_path() / "share" / "ocf" / "stdlib").string());
}

// From the build tree no installed stdlib exists, so the default is the
// source tree's (which the golden tests import from).
TEST_F(StdlibDirTest, FromTheBuildTreeTheDefaultIsTheSourceTree) {
  const char* saved = std::getenv("OCF_STDLIB");
  std::string keep = saved ? saved : "";
  unsetenv("OCF_STDLIB");
  std::string dir = StdlibDir(DriverOptions{});
  if (saved) setenv("OCF_STDLIB", keep.c_str(), 1);
  EXPECT_EQ(dir, std::string(OCF_SOURCE_DIR) + "/stdlib");
}

}  // namespace
}  // namespace ocf::driver
