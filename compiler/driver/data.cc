#include "compiler/driver/data.h"

#include <filesystem>
#include <optional>
#include <unordered_set>

#include <fmt/format.h>

#include "compiler/diagnostics/diagnostic.h"  // AppendJsonString
#include "compiler/lower/lower.h"
#include "compiler/sema/schema.h"
#include "runtime/cells.h"  // ShowCell
#include "runtime/csv_parallel.h"
#include "runtime/csv_reader.h"
#include "runtime/data_file.h"
#include "runtime/interp/eval.h"
#include "runtime/safe_text.h"

namespace ocf::driver {
namespace fs = std::filesystem;

uint64_t DataCheck::problem_count() const {
  uint64_t n = 0;
  for (const DatasetData& d : datasets) n += d.report.problem_count();
  return n;
}

namespace {

// Marks in `used` every column that expression `root` reads.
void MarkColumns(const plan::EvaluationPlan& plan, plan::ExprId root, std::vector<bool>& used,
                 std::unordered_set<plan::ExprId>& seen) {
  plan::VisitOnce(plan, root, seen, [&](const plan::Node& node) {
    if (node.op == plan::Op::Column && node.slot < used.size()) used[node.slot] = true;
  });
}

}  // namespace

std::vector<std::vector<bool>> ColumnsUsed(const plan::EvaluationPlan& plan) {
  std::vector<std::vector<bool>> used;
  for (const plan::Table& table : plan.tables) {
    std::vector<bool> columns(table.columns.size(), false);
    if (table.dated_by < columns.size()) columns[table.dated_by] = true;
    for (uint32_t key : table.keys)
      if (key < columns.size()) columns[key] = true;
    for (size_t c = 0; c < table.columns.size(); ++c)
      for (const std::string& by : plan.by_names)
        if (table.columns[c].name == by) columns[c] = true;
    used.push_back(std::move(columns));
  }
  // Column nodes are read in the table of the aggregate or check whose
  // expression holds them.
  for (const plan::Aggregate& a : plan.aggregates) {
    if (a.table >= used.size()) continue;
    std::unordered_set<plan::ExprId> seen;
    for (plan::ExprId e : {a.population, a.condition, a.value}) MarkColumns(plan, e, used[a.table], seen);
    if (a.by_column != plan::kNoSlot && a.by_column < used[a.table].size()) used[a.table][a.by_column] = true;
  }
  for (size_t t = 0; t < plan.tables.size(); ++t) {
    std::unordered_set<plan::ExprId> seen;
    for (const plan::Table::Check& check : plan.tables[t].checks)
      MarkColumns(plan, check.condition, used[t], seen);
  }
  // A link reads its key in U, and the linked record's columns in its condition.
  for (const plan::Link& link : plan.links)
    if (link.table < used.size() && link.key < used[link.table].size()) used[link.table][link.key] = true;
  for (const plan::Node& node : plan.nodes) {
    if (node.op != plan::Op::LinkExists && node.op != plan::Op::LinkCount) continue;
    if (node.slot >= plan.links.size() || node.children.size() < 2) continue;
    std::vector<bool>& in = used[plan.links[node.slot].table];
    std::unordered_set<plan::ExprId> seen;
    plan::VisitOnce(plan, node.children[1], seen, [&](const plan::Node& n) {
      if (n.op == plan::Op::LinkedColumn && n.slot < in.size()) in[n.slot] = true;
    });
  }
  return used;
}

// The rules are evaluated on the reference engine's evaluator, every input missing.
void CheckRules(const plan::EvaluationPlan& plan, size_t t, const Table& rows, DataReport& report) {
  interp::Evaluator eval(plan);
  std::vector<interp::Value> no_inputs(plan.inputs.size());
  interp::Scope scope;
  scope.table = &rows;
  scope.inputs = &no_inputs;
  const std::vector<plan::Table::Check>& rules = plan.tables[t].checks;
  for (size_t k = 0; k < rules.size(); ++k) {
    const plan::Table::Check& rule = rules[k];
    std::optional<size_t> id;  // the rule is added at its first broken row
    for (size_t row = 0; row < rows.row_count(); ++row) {
      scope.row = row;
      // A rule whose arithmetic fails on a row (an overflow) cannot say the
      // row is good: that row breaks it, and the message says why.
      std::string failure;
      try {
        interp::Value v = eval.Eval(rule.condition, scope);
        if (!v.present || v.i) continue;
      } catch (const interp::EvalError& e) {
        failure = fmt::format(" (it cannot be worked out for this row: {})", e.what());
      }
      if (!id)
        id = report.Rule(fmt::format("check:{}", k),
                         fmt::format("row breaking the check \"{}\"", rule.message),
                         fmt::format("rows breaking the check \"{}\"", rule.message));
      report.Add(*id, rows.line(row), "", fmt::format("breaks the check \"{}\"{}", rule.message, failure));
    }
  }
}

namespace {

// Reads one dataset's file: with the parallel reader first when asked, storing
// the columns `materialize` marks (empty: all), else (or when it gives up)
// with the reference reader.
void ReadDataset(DatasetData& out, const TableSchema& schema, const CsvOptions& csv,
                 const std::vector<bool>& materialize, const DataOptions& options, size_t this_table) {
  std::optional<CsvResult> fast;
  if (options.parallel) {
    ParallelCsvOptions parallel;
    parallel.threads = options.threads;
    parallel.materialize = materialize;
    if (options.on_rows)
      parallel.on_rows = [&options, this_table](unsigned worker, const Table& table, size_t first,
                                                size_t count, const std::vector<size_t>& sizes) {
        options.on_rows(this_table, worker, table, first, count, sizes);
      };
    fast = ReadCsvFileParallel(out.path, schema, csv, parallel);
    if (!fast && options.discard) options.discard(this_table);
  }
  out.parallel = fast.has_value();
  CsvResult result = fast ? std::move(*fast) : ReadCsvFile(out.path, schema, csv);
  out.read = true;
  out.report = std::move(result.report);
  out.table = std::make_unique<Table>(std::move(result.table));
}

}  // namespace

std::string DatasetPath(const DataSources& sources, const std::string& name) {
  // A later `--data NAME=PATH` wins over an earlier one, and over DIR.
  std::string path;
  for (const auto& [dataset, file] : sources.files)
    if (dataset == name) path = file;
  if (path.empty() && !sources.dir.empty()) path = (fs::path(sources.dir) / (name + ".csv")).generic_string();
  return path;
}

DataCheck CheckData(const CheckedProgram& program, const DataSources& sources, const DataOptions& options) {
  DataCheck check;
  for (const auto& [name, path] : sources.files) {
    bool known = false;
    for (const ast::DataDecl* data : program.datasets) known |= data->name.text == name;
    if (known) continue;
    std::string names;
    for (const ast::DataDecl* data : program.datasets)
      names += (names.empty() ? "`" : ", `") + data->name.text + "`";
    check.usage_error =
        names.empty()
            ? fmt::format("--data names dataset `{}`, but the contract declares no datasets", ShowCell(name))
            : fmt::format("--data names dataset `{}`, but the contract has no such dataset (it has {})",
                          ShowCell(name), names);
    return check;
  }

  plan::EvaluationPlan plan = Lower(program);
  size_t table_index = 0;
  for (const ast::DataDecl* data : program.datasets) {
    size_t this_table = table_index++;
    DatasetData out;
    out.dataset = data->name.text;
    bool named = false;
    for (const auto& [name, _] : sources.files) named |= name == out.dataset;
    out.path = DatasetPath(sources, out.dataset);
    out.report = DataReport(out.path, options.max_listed_per_rule);
    if (out.path.empty()) {
      check.datasets.push_back(std::move(out));
      continue;
    }

    // Only a regular file (or a link to one) is read: a device or a named
    // pipe may never end (runtime/data_file.h).
    if (std::string why = NotADataFile(out.path); !why.empty()) {
      std::string where = named ? fmt::format("named by --data {}=...", out.dataset)
                                : fmt::format(
                                      "dataset `{}` is read from DIR/{}.csv; name another file with "
                                      "--data {}=PATH",
                                      out.dataset, out.dataset, out.dataset);
      out.report.Add(out.report.Rule("unreadable"), 0, "", fmt::format("{} ({})", why, where));
      check.datasets.push_back(std::move(out));
      continue;
    }

    CsvOptions csv;
    csv.display_path = out.path;
    csv.max_listed_per_rule = options.max_listed_per_rule;
    if (options.progress) {
      csv.progress = [&options, &out](uint64_t done, uint64_t total) {
        options.progress(out.path, done, total);
      };
    }
    TableSchema schema = SchemaOf(*data, program.contract.currency);
    // The columns to store: those the caller reads and those the check rules
    // below read (empty: every column).
    std::vector<bool> materialize;
    if (options.parallel && this_table < options.materialize.size() &&
        !options.materialize[this_table].empty()) {
      materialize = options.materialize[this_table];
      materialize.resize(schema.columns.size(), false);
      std::vector<bool> checked(schema.columns.size(), false);
      std::unordered_set<plan::ExprId> seen;
      for (const plan::Table::Check& rule : plan.tables[this_table].checks)
        MarkColumns(plan, rule.condition, checked, seen);
      for (size_t c = 0; c < checked.size(); ++c)
        if (checked[c]) materialize[c] = true;
    }
    // The cache holds only clean reads: a hit has no problems to report, but
    // its check rules are evaluated again (they may read lets and functions
    // the declaration's hash does not cover).
    CacheLookup cached = LookUpCache(options.cache, out.path, schema, materialize, options.threads);
    if (cached.table) {
      if (options.discard) options.discard(this_table);  // no rows were handed over while reading
      out.read = true;
      out.report.rows = cached.report_rows;
      out.table = std::move(cached.table);
      out.cache = "hit";
      out.cache_seconds = cached.seconds;
    } else {
      for (size_t c = 0; c < cached.stored.size() && !materialize.empty(); ++c)
        if (cached.stored[c]) materialize[c] = true;  // the new entry keeps the old one's columns
      ReadDataset(out, schema, csv, materialize, options, this_table);
    }

    bool passed = out.parallel && !plan.tables[this_table].checks.empty() && options.checks_passed &&
                  options.checks_passed(this_table, out.table->row_count());
    if (!passed) CheckRules(plan, this_table, *out.table, out.report);
    if (out.cache.empty() && cached.usable && out.report.ok()) {
      out.cache_seconds = StoreInCache(options.cache, cached, *out.table, out.report.rows);
      out.cache = "written";
    }
    if (plan.baseline && plan.tables[this_table].dated_by < out.table->column_count()) {
      // What the baseline will hold: a provider sees an empty one before submitting.
      out.baseline_rows =
          out.table->RowsDatedIn(plan.tables[this_table].dated_by, plan.baseline->start, plan.baseline->end);
      out.baseline = plan.baseline;
    }
    check.datasets.push_back(std::move(out));
  }
  return check;
}

std::string RenderDataProblems(const DatasetData& data) { return RenderDataProblems(data.report); }

std::string RenderDataProblems(const DataReport& report) {
  // For a terminal: the file's name and the messages (which may quote the
  // data) are shown escaped (runtime/safe_text.h).
  std::string out, file = TerminalText(report.file());
  for (const DataProblem& p : report.Sorted()) {
    out += file;
    if (p.line) out += fmt::format(":{}", p.line);
    out += ": ";
    if (!p.column.empty()) out += TerminalText(p.column) + ": ";
    out += TerminalText(p.message) + "\n";
  }
  for (const DataRule& rule : report.rules()) {
    // A problem with the whole file, or one row's, is said in full by its one
    // line; a summary is for kinds of problem that several rows have.
    if (rule.one.empty() || rule.count < 2) continue;
    out += fmt::format("{}: {} {}", file, WithThousands(rule.count),
                       TerminalText(rule.count == 1 ? rule.one : rule.many));
    if (rule.count > rule.listed)
      out += fmt::format(" (the first {} listed, ... and {} more)", rule.listed,
                         WithThousands(rule.count - rule.listed));
    out += "\n";
  }
  return out;
}

std::string DataSummaryLine(const DatasetData& data) {
  if (data.path.empty()) return fmt::format("{}: not checked (no file given for it)", data.dataset);
  uint64_t problems = data.report.problem_count();
  std::string count = fmt::format("{} problem{}", WithThousands(problems), problems == 1 ? "" : "s");
  if (!data.read) return fmt::format("{}: not read, {}", data.dataset, count);
  uint64_t rows = data.report.rows;
  std::string baseline;
  if (data.baseline_rows && *data.baseline_rows)
    baseline =
        fmt::format(" ({} in the baseline)", WithThousands(static_cast<uint64_t>(*data.baseline_rows)));
  else if (data.baseline_rows && data.baseline)
    baseline = fmt::format(" (none in the baseline, {} to {}: every value at baseline will be 0 or missing)",
                           data.baseline->start.ToString(), data.baseline->end.ToString());
  return fmt::format("{}: {} row{}{}, {}", data.dataset, WithThousands(rows), rows == 1 ? "" : "s", baseline,
                     problems ? count : "ok");
}

std::string RenderDataJson(const DataCheck& check) {
  std::string out = "{";
  bool first_dataset = true;
  for (const DatasetData& d : check.datasets) {
    out += first_dataset ? "\n  " : ",\n  ";
    first_dataset = false;
    AppendJsonString(out, d.dataset);
    out += ": {\"file\": ";
    if (d.path.empty())
      out += "null";
    else
      AppendJsonString(out, d.path);
    out += fmt::format(", \"read\": {}, \"rows\": {}, ", d.read ? "true" : "false", d.report.rows);
    if (d.baseline_rows) out += fmt::format("\"baseline\": {}, ", *d.baseline_rows);
    out += fmt::format("\"problem_count\": {}, \"problems\": [", d.report.problem_count());
    bool first = true;
    for (const DataProblem& p : d.report.Sorted()) {
      out += first ? "\n    {\"file\": " : ",\n    {\"file\": ";
      first = false;
      AppendJsonString(out, d.report.file());
      out += p.line ? fmt::format(", \"line\": {}", p.line) : ", \"line\": null";
      out += ", \"column\": ";
      if (p.column.empty())
        out += "null";
      else
        AppendJsonString(out, p.column);
      out += ", \"message\": ";
      AppendJsonString(out, p.message);
      out += ", \"code\": ";
      AppendJsonString(out, d.report.rules()[p.rule].code);
      out += ", \"rule\": ";
      AppendJsonString(out, d.report.rules()[p.rule].key);
      out += "}";
    }
    out += first ? "], \"rules\": [" : "\n  ], \"rules\": [";
    first = true;
    for (const DataRule& r : d.report.rules()) {
      out += first ? "" : ", ";
      first = false;
      out += "{\"code\": ";
      AppendJsonString(out, r.code);
      out += ", \"rule\": ";
      AppendJsonString(out, r.key);
      out += fmt::format(", \"count\": {}, \"listed\": {}, \"summary\": ", r.count, r.listed);
      if (r.one.empty())
        out += "null";
      else
        AppendJsonString(out, fmt::format("{} {}", r.count, r.count == 1 ? r.one : r.many));
      out += "}";
    }
    out += "]}";
  }
  out += first_dataset ? "}" : "\n}";
  return out;
}

}  // namespace ocf::driver
