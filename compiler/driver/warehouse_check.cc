// `ocf check --engine postgres --db URI` (warehouse.h): the data rules run
// where the data is, reported as the CSV checker reports them.
#include <charconv>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "compiler/driver/warehouse.h"
#include "compiler/sql/sql.h"
#include "runtime/cells.h"  // ShowCell
#include "runtime/safe_text.h"
#include "runtime/warehouse/postgres.h"

namespace ocf::driver {
namespace {

constexpr size_t kListed = 20;  // rows the script lists per rule (compiler/sql/checks.cc)

std::optional<int64_t> Integer(const std::optional<std::string>& cell) {
  if (!cell) return std::nullopt;
  int64_t v = 0;
  const char* end = cell->data() + cell->size();
  auto [p, ec] = std::from_chars(cell->data(), end, v);
  if (ec != std::errc() || p != end) return std::nullopt;
  return v;
}

std::string EnumList(const std::vector<std::string>& values) {
  std::string list;
  for (size_t i = 0; i < values.size(); ++i) list += (i ? ", `" : "`") + values[i] + "`";
  return list;
}

struct Listed {
  int64_t k;
  std::string value, row;
};

// (kind, table, item): its count and listed rows.
using RuleKey = std::tuple<std::string, int64_t, int64_t>;
struct Found {
  std::optional<int64_t> count;
  std::vector<Listed> listed;
};

}  // namespace

bool ReadChecksResult(const plan::EvaluationPlan& plan, const std::map<std::string, std::string>& tables,
                      const std::vector<std::string>& columns,
                      const std::vector<std::vector<std::optional<std::string>>>& rows, DataCheck& out,
                      std::string& error) {
  const char* names[] = {"kind", "tbl", "item", "n", "k", "val", "descr"};
  size_t at[7];
  for (size_t i = 0; i < 7; ++i) {
    at[i] = columns.size();
    for (size_t c = 0; c < columns.size(); ++c)
      if (columns[c] == names[i]) at[i] = c;
    if (at[i] == columns.size()) {
      error = fmt::format(
          "it has no column `{}` (the checks script's result has kind, tbl, item, n, k, val, descr)",
          names[i]);
      return false;
    }
  }
  std::map<RuleKey, Found> found;
  for (size_t r = 0; r < rows.size(); ++r) {
    const std::vector<std::optional<std::string>>& row = rows[r];
    if (row.size() != columns.size()) {
      error = fmt::format("row {} has {} fields, not {}", r + 1, row.size(), columns.size());
      return false;
    }
    std::optional<int64_t> t = Integer(row[at[1]]), item = Integer(row[at[2]]), k = Integer(row[at[4]]);
    const std::optional<std::string>& kind = row[at[0]];
    if (!kind || !t || !item || !k || *t < 0 || static_cast<size_t>(*t) >= plan.tables.size() || *k < 0 ||
        *k > static_cast<int64_t>(kListed)) {
      error = fmt::format("row {} is not one of the checks script's", r + 1);
      return false;
    }
    const plan::Table& table = plan.tables[static_cast<size_t>(*t)];
    bool about_column = *kind == "missing" || *kind == "bad-value" || *kind == "key";
    size_t limit = about_column ? table.columns.size() : *kind == "check" ? table.checks.size() : 0;
    bool whole = *kind == "rows" || *kind == "baseline";
    if (!(whole ? *item == -1 : *item >= 0 && static_cast<size_t>(*item) < limit)) {
      error = fmt::format("row {} names a rule ({} {} of table {}) the contract does not have", r + 1, *kind,
                          *item, *t);
      return false;
    }
    Found& f = found[{*kind, *t, *item}];
    if (*k == 0) {
      std::optional<int64_t> n = Integer(row[at[3]]);
      if (!n || *n < 0) {
        error = fmt::format("row {} has no count", r + 1);
        return false;
      }
      f.count = n;
    } else {
      f.listed.push_back({*k, row[at[5]].value_or(""), row[at[6]].value_or("")});
    }
  }

  for (size_t t = 0; t < plan.tables.size(); ++t) {
    const plan::Table& table = plan.tables[t];
    DatasetData d;
    d.dataset = table.name;
    auto named = tables.find(table.name);
    d.path = named == tables.end() ? table.name : named->second;
    d.read = true;
    d.report = DataReport(d.path, kListed);
    const int64_t ti = static_cast<int64_t>(t);
    auto rows_found = found.find({"rows", ti, -1});
    if (rows_found == found.end() || !rows_found->second.count) {
      error = fmt::format("it has no row count for table `{}`", d.path);
      return false;
    }
    d.report.rows = static_cast<uint64_t>(*rows_found->second.count);
    if (plan.baseline) {
      auto b = found.find({"baseline", ti, -1});
      if (b != found.end() && b->second.count) {
        d.baseline_rows = *b->second.count;
        d.baseline = plan.baseline;
      }
    }
    // In the order the CSV reader meets them in a row (a column's missing
    // value or bad value, then the keys), then the check rules.
    auto report = [&](const std::string& kind, int64_t item, const std::string& column, std::string one,
                      std::string many, const std::function<std::string(const Listed&)>& message) -> bool {
      auto it = found.find({kind, ti, item});
      if (it == found.end() || !it->second.count) {
        error = fmt::format("it has no count of rule {}:{} of table `{}`", kind, item, d.path);
        return false;
      }
      Found& f = it->second;
      uint64_t count = static_cast<uint64_t>(*f.count);
      if (f.listed.size() > count) {
        error =
            fmt::format("it lists more rows breaking rule {}:{} of `{}` than it counts", kind, item, d.path);
        return false;
      }
      if (count == 0) return true;
      std::string key = kind == "check" ? fmt::format("check:{}", item) : kind + ":" + column;
      size_t rule = d.report.Rule(key, std::move(one), std::move(many));
      std::sort(f.listed.begin(), f.listed.end(), [](const Listed& a, const Listed& b) { return a.k < b.k; });
      for (const Listed& l : f.listed)
        d.report.Add(rule, 0, column, fmt::format("row {}: {}", TerminalText(l.row), message(l)));
      d.report.Count(rule, count - f.listed.size());
      return true;
    };
    for (uint32_t c = 0; c < table.columns.size(); ++c) {
      const plan::TableColumn& col = table.columns[c];
      if (!col.optional &&
          !report(
              "missing", c, col.name, fmt::format("row with no value in `{}`, a required column", col.name),
              fmt::format("rows with no value in `{}`, a required column", col.name), [](const Listed&) {
                return std::string(
                    "no value (NULL), but the column is required (declare it with `?` if it may be missing)");
              }))
        return false;
      if (!col.enum_values.empty() &&
          !report("bad-value", c, col.name, fmt::format("row with a bad value in `{}`", col.name),
                  fmt::format("rows with a bad value in `{}`", col.name), [&](const Listed& l) {
                    return fmt::format("`{}` is not one of: {}", ShowCell(l.value),
                                       EnumList(col.enum_values));
                  }))
        return false;
    }
    for (uint32_t c : table.keys) {
      const std::string& name = table.columns[c].name;
      if (!report("key", c, name, fmt::format("row whose `{}` repeats an earlier row's", name),
                  fmt::format("rows whose `{}` repeats an earlier row's", name), [&](const Listed& l) {
                    return fmt::format(
                        "`{}` is used by another row too (`{}` is a key: each value may appear once)",
                        ShowCell(l.value), name);
                  }))
        return false;
    }
    for (size_t k = 0; k < table.checks.size(); ++k) {
      const std::string& message = table.checks[k].message;
      if (!report("check", static_cast<int64_t>(k), "", fmt::format("row breaking the check \"{}\"", message),
                  fmt::format("rows breaking the check \"{}\"", message),
                  [&](const Listed&) { return fmt::format("breaks the check \"{}\"", message); }))
        return false;
    }
    out.datasets.push_back(std::move(d));
  }
  return true;
}

WarehouseCheck CheckWarehouseData(const Compilation& compilation, const plan::EvaluationPlan& plan,
                                  const WarehouseRun& where) {
  WarehouseCheck out;
  sql::SqlOptions options;
  options.dialect = sql::Dialect::Postgres;
  options.tables = where.tables;
  DiagnosticSink sink;
  std::optional<std::string> script = sql::ChecksScript(plan, options, sink);
  if (!script) {
    out.diagnostics = RenderedSqlDiagnostics(sink, compilation);
    out.errors.push_back("the data rules cannot run on PostgreSQL as they are (above); nothing was checked");
    return out;
  }
  std::string error;
  std::optional<warehouse::QueryResult> rows =
      RunOnPostgres(where.db, *script, "checks script",
                    fmt::format("ocf sql {} --dialect postgres --checks", where.file), error);
  if (!rows) {
    out.errors.push_back(error);
    return out;
  }
  if (!ReadChecksResult(plan, where.tables, rows->columns, rows->rows, out.data, error)) {
    out.data.datasets.clear();
    out.errors.push_back(fmt::format("PostgreSQL's result is not what ocf expects: {}", error));
  }
  return out;
}

GateCheck CheckWarehouseGates(const Compilation& compilation, const plan::EvaluationPlan& plan,
                              const InputSettings& sets, const WarehouseRun& where, bool strict) {
  GateCheck out;
  out.json = "[]";
  if (plan.gates.empty()) return out;
  WarehouseRun aggregates = where;
  aggregates.aggregates.clear();
  RunOutcome run = RunOnWarehouse(compilation, plan, sets, aggregates);
  if (!run.statement) {
    out.not_checked = !run.errors.empty() ? run.errors.front() : "the contract could not be run on this data";
    if (!run.diagnostics.empty())
      out.not_checked = fmt::format(
          "the contract cannot run on PostgreSQL as it is (`ocf run {} --engine postgres` says why)",
          where.file);
    return out;
  }
  return GatesOf(plan, *run.statement, strict);
}

}  // namespace ocf::driver
