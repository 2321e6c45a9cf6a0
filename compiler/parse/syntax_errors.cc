#include "compiler/parse/syntax_errors.h"

#include "compiler/parse/nesting.h"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "OcfParser.h"
#include "compiler/parse/literals.h"

namespace ocf::parse {
namespace {

using P = ocf_grammar::OcfParser;
using antlr4::Token;

// Members of the grammar's `name` rule besides IDENT: words that are keywords
// only in one position.
bool Has(const antlr4::misc::IntervalSet& set, size_t t) { return set.contains(t); }

bool IsSoftKeyword(size_t t) { return t == P::POPULATION || (t >= P::COMMISSIONER && t <= P::ID_T); }
bool IsHardKeyword(size_t t) { return t >= P::CONTRACT && t <= P::EXISTS && t != P::POPULATION; }

bool StartsValue(size_t t) {
  if (IsSoftKeyword(t)) return true;
  switch (t) {
    case P::DATE:
    case P::PERCENT_LIT:
    case P::MONEY:
    case P::NUMBER:
    case P::STRING:
    case P::TRUE:
    case P::FALSE:
    case P::ORDINAL:
    case P::IDENT:
    case P::LPAREN:
    case P::IF:
    case P::ACHIEVEMENT:
    case P::TIERED:
    case P::MATCH:
    case P::EXISTS:
    case P::COUNT:
    case P::PERCENT:
    case P::SUM:
    case P::MEAN:
    case P::MEDIAN:
    case P::MIN:
    case P::MAX:
    case P::NOT:
    case P::MINUS:
    case P::PLUS:
      return true;
    default:
      return false;
  }
}

bool EndsValue(size_t t) {
  if (IsSoftKeyword(t)) return true;
  switch (t) {
    case P::DATE:
    case P::PERCENT_LIT:
    case P::MONEY:
    case P::NUMBER:
    case P::STRING:
    case P::TRUE:
    case P::FALSE:
    case P::IDENT:
    case P::RPAREN:
    case P::MISSING:
    case P::PRESENT:
    case P::ACHIEVEMENT:
      return true;
    default:
      return false;
  }
}

bool IsOperator(size_t t) {
  switch (t) {
    case P::PLUS:
    case P::MINUS:
    case P::STAR:
    case P::SLASH:
    case P::CARET:
    case P::EQ:
    case P::NE:
    case P::LT:
    case P::LE:
    case P::GT:
    case P::GE:
    case P::AND:
    case P::OR:
    case P::OTHERWISE:
    case P::IS:
    case P::IN:
    case P::NOT:
    case P::AS:
      return true;
    default:
      return false;
  }
}

bool IsTypeWord(size_t t) {
  switch (t) {
    case P::INT_T:
    case P::DECIMAL_T:
    case P::PERCENT:
    case P::MONEY_T:
    case P::BOOL_T:
    case P::DATE_T:
    case P::DURATION_T:
    case P::TEXT_T:
    case P::ID_T:
    case P::ONE:
    case P::IDENT:
      return true;
    default:
      return false;
  }
}

std::string DescribeTokenType(size_t t, const antlr4::dfa::Vocabulary& vocabulary) {
  switch (t) {
    case Token::EOF:
      return "end of file";
    case P::IDENT:
      return "a name";
    case P::NUMBER:
      return "a number";
    case P::PERCENT_LIT:
      return "a percentage";
    case P::MONEY:
      return "an amount of money";
    case P::DATE:
      return "a date";
    case P::STRING:
      return "a text in quotes";
    case P::ORDINAL:
      return "a rank such as `90th`";
    case P::TABLE_ROW:
      return "a table row";
    default:
      break;
  }
  std::string literal = vocabulary.getLiteralName(t);
  if (literal.size() >= 2 && literal.front() == '\'' && literal.back() == '\'') {
    return "`" + literal.substr(1, literal.size() - 2) + "`";
  }
  return "`" + vocabulary.getSymbolicName(t) + "`";
}

// "`=`", "`=` or `:`", "a name, `{` or `=`"; empty when more than four
// alternatives remain, where a list would not help.
std::string DescribeExpected(const antlr4::misc::IntervalSet& set,
                             const antlr4::dfa::Vocabulary& vocabulary) {
  auto has = [&](size_t t) { return Has(set, t); };
  bool value = has(P::NUMBER) && has(P::IDENT) && has(P::LPAREN);
  // A type position, not a name position (names include the type words).
  bool type = !value && has(P::INT_T) && has(P::PERCENT) && has(P::ONE) && !has(P::COMMISSIONER);
  bool op = has(P::STAR) && has(P::AND);
  std::vector<std::string> items;
  for (ssize_t raw : set.toList()) {
    if (raw == -2) continue;  // epsilon
    size_t t = static_cast<size_t>(raw);
    if (value && StartsValue(t)) continue;
    if (type && IsTypeWord(t)) continue;
    if (op && IsOperator(t)) continue;
    if (has(P::IDENT) && IsSoftKeyword(t)) continue;
    std::string d = DescribeTokenType(t, vocabulary);
    if (std::find(items.begin(), items.end(), d) == items.end()) items.push_back(d);
  }
  if (type) items.push_back("a type");
  if (value) items.push_back("a value");
  if (op) items.push_back("an operator");
  // End of file is never what the author meant to write.
  if (items.size() > 1) items.erase(std::remove(items.begin(), items.end(), "end of file"), items.end());
  if (items.empty() || items.size() > 4) return "";
  std::string out = items[0];
  for (size_t i = 1; i < items.size(); ++i) out += (i + 1 == items.size() ? " or " : ", ") + items[i];
  return out;
}

std::string DescribeToken(const Token* t) {
  if (t->getType() == Token::EOF) return "end of file";
  return "`" + Abbreviate(t->getText(), 24) + "`";
}

template <typename T>
const T* Enclosing(antlr4::RuleContext* ctx) {
  for (; ctx; ctx = dynamic_cast<antlr4::RuleContext*>(ctx->parent)) {
    if (auto* found = dynamic_cast<const T*>(ctx)) return found;
  }
  return nullptr;
}

// The innermost rule context while an error is reported.
antlr4::RuleContext* Current(antlr4::Parser* parser) { return parser->getContext(); }

constexpr std::array<std::string_view, 12> kDeclarationWords = {
    "contract", "data",   "population", "let",     "input", "function",
    "measure",  "target", "outcome",    "payment", "test",  "import"};

// Rules of the form `... = expression`.
bool EndsWithValue(antlr4::RuleContext* ctx) {
  return dynamic_cast<P::MeasureDeclContext*>(ctx) || dynamic_cast<P::LetDeclContext*>(ctx) ||
         dynamic_cast<P::PopulationDeclContext*>(ctx) || dynamic_cast<P::FunctionDeclContext*>(ctx) ||
         dynamic_cast<P::PaymentLetContext*>(ctx) || dynamic_cast<P::PayLineContext*>(ctx) ||
         dynamic_cast<P::SetInputContext*>(ctx) || dynamic_cast<P::ExpectValueContext*>(ctx);
}

// A word that starts a declaration at the start of a line.
bool StartsDeclaration(size_t t) {
  return IsDeclarationKeyword(t) || t == P::POPULATION || t == P::LET || t == P::PAYMENT;
}

// `term 2014-04-01` just before `t`: the parser read it as an unknown item.
bool StartsTerm(antlr4::Parser* parser, const Token* t) {
  size_t i = t->getTokenIndex();
  if (i == INVALID_INDEX || i < 2) return false;
  antlr4::TokenStream* tokens = parser->getTokenStream();
  return tokens->get(i - 1)->getType() == P::DATE && tokens->get(i - 2)->getType() == P::TERM;
}

// A help line for common mistakes; empty when there is nothing useful to add.
std::string HelpFor(antlr4::Parser* parser, const Token* t, const antlr4::misc::IntervalSet* expected) {
  size_t type = t->getType();
  const Token* before = t->getTokenIndex() > 0 && t->getTokenIndex() != INVALID_INDEX
                            ? parser->getTokenStream()->get(t->getTokenIndex() - 1)
                            : nullptr;
  bool new_line = before && before->getLine() != t->getLine();
  // A declaration keyword starting a line: the declaration before it is unfinished.
  if (new_line && StartsDeclaration(type)) {
    if (expected && Has(*expected, P::RBRACE))
      return fmt::format("close the block with `}}` before `{}`", t->getText());
    return fmt::format("the declaration stops short before `{}` on the next line starts a new one",
                       t->getText());
  }
  if (expected && Has(*expected, P::IDENT) && !Has(*expected, P::NUMBER) && IsHardKeyword(type)) {
    return fmt::format("`{}` is a reserved word and cannot be used as a name; choose another name",
                       t->getText());
  }
  if (type == P::EQ && before && before->getType() == P::EQ &&
      before->getStopIndex() + 1 == t->getStartIndex()) {
    return "compare with a single `=`";
  }
  if (type == P::TABLE_ROW) {
    if (t->getText().starts_with("||")) return "write `or` for \"either\"";
    return "a `|` starts an inline table row, which belongs inside `given NAME { ... }` in a test";
  }
  antlr4::RuleContext* ctx = Current(parser);
  // `alliance_spend for "advocacy"`, `alliance_spend in "2016/17 Q1"`: a
  // value picked by group or period label, which a payment cannot do.
  if (before && before->getType() != P::STRING && (type == P::FOR || type == P::IN) &&
      Enclosing<P::PaymentDeclContext>(ctx)) {
    if (type == P::FOR)
      return "a measure in a payment block is its value for the payment period, over every group; for one "
             "group's value declare a measure over its records, e.g. `measure advocacy_spend = sum spend of "
             "ledger where provider = \"advocacy\"`";
    return "a measure in a payment block is its value for the payment period; the period before is "
           "`MEASURE in previous period`, and another period cannot be named by its label";
  }
  bool only_eq = expected && expected->size() == 1 && Has(*expected, P::EQ);
  if (only_eq) {
    if (Enclosing<P::MeasureDeclContext>(ctx))
      return "a measure is written `measure name = expression`, e.g. `measure referrals_in = count "
             "referrals`";
    if (Enclosing<P::PopulationDeclContext>(ctx))
      return "a population is written `population name = dataset where condition`";
    if (Enclosing<P::LetDeclContext>(ctx) || Enclosing<P::PaymentLetContext>(ctx))
      return "a value is named with `let name = expression`";
    if (Enclosing<P::PayLineContext>(ctx)) return "a payment line is written `pay \"Line\" = amount`";
    if (Enclosing<P::SetInputContext>(ctx)) return "write `set name = value`";
    if (Enclosing<P::ExpectValueContext>(ctx))
      return "write `expect name = value`, or `expect name is missing`";
    if (Enclosing<P::FunctionDeclContext>(ctx))
      return "a function is written `function name(p: type): type = expression`";
  }
  if (expected && expected->size() == 1 && Has(*expected, P::COLON) && Enclosing<P::ColumnItemContext>(ctx)) {
    return "a column is written `name : type`, e.g. `age : int`";
  }
  if (Enclosing<P::TermItemContext>(ctx) || StartsTerm(parser, t))
    return "write `term 2014-04-01 to 2019-03-31`";
  if (Enclosing<P::BaselineItemContext>(ctx)) return "write `baseline 2013-04-01 to 2014-03-31`";
  if (Enclosing<P::ChangeTargetContext>(ctx))
    return "a target against the baseline is written `target name reduced by 10% from baseline` or "
           "`target name increased by 5 points from baseline`";
  if (Enclosing<P::TargetDeclContext>(ctx)) {
    return "a target is written `target name at least 95%`, `target name at most 18`, "
           "`target name from 40% to 90%` or `target name reduced by 10% from baseline`";
  }
  if (Enclosing<P::OverClauseContext>(ctx))
    return "a window is written `over last 12 months`, `over last 4 quarters`, `over year to date` or "
           "`over term to date`";
  if (expected && expected->size() == 1 && Has(*expected, P::COLON) && Enclosing<P::ParamContext>(ctx)) {
    return "a parameter is written `name: type`, e.g. `x: money`";
  }
  if (expected && expected->size() == 1 && Has(*expected, P::STRING) && type != Token::EOF) {
    return fmt::format("write it in double quotes: `\"{}\"`", Abbreviate(t->getText(), 24));
  }
  if (type == P::COMMA && (Enclosing<P::DataDeclContext>(ctx) || Enclosing<P::ContractDeclContext>(ctx) ||
                           Enclosing<P::OutcomeDeclContext>(ctx))) {
    return "the items of a block are written one per line, without commas";
  }
  if (Enclosing<P::TieredPrimaryContext>(ctx) && expected && Has(*expected, P::REST)) {
    return "write bands as `tiered(amount) { first L at R, next L at R, rest at R }`";
  }
  if (before && before->getLine() != t->getLine() && expected && Has(*expected, P::NUMBER) &&
      Has(*expected, P::IDENT) && t->getType() != Token::EOF) {
    return "the expression on the line before is incomplete";
  }
  if (before && EndsValue(before->getType()) && StartsValue(type) && before->getLine() == t->getLine() &&
      expected && Has(*expected, P::STAR)) {
    return fmt::format("is an operator missing between `{}` and `{}`?", Abbreviate(before->getText(), 16),
                       Abbreviate(t->getText(), 16));
  }
  return "";
}

}  // namespace

void SyntaxErrorStrategy::BeginDeclaration(antlr4::Parser* parser, bool quiet) {
  suppressed_ = false;
  quiet_ = quiet;
  endErrorCondition(parser);
}

bool SyntaxErrorStrategy::OnLexicalErrorLine(const antlr4::Token* t) const {
  return t && std::binary_search(lexical_error_lines_.begin(), lexical_error_lines_.end(), t->getLine());
}

void SyntaxErrorStrategy::BeginItem(size_t index) {
  if (suppressed_ && index != INVALID_INDEX && index > last_error_token_ &&
      index < flags_.line_start.size() && flags_.line_start[index]) {
    suppressed_ = false;
  }
}

void SyntaxErrorStrategy::Emit(antlr4::Parser* parser, Token* offending,
                               const antlr4::misc::IntervalSet* expected) {
  if (suppressed_ || reporter_.gave_up() || !offending) return;
  suppressed_ = true;
  if (quiet_ || OnLexicalErrorLine(offending)) {
    error_tokens_.push_back(offending->getTokenIndex());
    last_error_token_ = offending->getTokenIndex();
    return;
  }
  last_error_token_ = offending->getTokenIndex();
  error_tokens_.push_back(offending->getTokenIndex());
  // An unclosed block comment swallowed the end of the file; that was reported.
  if (offending->getType() == Token::EOF && unterminated_comment_) return;

  uint32_t eof_offset = 0;
  if (offending->getType() == Token::EOF && offending->getStartIndex() != INVALID_INDEX) {
    eof_offset = static_cast<uint32_t>(offending->getStartIndex());
  }
  Span span = TokenSpan(offending, source_id_, eof_offset);
  // `measure x count referrals`: of everything that may follow the name, the
  // `=` is what is missing.
  antlr4::misc::IntervalSet only_eq;
  only_eq.add(static_cast<ssize_t>(P::EQ));
  if (expected && Has(*expected, P::EQ) && StartsValue(offending->getType()) &&
      EndsWithValue(parser->getContext())) {
    expected = &only_eq;
  }
  // `term 2014-04-01 - 2019-03-31`: what is missing is `to`.
  antlr4::misc::IntervalSet only_to;
  only_to.add(static_cast<ssize_t>(P::TO));
  if (StartsTerm(parser, offending)) expected = &only_to;
  std::string listed = expected ? DescribeExpected(*expected, parser->getVocabulary()) : "";
  std::string message = listed.empty()
                            ? fmt::format("unexpected {} here", DescribeToken(offending))
                            : fmt::format("unexpected {}; expected {}", DescribeToken(offending), listed);
  size_t index = offending->getTokenIndex();
  bool far = offending->getType() == Token::EOF || (index < flags_.sync.size() && flags_.sync[index]);
  // The next declaration (or the end of the file) came while a line above was
  // still unfinished: the mistake is at the end of that line, so say so there.
  antlr4::TokenStream* stream = parser->getTokenStream();
  if (far && !listed.empty() && index != INVALID_INDEX && index > 0) {
    const Token* before = stream->get(index - 1);
    if (before->getLine() < offending->getLine() || offending->getType() == Token::EOF) {
      Span b = TokenSpan(before, source_id_);
      span = Span{source_id_, b.end, b.end};
      message = fmt::format("expected {} after `{}`", listed, Abbreviate(before->getText(), 24));
    }
  }
  Diagnostic& d = reporter_.Report(DiagCode::SyntaxError, span, std::move(message));
  std::string help = HelpFor(parser, offending, expected);
  if (!help.empty()) d.Help(help);

  // A bracket left open: point at it when the parser ran into the next
  // declaration or the end of the file looking for its partner.
  if (expected && far && index != INVALID_INDEX) {
    size_t open = 0, close = 0;
    if (Has(*expected, P::RPAREN)) {
      open = P::LPAREN;
      close = P::RPAREN;
    } else if (Has(*expected, P::RBRACE)) {
      open = P::LBRACE;
      close = P::RBRACE;
    }
    if (open) {
      antlr4::TokenStream* tokens = stream;
      long depth = 0;
      for (size_t i = index; i-- > 0;) {
        size_t type = tokens->get(i)->getType();
        if (type == close) ++depth;
        if (type == open && depth-- == 0) {
          d.Note(TokenSpan(tokens->get(i), source_id_),
                 fmt::format("the `{}` opened here is never closed", open == P::LPAREN ? "(" : "{"));
          break;
        }
      }
    }
  }
}

void SyntaxErrorStrategy::reportNoViableAlternative(antlr4::Parser* parser,
                                                    const antlr4::NoViableAltException& e) {
  Token* offending = e.getOffendingToken();
  // When the parser looked several tokens ahead, the expected set belongs to
  // the first of them and would mislead.
  if (e.getStartToken() == offending) {
    antlr4::misc::IntervalSet expected = e.getExpectedTokens();
    Emit(parser, offending, &expected);
  } else {
    Emit(parser, offending, nullptr);
  }
}

void SyntaxErrorStrategy::reportInputMismatch(antlr4::Parser* parser,
                                              const antlr4::InputMismatchException& e) {
  antlr4::misc::IntervalSet expected = e.getExpectedTokens();
  Emit(parser, e.getOffendingToken(), &expected);
}

void SyntaxErrorStrategy::reportFailedPredicate(antlr4::Parser* parser,
                                                const antlr4::FailedPredicateException& e) {
  Emit(parser, e.getOffendingToken(), nullptr);
}

void SyntaxErrorStrategy::reportUnwantedToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  antlr4::misc::IntervalSet expected = getExpectedTokens(parser);
  Emit(parser, parser->getCurrentToken(), &expected);
}

void SyntaxErrorStrategy::reportMissingToken(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  beginErrorCondition(parser);
  antlr4::misc::IntervalSet expected = getExpectedTokens(parser);
  Emit(parser, parser->getCurrentToken(), &expected);
}

antlr4::Token* SyntaxErrorStrategy::singleTokenDeletion(antlr4::Parser* parser) {
  size_t index = parser->getTokenStream()->index();
  if (index < flags_.line_start.size() && flags_.line_start[index]) return nullptr;
  return DefaultErrorStrategy::singleTokenDeletion(parser);
}

void SyntaxErrorStrategy::recover(antlr4::Parser* parser, std::exception_ptr) {
  antlr4::TokenStream* in = parser->getTokenStream();
  if (reporter_.gave_up()) {
    while (in->LA(1) != Token::EOF) parser->consume();
    return;
  }
  // As ANTLR does: never fail twice at one place without consuming.
  if (lastErrorIndex == static_cast<int>(in->index()) && lastErrorStates.contains(parser->getState())) {
    parser->consume();
  }
  lastErrorIndex = static_cast<int>(in->index());
  lastErrorStates.add(parser->getState());
  SkipTo(parser, antlr4::misc::IntervalSet(), getErrorRecoverySet(parser));
}

void SyntaxErrorStrategy::SkipTo(antlr4::Parser* parser, const antlr4::misc::IntervalSet& resume_anywhere,
                                 const antlr4::misc::IntervalSet& resume_at_line_start) {
  antlr4::TokenStream* in = parser->getTokenStream();
  while (in->LA(1) != Token::EOF) {
    size_t i = in->index();
    if (i < flags_.sync.size() && flags_.sync[i]) break;
    if (Has(resume_anywhere, in->LA(1))) break;
    if (i < flags_.line_start.size() && flags_.line_start[i] && Has(resume_at_line_start, in->LA(1))) break;
    parser->consume();
  }
}

void SyntaxErrorStrategy::sync(antlr4::Parser* parser) {
  if (inErrorRecoveryMode(parser)) return;
  const antlr4::atn::ATN& atn = parser->getATN();
  antlr4::atn::ATNState* state = atn.states[parser->getState()];
  size_t la = parser->getTokenStream()->LA(1);
  antlr4::misc::IntervalSet next = atn.nextTokens(state);
  if (Has(next, Token::EPSILON) || Has(next, la)) return;
  switch (state->getStateType()) {
    case antlr4::atn::ATNState::BLOCK_START:
      return;
    case antlr4::atn::ATNState::STAR_BLOCK_START:
    case antlr4::atn::ATNState::PLUS_BLOCK_START:
    case antlr4::atn::ATNState::STAR_LOOP_ENTRY:
      if (singleTokenDeletion(parser) != nullptr) return;
      throw antlr4::InputMismatchException(parser);
    case antlr4::atn::ATNState::PLUS_LOOP_BACK:
    case antlr4::atn::ATNState::STAR_LOOP_BACK: {
      reportUnwantedToken(parser);
      antlr4::misc::IntervalSet expecting = parser->getExpectedTokens();
      SkipTo(parser, expecting, getErrorRecoverySet(parser));
      break;
    }
    default:
      break;
  }
}

void SyntaxErrorStrategy::SkipStrayTokens(antlr4::Parser* parser) {
  antlr4::TokenStream* in = parser->getTokenStream();
  Token* t = in->LT(1);
  if (!suppressed_ && !reporter_.gave_up() && t->getType() != Token::EOF && OnLexicalErrorLine(t)) {
    suppressed_ = true;  // the rest of a line with a stray character: already reported
    last_error_token_ = t->getTokenIndex();
  } else if (!suppressed_ && !reporter_.gave_up() && t->getType() != Token::EOF) {
    suppressed_ = true;
    last_error_token_ = t->getTokenIndex();
    error_tokens_.push_back(t->getTokenIndex());
    Diagnostic& d = reporter_.Report(DiagCode::SyntaxError, TokenSpan(t, source_id_),
                                     fmt::format("unexpected {} here", DescribeToken(t)));
    const Token* before = in->index() > 0 ? in->get(in->index() - 1) : nullptr;
    std::string word = t->getText();
    std::string suggestion;
    if (t->getType() == P::IDENT) {
      for (std::string_view w : kDeclarationWords) {
        if (suggestion.empty() && EditDistance(word, w) <= (w.size() > 4 ? 2u : 1u)) suggestion = w;
      }
    }
    if (t->getType() == P::TABLE_ROW) {
      d.Help(HelpFor(parser, t, nullptr));
    } else if (!suggestion.empty()) {
      d.Help(fmt::format("did you mean `{}`?", suggestion));
    } else if (before && EndsValue(before->getType()) && StartsValue(t->getType()) &&
               before->getLine() == t->getLine()) {
      d.Help(fmt::format("is an operator missing between `{}` and `{}`?", Abbreviate(before->getText(), 16),
                         Abbreviate(word, 16)));
    } else if (t->getType() == P::RBRACE) {
      d.Help("this `}` closes no block; remove it");
    } else {
      d.Help(
          "a declaration starts with `contract`, `data`, `population`, `let`, `input`, `function`, "
          "`measure`, "
          "`target`, `outcome`, `payment`, `test` or `import`");
    }
  }
  while (in->LA(1) != Token::EOF) {
    in->consume();
    if (in->index() < flags_.sync.size() && flags_.sync[in->index()]) break;
  }
}

void ItemStartListener::enterEveryRule(antlr4::ParserRuleContext* ctx) {
  switch (ctx->getRuleIndex()) {
    case P::RuleContractItem:
    case P::RuleDataItem:
    case P::RuleOutcomeItem:
    case P::RulePaymentItem:
    case P::RuleTestItem:
      if (ctx->getStart()) strategy_.BeginItem(ctx->getStart()->getTokenIndex());
      break;
    default:
      break;
  }
}

}  // namespace ocf::parse
