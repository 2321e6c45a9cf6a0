// Decision tables (LANGUAGE.md §6): `match SUBJECT { CASE => EXPR ... }`.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

Type Checker::InferMatch(const ast::MatchExpr& e, Scope& scope) {
  (void)scope;
  diags_.Report(DiagCode::NotAllowedHere, e.span, "decision tables (`match`) are not available yet");
  return Type::Error();
}

}  // namespace ocf::sema
