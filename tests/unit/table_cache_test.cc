// The column cache's file format (runtime/table_cache.h), on real files and
// real mappings: a round trip of every column kind (missing values,
// dictionaries, line runs and lines per row), and each way an entry stops
// being trusted.
#include "runtime/table_cache.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "runtime/csv_parallel.h"
#include "runtime/csv_reader.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;

ColumnSpec Col(std::string name, ColumnKind kind, bool optional = true) {
  ColumnSpec c;
  c.name = std::move(name);
  c.kind = kind;
  c.optional = optional;
  return c;
}

TableSchema Schema() {
  TableSchema s;
  s.name = "episodes";
  s.columns = {
      Col("id", ColumnKind::Id, false), Col("age", ColumnKind::Int),    Col("sex", ColumnKind::Enum),
      Col("on", ColumnKind::Date),      Col("cost", ColumnKind::Money), Col("rate", ColumnKind::Percent),
      Col("x", ColumnKind::Decimal),    Col("ok", ColumnKind::Bool),    Col("note", ColumnKind::Text)};
  s.columns[0].key = true;
  s.columns[2].enum_values = {"M", "F", "U"};
  return s;
}

// Rows with every kind, missing values, and blank lines between runs.
std::string Csv(int rows, bool blank_after_each = false) {
  std::string csv = "id,age,sex,on,cost,rate,x,ok,note\n";
  for (int i = 0; i < rows; ++i) {
    csv += "P" + std::to_string(i) + "," + (i % 5 ? std::to_string(i % 90) : "") + "," +
           std::string(i % 3 == 0   ? "M"
                       : i % 3 == 1 ? "F"
                                    : "") +
           ",2021-0" + std::to_string(1 + i % 9) + "-1" + std::to_string(i % 10) + "," + std::to_string(i) +
           ".5" + ",12.5%," + (i % 7 ? "-3.25" : "") + "," + (i % 2 ? "true" : "false") + "," +
           (i % 4 ? "note " + std::to_string(i % 6) : "") + "\n";
    if (blank_after_each || i % 50 == 49) csv += "\n";
  }
  return csv;
}

class TableCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ocf_table_cache_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    data_ = (dir_ / "episodes.csv").string();
    cache_ = (dir_ / "episodes.ocfcache").string();
  }
  void TearDown() override { fs::remove_all(dir_); }

  void WriteData(const std::string& text) { std::ofstream(data_, std::ios::binary) << text; }

  // Reads the data file, writes its entry; the entry's description.
  CacheEntry Store(const TableSchema& schema, const Table& table, uint64_t report_rows) {
    CacheEntry e = Entry(schema);
    e.report_rows = report_rows;
    EXPECT_EQ(WriteTableCache(cache_, e, table), "");
    return e;
  }
  CacheEntry Entry(const TableSchema& schema) {
    CacheEntry e;
    e.identity = "ocf test build";
    std::optional<CacheKey> key = DataFileKey(data_);
    EXPECT_TRUE(key);
    if (key) e.key = *key;
    e.declaration = DeclarationHash(schema);
    return e;
  }
  CacheRead Load(const TableSchema& schema, std::vector<bool> needed = {}) {
    return ReadTableCache(cache_, Entry(schema), schema, needed, 2);
  }

  fs::path dir_;
  std::string data_, cache_;
};

void ExpectSameTable(const Table& a, const Table& b) {
  ASSERT_EQ(a.row_count(), b.row_count());
  ASSERT_EQ(a.column_count(), b.column_count());
  for (size_t c = 0; c < a.column_count(); ++c) {
    const Column &x = a.column(c), &y = b.column(c);
    ASSERT_EQ(x.size(), y.size()) << c;
    ASSERT_EQ(x.dictionary_size(), y.dictionary_size()) << c;
    for (uint32_t k = 0; k < x.dictionary_size(); ++k) EXPECT_EQ(x.dictionary(k), y.dictionary(k));
    for (size_t r = 0; r < a.row_count(); ++r) {
      ASSERT_EQ(x.present(r), y.present(r)) << c << " " << r;
      ASSERT_EQ(x.ToString(r), y.ToString(r)) << c << " " << r;
    }
  }
  for (size_t r = 0; r < a.row_count(); ++r) ASSERT_EQ(a.line(r), b.line(r)) << r;
}

TEST_F(TableCacheTest, RoundTripsEveryKindWithLineRuns) {
  WriteData(Csv(300));
  TableSchema schema = Schema();
  CsvResult read = ReadCsvFile(data_, schema);
  ASSERT_TRUE(read.report.ok()) << read.report.problems()[0].message;
  ASSERT_FALSE(read.table.line_runs().empty());
  Store(schema, read.table, read.report.rows);
  CacheRead hit = Load(schema);
  ASSERT_TRUE(hit.table) << hit.miss;
  EXPECT_EQ(hit.report_rows, 300u);
  EXPECT_TRUE(hit.table->viewing());
  EXPECT_TRUE(hit.table->column(0).viewing());
  ExpectSameTable(read.table, *hit.table);
  // The mapped dictionary's index finds its strings; an enumeration's codes are its positions.
  EXPECT_EQ(hit.table->column(0).strings().Find("P123"), read.table.column(0).strings().Find("P123"));
  EXPECT_FALSE(hit.table->column(0).strings().Find("nobody"));
  EXPECT_EQ(hit.table->column(2).dictionary(1), "F");
  EXPECT_FALSE(hit.table->column(1).present(0));  // a missing int
  EXPECT_EQ(hit.table->line(299), read.table.line(299));
}

TEST_F(TableCacheTest, RoundTripsALinePerRow) {
  WriteData(Csv(200, true));
  TableSchema schema = Schema();
  CsvResult read = ReadCsvFile(data_, schema);
  ASSERT_TRUE(read.report.ok());
  ASSERT_FALSE(read.table.row_lines().empty());
  Store(schema, read.table, read.report.rows);
  CacheRead hit = Load(schema);
  ASSERT_TRUE(hit.table) << hit.miss;
  ExpectSameTable(read.table, *hit.table);
  EXPECT_EQ(hit.table->line(199), 2u + 199 * 2);
}

TEST_F(TableCacheTest, RoundTripsAnEmptyTable) {
  WriteData("id,age,sex,on,cost,rate,x,ok,note\n");
  TableSchema schema = Schema();
  CsvResult read = ReadCsvFile(data_, schema);
  Store(schema, read.table, 0);
  CacheRead hit = Load(schema);
  ASSERT_TRUE(hit.table) << hit.miss;
  EXPECT_EQ(hit.table->row_count(), 0u);
}

TEST_F(TableCacheTest, AViewedTableCannotBeChanged) {
  WriteData(Csv(10));
  TableSchema schema = Schema();
  CsvResult read = ReadCsvFile(data_, schema);
  Store(schema, read.table, read.report.rows);
  CacheRead hit = Load(schema);
  ASSERT_TRUE(hit.table);
  EXPECT_THROW(hit.table->column(1).AppendMissing(), std::logic_error);
  EXPECT_THROW(hit.table->column(1).Resize(3), std::logic_error);
  EXPECT_THROW(hit.table->column(0).mutable_strings().Intern("new"), std::logic_error);
  EXPECT_THROW(hit.table->AppendLines(99, 1), std::logic_error);
}

TEST_F(TableCacheTest, AnEntryLackingAColumnSaysWhatItHas) {
  WriteData(Csv(100));
  TableSchema schema = Schema();
  ParallelCsvOptions parallel;
  parallel.materialize = {true, true, false, false, false, false, false, false, false};
  std::optional<CsvResult> read = ReadCsvFileParallel(data_, schema, CsvOptions{}, parallel);
  ASSERT_TRUE(read);
  Store(schema, read->table, read->report.rows);
  CacheRead hit = Load(schema, {true, true, false, false, false, false, false, false, false});
  ASSERT_TRUE(hit.table) << hit.miss;
  EXPECT_EQ(hit.table->column(2).size(), 0u);
  EXPECT_EQ(hit.table->column(1).size(), 100u);
  CacheRead miss = Load(schema, {true, false, true, false, false, false, false, false, false});
  EXPECT_FALSE(miss.table);
  EXPECT_EQ(miss.miss, "the cache entry lacks columns this run reads");
  EXPECT_EQ(miss.stored, (std::vector<bool>{true, true, false, false, false, false, false, false, false}));
  EXPECT_FALSE(Load(schema).table);  // every column
}

class InvalidationTest : public TableCacheTest {
 protected:
  void SetUp() override {
    TableCacheTest::SetUp();
    WriteData(Csv(500));
    schema_ = Schema();
    CsvResult read = ReadCsvFile(data_, schema_);
    ASSERT_TRUE(read.report.ok());
    Store(schema_, read.table, read.report.rows);
    ASSERT_TRUE(Load(schema_).table);
  }
  std::string Miss() {
    CacheRead r = Load(schema_);
    EXPECT_FALSE(r.table);
    return r.miss;
  }
  void FlipByteAt(const std::string& file, off_t at) {
    int fd = ::open(file.c_str(), O_RDWR);
    ASSERT_GE(fd, 0);
    char c;
    ASSERT_EQ(::pread(fd, &c, 1, at), 1);
    c ^= 0x10;
    ASSERT_EQ(::pwrite(fd, &c, 1, at), 1);
    ::close(fd);
  }
  TableSchema schema_;
};

TEST_F(InvalidationTest, ChangedContentOfTheSameSizeWithItsTimeRestored) {
  struct stat before;
  ASSERT_EQ(::stat(data_.c_str(), &before), 0);
  std::string text = Csv(500);
  size_t at = text.find("\nP1,");
  ASSERT_NE(at, std::string::npos);
  text[at + 1] = 'Q';  // the same size, the same ends of the file: hashed only in a small file
  WriteData(text);
  struct timespec times[2] = {before.st_atim, before.st_mtim};
  ASSERT_EQ(::utimensat(AT_FDCWD, data_.c_str(), times, 0), 0);
  EXPECT_EQ(Miss(), "the data file has changed");
}

TEST_F(InvalidationTest, ChangedSize) {
  WriteData(Csv(501));
  EXPECT_EQ(Miss(), "the data file has changed");
}

TEST_F(InvalidationTest, TouchedTime) {
  struct timespec times[2] = {{0, UTIME_OMIT}, {1'000'000'000, 5}};
  ASSERT_EQ(::utimensat(AT_FDCWD, data_.c_str(), times, 0), 0);
  EXPECT_EQ(Miss(), "the data file has changed");
}

TEST_F(InvalidationTest, ChangedDeclaration) {
  TableSchema changed = schema_;
  changed.columns[1].optional = false;
  EXPECT_NE(DeclarationHash(changed), DeclarationHash(schema_));
  CacheRead r = Load(changed);
  EXPECT_FALSE(r.table);
  EXPECT_EQ(r.miss, "the data block's declaration has changed");
  changed = schema_;
  changed.columns[2].enum_values.push_back("X");
  EXPECT_NE(DeclarationHash(changed), DeclarationHash(schema_));
}

TEST_F(InvalidationTest, TruncatedFile) {
  ASSERT_EQ(::truncate(cache_.c_str(), static_cast<off_t>(fs::file_size(cache_) / 2)), 0);
  EXPECT_EQ(Miss(), "the cache file is truncated");
  ASSERT_EQ(::truncate(cache_.c_str(), 10), 0);
  EXPECT_EQ(Miss(), "the cache file is truncated");
}

TEST_F(InvalidationTest, FlippedByteInData) {
  FlipByteAt(cache_, static_cast<off_t>(fs::file_size(cache_) / 2));
  EXPECT_EQ(Miss(), "the cache file is corrupt (a checksum)");
}

TEST_F(InvalidationTest, FlippedByteInHeader) {
  FlipByteAt(cache_, 300);  // past the fixed part: the path, the directory
  EXPECT_EQ(Miss(), "the cache file is corrupt (its header's checksum)");
}

TEST_F(InvalidationTest, OtherVersion) {
  CacheEntry other = Entry(schema_);
  other.identity = "ocf 9.9.9 elsewhere";
  CacheRead r = ReadTableCache(cache_, other, schema_, {}, 1);
  EXPECT_FALSE(r.table);
  EXPECT_EQ(r.miss, "the cache file was written by another ocf");
  EXPECT_NE(CacheIdentity("1.0"), CacheIdentity("1.1"));
}

TEST_F(TableCacheTest, NoEntryAndAnUnwritableFolder) {
  WriteData(Csv(5));
  EXPECT_EQ(Load(Schema()).miss, "no entry");
  CsvResult read = ReadCsvFile(data_, Schema());
  CacheEntry e = Entry(Schema());
  std::string why = WriteTableCache((dir_ / "no" / "such" / "folder" / "x").string(), e, read.table);
  EXPECT_NE(why.find("cannot write"), std::string::npos) << why;
  EXPECT_FALSE(fs::exists(dir_ / "no"));
}

TEST(TableCacheNames, OneFilePerPathAndDataset) {
  EXPECT_EQ(CacheFileName("/c", "/d/a.csv", "a"), CacheFileName("/c", "/d/a.csv", "a"));
  EXPECT_NE(CacheFileName("/c", "/d/a.csv", "a"), CacheFileName("/c", "/d/b.csv", "a"));
  EXPECT_NE(CacheFileName("/c", "/d/a.csv", "a"), CacheFileName("/c", "/d/a.csv", "b"));
}

}  // namespace
}  // namespace ocf
