// `ocf sql --checks` (compiler/sql/checks.cc): goldens of the data rules'
// script for the three dialects on tests/sql_checks/checks.ocf (the script
// PostgreSQL runs is also run, by tests/sql_checks/pg_checks.sh), a check
// rule that cannot be pushed down refused with E1001, and the reading of a
// result that is not the script's (compiler/driver/warehouse_check.cc).
// OCF_UPDATE_GOLDEN=1 rewrites tests/sql_checks/checks.DIALECT.sql: review
// the diff before committing it.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/cli.h"
#include "compiler/driver/warehouse.h"
#include "compiler/lower/lower.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Ran {
  int status;
  std::string out, err;
};

// `ocf ARGS...` in-process, from the source root (paths in messages stable).
Ran Ocf(std::vector<std::string> args) {
  fs::path old = fs::current_path();
  fs::current_path(OCF_SOURCE_DIR);
  args.insert(args.begin(), "ocf");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::ostringstream out, err;
  int status = RunCli(static_cast<int>(args.size()), argv.data(), out, err);
  fs::current_path(old);
  return {status, out.str(), err.str()};
}

class SqlChecksGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(SqlChecksGolden, ScriptMatchesExpected) {
  const std::string dialect = GetParam();
  // One table under a schema of its own, one under its block's name.
  Ran r = Ocf({"sql", "tests/sql_checks/checks.ocf", "--dialect", dialect, "--checks", "--table",
               "visits=nhs.visits"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.err, "");
  // One statement (after Spark's settings), every rule of both tables in it.
  std::string statement = r.out;
  for (size_t set; (set = statement.find("\nSET ")) != std::string::npos;)
    statement.erase(set + 1, statement.find('\n', set + 1) - set);
  EXPECT_EQ(statement.find(';'), std::string::npos) << statement.substr(0, 600);
  for (const char* part : {"'rows'", "'baseline'", "'missing'", "'bad-value'", "'key'", "'check'"})
    EXPECT_NE(r.out.find(part), std::string::npos) << part;
  fs::path expected = fs::path(OCF_SOURCE_DIR) / "tests" / "sql_checks" / ("checks." + dialect + ".sql");
  const char* update = std::getenv("OCF_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(expected, std::ios::binary) << r.out;
    return;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected << " does not exist: OCF_UPDATE_GOLDEN=1, then review it";
  EXPECT_EQ(ReadAll(expected), r.out)
      << "for " << dialect << " (if right: OCF_UPDATE_GOLDEN=1, review the diff)";
}

INSTANTIATE_TEST_SUITE_P(Dialects, SqlChecksGolden, ::testing::Values("postgres", "duckdb", "spark"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

// A temporary contract file, removed afterwards.
class TempContract {
 public:
  explicit TempContract(const std::string& text)
      : path_(fs::temp_directory_path() / ("ocf_sql_checks_" + std::to_string(::getpid()) + ".ocf")) {
    std::ofstream(path_, std::ios::binary) << text;
  }
  ~TempContract() { fs::remove(path_); }
  std::string path() const { return path_.string(); }

 private:
  fs::path path_;
};

constexpr const char* kProductCheck = R"(contract "Products" {
  commissioner "NHS Test ICB"
  term         2020-04-01 to 2021-03-31
}

data visits dated by seen_on {
  seen_on : date
  a       : decimal
  b       : decimal
  check a * b <= 100 "the product is small"
}

measure seen "Visits" = count visits
)";

TEST(SqlChecks, RuleThatCannotBePushedDownIsE1001) {
  TempContract c(kProductCheck);
  // DuckDB's DECIMAL stops at 38 digits: a product is not exact there.
  Ran duck = Ocf({"sql", c.path(), "--dialect", "duckdb", "--checks"});
  EXPECT_EQ(duck.status, 1);
  EXPECT_EQ(duck.out, "");
  EXPECT_NE(duck.err.find("E1001"), std::string::npos) << duck.err;
  EXPECT_NE(duck.err.find(":10:"), std::string::npos) << "located at the rule: " << duck.err;
  // PostgreSQL's NUMERIC is: the same rule is pushed down there.
  Ran pg = Ocf({"sql", c.path(), "--dialect", "postgres", "--checks"});
  EXPECT_EQ(pg.status, 0) << pg.err;
  EXPECT_NE(pg.out.find("'check'"), std::string::npos);
}

TEST(SqlChecks, CheckEngineUsage) {
  Ran no_db = Ocf({"check", "tests/sql_checks/checks.ocf", "--engine", "postgres"});
  EXPECT_EQ(no_db.status, 2);
  EXPECT_NE(no_db.err.find("--engine postgres needs --db URI"), std::string::npos) << no_db.err;
  Ran data = Ocf({"check", "tests/sql_checks/checks.ocf", "--engine", "postgres", "--db", "host=/nowhere",
                  "--data", "tests/sql_checks/good"});
  EXPECT_EQ(data.status, 2);
  EXPECT_NE(data.err.find("give --data alone"), std::string::npos) << data.err;
  Ran jit = Ocf({"check", "tests/sql_checks/checks.ocf", "--engine", "jit"});
  EXPECT_EQ(jit.status, 2);
  EXPECT_NE(jit.err.find("--engine is `postgres`"), std::string::npos) << jit.err;
  Ran table = Ocf({"check", "tests/sql_checks/checks.ocf", "--engine", "postgres", "--db", "host=/nowhere",
                   "--table", "visitz=nhs.visits"});
  EXPECT_EQ(table.status, 2);
  EXPECT_NE(table.err.find("no data block `visitz`"), std::string::npos) << table.err;
  Ran db_alone = Ocf({"check", "tests/sql_checks/checks.ocf", "--db", "host=/nowhere"});
  EXPECT_EQ(db_alone.status, 2);
  // `--data` alone is the database's data: without --engine postgres, bad usage.
  Ran data_alone = Ocf({"check", "tests/sql_checks/checks.ocf", "--data"});
  EXPECT_EQ(data_alone.status, 2);
  EXPECT_NE(data_alone.err.find("--data needs DIR or NAME=PATH"), std::string::npos) << data_alone.err;
  // No server there: an error of the data, said, exit 1.
  Ran nowhere = Ocf({"check", "tests/sql_checks/checks.ocf", "--data", "--engine", "postgres", "--db",
                     "host=/nonexistent/socket/dir dbname=x connect_timeout=2"});
  EXPECT_EQ(nowhere.status, 1);
  EXPECT_NE(nowhere.err.find("cannot connect to PostgreSQL"), std::string::npos) << nowhere.err;
  EXPECT_NE(nowhere.out.find("data not checked"), std::string::npos) << nowhere.out;
}

// The reader refuses what is not the script's result, saying why.
TEST(SqlChecks, ResultThatIsNotTheScriptsIsRefused) {
  plan::EvaluationPlan plan;
  plan.tables.push_back(plan::Table{});
  plan.tables[0].name = "visits";
  plan.tables[0].columns.push_back(plan::TableColumn{"seen_on", plan::ValueType::Date, false, {}});
  const std::vector<std::string> columns = {"kind", "tbl", "item", "n", "k", "val", "descr"};
  using Row = std::vector<std::optional<std::string>>;
  auto read = [&](const std::vector<std::string>& cols, const std::vector<Row>& rows, std::string& error) {
    driver::DataCheck out;
    return driver::ReadChecksResult(plan, {}, cols, rows, out, error) ? std::optional(std::move(out))
                                                                      : std::nullopt;
  };
  std::string error;
  Row rows_row = {"rows", "0", "-1", "3000000", "0", std::nullopt, std::nullopt};
  Row missing_row = {"missing", "0", "0", "2999999", "0", std::nullopt, std::nullopt};
  Row listed = {"missing", "0", "0", std::nullopt, "1", std::nullopt, "seen_on missing"};
  std::optional<driver::DataCheck> ok = read(columns, {rows_row, missing_row, listed}, error);
  ASSERT_TRUE(ok) << error;
  ASSERT_EQ(ok->datasets.size(), 1u);
  const DataReport& report = ok->datasets[0].report;
  EXPECT_EQ(report.rows, 3000000u);
  EXPECT_EQ(report.problem_count(), 2999999u);  // counted, not looped
  ASSERT_EQ(report.problems().size(), 1u);
  EXPECT_EQ(report.problems()[0].message.rfind("row seen_on missing: no value", 0), 0u);
  EXPECT_EQ(report.rules()[0].key, "missing:seen_on");

  EXPECT_FALSE(read({"kind", "tbl"}, {}, error));
  EXPECT_NE(error.find("no column `item`"), std::string::npos) << error;
  EXPECT_FALSE(read(columns, {missing_row}, error));  // no row count
  EXPECT_NE(error.find("no row count"), std::string::npos) << error;
  EXPECT_FALSE(read(columns, {rows_row, {"check", "0", "0", "1", "0", std::nullopt, std::nullopt}}, error));
  EXPECT_NE(error.find("does not have"), std::string::npos) << error;
  EXPECT_FALSE(read(columns, {rows_row, {"missing", "7", "0", "1", "0", std::nullopt, std::nullopt}}, error));
  EXPECT_FALSE(read(columns, {rows_row, {"missing", "0", "0", "x", "0", std::nullopt, std::nullopt}}, error));
  EXPECT_FALSE(read(columns, {rows_row}, error));  // the rule's count is not there
  EXPECT_NE(error.find("no count of rule missing:0"), std::string::npos) << error;
  // More rows listed than counted.
  Row one = {"missing", "0", "0", "1", "0", std::nullopt, std::nullopt};
  EXPECT_FALSE(read(
      columns, {rows_row, one, listed, {"missing", "0", "0", std::nullopt, "2", std::nullopt, "x"}}, error));
  EXPECT_NE(error.find("more rows"), std::string::npos) << error;
}

}  // namespace
}  // namespace ocf
