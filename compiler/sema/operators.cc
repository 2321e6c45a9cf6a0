// Type checking of operators (stage 2): arithmetic, comparisons, `and`/`or`/
// `not`, `in` lists and conditions, with the help that says what to write
// instead. The rest of the expressions are in expressions.cc.
#include <cctype>

#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

using ast::BinaryOp;
using ast::ExprKind;

bool Orderable(const Type& t) {
  switch (t.kind) {
    case TypeKind::Int:
    case TypeKind::Decimal:
    case TypeKind::Percent:
    case TypeKind::Money:
    case TypeKind::Date:
    case TypeKind::DayDuration:
    case TypeKind::MonthDuration:
    case TypeKind::AnyDuration:
      return true;
    default:
      return false;
  }
}

std::string NeedsOrder(TypeKind k) {
  const char* none = k == TypeKind::Text   ? "text has none"
                     : k == TypeKind::Id   ? "an id has none"
                     : k == TypeKind::Enum ? "the values of an enumeration have none"
                     : k == TypeKind::Bool ? "true and false have none"
                                           : nullptr;
  return fmt::format("values with an order (numbers, money, percentages, dates, durations), and {}",
                     none ? std::string(none) : fmt::format("{} has none", Describe(k)));
}

// The common type of two branches (if/otherwise, min/max): int widens to decimal.
std::optional<Type> Unify(const Type& a, const Type& b) {
  if (a.is_error()) return b;
  if (b.is_error()) return a;
  bool opt = a.optional || b.optional;
  if (SameKind(a, b)) return a.AsOptional(opt);
  if (a.is_numeric() && b.is_numeric()) return T(TypeKind::Decimal, opt);
  if (a.kind == TypeKind::AnyDuration && b.is_duration()) return b.AsOptional(opt);
  if (b.kind == TypeKind::AnyDuration && a.is_duration()) return a.AsOptional(opt);
  if ((a.kind == TypeKind::Text && b.kind == TypeKind::Id) ||
      (a.kind == TypeKind::Id && b.kind == TypeKind::Text))
    return T(TypeKind::Id, opt);
  return std::nullopt;
}

// Names narrowed to present by a condition being true (`x is present`, `a and b`).
// The name presence is known by: `x`, or `T.x` for a qualified column.
std::string PresenceName(const ast::Expr& e) {
  if (e.kind == ExprKind::Name) return static_cast<const ast::NameExpr&>(e).name;
  if (e.kind == ExprKind::Qualified) {
    const auto& q = static_cast<const ast::QualifiedExpr&>(e);
    return q.qualifier.text + "." + q.column.text;
  }
  return "";
}

void PresentWhenTrue(const ast::Expr& e, std::set<std::string>& out) {
  if (e.kind == ExprKind::IsMissing) {
    const auto& m = static_cast<const ast::IsMissingExpr&>(e);
    if (m.present && !PresenceName(*m.operand).empty()) out.insert(PresenceName(*m.operand));
  } else if (e.kind == ExprKind::Binary) {
    const auto& b = static_cast<const ast::BinaryExpr&>(e);
    if (b.op == BinaryOp::And) {
      PresentWhenTrue(*b.lhs, out);
      PresentWhenTrue(*b.rhs, out);
    }
  }
}

// Names narrowed to present by a condition being false (`x is missing or ...`).
void PresentWhenFalse(const ast::Expr& e, std::set<std::string>& out) {
  if (e.kind == ExprKind::IsMissing) {
    const auto& m = static_cast<const ast::IsMissingExpr&>(e);
    if (!m.present && !PresenceName(*m.operand).empty()) out.insert(PresenceName(*m.operand));
  } else if (e.kind == ExprKind::Binary) {
    const auto& b = static_cast<const ast::BinaryExpr&>(e);
    if (b.op == BinaryOp::Or) {
      PresentWhenFalse(*b.lhs, out);
      PresentWhenFalse(*b.rhs, out);
    }
  } else if (e.kind == ExprKind::Unary) {
    const auto& u = static_cast<const ast::UnaryExpr&>(e);
    if (u.op == ast::UnaryOp::Not) PresentWhenTrue(*u.operand, out);
  }
}

Type Checker::InferBinary(const ast::BinaryExpr& e, Scope& scope) {
  if (ast::IsComparison(e.op)) return InferComparison(e, scope);
  if (e.op == BinaryOp::And || e.op == BinaryOp::Or) return InferLogical(e, scope);
  // `a * b / c` is `(a * b) / c`: the product is told what it is divided by,
  // for the help when it multiplies money by money.
  const ast::BinaryExpr* outer = divided_;
  divided_ = e.op == BinaryOp::Div ? &e : nullptr;
  Type l = Infer(*e.lhs, scope);
  divided_ = outer;
  Type r = Infer(*e.rhs, scope);
  if (e.op == BinaryOp::Otherwise) {
    if (l.is_error() || r.is_error()) return Type::Error();
    auto u = Unify(l, r);
    if (!u) {
      diags_
          .Report(DiagCode::TypeMismatch, e.rhs->span,
                  fmt::format("the value after `otherwise` is {}, but the value before it is {}",
                              Describe(r.kind), Describe(l.kind)))
          .Help(l.kind == TypeKind::Money ? fmt::format("write an amount such as `{}0`", CurrencySymbol())
                                          : fmt::format("give {} after `otherwise`", Describe(l.kind)));
      return Type::Error();
    }
    return u->AsOptional(r.optional);
  }
  return InferArithmetic(e, l, r);
}

Type Checker::InferArithmetic(const ast::BinaryExpr& e, const Type& l, const Type& r) {
  if (l.is_error() || r.is_error()) return Type::Error();
  bool opt = l.optional || r.optional;
  TypeKind a = l.kind, b = r.kind;
  auto result = [&](TypeKind k) { return T(k, opt); };
  auto bad = [&](std::string help = "") {
    diags_
        .Report(DiagCode::BadOperand, e.op_span,
                fmt::format("`{}` cannot combine {} and {}", ast::ToString(e.op), Describe(a), Describe(b)))
        .Help(std::move(help));
    return Type::Error();
  };
  bool na = l.is_numeric(), nb = r.is_numeric();
  switch (e.op) {
    case BinaryOp::Add:
    case BinaryOp::Sub: {
      if (na && nb)
        return result(a == TypeKind::Int && b == TypeKind::Int ? TypeKind::Int : TypeKind::Decimal);
      if (a == TypeKind::Percent && b == TypeKind::Percent) return result(TypeKind::Percent);
      if ((a == TypeKind::Percent && nb) || (na && b == TypeKind::Percent)) {
        const ast::Expr& num = na ? *e.lhs : *e.rhs;
        diags_
            .Report(DiagCode::PercentNumberMix, e.op_span,
                    fmt::format("`{}` cannot combine a percentage with a plain number", ast::ToString(e.op)))
            .Note(num.span, "this is a plain number")
            .Help(PercentHelp(num));
        return Type::Error();
      }
      if (a == TypeKind::Money && b == TypeKind::Money) return result(TypeKind::Money);
      if ((a == TypeKind::Money && (nb || b == TypeKind::Percent)) ||
          ((na || a == TypeKind::Percent) && b == TypeKind::Money)) {
        const ast::Expr& other = a == TypeKind::Money ? *e.rhs : *e.lhs;
        const Type& ot = a == TypeKind::Money ? r : l;
        diags_
            .Report(DiagCode::MoneyNumberMix, e.op_span,
                    fmt::format("`{}` cannot combine money with {}", ast::ToString(e.op), Describe(ot.kind)))
            .Note(other.span, fmt::format("this is {}", Describe(ot.kind)))
            .Help(ot.kind == TypeKind::Percent
                      ? "to add a share of an amount, multiply: `budget * (100% + 5%)`"
                  : IsNumberLiteral(other)
                      ? fmt::format("write `{}{}` for an amount of money", CurrencySymbol(), Written(other))
                      : "both sides must be money");
        return Type::Error();
      }
      if (a == TypeKind::Date && r.is_duration()) return result(TypeKind::Date);
      if (e.op == BinaryOp::Add && l.is_duration() && b == TypeKind::Date) return result(TypeKind::Date);
      if (e.op == BinaryOp::Sub && a == TypeKind::Date && b == TypeKind::Date)
        return result(TypeKind::DayDuration);
      if (l.is_duration() && r.is_duration()) {
        if ((a == TypeKind::DayDuration && b == TypeKind::MonthDuration) ||
            (a == TypeKind::MonthDuration && b == TypeKind::DayDuration)) {
          diags_
              .Report(DiagCode::DurationUnitMix, e.op_span,
                      fmt::format("`{}` cannot mix days and months: a month has no fixed number of days",
                                  ast::ToString(e.op)))
              .Help("add each to a date instead: `start + 1 month + 30 days`");
          return Type::Error();
        }
        return result(a == TypeKind::AnyDuration ? b : a);
      }
      return bad(a == TypeKind::Date && b == TypeKind::Date
                     ? "dates can be subtracted (`end - start`), not added"
                     : "");
    }
    case BinaryOp::Mul: {
      if (na && nb)
        return result(a == TypeKind::Int && b == TypeKind::Int ? TypeKind::Int : TypeKind::Decimal);
      if ((a == TypeKind::Percent && (nb || b == TypeKind::Percent)) || (na && b == TypeKind::Percent))
        return result(TypeKind::Percent);
      if ((a == TypeKind::Money && (nb || b == TypeKind::Percent)) ||
          ((na || a == TypeKind::Percent) && b == TypeKind::Money))
        return result(TypeKind::Money);
      if (a == TypeKind::Money && b == TypeKind::Money) {
        if (divided_ && divided_->lhs.get() == &e)
          return bad(
              fmt::format("`{0} * {1} / {2}` reads `({0} * {1}) / {2}`; to scale money by a share, "
                          "write `{0} * ({1} / {2})`",
                          Written(*e.lhs), Written(*e.rhs), Written(*divided_->rhs)));
        return bad("an amount of money times another has no meaning");
      }
      if (l.is_duration() || r.is_duration())
        return bad("write the duration itself, e.g. `60 days`, or use `days(d)` for a number");
      return bad();
    }
    case BinaryOp::Div: {
      if (na && nb) return result(TypeKind::Decimal);
      if (a == TypeKind::Percent && b == TypeKind::Percent) return result(TypeKind::Decimal);
      if (a == TypeKind::Percent && nb) return result(TypeKind::Percent);
      if (na && b == TypeKind::Percent) return result(TypeKind::Decimal);
      if (a == TypeKind::Money && (nb || b == TypeKind::Percent)) return result(TypeKind::Money);
      if (a == TypeKind::Money && b == TypeKind::Money) return result(TypeKind::Decimal);
      if (l.is_duration() || r.is_duration())
        return bad("use `days(d)` to turn a duration into a number of days");
      return bad();
    }
    case BinaryOp::Pow: {
      if (b != TypeKind::Int) {
        diags_
            .Report(DiagCode::ExponentNotInt, e.rhs->span,
                    fmt::format("an exponent must be a whole number, but this is {}", Describe(b)))
            .Help("write a whole number such as `contract_year - 1`");
        return Type::Error();
      }
      if (a == TypeKind::Int) {
        bool negative = e.rhs->kind == ExprKind::Unary &&
                        static_cast<const ast::UnaryExpr&>(*e.rhs).op == ast::UnaryOp::Neg;
        return result(negative ? TypeKind::Decimal : TypeKind::Int);
      }
      if (a == TypeKind::Decimal || a == TypeKind::Percent || a == TypeKind::Money) return result(a);
      return bad();
    }
    default:
      return bad();
  }
}

Type Checker::InferAgainstEnum(const ast::Expr& e, const Type& enum_type, const ast::Expr& other,
                               Scope& scope) {
  const auto& values = *enum_type.enum_values;
  // A value as it is written in the contract: bare when it is a name, quoted otherwise.
  auto written = [](const std::string& v) {
    bool name = !v.empty() && !std::isdigit(static_cast<unsigned char>(v[0]));
    for (char c : v) name &= std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    return name ? v : "\"" + v + "\"";
  };
  auto check_member = [&](const std::string& v, Span span) {
    if (std::find(values.begin(), values.end(), v) != values.end()) return true;
    std::string hint = Suggest(v, values);
    std::string list;
    for (size_t i = 0; i < values.size(); ++i) list += (i ? ", " : "") + written(values[i]);
    std::string of = other.kind == ExprKind::Name
                         ? fmt::format("`{}`", static_cast<const ast::NameExpr&>(other).name)
                         : std::string("the enumeration it is compared with");
    diags_
        .Report(DiagCode::UnknownEnumValue, span,
                fmt::format("`{}` is not one of the values of {}", written(v), of))
        .Note(fmt::format("the values are: {}", list))
        .Help(hint.empty() ? "compare with one of the listed values"
                           : fmt::format("did you mean `{}`?", written(hint)));
    return false;
  };
  if (e.kind == ExprKind::Text) {
    const auto& t = static_cast<const ast::TextExpr&>(e);
    if (!check_member(t.value, e.span)) return Record(e, Type::Error());
    return Record(e, enum_type.Required());
  }
  if (e.kind == ExprKind::Name) {
    const auto& n = static_cast<const ast::NameExpr&>(e);
    bool is_value = std::find(values.begin(), values.end(), n.name) != values.end();
    bool is_column = ColumnVisible(scope, n.name);
    if (is_value || (!is_column && !program_.globals.count(n.name) && !IsBuiltinValue(n.name))) {
      if (!check_member(n.name, e.span)) return Record(e, Type::Error());
      program_.references[&e] =
          Symbol{SymbolKind::EnumValue, n.name, nullptr, nullptr, nullptr, nullptr, enum_type};
      return Record(e, enum_type.Required());
    }
  }
  return Infer(e, scope);
}

bool Checker::NamesSomething(const std::string& name, const Scope& scope) const {
  if (program_.globals.count(name)) return true;
  if (ColumnVisible(scope, name)) return true;
  if (scope.payment && scope.payment->by && scope.payment->by->text == name) return true;
  if (scope.payment_lets && scope.payment_lets->count(name)) return true;
  if (scope.function)
    for (const ast::Param& p : scope.function->params)
      if (p.name.text == name) return true;
  return false;
}

Type Checker::InferComparison(const ast::BinaryExpr& e, Scope& scope) {
  // A bare name on the left that names nothing may be an enumeration value
  // compared with an enumeration on the right: `physio = pathway`.
  bool lhs_bare =
      e.lhs->kind == ExprKind::Name && !NamesSomething(static_cast<const ast::NameExpr&>(*e.lhs).name, scope);
  Type l, r;
  if (lhs_bare) {
    r = Infer(*e.rhs, scope);
    l = r.kind == TypeKind::Enum ? InferAgainstEnum(*e.lhs, r, *e.rhs, scope) : Infer(*e.lhs, scope);
  } else {
    l = Infer(*e.lhs, scope);
    r = l.kind == TypeKind::Enum ? InferAgainstEnum(*e.rhs, l, *e.lhs, scope) : Infer(*e.rhs, scope);
  }
  if (e.lhs->kind == ExprKind::Binary && ast::IsComparison(static_cast<const ast::BinaryExpr&>(*e.lhs).op))
    return Type::Error();  // a chained comparison, reported by the parser
  if (l.is_error() || r.is_error()) return Type::Error();
  Type result = T(TypeKind::Bool, l.optional || r.optional);
  bool equality = e.op == BinaryOp::Eq || e.op == BinaryOp::Ne;
  auto u = Unify(l, r);
  if ((l.kind == TypeKind::Enum && r.kind == TypeKind::Text) ||
      (l.kind == TypeKind::Text && r.kind == TypeKind::Enum))
    u = l;
  if (!u) {
    Diagnostic& d =
        diags_.Report(DiagCode::Incomparable, e.op_span,
                      fmt::format("`{}` compares values of one kind, but this compares {} with {}",
                                  ast::ToString(e.op), Describe(l.kind), Describe(r.kind)));
    const ast::Expr* number = l.is_numeric() ? e.lhs.get() : r.is_numeric() ? e.rhs.get() : nullptr;
    if ((l.kind == TypeKind::Percent || r.kind == TypeKind::Percent) && number) {
      d.Help(PercentHelp(*number));
    } else if ((l.kind == TypeKind::Money || r.kind == TypeKind::Money) && number) {
      d.Help(IsNumberLiteral(*number)
                 ? fmt::format("write `{}{}` for an amount of money", CurrencySymbol(), Written(*number))
                 : "compare money with money");
    } else if (l.is_duration() && r.is_duration()) {
      // `end - start > 1 month` is `end > start + 1 month`.
      const auto* diff =
          e.lhs->kind == ExprKind::Binary ? static_cast<const ast::BinaryExpr*>(e.lhs.get()) : nullptr;
      auto is_date = [&](const ast::Expr& x) {
        auto t = program_.types.find(&x);
        return t != program_.types.end() && t->second.kind == TypeKind::Date;
      };
      if (diff && diff->op == BinaryOp::Sub && is_date(*diff->lhs) && is_date(*diff->rhs) &&
          r.kind == TypeKind::MonthDuration)
        d.Help(fmt::format("days and months do not compare; compare dates instead: `{} {} {} + {}`",
                           Written(*diff->lhs), ast::ToString(e.op), Written(*diff->rhs), Written(*e.rhs)));
      else
        d.Help(
            "days and months do not compare; compare dates instead: `first_seen_on <= referred_on + 3 "
            "months`");
    } else if ((l.is_duration() || r.is_duration()) && number && IsNumberLiteral(*number)) {
      TypeKind dk = l.is_duration() ? l.kind : r.kind;
      d.Help(fmt::format("write `{} {}` for a duration", Written(*number),
                         dk == TypeKind::MonthDuration ? "months" : "days"));
    } else if ((l.kind == TypeKind::Date && r.is_duration()) ||
               (l.is_duration() && r.kind == TypeKind::Date)) {
      d.Help("compare a date with a date: `first_seen_on <= referred_on + 18 weeks`");
    }
    return Type::Error();
  }
  if (!equality && !Orderable(*u)) {
    diags_
        .Report(DiagCode::BadOperand, e.op_span,
                fmt::format("`{}` needs {}", ast::ToString(e.op), NeedsOrder(u->kind)))
        .Help(u->kind == TypeKind::Enum || u->kind == TypeKind::Text || u->kind == TypeKind::Id
                  ? "compare with `=`, `!=` or `in (a, b)`"
                  : "");
    return Type::Error();
  }
  return result;
}

Type Checker::InferLogical(const ast::BinaryExpr& e, Scope& scope) {
  Type l = Infer(*e.lhs, scope);
  Scope right = scope;
  if (e.op == BinaryOp::And)
    PresentWhenTrue(*e.lhs, right.present);
  else
    PresentWhenFalse(*e.lhs, right.present);
  Type r = Infer(*e.rhs, right);
  bool ok = true;
  for (auto [t, x] : {std::pair{l, e.lhs.get()}, std::pair{r, e.rhs.get()}}) {
    if (!t.is_error() && t.kind != TypeKind::Bool) {
      diags_
          .Report(DiagCode::ConditionNotBool, x->span,
                  fmt::format("`{}` joins conditions, but this is {}", ast::ToString(e.op), Describe(t.kind)))
          .Help("write a comparison, e.g. `age >= 65`");
      ok = false;
    }
  }
  if (!ok || l.is_error() || r.is_error()) return Type::Error();
  return T(TypeKind::Bool, l.optional || r.optional);
}

Type Checker::InferIn(const ast::InExpr& e, Scope& scope) {
  Type t = Infer(*e.operand, scope);
  bool ok = !t.is_error();
  for (const ast::ExprPtr& v : e.values) {
    Type vt = t.kind == TypeKind::Enum ? InferAgainstEnum(*v, t, *e.operand, scope) : Infer(*v, scope);
    if (!ok || vt.is_error()) continue;
    auto u = Unify(t, vt);
    if (!u && !(t.kind == TypeKind::Enum && vt.kind == TypeKind::Text)) {
      diags_
          .Report(DiagCode::Incomparable, v->span,
                  fmt::format("`in` compares with values of one kind, but this is {} and the left side is {}",
                              Describe(vt.kind), Describe(t.kind)))
          .Help(InListHelp(t, *v));
      ok = false;
    }
  }
  return ok ? T(TypeKind::Bool, t.optional) : Type::Error();
}

std::string Checker::InListHelp(const Type& left, const ast::Expr& v) const {
  // A number in quotes, as a spreadsheet's export would have it: `"75"`.
  if (v.kind == ExprKind::Text && (left.is_numeric() || left.kind == TypeKind::Money)) {
    const std::string& text = static_cast<const ast::TextExpr&>(v).value;
    if (Decimal::Parse(text)) {
      return left.kind == TypeKind::Money
                 ? fmt::format("write `{}{}` without the quotes", CurrencySymbol(), text)
                 : fmt::format("write `{}` without the quotes", text);
    }
  }
  // A date in quotes: `"2015-05-01"`.
  if (v.kind == ExprKind::Text && left.kind == TypeKind::Date &&
      Date::ParseIso(static_cast<const ast::TextExpr&>(v).value))
    return fmt::format("write `{}` without the quotes", static_cast<const ast::TextExpr&>(v).value);
  if (IsNumberLiteral(v)) {
    if (left.kind == TypeKind::Percent) return PercentHelp(v);
    if (left.kind == TypeKind::Money)
      return fmt::format("write `{}{}` for an amount of money", CurrencySymbol(), Written(v));
    if (left.is_duration())
      return fmt::format("write `{} {}` for a duration", Written(v),
                         left.kind == TypeKind::MonthDuration ? "months" : "days");
    if (left.kind == TypeKind::Text || left.kind == TypeKind::Id)
      return fmt::format("write `\"{}\"` in quotes for text", Written(v));
  }
  return fmt::format("every value in the list must be {}, as the left side is", Describe(left.kind));
}

void Checker::CheckCondition(const ast::Expr& cond, Scope& scope, bool warn_optional, const char* what) {
  Type t = Infer(cond, scope);
  if (t.is_error()) return;
  if (t.kind != TypeKind::Bool) {
    diags_
        .Report(
            DiagCode::ConditionNotBool, cond.span,
            fmt::format("the condition of {} must be true or false, but this is {}", what, Describe(t.kind)))
        .Help(t.optional && cond.kind == ExprKind::Name
                  ? fmt::format("to count records where it is filled in, write `{} is present`",
                                static_cast<const ast::NameExpr&>(cond).name)
              : t.is_numeric() && cond.kind == ExprKind::Name
                  ? fmt::format("write a comparison, e.g. `{} > 0`",
                                static_cast<const ast::NameExpr&>(cond).name)
                  : "write a comparison, e.g. `age >= 18`");
    return;
  }
  if (!t.optional || !warn_optional) return;
  // Name the optional value that makes the condition possibly missing.
  const ast::Expr* culprit = nullptr;
  std::string name = "a value";
  std::vector<const ast::Expr*> stack = {&cond};
  while (!stack.empty() && !culprit) {
    const ast::Expr* x = stack.back();
    stack.pop_back();
    if (x->kind == ExprKind::Name || x->kind == ExprKind::Qualified) {
      auto it = program_.types.find(x);
      if (it != program_.types.end() && it->second.optional) {
        culprit = x;
        name = x->kind == ExprKind::Name ? static_cast<const ast::NameExpr*>(x)->name : Written(*x);
      }
      continue;
    }
    if (x->kind == ExprKind::IsMissing) continue;
    if (x->kind == ExprKind::Binary) {
      const auto& b = static_cast<const ast::BinaryExpr&>(*x);
      if (b.op == BinaryOp::Otherwise) continue;
      stack.push_back(b.rhs.get());
      stack.push_back(b.lhs.get());
    } else if (x->kind == ExprKind::Unary) {
      stack.push_back(static_cast<const ast::UnaryExpr&>(*x).operand.get());
    } else if (x->kind == ExprKind::In) {
      stack.push_back(static_cast<const ast::InExpr&>(*x).operand.get());
    } else if (x->kind == ExprKind::Call) {
      for (const auto& a : static_cast<const ast::CallExpr&>(*x).args) stack.push_back(a.get());
    } else if (x->kind == ExprKind::AsPercent) {
      stack.push_back(static_cast<const ast::AsPercentExpr&>(*x).operand.get());
    }
  }
  diags_
      .Report(DiagCode::OptionalInCondition, culprit ? culprit->span : cond.span,
              fmt::format("`{}` may be missing, so this condition is missing for some records; "
                          "they count as not meeting it",
                          name))
      .Help(fmt::format(
          "say what you mean: `{} is present and ...` to count them out, or `... otherwise true` to "
          "count them in",
          name));
}

}  // namespace ocf::sema
