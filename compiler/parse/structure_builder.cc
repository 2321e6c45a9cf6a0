// The AST builder's part for the structural constructs of LANGUAGE.md §6:
// `type` and `gate` declarations, decision tables (`match`), linked records
// (`exists`/`count ... on`) and qualified column names (`T.column`).
#include <map>

#include <fmt/format.h>

#include "compiler/parse/ast_builder.h"

namespace ocf::parse {

ast::DeclPtr AstBuilder::BuildTypeDecl(P::TypeDeclContext* ctx) {
  std::optional<ast::Ident> name = Name(ctx->name());
  if (!name) return nullptr;
  auto decl = Node<ast::TypeDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::TYPE));
  decl->name = *name;
  decl->type = BuildType(ctx->type(), decl->span);
  return decl;
}

ast::DeclPtr AstBuilder::BuildGate(P::GateDeclContext* ctx) {
  std::optional<ast::Ident> name = Name(ctx->name());
  if (!name) return nullptr;
  auto decl = Node<ast::GateDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::GATE));
  decl->name = *name;
  if (antlr4::Token* title = Tok(ctx, P::STRING)) decl->title = Text(title);
  decl->condition = BuildExpr(ctx->expr(), decl->span);
  return decl;
}

ast::ExprPtr AstBuilder::BuildCaseBound(P::CaseBoundContext* ctx, Span fallback) {
  if (!ctx || !ctx->getStart()) return Error(fallback);
  Span span = SpanOf(ctx);
  ast::ExprPtr value = BuildPrimary(ctx->primary(), span);
  if (Tok(ctx, P::MINUS)) return Node<ast::UnaryExpr>(span, ast::UnaryOp::Neg, std::move(value));
  return value;
}

ast::ExprPtr AstBuilder::BuildMatch(P::MatchPrimaryContext* ctx) {
  Span span = SpanOf(ctx);
  std::vector<P::ExprContext*> exprs = ctx->expr();
  auto match = Node<ast::MatchExpr>(span, BuildExpr(exprs.empty() ? nullptr : exprs[0], span));
  for (P::MatchCaseContext* c : ctx->matchCase()) {
    ast::MatchCase out;
    out.span = SpanOf(c);
    for (P::CasePatternContext* p : c->casePattern()) {
      ast::MatchPattern pattern;
      pattern.span = SpanOf(p);
      using K = ast::MatchPattern::Kind;
      if (auto* r = dynamic_cast<P::BelowRangeCaseContext*>(p)) {
        pattern.kind = K::RangeBelow;
        pattern.low = BuildCaseBound(r->caseBound(0), pattern.span);
        pattern.high = BuildCaseBound(r->caseBound(1), pattern.span);
        pattern.high_included = false;
      } else if (auto* range = dynamic_cast<P::RangeCaseContext*>(p)) {
        pattern.kind = K::Range;
        pattern.low = BuildCaseBound(range->caseBound(0), pattern.span);
        pattern.high = BuildCaseBound(range->caseBound(1), pattern.span);
      } else if (auto* below = dynamic_cast<P::BelowCaseContext*>(p)) {
        pattern.kind = K::Below;
        pattern.high = BuildCaseBound(below->caseBound(), pattern.span);
        pattern.high_included = false;
      } else if (auto* over = dynamic_cast<P::OverCaseContext*>(p)) {
        pattern.kind = K::Over;
        pattern.low = BuildCaseBound(over->caseBound(), pattern.span);
        pattern.low_included = false;
      } else if (auto* more = dynamic_cast<P::OrMoreCaseContext*>(p)) {
        pattern.kind = K::OrMore;
        pattern.low = BuildCaseBound(more->caseBound(), pattern.span);
      } else if (auto* less = dynamic_cast<P::OrLessCaseContext*>(p)) {
        pattern.kind = K::OrLess;
        pattern.high = BuildCaseBound(less->caseBound(), pattern.span);
      } else if (auto* value = dynamic_cast<P::ValueCaseContext*>(p)) {
        pattern.kind = K::Value;
        pattern.low = BuildCaseBound(value->caseBound(), pattern.span);
      } else {
        continue;  // a pattern the parser could not make out (reported there)
      }
      out.patterns.push_back(std::move(pattern));
    }
    if (out.patterns.empty()) continue;
    out.result = BuildExpr(c->expr(), out.span);
    match->cases.push_back(std::move(out));
  }
  if (antlr4::Token* else_word = Tok(ctx, P::ELSE)) {
    match->else_span = SpanOf(else_word);
    match->else_result = BuildExpr(exprs.size() > 1 ? exprs[1] : nullptr, match->else_span);
  }
  return match;
}

// `exists U [as A] on K [= K2] [where C]`, `count U [as A] on K [= K2] [where C]`.
ast::ExprPtr AstBuilder::BuildLink(P::PrimaryContext* ctx) {
  Span span = SpanOf(ctx);
  bool count = false;
  antlr4::Token* word = nullptr;
  std::vector<P::NameContext*> names;
  P::ExprContext* condition = nullptr;
  antlr4::ParserRuleContext* rule = ctx;
  if (auto* e = dynamic_cast<P::ExistsPrimaryContext*>(ctx)) {
    word = Tok(e, P::EXISTS);
    names = e->name();
    condition = e->expr();
  } else if (auto* c = dynamic_cast<P::CountLinkPrimaryContext*>(ctx)) {
    count = true;
    word = Tok(c, P::COUNT);
    names = c->name();
    condition = c->expr();
  } else {
    return Error(span);
  }
  bool has_alias = Tok(rule, P::AS) != nullptr;
  bool has_other_key = Tok(rule, P::EQ) != nullptr;
  size_t needed = 2 + (has_alias ? 1 : 0) + (has_other_key ? 1 : 0);
  if (names.size() < needed) return Error(span);
  std::vector<ast::Ident> idents;
  for (P::NameContext* n : names) {
    std::optional<ast::Ident> ident = Name(n);
    if (!ident) return Error(span);
    idents.push_back(*ident);
  }
  auto link = Node<ast::LinkExpr>(span, count, word ? SpanOf(word) : span);
  size_t next = 0;
  link->source = idents[next++];
  if (has_alias) link->alias = idents[next++];
  link->key = idents[next++];
  if (has_other_key) link->other_key = idents[next++];
  if (Tok(rule, P::WHERE)) link->condition = BuildExpr(condition, span);
  return link;
}

ast::ExprPtr AstBuilder::BuildQualified(P::QualifiedPrimaryContext* ctx) {
  Span span = SpanOf(ctx);
  std::vector<P::NameContext*> names = ctx->name();
  if (names.size() < 2) return Error(span);
  std::optional<ast::Ident> qualifier = Name(names[0]);
  std::optional<ast::Ident> column = Name(names[1]);
  if (!qualifier || !column) return Error(span);
  return Node<ast::QualifiedExpr>(span, *qualifier, *column);
}

void AstBuilder::ResolveNamedTypes(ast::File& file) {
  std::map<std::string, const ast::TypeDecl*> types;
  for (const ast::DeclPtr& d : file.decls) {
    if (d->kind != ast::DeclKind::Type) continue;
    const auto& t = static_cast<const ast::TypeDecl&>(*d);
    if (t.type.base == ast::BaseType::Enum && !t.type.named) types.emplace(t.name.text, &t);
  }
  if (types.empty()) return;
  auto resolve = [&](ast::TypeExpr& t) {
    if (!t.named) return;
    auto it = types.find(t.named->text);
    if (it == types.end()) return;
    t.base = ast::BaseType::Enum;
    t.enum_values = it->second->type.enum_values;
    t.did_you_mean.clear();
  };
  for (ast::DeclPtr& d : file.decls) {
    switch (d->kind) {
      case ast::DeclKind::Data:
        for (ast::ColumnDecl& c : static_cast<ast::DataDecl&>(*d).columns) resolve(c.type);
        break;
      case ast::DeclKind::Input:
        resolve(static_cast<ast::InputDecl&>(*d).type);
        break;
      case ast::DeclKind::Function: {
        auto& f = static_cast<ast::FunctionDecl&>(*d);
        for (ast::Param& p : f.params) resolve(p.type);
        if (f.result) resolve(*f.result);
        break;
      }
      case ast::DeclKind::Measure: {
        auto& m = static_cast<ast::MeasureDecl&>(*d);
        if (m.declared_type) resolve(*m.declared_type);
        break;
      }
      default:
        break;
    }
  }
}

}  // namespace ocf::parse
