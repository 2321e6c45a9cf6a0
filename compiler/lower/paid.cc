// `paid "LINE" so far | this year`: a PaidSoFar or PaidThisYear node naming
// the line by its payment block and item, which the period-level code sums
// from the amounts already worked out.
#include <stdexcept>

#include "compiler/lower/lowering.h"

namespace ocf::lower {

ExprId Lowering::LowerPaid(const ast::PaidExpr& e) {
  for (size_t b = 0; b < program_.payments.size(); ++b) {
    const std::vector<ast::PaymentItem>& items = program_.payments[b]->items;
    for (size_t k = 0; k < items.size(); ++k) {
      if (items[k].is_let || items[k].name.text != e.line.text) continue;
      ExprId id = Leaf(e.this_year ? plan::Op::PaidThisYear : plan::Op::PaidSoFar, plan::ValueType::Decimal,
                       static_cast<uint32_t>(b), e.span);
      out_.nodes[id].int_value = static_cast<int64_t>(k);
      return id;
    }
  }
  throw std::logic_error("lower: no payment line named " + e.line.text);
}

}  // namespace ocf::lower
