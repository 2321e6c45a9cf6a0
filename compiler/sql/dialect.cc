#include "compiler/sql/dialect.h"

#include <fmt/format.h>

namespace ocf::sql {

std::optional<Dialect> ParseDialect(const std::string& name) {
  if (name == "postgres" || name == "postgresql") return Dialect::Postgres;
  if (name == "duckdb") return Dialect::DuckDB;
  if (name == "spark") return Dialect::Spark;
  return std::nullopt;
}

const char* DialectName(Dialect d) {
  switch (d) {
    case Dialect::Postgres:
      return "postgres";
    case Dialect::DuckDB:
      return "duckdb";
    case Dialect::Spark:
      return "spark";
  }
  return "postgres";
}

std::string DialectRules::ColumnType(plan::ValueType t) const {
  switch (t) {
    case plan::ValueType::Int:
    case plan::ValueType::DayDuration:
    case plan::ValueType::MonthDuration:
      return "BIGINT";
    case plan::ValueType::Decimal:
      return d_ == Dialect::Postgres ? "NUMERIC" : "DECIMAL(38,18)";
    case plan::ValueType::Bool:
      return "BOOLEAN";
    case plan::ValueType::Date:
      return "DATE";
    case plan::ValueType::Text:
      return d_ == Dialect::Postgres ? "TEXT" : d_ == Dialect::DuckDB ? "VARCHAR" : "STRING";
  }
  return "TEXT";
}

std::string DialectRules::Ident(std::string_view name) const {
  char q = d_ == Dialect::Spark ? '`' : '"';
  std::string out(1, q);
  for (char c : name) {
    if (c == q) out += q;
    out += c;
  }
  out += q;
  return out;
}

std::string DialectRules::TableRef(std::string_view written) const {
  std::string out;
  size_t from = 0;
  while (true) {
    size_t dot = written.find('.', from);
    out += Ident(written.substr(from, dot == std::string_view::npos ? std::string_view::npos : dot - from));
    if (dot == std::string_view::npos) break;
    out += '.';
    from = dot + 1;
  }
  return out;
}

std::string DialectRules::Text(std::string_view s) const {
  std::string out = "'";
  for (char c : s) {
    if (c == '\'') out += '\'';
    if (c == '\\' && d_ == Dialect::Spark) out += '\\';
    out += c;
  }
  out += '\'';
  return out;
}

std::string DialectRules::DateLiteral(Date d) const { return "DATE '" + d.ToString() + "'"; }

std::string DialectRules::DecimalLiteral(const Decimal& d) const {
  // A literal's type is its own digits: 1.5 is NUMERIC (postgres) or
  // DECIMAL(2,1) (duckdb, spark), so sums and comparisons with it stay exact.
  std::string s = d.ToString();
  if (s.find('.') == std::string::npos) s += ".0";
  if (d_ == Dialect::Postgres) return s[0] == '-' ? "(" + s + ")" : s;
  // Say its type: DuckDB reads a literal of over 38 digits as a DOUBLE, and
  // Spark one of over 38 digits or in exponent form.
  size_t digits = 0, scale = s.size() - s.find('.') - 1;
  for (char c : s) digits += c >= '0' && c <= '9';
  return fmt::format("CAST({} AS DECIMAL({},{}))", s, std::max<size_t>(digits, scale + 1), scale);
}

std::string DialectRules::IntLiteral(int64_t v) const {
  if (v == INT64_MIN) return "(-9223372036854775807 - 1)";
  std::string s = std::to_string(v);
  return v < 0 ? "(" + s + ")" : "CAST(" + s + " AS BIGINT)";
}

std::string DialectRules::IntDiv(const std::string& a, const std::string& b) const {
  switch (d_) {
    case Dialect::Postgres:
      return "(" + a + ") / (" + b + ")";
    case Dialect::DuckDB:
      return "(" + a + ") // (" + b + ")";
    case Dialect::Spark:
      return "(" + a + ") div (" + b + ")";
  }
  return a;
}

std::string DialectRules::AddDays(const std::string& date, const std::string& n) const {
  switch (d_) {
    case Dialect::Postgres:
      return "(" + date + " + CAST(" + n + " AS INTEGER))";
    case Dialect::DuckDB:
      return "CAST(" + date + " + to_days(CAST(" + n + " AS INTEGER)) AS DATE)";
    case Dialect::Spark:
      return "date_add(" + date + ", CAST(" + n + " AS INT))";
  }
  return date;
}

std::string DialectRules::AddMonths(const std::string& date, const std::string& n) const {
  switch (d_) {
    case Dialect::Postgres:
      return "CAST(" + date + " + make_interval(months => CAST(" + n + " AS INTEGER)) AS DATE)";
    case Dialect::DuckDB:
      return "CAST(" + date + " + to_months(CAST(" + n + " AS INTEGER)) AS DATE)";
    case Dialect::Spark:
      return "add_months(" + date + ", CAST(" + n + " AS INT))";
  }
  return date;
}

std::string DialectRules::DateDiff(const std::string& a, const std::string& b) const {
  switch (d_) {
    case Dialect::Postgres:
      return "CAST((" + a + ") - (" + b + ") AS BIGINT)";
    case Dialect::DuckDB:
      return "CAST(date_diff('day', " + b + ", " + a + ") AS BIGINT)";
    case Dialect::Spark:
      return "CAST(datediff(" + a + ", " + b + ") AS BIGINT)";
  }
  return a;
}

std::string DialectRules::DatePart(const char* part, const std::string& date) const {
  return fmt::format("CAST(EXTRACT({} FROM {}) AS BIGINT)", part, date);
}

std::string DialectRules::Preamble() const {
  if (d_ != Dialect::Spark) return "";
  // Without these Spark wraps an overflowing BIGINT, makes an overflowing
  // DECIMAL null and rounds a DECIMAL(38,18) sum's digits away.
  return "SET spark.sql.ansi.enabled = true;\n"
         "SET spark.sql.decimalOperations.allowPrecisionLoss = false;\n";
}

std::string DialectRules::AsText(const std::string& e, plan::ValueType t) const {
  const char* text = d_ == Dialect::Postgres ? "TEXT" : d_ == Dialect::DuckDB ? "VARCHAR" : "STRING";
  if (t == plan::ValueType::Bool)
    return "CASE WHEN " + e + " THEN 'true' WHEN NOT " + e + " THEN 'false' END";
  return fmt::format("CAST({} AS {})", e, text);
}

}  // namespace ocf::sql
