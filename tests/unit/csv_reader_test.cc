// Reading provider CSV files (runtime/csv_reader.h, csv_records.h): RFC 4180
// quoting, line endings, headers, blank lines, every kind of bad cell, keys,
// bytes that are not text, and the typed table that results.
#include "runtime/csv_reader.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/csv_records.h"

namespace ocf {
namespace {
using ::testing::ElementsAre;
using ::testing::HasSubstr;

ColumnSpec Col(std::string name, ColumnKind kind, bool optional = false, bool key = false) {
  ColumnSpec c;
  c.name = std::move(name);
  c.kind = kind;
  c.optional = optional;
  c.key = key;
  return c;
}

// The MSK contract's referrals table.
TableSchema Referrals(bool uk_dates = false) {
  TableSchema s;
  s.name = "referrals";
  s.columns = {Col("referral_id", ColumnKind::Id, false, true), Col("age", ColumnKind::Int),
               Col("referred_on", ColumnKind::Date), Col("first_seen_on", ColumnKind::Date, true),
               Col("pathway", ColumnKind::Enum)};
  s.columns[4].enum_values = {"physio", "orthopaedics", "pain", "rheumatology day case"};
  for (ColumnSpec& c : s.columns) c.uk_dates = uk_dates;
  return s;
}

// Two text columns, for tests about the CSV layer itself.
TableSchema TwoText() {
  TableSchema s;
  s.name = "t";
  s.columns = {Col("a", ColumnKind::Text, true), Col("b", ColumnKind::Text, true)};
  return s;
}

CsvResult Read(std::string_view text, const TableSchema& schema) {
  CsvOptions options;
  options.display_path = "t.csv";
  return ReadCsvText(text, schema, options);
}

// Each kept problem as `line: column: message`.
std::vector<std::string> Problems(const CsvResult& r) {
  std::vector<std::string> out;
  for (const DataProblem& p : r.report.Sorted())
    out.push_back(std::to_string(p.line) + ": " + p.column + ": " + p.message);
  return out;
}

std::vector<std::string> Cells(const CsvResult& r, size_t column) {
  std::vector<std::string> out;
  for (size_t row = 0; row < r.table.row_count(); ++row) out.push_back(r.table.column(column).ToString(row));
  return out;
}

TEST(CsvReader, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  CsvResult r = Read("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n\"two\nlines\",z\nlast,row\n", TwoText());
  EXPECT_THAT(Problems(r), ElementsAre());
  EXPECT_THAT(Cells(r, 0), ElementsAre("x, y", "two\nlines", "last"));
  EXPECT_THAT(Cells(r, 1), ElementsAre("say \"hi\"", "z", "row"));
  // Each row knows the physical line it starts on: the quoted line break counts.
  EXPECT_EQ(r.table.line(0), 2u);
  EXPECT_EQ(r.table.line(1), 3u);
  EXPECT_EQ(r.table.line(2), 5u);
  EXPECT_EQ(r.report.rows, 3u);
}

TEST(CsvReader, EmptyQuotedFieldsAndQuotesInsideUnquotedOnes) {
  CsvResult r = Read("a,b\n\"\",5\" tall\n", TwoText());
  EXPECT_THAT(Problems(r), ElementsAre());
  EXPECT_THAT(Cells(r, 0), ElementsAre(""));
  EXPECT_FALSE(r.table.column(0).present(0));
  EXPECT_THAT(Cells(r, 1), ElementsAre("5\" tall"));
}

TEST(CsvReader, SpacesAroundQuotedFieldsAndUnquotedCells) {
  CsvResult r = Read("a,b\n  \"x, y\"  ,  plain  \n\" kept \",b\n", TwoText());
  EXPECT_THAT(Problems(r), ElementsAre());
  // Unquoted cells are trimmed; a quoted text cell is kept exactly.
  EXPECT_THAT(Cells(r, 0), ElementsAre("x, y", " kept "));
  EXPECT_THAT(Cells(r, 1), ElementsAre("plain", "b"));
}

TEST(CsvReader, TextAfterAClosingQuoteIsAProblem) {
  CsvResult r = Read("a,b\n\"ab\"c,d\n", TwoText());
  EXPECT_THAT(Problems(r), ElementsAre("2: a: `abc` has text after its closing quote: inside quotes, write a "
                                       "quote as two (`\"\"`)"));
}

TEST(CsvReader, CrLfAndLoneCrLineEndings) {
  for (std::string_view text :
       {"a,b\r\n1,2\r\n\r\n3,\"x\r\ny\"\r\n5,6\r\n", "a,b\r1,2\r\r3,\"x\r\ny\"\r5,6\r"}) {
    CsvResult r = Read(text, TwoText());
    EXPECT_THAT(Problems(r), ElementsAre());
    EXPECT_THAT(Cells(r, 0), ElementsAre("1", "3", "5"));
    EXPECT_THAT(Cells(r, 1), ElementsAre("2", "x\r\ny", "6"));
    EXPECT_EQ(r.table.line(1), 4u);
    EXPECT_EQ(r.table.line(2), 6u);
  }
}

TEST(CsvReader, ByteOrderMarkIsNotPartOfTheFirstHeader) {
  std::string text =
      "\xEF\xBB\xBF"
      "a,b\n1,2\n";
  CsvResult r = Read(text, TwoText());
  EXPECT_THAT(Problems(r), ElementsAre());
  EXPECT_THAT(Cells(r, 0), ElementsAre("1"));
  // Fed a byte at a time, the mark is still recognised.
  CsvTableReader reader(TwoText(), CsvOptions{});
  for (char c : text) reader.Feed(std::string_view(&c, 1));
  CsvResult bytewise = reader.Finish();
  EXPECT_THAT(Problems(bytewise), ElementsAre());
  EXPECT_THAT(Cells(bytewise, 0), ElementsAre("1"));
}

TEST(CsvReader, ReadingInBlocksOfAnySizeGivesTheSameTable) {
  std::string text =
      "referral_id,age,referred_on,first_seen_on,pathway\r\n"
      "r1,40,2014-05-01,,physio\r\n\"r,2\",52,2014-05-02,2014-06-01,\"rheumatology day case\"\r\n"
      "r3,x,2014-05-03,,pain\r\n\"r\"\"4\",61,2014-05-04,,\"pa\r\nin\"\r\n";
  CsvResult whole = Read(text, Referrals());
  for (size_t block : {1, 2, 3, 7, 64}) {
    CsvOptions options;
    options.display_path = "t.csv";
    CsvTableReader reader(Referrals(), options);
    for (size_t i = 0; i < text.size(); i += block) reader.Feed(std::string_view(text).substr(i, block));
    CsvResult r = reader.Finish();
    EXPECT_EQ(Problems(r), Problems(whole)) << block;
    EXPECT_EQ(Cells(r, 0), Cells(whole, 0)) << block;
    EXPECT_EQ(Cells(r, 4), Cells(whole, 4)) << block;
  }
  EXPECT_THAT(Cells(whole, 0), ElementsAre("r1", "r,2", "r3", "r\"4"));
  EXPECT_THAT(Problems(whole),
              ElementsAre("4: age: `x` is not a whole number",
                          "5: pathway: `pa\\r\\nin` is not one of: `physio`, `orthopaedics`, "
                          "`pain`, `rheumatology day case`"));
}

TEST(CsvReader, ColumnsAreMatchedByNameAndExtraOnesIgnored) {
  CsvResult r = Read(
      " pathway , notes,referral_id,referred_on ,age,first_seen_on\n"
      "pain,anything at all,r1,2014-04-01,33,\n",
      Referrals());
  EXPECT_THAT(Problems(r), ElementsAre());
  EXPECT_THAT(Cells(r, 0), ElementsAre("r1"));
  EXPECT_THAT(Cells(r, 1), ElementsAre("33"));
  EXPECT_THAT(Cells(r, 4), ElementsAre("pain"));
}

TEST(CsvReader, AMissingColumnIsNamedWithTheHeadersFound) {
  CsvResult r = Read("referral_id,Age,referred_on,pathway\nr1,40,2014-04-01,pain\n", Referrals());
  EXPECT_THAT(
      Problems(r),
      ElementsAre("1: age: no column named `age`; the headers are: `referral_id`, `Age`, `referred_on`, "
                  "`pathway` (`Age` differs only in case: write the header as the data block names it)",
                  "1: first_seen_on: no column named `first_seen_on`; the headers are: `referral_id`, "
                  "`Age`, `referred_on`, `pathway`"));
  // The rest of the file is still read.
  EXPECT_EQ(r.report.rows, 1u);
  EXPECT_THAT(Cells(r, 0), ElementsAre("r1"));
}

TEST(CsvReader, AColumnNamedTwiceInTheHeader) {
  CsvResult r = Read("a,b,a\n1,2,3\n", TwoText());
  EXPECT_THAT(Problems(r),
              ElementsAre("1: a: the header names `a` 2 times (columns 1 and 3); the first is read"));
  EXPECT_THAT(Cells(r, 0), ElementsAre("1"));
}

TEST(CsvReader, BlankLinesAreNotRows) {
  CsvResult r = Read("\n  \na,b\n\n1,2\n   \t \n,\n\"\",\"\"\n3,4", TwoText());
  EXPECT_THAT(Problems(r), ElementsAre());
  EXPECT_EQ(r.report.rows, 2u);
  EXPECT_THAT(Cells(r, 0), ElementsAre("1", "3"));
  EXPECT_EQ(r.table.line(1), 9u);
}

TEST(CsvReader, EveryKindOfBadValue) {
  TableSchema s;
  s.name = "all";
  s.columns = {Col("i", ColumnKind::Int),   Col("d", ColumnKind::Decimal), Col("p", ColumnKind::Percent),
               Col("m", ColumnKind::Money), Col("b", ColumnKind::Bool),    Col("dt", ColumnKind::Date),
               Col("e", ColumnKind::Enum),  Col("t", ColumnKind::Text)};
  s.columns[6].enum_values = {"yes please", "no"};
  CsvResult r = Read(
      "i,d,p,m,b,dt,e,t\n"
      "1,2.5,95%,\"£1,234.50\",Yes,2014-04-01,yes please,x\n"
      "1.5,two,95 %,12k,maybe,01/04/2014,Yes Please,\n",
      s);
  EXPECT_THAT(
      Problems(r),
      ElementsAre("3: i: `1.5` is not a whole number", "3: d: `two` is not a number",
                  "3: p: `95 %` is not a percentage (write `95%` or `0.95`)",
                  "3: m: `12k` is not an amount of money (write `1234.50` or `£1,234.50`)",
                  "3: b: `maybe` is not true or false (write true/false, yes/no, y/n or 1/0)",
                  "3: dt: `01/04/2014` is not a date (write it as YYYY-MM-DD)",
                  "3: e: `Yes Please` is not one of: `yes please`, `no`",
                  "3: t: the cell is empty, but the column is required (declare it with `?` if it may "
                  "be missing)"));
  // The bad row stays, its bad cells missing; the good row is exact.
  EXPECT_EQ(r.table.row_count(), 2u);
  EXPECT_EQ(r.table.column(1).decimal_at(0), *Decimal::Parse("2.5"));
  EXPECT_EQ(r.table.column(2).decimal_at(0), *Decimal::Parse("0.95"));
  EXPECT_EQ(r.table.column(3).decimal_at(0), *Decimal::Parse("1234.5"));
  EXPECT_TRUE(r.table.column(4).bool_at(0));
  EXPECT_EQ(r.table.column(6).code_at(0), 0u);
  for (size_t c = 0; c < s.columns.size(); ++c) EXPECT_FALSE(r.table.column(c).present(1)) << c;
  // One rule per column and kind, for the summary.
  ASSERT_EQ(r.report.rules().size(), 8u);
  EXPECT_EQ(r.report.rules()[0].one, "row with a bad value in `i`");
  EXPECT_EQ(r.report.rules()[7].many, "rows with no value in `t`, a required column");
  EXPECT_EQ(r.report.problem_count(), 8u);
}

TEST(CsvReader, UkDatesWithDateFormat) {
  CsvResult r = Read(
      "referral_id,age,referred_on,first_seen_on,pathway\n"
      "r1,40,01/04/2014,31/12/2014,physio\n"
      "r2,41,2014-04-01,31/02/2014,physio\n",
      Referrals(/*uk_dates=*/true));
  EXPECT_THAT(Problems(r),
              ElementsAre("3: referred_on: `2014-04-01` is not a date (write it as DD/MM/YYYY)",
                          "3: first_seen_on: `31/02/2014` is not a date (write it as DD/MM/YYYY)"));
  EXPECT_EQ(r.table.column(2).date_at(0), *Date::FromYmd(2014, 4, 1));
  EXPECT_EQ(r.table.column(3).date_at(0), *Date::FromYmd(2014, 12, 31));
}

TEST(CsvReader, RowsWithTooFewOrTooManyFields) {
  CsvResult r = Read("a,b\n1\n1,2,3\n1,2\n", TwoText());
  EXPECT_THAT(
      Problems(r),
      ElementsAre("2: : the row has 1 field, but the header has 2 (is a comma missing, or a line broken?)",
                  "3: : the row has 3 fields, but the header has 2 (is there a comma inside a cell that "
                  "is not quoted?)"));
  EXPECT_EQ(r.report.rows, 3u);
  EXPECT_EQ(r.table.row_count(), 3u);
  EXPECT_FALSE(r.table.column(0).present(0));
  EXPECT_EQ(r.report.rules()[0].count, 2u);
}

TEST(CsvReader, DuplicateKeysNameTheFirstLine) {
  CsvResult r = Read(
      "referral_id,age,referred_on,first_seen_on,pathway\n"
      "r1,40,2014-04-01,,physio\nr2,40,2014-04-01,,physio\n"
      "r1,40,2014-04-01,,physio\n,40,2014-04-01,,physio\nr2,40,2014-04-01,,physio\n",
      Referrals());
  EXPECT_THAT(
      Problems(r),
      ElementsAre("4: referral_id: `r1` is already used on line 2 (`referral_id` is a key: each value may "
                  "appear once)",
                  "5: referral_id: the cell is empty, but the column is required (declare it with `?` if "
                  "it may be missing)",
                  "6: referral_id: `r2` is already used on line 3 (`referral_id` is a key: each value may "
                  "appear once)"));
}

TEST(CsvReader, KeysOfEveryKind) {
  TableSchema s;
  s.name = "k";
  s.columns = {Col("n", ColumnKind::Int, true, true), Col("m", ColumnKind::Money, true, true),
               Col("d", ColumnKind::Date, true, true)};
  CsvResult r = Read("n,m,d\n1,£1.50,2014-04-01\n2,1.5,\n01,1.50,2014-04-01\n,,\n", s);
  EXPECT_THAT(Problems(r),
              ElementsAre("3: m: `1.5` is already used on line 2 (`m` is a key: each value may appear once)",
                          "4: n: `1` is already used on line 2 (`n` is a key: each value may appear once)",
                          "4: m: `1.5` is already used on line 2 (`m` is a key: each value may appear "
                          "once)",
                          "4: d: `2014-04-01` is already used on line 2 (`d` is a key: each value may "
                          "appear once)"));
}

TEST(CsvReader, UnknownEnumerationValue) {
  CsvResult r = Read("referral_id,age,referred_on,first_seen_on,pathway\nr1,40,2014-04-01,,physiotherapy\n",
                     Referrals());
  EXPECT_THAT(Problems(r), ElementsAre("2: pathway: `physiotherapy` is not one of: `physio`, `orthopaedics`, "
                                       "`pain`, `rheumatology day case`"));
}

TEST(CsvReader, BytesThatAreNotTextInACell) {
  using namespace std::string_literals;
  // A Latin-1 pound sign, a byte that starts nothing, a NUL, a cut-off character, an encoded surrogate.
  CsvResult r = Read("a,b\n\xA3"s + "12,ok\nx\xff,\"nul\0here\"\n"s + "\xe2\x82,\xed\xa0\x80\n"s, TwoText());
  EXPECT_THAT(Problems(r),
              ElementsAre("2: a: the cell is not UTF-8 text (byte `0xa3` is `£` in the Windows (Latin-1) "
                          "encoding): save the file as CSV UTF-8",
                          "3: a: the cell is not UTF-8 text (byte `0xff`): save the file as CSV UTF-8",
                          "3: b: the cell holds a NUL byte: is this a text file?",
                          "4: a: the cell is not UTF-8 text (byte `0xe2`): save the file as CSV UTF-8",
                          "4: b: the cell is not UTF-8 text (byte `0xed`): save the file as CSV UTF-8"));
  EXPECT_THAT(Cells(r, 1), ElementsAre("ok", "", ""));
}

TEST(CsvReader, ABinaryHeaderStopsTheReading) {
  std::string junk(
      "\x7f"
      "ELF\x02\x01\x01\0\0\0,\n\x03\x00\x3e\n",
      16);
  CsvResult r = Read(junk, Referrals());
  EXPECT_THAT(Problems(r),
              ElementsAre("1: : the header row (column 1) holds a NUL byte: is this a text file?"));
  EXPECT_EQ(r.report.rows, 0u);
}

TEST(CsvReader, EmptyFileAndHeaderOnly) {
  for (std::string_view empty : {"", "\n\n", "\xEF\xBB\xBF", "  \r\n"}) {
    CsvResult r = Read(empty, TwoText());
    EXPECT_THAT(Problems(r),
                ElementsAre("0: : the file is empty; it needs a header row naming the columns: a, b"));
  }
  CsvResult header_only = Read("a,b\n", TwoText());
  EXPECT_THAT(Problems(header_only), ElementsAre());
  EXPECT_EQ(header_only.report.rows, 0u);
  EXPECT_EQ(header_only.table.row_count(), 0u);
  CsvResult no_newline = Read("a,b", TwoText());
  EXPECT_THAT(Problems(no_newline), ElementsAre());
}

TEST(CsvReader, AnUnterminatedQuoteIsReportedWhereItOpened) {
  CsvResult r = Read("a,b\n1,2\n3,\"four\n5,6\n7,8\n", TwoText());
  EXPECT_THAT(Problems(r), ElementsAre("3: : a quote opened on this line is never closed, so the rest of the "
                                       "file was read as one cell"));
  EXPECT_EQ(r.report.rows, 1u);
}

TEST(CsvReader, TrailingCommaIsAnEmptyLastField) {
  CsvResult r = Read("a,b\n1,\n2,", TwoText());
  EXPECT_THAT(Problems(r), ElementsAre());
  EXPECT_EQ(r.report.rows, 2u);
}

TEST(CsvReader, ProblemsBeyondTheListingCapAreCounted) {
  std::string text = "a,n\n";
  for (int i = 0; i < 30; ++i) text += "x,bad\n";
  TableSchema s;
  s.name = "t";
  s.columns = {Col("a", ColumnKind::Text), Col("n", ColumnKind::Int)};
  CsvResult r = Read(text, s);
  EXPECT_EQ(r.report.problems().size(), 20u);
  ASSERT_EQ(r.report.rules().size(), 1u);
  EXPECT_EQ(r.report.rules()[0].count, 30u);
  EXPECT_EQ(r.report.rules()[0].listed, 20u);
  EXPECT_EQ(r.report.problem_count(), 30u);
}

TEST(CsvReader, AnOverlongCellIsAProblemNotAMemoryHog) {
  std::string text = "a,b\n\"" + std::string(kMaxCellBytes + 10, 'x') + "\",y\nz,w\n";
  CsvResult r = Read(text, TwoText());
  EXPECT_THAT(Problems(r), ElementsAre("2: a: the cell is longer than 1 MB: is a quote left open?"));
  EXPECT_THAT(Cells(r, 1), ElementsAre("y", "w"));
}

TEST(CsvReader, ReadsFilesAndSaysWhyOneCannotBeRead) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("ocf_csv_test_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "t.csv") << "a,b\n1,2\n";
  std::vector<std::pair<uint64_t, uint64_t>> progress;
  CsvOptions options;
  options.progress = [&](uint64_t done, uint64_t total) { progress.emplace_back(done, total); };
  CsvResult r = ReadCsvFile((dir / "t.csv").string(), TwoText(), options);
  EXPECT_THAT(Problems(r), ElementsAre());
  EXPECT_THAT(Cells(r, 1), ElementsAre("2"));
  EXPECT_EQ(r.report.file(), (dir / "t.csv").string());
  EXPECT_THAT(progress, ElementsAre(std::make_pair(uint64_t{8}, uint64_t{8})));

  CsvResult missing = ReadCsvFile((dir / "nope.csv").string(), TwoText());
  EXPECT_THAT(Problems(missing), ElementsAre("0: : no such file"));
  CsvResult folder = ReadCsvFile(dir.string(), TwoText());
  EXPECT_THAT(Problems(folder), ElementsAre("0: : is a folder, not a regular file"));
  fs::remove_all(dir);
}

// Hostile input: whatever the bytes, problems come back and nothing crashes.
TEST(CsvReader, RandomBytesAreProblemsNeverCrashes) {
  std::mt19937 rng(20140401);
  std::string junk(1 << 20, '\0');
  for (char& c : junk) c = static_cast<char>(rng() & 0xFF);
  CsvResult r = Read(junk, Referrals());
  EXPECT_FALSE(r.report.ok());
  // Junk made of CSV's own characters gets past the header and exercises rows.
  const std::string alphabet = "ab,\"\n\r \t1-./%£";
  for (int round = 0; round < 20; ++round) {
    std::string text = "a,b\n";
    for (int i = 0; i < 5000; ++i) text += alphabet[rng() % alphabet.size()];
    CsvResult t = Read(text, TwoText());
    EXPECT_LE(t.report.problems().size(), 20u * t.report.rules().size());
  }
}

// Records split straight from a block and records split byte by byte (the
// two paths of csv_records.cc) must agree: random CSV-like text read whole
// and in random small blocks gives the same table and problems.
TEST(CsvReader, ReadingInRandomBlocksAgreesWithReadingWhole) {
  std::mt19937 rng(424242);
  const std::string alphabet = "ab,,\"\"\n\r  x1";
  for (int round = 0; round < 300; ++round) {
    std::string text = "a,b\n";
    size_t n = rng() % 200;
    for (size_t i = 0; i < n; ++i) text += alphabet[rng() % alphabet.size()];
    CsvResult whole = Read(text, TwoText());
    CsvOptions options;
    options.display_path = "t.csv";
    CsvTableReader reader(TwoText(), options);
    for (size_t i = 0; i < text.size();) {
      size_t block = 1 + rng() % 9;
      reader.Feed(std::string_view(text).substr(i, block));
      i += block;
    }
    CsvResult pieces = reader.Finish();
    ASSERT_EQ(Problems(pieces), Problems(whole)) << text;
    ASSERT_EQ(Cells(pieces, 0), Cells(whole, 0)) << text;
    ASSERT_EQ(Cells(pieces, 1), Cells(whole, 1)) << text;
    ASSERT_EQ(pieces.report.rows, whole.report.rows) << text;
    for (size_t row = 0; row < whole.table.row_count(); ++row)
      ASSERT_EQ(pieces.table.line(row), whole.table.line(row));
  }
}

}  // namespace
}  // namespace ocf
