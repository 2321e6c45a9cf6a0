// The wide integers under Decimal: division checked by its defining identity
// (n = q * d + r, r < d) over random operands of every width, including
// divisors with the top bit set, which Decimal itself never produces.
#include "runtime/wide_int.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace ocf::wide {
namespace {

using U256 = UInt<4>;

// A random value with `bits` significant bits at most.
U256 Random(std::mt19937_64& rng, int bits) {
  U256 v;
  for (int i = 0; i < 4; ++i) v.limb[i] = rng();
  for (int i = 0; i < 4; ++i) {
    int keep = std::clamp(bits - 64 * i, 0, 64);
    v.limb[i] = keep == 0 ? 0 : keep == 64 ? v.limb[i] : v.limb[i] & ((uint64_t{1} << keep) - 1);
  }
  return v;
}

TEST(DecimalWideInt, DivModSatisfiesItsIdentity) {
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20000; ++i) {
    U256 n = Random(rng, static_cast<int>(rng() % 257));
    U256 d = Random(rng, 1 + static_cast<int>(rng() % 256));
    if (d.IsZero()) d.limb[0] = 1;
    DivResult<4> r = DivMod(n, d);
    ASSERT_LT(r.remainder, d);
    // q * d cannot overflow, since it is at most n.
    std::optional<U256> qd = Mul(r.quotient, d);
    ASSERT_TRUE(qd);
    U256 rest = n;
    SubInPlace(rest, r.remainder);
    ASSERT_EQ(*qd, rest) << "case " << i;
  }
}

TEST(DecimalWideInt, DivRoundHalfEvenOnTies) {
  U256 two = U256::FromU128(2);
  EXPECT_EQ(DivRoundHalfEven(U256::FromU128(5), two), U256::FromU128(2));  // 2.5
  EXPECT_EQ(DivRoundHalfEven(U256::FromU128(7), two), U256::FromU128(4));  // 3.5
  bool exact = true;
  EXPECT_EQ(DivRoundHalfEven(U256::FromU128(8), U256::FromU128(3), &exact), U256::FromU128(3));  // 2.67
  EXPECT_FALSE(exact);
  // The largest value over a divisor with the top bit set.
  U256 max, top;
  max.limb.fill(~uint64_t{0});
  top.limb[3] = uint64_t{1} << 63;
  EXPECT_EQ(DivRoundHalfEven(max, top), U256::FromU128(2));  // 1.99...
  EXPECT_EQ(DivMod(max, top).quotient, U256::FromU128(1));
  // 10^38 / 10^19, dropping digits 19 at a time, and a tie at the last digit.
  EXPECT_EQ(DivPow10RoundHalfEven(*Pow10<4>(38), 19), *Pow10<4>(19));
  EXPECT_EQ(DivPow10RoundHalfEven(U256::FromU128(125), 1), U256::FromU128(12));
  EXPECT_EQ(DivPow10RoundHalfEven(U256::FromU128(135), 1), U256::FromU128(14));
  // 25000...0001 / 10^21: the 5 is not a tie because a later digit is not 0.
  U256 just_past = *MulSmall(*Pow10<4>(20), 25);
  just_past.limb[0] += 1;
  EXPECT_EQ(DivPow10RoundHalfEven(just_past, 21), U256::FromU128(3));
}

TEST(DecimalWideInt, MulReportsOverflow) {
  U256 half;
  half.limb[2] = 1;  // 2^128
  EXPECT_FALSE(Mul(half, half));
  half.limb[2] = 0;
  half.limb[1] = ~uint64_t{0};
  half.limb[0] = ~uint64_t{0};  // 2^128 - 1: its square fits in 256 bits
  ASSERT_TRUE(Mul(half, half));
  EXPECT_EQ(Mul(half, half)->limb[3], ~uint64_t{0});
  EXPECT_EQ(Mul(half, half)->limb[0], 1u);
  EXPECT_FALSE(Pow10<4>(78));  // 10^78 > 2^256
  EXPECT_TRUE(Pow10<4>(77));
}

}  // namespace
}  // namespace ocf::wide
