// Name lookup helpers: sources of aggregates, columns, on-demand checking of
// top-level declarations (which is where cycles are found), suggestions.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/sema/checker.h"
#include "runtime/cells.h"

namespace ocf::sema {

const ast::ColumnDecl* Checker::FindColumn(const ast::DataDecl& data, const std::string& name) const {
  for (const ast::ColumnDecl& c : data.columns)
    if (c.name.text == name) return &c;
  return nullptr;
}

const ast::DataDecl* Checker::TableWithColumn(const std::string& name) const {
  for (const ast::DataDecl* d : program_.datasets)
    if (FindColumn(*d, name)) return d;
  return nullptr;
}

const ast::DataDecl* Checker::ResolveSource(const ast::Ident& source, const char* context) {
  auto it = program_.globals.find(source.text);
  if (it == program_.globals.end()) {
    std::vector<std::string> names;
    for (const auto& [n, sym] : program_.globals)
      if (sym.kind == SymbolKind::Dataset || sym.kind == SymbolKind::Population) names.push_back(n);
    std::string hint = Suggest(source.text, names);
    diags_
        .Report(DiagCode::UnknownName, source.span,
                fmt::format("no dataset or population named `{}`", source.text))
        .Help(hint.empty() ? fmt::format("{} reads a dataset (`data NAME ...`) or a population", context)
                           : fmt::format("did you mean `{}`?", hint));
    return nullptr;
  }
  const Symbol& sym = it->second;
  if (sym.kind == SymbolKind::Dataset) return static_cast<const ast::DataDecl*>(sym.decl);
  if (sym.kind == SymbolKind::Population) {
    TypeOfGlobal(sym, source.span);
    auto base = program_.population_base.find(sym.decl);
    return base == program_.population_base.end() ? nullptr : base->second;
  }
  diags_
      .Report(DiagCode::WrongKind, source.span,
              fmt::format("`{}` is a {}, but {} reads a dataset or population", source.text,
                          sym.kind == SymbolKind::Measure    ? "measure"
                          : sym.kind == SymbolKind::Let      ? "let"
                          : sym.kind == SymbolKind::Input    ? "input"
                          : sym.kind == SymbolKind::Function ? "function"
                                                             : "outcome",
                          context))
      .Help("name a `data` table or a `population` here");
  return nullptr;
}

bool Checker::Enter(const ast::Decl& decl, Span use) {
  State& st = state_[&decl];
  if (st == State::InProgress) {
    size_t start = 0;
    while (start < in_progress_.size() && in_progress_[start].first != &decl) ++start;
    bool already = false;
    for (size_t i = start; i < in_progress_.size(); ++i)
      already |= in_reported_cycle_.count(in_progress_[i].first) > 0;
    if (!already) {
      auto name_of = [](const ast::Decl* d) -> std::string {
        switch (d->kind) {
          case ast::DeclKind::Measure:
            return static_cast<const ast::MeasureDecl*>(d)->name.text;
          case ast::DeclKind::Let:
            return static_cast<const ast::LetDecl*>(d)->name.text;
          case ast::DeclKind::Population:
            return static_cast<const ast::PopulationDecl*>(d)->name.text;
          case ast::DeclKind::Function:
            return static_cast<const ast::FunctionDecl*>(d)->name.text;
          default:
            return "?";
        }
      };
      std::string chain;
      for (size_t i = start; i < in_progress_.size(); ++i)
        chain += "`" + name_of(in_progress_[i].first) + "` uses ";
      chain += "`" + name_of(&decl) + "`";
      Diagnostic& d = diags_.Report(
          DiagCode::Cycle, use,
          fmt::format("{} `{}` depends on itself: {}", ast::ToString(decl.kind), name_of(&decl), chain));
      for (size_t i = start + 1; i < in_progress_.size(); ++i)
        d.Note(in_progress_[i].second, fmt::format("`{}` is used here", name_of(in_progress_[i].first)));
      d.Help(decl.kind == ast::DeclKind::Function
                 ? "functions cannot call themselves, directly or through others"
                 : "a value cannot be defined in terms of itself; break the loop");
      for (size_t i = start; i < in_progress_.size(); ++i) in_reported_cycle_.insert(in_progress_[i].first);
    }
    return false;
  }
  st = State::InProgress;
  in_progress_.push_back({&decl, use});
  return true;
}

void Checker::Leave(const ast::Decl& decl) {
  state_[&decl] = State::Done;
  in_progress_.pop_back();
}

Type Checker::TypeOfGlobal(const Symbol& sym, Span use) {
  const ast::Decl* d = sym.decl;
  if (!d) return Type::Error();
  State st = state_[d];
  if (st == State::Done) return decl_types_[d];
  if (d->kind == ast::DeclKind::Data || d->kind == ast::DeclKind::Outcome) return Type::Error();
  if (!Enter(*d, use)) return Type::Error();
  switch (d->kind) {
    case ast::DeclKind::Measure:
      CheckMeasure(static_cast<const ast::MeasureDecl&>(*d));
      break;
    case ast::DeclKind::Let:
      CheckLet(static_cast<const ast::LetDecl&>(*d));
      break;
    case ast::DeclKind::Function:
      CheckFunction(static_cast<const ast::FunctionDecl&>(*d));
      break;
    case ast::DeclKind::Population:
      CheckPopulation(static_cast<const ast::PopulationDecl&>(*d));
      break;
    case ast::DeclKind::Gate:
      CheckGate(static_cast<const ast::GateDecl&>(*d));
      break;
    case ast::DeclKind::Input: {
      const auto& in = static_cast<const ast::InputDecl&>(*d);
      decl_types_[d] = TypeFromAst(in.type).Required();
      break;
    }
    default:
      break;
  }
  Leave(*d);
  auto it = program_.globals.find(sym.name);
  if (it != program_.globals.end() && it->second.decl == d) it->second.type = decl_types_[d];
  return decl_types_[d];
}

namespace {

size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t sub = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, sub});
    }
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

}  // namespace

std::string Checker::Suggest(const std::string& name, const std::vector<std::string>& candidates) const {
  std::string best;
  size_t best_d = std::max<size_t>(1, name.size() / 3) + 1;
  for (const std::string& c : candidates) {
    if (c == name) continue;
    size_t d = EditDistance(name, c);
    if (d < best_d) {
      best_d = d;
      best = c;
    }
  }
  return best;
}

std::vector<std::string> Checker::VisibleNames(const Scope& scope) const {
  std::vector<std::string> out;
  if (scope.row_table)
    for (const ast::ColumnDecl& c : scope.row_table->columns) out.push_back(c.name.text);
  if (scope.function)
    for (const ast::Param& p : scope.function->params) out.push_back(p.name.text);
  if (scope.payment_lets)
    for (const auto& [n, _] : *scope.payment_lets) out.push_back(n);
  for (const auto& [n, sym] : program_.globals)
    if (sym.kind == SymbolKind::Measure || sym.kind == SymbolKind::Let || sym.kind == SymbolKind::Input)
      out.push_back(n);
  out.push_back("contract_year");
  if (scope.place == Place::Payment || (scope.place == Place::Measure && !scope.row_table)) {
    out.push_back("period_start");
    out.push_back("period_end");
    out.push_back("period_days");
  }
  return out;
}

std::string Checker::CurrencySymbol() const { return ocf::CurrencySymbol(program_.contract.currency); }

const Symbol* Checker::GlobalOfKind(const ast::Ident& name, const KindLookup& lookup) {
  auto it = program_.globals.find(name.text);
  if (it != program_.globals.end() && it->second.kind == lookup.kind) return &it->second;
  std::vector<std::string> names;
  for (const auto& [n, sym] : program_.globals)
    if (sym.kind == lookup.kind) names.push_back(n);
  std::string hint = Suggest(name.text, names);
  std::string did_you_mean = hint.empty() ? "" : fmt::format("did you mean `{}`?", hint);
  if (it == program_.globals.end()) {
    diags_.Report(DiagCode::UnknownName, name.span, lookup.unknown)
        .Help(hint.empty() ? lookup.unknown_help : did_you_mean);
    return nullptr;
  }
  Diagnostic& d = diags_.Report(
      DiagCode::WrongKind, name.span,
      fmt::format("`{}` is {}, but {}", name.text, KindWithArticle(it->second.kind), lookup.role));
  if (it->second.decl) d.Note(NameOf(*it->second.decl)->span, "declared here");
  d.Help(hint.empty() && lookup.wrong_help ? lookup.wrong_help(it->second.kind) : did_you_mean);
  return nullptr;
}

}  // namespace ocf::sema
