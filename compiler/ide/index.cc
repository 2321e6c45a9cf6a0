// Building the index (index.h): one pass that declares every name, one that
// records every place a name is written.
#include "compiler/ide/index.h"

#include <algorithm>
#include <filesystem>
#include <set>
#include <unordered_map>

#include <fmt/format.h>

namespace ocf::ide {

namespace fs = std::filesystem;

namespace {

SymKind KindOf(ast::DeclKind k) {
  switch (k) {
    case ast::DeclKind::Data:
      return SymKind::Dataset;
    case ast::DeclKind::Population:
      return SymKind::Population;
    case ast::DeclKind::Let:
      return SymKind::Let;
    case ast::DeclKind::Input:
      return SymKind::Input;
    case ast::DeclKind::Function:
      return SymKind::Function;
    case ast::DeclKind::Measure:
      return SymKind::Measure;
    case ast::DeclKind::Outcome:
      return SymKind::Outcome;
    case ast::DeclKind::Gate:
      return SymKind::Gate;
    default:
      return SymKind::Type;
  }
}

bool IsBuiltinValueName(const std::string& n) {
  return n == "contract_year" || n == "period_start" || n == "period_end" || n == "period_days" ||
         n == "window_days";
}
bool IsBuiltinFunctionName(const std::string& n) {
  static const std::set<std::string> kNames = {"min",  "max",  "clamp", "abs", "round",
                                               "days", "year", "month", "day"};
  return kNames.count(n) > 0;
}

// Where the expression walk is: which names are in view.
struct Ctx {
  const ast::Decl* decl = nullptr;
  const ast::DataDecl* row = nullptr;  // columns in view
  std::string row_name;
  const ast::DataDecl* link = nullptr;  // a link's table, inside its condition
  std::string link_name;
  uint32_t alias = kNoSymbol;
  const ast::FunctionDecl* function = nullptr;
  const ast::PaymentDecl* payment = nullptr;
};

class Indexer {
 public:
  Indexer(const driver::Compilation& c, Analysis::Index& ix) : c_(c), ix_(ix) {
    if (c.program) program_ = c.program.get();
  }

  void Run() {
    for (size_t f = 0; f < c_.files.size(); ++f)
      if (c_.files[f])
        for (const ast::DeclPtr& d : c_.files[f]->decls)
          if (d) Declare(*d);
    for (size_t f = 0; f < c_.files.size(); ++f)
      if (c_.files[f])
        for (const ast::DeclPtr& d : c_.files[f]->decls)
          if (d) Walk(*d, static_cast<uint32_t>(f));
    std::vector<Occurrence>& occ = ix_.occurrences;
    std::sort(occ.begin(), occ.end(), [](const Occurrence& a, const Occurrence& b) {
      if (a.span.file != b.span.file) return a.span.file < b.span.file;
      if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
      if (a.span.end != b.span.end) return a.span.end < b.span.end;
      return a.definition > b.definition;
    });
    occ.erase(std::unique(occ.begin(), occ.end(),
                          [](const Occurrence& a, const Occurrence& b) {
                            return a.span.file == b.span.file && a.span.begin == b.span.begin &&
                                   a.span.end == b.span.end;
                          }),
              occ.end());
  }

 private:
  uint32_t Add(IndexSymbol s) {
    ix_.symbols.push_back(std::move(s));
    uint32_t id = static_cast<uint32_t>(ix_.symbols.size() - 1);
    if (ix_.symbols.back().def) Record(*ix_.symbols.back().def, id, true);
    return id;
  }
  void Record(Span span, uint32_t sym, bool def = false) {
    if (sym == kNoSymbol || span.end < span.begin) return;
    ix_.occurrences.push_back(Occurrence{span, sym, def});
  }

  std::string TypeOfExpr(const ast::Expr* e) const {
    if (!e || !program_) return "";
    auto it = program_->types.find(e);
    return it == program_->types.end() || it->second.is_error() ? "" : it->second.ToString();
  }

  // ---------------------------------------------------------- declarations
  void Declare(const ast::Decl& d) {
    const ast::Ident* name = ast::NameOf(d);
    if (name && !name->text.empty()) {
      IndexSymbol s;
      s.kind = KindOf(d.kind);
      s.name = name->text;
      s.def = name->span;
      s.decl = &d;
      s.type = DeclType(d);
      uint32_t id = Add(std::move(s));
      by_node_[&d] = id;
      ix_.globals.emplace(name->text, id);  // the first declaration of a name wins, as in the checker
    }
    switch (d.kind) {
      case ast::DeclKind::Data: {
        const auto& data = static_cast<const ast::DataDecl&>(d);
        for (const ast::ColumnDecl& col : data.columns) {
          IndexSymbol s;
          s.kind = SymKind::Column;
          s.name = col.name.text;
          s.def = col.name.span;
          s.decl = &d;
          s.table = &data;
          s.column = &col;
          s.type = WriteType(col.type);
          by_node_[&col] = Add(std::move(s));
          DeclareEnum(col.type, &d);
        }
        break;
      }
      case ast::DeclKind::Input:
        DeclareEnum(static_cast<const ast::InputDecl&>(d).type, &d);
        break;
      case ast::DeclKind::Type:
        DeclareEnum(static_cast<const ast::TypeDecl&>(d).type, &d);
        break;
      case ast::DeclKind::Function: {
        const auto& fn = static_cast<const ast::FunctionDecl&>(d);
        for (const ast::Param& p : fn.params) {
          IndexSymbol s;
          s.kind = SymKind::Param;
          s.name = p.name.text;
          s.def = p.name.span;
          s.decl = &d;
          s.param = &p;
          s.type = WriteType(p.type);
          by_node_[&p] = Add(std::move(s));
          DeclareEnum(p.type, &d);
        }
        break;
      }
      case ast::DeclKind::Payment: {
        const auto& pay = static_cast<const ast::PaymentDecl&>(d);
        if (pay.by) {
          IndexSymbol s;
          s.kind = SymKind::Group;
          s.name = pay.by->text;
          s.def = pay.by->span;
          s.decl = &d;
          by_node_[&pay.by.value()] = Add(std::move(s));
        }
        for (const ast::PaymentItem& item : pay.items) {
          IndexSymbol s;
          s.name = item.name.text;
          s.decl = &d;
          s.item = &item;
          if (item.is_let) {
            s.kind = SymKind::PaymentLet;
            s.def = item.name.span;
            s.type = TypeOfExpr(item.value.get());
            by_node_[&item] = Add(std::move(s));
          } else {
            s.kind = SymKind::PayLine;
            auto it = paylines_.find(item.name.text);
            if (it != paylines_.end()) {  // the same line in another block: one line
              Record(item.name.span, it->second, true);
            } else {
              s.def = item.name.span;
              s.type = "payment line";
              paylines_[item.name.text] = Add(std::move(s));
            }
          }
        }
        break;
      }
      default:
        break;
    }
  }

  void DeclareEnum(const ast::TypeExpr& t, const ast::Decl* decl) {
    if (t.base != ast::BaseType::Enum || t.named) return;  // a named type's values are its declaration's
    for (const ast::Ident& v : t.enum_values) {
      auto key = std::make_pair(&t, v.text);
      if (enum_syms_.count(key)) continue;
      IndexSymbol s;
      s.kind = SymKind::EnumValue;
      s.name = v.text;
      s.def = v.span;
      s.decl = decl;
      s.enum_type = &t;
      s.type = WriteType(t);
      enum_syms_[key] = Add(std::move(s));
    }
  }

  std::string DeclType(const ast::Decl& d) const {
    switch (d.kind) {
      case ast::DeclKind::Measure: {
        const auto& m = static_cast<const ast::MeasureDecl&>(d);
        std::string t = TypeOfExpr(m.value.get());
        if (t.empty() && m.declared_type) t = WriteType(*m.declared_type);
        return t;
      }
      case ast::DeclKind::Let:
        return TypeOfExpr(static_cast<const ast::LetDecl&>(d).value.get());
      case ast::DeclKind::Input:
        return WriteType(static_cast<const ast::InputDecl&>(d).type);
      case ast::DeclKind::Type:
        return WriteType(static_cast<const ast::TypeDecl&>(d).type);
      case ast::DeclKind::Gate:
        return "bool";
      case ast::DeclKind::Outcome:
        return "outcome";
      case ast::DeclKind::Data:
        return "dataset";
      case ast::DeclKind::Population:
        return "population of " + static_cast<const ast::PopulationDecl&>(d).source.text;
      case ast::DeclKind::Function: {
        const auto& fn = static_cast<const ast::FunctionDecl&>(d);
        std::string s = "(";
        for (size_t i = 0; i < fn.params.size(); ++i)
          s += (i ? ", " : "") + fn.params[i].name.text + ": " + WriteType(fn.params[i].type);
        s += ")";
        if (fn.result) s += " : " + WriteType(*fn.result);
        return s;
      }
      default:
        return "";
    }
  }

  // ------------------------------------------------------------ resolution
  uint32_t Global(const std::string& name) const {
    auto it = ix_.globals.find(name);
    return it == ix_.globals.end() ? kNoSymbol : it->second;
  }
  const ast::Decl* GlobalDecl(const std::string& name) const {
    uint32_t id = Global(name);
    return id == kNoSymbol ? nullptr : ix_.symbols[id].decl;
  }

  // The dataset a dataset or population finally reads.
  const ast::DataDecl* BaseTable(const std::string& name) const {
    std::string n = name;
    for (int depth = 0; depth < 64; ++depth) {
      const ast::Decl* d = GlobalDecl(n);
      if (!d) return nullptr;
      if (d->kind == ast::DeclKind::Data) return static_cast<const ast::DataDecl*>(d);
      if (d->kind != ast::DeclKind::Population) return nullptr;
      n = static_cast<const ast::PopulationDecl*>(d)->source.text;
    }
    return nullptr;
  }

  uint32_t ColumnOf(const ast::DataDecl* table, const std::string& name) const {
    if (!table) return kNoSymbol;
    for (const ast::ColumnDecl& c : table->columns)
      if (c.name.text == name) {
        auto it = by_node_.find(&c);
        return it == by_node_.end() ? kNoSymbol : it->second;
      }
    return kNoSymbol;
  }

  uint32_t Builtin(const std::string& name) {
    auto it = builtins_.find(name);
    if (it != builtins_.end()) return it->second;
    IndexSymbol s;
    s.kind = SymKind::Builtin;
    s.name = name;
    if (name == "contract_year" || name == "period_days" || name == "window_days") s.type = "int";
    if (name == "period_start" || name == "period_end") s.type = "date";
    return builtins_[name] = Add(std::move(s));
  }

  uint32_t FromSema(const Symbol& sym) {
    const void* node = nullptr;
    switch (sym.kind) {
      case SymbolKind::Column:
        node = sym.column;
        break;
      case SymbolKind::Param:
        node = sym.param;
        break;
      case SymbolKind::PaymentLet:
        node = sym.payment_let;
        break;
      case SymbolKind::Group:
        if (sym.decl && sym.decl->kind == ast::DeclKind::Payment) {
          const auto* pay = static_cast<const ast::PaymentDecl*>(sym.decl);
          if (pay->by) node = &pay->by.value();
        }
        break;
      case SymbolKind::Builtin:
        return Builtin(sym.name);
      case SymbolKind::EnumValue:
        return kNoSymbol;  // found from the comparison (WalkEnumOperand)
      default:
        node = sym.decl;
        break;
    }
    auto it = by_node_.find(node);
    return it == by_node_.end() ? kNoSymbol : it->second;
  }

  // A name the checker did not resolve: the same scoping rules, by hand.
  uint32_t Resolve(const std::string& n, const Ctx& ctx) {
    if (ctx.link) {
      uint32_t outer = ColumnOf(ctx.row, n);
      if (outer != kNoSymbol) return outer;
      uint32_t linked = ColumnOf(ctx.link, n);
      if (linked != kNoSymbol) return linked;
    }
    if (uint32_t c = ColumnOf(ctx.row, n); c != kNoSymbol) return c;
    if (ctx.function)
      for (const ast::Param& p : ctx.function->params)
        if (p.name.text == n) return by_node_[&p];
    if (ctx.payment) {
      if (ctx.payment->by && ctx.payment->by->text == n) return by_node_[&ctx.payment->by.value()];
      for (const ast::PaymentItem& item : ctx.payment->items)
        if (item.is_let && item.name.text == n) return by_node_[&item];
    }
    if (IsBuiltinValueName(n)) return Builtin(n);
    return Global(n);
  }

  // The enumeration a value compared with `e` belongs to, if `e` is a name
  // with an enumeration type.
  const ast::TypeExpr* EnumTypeOf(const ast::Expr& e, const Ctx& ctx) {
    if (e.kind != ast::ExprKind::Name) return nullptr;
    const auto& n = static_cast<const ast::NameExpr&>(e);
    uint32_t sym = kNoSymbol;
    if (program_) {
      auto it = program_->references.find(&e);
      if (it != program_->references.end()) sym = FromSema(it->second);
    }
    if (sym == kNoSymbol) sym = Resolve(n.name, ctx);
    if (sym == kNoSymbol) return nullptr;
    const IndexSymbol& s = ix_.symbols[sym];
    const ast::TypeExpr* t = nullptr;
    if (s.column)
      t = &s.column->type;
    else if (s.param)
      t = &s.param->type;
    else if (s.kind == SymKind::Input)
      t = &static_cast<const ast::InputDecl*>(s.decl)->type;
    else if (s.kind == SymKind::Measure && static_cast<const ast::MeasureDecl*>(s.decl)->declared_type)
      t = &*static_cast<const ast::MeasureDecl*>(s.decl)->declared_type;
    return Canonical(t);
  }
  const ast::TypeExpr* Canonical(const ast::TypeExpr* t) const {
    if (!t) return nullptr;
    if (t->named) {
      const ast::Decl* d = GlobalDecl(t->named->text);
      if (!d || d->kind != ast::DeclKind::Type) return nullptr;
      t = &static_cast<const ast::TypeDecl*>(d)->type;
    }
    return t->base == ast::BaseType::Enum ? t : nullptr;
  }

  // `e` compared with a value of enumeration `t`: a name or text that is
  // one of its values is that value.
  bool WalkEnumOperand(const ast::Expr& e, const ast::TypeExpr* t, const Ctx& ctx) {
    if (!t) return false;
    std::string value;
    if (e.kind == ast::ExprKind::Name) {
      value = static_cast<const ast::NameExpr&>(e).name;
      if (program_) {
        auto it = program_->references.find(&e);
        if (it != program_->references.end() && it->second.kind != SymbolKind::EnumValue) return false;
      }
    } else if (e.kind == ast::ExprKind::Text) {
      value = static_cast<const ast::TextExpr&>(e).value;
    } else {
      return false;
    }
    auto it = enum_syms_.find(std::make_pair(t, value));
    if (it == enum_syms_.end()) return false;
    Record(e.span, it->second);
    return true;
  }

  // ---------------------------------------------------------- expressions
  void Expr(const ast::Expr* e, const Ctx& ctx) {
    if (!e) return;
    using K = ast::ExprKind;
    switch (e->kind) {
      case K::Name: {
        const auto& n = static_cast<const ast::NameExpr&>(*e);
        uint32_t sym = kNoSymbol;
        if (program_) {
          auto it = program_->references.find(e);
          if (it != program_->references.end()) {
            if (it->second.kind == SymbolKind::EnumValue) {
              // Compared with something this walk did not see as an enumeration:
              // any enumeration that lists it.
              for (const auto& [key, id] : enum_syms_)
                if (key.second == n.name) {
                  Record(e->span, id);
                  return;
                }
              return;
            }
            sym = FromSema(it->second);
          }
        }
        if (sym == kNoSymbol) sym = Resolve(n.name, ctx);
        Record(e->span, sym);
        return;
      }
      case K::Call: {
        const auto& call = static_cast<const ast::CallExpr&>(*e);
        uint32_t sym = kNoSymbol;
        if (program_) {
          auto it = program_->references.find(e);
          if (it != program_->references.end()) sym = FromSema(it->second);
        }
        if (sym == kNoSymbol) {
          sym = Global(call.callee.text);
          if (sym == kNoSymbol && IsBuiltinFunctionName(call.callee.text)) sym = Builtin(call.callee.text);
        }
        Record(call.callee.span, sym);
        for (const ast::ExprPtr& a : call.args) Expr(a.get(), ctx);
        return;
      }
      case K::Unary:
        Expr(static_cast<const ast::UnaryExpr&>(*e).operand.get(), ctx);
        return;
      case K::Binary: {
        const auto& b = static_cast<const ast::BinaryExpr&>(*e);
        if (b.op == ast::BinaryOp::Eq || b.op == ast::BinaryOp::Ne) {
          if (b.lhs && b.rhs) {
            if (WalkEnumOperand(*b.rhs, EnumTypeOf(*b.lhs, ctx), ctx)) {
              Expr(b.lhs.get(), ctx);
              return;
            }
            if (WalkEnumOperand(*b.lhs, EnumTypeOf(*b.rhs, ctx), ctx)) {
              Expr(b.rhs.get(), ctx);
              return;
            }
          }
        }
        Expr(b.lhs.get(), ctx);
        Expr(b.rhs.get(), ctx);
        return;
      }
      case K::IsMissing:
        Expr(static_cast<const ast::IsMissingExpr&>(*e).operand.get(), ctx);
        return;
      case K::In: {
        const auto& in = static_cast<const ast::InExpr&>(*e);
        Expr(in.operand.get(), ctx);
        const ast::TypeExpr* t = in.operand ? EnumTypeOf(*in.operand, ctx) : nullptr;
        for (const ast::ExprPtr& v : in.values)
          if (v && !WalkEnumOperand(*v, t, ctx)) Expr(v.get(), ctx);
        return;
      }
      case K::If: {
        const auto& i = static_cast<const ast::IfExpr&>(*e);
        Expr(i.cond.get(), ctx);
        Expr(i.then_value.get(), ctx);
        Expr(i.else_value.get(), ctx);
        return;
      }
      case K::AsPercent:
        Expr(static_cast<const ast::AsPercentExpr&>(*e).operand.get(), ctx);
        return;
      case K::Aggregate: {
        const auto& a = static_cast<const ast::AggregateExpr&>(*e);
        Record(a.source.span, Global(a.source.text));
        Ctx inner = ctx;
        inner.row = BaseTable(a.source.text);
        inner.row_name = a.source.text;
        inner.link = nullptr;
        Expr(a.value.get(), inner);
        Expr(a.condition.get(), inner);
        return;
      }
      case K::Achievement: {
        const auto& a = static_cast<const ast::AchievementExpr&>(*e);
        if (a.outcome) Record(a.outcome->span, Global(a.outcome->text));
        return;
      }
      case K::Tiered: {
        const auto& t = static_cast<const ast::TieredExpr&>(*e);
        Expr(t.amount.get(), ctx);
        for (const ast::Tier& tier : t.tiers) {
          Expr(tier.limit.get(), ctx);
          Expr(tier.rate.get(), ctx);
        }
        return;
      }
      case K::OtherPeriod:
        Expr(static_cast<const ast::OtherPeriodExpr&>(*e).measure.get(), ctx);
        return;
      case K::Paid: {
        const auto& p = static_cast<const ast::PaidExpr&>(*e);
        auto it = paylines_.find(p.line.text);
        if (it != paylines_.end()) Record(p.line.span, it->second);
        return;
      }
      case K::Match: {
        const auto& m = static_cast<const ast::MatchExpr&>(*e);
        Expr(m.subject.get(), ctx);
        const ast::TypeExpr* t = m.subject ? EnumTypeOf(*m.subject, ctx) : nullptr;
        for (const ast::MatchCase& c : m.cases) {
          for (const ast::MatchPattern& p : c.patterns) {
            if (p.low && !WalkEnumOperand(*p.low, t, ctx)) Expr(p.low.get(), ctx);
            if (p.high && !WalkEnumOperand(*p.high, t, ctx)) Expr(p.high.get(), ctx);
          }
          Expr(c.result.get(), ctx);
        }
        Expr(m.else_result.get(), ctx);
        return;
      }
      case K::Link: {
        const auto& l = static_cast<const ast::LinkExpr&>(*e);
        Record(l.source.span, Global(l.source.text));
        const ast::DataDecl* table = BaseTable(l.source.text);
        Ctx inner = ctx;
        inner.link = table;
        inner.link_name = l.source.text;
        if (l.alias) {
          IndexSymbol s;
          s.kind = SymKind::Alias;
          s.name = l.alias->text;
          s.def = l.alias->span;
          s.decl = ctx.decl;
          s.table = table;
          inner.alias = Add(std::move(s));
          inner.link_name = l.alias->text;
        }
        Record(l.key.span, l.other_key ? ColumnOf(ctx.row, l.key.text) : ColumnOf(table, l.key.text));
        if (l.other_key) Record(l.other_key->span, ColumnOf(table, l.other_key->text));
        Expr(l.condition.get(), inner);
        return;
      }
      case K::Qualified: {
        const auto& q = static_cast<const ast::QualifiedExpr&>(*e);
        const ast::DataDecl* table = nullptr;
        if (ctx.link && q.qualifier.text == ctx.link_name) {
          table = ctx.link;
          Record(q.qualifier.span, ctx.alias != kNoSymbol ? ctx.alias : Global(q.qualifier.text));
        } else {
          if (q.qualifier.text == ctx.row_name) table = ctx.row;
          Record(q.qualifier.span, Global(q.qualifier.text));
        }
        uint32_t sym = kNoSymbol;
        if (program_) {
          auto it = program_->references.find(e);
          if (it != program_->references.end()) sym = FromSema(it->second);
        }
        if (sym == kNoSymbol) sym = ColumnOf(table, q.column.text);
        Record(q.column.span, sym);
        return;
      }
      default:
        return;
    }
  }

  void TypeUse(const ast::TypeExpr& t) {
    if (t.named) Record(t.named->span, Global(t.named->text));
  }

  // The datasets a measure's aggregates read (for its `by COLUMN`).
  void TablesOf(const ast::Expr* e, std::vector<const ast::DataDecl*>& out, int depth = 0) {
    if (!e || depth > 200) return;
    if (e->kind == ast::ExprKind::Aggregate) {
      if (const ast::DataDecl* t = BaseTable(static_cast<const ast::AggregateExpr*>(e)->source.text))
        out.push_back(t);
      return;
    }
    if (e->kind == ast::ExprKind::Binary) {
      TablesOf(static_cast<const ast::BinaryExpr*>(e)->lhs.get(), out, depth + 1);
      TablesOf(static_cast<const ast::BinaryExpr*>(e)->rhs.get(), out, depth + 1);
    } else if (e->kind == ast::ExprKind::Name) {
      const ast::Decl* d = GlobalDecl(static_cast<const ast::NameExpr*>(e)->name);
      if (d && d->kind == ast::DeclKind::Measure && depth < 8)
        TablesOf(static_cast<const ast::MeasureDecl*>(d)->value.get(), out, depth + 1);
    } else if (e->kind == ast::ExprKind::Unary) {
      TablesOf(static_cast<const ast::UnaryExpr*>(e)->operand.get(), out, depth + 1);
    } else if (e->kind == ast::ExprKind::AsPercent) {
      TablesOf(static_cast<const ast::AsPercentExpr*>(e)->operand.get(), out, depth + 1);
    }
  }

  // The column of a measure's `by`: a column of the tables it reads.
  uint32_t ByColumn(const ast::MeasureDecl& m) {
    if (!m.by) return kNoSymbol;
    std::vector<const ast::DataDecl*> tables;
    if (program_) {
      auto it = program_->measure_tables.find(&m);
      if (it != program_->measure_tables.end()) tables = it->second;
    }
    if (tables.empty()) TablesOf(m.value.get(), tables);
    for (const ast::DataDecl* t : tables)
      if (uint32_t c = ColumnOf(t, m.by->text); c != kNoSymbol) return c;
    return kNoSymbol;
  }

  void Walk(const ast::Decl& d, uint32_t file) {
    Ctx ctx;
    ctx.decl = &d;
    switch (d.kind) {
      case ast::DeclKind::Import: {
        ImportLink link;
        link.decl = static_cast<const ast::ImportDecl*>(&d);
        link.from = file;
        link.target = FindImport(file, link.decl->path);
        ix_.imports.push_back(link);
        return;
      }
      case ast::DeclKind::Data: {
        const auto& data = static_cast<const ast::DataDecl&>(d);
        if (data.dated_by) Record(data.dated_by->span, ColumnOf(&data, data.dated_by->text));
        for (const ast::ColumnDecl& c : data.columns) TypeUse(c.type);
        ctx.row = &data;
        ctx.row_name = data.name.text;
        for (const ast::CheckRule& rule : data.checks) Expr(rule.condition.get(), ctx);
        return;
      }
      case ast::DeclKind::Population: {
        const auto& pop = static_cast<const ast::PopulationDecl&>(d);
        Record(pop.source.span, Global(pop.source.text));
        ctx.row = BaseTable(pop.source.text);
        ctx.row_name = pop.source.text;
        Expr(pop.condition.get(), ctx);
        return;
      }
      case ast::DeclKind::Let:
        Expr(static_cast<const ast::LetDecl&>(d).value.get(), ctx);
        return;
      case ast::DeclKind::Input:
        TypeUse(static_cast<const ast::InputDecl&>(d).type);
        return;
      case ast::DeclKind::Function: {
        const auto& fn = static_cast<const ast::FunctionDecl&>(d);
        for (const ast::Param& p : fn.params) TypeUse(p.type);
        if (fn.result) TypeUse(*fn.result);
        ctx.function = &fn;
        Expr(fn.body.get(), ctx);
        return;
      }
      case ast::DeclKind::Measure: {
        const auto& m = static_cast<const ast::MeasureDecl&>(d);
        if (m.declared_type) TypeUse(*m.declared_type);
        if (m.by) Record(m.by->span, ByColumn(m));
        Expr(m.value.get(), ctx);
        return;
      }
      case ast::DeclKind::Target: {
        const auto& t = static_cast<const ast::TargetDecl&>(d);
        Record(t.measure.span, Global(t.measure.text));
        Expr(t.threshold.get(), ctx);
        Expr(t.to.get(), ctx);
        return;
      }
      case ast::DeclKind::Outcome: {
        const auto& o = static_cast<const ast::OutcomeDecl&>(d);
        Expr(o.weight.get(), ctx);
        for (const ast::OutcomeMeasure& m : o.measures) {
          Record(m.measure.span, Global(m.measure.text));
          Expr(m.weight.get(), ctx);
        }
        return;
      }
      case ast::DeclKind::Payment: {
        const auto& pay = static_cast<const ast::PaymentDecl&>(d);
        ctx.payment = &pay;
        for (const ast::PaymentItem& item : pay.items) Expr(item.value.get(), ctx);
        return;
      }
      case ast::DeclKind::Test:
        WalkTest(static_cast<const ast::TestDecl&>(d), ctx, file);
        return;
      case ast::DeclKind::Gate:
        Expr(static_cast<const ast::GateDecl&>(d).condition.get(), ctx);
        return;
      default:
        return;
    }
  }

  void WalkTest(const ast::TestDecl& test, const Ctx& ctx, uint32_t file) {
    for (const ast::TestItem& item : test.items) {
      switch (item.kind) {
        case ast::TestItemKind::GivenTable:
        case ast::TestItemKind::GivenFile: {
          Record(item.name.span, Global(item.name.text));
          const ast::DataDecl* table = BaseTable(item.name.text);
          for (const ast::Ident& h : item.header) Record(h.span, ColumnOf(table, h.text));
          // A cell of an enumeration column names one of its values.
          for (size_t j = 0; j < item.header.size() && table; ++j) {
            const ast::TypeExpr* e = nullptr;
            for (const ast::ColumnDecl& c : table->columns)
              if (c.name.text == item.header[j].text) e = Canonical(&c.type);
            if (!e) continue;
            for (const ast::TableRow& row : item.rows) {
              if (j >= row.cells.size() || j >= row.cell_spans.size()) continue;
              auto it = enum_syms_.find(std::make_pair(e, row.cells[j]));
              if (it != enum_syms_.end()) Record(row.cell_spans[j], it->second);
            }
          }
          break;
        }
        case ast::TestItemKind::Set:
          Record(item.name.span, Global(item.name.text));
          Expr(item.value.get(), ctx);
          break;
        case ast::TestItemKind::Expect: {
          if (item.subject == ast::ExpectSubject::Measure ||
              item.subject == ast::ExpectSubject::Achievement) {
            if (!item.name.text.empty()) Record(item.name.span, Global(item.name.text));
            // `expect M for "GROUP"`: the group of an enumeration `by` column is one of its values.
            const ast::Decl* m = item.group ? GlobalDecl(item.name.text) : nullptr;
            if (m && m->kind == ast::DeclKind::Measure) {
              uint32_t col = ByColumn(static_cast<const ast::MeasureDecl&>(*m));
              const ast::TypeExpr* e = col == kNoSymbol ? nullptr : Canonical(&ix_.symbols[col].column->type);
              auto it = e ? enum_syms_.find(std::make_pair(e, *item.group)) : enum_syms_.end();
              if (it != enum_syms_.end()) Record(item.group_span, it->second);
            }
          } else if (item.subject == ast::ExpectSubject::PaymentLine) {
            auto it = paylines_.find(item.payment_line);
            if (it != paylines_.end()) {
              // The line's text as written: the first text literal of the item.
              if (std::optional<Span> s = FirstText(file, item.span)) Record(*s, it->second);
            }
          }
          Expr(item.value.get(), ctx);
          break;
        }
      }
    }
  }

  // The span of the first `"..."` inside `within`.
  std::optional<Span> FirstText(uint32_t file, Span within) const {
    if (file >= c_.sources.size()) return std::nullopt;
    const SourceFile& src = c_.sources.Get(file);
    std::string_view text = src.Slice(within);
    // Count code points up to the quotes.
    uint32_t cp = within.begin;
    std::optional<uint32_t> open;
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char ch = static_cast<unsigned char>(text[i]);
      if ((ch & 0xC0) == 0x80) continue;
      if (ch == '"') {
        if (!open) {
          open = cp;
        } else {
          return Span{file, *open, cp + 1};
        }
      } else if (ch == '\\' && open) {
        ++cp;
        ++i;
        while (i + 1 < text.size() && (static_cast<unsigned char>(text[i + 1]) & 0xC0) == 0x80) ++i;
      }
      ++cp;
    }
    return std::nullopt;
  }

  uint32_t FindImport(uint32_t from, const std::string& path) const {
    if (path.empty() || from >= c_.sources.size()) return kNoSymbol;
    std::error_code ec;
    fs::path wanted(path);
    if (wanted.extension() != ".ocf") wanted += ".ocf";
    std::vector<fs::path> candidates;
    if (wanted.is_absolute()) {
      candidates.push_back(wanted);
    } else {
      candidates.push_back(fs::path(c_.sources.Get(from).path()).parent_path() / wanted);
      if (!ix_.stdlib_dir.empty()) candidates.push_back(fs::path(ix_.stdlib_dir) / wanted);
    }
    for (const fs::path& cand : candidates) {
      if (!fs::exists(cand, ec)) continue;
      fs::path real = fs::weakly_canonical(cand, ec);
      for (uint32_t i = 1; i < c_.sources.size(); ++i) {
        std::error_code ec2;
        if (fs::weakly_canonical(c_.sources.Get(i).path(), ec2) == real && !ec2) return i;
      }
      return kNoSymbol;  // found on disk but not read (a cycle, a refused file)
    }
    return kNoSymbol;
  }

  const driver::Compilation& c_;
  Analysis::Index& ix_;
  const CheckedProgram* program_ = nullptr;
  std::unordered_map<const void*, uint32_t> by_node_;
  std::map<std::pair<const ast::TypeExpr*, std::string>, uint32_t> enum_syms_;
  std::map<std::string, uint32_t> paylines_;
  std::map<std::string, uint32_t> builtins_;
};

}  // namespace

std::unique_ptr<Analysis::Index> BuildIndex(const driver::Compilation& c, const std::string& stdlib_dir) {
  auto ix = std::make_unique<Analysis::Index>();
  ix->stdlib_dir = stdlib_dir;
  std::error_code ec;
  fs::path lib = stdlib_dir.empty() ? fs::path() : fs::weakly_canonical(stdlib_dir, ec);
  ix->in_stdlib.assign(c.sources.size(), false);
  for (uint32_t i = 1; i < c.sources.size() && !lib.empty(); ++i) {
    std::error_code ec2;
    fs::path p = fs::weakly_canonical(c.sources.Get(i).path(), ec2);
    auto rel = p.lexically_relative(lib);
    ix->in_stdlib[i] = !ec2 && !rel.empty() && *rel.begin() != "..";
  }
  Indexer(c, *ix).Run();
  return ix;
}

}  // namespace ocf::ide
