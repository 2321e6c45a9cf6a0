// `ocf rows` (compiler/driver/rows.h): the records behind a measure's value.
//
// - Golden files: tests/rows/rows.ocf over tests/rows/data, one case per
//   thing a record can come through (a population, `by`, a window, the
//   period before, the baseline, a link, missing values, two tables), the
//   CSV and the summary compared with tests/rows/expected/NAME.expected.
//   OCF_UPDATE_GOLDEN=1 rewrites them; review the diff.
// - Consistency: for every measure, period and group of every example, on
//   the examples' sample data, the records found add up to the statement's
//   figures (numerator and denominator, counts, sums, means, minima and
//   maxima, distinct counts, skipped records, records outside the term),
//   the statement being the one both engines give.
// - Bad usage, each with exit status 2 and a hint; data with problems,
//   refused (exit 1); hostile cells made safe.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/driver/data.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/run.h"
#include "compiler/lower/lower.h"
#include "runtime/csv_records.h"
#include "runtime/interp/records.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;
using test_support::CliRun;
using test_support::ReadAll;
using test_support::RunOcf;
using ::testing::HasSubstr;

const fs::path kSourceDir = OCF_SOURCE_DIR;
const std::string kContract = "tests/rows/rows.ocf";
const std::string kData = "tests/rows/data";

// A CSV text's records, split by the reader's own splitter.
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  CsvRecordSplitter splitter;
  auto sink = [&](const CsvRecord& r) {
    std::vector<std::string>& row = rows.emplace_back();
    for (const CsvField& f : r.fields) row.emplace_back(f.text);
  };
  splitter.Feed(text, sink);
  splitter.Finish(sink);
  return rows;
}

class InSourceDir : public test_support::SourceTreeTest {};

// ---------------------------------------------------------------- golden files

struct RowsCase {
  std::string name;
  std::vector<std::string> args;  // after `ocf rows tests/rows/rows.ocf --data tests/rows/data`
};

std::vector<RowsCase> Cases() {
  return {
      // A `percent of` over a population, every record of its denominator.
      {"percent_of", {"--measure", "seen_in_4_weeks", "--period", "2020/21 Q1"}},
      {"numerator_of_a_group",
       {"--measure", "seen_in_4_weeks", "--period", "2020/21 Q1", "--group", "north", "--which",
        "numerator"}},
      {"denominator", {"--measure", "seen_in_4_weeks", "--period", "2020/21", "--which", "denominator"}},
      // A sum: each record's value; empty costs are skipped.
      {"sum", {"--measure", "spend", "--period", "2020/21"}},
      {"skipped", {"--measure", "spend", "--period", "term", "--which", "skipped"}},
      // A window: the six months to the end of 2020/21 Q3, adults only.
      {"window", {"--measure", "recent_spend", "--period", "2020/21 Q3"}},
      // The period before and the baseline: a column says which aggregate.
      {"previous_period", {"--measure", "growth", "--period", "2020/21 Q2"}},
      {"at_baseline", {"--measure", "since_baseline", "--period", "2020/21 Q1"}},
      {"baseline_period", {"--measure", "referrals_in", "--period", "baseline"}},
      // A link: whether each referral has a contact within 14 days.
      {"link", {"--measure", "contacted", "--period", "2020/21"}},
      // Records dated outside the term and the baseline.
      {"outside", {"--measure", "referrals_in", "--which", "outside"}},
      // Two tables: one at a time.
      {"two_tables", {"--measure", "contacts_per_referral", "--period", "term", "--table", "contacts"}},
  };
}

class RowsGolden : public test_support::SourceTreeTestWithParam<RowsCase> {};

TEST_P(RowsGolden, OutputMatchesExpected) {
  const RowsCase& c = GetParam();
  std::vector<std::string> args = {"rows", kContract, "--data", kData};
  args.insert(args.end(), c.args.begin(), c.args.end());
  CliRun r = RunOcf(args);
  std::string shown = r.out + "--- standard error\n" + r.err + "[exit " + std::to_string(r.status) + "]\n";
  fs::path expected = fs::path("tests/rows/expected") / (c.name + ".expected");
  if (const char* update = std::getenv("OCF_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(expected, std::ios::binary) << shown;
    return;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected << " does not exist; create it with OCF_UPDATE_GOLDEN=1 and "
                                    << "review it.\nocf printed:\n"
                                    << shown;
  EXPECT_EQ(ReadAll(expected), shown) << "for " << c.name;
  EXPECT_EQ(r.status, 0) << r.err;
  // Whatever the case, the CSV reads back with one field per header name.
  std::vector<std::vector<std::string>> rows = ParseCsv(r.out);
  ASSERT_FALSE(rows.empty());
  for (const std::vector<std::string>& row : rows) EXPECT_EQ(row.size(), rows[0].size());
}

INSTANTIATE_TEST_SUITE_P(Cases, RowsGolden, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<RowsCase>& param) { return param.param.name; });

TEST(RowsGoldenFiles, NoStrayExpectedFiles) {
  for (const fs::directory_entry& e : fs::directory_iterator(kSourceDir / "tests/rows/expected")) {
    bool found = false;
    for (const RowsCase& c : Cases()) found |= c.name == e.path().stem().string();
    EXPECT_TRUE(found) << e.path() << " has no case";
  }
}

// The same records written to a file with --output, the summary still on
// standard error.
TEST_F(InSourceDir, RowsOutputFile) {
  fs::path file = fs::temp_directory_path() / ("ocf_rows_" + std::to_string(::getpid()) + ".csv");
  CliRun to_stdout =
      RunOcf({"rows", kContract, "--data", kData, "--measure", "spend", "--period", "2020/21"});
  CliRun to_file = RunOcf({"rows", kContract, "--data", kData, "--measure", "spend", "--period", "2020/21",
                           "--output", file.string()});
  EXPECT_EQ(to_file.status, 0) << to_file.err;
  EXPECT_EQ(to_file.out, "");
  EXPECT_EQ(ReadAll(file), to_stdout.out);
  EXPECT_EQ(to_file.err, to_stdout.err);
  fs::remove(file);
  // Never over the data it reads.
  std::string before = ReadAll("tests/rows/data/referrals.csv");
  CliRun over = RunOcf({"rows", kContract, "--data", kData, "--measure", "spend", "--period", "2020/21",
                        "--output", "tests/rows/data/referrals.csv"});
  EXPECT_EQ(over.status, 2);
  EXPECT_THAT(over.err, HasSubstr("is the data file the records are read from"));
  EXPECT_EQ(ReadAll("tests/rows/data/referrals.csv"), before);
}

// ---------------------------------------------------------------- bad usage

struct Refusal {
  std::vector<std::string> args;
  int status;
  std::string says;
};

TEST_F(InSourceDir, RowsRefusesBadUsageWithAHint) {
  const std::vector<std::string> base = {"rows", kContract, "--data", kData};
  std::vector<Refusal> refusals = {
      {{"--measure", "seen_in_4_week", "--period", "term"}, 2, "did you mean `seen_in_4_weeks`?"},
      {{"--measure", "spend", "--period", "2020/21 Q5"}, 2, "its periods: `baseline`, `2020/21 Q1`"},
      {{"--measure", "spend"}, 2, "--period is required"},
      {{"--measure", "spend", "--period", "term", "--group", "north"}, 2, "`spend` has no `by` column"},
      {{"--measure", "seen_in_4_weeks", "--period", "term", "--group", "nrth"},
       2,
       "has no group `nrth`: no record of `referrals` in the term has that `team`; did you mean `north`?"},
      {{"--measure", "referrals_in", "--period", "term", "--which", "numerator"},
       2,
       "--which numerator is for a `percent of` measure"},
      {{"--measure", "referrals_in", "--period", "term", "--which", "skipped"},
       2,
       "--which skipped lists records whose value is missing"},
      {{"--measure", "spend", "--period", "term", "--which", "all"}, 2, "--which is `numerator`"},
      {{"--measure", "referrals_in", "--period", "term", "--which", "outside"}, 2, "leave out --period"},
      {{"--measure", "contacts_per_referral", "--period", "term"},
       2,
       "reads records of 2 tables, `referrals` and `contacts`, and one CSV holds one table's columns: add "
       "--table"},
      {{"--measure", "contacts_per_referral", "--period", "term", "--table", "visits"},
       2,
       "does not read a table `visits`"},
      {{"--measure", "spend", "--period", "term", "--data", "refferals=x.csv"},
       2,
       "--data names dataset `refferals`"},
      {{"--period", "term"}, 2, "--measure is required"},
  };
  for (const Refusal& r : refusals) {
    std::vector<std::string> args = base;
    args.insert(args.end(), r.args.begin(), r.args.end());
    CliRun run = RunOcf(args);
    std::string shown;
    for (const std::string& a : r.args) shown += a + " ";
    EXPECT_EQ(run.status, r.status) << shown << run.err;
    EXPECT_THAT(run.err, HasSubstr(r.says)) << shown;
    EXPECT_EQ(run.out, "") << shown;
  }
  CliRun unknown = RunOcf({"rowz", kContract});
  EXPECT_EQ(unknown.status, 2);
  EXPECT_THAT(unknown.err, HasSubstr("the commands are: check, run, test, explain, rows"));
}

// Data that breaks its data block is refused, as `ocf run` refuses it.
TEST_F(InSourceDir, RowsRefusesDataWithProblems) {
  fs::path dir = fs::temp_directory_path() / ("ocf_rows_bad_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "referrals.csv") << "referral_id,nhs_number,age,referred_on,seen_on,team,cost,note\n"
                                          "R1,1,forty,01/05/2020,,north,,\n";
  CliRun run = RunOcf({"rows", kContract, "--data", dir.string(), "--measure", "spend", "--period", "term"});
  EXPECT_EQ(run.status, 1);
  EXPECT_THAT(run.err, HasSubstr("`forty` is not a whole number"));
  EXPECT_THAT(run.err, HasSubstr("the data has problems (listed above); no records were listed"));
  EXPECT_EQ(run.out, "");
  // Only the tables the measure reads are read: contacts.csv is not needed for `spend`.
  CliRun missing = RunOcf({"rows", kContract, "--data", dir.string(), "--measure", "contacts_per_referral",
                           "--period", "term", "--table", "contacts"});
  EXPECT_EQ(missing.status, 1);
  EXPECT_THAT(missing.err, HasSubstr("contacts.csv"));
  fs::remove_all(dir);
}

// ---------------------------------------------------------------- hostile data

// tests/data/hostile: cells that are spreadsheet formulas and terminal
// controls come out as `ocf run --format csv` writes them: a formula gets a
// leading `'`, and reading the cell back gives what the file holds.
TEST_F(InSourceDir, RowsMakesHostileCellsSafe) {
  CliRun run = RunOcf({"rows", "tests/data/hostile/hostile.ocf", "--data", "tests/data/hostile", "--measure",
                       "visits_in", "--period", "term"});
  ASSERT_EQ(run.status, 0) << run.err;
  std::vector<std::vector<std::string>> rows = ParseCsv(run.out);
  std::vector<std::vector<std::string>> file = ParseCsv(ReadAll("tests/data/hostile/visits.csv"));
  ASSERT_EQ(rows.size(), file.size());  // every visit is in the term
  size_t quoted = 0;
  for (size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 3 + file[r].size());
    for (size_t c = 0; c < rows[r].size(); ++c) {
      const std::string& cell = rows[r][c];
      if (cell.empty()) continue;
      char first = cell[0];
      bool number = cell.find_first_not_of("-0123456789.") == std::string::npos && cell != "-";
      EXPECT_TRUE(number || (first != '=' && first != '+' && first != '-' && first != '@' && first != '\t' &&
                             first != '\r'))
          << "a live formula: " << cell;
      if (c < 3) continue;
      const std::string& written = file[r][c - 3];
      if (cell != written) {
        EXPECT_EQ(cell, "'" + written);
        ++quoted;
      }
    }
  }
  EXPECT_GT(quoted, 5u);
}

// ---------------------------------------------------------------- consistency

struct Example {
  std::string contract, data;
  std::vector<std::pair<std::string, std::string>> sets;
};

std::optional<Decimal> DecimalOf(const std::string& s) { return Decimal::Parse(s); }

// Every measure, period and group of an example: what FindRecords finds
// adds up to the statement's figures.
void CheckExample(const Example& ex) {
  SCOPED_TRACE(ex.contract);
  std::unique_ptr<driver::Compilation> c = driver::CompileFile((kSourceDir / ex.contract).string());
  ASSERT_TRUE(c->ok());
  plan::EvaluationPlan plan = Lower(*c->program);
  driver::DataSources sources;
  sources.dir = (kSourceDir / ex.data).string();
  driver::DataCheck data = driver::CheckData(*c->program, sources);
  ASSERT_TRUE(data.ok());
  driver::RunOutcome outcome;
  std::vector<std::string> storage;
  interp::RunInput in;
  in.plan = &plan;
  in.inputs = driver::ReadInputs(plan, ex.sets, storage, outcome);
  ASSERT_TRUE(outcome.errors.empty());
  for (const driver::DatasetData& d : data.datasets) in.tables.push_back(d.table.get());
  // The statement both engines give.
  driver::RunOptions jit, interp_only;
  jit.engine = driver::Engine::Jit;
  interp_only.engine = driver::Engine::Interp;
  std::string warning;
  Statement st = driver::RunOnEngine(in, interp_only);
  ASSERT_EQ(RenderStatementJson(driver::RunOnEngine(in, jit, &warning)), RenderStatementJson(st));

  interp::RecordFinder finder(in);
  std::vector<Period> all = plan.WorkedOutPeriods();
  size_t checked = 0;
  for (uint32_t m = 0; m < plan.measures.size(); ++m) {
    const plan::Measure& measure = plan.measures[m];
    const MeasureResult& result = st.measures[m];
    const plan::Node& top = plan.node(measure.value);
    const plan::Aggregate* single = top.op == plan::Op::Aggregate ? &plan.aggregates[top.slot] : nullptr;
    std::vector<std::optional<std::string>> groups = {std::nullopt};
    for (size_t g = 0; g < result.groups.size(); ++g) groups.emplace_back(std::string(result.groups.name(g)));
    for (size_t p = 0; p < all.size(); ++p) {
      if (std::none_of(plan.periods.begin(), plan.periods.end(),
                       [&](const Period& q) { return q.label == all[p].label; }))
        continue;
      std::vector<interp::RecordSource> found = interp::SourcesOf(plan, m, p);
      for (const std::optional<std::string>& group : groups) {
        SCOPED_TRACE(measure.name + " " + all[p].label + (group ? " " + *group : ""));
        StatementValue want =
            group ? *st.GroupValue(result, *group, all[p].label) : result.values.at(all[p].label);
        if (!single) continue;
        interp::RecordsRequest request;
        request.table = single->table;
        request.group = group;
        std::vector<interp::RecordEntry> entries = finder.Find(found, request);
        size_t numerator = 0, counted = 0;
        std::optional<Decimal> sum, low, high;
        std::set<std::string> distinct;
        for (const interp::RecordEntry& e : entries) {
          numerator += e.as == interp::CountedAs::Numerator;
          if (e.as != interp::CountedAs::Counted) continue;
          ++counted;
          std::string v = finder.ValueOf(found[e.source], e.row);
          distinct.insert(v);
          if (std::optional<Decimal> d = DecimalOf(v)) {
            sum = sum ? *Decimal::Add(*sum, *d) : *d;
            low = !low || *d < *low ? *d : *low;
            high = !high || *d > *high ? *d : *high;
          }
        }
        switch (single->op) {
          case plan::AggregateOp::PercentOf:
            EXPECT_EQ(numerator, want.numerator.value_or(-1));
            EXPECT_EQ(entries.size(), want.denominator.value_or(-1));
            break;
          case plan::AggregateOp::Count:
            EXPECT_EQ(std::to_string(counted), want.value.value_or(""));
            break;
          case plan::AggregateOp::CountDistinct:
            EXPECT_EQ(std::to_string(distinct.size()), want.value.value_or(""));
            break;
          case plan::AggregateOp::Sum:
            EXPECT_EQ(sum.value_or(Decimal()),
                      DecimalOf(want.value.value_or("x")).value_or(Decimal::FromInt(-1)));
            break;
          case plan::AggregateOp::Mean:
            if (counted) {
              EXPECT_EQ(*Decimal::Div(*sum, Decimal::FromInt(static_cast<int64_t>(counted))),
                        *DecimalOf(*want.value));
            } else {
              EXPECT_FALSE(want.value);
            }
            break;
          case plan::AggregateOp::Min:
          case plan::AggregateOp::Max:
            if (counted && single->value_type == plan::ValueType::Decimal) {
              EXPECT_EQ(single->op == plan::AggregateOp::Min ? *low : *high, *DecimalOf(*want.value));
            }
            break;
          default:
            break;
        }
        ++checked;
      }
    }
    // The command line lists the same records: the term's, every aggregate
    // of the measure's first table.
    if (!measure.tables.empty()) {
      size_t term_index = 0;
      for (size_t p = 0; p < all.size(); ++p)
        if (all[p].kind == PeriodKind::Term) term_index = p;
      std::vector<interp::RecordSource> whole_term = interp::SourcesOf(plan, m, term_index);
      uint32_t t = measure.tables[0];
      interp::RecordsRequest request;
      request.table = t;
      std::vector<std::string> args = {"rows",      (kSourceDir / ex.contract).string(),
                                       "--data",    (kSourceDir / ex.data).string(),
                                       "--measure", measure.name,
                                       "--period",  "term",
                                       "--table",   plan.tables[t].name};
      for (const auto& [name, value] : ex.sets) args.insert(args.end(), {"--set", name + "=" + value});
      CliRun cli = RunOcf(args);
      EXPECT_EQ(cli.status, 0) << cli.err;
      EXPECT_EQ(ParseCsv(cli.out).size(), 1 + finder.Find(whole_term, request).size()) << measure.name;
    }
    // Skipped and outside records, over the term, for each table.
    size_t term = 0;
    for (size_t p = 0; p < all.size(); ++p)
      if (all[p].kind == PeriodKind::Term) term = p;
    std::vector<interp::RecordSource> at_term = interp::SourcesOf(plan, m, term);
    bool windowed = false;
    for (const interp::RecordSource& s : at_term)
      windowed |= plan.aggregates[s.aggregate].window != plan::kNoSlot;
    for (uint32_t t : measure.tables) {
      SCOPED_TRACE(measure.name + " in " + plan.tables[t].name);
      interp::RecordsRequest request;
      request.table = t;
      request.which = interp::RecordSet::Outside;
      EXPECT_EQ(static_cast<int64_t>(finder.Find(at_term, request).size()), st.data[t].outside_term);
      if (windowed) continue;  // skipped_missing counts the whole term, not the window
      std::vector<interp::RecordSource> own;
      for (const interp::RecordSource& s : at_term) {
        const plan::Aggregate& a = plan.aggregates[s.aggregate];
        if (a.measure == m && a.counts_skipped) own.push_back(s);
      }
      request.which = interp::RecordSet::Skipped;
      auto it = st.data[t].skipped_missing.find(measure.name);
      EXPECT_EQ(static_cast<int64_t>(finder.Find(own, request).size()),
                it == st.data[t].skipped_missing.end() ? 0 : it->second);
    }
  }
  EXPECT_GT(checked, 20u);
}

TEST(RowsConsistency, Msk) { CheckExample({"examples/msk/msk.ocf", "examples/msk/data", {}}); }
TEST(RowsConsistency, OlderPeople) {
  CheckExample({"examples/older_people/older_people.ocf",
                "examples/older_people/data",
                {{"registered_65_plus", "3000"}}});
}
TEST(RowsConsistency, Alliance) {
  CheckExample({"examples/alliance/alliance.ocf", "examples/alliance/data", {}});
}
TEST(RowsConsistency, MentalHealth) {
  CheckExample({"examples/mental_health/mental_health.ocf", "examples/mental_health/data", {}});
}
TEST(RowsConsistency, RowsContract) { CheckExample({kContract, kData, {}}); }

// The CLI lists what FindRecords finds: the rows of the CSV of each
// example's first `percent of` measure in its first period are the
// statement's denominator.
TEST_F(InSourceDir, RowsCliAgreesWithTheStatement) {
  CliRun run = RunOcf({"run", "examples/msk/msk.ocf", "--data", "examples/msk/data", "--format", "csv",
                       "--period", "2014/15 Q1"});
  ASSERT_EQ(run.status, 0);
  CliRun rows = RunOcf({"rows", "examples/msk/msk.ocf", "--data", "examples/msk/data", "--measure",
                        "seen_in_18_weeks", "--period", "2014/15 Q1", "--group", "physio"});
  ASSERT_EQ(rows.status, 0) << rows.err;
  std::vector<std::vector<std::string>> csv = ParseCsv(rows.out);
  size_t numerator = 0;
  for (size_t r = 1; r < csv.size(); ++r) numerator += csv[r][2] == "numerator";
  std::string row = fmt::format("measure,seen_in_18_weeks,physio,2014/15 Q1,");
  size_t at = run.out.find(row);
  ASSERT_NE(at, std::string::npos);
  std::string line = run.out.substr(at, run.out.find('\n', at) - at);
  EXPECT_THAT(line, HasSubstr(fmt::format(",{},{}", numerator, csv.size() - 1))) << line;
  EXPECT_THAT(rows.err, HasSubstr(fmt::format("{} numerator", numerator)));
}

}  // namespace
}  // namespace ocf
