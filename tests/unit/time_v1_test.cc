// LANGUAGE.md §6, the time half: the baseline, `MEASURE at baseline`,
// targets as a change from the baseline, and windows. Every expected value is
// worked out by hand from the rows below, and each run is on both engines,
// which must agree.
#include <string>

#include <gtest/gtest.h>

#include "tests/unit/v1_support.h"

namespace ocf {
namespace {

using namespace test_support;  // NOLINT: the v1 helpers

// The admissions both contracts read.
constexpr const char* kData = R"(
data admissions dated by admitted_on {
  id : id key
  provider : one of (acute, community)
  admitted_on : date
  los : int
}
)";

const std::string kContract = std::string(R"(contract "Stays" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2017-03-31
  baseline 2014-04-01 to 2015-03-31
  periods quarterly
})") + kData + R"(
measure n = count admissions
measure los = mean los of admissions
measure los_by by provider = mean los of admissions
measure growth = n - n at baseline
measure vs_base by provider = los_by - los_by at baseline
measure rolling over last 12 months = count admissions * 365 / window_days
measure rolling_by over last 2 quarters by provider = count admissions
measure ytd over year to date = count admissions
measure to_date over term to date = n
measure days_seen over last 2 years = window_days
)";

// Three stays in the baseline (2014/15), six in the term, one before the
// baseline and one after the term.
constexpr const char* kRows =
    "id,provider,admitted_on,los\n"
    "a1,acute,2014-05-01,10\n"
    "a2,acute,2014-11-01,8\n"
    "a3,community,2015-02-01,6\n"
    "a4,acute,2015-04-10,7\n"
    "a5,community,2015-05-10,5\n"
    "a6,acute,2015-08-10,9\n"
    "a7,acute,2016-01-10,6\n"
    "a8,community,2016-06-10,4\n"
    "a9,acute,2016-09-10,6\n"
    "a10,acute,2013-09-10,6\n"
    "a11,acute,2017-09-10,6\n";

TEST(BaselineV1, RecordsInTheBaselineAreReadIntoIt) {
  Scratch s;
  std::string contract = s.Write("c.ocf", kContract), data = s.Write("admissions.csv", kRows);
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "admissions=" + data});
  ExpectRows(run, {
                      "measure,n,,baseline,3,,",            // a1, a2, a3
                      "measure,los,,baseline,8,,",          // (10 + 8 + 6) / 3
                      "measure,los_by,acute,baseline,9,,",  // (10 + 8) / 2
                      "measure,los_by,community,baseline,6,,",
                      "measure,n,,2015/16 Q1,2,,",  // a4, a5
                      "measure,n,,term,6,,",        // a4 to a9
                  });
  // The baseline comes first; `data` counts its rows apart from those
  // outside the term (a10 before the baseline, a11 after the term).
  CliRun json = RunOcf({"run", contract, "--data", "admissions=" + data, "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  EXPECT_NE(json.out.find(R"("periods": [
    {"label": "baseline", "start": "2014-04-01", "end": "2015-03-31"},
    {"label": "2015/16 Q1")"),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find(R"("admissions": {"rows": 11, "baseline": 3, "outside_term": 2,)"),
            std::string::npos)
      << json.out;
  CliRun table = RunOcf({"run", contract, "--data", "admissions=" + data});
  EXPECT_NE(table.out.find("Baseline: 2014-04-01 to 2015-03-31\n"), std::string::npos) << table.out;
  EXPECT_NE(table.out.find("admissions: 11 rows, 3 in the baseline, 2 outside the term"), std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("== baseline (2014-04-01 to 2015-03-31) =="), std::string::npos) << table.out;
}

TEST(BaselineV1, TheProvidersCheckSaysWhatTheBaselineHolds) {
  Scratch s;
  std::string contract = s.Write("c.ocf", kContract), data = s.Write("admissions.csv", kRows);
  CliRun run = RunOcf({"check", contract, "--data", "admissions=" + data});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_NE(run.out.find("admissions: 11 rows (3 in the baseline), ok"), std::string::npos) << run.out;
  run = RunOcf({"check", contract, "--data", "admissions=" + data, "--format", "json"});
  EXPECT_NE(run.out.find(R"("rows": 11, "baseline": 3, )"), std::string::npos) << run.out;
  // No row in the baseline: said before the provider submits.
  std::string term_only = s.Write("term.csv", "id,provider,admitted_on,los\na4,acute,2015-04-10,7\n");
  run = RunOcf({"check", contract, "--data", "admissions=" + term_only});
  EXPECT_NE(run.out.find("admissions: 1 row (none in the baseline, 2014-04-01 to 2015-03-31: every value at "
                         "baseline will be 0 or missing), ok"),
            std::string::npos)
      << run.out;
}

TEST(BaselineV1, MeasureAtBaselineOverallAndPerGroup) {
  Scratch s;
  std::string contract = s.Write("c.ocf", kContract), data = s.Write("admissions.csv", kRows);
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "admissions=" + data});
  ExpectRows(run, {
                      "measure,growth,,baseline,0,,",
                      "measure,growth,,2015/16 Q1,-1,,",  // 2 - 3
                      "measure,growth,,2015/16,1,,",      // 4 - 3
                      // A group's own baseline: acute 9, community 6.
                      "measure,vs_base,acute,2015/16 Q1,-2,,",                  // 7 - 9
                      "measure,vs_base,community,2015/16 Q1,-1,,",              // 5 - 6
                      "measure,vs_base,,2015/16 Q2,1,,",                        // 9 - 8
                      "measure,vs_base,acute,2015/16 Q2,0,,",                   // 9 - 9
                      "measure,vs_base,community,2015/16 Q2,,,",                // no stays: mean missing
                      "measure,vs_base,acute,2015/16,-1.666666666666666667,,",  // (7 + 9 + 6) / 3 - 9
                  });
}

TEST(WindowsV1, LastMonthsQuartersYearToDateAndTermToDate) {
  Scratch s;
  std::string contract = s.Write("c.ocf", kContract), data = s.Write("admissions.csv", kRows);
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "admissions=" + data});
  ExpectRows(run, {
                      // In the baseline every window is the baseline: 3 stays, 365 days.
                      "measure,rolling,,baseline,3,,",
                      // 2014-07-01 to 2015-06-30 reaches back into the baseline: a2, a3, a4, a5.
                      "measure,rolling,,2015/16 Q1,4,,",
                      // 2014-10-01 to 2015-09-30: a2 to a6.
                      "measure,rolling,,2015/16 Q2,5,,",
                      // 2015-04-01 to 2016-03-31 holds 29 February: 4 * 365 / 366.
                      "measure,rolling,,2015/16 Q4,3.98907103825136612,,",
                      "measure,rolling,,2015/16,3.98907103825136612,,",
                      // 2015-07-01 to 2016-06-30: a6, a7, a8; 366 days.
                      "measure,rolling,,2016/17 Q1,2.99180327868852459,,",
                      // The term's window is its last 12 months: a8, a9.
                      "measure,rolling,,term,2,,",
                      // Two quarters, 2015-01-01 to 2015-06-30: a4 acute; a3, a5 community.
                      "measure,rolling_by,acute,2015/16 Q1,1,,",
                      "measure,rolling_by,community,2015/16 Q1,2,,",
                      // The year's last two quarters: a7.
                      "measure,rolling_by,acute,2015/16,1,,",
                      "measure,rolling_by,community,2015/16,0,,",
                      // From the contract year's start; the term's is its last year.
                      "measure,ytd,,2015/16 Q2,3,,",
                      "measure,ytd,,2015/16 Q3,3,,",
                      "measure,ytd,,2016/17 Q1,1,,",
                      "measure,ytd,,term,2,,",
                      // `n` has no window of its own: the windowed measure narrows it.
                      "measure,to_date,,2015/16 Q2,3,,",
                      "measure,to_date,,2016/17 Q1,5,,",
                      "measure,to_date,,term,6,,",
                      // Two years back from 2015/16 Q1 is clipped at the baseline's
                      // start: 2014-04-01 to 2015-06-30, 456 days.
                      "measure,days_seen,,2015/16 Q1,456,,",
                      "measure,days_seen,,2016/17 Q4,731,,",  // 2015-04-01 to 2017-03-31
                      "measure,days_seen,,baseline,365,,",
                  });
}

TEST(WindowsV1, WithoutABaselineAWindowIsClippedAtTheTermsStart) {
  Scratch s;
  std::string contract = s.Write("c.ocf", R"(contract "Stays" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2016-03-31
  periods monthly
}
data admissions dated by admitted_on {
  admitted_on : date
  los : int?
}
measure rate over last 3 months = count admissions * 30 / window_days
measure mean_los over last 3 months = mean los of admissions
)");
  std::string data = s.Write("admissions.csv",
                             "admitted_on,los\n"
                             "2015-03-20,1\n"  // before the term: never read
                             "2015-04-02,4\n"
                             "2015-05-02,\n"
                             "2015-06-02,8\n"
                             "2015-07-02,2\n");
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "admissions=" + data});
  ExpectRows(run, {
                      "measure,rate,,2015-04,1,,",                    // 1 * 30 / 30 (April only)
                      "measure,rate,,2015-05,0.98360655737704918,,",  // 2 * 30 / 61
                      // 3 * 30 / 91 = 0.989010989010989010|989..., rounded up.
                      "measure,rate,,2015-06,0.989010989010989011,,",
                      "measure,mean_los,,2015-06,6,,",  // (4 + 8) / 2; May's is missing
                      "measure,mean_los,,2015-07,5,,",  // May to July: (8 + 2) / 2
                  });
  // Skipped values are counted over the term, whatever the windows: one.
  CliRun json = RunOcf({"run", contract, "--data", "admissions=" + data, "--format", "json"});
  EXPECT_NE(json.out.find(R"("skipped_missing": {"mean_los": 1})"), std::string::npos) << json.out;
}

const std::string kTargets = std::string(R"(contract "Targets" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2017-03-31
  baseline 2014-04-01 to 2015-03-31
})") + kData + R"(
measure n = count admissions
measure los = mean los of admissions
measure long_share : percent = percent of admissions where los >= 6
measure n2 = count admissions
measure los2 = mean los of admissions
let base_los = los at baseline
target n increased by 2 from baseline
target los reduced by 10% from baseline
target long_share reduced by 75 points from baseline
target n2 increased by 50% from baseline
target los2 from base_los to base_los - 1.5
)";

TEST(BaselineV1, TargetsAsAChangeFromTheBaseline) {
  Scratch s;
  std::string contract = s.Write("t.ocf", kTargets), data = s.Write("admissions.csv", kRows);
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "admissions=" + data});
  ExpectRows(run,
             {
                 // Absolute: from 3 to 5; 2015/16 has 4 stays: half way.
                 "target,n,partial,2015/16,0.5,,",
                 "target,n,not met,2016/17,0,,",  // 2 stays: below the baseline
                                                  // Relative: 8 reduced by 10% of 8 is 7.2; 6.75 is past it.
                 "target,los,met,2015/16,1,,",
                 // Points: 100% (a1, a2, a3 all 6 or more) down 75 points to 25%;
                 // 2015/16 has 3 of 4: (75% - 100%) / (25% - 100%) = 1/3.
                 "target,long_share,partial,2015/16,0.333333333333333333,,",
                 // Relative increase: from 3 to 4.5; (4 - 3) / 1.5 = 2/3.
                 "target,n2,partial,2015/16,0.666666666666666667,,",
                 // Bounds computed from a let reading the baseline: 8 to 6.5;
                 // 2016/17's mean is 5: met.
                 "target,los2,met,2016/17,1,,",
                 "target,los2,partial,2015/16,0.833333333333333333,,",  // (6.75 - 8) / -1.5
             });
  // Targets have no baseline value.
  for (const std::string& row : run.rows) {
    if (row.rfind("target,", 0) == 0) {
      EXPECT_EQ(row.find(",baseline,"), std::string::npos) << row;
    }
  }
  CliRun table = RunOcf({"run", contract, "--data", "admissions=" + data});
  EXPECT_NE(table.out.find("long_share (reduced by 75 points from baseline: from 100% to 25%)"),
            std::string::npos)
      << table.out;
  EXPECT_NE(table.out.find("los (reduced by 10% from baseline: from 8 to 7.2)"), std::string::npos)
      << table.out;
}

TEST(BaselineV1, NoBaselineRecordsMeansNoData) {
  Scratch s;
  std::string contract = s.Write("t.ocf", kTargets);
  // Only term rows: the baseline's count is 0 (a relative change of zero is
  // no data) and its mean missing (no data).
  std::string data = s.Write("admissions.csv",
                             "id,provider,admitted_on,los\n"
                             "a4,acute,2015-04-10,7\n");
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "admissions=" + data});
  ExpectRows(run, {"measure,n,,baseline,0,,", "measure,los,,baseline,,,", "target,los,no data,2015/16,0,,",
                   "target,n2,no data,2015/16,0,,",
                   // An absolute change from 0 to 2: one stay is half way.
                   "target,n,partial,2015/16,0.5,,"});
}

TEST(BaselineV1, AChangeThatComesOutZeroIsARunTimeError) {
  Scratch s;
  std::string contract = s.Write("z.ocf", R"(contract "Z" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2016-03-31
  baseline 2014-04-01 to 2015-03-31
}
data admissions dated by admitted_on {
  admitted_on : date
}
input change : int
measure n = count admissions
target n increased by change from baseline
)");
  std::string data = s.Write("admissions.csv", "admitted_on\n2015-04-10\n");
  for (const char* engine : kEngines) {
    CliRun run =
        RunOcf({"run", contract, "--data", "admissions=" + data, "--set", "change=0", "--engine", engine});
    EXPECT_EQ(run.status, 1) << engine;
    EXPECT_NE(run.err.find("asks for a change of zero"), std::string::npos) << run.err;
  }
}

TEST(BaselineV1, PaymentsAndLetsReadTheBaseline) {
  Scratch s;
  std::string contract = s.Write("p.ocf", kContract + R"(
let base_n = n at baseline
payment yearly {
  pay "Growth bonus" = £100 * max(n - base_n, 0)
  pay "Per baseline stay" = £10 * (los_by at baseline)
}
)");
  std::string data = s.Write("admissions.csv", kRows);
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "admissions=" + data});
  ExpectRows(run, {
                      "payment,Growth bonus,,2015/16,100.00,,",      // 4 stays against 3
                      "payment,Growth bonus,,2016/17,0.00,,",        // 2 against 3
                      "payment,Per baseline stay,,2015/16,80.00,,",  // the overall mean, 8
                  });
}

TEST(PaymentsV1, TheTableSaysWhatAYearPaidInAll) {
  Scratch s;
  std::string contract = s.Write("p.ocf", R"(contract "On account" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2016-03-31
  periods quarterly
}
data visits dated by seen_on {
  seen_on : date
}
measure n = count visits
payment quarterly {
  pay "On account" = £950
}
payment yearly {
  pay "Balance" = £4_000 - paid "On account" this year
  shadow pay "Per visit" = £10 * n
}
)");
  std::string data = s.Write("visits.csv", "seen_on\n2015-05-01\n");
  CliRun run = RunOcf({"run", contract, "--data", "visits=" + data});
  ASSERT_EQ(run.status, 0) << run.err;
  // Four instalments of £950 and a balance of £200; the shadow line is not paid.
  EXPECT_NE(run.out.find("Paid in 2015/16, all 5 payment periods: £4,000.00\n"), std::string::npos)
      << run.out;
  // One period only (--period): the year's line still counts every instalment.
  run = RunOcf({"run", contract, "--data", "visits=" + data, "--period", "2015/16"});
  EXPECT_NE(run.out.find("Paid in 2015/16, all 5 payment periods: £4,000.00\n"), std::string::npos)
      << run.out;
}

}  // namespace
}  // namespace ocf
