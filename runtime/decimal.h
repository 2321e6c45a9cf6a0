// Exact decimal numbers for decimal, percent and money values.
//
// A Decimal is a 128-bit integer count of 10^-18 units: 18 fractional digits
// exactly, and about ±1.7e20 in whole units (far beyond any contract's money).
// Nothing here passes through binary floating point; every operation that
// could leave the range reports it instead of wrapping.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocf {

class Decimal {
 public:
  static constexpr int kScale = 18;

  constexpr Decimal() = default;
  static Decimal FromInt(int64_t v);
  static constexpr Decimal FromUnits(__int128 units) {
    Decimal d;
    d.units_ = units;
    return d;
  }

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

  // Exact or nullopt on overflow.
  static std::optional<Decimal> Add(Decimal a, Decimal b);
  static std::optional<Decimal> Sub(Decimal a, Decimal b);

  // Shortest exact form: `0.95`, `26500000`, `-0.5`. Never an exponent.
  std::string ToString() const;
  // Fixed number of fractional digits (only for values that have no more).
  std::string ToString(int fraction_digits) const;

  friend constexpr auto operator<=>(Decimal a, Decimal b) { return a.units_ <=> b.units_; }
  friend constexpr bool operator==(Decimal a, Decimal b) { return a.units_ == b.units_; }

 private:
  __int128 units_ = 0;
};

}  // namespace ocf
