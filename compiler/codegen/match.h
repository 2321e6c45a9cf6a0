// Decision tables in the JIT: a `match` node (plan::MatchTable) as
// straight-line code, like the rest of a scan's row body (README.md): the
// piece of a constant line found by a branch-free binary search over the
// sorted starts (compares against immediates when there are few), its result
// by a table lookup; listed text values compared with the subject's code in
// its column's dictionary; bounds known at run time compared pattern by
// pattern. Every result is computed and the chosen one selected, taking only
// its error, as `if` does. A value no case covers, or that two cases cover,
// marks the row failed, where the interpreter (runtime/interp/match_eval.cc)
// raises its located error.
#pragma once

#include <vector>

#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Module.h>

#include "plan/plan.h"

namespace ocf::codegen {

// A value in flight: present (i1), the value (i64, or i128 for decimals) and
// whether computing it failed where the interpreter would have raised (i1).
struct V {
  llvm::Value* present;
  llvm::Value* v;
  llvm::Value* err;
};

struct MatchOperands {
  V subject;               // for text: its code in its column
  std::vector<V> results;  // children 1..results
  // The node's other children (bounds known at run time), by child index;
  // for text, codes in the subject's column.
  std::vector<V> bounds;
  std::vector<llvm::Value*> value_codes;  // listed text values: their codes, as MatchTable::values
};

V EmitMatch(llvm::IRBuilder<>& b, llvm::Module& module, const plan::Node& n, const plan::MatchTable& t,
            const MatchOperands& ops);

}  // namespace ocf::codegen
