// Linked records (LANGUAGE.md §6) in the plan: `exists U on K1 = K2 where
// C` becomes a LinkExists node (LinkCount for `count`) over an entry of
// EvaluationPlan::links, with the current row's key as its first child and
// the condition over the pair of rows as its second: U's population
// conditions first (a population used as U is its filtered rows), then C.
// Columns sema marked `linked` become LinkedColumn leaves.
#include <stdexcept>

#include "compiler/lower/lowering.h"

namespace ocf::lower {

using plan::Op;

ExprId Lowering::LowerColumn(const Symbol& sym, const std::string& name, Span span, Context& ctx) {
  ValueType type = ValueTypeOf(sym.column->type);
  if (sym.linked) {
    if (!ctx.linked) throw std::logic_error("lower: a linked column outside a link");
    return Leaf(Op::LinkedColumn, type, ColumnIndex(*ctx.linked, name), span);
  }
  return Leaf(ctx.as_linked ? Op::LinkedColumn : Op::Column, type, ColumnIndex(*ctx.table, name), span);
}

ExprId Lowering::LowerQualified(const ast::QualifiedExpr& e, Context& ctx) {
  return LowerColumn(program_.references.at(&e), e.column.text, e.span, ctx);
}

ExprId Lowering::LowerLink(const ast::LinkExpr& e, Context& ctx) {
  if (!ctx.table || ctx.linked || ctx.as_linked)
    throw std::logic_error("lower: a link where sema allows none");
  const Symbol& sym = program_.globals.at(e.source.text);
  const ast::DataDecl* table = sym.kind == SymbolKind::Dataset ? static_cast<const ast::DataDecl*>(sym.decl)
                                                               : program_.population_base.at(sym.decl);
  const std::string& k1 = e.key.text;
  const std::string& k2 = e.other_key ? e.other_key->text : e.key.text;
  plan::Link link;
  link.table = TableIndex(table);
  link.key = ColumnIndex(*table, k2);
  link.outer_table = TableIndex(ctx.table);
  link.outer_key = ColumnIndex(*ctx.table, k1);
  link.key_type = out_.tables[link.table].columns[link.key].type;
  link.span = e.span;

  // U's population conditions, read from the linked record.
  Context population = ctx;
  population.table = table;
  population.as_linked = true;
  ExprId condition = PopulationCondition(e.source.text, population);
  if (e.condition) {
    Context inner = ctx;
    inner.linked = table;
    ExprId own = LowerExpr(*e.condition, inner);
    condition = condition == plan::kNoSlot ? own : Binary(Op::And, ValueType::Bool, condition, own, e.span);
  }
  uint32_t slot = static_cast<uint32_t>(out_.links.size());
  out_.links.push_back(link);
  ExprId key = Leaf(Op::Column, link.key_type, link.outer_key, e.key.span);
  plan::Node n{e.count ? Op::LinkCount : Op::LinkExists,
               e.count ? ValueType::Int : ValueType::Bool,
               link.key_type,
               plan::Cmp::Eq,
               slot,
               {key},
               0,
               {},
               {},
               e.span};
  if (condition != plan::kNoSlot) n.children.push_back(condition);
  return Add(std::move(n));
}

}  // namespace ocf::lower
