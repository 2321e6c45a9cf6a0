#include "compiler/driver/run.h"

#include <fmt/format.h>

#include <chrono>

#include "compiler/codegen/codegen.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/driver/jit_loader.h"
#include "runtime/exec/compiled.h"
#include "runtime/interp/engine.h"

namespace ocf::driver {
namespace {

using interp::Value;

ColumnKind KindOfInput(const plan::Input& in) {
  const std::string& t = in.type_name;
  if (t == "int") return ColumnKind::Int;
  if (t == "decimal") return ColumnKind::Decimal;
  if (t == "percent") return ColumnKind::Percent;
  if (t == "money") return ColumnKind::Money;
  if (t == "bool") return ColumnKind::Bool;
  if (t == "date") return ColumnKind::Date;
  if (t == "id") return ColumnKind::Id;
  if (t == "enum") return ColumnKind::Enum;
  return ColumnKind::Text;
}

// `30 days`, `18 weeks` (durations are held in days).
std::optional<int64_t> ParseDays(const std::string& text) {
  size_t space = text.find(' ');
  if (space == std::string::npos) return std::nullopt;
  auto n = Decimal::Parse(text.substr(0, space));
  std::string unit = text.substr(text.find_first_not_of(' ', space));
  if (!n || !n->ToInt64()) return std::nullopt;
  if (unit == "day" || unit == "days") return *n->ToInt64();
  if (unit == "week" || unit == "weeks") return *n->ToInt64() * 7;
  return std::nullopt;
}

// A run-time error in a contract whose lets were set: which settings, so
// that the error is not taken for one of the contract as written.
void NoteSettings(Diagnostic& d, const Compilation& compilation) {
  for (const LetSetting& l : compilation.settings.lets)
    d.Note(l.let_span, fmt::format("`{}` is `{}` here: its value comes from `--set {}={}`", l.name, l.value,
                                   l.name, l.value));
}

}  // namespace

std::vector<Value> ReadInputs(const plan::EvaluationPlan& plan, const InputSettings& sets,
                              std::vector<std::string>& storage, RunOutcome& outcome) {
  std::vector<Value> values(plan.inputs.size());
  storage.reserve(storage.size() + sets.size());  // values keep views into it
  for (const auto& [name, text] : sets) {
    size_t k = 0;
    while (k < plan.inputs.size() && plan.inputs[k].name != name) ++k;
    if (k == plan.inputs.size()) {
      std::string names;
      for (const plan::Input& in : plan.inputs) names += (names.empty() ? "" : ", ") + in.name;
      outcome.errors.push_back(fmt::format("`--set {}`: the contract has no input named `{}`{}", name, name,
                                           names.empty() ? "" : " (its inputs: " + names + ")"));
      outcome.usage_error = true;
      continue;
    }
    const plan::Input& in = plan.inputs[k];
    if (in.type_name == "duration") {
      if (auto days = ParseDays(text))
        values[k] = Value::Int(*days);
      else
        outcome.errors.push_back(
            fmt::format("`--set {}={}`: write a duration such as `30 days` or `18 weeks`", name, text));
      continue;
    }
    ColumnSpec spec;
    spec.name = name;
    spec.kind = KindOfInput(in);
    spec.enum_values = in.enum_values;
    spec.currency = plan.currency;
    storage.push_back(text);
    ParsedCell cell = ParseCell(storage.back(), spec);
    if (!cell.problem.empty()) {
      outcome.errors.push_back(fmt::format("`--set {}={}`: {}", name, text, cell.problem));
      continue;
    }
    const CellValue& v = cell.value;
    if (auto* i = std::get_if<int64_t>(&v))
      values[k] = Value::Int(*i);
    else if (auto* d = std::get_if<Decimal>(&v))
      values[k] = Value::Dec(*d);
    else if (auto* b = std::get_if<bool>(&v))
      values[k] = Value::Bool(*b);
    else if (auto* date = std::get_if<Date>(&v))
      values[k] = Value::Int(date->days());
    else if (auto* s = std::get_if<std::string_view>(&v))
      values[k] = Value::Text(*s);
    else if (auto* e = std::get_if<EnumIndex>(&v))
      values[k] = Value::Text(in.enum_values[e->index]);
  }
  for (size_t k = 0; k < plan.inputs.size(); ++k) {
    if (values[k].present) continue;
    bool given = false;
    for (const auto& [name, _] : sets) given |= name == plan.inputs[k].name;
    if (!given)
      outcome.errors.push_back(fmt::format("input `{}` has no value; run with `--set {}=VALUE`",
                                           plan.inputs[k].name, plan.inputs[k].name));
  }
  return values;
}

Statement RunOnEngine(const interp::RunInput& input, const RunOptions& options, std::string* warning,
                      RunTimings* timings) {
  RunTimings local;
  RunTimings& t = timings ? *timings : local;
  if (options.engine == Engine::Jit) {
    codegen::CodegenResult own;
    if (!options.compiled) own = CompileScans(*input.plan, input.inputs);
    const codegen::CodegenResult& compiled = options.compiled ? *options.compiled : own;
    t.jit_compile = compiled.seconds;
    if (compiled.compiled) {
      auto started = std::chrono::steady_clock::now();
      exec::ExecOptions exec_options;
      exec_options.threads = options.threads;
      std::optional<Statement> scanned;
      if (options.scanned) scanned = options.scanned(input);
      try {
        Statement st =
            scanned ? std::move(*scanned) : exec::RunCompiled(input, *compiled.compiled, exec_options);
        t.scan = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        return st;
      } catch (const exec::StatesTooLarge& e) {
        // Millions of groups: the interpreter's states grow with the data.
        if (warning)
          *warning = fmt::format(
              "{}; running on the reference interpreter, whose grouped states grow with the data", e.what());
      }
    } else if (warning) {
      *warning = compiled.unsupported.empty()
                     ? fmt::format("the JIT could not start ({}); running on the reference interpreter",
                                   compiled.failure)
                     : fmt::format("the JIT does not compile {} yet; running on the reference interpreter",
                                   compiled.unsupported);
    }
  }
  auto started = std::chrono::steady_clock::now();
  Statement st = interp::Run(input);
  t.scan = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return st;
}

void CatchRunErrors(const Compilation& compilation, RunOutcome& outcome,
                    const std::function<void()>& evaluate) {
  try {
    evaluate();
  } catch (const interp::EvalError& e) {
    DiagnosticSink sink;
    Diagnostic& d = sink.Report(DiagCode::RunArithmetic, e.span, e.what());
    NoteSettings(d, compilation);
    d.Help(e.help.empty()
               ? "the contract's arithmetic left the exact range here; check the data for an outsized value"
               : e.help);
    outcome.diagnostics += RenderText(sink.diagnostics()[0], compilation.sources);
  } catch (const interp::MissingPaymentError& e) {
    DiagnosticSink sink;
    Diagnostic& d = sink.Report(DiagCode::MissingPayment, e.span, e.what());
    d.Note("a statement never silently pays nothing: some value this line uses has no data in that period");
    NoteSettings(d, compilation);
    d.Help("write `otherwise £0` after the amount where nothing is meant to be paid then");
    outcome.diagnostics += RenderText(sink.diagnostics()[0], compilation.sources);
  }
}

RunOutcome RunContract(const Compilation& compilation, const plan::EvaluationPlan& plan,
                       const DataCheck& data, const InputSettings& sets, const RunOptions& options) {
  RunOutcome outcome;
  std::vector<std::string> storage;
  std::vector<Value> inputs = ReadInputs(plan, sets, storage, outcome);
  if (!outcome.errors.empty()) return outcome;
  interp::RunInput in;
  in.plan = &plan;
  in.inputs = inputs;
  in.explain = options.explain;
  in.record = options.record;
  std::vector<std::unique_ptr<Table>> empty;
  for (size_t t = 0; t < plan.tables.size(); ++t) {
    const Table* table = t < data.datasets.size() ? data.datasets[t].table.get() : nullptr;
    if (!table) {
      outcome.errors.push_back(
          fmt::format("no data for `{}`: give `--data DIR` with {}.csv in it, or `--data {}=FILE`",
                      plan.tables[t].name, plan.tables[t].name, plan.tables[t].name));
      continue;
    }
    in.tables.push_back(table);
  }
  if (!outcome.errors.empty()) return outcome;
  CatchRunErrors(compilation, outcome,
                 [&] { outcome.statement = RunOnEngine(in, options, &outcome.warning, &outcome.timings); });
  return outcome;
}

}  // namespace ocf::driver
