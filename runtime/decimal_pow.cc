// Decimal::Pow: powers with an integer exponent, exact where the result has at
// most 18 fractional digits and otherwise rounded once (decimal.h states the
// guarantee).
//
// Why it can promise that: write |base| = m / 10^k with m not a multiple of
// 10. Then m^e is not a multiple of 10 either (m lacks a factor 2 or a factor
// 5, and so does m^e), so base^e has exactly e*k fractional digits, and each
// intermediate base^j (j <= e) has fewer. Hence:
//  - e*k <= 18: repeated squaring with Decimal::Mul never rounds, and a
//    negative power is one correctly rounded Div;
//  - otherwise the power is computed in fixed point with kDigits fractional
//    digits and rounded to 18 at the end. That is exact while the values
//    involved have at most kDigits digits. The same argument applied to
//    1/|base| (when it terminates at all) shows that every result that is
//    exactly halfway between two 18-digit neighbours, having 19 digits, is
//    among those; so the fixed-point error (bounded at the end of this file)
//    can only matter for a true value extremely close to a halfway point.
#include "runtime/decimal.h"
#include "runtime/wide_int.h"

namespace ocf {
namespace {

// Fixed-point intermediates: integers counting 10^-kDigits.
constexpr int kDigits = 96;
// Intermediates stay below Cap() < 2^388, so a product fits in 1024 bits.
using Big = wide::UInt<16>;

// Fractional digits of a Decimal with this magnitude: the k above.
int FractionDigits(unsigned __int128 magnitude) {
  if (magnitude == 0) return 0;
  int k = Decimal::kScale;
  for (; k > 0 && magnitude % 10 == 0; --k) magnitude /= 10;
  return k;
}

// x^e for e >= 1 by repeated squaring. Every factor is x^j with j <= e: when
// |x| >= 1 none can overflow unless x^e does, and when |x| < 1 none can
// overflow at all.
Result<Decimal> PowerByMul(Decimal x, uint64_t e) {
  Decimal result = Decimal::FromInt(1);
  while (true) {
    if (e & 1) {
      Result<Decimal> r = Decimal::Mul(result, x);
      if (!r) return r;
      result = *r;
    }
    e >>= 1;
    if (!e) return result;
    Result<Decimal> square = Decimal::Mul(x, x);
    if (!square) return square;
    x = *square;
  }
}

const Big& One() {
  static const Big one = *wide::Pow10<16>(kDigits);
  return one;
}

// 2^128 Decimal units: more than any Decimal, by far more than the error of
// an intermediate.
const Big& Cap() {
  static const Big cap =
      *wide::Mul(*wide::Pow10<16>(kDigits - Decimal::kScale),
                 *wide::MulSmall(Big::FromU128(static_cast<unsigned __int128>(1) << 127), 2));
  return cap;
}

// a * b rounded half to even. Both are at most Cap() < 2^388: no overflow.
Big FixedMul(const Big& a, const Big& b) {
  return wide::DivPow10RoundHalfEven(wide::Mul(a, b).value(), kDigits);
}

// 1 / x rounded half to even, for x > 0.
Big FixedReciprocal(const Big& x) {
  static const Big one_squared = *wide::Pow10<16>(2 * kDigits);
  return wide::DivRoundHalfEven(one_squared, x);
}

// x^e for e >= 1, each product rounded; nullopt once a value passes Cap().
// That can only happen when x > 1, where values only grow, so x^e passes it
// too.
std::optional<Big> FixedPower(Big x, uint64_t e) {
  Big result = One();
  while (true) {
    if (e & 1) {
      result = FixedMul(result, x);
      if (result > Cap()) return std::nullopt;
    }
    e >>= 1;
    if (!e) return result;
    x = FixedMul(x, x);
    if (x > Cap()) return std::nullopt;
  }
}

}  // namespace

Result<Decimal> Decimal::Pow(Decimal base, int64_t exponent) {
  if (exponent == 0) return FromInt(1);
  if (base.is_zero()) return exponent > 0 ? Result<Decimal>(base) : ArithError::DivisionByZero;
  // |exponent| as unsigned, so INT64_MIN works.
  uint64_t e = exponent < 0 ? -static_cast<uint64_t>(exponent) : static_cast<uint64_t>(exponent);
  int k = FractionDigits(base.magnitude());

  if (k == 0 || e <= static_cast<uint64_t>(kScale / k)) {
    // base^e is exact in 18 digits (the signs come out of Mul and Div).
    Result<Decimal> p = PowerByMul(base, e);
    if (exponent > 0) return p;
    // |base^e| > Max() means |1 / base^e| < 10^-20: it rounds to zero.
    if (!p) return FromInt(0);
    return Div(FromInt(1), *p);
  }

  // Fixed point with kDigits digits, rounded once more at the end.
  Big x = *wide::Mul(Big::FromU128(base.magnitude()), *wide::Pow10<16>(kDigits - kScale));
  std::optional<Big> v;
  if (exponent > 0) {
    v = FixedPower(x, e);
  } else if (x < One()) {
    // Raise 1/x (> 1) rather than take the reciprocal of a tiny x^e: values
    // >= 1 keep their relative precision in fixed point.
    v = FixedPower(FixedReciprocal(x), e);
  } else {
    std::optional<Big> p = FixedPower(x, e);
    // x^e beyond 2^128 units: 1 / x^e is far below half a unit.
    if (!p) return FromInt(0);
    v = FixedReciprocal(*p);
  }
  std::optional<unsigned __int128> m;
  if (v) m = wide::DivPow10RoundHalfEven(*v, kDigits - kScale).ToU128();
  if (!m) return ArithError::Overflow;
  return FromSignAndMagnitude(base.is_negative() && (e & 1), *m);
}

// Error bound of the fixed-point path, with u = 10^-kDigits. Every value it
// rounds is >= 1 (x > 1 and 1/x > 1 powers, and the reciprocal of one), so
// each rounding has relative error <= u/2, except for a positive power of
// x < 1, where all values are <= 1 and absolute errors just add up: at most
// (e + 64) * u / 2. For values >= 1 the relative errors add up over the
// chain of products that forms x^e, which has at most 2e + 64 roundings
// (counting the reciprocal taken first), so the relative error is at most
// about (e + 32) * u <= 10^19 * 10^-96. The results in range are below
// 2^128 units < 3.5 * 10^20, so the absolute error is below 10^-56 (the
// reciprocal of a power >= 1 is <= 1, so its error is smaller still). The
// final rounding to 18 digits can therefore differ from the correctly rounded
// result only for a true value within 10^-56 of a halfway point.

}  // namespace ocf
