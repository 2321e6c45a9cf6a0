// Decision tables (`match`, LANGUAGE.md §6): the interval reasoning of
// compiler/sema/case_coverage.h, the checker's messages, and evaluation on
// both engines (which must agree, the JIT without falling back), with every
// expected value worked out by hand from the rows below.
#include <string>

#include <gtest/gtest.h>

#include "compiler/sema/case_coverage.h"
#include "tests/unit/v1_support.h"

namespace ocf {
namespace {

using namespace test_support;  // NOLINT: the v1 helpers
using sema::CaseRange;
using sema::Cut;

Decimal D(const char* text) { return *Decimal::Parse(text); }

// ------------------------------------------------------------ the reasoning

CaseRange Range(const char* low, bool low_in, const char* high, bool high_in, uint32_t pattern, bool whole) {
  std::optional<Decimal> lo = low ? std::optional<Decimal>(D(low)) : std::nullopt;
  std::optional<Decimal> hi = high ? std::optional<Decimal>(D(high)) : std::nullopt;
  return {sema::LowCut(lo, low_in, whole), sema::HighCut(hi, high_in, whole), pattern, pattern};
}

std::string Gap(const std::vector<CaseRange>& ranges, bool whole) {
  auto gap = sema::FirstGap(ranges, Cut::Start(), Cut::End());
  if (!gap) return "covered";
  return sema::DescribeGap(*gap, whole, [](Decimal v) { return v.ToString(); });
}

TEST(CaseCoverage, BandsThatMeetOverIntsLeaveAGapOverDecimals) {
  for (bool whole : {true, false}) {
    std::vector<CaseRange> bands = {
        Range(nullptr, true, "1", false, 0, whole), Range("1", true, "5", true, 1, whole),
        Range("6", true, "10", true, 2, whole), Range("10", false, nullptr, true, 3, whole)};
    EXPECT_EQ(Gap(bands, whole),
              whole ? "covered" : "nothing covers the values from 5 (excluded) to 6 (excluded)");
    EXPECT_FALSE(sema::FindOverlap(bands, whole));
  }
  // The spec's examples: 65 left out of int bands; (64, 65) of decimal ones.
  EXPECT_EQ(Gap({Range(nullptr, true, "64", true, 0, true), Range("66", true, nullptr, true, 1, true)}, true),
            "nothing covers 65");
  EXPECT_EQ(
      Gap({Range(nullptr, true, "64", true, 0, false), Range("65", true, nullptr, true, 1, false)}, false),
      "nothing covers the values from 64 (excluded) to 65 (excluded)");
  EXPECT_EQ(
      Gap({Range(nullptr, true, "5", false, 0, false), Range("5", false, nullptr, true, 1, false)}, false),
      "nothing covers 5");
  EXPECT_EQ(Gap({Range("0", true, nullptr, true, 0, true)}, true), "nothing covers -1 or less");
  EXPECT_EQ(Gap({Range("0", false, nullptr, true, 0, false)}, false), "nothing covers 0 or less");
  EXPECT_EQ(Gap({Range(nullptr, true, "9.5", false, 0, false)}, false), "nothing covers 9.5 or more");
  EXPECT_EQ(Gap({Range(nullptr, true, "9", true, 0, true), Range("12", true, nullptr, true, 1, true)}, true),
            "nothing covers 10 to 11");
}

TEST(CaseCoverage, OverlapsNameAValueBothCover) {
  // `1 to 5` and `5 to 10` share 5; `below 5` and `over 4.5` share 4.75.
  auto o =
      sema::FindOverlap({Range("1", true, "5", true, 0, true), Range("5", true, "10", true, 1, true)}, true);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->first, 0u);
  EXPECT_EQ(o->second, 1u);
  EXPECT_EQ(o->shared, D("5"));
  o = sema::FindOverlap(
      {Range(nullptr, true, "5", false, 0, false), Range("4.5", false, nullptr, true, 1, false)}, false);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->shared, D("4.75"));
  // Over ints, `over 4.5` starts at 5: no overlap with `below 5`.
  EXPECT_FALSE(sema::FindOverlap(
      {Range(nullptr, true, "5", false, 0, true), Range("4.5", false, nullptr, true, 1, true)}, true));
  // The earliest second pattern is named, however the ranges are ordered.
  o = sema::FindOverlap({Range("50", true, "60", true, 0, true), Range("0", true, "100", true, 1, true),
                         Range("0", true, "10", true, 2, true)},
                        true);
  ASSERT_TRUE(o);
  EXPECT_EQ(o->first, 0u);
  EXPECT_EQ(o->second, 1u);
  EXPECT_EQ(o->shared, D("50"));
}

TEST(CaseCoverage, PiecesStartAtTheirFirstValue) {
  // Decimal: `below 1`, `1 to 5`, `over 5`: pieces start at 1 and just after 5.
  sema::Pieces p =
      sema::CutIntoPieces({Range(nullptr, true, "1", false, 0, false), Range("1", true, "5", true, 1, false),
                           Range("5", false, nullptr, true, 2, false)},
                          false);
  ASSERT_EQ(p.starts.size(), 2u);
  EXPECT_EQ(p.starts[0], D("1"));
  EXPECT_EQ(p.starts[1], D("5.000000000000000001"));
  EXPECT_EQ(p.piece_case, (std::vector<uint32_t>{0, 1, 2}));
  // Ints with a gap: `1 to 5`, `8 or more`: uncovered below 1 and from 6 to 7.
  p = sema::CutIntoPieces({Range("1", true, "5", true, 0, true), Range("8", true, nullptr, true, 1, true)},
                          true);
  EXPECT_EQ(p.starts, (std::vector<Decimal>{D("1"), D("6"), D("8")}));
  EXPECT_EQ(p.piece_case, (std::vector<uint32_t>{sema::kNoCase, 0, sema::kNoCase, 1}));
  // Patterns of one case that meet or overlap make one piece.
  p = sema::CutIntoPieces({Range("1", true, "5", true, 0, true), Range("3", true, "9", true, 0, true)}, true);
  EXPECT_EQ(p.starts, (std::vector<Decimal>{D("1"), D("10")}));
}

// ------------------------------------------------------------ the checker

constexpr const char* kHeader = R"(contract "Tariffs" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2016-03-31
}

data stays dated by admitted_on {
  id          : id key
  admitted_on : date
  provider    : one of (acute, community, "mental health")
  age         : int
  score       : decimal?
  cost        : money
  rate        : percent
  stay        : int?
}
)";

// `ocf check` on the header and `body`: its diagnostics.
std::string CheckErrors(const std::string& body) {
  Scratch s;
  CliRun run = RunOcf({"check", s.Write("c.ocf", std::string(kHeader) + body)});
  return run.err + run.out;
}

void ExpectError(const std::string& body, const std::string& message) {
  std::string out = CheckErrors(body);
  EXPECT_NE(out.find(message), std::string::npos) << body << "\n" << out;
}

TEST(MatchCheck, OverlapsNameBothCasesAndAValue) {
  ExpectError("measure m = sum (match age { 1 to 5 => 1, 5 to 10 => 2, else => 0 }) of stays",
              "error[E0901]: cases `1 to 5` and `5 to 10` overlap: both cover 5");
  ExpectError("measure m = sum (match rate { below 50% => 1, over 40% => 2 }) of stays",
              "error[E0901]: cases `below 50%` and `over 40%` overlap: both cover 45%");
  ExpectError("measure m = sum (match provider { acute => 1, community, acute => 2, else => 0 }) of stays",
              "error[E0901]: cases `acute` and `acute` overlap: both cover `acute`");
  ExpectError("measure m = sum (match cost { below £100 => 1, £99.99 to £200 => 2, else => 3 }) of stays",
              "both cover £99.99");
}

TEST(MatchCheck, GapsNameTheFirstValueOrInterval) {
  ExpectError(
      "measure m = sum (match age { below 18 => 1, 18 to 64 => 2, 66 or more => 3 }) of stays",
      "error[E0902]: this `match` has no `else`, and its cases leave values of `age` out: nothing covers 65");
  ExpectError("measure m = sum (match age { 1 to 5 => 1, 6 to 10 => 2 }) of stays",
              "nothing covers 0 or less");
  ExpectError("measure m = sum (match score { below 1 => 1, 1 to 5 => 1, 6 or more => 2 }) of stays",
              "nothing covers the values from 5 (excluded) to 6 (excluded)");
  ExpectError("measure m = sum (match provider { acute => 1 }) of stays", "nothing covers `community`\n");
  ExpectError("measure m = sum (match provider { acute => 1 }) of stays", "= note: nor `\"mental health\"`");
  ExpectError(
      "measure m = count stays where (match admitted_on { below 2015-06-01 => true, over 2015-06-01 => false "
      "})",
      "nothing covers 2015-06-01");
  ExpectError(
      "measure m = count stays where (match admitted_on - 2015-04-01 { below 30 days => true, 31 days or "
      "more => false })",
      "nothing covers 30 days");
  ExpectError("measure m = count stays where (match age > 5 { true => true })", "nothing covers false");
  ExpectError("measure m = count stays where (match id { \"a\" => true })",
              "this `match` on an id has no `else`, but no list of cases can cover every possible value");
  // Without cases at all.
  ExpectError("measure m = sum (match age { }) of stays",
              "its cases leave values of `age` out: it has no cases");
}

TEST(MatchCheck, CoveredLinesNeedNoElse) {
  for (const char* body : {
           "measure m = sum (match age { below 18 => 1, 18 to 64 => 2, 65 or more => 3 }) of stays",
           "measure m = sum (match age { 5 or less => 1, 6 to 10 => 2, over 10 => 3 }) of stays",
           "measure m = sum (match score { below 5 => 1, 5 to below 7.5 => 2, 7.5 or more => 3 }) of stays",
           "measure m = sum (match provider { acute => 1, community, \"mental health\" => 2 }) of stays",
           "measure m = count stays where (match age > 5 { true => true, false => false })",
           "measure m = sum (match cost { below £0 => 0, £0 or more => 1 }) of stays",
           // A negative bound in brackets or after a comma; no comma between cases.
           "measure m = sum (match age { (-3) to 0 => 1 below -3 => 2, 1 or more => 3 }) of stays",
           // A duration result followed by a case that starts with a duration.
           "let d = match 31 days { 6 days or less, 37 days or more => 6 days 7 days to 36 days => 2 days }",
       }) {
    std::string out = CheckErrors(body);
    EXPECT_NE(out.find(": ok"), std::string::npos) << body << "\n" << out;
  }
}

TEST(MatchCheck, BoundsFitTheSubject) {
  ExpectError("measure m = sum (match age { 10 to 5 => 1, else => 0 }) of stays",
              "error[E0904]: `10 to 5` covers nothing: its first end is above its second");
  ExpectError("measure m = sum (match age { 5 to below 5 => 1, else => 0 }) of stays",
              "`5 to below 5` covers no whole number");
  ExpectError("measure m = sum (match age { 2.5 => 1, else => 0 }) of stays", "`2.5` covers no whole number");
  ExpectError("measure m = sum (match rate { below 50 => 1, else => 0 }) of stays",
              "error[E0904]: the cases of a `match` on a percentage must be a percentage too, but this is a "
              "whole number");
  ExpectError("measure m = sum (match cost { below 100 => 1, else => 0 }) of stays",
              "help: write `£100` for an amount of money");
  ExpectError("measure m = sum (match provider { acute to community => 1, else => 0 }) of stays",
              "`acute to community` is a range, but an enumeration has no order");
  ExpectError("measure m = sum (match provider { acute => 1, comunity => 2, else => 0 }) of stays",
              "error[E0311]: `comunity` is not one of the values of `provider`");
  ExpectError(
      "measure m = count stays where (match admitted_on - 2015-04-01 { below 3 months => true, else => false "
      "})",
      "must be a duration in days too, but this is a duration in months");
}

TEST(MatchCheck, ResultsShareOneType) {
  ExpectError(
      "measure m = sum (match age { below 65 => £1_335, 65 or more => 1_400 }) of stays",
      "error[E0903]: the cases of a `match` give one kind of value, but this is a whole number and the first "
      "is money");
  ExpectError("measure m = sum (match age { below 65 => £1_335, 65 or more => 1_400 }) of stays",
              "help: write `£1_400` for an amount of money");
  // Whole numbers and decimals mix as decimals.
  std::string out = CheckErrors("measure m = sum (match age { below 65 => 1, 65 or more => 2.5 }) of stays");
  EXPECT_NE(out.find(": ok"), std::string::npos) << out;
}

// ------------------------------------------------------------ both engines

constexpr const char* kRows =
    "id,admitted_on,provider,age,score,cost,rate,stay\n"
    "a,2015-05-01,acute,12,4.5,50,10%,3\n"
    "b,2015-06-01,community,40,,150,50%,\n"
    "c,2015-07-01,mental health,70,10.5,100,90%,12\n"
    "d,2015-08-01,acute,18,5,99.99,49.99%,30\n";

CsvRun RunBoth(const std::string& body, std::vector<std::string> extra = {}) {
  Scratch s;
  std::string contract = s.Write("c.ocf", std::string(kHeader) + body), data = s.Write("stays.csv", kRows);
  std::vector<std::string> args = {"run", contract, "--data", "stays=" + data};
  args.insert(args.end(), extra.begin(), extra.end());
  CsvRun run = RunOnBothEngines(args);
  // The JIT compiles the match itself: no fallback to the interpreter.
  args.insert(args.end(), {"--engine", "jit"});
  CliRun jit = RunOcf(args);
  EXPECT_EQ(jit.err.find("reference interpreter"), std::string::npos) << jit.err;
  return run;
}

TEST(MatchRun, BandsInRowsOnBothEngines) {
  CsvRun run = RunBoth(R"(
measure bands = sum (match age { below 18 => 1, 18 to 64 => 2, 65 or more => 3 }) of stays
measure tariff = sum (match cost { below £100 => £1, £100 or more => £2.50 }) of stays
measure scored = sum (match score { below 5 => 1, 5 to 10 => 2.5, over 10 => 4 }) of stays
measure shares = sum (match provider { acute => 60%, community => 30%, else => 10% }) of stays
measure rated = count stays where (match rate { below 50% => true, 50% or more => false })
measure stays_by = sum (match stay { 0 to 7 => 1, else => 10 }) of stays
measure early = count stays where (match admitted_on { below 2015-06-15 => true, else => false })
measure long = count stays where (match admitted_on - 2015-04-01 { 60 days or less => false, over 60 days => true })
)");
  ExpectRows(run, {
                      "measure,bands,,term,8,,",      // 1 + 2 + 3 + 2
                      "measure,tariff,,term,7,,",     // £1 + £2.50 + £2.50 + £1
                      "measure,scored,,term,7.5,,",   // 1 + (b missing) + 4 + 2.5
                      "measure,shares,,term,1.6,,",   // 60% + 30% + 10% + 60%
                      "measure,rated,,term,2,,",      // a, d
                      "measure,stays_by,,term,21,,",  // 1 + (b missing) + 10 + 10
                      "measure,early,,term,2,,",      // a, b
                      "measure,long,,term,3,,",       // b (61 days), c, d
                  });
}

TEST(MatchRun, ManyBandsTakeTheBinarySearch) {
  // 40 bands of five years each (more than the JIT compares with
  // immediates), over ints and over decimals.
  std::string ints, decimals;
  for (int k = 0; k < 40; ++k) {
    ints += std::to_string(k * 5) + " to " + std::to_string(k * 5 + 4) + " => " + std::to_string(k) + ", ";
    decimals +=
        std::to_string(k * 5) + " to below " + std::to_string(k * 5 + 5) + " => " + std::to_string(k) + ", ";
  }
  CsvRun run = RunBoth("measure a = sum (match age { below 0 => 100, " + ints +
                       "200 or more => 100 }) of stays\n"
                       "measure b = sum (match score { below 0 => 100, " +
                       decimals + "200 or more => 100 }) of stays\n");
  ExpectRows(run, {
                      "measure,a,,term,27,,",  // 12 -> 2, 40 -> 8, 70 -> 14, 18 -> 3
                      "measure,b,,term,3,,",   // 4.5 -> 0, 10.5 -> 2, 5 -> 1
                  });
}

TEST(MatchRun, PeriodsLetsAndPayments) {
  CsvRun run = RunBoth(R"(
input base : money "The base price"
let older = 65
measure n = count stays
measure price = match period_start { below 2016-04-01 => £1_335, 2016-04-01 or more => £1_400 }
measure size = match n { 0 => 0, 1 to 3 => 1, else => 2 }
measure olds = sum (match age { below older => 0, older or more => 1 }) of stays
function banded(k: int) : int = match k { below 4 => 1, 4 or more => 2 }
payment yearly {
  let band = banded(n)
  pay "Activity" = band * base + (match price { below £1_400 => £0, else => £1 })
}
)",
                       {"--set", "base=£100"});
  ExpectRows(run, {
                      "measure,price,,term,1335,,",
                      "measure,size,,term,2,,",  // four stays
                      "measure,olds,,term,1,,",  // c, at 70
                      "payment,Activity,,2015/16,200.00,,",
                  });
}

TEST(MatchRun, UncoveredValuesAreLocatedErrorsOnBothEngines) {
  Scratch s;
  std::string data = s.Write("stays.csv", kRows);
  // The bounds are lets: the cases are checked as the contract runs.
  std::string gap = s.Write("gap.ocf", std::string(kHeader) + R"(let cap = 70
measure m = sum (match age { below cap => 1, 71 or more => 2 }) of stays
)");
  std::string both = s.Write("both.ocf", std::string(kHeader) + R"(let cap = 70
measure m = sum (match age { below cap => 1, 40 or more => 2 }) of stays
)");
  for (const char* engine : kEngines) {
    CliRun run = RunOcf({"run", gap, "--data", "stays=" + data, "--engine", engine});
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find(":17:24: error[E0801]: no case of this `match` covers 70\n"), std::string::npos)
        << engine << ": " << run.err;
    EXPECT_NE(run.err.find("help: add a case that covers it, or `else => ...`"), std::string::npos)
        << run.err;
    run = RunOcf({"run", both, "--data", "stays=" + data, "--engine", engine});
    EXPECT_EQ(run.status, 1);
    EXPECT_NE(run.err.find(":17:46: error[E0801]: this case and an earlier one both cover 40\n"),
              std::string::npos)
        << engine << ": " << run.err;
  }
}

TEST(MatchRun, MissingSubjectsAndBoundsAndOnlyTheChosenResult) {
  CsvRun run = RunBoth(R"(
// A missing subject gives missing; a missing bound (b's stay) covers nothing.
measure a = sum (match age { below stay => 1, else => 2 }) of stays
measure b = count stays where (match score { below 5 => true, else => false }) is missing
// Only the chosen result is worked out: the other would overflow.
measure c = sum (match age { below 100 => 1, else => 9_223_372_036_854_775_807 * 2 }) of stays
)");
  ExpectRows(run, {
                      "measure,a,,term,7,,",  // a: 2, b: 2 (no stay), c: 2, d: 1 (18 below 30)
                      "measure,b,,term,1,,",  // b's score
                      "measure,c,,term,4,,",
                  });
}

TEST(MatchRun, DeepNestingAndThousandsOfCases) {
  // A match nested 60 deep in its results, and one of 3,000 cases: checked,
  // lowered and compiled in bounded time, and right.
  std::string nested = "0";
  for (int k = 0; k < 60; ++k)
    nested = "match age { below " + std::to_string(100 - k) + " => " + nested + ", else => 1 }";
  std::string wide;
  for (int k = 0; k < 3000; ++k) wide += std::to_string(k) + " => " + std::to_string(k % 7) + ", ";
  CsvRun run = RunBoth("measure deep = sum (" + nested + ") of stays\nmeasure wide = sum (match age { " +
                       wide + "else => 100 }) of stays\n");
  ExpectRows(run, {
                      "measure,deep,,term,1,,",   // only c (70) is not below 41
                      "measure,wide,,term,14,,",  // 12 % 7 + 40 % 7 + 70 % 7 + 18 % 7 = 5 + 5 + 0 + 4
                  });
}

}  // namespace
}  // namespace ocf
