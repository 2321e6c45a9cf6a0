#include "compiler/codegen/match.h"

#include <bit>

namespace ocf::codegen {
namespace {

llvm::Constant* Constant(llvm::Type* type, __int128 v) {
  return llvm::ConstantInt::get(
      type,
      llvm::APInt(type->getIntegerBitWidth(), {static_cast<uint64_t>(v), static_cast<uint64_t>(v >> 64)}));
}

// A private constant array in the module, for lookups by index.
llvm::GlobalVariable* Table(llvm::Module& module, llvm::Type* elem,
                            const std::vector<llvm::Constant*>& items) {
  llvm::ArrayType* type = llvm::ArrayType::get(elem, items.size());
  return new llvm::GlobalVariable(module, type, true, llvm::GlobalValue::PrivateLinkage,
                                  llvm::ConstantArray::get(type, items), "ocf_match");
}

// Few enough entries to compare with immediates instead of loading from a table.
constexpr size_t kInline = 8;

}  // namespace

V EmitMatch(llvm::IRBuilder<>& b, llvm::Module& module, const plan::Node& n, const plan::MatchTable& t,
            const MatchOperands& ops) {
  llvm::Type* i32 = b.getInt32Ty();
  const V& s = ops.subject;
  llvm::Value* x = s.v;
  const uint32_t none = t.results;  // no case: an error
  auto result_index = [&](uint32_t r) { return b.getInt32(r == plan::kNoSlot ? none : r); };
  llvm::Value* index = nullptr;
  llvm::Value* failed = b.getFalse();  // besides no case: two cases, a bound's error
  if (t.ordered) {
    bool wide = n.operand_type == plan::ValueType::Decimal;
    size_t count = wide ? t.decimal_starts.size() : t.int_starts.size();
    auto start = [&](size_t k) {
      return Constant(x->getType(), wide ? t.decimal_starts[k].units() : t.int_starts[k]);
    };
    // The piece: how many starts are at or below x.
    llvm::Value* piece = b.getInt32(0);
    if (count <= kInline) {
      for (size_t k = 0; k < count; ++k)
        piece = b.CreateAdd(piece, b.CreateZExt(b.CreateICmpSGE(x, start(k)), i32));
    } else {
      std::vector<llvm::Constant*> items;
      for (size_t k = 0; k < count; ++k) items.push_back(start(k));
      llvm::GlobalVariable* starts = Table(module, x->getType(), items);
      llvm::Type* array = starts->getValueType();
      for (size_t step = std::bit_floor(count); step >= 1; step /= 2) {
        llvm::Value* next = b.CreateAdd(piece, b.getInt32(static_cast<uint32_t>(step)));
        llvm::Value* inside = b.CreateICmpULE(next, b.getInt32(static_cast<uint32_t>(count)));
        llvm::Value* at = b.CreateSelect(inside, b.CreateSub(next, b.getInt32(1)), b.getInt32(0));
        llvm::LoadInst* bound =
            b.CreateLoad(x->getType(), b.CreateInBoundsGEP(array, starts, {b.getInt32(0), at}));
        bound->setAlignment(llvm::Align(wide ? 16 : 8));
        piece = b.CreateSelect(b.CreateAnd(inside, b.CreateICmpSLE(bound, x)), next, piece);
      }
    }
    size_t pieces = t.piece_result.size();
    if (pieces <= kInline) {
      index = result_index(t.piece_result[0]);
      for (size_t k = 1; k < pieces; ++k)
        index = b.CreateSelect(b.CreateICmpEQ(piece, b.getInt32(static_cast<uint32_t>(k))),
                               result_index(t.piece_result[k]), index);
    } else {
      std::vector<llvm::Constant*> items;
      for (uint32_t r : t.piece_result) items.push_back(result_index(r));
      llvm::GlobalVariable* results = Table(module, i32, items);
      index =
          b.CreateLoad(i32, b.CreateInBoundsGEP(results->getValueType(), results, {b.getInt32(0), piece}));
    }
  } else if (!t.run_time) {
    index = result_index(t.else_result);
    for (size_t k = 0; k < t.values.size(); ++k)
      index = b.CreateSelect(b.CreateICmpEQ(x, ops.value_codes[k]), result_index(t.values[k].second), index);
  } else {
    bool text = n.operand_type == plan::ValueType::Text;
    for (const V& bound : ops.bounds)
      if (bound.err) failed = b.CreateOr(failed, bound.err);
    std::vector<llvm::Value*> hit(t.results, b.getFalse());
    for (const plan::MatchTable::Pattern& p : t.patterns) {
      llvm::Value* covers = b.getTrue();
      if (text) {
        const V& v = ops.bounds[p.low];
        covers = b.CreateAnd(v.present, b.CreateICmpEQ(x, v.v));
      } else {
        if (p.low != plan::kNoSlot) {
          const V& low = ops.bounds[p.low];
          covers = b.CreateAnd(covers, b.CreateAnd(low.present, p.low_included ? b.CreateICmpSGE(x, low.v)
                                                                               : b.CreateICmpSGT(x, low.v)));
        }
        if (p.high != plan::kNoSlot) {
          const V& high = ops.bounds[p.high];
          covers =
              b.CreateAnd(covers, b.CreateAnd(high.present, p.high_included ? b.CreateICmpSLE(x, high.v)
                                                                            : b.CreateICmpSLT(x, high.v)));
        }
      }
      hit[p.result] = b.CreateOr(hit[p.result], covers);
    }
    llvm::Value* cases = b.getInt32(0);
    index = result_index(t.else_result);
    for (uint32_t r = t.results; r-- > 0;) {
      cases = b.CreateAdd(cases, b.CreateZExt(hit[r], i32));
      index = b.CreateSelect(hit[r], b.getInt32(r), index);
    }
    failed = b.CreateOr(failed, b.CreateICmpUGT(cases, b.getInt32(1)));
  }
  failed = b.CreateOr(failed, b.CreateICmpEQ(index, b.getInt32(none)));

  // The chosen result, and only its error.
  llvm::Type* type = ops.results.empty() ? x->getType() : ops.results[0].v->getType();
  llvm::Value* value = llvm::ConstantInt::get(type, 0);
  llvm::Value* present = b.getFalse();
  for (uint32_t r = 0; r < ops.results.size(); ++r) {
    const V& res = ops.results[r];
    llvm::Value* chosen = b.CreateICmpEQ(index, b.getInt32(r));
    value = b.CreateSelect(chosen, res.v, value);
    present = b.CreateSelect(chosen, res.present, present);
    failed = b.CreateOr(failed, b.CreateAnd(chosen, res.err));
  }
  return {b.CreateAnd(s.present, present), value, b.CreateOr(s.err, b.CreateAnd(s.present, failed))};
}

}  // namespace ocf::codegen
