// Whatever escapes a command is a bug in ocf, reported as one with exit
// status 1: never std::terminate and an abort (issue 8: `ocf test` aborted
// with exit 134 on a std::logic_error from the compiled engine).
#include "compiler/driver/internal_error.h"

#include <ios>
#include <new>
#include <sstream>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/driver/cli.h"

namespace ocf {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Src(const std::string& path) { return std::string(OCF_SOURCE_DIR) + "/" + path; }

TEST(InternalError, AnExceptionIsReportedAsABugWithExitStatusOne) {
  std::ostringstream err;
  int status = driver::ReportInternalErrors("ocf test", err, []() -> int {
    throw std::logic_error("a check rule the reference check passed fails compiled");
  });
  EXPECT_EQ(status, 1);
  EXPECT_EQ(err.str(),
            "ocf test: internal error: a check rule the reference check passed fails compiled\n"
            "  = note: this is a bug in ocf, not a mistake in the contract or its data\n"
            "  = help: please report it with the contract, its data and the command that ran it\n");
}

TEST(InternalError, TheHelpGivesTheWorkaroundWhenThereIsOne) {
  std::ostringstream err;
  int status = driver::ReportInternalErrors(
      "ocf run", err, []() -> int { throw std::runtime_error("boom"); },
      "`--engine interp` runs the reference interpreter instead");
  EXPECT_EQ(status, 1);
  EXPECT_THAT(err.str(), HasSubstr("ocf run: internal error: boom\n"));
  EXPECT_THAT(err.str(),
              HasSubstr("ran it; meanwhile, `--engine interp` runs the reference interpreter instead\n"));
}

TEST(InternalError, AnExceptionOfAnyTypeIsCaught) {
  std::ostringstream err;
  EXPECT_EQ(driver::ReportInternalErrors("ocf check", err, []() -> int { throw 42; }), 1);
  EXPECT_THAT(err.str(), HasSubstr("ocf check: internal error: an exception of an unknown type\n"));
}

TEST(InternalError, RunningOutOfMemoryIsSaidAsSuch) {
  std::ostringstream err;
  EXPECT_EQ(driver::ReportInternalErrors("ocf run", err, []() -> int { throw std::bad_alloc(); }), 1);
  EXPECT_THAT(err.str(), HasSubstr("ocf run: error: out of memory\n"));
  EXPECT_THAT(err.str(), Not(HasSubstr("internal error")));
}

TEST(InternalError, ACommandThatReturnsKeepsItsStatusAndSaysNothing) {
  std::ostringstream err;
  EXPECT_EQ(driver::ReportInternalErrors("ocf run", err, [] { return 2; }), 2);
  EXPECT_EQ(err.str(), "");
}

// A stream whose every write fails, set to throw: a way to make any command
// throw from inside, as an internal error would.
class FailingBuffer : public std::streambuf {
 protected:
  int_type overflow(int_type) override { return traits_type::eof(); }
  std::streamsize xsputn(const char*, std::streamsize) override { return 0; }
};

// Every command is behind the net: what escapes it is reported, never thrown
// out of RunCli (and so never an abort in the `ocf` binary).
TEST(InternalError, EveryCommandOfTheCommandLineIsGuarded) {
  std::vector<std::vector<std::string>> commands = {
      {"check", Src("examples/msk/msk.ocf")},
      {"run", Src("examples/msk/msk.ocf"), "--data", Src("examples/msk/data")},
      {"test", Src("examples/msk/msk.ocf")},
      {"test", "--engine", "interp", Src("examples/msk/msk.ocf")},
  };
  for (std::vector<std::string> args : commands) {
    args.insert(args.begin(), "ocf");
    std::vector<char*> argv;
    for (std::string& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    FailingBuffer buffer;
    std::ostream out(&buffer);
    out.exceptions(std::ios::badbit | std::ios::failbit);
    std::ostringstream err;
    int status = -1;
    EXPECT_NO_THROW(status = RunCli(static_cast<int>(args.size()), argv.data(), out, err)) << args[1];
    EXPECT_EQ(status, 1) << args[1];
    EXPECT_THAT(err.str(), HasSubstr("ocf " + args[1] + ": internal error: ")) << args[1];
    EXPECT_THAT(err.str(), HasSubstr("this is a bug in ocf")) << args[1];
    // The workaround is offered only where it is one.
    bool jit = args[1] != "check" && args[2] != "--engine";
    EXPECT_EQ(err.str().find("--engine interp") != std::string::npos, jit) << err.str();
  }
}

}  // namespace
}  // namespace ocf
