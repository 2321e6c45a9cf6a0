// Tests of the fmt tests' own tools (they run whether or not the formatter is
// built): the comment scanner, and the plan dump, which must see a change of
// meaning and must not see a move of text.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "compiler/driver/driver.h"
#include "compiler/lower/lower.h"
#include "tests/fmt/comments.h"
#include "tests/fmt/plan_dump.h"
#include "tests/fmt/relaid.h"

namespace ocf::test_support {
namespace {

std::vector<std::string> Texts(const std::string& text) {
  std::vector<std::string> out;
  for (const Comment& c : ScanComments(text)) out.push_back(c.text);
  return out;
}

TEST(CommentScanner, FindsBothKindsInOrder) {
  std::string text =
      "// first\n"
      "let a = 1 /* second */ + 2 // third\n"
      "/* fourth,\n"
      "   on two lines */\n"
      "let b = 3\n";
  EXPECT_EQ(Texts(text), (std::vector<std::string>{"// first", "/* second */", "// third",
                                                   "/* fourth,\n   on two lines */"}));
  std::vector<Comment> comments = ScanComments(text);
  EXPECT_EQ(comments[0].line, 1);
  EXPECT_EQ(comments[2].line, 2);
  EXPECT_EQ(comments[3].line, 3);
  // `let a = 1` before the second, then `+ 2`: the code between them.
  EXPECT_EQ(comments[0].code_before, 0u);
  EXPECT_EQ(comments[1].code_before, 6u);
  EXPECT_EQ(comments[2].code_before, 8u);
  // Space does not count; moving the comment past a token does.
  EXPECT_EQ(ScanComments("let   a =\n   1 /* second */")[0].code_before, 6u);
  EXPECT_EQ(ScanComments("let a = /* second */ 1")[0].code_before, 5u);
}

TEST(CommentScanner, SkipsTextAndTableRows) {
  std::string text =
      "pay \"a // not a comment /* nor this */\" = 1 // a comment\n"
      "let q = \"an \\\"escaped\\\" quote // still text\"\n"
      "  | url        | note          |\n"
      "  | http://x.y | /* a cell */  |\n"
      "let c = 1 /* after */\n";
  EXPECT_EQ(Texts(text), (std::vector<std::string>{"// a comment", "/* after */"}));
}

TEST(CommentScanner, AnUnclosedTextEndsAtItsLine) {
  EXPECT_EQ(Texts("let a = \"open\n// a comment\n"), std::vector<std::string>{"// a comment"});
}

TEST(CommentScanner, NormalizedIgnoresTrailingSpaceAndReindentation) {
  EXPECT_EQ(Normalized({"// x  \r", 1}), "// x");
  EXPECT_EQ(Normalized({"/* a\n      b   \n   */", 1}), Normalized({"/* a\n  b\n*/", 1}));
  EXPECT_NE(Normalized({"/* a b */", 1}), Normalized({"/* a  b */", 1}));
}

TEST(Relaid, ChangesSpacingOnly) {
  std::string text =
      "measure a = count x where y >= 65  // two  spaces kept\n"
      "    let b = \"in  text\" /* and  here */\n"
      "  | cell  one | cell   two |\n";
  std::string relaid = Relaid(text);
  EXPECT_EQ(relaid,
            "measure  a  =  count  x  where  y  >=  65  // two  spaces kept\n"
            "       let   b   =   \"in  text\"   /* and  here */\n"
            "    | cell  one | cell   two |\n");
  // The same comments, in the same places.
  EXPECT_EQ(Texts(relaid), Texts(text));
}

TEST(Commented, PutsACommentInEveryGap) {
  std::string text =
      "let a = f(x, 1) // kept\n"
      "  | cell one | two |\n"
      "pay \"A b\" = 2\n";
  EXPECT_EQ(Commented(text),
            "let /* 1 */ a /* 2 */ = /* 3 */ f(x, /* 4 */ 1) // kept\n"
            "  | cell one | two |\n"
            "pay /* 5 */ \"A b\" /* 6 */ = /* 7 */ 2 // 8\n");
}

// The plan of a contract compiled from text.
std::string PlanOf(const std::string& text) {
  std::unique_ptr<driver::Compilation> c = driver::CompileText(text, "plan_dump_test.ocf");
  EXPECT_TRUE(c->ok()) << text << [&] {
    std::string s;
    for (const Diagnostic& d : c->diagnostics.diagnostics()) s += RenderText(d, c->sources);
    return s;
  }();
  if (!c->ok() || !c->program) return "";
  return DumpPlan(Lower(*c->program));
}

constexpr const char* kContract = R"(contract "Plan dump" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2026-03-31
}
data episodes dated by admitted_on {
  episode_id  : id key
  age         : int
  admitted_on : date
  cost        : money
}
measure older = count episodes where age >= 65
measure spend = sum cost of episodes
target older at least 10
payment yearly {
  pay "Fee" = £1000 * older
}
)";

std::string Replaced(std::string text, const std::string& from, const std::string& to) {
  size_t at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(PlanDump, SpansDoNotChangeIt) {
  std::string plan = PlanOf(kContract);
  ASSERT_FALSE(plan.empty());
  EXPECT_EQ(plan, PlanOf(std::string("// moved down\n\n\n") + kContract));
  EXPECT_EQ(plan, PlanOf(Replaced(kContract, "count episodes where age >= 65",
                                  "count   episodes\n  where age>=65")));
}

TEST(PlanDump, MeaningChangesIt) {
  std::string plan = PlanOf(kContract);
  for (auto [from, to] :
       {std::pair{"age >= 65", "age > 65"}, std::pair{"age >= 65", "age >= 66"}, std::pair{"£1000", "£1001"},
        std::pair{"sum cost", "mean cost"}, std::pair{"at least 10", "at most 10"},
        std::pair{"\"Fee\"", "\"Fees\""}, std::pair{"2026-03-31", "2027-03-31"}})
    EXPECT_NE(plan, PlanOf(Replaced(kContract, from, to))) << from << " -> " << to;
}

}  // namespace
}  // namespace ocf::test_support
