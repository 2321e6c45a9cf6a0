// Gates (LANGUAGE.md §6) in the plan: each gate's condition, lowered once and
// shared by the statement's `gates` and every payment line that names it (a
// payment by group evaluates it with the group's measures).
#include "compiler/lower/lowering.h"

namespace ocf::lower {

ExprId Lowering::GateValue(const ast::GateDecl& gate) {
  auto known = gate_values_.find(&gate);
  if (known != gate_values_.end()) return known->second;
  Context ctx;
  ExprId id = LowerExpr(*gate.condition, ctx);
  gate_values_.emplace(&gate, id);
  return id;
}

void Lowering::LowerGates() {
  for (const ast::GateDecl* g : program_.gates)
    out_.gates.push_back({g->name.text, g->title.value_or(""), GateValue(*g), g->name.span});
}

}  // namespace ocf::lower
