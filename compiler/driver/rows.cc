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

namespace {

constexpr const char* kRowsFooter =
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
    "Sum, mean, median and the like add a `value` column: the value each record gave.\n"
    "\n"
    "The CSV goes to standard output (or FILE with --output), a summary line to\n"
    "standard error: `ocf rows: 132 records of `referrals` (55 numerator, ...)`.\n"
    "Data with problems is refused as `ocf run` refuses it. Exit status: 0 listed,\n"
    "1 errors in the contract or the data, 2 bad usage (an unknown measure, period\n"
    "or group, a --which that does not apply, ...).\n"
    "\n"
    "Examples:\n"
    "  ocf rows msk.ocf --data data/ --measure seen_in_18_weeks --period \"2014/15 Q1\"\n"
    "  ocf rows msk.ocf --data data/ --measure seen_in_18_weeks --period 2014/15 \\\n"
    "      --group physio --which numerator --output physio.csv";

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

// One `ocf rows`, step by step: each step returns kGoOn or the exit status.
class RowsRun {
 public:
  RowsRun(const RowsArgs& args, std::ostream& out, std::ostream& err)
      : args_(args), common_(args.common), out_(out), err_(err) {}

  int Run() {
    for (int (RowsRun::*step)() : {&RowsRun::ReadArguments, &RowsRun::Compile, &RowsRun::ChooseMeasure,
                                   &RowsRun::ChooseTable, &RowsRun::ReadData, &RowsRun::ReadInputValues,
                                   &RowsRun::CheckGroup, &RowsRun::FindRecords, &RowsRun::Write}) {
      int status = (this->*step)();
      if (status != kGoOn) return status;
    }
    return kExitOk;
  }

 private:
  static constexpr int kGoOn = -1;

  int Usage(const std::string& message) {
    err_ << "ocf rows: " << message << "\n";
    return kExitUsage;
  }

  int ReadArguments() {
    std::optional<RecordSet> which = WhichOf(args_.which);
    if (!which)
      return Usage(fmt::format(
          "--which is `numerator`, `denominator`, `skipped` or `outside` (or left out: every record "
          "counted), not `{}`",
          args_.which));
    which_ = *which;
    outside_ = which_ == RecordSet::Outside;
    if (common_.files.size() != 1) return Usage("give one contract");
    if (args_.measure.empty()) return Usage("--measure is required: the measure whose records to list");
    if (!outside_ && common_.period.empty())
      return Usage("--period is required: the period whose records to list, e.g. `--period 2014/15`");
    if (outside_ && !common_.period.empty())
      return Usage(
          "--which outside lists the records dated outside the term, which are in no period: leave out "
          "--period");
    std::string why;
    if (!ParseDataArgs(common_.data, given_, why, "ocf rows")) return (err_ << why << "\n", kExitUsage);
    std::optional<InputSettings> sets = ParseSets(common_.sets, "ocf rows", why);
    if (!sets) return (err_ << why << "\n", kExitUsage);
    sets_ = std::move(*sets);
    return kGoOn;
  }

  int Compile() {
    // `--set` gives inputs and top-level lets their values, as for `ocf run`.
    contract_.emplace(CompileArg(common_.files[0], common_.stdlib, sets_));
    const ocf::Compilation& c = *contract_;
    if (!c.read_error().empty()) return Usage(c.read_error());
    const SettingsUse& settings = c.internal().compilation->settings;
    for (const std::string& e : settings.usage_errors) err_ << "ocf rows: " << e << "\n";
    if (!settings.usage_errors.empty()) return kExitUsage;
    err_ << c.RenderText(common_.color);
    if (!c.ok()) {
      err_ << SummaryLine(common_.files[0] == "-" ? "<stdin>" : common_.files[0], c) << "\n";
      return kExitErrors;
    }
    for (const std::string& e : settings.errors) err_ << "ocf rows: " << e << "\n";
    if (!settings.errors.empty()) return kExitErrors;
    sets_ = settings.inputs;  // the lets' values are in the program now
    compilation_ = c.internal().compilation.get();
    program_ = compilation_->program.get();
    plan_ = Lower(*program_);
    return kGoOn;
  }

  int ChooseMeasure() {
    std::vector<std::string> names;
    for (const plan::Measure& m : plan_.measures) names.push_back(m.name);
    auto it = std::find(names.begin(), names.end(), args_.measure);
    if (it == names.end())
      return Usage(fmt::format("the contract has no measure `{}`{}\n  its measures: {}",
                               ShowCell(args_.measure), DidYouMean(args_.measure, names), NameList(names)));
    m_ = static_cast<uint32_t>(it - names.begin());
    const plan::Measure& measure = plan_.measures[m_];
    all_ = plan_.WorkedOutPeriods();
    if (outside_) {
      for (size_t p = 0; p < all_.size(); ++p)
        if (all_[p].kind == PeriodKind::Term) period_ = p;
    } else {
      std::vector<std::string> labels;
      for (const Period& p : plan_.periods) labels.push_back(p.label);
      if (std::find(labels.begin(), labels.end(), common_.period) == labels.end())
        return Usage(fmt::format("`{}` is not a period of this contract{}\n  its periods: {}",
                                 ShowCell(common_.period), DidYouMean(common_.period, labels),
                                 NameList(labels, 80)));
      while (all_[period_].label != common_.period) ++period_;
    }
    if (args_.group_given && measure.by_column_name == plan::kNoSlot)
      return Usage(
          fmt::format("`{}` has no `by` column, so it has no groups: leave out --group", measure.name));
    return kGoOn;
  }

  // The table whose records to list, and the sources over it.
  int ChooseTable() {
    const plan::Measure& measure = plan_.measures[m_];
    std::vector<RecordSource> found = interp::SourcesOf(plan_, m_, period_);
    std::vector<uint32_t> tables = measure.tables;
    for (const RecordSource& s : found) tables.push_back(plan_.aggregates[s.aggregate].table);
    std::sort(tables.begin(), tables.end());
    tables.erase(std::unique(tables.begin(), tables.end()), tables.end());
    std::vector<std::string> names;
    for (uint32_t t : tables) names.push_back(plan_.tables[t].name);
    if (tables.empty())
      return Usage(
          fmt::format("`{}` reads no records: its value comes from lets and inputs alone", measure.name));
    table_ = tables[0];
    if (!args_.table.empty()) {
      auto it = std::find(names.begin(), names.end(), args_.table);
      if (it == names.end())
        return Usage(fmt::format("`{}` does not read a table `{}`; it reads {}", measure.name,
                                 ShowCell(args_.table), NameList(names)));
      table_ = tables[static_cast<size_t>(it - names.begin())];
    } else if (tables.size() > 1) {
      std::string commands;
      for (const std::string& t : names) commands += fmt::format("\n  ... --table {}", t);
      return Usage(fmt::format(
          "`{}` reads records of {} tables, {}, and one CSV holds one table's columns: add --table, "
          "one of{}",
          measure.name, tables.size(), NameList(names), commands));
    }
    for (const RecordSource& s : found)
      if (plan_.aggregates[s.aggregate].table == table_) sources_.push_back(s);
    bool percent = false;
    for (const RecordSource& s : sources_) {
      percent |= plan_.aggregates[s.aggregate].op == plan::AggregateOp::PercentOf;
      values_ |= interp::HasValue(plan_.aggregates[s.aggregate]);
    }
    if ((which_ == RecordSet::Numerator || which_ == RecordSet::Denominator) && !percent)
      return Usage(fmt::format(
          "--which {} is for a `percent of` measure, and `{}` reads no `percent of` of `{}`: leave out "
          "--which to list the records it counted",
          args_.which, measure.name, plan_.tables[table_].name));
    if (which_ == RecordSet::Skipped && !values_)
      return Usage(fmt::format(
          "--which skipped lists records whose value is missing, for sum, mean, median, min, max, "
          "percentiles and count distinct; `{}` reads none of those of `{}`",
          measure.name, plan_.tables[table_].name));
    if (measure.by_column_name != plan::kNoSlot)
      for (size_t col = 0; col < plan_.tables[table_].columns.size(); ++col)
        if (plan_.tables[table_].columns[col].name == plan_.by_names[measure.by_column_name])
          by_column_ = static_cast<uint32_t>(col);
    return kGoOn;
  }

  // The table, and the tables its links read: nothing else is read.
  int ReadData() {
    std::vector<bool> needed(plan_.tables.size(), false);
    needed[table_] = true;
    for (const plan::Link& link : plan_.links)
      if (link.outer_table == table_) needed[link.table] = true;
    for (const auto& [name, path] : given_.files)
      if (std::none_of(plan_.tables.begin(), plan_.tables.end(),
                       [&](const plan::Table& t) { return t.name == name; }))
        return Usage(
            fmt::format("--data names dataset `{}`, but the contract has no such dataset", ShowCell(name)));
    DataSources read;
    for (size_t t = 0; t < plan_.tables.size(); ++t) {
      if (!needed[t]) continue;
      const std::string& name = plan_.tables[t].name;
      std::string path;
      for (const auto& [named, p] : given_.files)
        if (named == name) path = p;
      if (path.empty() && !given_.dir.empty())
        path = (std::filesystem::path(given_.dir) / (name + ".csv")).generic_string();
      if (path.empty()) {
        err_ << fmt::format(
            "ocf rows: no data for `{}`: give `--data DIR` with {}.csv in it, or `--data {}=FILE`\n", name,
            name, name);
        return kExitErrors;
      }
      read.files.emplace_back(name, path);
    }
    DataOptions options;
    options.progress = common_.progress;
    options.parallel = true;
    options.threads = common_.threads;
    options.materialize = ColumnsRead(plan_, sources_, table_, by_column_);
    options.cache = CacheOptionsFrom(common_.cache, common_.no_cache, common_.cache_by_default);
    options.cache.warn = [this](const std::string& m) { err_ << "ocf rows: warning: " << m << "\n"; };
    data_ = CheckData(*program_, read, options);
    if (!data_.usage_error.empty()) return Usage(data_.usage_error);
    if (!data_.ok()) {
      for (size_t t = 0; t < data_.datasets.size(); ++t) {
        if (!needed[t]) continue;
        err_ << RenderDataProblems(data_.datasets[t]);
        err_ << DataSummaryLine(data_.datasets[t]) << "\n";
      }
      err_ << "ocf rows: the data has problems (listed above); no records were listed\n";
      return kExitErrors;
    }
    // Tables not read have no rows (no link from this table reads them).
    in_.plan = &plan_;
    for (size_t t = 0; t < plan_.tables.size(); ++t) {
      const Table* loaded = t < data_.datasets.size() ? data_.datasets[t].table.get() : nullptr;
      if (!loaded) {
        empty_.push_back(
            std::make_unique<Table>(SchemaOf(*program_->datasets[t], program_->contract.currency)));
        loaded = empty_.back().get();
      }
      in_.tables.push_back(loaded);
    }
    return kGoOn;
  }

  // Inputs: only those the records' conditions and values read are needed.
  int ReadInputValues() {
    RunOutcome outcome;
    in_.inputs = ReadInputs(plan_, sets_, input_text_, outcome);
    std::vector<bool> read_by_rows(plan_.inputs.size(), false);
    std::unordered_set<plan::ExprId> seen;
    for (const RecordSource& s : sources_) {
      const plan::Aggregate& a = plan_.aggregates[s.aggregate];
      for (plan::ExprId e : {a.population, a.condition, a.value})
        plan::VisitOnce(plan_, e, seen, [&](const plan::Node& n) {
          if (n.op == plan::Op::Input) read_by_rows[n.slot] = true;
        });
    }
    std::vector<std::string> errors;
    for (const std::string& e : outcome.errors) {
      bool unneeded = false;
      for (size_t k = 0; k < plan_.inputs.size(); ++k)
        unneeded |=
            !read_by_rows[k] && e.rfind(fmt::format("input `{}` has no value", plan_.inputs[k].name), 0) == 0;
      if (!unneeded) errors.push_back(e);
    }
    for (const std::string& e : errors) err_ << "ocf rows: " << e << "\n";
    if (!errors.empty()) return outcome.usage_error ? kExitUsage : kExitErrors;
    return kGoOn;
  }

  // A group must be one of the measure's: a value of its `by` column in the
  // table's records (in the term, or outside it for --which outside).
  int CheckGroup() {
    if (!args_.group_given || by_column_ == plan::kNoSlot) return kGoOn;
    const Table& rows = *in_.tables[table_];
    const Column& by = rows.column(by_column_);
    const Column& dated = rows.column(plan_.tables[table_].dated_by);
    const Timeline timeline = plan_.timeline();
    std::vector<bool> seen(by.dictionary_size(), false);
    for (size_t r = 0; r < rows.row_count(); ++r) {
      if (!by.present(r) || !dated.present(r)) continue;
      Date d = dated.date_at(r);
      bool in_timeline = (d >= timeline.term_start && d <= timeline.term_end) ||
                         (timeline.baseline && d >= timeline.baseline->start && d <= timeline.baseline->end);
      if (in_timeline != outside_) seen[by.code_at(r)] = true;
    }
    std::vector<std::string> groups;
    for (uint32_t code = 0; code < seen.size(); ++code)
      if (seen[code]) groups.emplace_back(by.dictionary(code));
    std::sort(groups.begin(), groups.end());
    if (std::binary_search(groups.begin(), groups.end(), args_.group)) return kGoOn;
    const plan::Measure& measure = plan_.measures[m_];
    return Usage(fmt::format("`{}` has no group `{}`: no record of `{}` {} has that `{}`{}\n  its groups: {}",
                             measure.name, ShowCell(args_.group), plan_.tables[table_].name,
                             outside_ ? "outside the term" : "in the term",
                             plan_.by_names[measure.by_column_name], DidYouMean(args_.group, groups),
                             groups.empty() ? "none" : NameList(groups)));
  }

  int FindRecords() {
    interp::RecordsRequest request;
    request.table = table_;
    request.which = which_;
    if (args_.group_given) request.group = args_.group;
    request.by_column = by_column_;
    finder_ = std::make_unique<interp::RecordFinder>(in_);
    try {
      entries_ = finder_->Find(sources_, request);
    } catch (const interp::EvalError& e) {
      DiagnosticSink sink;
      sink.Report(DiagCode::RunArithmetic, e.span, e.what())
          .Help(e.help.empty() ? "the contract's arithmetic left the exact range here; check the data for an "
                                 "outsized value"
                               : e.help);
      err_ << RenderText(sink.diagnostics()[0], compilation_->sources);
      return kExitErrors;
    }
    return kGoOn;
  }

  // The CSV: the records' lines read again from the file, as written.
  int Write() {
    const std::string& path = data_.datasets[table_].path;
    std::ofstream file;
    if (!args_.output.empty()) {
      // The data file is read again while the CSV is written: writing over
      // it would destroy it.
      std::error_code ignored;
      if (std::filesystem::exists(args_.output, ignored) &&
          std::filesystem::equivalent(args_.output, path, ignored))
        return Usage(fmt::format("--output `{}` is the data file the records are read from; write elsewhere",
                                 args_.output));
      file.open(args_.output, std::ios::binary | std::ios::trunc);
      if (!file) return Usage(fmt::format("cannot write `{}`: {}", args_.output, std::strerror(errno)));
    }
    std::ostream& sink = args_.output.empty() ? out_ : file;
    const Table& rows = *in_.tables[table_];
    const plan::Table& schema = plan_.tables[table_];
    const bool show_aggregate = sources_.size() > 1 && !outside_;
    const bool show_value = values_ && !outside_;
    std::vector<std::string> labels;
    for (const RecordSource& s : sources_) {
      std::string label = AggregateText(*compilation_, plan_.aggregates[s.aggregate]);
      if (s.period != period_)
        label += all_[s.period].kind == PeriodKind::Baseline
                     ? " at baseline"
                     : fmt::format(" in {} (previous period)", all_[s.period].label);
      labels.push_back(std::move(label));
    }
    std::map<CountedAs, uint64_t> counts;
    std::vector<uint64_t> lines;
    for (size_t k = 0; k < entries_.size(); ++k) {
      ++counts[entries_[k].as];
      if (k == 0 || entries_[k].row != entries_[k - 1].row) lines.push_back(rows.line(entries_[k].row));
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
        failure =
            PickRecords(path, columns, lines, [&](size_t k, const std::vector<std::string_view>& fields) {
              line_text = std::to_string(lines[k]);
              for (; next < entries_.size() && rows.line(entries_[next].row) == lines[k]; ++next) {
                const interp::RecordEntry& e = entries_[next];
                csv.Cell(path, true);
                csv.Cell(line_text, false);
                if (show_aggregate) csv.Cell(labels[e.source], false);
                csv.Cell(interp::ToString(e.as), false);
                if (show_value) csv.Cell(finder_->ValueOf(sources_[e.source], e.row), false);
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
      err_ << fmt::format("ocf rows: {}: {}\n", TerminalText(path), failure);
      return kExitErrors;
    }
    if (!sink) {
      err_ << fmt::format("ocf rows: writing `{}` failed\n",
                          TerminalText(args_.output.empty() ? "-" : args_.output));
      return kExitErrors;
    }
    std::string breakdown;
    for (const auto& [as, n] : counts)
      breakdown +=
          fmt::format("{}{} {}", breakdown.empty() ? "" : ", ", WithThousands(n), interp::ToString(as));
    err_ << fmt::format("ocf rows: {} record{} of `{}`{}\n", WithThousands(entries_.size()),
                        entries_.size() == 1 ? "" : "s", schema.name,
                        breakdown.empty() ? "" : " (" + breakdown + ")");
    return kGoOn;
  }

  const RowsArgs& args_;
  const CommandArgs& common_;
  std::ostream& out_;
  std::ostream& err_;
  // From the arguments.
  RecordSet which_ = RecordSet::Counted;
  bool outside_ = false;
  DataSources given_;
  InputSettings sets_;
  // The contract.
  std::optional<ocf::Compilation> contract_;
  const Compilation* compilation_ = nullptr;
  const CheckedProgram* program_ = nullptr;
  plan::EvaluationPlan plan_;
  std::vector<Period> all_;  // the plan's worked-out periods
  // What to list.
  uint32_t m_ = 0;
  size_t period_ = 0;  // into all_
  uint32_t table_ = 0;
  uint32_t by_column_ = plan::kNoSlot;  // the measure's `by` column in the table
  std::vector<RecordSource> sources_;   // over the table
  bool values_ = false;                 // some source keeps a value per record
  // The data and the records.
  DataCheck data_;
  std::vector<std::unique_ptr<Table>> empty_;
  std::vector<std::string> input_text_;  // the inputs' values keep views into it
  interp::RunInput in_;
  std::unique_ptr<interp::RecordFinder> finder_;
  std::vector<interp::RecordEntry> entries_;
};

}  // namespace

CLI::App* AddRowsCommand(CLI::App& app, RowsArgs& args) {
  CLI::App* rows =
      app.add_subcommand("rows", "List the records behind a measure's value in a period, as CSV");
  rows->group("Commands");
  rows->set_help_flag("-h,--help", "Print this help and exit");
  rows->footer(kRowsFooter);
  rows->add_option("FILE", args.common.files, "The contract (a .ocf file; `-`: standard input)")
      ->required()
      ->expected(1)
      ->type_name("");
  rows->add_option("--data", args.common.data,
                   "The provider's data: DIR with NAME.csv files, or NAME=PATH (repeatable)")
      ->type_name("DIR|NAME=PATH")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  rows->add_option("--measure", args.measure, "The measure whose records to list")
      ->required()
      ->type_name("NAME");
  rows->add_option("--period", args.common.period, "The period, e.g. 2014/15 Q1, 2014/15 or term")
      ->type_name("LABEL");
  rows->add_option("--group", args.group, "Only this group of a `by` measure, e.g. physio")
      ->type_name("VALUE");
  rows->add_option("--which", args.which,
                   "numerator, denominator, skipped or outside (default: every record counted)")
      ->type_name("SET");
  rows->add_option("--table", args.table, "For a measure over several tables: the one to list")
      ->type_name("NAME");
  rows->add_option("--set", args.common.sets, "An input's value, written as in a data file (repeatable)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  rows->add_option("--output", args.output, "Write the CSV to FILE instead of standard output")
      ->type_name("FILE");
  rows->add_option("--stdlib", args.common.stdlib, "Where `import` looks after the importing file's folder")
      ->type_name("DIR");
  args.common.cache_by_default = true;
  rows->add_option("--cache", args.common.cache,
                   "Keep the data's validated columns in DIR and map them on a re-run (default: on, in "
                   "$OCF_CACHE_DIR, else $XDG_CACHE_HOME/ocf or ~/.cache/ocf, files of 4 MiB and more)")
      ->type_name("DIR");
  rows->add_flag("--no-cache", args.common.no_cache,
                 "Read the data files, neither using nor filling the column cache");
  rows->add_option("--threads", args.common.threads, "Worker threads for reading (default: one per core)")
      ->type_name("N");
  // Whether --group was given at all: `--group ""` asks for a group too.
  rows->parse_complete_callback([rows, &args] { args.group_given = rows->count("--group") > 0; });
  return rows;
}

int RowsCommand(const RowsArgs& args, std::ostream& out, std::ostream& err) {
  return RowsRun(args, out, err).Run();
}

}  // namespace ocf::driver
