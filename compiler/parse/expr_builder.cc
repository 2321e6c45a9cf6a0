// Expressions: the `expr`, `primary`, `tier` and `literal` rules of the
// grammar, turned into ast::Expr nodes.
#include <fmt/format.h>

#include "compiler/parse/ast_builder.h"
#include "compiler/parse/literals.h"

namespace ocf::parse {
namespace {

using P = ocf_grammar::OcfParser;

std::optional<ast::BinaryOp> CompareOp(const antlr4::Token* op) {
  if (!op) return std::nullopt;
  switch (op->getType()) {
    case P::EQ:
      return ast::BinaryOp::Eq;
    case P::NE:
      return ast::BinaryOp::Ne;
    case P::LT:
      return ast::BinaryOp::Lt;
    case P::LE:
      return ast::BinaryOp::Le;
    case P::GT:
      return ast::BinaryOp::Gt;
    case P::GE:
      return ast::BinaryOp::Ge;
    default:
      return std::nullopt;
  }
}

}  // namespace

ast::ExprPtr AstBuilder::BuildExpr(P::ExprContext* ctx, Span fallback) {
  if (!ctx || !ctx->getStart()) return Error(fallback);
  if (depth_ >= kMaxExprDepth) {
    if (!depth_reported_) {
      depth_reported_ = true;
      reporter_
          .Report(DiagCode::TooDeeplyNested, SpanOf(ctx),
                  fmt::format("expression nested too deeply: more than {} levels", kMaxExprDepth))
          .Help("split it into several `let` values");
    }
    return Error(SpanOf(ctx));
  }
  ++depth_;
  ast::ExprPtr out = BuildExprKind(ctx);
  --depth_;
  return out;
}

ast::ExprPtr AstBuilder::BuildExprKind(P::ExprContext* ctx) {
  Span span = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return BuildPrimary(c->primary(), span);
  if (auto* c = dynamic_cast<P::AsPercentExprContext*>(ctx)) {
    ast::ExprPtr operand = BuildExpr(c->expr(), span);
    // `as percent` as written; after a syntax error either word may be
    // missing, and the whole expression stands in for them.
    antlr4::Token* as = Tok(c, P::AS);
    antlr4::Token* percent = Tok(c, P::PERCENT);
    Span words = as && percent ? Span::Join(SpanOf(as), SpanOf(percent)) : span;
    return Node<ast::AsPercentExpr>(span, std::move(operand), words);
  }
  if (auto* c = dynamic_cast<P::PowerExprContext*>(ctx)) {
    return BuildBinary(c, ast::BinaryOp::Pow, Tok(c, P::CARET), c->expr(0), c->expr(1));
  }
  if (auto* c = dynamic_cast<P::UnaryExprContext*>(ctx)) {
    ast::UnaryOp op = c->op && c->op->getType() == P::PLUS ? ast::UnaryOp::Plus : ast::UnaryOp::Neg;
    ast::ExprPtr operand = BuildExpr(c->expr(), span);
    return Node<ast::UnaryExpr>(span, op, std::move(operand));
  }
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) {
    ast::BinaryOp op = c->op && c->op->getType() == P::SLASH ? ast::BinaryOp::Div : ast::BinaryOp::Mul;
    return BuildBinary(c, op, c->op, c->expr(0), c->expr(1));
  }
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) {
    ast::BinaryOp op = c->op && c->op->getType() == P::MINUS ? ast::BinaryOp::Sub : ast::BinaryOp::Add;
    return BuildBinary(c, op, c->op, c->expr(0), c->expr(1));
  }
  if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
    std::optional<ast::BinaryOp> op = CompareOp(c->op);
    if (!op) return Error(span);
    // `a < b < c` reads as a range to a person but would compare a truth
    // value with `c`: refuse it and show the long form.
    if (auto* inner = dynamic_cast<P::CompareExprContext*>(c->expr(0))) {
      std::string help = "write `a < b and b < c`";
      if (inner->op && inner->expr(0) && inner->expr(1) && c->expr(1)) {
        std::string a = Slice(inner->expr(0)), b = Slice(inner->expr(1)), rest = Slice(c->expr(1));
        if (CodePoints(a) + CodePoints(b) * 2 + CodePoints(rest) < 80) {
          help = fmt::format("write `{} {} {} and {} {} {}`", a, inner->op->getText(), b, b, c->op->getText(),
                             rest);
        }
      }
      reporter_.Report(DiagCode::ChainedComparison, span, "comparisons cannot be chained").Help(help);
      return Error(span);
    }
    return BuildBinary(c, *op, c->op, c->expr(0), c->expr(1));
  }
  if (auto* c = dynamic_cast<P::IsExprContext*>(ctx)) {
    ast::ExprPtr operand = BuildExpr(c->expr(), span);
    return Node<ast::IsMissingExpr>(span, std::move(operand), Tok(c, P::PRESENT) != nullptr);
  }
  if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
    std::vector<P::ExprContext*> parts = c->expr();
    ast::ExprPtr operand = BuildExpr(parts.empty() ? nullptr : parts[0], span);
    auto in = Node<ast::InExpr>(span, std::move(operand), Tok(c, P::NOT) != nullptr);
    for (size_t i = 1; i < parts.size(); ++i) in->values.push_back(BuildExpr(parts[i], span));
    return in;
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    ast::ExprPtr operand = BuildExpr(c->expr(), span);
    return Node<ast::UnaryExpr>(span, ast::UnaryOp::Not, std::move(operand));
  }
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) {
    return BuildBinary(c, ast::BinaryOp::And, Tok(c, P::AND), c->expr(0), c->expr(1));
  }
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) {
    return BuildBinary(c, ast::BinaryOp::Or, Tok(c, P::OR), c->expr(0), c->expr(1));
  }
  if (auto* c = dynamic_cast<P::OtherwiseExprContext*>(ctx)) {
    return BuildBinary(c, ast::BinaryOp::Otherwise, Tok(c, P::OTHERWISE), c->expr(0), c->expr(1));
  }
  return Error(span);
}

ast::ExprPtr AstBuilder::BuildBinary(P::ExprContext* ctx, ast::BinaryOp op, const antlr4::Token* op_token,
                                     P::ExprContext* lhs, P::ExprContext* rhs) {
  Span span = SpanOf(ctx);
  Span op_span = op_token ? SpanOf(op_token) : span;
  ast::ExprPtr left = BuildExpr(lhs, span);
  ast::ExprPtr right = BuildExpr(rhs, Span{source_id_, span.end, span.end});
  return Node<ast::BinaryExpr>(span, op, op_span, std::move(left), std::move(right));
}

ast::ExprPtr AstBuilder::BuildPrimary(P::PrimaryContext* ctx, Span fallback) {
  if (!ctx || !ctx->getStart()) return Error(fallback);
  Span span = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) return BuildLiteral(c->literal(), span);
  if (auto* c = dynamic_cast<P::DurationPrimaryContext*>(ctx)) {
    antlr4::Token* number = Tok(c, P::NUMBER);
    antlr4::Token* unit = Tok(c, P::IDENT);
    if (!unit) unit = Tok(c, P::YEAR);  // `1 year`: `year` is also a keyword (`paid "X" this year`)
    if (!number || !unit) return Error(span);
    std::optional<DurationValue> value = DecodeDuration(number->getText(), SpanOf(number), unit->getText(),
                                                        SpanOf(unit), LiteralReporter(number));
    if (!value) return Error(span);
    return Node<ast::DurationExpr>(span, value->amount, value->unit);
  }
  if (auto* c = dynamic_cast<P::ParenPrimaryContext*>(ctx)) return BuildExpr(c->expr(), span);
  if (auto* c = dynamic_cast<P::IfPrimaryContext*>(ctx)) {
    ast::ExprPtr cond = BuildExpr(c->expr(0), span);
    ast::ExprPtr then_value = BuildExpr(c->expr(1), span);
    ast::ExprPtr else_value = BuildExpr(c->expr(2), span);
    return Node<ast::IfExpr>(span, std::move(cond), std::move(then_value), std::move(else_value));
  }
  if (auto* c = dynamic_cast<P::AchievementPrimaryContext*>(ctx)) {
    std::optional<ast::Ident> outcome;
    if (Tok(c, P::OF)) {
      outcome = Name(c->name());
      if (!outcome) return Error(span);
    }
    return Node<ast::AchievementExpr>(span, std::move(outcome));
  }
  if (auto* c = dynamic_cast<P::TieredPrimaryContext*>(ctx)) return BuildTiered(c);
  if (auto* c = dynamic_cast<P::MinMaxCallPrimaryContext*>(ctx)) {
    if (!c->callee) return Error(span);
    auto call = Node<ast::CallExpr>(span, ast::Ident{c->callee->getText(), SpanOf(c->callee)});
    for (P::ExprContext* arg : c->expr()) call->args.push_back(BuildExpr(arg, span));
    return call;
  }
  if (auto* c = dynamic_cast<P::PreviousPeriodPrimaryContext*>(ctx)) {
    std::optional<ast::Ident> name = Name(c->name());
    if (!name) return Error(span);
    return Node<ast::OtherPeriodExpr>(span, Node<ast::NameExpr>(name->span, name->text),
                                      ast::OtherPeriodExpr::Which::Previous);
  }
  if (auto* c = dynamic_cast<P::AtBaselinePrimaryContext*>(ctx)) {
    std::optional<ast::Ident> name = Name(c->name());
    if (!name) return Error(span);
    return Node<ast::OtherPeriodExpr>(span, Node<ast::NameExpr>(name->span, name->text),
                                      ast::OtherPeriodExpr::Which::Baseline);
  }
  if (auto* c = dynamic_cast<P::PaidPrimaryContext*>(ctx)) {
    antlr4::Token* line = Tok(c, P::STRING);
    if (!line) return Error(span);
    return Node<ast::PaidExpr>(span, ast::Ident{Text(line), SpanOf(line)}, Tok(c, P::THIS) != nullptr);
  }
  if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
    std::optional<ast::Ident> callee = Name(c->name());
    if (!callee) return Error(span);
    auto call = Node<ast::CallExpr>(span, *callee);
    for (P::ExprContext* arg : c->expr()) call->args.push_back(BuildExpr(arg, span));
    return call;
  }
  if (auto* c = dynamic_cast<P::MatchPrimaryContext*>(ctx)) return BuildMatch(c);
  if (dynamic_cast<P::ExistsPrimaryContext*>(ctx) || dynamic_cast<P::CountLinkPrimaryContext*>(ctx)) {
    return BuildLink(ctx);
  }
  if (auto* c = dynamic_cast<P::QualifiedPrimaryContext*>(ctx)) return BuildQualified(c);
  if (auto* c = dynamic_cast<P::NamePrimaryContext*>(ctx)) {
    std::optional<ast::Ident> name = Name(c->name());
    if (!name) return Error(span);
    return Node<ast::NameExpr>(name->span, name->text);
  }
  return BuildAggregate(ctx);
}

// `count P`, `count distinct E of P`, `percent of P`, `sum E of P`, `90th
// percentile E of P`, each with an optional `where C`.
ast::ExprPtr AstBuilder::BuildAggregate(P::PrimaryContext* ctx) {
  Span span = SpanOf(ctx);
  ast::AggregateOp op = ast::AggregateOp::Count;
  Span op_span = span;
  P::NameContext* source = nullptr;
  P::ExprContext* value = nullptr;
  P::ExprContext* condition = nullptr;
  int percentile = 0;
  // With a value, the condition is the second expression; without, the first.
  auto pick = [&](antlr4::ParserRuleContext* c, std::vector<P::ExprContext*> exprs, bool has_value) {
    size_t next = 0;
    if (has_value) value = exprs.size() > next ? exprs[next++] : nullptr;
    if (Tok(c, P::WHERE)) condition = exprs.size() > next ? exprs[next] : nullptr;
  };
  if (auto* c = dynamic_cast<P::CountPrimaryContext*>(ctx)) {
    op = ast::AggregateOp::Count;
    op_span = SpanOf(Tok(c, P::COUNT));
    source = c->name();
    if (Tok(c, P::WHERE)) condition = c->expr();
  } else if (auto* distinct = dynamic_cast<P::CountDistinctPrimaryContext*>(ctx)) {
    op = ast::AggregateOp::CountDistinct;
    op_span = Span::Join(SpanOf(Tok(distinct, P::COUNT)), SpanOf(Tok(distinct, P::DISTINCT)));
    source = distinct->name();
    pick(distinct, distinct->expr(), true);
  } else if (auto* percent_of = dynamic_cast<P::PercentOfPrimaryContext*>(ctx)) {
    op = ast::AggregateOp::PercentOf;
    op_span = Span::Join(SpanOf(Tok(percent_of, P::PERCENT)), SpanOf(Tok(percent_of, P::OF)));
    source = percent_of->name();
    if (Tok(percent_of, P::WHERE)) condition = percent_of->expr();
  } else if (auto* agg = dynamic_cast<P::AggregatePrimaryContext*>(ctx)) {
    if (!agg->aggOp) return Error(span);
    switch (agg->aggOp->getType()) {
      case P::SUM:
        op = ast::AggregateOp::Sum;
        break;
      case P::MEAN:
        op = ast::AggregateOp::Mean;
        break;
      case P::MEDIAN:
        op = ast::AggregateOp::Median;
        break;
      case P::MIN:
        op = ast::AggregateOp::Min;
        break;
      default:
        op = ast::AggregateOp::Max;
        break;
    }
    op_span = SpanOf(agg->aggOp);
    source = agg->name();
    pick(agg, agg->expr(), true);
  } else if (auto* pct = dynamic_cast<P::PercentilePrimaryContext*>(ctx)) {
    antlr4::Token* rank = Tok(pct, P::ORDINAL);
    if (!rank) return Error(span);
    std::optional<int> n = DecodeOrdinal(rank->getText(), SpanOf(rank), LiteralReporter(rank));
    if (!n) return Error(span);
    op = ast::AggregateOp::Percentile;
    op_span = Span::Join(SpanOf(rank), SpanOf(Tok(pct, P::PERCENTILE)));
    percentile = *n;
    source = pct->name();
    pick(pct, pct->expr(), true);
  } else {
    return Error(span);  // a primary the parser could not make out
  }
  std::optional<ast::Ident> source_name = Name(source);
  if (!source_name) return Error(span);
  auto aggregate = Node<ast::AggregateExpr>(span, op, op_span);
  aggregate->source = *source_name;
  aggregate->percentile = percentile;
  if (op != ast::AggregateOp::Count && op != ast::AggregateOp::PercentOf) {
    aggregate->value = BuildExpr(value, op_span);
  }
  if (condition) aggregate->condition = BuildExpr(condition, span);
  return aggregate;
}

ast::ExprPtr AstBuilder::BuildTiered(P::TieredPrimaryContext* ctx) {
  Span span = SpanOf(ctx);
  ast::ExprPtr amount = BuildExpr(ctx->expr(), span);
  auto tiered = Node<ast::TieredExpr>(span, std::move(amount));
  for (P::TierContext* tier : ctx->tier()) {
    ast::Tier out;
    out.span = SpanOf(tier);
    if (auto* t = dynamic_cast<P::FirstTierContext*>(tier)) {
      out.kind = ast::TierKind::First;
      out.limit = BuildExpr(t->expr(0), out.span);
      out.rate = BuildExpr(t->expr(1), out.span);
    } else if (auto* next = dynamic_cast<P::NextTierContext*>(tier)) {
      out.kind = ast::TierKind::Next;
      out.limit = BuildExpr(next->expr(0), out.span);
      out.rate = BuildExpr(next->expr(1), out.span);
    } else if (auto* rest = dynamic_cast<P::RestTierContext*>(tier)) {
      out.kind = ast::TierKind::Rest;
      out.rate = BuildExpr(rest->expr(), out.span);
    } else {
      continue;
    }
    tiered->tiers.push_back(std::move(out));
  }
  return tiered;
}

ast::ExprPtr AstBuilder::BuildLiteral(P::LiteralContext* ctx, Span fallback) {
  antlr4::Token* token = nullptr;
  for (size_t type : {P::NUMBER, P::PERCENT_LIT, P::MONEY, P::DATE, P::STRING, P::TRUE, P::FALSE}) {
    if (!token) token = Tok(ctx, type);
  }
  if (!token) return Error(fallback);
  Span span = SpanOf(token);
  std::string text = token->getText();
  Reporter& reporter = LiteralReporter(token);
  switch (token->getType()) {
    case P::NUMBER:
      if (std::optional<NumberValue> v = DecodeNumber(text, span, reporter)) {
        return Node<ast::NumberExpr>(span, v->value, v->is_integer);
      }
      break;
    case P::PERCENT_LIT:
      if (std::optional<Decimal> v = DecodePercent(text, span, reporter))
        return Node<ast::PercentExpr>(span, *v);
      break;
    case P::MONEY:
      if (std::optional<MoneyValue> v = DecodeMoney(text, span, reporter)) {
        return Node<ast::MoneyExpr>(span, v->amount, v->currency);
      }
      break;
    case P::DATE:
      if (std::optional<Date> v = DecodeDate(text, span, reporter)) return Node<ast::DateExpr>(span, *v);
      break;
    case P::STRING:
      return Node<ast::TextExpr>(span, DecodeText(text, span, reporter));
    case P::TRUE:
      return Node<ast::BoolExpr>(span, true);
    case P::FALSE:
      return Node<ast::BoolExpr>(span, false);
    default:
      break;
  }
  return Error(span);
}

}  // namespace ocf::parse
