// The builder of one scan function (codegen.cc), shared with the files that
// compile one construct each (links.cc). Internal to compiler/codegen.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>

#include "compiler/codegen/match.h"  // V, a value in flight
#include "plan/plan.h"
#include "runtime/exec/compiled.h"
#include "runtime/interp/eval.h"

namespace ocf::codegen {

using plan::AggregateOp;
using plan::ExprId;
using plan::Node;
using plan::Op;
using plan::ValueType;

// A construct this codegen does not compile; the run falls back to the interpreter.
struct Unsupported {
  std::string what;
};

inline bool IsWide(ValueType t) { return t == ValueType::Decimal; }

class ScanBuilder {
 public:
  // Builds the scan of `aggs`, aggregates of table `table`; the first chunk
  // of a table's scan also checks its rules, counts its rows outside the
  // term and its rows per `by` group.
  ScanBuilder(const plan::EvaluationPlan& plan, const std::vector<interp::Value>& inputs, size_t table,
              const std::vector<size_t>& aggs, bool first, llvm::Module& module, exec::CompiledScan& out)
      : plan_(plan),
        inputs_(inputs),
        table_(table),
        aggs_(aggs),
        first_(first),
        ctx_(module.getContext()),
        module_(module),
        b_(ctx_),
        out_(out) {}

  void Build(const std::string& name);

 private:
  llvm::Type* I1() { return b_.getInt1Ty(); }
  llvm::Type* I8() { return b_.getInt8Ty(); }
  llvm::Type* I32() { return b_.getInt32Ty(); }
  llvm::Type* I64() { return b_.getInt64Ty(); }
  llvm::Type* I128() { return b_.getInt128Ty(); }
  llvm::Type* Ptr() { return b_.getPtrTy(); }
  llvm::Type* TypeOf(ValueType t) { return IsWide(t) ? I128() : I64(); }
  llvm::Value* True() { return b_.getTrue(); }
  // Logic on i1 flags folded where an operand is a constant: most `err`
  // flags are constant false, and unemitted instructions cost compile time.
  static bool Is(llvm::Value* v, bool value) {
    auto* c = llvm::dyn_cast<llvm::ConstantInt>(v);
    return c && c->getBitWidth() == 1 && c->isOne() == value;
  }
  llvm::Value* And(llvm::Value* a, llvm::Value* b) {
    if (Is(a, false) || Is(b, true)) return a;
    if (Is(b, false) || Is(a, true)) return b;
    return b_.CreateAnd(a, b);
  }
  llvm::Value* Or(llvm::Value* a, llvm::Value* b) {
    if (Is(a, true) || Is(b, false)) return a;
    if (Is(b, true) || Is(a, false)) return b;
    return b_.CreateOr(a, b);
  }
  llvm::Value* Not(llvm::Value* a) {
    if (Is(a, true)) return False();
    if (Is(a, false)) return True();
    return b_.CreateNot(a);
  }
  llvm::Value* False() { return b_.getFalse(); }
  llvm::Value* Zero(ValueType t) { return llvm::ConstantInt::get(TypeOf(t), 0); }

  // Reads field `offset` (bytes) of the KernelContext.
  llvm::Value* CtxField(size_t offset, llvm::Type* type, const char* name) {
    llvm::Value* p = b_.CreateConstInBoundsGEP1_64(I8(), ctx_arg_, offset);
    return b_.CreateLoad(type, p, name);
  }
  llvm::Value* Element(llvm::Type* elem, llvm::Value* base, llvm::Value* index) {
    return b_.CreateInBoundsGEP(elem, base, index);
  }
  llvm::Function* Helper(const char* name, llvm::Type* result, std::vector<llvm::Type*> params) {
    llvm::FunctionType* ft = llvm::FunctionType::get(result, params, false);
    auto* f = llvm::cast<llvm::Function>(module_.getOrInsertFunction(name, ft).getCallee());
    // The calendar helpers are pure: LLVM may then hoist a call on the
    // current row's date out of a link's loop over the linked rows.
    std::string n = name;
    if (n == "ocf_date_add_days" || n == "ocf_date_add_months" || n == "ocf_date_part") {
      f->setDoesNotAccessMemory();
      f->setDoesNotThrow();
      f->setWillReturn();
    }
    return f;
  }
  llvm::Value* Overflow(llvm::Intrinsic::ID id, llvm::Value* a, llvm::Value* b, llvm::Value** overflow) {
    llvm::Value* pair = b_.CreateBinaryIntrinsic(id, a, b);
    *overflow = b_.CreateExtractValue(pair, 1);
    return b_.CreateExtractValue(pair, 0);
  }
  llvm::Value* Spill(llvm::Value* v) {
    llvm::Value* slot = entry_alloca(v->getType());
    b_.CreateStore(v, slot);
    return slot;
  }
  llvm::Value* entry_alloca(llvm::Type* t) {
    llvm::IRBuilder<> eb(&entry_->getParent()->getEntryBlock(), entry_->getParent()->getEntryBlock().begin());
    // 16: the helpers read and write __int128, which the C++ ABI aligns so.
    llvm::AllocaInst* slot = eb.CreateAlloca(t);
    slot->setAlignment(llvm::Align(16));
    return slot;
  }

  V Emit(ExprId id);
  V EmitUncached(const Node& n);
  V Column(uint32_t slot);
  V LoadColumn(ValueType type, llvm::Value* values, llvm::Value* present, llvm::Value* row);
  // A text operand compared with column `column` of the scanned table, or
  // of the linked record's when `linked`.
  V TextOperand(ExprId id, bool linked, uint32_t column);
  // links.cc: `exists`/`count ... on` (a loop over U's rows with the key),
  // and a column of the linked record inside its condition.
  V Link(const Node& n);
  V LinkedColumn(uint32_t slot);
  // `=` or `!=` of text columns of two tables (a link's): one's codes mapped to the other's.
  V TextAcross(const Node& n);
  uint32_t TableOf(bool linked) const {
    return linked ? plan_.links.at(link_).table : static_cast<uint32_t>(table_);
  }
  // A load in the entry block, of a pointer at `offset` bytes from `base`.
  llvm::Value* EntryPointer(llvm::Value* base, size_t offset);
  V Compare(const Node& n);
  V In(const Node& n);
  V Match(const Node& n);
  // The code of `text` in column `column`'s dictionary (of the linked
  // record's table when `linked`; -1 when absent).
  llvm::Value* TextCode(uint32_t column, const std::string& text, bool linked = false);
  // The interpreter's rule for most operations: operands in order, the first
  // missing one makes the result missing (and later ones are not evaluated).
  V Sequential(const std::vector<V>& args, llvm::Value* value, llvm::Value* own_err,
               llvm::Value* own_missing = nullptr);
  llvm::Value* Less(ValueType t, llvm::Value* a, llvm::Value* b) { return b_.CreateICmpSLT(a, b); }
  llvm::Value* Holds(const V& v) { return And(v.present, b_.CreateICmpNE(v.v, Zero(ValueType::Int))); }
  llvm::Value* ToWide(ValueType t, llvm::Value* v) { return IsWide(t) ? v : b_.CreateSExt(v, I128()); }

  const plan::EvaluationPlan& plan_;
  const std::vector<interp::Value>& inputs_;
  size_t table_;
  const std::vector<size_t>& aggs_;
  bool first_;
  llvm::LLVMContext& ctx_;
  llvm::Module& module_;
  llvm::IRBuilder<> b_;
  exec::CompiledScan& out_;

  llvm::Value* ctx_arg_ = nullptr;
  llvm::BasicBlock* entry_ = nullptr;
  llvm::Value* row_ = nullptr;
  std::vector<llvm::Value*> values_, present_;  // per column, loaded in the entry block
  llvm::Value* text_codes_ = nullptr;
  bool in_checks_ = false;
  std::unordered_map<ExprId, V> memo_;  // this row's values
  std::unordered_map<uint32_t, V> columns_;
  // Links: KernelContext::links; inside a link's condition the plan link
  // and U's row being tried, and that row's columns loaded so far.
  llvm::Value* links_ = nullptr;
  llvm::Value* text_maps_ = nullptr;  // KernelContext::text_maps
  uint32_t link_ = plan::kNoSlot;
  llvm::Value* linked_row_ = nullptr;
  std::unordered_map<uint32_t, V> linked_columns_;
  std::map<std::pair<llvm::Value*, size_t>, llvm::Value*> entry_pointers_;  // by (base, offset)
};

}  // namespace ocf::codegen
