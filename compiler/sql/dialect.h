// What differs between the SQL engines ocf writes for. Everything else in
// compiler/sql is written once, in the SQL the three share (CTEs, CASE,
// GROUPING SETS, window functions, EXISTS).
#pragma once

#include <string>
#include <string_view>

#include "compiler/sql/sql.h"
#include "plan/plan.h"
#include "runtime/date.h"
#include "runtime/decimal.h"

namespace ocf::sql {

class DialectRules {
 public:
  explicit DialectRules(Dialect d) : d_(d) {}
  Dialect dialect() const { return d_; }

  // A column type for a value held as `t` (text for Text).
  std::string ColumnType(plan::ValueType t) const;
  // "name" quoted as an identifier: "x" (postgres, duckdb), `x` (spark).
  std::string Ident(std::string_view name) const;
  // A table reference as the user wrote it (SCHEMA.TABLE): each part quoted.
  std::string TableRef(std::string_view written) const;
  // A text literal: 'it''s' (postgres, duckdb); spark escapes backslashes too.
  std::string Text(std::string_view s) const;
  std::string DateLiteral(Date d) const;  // DATE '2014-04-01'
  // An exact decimal constant, typed so that arithmetic with it stays exact.
  std::string DecimalLiteral(const Decimal& d) const;
  std::string IntLiteral(int64_t v) const;
  // Integer division of non-negative BIGINTs, truncating.
  std::string IntDiv(const std::string& a, const std::string& b) const;
  // date + n days / months (n a BIGINT expression; months clamp to the
  // month's end as LANGUAGE.md §2 says, as all three engines do).
  std::string AddDays(const std::string& date, const std::string& n) const;
  std::string AddMonths(const std::string& date, const std::string& n) const;
  // Days from b to a (a - b), as BIGINT.
  std::string DateDiff(const std::string& a, const std::string& b) const;
  // year/month/day of a date, as BIGINT.
  std::string DatePart(const char* part, const std::string& date) const;
  // `e` as a BIGINT, and a typed null: what every script's columns are made of.
  std::string Bigint(const std::string& e) const { return "CAST(" + e + " AS BIGINT)"; }
  std::string Null(plan::ValueType t) const { return "CAST(NULL AS " + ColumnType(t) + ")"; }
  // What a script starts with (Spark: the settings that keep it exact).
  std::string Preamble() const;
  // A value as text in the result (exact: plain notation for decimals, ISO
  // dates, true/false).
  std::string AsText(const std::string& e, plan::ValueType t) const;
  // Whether decimal products and quotients in row expressions are exact (a
  // NUMERIC of any precision); DuckDB's and Spark's DECIMAL stop at 38
  // digits, so there they are not pushed down.
  bool ExactDecimalArithmetic() const { return d_ == Dialect::Postgres; }

 private:
  Dialect d_;
};

}  // namespace ocf::sql
