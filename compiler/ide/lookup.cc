// The index's lookups (index.h) and the helpers the queries share.
#include <algorithm>

#include "compiler/ide/index.h"

namespace ocf::ide {

namespace {
bool Within(Span s, uint32_t file, uint32_t offset) {
  return s.file == file && s.begin <= offset && offset <= s.end;
}
}  // namespace

std::string WriteType(const ast::TypeExpr& t) {
  std::string s;
  if (t.named) {
    s = t.named->text;
  } else {
    switch (t.base) {
      case ast::BaseType::Int:
        s = "int";
        break;
      case ast::BaseType::Decimal:
        s = "decimal";
        break;
      case ast::BaseType::Percent:
        s = "percent";
        break;
      case ast::BaseType::Money:
        s = "money";
        break;
      case ast::BaseType::Bool:
        s = "bool";
        break;
      case ast::BaseType::Date:
        s = "date";
        break;
      case ast::BaseType::Duration:
        s = "duration";
        break;
      case ast::BaseType::Text:
        s = "text";
        break;
      case ast::BaseType::Id:
        s = "id";
        break;
      case ast::BaseType::Enum: {
        s = "one of (";
        for (size_t i = 0; i < t.enum_values.size(); ++i) s += (i ? ", " : "") + t.enum_values[i].text;
        s += ")";
        break;
      }
    }
  }
  return t.optional ? s + "?" : s;
}

const Occurrence* Analysis::Index::At(uint32_t file, uint32_t offset) const {
  // Occurrences are sorted and do not overlap: the last starting at or before
  // `offset`, or the one just before it when the cursor sits at a word's end.
  auto it =
      std::upper_bound(occurrences.begin(), occurrences.end(), std::make_pair(file, offset),
                       [](const std::pair<uint32_t, uint32_t>& p, const Occurrence& o) {
                         return p.first < o.span.file || (p.first == o.span.file && p.second < o.span.begin);
                       });
  const Occurrence* best = nullptr;
  for (int back = 0; back < 3 && it != occurrences.begin(); ++back) {
    --it;
    if (Within(it->span, file, offset)) {
      // Prefer a span that holds the offset strictly over one that ends there.
      if (!best || (offset < it->span.end && offset >= best->span.end)) best = &*it;
    }
  }
  return best;
}

std::vector<Occurrence> Analysis::Index::Of(uint32_t symbol) const {
  std::vector<Occurrence> out;
  for (const Occurrence& o : occurrences)
    if (o.symbol == symbol) out.push_back(o);
  std::stable_sort(out.begin(), out.end(),
                   [](const Occurrence& a, const Occurrence& b) { return a.definition > b.definition; });
  return out;
}

const ImportLink* Analysis::Index::ImportAt(uint32_t file, uint32_t offset) const {
  for (const ImportLink& link : imports)
    if (link.from == file && Within(link.decl->span, file, offset)) return &link;
  return nullptr;
}

const std::vector<LexToken>& Analysis::Index::DocumentTokens(const SourceFile& document) const {
  std::call_once(tokens_once_, [&] { tokens_ = LexAll(document, 0); });
  return tokens_;
}

}  // namespace ocf::ide
