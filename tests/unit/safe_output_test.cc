// Safe outputs (docs/language.md, "Safe outputs"): a provider's data and the
// names of files reach the statement and the messages, and must not attack
// whoever reads them. tests/data/hostile/ holds a contract and a submission
// whose cells are spreadsheet formulas, terminal escape sequences and other
// control characters; these tests run `ocf` on it in-process, as a user would,
// and check every output: no CSV cell a spreadsheet would run as a formula,
// no raw control character on a terminal, valid UTF-8 JSON. The checks here
// (UTF-8, JSON, CSV) are written independently of runtime/safe_text.cc.
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/json.h"
#include "runtime/json_reader.h"
#include "runtime/safe_text.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;
using test_support::CliRun;
using test_support::RunOcf;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kDir = std::string(OCF_SOURCE_DIR) + "/tests/data/hostile";
const std::string kContract = kDir + "/hostile.ocf";

// The `provider` cells of tests/data/hostile/visits.csv, as the file holds them.
const std::vector<std::string> kHostileProviders = {
    "=HYPERLINK(\"http://x\",\"y\")",
    "@SUM(1+1)",
    "+1",
    "-1+1",
    "\x1b[2Jcleared",
    "tab\there",
    "\tleading tab",
    "carriage\rreturn",
    "\r=1+1",
    "bell\x07",
    "csi\xc2\x9b"
    "2J",
    "Caerdydd \xc5\xb5 \xc3\xa9 \xe4\xb8\xad",  // ŵ é 中: text, kept as it is
    "-12",
};

// ---------------------------------------------------------------- independent checks

// The code points of `s`, or nothing when `s` is not valid UTF-8 (overlong
// forms, surrogates and code points past U+10FFFF included).
std::optional<std::vector<uint32_t>> DecodeUtf8(std::string_view s) {
  std::vector<uint32_t> out;
  for (size_t i = 0; i < s.size();) {
    auto byte = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(s[k])); };
    uint32_t b = byte(i);
    size_t n = b < 0x80                 ? 1
               : b >= 0xC2 && b <= 0xDF ? 2
               : b >= 0xE0 && b <= 0xEF ? 3
               : b >= 0xF0 && b <= 0xF4 ? 4
                                        : 0;
    if (n == 0 || i + n > s.size()) return std::nullopt;
    uint32_t cp = n == 1 ? b : n == 2 ? b & 0x1F : n == 3 ? b & 0x0F : b & 0x07;
    for (size_t k = 1; k < n; ++k) {
      if ((byte(i + k) & 0xC0) != 0x80) return std::nullopt;
      cp = cp << 6 | (byte(i + k) & 0x3F);
    }
    if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return std::nullopt;
    out.push_back(cp);
    i += n;
  }
  return out;
}

// Text fit for a terminal: valid UTF-8 with no control character but the
// line breaks between lines (no ESC, no other C0, no DEL, no C1), and none of
// the characters that reorder text.
void ExpectTerminalSafe(const std::string& text, const std::string& what) {
  std::optional<std::vector<uint32_t>> cps = DecodeUtf8(text);
  ASSERT_TRUE(cps) << what << " is not valid UTF-8:\n" << text;
  for (uint32_t cp : *cps) {
    bool control = (cp < 0x20 && cp != '\n') || (cp >= 0x7F && cp <= 0x9F) ||
                   (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
    EXPECT_FALSE(control) << what << " holds the raw control character U+" << std::hex << cp;
  }
}

// Every string of a JSON value, keys too, in the order written.
void CollectStrings(const JsonValue& v, std::vector<std::string>& out) {
  if (v.is_string()) out.push_back(v.text);
  for (const JsonValue& item : v.items) CollectStrings(item, out);
  for (const auto& [key, member] : v.members) {
    out.push_back(key);
    CollectStrings(member, out);
  }
}

// The strings of a JSON output, failing the test when it is not valid JSON
// (runtime/json_reader.h: strict RFC 8259, UTF-8 checked).
std::vector<std::string> JsonStrings(const std::string& text, const std::string& what) {
  JsonReadResult r = ReadJson(text);
  EXPECT_TRUE(r.value) << what << " is not valid UTF-8 JSON: " << r.error.line << ":" << r.error.column
                       << ": " << r.error.message << "\n"
                       << text;
  std::vector<std::string> strings;
  if (r.value) CollectStrings(*r.value, strings);
  return strings;
}

// RFC 4180: rows of fields, quoted fields may hold commas, quotes and line breaks.
std::vector<std::vector<std::string>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "a quoted CSV field is not closed";
  EXPECT_TRUE(field.empty() && row.empty()) << "the CSV does not end with a line break";
  return rows;
}

// A number as a statement writes one: a spreadsheet reads it as a number.
bool IsPlainNumber(const std::string& cell) {
  static const std::regex kNumber(R"(-?[0-9]+(\.[0-9]+)?)");
  return std::regex_match(cell, kNumber);
}

// Columns a line takes on a terminal: one per character, two for a CJK one.
size_t Columns(const std::string& line) {
  std::optional<std::vector<uint32_t>> cps = DecodeUtf8(line);
  if (!cps) return 0;
  size_t n = 0;
  for (uint32_t cp : *cps) n += cp >= 0x4E00 && cp <= 0x9FFF ? 2 : 1;
  return n;
}

// Where each cell of a line of a table ends, in terminal columns: a cell is
// text after two or more spaces. The first text of a row is its name, not a
// cell (`with_name`); a header row has none.
std::vector<size_t> CellEnds(const std::string& line, bool with_name) {
  std::vector<size_t> ends;
  std::optional<std::vector<uint32_t>> cps = DecodeUtf8(line);
  if (!cps) return ends;
  size_t column = 0, spaces = 0;
  bool in_text = false, named = !with_name;
  for (uint32_t cp : *cps) {
    if (cp == ' ') {
      ++spaces;
    } else {
      if (!in_text || spaces >= 2) {
        if (in_text && named) ends.push_back(column - spaces);
        if (in_text) named = true;
        in_text = true;
      }
      spaces = 0;
    }
    column += cp >= 0x4E00 && cp <= 0x9FFF ? 2 : 1;
  }
  if (in_text && named) ends.push_back(column - spaces);
  return ends;
}

// The lines of the block under `heading` in a table (up to a line that is
// not indented).
std::vector<std::string> Block(const std::string& table, const std::string& heading) {
  std::vector<std::string> lines;
  size_t at = table.find("\n" + heading + "\n");
  if (at == std::string::npos) return lines;
  at += heading.size() + 2;
  while (at < table.size() && table.compare(at, 2, "  ") == 0) {
    size_t end = table.find('\n', at);
    lines.push_back(table.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

class HostileFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::path(testing::TempDir()) / ("ocf_safe_output_" + std::to_string(getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A file in the temporary folder, named `name` (any bytes), holding `text`.
  std::string Write(const std::string& name, const std::string& text) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  static std::string ReadAll(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }
  fs::path dir_;
};

// ---------------------------------------------------------------- the pieces

TEST(SafeText, CsvCellsThatWouldRunAsFormulasGetALeadingQuote) {
  EXPECT_EQ(CsvCell("=1"), "'=1");
  EXPECT_EQ(CsvCell("+1"), "'+1");
  EXPECT_EQ(CsvCell("-1+1"), "'-1+1");
  EXPECT_EQ(CsvCell("-2@x"), "'-2@x");
  EXPECT_EQ(CsvCell("@SUM(1+1)"), "'@SUM(1+1)");
  EXPECT_EQ(CsvCell("\tx"), "'\tx");
  EXPECT_EQ(CsvCell("\r=1"), "\"'\r=1\"");  // and quoted, for the line break
  EXPECT_EQ(CsvCell("=HYPERLINK(\"http://x\",\"y\")"), "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  EXPECT_EQ(CsvCell("\xEF\xBC\x9D"
                    "1"),
            "'\xEF\xBC\x9D"
            "1");  // full-width =
  EXPECT_EQ(CsvCell("-"), "'-");
  EXPECT_EQ(CsvCell("-.5"), "'-.5");
  EXPECT_EQ(CsvCell("-1e5"), "'-1e5");
  // Numbers as ocf writes them stay numbers; other text is left alone.
  for (const char* kept : {"-12.50", "-0.875", "-12", "0", "42", "3.14", "1-1", "a=b", "", "2024/25 Q1"})
    EXPECT_EQ(CsvCell(kept), kept);
  EXPECT_EQ(CsvCell("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvCell("a\xff"), "a\xEF\xBF\xBD");  // not UTF-8: U+FFFD
}

TEST(SafeText, TerminalTextEscapesControlsAndBytesThatAreNotUtf8) {
  EXPECT_EQ(TerminalText("\x1b[2J"), "\\x1b[2J");
  EXPECT_EQ(TerminalText("a\tb\nc\rd\x07\x7f"), "a\\tb\\nc\\rd\\x07\\x7f");
  EXPECT_EQ(TerminalText("csi\xc2\x9b"), "csi\\u{9b}");
  EXPECT_EQ(TerminalText("x\xe2\x80\xaey"), "x\\u{202e}y");  // right-to-left override
  EXPECT_EQ(TerminalText("a\xff"), "a\\xff");
  EXPECT_EQ(TerminalText("\xc0\xaf"), "\\xc0\\xaf");           // an overlong `/`
  EXPECT_EQ(TerminalText("\xed\xa0\x80"), "\\xed\\xa0\\x80");  // a surrogate
  EXPECT_EQ(TerminalText("\xe4\xb8"), "\\xe4\\xb8");           // cut short
  const std::string text = "Caerdydd \xc5\xb5 \xc3\xa9 \xe4\xb8\xad \xc2\xa3 \xe2\x82\xac";
  EXPECT_EQ(TerminalText(text), text);
  EXPECT_FALSE(NeedsTerminalEscape(text));
  EXPECT_TRUE(NeedsTerminalEscape("\xc2\x85"));
  EXPECT_EQ(DisplayWidth("\xe4\xb8\xad\xe6\x96\x87"), 4u);  // 中文
  EXPECT_EQ(DisplayWidth("e\xcc\x81"), 1u);                 // e and a combining accent
}

TEST(SafeText, JsonStringsAreValidUtf8) {
  std::string out;
  AppendJsonString(out, "a\xff\xc3\xa9\x1b\xc2\x85\xe2\x80\xa8\xe4\xb8\xad");
  EXPECT_EQ(out, "\"a\xEF\xBF\xBD\xc3\xa9\\u001b\\u0085\\u2028\xe4\xb8\xad\"");
  JsonReadResult read = ReadJson(out);
  EXPECT_TRUE(read.value) << read.error.message;
}

// ---------------------------------------------------------------- the outputs

TEST(SafeOutput, HostileDataPassesTheChecksAndReachesTheOutputs) {
  CliRun r = RunOcf({"check", kContract, "--data", kDir});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  EXPECT_THAT(r.out, HasSubstr("visits: 13 rows, ok"));
}

TEST(SafeOutput, CsvHasNoCellThatRunsAsAFormula) {
  CliRun r = RunOcf({"run", kContract, "--data", kDir, "--format", "csv"});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_TRUE(DecodeUtf8(r.out)) << "the CSV is not UTF-8";
  std::vector<std::vector<std::string>> rows = ParseCsv(r.out);
  ASSERT_GT(rows.size(), 1u);
  std::set<std::string> groups, enum_groups;
  for (const std::vector<std::string>& row : rows) {
    ASSERT_EQ(row.size(), 7u);
    for (const std::string& cell : row) {
      if (cell.empty() || std::string_view("=+-@\t\r").find(cell[0]) == std::string_view::npos) continue;
      EXPECT_TRUE(IsPlainNumber(cell)) << "the CSV cell `" << cell << "` would run as a formula";
    }
    if (row[0] == "measure" && row[1] == "visits_in" && !row[2].empty()) groups.insert(row[2]);
    if (row[0] == "measure" && row[1] == "by_kind" && !row[2].empty()) enum_groups.insert(row[2]);
  }
  // Each hostile provider is there, neutralised or (not starting like a
  // formula, or a number) exactly as written.
  for (const std::string& p : kHostileProviders) {
    bool formula = std::string_view("=+-@\t\r").find(p[0]) != std::string_view::npos && !IsPlainNumber(p);
    EXPECT_EQ(groups.count(formula ? "'" + p : p), 1u) << "group `" << p << "` not in the CSV as expected";
  }
  EXPECT_EQ(groups.size(), kHostileProviders.size());
  // Enumeration values the contract declares are neutralised too.
  EXPECT_EQ(enum_groups, (std::set<std::string>{"'=1+1", "'@SUM(1)", "'-2@x", "plain"}));
}

TEST(SafeOutput, CsvKeepsNegativeNumbersNumeric) {
  CliRun r = RunOcf({"run", kContract, "--data", kDir, "--format", "csv", "--period", "2024/25 Q1"});
  ASSERT_EQ(r.status, 0) << r.err;
  bool fee = false, mean = false;
  for (const std::vector<std::string>& row : ParseCsv(r.out)) {
    // V01's cost, -12.50, is its provider's whole fee in the quarter.
    if (row[0] == "payment" && row[2] == "'=HYPERLINK(\"http://x\",\"y\")") {
      EXPECT_EQ(row[4], "-12.50");
      fee = true;
    }
    // The scores are negative: their mean is a negative decimal.
    if (row[0] == "measure" && row[1] == "mean_score") {
      EXPECT_THAT(row[4], ::testing::StartsWith("-0."));
      EXPECT_TRUE(IsPlainNumber(row[4])) << row[4];
      mean = true;
    }
    // The group named `-12` is a number a spreadsheet may read as one.
    if (row[0] == "payment" && row[2] == "-12") {
      EXPECT_EQ(row[4], "1.00");
    }
  }
  EXPECT_TRUE(fee && mean) << r.out;
}

TEST(SafeOutput, TableShowsControlCharactersEscaped) {
  CliRun r = RunOcf({"run", kContract, "--data", kDir});
  ASSERT_EQ(r.status, 0) << r.err;
  ExpectTerminalSafe(r.out, "the table");
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  for (const char* shown : {"\\x1b[2Jcleared", "bell\\x07", "csi\\u{9b}2J", "tab\\there", "carriage\\rreturn",
                            "\\tleading tab", "\\r=1+1", "=HYPERLINK(\"http://x\",\"y\")"})
    EXPECT_THAT(r.out, HasSubstr(shown));
  // Text that is not a control character is kept as it is.
  EXPECT_THAT(r.out, HasSubstr("Caerdydd \xc5\xb5 \xc3\xa9 \xe4\xb8\xad"));
  // Columns line up on the escaped form (and a CJK character is two wide):
  // every cell ends where a column's label does.
  for (const char* heading : {"Measures", "Paid by provider", "Targets and achievement by provider"}) {
    std::vector<std::string> lines = Block(r.out, heading);
    ASSERT_GT(lines.size(), kHostileProviders.size()) << heading << " not found in\n" << r.out;
    std::vector<size_t> label_ends = CellEnds(lines.front(), false);
    ASSERT_GE(label_ends.size(), 4u) << lines.front();
    size_t cells = 0;
    for (size_t i = 1; i < lines.size(); ++i)
      for (size_t end : CellEnds(lines[i], true)) {
        EXPECT_NE(std::find(label_ends.begin(), label_ends.end(), end), label_ends.end())
            << "in " << heading << ": `" << lines[i] << "` has a cell ending at column " << end;
        ++cells;
      }
    EXPECT_GE(cells, 4 * kHostileProviders.size()) << heading;
    for (const std::string& line : lines) EXPECT_LE(Columns(line), 100u) << line;
  }
}

TEST(SafeOutput, CheckWarningsNamingGroupsAreEscaped) {
  CliRun r = RunOcf({"check", kContract, "--data", kDir});
  ExpectTerminalSafe(r.err, "the warnings");
  ExpectTerminalSafe(r.out, "the summary");
  EXPECT_THAT(r.err, HasSubstr("gate `busy` for provider \"\\x1b[2Jcleared\""));
}

TEST(SafeOutput, JsonIsValidAndKeepsTheTextExactly) {
  CliRun r = RunOcf({"run", kContract, "--data", kDir, "--format", "json"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> strings = JsonStrings(r.out, "the statement");
  std::set<std::string> all(strings.begin(), strings.end());
  for (const std::string& p : kHostileProviders)
    EXPECT_EQ(all.count(p), 1u) << "`" << p << "` not in the JSON";
  CliRun check = RunOcf({"check", kContract, "--data", kDir, "--format", "json"});
  JsonStrings(check.out, "ocf check's JSON");
}

TEST_F(HostileFiles, FileNamesThatAreNotUtf8GiveValidJsonAndEscapedText) {
  // A data file with a name that is not UTF-8 and holds ESC, and a cell that
  // is not UTF-8 (refused, and reported).
  std::string data = Write("vis\xff\x1b[2Jits.csv",
                           "visit_id,provider,kind,seen_on,cost,score\n"
                           "V1,bad\xfe,plain,2024-04-15,1.00,1\n");
  CliRun json = RunOcf({"check", kContract, "--data", "visits=" + data, "--format", "json"});
  EXPECT_EQ(json.status, 1);
  std::vector<std::string> strings = JsonStrings(json.out, "ocf check's JSON for a file named with 0xff");
  bool named = false;
  for (const std::string& s : strings) named |= s.find("vis\xEF\xBF\xBD\x1b[2Jits.csv") != std::string::npos;
  EXPECT_TRUE(named) << "the file's name is not in the JSON, 0xff as U+FFFD:\n" << json.out;
  EXPECT_THAT(json.out, HasSubstr("byte `0xfe`"));

  CliRun text = RunOcf({"check", kContract, "--data", "visits=" + data});
  ExpectTerminalSafe(text.err, "the data problems");
  EXPECT_THAT(text.err, HasSubstr("vis\\xff\\x1b[2Jits.csv:2: provider: the cell is not UTF-8 text"));
  CliRun run = RunOcf({"run", kContract, "--data", "visits=" + data});
  EXPECT_EQ(run.status, 1);
  ExpectTerminalSafe(run.err, "ocf run's data problems");

  // The same data, good, from a file named so: the run works, its outputs safe.
  std::string good = Write("good\xff\x1b[2J.csv", ReadAll(kDir + "/visits.csv"));
  CliRun statement = RunOcf({"run", kContract, "--data", "visits=" + good, "--format", "json"});
  EXPECT_EQ(statement.status, 0) << statement.err;
  JsonStrings(statement.out, "the statement read from a file named with 0xff");
}

TEST_F(HostileFiles, ContractNamesThatAreNotUtf8GiveValidJsonAndEscapedDiagnostics) {
  std::string contract =
      Write("con\xff\x1b[2Jtract.ocf", ReadAll(kContract) + "\nmeasure broken = count nowhere\n");
  CliRun json = RunOcf({"check", contract, "--format", "json"});
  EXPECT_EQ(json.status, 1);
  std::vector<std::string> strings = JsonStrings(json.out, "diagnostics for a contract named with 0xff");
  bool named = false;
  for (const std::string& s : strings)
    named |= s.find("con\xEF\xBF\xBD\x1b[2Jtract.ocf") != std::string::npos;
  EXPECT_TRUE(named) << json.out;

  CliRun text = RunOcf({"check", contract});
  ExpectTerminalSafe(text.err, "the diagnostics");
  EXPECT_THAT(text.err, HasSubstr("con\\xff\\x1b[2Jtract.ocf:"));
  ExpectTerminalSafe(text.out, "the summary line");
  EXPECT_THAT(text.out, HasSubstr("con\\xff\\x1b[2Jtract.ocf: 1 error"));
  CliRun run = RunOcf({"run", contract, "--data", kDir});
  EXPECT_EQ(run.status, 1);
  ExpectTerminalSafe(run.err, "ocf run's diagnostics and summary");

  CliRun missing = RunOcf({"check", (dir_ / "nowhere\xff\x1b[2J.ocf").string()});
  EXPECT_NE(missing.status, 0);
  ExpectTerminalSafe(missing.err, "the message for a file that is not there");
  EXPECT_THAT(missing.err, HasSubstr("nowhere\\xff\\x1b[2J.ocf"));
  CliRun missing_json = RunOcf({"check", (dir_ / "nowhere\xff\x1b[2J.ocf").string(), "--format", "json"});
  JsonStrings(missing_json.out, "the JSON for a file that is not there");
}

// `ocf test` shows the problems of a file a test gives, quoting its cells,
// and values of the data's groups: escaped too.
TEST_F(HostileFiles, TestResultsAreEscaped) {
  Write("visits.csv", ReadAll(kDir + "/visits.csv"));
  Write("broken.csv",
        "visit_id,provider,kind,seen_on,cost,score\n"
        "V1,\x1b[2Jx,plain,2024-04-15,\x1b[31m1.00,1\n");
  std::string contract = Write("tests.ocf", ReadAll(kContract) + R"ocf(
test "hostile groups" {
  given visits from "visits.csv"
  expect visits_in for "=HYPERLINK(\"http://x\",\"y\")" = 2 in "2024/25 Q1"
}
test "a broken file" {
  given visits from "broken.csv"
  expect visits_in = 1 in "2024/25 Q1"
}
)ocf");
  CliRun r = RunOcf({"test", contract});
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  ExpectTerminalSafe(r.out, "the test results");
  ExpectTerminalSafe(r.err, "the test run's messages");
  EXPECT_THAT(r.out, HasSubstr("test \"hostile groups\" ... FAILED"));
  EXPECT_THAT(r.out, HasSubstr("`\\x1b[31m1.00`"));
}

}  // namespace
}  // namespace ocf
