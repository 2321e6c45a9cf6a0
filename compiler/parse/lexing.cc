#include "compiler/parse/lexing.h"

#include <algorithm>
#include <optional>
#include <string>
#include <unordered_set>

#include <fmt/format.h>

#include "OcfLexer.h"
#include "compiler/parse/literals.h"
#include "compiler/parse/nesting.h"
#include "runtime/encoding.h"

namespace ocf::parse {
namespace {

using L = ocf_grammar::OcfLexer;

constexpr size_t kMaxInvalidUtf8Reports = 10;

// The one code point of a single-character token.
char32_t DecodeOne(const std::string& s) {
  if (s.empty()) return 0;
  auto b = [&](size_t i) { return i < s.size() ? static_cast<unsigned char>(s[i]) : 0u; };
  unsigned char c = b(0);
  if (c < 0x80) return c;
  if (c < 0xE0) return ((c & 0x1Fu) << 6) | (b(1) & 0x3Fu);
  if (c < 0xF0) return ((c & 0x0Fu) << 12) | ((b(1) & 0x3Fu) << 6) | (b(2) & 0x3Fu);
  return ((c & 0x07u) << 18) | ((b(1) & 0x3Fu) << 12) | ((b(2) & 0x3Fu) << 6) | (b(3) & 0x3Fu);
}

bool Printable(char32_t c) {
  if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) return false;
  if (c >= 0x2000 && c <= 0x200F) return false;  // odd spaces and invisible marks
  if (c == 0x2028 || c == 0x2029 || c == 0xFEFF) return false;
  return true;
}

// What to write instead of a character ocf does not read.
std::string HelpForCharacter(char32_t c, const antlr4::Token* before, const antlr4::Token* at) {
  switch (c) {
    case '%':
      if (before && before->getType() == L::NUMBER && before->getStopIndex() + 1 < at->getStartIndex()) {
        return fmt::format("write the percentage without a space: `{}%`", before->getText());
      }
      return "a percentage is a number followed by `%`, e.g. `95%`";
    case ';':
      return "ocf needs no `;` between statements; remove it";
    case '\'':
      return "text is written in double quotes: `\"...\"`";
    case 0x201C:
    case 0x201D:
    case 0x2018:
    case 0x2019:
      return "use straight double quotes `\"` around text (word processors curl them)";
    case '!':
      return "write `not`, or `!=` for \"not equal\"";
    case '&':
      return "write `and`";
    case '#':
      return "comments start with `//`";
    case '[':
    case ']':
      return "group with `(` and `)`";
    case '.':
      return "a decimal number needs a digit before its point: `0.5`";
    case '\\':
      return "a backslash belongs inside text, before `\"`, `\\` or `n`";
    case 0x00A3:
    case '$':
    case 0x20AC:
      return "write money as the symbol and an amount: `£12k`, `£26.5m`, `£1_250.50`";
    case 0x2212:
    case 0x2013:
    case 0x2014:
      return "write the minus sign as `-`";
    case 0x00D7:
      return "write `*` to multiply";
    case 0x00F7:
      return "write `/` to divide";
    case 0x2264:
      return "write `<=`";
    case 0x2265:
      return "write `>=`";
    case 0x2260:
      return "write `!=`";
    default:
      break;
  }
  if (c >= 0x80 && Printable(c)) {
    return "outside text in quotes, ocf reads only the letters a-z and A-Z, digits, `_` and its operators";
  }
  return "";
}

std::string Describe(const std::vector<const antlr4::Token*>& run) {
  std::string text;
  bool printable = true;
  for (const antlr4::Token* t : run) {
    std::string s = t->getText();
    printable = printable && Printable(DecodeOne(s));
    text += s;
  }
  char32_t first = DecodeOne(run.front()->getText());
  if (run.size() == 1) {
    return printable ? fmt::format("unexpected character `{}`", text)
                     : fmt::format("unexpected character U+{:04X}", static_cast<uint32_t>(first));
  }
  return printable
             ? fmt::format("unexpected characters `{}`", Abbreviate(text, 16))
             : fmt::format("unexpected characters, starting with U+{:04X}", static_cast<uint32_t>(first));
}

}  // namespace

Span TokenSpan(const antlr4::Token* token, uint32_t source_id, uint32_t fallback) {
  if (!token || token->getStartIndex() == INVALID_INDEX || token->getStartIndex() > UINT32_MAX) {
    return Span{source_id, fallback, fallback};
  }
  size_t start = token->getStartIndex();
  size_t stop = token->getStopIndex();
  size_t end = stop == INVALID_INDEX || stop + 1 < start ? start : stop + 1;
  return Span{source_id, static_cast<uint32_t>(start),
              static_cast<uint32_t>(std::min<size_t>(end, UINT32_MAX))};
}

void ReportInvalidUtf8(const SourceFile& source, uint32_t source_id, Reporter& reporter) {
  const std::vector<InvalidUtf8>& bad = source.invalid_utf8();
  size_t shown = std::min(bad.size(), kMaxInvalidUtf8Reports);
  for (size_t i = 0; i < shown; ++i) {
    Span span{source_id, bad[i].code_point_offset, bad[i].code_point_offset + 1};
    Diagnostic& d = reporter.Report(DiagCode::InvalidUtf8, span,
                                    fmt::format("invalid UTF-8: byte `0x{:02x}` is not part of a character",
                                                static_cast<unsigned>(bad[i].byte)));
    // Bytes that are common characters in the old Windows/Latin-1 encodings.
    std::string_view guess = Windows1252Guess(bad[i].byte);
    if (!guess.empty()) {
      d.Help(fmt::format("this byte is {} in the Windows (Latin-1) encoding; save the file as UTF-8 text",
                         guess));
    } else if (i == 0) {
      d.Help("save the file as UTF-8 text");
    }
    if (i + 1 == shown && bad.size() > shown) {
      d.Note(fmt::format("{} more invalid bytes in this file are not shown", bad.size() - shown));
    }
  }
}

LexedTokens Lex(antlr4::Lexer& lexer, const SourceFile& source, uint32_t source_id, Reporter& reporter) {
  std::unordered_set<size_t> invalid_offsets;
  for (const InvalidUtf8& bad : source.invalid_utf8()) invalid_offsets.insert(bad.code_point_offset);

  std::vector<std::unique_ptr<antlr4::Token>> raw;
  while (true) {
    std::unique_ptr<antlr4::Token> t = lexer.nextToken();
    bool eof = t->getType() == antlr4::Token::EOF;
    raw.push_back(std::move(t));
    if (eof) break;
  }

  LexedTokens out;
  out.tokens.reserve(raw.size());
  const antlr4::Token* last_kept = nullptr;
  size_t after_dropped = INVALID_INDEX;  // where the last dropped character ends
  for (size_t i = 0; i < raw.size(); ++i) {
    antlr4::Token* t = raw[i].get();
    if (t->getType() != L::ERROR_CHAR && t->getStartIndex() == after_dropped) {
      out.glued_to_bad_character.push_back(t->getStartIndex());
    }
    switch (t->getType()) {
      case L::ERROR_CHAR: {
        // One diagnostic for a run of adjacent characters. The U+FFFD standing
        // for an invalid byte was reported as E0101 already.
        std::vector<const antlr4::Token*> run;
        while (i < raw.size() && raw[i]->getType() == L::ERROR_CHAR &&
               (run.empty() || raw[i]->getStartIndex() == run.back()->getStopIndex() + 1) &&
               !invalid_offsets.count(raw[i]->getStartIndex())) {
          run.push_back(raw[i].get());
          ++i;
        }
        if (run.empty()) {  // an invalid byte on its own
          after_dropped = t->getStopIndex() + 1;
          break;
        }
        --i;
        after_dropped = run.back()->getStopIndex() + 1;
        Span span = Span::Join(TokenSpan(run.front(), source_id), TokenSpan(run.back(), source_id));
        Diagnostic& d = reporter.Report(DiagCode::UnexpectedCharacter, span, Describe(run));
        std::string help = HelpForCharacter(DecodeOne(run.front()->getText()), last_kept, run.front());
        if (!help.empty()) d.Help(help);
        break;
      }
      case L::UNTERMINATED_STRING: {
        Span span = TokenSpan(t, source_id);
        reporter.Report(DiagCode::UnterminatedString, span, "this text has no closing quote")
            .Help("close it with `\"`; text cannot span lines");
        // Read it as if it were closed at the end of its line.
        auto* writable = dynamic_cast<antlr4::WritableToken*>(t);
        if (writable) {
          writable->setText(t->getText() + "\"");
          writable->setType(L::STRING);
          last_kept = t;
          out.tokens.push_back(std::move(raw[i]));
        }
        break;
      }
      case L::UNTERMINATED_COMMENT: {
        Span span = TokenSpan(t, source_id);
        span.end = std::min(span.end, span.begin + 2);
        reporter.Report(DiagCode::UnterminatedComment, span, "this comment is never closed")
            .Help("close it with `*/`");
        out.unterminated_comment = true;
        break;
      }
      default:
        last_kept = t;
        out.tokens.push_back(std::move(raw[i]));
        break;
    }
  }
  return out;
}

TokenFlags ComputeFlags(const std::vector<std::unique_ptr<antlr4::Token>>& tokens) {
  TokenFlags flags;
  flags.line_start.resize(tokens.size());
  flags.sync.resize(tokens.size());
  std::vector<size_t> types;
  types.reserve(tokens.size());
  for (const auto& t : tokens) types.push_back(t->getType());
  for (size_t i = 0; i < tokens.size(); ++i) {
    const antlr4::Token& t = *tokens[i];
    flags.line_start[i] =
        i == 0 || t.getType() == antlr4::Token::EOF || tokens[i - 1]->getLine() != t.getLine();
    if (IsDeclarationKeyword(t.getType()) || t.getType() == L::LET) flags.sync[i] = 1;
    switch (t.getType()) {
      case L::PAYMENT:
        flags.sync[i] = i == 0 || tokens[i - 1]->getType() != L::EXPECT;
        break;
      case L::POPULATION:
        flags.sync[i] = StartsPopulationDeclaration(types, i);
        break;
      case L::TYPE:
      case L::GATE:
        flags.sync[i] = StartsSoftDeclaration(types, i);
        break;
      default:
        break;
    }
  }
  return flags;
}

namespace {

// The code points of `text`, or nullopt unless it is valid UTF-8 (shortest
// forms, no surrogates, at most U+10FFFF) without a byte order mark.
std::optional<std::u32string> DecodeStrictUtf8(const std::string& text) {
  std::u32string out;
  out.resize(text.size());
  size_t n = 0;
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const size_t size = text.size();
  if (size >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF) return std::nullopt;
  for (size_t i = 0; i < size;) {
    unsigned char c = s[i];
    if (c < 0x80) {
      out[n++] = c;
      ++i;
      continue;
    }
    size_t len = (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : (c & 0xF8) == 0xF0 ? 4 : 0;
    if (len == 0 || i + len > size) return std::nullopt;
    char32_t cp = len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (size_t k = 1; k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80) return std::nullopt;
      cp = (cp << 6) | (s[i + k] & 0x3F);
    }
    static constexpr char32_t kLeast[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kLeast[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return std::nullopt;
    out[n++] = cp;
    i += len;
  }
  out.resize(n);
  return out;
}

}  // namespace

SourceInputStream::SourceInputStream(const std::string& text) : antlr4::ANTLRInputStream() {
  if (std::optional<std::u32string> decoded = DecodeStrictUtf8(text)) {
    _data = std::move(*decoded);
    p = 0;
  } else {
    load(text);
  }
}

}  // namespace ocf::parse
