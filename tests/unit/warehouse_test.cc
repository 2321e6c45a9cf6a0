// `ocf sql`'s result read back (runtime/sql/aggregate_result.h) and the
// command line of the warehouse engines (compiler/driver/warehouse.h): what
// can be tested without a warehouse. The scripts run on real engines in
// tests/sql (PostgreSQL, DuckDB) and in the SQL differential test.
#include <filesystem>
#include <fstream>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "compiler/driver/driver.h"
#include "compiler/lower/lower.h"
#include "compiler/sql/sql.h"
#include "runtime/exec/aggregate.h"
#include "runtime/sql/aggregate_result.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {

namespace fs = std::filesystem;
using test_support::RunOcf;

constexpr const char* kContract = R"(contract "Warehouse" {
  commissioner "C"
  term 2020-04-01 to 2021-03-31
}
data visits dated by seen_on {
  seen_on : date
  stay    : decimal?
  site    : one of (north, south)
}
measure n "Visits" = count visits
measure stay "Median stay" by site = median stay of visits
measure p90 "90th percentile stay" = 90th percentile stay of visits
measure sites "Sites" = count distinct site of visits
)";

plan::EvaluationPlan PlanOf(const char* text) {
  std::unique_ptr<driver::Compilation> c = driver::CompileText(text, "w.ocf", driver::DriverOptions{});
  EXPECT_TRUE(c->program) << "the contract does not check";
  return Lower(*c->program);
}

fs::path WriteFile(const std::string& name, const std::string& text) {
  fs::path p = fs::temp_directory_path() / ("ocf_warehouse_test_" + name);
  std::ofstream(p, std::ios::binary) << text;
  return p;
}

const char* kHeader = "kind,item,col,span,grp,is_group,rows,hits,n,skipped,total,v1,v2\n";

TEST(WarehouseResult, SpansAreTheFinestThenEveryPeriodOnce) {
  plan::EvaluationPlan plan = PlanOf(kContract);
  std::vector<Period> spans = sql::SqlSpans(plan);
  ASSERT_GE(spans.size(), plan.finest.size() + 1);
  for (size_t f = 0; f < plan.finest.size(); ++f) EXPECT_EQ(spans[f].start, plan.finest[f].start);
  // The year and the term are the same dates here: one span for both.
  size_t term_like = 0;
  for (size_t s = plan.finest.size(); s < spans.size(); ++s)
    term_like += spans[s].start == plan.term_start && spans[s].end == plan.term_end;
  EXPECT_EQ(term_like, 1u);
}

// A median from the two values either side of its rank: the same
// interpolation as the engines', exactly.
TEST(WarehouseResult, PercentilesInterpolateBetweenTheRanksGiven) {
  plan::EvaluationPlan plan = PlanOf(kContract);
  std::vector<Period> spans = sql::SqlSpans(plan);
  size_t term = 0;
  for (size_t s = plan.finest.size(); s < spans.size(); ++s)
    if (spans[s].start == plan.term_start && spans[s].end == plan.term_end) term = s;
  size_t median = 0, p90 = 0, distinct = 0;
  for (size_t a = 0; a < plan.aggregates.size(); ++a) {
    if (plan.aggregates[a].op == plan::AggregateOp::Median)
      median = a;  // `by site`: is_group 0 is every site
    if (plan.aggregates[a].op == plan::AggregateOp::Percentile) p90 = a;
    if (plan.aggregates[a].op == plan::AggregateOp::CountDistinct) distinct = a;
  }
  // Four stays (1.5, 2, 5, 9.25) and one missing: the median is 2 + 0.5 * 3
  // = 3.5; the 90th percentile's rank is 2.7: 5 + 0.7 * 4.25 = 7.975.
  std::string csv = kHeader;
  csv += fmt::format("table,0,,0,,0,5,0,0,0,,,\n");
  csv += fmt::format("total,0,,,,0,5,0,0,0,,,\n");
  csv += fmt::format("agg,{},,{},,0,5,0,4,1,,2,5\n", median, term);
  csv += fmt::format("agg,{},,{},,0,5,0,4,1,,5.000,9.25\n", p90, term);
  csv += fmt::format("agg,{},,{},,0,5,0,5,0,,2,\n", distinct, term);
  std::string error;
  std::optional<sql::AggregateResult> r =
      sql::ReadResultCsv(plan, WriteFile("ranks.csv", csv).string(), error);
  ASSERT_TRUE(r) << error;
  std::unique_ptr<exec::AggregateSource> source = r->Source();
  Period whole{PeriodKind::Term, "term", plan.term_start, plan.term_end};
  exec::AggState s = source->State(median, whole);
  EXPECT_EQ(exec::Finish(s, plan.aggregates[median]).d.ToString(), "3.5");
  s = source->State(p90, whole);
  EXPECT_EQ(exec::Finish(s, plan.aggregates[p90]).d.ToString(), "7.975");
  s = source->State(distinct, whole);
  EXPECT_EQ(exec::Finish(s, plan.aggregates[distinct]).i, 2);
  EXPECT_EQ(r->TableRows()[0], 5);
}

TEST(WarehouseResult, BadResultsAreRefusedWithTheRowAndColumn) {
  plan::EvaluationPlan plan = PlanOf(kContract);
  struct Case {
    std::string csv, says;
  } cases[] = {
      {"", "empty"},
      {"kind,item\n", "has no column `col`"},
      {std::string(kHeader) + "agg,0,,999,,0,1,0,0,0,,,\n", "row 1: `span`: not a span from 0 to"},
      {std::string(kHeader) + "agg,0,,0,,0,x,0,0,0,,,\n", "row 1: `rows`: not a count"},
      {std::string(kHeader) + "agg,0,,0,,0,-1,0,0,0,,,\n", "row 1: `rows`: not a count"},
      {std::string(kHeader) + "agg,9999,,0,,0,1,0,0,0,,,\n", "row 1: `item`: no such aggregate"},
      {std::string(kHeader) + "agg,0,,0,,0,1,0,0,0,,,\nagg,0,,0,,0,1,0,0,0,,,\n",
       "row 2: `span`: the same cell twice"},
      {std::string(kHeader) + "what,0,,0,,0,1,0,0,0,,,\n",
       "row 1: `kind`: not `agg`, `presence`, `table` or `total`"},
      {std::string(kHeader) + "table,0,,0,,0,4,0,0,0,,,\n", "no `total` row for table `visits`"},
      {std::string(kHeader) + "table,0,,0,,0,4,0,0,0,,,\ntotal,0,,,,0,5,0,0,0,,,\n",
       "table `visits` has 5 rows, but the result's rows for it count 4: the result is not the script's "
       "whole"},
      {std::string(kHeader) + "agg,0,,0,,0,1,0,0,0,\"open\n", "a quoted field is not closed"},
      {std::string(kHeader) + "agg,0,,0,,0,1\n", "row 1: 7 cells where the header has 13"},
  };
  for (const Case& c : cases) {
    std::string error;
    std::optional<sql::AggregateResult> r =
        sql::ReadResultCsv(plan, WriteFile("bad.csv", c.csv).string(), error);
    EXPECT_FALSE(r) << c.csv;
    EXPECT_NE(error.find(c.says), std::string::npos) << "for:\n" << c.csv << "\nsaid: " << error;
  }
  std::string error;
  EXPECT_FALSE(sql::ReadResultCsv(plan, "/nonexistent/result.csv", error));
  EXPECT_NE(error.find("cannot be read"), std::string::npos) << error;
  EXPECT_FALSE(sql::ReadResultCsv(plan, fs::temp_directory_path().string(), error));
  EXPECT_NE(error.find("not a regular file"), std::string::npos) << error;
}

TEST(WarehouseResult, QuotedEmptyIsTextAndUnquotedEmptyIsNull) {
  plan::EvaluationPlan plan = PlanOf(kContract);
  size_t by = 0;
  for (size_t a = 0; a < plan.aggregates.size(); ++a)
    if (plan.aggregates[a].by_column != plan::kNoSlot) by = a;
  std::string error;
  // A group's row with a null group is refused; "" is a group named "".
  std::string csv = std::string(kHeader) + fmt::format("agg,{},,{},,1,1,0,0,1,,,\n", by, plan.finest.size());
  EXPECT_FALSE(sql::ReadResultCsv(plan, WriteFile("null_group.csv", csv).string(), error));
  EXPECT_NE(error.find("`grp`: missing in a group's row"), std::string::npos) << error;
}

class WarehouseCli : public test_support::SourceTreeTest {};

TEST_F(WarehouseCli, BadUsageIsExitTwoWithAMessage) {
  const std::string msk = "examples/msk/msk.ocf";
  struct Case {
    std::vector<std::string> args;
    std::string says;
  } cases[] = {
      {{"run", msk, "--aggregates", "r.csv", "--data", "examples/msk/data"}, "leave out --data"},
      {{"run", msk, "--aggregates", "r.csv", "--engine", "jit"}, "leave out --engine jit"},
      {{"run", msk, "--engine", "postgres"}, "--engine postgres needs --db URI"},
      {{"run", msk, "--engine", "postgres", "--db", "x", "--data", "examples/msk/data"}, "leave out --data"},
      {{"run", msk, "--db", "host=/tmp", "--data", "examples/msk/data"}, "--db goes with --engine postgres"},
      {{"run", msk, "--engine", "postgres", "--db", "x", "--table", "nope"}, "--table is NAME=TABLE"},
      {{"run", msk, "--engine", "postgres", "--db", "x", "--table", "a=b..c"}, "--table is NAME=TABLE"},
      {{"run", msk, "--engine", "postgres", "--db", "x", "--table", "nothing=s.t"},
       "has no data block `nothing`"},
      {{"run", msk, "--data", "examples/msk/data", "--table", "referrals=s.t"},
       "it goes with --engine postgres"},
      {{"sql", msk, "--dialect", "oracle"}, "--dialect is `postgres`, `duckdb` or `spark`, not `oracle`"},
      {{"sql", msk, "--dialect", "spark", "--schema", "--checks"}, "--schema or --checks, not both"},
      {{"sql", msk, "--dialect", "spark", "--table", "referrals=a", "--table", "referrals=b"},
       "names `referrals` twice"},
  };
  for (const Case& c : cases) {
    test_support::CliRun r = RunOcf(c.args);
    std::string line;
    for (const std::string& a : c.args) line += a + " ";
    EXPECT_EQ(r.status, 2) << line << "\n" << r.err;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << line << "\nsaid: " << r.err;
  }
}

TEST_F(WarehouseCli, ASchemaPerDialectWithTheTablesNamed) {
  test_support::CliRun r = RunOcf({"sql", "examples/msk/msk.ocf", "--dialect", "spark", "--schema", "--table",
                                   "referrals=nhs.msk_referrals"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_NE(r.out.find("CREATE TABLE `nhs`.`msk_referrals` ("), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("`spend` DECIMAL(38,18) NOT NULL"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("`first_seen_on` DATE,"), std::string::npos) << r.out;
}

TEST_F(WarehouseCli, AnUnreachableDatabaseIsAnErrorNotACrash) {
  test_support::CliRun r = RunOcf({"run", "examples/msk/msk.ocf", "--engine", "postgres", "--db",
                                   "host=/nonexistent/socket/dir port=1 user=nobody connect_timeout=2"});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("cannot connect to PostgreSQL"), std::string::npos) << r.err;
}

TEST_F(WarehouseCli, AnAggregatesFileThatIsNotAResultIsAnError) {
  fs::path p = WriteFile("not_result.csv", "a,b\n1,2\n");
  test_support::CliRun r = RunOcf({"run", "examples/msk/msk.ocf", "--aggregates", p.string()});
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_NE(r.err.find("has no column `kind`"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace ocf
