#include "runtime/decimal.h"

#include <algorithm>
#include <charconv>

#include "runtime/wide_int.h"

namespace ocf {
namespace {

constexpr __int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

constexpr __int128 kOne = Pow10(Decimal::kScale);
// |Decimal::Min()|, one more than Decimal::Max().
constexpr wide::u128 kMinMagnitude = static_cast<wide::u128>(1) << 127;

// Products and quotients of two magnitudes (< 2^128 each, and 10^18 < 2^60)
// fit in 256 bits.
using U256 = wide::UInt<4>;

}  // namespace

Decimal Decimal::FromInt(int64_t v) { return FromUnits(static_cast<__int128>(v) * kOne); }

std::optional<Decimal> Decimal::Parse(std::string_view text, int shift10, ParseError* error) {
  auto fail = [&](ParseError e) -> std::optional<Decimal> {
    if (error) *error = e;
    return std::nullopt;
  };
  if (error) *error = ParseError::None;
  bool negative = false;
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    negative = text[0] == '-';
    text.remove_prefix(1);
  }
  // Collect digits and where the point is.
  std::string digits;
  int fraction_digits = 0;
  bool seen_point = false, seen_digit = false;
  char prev = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      // Leading zeros carry no value; skipping them keeps `0000...1` in range.
      if (!(digits.empty() && c == '0' && !seen_point)) digits += c;
      if (seen_point) ++fraction_digits;
      seen_digit = true;
    } else if (c == '_') {
      if (!(prev >= '0' && prev <= '9')) return fail(ParseError::Syntax);
    } else if (c == '.' && !seen_point) {
      if (!seen_digit) return fail(ParseError::Syntax);
      seen_point = true;
    } else {
      return fail(ParseError::Syntax);
    }
    prev = c;
  }
  if (!seen_digit || prev == '.' || prev == '_') return fail(ParseError::Syntax);
  // value = digits * 10^(shift10 - fraction_digits); units = value * 10^18.
  int exponent = shift10 - fraction_digits + kScale;
  // Trailing zeros of the fraction do not count against precision.
  while (exponent < 0 && !digits.empty() && digits.back() == '0') {
    digits.pop_back();
    ++exponent;
  }
  if (digits.empty()) return FromUnits(0);
  if (exponent < 0) return fail(ParseError::TooManyDecimals);
  if (digits.size() + static_cast<size_t>(exponent) > 39) return fail(ParseError::TooLarge);
  // The magnitude may reach 2^127, which only a negative value can have.
  wide::u128 magnitude = 0;
  for (char c : digits) {
    if (magnitude > (kMinMagnitude - (c - '0')) / 10) return fail(ParseError::TooLarge);
    magnitude = magnitude * 10 + (c - '0');
  }
  for (int i = 0; i < exponent; ++i) {
    if (magnitude > kMinMagnitude / 10) return fail(ParseError::TooLarge);
    magnitude *= 10;
  }
  Result<Decimal> d = FromSignAndMagnitude(negative, magnitude);
  if (!d) return fail(ParseError::TooLarge);
  return *d;
}

bool Decimal::is_integer() const { return units_ % kOne == 0; }

std::optional<int64_t> Decimal::ToInt64() const {
  if (!is_integer()) return std::nullopt;
  __int128 v = units_ / kOne;
  if (v > INT64_MAX || v < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(v);
}

wide::u128 Decimal::magnitude() const {
  // Negating in unsigned arithmetic is defined for Min() too.
  return units_ < 0 ? -static_cast<wide::u128>(units_) : static_cast<wide::u128>(units_);
}

Result<Decimal> Decimal::FromSignAndMagnitude(bool negative, wide::u128 magnitude) {
  if (magnitude > (negative ? kMinMagnitude : kMinMagnitude - 1)) return ArithError::Overflow;
  return FromUnits(static_cast<__int128>(negative ? -magnitude : magnitude));
}

Result<Decimal> Decimal::Add(Decimal a, Decimal b) {
  __int128 r;
  if (__builtin_add_overflow(a.units_, b.units_, &r)) return ArithError::Overflow;
  return FromUnits(r);
}

Result<Decimal> Decimal::Sub(Decimal a, Decimal b) {
  __int128 r;
  if (__builtin_sub_overflow(a.units_, b.units_, &r)) return ArithError::Overflow;
  return FromUnits(r);
}

Result<Decimal> Decimal::Neg(Decimal a) { return FromSignAndMagnitude(!a.is_negative(), a.magnitude()); }

Result<Decimal> Decimal::Abs(Decimal a) { return FromSignAndMagnitude(false, a.magnitude()); }

Result<Decimal> Decimal::Mul(Decimal a, Decimal b) {
  // |a| * |b| is the product in units of 10^-36; rescaling to 10^-18 is the
  // only rounding. The 256-bit product cannot overflow (both are < 2^128).
  U256 product = *wide::Mul(U256::FromU128(a.magnitude()), U256::FromU128(b.magnitude()));
  std::optional<wide::u128> m = wide::DivRoundHalfEven(product, U256::FromU128(kOne)).ToU128();
  if (!m) return ArithError::Overflow;
  return FromSignAndMagnitude(a.is_negative() != b.is_negative(), *m);
}

Result<Decimal> Decimal::Div(Decimal a, Decimal b) {
  if (b.is_zero()) return ArithError::DivisionByZero;
  // (|a| * 10^18) / |b| is the quotient in units of 10^-18.
  U256 scaled = *wide::Mul(U256::FromU128(a.magnitude()), U256::FromU128(kOne));
  std::optional<wide::u128> m = wide::DivRoundHalfEven(scaled, U256::FromU128(b.magnitude())).ToU128();
  if (!m) return ArithError::Overflow;
  return FromSignAndMagnitude(a.is_negative() != b.is_negative(), *m);
}

Result<Decimal> Decimal::Round(int places, bool half_even) const {
  if (places >= kScale) return *this;
  int dropped = kScale - places;
  // 10^39 units is more than twice any magnitude: everything rounds to zero.
  if (dropped > 38) return FromUnits(0);
  wide::u128 step = static_cast<wide::u128>(Pow10(dropped));
  wide::u128 m = magnitude(), q = m / step, r = m % step, rest = step - r;
  bool up = half_even ? r > rest || (r == rest && q % 2 == 1) : r >= rest;
  // (q + 1) * step <= m + step < 2^127 + 10^38 < 2^128: no wrap before the check.
  return FromSignAndMagnitude(is_negative(), (q + up) * step);
}

Result<Decimal> Decimal::RoundHalfAwayFromZero(int places) const { return Round(places, false); }

Result<Decimal> Decimal::RoundHalfEven(int places) const { return Round(places, true); }

namespace {

// Decimal digits of |units| (at least kScale + 1 of them, zero-padded).
std::string AbsDigits(__int128 units) {
  unsigned __int128 v =
      units < 0 ? -static_cast<unsigned __int128>(units) : static_cast<unsigned __int128>(units);
  std::string s;
  do {
    s += static_cast<char>('0' + static_cast<int>(v % 10));
    v /= 10;
  } while (v);
  while (s.size() < static_cast<size_t>(Decimal::kScale) + 1) s += '0';
  std::reverse(s.begin(), s.end());
  return s;
}

}  // namespace

namespace {

// The digits of v, most significant first, appended to `out`. One 128-bit
// division at most: the rest is 64-bit arithmetic.
void AppendWhole(std::string& out, unsigned __int128 v) {
  constexpr uint64_t kTen19 = 10'000'000'000'000'000'000ULL;
  char buf[24];
  if (v > UINT64_MAX) {
    AppendWhole(out, v / kTen19);
    auto end = std::to_chars(buf, buf + sizeof buf, static_cast<uint64_t>(v % kTen19)).ptr;
    out.append(static_cast<size_t>(19 - (end - buf)), '0');
    out.append(buf, end);
    return;
  }
  out.append(buf, std::to_chars(buf, buf + sizeof buf, static_cast<uint64_t>(v)).ptr);
}

}  // namespace

std::string Decimal::ToString() const {
  // Whole units and the 18 digits after the point, each in 64-bit arithmetic.
  constexpr uint64_t kOne = 1'000'000'000'000'000'000ULL;
  unsigned __int128 m = magnitude();
  uint64_t frac = static_cast<uint64_t>(m % kOne);
  std::string out = units_ < 0 ? "-" : "";
  AppendWhole(out, m / kOne);
  if (frac) {
    char buf[24];
    char* end = std::to_chars(buf, buf + sizeof buf, frac).ptr;
    out += '.';
    out.append(static_cast<size_t>(kScale - (end - buf)), '0');
    while (end[-1] == '0') --end;
    out.append(buf, end);
  }
  return out;
}

std::string Decimal::ToString(int fraction_digits) const {
  fraction_digits = std::max(fraction_digits, 0);
  std::string whole, frac;
  if (fraction_digits >= kScale) {
    std::string s = AbsDigits(units_);
    whole = s.substr(0, s.size() - kScale);
    frac = s.substr(s.size() - kScale) + std::string(fraction_digits - kScale, '0');
  } else {
    // Round the magnitude half away from zero in unsigned arithmetic, where
    // even |Min()| + 10^18 / 2 fits, so printing never fails.
    wide::u128 step = static_cast<wide::u128>(Pow10(kScale - fraction_digits));
    wide::u128 q = (magnitude() + step / 2) / step;
    std::string s;
    do {
      s += static_cast<char>('0' + static_cast<int>(q % 10));
      q /= 10;
    } while (q);
    while (s.size() < static_cast<size_t>(fraction_digits) + 1) s += '0';
    std::reverse(s.begin(), s.end());
    whole = s.substr(0, s.size() - fraction_digits);
    frac = s.substr(s.size() - fraction_digits);
  }
  bool zero =
      whole.find_first_not_of('0') == std::string::npos && frac.find_first_not_of('0') == std::string::npos;
  std::string out = units_ < 0 && !zero ? "-" : "";
  out += whole;
  if (!frac.empty()) out += "." + frac;
  return out;
}

Result<int64_t> IntAdd(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_add_overflow(a, b, &r)) return ArithError::Overflow;
  return r;
}

Result<int64_t> IntSub(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_sub_overflow(a, b, &r)) return ArithError::Overflow;
  return r;
}

Result<int64_t> IntMul(int64_t a, int64_t b) {
  int64_t r;
  if (__builtin_mul_overflow(a, b, &r)) return ArithError::Overflow;
  return r;
}

Result<int64_t> IntNeg(int64_t a) { return IntSub(0, a); }

Result<int64_t> IntPow(int64_t base, uint64_t exponent) {
  int64_t result = 1;
  while (true) {
    if (exponent & 1) {
      Result<int64_t> r = IntMul(result, base);
      if (!r) return r;
      result = *r;
    }
    exponent >>= 1;
    if (!exponent) return result;
    // Only squared when a higher bit needs it, so this overflows only when
    // the result would.
    Result<int64_t> square = IntMul(base, base);
    if (!square) return square;
    base = *square;
  }
}

Result<Decimal> IntDiv(int64_t a, int64_t b) {
  return Decimal::Div(Decimal::FromInt(a), Decimal::FromInt(b));
}

}  // namespace ocf
