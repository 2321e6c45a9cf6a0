#include "runtime/cells.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

namespace ocf {
namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
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

}  // namespace

std::optional<bool> ParseBoolCell(std::string_view cell) {
  std::string v = Lower(cell);
  if (v == "true" || v == "yes" || v == "y" || v == "1") return true;
  if (v == "false" || v == "no" || v == "n" || v == "0") return false;
  return std::nullopt;
}

std::optional<Decimal> ParseMoneyCell(std::string_view cell) {
  bool negative = false;
  if (!cell.empty() && cell[0] == '-') {
    negative = true;
    cell.remove_prefix(1);
  }
  StripPrefix(cell, "\u00A3") || StripPrefix(cell, "$") || StripPrefix(cell, "\u20AC");
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
  return Decimal::Parse((negative ? "-" : "") + digits);
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
  std::string iso = fmt::format("{}-{}-{}", cell.substr(6, 4), cell.substr(3, 2), cell.substr(0, 2));
  return Date::ParseIso(iso);
}

std::string CellProblem(std::string_view cell, const ColumnSpec& column) {
  if (cell.empty())
    return column.optional
               ? ""
               : "the cell is empty, but the column is required (declare it with `?` if it may be missing)";
  std::string shown = cell.size() > 40 ? std::string(cell.substr(0, 40)) + "..." : std::string(cell);
  switch (column.kind) {
    case ColumnKind::Int:
      if (!PlainNumber(cell, false)) return fmt::format("`{}` is not a whole number", shown);
      if (!Decimal::Parse(cell) || !Decimal::Parse(cell)->ToInt64())
        return fmt::format("`{}` is too large", shown);
      return "";
    case ColumnKind::Decimal:
      if (!PlainNumber(cell, true)) return fmt::format("`{}` is not a number", shown);
      if (!Decimal::Parse(cell)) return fmt::format("`{}` cannot be held exactly", shown);
      return "";
    case ColumnKind::Percent:
      return ParsePercentCell(cell) ? ""
                                    : fmt::format("`{}` is not a percentage (write `95%` or `0.95`)", shown);
    case ColumnKind::Money:
      return ParseMoneyCell(cell)
                 ? ""
                 : fmt::format("`{}` is not an amount of money (write `1234.50` or `£1,234.50`)", shown);
    case ColumnKind::Bool:
      return ParseBoolCell(cell)
                 ? ""
                 : fmt::format("`{}` is not true or false (write true/false, yes/no, y/n or 1/0)", shown);
    case ColumnKind::Date:
      if (ParseDateCell(cell, column.uk_dates)) return "";
      return fmt::format("`{}` is not a date (write it as {})", shown,
                         column.uk_dates ? "DD/MM/YYYY" : "YYYY-MM-DD");
    case ColumnKind::Text:
    case ColumnKind::Id:
      return "";
    case ColumnKind::Enum: {
      if (std::find(column.enum_values.begin(), column.enum_values.end(), cell) != column.enum_values.end())
        return "";
      std::string list;
      for (size_t i = 0; i < column.enum_values.size(); ++i)
        list += (i ? ", `" : "`") + column.enum_values[i] + "`";
      return fmt::format("`{}` is not one of: {}", shown, list);
    }
  }
  return "";
}

}  // namespace ocf
