// `ocf test`'s tables obey their data blocks exactly as a data file does:
// every `check` rule and every `key`, with the message `ocf check --data`
// gives, at the row's line of the inline table (or of the file a `given ...
// from` names). Both engines give the same verdict and the same output.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {

using test_support::CliRun;
using test_support::RunOcf;
using ::testing::HasSubstr;
using ::testing::Not;
namespace fs = std::filesystem;

// A folder of its own for each test, holding `files` (name -> contents).
std::string WriteFiles(const std::string& test,
                       const std::vector<std::pair<std::string, std::string>>& files) {
  fs::path dir = fs::path(testing::TempDir()) / ("test_tables_" + test);
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (const auto& [name, contents] : files) std::ofstream(dir / name, std::ios::binary) << contents;
  return dir.string();
}

// `ocf test` on both engines: they must agree to the byte; the JIT's run is returned.
CliRun TestOnBothEngines(const std::string& contract) {
  CliRun jit = RunOcf({"test", "--engine", "jit", contract});
  CliRun interp = RunOcf({"test", "--engine", "interp", contract});
  EXPECT_EQ(jit.status, interp.status);
  EXPECT_EQ(jit.out, interp.out);
  EXPECT_EQ(jit.err, interp.err);
  return jit;
}

constexpr const char* kHead = R"(contract "x" {
  commissioner "a"
  provider "b"
  term 2014-04-01 to 2015-03-31
  periods quarterly
}
data t dated by d {
  d : date
  r : date?
  check r >= d "r cannot come before d"
}
measure n = count t
)";

// Issue 8, finding 1: this aborted the default engine (a std::logic_error
// from the compiled scan) and passed on the interpreter, which ignored the rule.
TEST(TestTables, AnInlineRowBreakingACheckRuleFailsTheTestAtItsLine) {
  std::string dir = WriteFiles("check", {{"c.ocf", std::string(kHead) + R"(test "one" {
  given t {
    | d          | r          |
    | 2014-05-14 | 2014-05-13 |
  }
  expect n = 1
}
)"}});
  std::string contract = dir + "/c.ocf";
  CliRun r = TestOnBothEngines(contract);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("test \"one\" ... FAILED"));
  // Line 16 is the row's line in the contract.
  EXPECT_THAT(r.out, HasSubstr("\n    " + contract + ":16: breaks the check \"r cannot come before d\"\n"));
  EXPECT_THAT(r.out, HasSubstr(contract + ":14:9: error: the rows given for `t` break its data block"));
  EXPECT_THAT(r.out, HasSubstr("0 passed, 1 failed"));
}

TEST(TestTables, RowsThatKeepTheRulesPass) {
  // A missing value meets a rule, as in a data file.
  std::string dir = WriteFiles("keeps", {{"c.ocf", std::string(kHead) + R"(test "one" {
  given t {
    | d          | r          |
    | 2014-05-14 | 2014-05-14 |
    | 2014-05-14 |            |
  }
  expect n = 2
}
)"}});
  CliRun r = TestOnBothEngines(dir + "/c.ocf");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("1 passed, 0 failed"));
}

TEST(TestTables, ARepeatedKeyFailsTheTestAsInADataFile) {
  std::string table = R"(contract "x" {
  commissioner "a"
  term 2014-04-01 to 2015-03-31
}
data visits dated by seen_on {
  visit_id : id key
  seen_on  : date
}
measure visits_in = count visits
test "two visits" {
  given visits {
    | visit_id | seen_on    |
    | v1       | 2014-05-01 |
    | v1       | 2014-06-01 |
  }
  expect visits_in = 2
}
)";
  std::string dir = WriteFiles(
      "key", {{"c.ocf", table}, {"visits.csv", "visit_id,seen_on\nv1,2014-05-01\nv1,2014-06-01\n"}});
  std::string contract = dir + "/c.ocf";
  CliRun r = TestOnBothEngines(contract);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_THAT(r.out,
              HasSubstr(contract + ":14: visit_id: `v1` is already used on line 13 (`visit_id` is a key"));
  // `ocf check --data` says the same of the same rows in a file.
  CliRun data = RunOcf({"check", contract, "--data", "visits=" + dir + "/visits.csv"});
  EXPECT_EQ(data.status, 1);
  EXPECT_THAT(
      data.err,
      HasSubstr(dir + "/visits.csv:3: visit_id: `v1` is already used on line 2 (`visit_id` is a key"));
}

TEST(TestTables, AGivenFileIsCheckedAndItsProblemsListedAtTheFilesLines) {
  std::string dir = WriteFiles("file", {{"c.ocf", std::string(kHead) + R"(test "from a file" {
  given t from "t.csv"
  expect n = 3
}
)"},
                                        {"t.csv",
                                         "d,r\n2014-05-14,2014-05-14\n2014-05-14,2014-05-01\n"
                                         "2014-06-01,2014-05-31\n"}});
  std::string contract = dir + "/c.ocf";
  CliRun r = TestOnBothEngines(contract);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  std::string file = (fs::path(dir) / "t.csv").string();
  EXPECT_THAT(r.out, HasSubstr("\n    " + file + ":3: breaks the check \"r cannot come before d\"\n"));
  EXPECT_THAT(r.out, HasSubstr("\n    " + file + ":4: breaks the check \"r cannot come before d\"\n"));
  EXPECT_THAT(r.out, HasSubstr(file + ": 2 rows breaking the check \"r cannot come before d\""));
  EXPECT_THAT(r.out, HasSubstr(contract +
                               ":14:16: error: the data file \"t.csv\" given for `t` has 2 problems (below), "
                               "so the test was not run"));
  // The same lines as `ocf check --data` prints for the file.
  CliRun data = RunOcf({"check", contract, "--data", "t=" + file});
  EXPECT_THAT(data.err, HasSubstr(file + ":3: breaks the check \"r cannot come before d\"\n"));
  EXPECT_THAT(data.err, HasSubstr(file + ":4: breaks the check \"r cannot come before d\"\n"));
}

// Every problem of every table is listed, as `ocf check --data` lists a
// file's: keys and rules on the same row, and a rule that cannot be worked
// out for a row (an overflow) is broken there.
TEST(TestTables, EveryProblemOfEveryTableIsListed) {
  std::string dir = WriteFiles("every", {{"c.ocf", R"(contract "x" {
  commissioner "a"
  term 2014-04-01 to 2015-03-31
}
data t dated by d {
  id : id key
  d  : date
  n  : int
  check n * 4 > 0 "n is positive"
}
data u dated by d {
  d : date
  v : int
  check v < 10 "v under ten"
}
measure a = count t
measure b = count u
test "both" {
  given t {
    | id | d          | n                   |
    | x  | 2014-05-14 | 1                   |
    | x  | 2014-05-14 | -1                  |
    | y  | 2014-05-14 | 4611686018427387904 |
  }
  given u {
    | d          | v  |
    | 2014-05-14 | 12 |
  }
  expect a = 3
  expect b = 1
}
)"}});
  std::string contract = dir + "/c.ocf";
  CliRun r = TestOnBothEngines(contract);
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_THAT(r.out,
              HasSubstr(contract + ":19:9: error: the data given for `t` and `u` has 4 problems (below), so "
                                   "the test was not run"));
  EXPECT_THAT(r.out, HasSubstr(contract + ":22: id: `x` is already used on line 21"));
  EXPECT_THAT(r.out, HasSubstr(contract + ":22: breaks the check \"n is positive\"\n"));
  EXPECT_THAT(r.out,
              HasSubstr(contract + ":23: breaks the check \"n is positive\" (it cannot be worked out for "
                                   "this row: the result is too large to hold exactly)"));
  EXPECT_THAT(r.out, HasSubstr(contract + ":27: breaks the check \"v under ten\""));
  // No expect was compared.
  EXPECT_THAT(r.out, Not(HasSubstr("expected")));
}

// Inputs are missing where rules are evaluated (data is checked before they
// are known), so `v < limit` is met whatever `limit` is set to, in a test as
// in `ocf check --data` and `ocf run`.
TEST(TestTables, ARuleThatUsesAnInputIsMet) {
  std::string dir = WriteFiles("input", {{"c.ocf", R"(contract "x" {
  commissioner "a"
  term 2014-04-01 to 2015-03-31
}
input limit : int
data t dated by d {
  d : date
  v : int
  check v < limit "v under the limit"
}
measure n = count t
test "over the limit" {
  given t {
    | d          | v |
    | 2014-05-14 | 5 |
  }
  set limit = 3
  expect n = 1
}
)"}});
  CliRun r = TestOnBothEngines(dir + "/c.ocf");
  EXPECT_EQ(r.status, 0) << r.out << r.err;
}

}  // namespace
}  // namespace ocf
