// Linked records (LANGUAGE.md §6) in the plan.
#include <stdexcept>

#include "compiler/lower/lowering.h"

namespace ocf::lower {

ExprId Lowering::LowerLink(const ast::LinkExpr& e, Context& ctx) {
  (void)e;
  (void)ctx;
  throw std::logic_error("lower: linked records are not implemented yet");
}

ExprId Lowering::LowerQualified(const ast::QualifiedExpr& e, Context& ctx) {
  (void)e;
  (void)ctx;
  throw std::logic_error("lower: qualified names are not implemented yet");
}

}  // namespace ocf::lower
