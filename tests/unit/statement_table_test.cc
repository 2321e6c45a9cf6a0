// The table statement as a reader meets it (docs/language.md, "The table
// statement"): every example's table fits 100 columns, every percentage cell
// has two decimals, every number of 1,000 or more has separators; counts say
// "1 row" and "2 rows"; and the pieces it is laid out with (runtime/text_grid.h)
// wrap and split on display width.
#include <algorithm>
#include <filesystem>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/safe_text.h"
#include "runtime/statement.h"
#include "runtime/text_grid.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {

using test_support::CliRun;
using test_support::RunOcf;
using ::testing::HasSubstr;
using ::testing::Not;

namespace fs = std::filesystem;

const fs::path kSource = OCF_SOURCE_DIR;

// `ocf run` of each example on its sample data, as a user types it
// (older_people needs its input: tests/crosscheck/older_people.args). Run once.
const std::map<std::string, std::string>& ExampleTables() {
  static const std::map<std::string, std::string> tables = [] {
    std::map<std::string, std::string> out;
    for (const char* name : {"msk", "older_people", "alliance", "mental_health"}) {
      fs::path dir = kSource / "examples" / name;
      std::vector<std::string> args = {"run", (dir / (std::string(name) + ".ocf")).string(), "--data",
                                       (dir / "data").string()};
      if (std::string(name) == "older_people") args.insert(args.end(), {"--set", "registered_65_plus=3000"});
      CliRun run = RunOcf(args);
      EXPECT_EQ(run.status, 0) << name << ": " << run.err;
      out[name] = run.out;
    }
    return out;
  }();
  return tables;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// A line's cells: its texts after runs of two or more spaces, past the first
// (the row's name, or a heading). A cell of a target is "45.82% partial".
std::vector<std::string> Cells(const std::string& line) {
  std::vector<std::string> parts;
  size_t at = line.find_first_not_of(' ');
  while (at != std::string::npos && at < line.size()) {
    size_t end = line.find("  ", at);
    parts.push_back(line.substr(at, end == std::string::npos ? std::string::npos : end - at));
    at = end == std::string::npos ? end : line.find_first_not_of(' ', end);
  }
  if (!parts.empty()) parts.erase(parts.begin());
  return parts;
}

std::vector<std::string> Words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

TEST(StatementTable, EveryExampleFitsOneHundredColumns) {
  for (const auto& [name, table] : ExampleTables()) {
    ASSERT_FALSE(table.empty()) << name;
    size_t widest = 0;
    for (const std::string& line : Lines(table)) {
      EXPECT_LE(DisplayWidth(line), 100u) << name << ": `" << line << "`";
      EXPECT_TRUE(line.empty() || line.back() != ' ') << name << ": trailing spaces in `" << line << "`";
      widest = std::max(widest, DisplayWidth(line));
    }
    // The room is used: the test is not passed by a table cut short.
    EXPECT_GT(widest, 75u) << name;
  }
}

TEST(StatementTable, EveryPercentageCellHasTwoDecimals) {
  static const std::regex kTwoPlaces(R"(-?[0-9]{1,3}(,[0-9]{3})*\.[0-9]{2}%)");
  for (const auto& [name, table] : ExampleTables()) {
    size_t percentages = 0;
    for (const std::string& line : Lines(table))
      for (const std::string& cell : Cells(line))
        for (const std::string& word : Words(cell)) {
          if (word.find('%') == std::string::npos) continue;
          EXPECT_TRUE(std::regex_match(word, kTwoPlaces)) << name << ": `" << word << "` in `" << line << "`";
          ++percentages;
        }
    EXPECT_GT(percentages, 50u) << name;
  }
}

TEST(StatementTable, NumbersOfAThousandOrMoreHaveSeparators) {
  // A number without separators: four digits or more before any point.
  static const std::regex kUngrouped(R"(-?[£$€]?[0-9]{4,}(\.[0-9]+)?%?,?)");
  static const std::regex kGrouped(R"(-?[£$€]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?%?,?)");
  size_t grouped_counts = 0;
  for (const auto& [name, table] : ExampleTables()) {
    bool data = false;
    for (const std::string& line : Lines(table)) {
      data = data || line == "Data";
      // In the data section every number is a count; elsewhere the cells.
      std::vector<std::string> texts = data ? std::vector<std::string>{line} : Cells(line);
      for (const std::string& text : texts)
        for (const std::string& word : Words(text)) {
          EXPECT_FALSE(std::regex_match(word, kUngrouped))
              << name << ": `" << word << "` in `" << line << "`";
          if (std::regex_match(word, kGrouped) && word.find_first_of("£%") == std::string::npos)
            ++grouped_counts;
        }
    }
  }
  EXPECT_GT(grouped_counts, 20u);
  // Spot checks: a count in a cell and in the data section.
  EXPECT_THAT(ExampleTables().at("msk"), HasSubstr(" 1,043\n"));
  EXPECT_THAT(ExampleTables().at("mental_health"),
              HasSubstr("  contacts: 16,611 rows, 4,088 in the baseline"));
}

TEST(StatementTable, TitlesNameTargetsOutcomesAndGates) {
  const std::string& msk = ExampleTables().at("msk");
  EXPECT_THAT(msk, HasSubstr("  Adults first seen within 18 weeks of referral"));
  EXPECT_THAT(msk, HasSubstr("    (from 40% to 90%)\n"));
  EXPECT_THAT(msk, HasSubstr("  Mean MSK-HQ gain, points (at least 6)  "));
  EXPECT_THAT(msk, HasSubstr("  Outcome: Timely access to the right service  "));
  EXPECT_THAT(msk, Not(HasSubstr("seen_in_18_weeks")));
  EXPECT_THAT(msk, Not(HasSubstr("outcome access")));
  const std::string& mh = ExampleTables().at("mental_health");
  EXPECT_THAT(mh, HasSubstr("  Gate: NHS numbers and outcomes recorded  "));
  EXPECT_THAT(mh, HasSubstr("(shadow, not in total)\n"));
}

// A statement of one year paid in two periods, with datasets of one and two
// rows and measures that skipped one and two.
Statement Counted() {
  Statement s;
  s.contract = "Counted";
  s.commissioner = "CCG";
  s.currency = "GBP";
  s.term_start = *Date::ParseIso("2014-04-01");
  s.term_end = *Date::ParseIso("2015-03-31");
  s.periods = ReportingPeriods(PeriodKind::Quarter, s.term_start, s.term_end);
  MeasureResult m;
  m.name = "seen";
  m.title = "People seen";
  m.type = "int";
  m.values["2014/15 Q1"] = {"1234567", std::nullopt, std::nullopt};
  m.values["2014/15"] = {"-1000", std::nullopt, std::nullopt};
  s.measures.push_back(m);
  Decimal pound = *Decimal::Parse("1");
  s.payments.push_back({"2014/15 Q1", {{"On account", pound}}, pound});
  s.payments.push_back({"2014/15", {{"Reconciliation", pound}}, pound});
  s.data.push_back({"one", 1, 1, 1, {{"seen", 1}}});
  s.data.push_back({"two", 2, 2, 2, {{"seen", 2}, {"unknown", 1000}}});
  return s;
}

TEST(StatementTable, PluralsAreRightForOneAndTwo) {
  std::string table = RenderStatementTable(Counted());
  EXPECT_THAT(table, HasSubstr("  one: 1 row, 1 in the baseline, 1 outside the term\n"));
  EXPECT_THAT(table, HasSubstr("    People seen: 1 row skipped, a value missing\n"));
  EXPECT_THAT(table, HasSubstr("  two: 2 rows, 2 in the baseline, 2 outside the term\n"));
  EXPECT_THAT(table, HasSubstr("    People seen: 2 rows skipped, a value missing\n"));
  // A measure the statement does not list is named by its identifier.
  EXPECT_THAT(table, HasSubstr("    unknown: 1,000 rows skipped, a value missing\n"));
  EXPECT_THAT(table, HasSubstr("Paid in 2014/15, both payment periods: \u00A32.00\n"));
  EXPECT_THAT(table, Not(HasSubstr("1 rows")));
  EXPECT_THAT(table, HasSubstr("1,234,567"));
  EXPECT_THAT(table, HasSubstr("-1,000"));
}

// A provider's group named to attack the table: a clear-screen sequence,
// 120 CJK characters (240 columns) and a 300-letter word.
TEST(StatementTable, HostileGroupNamesAreEscapedAndStillFit) {
  Statement s = Counted();
  const std::string hostile = "\x1b[2J" + [] {
    std::string cjk;
    for (int i = 0; i < 120; ++i) cjk += "\u4e2d";
    return cjk;
  }() + " " + std::string(300, 'x');
  std::vector<uint32_t> all;
  for (uint32_t p = 0; p < s.periods.size(); ++p) all.push_back(p);
  MeasureResult m;
  m.name = "visits";
  m.type = "int";
  m.groups = GroupValues(GroupValues::Kind::Int, false, all);
  m.has_groups = true;
  for (const std::string& group : {std::string("acute"), hostile}) {
    m.groups.StartGroup(group);
    for (uint32_t p : all) m.groups.AddInt(p, 12345);
  }
  s.measures.push_back(std::move(m));
  Decimal pound = *Decimal::Parse("1");
  s.payments[0].lines.push_back({"Incentive", pound, false, hostile});
  s.payments[0].lines.push_back({"Incentive forgone", pound, true, hostile});
  std::string table = RenderStatementTable(s);
  EXPECT_EQ(table.find('\x1b'), std::string::npos);
  EXPECT_THAT(table, HasSubstr("    \\x1b[2J\u4e2d"));
  EXPECT_THAT(table, HasSubstr("12,345"));
  EXPECT_THAT(table, HasSubstr("(shadow, not in total)"));
  for (const std::string& line : Lines(table)) EXPECT_LE(DisplayWidth(line), 100u) << line;
}

TEST(StatementTable, OnePeriodStillWorks) {
  CliRun run = RunOcf({"run", (kSource / "examples/msk/msk.ocf").string(), "--data",
                       (kSource / "examples/msk/data").string(), "--period", "2014/15 Q2"});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("== 2014/15 Q2 (2014-07-01 to 2014-09-30) =="));
  EXPECT_THAT(run.out, HasSubstr("Payments 2014/15 Q2\n"));
  EXPECT_THAT(run.out, Not(HasSubstr("2014/15 Q1")));
  EXPECT_THAT(run.out, Not(HasSubstr("== term")));
  for (const std::string& line : Lines(run.out)) EXPECT_LE(DisplayWidth(line), 100u) << line;
}

// ---------------------------------------------------------------- the pieces

TEST(TextGrid, WrapsAtSpacesOnDisplayWidth) {
  EXPECT_EQ(WrapText("short", 10, 8), std::vector<std::string>{"short"});
  EXPECT_EQ(WrapText("Adults first seen within 18 weeks", 18, 16),
            (std::vector<std::string>{"Adults first seen", "within 18 weeks"}));
  // A CJK character is two columns: six of them are twelve.
  EXPECT_EQ(WrapText("\u4e2d\u4e2d\u4e2d \u4e2d\u4e2d\u4e2d", 8, 8),
            (std::vector<std::string>{"\u4e2d\u4e2d\u4e2d", "\u4e2d\u4e2d\u4e2d"}));
  // A word longer than the line is cut between characters, never inside one.
  EXPECT_EQ(WrapText("\u4e2d\u4e2d\u4e2d\u4e2d\u4e2d", 4, 4),
            (std::vector<std::string>{"\u4e2d\u4e2d", "\u4e2d\u4e2d", "\u4e2d"}));
  EXPECT_EQ(WrapText("abcdefgh", 3, 3), (std::vector<std::string>{"abc", "def", "gh"}));
  for (const std::string& line : WrapText(std::string(500, 'x') + " y", 40, 38)) EXPECT_LE(line.size(), 40u);
}

TEST(TextGrid, ADetailStaysWholeWhenItFitsALine) {
  EXPECT_EQ(WrapName("Mean gain", "(at least 6)", 30), std::vector<std::string>{"Mean gain (at least 6)"});
  EXPECT_EQ(WrapName("Adults first seen within 18 weeks of referral", "(from 40% to 90%)", 48),
            (std::vector<std::string>{"Adults first seen within 18 weeks of referral", "(from 40% to 90%)"}));
}

TEST(TextGrid, ColumnsSplitIntoAlignedBlocksWhenTheyDoNotFit) {
  // Fits: names as wide as they are.
  GridLayout fits = LayOutGrid(30, {10, 10, 10}, 100);
  EXPECT_EQ(fits.name_width, 30u);
  ASSERT_EQ(fits.blocks.size(), 1u);
  // Fits with the names wrapped.
  GridLayout wrapped = LayOutGrid(60, {10, 10, 10, 10, 10}, 100);
  ASSERT_EQ(wrapped.blocks.size(), 1u);
  EXPECT_EQ(wrapped.name_width, 38u);
  // Twelve months and the year: blocks of nearly equal size, every column as
  // wide as the widest so blocks line up; each line fits.
  std::vector<size_t> months(12, 9);
  months.push_back(12);
  GridLayout split = LayOutGrid(40, months, 100);
  ASSERT_GT(split.blocks.size(), 1u);
  size_t columns = 0;
  for (const std::vector<size_t>& block : split.blocks) {
    EXPECT_LE(2 + split.name_width + block.size() * 14, 100u);
    EXPECT_LE(split.blocks.front().size() - block.size(), 1u);
    columns += block.size();
  }
  EXPECT_EQ(columns, 13u);
  for (size_t w : split.widths) EXPECT_EQ(w, 12u);
  // Rows of a block are lined up: every line of the block as wide.
  std::string out;
  std::vector<std::string> cells(13, "1,234");
  cells.back() = "\u4e2d\u4e2d";  // four columns
  AppendGridRow(out, split, 2, 0, "A name long enough to wrap onto a second line of the name column", "",
                cells);
  AppendGridRow(out, split, 2, 2, "\u4e2d\u6587", "", cells);
  std::vector<std::string> lines = Lines(out);
  ASSERT_GE(lines.size(), 3u);
  EXPECT_EQ(DisplayWidth(lines[0]), DisplayWidth(lines.back()));
  EXPECT_LT(DisplayWidth(lines[1]), DisplayWidth(lines[0]));  // the name's second line
  EXPECT_THAT(lines[1], ::testing::StartsWith("    "));
}

}  // namespace
}  // namespace ocf
