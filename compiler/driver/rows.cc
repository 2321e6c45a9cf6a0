#include "compiler/driver/rows.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_set>

#include <fmt/format.h>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/api_impl.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/literals.h"  // EditDistance
#include "compiler/sema/schema.h"
#include "runtime/csv_pick.h"
#include "runtime/data_report.h"  // WithThousands
#include "runtime/interp/records.h"
#include "runtime/safe_text.h"

namespace ocf::driver {

const char* const kRowsFooter =
    "Prints, as CSV, the records a measure's value counts in one period: the data\n"
    "file and line of each, what it counted as, then every column the data block\n"
    "declares, as written in the file. Cells a spreadsheet would run as a formula\n"
    "are made safe as in `ocf run --format csv`.\n"
    "\n"
    "Without --which: every record the measure's aggregates counted (a `percent of`'s\n"
    "denominator), with `counted_as` saying `numerator` or `denominator only`, or for\n"
    "sum, mean, median, min, max and percentiles `counted` or `skipped: missing value`.\n"
    "  --which numerator     percent of: the records meeting its condition\n"
    "  --which denominator   percent of: every record it counted\n"
    "  --which skipped       records skipped because their value is missing\n"
    "  --which outside       records dated outside the term (no --period)\n"
    "A windowed measure (`over last 12 months`) lists its window's records; a measure\n"
    "that uses other measures lists theirs, with an `aggregate` column saying which.\n"
    "A measure over several tables lists one table at a time: give --table.\n"
    "\n"
    "Examples:\n"
    "  ocf rows msk.ocf --data data/ --measure seen_in_18_weeks --period \"2014/15 Q1\"\n"
    "  ocf rows msk.ocf --data data/ --measure seen_in_18_weeks --period 2014/15 \\\n"
    "      --group physio --which numerator --output physio.csv";

namespace {

using interp::CountedAs;
using interp::RecordSet;
using interp::RecordSource;

constexpr size_t kOutputChunk = 1 << 20;

std::optional<RecordSet> WhichOf(const std::string& which) {
  if (which.empty()) return RecordSet::Counted;
  if (which == "numerator") return RecordSet::Numerator;
  if (which == "denominator") return RecordSet::Denominator;
  if (which == "skipped") return RecordSet::Skipped;
  if (which == "outside") return RecordSet::Outside;
  return std::nullopt;
}

// `a`, `b` and `c`, each in backticks; at most `limit` named, then how many more.
std::string NameList(const std::vector<std::string>& names, size_t limit = 30) {
  std::string out;
  size_t shown = std::min(names.size(), limit);
  for (size_t i = 0; i < shown; ++i)
    out += fmt::format("{}`{}`",
                       i == 0                                    ? ""
                       : i + 1 == shown && shown == names.size() ? " and "
                                                                 : ", ",
                       ShowCell(names[i]));
  if (shown < names.size()) out += fmt::format(" and {} more", names.size() - shown);
  return out;
}

// The name closest to `name` among `names`, as the checker suggests names.
std::string Closest(const std::string& name, const std::vector<std::string>& names) {
  std::string best;
  size_t best_d = std::max<size_t>(1, name.size() / 3) + 1;
  for (const std::string& c : names) {
    size_t d = parse::EditDistance(name, c);
    if (d < best_d) best_d = d, best = c;
  }
  return best;
}

std::string DidYouMean(const std::string& name, const std::vector<std::string>& names) {
  std::string near = Closest(name, names);
  return near.empty() ? "" : fmt::format("; did you mean `{}`?", ShowCell(near));
}

// The fixed columns before the data's, renamed with a leading `_` where the
// data block declares a column of the same name.
std::string FixedName(std::string name, const plan::Table& table) {
  auto taken = [&](const std::string& n) {
    for (const plan::TableColumn& c : table.columns)
      if (c.name == n) return true;
    return false;
  };
  while (taken(name)) name = "_" + name;
  return name;
}

// An aggregate as the contract writes it, on one line.
std::string AggregateText(const Compilation& compilation, const plan::Aggregate& a) {
  std::string text(compilation.sources.Get(a.span.file).Slice(a.span));
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

// Writes the CSV a megabyte at a time.
class CsvOut {
 public:
  explicit CsvOut(std::ostream& out) : out_(out) { buffer_.reserve(kOutputChunk + 4096); }
  ~CsvOut() { Flush(); }
  void Cell(std::string_view text, bool first) {
    if (!first) buffer_ += ',';
    // Most cells need neither a quote nor a `'`: written as they are.
    if (!text.empty() && IsPlain(text))
      buffer_.append(text);
    else
      buffer_ += CsvCell(text);
  }
  void EndRow() {
    buffer_ += '\n';
    if (buffer_.size() >= kOutputChunk) Flush();
  }
  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
  }

 private:
  // Printable ASCII that starts no formula and needs no quotes.
  static bool IsPlain(std::string_view s) {
    char c0 = s[0];
    if (c0 == '=' || c0 == '+' || c0 == '-' || c0 == '@') return false;
    for (char c : s)
      if (c < 0x20 || c > 0x7e || c == ',' || c == '"') return false;
    return true;
  }
  std::ostream& out_;
  std::string buffer_;
};

// Which columns of each table to store: what the sources read (their
// conditions and values, the linked records' columns), the `dated by` and
// `by` columns and the keys. The parallel reader still checks every column;
// it stores only these (the check rules' columns are added by CheckData).
std::vector<std::vector<bool>> ColumnsRead(const plan::EvaluationPlan& plan,
                                           const std::vector<RecordSource>& sources, uint32_t table,
                                           uint32_t by_column) {
  std::vector<std::vector<bool>> used;
  for (const plan::Table& t : plan.tables) {
    std::vector<bool> columns(t.columns.size(), false);
    columns[t.dated_by] = true;
    for (uint32_t key : t.keys) columns[key] = true;
    used.push_back(std::move(columns));
  }
  if (by_column != plan::kNoSlot) used[table][by_column] = true;
  std::unordered_set<plan::ExprId> seen;
  std::vector<const plan::Node*> links;
  for (const RecordSource& s : sources) {
    const plan::Aggregate& a = plan.aggregates[s.aggregate];
    if (a.by_column != plan::kNoSlot) used[table][a.by_column] = true;
    for (plan::ExprId e : {a.population, a.condition, a.value})
      plan::VisitOnce(plan, e, seen, [&](const plan::Node& n) {
        if (n.op == plan::Op::Column && n.slot < used[table].size()) used[table][n.slot] = true;
        if (n.op == plan::Op::LinkExists || n.op == plan::Op::LinkCount) links.push_back(&n);
      });
  }
  for (const plan::Node* n : links) {
    const plan::Link& link = plan.links[n->slot];
    std::vector<bool>& in = used[link.table];
    in[link.key] = true;
    std::unordered_set<plan::ExprId> inner;
    if (n->children.size() > 1)
      plan::VisitOnce(plan, n->children[1], inner, [&](const plan::Node& c) {
        if (c.op == plan::Op::LinkedColumn && c.slot < in.size()) in[c.slot] = true;
      });
  }
  return used;
}

}  // namespace

int RowsCommand(const RowsArgs& args, std::ostream& out, std::ostream& err) {
  const CommandArgs& common = args.common;
  auto usage = [&err](const std::string& message) {
    err << "ocf rows: " << message << "\n";
    return kExitUsage;
  };
  std::optional<RecordSet> which = WhichOf(args.which);
  if (!which)
    return usage(fmt::format(
        "--which is `numerator`, `denominator`, `skipped` or `outside` (or left out: every record counted), "
        "not `{}`",
        args.which));
  if (common.files.size() != 1) return usage("give one contract");
  if (args.measure.empty()) return usage("--measure is required: the measure whose records to list");
  const bool outside = *which == RecordSet::Outside;
  if (!outside && common.period.empty())
    return usage("--period is required: the period whose records to list, e.g. `--period 2014/15`");
  if (outside && !common.period.empty())
    return usage(
        "--which outside lists the records dated outside the term, which are in no period: leave out "
        "--period");
  std::string why;
  DataSources given;
  if (!ParseDataArgs(common.data, given, why, "ocf rows")) return (err << why << "\n", kExitUsage);
  std::optional<InputSettings> sets = ParseSets(common.sets, "ocf rows", why);
  if (!sets) return (err << why << "\n", kExitUsage);

  ocf::Compilation c = CompileArg(common.files[0], common.stdlib);
  if (!c.read_error().empty()) return usage(c.read_error());
  err << c.RenderText(common.color);
  if (!c.ok()) {
    err << SummaryLine(common.files[0] == "-" ? "<stdin>" : common.files[0], c) << "\n";
    return kExitErrors;
  }
  const Compilation& compilation = *c.internal().compilation;
  const CheckedProgram& program = *compilation.program;
  plan::EvaluationPlan plan = Lower(program);

  // ---------------------------------------------------------------- what to list
  std::vector<std::string> measure_names;
  for (const plan::Measure& m : plan.measures) measure_names.push_back(m.name);
  auto measure_it = std::find(measure_names.begin(), measure_names.end(), args.measure);
  if (measure_it == measure_names.end())
    return usage(fmt::format("the contract has no measure `{}`{}\n  its measures: {}", ShowCell(args.measure),
                             DidYouMean(args.measure, measure_names), NameList(measure_names)));
  const uint32_t m = static_cast<uint32_t>(measure_it - measure_names.begin());
  const plan::Measure& measure = plan.measures[m];

  const std::vector<Period> all = plan.WorkedOutPeriods();
  size_t period = 0;
  if (outside) {
    for (size_t p = 0; p < all.size(); ++p)
      if (all[p].kind == PeriodKind::Term) period = p;
  } else {
    std::vector<std::string> labels;
    for (const Period& p : plan.periods) labels.push_back(p.label);
    if (std::find(labels.begin(), labels.end(), common.period) == labels.end())
      return usage(fmt::format("`{}` is not a period of this contract{}\n  its periods: {}",
                               ShowCell(common.period), DidYouMean(common.period, labels),
                               NameList(labels, 80)));
    while (all[period].label != common.period) ++period;
  }

  if (args.group_given && measure.by_column_name == plan::kNoSlot)
    return usage(
        fmt::format("`{}` has no `by` column, so it has no groups: leave out --group", measure.name));

  // The tables the measure's records are in.
  std::vector<RecordSource> found = interp::SourcesOf(plan, m, period);
  std::vector<uint32_t> tables = measure.tables;
  for (const RecordSource& s : found) tables.push_back(plan.aggregates[s.aggregate].table);
  std::sort(tables.begin(), tables.end());
  tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
  std::vector<std::string> table_names;
  for (uint32_t t : tables) table_names.push_back(plan.tables[t].name);
  if (tables.empty())
    return usage(
        fmt::format("`{}` reads no records: its value comes from lets and inputs alone", measure.name));
  uint32_t table = tables[0];
  if (!args.table.empty()) {
    auto it = std::find(table_names.begin(), table_names.end(), args.table);
    if (it == table_names.end())
      return usage(fmt::format("`{}` does not read a table `{}`; it reads {}", measure.name,
                               ShowCell(args.table), NameList(table_names)));
    table = tables[static_cast<size_t>(it - table_names.begin())];
  } else if (tables.size() > 1) {
    std::string commands;
    for (const std::string& t : table_names) commands += fmt::format("\n  ... --table {}", t);
    return usage(fmt::format(
        "`{}` reads records of {} tables, {}, and one CSV holds one table's columns: add --table, "
        "one of{}",
        measure.name, tables.size(), NameList(table_names), commands));
  }
  std::vector<RecordSource> sources;
  for (const RecordSource& s : found)
    if (plan.aggregates[s.aggregate].table == table) sources.push_back(s);
  bool percent = false, values = false;
  for (const RecordSource& s : sources) {
    percent |= plan.aggregates[s.aggregate].op == plan::AggregateOp::PercentOf;
    values |= interp::HasValue(plan.aggregates[s.aggregate]);
  }
  if ((*which == RecordSet::Numerator || *which == RecordSet::Denominator) && !percent)
    return usage(fmt::format(
        "--which {} is for a `percent of` measure, and `{}` reads no `percent of` of `{}`: leave out --which "
        "to list the records it counted",
        args.which, measure.name, plan.tables[table].name));
  if (*which == RecordSet::Skipped && !values)
    return usage(fmt::format(
        "--which skipped lists records whose value is missing, for sum, mean, median, min, max, percentiles "
        "and count distinct; `{}` reads none of those of `{}`",
        measure.name, plan.tables[table].name));

  // ---------------------------------------------------------------- the data
  // The table, and the tables its links read: nothing else is read.
  std::vector<bool> needed(plan.tables.size(), false);
  needed[table] = true;
  for (const plan::Link& link : plan.links)
    if (link.outer_table == table) needed[link.table] = true;
  for (const auto& [name, path] : given.files)
    if (std::none_of(plan.tables.begin(), plan.tables.end(),
                     [&](const plan::Table& t) { return t.name == name; }))
      return usage(
          fmt::format("--data names dataset `{}`, but the contract has no such dataset", ShowCell(name)));
  DataSources read;
  for (size_t t = 0; t < plan.tables.size(); ++t) {
    if (!needed[t]) continue;
    std::string path;
    for (const auto& [name, p] : given.files)
      if (name == plan.tables[t].name) path = p;
    if (path.empty() && !given.dir.empty())
      path = (std::filesystem::path(given.dir) / (plan.tables[t].name + ".csv")).generic_string();
    if (path.empty()) {
      err << fmt::format(
          "ocf rows: no data for `{}`: give `--data DIR` with {}.csv in it, or `--data {}=FILE`\n",
          plan.tables[t].name, plan.tables[t].name, plan.tables[t].name);
      return kExitErrors;
    }
    read.files.emplace_back(plan.tables[t].name, path);
  }
  DataOptions data_options;
  data_options.progress = common.progress;
  data_options.parallel = true;
  data_options.threads = common.threads;
  uint32_t by_column = plan::kNoSlot;  // the measure's `by` column in the table
  if (measure.by_column_name != plan::kNoSlot)
    for (size_t col = 0; col < plan.tables[table].columns.size(); ++col)
      if (plan.tables[table].columns[col].name == plan.by_names[measure.by_column_name])
        by_column = static_cast<uint32_t>(col);
  data_options.materialize = ColumnsRead(plan, sources, table, by_column);
  DataCheck data = CheckData(program, read, data_options);
  if (!data.usage_error.empty()) return usage(data.usage_error);
  if (!data.ok()) {
    for (const DatasetData& d : data.datasets) {
      if (!needed[static_cast<size_t>(&d - data.datasets.data())]) continue;
      err << RenderDataProblems(d);
      err << DataSummaryLine(d) << "\n";
    }
    err << "ocf rows: the data has problems (listed above); no records were listed\n";
    return kExitErrors;
  }

  // Inputs: only those the records' conditions and values read are needed.
  RunOutcome inputs_outcome;
  std::vector<std::string> input_text;
  std::vector<interp::Value> inputs = ReadInputs(plan, *sets, input_text, inputs_outcome);
  {
    std::vector<bool> read_by_rows(plan.inputs.size(), false);
    std::unordered_set<plan::ExprId> seen;
    for (const RecordSource& s : sources) {
      const plan::Aggregate& a = plan.aggregates[s.aggregate];
      for (plan::ExprId e : {a.population, a.condition, a.value})
        plan::VisitOnce(plan, e, seen, [&](const plan::Node& n) {
          if (n.op == plan::Op::Input) read_by_rows[n.slot] = true;
        });
    }
    std::vector<std::string> errors;
    for (const std::string& e : inputs_outcome.errors) {
      bool unneeded = false;
      for (size_t k = 0; k < plan.inputs.size(); ++k)
        unneeded |=
            !read_by_rows[k] && e.rfind(fmt::format("input `{}` has no value", plan.inputs[k].name), 0) == 0;
      if (!unneeded) errors.push_back(e);
    }
    for (const std::string& e : errors) err << "ocf rows: " << e << "\n";
    if (!errors.empty()) return inputs_outcome.usage_error ? kExitUsage : kExitErrors;
  }

  interp::RunInput in;
  in.plan = &plan;
  in.inputs = inputs;
  std::vector<std::unique_ptr<Table>> empty;  // tables not read: no rows (no link of the table reads them)
  for (size_t t = 0; t < plan.tables.size(); ++t) {
    const Table* loaded = t < data.datasets.size() ? data.datasets[t].table.get() : nullptr;
    if (!loaded) {
      empty.push_back(std::make_unique<Table>(SchemaOf(*program.datasets[t], program.contract.currency)));
      loaded = empty.back().get();
    }
    in.tables.push_back(loaded);
  }
  const Table& rows = *in.tables[table];

  interp::RecordsRequest request;
  request.table = table;
  request.which = *which;
  if (args.group_given) request.group = args.group;
  request.by_column = by_column;

  // A group must be one of the measure's: a value of its `by` column in the table's records.
  if (args.group_given && request.by_column != plan::kNoSlot) {
    const Column& by = rows.column(request.by_column);
    const Column& dated = rows.column(plan.tables[table].dated_by);
    const Timeline timeline = plan.timeline();
    std::vector<bool> seen(by.dictionary_size(), false);
    for (size_t r = 0; r < rows.row_count(); ++r) {
      if (!by.present(r) || !dated.present(r)) continue;
      Date d = dated.date_at(r);
      bool in_timeline = (d >= timeline.term_start && d <= timeline.term_end) ||
                         (timeline.baseline && d >= timeline.baseline->start && d <= timeline.baseline->end);
      if (in_timeline != outside) seen[by.code_at(r)] = true;
    }
    std::vector<std::string> groups;
    for (uint32_t code = 0; code < seen.size(); ++code)
      if (seen[code]) groups.emplace_back(by.dictionary(code));
    std::sort(groups.begin(), groups.end());
    if (!std::binary_search(groups.begin(), groups.end(), args.group))
      return usage(
          fmt::format("`{}` has no group `{}`: no record of `{}` {} has that `{}`{}\n  its groups: {}",
                      measure.name, ShowCell(args.group), plan.tables[table].name,
                      outside ? "outside the term" : "in the term", plan.by_names[measure.by_column_name],
                      DidYouMean(args.group, groups), groups.empty() ? "none" : NameList(groups)));
  }

  // ---------------------------------------------------------------- the records
  interp::RecordFinder finder(in);
  std::vector<interp::RecordEntry> entries;
  try {
    entries = finder.Find(sources, request);
  } catch (const interp::EvalError& e) {
    DiagnosticSink sink;
    sink.Report(DiagCode::RunArithmetic, e.span, e.what())
        .Help(e.help.empty() ? "the contract's arithmetic left the exact range here; check the data for an "
                               "outsized value"
                             : e.help);
    err << RenderText(sink.diagnostics()[0], compilation.sources);
    return kExitErrors;
  }

  std::ofstream file;
  // The data file is read again while the CSV is written: writing over it
  // would destroy it.
  std::error_code same_error;
  if (!args.output.empty() && std::filesystem::exists(args.output, same_error) &&
      std::filesystem::equivalent(args.output, data.datasets[table].path, same_error))
    return usage(fmt::format("--output `{}` is the data file the records are read from; write elsewhere",
                             args.output));
  if (!args.output.empty()) {
    file.open(args.output, std::ios::binary | std::ios::trunc);
    if (!file) return usage(fmt::format("cannot write `{}`: {}", args.output, std::strerror(errno)));
  }
  std::ostream& sink = args.output.empty() ? out : file;
  const plan::Table& schema = plan.tables[table];
  const bool show_aggregate = sources.size() > 1 && !outside;
  const bool show_value = values && !outside;
  std::vector<std::string> labels;
  for (const RecordSource& s : sources) {
    std::string label = AggregateText(compilation, plan.aggregates[s.aggregate]);
    if (s.period != period)
      label += all[s.period].kind == PeriodKind::Baseline
                   ? " at baseline"
                   : fmt::format(" in {} (previous period)", all[s.period].label);
    labels.push_back(std::move(label));
  }
  const std::string& path = data.datasets[table].path;
  std::map<CountedAs, uint64_t> counts;
  std::vector<uint64_t> lines;
  for (size_t k = 0; k < entries.size(); ++k) {
    ++counts[entries[k].as];
    if (k == 0 || entries[k].row != entries[k - 1].row) lines.push_back(rows.line(entries[k].row));
  }
  std::string failure;
  {
    CsvOut csv(sink);
    csv.Cell(FixedName("file", schema), true);
    csv.Cell(FixedName("line", schema), false);
    if (show_aggregate) csv.Cell(FixedName("aggregate", schema), false);
    csv.Cell(FixedName("counted_as", schema), false);
    if (show_value) csv.Cell(FixedName("value", schema), false);
    std::vector<std::string> columns;
    for (const plan::TableColumn& col : schema.columns) {
      csv.Cell(col.name, false);
      columns.push_back(col.name);
    }
    csv.EndRow();
    size_t next = 0;
    std::string line_text;
    try {
      failure = PickRecords(path, columns, lines, [&](size_t k, const std::vector<std::string_view>& fields) {
        line_text = std::to_string(lines[k]);
        for (; next < entries.size() && rows.line(entries[next].row) == lines[k]; ++next) {
          const interp::RecordEntry& e = entries[next];
          csv.Cell(path, true);
          csv.Cell(line_text, false);
          if (show_aggregate) csv.Cell(labels[e.source], false);
          csv.Cell(interp::ToString(e.as), false);
          if (show_value) csv.Cell(finder.ValueOf(sources[e.source], e.row), false);
          for (std::string_view f : fields) csv.Cell(f, false);
          csv.EndRow();
        }
      });
    } catch (const interp::EvalError& e) {
      failure = e.what();  // the same rows were evaluated before: not expected
    }
  }
  sink.flush();
  if (!failure.empty()) {
    err << fmt::format("ocf rows: {}: {}\n", TerminalText(path), failure);
    return kExitErrors;
  }
  if (!sink) {
    err << fmt::format("ocf rows: writing `{}` failed\n",
                       TerminalText(args.output.empty() ? "-" : args.output));
    return kExitErrors;
  }
  std::string breakdown;
  for (const auto& [as, n] : counts)
    breakdown +=
        fmt::format("{}{} {}", breakdown.empty() ? "" : ", ", WithThousands(n), interp::ToString(as));
  err << fmt::format("ocf rows: {} record{} of `{}`{}\n", WithThousands(entries.size()),
                     entries.size() == 1 ? "" : "s", plan.tables[table].name,
                     breakdown.empty() ? "" : " (" + breakdown + ")");
  return kExitOk;
}

}  // namespace ocf::driver
