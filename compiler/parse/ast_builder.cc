#include "compiler/parse/ast_builder.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "compiler/parse/lexing.h"
#include "compiler/parse/literals.h"

namespace ocf::parse {
namespace {

using P = ocf_grammar::OcfParser;

// What a policy author may have meant by a type name ocf does not have.
std::string SuggestType(const std::string& word, ast::BaseType* base) {
  struct Near {
    std::string_view written;
    std::string_view meant;
    ast::BaseType base;
  };
  static constexpr Near kNear[] = {
      {"integer", "int", ast::BaseType::Int},
      {"integers", "int", ast::BaseType::Int},
      {"long", "int", ast::BaseType::Int},
      {"whole", "int", ast::BaseType::Int},
      {"count", "int", ast::BaseType::Int},
      {"number", "decimal", ast::BaseType::Decimal},
      {"numeric", "decimal", ast::BaseType::Decimal},
      {"float", "decimal", ast::BaseType::Decimal},
      {"double", "decimal", ast::BaseType::Decimal},
      {"real", "decimal", ast::BaseType::Decimal},
      {"string", "text", ast::BaseType::Text},
      {"str", "text", ast::BaseType::Text},
      {"varchar", "text", ast::BaseType::Text},
      {"char", "text", ast::BaseType::Text},
      {"boolean", "bool", ast::BaseType::Bool},
      {"logical", "bool", ast::BaseType::Bool},
      {"flag", "bool", ast::BaseType::Bool},
      {"yesno", "bool", ast::BaseType::Bool},
      {"currency", "money", ast::BaseType::Money},
      {"gbp", "money", ast::BaseType::Money},
      {"pounds", "money", ast::BaseType::Money},
      {"amount", "money", ast::BaseType::Money},
      {"cash", "money", ast::BaseType::Money},
      {"percentage", "percent", ast::BaseType::Percent},
      {"pct", "percent", ast::BaseType::Percent},
      {"rate", "percent", ast::BaseType::Percent},
      {"ratio", "percent", ast::BaseType::Percent},
      {"proportion", "percent", ast::BaseType::Percent},
      {"datetime", "date", ast::BaseType::Date},
      {"timestamp", "date", ast::BaseType::Date},
      {"day", "date", ast::BaseType::Date},
      {"time", "date", ast::BaseType::Date},
      {"identifier", "id", ast::BaseType::Id},
      {"uuid", "id", ast::BaseType::Id},
      {"ref", "id", ast::BaseType::Id},
      {"reference", "id", ast::BaseType::Id},
      {"code", "id", ast::BaseType::Id},
      {"period", "duration", ast::BaseType::Duration},
      {"interval", "duration", ast::BaseType::Duration},
      {"days", "duration", ast::BaseType::Duration},
      {"timespan", "duration", ast::BaseType::Duration},
      {"enum", "one of (a, b)", ast::BaseType::Text},
      {"enumeration", "one of (a, b)", ast::BaseType::Text},
      {"choice", "one of (a, b)", ast::BaseType::Text},
  };
  std::string lower = word;
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (const Near& n : kNear) {
    if (lower == n.written) {
      *base = n.base;
      return std::string(n.meant);
    }
  }
  static constexpr std::array<std::pair<std::string_view, ast::BaseType>, 9> kTypes = {{
      {"int", ast::BaseType::Int},
      {"decimal", ast::BaseType::Decimal},
      {"percent", ast::BaseType::Percent},
      {"money", ast::BaseType::Money},
      {"bool", ast::BaseType::Bool},
      {"date", ast::BaseType::Date},
      {"duration", ast::BaseType::Duration},
      {"text", ast::BaseType::Text},
      {"id", ast::BaseType::Id},
  }};
  for (const auto& [name, type] : kTypes) {
    if (lower == name || EditDistance(lower, name) <= (name.size() > 3 ? 2u : 1u)) {
      *base = type;
      return std::string(name);
    }
  }
  return "";
}

// The message for a contract field whose value is missing or of the wrong kind.
std::optional<std::pair<std::string, std::string>> FieldUsage(const std::string& field) {
  if (field == "commissioner")
    return std::pair{"`commissioner` needs the commissioner's name in quotes",
                     "write `commissioner \"NHS Bedfordshire CCG\"`"};
  if (field == "provider")
    return std::pair{"`provider` needs the provider's name in quotes",
                     "write `provider \"MSK prime provider consortium\"`"};
  if (field == "term")
    return std::pair{"`term` needs its first and last day", "write `term 2014-04-01 to 2019-03-31`"};
  if (field == "baseline")
    return std::pair{"`baseline` needs its first and last day",
                     "write the year before the term, e.g. `baseline 2013-04-01 to 2014-03-31`"};
  if (field == "periods")
    return std::pair{"`periods` needs `monthly`, `quarterly` or `yearly`", "write e.g. `periods quarterly`"};
  if (field == "currency") return std::pair{"`currency` needs a currency code", "write e.g. `currency GBP`"};
  return std::nullopt;
}

}  // namespace

AstBuilder::AstBuilder(const SourceFile& source, uint32_t source_id, Reporter& reporter,
                       std::vector<size_t> syntax_error_tokens, std::vector<size_t> glued_to_bad_character)
    : source_(source),
      source_id_(source_id),
      reporter_(reporter),
      syntax_error_tokens_(std::move(syntax_error_tokens)) {
  std::sort(syntax_error_tokens_.begin(), syntax_error_tokens_.end());
  glued_to_bad_character_ = std::move(glued_to_bad_character);
  std::sort(glued_to_bad_character_.begin(), glued_to_bad_character_.end());
}

Reporter& AstBuilder::LiteralReporter(const antlr4::Token* token) {
  bool glued = token && std::binary_search(glued_to_bad_character_.begin(), glued_to_bad_character_.end(),
                                           token->getStartIndex());
  return glued ? quiet_ : reporter_;
}

ast::File AstBuilder::Build(const std::vector<P::DeclContext*>& decls) {
  ast::File file;
  file.source_id = source_id_;
  for (P::DeclContext* ctx : decls) {
    if (ast::DeclPtr decl = BuildDecl(ctx)) file.decls.push_back(std::move(decl));
  }
  ResolveNamedTypes(file);
  file.node_count = next_id_;
  return file;
}

// ------------------------------------------------------------ tree access

bool AstBuilder::Mended(antlr4::ParserRuleContext* ctx) {
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (dynamic_cast<antlr4::tree::ErrorNode*>(child)) return true;
    auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (terminal && terminal->getSymbol() && terminal->getSymbol()->getTokenIndex() == INVALID_INDEX)
      return true;
  }
  return false;
}

antlr4::Token* AstBuilder::Tok(antlr4::ParserRuleContext* ctx, size_t type, size_t n) {
  if (!ctx) return nullptr;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (!terminal || dynamic_cast<antlr4::tree::ErrorNode*>(child)) continue;
    antlr4::Token* token = terminal->getSymbol();
    if (!token || token->getType() != type || token->getTokenIndex() == INVALID_INDEX) continue;
    if (n-- == 0) return token;
  }
  return nullptr;
}

std::vector<antlr4::Token*> AstBuilder::Toks(antlr4::ParserRuleContext* ctx, size_t type) {
  std::vector<antlr4::Token*> out;
  for (size_t i = 0; antlr4::Token* t = Tok(ctx, type, i); ++i) out.push_back(t);
  return out;
}

Span AstBuilder::SpanOf(const antlr4::Token* token) const { return TokenSpan(token, source_id_); }

Span AstBuilder::SpanOf(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return Span{source_id_, 0, 0};
  Span start = SpanOf(ctx->getStart());
  if (ctx->getStart()->getType() == antlr4::Token::EOF) return Span{source_id_, start.begin, start.begin};
  const antlr4::Token* stop = ctx->getStop();
  if (!stop || stop->getTokenIndex() == INVALID_INDEX ||
      stop->getTokenIndex() < ctx->getStart()->getTokenIndex() || stop->getType() == antlr4::Token::EOF) {
    return start;
  }
  return Span::Join(start, SpanOf(stop));
}

std::optional<ast::Ident> AstBuilder::Name(P::NameContext* ctx) const {
  if (!ctx) return std::nullopt;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    auto* terminal = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (!terminal || dynamic_cast<antlr4::tree::ErrorNode*>(child)) continue;
    antlr4::Token* token = terminal->getSymbol();
    if (!token || token->getTokenIndex() == INVALID_INDEX || token->getType() == antlr4::Token::EOF) continue;
    return ast::Ident{token->getText(), SpanOf(token)};
  }
  return std::nullopt;
}

std::string AstBuilder::Text(const antlr4::Token* string_token) {
  return DecodeText(string_token->getText(), SpanOf(string_token), reporter_);
}

std::string AstBuilder::PathText(const antlr4::Token* string_token) {
  return DecodePath(string_token->getText(), SpanOf(string_token), reporter_, source_.invalid_utf8());
}

std::string AstBuilder::Slice(antlr4::ParserRuleContext* ctx) const {
  return std::string(source_.Slice(SpanOf(ctx)));
}

bool AstBuilder::HadSyntaxError(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return false;
  size_t first = ctx->getStart()->getTokenIndex();
  size_t last =
      ctx->getStop() && ctx->getStop()->getTokenIndex() >= first ? ctx->getStop()->getTokenIndex() : first;
  auto it = std::lower_bound(syntax_error_tokens_.begin(), syntax_error_tokens_.end(), first);
  return it != syntax_error_tokens_.end() && *it <= last + 1;
}

// ----------------------------------------------------------- declarations

ast::DeclPtr AstBuilder::BuildDecl(P::DeclContext* ctx) {
  depth_ = 0;
  depth_reported_ = false;
  if (auto* c = dynamic_cast<P::ContractDeclContext*>(ctx)) return BuildContract(c);
  if (auto* c = dynamic_cast<P::ImportDeclContext*>(ctx)) return BuildImport(c);
  if (auto* c = dynamic_cast<P::DataDeclContext*>(ctx)) return BuildData(c);
  if (auto* c = dynamic_cast<P::PopulationDeclContext*>(ctx)) return BuildPopulation(c);
  if (auto* c = dynamic_cast<P::LetDeclContext*>(ctx)) return BuildLet(c);
  if (auto* c = dynamic_cast<P::InputDeclContext*>(ctx)) return BuildInput(c);
  if (auto* c = dynamic_cast<P::FunctionDeclContext*>(ctx)) return BuildFunction(c);
  if (auto* c = dynamic_cast<P::MeasureDeclContext*>(ctx)) return BuildMeasure(c);
  if (auto* c = dynamic_cast<P::TargetDeclContext*>(ctx)) return BuildTarget(c);
  if (auto* c = dynamic_cast<P::OutcomeDeclContext*>(ctx)) return BuildOutcome(c);
  if (auto* c = dynamic_cast<P::PaymentDeclContext*>(ctx)) return BuildPayment(c);
  if (auto* c = dynamic_cast<P::TestDeclContext*>(ctx)) return BuildTest(c);
  if (auto* c = dynamic_cast<P::TypeDeclContext*>(ctx)) return BuildTypeDecl(c);
  if (auto* c = dynamic_cast<P::GateDeclContext*>(ctx)) return BuildGate(c);
  return nullptr;  // the parser could not tell which declaration it was
}

ast::DeclPtr AstBuilder::BuildContract(P::ContractDeclContext* ctx) {
  auto decl = Node<ast::ContractDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::CONTRACT));
  if (antlr4::Token* title = Tok(ctx, P::STRING)) {
    decl->title = Text(title);
    decl->title_span = SpanOf(title);
  }
  for (P::ContractItemContext* item : ctx->contractItem()) BuildContractItem(item, *decl);
  return decl;
}

void AstBuilder::BuildContractItem(P::ContractItemContext* ctx, ast::ContractDecl& contract) {
  Span span = SpanOf(ctx);
  auto field = [&](antlr4::Token* keyword) {
    if (keyword) contract.fields.push_back({ast::Ident{keyword->getText(), SpanOf(keyword)}, span});
  };
  if (auto* c = dynamic_cast<P::CommissionerItemContext*>(ctx)) {
    field(Tok(c, P::COMMISSIONER));
    if (antlr4::Token* s = Tok(c, P::STRING); s && !contract.commissioner) contract.commissioner = Text(s);
  } else if (auto* provider = dynamic_cast<P::ProviderItemContext*>(ctx)) {
    field(Tok(provider, P::PROVIDER));
    if (antlr4::Token* s = Tok(provider, P::STRING)) contract.providers.push_back(Text(s));
  } else if (auto* term = dynamic_cast<P::TermItemContext*>(ctx)) {
    field(Tok(term, P::TERM));
    antlr4::Token* from = Tok(term, P::DATE, 0);
    antlr4::Token* to = Tok(term, P::DATE, 1);
    if (from && to) {
      contract.term_start = DecodeDate(from->getText(), SpanOf(from), reporter_);
      contract.term_end = DecodeDate(to->getText(), SpanOf(to), reporter_);
      contract.term_span = span;
    }
  } else if (auto* baseline = dynamic_cast<P::BaselineItemContext*>(ctx)) {
    field(Tok(baseline, P::BASELINE));
    antlr4::Token* from = Tok(baseline, P::DATE, 0);
    antlr4::Token* to = Tok(baseline, P::DATE, 1);
    if (from && to) {
      contract.baseline_start = DecodeDate(from->getText(), SpanOf(from), reporter_);
      contract.baseline_end = DecodeDate(to->getText(), SpanOf(to), reporter_);
      contract.baseline_span = span;
    }
  } else if (auto* periods = dynamic_cast<P::PeriodsItemContext*>(ctx)) {
    field(Tok(periods, P::PERIODS));
    if (std::optional<ast::Ident> word = Name(periods->name())) {
      contract.periods = DecodeFrequency(word->text, word->span, "reporting period", reporter_);
      contract.periods_span = word->span;
    }
  } else if (auto* currency = dynamic_cast<P::CurrencyItemContext*>(ctx)) {
    field(Tok(currency, P::CURRENCY));
    contract.currency = Name(currency->name());
  } else if (auto* unknown = dynamic_cast<P::UnknownContractItemContext*>(ctx)) {
    std::optional<ast::Ident> name = Name(unknown->name());
    if (!name) return;
    contract.fields.push_back({*name, span});
    // A known field that lost its value: say what it needs (sema only checks names).
    if (auto usage = FieldUsage(name->text); usage && !HadSyntaxError(unknown)) {
      reporter_.Report(DiagCode::SyntaxError, span, usage->first).Help(usage->second);
    }
  }
}

ast::DeclPtr AstBuilder::BuildImport(P::ImportDeclContext* ctx) {
  antlr4::Token* path = Tok(ctx, P::STRING);
  if (!path) return nullptr;
  auto decl = Node<ast::ImportDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::IMPORT));
  decl->path = PathText(path);
  decl->path_span = SpanOf(path);
  return decl;
}

ast::DeclPtr AstBuilder::BuildData(P::DataDeclContext* ctx) {
  std::vector<P::NameContext*> names = ctx->name();
  std::optional<ast::Ident> name = Name(names.empty() ? nullptr : names[0]);
  if (!name) return nullptr;
  auto decl = Node<ast::DataDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::DATA));
  decl->name = *name;
  if (antlr4::Token* title = Tok(ctx, P::STRING)) decl->title = Text(title);
  if (Tok(ctx, P::DATED) && names.size() > 1) decl->dated_by = Name(names[1]);
  for (P::DataItemContext* item : ctx->dataItem()) {
    if (auto* c = dynamic_cast<P::ColumnItemContext*>(item)) {
      std::optional<ast::Ident> column = Name(c->name());
      if (!column) continue;
      ast::ColumnDecl col;
      col.id = next_id_++;
      col.name = *column;
      col.type = BuildType(c->type(), column->span);
      col.key = Tok(c, P::KEY) != nullptr;
      col.span = SpanOf(c);
      decl->columns.push_back(std::move(col));
    } else if (auto* check = dynamic_cast<P::CheckItemContext*>(item)) {
      ast::CheckRule rule;
      rule.span = SpanOf(check);
      rule.condition = BuildExpr(check->expr(), rule.span);
      if (antlr4::Token* message = Tok(check, P::STRING)) rule.message = Text(message);
      decl->checks.push_back(std::move(rule));
    } else if (auto* date_format = dynamic_cast<P::DateFormatItemContext*>(item)) {
      if (antlr4::Token* format = Tok(date_format, P::STRING)) {
        decl->date_formats.emplace_back(Text(format), SpanOf(format));
      }
    }
  }
  return decl;
}

ast::DeclPtr AstBuilder::BuildPopulation(P::PopulationDeclContext* ctx) {
  std::vector<P::NameContext*> names = ctx->name();
  std::optional<ast::Ident> name = Name(names.empty() ? nullptr : names[0]);
  std::optional<ast::Ident> source = Name(names.size() > 1 ? names[1] : nullptr);
  if (!name || !source) return nullptr;
  auto decl = Node<ast::PopulationDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::POPULATION));
  decl->name = *name;
  decl->source = *source;
  if (antlr4::Token* where = Tok(ctx, P::WHERE)) decl->condition = BuildExpr(ctx->expr(), SpanOf(where));
  return decl;
}

ast::DeclPtr AstBuilder::BuildLet(P::LetDeclContext* ctx) {
  std::optional<ast::Ident> name = Name(ctx->name());
  if (!name) return nullptr;
  auto decl = Node<ast::LetDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::LET));
  decl->name = *name;
  decl->value = BuildExpr(ctx->expr(), SpanOf(ctx));
  return decl;
}

ast::DeclPtr AstBuilder::BuildInput(P::InputDeclContext* ctx) {
  std::optional<ast::Ident> name = Name(ctx->name());
  if (!name) return nullptr;
  auto decl = Node<ast::InputDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::INPUT));
  decl->name = *name;
  decl->type = BuildType(ctx->type(), name->span);
  if (antlr4::Token* title = Tok(ctx, P::STRING)) decl->title = Text(title);
  return decl;
}

ast::DeclPtr AstBuilder::BuildFunction(P::FunctionDeclContext* ctx) {
  std::optional<ast::Ident> name = Name(ctx->name());
  if (!name) return nullptr;
  auto decl = Node<ast::FunctionDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::FUNCTION));
  decl->name = *name;
  for (P::ParamContext* p : ctx->param()) {
    std::optional<ast::Ident> param = Name(p->name());
    if (!param) continue;
    ast::Param out;
    out.id = next_id_++;
    out.name = *param;
    out.type = BuildType(p->type(), param->span);
    decl->params.push_back(std::move(out));
  }
  if (Tok(ctx, P::COLON) && ctx->type()) decl->result = BuildType(ctx->type(), SpanOf(Tok(ctx, P::COLON)));
  decl->body = BuildExpr(ctx->expr(), SpanOf(ctx));
  return decl;
}

ast::DeclPtr AstBuilder::BuildMeasure(P::MeasureDeclContext* ctx) {
  std::optional<ast::Ident> name = Name(ctx->name());
  if (!name) return nullptr;
  auto decl = Node<ast::MeasureDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::MEASURE));
  decl->name = *name;
  if (antlr4::Token* title = Tok(ctx, P::STRING)) decl->title = Text(title);
  if (Tok(ctx, P::COLON) && ctx->type())
    decl->declared_type = BuildType(ctx->type(), SpanOf(Tok(ctx, P::COLON)));
  for (P::MeasureClauseContext* clause : ctx->measureClause()) {
    if (auto* by = dynamic_cast<P::ByClauseContext*>(clause)) {
      std::optional<ast::Ident> column = Name(by->name());
      if (!column) continue;
      if (decl->by) {
        reporter_.Report(DiagCode::SyntaxError, SpanOf(by), "a measure is grouped `by` one column")
            .Help(fmt::format("keep one of `by {}` and `by {}`", decl->by->text, column->text));
        continue;
      }
      decl->by = column;
    } else if (auto* over = dynamic_cast<P::OverClauseContext*>(clause)) {
      std::optional<ast::Window> window = BuildWindow(over);
      if (!window) continue;
      if (decl->over) {
        reporter_.Report(DiagCode::BadWindow, window->span, "a measure has one window")
            .Help("keep one `over ...`: a measure over another window is a measure of its own");
        continue;
      }
      decl->over = window;
    }
  }
  decl->value = BuildExpr(ctx->expr(), SpanOf(ctx));
  return decl;
}

// `over last N months|quarters|years`, `over year to date`, `over term to date`.
std::optional<ast::Window> AstBuilder::BuildWindow(P::OverClauseContext* ctx) {
  ast::Window w;
  w.span = SpanOf(ctx);
  P::WindowContext* window = ctx->window();
  if (dynamic_cast<P::YearToDateWindowContext*>(window)) {
    w.kind = ast::Window::Kind::YearToDate;
    return w;
  }
  if (dynamic_cast<P::TermToDateWindowContext*>(window)) {
    w.kind = ast::Window::Kind::TermToDate;
    return w;
  }
  auto* last = dynamic_cast<P::LastWindowContext*>(window);
  antlr4::Token* number = last ? Tok(last, P::NUMBER) : nullptr;
  antlr4::Token* unit = last ? Tok(last, P::IDENT) : nullptr;
  if (last && !unit) unit = Tok(last, P::YEAR);
  if (!number || !unit) return std::nullopt;
  const std::string text = number->getText(), word = unit->getText();
  int64_t per = word == "month" || word == "months"       ? 1
                : word == "quarter" || word == "quarters" ? 3
                : word == "year" || word == "years"       ? 12
                                                          : 0;
  if (!per) {
    reporter_
        .Report(DiagCode::BadWindow, SpanOf(unit), fmt::format("a window cannot be counted in `{}`", word))
        .Help(fmt::format("windows are whole months, quarters or years: `over last {} months`", text));
    return std::nullopt;
  }
  int64_t n = 0;
  bool whole = text.find('.') == std::string::npos;
  for (char c : text)
    if (c >= '0' && c <= '9' && n <= 1200) n = n * 10 + (c - '0');
  if (!whole || n < 1 || n * per > 1200) {
    reporter_
        .Report(DiagCode::BadWindow, SpanOf(number),
                fmt::format("a window of {} {} is not one ocf can read", text, word))
        .Help(
            "a window is a whole number of months, quarters or years, at least 1 and at most 100 years: "
            "`over last 12 months`");
    return std::nullopt;
  }
  w.months = n * per;
  return w;
}

ast::DeclPtr AstBuilder::BuildTarget(P::TargetDeclContext* ctx) {
  std::optional<ast::Ident> measure = Name(ctx->name());
  if (!measure) return nullptr;
  auto decl = Node<ast::TargetDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::TARGET));
  decl->measure = *measure;
  P::TargetRuleContext* rule = ctx->targetRule();
  Span fallback = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::AtLeastTargetContext*>(rule)) {
    decl->target_kind = ast::TargetKind::AtLeast;
    decl->threshold = BuildExpr(c->expr(), fallback);
  } else if (auto* at_most = dynamic_cast<P::AtMostTargetContext*>(rule)) {
    decl->target_kind = ast::TargetKind::AtMost;
    decl->threshold = BuildExpr(at_most->expr(), fallback);
  } else if (auto* range = dynamic_cast<P::RangeTargetContext*>(rule)) {
    decl->target_kind = ast::TargetKind::Range;
    decl->threshold = BuildExpr(range->expr(0), fallback);
    decl->to = BuildExpr(range->expr(1), fallback);
  } else if (auto* change = dynamic_cast<P::ChangeTargetContext*>(rule)) {
    decl->target_kind = ast::TargetKind::Change;
    decl->increase = change->direction && change->direction->getType() == P::INCREASED;
    decl->threshold = BuildExpr(change->expr(), fallback);
    if (antlr4::Token* points = Tok(change, P::POINTS)) {
      decl->points = true;
      decl->points_span = SpanOf(points);
    }
  } else {
    decl->threshold = Error(fallback);
  }
  return decl;
}

ast::DeclPtr AstBuilder::BuildOutcome(P::OutcomeDeclContext* ctx) {
  std::optional<ast::Ident> name = Name(ctx->name());
  if (!name) return nullptr;
  auto decl = Node<ast::OutcomeDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::OUTCOME));
  decl->name = *name;
  if (antlr4::Token* title = Tok(ctx, P::STRING)) decl->title = Text(title);
  if (antlr4::Token* weight = Tok(ctx, P::WEIGHT)) decl->weight = BuildExpr(ctx->expr(), SpanOf(weight));
  P::OutcomeItemContext* previous = nullptr;
  for (P::OutcomeItemContext* item : ctx->outcomeItem()) {
    std::optional<ast::Ident> measure = Name(item->name());
    if (!measure) continue;
    // `m1 weight` with the percentage left out reads as two measures, `m1`
    // and `weight`: say what is missing instead.
    antlr4::Token* word = item->name()->getStart();
    if (word->getType() == P::WEIGHT && !Tok(item, P::WEIGHT) && previous && previous->getStop() &&
        previous->getStop()->getLine() == word->getLine()) {
      reporter_.Report(DiagCode::SyntaxError, SpanOf(word), "`weight` needs a percentage after it")
          .Help(fmt::format("write e.g. `{} weight 50%`", previous->getStart()->getText()));
      previous = item;
      continue;
    }
    previous = item;
    ast::OutcomeMeasure out;
    out.measure = *measure;
    out.span = SpanOf(item);
    if (antlr4::Token* weight = Tok(item, P::WEIGHT)) out.weight = BuildExpr(item->expr(), SpanOf(weight));
    decl->measures.push_back(std::move(out));
  }
  return decl;
}

ast::DeclPtr AstBuilder::BuildPayment(P::PaymentDeclContext* ctx) {
  auto decl = Node<ast::PaymentDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::PAYMENT));
  if (std::optional<ast::Ident> word = Name(ctx->name(0))) {
    decl->frequency_word = *word;
    decl->frequency = DecodeFrequency(word->text, word->span, "payment frequency", reporter_);
  }
  if (Tok(ctx, P::BY)) decl->by = Name(ctx->name(1));
  for (P::PaymentItemContext* item : ctx->paymentItem()) {
    if (auto* c = dynamic_cast<P::PaymentLetContext*>(item)) {
      std::optional<ast::Ident> name = Name(c->name());
      if (!name) continue;
      ast::PaymentItem out;
      out.id = next_id_++;
      out.is_let = true;
      out.name = *name;
      out.span = SpanOf(c);
      out.value = BuildExpr(c->expr(), out.span);
      decl->items.push_back(std::move(out));
    } else if (auto* pay = dynamic_cast<P::PayLineContext*>(item)) {
      antlr4::Token* line = Tok(pay, P::STRING);
      if (!line) continue;
      ast::PaymentItem out;
      out.id = next_id_++;
      out.shadow = Tok(pay, P::SHADOW) != nullptr;
      out.name = ast::Ident{Text(line), SpanOf(line)};
      out.span = SpanOf(pay);
      // A line the parser had to mend (`pay "Core" by provider = ...` lacks
      // its `=` where it was expected) is reported there once; what it
      // guessed the amount to be is not checked again.
      out.value = Mended(pay) ? Error(out.span) : BuildExpr(pay->expr(), out.span);
      decl->items.push_back(std::move(out));
    }
  }
  return decl;
}

ast::DeclPtr AstBuilder::BuildTest(P::TestDeclContext* ctx) {
  auto decl = Node<ast::TestDecl>(SpanOf(ctx));
  decl->keyword_span = SpanOf(Tok(ctx, P::TEST));
  if (antlr4::Token* name = Tok(ctx, P::STRING)) {
    decl->name = Text(name);
    decl->name_span = SpanOf(name);
  } else {
    decl->name_span = decl->keyword_span;
  }
  for (P::TestItemContext* item : ctx->testItem()) BuildTestItem(item, *decl);
  return decl;
}

void AstBuilder::BuildTestItem(P::TestItemContext* ctx, ast::TestDecl& test) {
  ast::TestItem item;
  item.span = SpanOf(ctx);
  if (auto* c = dynamic_cast<P::GivenTableContext*>(ctx)) {
    std::optional<ast::Ident> name = Name(c->name());
    if (!name) return;
    item.kind = ast::TestItemKind::GivenTable;
    item.name = *name;
    BuildTable(c, item);
  } else if (auto* file = dynamic_cast<P::GivenFileContext*>(ctx)) {
    std::optional<ast::Ident> name = Name(file->name());
    antlr4::Token* path = Tok(file, P::STRING);
    if (!name || !path) return;
    item.kind = ast::TestItemKind::GivenFile;
    item.name = *name;
    item.path = PathText(path);
    item.path_span = SpanOf(path);
  } else if (auto* set = dynamic_cast<P::SetInputContext*>(ctx)) {
    std::optional<ast::Ident> name = Name(set->name());
    if (!name) return;
    item.kind = ast::TestItemKind::Set;
    item.name = *name;
    item.value = BuildExpr(set->expr(), item.span);
  } else if (dynamic_cast<P::ExpectValueContext*>(ctx) || dynamic_cast<P::ExpectMissingContext*>(ctx)) {
    auto* value = dynamic_cast<P::ExpectValueContext*>(ctx);
    auto* missing = dynamic_cast<P::ExpectMissingContext*>(ctx);
    P::ExpectSubjectContext* subject = value ? value->expectSubject() : missing->expectSubject();
    item.kind = ast::TestItemKind::Expect;
    if (antlr4::Token* group = Tok(subject, P::FOR) ? Toks(subject, P::STRING).back() : nullptr) {
      item.group = Text(group);
      item.group_span = SpanOf(group);
    }
    if (auto* s = dynamic_cast<P::ExpectAchievementContext*>(subject)) {
      item.subject = ast::ExpectSubject::Achievement;
      if (Tok(s, P::OF)) {
        std::optional<ast::Ident> outcome = Name(s->name());
        if (!outcome) return;
        item.name = *outcome;
      } else {
        item.name.span = SpanOf(s);
      }
    } else if (auto* total = dynamic_cast<P::ExpectPaymentTotalContext*>(subject)) {
      item.subject = ast::ExpectSubject::PaymentTotal;
      item.name.span = SpanOf(total);
    } else if (auto* line_subject = dynamic_cast<P::ExpectPaymentLineContext*>(subject)) {
      antlr4::Token* line = Tok(line_subject, P::STRING);
      if (!line) return;
      item.subject = ast::ExpectSubject::PaymentLine;
      item.payment_line = Text(line);
      item.name.span = SpanOf(line);
    } else if (auto* measure_subject = dynamic_cast<P::ExpectMeasureContext*>(subject)) {
      std::optional<ast::Ident> measure = Name(measure_subject->name());
      if (!measure) return;
      item.subject = ast::ExpectSubject::Measure;
      item.name = *measure;
    } else {
      return;  // the parser could not make out what is expected
    }
    antlr4::ParserRuleContext* rule = value ? static_cast<antlr4::ParserRuleContext*>(value) : missing;
    if (Tok(rule, P::IN)) {
      if (antlr4::Token* period = Tok(rule, P::STRING)) {
        item.period = Text(period);
        item.period_span = SpanOf(period);
      }
    }
    if (value) {
      item.value = BuildExpr(value->expr(), item.span);
    } else {
      item.expect_missing = true;
    }
  } else {
    return;
  }
  test.items.push_back(std::move(item));
}

void AstBuilder::BuildTable(P::GivenTableContext* ctx, ast::TestItem& item) {
  std::vector<antlr4::Token*> lines = Toks(ctx, P::TABLE_ROW);
  for (size_t i = 0; i < lines.size(); ++i) {
    Span span = SpanOf(lines[i]);
    TableCells cells = SplitTableRow(lines[i]->getText(), span);
    if (i == 0) {
      for (size_t k = 0; k < cells.cells.size(); ++k) {
        if (cells.cells[k].empty()) {
          reporter_
              .Report(DiagCode::BadTableRow, cells.spans[k],
                      "a table header needs a column name in every cell")
              .Help("the first row names the columns: `| referral_id | age | referred_on |`");
        }
        item.header.push_back(ast::Ident{cells.cells[k], cells.spans[k]});
      }
      continue;
    }
    if (cells.cells.size() != item.header.size()) {
      reporter_
          .Report(DiagCode::BadTableRow, span,
                  fmt::format("this row has {} cell{} but the header has {}", cells.cells.size(),
                              cells.cells.size() == 1 ? "" : "s", item.header.size()))
          .Note(SpanOf(lines[0]), "the header is here")
          .Help("write one cell per column; leave a cell empty for a missing value: `|  |`");
    }
    item.rows.push_back(ast::TableRow{std::move(cells.cells), std::move(cells.spans), span});
  }
}

ast::TypeExpr AstBuilder::BuildType(P::TypeContext* ctx, Span fallback) {
  ast::TypeExpr type;
  type.base = ast::BaseType::Text;
  type.span = ctx && ctx->getStart() ? SpanOf(ctx) : fallback;
  if (!ctx) return type;
  type.optional = Tok(ctx, P::QUESTION) != nullptr;
  P::TypeNameContext* name = ctx->typeName();
  if (auto* c = dynamic_cast<P::BuiltinTypeContext*>(name)) {
    switch (c->getStart()->getType()) {
      case P::INT_T:
        type.base = ast::BaseType::Int;
        break;
      case P::DECIMAL_T:
        type.base = ast::BaseType::Decimal;
        break;
      case P::PERCENT:
        type.base = ast::BaseType::Percent;
        break;
      case P::MONEY_T:
        type.base = ast::BaseType::Money;
        break;
      case P::BOOL_T:
        type.base = ast::BaseType::Bool;
        break;
      case P::DATE_T:
        type.base = ast::BaseType::Date;
        break;
      case P::DURATION_T:
        type.base = ast::BaseType::Duration;
        break;
      case P::TEXT_T:
        type.base = ast::BaseType::Text;
        break;
      case P::ID_T:
        type.base = ast::BaseType::Id;
        break;
      default:
        break;
    }
  } else if (auto* enum_type = dynamic_cast<P::EnumTypeContext*>(name)) {
    type.base = ast::BaseType::Enum;
    for (P::EnumValueContext* value : enum_type->enumValue()) {
      if (std::optional<ast::Ident> word = Name(value->name())) {
        type.enum_values.push_back(*word);
      } else if (antlr4::Token* quoted = Tok(value, P::STRING)) {
        type.enum_values.push_back(ast::Ident{Text(quoted), SpanOf(quoted)});
      }
    }
  } else if (auto* named = dynamic_cast<P::NamedTypeContext*>(name)) {
    // A `type` declaration's name, or a mistake: sema knows which, and
    // reports an unknown one with the guess made here.
    antlr4::Token* word = Tok(named, P::IDENT);
    if (!word) return type;
    ast::BaseType guess = ast::BaseType::Text;
    type.did_you_mean = SuggestType(word->getText(), &guess);
    type.base = guess;
    type.named = ast::Ident{word->getText(), SpanOf(word)};
  }
  return type;
}

}  // namespace ocf::parse
