#include "runtime/sql/aggregate_result.h"

namespace ocf::sql {

bool Mergeable(const plan::Aggregate& a) {
  return a.op != plan::AggregateOp::Median && a.op != plan::AggregateOp::Percentile &&
         a.op != plan::AggregateOp::CountDistinct;
}

}  // namespace ocf::sql
