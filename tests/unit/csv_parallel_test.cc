// The parallel, projected CSV reader (runtime/csv_parallel.h) against the
// reference reader: every file is read by both, with 1 to 4 threads and
// blocks from 1 byte up (so block boundaries land on every byte, inside
// quotes, between a CR and its LF), all columns or some; the tables must be
// equal, and wherever the reference reports a problem the parallel reader
// must give up (nullopt).
#include "runtime/csv_parallel.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/data.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/run.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parse.h"

namespace ocf {
namespace {

ColumnSpec Col(std::string name, ColumnKind kind, bool optional = false, bool key = false) {
  ColumnSpec c;
  c.name = std::move(name);
  c.kind = kind;
  c.optional = optional;
  c.key = key;
  return c;
}

TableSchema Schema(std::vector<ColumnSpec> columns) {
  TableSchema s;
  s.name = "t";
  s.columns = std::move(columns);
  return s;
}

// One column of every kind; `sex` an enumeration, dates ISO.
TableSchema EveryKind(bool uk_dates = false) {
  TableSchema s = Schema({Col("id", ColumnKind::Id, false, true), Col("age", ColumnKind::Int, true),
                          Col("sex", ColumnKind::Enum, true), Col("on", ColumnKind::Date, true),
                          Col("cost", ColumnKind::Money, true), Col("rate", ColumnKind::Percent, true),
                          Col("score", ColumnKind::Decimal, true), Col("flag", ColumnKind::Bool, true),
                          Col("note", ColumnKind::Text, true)});
  s.columns[2].enum_values = {"M", "F", "U", "not known"};
  for (ColumnSpec& c : s.columns) c.uk_dates = uk_dates;
  return s;
}

class TempFile {
 public:
  explicit TempFile(std::string_view bytes) {
    static int counter = 0;
    path_ = (std::filesystem::temp_directory_path() /
             ("ocf_csv_parallel_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + ".csv"))
                .string();
    std::ofstream(path_, std::ios::binary) << bytes;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// Why `got` differs from the reference's `want` with these columns stored,
// or "" when it does not.
std::string Difference(const CsvResult& want, const CsvResult& got, const std::vector<bool>& materialize) {
  const Table& a = want.table;
  const Table& b = got.table;
  if (!got.report.problems().empty() || got.report.problem_count()) return "problems in a parallel result";
  if (got.report.rows != want.report.rows) return "report.rows";
  if (got.report.file() != want.report.file()) return "report.file";
  if (a.row_count() != b.row_count()) return "row count";
  for (size_t r = 0; r < a.row_count(); ++r)
    if (a.line(r) != b.line(r)) return "line of row " + std::to_string(r);
  for (size_t c = 0; c < a.column_count(); ++c) {
    const Column& x = a.column(c);
    const Column& y = b.column(c);
    bool stored = materialize.empty() || materialize[c];
    if (!stored) {
      if (y.size() != 0) return "column " + x.spec().name + " stored";
      continue;
    }
    if (y.size() != x.size()) return "column size " + x.spec().name;
    for (size_t r = 0; r < a.row_count(); ++r) {
      std::string where = x.spec().name + " row " + std::to_string(r);
      if (x.present(r) != y.present(r)) return "presence of " + where;
      if (x.ToString(r) != y.ToString(r))
        return "value of " + where + ": " + x.ToString(r) + " vs " + y.ToString(r);
      switch (x.kind()) {
        case ColumnKind::Int:
          if (x.int_data()[r] != y.int_data()[r]) return "raw int of " + where;
          break;
        case ColumnKind::Decimal:
        case ColumnKind::Percent:
        case ColumnKind::Money:
          if (x.decimal_data()[r] != y.decimal_data()[r]) return "raw decimal of " + where;
          break;
        case ColumnKind::Bool:
          if (x.bool_data()[r] != y.bool_data()[r]) return "raw bool of " + where;
          break;
        case ColumnKind::Date:
          if (x.date_data()[r] != y.date_data()[r]) return "raw date of " + where;
          break;
        case ColumnKind::Text:
        case ColumnKind::Id:
        case ColumnKind::Enum:
          // Codes are numbered as the reference numbers them: in the order
          // the file first uses each string.
          if (x.code_data()[r] != y.code_data()[r]) return "code of " + where;
          break;
      }
    }
    if (x.dictionary_size() != y.dictionary_size()) return "dictionary size of " + x.spec().name;
    for (uint32_t code = 0; code < x.dictionary_size(); ++code)
      if (x.dictionary(code) != y.dictionary(code)) return "dictionary of " + x.spec().name;
  }
  return "";
}

struct Config {
  unsigned threads;
  size_t block_bytes;
};

std::vector<Config> Configs(size_t file_size) {
  std::vector<Config> out = {{1, 0}, {2, 0}, {4, 0}};
  // Tiny blocks put boundaries everywhere; a few sizes so they fall at
  // every offset of every record.
  for (size_t block : {1, 2, 3, 5, 7, 11, 16, 64}) {
    if (block * 4000 < file_size) continue;  // keep the block count sane
    for (unsigned threads : {1u, 2u, 3u, 4u}) out.push_back({threads, block});
  }
  return out;
}

// Reads `bytes` both ways, in every configuration, with every column and
// with every other column stored; the parallel result must equal the
// reference's, or be nullopt exactly when the reference reports a problem.
void ExpectSameAsReference(std::string_view bytes, const TableSchema& schema,
                           bool problems_expected = false) {
  TempFile file(bytes);
  CsvResult want = ReadCsvFile(file.path(), schema);
  bool ok = want.report.problem_count() == 0;
  ASSERT_EQ(!ok, problems_expected) << "reference report: "
                                    << (want.report.problems().empty() ? std::string("no problems")
                                                                       : want.report.problems()[0].message)
                                    << "\nfile: " << bytes;
  std::vector<std::vector<bool>> projections = {{}};
  std::vector<bool> every_other(schema.columns.size());
  for (size_t c = 0; c < every_other.size(); ++c) every_other[c] = c % 2 == 1;
  projections.push_back(every_other);
  for (const Config& config : Configs(bytes.size())) {
    for (const std::vector<bool>& materialize : projections) {
      ParallelCsvOptions parallel;
      parallel.threads = config.threads;
      parallel.block_bytes = config.block_bytes;
      parallel.materialize = materialize;
      std::optional<CsvResult> got = ReadCsvFileParallel(file.path(), schema, {}, parallel);
      std::string where = "threads " + std::to_string(config.threads) + ", blocks of " +
                          std::to_string(config.block_bytes) + ", " +
                          (materialize.empty() ? "every column" : "every other column") +
                          "\nfile: " + std::string(bytes);
      if (!ok) {
        EXPECT_FALSE(got.has_value())
            << "a parallel result despite: " << want.report.problems()[0].message << "\n"
            << where;
        continue;
      }
      ASSERT_TRUE(got.has_value()) << where;
      std::string diff = Difference(want, *got, materialize);
      ASSERT_EQ(diff, "") << where;
    }
  }
}

const char* const kHeader = "id,age,sex,on,cost,rate,score,flag,note\n";

TEST(CsvParallel, PlainRowsOfEveryKind) {
  ExpectSameAsReference(std::string(kHeader) +
                            "A1,71,F,2021-03-04,1234.56,95%,0.5,true,hello\n"
                            "A2,0,M,2020-02-29,-12.00,0.95,-3,false,world\n"
                            "A3,-5,U,1999-12-31,\"£1,234.50\",100%,12345678901234.5678,yes,hello\n"
                            "A4,,,,,,,,\n"
                            "A5,+7,not known,0001-01-01,£3,12.5%,+2,N,\n"
                            "A6,9223372036854775807,F,9999-12-31,-£0.01,-5%,000.000100,Y,x y\n",
                        EveryKind());
}

TEST(CsvParallel, CellsTheFastPathLeavesToParseCell) {
  // Spaces around values, signs, separators, case: all read as ParseCell reads them.
  ExpectSameAsReference(
      std::string(kHeader) +
          "  B1 , 42 , F ,2021-03-04 , \"1,000\" ,  5% , 1.50 , TRUE ,  spaced  \n"
          "B2,-9223372036854775808,M,2021-01-01,-£5,0.123456789012345678,1.000000000000000000,"
          "No,\t tab \t\n"
          "B3,007,U,2021-01-31,1234567890123456.78,50.5%,99999999999999999999,yEs,ünïcödé ✓\n",
      EveryKind());
}

// Every spelling of a cell the fast parsers might meet, valid or not, read
// by both readers in a one-cell file: where the reference reads a value the
// parallel reader must read the same, and give up where it does not.
TEST(CsvParallel, CellSpellingsAsParseCellReadsThem) {
  std::mt19937_64 rng(99);
  auto random_of = [&rng](std::string_view alphabet, size_t n) {
    std::string out;
    for (size_t i = 0; i < n; ++i) out += alphabet[rng() % alphabet.size()];
    return out;
  };
  std::vector<std::string> numbers = {"0",
                                      "-0",
                                      "+0",
                                      "7",
                                      "-7",
                                      "007",
                                      "12345678901234567",
                                      "123456789012345678",
                                      "1234567890123456789",
                                      "9223372036854775807",
                                      "9223372036854775808",
                                      "-9223372036854775808",
                                      "-9223372036854775809",
                                      "1.5",
                                      "-1.50",
                                      "0.000000000000000001",
                                      "0.0000000000000000001",
                                      "1.0000000000000000000",
                                      ".5",
                                      "5.",
                                      "-",
                                      "+",
                                      "1e5",
                                      "1_000",
                                      "1,000",
                                      "12,34",
                                      "1,234,567.89",
                                      "£5",
                                      "-£5",
                                      "£-5",
                                      "$1,000.00",
                                      "€.5",
                                      "5%",
                                      "-5%",
                                      "%",
                                      "5.5%",
                                      "0.00000000000000001%",
                                      "100%",
                                      "1 000",
                                      "١٢",
                                      "0x10",
                                      "99999999999999999999.5",
                                      "123456789012345678.9"};
  for (int i = 0; i < 60; ++i) numbers.push_back(random_of("0123456789.-+,%", 1 + rng() % 12));
  std::vector<std::string> dates = {"2021-03-04", "2020-02-29", "2021-02-29", "1900-02-29",  "2000-02-29",
                                    "0000-01-01", "0001-01-01", "9999-12-31", "2021-13-01",  "2021-00-10",
                                    "2021-01-00", "2021-01-32", "2021-04-31", "2021/03/04",  "04/03/2021",
                                    "29/02/2020", "29/02/2021", "31/04/2021", "00/01/2021",  "01/13/2021",
                                    "2021-3-04",  "21-03-04",   "2021-03-4",  "2021-03-04T", "2021-0a-04",
                                    "2021:03:04", "04-03-2021", "04/03/21",   "4/3/2021",    "2021-03-04\t"};
  // Bytes just past '9' (`:` to `?`) in every position.
  for (std::string d : {"2021-03-04", "04/03/2021"}) {
    for (size_t i = 0; i < d.size(); ++i) {
      if (d[i] == '-' || d[i] == '/') continue;
      for (char c : {':', '?', '/'}) {
        std::string bad = d;
        bad[i] = c;
        dates.push_back(bad);
      }
    }
  }
  for (int i = 0; i < 60; ++i) dates.push_back(random_of("0123456789-/:", 10));
  for (int i = 0; i < 40; ++i)
    dates.push_back(random_of("0123", 4) + "-" + random_of("01", 1) + random_of("0123456789", 1) + "-" +
                    random_of("0123", 1) + random_of("0123456789", 1));
  for (int i = 0; i < 40; ++i)
    dates.push_back(random_of("0123", 1) + random_of("0123456789", 1) + "/" + random_of("01", 1) +
                    random_of("0123456789", 1) + "/" + random_of("12", 1) + random_of("0123456789", 3));
  std::vector<std::string> bools = {"true",
                                    "True",
                                    "TRUE",
                                    "tRuE",
                                    "false",
                                    "FALSE",
                                    "yes",
                                    "YES",
                                    "no",
                                    "No",
                                    "y",
                                    "Y",
                                    "n",
                                    "N",
                                    "1",
                                    "0",
                                    "t",
                                    "f",
                                    "2",
                                    "on",
                                    "off",
                                    "truth",
                                    "fals",
                                    "falsey",
                                    "tru\x15"
                                    "e",
                                    "falsy",
                                    "FALSO",
                                    "fAlSe",
                                    "trUx",
                                    "TRUe ",
                                    "n\x0f",
                                    "yes!",
                                    "\x19",
                                    "\x10"};
  std::vector<std::string> texts = {"a",
                                    "RX017",
                                    "P00012345",
                                    "0123456789abcdef",
                                    "0123456789abcdefg",
                                    "ü",
                                    "\xc3",
                                    "\xc3\xa9",
                                    "\xed\x9f\xbf",
                                    "\xf4\x8f\xbf\xbf",
                                    "\xf4\x90\x80\x80",
                                    "\xe0\x80\x80",
                                    "a\x01b",
                                    "\x7f",
                                    "x y",
                                    "\ta\t"};
  std::vector<std::string> enums = {"M",  "F",          "U",          "not known",          "m",
                                    "MF", "not  known", "not known ", std::string("F\0", 2)};
  struct Case {
    ColumnKind kind;
    bool uk = false;
    const std::vector<std::string>* cells;
  };
  std::vector<Case> cases = {{ColumnKind::Int, false, &numbers},   {ColumnKind::Decimal, false, &numbers},
                             {ColumnKind::Money, false, &numbers}, {ColumnKind::Percent, false, &numbers},
                             {ColumnKind::Date, false, &dates},    {ColumnKind::Date, true, &dates},
                             {ColumnKind::Bool, false, &bools},    {ColumnKind::Text, false, &texts},
                             {ColumnKind::Id, false, &texts},      {ColumnKind::Enum, false, &enums}};
  for (const Case& c : cases) {
    ColumnSpec spec = Col("v", c.kind);
    spec.uk_dates = c.uk;
    spec.enum_values = {"M", "F", "U", "not known"};
    TableSchema schema = Schema({spec, Col("w", ColumnKind::Int, true)});
    for (const std::string& cell : *c.cells) {
      // Alone, and with spaces about it (trimmed by both).
      for (const std::string& text : {"v,w\n" + cell + ",1\n", "v,w\n " + cell + " ,\n"}) {
        TempFile file(text);
        CsvResult want = ReadCsvFile(file.path(), schema);
        std::optional<CsvResult> got = ReadCsvFileParallel(file.path(), schema, {}, {});
        SCOPED_TRACE("cell `" + cell + "` as column kind " + std::to_string(static_cast<int>(c.kind)));
        if (want.report.problem_count() != 0) {
          EXPECT_FALSE(got.has_value());
        } else {
          ASSERT_TRUE(got.has_value());
          EXPECT_EQ(Difference(want, *got, {}), "");
        }
      }
    }
  }
}

TEST(CsvParallel, UkDates) {
  ExpectSameAsReference(std::string(kHeader) +
                            "C1,1,F,04/03/2021,1,1,1,1,a\n"
                            "C2,1,F,29/02/2020,1,1,1,1,a\n"
                            "C3,1,F,31/12/1999,1,1,1,1,a\n",
                        EveryKind(true));
  ExpectSameAsReference(std::string(kHeader) + "C1,1,F,2021-03-04,1,1,1,1,a\n", EveryKind(true), true);
  ExpectSameAsReference(std::string(kHeader) + "C1,1,F,30/02/2021,1,1,1,1,a\n", EveryKind(true), true);
}

TEST(CsvParallel, Quotes) {
  ExpectSameAsReference(std::string(kHeader) +
                            "\"Q1\",\"42\",\"F\",\"2021-03-04\",\"1,234.50\",\"5%\",\"1\",\"true\",\"a, b\"\n"
                            "Q2,1,M,2021-03-04,1,1,1,1,\"say \"\"hi\"\"\"\n"
                            "Q3,1,M,2021-03-04,1,1,1,1,\"two\nlines\"\n"
                            "Q4,1,M,2021-03-04,1,1,1,1,\"crlf\r\ninside\"\n"
                            "Q5,1,M,2021-03-04,1,1,1,1,\"cr\rinside\"\n"
                            "Q6,1,M,2021-03-04,1,1,1,1,  \"spaces before\"  \n"
                            "Q7,1,M,2021-03-04,1,1,1,1,\"  kept  \"\n"
                            "Q8,1,M,2021-03-04,1,1,1,1,a \"quote\" inside\n"
                            "Q9,1,M,2021-03-04,1,1,1,1,\"\"\n"
                            "\" Q10\",1,M,2021-03-04,1,1,1,1,\",\n,\n,\"\n"
                            "Q11,\" 5 \",M,2021-03-04,1,1,1,1,\"\"\"\"\n"
                            "Q12,1,M,2021-03-04,1,1,1,1,\"a\"\"b\"\n"
                            "Q13,1,M,2021-03-04,1,1,1,1,ab\"cd\"\n"
                            "Q14\"x\",1,M,2021-03-04,1,1,1,1,z\n"
                            "Q15,1,M,2021-03-04,1,1,1,1,\"\"\"a\"\n"
                            "\"Q\"\"16\",1,M,2021-03-04,1,1,1,1,\"a\"\"\"\n",
                        EveryKind());
}

// Files that quote every field, as many exports do: simple quoted fields
// take the fast path, text in quotes is kept exactly (spaces and all).
TEST(CsvParallel, EveryFieldQuoted) {
  std::mt19937_64 rng(5);
  std::vector<std::string> notes = {"plain", " lead",          "trail ", "", " ",
                                    "a,b",   "say \"\"hi\"\"", "x\ny",   "ü"};
  for (std::string eol : {"\n", "\r\n"}) {
    std::string text = "\"id\",\"age\",\"sex\",\"on\",\"cost\",\"rate\",\"score\",\"flag\",\"note\"" + eol;
    for (int i = 0; i < 300; ++i) {
      text += "\"Q" + std::to_string(i) + "\",\"" + std::to_string(rng() % 100) + "\",\"" +
              (rng() % 2 ? "F" : " M ") + "\",\"2021-0" + std::to_string(1 + rng() % 9) + "-1" +
              std::to_string(rng() % 10) + "\",\"" + (rng() % 3 ? "12.50" : "") + "\",\"" +
              (rng() % 2 ? "5%" : "0.5") + "\",\"" + std::to_string(rng() % 7) + "\",\"" +
              (rng() % 2 ? "true" : "No") + "\",\"" + notes[rng() % notes.size()] + "\"" + eol;
    }
    ExpectSameAsReference(text, EveryKind());
  }
}

TEST(CsvParallel, ManyQuotedLineBreaks) {
  // Every block boundary guess lands in a quoted field sometime.
  std::string text = "id,note,n\n";
  for (int i = 0; i < 60; ++i)
    text += "R" + std::to_string(i) + ",\"line\n" + std::string(static_cast<size_t>(i % 7), '\n') +
            "x\r\ny\"," + std::to_string(i) + "\n";
  ExpectSameAsReference(text, Schema({Col("id", ColumnKind::Id, false, true), Col("note", ColumnKind::Text),
                                      Col("n", ColumnKind::Int)}));
}

// Quoted cells holding lines that read as rows: a block whose first record
// is guessed inside one reads well-formed rows that are not there, interns
// their strings, and must be read again without a trace of them, though
// the same strings turn up later in rows that are there.
TEST(CsvParallel, QuotedLinesThatLookLikeRows) {
  std::string text = "id,note,n\n";
  for (int i = 0; i < 40; ++i) {
    text += "R" + std::to_string(i) + ",\"";
    for (int j = 0; j < 3; ++j)
      text += "\nFAKE" + std::to_string(i * 10 + j) + ",ghost" + std::to_string(j) + ",7";
    text += "\"," + std::to_string(i) + "\n";
  }
  // Then the ghosts' strings for real, so a code the misreading made is
  // used by rows that are there.
  for (int i = 0; i < 40; ++i)
    for (int j = 0; j < 3; ++j)
      text +=
          "FAKE" + std::to_string(i * 10 + j) + ",ghost" + std::to_string(j) + "," + std::to_string(j) + "\n";
  ExpectSameAsReference(text, Schema({Col("id", ColumnKind::Id, false, true), Col("note", ColumnKind::Text),
                                      Col("n", ColumnKind::Int)}));
  ExpectSameAsReference(
      text, Schema({Col("id", ColumnKind::Text), Col("note", ColumnKind::Text), Col("n", ColumnKind::Int)}));
}

TEST(CsvParallel, LineEndings) {
  TableSchema s = Schema({Col("a", ColumnKind::Int), Col("b", ColumnKind::Text, true)});
  ExpectSameAsReference("a,b\r\n1,x\r\n2,y\r\n3,z", s);
  ExpectSameAsReference("a,b\r1,x\r2,y\r3,z\r", s);
  ExpectSameAsReference("a,b\n1,x\r\n2,y\r3,z\n4,w", s);
  ExpectSameAsReference("a,b\n1,x\n2,", s);
  ExpectSameAsReference("a,b\n1,x\n2,\"\"", s);
  ExpectSameAsReference("a,b\r\n\r\n1,x\r\n\r\n\r\n2,y\r\n\r\n", s);
  ExpectSameAsReference("a,b\r\r1,x\r\r\n2,y\n\r", s);
}

TEST(CsvParallel, BlankLinesAndEmptyRows) {
  TableSchema s =
      Schema({Col("a", ColumnKind::Int), Col("b", ColumnKind::Text, true), Col("c", ColumnKind::Bool)});
  ExpectSameAsReference(
      "\n  \n\t\na,b,c\n\n1,x,true\n   \n,,\n , , \n\"\",\"\",\"\"\n\" \",,\n,,,,,\n2,,0\n\n", s);
  // A blank line with a one-column header is not a row either.
  TableSchema one = Schema({Col("a", ColumnKind::Text, true)});
  ExpectSameAsReference("a\n\nx\n \n\"\"\ny\n", one);
  ExpectSameAsReference("a\n\"  \"\n", one);
}

// Lines are kept as runs of consecutive lines, or a line per row when the
// runs would take more room: both readers, both ways.
TEST(CsvParallel, LinesOfRowsAsRunsOrEach) {
  TableSchema s = Schema({Col("a", ColumnKind::Int), Col("b", ColumnKind::Text, true)});
  std::string runs = "a,b\n", each = "a,b\n", mixed = "a,b\n";
  for (int i = 0; i < 400; ++i) {
    runs += std::to_string(i) + ",x\n" + (i % 50 == 0 ? "\n" : "");
    each += std::to_string(i) + ",\"y\ny\"\n";  // every row two lines
    mixed += std::to_string(i) + ",z\n" + (i > 200 ? "\n" : "");
  }
  ExpectSameAsReference(runs, s);
  ExpectSameAsReference(each, s);
  ExpectSameAsReference(mixed, s);
}

TEST(Table, LinesAsRuns) {
  // Runs, then a row per run (a blank line after each: past 64 runs and one
  // per two rows, a line per row is kept), then runs again.
  Table t(Schema({Col("a", ColumnKind::Int)}));
  std::vector<uint64_t> want;
  std::mt19937_64 rng(3);
  uint64_t line = 2;
  for (int i = 0; i < 3000; ++i) {
    bool gap = i >= 500 && i < 1500;
    size_t rows = gap || i % 3 == 0 ? 1 : 2;
    if (rows == 1 && rng() % 2)
      t.AppendRow({int64_t{i}}, line);
    else
      t.AppendLines(line, rows);
    for (size_t k = 0; k < rows; ++k) want.push_back(line + k);
    line += rows + (gap ? 1 + rng() % 3 : 0);
  }
  ASSERT_EQ(t.row_count(), want.size());
  for (size_t r = 0; r < want.size(); ++r) ASSERT_EQ(t.line(r), want[r]) << r;
  Table few(Schema({Col("a", ColumnKind::Int)}));
  few.AppendLines(7, 3);
  few.AppendLines(10, 2);  // continues the run
  few.AppendLines(20, 1);
  EXPECT_EQ(few.row_count(), 6u);
  EXPECT_EQ(few.line(0), 7u);
  EXPECT_EQ(few.line(4), 11u);
  EXPECT_EQ(few.line(5), 20u);
}

// The reference reader's lines, against a file's actual lines.
TEST(CsvParallel, LinesAreTheFilesLines) {
  TableSchema s = Schema({Col("a", ColumnKind::Int)});
  std::string text = "a\n";
  std::vector<uint64_t> want;
  uint64_t line = 2;
  for (int i = 0; i < 300; ++i) {
    text += std::to_string(i) + "\n";
    want.push_back(line++);
    if (i % 2) text += "\n", ++line;
  }
  TempFile file(text);
  CsvResult ref = ReadCsvFile(file.path(), s);
  ParallelCsvOptions parallel;
  parallel.threads = 2;
  parallel.block_bytes = 64;
  std::optional<CsvResult> got = ReadCsvFileParallel(file.path(), s, {}, parallel);
  ASSERT_TRUE(got.has_value());
  ASSERT_EQ(ref.table.row_count(), want.size());
  ASSERT_EQ(got->table.row_count(), want.size());
  for (size_t r = 0; r < want.size(); ++r) {
    EXPECT_EQ(ref.table.line(r), want[r]);
    EXPECT_EQ(got->table.line(r), want[r]);
  }
}

TEST(CsvParallel, ByteOrderMarkAndHeaders) {
  TableSchema s = Schema({Col("a", ColumnKind::Int), Col("b", ColumnKind::Text)});
  ExpectSameAsReference(
      "\xEF\xBB\xBF"
      "a,b\n1,x\n",
      s);
  ExpectSameAsReference("\xEF\xBB\xBF\n\n  a ,\" b\" , extra\n1,x,whatever\n", s);
  // Extra columns are ignored whatever they hold: bad bytes, text after a
  // quote, repeated names.
  ExpectSameAsReference("x,a,x,b,y\n\xff,1,\"q\"tail,x,\"multi\nline\"\n,2,,y,\n", s);
  ExpectSameAsReference("b,a\n x ,1\ny,2\n", s);
  // A BOM only at the very start; elsewhere it is text.
  ExpectSameAsReference("a,b\n1,\xEF\xBB\xBFx\n", s);
}

TEST(CsvParallel, OptionalAndKeys) {
  TableSchema s = Schema({Col("k", ColumnKind::Int, true, true), Col("t", ColumnKind::Text, true, true),
                          Col("d", ColumnKind::Date, true, true), Col("m", ColumnKind::Money, true, true),
                          Col("e", ColumnKind::Enum, true, true)});
  s.columns[4].enum_values = {"x", "y", "z"};
  ExpectSameAsReference("k,t,d,m,e\n1,a,2021-01-01,1.5,x\n,,,,\n2,b,2021-01-02,2.5,y\n,,,,\n3,\"a \",,,\n",
                        s);
  // Repeats: the reference reports them, so the parallel reader gives up.
  ExpectSameAsReference("k,t,d,m,e\n1,a,,,\n01,b,,,\n", s, true);
  ExpectSameAsReference("k,t,d,m,e\n1,a,,,\n2, a,,,\n", s, true);
  ExpectSameAsReference("k,t,d,m,e\n1,,2021-01-01,,\n2,,2021-01-01,,\n", s, true);
  ExpectSameAsReference("k,t,d,m,e\n1,,,1.50,\n2,,,£1.5,\n", s, true);
  ExpectSameAsReference("k,t,d,m,e\n1,,,,x\n2,,,,x\n", s, true);
  ExpectSameAsReference("k,t,d,m,e\n1,\"a\",,,\n2,a,,,\n", s, true);
}

TEST(CsvParallel, EveryKindOfProblemGivesUp) {
  TableSchema s = EveryKind();
  std::string ok_row = "Z1,1,F,2021-03-04,1,1%,1,true,x\n";
  std::vector<std::string> bad_rows = {
      "Z2,x,F,2021-03-04,1,1%,1,true,x\n",                      // not a number
      "Z2,1.5,F,2021-03-04,1,1%,1,true,x\n",                    // not whole
      "Z2,99999999999999999999,F,2021-03-04,1,1%,1,true,x\n",   // too large
      "Z2,1,X,2021-03-04,1,1%,1,true,x\n",                      // not an enumeration value
      "Z2,1,f,2021-03-04,1,1%,1,true,x\n",                      // case matters in enumerations
      "Z2,1,F,2021-02-29,1,1%,1,true,x\n",                      // no such day
      "Z2,1,F,2021-3-4,1,1%,1,true,x\n",                        // not ISO
      "Z2,1,F,2021-03-04,1.2.3,1%,1,true,x\n",                  // not money
      "Z2,1,F,2021-03-04,12,34,1%,1,true,x\n",                  // a comma: one field too many
      "Z2,1,F,2021-03-04,1,1%%,1,true,x\n",                     // not a percentage
      "Z2,1,F,2021-03-04,1,1%,.5,true,x\n",                     // not held
      "Z2,1,F,2021-03-04,1,1%,1,maybe,x\n",                     // not a bool
      "Z2,1,F,2021-03-04,1,1%,1,true\n",                        // a field short
      "Z2,1,F,2021-03-04,1,1%,1,true,x,y\n",                    // a field over
      ",1,F,2021-03-04,1,1%,1,true,x\n",                        // a required cell empty
      "Z1,1,F,2021-03-04,1,1%,1,true,x\n",                      // a repeated key
      "Z2,1,F,2021-03-04,1,1%,1,true,\xff\n",                   // not UTF-8
      std::string("Z2,1,F,2021-03-04,1,1%,1,true,a\0b\n", 34),  // a NUL byte
      "Z2,1,F,2021-03-04,1,1%,1,true,\"a\"b\n",                 // text after a quote
      "Z2,1,F,2021-03-04,1,1%,1,true,\"open\n",                 // a quote never closed
      "Z2,1,F,2021-03-04,1,1%,1,true,\xed\xa0\x80\n",           // a surrogate
  };
  for (const std::string& bad : bad_rows) {
    // The bad row first, last, and in the middle of good ones.
    ExpectSameAsReference(std::string(kHeader) + bad + ok_row, s, true);
    ExpectSameAsReference(std::string(kHeader) + ok_row + bad, s, true);
  }
  // Problems with the file as a whole.
  ExpectSameAsReference("", s, true);
  ExpectSameAsReference("\n\n  \n", s, true);
  ExpectSameAsReference("\xEF\xBB\xBF", s, true);
  ExpectSameAsReference("id,age,sex,on,cost,rate,score,flag\n", s, true);           // a column missing
  ExpectSameAsReference("id,age,sex,on,cost,rate,score,flag,note,age\n", s, true);  // a column twice
  ExpectSameAsReference("id,age,sex,on,cost,rate,score,flag,NOTE\n", s, true);      // case differs
  ExpectSameAsReference("id,age,sex,on,cost,rate,score,flag,note\xff\n", s, true);  // a header not text
  ExpectSameAsReference(std::string(kHeader) + "\"", s, true);
}

// Rows as short as their columns allow: the tables are sized for the most
// rows that fit, and these files have that many.
TEST(CsvParallel, ShortestRows) {
  TableSchema s = Schema({Col("d", ColumnKind::Date), Col("n", ColumnKind::Int), Col("e", ColumnKind::Enum),
                          Col("o", ColumnKind::Text, true), Col("t", ColumnKind::Id)});
  s.columns[2].enum_values = {"abc", "ab"};
  std::string text = "d,n,e,o,t\n";
  for (int i = 0; i < 300; ++i)
    text += "2021-01-0" + std::to_string(1 + i % 9) + "," + std::to_string(i % 10) + ",ab,,x\n";
  ExpectSameAsReference(text, s);
  text.pop_back();  // the last row without its line break
  ExpectSameAsReference(text, s);
  TableSchema one = Schema({Col("n", ColumnKind::Int)});
  std::string ones = "n\n";
  for (int i = 0; i < 500; ++i) ones += std::to_string(i % 10) + (i % 3 ? "\n" : "\r");
  ExpectSameAsReference(ones, one);
}

TEST(CsvParallel, HeaderOnlyAndTinyFiles) {
  TableSchema s = Schema({Col("a", ColumnKind::Int)});
  ExpectSameAsReference("a", s);
  ExpectSameAsReference("a\n", s);
  ExpectSameAsReference("a\n1", s);
  ExpectSameAsReference("a\r", s);
  ExpectSameAsReference("\"a\"\n1\n", s);
}

TEST(CsvParallel, MissingAndUnreadableFiles) {
  EXPECT_FALSE(ReadCsvFileParallel("/nonexistent/ocf/file.csv", EveryKind(), {}, {}).has_value());
  EXPECT_FALSE(
      ReadCsvFileParallel(std::filesystem::temp_directory_path().string(), EveryKind(), {}, {}).has_value());
}

TEST(CsvParallel, UnstoredColumnsAreEmptyButChecked) {
  TableSchema s = EveryKind();
  TempFile file(std::string(kHeader) + "A,1,F,2021-03-04,1,1%,1,true,x\nB,2,M,2021-03-05,2,2%,2,false,y\n");
  ParallelCsvOptions parallel;
  parallel.materialize = {false, true, false, false, false, false, false, false, false};
  std::optional<CsvResult> got = ReadCsvFileParallel(file.path(), s, {}, parallel);
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->table.row_count(), 2u);
  EXPECT_EQ(got->table.column(1).int_at(1), 2);
  const Column& unstored = got->table.column(8);
  EXPECT_EQ(unstored.size(), 0u);
  EXPECT_FALSE(unstored.present(0));
  EXPECT_EQ(unstored.ToString(1), "");
  EXPECT_EQ(unstored.present_data(), nullptr);
  // A bad cell in a column not stored still makes it give up.
  TempFile bad(std::string(kHeader) + "A,1,F,2021-03-04,1,1%,1,true,x\nB,2,M,2021-03-05,2,2%,2,false,\xff\n");
  EXPECT_FALSE(ReadCsvFileParallel(bad.path(), s, {}, parallel).has_value());
}

TEST(CsvParallel, ProgressFromTheCallingThread) {
  std::string text = std::string(kHeader);
  for (int i = 0; i < 3000; ++i) text += "P" + std::to_string(i) + ",1,F,2021-03-04,1,1%,1,true,x\n";
  TempFile file(text);
  CsvOptions options;
  std::thread::id caller = std::this_thread::get_id();
  std::vector<std::pair<uint64_t, uint64_t>> calls;
  bool other_thread = false;
  options.progress = [&](uint64_t done, uint64_t total) {
    other_thread |= std::this_thread::get_id() != caller;
    calls.emplace_back(done, total);
  };
  // Two threads: calls come from the caller's thread only, in order (the
  // other thread may, on a busy machine, take every block: then only the
  // last call comes).
  ParallelCsvOptions parallel;
  parallel.threads = 2;
  parallel.block_bytes = 4096;
  ASSERT_TRUE(ReadCsvFileParallel(file.path(), EveryKind(), options, parallel).has_value());
  EXPECT_FALSE(other_thread);
  ASSERT_GE(calls.size(), 1u);
  for (size_t i = 0; i < calls.size(); ++i) {
    EXPECT_EQ(calls[i].second, text.size());
    EXPECT_LE(calls[i].first, text.size());
    if (i) {
      EXPECT_LE(calls[i - 1].first, calls[i].first);
    }
  }
  EXPECT_EQ(calls.back().first, text.size());
  // One thread: a call after every block.
  calls.clear();
  parallel.threads = 1;
  ASSERT_TRUE(ReadCsvFileParallel(file.path(), EveryKind(), options, parallel).has_value());
  EXPECT_GE(calls.size(), text.size() / 4096);
  EXPECT_EQ(calls.back().first, text.size());
}

TEST(CsvParallel, DisplayPathAndRows) {
  TempFile file("a\n1\n\n2\n");
  CsvOptions options;
  options.display_path = "shown.csv";
  std::optional<CsvResult> got =
      ReadCsvFileParallel(file.path(), Schema({Col("a", ColumnKind::Int)}), options, {});
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->report.file(), "shown.csv");
  EXPECT_EQ(got->report.rows, 2u);
  EXPECT_EQ(got->table.line(1), 4u);
}

// Random files from pieces that stress the splitter and the cells: quotes,
// line breaks of every kind, blanks, spaces, odd spellings, and now and
// then a bad cell. Fixed seed: the same files every run.
TEST(CsvParallel, RandomFilesMatchTheReference) {
  std::mt19937_64 rng(20240611);
  auto pick = [&rng](const std::vector<std::string>& options) { return options[rng() % options.size()]; };
  std::vector<std::string> ints = {"1", "-2", "+3", " 4 ", "0042", "9223372036854775807", "", "12"};
  std::vector<std::string> dates = {"2021-03-04", "2020-02-29", " 1999-12-31", "2024-01-31", ""};
  std::vector<std::string> money = {"1234.56", "£1,234.50", "-12.00", "0.5", "£7", "100", ""};
  std::vector<std::string> bools = {"true", "FALSE", "yes", "n", "1", "0", " Y ", ""};
  std::vector<std::string> texts = {
      "a",   "b",    "a b", " spaced ", "\"quoted, comma\"", "\"two\nlines\"", "\"say \"\"hi\"\"\"",
      "ünï", "\"\"", "",    "x\"y",     "\"crlf\r\nin\"",    "  \"sp\"  "};
  std::vector<std::string> bad = {"x", "2021-02-30", "\xff", "\"open", "\"a\"b", "$7"};
  std::vector<std::string> breaks = {"\n", "\r\n", "\r"};
  TableSchema s = Schema({Col("id", ColumnKind::Id, false, true), Col("n", ColumnKind::Int, true),
                          Col("d", ColumnKind::Date, true), Col("m", ColumnKind::Money, true),
                          Col("b", ColumnKind::Bool, true), Col("t", ColumnKind::Text, true),
                          Col("e", ColumnKind::Enum, true)});
  s.columns[6].enum_values = {"p", "q", "r s"};
  std::vector<std::string> enums = {"p", "q", "r s", " q ", "\"p\"", ""};
  for (int file = 0; file < 40; ++file) {
    std::string eol = pick(breaks);
    bool mixed = rng() % 4 == 0;
    std::string text = rng() % 5 == 0 ? "\xEF\xBB\xBF" : "";
    text += rng() % 2 ? "id,n,d,m,b,t,e" : "e,extra,t,b,m,d,n,id";
    bool reordered = text.back() == 'd';
    text += eol;
    int rows = static_cast<int>(rng() % 40);
    bool make_bad = rng() % 3 == 0;
    int bad_row = make_bad ? static_cast<int>(rng() % (rows + 1)) : -1;
    for (int r = 0; r <= rows; ++r) {
      if (rng() % 10 == 0) text += rng() % 2 ? "" : " \t";
      if (rng() % 15 == 0)
        text += reordered ? ",,,,,,,," : ",,,,,,";
      else {
        std::vector<std::string> cells = {"\"K" + std::to_string(r) + "\"",
                                          pick(ints),
                                          pick(dates),
                                          pick(money),
                                          pick(bools),
                                          pick(texts),
                                          pick(enums)};
        if (rng() % 2) cells[0] = "K" + std::to_string(r);
        if (r == bad_row) cells[1 + rng() % 6] = pick(bad);
        if (reordered)
          text += cells[6] + "," + pick(texts) + "," + cells[5] + "," + cells[4] + "," + cells[3] + "," +
                  cells[2] + "," + cells[1] + "," + cells[0];
        else
          for (size_t c = 0; c < cells.size(); ++c) text += (c ? "," : "") + cells[c];
      }
      if (r < rows || rng() % 2) text += mixed ? pick(breaks) : eol;
    }
    TempFile probe(text);
    bool problems = ReadCsvFile(probe.path(), s).report.problem_count() != 0;
    SCOPED_TRACE("random file " + std::to_string(file));
    ExpectSameAsReference(text, s, problems);
  }
}

// A file of some size with a few quoted cells, read with the automatic
// block size too.
TEST(CsvParallel, LargerFileWithSomeQuotes) {
  std::mt19937_64 rng(7);
  std::string text = "patient_id,age,sex,admission_date,cost,provider,note\n";
  for (int i = 0; i < 20000; ++i) {
    text += "P" + std::to_string(100000 + i) + "," + std::to_string(rng() % 100) + "," +
            (rng() % 2 ? "F" : "M") + ",2021-0" + std::to_string(1 + rng() % 9) + "-1" +
            std::to_string(rng() % 10) + "," + std::to_string(rng() % 100000) + "." +
            std::to_string(10 + rng() % 90) + ",RX" + std::to_string(rng() % 50) + "," +
            (i % 97 == 0 ? "\"quoted, with\nbreak\"" : "plain") + "\n";
  }
  TableSchema s = Schema({Col("patient_id", ColumnKind::Id, false, true), Col("age", ColumnKind::Int),
                          Col("sex", ColumnKind::Enum), Col("admission_date", ColumnKind::Date),
                          Col("cost", ColumnKind::Money), Col("provider", ColumnKind::Id),
                          Col("note", ColumnKind::Text)});
  s.columns[2].enum_values = {"M", "F"};
  TempFile file(text);
  CsvResult want = ReadCsvFile(file.path(), s);
  ASSERT_EQ(want.report.problem_count(), 0u);
  for (unsigned threads : {1u, 2u, 3u}) {
    for (size_t block : {size_t{0}, size_t{1000}, size_t{4096}, size_t{65536}}) {
      ParallelCsvOptions parallel;
      parallel.threads = threads;
      parallel.block_bytes = block;
      std::optional<CsvResult> got = ReadCsvFileParallel(file.path(), s, {}, parallel);
      ASSERT_TRUE(got.has_value()) << threads << " threads, blocks of " << block;
      EXPECT_EQ(Difference(want, *got, {}), "") << threads << " threads, blocks of " << block;
    }
  }
}

// ---------------------------------------------------------------- the driver

struct Compiled {
  SourceManager sources;
  ParseResult parsed;
  CheckResult checked;
  plan::EvaluationPlan plan;
};

std::unique_ptr<Compiled> CompileContract(const std::string& text) {
  auto out = std::make_unique<Compiled>();
  uint32_t id = out->sources.Add("test.ocf", text);
  out->parsed = Parse(out->sources.Get(id), id);
  SemaInput input;
  input.main = &out->parsed.file;
  input.sources = &out->sources;
  out->checked = Check(input);
  EXPECT_FALSE(out->parsed.diagnostics.has_errors());
  EXPECT_FALSE(out->checked.diagnostics.has_errors());
  if (!out->checked.diagnostics.has_errors()) out->plan = Lower(*out->checked.program);
  return out;
}

// The benchmark's shape: measures by provider over episodes, a second table
// with a check rule and a key, and columns nothing reads.
constexpr const char* kEpisodes = R"(contract "Episodes" {
  commissioner "ICB"
  term 2019-01-01 to 2023-12-31
  periods yearly
  currency GBP
}
data episodes dated by admission_date {
  patient_id     : id
  age            : int
  sex            : one of (M, F, U)
  admission_date : date
  discharge_date : date
  length_of_stay : int
  emergency      : bool
  readmitted_30d : bool
  cost           : money
  provider       : id
}
data visits dated by seen_on {
  visit_id : id key
  seen_on  : date
  left_on  : date?
  provider : id
  minutes  : int
  check left_on >= seen_on "left before seen"
}
measure older_emergencies : int by provider = count episodes where emergency and age >= 65
measure readmission_rate : percent by provider = percent of episodes where readmitted_30d
measure mean_stay by provider = mean length_of_stay of episodes
measure median_stay by provider = median length_of_stay of episodes
measure emergency_cost : money by provider = sum cost of episodes where emergency
measure visits_seen = count visits
)";

TEST(ColumnsUsed, WhatThePlanReads) {
  auto c = CompileContract(kEpisodes);
  ASSERT_EQ(c->plan.tables.size(), 2u);
  std::vector<std::vector<bool>> used = driver::ColumnsUsed(c->plan);
  ASSERT_EQ(used.size(), 2u);
  // patient_id, sex and discharge_date are read by nothing.
  EXPECT_EQ(used[0], (std::vector<bool>{false, true, false, true, false, true, true, true, true, true}));
  // visits: the key, the dates (dated_by, the check), provider (named like
  // a `by`); minutes is read by nothing.
  EXPECT_EQ(used[1], (std::vector<bool>{true, true, true, true, false}));
}

TEST(ColumnsUsed, CheckDataReadsInParallelAndFallsBack) {
  auto c = CompileContract(kEpisodes);
  std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("ocf_data_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string episodes =
      "patient_id,age,sex,admission_date,discharge_date,length_of_stay,emergency,readmitted_30d,"
      "cost,provider\n";
  for (int i = 0; i < 500; ++i)
    episodes += "P" + std::to_string(i) + "," + std::to_string(i % 90) + ",F,2021-03-04,2021-03-09,5," +
                (i % 3 ? "true" : "false") + ",false,1234.56,RX" + std::to_string(i % 7) + "\n";
  std::ofstream(dir / "episodes.csv") << episodes;
  std::ofstream(dir / "visits.csv") << "visit_id,seen_on,left_on,provider,minutes\n"
                                       "V1,2021-01-01,2021-01-02,RX1,10\n"
                                       "V2,2021-01-05,2021-01-04,RX2,20\n";  // breaks the check
  driver::DataSources sources;
  sources.dir = dir.string();
  driver::DataOptions reference;
  driver::DataCheck want = driver::CheckData(*c->checked.program, sources, reference);
  driver::DataOptions fast;
  fast.parallel = true;
  fast.threads = 2;
  fast.materialize = driver::ColumnsUsed(c->plan);
  fast.materialize[1] = {true, false, false, false, false};  // the check's columns are added back
  driver::DataCheck got = driver::CheckData(*c->checked.program, sources, fast);
  ASSERT_EQ(got.datasets.size(), 2u);
  for (size_t d = 0; d < 2; ++d) {
    EXPECT_EQ(got.datasets[d].report.rows, want.datasets[d].report.rows);
    EXPECT_EQ(got.datasets[d].report.problem_count(), want.datasets[d].report.problem_count());
    EXPECT_EQ(driver::RenderDataProblems(got.datasets[d]), driver::RenderDataProblems(want.datasets[d]));
  }
  const Table& table = *got.datasets[0].table;
  EXPECT_EQ(table.row_count(), 500u);
  EXPECT_EQ(table.column(0).size(), 0u);  // patient_id: not stored
  EXPECT_EQ(table.column(9).size(), 500u);
  EXPECT_EQ(table.column(9).ToString(8), "RX1");
  EXPECT_EQ(got.datasets[1].report.problem_count(), 1u);  // "left before seen", from the parallel table

  // A bad cell: the parallel reader gives up, the reference reports it.
  std::ofstream(dir / "episodes.csv") << episodes << "P9,old,F,2021-03-04,2021-03-09,5,true,false,1,RX1\n";
  got = driver::CheckData(*c->checked.program, sources, fast);
  want = driver::CheckData(*c->checked.program, sources, reference);
  EXPECT_EQ(driver::RenderDataProblems(got.datasets[0]), driver::RenderDataProblems(want.datasets[0]));
  EXPECT_NE(driver::RenderDataProblems(got.datasets[0]).find("`old` is not a whole number"),
            std::string::npos);
  EXPECT_EQ(got.datasets[0].table->column(0).size(), 501u);  // read whole by the reference reader
  std::filesystem::remove_all(dir);
}

// Every example contract over its sample data, on both engines: the
// statement from tables read in parallel with only ColumnsUsed stored is the
// statement from tables read whole by the reference reader. (A column the
// plan reads but ColumnsUsed left out would read as missing and change it.)
TEST(ColumnsUsed, ExamplesGiveTheSameStatements) {
  struct Example {
    std::string name;
    driver::InputSettings sets;
  };
  std::vector<Example> examples = {{"msk", {}},
                                   {"alliance", {}},
                                   {"older_people", {{"registered_65_plus", "3000"}}},
                                   {"mental_health", {}}};
  for (const Example& example : examples) {
    SCOPED_TRACE(example.name);
    std::string dir = std::string(OCF_SOURCE_DIR) + "/examples/" + example.name;
    std::unique_ptr<driver::Compilation> c = driver::CompileFile(dir + "/" + example.name + ".ocf");
    ASSERT_TRUE(c && c->ok());
    plan::EvaluationPlan plan = Lower(*c->program);
    driver::DataSources sources;
    sources.dir = dir + "/data";
    driver::DataCheck whole = driver::CheckData(*c->program, sources);
    ASSERT_TRUE(whole.ok());
    driver::DataOptions fast;
    fast.parallel = true;
    fast.threads = 2;
    fast.materialize = driver::ColumnsUsed(plan);
    driver::DataCheck projected = driver::CheckData(*c->program, sources, fast);
    ASSERT_TRUE(projected.ok());
    size_t unstored = 0;
    for (const driver::DatasetData& d : projected.datasets)
      for (size_t col = 0; col < d.table->column_count(); ++col) unstored += d.table->column(col).size() == 0;
    for (driver::Engine engine : {driver::Engine::Interp, driver::Engine::Jit}) {
      driver::RunOptions options;
      options.engine = engine;
      driver::RunOutcome want = driver::RunContract(*c, plan, whole, example.sets, options);
      driver::RunOutcome got = driver::RunContract(*c, plan, projected, example.sets, options);
      ASSERT_TRUE(want.statement.has_value());
      ASSERT_TRUE(got.statement.has_value());
      EXPECT_EQ(RenderStatementJson(*got.statement), RenderStatementJson(*want.statement));
      EXPECT_EQ(got.warning, want.warning);
    }
    RecordProperty(example.name + "_unstored_columns", static_cast<int>(unstored));
  }
}

}  // namespace
}  // namespace ocf
