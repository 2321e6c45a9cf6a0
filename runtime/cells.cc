#include "runtime/cells.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "runtime/safe_text.h"

namespace ocf {
namespace {

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

bool StripPrefix(std::string_view& s, std::string_view prefix) {
  if (s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  return true;
}

// Digits with an optional sign and point; no underscores or separators.
bool PlainNumber(std::string_view s, bool allow_point) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s.empty()) return false;
  bool digit = false, point = false;
  for (char c : s) {
    if (c >= '0' && c <= '9')
      digit = true;
    else if (c == '.' && allow_point && !point)
      point = true;
    else
      return false;
  }
  return digit && s.back() != '.';
}

// A PlainNumber without a point, as int64; nullopt when it does not fit.
// Done by hand because int cells are the commonest and Decimal::Parse allocates.
std::optional<int64_t> ParseInt64(std::string_view s) {
  bool negative = false;
  if (s[0] == '-' || s[0] == '+') {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  // Accumulate negatively: INT64_MIN has no positive counterpart.
  int64_t v = 0;
  constexpr int64_t kMin = INT64_MIN;
  for (char c : s) {
    int d = c - '0';
    if (v < (kMin + d) / 10) return std::nullopt;
    v = v * 10 - d;
  }
  if (negative) return v;
  if (v == kMin) return std::nullopt;
  return -v;
}

// Two ASCII digits at s[pos], or -1.
int TwoDigits(std::string_view s, size_t pos) {
  char a = s[pos], b = s[pos + 1];
  if (a < '0' || a > '9' || b < '0' || b > '9') return -1;
  return (a - '0') * 10 + (b - '0');
}

std::string EnumList(const std::vector<std::string>& values) {
  std::string list;
  for (size_t i = 0; i < values.size(); ++i) list += (i ? ", `" : "`") + values[i] + "`";
  return list;
}

ParsedCell Problem(std::string message) { return ParsedCell{std::monostate{}, std::move(message)}; }

// "pounds (GBP)"; a code ocf does not know (a contract with errors) as itself.
std::string CurrencyName(const Currency* c, std::string_view code) {
  return c ? fmt::format("{} ({})", c->units, c->code) : std::string(code);
}

// A money cell of a column whose contract is in `currency`: an amount with no
// symbol, or with that currency's, is read; another currency's symbol never
// is (a `$100` is not £100, and summing it with pounds would be wrong money).
ParsedCell ReadMoney(std::string_view cell, std::string_view currency) {
  const Currency* contract = CurrencyOfCode(currency);
  std::string_view symbol = contract ? contract->symbol : "\u00A3";
  std::optional<MoneyCell> v = ParseMoneyCell(cell);
  if (!v) {
    return Problem(fmt::format("`{}` is not an amount of money (write `1234.50` or `{}1,234.50`)",
                               ShowCell(cell), symbol));
  }
  if (v->written_in && v->written_in->code != currency) {
    return Problem(
        fmt::format("`{}` is in {}, but this contract is in {}: write amounts in {}, with `{}` or no symbol",
                    ShowCell(cell), CurrencyName(v->written_in, ""), CurrencyName(contract, currency),
                    contract ? contract->units : currency, symbol));
  }
  return ParsedCell{v->amount, {}};
}

}  // namespace

std::optional<bool> ParseBoolCell(std::string_view cell) {
  for (std::string_view yes : {"true", "yes", "y", "1"})
    if (EqualsIgnoringCase(cell, yes)) return true;
  for (std::string_view no : {"false", "no", "n", "0"})
    if (EqualsIgnoringCase(cell, no)) return false;
  return std::nullopt;
}

const std::vector<Currency>& KnownCurrencies() {
  static const std::vector<Currency> kCurrencies = {
      {"GBP", "\u00A3", "pounds"}, {"USD", "$", "dollars"}, {"EUR", "\u20AC", "euros"}};
  return kCurrencies;
}

const Currency* CurrencyOfCode(std::string_view code) {
  for (const Currency& c : KnownCurrencies())
    if (c.code == code) return &c;
  return nullptr;
}

std::string CurrencySymbol(std::string_view code) {
  const Currency* c = CurrencyOfCode(code);
  return std::string(c ? c->symbol : "\u00A3");
}

std::optional<MoneyCell> ParseMoneyCell(std::string_view cell) {
  bool negative = false;
  if (!cell.empty() && cell[0] == '-') {
    negative = true;
    cell.remove_prefix(1);
  }
  const Currency* written_in = nullptr;
  for (const Currency& c : KnownCurrencies()) {
    if (StripPrefix(cell, c.symbol)) {
      written_in = &c;
      break;
    }
  }
  if (!negative && !cell.empty() && cell[0] == '-') {
    negative = true;
    cell.remove_prefix(1);
  }
  // Thousands separators: groups of three digits before the point.
  std::string digits;
  size_t point = cell.find('.');
  std::string_view whole = cell.substr(0, point);
  if (whole.find(',') != std::string_view::npos) {
    size_t group = 0;
    bool first = true;
    for (size_t i = 0; i < whole.size(); ++i) {
      if (whole[i] == ',') {
        if ((first && (group == 0 || group > 3)) || (!first && group != 3)) return std::nullopt;
        first = false;
        group = 0;
      } else {
        ++group;
        digits += whole[i];
      }
    }
    if (group != 3) return std::nullopt;
  } else {
    digits = std::string(whole);
  }
  if (point != std::string_view::npos) digits += std::string(cell.substr(point));
  if (!PlainNumber(digits, true)) return std::nullopt;
  std::optional<Decimal> amount = Decimal::Parse((negative ? "-" : "") + digits);
  if (!amount) return std::nullopt;
  return MoneyCell{*amount, written_in};
}

std::optional<Decimal> ParsePercentCell(std::string_view cell) {
  if (!cell.empty() && cell.back() == '%') {
    cell.remove_suffix(1);
    if (!PlainNumber(cell, true)) return std::nullopt;
    return Decimal::Parse(cell, -2);
  }
  if (!PlainNumber(cell, true)) return std::nullopt;
  return Decimal::Parse(cell);
}

std::optional<Date> ParseDateCell(std::string_view cell, bool uk_dates) {
  if (!uk_dates) return Date::ParseIso(cell);
  if (cell.size() != 10 || cell[2] != '/' || cell[5] != '/') return std::nullopt;
  int day = TwoDigits(cell, 0), month = TwoDigits(cell, 3), century = TwoDigits(cell, 6),
      year = TwoDigits(cell, 8);
  if (day < 0 || month < 0 || century < 0 || year < 0) return std::nullopt;
  return Date::FromYmd(century * 100 + year, month, day);
}

std::string ShowCell(std::string_view cell) {
  constexpr size_t kMaxShown = 40;
  size_t end = cell.size();
  if (end > kMaxShown) {
    end = kMaxShown;
    // Back up to the start of a UTF-8 character: never cut one in half.
    for (size_t back = 0; back < 3 && end > 0 && (static_cast<unsigned char>(cell[end]) & 0xC0) == 0x80;
         ++back)
      --end;
  }
  // Escaped as on a terminal (runtime/safe_text.h): the message may be
  // printed there, and in JSON it stays readable.
  std::string out = TerminalText(cell.substr(0, end));
  if (end < cell.size()) out += "...";
  return out;
}

ParsedCell ParseCell(std::string_view cell, const ColumnSpec& column) {
  if (cell.empty()) {
    if (column.optional) return {};
    return Problem(
        "the cell is empty, but the column is required (declare it with `?` if it may be missing)");
  }
  switch (column.kind) {
    case ColumnKind::Int:
      if (!PlainNumber(cell, false))
        return Problem(fmt::format("`{}` is not a whole number", ShowCell(cell)));
      if (std::optional<int64_t> v = ParseInt64(cell)) return {*v, {}};
      return Problem(fmt::format("`{}` is too large", ShowCell(cell)));
    case ColumnKind::Decimal:
      if (!PlainNumber(cell, true)) return Problem(fmt::format("`{}` is not a number", ShowCell(cell)));
      if (std::optional<Decimal> v = Decimal::Parse(cell)) return {*v, {}};
      return Problem(fmt::format("`{}` cannot be held exactly", ShowCell(cell)));
    case ColumnKind::Percent:
      if (std::optional<Decimal> v = ParsePercentCell(cell)) return {*v, {}};
      return Problem(fmt::format("`{}` is not a percentage (write `95%` or `0.95`)", ShowCell(cell)));
    case ColumnKind::Money:
      return ReadMoney(cell, column.currency);
    case ColumnKind::Bool:
      if (std::optional<bool> v = ParseBoolCell(cell)) return {*v, {}};
      return Problem(
          fmt::format("`{}` is not true or false (write true/false, yes/no, y/n or 1/0)", ShowCell(cell)));
    case ColumnKind::Date:
      if (std::optional<Date> v = ParseDateCell(cell, column.uk_dates)) return {*v, {}};
      return Problem(fmt::format("`{}` is not a date (write it as {})", ShowCell(cell),
                                 column.uk_dates ? "DD/MM/YYYY" : "YYYY-MM-DD"));
    case ColumnKind::Text:
    case ColumnKind::Id:
      return {cell, {}};
    case ColumnKind::Enum: {
      auto it = std::find(column.enum_values.begin(), column.enum_values.end(), cell);
      if (it != column.enum_values.end())
        return {EnumIndex{static_cast<uint32_t>(it - column.enum_values.begin())}, {}};
      return Problem(fmt::format("`{}` is not one of: {}", ShowCell(cell), EnumList(column.enum_values)));
    }
  }
  return {};
}

std::string CellProblem(std::string_view cell, const ColumnSpec& column) {
  return ParseCell(cell, column).problem;
}

}  // namespace ocf
