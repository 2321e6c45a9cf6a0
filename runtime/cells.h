// Reading one cell of provider data (a CSV field or an inline test table
// cell) as a value of its column's type, by the rules of docs/language.md §4.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/date.h"
#include "runtime/decimal.h"

namespace ocf {

enum class ColumnKind { Int, Decimal, Percent, Money, Bool, Date, Text, Id, Enum };

struct ColumnSpec {
  ColumnKind kind = ColumnKind::Text;
  bool optional = false;
  std::vector<std::string> enum_values;
  bool uk_dates = false;  // `date_format "DD/MM/YYYY"`
};

std::optional<bool> ParseBoolCell(std::string_view cell);
// `1234.5`, `£1,234.50`, `-12.00` (any of £ $ €; thousands separators).
std::optional<Decimal> ParseMoneyCell(std::string_view cell);
// `95%` or `0.95`.
std::optional<Decimal> ParsePercentCell(std::string_view cell);
std::optional<Date> ParseDateCell(std::string_view cell, bool uk_dates);

// Empty when `cell` (already trimmed) is a valid value of the column,
// otherwise why not, for a `file:line: column: why` report.
std::string CellProblem(std::string_view cell, const ColumnSpec& column);

}  // namespace ocf
