// Exact decimal numbers for decimal, percent and money values, and checked
// arithmetic on the `int` type (LANGUAGE.md §2).
//
// A Decimal is a signed 128-bit count of 10^-18 units: 18 fractional digits
// exactly, and whole values up to about ±1.7e20 (far beyond any contract's
// money). Nothing here passes through binary floating point. Every operation
// that can fail returns a Result: an error (overflow, division by zero) is
// reported, never a wrapped or approximate value.
#pragma once

#include <cassert>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocf {

enum class ArithError { Overflow, DivisionByZero };

// A value or the reason there is none. Reads like std::optional (`if (r)`,
// `*r`, `r->`), so code that only cares whether it worked stays short.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : value_(value) {}
  Result(ArithError error) : error_(error) {}

  bool ok() const { return !error_; }
  bool has_value() const { return ok(); }
  explicit operator bool() const { return ok(); }
  const T& operator*() const {
    assert(ok());
    return value_;
  }
  const T* operator->() const { return &**this; }
  ArithError error() const {
    assert(!ok());
    return *error_;
  }

 private:
  T value_{};
  std::optional<ArithError> error_;
};

class Decimal {
 public:
  static constexpr int kScale = 18;

  constexpr Decimal() = default;
  static Decimal FromInt(int64_t v);  // always fits
  static constexpr Decimal FromUnits(__int128 units) {
    Decimal d;
    d.units_ = units;
    return d;
  }
  static constexpr Decimal Max() { return FromUnits(~(static_cast<__int128>(1) << 127)); }
  static constexpr Decimal Min() { return FromUnits(static_cast<__int128>(1) << 127); }

  enum class ParseError { None, Syntax, TooLarge, TooManyDecimals };
  // Reads `123`, `-4.50`, `1_000.25` (underscores between digits are allowed)
  // and multiplies by 10^shift10 (2.5 with shift -2 is 0.025; with 6 it is
  // 2500000). Exact or an error; never rounds.
  static std::optional<Decimal> Parse(std::string_view text, int shift10 = 0, ParseError* error = nullptr);

  __int128 units() const { return units_; }
  bool is_integer() const;
  bool is_negative() const { return units_ < 0; }
  bool is_zero() const { return units_ == 0; }
  // The integer value when is_integer() and it fits in int64.
  std::optional<int64_t> ToInt64() const;

  // Exact, or Overflow.
  static Result<Decimal> Add(Decimal a, Decimal b);
  static Result<Decimal> Sub(Decimal a, Decimal b);
  static Result<Decimal> Neg(Decimal a);  // only Min() overflows
  static Result<Decimal> Abs(Decimal a);  // only Min() overflows

  // a * b rounded half to even to 18 fractional digits. The product of two
  // Decimals has up to 36 fractional digits; the result is exact whenever the
  // true product has at most 18 (in particular whenever the fractional digits
  // of a and b together number at most 18, as in money * percent). Overflow
  // when the rounded product is out of range; never wraps.
  static Result<Decimal> Mul(Decimal a, Decimal b);

  // a / b rounded half to even to 18 fractional digits (19/20 is exactly
  // 0.95; 2/3 is 0.666666666666666667). DivisionByZero when b is zero (0/0
  // too), Overflow when the rounded quotient is out of range.
  static Result<Decimal> Div(Decimal a, Decimal b);

  // base^exponent. x^0 is 1 for every x, 0^0 included; 0 to a negative power
  // is DivisionByZero; Overflow when the result is out of range. A negative
  // exponent means 1 / base^|exponent|, rounded once.
  //
  // Rounding: exact whenever the true power has at most 18 fractional digits
  // (1.013^4 = 1.053022816561; every positive power of an integer). Otherwise
  // the true value rounded half to even to 18 fractional digits, computed with
  // 96-digit intermediates and one final rounding. The only possible
  // exception: a true value (necessarily one with more than 96 fractional
  // digits, so never an exact halfway case) within 10^-56 of a point halfway
  // between two 18-digit neighbours may come out as the other neighbour.
  static Result<Decimal> Pow(Decimal base, int64_t exponent);

  // Rounds to `places` fractional digits (negative places round to tens,
  // hundreds, ...; places >= 18 changes nothing). Overflow only when rounding
  // up leaves the range.
  // Half away from zero: money at payment lines and `round(x, places)`;
  // 2.675 -> 2.68, -2.675 -> -2.68, 0.005 -> 0.01.
  Result<Decimal> RoundHalfAwayFromZero(int places) const;
  // Half to even: 0.125 -> 0.12, 0.135 -> 0.14.
  Result<Decimal> RoundHalfEven(int places) const;

  // Shortest exact form: `0.95`, `26500000`, `-0.5`. Never an exponent.
  std::string ToString() const;
  // Exactly `fraction_digits` fractional digits (negative counts as 0),
  // rounded half away from zero like money: 2.675 prints as `2.68` with 2.
  // Never fails: it rounds the magnitude, unsigned, so even Max() prints.
  // A value that rounds to zero prints without a sign (`0.00`).
  std::string ToString(int fraction_digits) const;

  friend constexpr auto operator<=>(Decimal a, Decimal b) { return a.units_ <=> b.units_; }
  friend constexpr bool operator==(Decimal a, Decimal b) { return a.units_ == b.units_; }

 private:
  unsigned __int128 magnitude() const;  // |units|, defined for Min() too
  // The Decimal with that many units and sign, or Overflow.
  static Result<Decimal> FromSignAndMagnitude(bool negative, unsigned __int128 magnitude);
  Result<Decimal> Round(int places, bool half_even) const;

  __int128 units_ = 0;
};

// The `int` type: 64-bit, and an overflow is an error, never a wrap.
Result<int64_t> IntAdd(int64_t a, int64_t b);
Result<int64_t> IntSub(int64_t a, int64_t b);
Result<int64_t> IntMul(int64_t a, int64_t b);
Result<int64_t> IntNeg(int64_t a);  // only INT64_MIN overflows
// base^exponent by repeated squaring (at most 126 multiplications, so even
// 1^INT64_MAX is quick); 0^0 is 1. The exponent is unsigned because a negative
// power of an int is not an int: widen to Decimal::Pow for those.
Result<int64_t> IntPow(int64_t base, uint64_t exponent);
// int / int is a decimal in ocf (LANGUAGE.md §2): Decimal::Div's rounding.
// Only a zero divisor fails; the quotient always fits.
Result<Decimal> IntDiv(int64_t a, int64_t b);

}  // namespace ocf
