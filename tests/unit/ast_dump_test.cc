// Unit tests for compiler/ast/ast_dump.h: a syntax tree's dump holds its
// meaning and none of its layout. The `ocf fmt` tests (tests/fmt) rely on
// both halves: layout and comments must not change a dump, and any change of
// meaning must.
#include "compiler/ast/ast_dump.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include "compiler/parse/parse.h"

namespace ocf {
namespace {

namespace fs = std::filesystem;

// The dump of `text`, which must parse without errors.
std::string Dump(const std::string& text) {
  SourceManager sources;
  uint32_t id = sources.Add("test.ocf", text);
  ParseResult parsed = Parse(sources.Get(id), id);
  EXPECT_FALSE(parsed.diagnostics.has_errors()) << text << [&] {
    std::string s;
    for (const Diagnostic& d : parsed.diagnostics.diagnostics()) s += RenderText(d, sources);
    return s;
  }();
  return ast::DumpTree(parsed.file);
}

constexpr const char* kContract = R"(contract "Cambridgeshire older people's services" {
  commissioner "NHS Cambridgeshire and Peterborough CCG"
  provider     "UnitingCare Partnership"
  term         2015-04-01 to 2020-03-31
  periods      quarterly
}

data admissions "Emergency admissions" dated by admitted_on {
  spell_id      : id key
  age           : int
  admitted_on   : date
  discharged_on : date?
  cost          : money
  setting       : one of (acute, community, "mental health")
  check discharged_on >= admitted_on "discharged before admitted"
}

population older = admissions where age >= 65 and setting in (acute, community)
let budget = £26.5m * (100% + 2.5%) ^ (contract_year - 1)

measure long_stays "Stays of three weeks or more" =
  percent of older where discharged_on is present and discharged_on - admitted_on >= 21 days

measure spend = sum cost of older where not (age > 90)

target long_stays at most 12%

payment quarterly {
  let share = if long_stays <= 12% then 100% else 80%
  pay "Outcome payment" = budget / 4 * share
}

test "a quiet quarter" {
  given admissions {
    | spell_id | age | admitted_on | discharged_on | cost   | setting |
    | a1       | 70  | 2015-05-01  | 2015-05-03    | £1,200 | acute   |
  }
  expect long_stays = 0% in "2015/16 Q1"
}
)";

// The same contract laid out differently: other spacing, line breaks and
// indentation, brackets that group as precedence already does, and comments
// of both kinds everywhere a comment may go.
constexpr const char* kRelaidOut = R"(// The contract, laid out by hand.
contract "Cambridgeshire older people's services" {
    commissioner "NHS Cambridgeshire and Peterborough CCG" // who pays
    provider "UnitingCare Partnership"
    term 2015-04-01 to 2020-03-31
    periods quarterly
}
/* The one dataset. */
data admissions "Emergency admissions" dated by admitted_on {
    spell_id : id key
    age : int
    admitted_on : date
    discharged_on : date?
    cost : money
    setting : one of (acute, community, "mental health")
    check discharged_on >= admitted_on "discharged before admitted"
}
population older = admissions where (age >= 65) and setting in (acute,
    community)
let budget = £26.5m * (100% + 2.5%) ^ (contract_year - 1)   /* uplifted */
measure long_stays "Stays of three weeks or more" = percent of older
  where discharged_on is present
    and discharged_on - admitted_on >= 21 days
measure spend = sum cost of older where not (age > 90)
target long_stays at most 12%
payment quarterly {
    let share = if long_stays <= 12% then 100% else 80%
    pay "Outcome payment" = (budget / 4) * share  // a quarter of the budget
}
test "a quiet quarter" {
  given admissions {
    | spell_id | age | admitted_on | discharged_on | cost | setting |
    |a1|70|2015-05-01|2015-05-03|£1,200|acute|
  }
  expect long_stays = 0% in "2015/16 Q1"
}
)";

TEST(AstDump, LayoutAndCommentsDoNotChangeIt) {
  std::string dump = Dump(kContract);
  EXPECT_EQ(dump, Dump(kRelaidOut));
  // Something to compare: every declaration is there.
  for (const char* line :
       {"contract title", "data admissions", "population older", "let budget", "measure long_stays",
        "measure spend", "target long_stays at-most", "payment quarterly", "test \"a quiet quarter\""})
    EXPECT_NE(dump.find(line), std::string::npos) << line << "\n" << dump;
}

TEST(AstDump, HoldsNoPositions) {
  // The same contract a few lines further down the file dumps the same.
  EXPECT_EQ(Dump(kContract), Dump(std::string("\n\n\n// moved down\n\n") + kContract));
}

// kContract with `from` replaced by `to`, once; the replacement must exist.
std::string Changed(const std::string& from, const std::string& to) {
  std::string text = kContract;
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(AstDump, ChangesOfMeaningChangeIt) {
  std::string dump = Dump(kContract);
  struct Change {
    const char* what;
    const char* from;
    const char* to;
  };
  const Change changes[] = {
      {"an operator", "budget / 4", "budget * 4"},
      {"a comparison", "age >= 65", "age > 65"},
      {"a logical operator", "65 and setting", "65 or setting"},
      {"a number", "age >= 65", "age >= 66"},
      {"a number's decimals", "age > 90)", "age > 90.0)"},
      {"a percentage", "at most 12%", "at most 13%"},
      {"money", "£26.5m", "£26.4m"},
      {"a currency", "£26.5m", "$26.5m"},
      {"a date", "2015-04-01 to", "2015-04-02 to"},
      {"a duration", "21 days", "3 weeks + 1 days"},
      {"a duration's unit", "21 days", "21 months"},
      {"text", "\"Outcome payment\"", "\"Outcome payments\""},
      {"a title", "\"Stays of three weeks or more\"", "\"Stays of 3 weeks or more\""},
      {"a name", "sum cost of", "sum age of"},
      {"a declared name", "let budget", "let budgets"},
      {"a column type", "age           : int", "age           : decimal"},
      {"an optional column", "cost          : money", "cost          : money?"},
      {"a key", "spell_id      : id key", "spell_id      : id"},
      {"an enumeration value", "(acute, community, \"mental health\")",
       "(acute, community, \"mental-health\")"},
      {"grouping", "budget / 4 * share", "budget / (4 * share)"},
      {"`not`", "where not (age > 90)", "where (age > 90)"},
      {"`is present`", "is present", "is missing"},
      {"`in`", "setting in (acute", "setting not in (acute"},
      {"an `in` list", "(acute, community)", "(acute)"},
      {"an aggregate", "sum cost", "mean cost"},
      {"a target", "at most 12%", "at least 12%"},
      {"a payment line", "pay \"Outcome", "shadow pay \"Outcome"},
      {"a frequency", "payment quarterly", "payment yearly"},
      {"a test table cell", "| 70  |", "| 71  |"},
      {"a test table column", "| setting |", "| ward    |"},
      {"a test's period", "in \"2015/16 Q1\"", "in \"2015/16 Q2\""},
      {"an `if` branch", "else 80%", "else 90%"},
      {"a check's message", "\"discharged before admitted\"", "\"discharged first\""},
  };
  for (const Change& c : changes) EXPECT_NE(dump, Dump(Changed(c.from, c.to))) << c.what;
}

TEST(AstDump, ExpressionsShowOperatorsAndChildren) {
  SourceFile source("test.ocf", "let x = -(a + 2.50) * f(b, \"q\\\"\") otherwise 3\n");
  ParseResult parsed = Parse(source, 0);
  ASSERT_FALSE(parsed.diagnostics.has_errors());
  EXPECT_EQ(ast::DumpTree(parsed.file),
            "let x\n"
            "  value: binary otherwise\n"
            "    lhs: binary *\n"
            "      lhs: unary -\n"
            "        operand: binary +\n"
            "          lhs: name a\n"
            "          rhs: number 2.5\n"
            "      rhs: call f (2 arguments)\n"
            "        argument: name b\n"
            "        argument: text \"q\\\"\"\n"
            "    rhs: number 3 int\n");
}

// Every kind of expression node appears in the dumps of the repository's
// valid contracts and examples, and none falls through to "?".
TEST(AstDump, EveryKindOfNodeIsDumped) {
  std::string all;
  for (const char* dir : {"examples", "tests/golden", "stdlib"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(OCF_SOURCE_DIR) / dir)) {
      if (entry.path().extension() != ".ocf") continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::stringstream bytes;
      bytes << in.rdbuf();
      SourceFile source(entry.path().string(), bytes.str());
      ParseResult parsed = Parse(source, 0);
      if (parsed.diagnostics.has_errors()) continue;
      all += ast::DumpTree(parsed.file);
    }
  }
  std::set<std::string> missing;
  for (const char* kind : {": number ",       ": percent ",     ": money ",
                           ": date ",         ": text ",        ": bool ",
                           ": duration ",     ": name ",        ": call ",
                           ": unary ",        ": binary ",      ": is-present",
                           ": is-missing",    ": in (",         ": not-in (",
                           ": if\n",          ": as-percent\n", ": aggregate ",
                           ": achievement",   ": tiered ",      ": in-previous-period\n",
                           ": at-baseline\n", ": paid ",        ": match ",
                           ": link ",         ": qualified ",   "tier first",
                           "pattern ",        "gate ",          "type ",
                           "input ",          "function ",      "import ",
                           "given-table",     "expect "})
    if (all.find(kind) == std::string::npos) missing.insert(kind);
  EXPECT_TRUE(missing.empty()) << [&] {
    std::string s;
    for (const std::string& m : missing) s += "`" + m + "` ";
    return s;
  }();
  // A node of a kind the dumper does not know is written "?".
  std::istringstream lines(all);
  for (std::string line; std::getline(lines, line);) {
    std::string trimmed = line.substr(line.find_first_not_of(' '));
    EXPECT_TRUE(trimmed != "?" && !trimmed.ends_with(": ?")) << line;
  }
}

}  // namespace
}  // namespace ocf
