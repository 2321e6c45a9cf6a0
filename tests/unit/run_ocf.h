// Running `ocf` in-process, as a user would from a shell, for the tests.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/cli.h"

namespace ocf::test_support {

struct CliRun {
  int status;
  std::string out, err;
};

// `ocf ARGS...`: its exit status, standard output and standard error.
inline CliRun RunOcf(std::vector<std::string> args) {
  args.insert(args.begin(), "ocf");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::ostringstream out, err;
  int status = RunCli(static_cast<int>(args.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

// A file's bytes ("" when it cannot be read: the comparison then fails).
inline std::string ReadAll(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// A test that runs in the source tree (OCF_SOURCE_DIR), so that the paths
// in outputs are relative to it, as the expected files hold them; the
// working directory is put back afterwards.
class InSourceTree {
 public:
  InSourceTree() : old_(std::filesystem::current_path()) { std::filesystem::current_path(OCF_SOURCE_DIR); }
  ~InSourceTree() { std::filesystem::current_path(old_); }
  InSourceTree(const InSourceTree&) = delete;
  InSourceTree& operator=(const InSourceTree&) = delete;

 private:
  std::filesystem::path old_;
};

// Fixtures of such tests, plain and parameterised.
class SourceTreeTest : public ::testing::Test {
  InSourceTree cwd_;
};
template <typename Param>
class SourceTreeTestWithParam : public ::testing::TestWithParam<Param> {
  InSourceTree cwd_;
};

}  // namespace ocf::test_support
