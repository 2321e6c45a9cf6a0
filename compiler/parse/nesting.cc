#include "compiler/parse/nesting.h"

#include "OcfLexer.h"

namespace ocf::parse {
namespace {

using L = ocf_grammar::OcfLexer;

// Binding strength, loosest first, as in the grammar's `expr` rule.
enum Level : int {
  kOpen = 0,  // `if`, `where`, aggregate words: end only with their bracket level
  kOtherwise = 1,
  kOr = 2,
  kAnd = 3,
  kNot = 4,
  kCompare = 5,
  kAdd = 6,
  kMul = 7,
  kUnary = 8,
  kPower = 9,
};

struct Pending {
  int level;
  bool aggregate;  // `sum`, `mean`, ...: ends at its `of`
};

// Words that start an item inside a block or a part of one (a tier, an
// argument): whatever was pending before them has ended.
bool IsItemStart(size_t t) {
  switch (t) {
    case L::LET:
    case L::PAY:
    case L::CHECK:
    case L::GIVEN:
    case L::SET:
    case L::EXPECT:
    case L::FIRST:
    case L::NEXT:
    case L::REST:
    case L::DATE_FORMAT:
    case L::COMMA:
    case L::PAYMENT:
      return true;
    default:
      return false;
  }
}

bool IsName(size_t t) {
  return t == L::IDENT || t == L::POPULATION || (t >= L::COMMISSIONER && t <= L::ID_T);
}

// Tokens after which a `-` or `+` is binary.
bool EndsOperand(size_t t) {
  if (IsName(t)) return true;
  switch (t) {
    case L::DATE:
    case L::PERCENT_LIT:
    case L::MONEY:
    case L::NUMBER:
    case L::STRING:
    case L::IDENT:
    case L::TRUE:
    case L::FALSE:
    case L::RPAREN:
    case L::RBRACE:
    case L::MISSING:
    case L::PRESENT:
    case L::PERCENT:
    case L::ACHIEVEMENT:
    case L::ORDINAL:
      return true;
    default:
      return false;
  }
}

// The level of a binary operator, or -1.
int BinaryLevel(size_t t) {
  switch (t) {
    case L::OTHERWISE:
      return kOtherwise;
    case L::OR:
      return kOr;
    case L::AND:
      return kAnd;
    case L::EQ:
    case L::NE:
    case L::LT:
    case L::LE:
    case L::GT:
    case L::GE:
    case L::IS:
    case L::IN:
      return kCompare;
    case L::PLUS:
    case L::MINUS:
      return kAdd;
    case L::STAR:
    case L::SLASH:
      return kMul;
    default:
      return -1;
  }
}

}  // namespace

bool StartsSoftDeclaration(const std::vector<size_t>& types, size_t i) {
  if (i >= types.size() || (types[i] != L::TYPE && types[i] != L::GATE)) return false;
  if (i + 2 >= types.size() || !IsName(types[i + 1])) return false;
  if (types[i + 2] != L::EQ && types[i + 2] != L::STRING) return false;
  return i == 0 || EndsOperand(types[i - 1]) || types[i - 1] == L::QUESTION;
}

bool StartsPopulationDeclaration(const std::vector<size_t>& types, size_t i) {
  if (i >= types.size() || types[i] != L::POPULATION) return false;
  if (i + 1 >= types.size() || !IsName(types[i + 1])) return false;
  return i == 0 || EndsOperand(types[i - 1]) || types[i - 1] == L::QUESTION;
}

std::optional<size_t> FindTooDeep(const std::vector<size_t>& types, int max_nesting) {
  std::vector<std::vector<Pending>> frames(1);
  long depth = 0;  // brackets open plus everything pending in every frame
  auto pop_while = [&](auto&& keep_going) {
    std::vector<Pending>& pending = frames.back();
    while (!pending.empty() && keep_going(pending.back())) {
      pending.pop_back();
      --depth;
    }
  };
  auto push = [&](int level, bool aggregate) {
    frames.back().push_back({level, aggregate});
    ++depth;
  };
  for (size_t i = 0; i < types.size(); ++i) {
    size_t t = types[i];
    size_t prev = i > 0 ? types[i - 1] : 0;
    size_t next = i + 1 < types.size() ? types[i + 1] : 0;
    if (IsDeclarationKeyword(t) || (t == L::PAYMENT && prev != L::EXPECT) ||
        StartsPopulationDeclaration(types, i) || StartsSoftDeclaration(types, i)) {
      frames.assign(1, {});
      depth = 0;
      continue;
    }
    // A soft keyword (`first`, `at`, `to`, ...) right after an operator is a
    // name, an operand like any other; only after a complete operand does it
    // end the expression, as the parser sees it.
    bool keyword = !IsName(t) || (i > 0 && EndsOperand(prev));
    if (IsItemStart(t) && keyword) {
      depth -= static_cast<long>(frames.back().size());
      frames.back().clear();
      continue;
    }
    if (!keyword) continue;
    switch (t) {
      case L::LPAREN:
      case L::LBRACE:
        frames.emplace_back();
        ++depth;
        break;
      case L::RPAREN:
      case L::RBRACE:
        if (frames.size() > 1) {
          depth -= 1 + static_cast<long>(frames.back().size());
          frames.pop_back();
        }
        break;
      case L::MINUS:
      case L::PLUS:
        if (i > 0 && EndsOperand(prev)) {
          pop_while([](const Pending& p) { return p.level > kAdd; });
        } else {
          push(kUnary, false);
        }
        break;
      case L::NOT:
        if (next == L::IN) {
          pop_while([](const Pending& p) { return p.level > kCompare; });
        } else {
          push(kNot, false);
        }
        break;
      case L::CARET:
        push(kPower, false);
        break;
      case L::IF:
      case L::WHERE:
      case L::MATCH:
        push(kOpen, false);
        break;
      case L::SUM:
      case L::MEAN:
      case L::MEDIAN:
      case L::DISTINCT:
      case L::PERCENTILE:
        push(kOpen, true);
        break;
      case L::MIN:
      case L::MAX:
        if (next != L::LPAREN) push(kOpen, true);
        break;
      case L::OF: {
        pop_while([](const Pending& p) { return p.level > kOpen; });
        std::vector<Pending>& pending = frames.back();
        if (!pending.empty() && pending.back().aggregate) {
          pending.pop_back();
          --depth;
        }
        break;
      }
      case L::THEN:
      case L::ELSE:
      case L::AT:
      case L::TO:
      case L::ARROW:
        pop_while([](const Pending& p) { return p.level > kOpen; });
        break;
      default: {
        int level = BinaryLevel(t);
        if (level >= 0) pop_while([level](const Pending& p) { return p.level > level; });
        break;
      }
    }
    if (depth > max_nesting) return i;
  }
  return std::nullopt;
}

bool IsDeclarationKeyword(size_t type) {
  switch (type) {
    case L::CONTRACT:
    case L::IMPORT:
    case L::DATA:
    case L::INPUT:
    case L::FUNCTION:
    case L::MEASURE:
    case L::TARGET:
    case L::OUTCOME:
    case L::TEST:
      return true;
    default:
      return false;
  }
}

}  // namespace ocf::parse
