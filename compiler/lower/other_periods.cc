// `MEASURE in previous period` and `MEASURE at baseline` (LANGUAGE.md §6):
// a PreviousPeriod or AtBaseline node on the measure's slot. In a `by`
// measure the measure it names is narrowed to the group too, so the node also
// holds the measure's grouped copy, which the period-level code works out for
// the group in the other period. A window does not narrow it: the measure's
// value there is its own (over its own window, if it has one).
#include "compiler/lower/lowering.h"

namespace ocf::lower {

ExprId Lowering::LowerOtherPeriod(const ast::OtherPeriodExpr& e, Context& ctx) {
  const Symbol& sym = program_.references.at(e.measure.get());
  uint32_t index = MeasureIndex(static_cast<const ast::MeasureDecl&>(*sym.decl));
  Context own = ctx;
  own.window = plan::kNoSlot;
  ExprId inner = LowerName(*e.measure, own);  // a Measure leaf, or the grouped copy
  plan::Node node;
  node.op =
      e.which == ast::OtherPeriodExpr::Which::Baseline ? plan::Op::AtBaseline : plan::Op::PreviousPeriod;
  node.type = out_.nodes[inner].type;
  node.slot = index;
  if (out_.nodes[inner].op != plan::Op::Measure) node.children.push_back(inner);
  node.span = e.span;
  return Add(std::move(node));
}

}  // namespace ocf::lower
