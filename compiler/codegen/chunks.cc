#include "compiler/codegen/chunks.h"

#include <unordered_set>

namespace ocf::codegen {
namespace {

using plan::AggregateOp;
using plan::ExprId;

// Roughly the IR instructions codegen.cc emits: a node's (present, value,
// error) triple, and an aggregate's state update.
constexpr size_t kNodeWeight = 4;

size_t UpdateWeight(AggregateOp op) {
  switch (op) {
    case AggregateOp::Count:
      return 5;
    case AggregateOp::PercentOf:
      return 8;
    case AggregateOp::Sum:
    case AggregateOp::Mean:
    case AggregateOp::Min:
    case AggregateOp::Max:
      return 14;
    default:  // values collected in a bag (and a histogram)
      return 20;
  }
}

// The plan nodes a chunk evaluates so far: an expression costs only what
// the chunk does not evaluate already (the plan is a DAG; Emit memoises).
class Reach {
 public:
  explicit Reach(const plan::EvaluationPlan& plan) : plan_(plan) {}
  // Marks what `root` reaches and returns the weight of the nodes new to the chunk.
  size_t Add(ExprId root) {
    size_t added = 0;
    plan::VisitOnce(plan_, root, seen_, [&](const plan::Node&) { added += kNodeWeight; });
    return added;
  }
  void Clear() { seen_.clear(); }

 private:
  const plan::EvaluationPlan& plan_;
  std::unordered_set<ExprId> seen_;
};

}  // namespace

std::vector<std::vector<size_t>> ChunkAggregates(const plan::EvaluationPlan& plan, size_t table,
                                                 size_t budget) {
  std::vector<std::vector<size_t>> chunks(1);
  Reach reach(plan);
  size_t weight = 0;
  for (const plan::Table::Check& check : plan.tables[table].checks) weight += reach.Add(check.condition);
  // The check rules see every input missing, so their nodes are emitted
  // again for the aggregates: they do not count as evaluated.
  reach.Clear();
  for (size_t a = 0; a < plan.aggregates.size(); ++a) {
    const plan::Aggregate& agg = plan.aggregates[a];
    if (agg.table != table || !agg.used) continue;
    size_t w =
        UpdateWeight(agg.op) + reach.Add(agg.population) + reach.Add(agg.condition) + reach.Add(agg.value);
    if (!chunks.back().empty() && weight + w > budget) {
      // Start a new chunk, weighing this aggregate's expressions afresh.
      chunks.emplace_back();
      reach.Clear();
      weight = 0;
      w = UpdateWeight(agg.op) + reach.Add(agg.population) + reach.Add(agg.condition) + reach.Add(agg.value);
    }
    chunks.back().push_back(a);
    weight += w;
  }
  return chunks;
}

}  // namespace ocf::codegen
