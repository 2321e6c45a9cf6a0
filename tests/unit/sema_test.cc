// Unit tests for compiler/sema: each parses a small contract and checks which
// diagnostics come out (by code and line) and which types are recorded.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "compiler/parse/parse.h"
#include "compiler/sema/sema.h"

namespace ocf {
namespace {

constexpr const char* kHeader = R"(contract "Test contract" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2026-03-31
  periods quarterly
}
data episodes dated by admitted_on {
  episode_id   : id key
  age          : int
  admitted_on  : date
  discharged_on: date?
  cost         : money
  score        : decimal?
  setting      : one of (acute, community, "mental health")
  provider     : text
}
)";

struct Checked {
  SourceManager sources;
  ParseResult parsed;
  CheckResult checked;
  std::vector<std::string> codes;  // "E0402@12"
};

std::unique_ptr<Checked> CheckText(const std::string& body, bool with_header = true) {
  auto out = std::make_unique<Checked>();
  std::string text = with_header ? std::string(kHeader) + body : body;
  uint32_t id = out->sources.Add("test.ocf", text);
  out->parsed = Parse(out->sources.Get(id), id);
  SemaInput input;
  input.main = &out->parsed.file;
  input.sources = &out->sources;
  out->checked = Check(input);
  for (const auto* sink : {&out->parsed.diagnostics, &out->checked.diagnostics}) {
    for (const Diagnostic& d : sink->diagnostics()) {
      LineCol lc = out->sources.Get(d.span.file).Locate(d.span.begin);
      out->codes.push_back(std::string(Info(d.code).code) + "@" + std::to_string(lc.line));
    }
  }
  return out;
}

// Line numbers below count from the first line after kHeader (line 16).
std::string At(const char* code, int body_line) {
  return std::string(code) + "@" + std::to_string(15 + body_line);
}

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(Sema, CleanContractHasNoDiagnostics) {
  auto c = CheckText(R"(population elderly = episodes where age >= 65
measure admissions = count elderly
measure mean_cost = mean cost of episodes
measure long_stays = percent of episodes where discharged_on is present and discharged_on - admitted_on > 7 days
target long_stays from 15% to 10%
target admissions at most 1000
outcome flow weight 100% {
  long_stays weight 60%
  admissions weight 40%
}
payment quarterly {
  let budget = £1m
  pay "Block" = 95% * budget
  pay "Incentive" = 5% * budget * achievement
}
)");
  EXPECT_THAT(c->codes, IsEmpty());
}

TEST(Sema, PercentPlusNumberSaysWhatToWrite) {
  auto c = CheckText("let x = 95% + 5\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0402", 1)));
  EXPECT_EQ(c->checked.diagnostics.diagnostics()[0].help, "write `5%` for a percentage");
}

TEST(Sema, MoneyPlusNumber) {
  auto c = CheckText("let x = £5 + 3\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0403", 1)));
}

TEST(Sema, DaysAndMonthsDoNotMix) {
  auto c = CheckText("let x = 30 days + 1 month\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0404", 1)));
}

TEST(Sema, DayAndMonthDurationsDoNotCompare) {
  auto c = CheckText("measure m = count episodes where discharged_on - admitted_on <= 3 months\n");
  ASSERT_THAT(c->codes, ElementsAre(At("E0405", 1)));
  EXPECT_NE(c->checked.diagnostics.diagnostics()[0].help.find("compare dates"), std::string::npos);
}

TEST(Sema, OptionalInConditionWarnsUnlessGuarded) {
  auto c = CheckText(
      "measure a = count episodes where score > 5\n"
      "measure b = count episodes where score is present and score > 5\n"
      "measure c = count episodes where (score > 5) otherwise false\n");
  EXPECT_THAT(c->codes, ElementsAre(At("W0401", 1)));
}

TEST(Sema, EnumValuesAreBareOrQuotedAndChecked) {
  auto c = CheckText(
      "measure a = count episodes where setting = acute\n"
      "measure b = count episodes where setting in (community, \"mental health\")\n"
      "measure d = count episodes where setting = hospital\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0311", 3)));
}

TEST(Sema, CyclesAreReportedOnce) {
  auto c = CheckText("measure a = b + 1\nmeasure b = a * 2\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0303", 2)));
}

TEST(Sema, ColumnOutsideAggregate) {
  auto c = CheckText("measure m = age + 1\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0308", 1)));
}

TEST(Sema, WeightsMustSumToExactlyOneHundredPercent) {
  auto c = CheckText(R"(measure a = count episodes
measure b = count episodes where age > 1
target a at least 1
target b at least 1
outcome o weight 100% {
  a weight 33.33%
  b weight 66.66%
}
)");
  EXPECT_THAT(c->codes, ElementsAre(At("E0605", 5)));
}

TEST(Sema, OutcomeMeasuresNeedTargets) {
  auto c = CheckText("measure a = count episodes\noutcome o weight 100% { a }\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0604", 2)));
}

TEST(Sema, ByColumnMustExistInEveryTableRead) {
  auto c = CheckText(
      "data spend dated by month { month : date\n amount : money }\n"
      "measure ok by provider = count episodes\n"
      "measure bad by provider = sum amount of spend\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0510", 4)));
}

TEST(Sema, CurrencySymbolMustMatchContract) {
  auto c = CheckText("let x = $5\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0209", 1)));
}

TEST(Sema, AchievementOnlyInPayments) {
  auto c = CheckText("measure m = achievement\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0309", 1)));
}

TEST(Sema, PaymentLinesMustBeMoney) {
  auto c = CheckText("payment yearly { pay \"Fee\" = 2.5% }\n");
  EXPECT_THAT(c->codes, ElementsAre(At("E0610", 1)));
}

TEST(Sema, TestBlocksReferToRealThings) {
  auto c = CheckText(R"(measure m = count episodes
test "t" {
  given episodes {
    | episode_id | age | admitted_on | cost | setting | provider |
    | e1         | 40  | 2024-05-01  | 100  | acute   | A        |
    | e2         | old | 2024-05-01  | 100  | acute   | A        |
  }
  expect m = 2 in "2024/25 Q1"
  expect m = 2 in "2024/25 Q5"
  expect nothing = 1
  expect payment "Nope" = £1
}
)");
  EXPECT_THAT(c->codes, ElementsAre(At("E0703", 6), At("E0704", 9), At("E0302", 10), At("E0708", 11)));
}

TEST(Sema, MissingContractAndRequiredFields) {
  auto c = CheckText("let x = 1\n", false);
  EXPECT_THAT(c->codes, ElementsAre("E0201@1"));
  auto d = CheckText("contract \"X\" {\n  provider \"P\"\n}\n", false);
  EXPECT_THAT(d->codes, ElementsAre("E0203@1", "E0203@1"));
}

// A term is at most 100 contract years (E0210): to the last day of the
// hundredth year, also from a leap day, and not a day more.
TEST(Sema, TermOfAtMostAHundredYears) {
  auto term = [](const std::string& from, const std::string& to) {
    return CheckText("contract \"X\" {\n  commissioner \"C\"\n  term " + from + " to " + to + "\n}\n", false)
        ->codes;
  };
  EXPECT_THAT(term("2024-04-01", "2124-03-31"), IsEmpty());
  EXPECT_THAT(term("2024-04-01", "2124-04-01"), ElementsAre("E0210@3"));
  EXPECT_THAT(term("2024-02-29", "2124-02-28"), IsEmpty());
  EXPECT_THAT(term("2024-02-29", "2124-02-29"), ElementsAre("E0210@3"));
  EXPECT_THAT(term("0001-01-01", "9999-12-31"), ElementsAre("E0210@3"));
}

TEST(Sema, RecordsTypesOnTheSide) {
  auto c = CheckText("measure share = percent of episodes where age >= 65\n");
  ASSERT_THAT(c->codes, IsEmpty());
  const ast::MeasureDecl* m = c->checked.program->measures.at(0);
  EXPECT_EQ(c->checked.program->types.at(m->value.get()).kind, TypeKind::Percent);
}

}  // namespace
}  // namespace ocf
