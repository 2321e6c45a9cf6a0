// Running `ocf` in-process, as a user would from a shell, for the tests.
#pragma once

#include <sstream>
#include <string>
#include <vector>

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

}  // namespace ocf::test_support
