// Linked records (LANGUAGE.md §6): `exists U [as ALIAS] on K where C`,
// `count U [as ALIAS] on K where C`, and `T.column`.
//
// Inside C two records are in view: T's (the row the enclosing aggregate,
// population reads) and U's. A column only one of them has may be written
// bare; one both have must be qualified, `T.column` with T's name as the
// aggregate writes it, `U.column` with U's alias (or its name when it has
// none). Each column reference is recorded with its table and whether it is
// read from the linked record, for lowering.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {
namespace {

bool KeyKind(TypeKind k) {
  return k == TypeKind::Text || k == TypeKind::Id || k == TypeKind::Enum || k == TypeKind::Int ||
         k == TypeKind::Date;
}

std::vector<std::string> ColumnNames(const ast::DataDecl& data) {
  std::vector<std::string> out;
  for (const ast::ColumnDecl& c : data.columns) out.push_back(c.name.text);
  return out;
}

}  // namespace

bool Checker::ColumnVisible(const Scope& scope, const std::string& name) const {
  return (scope.row_table && FindColumn(*scope.row_table, name)) ||
         (scope.link && FindColumn(*scope.link->table, name));
}

std::optional<Type> Checker::InferLinkedName(const ast::NameExpr& e, Scope& scope) {
  const LinkScope& link = *scope.link;
  const ast::ColumnDecl* outer = scope.row_table ? FindColumn(*scope.row_table, e.name) : nullptr;
  const ast::ColumnDecl* linked = FindColumn(*link.table, e.name);
  if (!outer && !linked) return std::nullopt;
  if (outer && linked) {
    diags_
        .Report(DiagCode::AmbiguousColumn, e.span,
                fmt::format("both `{}` and `{}` have a column `{}`: say whose", scope.row_name, link.name,
                            e.name))
        .Help(fmt::format("write `{}.{}` for the record being counted, or `{}.{}` for the linked one",
                          scope.row_name, e.name, link.name, e.name));
    return Type::Error();
  }
  const ast::ColumnDecl* c = outer ? outer : linked;
  Type t = TypeFromAst(c->type);
  Symbol sym{SymbolKind::Column, e.name, nullptr, c, nullptr, nullptr, t};
  sym.table = outer ? scope.row_table : link.table;
  sym.linked = !outer;
  program_.references[&e] = sym;
  return t;
}

Type Checker::InferQualified(const ast::QualifiedExpr& e, Scope& scope) {
  const std::string& q = e.qualifier.text;
  const std::string& n = e.column.text;
  if (!scope.row_table) {
    diags_
        .Report(DiagCode::ColumnOutsideAggregate, e.span,
                fmt::format("`{}.{}` names a column, and there is no single record here", q, n))
        .Help("columns can be used in aggregates, populations and check rules");
    return Type::Error();
  }
  const ast::DataDecl* table = nullptr;
  bool linked = false;
  if (scope.link && q == scope.link->name) {
    table = scope.link->table;
    linked = true;
  } else if (q == scope.row_name) {
    table = scope.row_table;
  }
  if (!table) {
    std::vector<std::string> names = {scope.row_name};
    if (scope.link) names.push_back(scope.link->name);
    std::string hint = Suggest(q, names);
    std::string whose = scope.link ? fmt::format("`{}` (the record counted) or `{}` (the linked one)",
                                                 scope.row_name, scope.link->name)
                                   : fmt::format("`{}`", scope.row_name);
    diags_
        .Report(DiagCode::UnknownName, e.qualifier.span,
                fmt::format("`{}` is not a table in view here: columns are qualified with {}", q, whose))
        .Help(hint.empty() ? fmt::format("write `{}.{}`", scope.row_name, n)
                           : fmt::format("did you mean `{}.{}`?", hint, n));
    return Type::Error();
  }
  const ast::ColumnDecl* c = FindColumn(*table, n);
  if (!c) {
    std::string hint = Suggest(n, ColumnNames(*table));
    diags_
        .Report(DiagCode::UnknownName, e.column.span,
                fmt::format("`{}` has no column `{}`", table->name.text, n))
        .Help(hint.empty()
                  ? fmt::format("the columns of `{}` are declared in its `data` block", table->name.text)
                  : fmt::format("did you mean `{}.{}`?", q, hint));
    return Type::Error();
  }
  Type t = TypeFromAst(c->type);
  Symbol sym{SymbolKind::Column, n, nullptr, c, nullptr, nullptr, t};
  sym.table = table;
  sym.linked = linked;
  program_.references[&e] = sym;
  return scope.present.count(q + "." + n) ? t.Required() : t;
}

Type Checker::InferLink(const ast::LinkExpr& e, Scope& scope) {
  const char* what = e.count ? "count ... on" : "exists";
  const std::string op = e.count ? "count" : "exists";
  if (!scope.row_table) {
    diags_
        .Report(DiagCode::BadLink, e.op_span,
                fmt::format("`{} {} on ...` needs a record to link from, and there is none here", op,
                            e.source.text))
        .Help(fmt::format(
            "use it in an aggregate's condition, e.g. `percent of T where {} {} on KEY where ...`", op,
            e.source.text));
    return Type::Error();
  }
  if (scope.link) {
    diags_
        .Report(DiagCode::BadLink, e.op_span,
                fmt::format("`{}` cannot be used inside another link's condition", what))
        .Help("link from a population instead: `population P = U where exists ...`, then link to P");
    return Type::Error();
  }
  if (scope.place == Place::Check) {
    diags_.Report(DiagCode::BadLink, e.op_span, fmt::format("`{}` cannot be used in a check rule", what))
        .Help(
            "a check rule is applied to each file as it is read, before the others; count such rows "
            "in a measure instead");
    return Type::Error();
  }
  const ast::DataDecl* table = ResolveSource(e.source, fmt::format("`{}`", what).c_str());
  if (!table) return Type::Error();
  // A population as U brings its condition into the link's: it must hold
  // no link of its own.
  std::string source = e.source.text;
  for (int depth = 0; depth < 64; ++depth) {
    auto it = program_.globals.find(source);
    if (it == program_.globals.end() || it->second.kind != SymbolKind::Population) break;
    const auto* pop = static_cast<const ast::PopulationDecl*>(it->second.decl);
    if (linking_populations_.count(pop)) {
      diags_
          .Report(DiagCode::BadLink, e.source.span,
                  fmt::format("population `{}` links to other records itself, so it cannot be linked to",
                              pop->name.text))
          .Note(pop->name.span, "declared here")
          .Help("a link inside a link's condition is not allowed: link to the dataset it is drawn from");
      return Type::Error();
    }
    source = pop->source.text;
  }
  LinkScope link;
  link.table = table;
  link.name = e.alias ? e.alias->text : e.source.text;
  if (link.name == scope.row_name) {
    Span where = e.alias ? e.alias->span : e.source.span;
    diags_
        .Report(DiagCode::BadLink, where,
                e.alias ? fmt::format("the alias `{}` is the name of the record being counted", link.name)
                        : fmt::format("`{}` links to itself: give the linked records an alias", link.name))
        .Help(fmt::format("write `{} {} as other on {} ...` and `other.COLUMN` for the linked record", op,
                          e.source.text, e.key.text));
    return Type::Error();
  }
  if (current_population_) linking_populations_.insert(current_population_);

  // The keys: K1 of T, K2 (or K) of U, of one type a key can have.
  const ast::Ident& k1 = e.key;
  const ast::Ident& k2 = e.other_key ? *e.other_key : e.key;
  const ast::ColumnDecl* c1 = FindColumn(*scope.row_table, k1.text);
  const ast::ColumnDecl* c2 = FindColumn(*table, k2.text);
  auto missing_key = [&](const ast::Ident& key, const ast::DataDecl& in, const std::string& name) {
    std::string hint = Suggest(key.text, ColumnNames(in));
    diags_
        .Report(
            DiagCode::LinkKey, key.span,
            fmt::format("`{}` is not a column of `{}`, so records cannot be linked on it", key.text, name))
        .Help(hint.empty() ? "link on a column both tables have, or write `on K1 = K2` when the names differ "
                             "(K1 the counted record's, K2 the linked one's)"
                           : fmt::format("did you mean `{}`?", hint));
  };
  if (!c1) {
    missing_key(k1, *scope.row_table, scope.row_name);
    return Type::Error();
  }
  if (!c2) {
    missing_key(k2, *table, e.source.text);
    return Type::Error();
  }
  Type t1 = TypeFromAst(c1->type), t2 = TypeFromAst(c2->type);
  if (t1.is_error() || t2.is_error()) return Type::Error();
  if (!KeyKind(t1.kind) || !KeyKind(t2.kind)) {
    const ast::Ident& bad = KeyKind(t1.kind) ? k2 : k1;
    diags_
        .Report(DiagCode::LinkKey, bad.span,
                fmt::format("`{}` is {}, which cannot be a link's key", bad.text,
                            Describe(KeyKind(t1.kind) ? t2.kind : t1.kind)))
        .Help("link on text, an id, an enumeration, a whole number or a date, e.g. `on nhs_number`");
    return Type::Error();
  }
  if (!SameKind(t1, t2)) {
    diags_
        .Report(DiagCode::LinkKey, k2.span,
                fmt::format("the keys differ: `{}.{}` is {} but `{}.{}` is {}", scope.row_name, k1.text,
                            t1.Required().ToString(), e.source.text, k2.text, t2.Required().ToString()))
        .Help("link on columns of one type");
    return Type::Error();
  }

  Type result = T(e.count ? TypeKind::Int : TypeKind::Bool);
  if (!e.condition) return result;
  Scope inner = scope;
  inner.link = &link;
  CheckCondition(*e.condition, inner, true, fmt::format("`{}`", what).c_str());
  return result;
}

}  // namespace ocf::sema
