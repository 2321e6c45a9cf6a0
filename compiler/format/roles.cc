#include "compiler/format/roles.h"

#include <algorithm>
#include <functional>
#include <unordered_map>

namespace ocf::format {
namespace {

class RoleBuilder {
 public:
  RoleBuilder(const std::vector<LexToken>& tokens, Roles& roles) : tokens_(tokens), roles_(roles) {
    for (size_t i = 0; i < tokens.size(); ++i) {
      by_offset_.emplace_back(tokens[i].span.begin, i);
    }
    std::sort(by_offset_.begin(), by_offset_.end());
  }

  // The token starting at `offset`, or SIZE_MAX.
  size_t At(uint32_t offset) const {
    auto it = std::lower_bound(by_offset_.begin(), by_offset_.end(), std::make_pair(offset, size_t{0}));
    return it == by_offset_.end() || it->first != offset ? SIZE_MAX : it->second;
  }
  // The code token after / before token i (comments skipped), or SIZE_MAX.
  size_t Next(size_t i) const {
    if (i == SIZE_MAX) return SIZE_MAX;
    for (size_t j = i + 1; j < tokens_.size(); ++j) {
      if (!tokens_[j].is_comment()) return j;
    }
    return SIZE_MAX;
  }
  size_t Prev(size_t i) const {
    if (i == SIZE_MAX) return SIZE_MAX;
    for (size_t j = i; j-- > 0;) {
      if (!tokens_[j].is_comment()) return j;
    }
    return SIZE_MAX;
  }
  bool Is(size_t i, const char* text) const { return i != SIZE_MAX && tokens_[i].is(text); }
  Role* RoleAt(size_t i) { return i == SIZE_MAX ? nullptr : &roles_.of[i]; }
  // The first token `text` starting at or after offset `from` and before `limit`.
  size_t Find(uint32_t from, uint32_t limit, const char* text) const {
    auto it = std::lower_bound(by_offset_.begin(), by_offset_.end(), std::make_pair(from, size_t{0}));
    for (; it != by_offset_.end() && it->first < limit; ++it) {
      if (tokens_[it->second].is(text)) return it->second;
    }
    return SIZE_MAX;
  }

  // Records a construct over the tokens in [begin, end) (offsets), anchored
  // at token `anchor`; constructs are recorded outermost first, so the
  // innermost is what a token keeps.
  void Enclose(size_t anchor, uint32_t begin, uint32_t end, bool where_condition) {
    if (anchor == SIZE_MAX) return;
    auto it = std::lower_bound(by_offset_.begin(), by_offset_.end(), std::make_pair(begin, size_t{0}));
    if (it == by_offset_.end() || it->first >= end) return;
    roles_.constructs.push_back(Construct{anchor, it->second});
    uint32_t id = static_cast<uint32_t>(roles_.constructs.size() - 1);
    for (; it != by_offset_.end() && it->first < end; ++it) {
      roles_.of[it->second].construct = id;
      if (where_condition) ++roles_.of[it->second].where_depth;
    }
  }
  // `where CONDITION` of an aggregate, link or population starting at token `owner`.
  void Where(size_t owner, const ast::Expr* condition) {
    if (!condition) return;
    size_t w = Prev(At(condition->span.begin));
    if (!Is(w, "where")) return;
    SetBreak(w, kBeforeWhere);
    Enclose(owner, tokens_[w].span.begin, condition->span.end, false);
    Enclose(w, condition->span.begin, condition->span.end, true);
  }

  void StartItem(uint32_t offset, Item item, std::string align_class = {}) {
    if (Role* r = RoleAt(At(offset))) {
      r->item = item;
      r->align_class = std::move(align_class);
    }
  }
  void Align(size_t i) {
    if (Role* r = RoleAt(i)) r->align = true;
  }
  void SetBreak(size_t i, Break b) {
    if (Role* r = RoleAt(i)) r->break_kind = b;
  }
  // The `=` right before an expression starting at `begin`: where a long
  // definition breaks, and what lines of the same kind line up on.
  size_t DefiningEq(const ast::Expr* value, bool align) {
    size_t eq = Prev(At(value->span.begin));
    if (!Is(eq, "=")) return SIZE_MAX;
    SetBreak(eq, kAfterDefiningEq);
    if (align) Align(eq);
    Enclose(eq, value->span.begin, value->span.end, false);
    return eq;
  }
  void BlockOpen(uint32_t from, uint32_t limit) {
    if (Role* r = RoleAt(Find(from, limit, "{"))) r->block_open = true;
  }

  void Expr(const ast::Expr* e);
  void Decl(const ast::Decl& d);

 private:
  const std::vector<LexToken>& tokens_;
  Roles& roles_;
  std::vector<std::pair<uint32_t, size_t>> by_offset_;  // (offset, token index), by offset
};

Break BinaryBreak(ast::BinaryOp op) {
  using ast::BinaryOp;
  switch (op) {
    case BinaryOp::Add:
    case BinaryOp::Sub:
      return kBeforeAdditive;
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::Pow:
      return kBeforeMultiplicative;
    case BinaryOp::And:
      return kBeforeAnd;
    case BinaryOp::Or:
      return kBeforeOr;
    case BinaryOp::Otherwise:
      return kBeforeOtherwise;
    default:
      return kBeforeComparison;
  }
}

void RoleBuilder::Expr(const ast::Expr* e) {
  if (!e) return;
  auto where = [&](const ast::ExprPtr& condition) {
    Where(At(e->span.begin), condition.get());
    Expr(condition.get());
  };
  auto call_paren = [&](uint32_t callee_begin) {
    size_t paren = Next(At(callee_begin));
    if (Is(paren, "(")) RoleAt(paren)->call_paren = true;
  };
  if (auto* b = dynamic_cast<const ast::BinaryExpr*>(e)) {
    SetBreak(At(b->op_span.begin), BinaryBreak(b->op));
    Expr(b->lhs.get());
    Expr(b->rhs.get());
  } else if (auto* u = dynamic_cast<const ast::UnaryExpr*>(e)) {
    if (Role* r = RoleAt(At(u->span.begin))) r->unary = true;
    Expr(u->operand.get());
  } else if (auto* c = dynamic_cast<const ast::CallExpr*>(e)) {
    call_paren(c->span.begin);
    for (const auto& a : c->args) Expr(a.get());
  } else if (auto* t = dynamic_cast<const ast::TieredExpr*>(e)) {
    call_paren(t->span.begin);
    Expr(t->amount.get());
    if (t->amount) {
      if (Role* r = RoleAt(Find(t->amount->span.end, t->span.end, "{"))) r->cases_open = true;
    }
    for (const ast::Tier& tier : t->tiers) {
      StartItem(tier.span.begin, Item::Case);
      Expr(tier.limit.get());
      Expr(tier.rate.get());
    }
  } else if (auto* m = dynamic_cast<const ast::MatchExpr*>(e)) {
    Expr(m->subject.get());
    if (m->subject) {
      if (Role* r = RoleAt(Find(m->subject->span.end, m->span.end, "{"))) r->cases_open = true;
    }
    for (const ast::MatchCase& mc : m->cases) {
      StartItem(mc.span.begin, Item::Case);
      for (const ast::MatchPattern& p : mc.patterns) {
        Expr(p.low.get());
        Expr(p.high.get());
      }
      Expr(mc.result.get());
    }
    if (m->else_result) StartItem(m->else_span.begin, Item::Case);
    Expr(m->else_result.get());
  } else if (auto* a = dynamic_cast<const ast::AggregateExpr*>(e)) {
    Expr(a->value.get());
    where(a->condition);
  } else if (auto* l = dynamic_cast<const ast::LinkExpr*>(e)) {
    where(l->condition);
  } else if (auto* i = dynamic_cast<const ast::IfExpr*>(e)) {
    Expr(i->cond.get());
    if (i->then_value) SetBreak(Prev(At(i->then_value->span.begin)), kBeforeThenElse);
    Expr(i->then_value.get());
    if (i->else_value) SetBreak(Prev(At(i->else_value->span.begin)), kBeforeThenElse);
    Expr(i->else_value.get());
  } else if (auto* in = dynamic_cast<const ast::InExpr*>(e)) {
    Expr(in->operand.get());
    for (const auto& v : in->values) Expr(v.get());
  } else if (auto* im = dynamic_cast<const ast::IsMissingExpr*>(e)) {
    Expr(im->operand.get());
  } else if (auto* ap = dynamic_cast<const ast::AsPercentExpr*>(e)) {
    Expr(ap->operand.get());
  }
}

void RoleBuilder::Decl(const ast::Decl& d) {
  if (Role* r = RoleAt(At(d.span.begin))) {
    r->item = Item::Decl;
    r->align_class = ToString(d.kind);
  }
  auto set_class = [&](std::string c) {
    if (Role* r = RoleAt(At(d.span.begin))) r->align_class = std::move(c);
  };
  if (auto* c = dynamic_cast<const ast::ContractDecl*>(&d)) {
    BlockOpen(d.span.begin, d.span.end);
    for (const ast::ContractField& f : c->fields) {
      StartItem(f.span.begin, Item::Member, "field");
      size_t value = Next(At(f.span.begin));
      if (value != SIZE_MAX && tokens_[value].span.begin < f.span.end) Align(value);
    }
  } else if (auto* data = dynamic_cast<const ast::DataDecl*>(&d)) {
    BlockOpen(d.span.begin, d.span.end);
    for (const ast::ColumnDecl& col : data->columns) {
      StartItem(col.span.begin, Item::Member, "column");
      size_t colon = Next(At(col.name.span.begin));
      if (Is(colon, ":")) Align(colon);
    }
    for (const ast::CheckRule& check : data->checks) {
      StartItem(check.span.begin, Item::Member, "check");
      Expr(check.condition.get());
    }
    for (const auto& [text, span] : data->date_formats) {
      size_t word = Prev(At(span.begin));
      if (word != SIZE_MAX) StartItem(tokens_[word].span.begin, Item::Member, "date_format");
    }
  } else if (auto* p = dynamic_cast<const ast::PopulationDecl*>(&d)) {
    size_t eq = Next(At(p->name.span.begin));
    if (Is(eq, "=")) Align(eq);
    Where(At(d.span.begin), p->condition.get());
    Expr(p->condition.get());
  } else if (auto* let = dynamic_cast<const ast::LetDecl*>(&d)) {
    if (let->value) DefiningEq(let->value.get(), true);
    Expr(let->value.get());
  } else if (auto* in = dynamic_cast<const ast::InputDecl*>(&d)) {
    size_t colon = Next(At(in->name.span.begin));
    if (Is(colon, ":")) Align(colon);
  } else if (auto* f = dynamic_cast<const ast::FunctionDecl*>(&d)) {
    size_t paren = Next(At(f->name.span.begin));
    if (Is(paren, "(")) RoleAt(paren)->call_paren = true;
    if (f->body) DefiningEq(f->body.get(), false);
    Expr(f->body.get());
  } else if (auto* m = dynamic_cast<const ast::MeasureDecl*>(&d)) {
    size_t after_name = Next(At(m->name.span.begin));
    bool titled = m->title && after_name != SIZE_MAX && tokens_[after_name].cls == TokenClass::Text;
    if (titled) Align(after_name);
    set_class(titled ? "measure titled" : "measure");
    if (m->value) DefiningEq(m->value.get(), true);
    Expr(m->value.get());
  } else if (auto* t = dynamic_cast<const ast::TargetDecl*>(&d)) {
    Align(Next(At(t->measure.span.begin)));
    Expr(t->threshold.get());
    Expr(t->to.get());
  } else if (auto* o = dynamic_cast<const ast::OutcomeDecl*>(&d)) {
    BlockOpen(d.span.begin, d.span.end);
    Expr(o->weight.get());
    for (const ast::OutcomeMeasure& om : o->measures) {
      size_t after = Next(At(om.measure.span.begin));
      bool weighted = om.weight && Is(after, "weight");
      StartItem(om.span.begin, Item::Member, weighted ? "outcome weighted" : "outcome");
      if (weighted) Align(after);
      Expr(om.weight.get());
    }
  } else if (auto* pay = dynamic_cast<const ast::PaymentDecl*>(&d)) {
    BlockOpen(d.span.begin, d.span.end);
    for (const ast::PaymentItem& item : pay->items) {
      StartItem(item.span.begin, Item::Member, item.is_let ? "let" : "pay");
      if (item.value) DefiningEq(item.value.get(), true);
      Expr(item.value.get());
    }
  } else if (auto* test = dynamic_cast<const ast::TestDecl*>(&d)) {
    BlockOpen(d.span.begin, d.span.end);
    for (const ast::TestItem& item : test->items) {
      bool valued =
          item.value && (item.kind == ast::TestItemKind::Set || item.kind == ast::TestItemKind::Expect);
      // `expect` and `set` lines line up on `=` only with lines that say the
      // same thing of other names (`expect payment "A" for "x" = ...`).
      std::string shape = "test";
      if (valued) {
        for (size_t i = At(item.span.begin); i != SIZE_MAX && tokens_[i].span.begin < item.value->span.begin;
             i = Next(i)) {
          TokenClass cls = tokens_[i].cls;
          shape +=
              cls == TokenClass::Name || cls == TokenClass::Text ? std::string(" _") : " " + tokens_[i].text;
        }
      }
      StartItem(item.span.begin, Item::Member, shape);
      if (valued) DefiningEq(item.value.get(), true);
      if (item.kind == ast::TestItemKind::GivenTable) {
        BlockOpen(item.span.begin, item.span.end);
        for (const ast::TableRow& row : item.rows) StartItem(row.span.begin, Item::TableRow);
      }
      Expr(item.value.get());
    }
  } else if (auto* g = dynamic_cast<const ast::GateDecl*>(&d)) {
    if (g->condition) DefiningEq(g->condition.get(), true);
    Expr(g->condition.get());
  }
}

// `over WINDOW by COLUMN` -> `by COLUMN over WINDOW`.
void PutByFirst(const ast::File& file, std::vector<LexToken>& tokens) {
  std::unordered_map<uint32_t, size_t> at;
  for (size_t i = 0; i < tokens.size(); ++i) at[tokens[i].span.begin] = i;
  for (const ast::DeclPtr& d : file.decls) {
    auto* m = dynamic_cast<const ast::MeasureDecl*>(d.get());
    if (!m || !m->by || !m->over || m->over->span.begin > m->by->span.begin) continue;
    auto over = at.find(m->over->span.begin);
    auto by_name = at.find(m->by->span.begin);
    if (over == at.end() || by_name == at.end()) continue;
    size_t by = by_name->second;
    while (by > over->second && !tokens[by].is("by")) --by;
    if (by <= over->second) continue;
    size_t first = over->second, mid = by, last = by_name->second + 1;
    uint32_t first_newlines = tokens[first].newlines_before;
    tokens[first].newlines_before = tokens[mid].newlines_before;
    tokens[mid].newlines_before = first_newlines;
    std::rotate(tokens.begin() + static_cast<std::ptrdiff_t>(first),
                tokens.begin() + static_cast<std::ptrdiff_t>(mid),
                tokens.begin() + static_cast<std::ptrdiff_t>(last));
  }
}

}  // namespace

Roles ComputeRoles(const ast::File& file, std::vector<LexToken>& tokens) {
  PutByFirst(file, tokens);
  Roles roles;
  roles.of.resize(tokens.size());
  roles.constructs.resize(1);
  RoleBuilder builder(tokens, roles);
  for (const ast::DeclPtr& d : file.decls) builder.Decl(*d);
  // Table rows: every TABLE_ROW token (a row the tree did not keep is still a line).
  for (size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].cls == TokenClass::TableRow) roles.of[i].item = Item::TableRow;
  }
  return roles;
}

}  // namespace ocf::format
