#include "compiler/driver/settings.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

#include "compiler/driver/driver.h"
#include "compiler/parse/literals.h"
#include "runtime/cells.h"
#include "runtime/safe_text.h"

namespace ocf::driver {
namespace {

using Settings = std::vector<std::pair<std::string, std::string>>;

// `30 days`, `18 weeks` (in days) or `3 months`, `1 year` (in months).
std::optional<std::pair<int64_t, ast::DurationUnit>> ParseDuration(const std::string& text) {
  size_t space = text.find(' ');
  if (space == std::string::npos) return std::nullopt;
  std::optional<Decimal> n = Decimal::Parse(text.substr(0, space));
  size_t unit_at = text.find_first_not_of(' ', space);
  if (!n || !n->ToInt64() || unit_at == std::string::npos) return std::nullopt;
  int64_t v = *n->ToInt64();
  std::string unit = text.substr(unit_at);
  if (v < 0 || v > 1'000'000) return std::nullopt;
  if (unit == "day" || unit == "days") return std::make_pair(v, ast::DurationUnit::Days);
  if (unit == "week" || unit == "weeks") return std::make_pair(v * 7, ast::DurationUnit::Days);
  if (unit == "month" || unit == "months") return std::make_pair(v, ast::DurationUnit::Months);
  if (unit == "year" || unit == "years") return std::make_pair(v * 12, ast::DurationUnit::Months);
  return std::nullopt;
}

// A value of `type` that reads well, for messages.
std::string Example(const Type& type, const std::string& currency) {
  const Currency* c = CurrencyOfCode(currency);
  switch (type.kind) {
    case TypeKind::Int:
      return "`12`";
    case TypeKind::Decimal:
      return "`1.5`";
    case TypeKind::Percent:
      return "`2%` or `0.02`";
    case TypeKind::Money:
      return fmt::format("`27000000` or `{}27,000,000.00`", c ? c->symbol : "");
    case TypeKind::Bool:
      return "`true` or `false`";
    case TypeKind::Date:
      return "`2015-04-01`";
    case TypeKind::DayDuration:
      return "`30 days` or `18 weeks`";
    case TypeKind::MonthDuration:
      return "`3 months` or `1 year`";
    case TypeKind::AnyDuration:
      return "`30 days` or `3 months`";
    default:
      return "`some text`";
  }
}

// The let's new value as a literal of its type in place of what it was, or
// why not.
ast::ExprPtr Literal(const std::string& name, const std::string& value, const Type& type,
                     const ast::Expr& old, const std::string& currency, std::string& problem) {
  Span span = old.span;
  const std::string text = TerminalText(value);  // for messages: any bytes may be typed
  auto describe = [&] {
    return fmt::format("`{}` is a {} let: write its value as a data file would, e.g. {}", name,
                       type.Required().ToString(), Example(type, currency));
  };
  if (value.empty()) {
    problem = fmt::format("`--set {}=`: the value is empty; {}", name, describe());
    return nullptr;
  }
  if (type.is_duration()) {
    auto d = ParseDuration(value);
    bool fits = d && (type.kind == TypeKind::AnyDuration ||
                      (type.kind == TypeKind::DayDuration) == (d->second == ast::DurationUnit::Days));
    if (!fits) {
      problem = fmt::format("`--set {}={}`: `{}` is not a duration in {}; {}", name, text, ShowCell(value),
                            type.kind == TypeKind::MonthDuration ? "months" : "days", describe());
      return nullptr;
    }
    return std::make_unique<ast::DurationExpr>(span, d->first, d->second);
  }
  ColumnSpec spec;
  spec.name = name;
  spec.currency = currency;
  switch (type.kind) {
    case TypeKind::Int:
      spec.kind = ColumnKind::Int;
      break;
    case TypeKind::Decimal:
      spec.kind = ColumnKind::Decimal;
      break;
    case TypeKind::Percent:
      spec.kind = ColumnKind::Percent;
      break;
    case TypeKind::Money:
      spec.kind = ColumnKind::Money;
      break;
    case TypeKind::Bool:
      spec.kind = ColumnKind::Bool;
      break;
    case TypeKind::Date:
      spec.kind = ColumnKind::Date;
      break;
    case TypeKind::Text:
      spec.kind = ColumnKind::Text;
      break;
    default:
      // Ids and enumerations come from the data and its columns: a let
      // holding one is not a constant a scenario would change.
      problem = fmt::format(
          "`--set {}={}`: `{}` is a let of type {}, which cannot be set; set a let of a "
          "number, percentage, money, date, duration, yes/no or text",
          name, text, name, type.Required().ToString());
      return nullptr;
  }
  ParsedCell cell = ParseCell(value, spec);
  if (!cell.problem.empty()) {
    // The cell's problem says how to write one already, in most cases.
    problem = cell.problem.find("(write") != std::string::npos
                  ? fmt::format("`--set {}={}`: {}; `{}` is a {} let", name, text, cell.problem, name,
                                type.Required().ToString())
                  : fmt::format("`--set {}={}`: {}; {}", name, text, cell.problem, describe());
    return nullptr;
  }
  const CellValue& v = cell.value;
  ast::ExprPtr out;
  if (auto* i = std::get_if<int64_t>(&v)) {
    out = std::make_unique<ast::NumberExpr>(span, Decimal::FromInt(*i), true);
  } else if (auto* d = std::get_if<Decimal>(&v)) {
    if (type.kind == TypeKind::Percent)
      out = std::make_unique<ast::PercentExpr>(span, *d);
    else if (type.kind == TypeKind::Money)
      out = std::make_unique<ast::MoneyExpr>(span, *d, currency);
    else
      out = std::make_unique<ast::NumberExpr>(span, *d, false);
  } else if (auto* b = std::get_if<bool>(&v)) {
    out = std::make_unique<ast::BoolExpr>(span, *b);
  } else if (auto* date = std::get_if<Date>(&v)) {
    out = std::make_unique<ast::DateExpr>(span, *date);
  } else if (auto* s = std::get_if<std::string_view>(&v)) {
    out = std::make_unique<ast::TextExpr>(span, std::string(*s));
  }
  return out;
}

// The let declaration `name` in the trees, to change.
ast::LetDecl* FindLet(Compilation& c, const ast::LetDecl* checked) {
  for (std::unique_ptr<ast::File>& file : c.files)
    for (ast::DeclPtr& decl : file->decls)
      if (decl.get() == checked) return static_cast<ast::LetDecl*>(decl.get());
  return nullptr;
}

std::string Place(const Compilation& c, Span span) {
  if (span.file >= c.sources.size()) return "";
  const SourceFile& f = c.sources.Get(span.file);
  LineCol at = f.Locate(span.begin);
  return fmt::format("{}:{}", f.path(), at.line);
}

// Why `name` cannot be set, for a name that is no input and no top-level let.
std::string UnknownName(const Compilation& c, const std::string& given) {
  const CheckedProgram& p = *c.program;
  const std::string name = TerminalText(given);  // any bytes may be typed
  for (const ast::PaymentDecl* payment : p.payments)
    for (const ast::PaymentItem& item : payment->items)
      if (item.is_let && item.name.text == given)
        return fmt::format(
            "`--set {}`: `{}` is a `let` inside a payment block ({}), worked out for each payment period: "
            "it cannot be set; only an `input` or a top-level `let` can",
            name, name, Place(c, item.span));
  std::vector<std::string> inputs, lets;
  for (const auto& [n, sym] : p.globals) {
    if (sym.kind == SymbolKind::Input) inputs.push_back(n);
    if (sym.kind == SymbolKind::Let) lets.push_back(n);
  }
  std::string best;
  size_t best_d = std::max<size_t>(1, name.size() / 3) + 1;
  for (const std::vector<std::string>* names : {&inputs, &lets})
    for (const std::string& n : *names)
      if (size_t d = parse::EditDistance(given, n); d < best_d) best_d = d, best = n;
  std::string message =
      fmt::format("`--set {}`: the contract has no input or top-level let named `{}`", name, name);
  if (!best.empty()) return message + fmt::format("; did you mean `{}`?", best);
  auto list = [](const std::vector<std::string>& names) {
    std::string out;
    for (size_t i = 0; i < names.size() && i < 12; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > 12) out += fmt::format(" and {} more", names.size() - 12);
    return out;
  };
  if (inputs.empty() && lets.empty()) return message + " (it has neither)";
  std::string known;
  if (!inputs.empty()) known += "its inputs: " + list(inputs);
  if (!lets.empty()) known += (known.empty() ? "" : "; ") + std::string("its lets: ") + list(lets);
  return message + " (" + known + ")";
}

bool SameDiagnostic(const Diagnostic& a, const Diagnostic& b) {
  return a.code == b.code && a.span.file == b.span.file && a.span.begin == b.span.begin &&
         a.span.end == b.span.end && a.message == b.message;
}

}  // namespace

void ApplySettings(Compilation& c, const Settings& settings, const std::function<CheckResult()>& check,
                   const DiagnosticSink& before_check, const DiagnosticSink& first_check) {
  SettingsUse& use = c.settings;
  const CheckedProgram& program = *c.program;
  // The last value given for each let, in the order the lets were first named.
  std::vector<std::pair<const ast::LetDecl*, std::string>> lets;
  for (const auto& [name, text] : settings) {
    auto sym = program.globals.find(name);
    if (sym != program.globals.end() && sym->second.kind == SymbolKind::Input) {
      use.inputs.emplace_back(name, text);
      continue;
    }
    if (sym == program.globals.end() || sym->second.kind != SymbolKind::Let) {
      use.usage_errors.push_back(UnknownName(c, name));
      continue;
    }
    const auto* let = static_cast<const ast::LetDecl*>(sym->second.decl);
    auto same = std::find_if(lets.begin(), lets.end(), [&](const auto& l) { return l.first == let; });
    if (same != lets.end())
      same->second = text;
    else
      lets.emplace_back(let, text);
  }
  if (!use.usage_errors.empty() || lets.empty()) return;
  std::vector<std::pair<ast::LetDecl*, ast::ExprPtr>> literals;
  for (const auto& [checked, text] : lets) {
    ast::LetDecl* let = FindLet(c, checked);
    auto type = let && let->value ? program.types.find(let->value.get()) : program.types.end();
    if (type == program.types.end() || type->second.is_error()) {
      // Not expected of a contract that checked: said rather than ignored.
      use.errors.push_back(fmt::format("`--set {}={}`: the type of `{}` is not known, so it cannot be set",
                                       checked->name.text, text, checked->name.text));
      continue;
    }
    std::string problem;
    ast::ExprPtr literal =
        Literal(let->name.text, text, type->second, *let->value, program.contract.currency, problem);
    if (!literal) {
      use.errors.push_back(problem);
      continue;
    }
    literal->id = let->value->id;
    use.lets.push_back({let->name.text, text, type->second.Required().ToString(), let->value->span});
    literals.emplace_back(let, std::move(literal));
  }
  if (!use.errors.empty()) {
    use.lets.clear();
    return;
  }
  for (auto& [let, literal] : literals) {
    use.replaced.push_back(std::move(let->value));
    let->value = std::move(literal);
  }
  // The contract as if edited: checked again, from the start.
  CheckResult again = check();
  c.program = std::move(again.program);
  DiagnosticSink diagnostics = before_check;
  for (const Diagnostic& d : again.diagnostics.diagnostics()) {
    Diagnostic& copy = diagnostics.Report(d.code, d.span, d.message);
    copy.notes = d.notes;
    copy.help = d.help;
    bool known = std::any_of(first_check.diagnostics().begin(), first_check.diagnostics().end(),
                             [&](const Diagnostic& f) { return SameDiagnostic(f, d); });
    if (known) continue;
    // Which setting did this: each let set, at its place.
    for (const LetSetting& l : use.lets)
      copy.Note(l.let_span, fmt::format("`{}` is `{}` here: its value comes from `--set {}={}`", l.name,
                                        l.value, l.name, l.value));
  }
  c.diagnostics = std::move(diagnostics);
}

}  // namespace ocf::driver
