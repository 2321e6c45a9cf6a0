// Decision tables (LANGUAGE.md §6) in the plan.
#include <stdexcept>

#include "compiler/lower/lowering.h"

namespace ocf::lower {

ExprId Lowering::LowerMatch(const ast::MatchExpr& e, Context& ctx) {
  (void)e;
  (void)ctx;
  throw std::logic_error("lower: match is not implemented yet");
}

}  // namespace ocf::lower
