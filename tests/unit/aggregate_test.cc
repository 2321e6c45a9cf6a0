// The aggregate state both engines share (runtime/exec/aggregate.h): exact
// means of sums too large to hold, and the value bags of medians,
// percentiles and distinct counts.
#include "runtime/exec/aggregate.h"
#include "tests/unit/run_ocf.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ocf {
namespace {
using test_support::CliRun;
using test_support::RunOcf;
using ::testing::HasSubstr;

constexpr __int128 kOne = static_cast<__int128>(1'000'000'000'000'000'000);

std::string Show(const Result<Decimal>& r) {
  if (!r.ok()) return r.error() == ArithError::Overflow ? "overflow" : "division by zero";
  return r->ToString();
}

exec::WideSum SumOf(std::initializer_list<__int128> terms) {
  exec::WideSum s;
  for (__int128 t : terms) s.Add(t);
  return s;
}

TEST(WideSumQuotient, MeanOfDecimalsWhoseSumDoesNotFit) {
  const __int128 e20 = 100 * kOne * 1'000'000'000'000'000'000;  // 1e20 as units
  exec::WideSum s = SumOf({e20, e20});
  EXPECT_FALSE(s.Narrow().has_value());  // the sum, 2e20, is beyond a Decimal
  EXPECT_EQ(Show(s.Quotient(2, false)), "100000000000000000000");
  EXPECT_EQ(Show(SumOf({-e20, -e20, -e20}).Quotient(3, false)), "-100000000000000000000");
}

TEST(WideSumQuotient, RoundsHalfToEvenLikeDivision) {
  const __int128 max = Decimal::Max().units(), min = Decimal::Min().units();
  EXPECT_EQ(Show(SumOf({max, max}).Quotient(2, false)), Decimal::Max().ToString());
  EXPECT_EQ(Show(SumOf({min, min}).Quotient(2, false)), Decimal::Min().ToString());
  // -1 unit / 2 is -0.5 units: to the even neighbour, 0. 3 units / 2 is 1.5: to 2.
  EXPECT_EQ(Show(SumOf({max, min}).Quotient(2, false)), "0");
  EXPECT_EQ(Show(SumOf({3}).Quotient(2, false)), "0.000000000000000002");
  EXPECT_EQ(Show(SumOf({-3}).Quotient(2, false)), "-0.000000000000000002");
  // Against Decimal::Div wherever the sum fits.
  for (__int128 total : {__int128{7}, __int128{-7}, 10 * kOne + 5, -(10 * kOne + 5), max, min + 1})
    for (int64_t n : {1, 2, 3, 7, 1'000'000'007})
      EXPECT_EQ(Show(SumOf({total}).Quotient(static_cast<uint64_t>(n), false)),
                Show(Decimal::Div(Decimal::FromUnits(total), Decimal::FromInt(n))));
}

TEST(WideSumQuotient, WholeNumbersAreScaledToUnits) {
  EXPECT_EQ(Show(SumOf({INT64_MAX, INT64_MAX}).Quotient(2, true)), "9223372036854775807");
  EXPECT_EQ(Show(SumOf({INT64_MIN, INT64_MIN, 0}).Quotient(3, true)),
            "-6148914691236517205.333333333333333333");
  EXPECT_EQ(Show(SumOf({1, 1}).Quotient(3, true)), "0.666666666666666667");
}

TEST(WideSumQuotient, OnlyAQuotientOutOfRangeOverflows) {
  // A total beyond any mean of Decimals: 2^128 units over 1 value.
  const __int128 max = Decimal::Max().units();
  EXPECT_EQ(Show(SumOf({max, 1}).Quotient(1, false)), "overflow");
  EXPECT_EQ(Show(SumOf({max, 1}).Quotient(2, false)), "85070591730234615865.843651857942052864");
  EXPECT_EQ(Show(SumOf({Decimal::Min().units()}).Quotient(1, false)), Decimal::Min().ToString());
  EXPECT_EQ(Show(SumOf({Decimal::Min().units(), -1}).Quotient(1, false)), "overflow");
  EXPECT_EQ(Show(SumOf({1}).Quotient(0, false)), "division by zero");
}

// End to end, both engines: the mean of two cells of 1e20 is 1e20; their sum
// is a located overflow.
TEST(MeanOfLargeValues, BothEnginesGiveTheMeanAndRefuseTheSum) {
  std::string dir = testing::TempDir() + "/mean_of_large_values";
  std::filesystem::create_directories(dir);
  std::ofstream(dir + "/t.csv")
      << "d,v\n2024-05-01,100000000000000000000\n2024-06-01,100000000000000000000\n";
  const std::string head = R"(contract "Large" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2025-03-31
}
data t dated by d {
  d : date
  v : decimal
}
)";
  std::ofstream(dir + "/mean.ocf") << head << "measure m = mean v of t\n";
  std::ofstream(dir + "/sum.ocf") << head << "measure s = sum v of t\n";
  for (const char* engine : {"jit", "interp"}) {
    SCOPED_TRACE(engine);
    CliRun mean = RunOcf({"run", dir + "/mean.ocf", "--data", "t=" + dir + "/t.csv", "--engine", engine,
                          "--format", "csv", "--period", "term"});
    EXPECT_EQ(mean.status, 0) << mean.err;
    EXPECT_THAT(mean.out, HasSubstr("100000000000000000000"));
    CliRun sum = RunOcf({"run", dir + "/sum.ocf", "--data", "t=" + dir + "/t.csv", "--engine", engine});
    EXPECT_EQ(sum.status, 1);
    EXPECT_THAT(sum.err, HasSubstr("sum.ocf:9:13: error[E0801]: the result is too large to hold exactly"));
  }
}

}  // namespace
}  // namespace ocf
