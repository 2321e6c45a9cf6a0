// Decimal and the int helpers on hand-checked cases: the boundary cases of
// LANGUAGE.md §2, realistic contract values, ties and overflow at the edges.
// Every expected value was worked out by hand or with Python's exact
// fractions, never taken from this code's output. decimal_vectors_test.cc
// adds hundreds of random cases.
#include "runtime/decimal.h"

#include <gtest/gtest.h>

namespace ocf {
namespace {

Decimal D(const char* text) {
  std::optional<Decimal> d = Decimal::Parse(text);
  EXPECT_TRUE(d) << text;
  return d.value_or(Decimal());
}

// The value as text, or the error, so a failure shows both sides.
std::string Show(const Result<Decimal>& r) {
  if (r) return r->ToString();
  return r.error() == ArithError::Overflow ? "overflow" : "division by zero";
}
std::string Show(const Result<int64_t>& r) {
  if (r) return std::to_string(*r);
  return r.error() == ArithError::Overflow ? "overflow" : "division by zero";
}

const Decimal kUnit = Decimal::FromUnits(1);  // 10^-18

TEST(Decimal, ParsesAndPrintsExactly) {
  EXPECT_EQ(Decimal::Parse("3.25")->ToString(), "3.25");
  EXPECT_EQ(Decimal::Parse("1_000_000")->ToString(), "1000000");
  EXPECT_EQ(Decimal::Parse("95", -2)->ToString(), "0.95");
  EXPECT_EQ(Decimal::Parse("26.5", 6)->ToString(), "26500000");
  EXPECT_EQ(Decimal::Parse("-0.5")->ToString(), "-0.5");
  EXPECT_EQ(Decimal::Parse("0.000000000000000001")->ToString(), "0.000000000000000001");
  // 2^127 - 1 and -2^127 units.
  EXPECT_EQ(Decimal::Max().ToString(), "170141183460469231731.687303715884105727");
  EXPECT_EQ(Decimal::Min().ToString(), "-170141183460469231731.687303715884105728");
  EXPECT_EQ(Decimal::Parse("170141183460469231731.687303715884105727"), Decimal::Max());
  EXPECT_EQ(Decimal::Parse("-170141183460469231731.687303715884105728"), Decimal::Min());
}

TEST(Decimal, RejectsWhatItCannotHoldExactly) {
  Decimal::ParseError e;
  EXPECT_FALSE(Decimal::Parse(std::string(5000, '9'), 0, &e));
  EXPECT_EQ(e, Decimal::ParseError::TooLarge);
  EXPECT_FALSE(Decimal::Parse("0.0000000000000000001", 0, &e));
  EXPECT_EQ(e, Decimal::ParseError::TooManyDecimals);
  EXPECT_FALSE(Decimal::Parse("1__0", 0, &e));
  EXPECT_EQ(e, Decimal::ParseError::Syntax);
  // Trailing zeros beyond the scale are not lost precision.
  EXPECT_EQ(Decimal::Parse("0.5000000000000000000000")->ToString(), "0.5");
  // One unit past either end.
  EXPECT_FALSE(Decimal::Parse("170141183460469231731.687303715884105728", 0, &e));
  EXPECT_EQ(e, Decimal::ParseError::TooLarge);
  EXPECT_FALSE(Decimal::Parse("-170141183460469231731.687303715884105729", 0, &e));
  EXPECT_EQ(e, Decimal::ParseError::TooLarge);
}

TEST(Decimal, AddAndSubAreExactAndDetectOverflow) {
  EXPECT_EQ(Show(Decimal::Add(D("0.1"), D("0.2"))), "0.3");
  EXPECT_EQ(Show(Decimal::Sub(D("0.1"), D("0.3"))), "-0.2");
  EXPECT_EQ(Show(Decimal::Add(Decimal::Max(), kUnit)), "overflow");
  EXPECT_EQ(Show(Decimal::Sub(Decimal::Min(), kUnit)), "overflow");
  EXPECT_EQ(Show(Decimal::Sub(D("0"), Decimal::Min())), "overflow");
  EXPECT_EQ(Decimal::Add(Decimal::Max(), Decimal::Min())->units(), -1);
  EXPECT_EQ(Decimal::Add(Decimal::Max(), kUnit).error(), ArithError::Overflow);
}

TEST(Decimal, NegAndAbsOverflowOnlyAtMin) {
  EXPECT_EQ(Show(Decimal::Neg(D("2.5"))), "-2.5");
  EXPECT_EQ(Show(Decimal::Neg(D("-2.5"))), "2.5");
  EXPECT_EQ(Show(Decimal::Neg(D("0"))), "0");
  EXPECT_EQ(Show(Decimal::Abs(D("-0.01"))), "0.01");
  EXPECT_EQ(*Decimal::Neg(Decimal::Max()), Decimal::FromUnits(-Decimal::Max().units()));
  EXPECT_EQ(*Decimal::Abs(Decimal::FromUnits(-Decimal::Max().units())), Decimal::Max());
  EXPECT_EQ(Show(Decimal::Neg(Decimal::Min())), "overflow");
  EXPECT_EQ(Show(Decimal::Abs(Decimal::Min())), "overflow");
}

TEST(Decimal, NineteenOfTwentyIsExactlyNinetyFivePercent) {
  EXPECT_EQ(*IntDiv(19, 20), D("0.95"));
  EXPECT_EQ(*Decimal::Div(D("19"), D("20")), D("0.95"));
  EXPECT_EQ(Decimal::Div(D("19"), D("20"))->units(), static_cast<__int128>(950'000'000'000'000'000));
  // ... and so it meets a 95% target exactly.
  EXPECT_TRUE(*IntDiv(19, 20) >= *Decimal::Parse("95", -2));
}

TEST(Decimal, DivisionRoundsHalfToEvenAtEighteenDigits) {
  EXPECT_EQ(Show(IntDiv(1, 3)), "0.333333333333333333");
  EXPECT_EQ(Show(IntDiv(2, 3)), "0.666666666666666667");
  EXPECT_EQ(Show(IntDiv(-2, 3)), "-0.666666666666666667");
  EXPECT_EQ(Show(IntDiv(2, -3)), "-0.666666666666666667");
  EXPECT_EQ(Show(IntDiv(-2, -3)), "0.666666666666666667");
  EXPECT_EQ(Show(Decimal::Div(D("1"), D("1.1"))), "0.909090909090909091");
  // Exact ties at the 19th digit go to the even neighbour, both ways, and
  // symmetrically for negative quotients.
  EXPECT_EQ(Show(Decimal::Div(kUnit, D("2"))), "0");                                         // 0.5 units
  EXPECT_EQ(Show(Decimal::Div(D("0.000000000000000003"), D("2"))), "0.000000000000000002");  // 1.5
  EXPECT_EQ(Show(Decimal::Div(D("0.000000000000000005"), D("2"))), "0.000000000000000002");  // 2.5
  EXPECT_EQ(Show(Decimal::Div(D("-0.000000000000000003"), D("2"))), "-0.000000000000000002");
  EXPECT_EQ(Show(Decimal::Div(D("-0.000000000000000005"), D("2"))), "-0.000000000000000002");
  EXPECT_EQ(Show(Decimal::Div(D("0.000000000000000005"), D("-10"))), "0");
  // Just past a tie rounds away from it.
  EXPECT_EQ(Show(Decimal::Div(D("0.000000000000000005"), D("1.999999999999999999"))), "0.000000000000000003");
}

TEST(Decimal, DivisionByZeroIsItsOwnError) {
  EXPECT_EQ(Show(Decimal::Div(D("1"), D("0"))), "division by zero");
  EXPECT_EQ(Show(Decimal::Div(D("0"), D("0"))), "division by zero");
  EXPECT_EQ(Show(Decimal::Div(Decimal::Min(), D("0"))), "division by zero");
  EXPECT_EQ(Decimal::Div(D("1"), D("0")).error(), ArithError::DivisionByZero);
  EXPECT_EQ(Show(IntDiv(5, 0)), "division by zero");
}

TEST(Decimal, DivisionOverflowsAtTheEdges) {
  EXPECT_EQ(Show(Decimal::Div(Decimal::Min(), D("-1"))), "overflow");
  EXPECT_EQ(*Decimal::Div(Decimal::Min(), D("1")), Decimal::Min());
  EXPECT_EQ(*Decimal::Div(Decimal::Max(), D("1")), Decimal::Max());
  EXPECT_EQ(*Decimal::Div(Decimal::Max(), D("-1")), *Decimal::Neg(Decimal::Max()));
  EXPECT_EQ(Show(Decimal::Div(Decimal::Max(), D("0.1"))), "overflow");
  EXPECT_EQ(Show(Decimal::Div(D("1"), kUnit)), "1000000000000000000");
  EXPECT_EQ(Show(Decimal::Div(D("100"), kUnit)), "100000000000000000000");
  EXPECT_EQ(Show(Decimal::Div(D("1000"), kUnit)), "overflow");
  EXPECT_EQ(Show(Decimal::Div(D("1000000"), kUnit)), "overflow");
  // Max / 10, exactly, rounded at the last digit (…105727 / 10 = …1057272.7).
  EXPECT_EQ(Show(Decimal::Div(Decimal::Max(), D("10"))), "17014118346046923173.168730371588410573");
}

TEST(Decimal, MultiplicationIsExactForContractValues) {
  Decimal budget = D("26500000");
  // 2.5% of £26.5m.
  EXPECT_EQ(Decimal::Mul(*Decimal::Parse("2.5", -2), budget)->ToString(2), "662500.00");
  EXPECT_EQ(Show(Decimal::Mul(*Decimal::Parse("95", -2), budget)), "25175000");
  // 1.013^2 = 1.026169 and 1.026169^2 = 1 + 2 * 0.026169 + 0.026169^2
  // = 1 + 0.052338 + 0.000684816561 = 1.053022816561 (26169^2 = 684816561).
  Decimal uplift = *Decimal::Mul(D("1.013"), D("1.013"));
  EXPECT_EQ(uplift.ToString(), "1.026169");
  uplift = *Decimal::Mul(uplift, uplift);
  EXPECT_EQ(uplift.ToString(), "1.053022816561");
  // 26.5m * 0.053022816561 = 53022816561 * 26.5 / 10^6 = 1405104.6388665,
  // so the indexed budget is 26500000 + 1405104.6388665.
  Result<Decimal> indexed = Decimal::Mul(budget, uplift);
  EXPECT_EQ(Show(indexed), "27905104.6388665");
  EXPECT_EQ(indexed->RoundHalfAwayFromZero(2)->ToString(), "27905104.64");
  EXPECT_EQ(Show(Decimal::Mul(D("-1.5"), D("2"))), "-3");
  EXPECT_EQ(Show(Decimal::Mul(D("-1.5"), D("-0.5"))), "0.75");
  EXPECT_EQ(Show(Decimal::Mul(D("0"), Decimal::Min())), "0");
  // 18 + 18 digits: exact whenever the product has at most 18.
  EXPECT_EQ(Show(Decimal::Mul(D("0.000000001"), D("0.000000001"))), "0.000000000000000001");
  EXPECT_EQ(Show(Decimal::Mul(D("0.5"), D("0.000000000000000002"))), "0.000000000000000001");
}

TEST(Decimal, MultiplicationRoundsHalfToEvenPastEighteenDigits) {
  // (1/3 at 18 digits)^2 = 0.111111111111111110|888... rounds up.
  EXPECT_EQ(Show(Decimal::Mul(D("0.333333333333333333"), D("0.333333333333333333"))), "0.111111111111111111");
  // 0.666666666666666667^2 = 0.444444444444444444|888...9 rounds up.
  EXPECT_EQ(Show(Decimal::Mul(D("0.666666666666666667"), D("0.666666666666666667"))), "0.444444444444444445");
  // Exact ties: 0.5, 1.5 and 2.5 units.
  EXPECT_EQ(Show(Decimal::Mul(D("0.000000001"), D("0.0000000005"))), "0");
  EXPECT_EQ(Show(Decimal::Mul(D("0.000000003"), D("0.0000000005"))), "0.000000000000000002");
  EXPECT_EQ(Show(Decimal::Mul(D("0.000000005"), D("0.0000000005"))), "0.000000000000000002");
  EXPECT_EQ(Show(Decimal::Mul(D("-0.000000003"), D("0.0000000005"))), "-0.000000000000000002");
  EXPECT_EQ(Show(Decimal::Mul(D("0.000000005"), D("-0.0000000005"))), "-0.000000000000000002");
}

TEST(Decimal, MultiplicationOverflowsAtTheEdges) {
  EXPECT_EQ(*Decimal::Mul(Decimal::Max(), D("1")), Decimal::Max());
  EXPECT_EQ(*Decimal::Mul(Decimal::Min(), D("1")), Decimal::Min());
  EXPECT_EQ(*Decimal::Mul(Decimal::Max(), D("-1")), *Decimal::Neg(Decimal::Max()));
  EXPECT_EQ(Show(Decimal::Mul(Decimal::Min(), D("-1"))), "overflow");
  EXPECT_EQ(Show(Decimal::Mul(Decimal::Max(), D("2"))), "overflow");
  EXPECT_EQ(Show(Decimal::Mul(Decimal::Max(), Decimal::Max())), "overflow");
  EXPECT_EQ(Show(Decimal::Mul(Decimal::Min(), Decimal::Min())), "overflow");
  EXPECT_EQ(Show(Decimal::Mul(D("10000000000"), D("10000000000"))), "100000000000000000000");
  EXPECT_EQ(Show(Decimal::Mul(D("10000000000"), D("-100000000000"))), "overflow");
  // Max * 0.5 = ...0.8436518579420528635 (odd units / 2): a tie, to even.
  EXPECT_EQ(Show(Decimal::Mul(Decimal::Max(), D("0.5"))), "85070591730234615865.843651857942052864");
}

TEST(Decimal, MoneyRoundsHalfAwayFromZero) {
  auto round2 = [](const char* s) { return Show(D(s).RoundHalfAwayFromZero(2)); };
  EXPECT_EQ(round2("2.675"), "2.68");
  EXPECT_EQ(round2("-2.675"), "-2.68");
  EXPECT_EQ(round2("0.005"), "0.01");
  EXPECT_EQ(round2("-0.005"), "-0.01");
  EXPECT_EQ(round2("1.325"), "1.33");
  EXPECT_EQ(round2("2.674999999999999999"), "2.67");
  EXPECT_EQ(round2("0.004999999999999999"), "0");
  EXPECT_EQ(round2("662500"), "662500");
  // round(x, places) also takes 0 and negative places.
  EXPECT_EQ(Show(D("2.5").RoundHalfAwayFromZero(0)), "3");
  EXPECT_EQ(Show(D("-2.5").RoundHalfAwayFromZero(0)), "-3");
  EXPECT_EQ(Show(D("1250").RoundHalfAwayFromZero(-2)), "1300");
  EXPECT_EQ(Show(D("1249.99").RoundHalfAwayFromZero(-2)), "1200");
  EXPECT_EQ(Show(D("0.123").RoundHalfAwayFromZero(18)), "0.123");
  EXPECT_EQ(Show(D("0.123").RoundHalfAwayFromZero(1000)), "0.123");
  EXPECT_EQ(Show(D("0.5").RoundHalfAwayFromZero(-1000)), "0");
  // 10^38 units rounds half away at 10^20: the first place past the range.
  EXPECT_EQ(Show(D("50000000000000000000").RoundHalfAwayFromZero(-20)), "100000000000000000000");
  EXPECT_EQ(Show(Decimal::Max().RoundHalfAwayFromZero(-20)), "overflow");
  EXPECT_EQ(Show(Decimal::Max().RoundHalfAwayFromZero(-21)), "0");
  // Rounding up past the largest value is an overflow, not a wrap.
  EXPECT_EQ(Show(Decimal::Max().RoundHalfAwayFromZero(0)), "overflow");
  EXPECT_EQ(Show(Decimal::Min().RoundHalfAwayFromZero(0)), "overflow");
  // Max() is ...731.687303715884105727: .7 and .69 are past it, .687 is not.
  EXPECT_EQ(Show(Decimal::Max().RoundHalfAwayFromZero(1)), "overflow");
  EXPECT_EQ(Show(Decimal::Max().RoundHalfAwayFromZero(2)), "overflow");
  EXPECT_EQ(Show(Decimal::Max().RoundHalfAwayFromZero(3)), "170141183460469231731.687");
  EXPECT_EQ(Show(Decimal::Min().RoundHalfAwayFromZero(-1)), "-170141183460469231730");
}

TEST(Decimal, RoundHalfEvenGoesToTheEvenNeighbour) {
  auto round2 = [](const char* s) { return Show(D(s).RoundHalfEven(2)); };
  EXPECT_EQ(round2("0.125"), "0.12");
  EXPECT_EQ(round2("0.135"), "0.14");
  EXPECT_EQ(round2("-0.125"), "-0.12");
  EXPECT_EQ(round2("-0.135"), "-0.14");
  EXPECT_EQ(round2("2.675"), "2.68");
  EXPECT_EQ(round2("2.665"), "2.66");
  EXPECT_EQ(round2("2.665000000000000001"), "2.67");
  EXPECT_EQ(Show(D("0.5").RoundHalfEven(0)), "0");
  EXPECT_EQ(Show(D("1.5").RoundHalfEven(0)), "2");
  EXPECT_EQ(Show(D("-2.5").RoundHalfEven(0)), "-2");
  EXPECT_EQ(Show(Decimal::Max().RoundHalfEven(0)), "overflow");
}

TEST(Decimal, ToStringWithDigitsRoundsHalfAwayFromZero) {
  EXPECT_EQ(D("2.675").ToString(2), "2.68");
  EXPECT_EQ(D("-2.675").ToString(2), "-2.68");
  EXPECT_EQ(D("1").ToString(2), "1.00");
  EXPECT_EQ(D("0.5").ToString(0), "1");
  EXPECT_EQ(D("-0.5").ToString(0), "-1");
  EXPECT_EQ(D("0.49").ToString(0), "0");
  EXPECT_EQ(D("-0.001").ToString(2), "0.00");  // no negative zero
  EXPECT_EQ(D("-12.3").ToString(-1), "-12");   // negative counts as 0
  EXPECT_EQ(D("1.5").ToString(20), "1.50000000000000000000");
  EXPECT_EQ(D("-0.000000000000000001").ToString(18), "-0.000000000000000001");
  // Printing never overflows, even where rounding the value would.
  EXPECT_EQ(Decimal::Max().ToString(0), "170141183460469231732");
  EXPECT_EQ(Decimal::Min().ToString(2), "-170141183460469231731.69");
}

TEST(Decimal, PowersOfExactValuesAreExact) {
  // 1.013^4: see MultiplicationIsExactForContractValues.
  EXPECT_EQ(Show(Decimal::Pow(D("1.013"), 4)), "1.053022816561");
  EXPECT_EQ(Show(Decimal::Pow(D("1.013"), 1)), "1.013");
  EXPECT_EQ(Show(Decimal::Pow(D("-2"), 3)), "-8");
  EXPECT_EQ(Show(Decimal::Pow(D("-2"), 4)), "16");
  EXPECT_EQ(Show(Decimal::Pow(D("0.5"), 18)), "0.000003814697265625");  // 5^18 / 10^18
  EXPECT_EQ(Show(Decimal::Pow(D("10"), 20)), "100000000000000000000");
  // x^0 is 1 for every x, 0 and the extremes included.
  EXPECT_EQ(Show(Decimal::Pow(D("0"), 0)), "1");
  EXPECT_EQ(Show(Decimal::Pow(Decimal::Min(), 0)), "1");
  EXPECT_EQ(Show(Decimal::Pow(D("0"), 7)), "0");
  EXPECT_EQ(Show(Decimal::Pow(D("1"), INT64_MAX)), "1");
  EXPECT_EQ(Show(Decimal::Pow(D("-1"), INT64_MAX)), "-1");
  EXPECT_EQ(Show(Decimal::Pow(D("-1"), INT64_MIN)), "1");
}

TEST(Decimal, NegativePowersRoundOnce) {
  EXPECT_EQ(Show(Decimal::Pow(D("2"), -1)), "0.5");
  EXPECT_EQ(Show(Decimal::Pow(D("-2"), -3)), "-0.125");
  EXPECT_EQ(Show(Decimal::Pow(D("3"), -1)), "0.333333333333333333");
  // 1 / 1.053022816561 = 0.949647039240646434|98... (Python, exact fractions).
  EXPECT_EQ(Show(Decimal::Pow(D("1.013"), -4)), "0.949647039240646435");
  // 2^-60 = 0.867... units rounds up to one unit; 2^-61 (0.43) to zero.
  EXPECT_EQ(Show(Decimal::Pow(D("2"), -60)), "0.000000000000000001");
  EXPECT_EQ(Show(Decimal::Pow(D("2"), -61)), "0");
  // A power too large for a Decimal still has a reciprocal: zero.
  EXPECT_EQ(Show(Decimal::Pow(D("10"), -40)), "0");
  EXPECT_EQ(Show(Decimal::Pow(D("1.5"), -1000)), "0");
  EXPECT_EQ(Show(Decimal::Pow(D("0"), -1)), "division by zero");
  EXPECT_EQ(Decimal::Pow(D("0"), INT64_MIN).error(), ArithError::DivisionByZero);
}

TEST(Decimal, PowersPastEighteenDigitsRoundHalfToEven) {
  // 1.5^19 = 3^19 / 2^19 = 2216.8378200531005859375: a tie, 7 rounds to 8.
  EXPECT_EQ(Show(Decimal::Pow(D("1.5"), 19)), "2216.837820053100585938");
  // 0.4^-19 = 2.5^19 = 36379788.0709171295166015625: a tie, 2 stays.
  EXPECT_EQ(Show(Decimal::Pow(D("0.4"), -19)), "36379788.070917129516601562");
  // (1 + 10^-18)^(2^63 - 1) = e^9.223372036854775807 (to 10^-36) =
  // 10131.169470770360743001|454... (Python decimal, 120 digits).
  EXPECT_EQ(Show(Decimal::Pow(D("1.000000000000000001"), INT64_MAX)), "10131.169470770360743001");
  // (1 + 10^-18)^-(2^63) = 0.000098705287961584|29...
  EXPECT_EQ(Show(Decimal::Pow(D("1.000000000000000001"), INT64_MIN)), "0.000098705287961584");
  // (1 - 10^-18)^(2^63 - 1) = 0.000098705287961584|29... as well.
  EXPECT_EQ(Show(Decimal::Pow(D("0.999999999999999999"), INT64_MAX)), "0.000098705287961584");
}

TEST(Decimal, PowersOverflowInsteadOfWrapping) {
  EXPECT_EQ(Show(Decimal::Pow(D("10"), 21)), "overflow");
  EXPECT_EQ(Show(Decimal::Pow(D("-10"), 21)), "overflow");
  EXPECT_EQ(Show(Decimal::Pow(D("2"), INT64_MAX)), "overflow");
  EXPECT_EQ(Show(Decimal::Pow(D("1.5"), 1000)), "overflow");
  EXPECT_EQ(Show(Decimal::Pow(Decimal::Max(), 2)), "overflow");
  EXPECT_EQ(Show(Decimal::Pow(Decimal::Min(), 2)), "overflow");
  EXPECT_EQ(*Decimal::Pow(Decimal::Min(), 1), Decimal::Min());
  EXPECT_EQ(Show(Decimal::Pow(kUnit, -2)), "overflow");
  // 1 / 10^-18 = 10^18 fits; 1 / (10^-9)^3 = 10^27 does not.
  EXPECT_EQ(Show(Decimal::Pow(kUnit, -1)), "1000000000000000000");
  EXPECT_EQ(Show(Decimal::Pow(D("0.000000001"), -3)), "overflow");
}

TEST(Decimal, IntArithmeticIsCheckedNeverWraps) {
  EXPECT_EQ(Show(IntAdd(2, 3)), "5");
  EXPECT_EQ(Show(IntAdd(INT64_MAX, 1)), "overflow");
  EXPECT_EQ(Show(IntAdd(INT64_MIN, -1)), "overflow");
  EXPECT_EQ(Show(IntAdd(INT64_MAX, INT64_MIN)), "-1");
  EXPECT_EQ(Show(IntSub(INT64_MIN, 1)), "overflow");
  EXPECT_EQ(Show(IntSub(0, INT64_MIN)), "overflow");
  EXPECT_EQ(Show(IntSub(-1, INT64_MIN)), "9223372036854775807");
  EXPECT_EQ(Show(IntMul(INT64_MAX, 2)), "overflow");
  EXPECT_EQ(Show(IntMul(INT64_MIN, -1)), "overflow");
  EXPECT_EQ(Show(IntMul(-1, INT64_MAX)), "-9223372036854775807");
  // 3037000499^2 = 9223372030926249001 fits; 3037000500^2 = 9223372037000250000 does not.
  EXPECT_EQ(Show(IntMul(3037000499, 3037000499)), "9223372030926249001");
  EXPECT_EQ(Show(IntMul(3037000500, 3037000500)), "overflow");
  EXPECT_EQ(Show(IntNeg(INT64_MIN)), "overflow");
  EXPECT_EQ(Show(IntNeg(INT64_MAX)), "-9223372036854775807");
  EXPECT_EQ(Show(IntPow(0, 0)), "1");
  EXPECT_EQ(Show(IntPow(0, 3)), "0");
  EXPECT_EQ(Show(IntPow(-3, 3)), "-27");
  EXPECT_EQ(Show(IntPow(1, UINT64_MAX)), "1");
  EXPECT_EQ(Show(IntPow(-1, UINT64_MAX)), "-1");
  EXPECT_EQ(Show(IntPow(2, 62)), "4611686018427387904");
  EXPECT_EQ(Show(IntPow(2, 63)), "overflow");
  EXPECT_EQ(Show(IntPow(-2, 63)), "-9223372036854775808");  // INT64_MIN itself
  EXPECT_EQ(Show(IntPow(-2, 64)), "overflow");
  EXPECT_EQ(Show(IntPow(10, 18)), "1000000000000000000");
  EXPECT_EQ(Show(IntPow(10, 19)), "overflow");
  EXPECT_EQ(Show(IntPow(3037000499, 2)), "9223372030926249001");
  EXPECT_EQ(Show(IntPow(3037000500, 2)), "overflow");
  // int / int is a decimal, and even INT64_MIN / -1 fits in one.
  EXPECT_EQ(Show(IntDiv(INT64_MIN, -1)), "9223372036854775808");
  EXPECT_EQ(Show(IntDiv(INT64_MAX, 2)), "4611686018427387903.5");
  EXPECT_EQ(Show(IntDiv(7, 2)), "3.5");
}

TEST(Decimal, ResultReadsLikeOptional) {
  Result<Decimal> ok = Decimal::Add(D("1"), D("2"));
  ASSERT_TRUE(ok);
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(ok->ToString(), "3");
  Result<Decimal> bad = Decimal::Div(D("1"), D("0"));
  EXPECT_FALSE(bad);
  EXPECT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error(), ArithError::DivisionByZero);
}

}  // namespace
}  // namespace ocf
