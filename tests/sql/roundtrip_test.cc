// The round trip through PostgreSQL: tests/sql/types' every-type data and
// every example's sample data loaded by pg_load.sh (ocf_export_data's
// canonical CSV, `ocf sql --schema`'s tables, COPY) and read back through
// the libpq client give, cell for cell (rows in any order), the values ocf
// reads from the files itself -- NULL exactly where a value is missing.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>

#include "compiler/driver/api_impl.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/data.h"
#include "runtime/warehouse/postgres.h"
#include "tests/sql/sql_tests.h"

namespace ocf::sqltest {
namespace {

namespace fs = std::filesystem;

struct Case {
  std::string name;      // also the schema: rt_NAME
  std::string contract;  // from the source root
  std::string data;      // a folder
};

std::vector<Case> Cases() {
  std::vector<Case> cases = {{"types", "tests/sql/types/types.ocf", "tests/sql/types/data"}};
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(OCF_SOURCE_DIR) / "examples")) {
    std::string name = e.path().filename().string();
    if (fs::exists(e.path() / (name + ".ocf")) && fs::is_directory(e.path() / "data"))
      cases.push_back({name, "examples/" + name + "/" + name + ".ocf", "examples/" + name + "/data"});
  }
  std::sort(cases.begin(), cases.end(), [](const Case& a, const Case& b) { return a.name < b.name; });
  return cases;
}

class RoundTrip : public testing::TestWithParam<Case> {};

TEST_P(RoundTrip, GivesBackTheSameValues) {
  if (ServerUri().empty()) GTEST_SKIP() << "no --pg DIR: no server to test";
  const Case& c = GetParam();
  const std::string root = OCF_SOURCE_DIR, schema = "rt_" + c.name;
  std::string load = "OCF='" OCF_BINARY "' OCF_EXPORT_DATA='" OCF_EXPORT_DATA "' bash '" + root +
                     "/tests/sql/pg_load.sh' '" + ServerUri() + "' " + schema + " '" + root + "/" +
                     c.contract + "' '" + root + "/" + c.data + "' >/dev/null";
  ASSERT_EQ(std::system(load.c_str()), 0) << load;

  // What ocf reads from the same files.
  ocf::Compilation compiled = driver::CompileArg(root + "/" + c.contract, "");
  ASSERT_TRUE(compiled.ok());
  driver::DataSources sources;
  sources.dir = root + "/" + c.data;
  driver::DataCheck data = driver::CheckData(*compiled.internal().compilation->program, sources);
  ASSERT_TRUE(data.ok());

  std::string error;
  std::unique_ptr<warehouse::Postgres> db = warehouse::Postgres::Connect(ServerUri(), error);
  ASSERT_TRUE(db) << error;
  size_t cells = 0;
  for (const driver::DatasetData& d : data.datasets) {
    const Table& t = *d.table;
    // Each column as text: booleans as true/false, dates ISO (the client's
    // session is DateStyle ISO), numerics exactly as stored. A table keeps
    // no order (COPY may put a later row in an earlier page's free space):
    // both sides are compared sorted.
    std::string sql = "SELECT ";
    for (size_t col = 0; col < t.column_count(); ++col)
      sql += (col ? ", \"" : "\"") + t.schema().columns[col].name + "\"::text";
    sql += " FROM \"" + schema + "\".\"" + d.dataset + "\"";
    std::optional<warehouse::QueryResult> r = db->Run(sql, error);
    ASSERT_TRUE(r) << error;
    std::vector<std::vector<std::optional<std::string>>> want(t.row_count());
    for (size_t row = 0; row < t.row_count(); ++row)
      for (size_t col = 0; col < t.column_count(); ++col) {
        const Column& column = t.column(col);
        want[row].push_back(column.present(row) ? std::optional(column.ToString(row)) : std::nullopt);
        ++cells;
      }
    std::sort(want.begin(), want.end());
    std::sort(r->rows.begin(), r->rows.end());
    ASSERT_EQ(r->rows.size(), want.size()) << d.dataset;
    for (size_t row = 0; row < want.size(); ++row)
      ASSERT_EQ(r->rows[row], want[row]) << d.dataset << ": sorted row " << row + 1;
  }
  EXPECT_GT(cells, 0u);
}

INSTANTIATE_TEST_SUITE_P(Tables, RoundTrip, testing::ValuesIn(Cases()),
                         [](const testing::TestParamInfo<Case>& param) { return param.param.name; });

}  // namespace
}  // namespace ocf::sqltest
