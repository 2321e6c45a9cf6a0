// Linked records compiled: `exists U on K where C` and `count U on K where C`
// (LANGUAGE.md §6) as a probe of the link's index (runtime/exec/link_index.h,
// reached through KernelContext::links) and a loop over U's rows with the
// row's key, the condition compiled inline in the loop's body.
//
// The loop is the one place a row's code is not straight-line: values first
// worked out inside it (a column of the current row, an expression of it)
// do not dominate what comes after, so they are forgotten when the loop is
// left, and worked out again if needed (LLVM hoists what does not depend on
// the linked row out of the loop).
//
// Errors follow the interpreter (runtime/interp/links_eval.cc): U's rows in
// row order, `exists` stopping at the first that meets the condition,
// `count` trying every one, the first failing condition failing the row.
#include <cstddef>

#include "compiler/codegen/scan_builder.h"
#include "runtime/exec/kernel_abi.h"

namespace ocf::codegen {

llvm::Value* ScanBuilder::EntryPointer(llvm::Value* base, size_t offset) {
  auto key = std::make_pair(base, offset);
  if (auto it = entry_pointers_.find(key); it != entry_pointers_.end()) return it->second;
  llvm::IRBuilder<> eb(entry_->getTerminator());
  llvm::Value* p = eb.CreateLoad(Ptr(), eb.CreateConstInBoundsGEP1_64(I8(), base, offset));
  entry_pointers_[key] = p;
  return p;
}

V ScanBuilder::LinkedColumn(uint32_t slot) {
  if (link_ == plan::kNoSlot) throw Unsupported{"a linked record's column outside its link"};
  if (auto it = linked_columns_.find(slot); it != linked_columns_.end()) return it->second;
  const plan::Link& link = plan_.links[link_];
  size_t probe = link_ * sizeof(exec::LinkProbe);
  llvm::Value* values =
      EntryPointer(EntryPointer(links_, probe + offsetof(exec::LinkProbe, values)), slot * 8);
  llvm::Value* present =
      EntryPointer(EntryPointer(links_, probe + offsetof(exec::LinkProbe, present)), slot * 8);
  V out = LoadColumn(plan_.tables[link.table].columns.at(slot).type, values, present, linked_row_);
  linked_columns_[slot] = out;
  return out;
}

V ScanBuilder::Link(const Node& n) {
  out_.uses_links = true;
  const bool count = n.op == Op::LinkCount;
  const plan::Link& link = plan_.links.at(n.slot);
  size_t probe = n.slot * sizeof(exec::LinkProbe);
  llvm::Function* fn = b_.GetInsertBlock()->getParent();
  auto block = [&](const char* name) { return llvm::BasicBlock::Create(ctx_, name, fn); };
  llvm::BasicBlock* find = block("link_find");
  llvm::BasicBlock* range = block("link_range");
  llvm::BasicBlock* head = block("link_head");
  llvm::BasicBlock* body = block("link_body");
  llvm::BasicBlock* next = block("link_next");
  llvm::BasicBlock* stop = block("link_stop");
  llvm::BasicBlock* done = block("link_done");

  // The key's group in U's index: by the key's code, or by its value.
  V key = Emit(n.children[0]);
  if (key.err != False()) throw Unsupported{"a link's key that can fail"};
  llvm::BasicBlock* from = b_.GetInsertBlock();
  b_.CreateCondBr(key.present, find, done);
  b_.SetInsertPoint(find);
  llvm::Value* group;
  if (link.key_type == ValueType::Text) {
    llvm::Value* translate = EntryPointer(links_, probe + offsetof(exec::LinkProbe, translate));
    group = b_.CreateLoad(I64(), Element(I64(), translate, key.v));
  } else {
    llvm::Value* index = EntryPointer(links_, probe + offsetof(exec::LinkProbe, index));
    group = b_.CreateCall(Helper("ocf_link_group", I64(), {Ptr(), I64()}), {index, key.v});
  }
  b_.CreateCondBr(b_.CreateICmpSGE(group, b_.getInt64(0)), range, done);
  b_.SetInsertPoint(range);
  llvm::Value* starts = EntryPointer(links_, probe + offsetof(exec::LinkProbe, starts));
  llvm::Value* first = b_.CreateLoad(I64(), Element(I64(), starts, group));
  llvm::Value* last = b_.CreateLoad(I64(), Element(I64(), starts, b_.CreateAdd(group, b_.getInt64(1))));
  b_.CreateBr(head);

  // U's rows with the key, in row order.
  b_.SetInsertPoint(head);
  llvm::PHINode* pos = b_.CreatePHI(I64(), 2, "link_pos");
  llvm::PHINode* matches = b_.CreatePHI(I64(), 2, "link_matches");
  pos->addIncoming(first, range);
  matches->addIncoming(b_.getInt64(0), range);
  b_.CreateCondBr(b_.CreateICmpSLT(pos, last), body, done);

  b_.SetInsertPoint(body);
  // U's columns are gathered in the index's order: the match at `pos` is read at `pos`.
  // The condition over the pair of rows; what is first worked out here is
  // forgotten afterwards (it does not dominate the code after the loop).
  auto memo = memo_;
  auto columns = columns_;
  link_ = n.slot;
  linked_row_ = pos;
  linked_columns_.clear();
  V c{True(), b_.getInt64(1), False()};
  if (n.children.size() > 1) c = Emit(n.children[1]);
  link_ = plan::kNoSlot;
  linked_row_ = nullptr;
  linked_columns_.clear();
  memo_ = std::move(memo);
  columns_ = std::move(columns);
  llvm::Value* holds = Holds(c);
  llvm::Value* found = b_.CreateZExt(holds, I64());
  llvm::Value* counted = b_.CreateAdd(matches, found);
  b_.CreateCondBr(count ? c.err : Or(c.err, holds), stop, next);

  b_.SetInsertPoint(next);
  pos->addIncoming(b_.CreateAdd(pos, b_.getInt64(1)), next);
  matches->addIncoming(counted, next);
  b_.CreateBr(head);

  // Stopped at a row that meets the condition (exists) or fails it.
  b_.SetInsertPoint(stop);
  b_.CreateBr(done);

  b_.SetInsertPoint(done);
  llvm::PHINode* value = b_.CreatePHI(I64(), 5, "link_value");
  llvm::PHINode* err = b_.CreatePHI(I1(), 5, "link_err");
  value->addIncoming(b_.getInt64(0), from);
  err->addIncoming(False(), from);
  value->addIncoming(b_.getInt64(0), find);
  err->addIncoming(False(), find);
  value->addIncoming(count ? static_cast<llvm::Value*>(matches) : b_.getInt64(0), head);
  err->addIncoming(False(), head);
  value->addIncoming(count ? counted : found, stop);
  err->addIncoming(c.err, stop);
  return {True(), value, err};
}

V ScanBuilder::TextAcross(const Node& n) {
  const Node& x = plan_.node(n.children[0]);
  const Node& y = plan_.node(n.children[1]);
  bool xl = x.op == Op::LinkedColumn, yl = y.op == Op::LinkedColumn;
  V a = xl ? LinkedColumn(x.slot) : Column(x.slot);
  V c = yl ? LinkedColumn(y.slot) : Column(y.slot);
  size_t k = out_.text_maps.size();
  out_.text_maps.push_back({TableOf(xl), x.slot, TableOf(yl), y.slot});
  llvm::Value* map = EntryPointer(text_maps_, k * 8);
  // A missing value's code may be anything: read code 0 (every map has one).
  llvm::Value* code = b_.CreateSelect(a.present, a.v, b_.getInt64(0));
  llvm::Value* mapped = b_.CreateLoad(I64(), Element(I64(), map, code));
  llvm::Value* r = b_.CreateICmpEQ(mapped, c.v);  // -1: no record of the other table has the text
  if (n.cmp == plan::Cmp::Ne) r = b_.CreateNot(r);
  return Sequential({a, c}, b_.CreateZExt(r, I64()), nullptr);
}

}  // namespace ocf::codegen
