// Named types (LANGUAGE.md §6): `type NAME = one of (a, b, "c d")` declares
// an enumeration once, for columns of several tables. The parser has already
// given every use of a declared name its values (ResolveNamedTypes in
// compiler/parse/structure_builder.cc); here the declarations are checked and
// a type name nothing declares is reported.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

void Checker::CheckEnumValues(const ast::TypeExpr& type) {
  if (type.base != ast::BaseType::Enum || type.named) return;
  std::map<std::string, Span> values;
  for (const ast::Ident& v : type.enum_values) {
    auto [it, fresh] = values.emplace(v.text, v.span);
    if (!fresh) {
      diags_.Report(DiagCode::DuplicateEnumValue, v.span, fmt::format("`{}` is listed twice", v.text))
          .Note(it->second, "first listed here");
    }
  }
}

void Checker::CheckTypeDecl(const ast::TypeDecl& decl) {
  if (decl.type.base == ast::BaseType::Enum && !decl.type.named) {
    if (decl.type.optional) {
      diags_
          .Report(DiagCode::NotAnEnumType, decl.type.span,
                  fmt::format("type `{}` cannot be optional itself", decl.name.text))
          .Help(fmt::format("declare it without `?`, and write `{}?` on the columns that may be empty",
                            decl.name.text));
    }
    CheckEnumValues(decl.type);
    return;
  }
  diags_
      .Report(DiagCode::NotAnEnumType, decl.type.span,
              fmt::format("type `{}` must be an enumeration", decl.name.text))
      .Help(
          "a `type` declaration names a set of values: `type member = one of (acute, community, "
          "\"mental health\")`");
}

void Checker::ReportUnknownTypes(const ast::File& file) {
  auto report = [&](const ast::TypeExpr& t) {
    if (!t.named || t.base == ast::BaseType::Enum) return;
    auto declared = program_.globals.find(t.named->text);
    if (declared != program_.globals.end() && declared->second.kind == SymbolKind::Type)
      return;  // reported there
    std::vector<std::string> types;
    for (const auto& [name, sym] : program_.globals)
      if (sym.kind == SymbolKind::Type) types.push_back(name);
    std::string near = Suggest(t.named->text, types);
    if (near.empty()) near = t.did_you_mean;
    std::string all =
        "the types are `int`, `decimal`, `percent`, `money`, `bool`, `date`, `duration`, `text`, `id`, "
        "`one of (a, b, ...)` and the names of `type` declarations";
    diags_
        .Report(DiagCode::UnknownType, t.named->span,
                fmt::format("unknown type `{}`",
                            t.named->text.size() > 24 ? t.named->text.substr(0, 24) + "…" : t.named->text))
        .Help(near.empty() ? all : fmt::format("did you mean `{}`? {}", near, all));
  };
  for (const ast::DeclPtr& d : file.decls) {
    switch (d->kind) {
      case ast::DeclKind::Data:
        for (const ast::ColumnDecl& c : static_cast<const ast::DataDecl&>(*d).columns) report(c.type);
        break;
      case ast::DeclKind::Input:
        report(static_cast<const ast::InputDecl&>(*d).type);
        break;
      case ast::DeclKind::Function: {
        const auto& f = static_cast<const ast::FunctionDecl&>(*d);
        for (const ast::Param& p : f.params) report(p.type);
        if (f.result) report(*f.result);
        break;
      }
      case ast::DeclKind::Measure: {
        const auto& m = static_cast<const ast::MeasureDecl&>(*d);
        if (m.declared_type) report(*m.declared_type);
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace ocf::sema
