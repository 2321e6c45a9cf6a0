// The command line's options shared by the commands: several files and `-`
// for `ocf check`, `--color`, and JSON for every outcome under `--format json`.
#include <cstdio>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/run_ocf.h"

namespace {

using ocf::test_support::CliRun;
using ocf::test_support::RunOcf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kSource = OCF_SOURCE_DIR;
const std::string kMsk = kSource + "/examples/msk/msk.ocf";
const std::string kNotAContract = kSource + "/CMakePresets.json";  // short: every error reported

// Runs the real binary through the shell: standard output, and the status.
CliRun Shell(const std::string& command) {
  CliRun r{0, "", ""};
  FILE* p = popen(command.c_str(), "r");
  if (!p) return {-1, "", "popen failed"};
  char buffer[4096];
  for (size_t n; (n = fread(buffer, 1, sizeof buffer, p)) > 0;) r.out.append(buffer, n);
  int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

TEST(CliOptions, CheckTakesSeveralFiles) {
  CliRun r = RunOcf({"check", kMsk, kNotAContract});
  EXPECT_EQ(r.status, 1);  // one has errors
  EXPECT_THAT(r.out, HasSubstr(kMsk + ": ok"));
  EXPECT_THAT(r.out, HasSubstr(kNotAContract + ": "));
  EXPECT_THAT(r.err, HasSubstr(kNotAContract + ":1:1: error["));
  CliRun both_ok = RunOcf({"check", kMsk, kSource + "/examples/alliance/alliance.ocf"});
  EXPECT_EQ(both_ok.status, 0) << both_ok.err;

  CliRun json = RunOcf({"check", kMsk, kNotAContract, "--format", "json"});
  EXPECT_EQ(json.status, 1);
  EXPECT_THAT(json.out, StartsWith("{\"schema\": \"ocf.diagnostics/1\", \"files\": [\n"));
  // Each file's object is what checking it alone prints.
  std::string alone = RunOcf({"check", kMsk, "--format", "json"}).out;
  alone.pop_back();  // the newline
  EXPECT_THAT(json.out, HasSubstr(alone));
  // The totals count every file's errors.
  size_t errors = 0;
  for (size_t at = 0; (at = json.out.find("\"severity\": \"error\"", at)) != std::string::npos; ++at)
    ++errors;
  EXPECT_GT(errors, 0u);
  EXPECT_THAT(json.out,
              ::testing::EndsWith("\n], \"errors\": " + std::to_string(errors) + ", \"warnings\": 0}\n"));
}

TEST(CliOptions, DataIsForOneContract) {
  CliRun r = RunOcf({"check", kMsk, kMsk, "--data", kSource + "/examples/msk/data"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("--data is one contract's data"));
}

TEST(CliOptions, DashIsStandardInput) {
  const std::string ocf = OCF_BINARY;
  CliRun ok = Shell(ocf + " check - < '" + kMsk + "' 2>/dev/null");
  EXPECT_EQ(ok.status, 0);
  EXPECT_THAT(ok.out, StartsWith("<stdin>: ok"));
  CliRun bad = Shell(ocf + " check - --format json < '" + kNotAContract + "' 2>/dev/null");
  EXPECT_EQ(bad.status, 1);
  EXPECT_THAT(bad.out, HasSubstr("\"file\": \"<stdin>\""));
  CliRun twice = Shell(ocf + " check - - < /dev/null 2>&1");
  EXPECT_EQ(twice.status, 2);
  EXPECT_THAT(twice.out, HasSubstr("`-` (standard input) can be given once"));
}

TEST(CliOptions, ColorAlwaysAndNever) {
  CliRun always = RunOcf({"check", kNotAContract, "--color", "always"});
  EXPECT_THAT(always.err, HasSubstr("\033["));
  CliRun never = RunOcf({"check", kNotAContract, "--color", "never"});
  EXPECT_THAT(never.err, Not(HasSubstr("\033[")));
  EXPECT_EQ(RunOcf({"check", kNotAContract}).err, never.err);  // not a terminal: no colour
  CliRun bad = RunOcf({"check", kMsk, "--color", "sometimes"});
  EXPECT_EQ(bad.status, 2);
  EXPECT_THAT(bad.err, HasSubstr("--color"));
}

TEST(CliOptions, TestResultsAsJsonAndJunit) {
  CliRun json = RunOcf({"test", kMsk, "--format", "json"});
  EXPECT_EQ(json.status, 0) << json.err;
  EXPECT_THAT(json.out, StartsWith("{\"schema\": \"ocf.test/1\""));
  EXPECT_THAT(json.out, HasSubstr("\"failed\": 0"));
  CliRun junit = RunOcf({"test", kMsk, "--format", "junit"});
  EXPECT_EQ(junit.status, 0) << junit.err;
  EXPECT_THAT(junit.out, StartsWith("<?xml"));
  EXPECT_THAT(junit.out, HasSubstr("<testsuite name=\"" + kMsk + "\""));
  EXPECT_THAT(junit.out, HasSubstr("failures=\"0\""));
  // A contract with errors: its tests cannot run (status 1), said in both.
  CliRun broken = RunOcf({"test", kNotAContract, "--format", "json"});
  EXPECT_EQ(broken.status, 1);
  EXPECT_THAT(broken.out, HasSubstr("the contract has errors"));
}

TEST(CliOptions, JsonIsPrintedForEveryKindOfBadUsage) {
  for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
           {"run", kMsk, "--format", "json", "--no-such-option"},
           {"run", "--format", "json"},
           {"frobnicate", "--format", "json"},
           {"check", kMsk, "--format=json", "--set", "x=1"},
           {"run", kMsk, "--format", "json", "--engine", "fast"},
           {"test", kMsk, "--format", "json", "--engine", "fast"},
       }) {
    CliRun r = RunOcf(args);
    EXPECT_EQ(r.status, 2) << args[0];
    EXPECT_THAT(r.out, StartsWith("{\"schema\": \"ocf.diagnostics/1\", \"error\": \"")) << args[0] << r.err;
    EXPECT_THAT(r.out, HasSubstr("\"usage\": true")) << args[0];
    EXPECT_FALSE(r.err.empty()) << args[0];
  }
  // --help is not an error, and not JSON.
  CliRun help = RunOcf({"run", "--help", "--format", "json"});
  EXPECT_EQ(help.status, 0);
  EXPECT_THAT(help.out, HasSubstr("Usage"));
}

}  // namespace
