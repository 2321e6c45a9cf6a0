// `ocf` as a user meets it: help, version, usage errors and exit statuses.
#include "compiler/driver/cli.h"
#include "ocf/version.h"
#include "tests/unit/run_ocf.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ocf {
namespace {
using ::testing::HasSubstr;
using ::testing::StartsWith;

using test_support::CliRun;
using test_support::RunOcf;

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
  EXPECT_EQ(r.out, std::string("ocf ") + OCF_VERSION + "\n");
}

// `--version` alone is answered before CLI11 (cli.cc); anywhere else CLI11
// answers it, with the same line.
TEST(Cli, VersionWithOtherArgumentsIsTheSameLine) {
  CliRun r = RunOcf({"--version", "check"});
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, std::string("ocf ") + OCF_VERSION + "\n");
  EXPECT_EQ(r.err, "");
}

TEST(Cli, NoArgumentsPrintsHelpAndIsBadUsage) {
  CliRun r = RunOcf({});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("Usage: ocf [OPTIONS] COMMAND"));
}

TEST(Cli, UnknownCommand) {
  CliRun r = RunOcf({"frobnicate", "x.ocf"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown command `frobnicate`; the commands are: check, run, test"));
}

TEST(Cli, UnknownCommandsListTheCommands) {
  CliRun r = RunOcf({"format", "x.ocf"});
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(
      r.err,
      HasSubstr(
          "unknown command `format`; the commands are: check, run, test, explain, rows, fmt, lsp, sql."));
}

std::string Src(const std::string& path) { return std::string(OCF_SOURCE_DIR) + "/" + path; }

TEST(Cli, RunPrintsTheStatementOfTheFlagshipExample) {
  CliRun r =
      RunOcf({"run", Src("examples/msk/msk.ocf"), "--data", Src("examples/msk/data"), "--format", "json"});
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("\"contract\": \"Bedfordshire MSK prime contract\""));
  EXPECT_THAT(r.out, HasSubstr("\"payments\": {"));
  EXPECT_THAT(r.out, HasSubstr("\"name\": \"Capitated budget: 95% on account\", \"amount\": \"6293750.00\""));
  EXPECT_THAT(r.out, HasSubstr("\"name\": \"Capitated budget: year-end balance\", \"amount\": \"0.00\""));
  CliRun table = RunOcf({"run", Src("examples/msk/msk.ocf"), "--data", Src("examples/msk/data")});
  EXPECT_EQ(table.status, 0);
  EXPECT_THAT(table.out, HasSubstr("Payments 2014/15"));
  CliRun one =
      RunOcf({"run", Src("examples/msk/msk.ocf"), "--data", Src("examples/msk/data"), "--period", "nope"});
  EXPECT_EQ(one.status, 2);
  EXPECT_THAT(one.err, HasSubstr("`nope` is not a period of this contract"));
}

TEST(Cli, RunNamesAMissingInputAndRefusesAnUnknownOne) {
  std::string contract = Src("examples/older_people/older_people.ocf"),
              data = Src("examples/older_people/data");
  CliRun missing = RunOcf({"run", contract, "--data", data});
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(
      missing.err,
      HasSubstr("input `registered_65_plus` has no value; run with `--set registered_65_plus=VALUE`"));
  CliRun unknown = RunOcf({"run", contract, "--data", data, "--set", "registered=5"});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("the contract has no input or top-level let named `registered`"));
  CliRun bad = RunOcf({"run", contract, "--data", data, "--set", "registered_65_plus=lots"});
  EXPECT_EQ(bad.status, 1);
  EXPECT_THAT(bad.err, HasSubstr("`lots` is not a whole number"));
}

TEST(Cli, TestRunsEveryExampleAndReportsFailuresWithWhatCameOut) {
  CliRun ok = RunOcf({"test", Src("examples/msk/msk.ocf"), Src("examples/alliance/alliance.ocf")});
  EXPECT_EQ(ok.status, 0) << ok.out << ok.err;
  EXPECT_THAT(ok.out, HasSubstr("3 passed, 0 failed"));
  // A contract whose worked example is wrong.
  std::string path = testing::TempDir() + "/failing_test.ocf";
  std::ofstream(path) << R"(contract "C" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2025-03-31
}
data visits dated by seen_on {
  visit_id : id key
  seen_on  : date
}
measure visits_in = count visits
test "two visits" {
  given visits {
    | visit_id | seen_on    |
    | v1       | 2024-05-01 |
    | v2       | 2024-06-01 |
    | v3       | 2025-06-01 |
  }
  expect visits_in = 3
}
)";
  CliRun failing = RunOcf({"test", path});
  EXPECT_EQ(failing.status, 1);
  EXPECT_THAT(failing.out, HasSubstr("test \"two visits\" ... FAILED"));
  // The third visit is after the term: two were counted.
  EXPECT_THAT(failing.out, HasSubstr("expected 3, got 2"));
  EXPECT_THAT(failing.out, HasSubstr("0 passed, 1 failed"));
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
  // With --format json, standard output still gets JSON: the error, as bad usage.
  CliRun json = RunOcf({"check", "/nonexistent/x.ocf", "--format", "json"});
  EXPECT_EQ(json.status, 2);
  EXPECT_EQ(
      json.out,
      "{\"schema\": \"ocf.diagnostics/1\", \"error\": \"ocf check: cannot read `/nonexistent/x.ocf`: no "
      "such file\", \"usage\": true, \"diagnostics\": [], \"errors\": 1, \"warnings\": 0}\n");
}

TEST(Cli, ErrorsInTheContractExitOneWithASummaryLine) {
  std::string path = std::string(OCF_SOURCE_DIR) + "/CMakePresets.json";  // not a contract, and short
  CliRun r = RunOcf({"check", path});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.err, HasSubstr(path + ":1:1: error["));
  EXPECT_THAT(r.out, StartsWith(path + ": "));
  EXPECT_THAT(r.out, HasSubstr(" error"));
  CliRun json = RunOcf({"check", path, "--format", "json"});
  EXPECT_EQ(json.status, 1);
  EXPECT_THAT(json.out, StartsWith("{\"schema\": \"ocf.diagnostics/1\", \"diagnostics\": ["));
  EXPECT_EQ(json.err, "");
}

// Run-time errors are diagnostics located in the contract (E0801, E0802).
TEST(Cli, RunTimeErrorsPointIntoTheContract) {
  std::string dir = testing::TempDir() + "/runtime_errors";
  std::filesystem::create_directories(dir + "/data");
  std::ofstream(dir + "/data/visits.csv") << "seen_on,cost\n2024-05-01,10\n";
  std::ofstream(dir + "/missing.ocf") << R"(contract "Runtime" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2025-03-31
  periods quarterly
}
data visits dated by seen_on {
  seen_on : date
  cost    : money
}
measure mean_cost = mean cost of visits
payment quarterly {
  pay "Per visit" = mean_cost * 2
}
)";
  CliRun missing = RunOcf({"run", dir + "/missing.ocf", "--data", dir + "/data"});
  EXPECT_EQ(missing.status, 1);
  // Q1 has a visit; Q2 has none, so the mean is missing there.
  EXPECT_THAT(missing.err,
              HasSubstr("missing.ocf:12:21: error[E0802]: payment line \"Per visit\" comes out missing in "
                        "2024/25 Q2"));
  EXPECT_THAT(missing.err, HasSubstr("write `otherwise \u00A30`"));

  std::ofstream(dir + "/overflow.ocf") << R"(contract "Runtime" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2025-03-31
}
data visits dated by seen_on {
  seen_on : date
  cost    : money
}
measure huge = count visits * 9223372036854775807 * 2
)";
  CliRun overflow = RunOcf({"run", dir + "/overflow.ocf", "--data", dir + "/data"});
  EXPECT_EQ(overflow.status, 1);
  EXPECT_THAT(overflow.err,
              HasSubstr("overflow.ocf:9:16: error[E0801]: the result is too large to hold exactly"));
}

}  // namespace
}  // namespace ocf
