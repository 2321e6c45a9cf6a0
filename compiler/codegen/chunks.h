// How a table's scan is split for the JIT: its aggregates in chunks of
// bounded size, each chunk one LLVM function.
//
// One function holding every aggregate's update is one huge basic block, and
// LLVM's instruction scheduling and register allocation grow faster than
// linearly in a block's size: 5,000 measures took over a minute to compile.
// Functions of bounded size compile in time proportional to their number,
// and on several threads at once (codegen.cc).
#pragma once

#include <cstddef>
#include <vector>

#include "plan/plan.h"

namespace ocf::codegen {

// About this many IR instructions a chunk's row body grows to; the default
// chunk budget. A small budget makes more, smaller functions (the tests use
// 1: every aggregate in its own chunk).
constexpr size_t kChunkBudget = 600;

// The aggregates table `table`'s scan updates (those of the table that some
// measure uses), in plan order, split into consecutive chunks whose weight
// (the plan nodes a chunk evaluates, each once however many of its
// aggregates share it, plus each aggregate's update) stays within `budget`,
// unless one aggregate alone weighs more. The table's check rules weigh on
// the first chunk, which evaluates them. Always at least one chunk, perhaps
// empty (a table no aggregate reads still has its checks and its rows
// outside the term counted).
std::vector<std::vector<size_t>> ChunkAggregates(const plan::EvaluationPlan& plan, size_t table,
                                                 size_t budget = kChunkBudget);

}  // namespace ocf::codegen
