#include "runtime/decimal.h"

#include <gtest/gtest.h>

namespace ocf {
namespace {

TEST(Decimal, ParsesAndPrintsExactly) {
  EXPECT_EQ(Decimal::Parse("3.25")->ToString(), "3.25");
  EXPECT_EQ(Decimal::Parse("1_000_000")->ToString(), "1000000");
  EXPECT_EQ(Decimal::Parse("95", -2)->ToString(), "0.95");
  EXPECT_EQ(Decimal::Parse("26.5", 6)->ToString(), "26500000");
  EXPECT_EQ(Decimal::Parse("-0.5")->ToString(), "-0.5");
  EXPECT_EQ(Decimal::Parse("0.000000000000000001")->ToString(), "0.000000000000000001");
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
}

TEST(Decimal, AddDetectsOverflow) {
  Decimal big = Decimal::FromUnits(~(static_cast<__int128>(1) << 127));
  EXPECT_FALSE(Decimal::Add(big, Decimal::FromInt(1)));
  EXPECT_EQ(Decimal::Add(*Decimal::Parse("0.1"), *Decimal::Parse("0.2"))->ToString(), "0.3");
}

}  // namespace
}  // namespace ocf
