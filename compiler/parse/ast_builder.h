// The AST builder: the one place that turns ANTLR's parse tree into ocf's own
// syntax tree (compiler/ast).
//
// It walks the labelled contexts with plain recursive functions (dispatching
// with dynamic_cast on the `*Context` classes), decodes every literal
// (compiler/parse/literals.h) and numbers the nodes densely from 1.
//
// The parse tree may be broken where a syntax error was reported: any child may
// be absent, or present but empty. The builder never trusts a child to exist.
// A missing expression becomes an ErrorExpr (sema stays quiet about those); a
// declaration or item whose name is missing is left out, since nothing could
// refer to it anyway.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "OcfParser.h"
#include "compiler/ast/ast.h"
#include "compiler/parse/reporter.h"
#include "compiler/source/source.h"

namespace ocf::parse {

class AstBuilder {
 public:
  // Expressions nested deeper than this (a 200,000-term `1 + 1 + ...` is one
  // level per `+`) are reported as E0106 rather than built: later stages
  // recurse over the tree, and so does destroying it.
  static constexpr int kMaxExprDepth = 2000;

  // `syntax_error_tokens`: token indexes where a syntax error was reported, so
  // the builder does not report a second error about the same mistake.
  // `glued_to_bad_character`: start offsets of tokens right after a dropped
  // character (see LexedTokens); their literal values are not reported on.
  AstBuilder(const SourceFile& source, uint32_t source_id, Reporter& reporter,
             std::vector<size_t> syntax_error_tokens, std::vector<size_t> glued_to_bad_character);

  ast::File Build(const std::vector<ocf_grammar::OcfParser::DeclContext*>& decls);

 private:
  using P = ocf_grammar::OcfParser;

  template <typename T, typename... Args>
  std::unique_ptr<T> Node(Args&&... args) {
    auto node = std::make_unique<T>(std::forward<Args>(args)...);
    node->id = next_id_++;
    return node;
  }

  // ---- declarations (ast_builder.cc)
  ast::DeclPtr BuildDecl(P::DeclContext* ctx);
  ast::DeclPtr BuildContract(P::ContractDeclContext* ctx);
  void BuildContractItem(P::ContractItemContext* ctx, ast::ContractDecl& contract);
  ast::DeclPtr BuildImport(P::ImportDeclContext* ctx);
  ast::DeclPtr BuildData(P::DataDeclContext* ctx);
  ast::DeclPtr BuildPopulation(P::PopulationDeclContext* ctx);
  ast::DeclPtr BuildLet(P::LetDeclContext* ctx);
  ast::DeclPtr BuildInput(P::InputDeclContext* ctx);
  ast::DeclPtr BuildFunction(P::FunctionDeclContext* ctx);
  ast::DeclPtr BuildMeasure(P::MeasureDeclContext* ctx);
  std::optional<ast::Window> BuildWindow(P::OverClauseContext* ctx);
  ast::DeclPtr BuildTarget(P::TargetDeclContext* ctx);
  ast::DeclPtr BuildOutcome(P::OutcomeDeclContext* ctx);
  ast::DeclPtr BuildPayment(P::PaymentDeclContext* ctx);
  ast::DeclPtr BuildTest(P::TestDeclContext* ctx);
  void BuildTestItem(P::TestItemContext* ctx, ast::TestDecl& test);
  void BuildTable(P::GivenTableContext* ctx, ast::TestItem& item);
  ast::TypeExpr BuildType(P::TypeContext* ctx, Span fallback);

  // ---- §6's structural constructs (structure_builder.cc)
  ast::DeclPtr BuildTypeDecl(P::TypeDeclContext* ctx);
  ast::DeclPtr BuildGate(P::GateDeclContext* ctx);
  ast::ExprPtr BuildMatch(P::MatchPrimaryContext* ctx);
  ast::ExprPtr BuildCaseBound(P::CaseBoundContext* ctx, Span fallback);
  ast::ExprPtr BuildLink(P::PrimaryContext* ctx);
  ast::ExprPtr BuildQualified(P::QualifiedPrimaryContext* ctx);
  // Gives every type written as a name that a `type` declaration of this
  // file declares (`provider : member`) that declaration's values, so later
  // stages see an enumeration like any other; sema reports the rest.
  static void ResolveNamedTypes(ast::File& file);

  // ---- expressions (expr_builder.cc)
  ast::ExprPtr BuildExpr(P::ExprContext* ctx, Span fallback);
  ast::ExprPtr BuildExprKind(P::ExprContext* ctx);
  ast::ExprPtr BuildBinary(P::ExprContext* ctx, ast::BinaryOp op, const antlr4::Token* op_token,
                           P::ExprContext* lhs, P::ExprContext* rhs);
  ast::ExprPtr BuildPrimary(P::PrimaryContext* ctx, Span fallback);
  ast::ExprPtr BuildLiteral(P::LiteralContext* ctx, Span fallback);
  ast::ExprPtr BuildAggregate(P::PrimaryContext* ctx);
  ast::ExprPtr BuildTiered(P::TieredPrimaryContext* ctx);
  ast::ExprPtr Error(Span span) { return Node<ast::ErrorExpr>(span); }

  // ---- parse tree access (ast_builder.cc)
  // The n-th real token of `type` among ctx's direct children (not one that
  // error recovery conjured or skipped).
  static antlr4::Token* Tok(antlr4::ParserRuleContext* ctx, size_t type, size_t n = 0);
  // Whether the parser mended this rule: a token it conjured or skipped.
  static bool Mended(antlr4::ParserRuleContext* ctx);
  std::vector<antlr4::Token*> Toks(antlr4::ParserRuleContext* ctx, size_t type);
  Span SpanOf(const antlr4::Token* token) const;
  Span SpanOf(antlr4::ParserRuleContext* ctx) const;
  std::optional<ast::Ident> Name(P::NameContext* ctx) const;
  std::string Text(const antlr4::Token* string_token);
  // A text literal that names a file: refused characters are reported (E0119).
  std::string PathText(const antlr4::Token* string_token);
  std::string Slice(antlr4::ParserRuleContext* ctx) const;
  // Whether a syntax error was reported from `ctx`'s first token to the token
  // just after it.
  bool HadSyntaxError(antlr4::ParserRuleContext* ctx) const;
  // Where to report what is wrong with the literal starting at `token`.
  Reporter& LiteralReporter(const antlr4::Token* token);

  const SourceFile& source_;
  uint32_t source_id_;
  Reporter& reporter_;
  std::vector<size_t> syntax_error_tokens_;     // sorted
  std::vector<size_t> glued_to_bad_character_;  // sorted
  DiagnosticSink quiet_sink_;
  Reporter quiet_{quiet_sink_, 1 << 30};
  ast::NodeId next_id_ = 1;
  int depth_ = 0;
  bool depth_reported_ = false;
};

}  // namespace ocf::parse
