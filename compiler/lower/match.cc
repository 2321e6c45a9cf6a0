// Decision tables (LANGUAGE.md §6) in the plan: one Op::Match node whose
// lookup (plan::MatchTable) is built here once from what the checker proved
// (CheckedProgram::matches): the line's pieces as sorted starts, or the
// listed values sorted for a binary search. Bounds that are not constants
// become children, compared at run time.
#include <algorithm>
#include <stdexcept>

#include "compiler/lower/lowering.h"
#include "runtime/cells.h"

namespace ocf::lower {

using plan::Node;
using plan::Op;

ExprId Lowering::LowerMatch(const ast::MatchExpr& e, Context& ctx) {
  const Type& subject_type = program_.types.at(e.subject.get());
  ExprId subject = LowerExpr(*e.subject, ctx);
  ValueType result_type = SemaValueType(e);

  plan::MatchTable table;
  table.subject_span = e.subject->span;
  table.unit = subject_type.kind == TypeKind::Percent ? plan::MatchTable::Unit::Percent
               : subject_type.kind == TypeKind::Money ? plan::MatchTable::Unit::Money
                                                      : plan::MatchTable::Unit::Plain;
  table.currency_symbol = CurrencySymbol(program_.contract.currency);

  std::vector<ExprId> results;
  for (const ast::MatchCase& mc : e.cases)
    results.push_back(Convert(LowerExpr(*mc.result, ctx), result_type));
  if (e.else_result) {
    table.else_result = static_cast<uint32_t>(results.size());
    results.push_back(Convert(LowerExpr(*e.else_result, ctx), result_type));
  }
  table.results = static_cast<uint32_t>(results.size());

  Node n{Op::Match, result_type, TypeOf(subject), plan::Cmp::Eq, plan::kNoSlot, {}, 0, {}, {}, e.span};
  auto it = program_.matches.find(&e);
  if (it != program_.matches.end()) {
    const MatchLookup& lookup = it->second;
    if (lookup.ordered) {
      table.ordered = true;
      for (const Decimal& s : lookup.starts) {
        if (n.operand_type == ValueType::Decimal)
          table.decimal_starts.push_back(s);
        else
          table.int_starts.push_back(*s.ToInt64());
      }
      for (uint32_t k : lookup.piece_case)
        table.piece_result.push_back(k == UINT32_MAX ? table.else_result : k);
    } else {
      table.values = lookup.values;
      std::sort(table.values.begin(), table.values.end());
    }
    n.children.push_back(subject);
    for (ExprId r : results) n.children.push_back(r);
  } else {
    // Bounds known at run time: compared as the subject's type, or as
    // decimals when either side is one.
    table.run_time = true;
    struct Bounds {
      ExprId low, high;  // kNoSlot: open
      bool value;        // a single value: low is both ends
    };
    std::vector<Bounds> bounds;
    ValueType operand = TypeOf(subject);
    for (size_t k = 0; k < e.cases.size(); ++k) {
      for (const ast::MatchPattern& p : e.cases[k].patterns) {
        ExprId low = p.low ? LowerExpr(*p.low, ctx) : plan::kNoSlot;
        ExprId high = p.kind == ast::MatchPattern::Kind::Value ? plan::kNoSlot
                      : p.high                                 ? LowerExpr(*p.high, ctx)
                                                               : plan::kNoSlot;
        for (ExprId b : {low, high})
          if (b != plan::kNoSlot && TypeOf(b) == ValueType::Decimal) operand = ValueType::Decimal;
        bounds.push_back({low, high, p.kind == ast::MatchPattern::Kind::Value});
        table.patterns.push_back({plan::kNoSlot, plan::kNoSlot, p.low_included, p.high_included,
                                  static_cast<uint32_t>(k), p.span});
      }
    }
    n.operand_type = operand;
    n.children.push_back(Convert(subject, operand));
    for (ExprId r : results) n.children.push_back(r);
    auto child = [&](ExprId b) {
      if (b == plan::kNoSlot) return plan::kNoSlot;
      n.children.push_back(Convert(b, operand));
      return static_cast<uint32_t>(n.children.size() - 1);
    };
    for (size_t k = 0; k < bounds.size(); ++k) {
      plan::MatchTable::Pattern& p = table.patterns[k];
      p.low = child(bounds[k].low);
      p.high = bounds[k].value ? p.low : child(bounds[k].high);
    }
  }
  n.slot = static_cast<uint32_t>(out_.matches.size());  // after the tables of matches inside it
  out_.matches.push_back(std::move(table));
  return Add(std::move(n));
}

}  // namespace ocf::lower
