// The parser against input nobody should write: it must come back with
// diagnostics, never crash, never hang. The time limit is only a hang guard;
// each of these takes well under a second in a release build.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <random>
#include <string>

#include "compiler/parse/parse.h"

namespace ocf {
namespace {

#if defined(__SANITIZE_ADDRESS__) || !defined(NDEBUG)
// Unoptimised, instrumented builds (the `dev` preset) run the generated parser
// several times slower; the guard is still only there to catch a hang.
constexpr double kHangGuardSeconds = 30.0;
#else
// About 2.5 s for the largest input on an idle core, and twice that on a
// shared 2-core machine running another build: a hang or a quadratic parse
// of 200,000 terms takes minutes, so 15 s still catches one without failing
// on load.
constexpr double kHangGuardSeconds = 15.0;
#endif

struct Outcome {
  ParseResult result;
  double seconds = 0;
  bool Has(const char* code) const {
    for (const Diagnostic& d : result.diagnostics.diagnostics()) {
      if (Info(d.code).code == code) return true;
    }
    return false;
  }
};

Outcome ParseTimed(const std::string& bytes, ParseLimits limits = {}) {
  SourceFile source("hostile.ocf", bytes);
  auto start = std::chrono::steady_clock::now();
  Outcome out;
  out.result = Parse(source, 0, limits);
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (getenv("OCF_PRINT_TIMES")) std::cerr << out.seconds << "s " << bytes.substr(0, 30) << "\n";
  return out;
}

std::string Repeat(const std::string& piece, size_t n) {
  std::string out;
  out.reserve(piece.size() * n);
  for (size_t i = 0; i < n; ++i) out += piece;
  return out;
}

TEST(HostileInput, HundredThousandNestedParentheses) {
  Outcome o = ParseTimed("let x = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n");
  EXPECT_TRUE(o.result.diagnostics.has_errors());
  EXPECT_TRUE(o.Has("E0106"));
  EXPECT_EQ(o.result.diagnostics.error_count(), 1u);
  EXPECT_LT(o.seconds, kHangGuardSeconds);
}

TEST(HostileInput, UnbalancedOpenParentheses) {
  Outcome o = ParseTimed(std::string(100000, '('));
  EXPECT_TRUE(o.Has("E0106"));
  EXPECT_LT(o.seconds, kHangGuardSeconds);
}

TEST(HostileInput, RandomBinaryBytes) {
  std::mt19937 random(20140401);
  std::uniform_int_distribution<int> byte(0, 255);
  std::string bytes;
  for (int i = 0; i < 200000; ++i) bytes += static_cast<char>(byte(random));
  Outcome o = ParseTimed(bytes);
  EXPECT_TRUE(o.result.diagnostics.has_errors());
  EXPECT_TRUE(o.Has("E0101"));
  // However much junk, the number of errors is capped.
  EXPECT_LE(o.result.diagnostics.error_count(), static_cast<size_t>(ParseLimits{}.max_errors) + 1);
  EXPECT_LT(o.seconds, kHangGuardSeconds);
}

TEST(HostileInput, RandomLanguageTokens) {
  // Shuffled pieces of the language reach much further into the parser than bytes do.
  const char* pieces[] = {
      "measure", "data",       "{",      "}",          "(",        ")",         "x",    "=",
      "1",       "+",          "-",      "not",        "if",       "then",      "else", "^",
      "where",   "count",      "of",     "95%",        "£1m",      "\"t\"",     "\n",   ",",
      "tiered",  "first",      "at",     "rest",       "payment",  "pay",       "let",  "test",
      "given",   "| a | b |",  "expect", "2014-02-30", "1.5",      "days",      "90th", "percentile",
      "sum",     "population", "in",     "is",         "missing",  "otherwise", "and",  "or",
      "?",       ":",          "one",    "key",        "contract", "term",      "to"};
  std::mt19937 random(7);
  std::uniform_int_distribution<size_t> pick(0, std::size(pieces) - 1);
  for (int round = 0; round < 20; ++round) {
    std::string text;
    for (int i = 0; i < 5000; ++i) text += std::string(pieces[pick(random)]) + " ";
    Outcome o = ParseTimed(text);
    EXPECT_TRUE(o.result.diagnostics.has_errors()) << "round " << round;
    EXPECT_LT(o.seconds, kHangGuardSeconds) << "round " << round;
  }
}

TEST(HostileInput, UnterminatedString) {
  Outcome o = ParseTimed("contract \"never closed {\n  commissioner \"x\"\n}\n");
  EXPECT_TRUE(o.Has("E0103"));
  Outcome at_end = ParseTimed("let x = \"" + std::string(100000, 'a'));
  EXPECT_TRUE(at_end.Has("E0103"));
  EXPECT_LT(at_end.seconds, kHangGuardSeconds);
}

TEST(HostileInput, UnterminatedComment) {
  Outcome o = ParseTimed("let x = 1\n/* " + Repeat("measure y = ( ", 10000));
  EXPECT_TRUE(o.Has("E0104"));
  EXPECT_EQ(o.result.diagnostics.error_count(), 1u);
  EXPECT_EQ(o.result.file.decls.size(), 1u);
  EXPECT_LT(o.seconds, kHangGuardSeconds);
}

TEST(HostileInput, FiveThousandDigitNumber) {
  Outcome o = ParseTimed("let x = " + std::string(5000, '7') + "\n");
  EXPECT_TRUE(o.Has("E0109"));
  const Diagnostic& d = o.result.diagnostics.diagnostics().at(0);
  EXPECT_LT(d.message.size(), 120u) << "the message quotes the whole number";
  Outcome fraction = ParseTimed("let x = 0." + std::string(5000, '7') + "\n");
  EXPECT_TRUE(fraction.Has("E0114"));
  Outcome percent = ParseTimed("let x = " + std::string(5000, '1') + "%\n");
  EXPECT_TRUE(percent.Has("E0109"));
  EXPECT_LT(std::max({o.seconds, fraction.seconds, percent.seconds}), kHangGuardSeconds);
}

TEST(HostileInput, OneMegabyteLine) {
  Outcome junk = ParseTimed(std::string(1 << 20, '@'));
  EXPECT_TRUE(junk.Has("E0102"));
  EXPECT_EQ(junk.result.diagnostics.error_count(), 1u);
  EXPECT_LT(junk.seconds, kHangGuardSeconds);

  Outcome word = ParseTimed("let x = " + std::string(1 << 20, 'a') + " b\n");
  EXPECT_TRUE(word.result.diagnostics.has_errors());
  EXPECT_LT(word.seconds, kHangGuardSeconds);

  Outcome names = ParseTimed("measure m = " + Repeat("a ", 1 << 19));
  EXPECT_TRUE(names.Has("E0105"));
  EXPECT_LT(names.seconds, kHangGuardSeconds);
}

TEST(HostileInput, EmptyFile) {
  Outcome o = ParseTimed("");
  EXPECT_FALSE(o.result.diagnostics.has_errors());
  EXPECT_TRUE(o.result.file.decls.empty());
  EXPECT_EQ(o.result.file.node_count, 1u);
  Outcome bom = ParseTimed("\xEF\xBB\xBF");
  EXPECT_FALSE(bom.result.diagnostics.has_errors());
}

TEST(HostileInput, InvalidUtf8) {
  Outcome o = ParseTimed("let x\xC0\xAF = \"\xED\xA0\x80\" + \xF5\x80\n");
  EXPECT_TRUE(o.Has("E0101"));
  EXPECT_TRUE(o.result.diagnostics.has_errors());
  Outcome many = ParseTimed(std::string(100000, '\xFE'));
  EXPECT_TRUE(many.Has("E0101"));
  EXPECT_LE(many.result.diagnostics.error_count(), 10u);
  EXPECT_LT(many.seconds, kHangGuardSeconds);
}

TEST(HostileInput, HundredThousandMinusSigns) {
  Outcome o = ParseTimed("let x = " + std::string(100000, '-') + "1\n");
  EXPECT_TRUE(o.Has("E0106"));
  EXPECT_LT(o.seconds, kHangGuardSeconds);
  Outcome bare = ParseTimed(std::string(100000, '-'));
  EXPECT_TRUE(bare.result.diagnostics.has_errors());
  EXPECT_LT(bare.seconds, kHangGuardSeconds);
}

TEST(HostileInput, OtherDeepShapes) {
  std::string nots = "let x = " + Repeat("not ", 100000) + "a\n";
  std::string powers = "let x = 2" + Repeat(" ^ 2", 100000) + "\n";
  std::string ifs = "let x = " + Repeat("if a then 1 else ", 100000) + "0\n";
  std::string wheres = "let x = " + Repeat("count p where ", 100000) + "a\n";
  std::string sums = "let x = " + Repeat("sum ", 100000) + "a" + Repeat(" of p", 100000) + "\n";
  std::string braces = "payment yearly " + Repeat("{ pay \"a\" = tiered(x) ", 100000) + "\n";
  std::string mixed = "let x = " + Repeat("-(not [", 50000) + "\n";
  // Soft keywords are names inside an expression; they must not reset the count.
  std::string soft = "let x = 2" + Repeat(" ^ first ^ to ^ population ^ at", 25000) + "\n";
  std::string signs = "let x = " + Repeat("- first - ", 50000) + "\n";
  for (const std::string& text : {nots, powers, ifs, wheres, sums, braces, mixed, soft, signs}) {
    Outcome o = ParseTimed(text);
    EXPECT_TRUE(o.result.diagnostics.has_errors()) << text.substr(0, 40);
    EXPECT_LT(o.seconds, kHangGuardSeconds) << text.substr(0, 40);
  }
}

// Decision tables nested in their subjects, their results and their bounds,
// and one with a hundred thousand cases: reported or parsed, never a crash.
TEST(HostileInput, DeeplyNestedMatch) {
  std::string results = "let x = " + Repeat("match a { 1 => ", 100000) + "0" + Repeat(" }", 100000) + "\n";
  std::string subjects =
      "let x = " + Repeat("match ", 100000) + "a" + Repeat(" { else => 1 }", 100000) + "\n";
  std::string bounds = "let x = " + Repeat("match a { (", 50000) + "1" + Repeat(") => 1 }", 50000) + "\n";
  std::string unclosed = "let x = " + Repeat("match a { below ", 100000) + "\n";
  for (const std::string& text : {results, subjects, bounds, unclosed}) {
    Outcome o = ParseTimed(text);
    EXPECT_TRUE(o.Has("E0106")) << text.substr(0, 40);
    EXPECT_LT(o.seconds, kHangGuardSeconds) << text.substr(0, 40);
  }
  Outcome wide = ParseTimed("let x = match a {" + Repeat(" 1 to 2 => 3,", 100000) + " else => 0 }\n");
  EXPECT_FALSE(wide.result.diagnostics.has_errors());
  EXPECT_LT(wide.seconds, kHangGuardSeconds);
}

TEST(HostileInput, DeeplyNestedLinks) {
  // Each `exists ... where` opens a condition inside the last: the parser's
  // nesting limit stops it with one error (the checker's E0907 for a link in
  // a link is tests/unit/links_test.cc's).
  for (const char* link :
       {"exists u as v on k where ", "count u on k = j where ", "exists u on k where v.a = "}) {
    Outcome o = ParseTimed("measure x = count t where " + Repeat(link, 100000) + "a\n");
    EXPECT_TRUE(o.Has("E0106")) << link;
    EXPECT_EQ(o.result.diagnostics.error_count(), 1u) << link;
    EXPECT_LT(o.seconds, kHangGuardSeconds) << link;
  }
}

TEST(HostileInput, TwoHundredThousandTermSum) {
  Outcome o = ParseTimed("let x = 1" + Repeat("+1", 200000) + "\n");
  EXPECT_TRUE(o.Has("E0106"));
  EXPECT_EQ(o.result.diagnostics.error_count(), 1u);
  EXPECT_LT(o.seconds, kHangGuardSeconds);
  Outcome ands = ParseTimed("let x = a" + Repeat(" and a", 200000) + "\n");
  EXPECT_TRUE(ands.Has("E0106"));
  EXPECT_LT(ands.seconds, kHangGuardSeconds);
  Outcome postfix = ParseTimed("let x = a" + Repeat(" as percent", 100000) + "\n");
  EXPECT_TRUE(postfix.Has("E0106"));
  EXPECT_LT(postfix.seconds, kHangGuardSeconds);
}

TEST(HostileInput, ManyErrorsStopAtTheCap) {
  Outcome o = ParseTimed(Repeat("measure m = )\n", 100000));
  EXPECT_TRUE(o.Has("E0107"));
  EXPECT_EQ(o.result.diagnostics.error_count(), static_cast<size_t>(ParseLimits{}.max_errors) + 1);
  EXPECT_LT(o.seconds, kHangGuardSeconds);
}

// Every diagnostic must point inside the file (or just past its end).
void ExpectSpansInside(const Outcome& o, uint32_t size, const std::string& text) {
  for (const Diagnostic& d : o.result.diagnostics.diagnostics()) {
    EXPECT_LE(d.span.begin, d.span.end) << d.message << "\n" << text;
    EXPECT_LE(d.span.end, size) << d.message << "\n" << text;
    for (const DiagNote& n : d.notes) {
      if (n.span) {
        EXPECT_LE(n.span->end, size) << n.message;
      }
    }
  }
}

TEST(HostileInput, MutatedContracts) {
  // A real contract with tokens deleted, duplicated and swapped: the parser
  // meets every kind of half-finished construct on the way.
  const std::string base = R"(contract "C" {
  commissioner "NHS"
  provider "P"
  term 2014-04-01 to 2019-03-31
  periods quarterly
}
data referrals "R" dated by referred_on {
  referral_id : id key
  referred_on : date
  seen_on : date?
  pathway : one of (physio, "day case")
  check seen_on >= referred_on "seen after referral"
}
population adults = referrals where age >= 18 and pathway in (physio, "day case")
measure seen "Seen" : percent by pathway = percent of adults where seen_on <= referred_on + 18 weeks
measure waits = 90th percentile days(seen_on - referred_on) of adults where seen_on is present
function capped(x: money, cap: money): money = if x > cap then cap else -x ^ 2 otherwise £0
target seen from 40% to 90%
outcome access "Access" weight 100% {
  seen weight 100%
}
payment yearly {
  let budget = £26.5m * (100% + 1.3%) ^ (contract_year - 1)
  pay "Fee" = tiered(budget) { first £1m at 100%, next £2m at 50%, rest at 0% }
  pay "Incentive" = 5% * budget * achievement of access
}
test "t" {
  given referrals {
    | referral_id | referred_on |
    | r1          | 2014-05-01  |
  }
  set x = 1000
  expect seen for "physio" = 100% in "2014/15 Q1"
  expect payment total = £1_000.50
}
)";
  std::vector<std::string> words;
  for (size_t i = 0; i < base.size();) {
    size_t j = base.find_first_of(" \n", i);
    if (j == std::string::npos) j = base.size();
    words.push_back(base.substr(i, j + 1 - i));
    i = j + 1;
  }
  Outcome original = ParseTimed(base);
  EXPECT_FALSE(original.result.diagnostics.has_errors());
  std::mt19937 random(42);
  for (int round = 0; round < 400; ++round) {
    std::vector<std::string> w = words;
    for (int edits = 1 + round % 4; edits > 0; --edits) {
      if (w.size() < 2) break;
      std::uniform_int_distribution<size_t> pick(0, w.size() - 1);
      size_t a = pick(random), b = pick(random);
      switch (random() % 3) {
        case 0:
          w.erase(w.begin() + static_cast<long>(a));
          break;
        case 1:
          w.insert(w.begin() + static_cast<long>(a), w[b]);
          break;
        default:
          std::swap(w[a], w[b]);
          break;
      }
    }
    std::string text;
    for (const std::string& piece : w) text += piece;
    Outcome o = ParseTimed(text);
    ExpectSpansInside(o, SourceFile("m.ocf", text).size_in_code_points(), text);
    EXPECT_TRUE(o.result.diagnostics.has_errors() || !o.result.file.decls.empty()) << text;
    EXPECT_LT(o.seconds, kHangGuardSeconds);
  }
}

TEST(HostileInput, NulAndControlCharacters) {
  std::string text = "let x = 1";
  text += '\0';
  text += "\x01\x02\x1b[31m + 2\n";
  Outcome o = ParseTimed(text);
  EXPECT_TRUE(o.Has("E0102"));
  EXPECT_EQ(o.result.file.decls.size(), 1u);
}

}  // namespace
}  // namespace ocf
