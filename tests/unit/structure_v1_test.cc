// LANGUAGE.md §6, the structure half: payments by group, gates and named
// types. Every expected value is worked out by hand from the rows below, and
// each run is on both engines, which must agree.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/v1_support.h"

namespace ocf {
namespace {

using namespace test_support;  // NOLINT: the v1 helpers
using ::testing::HasSubstr;
using ::testing::Not;

// An alliance of three members (one named type for both tables): visits
// name acute and community, the ledger acute and gp, so the payment's groups
// are the union, acute, community and gp.
constexpr const char* kContract = R"(contract "Alliance" {
  commissioner "CCG"
  term     2020-04-01 to 2021-03-31
  baseline 2019-04-01 to 2020-03-31
  periods  quarterly
}
type member = one of (acute, community, gp)
data visits dated by seen_on {
  visit_id : id key
  provider : member
  seen_on  : date
  in_time  : bool
}
data ledger dated by month {
  provider : member
  month    : date
  spend    : money
}
measure activity by provider = count visits
measure timely by provider = percent of visits where in_time
measure spend by provider = sum spend of ledger
measure total_activity = count visits
target activity increased by 50% from baseline
target timely at least 75%
outcome volume weight 50% { activity }
outcome access weight 50% { timely }
gate busy = activity >= 2
payment quarterly by provider {
  let share = if provider = acute then 60% else if provider = community then 30% else 10%
  pay "Core" = share * £1_000
  pay "Incentive" = if busy then £100 * achievement else £0
  pay "Spend back" = -spend
  shadow pay "Core so far" = paid "Core" so far
}
payment quarterly {
  pay "All core so far" = paid "Core" so far
}
)";

// Baseline: acute 2, community 1. Q1: acute 3 (2 in time), community 1 (in
// time); Q2: community 1 (late).
constexpr const char* kVisits =
    "visit_id,provider,seen_on,in_time\n"
    "b1,acute,2019-05-01,yes\n"
    "b2,acute,2019-06-01,yes\n"
    "b3,community,2019-07-01,yes\n"
    "v1,acute,2020-04-10,yes\n"
    "v2,acute,2020-05-10,no\n"
    "v3,acute,2020-06-10,yes\n"
    "v4,community,2020-04-11,yes\n"
    "v5,community,2020-07-11,no\n";
constexpr const char* kLedger =
    "provider,month,spend\n"
    "acute,2020-04-01,10.00\n"
    "gp,2020-05-01,20.50\n"
    "acute,2020-08-01,5.00\n";

struct Alliance {
  Scratch dir;
  std::string contract, visits, ledger;
  Alliance(const std::string& text = kContract)
      : contract(dir.Write("c.ocf", text)),
        visits(dir.Write("visits.csv", kVisits)),
        ledger(dir.Write("ledger.csv", kLedger)) {}
  std::vector<std::string> Args(const std::string& command = "run") const {
    return {command, contract, "--data", "visits=" + visits, "--data", "ledger=" + ledger};
  }
};

TEST(PaymentsByGroup, EachGroupIsPaidOnItsOwnMeasuresTargetsAndAchievement) {
  Alliance a;
  CsvRun run = RunOnBothEngines(a.Args());
  ExpectRows(run, {
                      // acute: baseline 2, so the target runs from 2 to 3; Q1's 3 meets it. Two of
                      // three in time (66.67%) misses 75%. Achievement 50% * 1 + 50% * 0 = 50%, and
                      // with 3 visits the gate passes: £100 * 50%.
                      "group target,activity,acute,2020/21 Q1,1,,",
                      "group target,timely,acute,2020/21 Q1,0,,",
                      "group achievement,achievement,acute,2020/21 Q1,0.5,,",
                      "group gate,busy,acute,2020/21 Q1,true,,",
                      "payment,Core,acute,2020/21 Q1,600.00,,",
                      "payment,Incentive,acute,2020/21 Q1,50.00,,",
                      "payment,Spend back,acute,2020/21 Q1,-10.00,,",
                      // community: baseline 1 (target 1 to 1.5), Q1 1 visit: 0; in time: met.
                      // One visit: the gate fails, so no incentive.
                      "group target,activity,community,2020/21 Q1,0,,",
                      "group target,timely,community,2020/21 Q1,1,,",
                      "group achievement,achievement,community,2020/21 Q1,0.5,,",
                      "group gate,busy,community,2020/21 Q1,false,,",
                      "payment,Incentive,community,2020/21 Q1,0.00,,",
                      // gp only has spend: a group of the ledger's measure, with no visits.
                      "payment,Core,gp,2020/21 Q1,100.00,,",
                      "payment,Spend back,gp,2020/21 Q1,-20.50,,",
                      // The overall figures are unchanged: 4 visits against 3 at baseline.
                      "target,activity,partial,2020/21 Q1,0.666666666666666667,,",
                      "gate,busy,,2020/21 Q1,true,,",
                      "gate,busy,,2020/21 Q2,false,,",
                      // 600 + 50 - 10 + 300 + 0 + 0 + 100 + 0 - 20.50 (the shadow line is not paid).
                      "payment total,total,,2020/21 Q1,1019.50,,",
                      // Inside the block `paid ... so far` is the group's; outside, every group's.
                      "shadow payment,Core so far,acute,2020/21 Q2,600.00,,",
                      "shadow payment,Core so far,gp,2020/21 Q3,200.00,,",
                      "payment,All core so far,,2020/21 Q2,1000.00,,",
                      "payment,All core so far,,2020/21 Q4,3000.00,,",
                      "payment total,total,,2020/21 Q2,1995.00,,",
                  });
}

TEST(PaymentsByGroup, JsonLinesCarryTheGroupAndTheStatementHasGroups) {
  Alliance a;
  std::vector<std::string> args = a.Args();
  args.insert(args.end(), {"--format", "json"});
  CliRun run = RunOcf(args);
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr(R"({"name": "Core", "group": "acute", "amount": "600.00"})"));
  EXPECT_THAT(run.out, HasSubstr(R"({"name": "All core so far", "amount": "0.00"})"));
  EXPECT_THAT(run.out,
              HasSubstr("\"groups\": {\n    \"provider\": {\n      \"acute\": {\n        \"targets\": {"));
  EXPECT_THAT(run.out, HasSubstr("\"gates\": {\n    \"busy\": {\n      \"2020/21 Q1\": {\"passed\": true}"));
  // Groups in order of their values; each group's lines in the order written.
  size_t acute = run.out.find(R"("group": "acute")"), community = run.out.find(R"("group": "community")"),
         gp = run.out.find(R"("group": "gp")");
  EXPECT_LT(acute, community);
  EXPECT_LT(community, gp);
  // No baseline entry for a gate.
  EXPECT_THAT(run.out, Not(HasSubstr("\"baseline\": {\"passed\"")));
}

TEST(PaymentsByGroup, TheTableShowsEachGroupsLinesAndWhatItIsPaid) {
  Alliance a;
  CliRun run = RunOcf(a.Args());
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("Payments 2020/21 Q1\n  acute\n    Core "));
  EXPECT_THAT(run.out, HasSubstr("    Total for acute "));
  // A shadow line is marked, and left out of the group's total and the period's.
  EXPECT_THAT(run.out, HasSubstr("    Core so far            £600.00  (shadow, not in total)\n"));
  EXPECT_THAT(run.out, HasSubstr("£640.00"));  // acute in Q1: 600 + 50 - 10
  EXPECT_THAT(run.out, HasSubstr("Targets and achievement by provider"));
  // The schedule: gp is paid £100 less the £20.50 it spent in Q1.
  EXPECT_THAT(run.out, HasSubstr("Paid by provider\n"));
  EXPECT_THAT(run.out, HasSubstr("  gp             £79.50     £100.00     £100.00     £100.00\n"));
  EXPECT_THAT(run.out, HasSubstr("Gate: busy"));
}

TEST(PaymentsByGroup, TestsExpectAGroupsLinesTotalAchievementAndGates) {
  std::string text = std::string(kContract) + R"(
test "by group" {
  given visits {
    | visit_id | provider  | seen_on    | in_time |
    | b1       | acute     | 2019-05-01 | yes     |
    | v1       | acute     | 2020-04-10 | yes     |
    | v2       | acute     | 2020-05-10 | yes     |
    | v3       | community | 2020-04-11 | no      |
  }
  expect payment "Incentive" for "acute" = £100 in "2020/21 Q1"
  expect payment total for "acute" = £700 in "2020/21 Q1"
  expect payment total for "community" = £300 in "2020/21 Q1"
  expect achievement for "acute" = 100% in "2020/21 Q1"
  expect achievement of access for "community" = 0% in "2020/21 Q1"
  expect busy for "community" = false in "2020/21 Q1"
  expect busy = true in "2020/21 Q1"
}
)";
  Scratch dir;
  std::string path = dir.Write("c.ocf", text);
  for (const char* engine : kEngines) {
    CliRun run = RunOcf({"test", path, "--engine", engine});
    EXPECT_EQ(run.status, 0) << engine << ": " << run.out << run.err;
    EXPECT_THAT(run.out, HasSubstr("1 passed, 0 failed"));
  }
  // A wrong expectation fails, naming the group.
  std::string wrong = text;
  wrong.replace(wrong.find("= £700"), 6, "= £701");
  CliRun run = RunOcf({"test", dir.Write("wrong.ocf", wrong)});
  EXPECT_EQ(run.status, 1);
  EXPECT_THAT(run.out, HasSubstr("expect payment total for \"acute\" in \"2020/21 Q1\""));
}

TEST(Gates, CheckDataReportsEachFailingPeriodWithTheValuesInvolved) {
  Alliance a;
  CliRun run = RunOcf(a.Args("check"));
  EXPECT_EQ(run.status, 0) << run.err;
  // Q2: one visit (community's), Q3 and Q4 none.
  EXPECT_THAT(run.err, HasSubstr("gate `busy`: 2020/21 Q2 fails: activity is 1, needs at least 2"));
  EXPECT_THAT(run.err, HasSubstr("gate `busy`: 2020/21 Q3 fails: activity is 0, needs at least 2"));
  EXPECT_THAT(run.err, HasSubstr("gate `busy` for provider \"community\": 2020/21 Q1 fails: activity is 1"));
  EXPECT_THAT(run.out, HasSubstr("(warnings; --strict makes them errors)"));
  std::vector<std::string> strict = a.Args("check");
  strict.push_back("--strict");
  CliRun failing = RunOcf(strict);
  EXPECT_EQ(failing.status, 1);
  EXPECT_THAT(failing.err, HasSubstr("error[E0911]"));
  std::vector<std::string> json = a.Args("check");
  json.insert(json.end(), {"--format", "json"});
  CliRun as_json = RunOcf(json);
  EXPECT_THAT(
      as_json.out,
      HasSubstr(
          R"({"gate": "busy", "period": "2020/21 Q2", "group": null, "passed": false, "why": "activity is 1, needs at least 2"})"));
  // Without data there is nothing to evaluate the gates on.
  EXPECT_EQ(RunOcf({"check", a.contract, "--strict"}).status, 2);
}

TEST(Gates, TheExplanationReadsNotAndOtherwise) {
  std::string text = kContract;
  text.replace(text.find("gate busy = activity >= 2"), 25,
               "gate busy = not (total_activity < 2) and (activity otherwise 0) >= 3");
  Alliance a(text);
  CliRun run = RunOcf(a.Args("check"));
  EXPECT_EQ(run.status, 0) << run.err;
  // Q1 passes with 4 visits; community's 1 passes the first comparison (the
  // whole's 4, not listed), not the second (its own 1, read through `otherwise`).
  EXPECT_THAT(run.err, Not(HasSubstr("gate `busy`: 2020/21 Q1")));
  EXPECT_THAT(
      run.err,
      HasSubstr(
          "gate `busy` for provider \"community\": 2020/21 Q1 fails: activity is 1, needs at least 3\n"));
  EXPECT_THAT(run.err, HasSubstr("gate `busy`: 2020/21 Q2 fails: total_activity is 1, needs at least 2; "
                                 "activity is 1, needs at least 3"));
}

TEST(NamedTypes, ColumnsOfSeveralTablesShareOneEnumeration) {
  Alliance a;
  // A value the type does not list is a data error in either table.
  a.dir.Write("ledger.csv", "provider,month,spend\nhospice,2020-04-01,1.00\n");
  CliRun run = RunOcf(a.Args("check"));
  EXPECT_EQ(run.status, 1);
  EXPECT_THAT(run.err, HasSubstr("hospice"));
  // Comparing with a value the type does not list is a contract error.
  std::string text = std::string(kContract) + "measure odd = count visits where provider = hospice\n";
  Scratch dir;
  CliRun check = RunOcf({"check", dir.Write("c.ocf", text)});
  EXPECT_EQ(check.status, 1);
  EXPECT_THAT(check.err, HasSubstr("`hospice` is not one of the values of `provider`"));
}

}  // namespace
}  // namespace ocf
