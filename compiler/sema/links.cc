// Linked records (LANGUAGE.md §6): `exists U on K where C`, `count U on K
// where C`, and `T.column`.
#include <fmt/format.h>

#include "compiler/sema/checker.h"

namespace ocf::sema {

Type Checker::InferLink(const ast::LinkExpr& e, Scope& scope) {
  (void)scope;
  diags_.Report(DiagCode::NotAllowedHere, e.span, "linked records are not available yet");
  return Type::Error();
}

Type Checker::InferQualified(const ast::QualifiedExpr& e, Scope& scope) {
  (void)scope;
  diags_.Report(DiagCode::NotAllowedHere, e.span, "linked records are not available yet");
  return Type::Error();
}

}  // namespace ocf::sema
