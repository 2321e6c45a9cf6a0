// Reading one cell as a value of its column (runtime/cells.h): the spellings
// docs/language.md §4 accepts, the exact values they give, and the messages
// for those it does not.
#include "runtime/cells.h"

#include <gtest/gtest.h>

namespace ocf {
namespace {

ColumnSpec Spec(ColumnKind kind, bool optional = false) {
  ColumnSpec spec;
  spec.name = "c";
  spec.kind = kind;
  spec.optional = optional;
  return spec;
}

template <typename T>
T ValueOf(std::string_view cell, const ColumnSpec& spec) {
  ParsedCell parsed = ParseCell(cell, spec);
  EXPECT_EQ(parsed.problem, "") << cell;
  EXPECT_TRUE(std::holds_alternative<T>(parsed.value)) << cell;
  return std::holds_alternative<T>(parsed.value) ? std::get<T>(parsed.value) : T{};
}

Decimal Dec(std::string_view text) { return *Decimal::Parse(text); }

TEST(Cells, Ints) {
  ColumnSpec spec = Spec(ColumnKind::Int);
  EXPECT_EQ(ValueOf<int64_t>("42", spec), 42);
  EXPECT_EQ(ValueOf<int64_t>("-7", spec), -7);
  EXPECT_EQ(ValueOf<int64_t>("+7", spec), 7);
  EXPECT_EQ(ValueOf<int64_t>("9223372036854775807", spec), INT64_MAX);
  EXPECT_EQ(ValueOf<int64_t>("-9223372036854775808", spec), INT64_MIN);
  EXPECT_EQ(CellProblem("9223372036854775808", spec), "`9223372036854775808` is too large");
  EXPECT_EQ(CellProblem("-9223372036854775809", spec), "`-9223372036854775809` is too large");
  EXPECT_EQ(CellProblem("4.5", spec), "`4.5` is not a whole number");
  EXPECT_EQ(CellProblem("1_000", spec), "`1_000` is not a whole number");
  EXPECT_EQ(CellProblem("forty", spec), "`forty` is not a whole number");
}

TEST(Cells, DecimalsAreExact) {
  ColumnSpec spec = Spec(ColumnKind::Decimal);
  EXPECT_EQ(ValueOf<Decimal>("0.1", spec), Dec("0.1"));
  EXPECT_EQ(ValueOf<Decimal>("-12.000000000000000001", spec), Dec("-12.000000000000000001"));
  EXPECT_EQ(ValueOf<Decimal>("3", spec), Decimal::FromInt(3));
  EXPECT_EQ(CellProblem("1e5", spec), "`1e5` is not a number");
  EXPECT_EQ(CellProblem("0.0000000000000000001", spec), "`0.0000000000000000001` cannot be held exactly");
}

TEST(Cells, Percentages) {
  ColumnSpec spec = Spec(ColumnKind::Percent);
  EXPECT_EQ(ValueOf<Decimal>("95%", spec), Dec("0.95"));
  EXPECT_EQ(ValueOf<Decimal>("0.95", spec), Dec("0.95"));
  EXPECT_EQ(ValueOf<Decimal>("12.5%", spec), Dec("0.125"));
  EXPECT_EQ(CellProblem("95 percent", spec), "`95 percent` is not a percentage (write `95%` or `0.95`)");
}

TEST(Cells, Money) {
  ColumnSpec spec = Spec(ColumnKind::Money);
  EXPECT_EQ(ValueOf<Decimal>("1234.5", spec), Dec("1234.5"));
  EXPECT_EQ(ValueOf<Decimal>("£1,234.50", spec), Dec("1234.5"));
  EXPECT_EQ(ValueOf<Decimal>("-£1,234,567.01", spec), Dec("-1234567.01"));
  EXPECT_EQ(ValueOf<Decimal>("£-12.00", spec), Dec("-12"));
  EXPECT_EQ(CellProblem("£1,23.00", spec),
            "`£1,23.00` is not an amount of money (write `1234.50` or `£1,234.50`)");
  EXPECT_EQ(CellProblem("£12k", spec), "`£12k` is not an amount of money (write `1234.50` or `£1,234.50`)");
}

// A cell in another currency is never an amount of the contract's: `$100`
// in a GBP contract is not £100 (summed with pounds it would be wrong money).
TEST(Cells, MoneyInAnotherCurrencyIsAProblem) {
  ColumnSpec gbp = Spec(ColumnKind::Money);
  gbp.currency = "GBP";
  EXPECT_EQ(CellProblem("$100.00", gbp),
            "`$100.00` is in dollars (USD), but this contract is in pounds (GBP): write amounts in pounds, "
            "with `£` or no symbol");
  EXPECT_EQ(CellProblem("€50.00", gbp),
            "`€50.00` is in euros (EUR), but this contract is in pounds (GBP): write amounts in pounds, with "
            "`£` or no symbol");
  EXPECT_NE(CellProblem("-$1,000", gbp), "");
  EXPECT_NE(CellProblem("$-5", gbp), "");

  ColumnSpec usd = Spec(ColumnKind::Money);
  usd.currency = "USD";
  EXPECT_EQ(ValueOf<Decimal>("$1,234.50", usd), Dec("1234.5"));
  EXPECT_EQ(ValueOf<Decimal>("-$5", usd), Dec("-5"));
  EXPECT_EQ(ValueOf<Decimal>("12", usd), Dec("12"));
  EXPECT_EQ(
      CellProblem("£100", usd),
      "`£100` is in pounds (GBP), but this contract is in dollars (USD): write amounts in dollars, with "
      "`$` or no symbol");
  EXPECT_NE(CellProblem("€1", usd), "");
  // The hint for an unreadable amount uses the contract's symbol.
  EXPECT_EQ(CellProblem("12k", usd), "`12k` is not an amount of money (write `1234.50` or `$1,234.50`)");

  ColumnSpec eur = Spec(ColumnKind::Money);
  eur.currency = "EUR";
  EXPECT_EQ(ValueOf<Decimal>("€0.50", eur), Dec("0.5"));
  EXPECT_NE(CellProblem("£1", eur), "");
  EXPECT_NE(CellProblem("$1", eur), "");
}

TEST(Cells, Booleans) {
  ColumnSpec spec = Spec(ColumnKind::Bool);
  for (std::string_view yes : {"true", "TRUE", "Yes", "y", "Y", "1"}) EXPECT_TRUE(ValueOf<bool>(yes, spec));
  for (std::string_view no : {"false", "False", "NO", "n", "0"}) EXPECT_FALSE(ValueOf<bool>(no, spec));
  EXPECT_EQ(CellProblem("maybe", spec),
            "`maybe` is not true or false (write true/false, yes/no, y/n or 1/0)");
}

TEST(Cells, DatesIsoAndUkOrder) {
  ColumnSpec iso = Spec(ColumnKind::Date);
  EXPECT_EQ(ValueOf<Date>("2014-04-01", iso), *Date::FromYmd(2014, 4, 1));
  EXPECT_EQ(CellProblem("01/04/2014", iso), "`01/04/2014` is not a date (write it as YYYY-MM-DD)");
  EXPECT_EQ(CellProblem("2014-02-30", iso), "`2014-02-30` is not a date (write it as YYYY-MM-DD)");
  ColumnSpec uk = iso;
  uk.uk_dates = true;
  EXPECT_EQ(ValueOf<Date>("01/04/2014", uk), *Date::FromYmd(2014, 4, 1));
  EXPECT_EQ(ValueOf<Date>("29/02/2016", uk), *Date::FromYmd(2016, 2, 29));
  EXPECT_EQ(CellProblem("29/02/2015", uk), "`29/02/2015` is not a date (write it as DD/MM/YYYY)");
  EXPECT_EQ(CellProblem("1/4/2014", uk), "`1/4/2014` is not a date (write it as DD/MM/YYYY)");
  EXPECT_EQ(CellProblem("2014-04-01", uk), "`2014-04-01` is not a date (write it as DD/MM/YYYY)");
}

TEST(Cells, TextAndEnumerations) {
  EXPECT_EQ(ValueOf<std::string_view>("r 1", Spec(ColumnKind::Id)), "r 1");
  ColumnSpec pathway = Spec(ColumnKind::Enum);
  pathway.enum_values = {"physio", "pain", "rheumatology day case"};
  EXPECT_EQ(ValueOf<EnumIndex>("pain", pathway), EnumIndex{1});
  EXPECT_EQ(ValueOf<EnumIndex>("rheumatology day case", pathway), EnumIndex{2});
  EXPECT_EQ(CellProblem("Pain", pathway), "`Pain` is not one of: `physio`, `pain`, `rheumatology day case`");
}

TEST(Cells, EmptyIsMissing) {
  ParsedCell optional = ParseCell("", Spec(ColumnKind::Date, /*optional=*/true));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(optional.value));
  EXPECT_EQ(optional.problem, "");
  EXPECT_EQ(CellProblem("", Spec(ColumnKind::Text)),
            "the cell is empty, but the column is required (declare it with `?` if it may be missing)");
}

TEST(Cells, ShownCellsStayOnOneLineAndWholeCharacters) {
  EXPECT_EQ(ShowCell("a\nb\tc\x01"), "a\\nb\\tc\\x01");
  // 39 ASCII bytes then `£` (2 bytes): cut before the `£`, not inside it.
  std::string long_cell = std::string(39, 'x') + "£££";
  EXPECT_EQ(ShowCell(long_cell), std::string(39, 'x') + "...");
  EXPECT_EQ(ShowCell(std::string(40, 'y')), std::string(40, 'y'));
}

}  // namespace
}  // namespace ocf
