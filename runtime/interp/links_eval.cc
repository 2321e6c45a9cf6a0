// Linked records in the reference interpreter: `exists U on K where C` and
// `count U on K where C` (LANGUAGE.md §6), over the run's link indexes
// (runtime/exec/link_index.h).
#include "runtime/exec/link_index.h"
#include "runtime/interp/eval.h"

namespace ocf::interp {

// U's rows with the current row's key are tried in row order; `exists`
// stops at the first that meets the condition (so a later row's failing
// arithmetic is never reached, as in the compiled scans), `count` tries
// them all. A missing key matches nothing.
Value Evaluator::EvalLink(const plan::Node& n, const Scope& scope) const {
  const bool count = n.op == plan::Op::LinkCount;
  Value key = Sub(n.children[0], scope);
  auto result = [&](int64_t matches) { return count ? Value::Int(matches) : Value::Bool(matches > 0); };
  if (!key.present) return result(0);
  if (!scope.links) throw EvalError(n.span, "internal error: a link evaluated without its indexes");
  const exec::KeyIndex& index = scope.links->index(n.slot);
  int64_t group =
      n.operand_type == plan::ValueType::Text ? index.GroupOfText(key.s) : index.GroupOfInt(key.i);
  if (group < 0) return result(0);
  Scope pair = scope;
  pair.linked_table = &scope.links->table(n.slot);
  int64_t matches = 0;
  for (uint32_t r : index.Rows(group)) {
    pair.linked_row = r;
    bool holds = true;
    if (n.children.size() > 1) {
      // Shared nodes remembered for one linked record are not another's.
      NewGeneration();
      Value c = Sub(n.children[1], pair);
      holds = c.present && c.i != 0;
    }
    if (!holds) continue;
    ++matches;
    if (!count) break;
  }
  NewGeneration();
  return result(matches);
}

}  // namespace ocf::interp
