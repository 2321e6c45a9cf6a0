#include "runtime/decimal.h"

#include <algorithm>

namespace ocf {
namespace {

constexpr __int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

constexpr __int128 kOne = Pow10(Decimal::kScale);
constexpr __int128 kMax = ~(static_cast<__int128>(1) << 127);

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
  __int128 units = 0;
  for (char c : digits) {
    if (units > (kMax - (c - '0')) / 10) return fail(ParseError::TooLarge);
    units = units * 10 + (c - '0');
  }
  for (int i = 0; i < exponent; ++i) {
    if (units > kMax / 10) return fail(ParseError::TooLarge);
    units *= 10;
  }
  return FromUnits(negative ? -units : units);
}

bool Decimal::is_integer() const { return units_ % kOne == 0; }

std::optional<int64_t> Decimal::ToInt64() const {
  if (!is_integer()) return std::nullopt;
  __int128 v = units_ / kOne;
  if (v > INT64_MAX || v < INT64_MIN) return std::nullopt;
  return static_cast<int64_t>(v);
}

std::optional<Decimal> Decimal::Add(Decimal a, Decimal b) {
  __int128 r;
  if (__builtin_add_overflow(a.units_, b.units_, &r)) return std::nullopt;
  return FromUnits(r);
}

std::optional<Decimal> Decimal::Sub(Decimal a, Decimal b) {
  __int128 r;
  if (__builtin_sub_overflow(a.units_, b.units_, &r)) return std::nullopt;
  return FromUnits(r);
}

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

std::string Decimal::ToString() const {
  std::string s = AbsDigits(units_);
  std::string whole = s.substr(0, s.size() - kScale);
  std::string frac = s.substr(s.size() - kScale);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  std::string out = units_ < 0 ? "-" : "";
  out += whole;
  if (!frac.empty()) out += "." + frac;
  return out;
}

std::string Decimal::ToString(int fraction_digits) const {
  std::string s = AbsDigits(units_);
  std::string whole = s.substr(0, s.size() - kScale);
  std::string frac = s.substr(s.size() - kScale, static_cast<size_t>(std::clamp(fraction_digits, 0, kScale)));
  std::string out = units_ < 0 ? "-" : "";
  out += whole;
  if (!frac.empty()) out += "." + frac;
  return out;
}

}  // namespace ocf
