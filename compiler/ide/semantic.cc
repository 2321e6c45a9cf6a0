// Semantic tokens: the lexer's tokens, each name classified by the index.
#include <algorithm>

#include "compiler/ide/index.h"
#include "compiler/ide/text.h"

namespace ocf::ide {
namespace {

TokenType TypeOf(const IndexSymbol& s) {
  switch (s.kind) {
    case SymKind::Dataset:
    case SymKind::Population:
      return TokenType::Dataset;
    case SymKind::Column:
      return TokenType::Column;
    case SymKind::Measure:
      return TokenType::Measure;
    case SymKind::Function:
      return TokenType::Function;
    case SymKind::Param:
      return TokenType::Parameter;
    case SymKind::Type:
      return TokenType::Type;
    case SymKind::EnumValue:
      return TokenType::EnumMember;
    case SymKind::PayLine:
      return TokenType::Property;
    case SymKind::Builtin:
      return s.type.empty() ? TokenType::Function : TokenType::Variable;
    default:
      return TokenType::Variable;
  }
}

}  // namespace

std::vector<SemanticToken> SemanticTokens(const Analysis& a) {
  const Analysis::Index& ix = a.index();
  const SourceFile& doc = a.document();
  const std::vector<LexToken>& tokens = ix.DocumentTokens(doc);
  std::vector<SemanticToken> out;
  auto named = [&](const Occurrence& o) {
    const IndexSymbol& s = ix.symbols[o.symbol];
    uint32_t mods = 0;
    if (o.definition) mods |= kDeclaration;
    if (s.kind == SymKind::Let || s.kind == SymKind::Input || s.kind == SymKind::PaymentLet)
      mods |= kReadonly;
    if (s.kind == SymKind::Builtin ||
        (s.def && s.def->file < ix.in_stdlib.size() && ix.in_stdlib[s.def->file]))
      mods |= kDefaultLibrary;
    out.push_back(SemanticToken{o.span, TypeOf(s), mods});
  };
  // The occurrence with exactly this span, if any.
  auto exact = [&](Span span) -> const Occurrence* {
    const Occurrence* o = ix.At(0, span.begin);
    if (o && o->span.begin == span.begin && o->span.end == span.end && o->symbol < ix.symbols.size())
      return o;
    return nullptr;
  };
  for (const LexToken& t : tokens) {
    switch (t.cls) {
      case TokenClass::Name:
      case TokenClass::SoftKeyword:
        if (const Occurrence* o = exact(t.span)) {
          named(*o);
        } else if (t.cls == TokenClass::SoftKeyword || t.text == "monthly" || t.text == "quarterly" ||
                   t.text == "yearly") {
          // Frequencies are plain names to the lexer but words of the language.
          out.push_back(SemanticToken{t.span, TokenType::Keyword});
        }
        break;
      case TokenClass::HardKeyword:
        out.push_back(SemanticToken{t.span, TokenType::Keyword});
        break;
      case TokenClass::Number:
      case TokenClass::Percent:
      case TokenClass::Money:
      case TokenClass::Date:
      case TokenClass::Ordinal:
        out.push_back(SemanticToken{t.span, TokenType::Number});
        break;
      case TokenClass::Text:
        if (const Occurrence* o = exact(t.span)) {
          named(*o);
        } else {
          out.push_back(SemanticToken{t.span, TokenType::String});
        }
        break;
      case TokenClass::Operator:
        out.push_back(SemanticToken{t.span, TokenType::Operator});
        break;
      case TokenClass::TableRow: {
        // A row of a test table is one token; the column names of its header
        // are occurrences inside it.
        auto it = std::lower_bound(
            ix.occurrences.begin(), ix.occurrences.end(), t.span.begin,
            [](const Occurrence& o, uint32_t begin) { return o.span.file == 0 && o.span.begin < begin; });
        for (; it != ix.occurrences.end() && it->span.file == 0 && it->span.end <= t.span.end; ++it)
          if (it->symbol < ix.symbols.size()) named(*it);
        break;
      }
      default:
        break;
    }
  }
  // Comments, one token per line (an editor's tokens do not span lines).
  for (Span c : Comments(tokens)) {
    std::string_view text = doc.Slice(c);
    uint32_t cp = c.begin, start = c.begin;
    for (size_t i = 0; i < text.size(); ++i) {
      unsigned char ch = static_cast<unsigned char>(text[i]);
      if ((ch & 0xC0) == 0x80) continue;
      if (ch == '\n' || ch == '\r') {
        if (cp > start) out.push_back(SemanticToken{Span{0, start, cp}, TokenType::Comment});
        start = cp + 1;
      }
      ++cp;
    }
    if (cp > start) out.push_back(SemanticToken{Span{0, start, cp}, TokenType::Comment});
  }
  std::sort(out.begin(), out.end(), [](const SemanticToken& x, const SemanticToken& y) {
    return x.span.begin != y.span.begin ? x.span.begin < y.span.begin : x.span.end > y.span.end;
  });
  // No overlaps: a later token starting inside an earlier one is dropped.
  std::vector<SemanticToken> kept;
  for (const SemanticToken& t : out) {
    if (t.span.end <= t.span.begin) continue;
    if (!kept.empty() && t.span.begin < kept.back().span.end) continue;
    kept.push_back(t);
  }
  return kept;
}

}  // namespace ocf::ide
