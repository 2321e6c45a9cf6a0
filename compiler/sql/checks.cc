// The data rules as one SELECT (sql.h, ChecksScript): what `ocf check
// --data` finds in a CSV file, found in the warehouse's tables instead.
//
// Per table, with `r` its rows (an enumeration column that holds a value
// outside its list reads as missing there, as the CSV reader leaves such a
// cell: the check rules and keys see what `ocf check --data` sees):
//   - one aggregate over the table: its row count, the rows in the baseline,
//     and per rule the rows breaking it (a key: the rows whose value another
//     row has too, all but one per value -- the CSV reader's count);
//   - per rule, the first 20 rows breaking it, in a deterministic order (the
//     key columns, then every column), each described as text.
// The result's rows (columns kind, tbl, item, n, k, val, descr):
//   kind   'rows', 'baseline', 'check', 'key', 'missing' or 'bad-value'
//   tbl    the table's index in the plan
//   item   the check rule's index (check), the column's (key, missing,
//          bad-value); -1 for rows and baseline
//   n      k = 0: the count (of rows, or of rows breaking the rule)
//   k      0 for the count; 1..20 for a listed row, in order
//   val    a listed row's value of the column (key, bad-value), as text
//   descr  a listed row: its key columns (`referral_id=R1`), or every
//          column when the table has no key or the rule is about a key
//          column; a missing value as `age missing`
// Rows breaking a rule are read once per rule at most: the aggregate scans
// each table once (and the listing reads only rows that break a rule, with
// a LIMIT each engine does as a top-N).
#include <fmt/format.h>

#include "compiler/sql/dialect.h"
#include "compiler/sql/expr.h"
#include "runtime/sql/aggregate_result.h"

namespace ocf::sql {
namespace {

using plan::ValueType;

constexpr int kListed = 20;      // rows listed per rule, as `ocf check --data` lists
constexpr int kShownChars = 40;  // a text value shown in a description: ShowCell's cut

class ChecksWriter {
 public:
  ChecksWriter(const plan::EvaluationPlan& plan, const SqlOptions& options, DiagnosticSink& sink)
      : plan_(plan),
        no_inputs_(plan.inputs.size()),
        options_(WithoutInputs(options, no_inputs_)),
        d_(options.dialect),
        rows_(plan, d_, options_, sink),
        sink_(sink) {}

  std::optional<std::string> Write();

 private:
  // Data is checked before the inputs are known (data.h, CheckRules): every
  // input is missing in the rules, whatever `--set` says.
  static SqlOptions WithoutInputs(const SqlOptions& options, const std::vector<interp::Value>& missing) {
    SqlOptions out = options;
    out.inputs = &missing;
    return out;
  }
  std::string Int(const std::string& e) const { return d_.Bigint(e); }
  std::string Text() const { return d_.ColumnType(ValueType::Text); }
  std::string NullText() const { return d_.Null(ValueType::Text); }
  bool IsEnum(const plan::TableColumn& c) const { return !c.enum_values.empty(); }
  bool HasEnum(uint32_t t) const {
    for (const plan::TableColumn& c : plan_.tables[t].columns)
      if (IsEnum(c)) return true;
    return false;
  }
  bool IsKey(uint32_t t, uint32_t c) const {
    for (uint32_t k : plan_.tables[t].keys)
      if (k == c) return true;
    return false;
  }
  std::string EnumList(const plan::TableColumn& c) const {
    std::string out;
    for (const std::string& v : c.enum_values) out += (out.empty() ? "" : ", ") + d_.Text(v);
    return out;
  }
  // Table t as a FROM item whose columns are named as declared: the table
  // itself, or (with enumerations) a derived table where a value outside
  // the list is NULL and the value as stored is `ocf_raw_C`.
  std::string Source(uint32_t t) const;
  // Column c of row `r` as stored (for descriptions and bad values) and as
  // the rules read it.
  std::string Raw(uint32_t t, uint32_t c) const {
    return IsEnum(plan_.tables[t].columns[c]) ? fmt::format("r.ocf_raw_{}", c) : rows_.ColumnRef("r", t, c);
  }
  std::string Read(uint32_t t, uint32_t c) const { return rows_.ColumnRef("r", t, c); }
  // A value as text for people: decimals without trailing zeros, long text cut.
  std::string Shown(const std::string& e, ValueType type) const;
  // A row as text: `name=value, other missing` for `columns`.
  std::string Describe(uint32_t t, const std::vector<uint32_t>& columns) const;
  // The columns describing a row of table t breaking a rule about column c
  // (kNoSlot: a check rule): the keys, unless the rule is about one.
  std::vector<uint32_t> Described(uint32_t t, uint32_t c) const;
  std::string OrderBy(uint32_t t, const std::string& alias) const;
  // The first 20 rows of table t where `broken` holds, as result rows.
  std::string Listing(uint32_t t, const char* kind, uint32_t item, const std::string& broken,
                      const std::string& value, const std::vector<uint32_t>& described) const;
  std::string KeyListing(uint32_t t, uint32_t c) const;

  const plan::EvaluationPlan& plan_;
  std::vector<interp::Value> no_inputs_;  // every one missing
  SqlOptions options_;
  DialectRules d_;
  RowSql rows_;
  DiagnosticSink& sink_;
};

std::string ChecksWriter::Source(uint32_t t) const {
  if (!HasEnum(t)) return rows_.TableRef(t) + " r";
  const plan::Table& table = plan_.tables[t];
  std::string cols, raw;
  for (uint32_t c = 0; c < table.columns.size(); ++c) {
    const plan::TableColumn& col = table.columns[c];
    std::string x = rows_.ColumnRef("x", t, c);
    cols += cols.empty() ? "" : ", ";
    if (!IsEnum(col)) {
      cols += x;
      continue;
    }
    cols += fmt::format("CASE WHEN {} IN ({}) THEN {} END AS {}", x, EnumList(col), x, d_.Ident(col.name));
    raw += fmt::format(", {} AS ocf_raw_{}", x, c);
  }
  return fmt::format("(SELECT {}{} FROM {} x) r", cols, raw, rows_.TableRef(t));
}

std::string ChecksWriter::Shown(const std::string& e, ValueType type) const {
  std::string text = d_.AsText(e, type);
  if (type == ValueType::Decimal)
    // DuckDB's and Spark's DECIMAL(38,18) print 18 decimals: 1.5, not
    // 1.500000000000000000 (a value without a point is left alone).
    return fmt::format("CASE WHEN {0} LIKE '%.%' THEN regexp_replace({0}, '[.]?0+$', '') ELSE {0} END", text);
  if (type == ValueType::Text)
    return fmt::format("CASE WHEN length({0}) > {1} THEN substr({0}, 1, {1}) || '...' ELSE {0} END", e,
                       kShownChars);
  return text;
}

std::string ChecksWriter::Describe(uint32_t t, const std::vector<uint32_t>& columns) const {
  const plan::Table& table = plan_.tables[t];
  std::string out;
  for (uint32_t c : columns) {
    const plan::TableColumn& col = table.columns[c];
    std::string e = Raw(t, c);
    std::string part =
        fmt::format("CASE WHEN {} IS NULL THEN {} ELSE {} || {} END", e, d_.Text(col.name + " missing"),
                    d_.Text(col.name + "="), Shown(e, col.type));
    out += (out.empty() ? "" : " || ', ' || ") + part;
  }
  return out.empty() ? d_.Text("") : out;
}

std::vector<uint32_t> ChecksWriter::Described(uint32_t t, uint32_t c) const {
  const plan::Table& table = plan_.tables[t];
  std::vector<uint32_t> out;
  if (!table.keys.empty() && (c == plan::kNoSlot || !IsKey(t, c))) return table.keys;
  for (uint32_t k = 0; k < table.columns.size(); ++k) out.push_back(k);
  return out;
}

std::string ChecksWriter::OrderBy(uint32_t t, const std::string& alias) const {
  // The keys first (a listing reads in key order), then every column: rows
  // that tie are the same row. The columns as stored.
  const plan::Table& table = plan_.tables[t];
  std::vector<uint32_t> order = table.keys;
  for (uint32_t c = 0; c < table.columns.size(); ++c)
    if (!IsKey(t, c)) order.push_back(c);
  std::string out;
  for (uint32_t c : order) {
    std::string e = alias.empty() ? Raw(t, c) : fmt::format("{}.ocf_o{}", alias, c);
    out += fmt::format("{}{} ASC NULLS LAST", out.empty() ? "" : ", ", e);
  }
  return out;
}

std::string ChecksWriter::Listing(uint32_t t, const char* kind, uint32_t item, const std::string& broken,
                                  const std::string& value, const std::vector<uint32_t>& described) const {
  const plan::Table& table = plan_.tables[t];
  std::string order_cols;
  for (uint32_t c = 0; c < table.columns.size(); ++c)
    order_cols += fmt::format("{} AS ocf_o{}, ", Raw(t, c), c);
  return fmt::format(
      "SELECT '{kind}' AS kind, {t} AS tbl, {item} AS item, CAST(NULL AS BIGINT) AS n, "
      "{k} AS k, q.val AS val, q.descr AS descr\n"
      "FROM (SELECT {cols}{val} AS val, {descr} AS descr\n"
      "  FROM {src}\n  WHERE {broken}\n  ORDER BY {order}\n  LIMIT {limit}) q",
      fmt::arg("kind", kind), fmt::arg("t", Int(std::to_string(t))),
      fmt::arg("item", Int(std::to_string(item))),
      fmt::arg("k", Int(fmt::format("row_number() OVER (ORDER BY {})", OrderBy(t, "q")))),
      fmt::arg("cols", order_cols), fmt::arg("val", value), fmt::arg("descr", Describe(t, described)),
      fmt::arg("src", Source(t)), fmt::arg("broken", broken), fmt::arg("order", OrderBy(t, "")),
      fmt::arg("limit", kListed));
}

std::string ChecksWriter::KeyListing(uint32_t t, uint32_t c) const {
  // The rows whose value another row has too, but the first of each value
  // in the order of the listing: as many as the CSV reader reports (it
  // keeps the first in the file).
  const plan::Table& table = plan_.tables[t];
  std::string key = Read(t, c);
  std::string order_cols;
  for (uint32_t k = 0; k < table.columns.size(); ++k)
    order_cols += fmt::format("{} AS ocf_o{}, ", Raw(t, k), k);
  std::string repeated = fmt::format(
      "{0} IN (SELECT {0} FROM {1} WHERE {0} IS NOT NULL GROUP BY {0} HAVING count(*) > 1)", key, Source(t));
  return fmt::format(
      "SELECT 'key' AS kind, {t} AS tbl, {item} AS item, CAST(NULL AS BIGINT) AS n, "
      "{k} AS k, q.val AS val, q.descr AS descr\n"
      "FROM (SELECT * FROM (SELECT {cols}{val} AS val, {descr} AS descr, "
      "row_number() OVER (PARTITION BY {key} ORDER BY {order}) AS ocf_nth\n"
      "  FROM {src}\n  WHERE {repeated}) w\n  WHERE w.ocf_nth > 1\n  ORDER BY {worder}\n  LIMIT {limit}) q",
      fmt::arg("t", Int(std::to_string(t))), fmt::arg("item", Int(std::to_string(c))),
      fmt::arg("k", Int(fmt::format("row_number() OVER (ORDER BY {})", OrderBy(t, "q")))),
      fmt::arg("cols", order_cols), fmt::arg("val", Shown(key, table.columns[c].type)),
      fmt::arg("descr", Describe(t, Described(t, c))), fmt::arg("key", key),
      fmt::arg("order", OrderBy(t, "")), fmt::arg("src", Source(t)), fmt::arg("repeated", repeated),
      fmt::arg("worder", OrderBy(t, "w")), fmt::arg("limit", kListed));
}

std::optional<std::string> ChecksWriter::Write() {
  const size_t errors_before = sink_.error_count();
  std::vector<std::string> selects;
  for (uint32_t t = 0; t < plan_.tables.size(); ++t) {
    const plan::Table& table = plan_.tables[t];
    RowContext ctx;
    ctx.table = t;
    // The counts: one aggregate, unpivoted into a row per rule.
    std::vector<std::string> sums, keys;
    std::vector<std::string> listings;
    auto count = [&](const char* kind, int item, const std::string& e) {
      keys.push_back(fmt::format("({}, '{}', {})", sums.size(), kind, item));
      sums.push_back(e);
    };
    auto count_if = [&](const std::string& cond) {
      return fmt::format("sum(CASE WHEN {} THEN 1 ELSE 0 END)", cond);
    };
    count("rows", -1, "count(*)");
    if (plan_.baseline && table.dated_by < table.columns.size()) {
      std::string date = Read(t, table.dated_by);
      count("baseline", -1,
            count_if(fmt::format("{} >= {} AND {} <= {}", date, d_.DateLiteral(plan_.baseline->start), date,
                                 d_.DateLiteral(plan_.baseline->end))));
    }
    for (uint32_t c = 0; c < table.columns.size(); ++c) {
      const plan::TableColumn& col = table.columns[c];
      std::string raw = Raw(t, c);
      if (!col.optional) {
        std::string broken = raw + " IS NULL";
        count("missing", static_cast<int>(c), count_if(broken));
        listings.push_back(Listing(t, "missing", c, broken, NullText(), Described(t, c)));
      }
      if (IsEnum(col)) {
        std::string broken = fmt::format("{} IS NOT NULL AND {} NOT IN ({})", raw, raw, EnumList(col));
        count("bad-value", static_cast<int>(c), count_if(broken));
        listings.push_back(Listing(t, "bad-value", c, broken, Shown(raw, col.type), Described(t, c)));
      }
    }
    for (uint32_t c : table.keys) {
      count("key", static_cast<int>(c), fmt::format("count({0}) - count(DISTINCT {0})", Read(t, c)));
      listings.push_back(KeyListing(t, c));
    }
    for (uint32_t k = 0; k < table.checks.size(); ++k) {
      // Broken: the rule is false. Missing counts as met (LANGUAGE.md §3).
      std::optional<std::string> cond = rows_.Condition(table.checks[k].condition, ctx);
      if (!cond) continue;
      std::string broken = fmt::format("NOT COALESCE({}, TRUE)", *cond);
      count("check", static_cast<int>(k), count_if(broken));
      listings.push_back(Listing(t, "check", k, broken, NullText(), Described(t, plan::kNoSlot)));
    }
    std::string cols, pick = "CASE u.ocf_i", values;
    for (size_t i = 0; i < sums.size(); ++i) {
      cols += fmt::format("{}COALESCE({}, 0) AS ocf_n{}", i ? ",\n    " : "", Int(sums[i]), i);
      pick += fmt::format(" WHEN {0} THEN c.ocf_n{0}", i);
      values += (i ? ", " : "") + keys[i];
    }
    selects.push_back(fmt::format(
        "SELECT u.ocf_kind AS kind, {} AS tbl, {} AS item, {} END AS n, {} AS k, {} AS val, {} AS descr\n"
        "FROM (SELECT {}\n  FROM {}) c\nCROSS JOIN (VALUES {}) AS u(ocf_i, ocf_kind, ocf_item)",
        Int(std::to_string(t)), Int("u.ocf_item"), pick, Int("0"), NullText(), NullText(), cols, Source(t),
        values));
    for (std::string& l : listings) selects.push_back(std::move(l));
  }
  if (sink_.error_count() > errors_before) return std::nullopt;
  std::string out = fmt::format("-- ocf sql --checks --dialect {}: the data rules of \"{}\"\n",
                                DialectName(options_.dialect), plan_.contract_title);
  out +=
      "-- Per table and rule, the rows breaking it: their count (k = 0) and the first 20 (k = 1..20).\n"
      "-- `ocf check --engine postgres` reads it (docs/warehouse.md, \"Data rules\").\n";
  out += d_.Preamble();  // as the aggregate script's
  if (selects.empty()) {
    // No data block: an empty result of the same columns.
    return out +
           fmt::format(
               "SELECT {0} AS kind, {1} AS tbl, {1} AS item, {1} AS n, {1} AS k, {0} AS val, {0} AS descr "
               "WHERE 1 = 0\n",
               NullText(), Int("NULL"));
  }
  for (size_t k = 0; k < selects.size(); ++k) out += (k ? "UNION ALL\n" : "") + selects[k] + "\n";
  return out;
}

}  // namespace

std::optional<std::string> ChecksScript(const plan::EvaluationPlan& plan, const SqlOptions& options,
                                        DiagnosticSink& sink) {
  return ChecksWriter(plan, options, sink).Write();
}

}  // namespace ocf::sql
