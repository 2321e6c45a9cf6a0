// The rules of each declaration: data blocks, populations, lets, functions,
// measures, targets, outcomes and payments (docs/language.md §3).
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {
namespace {

TypeKind KindOf(ast::BaseType b) {
  switch (b) {
    case ast::BaseType::Int:
      return TypeKind::Int;
    case ast::BaseType::Decimal:
      return TypeKind::Decimal;
    case ast::BaseType::Percent:
      return TypeKind::Percent;
    case ast::BaseType::Money:
      return TypeKind::Money;
    case ast::BaseType::Bool:
      return TypeKind::Bool;
    case ast::BaseType::Date:
      return TypeKind::Date;
    case ast::BaseType::Duration:
      return TypeKind::AnyDuration;
    case ast::BaseType::Text:
      return TypeKind::Text;
    case ast::BaseType::Id:
      return TypeKind::Id;
    case ast::BaseType::Enum:
      return TypeKind::Enum;
  }
  return TypeKind::Error;
}

std::string PercentText(Decimal fraction) {
  // 0.975 -> 97.5%
  auto shifted = Decimal::Parse(fraction.ToString(), 2);
  return (shifted ? shifted->ToString() : fraction.ToString()) + "%";
}

}  // namespace

Type Checker::TypeFromAst(const ast::TypeExpr& t) {
  Type out = Type::Of(KindOf(t.base), t.optional);
  if (t.base == ast::BaseType::Enum) {
    auto values = std::make_shared<std::vector<std::string>>();
    for (const ast::Ident& v : t.enum_values) values->push_back(v.text);
    out.enum_values = std::move(values);
  }
  return out;
}

void Checker::CheckData(const ast::DataDecl& data) {
  std::map<std::string, const ast::ColumnDecl*> seen;
  for (const ast::ColumnDecl& c : data.columns) {
    auto [it, fresh] = seen.emplace(c.name.text, &c);
    if (!fresh) {
      diags_
          .Report(DiagCode::DuplicateColumn, c.name.span,
                  fmt::format("column `{}` is declared twice in `{}`", c.name.text, data.name.text))
          .Note(it->second->name.span, "first declared here")
          .Help("each column of a data file is declared once");
    }
    if (c.type.base == ast::BaseType::Duration) {
      diags_.Report(DiagCode::DurationColumn, c.type.span, "a data column cannot be a duration")
          .Help(
              "submit the dates and subtract them (`discharged_on - admitted_on`), or a whole number of days "
              "as `int`");
    }
    CheckEnumValues(c.type);
  }
  if (!data.dated_by) {
    const ast::ColumnDecl* date_column = nullptr;
    for (const ast::ColumnDecl& c : data.columns)
      if (!date_column && c.type.base == ast::BaseType::Date && !c.type.optional) date_column = &c;
    diags_
        .Report(DiagCode::MissingDatedBy, data.name.span,
                fmt::format("data `{}` does not say which date places a row in a period", data.name.text))
        .Help(date_column
                  ? fmt::format("write `data {} dated by {} {{ ... }}`, or another of its date columns",
                                data.name.text, date_column->name.text)
                  : fmt::format("write `data {} dated by COLUMN {{ ... }}` with one of its date columns",
                                data.name.text));
  } else if (const ast::ColumnDecl* c = FindColumn(data, data.dated_by->text)) {
    if (c->type.base != ast::BaseType::Date || c->type.optional) {
      diags_
          .Report(
              DiagCode::BadDatedBy, data.dated_by->span,
              c->type.base == ast::BaseType::Date
                  ? fmt::format("`dated by` needs a required date column, but `{}` may be empty (`date?`)",
                                c->name.text)
                  : fmt::format("`dated by` needs a required date column, but `{}` is {}", c->name.text,
                                TypeFromAst(c->type).ToString()))
          .Note(c->span, "declared here")
          .Help(c->type.base == ast::BaseType::Date ? "remove the `?`: every row needs this date"
                                                    : "choose a `date` column");
    }
  } else {
    std::vector<std::string> names;
    for (const ast::ColumnDecl& col : data.columns) names.push_back(col.name.text);
    std::string hint = Suggest(data.dated_by->text, names);
    diags_
        .Report(DiagCode::BadDatedBy, data.dated_by->span,
                fmt::format("`{}` is not a column of `{}`", data.dated_by->text, data.name.text))
        .Help(hint.empty() ? "name one of the table's date columns"
                           : fmt::format("did you mean `{}`?", hint));
  }
  for (size_t i = 0; i < data.date_formats.size(); ++i) {
    const auto& [fmt_text, span] = data.date_formats[i];
    if (i > 0) {
      diags_.Report(DiagCode::DuplicateDateFormat, span, "`date_format` is given twice")
          .Note(data.date_formats[0].second, "first given here");
      continue;
    }
    if (fmt_text != "DD/MM/YYYY" && fmt_text != "YYYY-MM-DD") {
      diags_
          .Report(DiagCode::BadDateFormat, span,
                  fmt::format("ocf cannot read dates written as \"{}\"", fmt_text))
          .Help("write `date_format \"DD/MM/YYYY\"` for UK dates; ISO dates (YYYY-MM-DD) are the default");
    }
  }
  for (const ast::CheckRule& rule : data.checks) {
    Scope scope;
    scope.place = Place::Check;
    scope.row_table = &data;
    scope.row_name = data.name.text;
    if (rule.condition) CheckCondition(*rule.condition, scope, false, "a check rule");
    if (!rule.message) {
      diags_
          .Report(DiagCode::MissingCheckMessage, rule.span,
                  "a check rule needs a message for the rows that break it")
          .Help("write the message after the condition: `check age >= 0 \"age cannot be negative\"`");
    }
  }
}

void Checker::CheckPopulation(const ast::PopulationDecl& pop) {
  const ast::DataDecl* base = ResolveSource(pop.source, "a population");
  if (base) program_.population_base[&pop] = base;
  decl_types_[&pop] = Type::Error();
  if (!pop.condition) {
    diags_
        .Report(DiagCode::PopulationWithoutWhere, pop.name.span,
                fmt::format("population `{}` needs a condition", pop.name.text))
        .Help(fmt::format("write `population {} = {} where CONDITION`", pop.name.text, pop.source.text));
    return;
  }
  if (!base) return;
  Scope scope;
  scope.place = Place::Population;
  scope.row_table = base;
  scope.row_name = pop.source.text;
  const ast::PopulationDecl* outer = current_population_;
  current_population_ = &pop;
  CheckCondition(*pop.condition, scope, true, "a population");
  current_population_ = outer;
}

void Checker::CheckLet(const ast::LetDecl& let) {
  // A let is checked where it is first used; what it reads is its own.
  const ast::MeasureDecl* measure = current_measure_;
  const ast::LetDecl* outer = current_let_;
  current_measure_ = nullptr;
  current_let_ = &let;
  Scope scope;
  scope.place = Place::TopLet;
  Type t = let.value ? Infer(*let.value, scope) : Type::Error();
  decl_types_[&let] = t;
  current_measure_ = measure;
  current_let_ = outer;
}

void Checker::CheckFunction(const ast::FunctionDecl& fn) {
  std::map<std::string, Span> params;
  for (const ast::Param& p : fn.params) {
    auto [it, fresh] = params.emplace(p.name.text, p.name.span);
    if (!fresh) {
      diags_
          .Report(DiagCode::DuplicateName, p.name.span,
                  fmt::format("parameter `{}` is named twice", p.name.text))
          .Note(it->second, "first named here");
    }
  }
  Scope scope;
  scope.place = Place::Function;
  scope.function = &fn;
  Type body = fn.body ? Infer(*fn.body, scope) : Type::Error();
  Type result = body;
  if (fn.result) {
    result = TypeFromAst(*fn.result);
    if (!Assignable(body, result)) {
      diags_
          .Report(DiagCode::DeclaredTypeMismatch, fn.body->span,
                  fmt::format("function `{}` is declared to give {}, but its body gives {}", fn.name.text,
                              result.ToString(), Describe(body.kind)))
          .Note(fn.result->span, "declared here");
    }
  }
  decl_types_[&fn] = result.Required();
}

void Checker::CheckMeasure(const ast::MeasureDecl& m) {
  const ast::MeasureDecl* outer = current_measure_;
  current_measure_ = &m;
  program_.measure_tables[&m];  // a measure with no aggregate reads no table
  Scope scope;
  scope.place = Place::Measure;
  Type t = m.value ? Infer(*m.value, scope) : Type::Error();
  if (m.declared_type) {
    Type declared = TypeFromAst(*m.declared_type);
    if (!Assignable(t, declared)) {
      diags_
          .Report(DiagCode::DeclaredTypeMismatch, m.value->span,
                  fmt::format("measure `{}` is declared as {}, but its value is {}", m.name.text,
                              declared.ToString(), Describe(t.kind)))
          .Note(m.declared_type->span, "declared here")
          .Help(t.kind == TypeKind::Decimal && declared.kind == TypeKind::Percent
                    ? "use `(...) as percent` to read a ratio as a percentage"
                : t.kind == TypeKind::Int && declared.kind == TypeKind::Percent
                    ? "a count is a whole number; for a share of records write `percent of DATASET where ...`"
                    : "");
    }
    t = declared;
  }
  decl_types_[&m] = t.Required();
  if (m.by) CheckByColumn(m);
  current_measure_ = outer;
}

void Checker::CheckByColumn(const ast::MeasureDecl& m) {
  const auto& tables = program_.measure_tables[&m];
  if (tables.empty()) {
    diags_
        .Report(
            DiagCode::BadByColumn, m.by->span,
            fmt::format("measure `{}` reads no dataset, so it has no `{}` groups", m.name.text, m.by->text))
        .Help("`by` narrows the aggregates of a measure; remove it here");
    return;
  }
  for (const ast::DataDecl* d : tables) {
    const ast::ColumnDecl* c = FindColumn(*d, m.by->text);
    if (!c) {
      diags_
          .Report(DiagCode::BadByColumn, m.by->span,
                  fmt::format("measure `{}` reads `{}`, which has no column `{}`", m.name.text, d->name.text,
                              m.by->text))
          .Note(d->name.span, "the dataset is declared here")
          .Help("every table a `by` measure reads needs the group column");
      continue;
    }
    auto b = c->type.base;
    if (b != ast::BaseType::Text && b != ast::BaseType::Id && b != ast::BaseType::Enum) {
      diags_
          .Report(DiagCode::BadByColumn, m.by->span,
                  fmt::format("`by {}` groups by a text, id or enumeration column, but `{}` in `{}` is {}",
                              m.by->text, m.by->text, d->name.text, TypeFromAst(c->type).ToString()))
          .Note(c->span, "declared here");
    }
  }
}

void Checker::CheckTarget(const ast::TargetDecl& target) {
  Type mt = Type::Error();
  const Symbol* measure = GlobalOfKind(
      target.measure,
      {SymbolKind::Measure,
       fmt::format("a target needs a measure, and there is no measure named `{}`", target.measure.text),
       "declare `measure NAME = ...` first", "a target applies to a measure",
       [](SymbolKind) { return "target a measure, the value worked out from the data each period"; }});
  if (measure) {
    mt = TypeOfGlobal(*measure, target.measure.span);
    auto [prev, fresh] = target_of_.emplace(target.measure.text, &target);
    if (!fresh) {
      diags_
          .Report(DiagCode::DuplicateTarget, target.keyword_span,
                  fmt::format("measure `{}` already has a target", target.measure.text))
          .Note(prev->second->keyword_span, "the first target is here")
          .Help("a measure has at most one target; declare a second measure for a second threshold");
    }
    if (!mt.is_error() && !(mt.is_numeric() || mt.kind == TypeKind::Percent || mt.kind == TypeKind::Money ||
                            mt.kind == TypeKind::DayDuration)) {
      diags_
          .Report(DiagCode::BadTarget, target.measure.span,
                  fmt::format("measure `{}` is {}, which a target cannot compare with a threshold",
                              target.measure.text, Describe(mt.kind)))
          .Help("targets apply to numbers, percentages, money and durations in days");
      mt = Type::Error();
    }
  }
  if (target.target_kind == ast::TargetKind::Change) {
    CheckChangeTarget(target, mt);
    return;
  }
  Scope scope;
  scope.place = Place::Constant;
  std::optional<Decimal> values[2];
  int i = 0;
  for (const ast::Expr* x : {target.threshold.get(), target.to.get()}) {
    int slot = i++;
    if (!x) continue;
    Type t = Infer(*x, scope);
    values[slot] = LiteralValue(*x);
    if (mt.is_error() || t.is_error()) continue;
    if (!Assignable(t, mt) && !(mt.is_numeric() && t.is_numeric())) {
      std::string help;
      if (mt.kind == TypeKind::Percent && x->kind == ast::ExprKind::Number)
        help = PercentHelp(*x);
      else if (mt.kind == TypeKind::Money && x->kind == ast::ExprKind::Number)
        help = fmt::format("write `{}{}`", CurrencySymbol(), Written(*x));
      else if (mt.is_numeric() && t.kind == TypeKind::Percent && x->kind == ast::ExprKind::Binary &&
               static_cast<const ast::BinaryExpr*>(x)->op == ast::BinaryOp::Mul) {
        // `base_los * 85%`: a share of a number, meant as the number scaled.
        const auto& product = static_cast<const ast::BinaryExpr&>(*x);
        const ast::Expr* share = product.rhs->kind == ast::ExprKind::Percent   ? product.rhs.get()
                                 : product.lhs->kind == ast::ExprKind::Percent ? product.lhs.get()
                                                                               : nullptr;
        const ast::Expr* other = share == product.rhs.get() ? product.lhs.get() : product.rhs.get();
        if (share) {
          Decimal scale = static_cast<const ast::PercentExpr*>(share)->value;
          help = fmt::format("a number times a percentage is a percentage; for {} of `{}` write `{} * {}`",
                             Written(*share), Written(*other), Written(*other), scale.ToString());
          // Against the baseline the change itself can be the target.
          Result<Decimal> change = Decimal::Sub(scale, Decimal::FromInt(1));
          Result<Decimal> size = change.ok() ? Decimal::Abs(*change) : change;
          if (program_.contract.baseline && size.ok() && !size->is_zero())
            help += fmt::format(", or write the target as `target {} {} by {} from baseline`",
                                target.measure.text, change->is_negative() ? "reduced" : "increased",
                                PercentText(*size));
        }
      }
      diags_
          .Report(DiagCode::BadTarget, x->span,
                  fmt::format("measure `{}` is {}, but this threshold is {}", target.measure.text,
                              Describe(mt.kind), Describe(t.kind)))
          .Help(help);
    }
  }
  if (target.target_kind == ast::TargetKind::Range && values[0] && values[1] && *values[0] == *values[1]) {
    diags_
        .Report(DiagCode::EmptyTargetRange, Span::Join(target.threshold->span, target.to->span),
                "a target `from A to B` needs two different thresholds")
        .Help("for a single threshold write `at least V` or `at most V`");
  }
}

std::optional<Decimal> Checker::WeightValue(const ast::Expr& weight) {
  if (weight.kind == ast::ExprKind::Percent) return static_cast<const ast::PercentExpr&>(weight).value;
  if (weight.kind == ast::ExprKind::Error) return std::nullopt;
  std::string help = "write the weight as a percentage such as `40%`";
  if (weight.kind == ast::ExprKind::Number) {
    Decimal v = static_cast<const ast::NumberExpr&>(weight).value;
    help = v <= Decimal::FromInt(1) && !v.is_integer() ? fmt::format("write `{}`", PercentText(v))
                                                       : fmt::format("write `{}%`", v.ToString());
  }
  diags_.Report(DiagCode::BadWeight, weight.span, "a weight is a percentage written out, such as `40%`")
      .Help(help);
  return std::nullopt;
}

void Checker::CheckOutcome(const ast::OutcomeDecl& outcome) {
  std::map<std::string, Span> listed;
  bool weights_ok = true;
  Decimal sum;
  for (const ast::OutcomeMeasure& om : outcome.measures) {
    const Symbol* measure = GlobalOfKind(
        om.measure,
        {SymbolKind::Measure,
         fmt::format("an outcome lists measures, and there is no measure named `{}`", om.measure.text), "",
         "an outcome lists measures with targets",
         [](SymbolKind) { return "list the measures whose targets make up this outcome"; }});
    if (measure) {
      bool has_target = false;
      for (const ast::TargetDecl* t : program_.targets) has_target |= t->measure.text == om.measure.text;
      if (!has_target) {
        diags_
            .Report(
                DiagCode::OutcomeWithoutTarget, om.measure.span,
                fmt::format("measure `{}` has no target, so it has no achievement to weigh", om.measure.text))
            .Help(fmt::format("add `target {} at least ...` or `target {} from A to B`", om.measure.text,
                              om.measure.text));
      }
    }
    auto [lit, fresh] = listed.emplace(om.measure.text, om.measure.span);
    if (!fresh) {
      diags_
          .Report(DiagCode::DuplicateOutcomeMeasure, om.measure.span,
                  fmt::format("`{}` is listed twice in outcome `{}`", om.measure.text, outcome.name.text))
          .Note(lit->second, "first listed here");
    }
    if (om.weight) {
      auto w = WeightValue(*om.weight);
      if (!w)
        weights_ok = false;
      else if (auto s = Decimal::Add(sum, *w))
        sum = *s;
    } else if (outcome.measures.size() > 1) {
      weights_ok = false;
      diags_
          .Report(DiagCode::MissingWeight, om.measure.span,
                  fmt::format("`{}` needs a weight: outcome `{}` lists {} measures", om.measure.text,
                              outcome.name.text, outcome.measures.size()))
          .Help(fmt::format("write `{} weight 50%`; the weights of an outcome sum to 100%", om.measure.text));
    } else {
      sum = Decimal::FromInt(1);
    }
  }
  if (weights_ok && !outcome.measures.empty() && sum != Decimal::FromInt(1)) {
    Diagnostic& d = diags_.Report(
        DiagCode::WeightsNotWhole, outcome.name.span,
        fmt::format("the weights in outcome `{}` sum to {}, not 100%", outcome.name.text, PercentText(sum)));
    for (const ast::OutcomeMeasure& om : outcome.measures)
      if (om.weight)
        d.Note(om.weight->span,
               fmt::format("`{}` weighs {}", om.measure.text, PercentText(*WeightValue(*om.weight))));
    d.Help("adjust them so they add up to exactly 100%");
  }
  if (outcome.measures.empty()) {
    diags_
        .Report(DiagCode::OutcomeWithoutTarget, outcome.name.span,
                fmt::format("outcome `{}` lists no measures", outcome.name.text))
        .Help("list the measures (with targets) whose achievement makes up this outcome");
  }
  // Outcome weights across the contract are checked once, at the last outcome.
  if (&outcome != program_.outcomes.back()) return;
  bool all_ok = true;
  Decimal total;
  for (const ast::OutcomeDecl* o : program_.outcomes) {
    if (!o->weight) {
      if (program_.outcomes.size() > 1) {
        all_ok = false;
        diags_
            .Report(DiagCode::MissingWeight, o->name.span,
                    fmt::format("outcome `{}` needs a weight: the contract has {} outcomes", o->name.text,
                                program_.outcomes.size()))
            .Help(fmt::format("write `outcome {} weight 50% {{ ... }}`; outcome weights sum to 100%",
                              o->name.text));
      } else {
        total = Decimal::FromInt(1);
      }
      continue;
    }
    auto w = WeightValue(*o->weight);
    if (!w)
      all_ok = false;
    else if (auto s = Decimal::Add(total, *w))
      total = *s;
  }
  if (all_ok && total != Decimal::FromInt(1)) {
    Diagnostic& d =
        diags_.Report(DiagCode::WeightsNotWhole, program_.outcomes.back()->name.span,
                      fmt::format("the outcomes' weights sum to {}, not 100%", PercentText(total)));
    for (const ast::OutcomeDecl* o : program_.outcomes)
      if (o->weight)
        d.Note(o->weight->span, fmt::format("`{}` weighs {}", o->name.text,
                                            o->weight ? PercentText(*WeightValue(*o->weight)) : ""));
    d.Help("adjust them so they add up to exactly 100%");
  }
}

void Checker::CheckPayment(const ast::PaymentDecl& payment) {
  if (payment.by) CheckPaymentBy(payment);
  std::map<std::string, const ast::PaymentItem*> lets;
  for (const ast::PaymentItem& item : payment.items) {
    Scope scope;
    scope.place = Place::Payment;
    scope.payment_lets = &lets;
    scope.payment = &payment;
    Type t = item.value ? Infer(*item.value, scope) : Type::Error();
    if (item.is_let) {
      if (lets.count(item.name.text) || program_.globals.count(item.name.text) ||
          IsBuiltinValue(item.name.text)) {
        Diagnostic& d = diags_.Report(DiagCode::DuplicateName, item.name.span,
                                      fmt::format("`{}` is already a name in this contract", item.name.text));
        if (lets.count(item.name.text)) {
          d.Note(lets[item.name.text]->name.span, "first declared here");
        } else if (auto g = program_.globals.find(item.name.text);
                   g != program_.globals.end() && g->second.decl) {
          d.Note(NameOf(*g->second.decl)->span,
                 fmt::format("declared here as {}", KindWithArticle(g->second.kind)));
        }
        d.Help("give the payment block's value its own name");
      } else {
        lets.emplace(item.name.text, &item);
      }
      continue;
    }
    auto [it, fresh] = payment_lines_.emplace(item.name.text, std::pair{&payment, item.name.span});
    if (!fresh) {
      diags_
          .Report(DiagCode::DuplicatePaymentLine, item.name.span,
                  fmt::format("a payment line named \"{}\" already exists", item.name.text))
          .Note(it->second.second, "first paid here")
          .Help("name each line of the statement differently");
    }
    if (!t.is_error() && t.kind != TypeKind::Money) {
      bool literal = item.value->kind == ast::ExprKind::Number || item.value->kind == ast::ExprKind::Percent;
      std::string help =
          t.kind == TypeKind::Percent ? fmt::format("multiply the percentage by an amount: `{} * budget`",
                                                    literal ? Written(*item.value) : "5%")
          : t.is_numeric() && literal
              ? fmt::format("write `{}{}` for an amount of money", CurrencySymbol(), Written(*item.value))
          : t.is_numeric()
              ? fmt::format("write an amount with `{}`, or multiply a number by a price", CurrencySymbol())
              : "";
      diags_
          .Report(DiagCode::PayNotMoney, item.value->span,
                  fmt::format("payment line \"{}\" must be money, but this is {}", item.name.text,
                              Describe(t.kind)))
          .Help(help);
    }
  }
}

}  // namespace ocf::sema
