#include "compiler/driver/test_runner.h"

#include <filesystem>
#include <map>

#include <fmt/format.h>

#include "compiler/driver/data.h"
#include "compiler/sema/schema.h"
#include "compiler/source/file_rules.h"
#include "runtime/csv_reader.h"
#include "runtime/interp/engine.h"
#include "runtime/key_check.h"
#include "runtime/safe_text.h"

namespace ocf::driver {
namespace {

using interp::Value;
using plan::ValueType;

// The value of a literal written in a test (`set`, `expect`), with its type.
struct Literal {
  Value value;
  ValueType type = ValueType::Int;
};

Literal LiteralValue(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Number: {
      const auto& n = static_cast<const ast::NumberExpr&>(e);
      if (n.is_integer) return {Value::Int(*n.value.ToInt64()), ValueType::Int};
      return {Value::Dec(n.value), ValueType::Decimal};
    }
    case ast::ExprKind::Percent:
      return {Value::Dec(static_cast<const ast::PercentExpr&>(e).value), ValueType::Decimal};
    case ast::ExprKind::Money:
      return {Value::Dec(static_cast<const ast::MoneyExpr&>(e).amount), ValueType::Decimal};
    case ast::ExprKind::Date:
      return {Value::Int(static_cast<const ast::DateExpr&>(e).value.days()), ValueType::Date};
    case ast::ExprKind::Text:
      return {Value::Text(static_cast<const ast::TextExpr&>(e).value), ValueType::Text};
    case ast::ExprKind::Bool:
      return {Value::Bool(static_cast<const ast::BoolExpr&>(e).value), ValueType::Bool};
    case ast::ExprKind::Duration: {
      const auto& d = static_cast<const ast::DurationExpr&>(e);
      return {Value::Int(d.amount),
              d.unit == ast::DurationUnit::Days ? ValueType::DayDuration : ValueType::MonthDuration};
    }
    case ast::ExprKind::Unary: {
      Literal inner = LiteralValue(*static_cast<const ast::UnaryExpr&>(e).operand);
      if (static_cast<const ast::UnaryExpr&>(e).op != ast::UnaryOp::Neg) return inner;
      if (inner.type == ValueType::Decimal)
        inner.value.d = *Decimal::Neg(inner.value.d);
      else
        inner.value.i = -inner.value.i;
      return inner;
    }
    default:
      break;
  }
  return {};
}

// The exact decimal a numeric value stands for.
std::optional<Decimal> Numeric(ValueType t, const Value& v) {
  if (t == ValueType::Decimal) return v.d;
  if (t == ValueType::Int) return Decimal::FromInt(v.i);
  return std::nullopt;
}

// How a test shows a value: `87.5%`, `£1,325,000.00`, `12`, missing.
std::string Show(const std::optional<std::string>& value, const std::string& type_name,
                 const std::string& currency) {
  if (!value) return "missing";
  if (auto d = Decimal::Parse(*value)) {
    // A test compares every digit, so it shows every digit when there are
    // more than a statement would print: `£27,905,104.6388665`.
    std::string exact = d->ToString();
    size_t point = exact.find('.');
    size_t places = point == std::string::npos ? 0 : exact.size() - point - 1;
    // As the test wrote it (`expect x = 87.5%`), not to a statement's two places.
    if (type_name == "percent") return places <= 4 ? FormatPercentAsWritten(*d) : exact;
    if (type_name == "money") {
      if (places <= 2) return FormatMoney(*d, currency);
      // The whole pounds as a statement writes them, then every decimal place.
      std::string whole = FormatMoney(*Decimal::Parse(exact.substr(0, point)), currency);
      return whole.substr(0, whole.size() - 3) + exact.substr(point);
    }
  }
  return *value;
}

std::string ShowLiteral(const Literal& l, const std::string& type_name, const std::string& currency) {
  switch (l.type) {
    case ValueType::Decimal:
      return Show(l.value.d.ToString(), type_name, currency);
    case ValueType::Int:
      return Show(std::to_string(l.value.i), type_name, currency);
    case ValueType::Date:
      return Date::FromDays(static_cast<int32_t>(l.value.i)).ToString();
    case ValueType::Text:
      return std::string(l.value.s);
    case ValueType::Bool:
      return l.value.i ? "true" : "false";
    default:
      return std::to_string(l.value.i);
  }
}

// Whether a statement value (exact decimal text, or missing) equals a literal.
bool Equal(const std::optional<std::string>& actual, const Literal& expected) {
  if (!actual) return false;
  if (auto want = Numeric(expected.type, expected.value)) {
    auto got = Decimal::Parse(*actual);
    return got && *got == *want;
  }
  return *actual == ShowLiteral(expected, "", "");
}

class TestRun {
 public:
  TestRun(const Compilation& c, const plan::EvaluationPlan& plan, const ast::TestDecl& test,
          const RunOptions& options)
      : c_(c), plan_(plan), test_(test), options_(options) {}
  TestResult Run();

 private:
  bool LoadTables(TestResult& r);
  bool ReadInlineTable(const ast::TestItem& item, Table& table, DataReport& report, TestResult& r);
  bool SetInputs(TestResult& r);
  void Check(const Statement& st, const ast::TestItem& item, TestResult& r);

  const Compilation& c_;
  const plan::EvaluationPlan& plan_;
  const ast::TestDecl& test_;
  const RunOptions& options_;
  std::vector<std::unique_ptr<Table>> tables_;
  std::vector<Value> inputs_;
  std::vector<std::string> storage_;  // text of inline cells, kept alive for the tables
};

// Each table given is read as a data file is and must obey its data block as
// one does: cells, keys and `check` rules (CheckRules, as `ocf check --data`
// and `ocf run` evaluate them). A test whose tables break it is not run; its
// error lists every problem as `ocf check --data` does, at the row's line of
// the inline table or of the file.
bool TestRun::LoadTables(TestResult& r) {
  const auto& datasets = c_.program->datasets;
  for (const ast::DataDecl* d : datasets)
    tables_.push_back(std::make_unique<Table>(SchemaOf(*d, c_.program->contract.currency)));
  struct Broken {
    const ast::TestItem* item;
    uint64_t problems;
  };
  std::vector<Broken> broken;
  for (const ast::TestItem& item : test_.items) {
    if (item.kind != ast::TestItemKind::GivenTable && item.kind != ast::TestItemKind::GivenFile) continue;
    size_t t = 0;
    while (t < datasets.size() && datasets[t]->name.text != item.name.text) ++t;
    if (t == datasets.size()) continue;  // reported by the checker
    const TableSchema& schema = tables_[t]->schema();
    DataReport report;
    if (item.kind == ast::TestItemKind::GivenFile) {
      // The checker refuses such a path (E0119); never hand one to the file system.
      if (FindPathFlaw(item.path)) {
        r.error = "the data file's path holds a character no file name may hold";
        r.error_span = item.path_span;
        return false;
      }
      std::filesystem::path base = std::filesystem::path(c_.sources.Get(item.span.file).path()).parent_path();
      std::string path = (base / item.path).string();
      CsvResult csv = ReadCsvFile(path, schema);
      tables_[t] = std::make_unique<Table>(std::move(csv.table));
      report = std::move(csv.report);
    } else if (!ReadInlineTable(item, *tables_[t], report, r)) {
      return false;
    }
    CheckRules(plan_, t, *tables_[t], report);
    if (report.ok()) continue;
    broken.push_back({&item, report.problem_count()});
    r.details += RenderDataProblems(report);
  }
  if (broken.empty()) return true;
  uint64_t problems = 0;
  std::string names;
  for (size_t k = 0; k < broken.size(); ++k) {
    problems += broken[k].problems;
    names += fmt::format("{}`{}`",
                         k == 0                   ? ""
                         : k + 1 == broken.size() ? " and "
                                                  : ", ",
                         broken[k].item->name.text);
  }
  const ast::TestItem& first = *broken.front().item;
  std::string count = fmt::format("{} problem{}", WithThousands(problems), problems == 1 ? "" : "s");
  if (broken.size() > 1)
    r.error = fmt::format("the data given for {} has {} (below), so the test was not run", names, count);
  else if (first.kind == ast::TestItemKind::GivenFile)
    r.error = fmt::format("the data file \"{}\" given for {} has {} (below), so the test was not run",
                          first.path, names, count);
  else
    r.error = fmt::format("the rows given for {} break its data block ({}, below), so the test was not run",
                          names, count);
  r.error_span = first.kind == ast::TestItemKind::GivenFile ? first.path_span : first.name.span;
  return false;
}

// An inline table's rows, each at its line of the contract file, with their
// keys checked as they are added.
bool TestRun::ReadInlineTable(const ast::TestItem& item, Table& table, DataReport& report, TestResult& r) {
  const TableSchema& schema = table.schema();
  report = DataReport(c_.sources.Get(item.span.file).path());
  KeyCheck keys(schema);
  std::vector<int> column_of_header;
  for (const ast::Ident& h : item.header) {
    int found = -1;
    for (size_t k = 0; k < schema.columns.size(); ++k)
      if (schema.columns[k].name == h.text) found = static_cast<int>(k);
    column_of_header.push_back(found);
  }
  for (const ast::TableRow& row : item.rows) {
    std::vector<CellValue> values(schema.columns.size());
    for (size_t k = 0; k < row.cells.size() && k < column_of_header.size(); ++k) {
      if (column_of_header[k] < 0) continue;
      const ColumnSpec& spec = schema.columns[static_cast<size_t>(column_of_header[k])];
      ParsedCell cell = ParseCell(row.cells[k], spec);
      if (!cell.problem.empty()) {  // the checker reports these first (E0703)
        r.error = fmt::format("column `{}`: {}", spec.name, cell.problem);
        r.error_span = k < row.cell_spans.size() ? row.cell_spans[k] : row.span;
        return false;
      }
      values[static_cast<size_t>(column_of_header[k])] = cell.value;
    }
    uint64_t line = c_.sources.Get(row.span.file).Locate(row.span.begin).line;
    table.AppendRow(values, line);
    ++report.rows;
    keys.Row(table, table.row_count() - 1, line, report);
  }
  return true;
}

bool TestRun::SetInputs(TestResult& r) {
  inputs_.assign(plan_.inputs.size(), Value::Missing());
  for (const ast::TestItem& item : test_.items) {
    if (item.kind != ast::TestItemKind::Set || !item.value) continue;
    for (size_t k = 0; k < plan_.inputs.size(); ++k) {
      if (plan_.inputs[k].name != item.name.text) continue;
      Literal l = LiteralValue(*item.value);
      if (plan_.inputs[k].type == ValueType::Decimal && l.type == ValueType::Int)
        l.value = Value::Dec(Decimal::FromInt(l.value.i));
      inputs_[k] = l.value;
    }
  }
  for (size_t k = 0; k < plan_.inputs.size(); ++k) {
    if (inputs_[k].present) continue;
    r.error = fmt::format("input `{}` has no value in this test; write `set {} = ...`", plan_.inputs[k].name,
                          plan_.inputs[k].name);
    r.error_span = test_.name_span;
    return false;
  }
  return true;
}

void TestRun::Check(const Statement& st, const ast::TestItem& item, TestResult& r) {
  ExpectResult e;
  e.span = item.span;
  std::string period = item.period.value_or("term");
  std::optional<std::string> actual;
  std::string type_name;
  switch (item.subject) {
    case ast::ExpectSubject::Measure: {
      // A gate: passed or not, the group's in a payment by group.
      auto gate_value = [&](const std::vector<GateResult>& gates) {
        for (const GateResult& g : gates) {
          if (g.name != item.name.text) continue;
          type_name = "bool";
          auto it = g.periods.find(period);
          if (it != g.periods.end() && it->second) actual = *it->second ? "true" : "false";
        }
      };
      if (item.group) {
        for (const GroupResult& g : st.groups)
          if (g.name == *item.group) gate_value(g.gates);
      } else {
        gate_value(st.gates);
      }
      for (const MeasureResult& m : st.measures) {
        if (m.name != item.name.text) continue;
        type_name = m.type;
        if (item.group) {
          if (std::optional<StatementValue> v = st.GroupValue(m, *item.group, period)) actual = v->value;
        } else if (auto it = m.values.find(period); it != m.values.end()) {
          actual = it->second.value;
        }
      }
      e.what = item.name.text + (item.group ? fmt::format(" for \"{}\"", *item.group) : "");
      break;
    }
    case ast::ExpectSubject::Achievement: {
      type_name = "percent";
      const std::map<std::string, Decimal>* values = &st.achievement;
      const std::vector<OutcomeResult>* outcomes = &st.outcomes;
      static const std::map<std::string, Decimal> kNone;
      if (item.group) {  // the group's own, in its payment periods
        values = &kNone;
        for (const GroupResult& g : st.groups)
          if (g.name == *item.group) {
            values = &g.achievement;
            outcomes = &g.outcomes;
          }
      }
      for (const OutcomeResult& o : *outcomes)
        if (o.name == item.name.text) values = &o.periods;
      auto it = values->find(period);
      if (it != values->end()) actual = it->second.ToString();
      e.what = item.name.text.empty() ? "achievement" : "achievement of " + item.name.text;
      if (item.group) e.what += fmt::format(" for \"{}\"", *item.group);
      break;
    }
    case ast::ExpectSubject::PaymentLine:
    case ast::ExpectSubject::PaymentTotal: {
      type_name = "money";
      bool total = item.subject == ast::ExpectSubject::PaymentTotal;
      Decimal sum;
      bool found = false;
      for (const PaymentPeriod& p : st.payments) {
        if (item.period && p.label != *item.period) continue;
        if (total && !item.group) {
          sum = *Decimal::Add(sum, p.total);
          found = true;
          continue;
        }
        for (const PaymentLine& line : p.lines) {
          if (item.group && line.group != *item.group) continue;
          if (total ? line.shadow : line.name != item.payment_line) continue;
          sum = *Decimal::Add(sum, line.amount);
          found = true;
        }
      }
      if (found) actual = sum.ToString();
      e.what = total ? "payment total" : fmt::format("payment \"{}\"", item.payment_line);
      if (item.group) e.what += fmt::format(" for \"{}\"", *item.group);
      break;
    }
  }
  e.what += fmt::format(" in \"{}\"", period);
  e.actual = Show(actual, type_name, st.currency);
  if (item.expect_missing) {
    e.expected = "missing";
    e.passed = !actual;
  } else if (item.value) {
    Literal want = LiteralValue(*item.value);
    e.expected = ShowLiteral(want, type_name, st.currency);
    e.passed = Equal(actual, want);
  }
  r.passed = r.passed && e.passed;
  r.expects.push_back(std::move(e));
}

TestResult TestRun::Run() {
  TestResult r;
  r.name = test_.name;
  r.span = test_.name_span;
  if (!LoadTables(r) || !SetInputs(r)) return r;
  interp::RunInput in;
  in.plan = &plan_;
  for (const auto& t : tables_) in.tables.push_back(t.get());
  in.inputs = inputs_;
  Statement st;
  try {
    st = RunOnEngine(in, options_, &r.warning);
  } catch (const interp::EvalError& e) {
    r.error = e.what();
    r.error_span = e.span;
    return r;
  } catch (const interp::MissingPaymentError& e) {
    r.error = std::string(e.what()) + "; write `otherwise £0` where nothing is meant to be paid";
    r.error_span = e.span;
    return r;
  }
  r.passed = true;
  for (const ast::TestItem& item : test_.items)
    if (item.kind == ast::TestItemKind::Expect) Check(st, item, r);
  return r;
}

}  // namespace

std::vector<TestResult> RunTests(const Compilation& compilation, const plan::EvaluationPlan& plan,
                                 const RunOptions& options) {
  std::vector<TestResult> out;
  auto place = [&](Span span) {
    const SourceFile& f = compilation.sources.Get(span.file);
    LineCol lc = f.Locate(span.begin);
    return SourcePlace{f.path(), lc.line, lc.column};
  };
  for (const ast::TestDecl* t : compilation.program->tests) {
    TestResult r = TestRun(compilation, plan, *t, options).Run();
    r.place = place(r.span);
    r.error_place = place(r.error_span);
    for (ExpectResult& e : r.expects) e.place = place(e.span);
    out.push_back(std::move(r));
  }
  return out;
}

std::string RenderTestResults(const std::vector<TestResult>& results, const SourceManager& sources) {
  std::string out;
  size_t passed = 0;
  auto where = [&](Span s) {
    const SourceFile& f = sources.Get(s.file);
    LineCol lc = f.Locate(s.begin);
    return fmt::format("{}:{}:{}", TerminalText(f.path()), lc.line, lc.column);
  };
  // For a terminal: names, values and messages (which may quote a data file's
  // cells or name) are shown escaped (runtime/safe_text.h).
  for (const TestResult& r : results) {
    passed += r.passed;
    out += fmt::format("test \"{}\" ... {}\n", TerminalText(r.name), r.passed ? "ok" : "FAILED");
    if (!r.error.empty()) out += fmt::format("  {}: error: {}\n", where(r.error_span), TerminalText(r.error));
    for (size_t at = 0; at < r.details.size();) {
      size_t end = r.details.find('\n', at);
      if (end == std::string::npos) end = r.details.size();
      out += fmt::format("    {}\n", TerminalText(std::string_view(r.details).substr(at, end - at)));
      at = end + 1;
    }
    for (const ExpectResult& e : r.expects) {
      if (e.passed) continue;
      out += fmt::format("  {}: expect {}\n    expected {}, got {}\n", where(e.span), TerminalText(e.what),
                         TerminalText(e.expected), TerminalText(e.actual));
    }
  }
  out += fmt::format("{} passed, {} failed\n", passed, results.size() - passed);
  return out;
}

}  // namespace ocf::driver
