// Calendar dates (proleptic Gregorian), as a count of days since 1970-01-01.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ocf {

struct YearMonthDay {
  int year;
  int month;  // 1-12
  int day;    // 1-31
};

class Date {
 public:
  constexpr Date() = default;
  // nullopt when the day does not exist (2014-02-30) or the year is outside 1-9999.
  static std::optional<Date> FromYmd(int year, int month, int day);
  // `YYYY-MM-DD` exactly.
  static std::optional<Date> ParseIso(std::string_view text);
  static Date FromDays(int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }

  int32_t days() const { return days_; }
  YearMonthDay ymd() const;
  // Calendar months, the day clamped to the month's end: 2014-01-31 + 1 month = 2014-02-28.
  Date AddMonths(int64_t months) const;
  Date AddDays(int64_t days) const { return FromDays(static_cast<int32_t>(days_ + days)); }
  std::string ToString() const;  // ISO

  friend constexpr auto operator<=>(Date a, Date b) = default;

 private:
  int32_t days_ = 0;
};

int DaysInMonth(int year, int month);

}  // namespace ocf
