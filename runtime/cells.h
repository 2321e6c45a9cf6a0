// Reading one cell of provider data (a CSV field or an inline test table
// cell) as a value of its column's type, by the rules of docs/language.md §4.
//
// This is the only place that knows how a cell is spelled: the CSV reader
// (runtime/csv_reader.h) and the checker's test tables (compiler/sema) both
// call ParseCell, so a cell means the same wherever it is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "runtime/date.h"
#include "runtime/decimal.h"

namespace ocf {

enum class ColumnKind { Int, Decimal, Percent, Money, Bool, Date, Text, Id, Enum };

// A currency ocf knows: its code (a contract's `currency`), the symbol its
// amounts are written with, and what its units are called in messages.
struct Currency {
  std::string_view code;    // "GBP"
  std::string_view symbol;  // "£"
  std::string_view units;   // "pounds"
};

// GBP (£), USD ($) and EUR (€): every currency a contract or a cell may name.
const std::vector<Currency>& KnownCurrencies();
// The currency with this code, or null.
const Currency* CurrencyOfCode(std::string_view code);
// The symbol amounts in the currency with this code are written with (`£`
// for a code ocf does not know: sema has refused it already).
std::string CurrencySymbol(std::string_view code);

// What a column holds, as its data block declares it. Built from the syntax
// tree by the compiler (compiler/sema/schema.h); runtime/ never sees the tree.
struct ColumnSpec {
  std::string name;
  ColumnKind kind = ColumnKind::Text;
  bool optional = false;
  bool key = false;                      // values must be unique
  std::vector<std::string> enum_values;  // Enum: the declared values, in order
  bool uk_dates = false;                 // `date_format "DD/MM/YYYY"`
  // Money: the contract's `currency` (its code). A cell written with another
  // currency's symbol is a problem, never an amount of this one.
  std::string currency = "GBP";
};

// One dataset's columns, in declared order.
struct TableSchema {
  std::string name;  // the dataset: `referrals`
  std::vector<ColumnSpec> columns;
};

// The index of an enumeration value in ColumnSpec::enum_values.
struct EnumIndex {
  uint32_t index = 0;
  friend bool operator==(EnumIndex a, EnumIndex b) = default;
};

// A cell's value. monostate is missing; otherwise the alternative follows the
// column's kind: Int -> int64_t; Decimal, Percent (the fraction: 95% is 0.95),
// Money -> Decimal; Bool -> bool; Date -> Date; Text, Id -> the cell's text
// (a view of the cell passed in); Enum -> EnumIndex.
using CellValue = std::variant<std::monostate, int64_t, Decimal, bool, Date, std::string_view, EnumIndex>;

struct ParsedCell {
  CellValue value;      // monostate when missing or when there is a problem
  std::string problem;  // empty when the cell is a valid value (or an allowed missing one)
};

// Reads `cell` (already trimmed) as a value of `column`. An empty cell is
// missing, which is a problem when the column is not optional. Problems are
// phrased for a `file:line: column: why` report and show the cell as written
// (shortened, control characters escaped).
ParsedCell ParseCell(std::string_view cell, const ColumnSpec& column);

// ParseCell(cell, column).problem.
std::string CellProblem(std::string_view cell, const ColumnSpec& column);

// The single-kind readers ParseCell is made of.
std::optional<bool> ParseBoolCell(std::string_view cell);
// An amount of money as a cell writes it, and the currency its symbol names
// (null when it has none).
struct MoneyCell {
  Decimal amount;
  const Currency* written_in = nullptr;
};
// `1234.5`, `£1,234.50`, `-12.00`, `-$5` (a known currency's symbol or none;
// thousands separators). Which currency is the caller's to judge.
std::optional<MoneyCell> ParseMoneyCell(std::string_view cell);
// `95%` or `0.95`.
std::optional<Decimal> ParsePercentCell(std::string_view cell);
std::optional<Date> ParseDateCell(std::string_view cell, bool uk_dates);

// A cell as shown inside a message: at most 40 bytes (cut at a character
// boundary, then `...`), control characters escaped (`\n`, `\x01`) so a
// message stays on one line.
std::string ShowCell(std::string_view cell);

}  // namespace ocf
