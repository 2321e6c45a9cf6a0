// Typing expressions: names, calls, aggregates and `tiered` (the operator
// rules of docs/language.md §2 are in operators.cc). Each expression's type is recorded in
// CheckedProgram::types; an expression already reported gets TypeKind::Error
// and operations on it stay quiet, so one mistake gives one diagnostic.
#include <cctype>

#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

using ast::BinaryOp;
using ast::ExprKind;

namespace {

// An aggregate that fits a column, for "use it inside an aggregate" help.
std::string AggregateHint(const ast::ColumnDecl& column, const std::string& table) {
  const std::string& n = column.name.text;
  switch (column.type.base) {
    case ast::BaseType::Money:
      return fmt::format("use it inside an aggregate, e.g. `sum {} of {}` or `mean {} of {}`", n, table, n,
                         table);
    case ast::BaseType::Int:
    case ast::BaseType::Decimal:
    case ast::BaseType::Percent:
      return fmt::format("use it inside an aggregate, e.g. `mean {} of {}` or `count {} where {} > ...`", n,
                         table, table, n);
    case ast::BaseType::Bool:
      return fmt::format("use it inside an aggregate, e.g. `count {} where {}` or `percent of {} where {}`",
                         table, n, table, n);
    case ast::BaseType::Date:
      return fmt::format(
          "use it inside an aggregate, e.g. `min {} of {}` or `count {} where {} >= 2024-04-01`", n, table,
          table, n);
    default:
      return fmt::format("use it inside an aggregate, e.g. `count distinct {} of {}`", n, table);
  }
}

}  // namespace

const char* Describe(TypeKind k) {
  switch (k) {
    case TypeKind::Int:
      return "a whole number";
    case TypeKind::Decimal:
      return "a number";
    case TypeKind::Percent:
      return "a percentage";
    case TypeKind::Money:
      return "money";
    case TypeKind::Bool:
      return "true or false";
    case TypeKind::Date:
      return "a date";
    case TypeKind::DayDuration:
      return "a duration in days";
    case TypeKind::MonthDuration:
      return "a duration in months";
    case TypeKind::AnyDuration:
      return "a duration";
    case TypeKind::Text:
      return "text";
    case TypeKind::Id:
      return "an id";
    case TypeKind::Enum:
      return "an enumeration";
    case TypeKind::Error:
      return "an error";
  }
  return "a value";
}

std::string PercentHelp(const ast::Expr& number) {
  if (number.kind != ExprKind::Number) return "write 5% for a percentage, or use `as percent` on a number";
  Decimal v = static_cast<const ast::NumberExpr&>(number).value;
  if (v == Decimal::FromInt(1)) return "write `100%` for the whole, or `1%`";
  if (!v.is_integer() && v < Decimal::FromInt(1)) {
    // A fraction, as a spreadsheet writes a percentage: 0.9 is 90%.
    auto shifted = Decimal::Parse(v.ToString(), 2);
    if (shifted) return fmt::format("write `{}%` for a percentage", shifted->ToString());
  }
  return fmt::format("write `{}%` for a percentage", v.ToString());
}

std::string Checker::Written(const ast::Expr& e) const {
  if (input_.sources && e.span.file < input_.sources->size())
    return std::string(input_.sources->Get(e.span.file).Slice(e.span));
  if (e.kind == ExprKind::Number) return static_cast<const ast::NumberExpr&>(e).value.ToString();
  return "5";
}

Type Checker::Record(const ast::Expr& e, Type t) {
  program_.types[&e] = t;
  return t;
}

void Checker::ReportCurrency(const ast::MoneyExpr& e) {
  if (e.currency == program_.contract.currency) return;
  diags_
      .Report(DiagCode::CurrencyMismatch, e.span,
              fmt::format("this amount is in {}, but the contract is in {}", e.currency,
                          program_.contract.currency))
      .Help(fmt::format("write amounts with `{}`, the contract currency's symbol", CurrencySymbol()));
}

Type Checker::Infer(const ast::Expr& e, Scope& scope) {
  switch (e.kind) {
    case ExprKind::Number:
      return Record(e,
                    T(static_cast<const ast::NumberExpr&>(e).is_integer ? TypeKind::Int : TypeKind::Decimal));
    case ExprKind::Percent:
      return Record(e, T(TypeKind::Percent));
    case ExprKind::Money:
      ReportCurrency(static_cast<const ast::MoneyExpr&>(e));
      return Record(e, T(TypeKind::Money));
    case ExprKind::Date:
      return Record(e, T(TypeKind::Date));
    case ExprKind::Text:
      return Record(e, T(TypeKind::Text));
    case ExprKind::Bool:
      return Record(e, T(TypeKind::Bool));
    case ExprKind::Duration:
      return Record(e, T(static_cast<const ast::DurationExpr&>(e).unit == ast::DurationUnit::Days
                             ? TypeKind::DayDuration
                             : TypeKind::MonthDuration));
    case ExprKind::Name:
      return Record(e, InferName(static_cast<const ast::NameExpr&>(e), scope));
    case ExprKind::Call:
      return Record(e, InferCall(static_cast<const ast::CallExpr&>(e), scope));
    case ExprKind::OtherPeriod:
      return Record(e, InferOtherPeriod(static_cast<const ast::OtherPeriodExpr&>(e), scope));
    case ExprKind::Paid:
      return Record(e, InferPaid(static_cast<const ast::PaidExpr&>(e), scope));
    case ExprKind::Binary:
      return Record(e, InferBinary(static_cast<const ast::BinaryExpr&>(e), scope));
    case ExprKind::Unary: {
      const auto& u = static_cast<const ast::UnaryExpr&>(e);
      Type t = Infer(*u.operand, scope);
      if (t.is_error()) return Record(e, t);
      if (u.op == ast::UnaryOp::Not) {
        if (t.kind != TypeKind::Bool) {
          diags_.Report(DiagCode::ConditionNotBool, u.operand->span,
                        fmt::format("`not` needs a condition, but this is {}", Describe(t.kind)));
          return Record(e, Type::Error());
        }
        return Record(e, t);
      }
      if (t.is_numeric() || t.kind == TypeKind::Percent || t.kind == TypeKind::Money || t.is_duration())
        return Record(e, t);
      diags_.Report(DiagCode::BadOperand, e.span,
                    fmt::format("a sign cannot be put on {}", Describe(t.kind)));
      return Record(e, Type::Error());
    }
    case ExprKind::IsMissing: {
      Infer(*static_cast<const ast::IsMissingExpr&>(e).operand, scope);
      return Record(e, T(TypeKind::Bool));
    }
    case ExprKind::In:
      return Record(e, InferIn(static_cast<const ast::InExpr&>(e), scope));
    case ExprKind::If: {
      const auto& i = static_cast<const ast::IfExpr&>(e);
      CheckCondition(*i.cond, scope, true, "`if`");
      Scope then_scope = scope;
      PresentWhenTrue(*i.cond, then_scope.present);
      Type a = Infer(*i.then_value, then_scope);
      Scope else_scope = scope;
      PresentWhenFalse(*i.cond, else_scope.present);
      Type b = Infer(*i.else_value, else_scope);
      auto u = Unify(a, b);
      if (!u) {
        diags_
            .Report(DiagCode::TypeMismatch, i.else_value->span,
                    fmt::format("`if` gives {} after `then` but {} after `else`", Describe(a.kind),
                                Describe(b.kind)))
            .Help(a.kind == TypeKind::Money
                      ? fmt::format("both branches must give money: write `{}0` for none", CurrencySymbol())
                      : "both branches must give the same kind of value");
        return Record(e, Type::Error());
      }
      return Record(e, *u);
    }
    case ExprKind::AsPercent: {
      const auto& a = static_cast<const ast::AsPercentExpr&>(e);
      Type t = Infer(*a.operand, scope);
      if (t.is_error()) return Record(e, t);
      if (!t.is_numeric()) {
        // The caret goes under `as percent`: the operand may be a long
        // bracketed aggregate, and underlining it all hides what is wrong.
        diags_
            .Report(
                DiagCode::BadOperand, a.op_span,
                fmt::format("`as percent` turns a number into a percentage, but the value before it is {}",
                            Describe(t.kind)))
            .Help(t.kind == TypeKind::Percent ? "it is already a percentage: leave out `as percent`" : "");
        return Record(e, Type::Error());
      }
      return Record(e, T(TypeKind::Percent, t.optional));
    }
    case ExprKind::Aggregate:
      return Record(e, InferAggregate(static_cast<const ast::AggregateExpr&>(e), scope));
    case ExprKind::Achievement: {
      const auto& a = static_cast<const ast::AchievementExpr&>(e);
      if (scope.place != Place::Payment) {
        diags_.Report(DiagCode::NotAllowedHere, e.span, "`achievement` can only be used in a payment block")
            .Help(
                "targets and outcomes give achievement per period; pay on it inside `payment yearly { ... "
                "}`");
        return Record(e, Type::Error());
      }
      if (!has_outcomes_) {
        diags_
            .Report(DiagCode::AchievementWithoutOutcome, e.span, "`achievement` needs at least one `outcome`")
            .Help("declare `outcome NAME weight 100% { MEASURE }` over measures with targets");
        return Record(e, Type::Error());
      }
      if (a.outcome) {
        auto it = program_.globals.find(a.outcome->text);
        if (it == program_.globals.end() || it->second.kind != SymbolKind::Outcome) {
          std::vector<std::string> names;
          for (const ast::OutcomeDecl* o : program_.outcomes) names.push_back(o->name.text);
          std::string hint = Suggest(a.outcome->text, names);
          diags_
              .Report(it == program_.globals.end() ? DiagCode::UnknownName : DiagCode::WrongKind,
                      a.outcome->span, fmt::format("no outcome named `{}`", a.outcome->text))
              .Help(hint.empty() ? "write `achievement of OUTCOME` with an outcome's name"
                                 : fmt::format("did you mean `{}`?", hint));
          return Record(e, Type::Error());
        }
      }
      return Record(e, T(TypeKind::Percent));
    }
    case ExprKind::Tiered:
      return Record(e, InferTiered(static_cast<const ast::TieredExpr&>(e), scope));
    case ExprKind::Match:
      return Record(e, InferMatch(static_cast<const ast::MatchExpr&>(e), scope));
    case ExprKind::Link:
      return Record(e, InferLink(static_cast<const ast::LinkExpr&>(e), scope));
    case ExprKind::Qualified:
      return Record(e, InferQualified(static_cast<const ast::QualifiedExpr&>(e), scope));
    case ExprKind::Error:
      return Record(e, Type::Error());
  }
  return Record(e, Type::Error());
}

Type Checker::InferName(const ast::NameExpr& e, Scope& scope) {
  const std::string& n = e.name;
  auto narrowed = [&](Type t) { return scope.present.count(n) ? t.Required() : t; };
  if (scope.link)
    if (std::optional<Type> t = InferLinkedName(e, scope)) return t->is_error() ? *t : narrowed(*t);
  if (scope.row_table) {
    if (const ast::ColumnDecl* c = FindColumn(*scope.row_table, n)) {
      Type t = TypeFromAst(c->type);
      Symbol sym{SymbolKind::Column, n, nullptr, c, nullptr, nullptr, t};
      sym.table = scope.row_table;
      program_.references[&e] = sym;
      return narrowed(t);
    }
  }
  if (scope.function) {
    for (const ast::Param& p : scope.function->params) {
      if (p.name.text == n) {
        Type t = TypeFromAst(p.type);
        program_.references[&e] = Symbol{SymbolKind::Param, n, nullptr, nullptr, &p, nullptr, t};
        return narrowed(t);
      }
    }
  }
  if (std::optional<Type> group = PaymentGroup(e, scope)) return *group;
  if (scope.payment_lets) {
    auto it = scope.payment_lets->find(n);
    if (it != scope.payment_lets->end()) {
      auto t = program_.types.find(it->second->value.get());
      Type type = t == program_.types.end() ? Type::Error() : t->second;
      program_.references[&e] =
          Symbol{SymbolKind::PaymentLet, n, nullptr, nullptr, nullptr, it->second, type};
      return type;
    }
  }
  if (IsBuiltinValue(n)) {
    // period_start, period_end and period_days are the period's: a measure's
    // value (outside its aggregates' records, which are gathered by the
    // finest periods and rolled up) or a payment's.
    bool is_period_bound = n != "contract_year";
    bool allowed = is_period_bound
                       ? scope.place == Place::Payment || (scope.place == Place::Measure && !scope.row_table)
                       : scope.place == Place::Measure || scope.place == Place::Payment ||
                             scope.place == Place::TopLet || scope.place == Place::Population;
    if (!allowed) {
      diags_.Report(DiagCode::NotAllowedHere, e.span, fmt::format("`{}` has no value here", n))
          .Help(is_period_bound
                    ? (scope.row_table
                           ? fmt::format("`{}` is the period's, not a record's: use it in a measure, outside "
                                         "its aggregates, as in `count {} * 365 / period_days`",
                                         n, scope.row_table->name.text)
                           : fmt::format("`{}` can be used in measures and payment blocks", n))
                    : "`contract_year` can be used in measures, lets, populations and payments");
      return Type::Error();
    }
    Type t = T(!is_period_bound || n == "period_days" || n == "window_days" ? TypeKind::Int : TypeKind::Date);
    program_.references[&e] = Symbol{SymbolKind::Builtin, n, nullptr, nullptr, nullptr, nullptr, t};
    return t;
  }
  auto it = program_.globals.find(n);
  if (it == program_.globals.end()) {
    if (const ast::DataDecl* table = TableWithColumn(n)) {
      if (scope.row_table) {
        diags_
            .Report(DiagCode::UnknownName, e.span,
                    fmt::format("`{}` is a column of `{}`, not of `{}`", n, table->name.text,
                                scope.row_table->name.text))
            .Help("an aggregate reads the columns of the dataset it names");
      } else {
        diags_
            .Report(DiagCode::ColumnOutsideAggregate, e.span,
                    fmt::format("`{}` is a column of `{}`, and there is no single record here", n,
                                table->name.text))
            .Help(scope.place == Place::Measure
                      ? AggregateHint(*FindColumn(*table, n), table->name.text)
                      : "columns can be used in aggregates, populations and check rules");
      }
      return Type::Error();
    }
    if (scope.payment) {
      for (const ast::PaymentItem& item : scope.payment->items) {
        if (!item.is_let || item.name.text != n) continue;
        bool own =
            item.span.file == e.span.file && item.span.begin <= e.span.begin && e.span.end <= item.span.end;
        if (own) {
          diags_.Report(DiagCode::UnknownName, e.span, fmt::format("`{}` is used in its own `let`", n))
              .Help("a value cannot be defined in terms of itself");
        } else {
          diags_
              .Report(DiagCode::UnknownName, e.span,
                      fmt::format("`{}` is used before its `let` in this payment block", n))
              .Note(item.name.span, "declared here")
              .Help(fmt::format("move `let {} = ...` above the lines that use it", n));
        }
        return Type::Error();
      }
    }
    std::vector<std::string> candidates = VisibleNames(scope);
    if (scope.place == Place::Payment) candidates.push_back("achievement");
    std::string hint = Suggest(n, candidates);
    std::string module = StdlibModuleOf(n, /*function=*/false);
    Diagnostic& d = diags_.Report(DiagCode::UnknownName, e.span, fmt::format("nothing is named `{}`", n));
    if (!module.empty())
      d.Help(ImportHelp(n, module));
    else if (!hint.empty())
      d.Help(fmt::format("did you mean `{}`?", hint));
    return Type::Error();
  }
  const Symbol& sym = it->second;
  switch (sym.kind) {
    case SymbolKind::Dataset:
    case SymbolKind::Population:
      diags_
          .Report(DiagCode::WrongKind, e.span,
                  fmt::format("`{}` is a {}, not a value", n,
                              sym.kind == SymbolKind::Dataset ? "dataset" : "population"))
          .Help(fmt::format("aggregate it, e.g. `count {}`", n));
      return Type::Error();
    case SymbolKind::Outcome:
      diags_.Report(DiagCode::WrongKind, e.span, fmt::format("`{}` is an outcome, not a value", n))
          .Help(fmt::format("write `achievement of {}` in a payment block", n));
      return Type::Error();
    case SymbolKind::Function:
      diags_.Report(DiagCode::WrongKind, e.span, fmt::format("`{}` is a function, not a value", n))
          .Help(fmt::format("call it with its arguments: `{}(...)`", n));
      return Type::Error();
    case SymbolKind::Type:
      diags_.Report(DiagCode::WrongKind, e.span, fmt::format("`{}` is a type, not a value", n))
          .Help(fmt::format("use it as a column's type: `provider : {}`", n));
      return Type::Error();
    case SymbolKind::Gate:
      if (scope.place != Place::Payment) {
        diags_
            .Report(DiagCode::NotAllowedHere, e.span,
                    fmt::format("gate `{}` can only be used in payment blocks and other gates", n))
            .Help("a gate decides what is paid; measures and targets cannot depend on it");
        return Type::Error();
      }
      break;
    case SymbolKind::Measure:
      if (scope.place != Place::Measure && scope.place != Place::Payment) {
        const char* where =
            scope.place == Place::TopLet       ? "a top-level `let` is a constant"
            : scope.place == Place::Function   ? "a function only sees its parameters, lets and inputs"
            : scope.place == Place::Population ? "a population's condition is about one record"
            : scope.place == Place::Check      ? "a check rule is about one record"
                                               : "this value must be known before any data is read";
        diags_
            .Report(scope.place == Place::Constant ? DiagCode::NotConstant : DiagCode::NotAllowedHere, e.span,
                    fmt::format("measure `{}` cannot be used here: {}", n, where))
            .Help(scope.place == Place::TopLet ? "make this value a `measure` instead of a `let`"
                  : scope.place == Place::Constant
                      ? "a threshold is fixed by the contract: write it out, such as `90%`"
                  : scope.place == Place::Population ? "a population's condition can use the record's "
                                                       "columns, lets, inputs and `contract_year`"
                  : scope.place == Place::Check    ? "a check rule can use the row's columns, lets and inputs"
                  : scope.place == Place::Function ? "pass the measure's value to the function as an argument"
                                                   : "");
        return Type::Error();
      }
      break;
    default:
      break;
  }
  Type t = TypeOfGlobal(sym, e.span);
  if (sym.kind == SymbolKind::Let &&
      !CheckBaselineLetUse(static_cast<const ast::LetDecl&>(*sym.decl), e, scope))
    return Type::Error();
  if (sym.kind == SymbolKind::Measure && sym.decl != current_measure_)
    ReadsTablesOf(static_cast<const ast::MeasureDecl*>(sym.decl));
  Symbol ref = sym;
  ref.type = t;
  program_.references[&e] = ref;
  return t;
}

std::string Checker::StdlibModuleOf(const std::string& name, bool function) const {
  return input_.stdlib_module_of ? input_.stdlib_module_of(name, function) : std::string();
}

std::string ImportHelp(const std::string& name, const std::string& module) {
  return fmt::format("`{}` is in the standard library: add `import \"{}\"`", name, module);
}

void Checker::ReadsTablesOf(const ast::MeasureDecl* measure) {
  if (!current_measure_) return;
  auto& mine = program_.measure_tables[current_measure_];
  for (const ast::DataDecl* d : program_.measure_tables[measure])
    if (std::find(mine.begin(), mine.end(), d) == mine.end()) mine.push_back(d);
}

Type Checker::InferCall(const ast::CallExpr& e, Scope& scope) {
  const std::string& n = e.callee.text;
  std::vector<Type> args;
  for (const ast::ExprPtr& a : e.args) args.push_back(Infer(*a, scope));
  bool any_error = std::any_of(args.begin(), args.end(), [](const Type& t) { return t.is_error(); });
  bool any_optional = std::any_of(args.begin(), args.end(), [](const Type& t) { return t.optional; });
  auto arity = [&](size_t want, const char* usage) {
    if (args.size() == want) return true;
    diags_
        .Report(DiagCode::BadCall, e.span,
                fmt::format("`{}` takes {} argument{}, not {}", n, want, want == 1 ? "" : "s", args.size()))
        .Help(fmt::format("write `{}`", usage));
    return false;
  };
  auto expect_arg = [&](size_t i, bool ok, const char* what) {
    if (ok || args[i].is_error()) return true;
    diags_.Report(DiagCode::TypeMismatch, e.args[i]->span,
                  fmt::format("`{}` needs {} here, but this is {}", n, what, Describe(args[i].kind)));
    return false;
  };
  if (IsBuiltinFunction(n)) {
    if (n == "min" || n == "max" || n == "clamp") {
      size_t want = n == "clamp" ? 3 : 2;
      if (!arity(want, n == "clamp" ? "clamp(x, low, high)" : n == "min" ? "min(a, b)" : "max(a, b)"))
        return Type::Error();
      if (any_error) return Type::Error();
      // A kind without an order (text, ids, enumerations, true/false) is the
      // problem even when every argument has it: say so at the first such
      // argument rather than that two texts are of different kinds.
      for (size_t i = 0; i < args.size(); ++i) {
        if (!Orderable(args[i])) {
          diags_.Report(DiagCode::TypeMismatch, e.args[i]->span,
                        fmt::format("`{}` needs {}", n, NeedsOrder(args[i].kind)));
          return Type::Error();
        }
      }
      Type t = args[0];
      for (size_t i = 1; i < args.size(); ++i) {
        auto u = Unify(t, args[i]);
        if (!u || !Orderable(*u)) {
          Diagnostic& d = diags_.Report(
              DiagCode::TypeMismatch, e.args[i]->span,
              fmt::format("`{}` compares values of one kind, but this is {} and the first is {}", n,
                          Describe(args[i].kind), Describe(args[0].kind)));
          if (args[0].kind == TypeKind::Money && IsNumberLiteral(*e.args[i]))
            d.Help(fmt::format("write `{}{}` for an amount of money", CurrencySymbol(), Written(*e.args[i])));
          else if (args[0].kind == TypeKind::Percent && IsNumberLiteral(*e.args[i]))
            d.Help(PercentHelp(*e.args[i]));
          return Type::Error();
        }
        t = *u;
      }
      return t;
    }
    if (n == "abs") {
      if (!arity(1, "abs(x)") || any_error) return Type::Error();
      Type t = args[0];
      if (!expect_arg(
              0,
              t.is_numeric() || t.kind == TypeKind::Percent || t.kind == TypeKind::Money || t.is_duration(),
              "a number, percentage, amount or duration"))
        return Type::Error();
      return t;
    }
    if (n == "round") {
      if (!arity(2, "round(x, places)") || any_error) return Type::Error();
      if (!expect_arg(
              0, args[0].is_numeric() || args[0].kind == TypeKind::Percent || args[0].kind == TypeKind::Money,
              "a number, percentage or amount") ||
          !expect_arg(1, args[1].kind == TypeKind::Int, "a whole number of decimal places"))
        return Type::Error();
      return args[0].kind == TypeKind::Int ? T(TypeKind::Int, any_optional)
                                           : args[0].AsOptional(any_optional);
    }
    if (n == "days") {
      if (!arity(1, "days(duration)") || any_error) return Type::Error();
      if (!expect_arg(0, args[0].kind == TypeKind::DayDuration || args[0].kind == TypeKind::AnyDuration,
                      "a duration in days such as `discharged_on - admitted_on`"))
        return Type::Error();
      return T(TypeKind::Int, any_optional);
    }
    // year, month, day
    if (!arity(1, "year(date)") || any_error) return Type::Error();
    if (!expect_arg(0, args[0].kind == TypeKind::Date, "a date")) return Type::Error();
    return T(TypeKind::Int, any_optional);
  }
  auto it = program_.globals.find(n);
  if (it == program_.globals.end() || it->second.kind != SymbolKind::Function) {
    if (it == program_.globals.end()) {
      std::vector<std::string> names = {"min",  "max",  "clamp", "abs", "round",
                                        "days", "year", "month", "day"};
      for (const auto& [name, sym] : program_.globals)
        if (sym.kind == SymbolKind::Function) names.push_back(name);
      std::string hint = Suggest(n, names);
      std::string module = StdlibModuleOf(n, /*function=*/true);
      diags_.Report(DiagCode::UnknownName, e.callee.span, fmt::format("no function named `{}`", n))
          .Help(!module.empty() ? ImportHelp(n, module)
                : hint.empty()
                    ? "declare it with `function NAME(x: decimal) : decimal = ...` or import a module"
                    : fmt::format("did you mean `{}`?", hint));
    } else {
      diags_
          .Report(DiagCode::WrongKind, e.callee.span,
                  fmt::format("`{}` is not a function and cannot be called", n))
          .Help(fmt::format("write `{}` without brackets", n));
    }
    return Type::Error();
  }
  const auto& fn = static_cast<const ast::FunctionDecl&>(*it->second.decl);
  Type result = TypeOfGlobal(it->second, e.callee.span);
  program_.references[&e] = it->second;
  if (e.args.size() != fn.params.size()) {
    std::string usage = n + "(";
    for (size_t i = 0; i < fn.params.size(); ++i) usage += (i ? ", " : "") + fn.params[i].name.text;
    usage += ")";
    diags_
        .Report(DiagCode::BadCall, e.span,
                fmt::format("`{}` takes {} argument{}, not {}", n, fn.params.size(),
                            fn.params.size() == 1 ? "" : "s", e.args.size()))
        .Note(fn.name.span, "declared here")
        .Help(fmt::format("write `{}`", usage));
    return Type::Error();
  }
  for (size_t i = 0; i < args.size(); ++i) {
    Type want = TypeFromAst(fn.params[i].type);
    if (!Assignable(args[i], want)) {
      diags_
          .Report(DiagCode::TypeMismatch, e.args[i]->span,
                  fmt::format("`{}` expects {} for `{}`, but this is {}", n, want.ToString(),
                              fn.params[i].name.text, Describe(args[i].kind)))
          .Note(fn.params[i].name.span, "parameter declared here");
    }
  }
  return result.is_error() ? result : result.AsOptional(any_optional || result.optional);
}

Type Checker::InferAggregate(const ast::AggregateExpr& e, Scope& scope) {
  if (scope.place != Place::Measure || scope.in_aggregate) {
    diags_
        .Report(
            DiagCode::NotAllowedHere, e.op_span,
            scope.in_aggregate
                ? fmt::format("`{}` cannot be used inside another aggregate", ast::ToString(e.op))
                : fmt::format("aggregates such as `{}` can only be used in a measure", ast::ToString(e.op)))
        .Help(scope.in_aggregate
                  ? "make the inner aggregate a measure of its own and use its name"
                  : "declare `measure NAME = ...` with the aggregate and use the measure's name here");
    return Type::Error();
  }
  const ast::DataDecl* table = ResolveSource(e.source, fmt::format("`{}`", ast::ToString(e.op)).c_str());
  if (table && current_measure_) {
    auto& tables = program_.measure_tables[current_measure_];
    if (std::find(tables.begin(), tables.end(), table) == tables.end()) tables.push_back(table);
  }
  Scope inner = scope;
  inner.row_table = table;
  inner.row_name = e.source.text;
  inner.in_aggregate = true;
  // A population's records meet its condition: the columns it requires
  // present (`where score_end is present`) are present in every record of
  // it, and of a population drawn from it.
  std::string source = e.source.text;
  for (int depth = 0; depth < 64; ++depth) {
    auto it = program_.globals.find(source);
    if (it == program_.globals.end() || it->second.kind != SymbolKind::Population) break;
    const auto* population = static_cast<const ast::PopulationDecl*>(it->second.decl);
    if (!population || !population->condition) break;
    PresentWhenTrue(*population->condition, inner.present);
    source = population->source.text;
  }
  if (!table) {
    // Still check what can be checked without the record's columns? Names
    // would all be unknown: stay quiet instead of cascading.
    return Type::Error();
  }
  if (e.condition)
    CheckCondition(*e.condition, inner, true, fmt::format("`{}`", ast::ToString(e.op)).c_str());
  if (e.op == ast::AggregateOp::PercentOf && !e.condition) {
    diags_.Report(DiagCode::ConditionNotBool, e.span, "`percent of` needs a condition to count")
        .Help(fmt::format("write `percent of {} where CONDITION`", e.source.text));
    return Type::Error();
  }
  if (e.op == ast::AggregateOp::Count) return T(TypeKind::Int);
  if (e.op == ast::AggregateOp::PercentOf) return T(TypeKind::Percent);
  Scope value_scope = inner;
  if (e.condition) PresentWhenTrue(*e.condition, value_scope.present);
  Type v = e.value ? Infer(*e.value, value_scope) : Type::Error();
  if (v.is_error()) return v;
  if (e.op == ast::AggregateOp::CountDistinct) return T(TypeKind::Int);
  auto bad = [&](const char* what) {
    diags_
        .Report(DiagCode::BadAggregateOperand, e.value->span,
                fmt::format("`{}` needs {}, but this is {}", ast::ToString(e.op), what, Describe(v.kind)))
        .Help(v.kind == TypeKind::Bool
                  ? fmt::format("to count records that meet a condition write `count {} where ...`",
                                e.source.text)
                  : "");
    return Type::Error();
  };
  switch (e.op) {
    case ast::AggregateOp::Sum:
      if (v.is_numeric() || v.kind == TypeKind::Percent || v.kind == TypeKind::Money ||
          v.kind == TypeKind::DayDuration)
        return v.Required();
      return bad("numbers, percentages, money or durations in days");
    case ast::AggregateOp::Mean:
    case ast::AggregateOp::Median:
    case ast::AggregateOp::Percentile:
      if (v.kind == TypeKind::Money || v.kind == TypeKind::Percent) return v.Required();
      if (v.is_numeric() || v.kind == TypeKind::DayDuration) return T(TypeKind::Decimal);
      return bad("numbers, percentages, money or durations in days");
    case ast::AggregateOp::Min:
    case ast::AggregateOp::Max:
      if (Orderable(v)) return v.Required();
      diags_.Report(DiagCode::BadAggregateOperand, e.value->span,
                    fmt::format("`{}` needs {}", ast::ToString(e.op), NeedsOrder(v.kind)));
      return Type::Error();
    default:
      return v.Required();
  }
}

Type Checker::InferTiered(const ast::TieredExpr& e, Scope& scope) {
  Type amount = Infer(*e.amount, scope);
  bool ok = !amount.is_error();
  if (ok && !(amount.kind == TypeKind::Money || amount.is_numeric())) {
    diags_.Report(
        DiagCode::TypeMismatch, e.amount->span,
        fmt::format("`tiered` splits an amount of money or a number, but this is {}", Describe(amount.kind)));
    ok = false;
  }
  bool rest_seen = false, rates_ok = true;
  std::optional<TypeKind> rate_kind;
  for (size_t i = 0; i < e.tiers.size(); ++i) {
    const ast::Tier& t = e.tiers[i];
    if (t.kind == ast::TierKind::First && i != 0) {
      diags_.Report(DiagCode::BadTiers, t.span, "`first` must be the first band")
          .Help("write later bands with `next`");
    }
    if (t.kind != ast::TierKind::First && i == 0) {
      diags_.Report(DiagCode::BadTiers, t.span, "the first band starts with `first`")
          .Help("write `tiered(x) { first L at R, next L at R, rest at R }`");
    }
    if (rest_seen) {
      diags_.Report(DiagCode::BadTiers, t.span, "no band can come after `rest`")
          .Help("`rest` is the last band");
    }
    if (t.kind == ast::TierKind::Rest) rest_seen = true;
    if (t.limit) {
      Type lt = Infer(*t.limit, scope);
      if (ok && !lt.is_error() && !Assignable(lt, amount.Required()) &&
          !(amount.is_numeric() && lt.is_numeric())) {
        diags_
            .Report(DiagCode::TypeMismatch, t.limit->span,
                    fmt::format("a band's size must be {} like the amount, but this is {}",
                                Describe(amount.kind), Describe(lt.kind)))
            .Help(amount.kind == TypeKind::Money && lt.kind == TypeKind::Percent
                      ? "for a share of an amount, multiply: `5% * budget`"
                  : amount.kind == TypeKind::Money && IsNumberLiteral(*t.limit)
                      ? fmt::format("write `{}{}`", CurrencySymbol(), Written(*t.limit))
                      : "");
      }
    }
    // A rate is a percentage (a share of the band), or, when the amount is a
    // count or a number, money (a price for each unit of the band: `first
    // 100 at £0, rest at £550` over bed days). Every band's rate is the same kind.
    Type rt = Infer(*t.rate, scope);
    if (rt.is_error()) continue;
    bool price = rt.kind == TypeKind::Money && (!ok || amount.is_numeric());
    if (rt.kind != TypeKind::Percent && !price) {
      diags_
          .Report(DiagCode::TypeMismatch, t.rate->span,
                  fmt::format("a band's rate must be a percentage{}, but this is {}",
                              ok && amount.is_numeric() ? " or an amount of money" : "", Describe(rt.kind)))
          .Help(rt.kind == TypeKind::Money
                    ? "an amount of money is split by percentages; for a price per unit, tier the count: "
                      "`tiered(bed_days) { first 100 at £0, rest at £550 }`"
                : IsNumberLiteral(*t.rate) ? PercentHelp(*t.rate)
                                           : "write e.g. `50%`");
      rates_ok = false;
    } else if (rate_kind && *rate_kind != rt.kind) {
      diags_
          .Report(DiagCode::TypeMismatch, t.rate->span,
                  fmt::format("this band's rate is {}, but the first band's is {}", Describe(rt.kind),
                              Describe(*rate_kind)))
          .Help("give every band a percentage, or every band a price");
      rates_ok = false;
    } else {
      rate_kind = rt.kind;
    }
  }
  if (!rest_seen) {
    diags_.Report(DiagCode::BadTiers, e.span, "`tiered` needs a last band `rest at R`")
        .Help("add `rest at 50%` (or `rest at 0%` to pay nothing beyond the bands)");
  }
  if (!ok || !rates_ok) return Type::Error();
  return rate_kind == TypeKind::Money ? T(TypeKind::Money, amount.optional) : amount;
}

}  // namespace ocf::sema
