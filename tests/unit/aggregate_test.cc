// The aggregate state both engines share (runtime/exec/aggregate.h): exact
// means of sums too large to hold, and the value bags of medians,
// percentiles and distinct counts.
#include "runtime/exec/aggregate.h"
#include "tests/unit/run_ocf.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

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

// ValueBag against a plain sorted list: the same k-th values and distinct
// counts, whatever mix of histogram values, negatives, repeats and huge
// values goes in, added one by one or merged from many small bags.
class ValueBagAgainstSortedList : public testing::TestWithParam<int> {};

TEST_P(ValueBagAgainstSortedList, SameOrderStatistics) {
  std::mt19937_64 rng(static_cast<uint64_t>(GetParam()));
  const __int128 huge = static_cast<__int128>(1) << 100;
  // The kinds of columns: all equal, few distinct, all distinct, small
  // ints, negatives and histogram values mixed, extremes.
  auto draw = [&](int kind, size_t i) -> __int128 {
    switch (kind) {
      case 0:
        return 1234 * kOne / 100;
      case 1:
        return static_cast<__int128>(rng() % 5) * 1000 - 2000;
      case 2:
        return static_cast<__int128>(i) * 7919 % 100003 * kOne + static_cast<__int128>(i % 3);
      case 3:
        return static_cast<__int128>(rng() % 300);
      case 4:
        return static_cast<__int128>(rng() % 600) - 300;
      default:
        return rng() % 2 ? huge - static_cast<__int128>(rng() % 3) : -huge + static_cast<__int128>(rng() % 3);
    }
  };
  for (int kind = 0; kind < 6; ++kind) {
    for (size_t n : {size_t{1}, size_t{2}, size_t{1023}, size_t{1025}, size_t{5000}, size_t{40000}}) {
      SCOPED_TRACE("kind " + std::to_string(kind) + ", n " + std::to_string(n));
      std::vector<__int128> all;
      exec::ValueBag whole, merged, part;
      std::vector<exec::ValueBag> parts;
      for (size_t i = 0; i < n; ++i) {
        __int128 v = draw(kind, i);
        all.push_back(v);
        whole.Add(v);
        part.Add(v);
        if (rng() % 97 == 0) parts.push_back(std::move(part));
      }
      parts.push_back(std::move(part));
      EXPECT_EQ(part.size(), 0u);  // moved from: empty
      for (const exec::ValueBag& p : parts) merged.Merge(p);
      std::sort(all.begin(), all.end());
      std::vector<__int128> unique = all;
      unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
      for (exec::ValueBag* bag : {&whole, &merged}) {
        ASSERT_EQ(bag->size(), all.size());
        for (size_t k = 0; k < all.size(); k += 1 + all.size() / 300)
          ASSERT_TRUE(bag->Kth(k) == all[k]) << "k " << k;
        ASSERT_TRUE(bag->Kth(all.size() - 1) == all.back());
        // No more than a sorted list of the values would hold, with room to grow.
        EXPECT_LE(bag->bytes(), 2 * all.size() * sizeof(__int128) + 2048 + 4096);
        EXPECT_EQ(bag->Distinct(), unique.size());
        // Values added after a query are counted too.
        bag->Add(all.front());
        EXPECT_TRUE(bag->Kth(0) == all.front());
        EXPECT_TRUE(bag->Kth(1) == all.front());
      }
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ValueBagAgainstSortedList, testing::Values(1, 2, 3));

// Equal values are kept once with their count, so a bag of millions of them
// stays small: compare its heap with what the values alone would take.
TEST(ValueBag, RepeatedValuesAreCountedNotCopied) {
  exec::ValueBag bag;
  for (int i = 0; i < 3'000'000; ++i) bag.Add(i % 2 ? 1234 * kOne : -5 * kOne);
  exec::ValueBag rolled;
  for (int i = 0; i < 1000; ++i) rolled.Merge(bag);
  EXPECT_LT(bag.bytes(), 64u << 10);  // 3M values as a list: 48 MB
  EXPECT_LT(rolled.bytes(), 64u << 10);
  EXPECT_EQ(rolled.size(), 3'000'000'000u);
  EXPECT_TRUE(rolled.Kth(1'499'999'999) == -5 * kOne);
  EXPECT_TRUE(rolled.Kth(1'500'000'000) == 1234 * kOne);
  EXPECT_EQ(rolled.Distinct(), 2u);
}

// Text codes counted distinct are renumbered into one dictionary.
TEST(ValueBag, RenumberedKeepsTheDistinctValues) {
  exec::ValueBag bag;
  for (int i = 0; i < 5000; ++i) bag.Add(300 + i % 7);
  for (int i = 0; i < 5; ++i) bag.Add(i);
  std::vector<uint32_t> codes(400);
  for (size_t c = 0; c < codes.size(); ++c) codes[c] = static_cast<uint32_t>(c % 4);  // 0-3
  EXPECT_EQ(bag.Renumbered(codes).Distinct(), 4u);
  EXPECT_EQ(bag.Distinct(), 12u);
}

}  // namespace
}  // namespace ocf
