#include "compiler/parse/tokens.h"

#include "OcfLexer.h"
#include "compiler/parse/lexing.h"

namespace ocf {
namespace {

using L = ocf_grammar::OcfLexer;

LexClass Classify(size_t type) {
  switch (type) {
    case L::CONTRACT:
    case L::IMPORT:
    case L::DATA:
    case L::LET:
    case L::INPUT:
    case L::FUNCTION:
    case L::MEASURE:
    case L::TARGET:
    case L::OUTCOME:
    case L::PAYMENT:
    case L::PAY:
    case L::TEST:
    case L::WHERE:
    case L::COUNT:
    case L::DISTINCT:
    case L::OF:
    case L::PERCENT:
    case L::SUM:
    case L::MEAN:
    case L::MEDIAN:
    case L::MIN:
    case L::MAX:
    case L::AND:
    case L::OR:
    case L::NOT:
    case L::IS:
    case L::MISSING:
    case L::PRESENT:
    case L::IN:
    case L::OTHERWISE:
    case L::IF:
    case L::THEN:
    case L::ELSE:
    case L::AS:
    case L::TRUE:
    case L::FALSE:
    case L::ACHIEVEMENT:
    case L::TIERED:
    case L::MATCH:
    case L::EXISTS:
      return LexClass::Keyword;
    // `population` starts a declaration but is a name too (grammar/Ocf.g4, `name`).
    case L::POPULATION:
    case L::COMMISSIONER:
    case L::PROVIDER:
    case L::TERM:
    case L::PERIODS:
    case L::CURRENCY:
    case L::DATED:
    case L::BY:
    case L::KEY:
    case L::CHECK:
    case L::DATE_FORMAT:
    case L::AT:
    case L::LEAST:
    case L::MOST:
    case L::FROM:
    case L::TO:
    case L::WEIGHT:
    case L::ONE:
    case L::GIVEN:
    case L::SET:
    case L::EXPECT:
    case L::FIRST:
    case L::NEXT:
    case L::REST:
    case L::FOR:
    case L::TOTAL:
    case L::PERCENTILE:
    case L::PREVIOUS:
    case L::PERIOD:
    case L::SHADOW:
    case L::PAID:
    case L::SO:
    case L::FAR:
    case L::THIS:
    case L::YEAR:
    case L::BASELINE:
    case L::REDUCED:
    case L::INCREASED:
    case L::POINTS:
    case L::OVER:
    case L::LAST:
    case L::BELOW:
    case L::MORE_W:
    case L::LESS:
    case L::ON:
    case L::TYPE:
    case L::GATE:
    case L::INT_T:
    case L::DECIMAL_T:
    case L::MONEY_T:
    case L::BOOL_T:
    case L::DATE_T:
    case L::DURATION_T:
    case L::TEXT_T:
    case L::ID_T:
      return LexClass::SoftKeyword;
    case L::IDENT:
      return LexClass::Name;
    case L::NUMBER:
      return LexClass::Number;
    case L::PERCENT_LIT:
      return LexClass::Percent;
    case L::MONEY:
      return LexClass::Money;
    case L::DATE:
      return LexClass::Date;
    case L::STRING:
    case L::UNTERMINATED_STRING:
      return LexClass::String;
    case L::ORDINAL:
      return LexClass::Ordinal;
    case L::TABLE_ROW:
      return LexClass::TableRow;
    case L::LPAREN:
    case L::RPAREN:
    case L::LBRACE:
    case L::RBRACE:
    case L::COMMA:
    case L::COLON:
    case L::QUESTION:
    case L::ARROW:
    case L::DOT:
      return LexClass::Punctuation;
    case L::EQ:
    case L::NE:
    case L::LT:
    case L::LE:
    case L::GT:
    case L::GE:
    case L::PLUS:
    case L::MINUS:
    case L::STAR:
    case L::SLASH:
    case L::CARET:
      return LexClass::Operator;
    case L::LINE_COMMENT:
    case L::BLOCK_COMMENT:
    case L::UNTERMINATED_COMMENT:
      return LexClass::Comment;
    default:
      return LexClass::Error;
  }
}

}  // namespace

std::vector<LexToken> Tokenize(const SourceFile& source, uint32_t source_id) {
  std::vector<LexToken> out;
  try {
    antlr4::ANTLRInputStream input(source.text());
    L lexer(&input);
    lexer.removeErrorListeners();
    for (const std::unique_ptr<antlr4::Token>& t : lexer.getAllTokens()) {
      if (t->getType() == antlr4::Token::EOF) break;
      Span span = parse::TokenSpan(t.get(), source_id);
      if (span.end <= span.begin) continue;
      out.push_back(LexToken{span, Classify(t->getType()), t->getText()});
    }
  } catch (...) {
    // The lexer has a rule for every character, so this is not expected;
    // what was read so far is still worth having.
  }
  return out;
}

namespace {
LexClass ClassOfWord(const std::string& word) {
  SourceFile file("<word>", word);
  std::vector<LexToken> tokens = Tokenize(file, 0);
  return tokens.size() == 1 && tokens[0].text == word ? tokens[0].cls : LexClass::Error;
}
}  // namespace

bool IsHardKeyword(const std::string& word) { return ClassOfWord(word) == LexClass::Keyword; }

bool IsKeyword(const std::string& word) {
  LexClass c = ClassOfWord(word);
  return c == LexClass::Keyword || c == LexClass::SoftKeyword;
}

}  // namespace ocf
