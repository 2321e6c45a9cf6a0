// `ocf` as a user meets it: help, version, usage errors and exit statuses.
#include "compiler/driver/cli.h"

#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ocf {
namespace {
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct CliRun {
  int status;
  std::string out, err;
};

CliRun RunOcf(std::vector<std::string> args) {
  args.insert(args.begin(), "ocf");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::ostringstream out, err;
  int status = RunCli(static_cast<int>(args.size()), argv.data(), out, err);
  return {status, out.str(), err.str()};
}

TEST(Cli, HelpSaysWhatOcfIsAndListsCommandsExamplesAndExitStatus) {
  CliRun r = RunOcf({"--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, StartsWith("ocf compiles outcomes-based healthcare contracts."));
  EXPECT_THAT(r.out, HasSubstr("Commands:\n  check "));
  EXPECT_THAT(r.out, HasSubstr("Examples:\n  ocf check examples/msk/msk.ocf"));
  EXPECT_THAT(r.out, HasSubstr("Exit status: 0 no errors"));
  EXPECT_EQ(r.err, "");
}

TEST(Cli, CheckHelp) {
  CliRun r = RunOcf({"check", "--help"});
  EXPECT_EQ(r.status, 0);
  EXPECT_THAT(r.out, HasSubstr("Usage: ocf check [OPTIONS] FILE"));
  EXPECT_THAT(r.out, HasSubstr("--format text|json"));
  EXPECT_THAT(r.out, HasSubstr("--data DIR|NAME=PATH"));
  EXPECT_THAT(r.out,
              HasSubstr("Exit status: 0 no errors (warnings allowed), 1 errors in the contract or the\n"
                        "data, 2 bad usage."));
}

TEST(Cli, Version) {
  CliRun r = RunOcf({"--version"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "ocf 0.1.0\n");
}

TEST(Cli, NoArgumentsPrintsHelpAndIsBadUsage) {
  CliRun r = RunOcf({});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("Usage: ocf [OPTIONS] COMMAND"));
}

TEST(Cli, UnknownCommand) {
  CliRun r = RunOcf({"frobnicate", "x.ocf"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown command `frobnicate`; the commands are: check"));
}

TEST(Cli, CommandsOfLaterVersionsSaySo) {
  CliRun r = RunOcf({"run", "x.ocf"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("`ocf run` is not available in this version of ocf yet"));
}

TEST(Cli, UnknownOption) {
  CliRun r = RunOcf({"check", "--frobnicate", "x.ocf"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--frobnicate"));
  EXPECT_THAT(r.err, HasSubstr("Run `ocf check --help`"));
}

TEST(Cli, MissingFileArgument) {
  CliRun r = RunOcf({"check"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("ocf check: FILE is required"));
}

TEST(Cli, BadFormat) {
  CliRun r = RunOcf({"check", "x.ocf", "--format", "xml"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--format is `text` or `json`, not `xml`"));
}

TEST(Cli, NonexistentFileIsBadUsage) {
  CliRun r = RunOcf({"check", "/nonexistent/x.ocf"});
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.err, "ocf check: cannot read `/nonexistent/x.ocf`: no such file\n");
  EXPECT_EQ(r.out, "");
  CliRun json = RunOcf({"check", "/nonexistent/x.ocf", "--format", "json"});
  EXPECT_EQ(json.status, 2);
  EXPECT_EQ(json.out, "");
}

TEST(Cli, ErrorsInTheContractExitOneWithASummaryLine) {
  std::string path = std::string(OCF_SOURCE_DIR) + "/CMakeLists.txt";  // certainly not a contract
  CliRun r = RunOcf({"check", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr(path + ":2:24: error["));
  EXPECT_THAT(r.out, StartsWith(path + ": "));
  EXPECT_THAT(r.out, HasSubstr(" error"));
  CliRun json = RunOcf({"check", path, "--format", "json"});
  EXPECT_EQ(json.status, 1);
  EXPECT_THAT(json.out, StartsWith("{\"diagnostics\": ["));
  EXPECT_EQ(json.err, "");
}

}  // namespace
}  // namespace ocf
