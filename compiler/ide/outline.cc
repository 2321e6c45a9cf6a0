// Outline: the document's declarations, with their items as children.
#include <fmt/format.h>

#include "compiler/ide/index.h"

namespace ocf::ide {
namespace {

OutlineItem Item(std::string name, std::string detail, OutlineKind kind, Span span, Span selection) {
  OutlineItem item;
  item.name = name.empty() ? "?" : std::move(name);
  item.detail = std::move(detail);
  item.kind = kind;
  item.span = span;
  // An editor wants the name inside the whole; a span left empty by the
  // parser becomes the start of the whole.
  if (selection.begin < span.begin || selection.end > span.end || selection.file != span.file)
    selection = Span{span.file, span.begin, span.begin};
  item.selection = selection;
  return item;
}

std::string Title(const std::optional<std::string>& t) { return t ? *t : ""; }

void EnumChildren(const ast::TypeExpr& t, OutlineItem& parent) {
  if (t.base != ast::BaseType::Enum || t.named) return;
  for (const ast::Ident& v : t.enum_values)
    parent.children.push_back(Item(v.text, "", OutlineKind::EnumValue, v.span, v.span));
}

std::optional<OutlineItem> OfDecl(const Analysis& a, const ast::Decl& d) {
  const Analysis::Index& ix = a.index();
  auto type_of = [&](const ast::Ident& name) -> std::string {
    auto it = ix.globals.find(name.text);
    return it == ix.globals.end() ? "" : ix.symbols[it->second].type;
  };
  switch (d.kind) {
    case ast::DeclKind::Contract: {
      const auto& c = static_cast<const ast::ContractDecl&>(d);
      return Item(c.title ? *c.title : "contract", "contract", OutlineKind::Contract, d.span,
                  c.title ? c.title_span : d.keyword_span);
    }
    case ast::DeclKind::Import: {
      const auto& i = static_cast<const ast::ImportDecl&>(d);
      return Item(i.path, "import", OutlineKind::Module, d.span, i.path_span);
    }
    case ast::DeclKind::Data: {
      const auto& data = static_cast<const ast::DataDecl&>(d);
      OutlineItem item = Item(data.name.text, Title(data.title), OutlineKind::Data, d.span, data.name.span);
      for (const ast::ColumnDecl& c : data.columns) {
        OutlineItem col = Item(c.name.text, WriteType(c.type) + (c.key ? " key" : ""), OutlineKind::Column,
                               c.span, c.name.span);
        EnumChildren(c.type, col);
        item.children.push_back(std::move(col));
      }
      return item;
    }
    case ast::DeclKind::Population: {
      const auto& p = static_cast<const ast::PopulationDecl&>(d);
      return Item(p.name.text, "of " + p.source.text, OutlineKind::Population, d.span, p.name.span);
    }
    case ast::DeclKind::Let: {
      const auto& l = static_cast<const ast::LetDecl&>(d);
      return Item(l.name.text, type_of(l.name), OutlineKind::Let, d.span, l.name.span);
    }
    case ast::DeclKind::Input: {
      const auto& i = static_cast<const ast::InputDecl&>(d);
      return Item(i.name.text, i.title ? *i.title : WriteType(i.type), OutlineKind::Input, d.span,
                  i.name.span);
    }
    case ast::DeclKind::Function: {
      const auto& f = static_cast<const ast::FunctionDecl&>(d);
      return Item(f.name.text, type_of(f.name), OutlineKind::Function, d.span, f.name.span);
    }
    case ast::DeclKind::Measure: {
      const auto& m = static_cast<const ast::MeasureDecl&>(d);
      std::string detail = m.title ? *m.title : type_of(m.name);
      return Item(m.name.text, detail, OutlineKind::Measure, d.span, m.name.span);
    }
    case ast::DeclKind::Target: {
      const auto& t = static_cast<const ast::TargetDecl&>(d);
      return Item(t.measure.text, "target", OutlineKind::Target, d.span, t.measure.span);
    }
    case ast::DeclKind::Outcome: {
      const auto& o = static_cast<const ast::OutcomeDecl&>(d);
      OutlineItem item = Item(o.name.text, Title(o.title), OutlineKind::Outcome, d.span, o.name.span);
      for (const ast::OutcomeMeasure& m : o.measures)
        item.children.push_back(Item(m.measure.text, "", OutlineKind::Measure, m.span, m.measure.span));
      return item;
    }
    case ast::DeclKind::Payment: {
      const auto& p = static_cast<const ast::PaymentDecl&>(d);
      std::string name = "payment " + p.frequency_word.text;
      if (p.by) name += " by " + p.by->text;
      OutlineItem item = Item(name, "", OutlineKind::Payment, d.span, p.frequency_word.span);
      for (const ast::PaymentItem& i : p.items) {
        if (i.is_let) {
          item.children.push_back(Item(i.name.text, "let", OutlineKind::Let, i.span, i.name.span));
        } else {
          item.children.push_back(
              Item(i.name.text, i.shadow ? "shadow pay" : "pay", OutlineKind::PayLine, i.span, i.name.span));
        }
      }
      return item;
    }
    case ast::DeclKind::Test: {
      const auto& t = static_cast<const ast::TestDecl&>(d);
      return Item(t.name, "test", OutlineKind::Test, d.span, t.name_span);
    }
    case ast::DeclKind::Type: {
      const auto& t = static_cast<const ast::TypeDecl&>(d);
      OutlineItem item = Item(t.name.text, WriteType(t.type), OutlineKind::Type, d.span, t.name.span);
      EnumChildren(t.type, item);
      return item;
    }
    case ast::DeclKind::Gate: {
      const auto& g = static_cast<const ast::GateDecl&>(d);
      return Item(g.name.text, Title(g.title), OutlineKind::Gate, d.span, g.name.span);
    }
  }
  return std::nullopt;
}

}  // namespace

std::vector<OutlineItem> Outline(const Analysis& a) {
  std::vector<OutlineItem> out;
  const driver::Compilation& c = a.compilation();
  if (c.files.empty() || !c.files[0]) return out;
  for (const ast::DeclPtr& d : c.files[0]->decls)
    if (d)
      if (std::optional<OutlineItem> item = OfDecl(a, *d)) out.push_back(std::move(*item));
  return out;
}

}  // namespace ocf::ide
