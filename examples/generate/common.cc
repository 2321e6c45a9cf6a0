// examples/generate/common.cc — dates, money, NHS numbers and CSV files for
// the sample-data generators (common.h).
#include "common.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <stdexcept>

namespace ocf_examples {

Day MakeDay(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Ymd ToYmd(Day day) {
  const int z = day + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp < 10 ? mp + 3 : mp - 9;
  return {yoe + era * 400 + (m <= 2 ? 1 : 0), m, d};
}

std::string TwoDigits(int n) {
  return std::string(1, static_cast<char>('0' + n / 10)) + static_cast<char>('0' + n % 10);
}

std::string Iso(Day day) {
  const Ymd t = ToYmd(day);
  return std::to_string(t.y) + "-" + TwoDigits(t.m) + "-" + TwoDigits(t.d);
}

// UK order, for a data block with `date_format "DD/MM/YYYY"`.
std::string Uk(Day day) {
  const Ymd t = ToYmd(day);
  return TwoDigits(t.d) + "/" + TwoDigits(t.m) + "/" + std::to_string(t.y);
}

std::string Iso(const std::optional<Day>& day) { return day ? Iso(*day) : ""; }

bool IsWeekend(Day day) { return (day + 3) % 7 >= 5; }  // 1970-01-01 was a Thursday

// Whole years from `born` to `on`: a person's age.
int YearsBetween(Day born, Day on) {
  const Ymd b = ToYmd(born), o = ToYmd(on);
  return o.y - b.y - ((o.m < b.m || (o.m == b.m && o.d < b.d)) ? 1 : 0);
}

// The contract year (1, 2, ...) a day falls in, for a term starting on
// `term_start`, clamped to [1, years] so that rows just outside the term
// follow the nearest year's trend.
int ContractYear(Day term_start, int years, Day day) {
  return std::clamp(YearsBetween(term_start, day) + 1, 1, years);
}

// ---------------------------------------------------------------- money, ids, CSV

// 1234.50
std::string Plain(Pennies p) {
  const std::string sign = p < 0 ? "-" : "";
  const int64_t a = p < 0 ? -p : p;
  return sign + std::to_string(a / 100) + "." + TwoDigits(static_cast<int>(a % 100));
}

// £1,234.50
std::string Pounds(Pennies p) {
  const std::string sign = p < 0 ? "-" : "";
  const int64_t a = p < 0 ? -p : p;
  std::string whole = std::to_string(a / 100);
  for (int i = static_cast<int>(whole.size()) - 3; i > 0; i -= 3) whole.insert(static_cast<size_t>(i), ",");
  return sign + "£" + whole + "." + TwoDigits(static_cast<int>(a % 100));
}

// "R000042"
std::string Serial(std::string_view prefix, int n, int width) {
  std::string digits = std::to_string(n);
  return std::string(prefix) +
         std::string(static_cast<size_t>(std::max(0, width - static_cast<int>(digits.size()))), '0') + digits;
}

// A new ten-digit NHS number in the range 999 000 0000 to 999 999 9999, which
// NHS England reserves for testing, so that no sample row can name a real
// patient. The last digit is the modulus 11 check digit, as in a real number.
std::string NewNhsNumber(Rng& rng, std::set<std::string>& used) {
  for (;;) {
    std::string n = "999" + Serial("", static_cast<int>(rng.Below(1'000'000)));
    int sum = 0;
    for (int i = 0; i < 9; ++i) sum += (n[static_cast<size_t>(i)] - '0') * (10 - i);
    const int check = (11 - sum % 11) % 11;
    if (check == 10) continue;  // no valid check digit: not an NHS number
    n += static_cast<char>('0' + check);
    if (used.insert(n).second) return n;
  }
}

std::string Bool(bool b, std::string_view yes, std::string_view no) { return std::string(b ? yes : no); }

void Csv::Add(std::vector<std::string> cells) {
  if (cells.size() != header_.size()) throw std::logic_error("a row with the wrong number of cells");
  rows_.push_back(std::move(cells));
}

void Csv::Write(const fs::path& file) const {
  std::ofstream out(file, std::ios::binary);
  WriteLine(out, header_);
  for (const auto& row : rows_) WriteLine(out, row);
  if (!out) throw std::runtime_error("cannot write " + file.string());
  std::cout << file.string() << ": " << rows_.size() << " rows\n";
}

void Csv::WriteLine(std::ostream& out, const std::vector<std::string>& cells) {
  for (size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out << ',';
    const std::string& c = cells[i];
    if (c.find_first_of(",\"\r\n") == std::string::npos) {
      out << c;
      continue;
    }
    out << '"';
    for (char ch : c) out << (ch == '"' ? "\"\"" : std::string(1, ch));
    out << '"';
  }
  out << '\n';
}

}  // namespace ocf_examples
