// The checker's top level: collects the program's names, checks the contract
// block, then every declaration in source order.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf {

CheckResult Check(const SemaInput& input) {
  CheckResult result;
  result.program = std::make_shared<CheckedProgram>();
  sema::Checker checker(input, *result.program, result.diagnostics);
  checker.Run();
  return result;
}

namespace sema {

bool IsBuiltinValue(const std::string& name) {
  return name == "contract_year" || name == "period_start" || name == "period_end" || name == "period_days" ||
         name == "window_days";
}

bool IsBuiltinFunction(const std::string& name) {
  static const std::set<std::string> kNames = {"min",  "max",  "clamp", "abs", "round",
                                               "days", "year", "month", "day"};
  return kNames.count(name) > 0;
}

Checker::Checker(const SemaInput& input, CheckedProgram& program, DiagnosticSink& diags)
    : input_(input), program_(program), diags_(diags) {}

const char* KindWithArticle(SymbolKind kind) {
  switch (kind) {
    case SymbolKind::Dataset:
      return "a dataset";
    case SymbolKind::Population:
      return "a population";
    case SymbolKind::Let:
      return "a let";
    case SymbolKind::Input:
      return "an input";
    case SymbolKind::Function:
      return "a function";
    case SymbolKind::Measure:
      return "a measure";
    case SymbolKind::Outcome:
      return "an outcome";
    case SymbolKind::Gate:
      return "a gate";
    case SymbolKind::Type:
      return "a type";
    default:
      return "a value";
  }
}

namespace {

SymbolKind KindOf(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Data:
      return SymbolKind::Dataset;
    case ast::DeclKind::Population:
      return SymbolKind::Population;
    case ast::DeclKind::Let:
      return SymbolKind::Let;
    case ast::DeclKind::Input:
      return SymbolKind::Input;
    case ast::DeclKind::Function:
      return SymbolKind::Function;
    case ast::DeclKind::Measure:
      return SymbolKind::Measure;
    case ast::DeclKind::Gate:
      return SymbolKind::Gate;
    case ast::DeclKind::Type:
      return SymbolKind::Type;
    default:
      return SymbolKind::Outcome;
  }
}

const char* Article(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Data:
      return "a dataset";
    case ast::DeclKind::Population:
      return "a population";
    case ast::DeclKind::Let:
      return "a let";
    case ast::DeclKind::Input:
      return "an input";
    case ast::DeclKind::Function:
      return "a function";
    case ast::DeclKind::Measure:
      return "a measure";
    case ast::DeclKind::Outcome:
      return "an outcome";
    case ast::DeclKind::Gate:
      return "a gate";
    case ast::DeclKind::Type:
      return "a type";
    default:
      return "a declaration";
  }
}

}  // namespace

void Checker::CollectGlobals(const ast::File& file, bool imported) {
  for (const ast::DeclPtr& decl : file.decls) {
    if (imported) {
      ast::DeclKind k = decl->kind;
      if (k != ast::DeclKind::Function && k != ast::DeclKind::Let && k != ast::DeclKind::Input &&
          k != ast::DeclKind::Import) {
        Diagnostic& d = diags_.Report(
            DiagCode::ImportedDeclaration, decl->keyword_span,
            fmt::format("an imported file may only declare functions, lets and inputs, not `{}`",
                        ast::ToString(k)));
        // The reader of the contract may not know where this file comes from:
        // show the `import` that brought it in.
        if (auto at = input_.imported_at.find(decl->keyword_span.file); at != input_.imported_at.end()) {
          std::string path = input_.sources ? input_.sources->Get(at->first).path() : "this file";
          d.Note(at->second, fmt::format("`{}` is imported here", path));
        }
        d.Help("move this declaration into the contract file, or import a file without it");
        continue;
      }
    }
    const ast::Ident* name = NameOf(*decl);
    if (!name) continue;
    if (IsBuiltinValue(name->text) ||
        (decl->kind == ast::DeclKind::Function && IsBuiltinFunction(name->text))) {
      diags_
          .Report(DiagCode::DuplicateName, name->span,
                  fmt::format("`{}` is built into the language and cannot be declared again", name->text))
          .Help("choose another name");
      continue;
    }
    auto& same = by_name_[name->text];
    if (!same.empty() && imported && same.front()->span.file == input_.main->source_id) {
      // The contract's own declaration clashes with an imported one: report it
      // in the contract, where it can be renamed.
      const ast::Decl& mine = *same.front();
      std::string path = input_.sources ? input_.sources->Get(name->span.file).path() : "an imported file";
      Diagnostic& d =
          diags_
              .Report(
                  DiagCode::DuplicateName, NameOf(mine)->span,
                  fmt::format("`{}` is also declared in `{}`, which this contract imports", name->text, path))
              .Note(name->span,
                    fmt::format("{} `{}` is declared here", ast::ToString(decl->kind), name->text));
      if (auto at = input_.imported_at.find(name->span.file); at != input_.imported_at.end())
        d.Note(at->second, fmt::format("`{}` is imported here", path));
      d.Help("rename this declaration: an imported file's names share the contract's names");
      continue;
    }
    if (!same.empty()) {
      const ast::Decl& first = *same.front();
      Diagnostic& d =
          diags_.Report(DiagCode::DuplicateName, name->span,
                        fmt::format("`{}` is already declared as {}", name->text, Article(first.kind)));
      d.Note(NameOf(first)->span, "first declared here");
      d.Help(imported ? "rename one of them: names from imported files share the contract's names"
                      : "give each declaration its own name");
      continue;
    }
    same.push_back(decl.get());
    Symbol sym{KindOf(decl->kind), name->text, decl.get(), nullptr, nullptr, nullptr, Type::Error()};
    program_.globals.emplace(name->text, sym);
  }
}

void Checker::Run() {
  if (!input_.main) return;
  CollectGlobals(*input_.main, false);
  for (const ast::File* f : input_.imports) {
    imported_files_.insert(f);
    CollectGlobals(*f, true);
  }
  ReportUnknownTypes(*input_.main);
  for (const ast::File* f : input_.imports) ReportUnknownTypes(*f);
  CheckContract();

  // Index declarations the later checks look up by kind.
  auto index = [&](const ast::File& file, bool imported) {
    for (const ast::DeclPtr& d : file.decls) {
      if (imported && d->kind != ast::DeclKind::Function && d->kind != ast::DeclKind::Let &&
          d->kind != ast::DeclKind::Input)
        continue;
      switch (d->kind) {
        case ast::DeclKind::Data:
          program_.datasets.push_back(static_cast<const ast::DataDecl*>(d.get()));
          break;
        case ast::DeclKind::Measure:
          program_.measures.push_back(static_cast<const ast::MeasureDecl*>(d.get()));
          break;
        case ast::DeclKind::Target:
          program_.targets.push_back(static_cast<const ast::TargetDecl*>(d.get()));
          break;
        case ast::DeclKind::Outcome:
          program_.outcomes.push_back(static_cast<const ast::OutcomeDecl*>(d.get()));
          has_outcomes_ = true;
          break;
        case ast::DeclKind::Payment:
          program_.payments.push_back(static_cast<const ast::PaymentDecl*>(d.get()));
          break;
        case ast::DeclKind::Test:
          program_.tests.push_back(static_cast<const ast::TestDecl*>(d.get()));
          break;
        case ast::DeclKind::Input:
          program_.inputs.push_back(static_cast<const ast::InputDecl*>(d.get()));
          break;
        case ast::DeclKind::Gate:
          program_.gates.push_back(static_cast<const ast::GateDecl*>(d.get()));
          break;
        default:
          break;
      }
    }
  };
  index(*input_.main, false);
  for (const ast::File* f : input_.imports) index(*f, true);

  // Data blocks first: everything else reads their columns.
  for (const ast::DataDecl* d : program_.datasets) CheckDecl(*d);
  auto check_file = [&](const ast::File& file, bool imported) {
    for (const ast::DeclPtr& d : file.decls) {
      if (d->kind == ast::DeclKind::Data || d->kind == ast::DeclKind::Test) continue;
      if (imported && d->kind != ast::DeclKind::Function && d->kind != ast::DeclKind::Let &&
          d->kind != ast::DeclKind::Input)
        continue;
      CheckDecl(*d);
    }
  };
  for (const ast::File* f : input_.imports) check_file(*f, true);
  check_file(*input_.main, false);
  // Tests last: they refer to measures, targets and payment lines.
  std::map<std::string, const ast::TestDecl*> test_names;
  for (const ast::TestDecl* t : program_.tests) {
    auto [it, fresh] = test_names.emplace(t->name, t);
    if (!fresh) {
      diags_
          .Report(DiagCode::DuplicateTest, t->name_span,
                  fmt::format("a test named \"{}\" already exists", t->name))
          .Note(it->second->name_span, "first declared here")
          .Help("give each test its own name so its result can be told apart");
    }
    CheckTest(*t);
  }
}

void Checker::CheckDecl(const ast::Decl& decl) {
  switch (decl.kind) {
    case ast::DeclKind::Data: {
      auto& st = state_[&decl];
      if (st != State::NotStarted) return;
      st = State::Done;
      CheckData(static_cast<const ast::DataDecl&>(decl));
      return;
    }
    case ast::DeclKind::Population:
    case ast::DeclKind::Let:
    case ast::DeclKind::Function:
    case ast::DeclKind::Measure:
    case ast::DeclKind::Gate:
    case ast::DeclKind::Input: {
      auto it = program_.globals.find(NameOf(decl)->text);
      if (it != program_.globals.end() && it->second.decl == &decl)
        TypeOfGlobal(it->second, NameOf(decl)->span);
      else if (state_[&decl] == State::NotStarted) {
        // A duplicate: still check its body so its own mistakes are reported.
        state_[&decl] = State::Done;
        if (decl.kind == ast::DeclKind::Measure) CheckMeasure(static_cast<const ast::MeasureDecl&>(decl));
        if (decl.kind == ast::DeclKind::Let) CheckLet(static_cast<const ast::LetDecl&>(decl));
        if (decl.kind == ast::DeclKind::Function) CheckFunction(static_cast<const ast::FunctionDecl&>(decl));
        if (decl.kind == ast::DeclKind::Population)
          CheckPopulation(static_cast<const ast::PopulationDecl&>(decl));
        if (decl.kind == ast::DeclKind::Gate) CheckGate(static_cast<const ast::GateDecl&>(decl));
      }
      return;
    }
    case ast::DeclKind::Target:
      CheckTarget(static_cast<const ast::TargetDecl&>(decl));
      return;
    case ast::DeclKind::Outcome:
      CheckOutcome(static_cast<const ast::OutcomeDecl&>(decl));
      return;
    case ast::DeclKind::Payment:
      CheckPayment(static_cast<const ast::PaymentDecl&>(decl));
      return;
    case ast::DeclKind::Type:
      CheckTypeDecl(static_cast<const ast::TypeDecl&>(decl));
      return;
    case ast::DeclKind::Contract:
    case ast::DeclKind::Import:
    case ast::DeclKind::Test:
      return;
  }
}

void Checker::CheckContract() {
  std::vector<const ast::ContractDecl*> contracts;
  for (const ast::DeclPtr& d : input_.main->decls)
    if (d->kind == ast::DeclKind::Contract)
      contracts.push_back(static_cast<const ast::ContractDecl*>(d.get()));
  if (contracts.empty()) {
    diags_
        .Report(DiagCode::MissingContract, Span{input_.main->source_id, 0, 0},
                "this file has no `contract` block")
        .Help(
            "start the file with `contract \"Name\" { commissioner \"...\" term 2024-04-01 to 2029-03-31 }`");
    return;
  }
  for (size_t i = 1; i < contracts.size(); ++i) {
    diags_
        .Report(DiagCode::DuplicateContract, contracts[i]->keyword_span,
                "a file has exactly one `contract` block")
        .Note(contracts[0]->keyword_span, "the contract is declared here")
        .Help("merge the two blocks; list several providers with one `provider` line each");
  }
  const ast::ContractDecl& c = *contracts[0];
  Contract& out = program_.contract;
  bool ok = true;

  static const std::vector<std::string> kFields = {"commissioner", "provider", "term",
                                                   "baseline",     "periods",  "currency"};
  std::map<std::string, Span> seen;
  // Fields an unknown field looks like a misspelling of: the missing-field
  // error for them would only repeat the same mistake.
  std::set<std::string> misspelled;
  for (const ast::ContractField& f : c.fields) {
    const std::string& name = f.name.text;
    if (std::find(kFields.begin(), kFields.end(), name) == kFields.end()) {
      std::string hint = Suggest(name, kFields);
      if (!hint.empty()) misspelled.insert(hint);
      diags_
          .Report(DiagCode::UnknownContractField, f.name.span,
                  fmt::format("`{}` is not a contract field", name))
          .Help(
              hint.empty()
                  ? "the fields are `commissioner`, `provider`, `term`, `baseline`, `periods` and `currency`"
                  : fmt::format("did you mean `{}`?", hint));
      continue;
    }
    if (name == "provider") continue;
    auto [it, fresh] = seen.emplace(name, f.span);
    if (!fresh) {
      diags_.Report(DiagCode::DuplicateContractField, f.span, fmt::format("`{}` is given twice", name))
          .Note(it->second, "first given here")
          .Help("keep one; only `provider` may repeat");
    }
  }
  if (!c.title) {
    diags_.Report(DiagCode::MissingContractField, c.keyword_span, "the contract has no title")
        .Help("write its name after the keyword: `contract \"Bedfordshire MSK prime contract\" {`");
  } else {
    out.title = *c.title;
  }
  if (!c.commissioner) {
    ok = false;
    if (!misspelled.count("commissioner"))
      diags_
          .Report(DiagCode::MissingContractField, c.keyword_span,
                  "the contract does not name its `commissioner`")
          .Help("add `commissioner \"NHS Bedfordshire CCG\"` inside the block");
  } else {
    out.commissioner = *c.commissioner;
  }
  out.providers = c.providers;
  if (!c.term_start || !c.term_end) {
    ok = false;
    if (!seen.count("term") && !misspelled.count("term"))
      diags_.Report(DiagCode::MissingContractField, c.keyword_span, "the contract has no `term`")
          .Help("add `term 2014-04-01 to 2019-03-31` inside the block");
  } else if (*c.term_end < *c.term_start) {
    ok = false;
    diags_
        .Report(DiagCode::BadTerm, c.term_span,
                fmt::format("the term ends ({}) before it starts ({})", c.term_end->ToString(),
                            c.term_start->ToString()))
        .Help("write the first day, then the last: `term 2014-04-01 to 2019-03-31`");
  } else if (*c.term_end >= c.term_start->AddMonths(12 * kMaxTermYears)) {
    // A statement reports every period of the term; centuries of them are a
    // mistyped year, not a contract (and a statement too large to read).
    ok = false;
    diags_
        .Report(DiagCode::TermTooLong, c.term_span,
                fmt::format("the term runs from {} to {}, more than {} contract years",
                            c.term_start->ToString(), c.term_end->ToString(), kMaxTermYears))
        .Help(fmt::format("a term is at most {} years (the last day at most {}); check the years",
                          kMaxTermYears, c.term_start->AddMonths(12 * kMaxTermYears).AddDays(-1).ToString()));
  } else {
    out.term_start = *c.term_start;
    out.term_end = *c.term_end;
  }
  if (ok && c.baseline_start && c.baseline_end) CheckBaseline(c);
  if (seen.count("periods") && !c.periods) periods_known_ = false;
  if (c.periods) {
    out.periods = *c.periods == ast::Frequency::Monthly     ? PeriodKind::Month
                  : *c.periods == ast::Frequency::Quarterly ? PeriodKind::Quarter
                                                            : PeriodKind::Year;
  }
  if (c.currency) {
    const std::string& cur = c.currency->text;
    if (cur != "GBP" && cur != "USD" && cur != "EUR") {
      diags_
          .Report(DiagCode::UnknownCurrency, c.currency->span,
                  fmt::format("`{}` is not a currency ocf knows", cur))
          .Help("write `GBP` (£), `USD` ($) or `EUR` (€)");
    } else {
      out.currency = cur;
    }
  }
  contract_ok_ = ok;
  if (ok) program_.periods = ReportingPeriods(out.periods, out.term_start, out.term_end, out.baseline);
}

// `baseline FROM to TO`: at most one (a duplicate is reported with the other
// fields), ending before the term starts.
void Checker::CheckBaseline(const ast::ContractDecl& c) {
  const Date from = *c.baseline_start, to = *c.baseline_end, term = program_.contract.term_start;
  if (to < from) {
    diags_
        .Report(DiagCode::BadBaseline, c.baseline_span,
                fmt::format("the baseline ends ({}) before it starts ({})", to.ToString(), from.ToString()))
        .Help("write the first day, then the last: `baseline 2013-04-01 to 2014-03-31`");
    return;
  }
  if (to >= term) {
    diags_
        .Report(
            DiagCode::BadBaseline, c.baseline_span,
            fmt::format("the baseline ends on {}, but the term starts on {}", to.ToString(), term.ToString()))
        .Note(c.term_span, "the term is given here")
        .Help(fmt::format("the baseline is the time before the term: end it on {} at the latest, e.g. "
                          "`baseline {} to {}`",
                          term.AddDays(-1).ToString(), term.AddMonths(-12).ToString(),
                          term.AddDays(-1).ToString()));
    return;
  }
  if (to >= from.AddMonths(12 * kMaxTermYears)) {
    diags_
        .Report(DiagCode::BadBaseline, c.baseline_span,
                fmt::format("the baseline runs from {} to {}, more than {} years", from.ToString(),
                            to.ToString(), kMaxTermYears))
        .Help("a baseline is usually the year before the term; check the years");
    return;
  }
  program_.contract.baseline = BaselinePeriod(from, to);
}

}  // namespace sema
}  // namespace ocf
