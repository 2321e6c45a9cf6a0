// Hover, definition, references and rename: answered from the index.
#include <algorithm>

#include <fmt/format.h>

#include "compiler/ide/index.h"
#include "compiler/ide/text.h"

namespace ocf::ide {
namespace {

const char* KindWord(SymKind k) {
  switch (k) {
    case SymKind::Dataset:
      return "data";
    case SymKind::Population:
      return "population";
    case SymKind::Let:
      return "let";
    case SymKind::Input:
      return "input";
    case SymKind::Function:
      return "function";
    case SymKind::Measure:
      return "measure";
    case SymKind::Outcome:
      return "outcome";
    case SymKind::Gate:
      return "gate";
    case SymKind::Type:
      return "type";
    case SymKind::Column:
      return "column";
    case SymKind::Param:
      return "parameter";
    case SymKind::PaymentLet:
      return "let";
    case SymKind::Group:
      return "group";
    case SymKind::EnumValue:
      return "value";
    case SymKind::PayLine:
      return "payment line";
    case SymKind::Alias:
      return "alias";
    case SymKind::Builtin:
      return "built-in";
  }
  return "";
}

std::string BuiltinDoc(const std::string& n) {
  if (n == "contract_year") return "`contract_year`: the contract year of the period, 1 for the first (int)";
  if (n == "period_start") return "`period_start`: the first day of the period (date)";
  if (n == "period_end") return "`period_end`: the last day of the period (date)";
  if (n == "period_days") return "`period_days`: the number of days in the period (int)";
  if (n == "window_days") return "`window_days`: the number of days in the measure's window (int)";
  if (n == "min" || n == "max")
    return fmt::format("`{}(a, b)`: the {} of two values of one kind", n, n == "min" ? "smaller" : "larger");
  if (n == "clamp") return "`clamp(x, low, high)`: `x` kept between `low` and `high`";
  if (n == "abs") return "`abs(x)`: `x` without its sign";
  if (n == "round") return "`round(x, places)`: `x` rounded to `places` decimal places, half away from zero";
  if (n == "days") return "`days(duration)`: a duration in days as a whole number";
  if (n == "year" || n == "month" || n == "day")
    return fmt::format("`{}(date)`: the {} of a date (int)", n, n);
  return "`" + n + "`";
}

// The line the declaration starts on, as written (up to 200 characters).
std::string FirstLine(const SourceFile& src, Span span) {
  LineCol lc = src.Locate(span.begin);
  std::string line(src.LineText(lc.line));
  // Trim a trailing comment and white space.
  size_t comment = line.find("//");
  if (comment != std::string::npos && line.find('"') == std::string::npos) line.erase(comment);
  while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) line.pop_back();
  size_t start = line.find_first_not_of(" \t");
  if (start != std::string::npos) line.erase(0, start);
  if (line.size() > 200) line = line.substr(0, 200) + "...";
  return line;
}

// A doc comment as markdown: its lines kept as written.
std::string AsMarkdown(const std::string& doc) {
  std::string out;
  for (char ch : doc) out += ch == '\n' ? std::string("  \n") : std::string(1, ch);
  return out;
}

}  // namespace

std::string DescribeSymbol(const Analysis& a, uint32_t id) {
  const Analysis::Index& ix = a.index();
  const IndexSymbol& s = ix.symbols[id];
  const driver::Compilation& c = a.compilation();
  std::string md;
  if (s.kind == SymKind::Builtin) return BuiltinDoc(s.name) + "\n\n*built in*";
  auto code = [&](const std::string& line) { md += "```ocf\n" + line + "\n```\n"; };
  const SourceFile* src = s.def && s.def->file < c.sources.size() ? &c.sources.Get(s.def->file) : nullptr;
  std::string where;
  if (s.def && s.def->file != 0) where = fmt::format("\n\nfrom `{}`", a.path_of(s.def->file));
  switch (s.kind) {
    case SymKind::Column: {
      code(fmt::format("{} : {}{}", s.name, s.type, s.column && s.column->key ? " key" : ""));
      md += fmt::format("\ncolumn of `{}`", s.table ? s.table->name.text : "?");
      if (s.table && s.table->title) md += fmt::format(" ({})", *s.table->title);
      if (s.table && s.table->dated_by && s.table->dated_by->text == s.name)
        md += ", the date it is dated by";
      if (src && s.column) {
        std::string doc = DocCommentAbove(*src, s.column->span.begin);
        if (doc.empty()) doc = TrailingComment(*src, s.column->span);
        if (!doc.empty()) md += "\n\n" + AsMarkdown(doc);
      }
      return md + where;
    }
    case SymKind::Param:
      code(fmt::format("{} : {}", s.name, s.type));
      if (s.decl)
        md += fmt::format("\nparameter of `{}`", ast::NameOf(*s.decl) ? ast::NameOf(*s.decl)->text : "?");
      return md + where;
    case SymKind::EnumValue: {
      code(s.name);
      md += "\nvalue of `" + s.type + "`";
      if (s.decl && s.decl->kind == ast::DeclKind::Type)
        md += fmt::format(" (type `{}`)", ast::NameOf(*s.decl)->text);
      return md + where;
    }
    case SymKind::PaymentLet:
      code(fmt::format("let {}", s.name));
      if (!s.type.empty()) md += "\n**type** `" + s.type + "`";
      md += "\n\nin a payment block";
      return md + where;
    case SymKind::Group:
      code(fmt::format("by {}", s.name));
      md += "\nthe group each payment of this block is worked out for";
      return md + where;
    case SymKind::PayLine:
      code(fmt::format("pay \"{}\"", s.name));
      md += "\npayment line";
      return md + where;
    case SymKind::Alias:
      code(fmt::format("as {}", s.name));
      if (s.table) md += fmt::format("\nthe linked record of `{}`", s.table->name.text);
      return md + where;
    default:
      break;
  }
  if (!s.decl || !src) return md;
  code(FirstLine(*src, s.decl->span));
  if (!s.type.empty() && s.kind != SymKind::Dataset && s.kind != SymKind::Outcome) {
    md += fmt::format("\n**{}** `{}`", s.kind == SymKind::Function ? "signature" : "type", s.type);
    // The unit of an amount: the contract's currency.
    if (s.kind != SymKind::Function && s.type.rfind("money", 0) == 0 && c.program)
      md += fmt::format(" ({})", c.program->contract.currency);
  }
  std::optional<std::string> title;
  switch (s.decl->kind) {
    case ast::DeclKind::Measure:
      title = static_cast<const ast::MeasureDecl*>(s.decl)->title;
      break;
    case ast::DeclKind::Data:
      title = static_cast<const ast::DataDecl*>(s.decl)->title;
      break;
    case ast::DeclKind::Input:
      title = static_cast<const ast::InputDecl*>(s.decl)->title;
      break;
    case ast::DeclKind::Outcome:
      title = static_cast<const ast::OutcomeDecl*>(s.decl)->title;
      break;
    case ast::DeclKind::Gate:
      title = static_cast<const ast::GateDecl*>(s.decl)->title;
      break;
    default:
      break;
  }
  if (title) md += "\n\n*" + *title + "*";
  std::string doc = DocCommentAbove(*src, s.decl->span.begin);
  if (doc.empty()) doc = TrailingComment(*src, s.decl->span);
  if (!doc.empty()) md += "\n\n" + AsMarkdown(doc);
  return md + where;
}

std::optional<Hover> HoverAt(const Analysis& a, uint32_t offset) {
  const Analysis::Index& ix = a.index();
  if (const Occurrence* o = ix.At(0, offset)) {
    if (o->symbol >= ix.symbols.size()) return std::nullopt;
    return Hover{o->span, DescribeSymbol(a, o->symbol)};
  }
  if (const ImportLink* link = ix.ImportAt(0, offset)) {
    std::string md = "```ocf\nimport \"" + link->decl->path + "\"\n```\n";
    if (link->target != kNoSymbol) {
      md += "\n`" + a.path_of(link->target) + "`";
      const SourceFile& src = a.compilation().sources.Get(link->target);
      std::string doc = DocCommentAbove(src, 0, /*file_header=*/true);
      if (!doc.empty()) md += "\n\n" + AsMarkdown(doc);
    } else {
      md += "\nnot found";
    }
    return Hover{link->decl->path_span, md};
  }
  return std::nullopt;
}

std::vector<Location> DefinitionAt(const Analysis& a, uint32_t offset) {
  const Analysis::Index& ix = a.index();
  if (const Occurrence* o = ix.At(0, offset)) {
    if (o->symbol < ix.symbols.size() && ix.symbols[o->symbol].def)
      return {Location{*ix.symbols[o->symbol].def}};
    return {};
  }
  if (const ImportLink* link = ix.ImportAt(0, offset))
    if (link->target != kNoSymbol) return {Location{Span{link->target, 0, 0}}};
  return {};
}

std::vector<Location> ReferencesAt(const Analysis& a, uint32_t offset, bool include_declaration) {
  const Analysis::Index& ix = a.index();
  const Occurrence* o = ix.At(0, offset);
  if (!o || o->symbol >= ix.symbols.size()) return {};
  std::vector<Location> out;
  for (const Occurrence& r : ix.Of(o->symbol))
    if (include_declaration || !r.definition) out.push_back(Location{r.span});
  return out;
}

namespace {

bool Renameable(const Analysis::Index& ix, const IndexSymbol& s) {
  if (s.kind == SymKind::Builtin || s.kind == SymKind::PayLine || !s.def) return false;
  return true;
}

bool IsIdentifier(const std::string& n) {
  if (n.empty() || !(std::isalpha(static_cast<unsigned char>(n[0])) || n[0] == '_')) return false;
  return std::all_of(n.begin(), n.end(),
                     [](char ch) { return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_'; });
}

// Another name in the same scope as `s` already called `name`.
std::string Clash(const Analysis::Index& ix, uint32_t id, const std::string& name) {
  const IndexSymbol& s = ix.symbols[id];
  switch (s.kind) {
    case SymKind::Column:
      if (s.table)
        for (const ast::ColumnDecl& c : s.table->columns)
          if (c.name.text == name)
            return fmt::format("`{}` already has a column `{}`", s.table->name.text, name);
      return "";
    case SymKind::Param:
      if (s.decl)
        for (const ast::Param& p : static_cast<const ast::FunctionDecl*>(s.decl)->params)
          if (p.name.text == name) return fmt::format("the function already has a parameter `{}`", name);
      return "";
    case SymKind::EnumValue:
      if (s.enum_type)
        for (const ast::Ident& v : s.enum_type->enum_values)
          if (v.text == name) return fmt::format("`{}` is already one of the values", name);
      return "";
    case SymKind::PaymentLet:
      if (s.decl)
        for (const ast::PaymentItem& i : static_cast<const ast::PaymentDecl*>(s.decl)->items)
          if (i.is_let && i.name.text == name) return fmt::format("the block already has a `let {}`", name);
      break;
    default:
      break;
  }
  auto it = ix.globals.find(name);
  if (it != ix.globals.end() && it->second != id)
    return fmt::format("`{}` is already the name of a {}", name, KindWord(ix.symbols[it->second].kind));
  return "";
}

}  // namespace

std::optional<Span> PrepareRename(const Analysis& a, uint32_t offset) {
  const Analysis::Index& ix = a.index();
  const Occurrence* o = ix.At(0, offset);
  if (!o || o->symbol >= ix.symbols.size()) return std::nullopt;
  const IndexSymbol& s = ix.symbols[o->symbol];
  if (!Renameable(ix, s)) return std::nullopt;
  if (s.def->file < ix.in_stdlib.size() && ix.in_stdlib[s.def->file]) return std::nullopt;
  return o->span;
}

RenameResult Rename(const Analysis& a, uint32_t offset, const std::string& new_name) {
  RenameResult result;
  const Analysis::Index& ix = a.index();
  const Occurrence* o = ix.At(0, offset);
  if (!o || o->symbol >= ix.symbols.size() || !Renameable(ix, ix.symbols[o->symbol])) {
    result.error = "there is no name here that can be renamed";
    return result;
  }
  const IndexSymbol& s = ix.symbols[o->symbol];
  if (s.def->file < ix.in_stdlib.size() && ix.in_stdlib[s.def->file]) {
    result.error = fmt::format("`{}` is defined in the standard library ({}) and cannot be renamed here",
                               s.name, a.path_of(s.def->file));
    return result;
  }
  if (!IsIdentifier(new_name)) {
    result.error = fmt::format(
        "`{}` is not a valid name: a name is letters, digits and `_`, not starting with a digit", new_name);
    return result;
  }
  if (IsHardKeyword(new_name)) {
    result.error = fmt::format("`{}` is a keyword and cannot be a name", new_name);
    return result;
  }
  if (new_name == s.name) return result;
  if (std::string clash = Clash(ix, o->symbol, new_name); !clash.empty()) {
    result.error = clash;
    return result;
  }
  for (const Occurrence& r : ix.Of(o->symbol)) {
    if (r.span.file < ix.in_stdlib.size() && ix.in_stdlib[r.span.file]) {
      result.error = fmt::format("`{}` is used in the standard library ({}), which cannot be changed", s.name,
                                 a.path_of(r.span.file));
      result.edits.clear();
      return result;
    }
    std::string_view written = a.compilation().sources.Get(r.span.file).Slice(r.span);
    bool quoted = !written.empty() && written.front() == '"';
    result.edits.push_back(TextEdit{r.span, quoted ? "\"" + new_name + "\"" : new_name});
  }
  return result;
}

}  // namespace ocf::ide
