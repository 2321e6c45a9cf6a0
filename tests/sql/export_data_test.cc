// ocf_export_data (export_data.h): every column type in canonical CSV,
// missing values, awkward text, percents as fractions, UK dates; the file
// read back by ocf's own reader gives the same table; data with problems,
// missing files and bad usage refused with their messages.
#include "tests/sql/export_data.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "compiler/driver/api_impl.h"
#include "compiler/driver/commands.h"
#include "compiler/driver/data.h"

namespace ocf::sqltest {
namespace {

namespace fs = std::filesystem;

const std::string kTypes = std::string(OCF_SOURCE_DIR) + "/tests/sql/types";

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// A fresh folder, removed at the end of the test.
struct Scratch {
  fs::path dir;
  Scratch() {
    dir = fs::temp_directory_path() /
          ("ocf-export-" + std::string(testing::UnitTest::GetInstance()->current_test_info()->name()) + "-" +
           std::to_string(::getpid()));
    fs::remove_all(dir);
  }
  ~Scratch() { fs::remove_all(dir); }
};

struct Ran {
  int status;
  std::string err;
};

Ran Export(const std::vector<std::string>& args) {
  std::ostringstream err;
  int status = ExportData(args, err);
  return {status, err.str()};
}

TEST(Export, EveryTypeAsCanonicalCsv) {
  Scratch s;
  Ran r = Export({kTypes + "/types.ocf", "--data", kTypes + "/data", "--out", s.dir.string()});
  ASSERT_EQ(r.status, 0) << r.err;
  // Written by hand from data/*.csv: columns in declared order (the file's
  // are not, and its extra column is gone); money without £ or separators;
  // 95% and 0.95 both 0.95; yes/N/TRUE as true/false; UK dates as ISO; text,
  // ids and enumerations quoted, quotes doubled, line breaks kept; missing
  // values empty and unquoted; int64's extremes.
  EXPECT_EQ(ReadFile(s.dir / "visits.csv"), ReadFile(kTypes + "/expected/visits.csv"));
  EXPECT_EQ(ReadFile(s.dir / "uk_visits.csv"), ReadFile(kTypes + "/expected/uk_visits.csv"));
}

TEST(Export, ReadBackByOcfGivesTheSameTable) {
  // The exported visits.csv read by ocf itself (its dates are ISO and the
  // block reads ISO; uk_visits' block wants UK dates, so it is left out).
  Scratch s;
  ASSERT_EQ(Export({kTypes + "/types.ocf", "--data", kTypes + "/data", "--out", s.dir.string()}).status, 0);
  ocf::Compilation c = driver::CompileArg(kTypes + "/types.ocf", "");
  ASSERT_TRUE(c.ok());
  const CheckedProgram& program = *c.internal().compilation->program;
  driver::DataSources original, exported;
  original.files = {{"visits", kTypes + "/data/visits.csv"}};
  exported.files = {{"visits", (s.dir / "visits.csv").string()}};
  driver::DataCheck a = driver::CheckData(program, original), b = driver::CheckData(program, exported);
  ASSERT_TRUE(a.ok() && b.ok()) << driver::RenderDataProblems(b.datasets[0]);
  const Table &ta = *a.datasets[0].table, &tb = *b.datasets[0].table;
  ASSERT_EQ(ta.row_count(), 5u);
  ASSERT_EQ(tb.row_count(), ta.row_count());
  for (size_t col = 0; col < ta.column_count(); ++col)
    for (size_t row = 0; row < ta.row_count(); ++row) {
      EXPECT_EQ(ta.column(col).present(row), tb.column(col).present(row)) << col << " " << row;
      EXPECT_EQ(ta.column(col).ToString(row), tb.column(col).ToString(row)) << col << " " << row;
    }
}

TEST(Export, MissingAndEmptyTextDiffer) {
  // A missing value is the only unquoted empty field (COPY's NULL); text is
  // quoted even when empty or when it looks like a number.
  ColumnSpec spec;
  spec.name = "note";
  spec.kind = ColumnKind::Text;
  spec.optional = true;
  Table t(TableSchema{"notes", {spec}});
  t.AppendRow({std::string_view("")}, 2);
  t.AppendRow({std::monostate{}}, 3);
  t.AppendRow({std::string_view("0012")}, 4);
  t.AppendRow({std::string_view("\"\r\n,")}, 5);
  EXPECT_EQ(CanonicalCsv(t), "note\n\"\"\n\n\"0012\"\n\"\"\"\r\n,\"\n");
}

TEST(Export, RefusesDataWithProblems) {
  Scratch s;
  Ran r = Export({kTypes + "/types.ocf", "--data", kTypes + "/bad", "--out", s.dir.string()});
  EXPECT_EQ(r.status, 1);
  // As `ocf run` prints them: file:line: column: why, for every bad cell.
  EXPECT_NE(r.err.find("visits.csv:2: visits_made: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("visits.csv:3: kind: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("visits.csv:3: fee: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("visits.csv:3: seen_on: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("visits.csv:4: urgent: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("nothing was written"), std::string::npos) << r.err;
  EXPECT_FALSE(fs::exists(s.dir / "visits.csv"));
  EXPECT_FALSE(fs::exists(s.dir / "uk_visits.csv"));
}

TEST(Export, EveryDatasetNeedsAFile) {
  Scratch s;
  Ran r = Export(
      {kTypes + "/types.ocf", "--data", "visits=" + kTypes + "/data/visits.csv", "--out", s.dir.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("no data for `uk_visits`"), std::string::npos) << r.err;
  // A folder without the file: the reader's own message.
  r = Export({kTypes + "/types.ocf", "--data", kTypes, "--out", s.dir.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.err.find("visits.csv"), std::string::npos) << r.err;
}

TEST(Export, BadUsage) {
  EXPECT_EQ(Export({}).status, 2);
  EXPECT_EQ(Export({kTypes + "/types.ocf", "--data", kTypes + "/data"}).status, 2);  // no --out
  EXPECT_EQ(Export({kTypes + "/types.ocf", "--out"}).status, 2);
  EXPECT_EQ(Export({kTypes + "/types.ocf", "--bogus", "--out", "x"}).status, 2);
  Ran r = Export({kTypes + "/types.ocf", "--data", "nosuch=x.csv", "--out", "x"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("no such dataset"), std::string::npos) << r.err;
  r = Export({kTypes + "/no_such_contract.ocf", "--data", kTypes + "/data", "--out", "x"});
  EXPECT_EQ(r.status, 2);
}

}  // namespace
}  // namespace ocf::sqltest
