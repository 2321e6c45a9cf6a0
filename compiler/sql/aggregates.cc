// The aggregate script (sql.h, AggregateScript): one SELECT that scans each
// table once and returns the states of every aggregate the plan needs, in
// the long layout of runtime/sql/aggregate_result.h.
//
// For each table:
//   ocf_rows_T   its rows, each with its finest span (a search tree of CASEs
//                over the spans' first days), its `by` columns and, per
//                aggregate, whether the row reaches it (`_r`: the
//                population and the `where`), meets a `percent of`'s
//                condition (`_h`) and the value aggregated (`_v`);
//   ocf_cells_T  one plain GROUP BY over the rows (parallel in PostgreSQL):
//                per finest span, group and value of each median's,
//                percentile's and distinct count's, every mergeable
//                aggregate's counts, sums, minimum and maximum;
//   ocf_sets_T   the cells summed by GROUPING SETS: per finest span, per
//                finest span and group of every `by` column, and whole;
// and the result unpivots ocf_sets_T into one row per aggregate and cell.
// Medians, percentiles and distinct counts are computed per span (the
// spans after the finest ones: ocf_span_map joins a cell's finest span to
// every span containing it) from the cells' histogram of their values, the
// percentile's two values by a running count, so that ocf interpolates
// exactly.
#include <fmt/format.h>

#include <set>

#include "compiler/sql/dialect.h"
#include "compiler/sql/expr.h"
#include "runtime/sql/aggregate_result.h"

namespace ocf::sql {
namespace {

using plan::AggregateOp;
using plan::ValueType;

struct TableParts {
  std::vector<uint32_t> aggregates;      // mergeable
  std::vector<uint32_t> per_span;        // not mergeable
  std::vector<uint32_t> by_columns;      // columns grouped by (index into the table's columns)
  std::vector<std::string> row_columns;  // the SELECT list of ocf_rows_T
};

class ScriptWriter {
 public:
  ScriptWriter(const plan::EvaluationPlan& plan, const SqlOptions& options, DiagnosticSink& sink)
      : plan_(plan), options_(options), d_(options.dialect), rows_(plan, d_, options, sink), sink_(sink) {}

  std::optional<std::string> Write();

 private:
  std::string SpanCase(const std::string& date) const;
  std::string SpanTree(const std::string& date, size_t lo, size_t hi) const;
  uint32_t ByIndex(const TableParts& parts, uint32_t column) const {
    for (size_t k = 0; k < parts.by_columns.size(); ++k)
      if (parts.by_columns[k] == column) return static_cast<uint32_t>(k);
    return plan::kNoSlot;
  }
  uint32_t ColumnNamed(uint32_t table, const std::string& name) const {
    const plan::Table& t = plan_.tables[table];
    for (uint32_t c = 0; c < t.columns.size(); ++c)
      if (t.columns[c].name == name) return c;
    return plan::kNoSlot;
  }
  std::string Int(const std::string& e) const { return d_.Bigint(e); }
  // A count, 0 where the aggregate has none.
  std::string Count(const std::string& e) const { return "COALESCE(" + Int(e) + ", 0)"; }
  std::string TextOf(const std::string& e, ValueType t) const { return d_.AsText(e, t); }
  std::string NullText() const { return d_.Null(ValueType::Text); }
  std::string SumOf(const std::string& e, ValueType t) const {
    // Spark's sum of BIGINTs is a BIGINT that wraps: sum as DECIMAL(38,0).
    if (d_.dialect() == Dialect::Spark && t != ValueType::Decimal)
      return "sum(CAST(" + e + " AS DECIMAL(38,0)))";
    return "sum(" + e + ")";
  }
  std::string Cells(uint32_t t, const TableParts& parts);
  std::string PerSpan(uint32_t t, const TableParts& parts, uint32_t agg, bool grouped);

  const plan::EvaluationPlan& plan_;
  const SqlOptions& options_;
  DialectRules d_;
  RowSql rows_;
  std::vector<std::string> reach_;  // per aggregate: its rows' condition, "TRUE" when every row
  DiagnosticSink& sink_;
  std::vector<Period> spans_;
};

std::string ScriptWriter::SpanTree(const std::string& date, size_t lo, size_t hi) const {
  if (hi - lo == 1)
    return fmt::format("CASE WHEN {} <= {} THEN {} END", date, d_.DateLiteral(spans_[lo].end), lo);
  size_t mid = (lo + hi) / 2;
  return fmt::format("CASE WHEN {} < {} THEN {} ELSE {} END", date, d_.DateLiteral(spans_[mid].start),
                     SpanTree(date, lo, mid), SpanTree(date, mid, hi));
}

std::string ScriptWriter::SpanCase(const std::string& date) const {
  if (plan_.finest.empty()) return "CAST(NULL AS BIGINT)";
  return fmt::format("CAST(CASE WHEN {0} < {1} THEN NULL ELSE {2} END AS BIGINT)", date,
                     d_.DateLiteral(plan_.finest.front().start), SpanTree(date, 0, plan_.finest.size()));
}

// Table t's rows summed into cells: one plain GROUP BY over the scan (which
// engines run in parallel), keyed by the row's finest span, its groups and
// the value of each median, percentile and distinct count (their
// histograms); then the cells summed again, by GROUPING SETS, per finest
// span, per finest span and group, and over the whole table (whose count
// lets the reader see that it has the whole result). Grouping sets over the
// rows themselves would not run in parallel.
std::string ScriptWriter::Cells(uint32_t t, const TableParts& parts) {
  std::vector<std::string> keys = {"ocf_span"};
  std::string cells = "ocf_span";
  for (size_t k = 0; k < parts.by_columns.size(); ++k) {
    keys.push_back(fmt::format("ocf_g{}", k));
    cells += ", " + keys.back();
  }
  // The value, where the row reaches the aggregate: its histogram's key.
  for (uint32_t a : parts.per_span) {
    keys.push_back(reach_[a] == "TRUE" ? fmt::format("ocf_a{}_v", a)
                                       : fmt::format("CASE WHEN ocf_a{0}_r THEN ocf_a{0}_v END", a));
    cells += fmt::format(", {} AS ocf_k{}", keys.back(), a);
  }
  cells += ", count(*) AS ocf_all";
  std::string sets_select;  // the second stage's sums of the first's
  auto count = [&](const std::string& reach) {
    return reach == "TRUE" ? std::string("count(*)") : "count(*) FILTER (WHERE " + reach + ")";
  };
  auto both = [&](const std::string& name, const std::string& first, const std::string& second) {
    cells += fmt::format(",\n    {} AS {}", first, name);
    sets_select += fmt::format(",\n    {} AS {}", second, name);
  };
  auto summed = [&](const std::string& name) { return Int("sum(" + name + ")"); };
  for (uint32_t a : parts.aggregates) {
    const plan::Aggregate& agg = plan_.aggregates[a];
    std::string r = fmt::format("ocf_a{}_r", a), v = fmt::format("ocf_a{}_v", a);
    std::string name = fmt::format("ocf_a{}_", a);
    both(name + "rows", count(reach_[a] == "TRUE" ? "TRUE" : r), summed(name + "rows"));
    if (agg.op == AggregateOp::PercentOf)
      both(name + "hits",
           count(reach_[a] == "TRUE" ? fmt::format("ocf_a{}_h", a)
                                     : r + " AND " + fmt::format("ocf_a{}_h", a)),
           summed(name + "hits"));
    if (agg.value == plan::kNoSlot) continue;
    std::string reached = reach_[a] == "TRUE" ? v : fmt::format("CASE WHEN {} THEN {} END", r, v);
    both(name + "n", "count(" + reached + ")", summed(name + "n"));
    both(name + "skipped", count(reach_[a] == "TRUE" ? v + " IS NULL" : r + " AND " + v + " IS NULL"),
         summed(name + "skipped"));
    if (agg.op == AggregateOp::Sum || agg.op == AggregateOp::Mean)
      both(name + "total", SumOf(reached, agg.value_type),
           TextOf("sum(" + name + "total)", ValueType::Decimal));
    if (agg.op == AggregateOp::Min || agg.op == AggregateOp::Max) {
      const char* f = agg.op == AggregateOp::Min ? "min(" : "max(";
      both(name + "v1", f + reached + ")", TextOf(f + name + "v1)", agg.value_type));
    }
  }
  // A median's (or distinct count's) rows and values: summed per span below.
  for (uint32_t a : parts.per_span) {
    std::string reached = reach_[a] == "TRUE" ? fmt::format("ocf_a{}_v", a)
                                              : fmt::format("CASE WHEN ocf_a{0}_r THEN ocf_a{0}_v END", a);
    cells += fmt::format(",\n    {} AS ocf_a{}_rows",
                         count(reach_[a] == "TRUE" ? "TRUE" : fmt::format("ocf_a{}_r", a)), a);
    cells += fmt::format(",\n    count({}) AS ocf_a{}_n", reached, a);
  }
  std::vector<std::string> sets = {"(ocf_span)"};
  std::string gs = "CASE WHEN GROUPING(ocf_span) = 1 THEN -3", g = NullText();
  if (!parts.by_columns.empty()) g = "CASE";
  for (size_t k = 0; k < parts.by_columns.size(); ++k) {
    sets.push_back(fmt::format("(ocf_span, ocf_g{})", k));
    gs += fmt::format(" WHEN GROUPING(ocf_g{0}) = 0 THEN {0}", k);
    g += fmt::format(" WHEN GROUPING(ocf_g{0}) = 0 THEN ocf_g{0}", k);
  }
  sets.push_back("()");
  gs += " ELSE -1 END";
  if (!parts.by_columns.empty()) g += " END";
  std::string group_by;
  for (size_t k = 0; k < sets.size(); ++k) group_by += (k ? ", " : "") + sets[k];
  std::string by_keys;
  for (size_t k = 0; k < keys.size(); ++k) by_keys += (k ? ", " : "") + keys[k];
  return fmt::format(
      "ocf_cells_{0} AS (\n  SELECT {1}\n  FROM ocf_rows_{0}\n  GROUP BY {2}),\n"
      "ocf_sets_{0} AS (\n  SELECT ocf_span, {3} AS ocf_gs, {4} AS ocf_g, {5} AS ocf_all{6}\n  FROM "
      "ocf_cells_{0}\n"
      "  GROUP BY GROUPING SETS ({7}))",
      t, cells, by_keys, gs, g, "COALESCE(" + Int("sum(ocf_all)") + ", 0)", sets_select, group_by);
}

// A median's, percentile's or distinct count's rows for one table, per span
// (and group), from the cells' histogram of its values: each cell joined to
// the spans that contain its finest one, the values counted, and the values
// at the ranks found by a running count, never by sorting the rows.
std::string ScriptWriter::PerSpan(uint32_t t, const TableParts& parts, uint32_t a, bool grouped) {
  const plan::Aggregate& agg = plan_.aggregates[a];
  std::string g = grouped ? fmt::format("c.ocf_g{}", ByIndex(parts, agg.by_column)) : NullText();
  std::string histogram = fmt::format(
      "SELECT m.x AS x, {g} AS g, c.ocf_k{a} AS v, sum(c.ocf_a{a}_rows) AS r, sum(c.ocf_a{a}_n) AS nn "
      "FROM ocf_cells_{t} c JOIN ocf_span_map m ON m.f = c.ocf_span{where} GROUP BY m.x, {g2}c.ocf_k{a}",
      fmt::arg("g", g), fmt::arg("a", a), fmt::arg("t", t),
      fmt::arg("where", grouped ? " WHERE " + g + " IS NOT NULL" : ""),
      fmt::arg("g2", grouped ? g + ", " : ""));
  std::string head = fmt::format(
      "SELECT 'agg' AS kind, {} AS item, CAST(NULL AS BIGINT) AS col, q.x AS span, q.g AS grp, {} AS "
      "is_group, {} AS rows, CAST(0 AS BIGINT) AS hits, {} AS n, {} AS skipped, {} AS total, ",
      Int(std::to_string(a)), grouped ? "1" : "0", Int("sum(q.r)"), Int("sum(q.nn)"),
      Int("sum(q.r) - sum(q.nn)"), NullText());
  if (agg.op == AggregateOp::CountDistinct)
    return head + fmt::format("{} AS v1, {} AS v2\nFROM ({}) q GROUP BY q.x, q.g",
                              TextOf("count(q.v)", ValueType::Int), NullText(), histogram);
  int p = agg.op == AggregateOp::Median ? 50 : agg.percentile;
  std::string lo = d_.IntDiv(fmt::format("(q.tot - 1) * {}", p), "100");
  return head + fmt::format(
                    "{} AS v1, {} AS v2\nFROM (SELECT h.x, h.g, h.v, h.r, h.nn, "
                    "sum(h.nn) OVER (PARTITION BY h.x, h.g ORDER BY h.v ASC NULLS LAST ROWS BETWEEN "
                    "UNBOUNDED PRECEDING "
                    "AND CURRENT ROW) AS cum, sum(h.nn) OVER (PARTITION BY h.x, h.g) AS tot FROM ({}) h) q "
                    "GROUP BY q.x, q.g",
                    TextOf(fmt::format("min(CASE WHEN q.v IS NOT NULL AND q.cum > {} THEN q.v END)", lo),
                           agg.value_type),
                    TextOf(fmt::format("min(CASE WHEN q.v IS NOT NULL AND q.cum > {} + 1 THEN q.v END)", lo),
                           agg.value_type),
                    histogram);
}

std::optional<std::string> ScriptWriter::Write() {
  spans_ = SqlSpans(plan_);
  reach_.assign(plan_.aggregates.size(), "TRUE");
  const size_t finest = plan_.finest.size();
  const size_t errors_before = sink_.error_count();
  std::vector<TableParts> parts(plan_.tables.size());
  for (uint32_t a = 0; a < plan_.aggregates.size(); ++a) {
    const plan::Aggregate& agg = plan_.aggregates[a];
    if (!agg.used) continue;
    TableParts& tp = parts[agg.table];
    (Mergeable(agg) ? tp.aggregates : tp.per_span).push_back(a);
    if (agg.by_column != plan::kNoSlot && ByIndex(tp, agg.by_column) == plan::kNoSlot)
      tp.by_columns.push_back(agg.by_column);
  }
  // The tables whose groups a `by` measure lists (Presence): their column
  // of that name, whether or not an aggregate is grouped by it.
  std::set<std::pair<uint32_t, uint32_t>> presence;
  for (const plan::Measure& m : plan_.measures) {
    if (m.by_column_name == plan::kNoSlot) continue;
    for (uint32_t t : m.tables) {
      uint32_t c = ColumnNamed(t, plan_.by_names[m.by_column_name]);
      if (c == plan::kNoSlot) continue;
      presence.insert({t, c});
      if (ByIndex(parts[t], c) == plan::kNoSlot) parts[t].by_columns.push_back(c);
    }
  }

  std::vector<std::string> ctes, selects;
  bool any_per_span = false;
  for (uint32_t t = 0; t < plan_.tables.size(); ++t) {
    TableParts& tp = parts[t];
    const plan::Table& table = plan_.tables[t];
    RowContext ctx;
    ctx.table = t;
    std::string date = rows_.ColumnRef("r", t, table.dated_by);
    std::string cols = SpanCase(date) + " AS ocf_span";
    for (size_t k = 0; k < tp.by_columns.size(); ++k)
      cols += fmt::format(",\n    {} AS ocf_g{}", rows_.ColumnRef("r", t, tp.by_columns[k]), k);
    auto add = [&](uint32_t a) {
      const plan::Aggregate& agg = plan_.aggregates[a];
      std::string reach = "TRUE";
      std::optional<std::string> pop, cond, value;
      if (agg.population != plan::kNoSlot) pop = rows_.Condition(agg.population, ctx);
      if (agg.condition != plan::kNoSlot) cond = rows_.Condition(agg.condition, ctx);
      if (agg.value != plan::kNoSlot) value = rows_.Expr(agg.value, ctx);
      if (pop) reach = *pop;
      if (cond && agg.op != AggregateOp::PercentOf) reach = pop ? "(" + *pop + " AND " + *cond + ")" : *cond;
      reach_[a] = reach;
      if (reach != "TRUE") cols += fmt::format(",\n    {} AS ocf_a{}_r", reach, a);
      if (agg.op == AggregateOp::PercentOf)
        cols += fmt::format(",\n    {} AS ocf_a{}_h", cond ? *cond : "TRUE", a);
      if (agg.value != plan::kNoSlot)
        cols += fmt::format(",\n    {} AS ocf_a{}_v", value ? *value : "NULL", a);
    };
    for (uint32_t a : tp.aggregates) add(a);
    for (uint32_t a : tp.per_span) add(a);
    ctes.push_back(fmt::format("ocf_rows_{} AS (\n  SELECT {}\n  FROM {} r)", t, cols, rows_.TableRef(t)));
    ctes.push_back(Cells(t, tp));

    // Every mergeable aggregate's cells, one row each.
    if (!tp.aggregates.empty()) {
      std::string keys;
      for (uint32_t a : tp.aggregates) {
        uint32_t by = plan_.aggregates[a].by_column;
        keys += fmt::format("{}({}, {})", keys.empty() ? "" : ", ", a,
                            by == plan::kNoSlot ? -2 : static_cast<int>(ByIndex(tp, by)));
      }
      auto pick = [&](const char* field, bool text) {
        std::string e = "CASE k.i";
        bool any = false;
        for (uint32_t a : tp.aggregates) {
          const plan::Aggregate& agg = plan_.aggregates[a];
          bool has =
              std::string(field) == "rows" ||
              (std::string(field) == "hits" && agg.op == AggregateOp::PercentOf) ||
              ((std::string(field) == "n" || std::string(field) == "skipped") &&
               agg.value != plan::kNoSlot) ||
              (std::string(field) == "total" &&
               (agg.op == AggregateOp::Sum || agg.op == AggregateOp::Mean)) ||
              (std::string(field) == "v1" && (agg.op == AggregateOp::Min || agg.op == AggregateOp::Max));
          if (!has) continue;
          any = true;
          e += fmt::format(" WHEN {} THEN c.ocf_a{}_{}", a, a, field);
        }
        if (!any) return text ? NullText() : Int("0");
        return e + " END";
      };
      selects.push_back(fmt::format(
          "SELECT 'agg' AS kind, {} AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, c.ocf_g AS "
          "grp, "
          "CASE WHEN c.ocf_gs >= 0 THEN 1 ELSE 0 END AS is_group,\n  {} AS rows, {} AS hits, {} AS n, {} AS "
          "skipped, "
          "{} AS total, {} AS v1, {} AS v2\nFROM ocf_sets_{} c CROSS JOIN (VALUES {}) AS k(i, g)\n"
          "WHERE c.ocf_span IS NOT NULL AND (c.ocf_gs = -1 OR (c.ocf_gs = k.g AND c.ocf_g IS NOT NULL))",
          Int("k.i"), Count(pick("rows", false)), Count(pick("hits", false)), Count(pick("n", false)),
          Count(pick("skipped", false)), pick("total", true), pick("v1", true), NullText(), t, keys));
    }
    for (uint32_t a : tp.per_span) {
      any_per_span = true;
      selects.push_back(PerSpan(t, tp, a, false));
      if (plan_.aggregates[a].by_column != plan::kNoSlot) selects.push_back(PerSpan(t, tp, a, true));
    }
    for (const auto& [pt, c] : presence) {
      if (pt != t) continue;
      selects.push_back(fmt::format(
          "SELECT 'presence' AS kind, {} AS item, {} AS col, c.ocf_span AS span, c.ocf_g AS grp, 1 AS "
          "is_group, "
          "c.ocf_all AS rows, {z} AS hits, {z} AS n, {z} AS skipped, {n} AS total, {n} AS v1, {n} AS v2\n"
          "FROM ocf_sets_{t} c WHERE c.ocf_span IS NOT NULL AND c.ocf_gs = {g} AND c.ocf_g IS NOT NULL",
          Int(std::to_string(t)), Int(std::to_string(c)), fmt::arg("z", Int("0")), fmt::arg("n", NullText()),
          fmt::arg("t", t), fmt::arg("g", ByIndex(tp, c))));
    }
    selects.push_back(fmt::format(
        "SELECT 'table' AS kind, {} AS item, CAST(NULL AS BIGINT) AS col, c.ocf_span AS span, {n} AS grp, 0 "
        "AS is_group, "
        "c.ocf_all AS rows, {z} AS hits, {z} AS n, {z} AS skipped, {n} AS total, {n} AS v1, {n} AS v2\n"
        "FROM ocf_sets_{t} c WHERE c.ocf_gs = -1\n"
        "UNION ALL\n"
        "SELECT 'total' AS kind, {} AS item, CAST(NULL AS BIGINT) AS col, CAST(NULL AS BIGINT) AS span, {n} "
        "AS grp, "
        "0 AS is_group, c.ocf_all AS rows, {z} AS hits, {z} AS n, {z} AS skipped, {n} AS total, {n} AS v1, "
        "{n} AS v2\n"
        "FROM ocf_sets_{t} c WHERE c.ocf_gs = -3",
        Int(std::to_string(t)), Int(std::to_string(t)), fmt::arg("z", Int("0")), fmt::arg("n", NullText()),
        fmt::arg("t", t)));
  }
  if (sink_.error_count() > errors_before) return std::nullopt;
  if (any_per_span) {
    std::string map;
    for (size_t x = finest; x < spans_.size(); ++x) {
      PeriodRange range = FinestIn(plan_.finest, spans_[x]);
      for (size_t f = range.first; f < range.last; ++f)
        map += fmt::format("{}({}, {})", map.empty() ? "" : ", ", f, x);
    }
    if (map.empty()) map = "(-1, -1)";
    ctes.push_back("ocf_span_map AS (SELECT CAST(f AS BIGINT) AS f, CAST(x AS BIGINT) AS x FROM (VALUES " +
                   map + ") AS v(f, x))");
  }
  std::string out = fmt::format("-- ocf sql --dialect {}: the aggregates of \"{}\"\n",
                                DialectName(options_.dialect), plan_.contract_title);
  out += "-- Its result is read by `ocf run --aggregates` (docs/warehouse.md). Spans:\n";
  for (size_t s = 0; s < spans_.size(); ++s)
    out += fmt::format("--   {} {} to {}{}\n", s, spans_[s].start.ToString(), spans_[s].end.ToString(),
                       s < finest ? "" : " (" + spans_[s].label + ")");
  out += d_.Preamble();
  out += "WITH\n";
  for (size_t k = 0; k < ctes.size(); ++k) out += ctes[k] + (k + 1 < ctes.size() ? ",\n" : "\n");
  for (size_t k = 0; k < selects.size(); ++k) out += (k ? "UNION ALL\n" : "") + selects[k] + "\n";
  return out;
}

}  // namespace

std::optional<std::string> AggregateScript(const plan::EvaluationPlan& plan, const SqlOptions& options,
                                           DiagnosticSink& sink) {
  return ScriptWriter(plan, options, sink).Write();
}

}  // namespace ocf::sql
