#include "compiler/parse/token_stream.h"

#include <string_view>

#include "OcfLexer.h"
#include "antlr4-runtime.h"
#include "compiler/parse/lexing.h"

namespace ocf {
namespace {

using ocf_grammar::OcfLexer;

TokenClass Classify(size_t type) {
  if (type >= OcfLexer::CONTRACT && type <= OcfLexer::EXISTS && type != OcfLexer::POPULATION) {
    return TokenClass::HardKeyword;
  }
  if (type == OcfLexer::POPULATION || (type >= OcfLexer::COMMISSIONER && type <= OcfLexer::ID_T)) {
    return TokenClass::SoftKeyword;
  }
  switch (type) {
    case OcfLexer::IDENT:
      return TokenClass::Name;
    case OcfLexer::NUMBER:
      return TokenClass::Number;
    case OcfLexer::PERCENT_LIT:
      return TokenClass::Percent;
    case OcfLexer::MONEY:
      return TokenClass::Money;
    case OcfLexer::DATE:
      return TokenClass::Date;
    case OcfLexer::ORDINAL:
      return TokenClass::Ordinal;
    case OcfLexer::STRING:
      return TokenClass::Text;
    case OcfLexer::TABLE_ROW:
      return TokenClass::TableRow;
    case OcfLexer::LPAREN:
    case OcfLexer::RPAREN:
    case OcfLexer::LBRACE:
    case OcfLexer::RBRACE:
    case OcfLexer::COMMA:
    case OcfLexer::COLON:
    case OcfLexer::QUESTION:
    case OcfLexer::DOT:
    case OcfLexer::ARROW:
      return TokenClass::Punctuation;
    case OcfLexer::EQ:
    case OcfLexer::NE:
    case OcfLexer::LT:
    case OcfLexer::LE:
    case OcfLexer::GT:
    case OcfLexer::GE:
    case OcfLexer::PLUS:
    case OcfLexer::MINUS:
    case OcfLexer::STAR:
    case OcfLexer::SLASH:
    case OcfLexer::CARET:
      return TokenClass::Operator;
    default:
      return TokenClass::Other;
  }
}

// Code points of a UTF-8 string (the lexer counts code points).
std::u32string Decode(std::string_view s) {
  std::u32string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += n;
  }
  return out;
}

std::string Encode(std::u32string_view s) {
  std::string out;
  for (char32_t c : s) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }
  return out;
}

// The comments in text[begin, end), which holds only white space and
// comments, each with the line breaks before it; returns the line breaks
// after the last one.
uint32_t ScanGap(const std::u32string& text, size_t begin, size_t end, uint32_t source_id,
                 std::vector<LexToken>& out) {
  uint32_t newlines = 0;
  size_t i = begin;
  while (i < end) {
    if (text[i] == U'\n') {
      ++newlines;
      ++i;
    } else if (text[i] == U'/' && i + 1 < end && (text[i + 1] == U'/' || text[i + 1] == U'*')) {
      bool line = text[i + 1] == U'/';
      size_t j = i + 2;
      if (line) {
        while (j < end && text[j] != U'\n' && text[j] != U'\r') ++j;
        // Spaces at the end of the line are not part of the comment.
        while (j > i + 2 && (text[j - 1] == U' ' || text[j - 1] == U'\t')) --j;
      } else {
        while (j + 1 < end && !(text[j] == U'*' && text[j + 1] == U'/')) ++j;
        j = j + 1 < end ? j + 2 : end;
      }
      out.push_back(LexToken{line ? TokenClass::LineComment : TokenClass::BlockComment,
                             Span{source_id, static_cast<uint32_t>(i), static_cast<uint32_t>(j)},
                             Encode(std::u32string_view(text).substr(i, j - i)), newlines});
      newlines = 0;
      i = j;
    } else {
      ++i;
    }
  }
  return newlines;
}

}  // namespace

std::vector<LexToken> LexAll(const SourceFile& source, uint32_t source_id) {
  parse::SourceInputStream input(source.text());
  OcfLexer lexer(&input);
  lexer.removeErrorListeners();
  std::u32string text = Decode(source.text());
  std::vector<LexToken> out;
  size_t previous_end = 0;
  for (;;) {
    std::unique_ptr<antlr4::Token> token = lexer.nextToken();
    bool eof = token->getType() == antlr4::Token::EOF;
    size_t begin = eof ? text.size() : std::min(token->getStartIndex(), text.size());
    uint32_t newlines = ScanGap(text, previous_end, std::max(begin, previous_end), source_id, out);
    if (eof) break;
    size_t end = std::min(std::max(token->getStopIndex() + 1, begin), text.size());
    out.push_back(LexToken{Classify(token->getType()),
                           Span{source_id, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)},
                           token->getText(), newlines});
    previous_end = end;
  }
  return out;
}

}  // namespace ocf
