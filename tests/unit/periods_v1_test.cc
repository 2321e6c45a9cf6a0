// The three clarifications of LANGUAGE.md version 1 (§3, §5): a `by`
// measure's groups are the distinct values over the whole term and every
// group has a value in every reported period; `periods` is in order of end
// date, shorter first, and lists the payment periods too; a payment may be
// more frequent than the reporting periods. Each on both engines.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/v1_support.h"

namespace ocf {
namespace {

using test_support::CliRun;
using test_support::CsvRun;
using test_support::ExpectRows;
using test_support::RunOcf;
using test_support::RunOnBothEngines;
using test_support::Scratch;

constexpr const char* kGroupsContract = R"(contract "Groups" {
  commissioner "NHS Test ICB"
  term 2014-04-01 to 2015-03-31
  periods quarterly
}
data visits dated by seen_on {
  seen_on  : date
  provider : id
  minutes  : int
}
measure n : int by provider = count visits
measure mean_minutes by provider = mean minutes of visits
measure long_share : percent by provider = percent of visits where minutes > 30
)";

// acute has visits in Q1 only, community in Q3 only; `late` only outside the term.
constexpr const char* kGroupsData =
    "seen_on,provider,minutes\n"
    "2014-05-01,acute,20\n"
    "2014-06-01,acute,40\n"
    "2014-10-01,community,10\n"
    "2015-06-01,late,99\n";

TEST(GroupsV1, EveryGroupHasAValueInEveryReportedPeriod) {
  Scratch s;
  std::string contract = s.Write("g.ocf", kGroupsContract), data = s.Write("visits.csv", kGroupsData);
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "visits=" + data});
  // A group with no visits in a quarter counts 0 there; its mean is missing;
  // its percent is missing with 0 of 0.
  ExpectRows(run, {"measure,n,acute,2014/15 Q1,2,,", "measure,n,acute,2014/15 Q2,0,,",
                   "measure,n,acute,2014/15 Q4,0,,", "measure,n,community,2014/15 Q1,0,,",
                   "measure,n,community,2014/15 Q3,1,,", "measure,mean_minutes,acute,2014/15 Q1,30,,",
                   "measure,mean_minutes,acute,2014/15 Q3,,,", "measure,long_share,acute,2014/15 Q1,0.5,1,2",
                   "measure,long_share,community,2014/15 Q2,,0,0"});
  // Each of the two groups has a value in all six reported periods (four
  // quarters, the year, the term), for each of the three measures.
  size_t group_rows = 0;
  for (const std::string& row : run.rows)
    if (row.rfind("measure,", 0) == 0 &&
        (row.find(",acute,") != std::string::npos || row.find(",community,") != std::string::npos))
      ++group_rows;
  EXPECT_EQ(group_rows, 2u * 6u * 3u);
  // A provider seen only outside the term is no group.
  EXPECT_EQ(run.out.find(",late,"), std::string::npos) << run.out;
}

TEST(PeriodsV1, StatementOrderIsByEndDateShorterFirst) {
  Scratch s;
  std::string contract = s.Write("g.ocf", kGroupsContract), data = s.Write("visits.csv", kGroupsData);
  CliRun run = RunOcf({"run", contract, "--data", "visits=" + data, "--format", "json"});
  ASSERT_EQ(run.status, 0) << run.err;
  std::vector<std::string> order = {"2014/15 Q1", "2014/15 Q2", "2014/15 Q3",
                                    "2014/15 Q4", "2014/15",    "term"};
  size_t at = run.out.find("\"periods\"");
  for (const std::string& label : order) {
    size_t next = run.out.find("{\"label\": \"" + label + "\"", at);
    ASSERT_NE(next, std::string::npos) << label << " missing or out of order:\n" << run.out;
    at = next;
  }
}

constexpr const char* kMonthlyPayment = R"(contract "Block" {
  commissioner "NHS Test ICB"
  term 2014-04-01 to 2015-03-31
  periods quarterly
}
data finance dated by month {
  month : date
  spend : money
}
measure total_spend : money = sum spend of finance
payment monthly {
  pay "Block" = £1_200 / 12
  pay "Spend" = total_spend
}
)";

TEST(PaymentsV1, AQuarterlyContractMayPayMonthly) {
  Scratch s;
  std::string contract = s.Write("p.ocf", kMonthlyPayment);
  std::string data =
      s.Write("finance.csv", "month,spend\n2014-04-01,10.00\n2014-05-01,20.00\n2014-08-01,5\n");
  CliRun check = RunOcf({"check", contract});
  EXPECT_EQ(check.status, 0) << check.err;
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "finance=" + data});
  ExpectRows(run, {
                      // The measure is worked out for each month the payment needs, from its rows.
                      "payment,Spend,,2014-04,10.00,,",
                      "payment,Spend,,2014-05,20.00,,",
                      "payment,Spend,,2014-06,0.00,,",
                      "payment,Spend,,2014-08,5.00,,",
                      "payment total,total,,2014-04,110.00,,",
                      // The measure's values are still reported quarterly, not monthly.
                      "measure,total_spend,,2014/15 Q1,30,,",
                  });
  EXPECT_EQ(run.out.find("measure,total_spend,,2014-04"), std::string::npos) << run.out;
  // `periods` lists the months too, each before the quarter it ends in.
  CliRun json = RunOcf({"run", contract, "--data", "finance=" + data, "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  size_t at = json.out.find("\"periods\"");
  for (const char* label : {"2014-04", "2014-05", "2014-06", "2014/15 Q1", "2014-07"}) {
    size_t next = json.out.find(std::string("{\"label\": \"") + label + "\"", at);
    ASSERT_NE(next, std::string::npos) << label << " missing or out of order";
    at = next;
  }
}

// period_start, period_end and period_days in measures (LANGUAGE.md §6):
// the period's own dates, a cut-short year's included.
TEST(PeriodsV1, PeriodDatesInMeasures) {
  Scratch s;
  std::string contract = s.Write("d.ocf", R"(contract "Dates" {
  commissioner "NHS Test ICB"
  term 2014-04-01 to 2015-06-30
  periods quarterly
}
data visits dated by seen_on {
  seen_on : date
}
measure days : int = period_days
measure first_day = period_start
measure last_day = period_end
measure per_year = count visits * 365 / period_days
)");
  std::string data = s.Write("visits.csv", "seen_on\n2014-05-01\n2014-06-01\n2015-05-01\n");
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "visits=" + data});
  ExpectRows(run, {"measure,days,,2014/15 Q1,91,,", "measure,days,,2014/15,365,,"});
  // The second year is cut short by the term: 2015-04-01 to 2015-06-30.
  ExpectRows(run, {"measure,days,,2015/16,91,,", "measure,days,,term,456,,",
                   "measure,first_day,,2014/15 Q2,2014-07-01,,", "measure,last_day,,term,2015-06-30,,"});
  // 2 visits in 91 days, a year's worth: 2 * 365 / 91.
  EXPECT_TRUE(run.rows.count("measure,per_year,,2014/15 Q1,8.021978021978021978,,")) << run.out;
}

// `MEASURE in previous period` (LANGUAGE.md §6): the period of the same kind
// just before; missing for the first of each kind and for `term`; in a `by`
// measure the group's own value there; in payments the payment period's.
TEST(PeriodsV1, PreviousPeriod) {
  Scratch s;
  std::string contract = s.Write("p.ocf", R"(contract "Growth" {
  commissioner "NHS Test ICB"
  term 2014-04-01 to 2016-03-31
  periods quarterly
}
data visits dated by seen_on {
  seen_on  : date
  provider : id
}
measure n : int = count visits
measure change = n - n in previous period
measure g : int by provider = count visits
measure g_change by provider = g - g in previous period
measure g_prev_n by provider = n in previous period
payment yearly {
  pay "Growth" = £1 * (n - n in previous period otherwise 0)
}
)");
  // n: 2014/15 Q1 2 (a, a), Q2 1 (b), Q3 0, Q4 0, the year 3; 2015/16 Q1 2
  // (a, b), Q2 1 (b), Q3 1 (a), Q4 0, the year 4.
  std::string data = s.Write("visits.csv",
                             "seen_on,provider\n2014-05-01,a\n2014-06-01,a\n2014-08-01,b\n2015-05-01,a\n"
                             "2015-06-01,b\n2015-07-01,b\n2015-12-01,a\n");
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "visits=" + data});
  ExpectRows(run, {
                      "measure,change,,2014/15 Q1,,,",    // the first quarter has none before it
                      "measure,change,,2014/15 Q2,-1,,",  // 1 - 2
                      "measure,change,,2015/16 Q1,2,,",   // 2 - 0: the quarter before is last year's Q4
                      "measure,change,,2014/15,,,",       // the first year has none before it
                      "measure,change,,2015/16,1,,",      // 4 - 3
                      "measure,change,,term,,,",          // the term has none
                      "measure,g_change,a,2014/15 Q2,-2,,",
                      "measure,g_change,b,2014/15 Q2,1,,",
                      "measure,g_change,a,2015/16,0,,",
                      "measure,g_change,b,2015/16,1,,",
                      "measure,g_prev_n,a,2014/15 Q2,2,,",  // n narrowed to the group, a quarter before
                      "measure,g_prev_n,b,2014/15 Q3,1,,",
                      "measure,g_prev_n,b,2014/15 Q2,0,,",
                      "payment,Growth,,2014/15,0.00,,",
                      "payment,Growth,,2015/16,1.00,,",
                  });
}

// Payments over time (LANGUAGE.md §6): blocks worked out in statement order
// (blocks in file order within a period); `paid "LINE" so far` counts the
// earlier payment periods only, `this year` those in the period's contract
// year; a `shadow pay` line is shown, can be read by `paid`, and is left out
// of the total.
TEST(PaymentsV1, PaidSoFarThisYearAndShadowLines) {
  Scratch s;
  std::string contract = s.Write("pay.ocf", R"(contract "Instalments" {
  commissioner "NHS Test ICB"
  term 2014-04-01 to 2016-03-31
  periods quarterly
}
data visits dated by seen_on {
  seen_on : date
}
measure n : int = count visits
payment quarterly {
  pay "Instalment" = £100 * n
  shadow pay "Would have paid" = £10 * n
}
payment yearly {
  pay "Reconciliation" = £1_000 - paid "Instalment" this year
  pay "Capped bonus" = min(£150, £500 - paid "Capped bonus" so far)
  shadow pay "Seen so far" = paid "Would have paid" so far
}
)");
  // Visits: 2014/15 Q1 2, Q3 1; 2015/16 Q2 3.
  std::string data = s.Write(
      "visits.csv", "seen_on\n2014-05-01\n2014-06-01\n2014-11-01\n2015-08-01\n2015-08-02\n2015-08-03\n");
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "visits=" + data});
  ExpectRows(run, {
                      "payment,Instalment,,2014/15 Q1,200.00,,",
                      "shadow payment,Would have paid,,2014/15 Q1,20.00,,",
                      // The shadow line is not in the total.
                      "payment total,total,,2014/15 Q1,200.00,,",
                      // 1,000 less the year's instalments (200 + 100).
                      "payment,Reconciliation,,2014/15,700.00,,",
                      // 1,000 less this year's only (300): last year's do not count.
                      "payment,Reconciliation,,2015/16,700.00,,",
                      // min(150, 500 - 0), then min(150, 500 - 150).
                      "payment,Capped bonus,,2014/15,150.00,,",
                      "payment,Capped bonus,,2015/16,150.00,,",
                      // The shadow quarterly line over the quarters before: 2014/15 Q1-Q4
                      // (20 + 10); in 2015/16, the eight quarters (30 + 30).
                      "shadow payment,Seen so far,,2014/15,30.00,,",
                      "shadow payment,Seen so far,,2015/16,60.00,,",
                      "payment total,total,,2014/15,850.00,,",
                  });
  CliRun json = RunOcf({"run", contract, "--data", "visits=" + data, "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  EXPECT_NE(json.out.find(R"({"name": "Would have paid", "amount": "20.00", "shadow": true})"),
            std::string::npos)
      << json.out;
  EXPECT_NE(json.out.find(R"({"name": "Instalment", "amount": "200.00"})"), std::string::npos) << json.out;
}

// `tiered` over a count with money rates: a price for each unit of each band
// (LANGUAGE.md §6: first 100 bed days at £0, the rest at £550).
TEST(PaymentsV1, TieredPricesPerUnit) {
  Scratch s;
  std::string contract = s.Write("t.ocf", R"(contract "Beds" {
  commissioner "NHS Test ICB"
  term 2014-04-01 to 2015-03-31
  periods quarterly
}
data stays dated by day {
  day  : date
  beds : int
}
measure bed_days : int = sum beds of stays
measure mean_beds = mean beds of stays
payment yearly {
  pay "Excess bed days" = tiered(bed_days) { first 100 at £0, next 50 at £400, rest at £550 }
  pay "On the mean" = tiered(mean_beds) { first 80 at £0, rest at £0.50 }
}
)");
  // 180 bed days: 100 at £0, 50 at £400, 30 at £550; a mean of 90: 10 at 50p.
  std::string data = s.Write("stays.csv", "day,beds\n2014-05-01,120\n2014-06-01,60\n");
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "stays=" + data});
  ExpectRows(run, {"payment,Excess bed days,,2014/15,36500.00,,", "payment,On the mean,,2014/15,5.00,,"});
}

}  // namespace
}  // namespace ocf
