// Gates (LANGUAGE.md §6): `gate NAME ["Title"] = CONDITION`, a data-quality or
// eligibility gateway over measures, lets and inputs, evaluated for every
// period. In a payment block its name is a bool; in a `payment ... by`
// block it is the group's.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

void Checker::CheckGate(const ast::GateDecl& gate) {
  Scope scope;
  scope.place = Place::Payment;
  scope.gate = &gate;
  Type t = gate.condition ? Infer(*gate.condition, scope) : Type::Error();
  // Missing counts as failed where a gate decides (`if complete then ...`),
  // as LANGUAGE.md §6 says: no warning about it.
  decl_types_[&gate] = Type::Of(TypeKind::Bool, false);
  if (t.is_error() || t.kind == TypeKind::Bool) return;
  diags_
      .Report(DiagCode::GateNotBool, gate.condition->span,
              fmt::format("gate `{}` needs a condition, but this is {}", gate.name.text, Describe(t.kind)))
      .Help(t.kind == TypeKind::Percent ? "compare it with a threshold: `nhs_recorded >= 95%`"
                                        : "write a comparison, such as `measure >= threshold`");
}

}  // namespace ocf::sema
