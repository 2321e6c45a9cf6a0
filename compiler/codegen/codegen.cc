#include "compiler/codegen/codegen.h"

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <ctime>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>
#include <llvm/ExecutionEngine/Orc/Core.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/ExecutionEngine/Orc/ThreadSafeModule.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/Intrinsics.h>
#include <llvm/IR/LLVMContext.h>
#include <llvm/IR/Module.h>
#include <llvm/IR/PassTimingInfo.h>
#include <llvm/IR/Verifier.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/Timer.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>

#include "compiler/codegen/chunks.h"
#include "compiler/codegen/objects.h"
#include "compiler/codegen/scan_builder.h"
#include "runtime/exec/kernel_abi.h"

namespace ocf::codegen {
namespace {

// Chunks (chunks.h) are grouped into modules of about this many: a module
// has fixed costs (its pass managers, its object file), and the modules are
// what the threads share out.
constexpr size_t kChunksPerModule = 4;

}  // namespace

V ScanBuilder::Column(uint32_t slot) {
  if (auto it = columns_.find(slot); it != columns_.end()) return it->second;
  V out = LoadColumn(plan_.tables[table_].columns.at(slot).type, values_[slot], present_[slot], row_);
  columns_[slot] = out;
  return out;
}

V ScanBuilder::LoadColumn(ValueType type, llvm::Value* values, llvm::Value* present_bytes, llvm::Value* row) {
  llvm::Value* present =
      b_.CreateICmpNE(b_.CreateLoad(I8(), Element(I8(), present_bytes, row)), b_.getInt8(0));
  llvm::Value* v = nullptr;
  switch (type) {
    case ValueType::Decimal: {
      llvm::LoadInst* load = b_.CreateLoad(I128(), Element(I128(), values, row));
      load->setAlignment(llvm::Align(16));
      v = load;
      break;
    }
    case ValueType::Bool:
      v = b_.CreateZExt(b_.CreateLoad(I8(), Element(I8(), values, row)), I64());
      break;
    case ValueType::Date:
      v = b_.CreateSExt(b_.CreateLoad(I32(), Element(I32(), values, row)), I64());
      break;
    case ValueType::Text:
      v = b_.CreateZExt(b_.CreateLoad(I32(), Element(I32(), values, row)), I64());
      break;
    case ValueType::Int:
      v = b_.CreateLoad(I64(), Element(I64(), values, row));
      break;
    default:
      throw Unsupported{fmt::format("a column of type {}", plan::ToString(type))};
  }
  return {present, v, False()};
}

V ScanBuilder::Emit(ExprId id) {
  if (auto it = memo_.find(id); it != memo_.end()) return it->second;
  V v = EmitUncached(plan_.node(id));
  memo_[id] = v;
  return v;
}

V ScanBuilder::Sequential(const std::vector<V>& args, llvm::Value* value, llvm::Value* own_err,
                          llvm::Value* own_missing) {
  llvm::Value* all = True();
  llvm::Value* err = False();
  for (const V& a : args) {
    err = Or(err, And(all, a.err));
    all = And(all, a.present);
  }
  llvm::Value* present = all;
  if (own_missing) present = And(present, Not(own_missing));
  if (own_err) err = Or(err, And(all, own_err));
  return {present, value, err};
}

// A text operand compared with a column's values: the column itself, or a
// constant (a literal or an input) looked up in that column's dictionary.
V ScanBuilder::TextOperand(ExprId id, bool linked, uint32_t column) {
  const Node& n = plan_.node(id);
  if (n.op == Op::Column || n.op == Op::LinkedColumn) {
    // Codes compare when they are of one dictionary: one column of one table
    // (a self-link's two records included).
    bool mine = n.op == Op::LinkedColumn;
    if (n.slot != column || TableOf(mine) != TableOf(linked))
      throw Unsupported{"a comparison of two different text columns"};
    return mine ? LinkedColumn(n.slot) : Column(n.slot);
  }
  if (n.op == Op::Missing) return {False(), Zero(ValueType::Int), False()};
  std::string text;
  if (n.op == Op::Const) {
    text = n.text_value;
  } else if (n.op == Op::Input) {
    if (in_checks_) return {False(), Zero(ValueType::Int), False()};
    const interp::Value& in = inputs_.at(n.slot);
    if (!in.present) return {False(), Zero(ValueType::Int), False()};
    text = std::string(in.s);
  } else {
    throw Unsupported{"a computed text value"};
  }
  return {True(), TextCode(column, text, linked), False()};
}

llvm::Value* ScanBuilder::TextCode(uint32_t column, const std::string& text, bool linked) {
  size_t k = out_.text_constants.size();
  out_.text_constants.push_back({column, text, linked ? TableOf(true) : UINT32_MAX});
  return b_.CreateLoad(I64(), Element(I64(), text_codes_, b_.getInt64(k)));
}

// A decision table (match.h): its operands here, its lookup in match.cc.
V ScanBuilder::Match(const Node& n) {
  if (n.type == ValueType::Text) throw Unsupported{"a `match` giving text"};
  const plan::MatchTable& t = plan_.matches[n.slot];
  MatchOperands ops;
  bool text = n.operand_type == ValueType::Text;
  uint32_t column = plan::kNoSlot;
  bool linked = false;
  if (text) {
    const Node& subject = plan_.node(n.children[0]);
    if (subject.op != Op::Column && subject.op != Op::LinkedColumn)
      throw Unsupported{"a `match` on text that is not a column"};
    column = subject.slot;
    linked = subject.op == Op::LinkedColumn;
    ops.subject = linked ? LinkedColumn(column) : Column(column);
    for (const auto& value : t.values) ops.value_codes.push_back(TextCode(column, value.first, linked));
  } else {
    ops.subject = Emit(n.children[0]);
  }
  for (uint32_t r = 0; r < t.results; ++r) ops.results.push_back(Emit(n.children[1 + r]));
  ops.bounds.assign(n.children.size(), V{nullptr, nullptr, nullptr});
  for (size_t k = 1 + t.results; k < n.children.size(); ++k)
    ops.bounds[k] = text ? TextOperand(n.children[k], linked, column) : Emit(n.children[k]);
  return EmitMatch(b_, module_, n, t, ops);
}

V ScanBuilder::Compare(const Node& n) {
  std::vector<V> args;
  if (n.operand_type == ValueType::Text) {
    if (n.cmp != plan::Cmp::Eq && n.cmp != plan::Cmp::Ne) throw Unsupported{"ordering of text values"};
    const Node& x = plan_.node(n.children[0]);
    const Node& y = plan_.node(n.children[1]);
    if ((x.op == Op::LinkedColumn && y.op == Op::Column) ||
        (x.op == Op::Column && y.op == Op::LinkedColumn)) {
      bool xl = x.op == Op::LinkedColumn, yl = y.op == Op::LinkedColumn;
      if (x.slot != y.slot || TableOf(xl) != TableOf(yl)) return TextAcross(n);
    }
    uint32_t column = plan::kNoSlot;
    bool linked = false;
    for (ExprId c : n.children) {
      const Node& k = plan_.node(c);
      if ((k.op == Op::Column || k.op == Op::LinkedColumn) && column == plan::kNoSlot) {
        column = k.slot;
        linked = k.op == Op::LinkedColumn;
      }
    }
    if (column == plan::kNoSlot) throw Unsupported{"a comparison of text values that are not a column's"};
    for (ExprId c : n.children) args.push_back(TextOperand(c, linked, column));
  } else {
    for (ExprId c : n.children) args.push_back(Emit(c));
  }
  llvm::Value* a = args[0].v;
  llvm::Value* c = args[1].v;
  llvm::Value* r = nullptr;
  switch (n.cmp) {
    case plan::Cmp::Eq:
      r = b_.CreateICmpEQ(a, c);
      break;
    case plan::Cmp::Ne:
      r = b_.CreateICmpNE(a, c);
      break;
    case plan::Cmp::Lt:
      r = b_.CreateICmpSLT(a, c);
      break;
    case plan::Cmp::Le:
      r = b_.CreateICmpSLE(a, c);
      break;
    case plan::Cmp::Gt:
      r = b_.CreateICmpSGT(a, c);
      break;
    case plan::Cmp::Ge:
      r = b_.CreateICmpSGE(a, c);
      break;
  }
  return Sequential(args, b_.CreateZExt(r, I64()), nullptr);
}

V ScanBuilder::In(const Node& n) {
  std::vector<V> args;
  if (n.operand_type == ValueType::Text) {
    const Node& first = plan_.node(n.children[0]);
    if (first.op != Op::Column && first.op != Op::LinkedColumn)
      throw Unsupported{"`in` over a text value that is not a column"};
    for (ExprId c : n.children) args.push_back(TextOperand(c, first.op == Op::LinkedColumn, first.slot));
  } else {
    for (ExprId c : n.children) args.push_back(Emit(c));
  }
  llvm::Value* any = False();
  for (size_t k = 1; k < args.size(); ++k) any = Or(any, b_.CreateICmpEQ(args[0].v, args[k].v));
  return Sequential(args, b_.CreateZExt(any, I64()), nullptr);
}

V ScanBuilder::EmitUncached(const Node& n) {
  auto arg = [&](size_t k) { return Emit(n.children[k]); };
  switch (n.op) {
    case Op::Const:
      if (n.type == ValueType::Text) throw Unsupported{"a text value outside a comparison"};
      if (IsWide(n.type))
        return {True(),
                llvm::ConstantInt::get(
                    I128(), llvm::APInt(128, {static_cast<uint64_t>(n.decimal_value.units()),
                                              static_cast<uint64_t>(n.decimal_value.units() >> 64)})),
                False()};
      return {True(), b_.getInt64(static_cast<uint64_t>(n.int_value)), False()};
    case Op::Missing:
      return {False(), Zero(n.type), False()};
    case Op::Column:
      return Column(n.slot);
    case Op::LinkedColumn:
      return LinkedColumn(n.slot);
    case Op::LinkExists:
    case Op::LinkCount:
      return Link(n);
    case Op::Input: {
      // A data block's check rule is evaluated before inputs are known: as
      // the reference check does, it sees every input missing.
      if (in_checks_) return {False(), Zero(n.type), False()};
      const interp::Value& in = inputs_.at(n.slot);
      if (n.type == ValueType::Text) throw Unsupported{"a text input outside a comparison"};
      if (!in.present) return {False(), Zero(n.type), False()};
      if (IsWide(n.type)) {
        __int128 u = in.d.units();
        return {True(),
                llvm::ConstantInt::get(
                    I128(), llvm::APInt(128, {static_cast<uint64_t>(u), static_cast<uint64_t>(u >> 64)})),
                False()};
      }
      return {True(), b_.getInt64(static_cast<uint64_t>(in.i)), False()};
    }
    case Op::IntToDecimal: {
      V a = arg(0);
      llvm::Value* one = llvm::ConstantInt::get(I128(), 1000000000000000000ULL);
      return {a.present, b_.CreateMul(b_.CreateSExt(a.v, I128()), one), a.err};
    }
    case Op::AddInt:
    case Op::SubInt:
    case Op::MulInt:
    case Op::AddDecimal:
    case Op::SubDecimal:
    case Op::DateDiff:
    case Op::SubDays:
    case Op::SubMonths:
    case Op::AddDays:
    case Op::AddMonths: {
      V a = arg(0), c = arg(1);
      llvm::Intrinsic::ID id = llvm::Intrinsic::sadd_with_overflow;
      if (n.op == Op::SubInt || n.op == Op::SubDecimal || n.op == Op::DateDiff || n.op == Op::SubDays ||
          n.op == Op::SubMonths)
        id = llvm::Intrinsic::ssub_with_overflow;
      if (n.op == Op::MulInt) id = llvm::Intrinsic::smul_with_overflow;
      llvm::Value* overflow;
      llvm::Value* r = Overflow(id, a.v, c.v, &overflow);
      return Sequential({a, c}, r, overflow);
    }
    case Op::NegInt:
    case Op::NegDecimal:
    case Op::NegDays:
    case Op::NegMonths: {
      V a = arg(0);
      llvm::Value* overflow;
      llvm::Value* r = Overflow(llvm::Intrinsic::ssub_with_overflow,
                                llvm::ConstantInt::get(a.v->getType(), 0), a.v, &overflow);
      return Sequential({a}, r, overflow);
    }
    case Op::MulDecimal:
    case Op::DivDecimal: {
      V a = arg(0), c = arg(1);
      llvm::Function* f =
          Helper(n.op == Op::MulDecimal ? "ocf_dec_mul" : "ocf_dec_div", I32(), {Ptr(), Ptr(), Ptr()});
      llvm::Value* out = entry_alloca(I128());
      llvm::Value* status = b_.CreateCall(f, {Spill(a.v), Spill(c.v), out});
      llvm::Value* r = b_.CreateLoad(I128(), out);
      return Sequential({a, c}, r, b_.CreateICmpEQ(status, b_.getInt32(1)),
                        b_.CreateICmpEQ(status, b_.getInt32(2)));
    }
    case Op::PowDecimal: {
      V a = arg(0), c = arg(1);
      llvm::Function* f = Helper("ocf_dec_pow", I32(), {Ptr(), I64(), Ptr()});
      llvm::Value* out = entry_alloca(I128());
      llvm::Value* status = b_.CreateCall(f, {Spill(a.v), c.v, out});
      return Sequential({a, c}, b_.CreateLoad(I128(), out), b_.CreateICmpEQ(status, b_.getInt32(1)),
                        b_.CreateICmpEQ(status, b_.getInt32(2)));
    }
    case Op::PowInt: {
      V a = arg(0), c = arg(1);
      llvm::Function* f = Helper("ocf_int_pow", I32(), {I64(), I64(), Ptr()});
      llvm::Value* out = entry_alloca(I64());
      llvm::Value* status = b_.CreateCall(f, {a.v, c.v, out});
      return Sequential({a, c}, b_.CreateLoad(I64(), out), b_.CreateICmpNE(status, b_.getInt32(0)));
    }
    case Op::DatePlusDays:
    case Op::DateMinusDays:
    case Op::DatePlusMonths:
    case Op::DateMinusMonths: {
      V a = arg(0), c = arg(1);
      bool months = n.op == Op::DatePlusMonths || n.op == Op::DateMinusMonths;
      llvm::Function* f = Helper(months ? "ocf_date_add_months" : "ocf_date_add_days", I64(), {I64(), I64()});
      llvm::Value* by = c.v;
      if (n.op == Op::DateMinusDays || n.op == Op::DateMinusMonths) by = b_.CreateNeg(by);
      return Sequential({a, c}, b_.CreateCall(f, {a.v, by}), nullptr);
    }
    case Op::Compare:
      return Compare(n);
    case Op::In:
      return In(n);
    case Op::Match:
      return Match(n);
    case Op::And:
    case Op::Or: {
      V a = arg(0), c = arg(1);
      bool is_and = n.op == Op::And;
      // a decides alone when it is present and false (and) or true (or).
      llvm::Value* a_true = b_.CreateICmpNE(a.v, Zero(ValueType::Int));
      llvm::Value* c_true = b_.CreateICmpNE(c.v, Zero(ValueType::Int));
      llvm::Value* a_decides = And(a.present, is_and ? Not(a_true) : a_true);
      llvm::Value* c_decides = And(c.present, is_and ? Not(c_true) : c_true);
      llvm::Value* decided = Or(a_decides, c_decides);
      llvm::Value* present = Or(decided, And(a.present, c.present));
      llvm::Value* value = is_and ? Not(decided) : decided;
      llvm::Value* err = Or(a.err, And(Not(a_decides), c.err));
      return {present, b_.CreateZExt(value, I64()), err};
    }
    case Op::Not: {
      V a = arg(0);
      return {a.present, b_.CreateZExt(b_.CreateICmpEQ(a.v, Zero(ValueType::Int)), I64()), a.err};
    }
    case Op::IsMissing:
    case Op::IsPresent: {
      V a = arg(0);
      llvm::Value* r = n.op == Op::IsPresent ? a.present : Not(a.present);
      return {True(), b_.CreateZExt(r, I64()), a.err};
    }
    case Op::Otherwise: {
      if (n.type == ValueType::Text) throw Unsupported{"`otherwise` on text"};
      V a = arg(0), c = arg(1);
      return {Or(a.present, c.present), b_.CreateSelect(a.present, a.v, c.v),
              Or(a.err, And(Not(a.present), c.err))};
    }
    case Op::If: {
      if (n.type == ValueType::Text) throw Unsupported{"`if` giving text"};
      V c = arg(0), x = arg(1), y = arg(2);
      llvm::Value* t = Holds(c);
      return {b_.CreateSelect(t, x.present, y.present), b_.CreateSelect(t, x.v, y.v),
              Or(c.err, b_.CreateSelect(t, x.err, y.err))};
    }
    case Op::Min:
    case Op::Max:
    case Op::Clamp: {
      if (n.operand_type == ValueType::Text) throw Unsupported{"`min`/`max` of text"};
      // Like every operation, the first missing argument gives missing and
      // the interpreter evaluates no further.
      std::vector<V> args;
      for (size_t k = 0; k < n.children.size(); ++k) args.push_back(arg(k));
      llvm::Value* r;
      if (n.op == Op::Min) {
        r = b_.CreateSelect(Less(n.operand_type, args[1].v, args[0].v), args[1].v, args[0].v);
      } else if (n.op == Op::Max) {
        r = b_.CreateSelect(Less(n.operand_type, args[0].v, args[1].v), args[1].v, args[0].v);
      } else {
        r = b_.CreateSelect(Less(n.operand_type, args[0].v, args[1].v), args[1].v, args[0].v);
        r = b_.CreateSelect(Less(n.operand_type, args[2].v, r), args[2].v, r);
      }
      return Sequential(args, r, nullptr);
    }
    case Op::Abs: {
      V a = arg(0);
      llvm::Value* overflow;
      llvm::Value* neg = Overflow(llvm::Intrinsic::ssub_with_overflow,
                                  llvm::ConstantInt::get(a.v->getType(), 0), a.v, &overflow);
      llvm::Value* negative = b_.CreateICmpSLT(a.v, llvm::ConstantInt::get(a.v->getType(), 0));
      return {a.present, b_.CreateSelect(negative, neg, a.v),
              Or(a.err, And(a.present, And(negative, overflow)))};
    }
    case Op::Round: {
      V a = arg(0), c = arg(1);
      llvm::Function* f = Helper("ocf_dec_round", I32(), {Ptr(), I64(), Ptr()});
      llvm::Value* out = entry_alloca(I128());
      llvm::Value* status = b_.CreateCall(f, {Spill(a.v), c.v, out});
      return Sequential({a, c}, b_.CreateLoad(I128(), out), b_.CreateICmpNE(status, b_.getInt32(0)));
    }
    case Op::Days: {
      V a = arg(0);
      return a;
    }
    case Op::Year:
    case Op::Month:
    case Op::Day: {
      V a = arg(0);
      llvm::Function* f = Helper("ocf_date_part", I64(), {I64(), I32()});
      int part = n.op == Op::Year ? 0 : n.op == Op::Month ? 1 : 2;
      return {a.present, b_.CreateCall(f, {a.v, b_.getInt32(part)}), a.err};
    }
    default:
      break;
  }
  throw Unsupported{fmt::format("operation {} in a row expression", static_cast<int>(n.op))};
}

void ScanBuilder::Build(const std::string& name) {
  llvm::FunctionType* ft = llvm::FunctionType::get(I32(), {Ptr(), I64(), I64()}, false);
  llvm::Function* fn = llvm::Function::Create(ft, llvm::Function::ExternalLinkage, name, module_);
  ctx_arg_ = fn->getArg(0);
  llvm::Value* begin = fn->getArg(1);
  llvm::Value* end = fn->getArg(2);
  entry_ = llvm::BasicBlock::Create(ctx_, "entry", fn);
  llvm::BasicBlock* head = llvm::BasicBlock::Create(ctx_, "head", fn);
  llvm::BasicBlock* dated = llvm::BasicBlock::Create(ctx_, "dated", fn);
  llvm::BasicBlock* body = llvm::BasicBlock::Create(ctx_, "body", fn);
  llvm::BasicBlock* outside = llvm::BasicBlock::Create(ctx_, "outside", fn);
  llvm::BasicBlock* latch = llvm::BasicBlock::Create(ctx_, "latch", fn);
  llvm::BasicBlock* done = llvm::BasicBlock::Create(ctx_, "done", fn);
  llvm::BasicBlock* failed = llvm::BasicBlock::Create(ctx_, "failed", fn);

  using exec::KernelContext;
  const plan::Table& table = plan_.tables[table_];
  b_.SetInsertPoint(entry_);
  llvm::Value* values = CtxField(offsetof(KernelContext, values), Ptr(), "values");
  llvm::Value* present = CtxField(offsetof(KernelContext, present), Ptr(), "present");
  for (size_t c = 0; c < table.columns.size(); ++c) {
    values_.push_back(b_.CreateLoad(Ptr(), Element(Ptr(), values, b_.getInt64(c))));
    present_.push_back(b_.CreateLoad(Ptr(), Element(Ptr(), present, b_.getInt64(c))));
  }
  llvm::Value* period_of_day = CtxField(offsetof(KernelContext, period_of_day), Ptr(), "period_of_day");
  llvm::Value* first_day = CtxField(offsetof(KernelContext, first_day), I64(), "first_day");
  llvm::Value* days = CtxField(offsetof(KernelContext, days), I64(), "days");
  llvm::Value* finest = CtxField(offsetof(KernelContext, finest), I64(), "finest");
  llvm::Value* states = CtxField(offsetof(KernelContext, states), Ptr(), "states");
  llvm::Value* bags = CtxField(offsetof(KernelContext, bags), Ptr(), "bags");
  llvm::Value* histograms = CtxField(offsetof(KernelContext, histograms), Ptr(), "histograms");
  llvm::Value* presence = CtxField(offsetof(KernelContext, presence), Ptr(), "presence");
  text_codes_ = CtxField(offsetof(KernelContext, text_codes), Ptr(), "text_codes");
  links_ = CtxField(offsetof(KernelContext, links), Ptr(), "links");
  text_maps_ = CtxField(offsetof(KernelContext, text_maps), Ptr(), "text_maps");
  struct AggPtrs {
    llvm::Value* state;
    llvm::Value* bag;
    llvm::Value* histogram;
  };
  const std::vector<size_t>& aggs = aggs_;
  std::vector<AggPtrs> agg_ptrs;
  for (size_t a : aggs) {
    agg_ptrs.push_back({b_.CreateLoad(Ptr(), Element(Ptr(), states, b_.getInt64(a))),
                        b_.CreateLoad(Ptr(), Element(Ptr(), bags, b_.getInt64(a))),
                        b_.CreateLoad(Ptr(), Element(Ptr(), histograms, b_.getInt64(a)))});
  }
  std::vector<uint32_t> by_columns;
  static const std::vector<std::string> kNoColumns;
  for (const std::string& by : first_ ? plan_.by_names : kNoColumns)
    for (size_t c = 0; c < table.columns.size(); ++c)
      if (table.columns[c].name == by) by_columns.push_back(static_cast<uint32_t>(c));
  std::vector<llvm::Value*> presence_ptrs;
  for (uint32_t c : by_columns)
    presence_ptrs.push_back(b_.CreateLoad(Ptr(), Element(Ptr(), presence, b_.getInt64(c))));
  b_.CreateBr(head);

  b_.SetInsertPoint(head);
  llvm::PHINode* row = b_.CreatePHI(I64(), 2, "row");
  llvm::PHINode* outside_count = b_.CreatePHI(I64(), 2, "outside");
  row->addIncoming(begin, entry_);
  outside_count->addIncoming(b_.getInt64(0), entry_);
  row_ = row;
  llvm::BasicBlock* checks = llvm::BasicBlock::Create(ctx_, "checks", fn);
  llvm::BasicBlock* check_failed = llvm::BasicBlock::Create(ctx_, "check_failed", fn);
  b_.CreateCondBr(b_.CreateICmpULT(row, end), checks, done);

  // The data block's check rules, over every row, in the term or not: a rule
  // that comes out false (or fails) stops the scan, and the reference reader
  // then reports every broken row.
  b_.SetInsertPoint(checks);
  in_checks_ = true;
  llvm::Value* broken = False();
  static const std::vector<plan::Table::Check> kNoChecks;
  for (const plan::Table::Check& check : first_ ? table.checks : kNoChecks) {
    V c = Emit(check.condition);
    broken = Or(broken, Or(c.err, And(c.present, b_.CreateICmpEQ(c.v, Zero(ValueType::Int)))));
  }
  in_checks_ = false;
  memo_.clear();  // inputs have their values from here on
  b_.CreateCondBr(broken, check_failed, dated);

  b_.SetInsertPoint(check_failed);
  b_.CreateStore(row, b_.CreateConstInBoundsGEP1_64(I8(), ctx_arg_, offsetof(KernelContext, error_row)));
  b_.CreateRet(b_.getInt32(exec::kCheckFailed));

  // The row's finest period, or outside the term.
  b_.SetInsertPoint(dated);
  V date = Column(table.dated_by);
  llvm::Value* day = b_.CreateSub(date.v, first_day);
  llvm::Value* in_days = And(date.present, b_.CreateICmpULT(day, days));
  llvm::BasicBlock* in_range = llvm::BasicBlock::Create(ctx_, "in_range", fn, body);
  b_.CreateCondBr(in_days, in_range, outside);

  // Days between the baseline and the term have no period (-1).
  b_.SetInsertPoint(in_range);
  llvm::Value* period = b_.CreateSExt(b_.CreateLoad(I32(), Element(I32(), period_of_day, day)), I64());
  b_.CreateCondBr(b_.CreateICmpSGE(period, b_.getInt64(0)), body, outside);

  b_.SetInsertPoint(outside);
  llvm::Value* outside_next = b_.CreateAdd(outside_count, b_.getInt64(1));
  b_.CreateBr(latch);

  b_.SetInsertPoint(body);

  // First every value the row's aggregates need (each expression once), so
  // that all loads from the table come before any store to a state.
  struct Work {
    size_t agg;
    V population, condition, value;
    llvm::Value* slot;
  };
  std::vector<Work> work;
  llvm::Value* row_err = False();
  auto group_of = [&](uint32_t column) {
    V g = Column(column);
    return b_.CreateSelect(g.present, b_.CreateAdd(g.v, b_.getInt64(1)), b_.getInt64(0));
  };
  for (size_t a : aggs) {
    const plan::Aggregate& agg = plan_.aggregates[a];
    if ((agg.op == AggregateOp::Min || agg.op == AggregateOp::Max) && agg.value_type == ValueType::Text)
      throw Unsupported{"`min`/`max` of text"};
    Work w{a,
           {True(), b_.getInt64(1), False()},
           {True(), b_.getInt64(1), False()},
           {False(), nullptr, False()},
           nullptr};
    if (agg.population != plan::kNoSlot) w.population = Emit(agg.population);
    if (agg.condition != plan::kNoSlot) w.condition = Emit(agg.condition);
    if (agg.value != plan::kNoSlot) {
      if (agg.value_type == ValueType::Text && plan_.node(agg.value).op != Op::Column)
        throw Unsupported{"counting distinct text that is not a column"};
      w.value = Emit(agg.value);
    }
    llvm::Value* group = agg.by_column == plan::kNoSlot ? b_.getInt64(0) : group_of(agg.by_column);
    w.slot = b_.CreateAdd(b_.CreateMul(group, finest), period);
    work.push_back(w);
  }

  // Then the updates: branch-free but for collecting values and errors.
  for (size_t k = 0; k < work.size(); ++k) {
    const Work& w = work[k];
    const plan::Aggregate& agg = plan_.aggregates[w.agg];
    llvm::Value* pop_holds = Holds(w.population);
    row_err = Or(row_err, w.population.err);
    row_err = Or(row_err, And(pop_holds, w.condition.err));
    llvm::Value* pass = pop_holds;
    llvm::Value* hit = nullptr;
    if (agg.op == AggregateOp::PercentOf)
      hit = Holds(w.condition);
    else
      pass = And(pass, Holds(w.condition));
    if (w.value.v) row_err = Or(row_err, And(pass, w.value.err));
    llvm::Value* rec =
        Element(I64(), agg_ptrs[k].state, b_.CreateMul(w.slot, b_.getInt64(exec::kStateWords)));
    auto word = [&](int i) { return Element(I64(), rec, b_.getInt64(i)); };
    auto bump = [&](int i, llvm::Value* flag) {
      llvm::Value* p = word(i);
      b_.CreateStore(b_.CreateAdd(b_.CreateLoad(I64(), p), b_.CreateZExt(flag, I64())), p);
    };
    bump(exec::kRows, pass);
    if (agg.op == AggregateOp::Count) continue;
    if (agg.op == AggregateOp::PercentOf) {
      bump(exec::kHits, And(pass, hit));
      continue;
    }
    if (!w.value.v) continue;
    llvm::Value* have = And(pass, w.value.present);
    bump(exec::kSkipped, And(pass, Not(w.value.present)));
    llvm::Value* n_ptr = word(exec::kN);
    llvm::Value* n_old = b_.CreateLoad(I64(), n_ptr);
    b_.CreateStore(b_.CreateAdd(n_old, b_.CreateZExt(have, I64())), n_ptr);
    bool wide = IsWide(agg.value_type);
    llvm::Type* vt = wide ? I128() : I64();
    llvm::Value* acc_ptr = word(exec::kLo);
    switch (agg.op) {
      case AggregateOp::Sum:
      case AggregateOp::Mean: {
        // 256 bits: a running sum of 128-bit terms cannot overflow.
        llvm::Type* i256 = b_.getIntNTy(256);
        llvm::LoadInst* old = b_.CreateLoad(i256, acc_ptr);
        old->setAlignment(llvm::Align(8));
        llvm::Value* term =
            b_.CreateSExt(b_.CreateSelect(have, w.value.v, llvm::ConstantInt::get(vt, 0)), i256);
        b_.CreateStore(b_.CreateAdd(old, term), acc_ptr)->setAlignment(llvm::Align(8));
        break;
      }
      case AggregateOp::Min:
      case AggregateOp::Max: {
        llvm::LoadInst* old = b_.CreateLoad(vt, acc_ptr);
        old->setAlignment(llvm::Align(8));
        llvm::Value* better =
            agg.op == AggregateOp::Min ? b_.CreateICmpSLT(w.value.v, old) : b_.CreateICmpSGT(w.value.v, old);
        llvm::Value* first = b_.CreateICmpEQ(n_old, b_.getInt64(0));
        llvm::Value* take = And(have, Or(first, better));
        b_.CreateStore(b_.CreateSelect(take, w.value.v, old), acc_ptr)->setAlignment(llvm::Align(8));
        break;
      }
      default: {  // collect the value
        llvm::Value* to_bag = have;
        if ((agg.op == AggregateOp::Median || agg.op == AggregateOp::Percentile) && !wide &&
            agg.value_type != ValueType::Text) {
          // Small whole numbers are counted in place, without a call.
          llvm::Value* small = And(have, b_.CreateICmpULT(w.value.v, b_.getInt64(exec::kHistogram)));
          llvm::Value* index = b_.CreateAdd(b_.CreateMul(w.slot, b_.getInt64(exec::kHistogram)),
                                            b_.CreateSelect(small, w.value.v, b_.getInt64(0)));
          llvm::Value* p = Element(I64(), agg_ptrs[k].histogram, index);
          b_.CreateStore(b_.CreateAdd(b_.CreateLoad(I64(), p), b_.CreateZExt(small, I64())), p);
          to_bag = And(have, Not(small));
        }
        llvm::BasicBlock* add = llvm::BasicBlock::Create(ctx_, "collect", fn);
        llvm::BasicBlock* next = llvm::BasicBlock::Create(ctx_, "collected", fn);
        b_.CreateCondBr(to_bag, add, next);
        b_.SetInsertPoint(add);
        llvm::Function* f = Helper("ocf_bag_add", b_.getVoidTy(), {Ptr(), I64(), Ptr()});
        b_.CreateCall(f, {agg_ptrs[k].bag, w.slot, Spill(ToWide(agg.value_type, w.value.v))});
        b_.CreateBr(next);
        b_.SetInsertPoint(next);
      }
    }
  }
  // Rows per group and period of each `by` column (a period's groups).
  for (size_t k = 0; k < by_columns.size(); ++k) {
    V g = Column(by_columns[k]);
    llvm::Value* slot = b_.CreateAdd(b_.CreateMul(group_of(by_columns[k]), finest), period);
    llvm::Value* p = Element(I64(), presence_ptrs[k], slot);
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(I64(), p), b_.CreateZExt(g.present, I64())), p);
  }
  llvm::BasicBlock* body_end = b_.GetInsertBlock();
  b_.CreateCondBr(row_err, failed, latch);

  b_.SetInsertPoint(latch);
  llvm::PHINode* outside_phi = b_.CreatePHI(I64(), 2);
  outside_phi->addIncoming(outside_next, outside);
  outside_phi->addIncoming(outside_count, body_end);
  row->addIncoming(b_.CreateAdd(row, b_.getInt64(1)), latch);
  outside_count->addIncoming(outside_phi, latch);
  b_.CreateBr(head);

  auto store_outside = [&](llvm::Value* count) {
    llvm::Value* p = b_.CreateConstInBoundsGEP1_64(I8(), ctx_arg_, offsetof(KernelContext, outside));
    b_.CreateStore(b_.CreateAdd(b_.CreateLoad(I64(), p), count), p);
  };
  b_.SetInsertPoint(done);
  if (first_) store_outside(outside_count);
  b_.CreateRet(b_.getInt32(exec::kScanOk));

  // An expression failed: the executor has the interpreter explain the row.
  b_.SetInsertPoint(failed);
  b_.CreateStore(row, b_.CreateConstInBoundsGEP1_64(I8(), ctx_arg_, offsetof(KernelContext, error_row)));
  b_.CreateRet(b_.getInt32(exec::kRowError));
}

namespace {

// The JIT's process-wide set-up.
bool InitialiseNativeTarget() {
  static std::once_flag once;
  static bool ok = false;
  std::call_once(once,
                 [] { ok = !llvm::InitializeNativeTarget() && !llvm::InitializeNativeTargetAsmPrinter(); });
  return ok;
}

template <typename F>
llvm::orc::ExecutorSymbolDef Symbol(F* f) {
  return {llvm::orc::ExecutorAddr::fromPtr(f),
          llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
}

// A table scanned in several chunks: its scan function runs the chunks'
// functions (in this module or others) through ocf_scan_chunks.
void BuildChunkDriver(llvm::Module& module, const std::string& name, const std::vector<std::string>& chunks) {
  llvm::LLVMContext& ctx = module.getContext();
  llvm::IRBuilder<> b(ctx);
  llvm::Type* ptr = b.getPtrTy();
  llvm::Type* i64 = b.getInt64Ty();
  llvm::FunctionType* scan_type = llvm::FunctionType::get(b.getInt32Ty(), {ptr, i64, i64}, false);
  std::vector<llvm::Constant*> functions;
  for (const std::string& chunk : chunks)
    functions.push_back(llvm::cast<llvm::Function>(module.getOrInsertFunction(chunk, scan_type).getCallee()));
  llvm::ArrayType* array_type = llvm::ArrayType::get(ptr, functions.size());
  auto* array = new llvm::GlobalVariable(module, array_type, true, llvm::GlobalValue::PrivateLinkage,
                                         llvm::ConstantArray::get(array_type, functions), name + "_chunks");
  llvm::Function* fn = llvm::Function::Create(scan_type, llvm::Function::ExternalLinkage, name, module);
  b.SetInsertPoint(llvm::BasicBlock::Create(ctx, "entry", fn));
  llvm::FunctionCallee run =
      module.getOrInsertFunction("ocf_scan_chunks", b.getInt32Ty(), ptr, i64, i64, ptr, i64);
  b.CreateRet(
      b.CreateCall(run, {fn->getArg(0), fn->getArg(1), fn->getArg(2), array, b.getInt64(functions.size())}));
}

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace

CodegenResult Compile(const plan::EvaluationPlan& plan, const std::vector<interp::Value>& inputs,
                      const CodegenOptions& options) {
  auto started = std::chrono::steady_clock::now();
  CodegenResult result;
  auto finish = [&] {
    result.seconds = Since(started);
    return result;
  };
  const bool time_passes = std::getenv("OCF_JIT_TIME_PASSES") != nullptr;
  if (time_passes) llvm::TimePassesIsEnabled = true;
  if (!InitialiseNativeTarget()) {
    result.failure = "LLVM has no native target for this machine";
    return finish();
  }
  auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
  if (!jtmb) {
    result.failure = llvm::toString(jtmb.takeError());
    return finish();
  }
  jtmb->setCodeGenOptLevel(llvm::CodeGenOptLevel::Default);
  auto tm = jtmb->createTargetMachine();
  if (!tm) {
    result.failure = llvm::toString(tm.takeError());
    return finish();
  }

  // Each table's scan in chunks of bounded size (chunks.h), a few chunks to
  // a module, each module in its own context so that modules compile on
  // several threads at once.
  size_t chunk_budget = options.chunk_budget ? options.chunk_budget : kChunkBudget;
  if (const char* env = std::getenv("OCF_JIT_CHUNK"); env && std::atoi(env) > 0)
    chunk_budget = static_cast<size_t>(std::atoi(env));
  std::vector<ModuleToCompile> modules;
  size_t module_weight = 0;
  auto new_module = [&] {
    ModuleToCompile m;
    m.context = std::make_unique<llvm::LLVMContext>();
    m.module = std::make_unique<llvm::Module>(fmt::format("ocf_scans_{}", modules.size()), *m.context);
    // The host's data layout before any IR is built, so allocas and loads
    // get its alignments.
    m.module->setDataLayout((*tm)->createDataLayout());
    m.module->setTargetTriple((*tm)->getTargetTriple().str());
    modules.push_back(std::move(m));
    module_weight = 0;
  };
  exec::CompiledPlan compiled;
  compiled.scans.resize(plan.tables.size());
  size_t built = 0;
  try {
    for (size_t t = 0; t < plan.tables.size(); ++t) {
      std::vector<std::vector<size_t>> chunks = ChunkAggregates(plan, t, chunk_budget);
      std::string name = fmt::format("ocf_scan_{}", t);
      std::vector<std::string> names;
      size_t driver_module = modules.size();
      for (size_t k = 0; k < chunks.size(); ++k) {
        if (options.cancel && options.cancel->load()) {
          result.failure = "cancelled";
          return finish();
        }
        if (modules.empty() || module_weight >= kChunksPerModule * chunk_budget) new_module();
        if (k == 0) driver_module = modules.size() - 1;
        names.push_back(chunks.size() == 1 ? name : fmt::format("{}_{}", name, k));
        llvm::Module& m = *modules.back().module;
        ScanBuilder(plan, inputs, t, chunks[k], k == 0, m, compiled.scans[t]).Build(names.back());
        size_t instructions = m.getFunction(names.back())->getInstructionCount();
        built += instructions;
        result.chunk_instructions.push_back(instructions);
        modules.back().instructions += instructions;
        module_weight += std::max(instructions, chunk_budget / 4);
      }
      if (chunks.size() > 1) BuildChunkDriver(*modules[driver_module].module, name, names);
    }
  } catch (const Unsupported& u) {
    result.unsupported = u.what;
    return finish();
  }
  for (const ModuleToCompile& m : modules) {
    std::string verify;
    llvm::raw_string_ostream verify_out(verify);
    if (llvm::verifyModule(*m.module, &verify_out)) {
      result.failure = "internal error: invalid IR: " + verify;
      return finish();
    }
  }
  double built_seconds = Since(started);

  if (options.progress) {
    options.progress->compiling_since = std::chrono::steady_clock::now().time_since_epoch().count();
    options.progress->instructions = built;
  }
  ObjectOptions object_options;
  if (options.progress) object_options.compiled = &options.progress->compiled;
  static const std::atomic<bool> kQuick{true}, kNotQuick{false};
  const char* quick = std::getenv("OCF_JIT_QUICK");  // 1: always quick, 0: never
  object_options.quick = !quick || !*quick ? options.quick : std::string(quick) == "0" ? &kNotQuick : &kQuick;
  object_options.dump_ir = options.dump_ir || std::getenv("OCF_JIT_DUMP_IR");
  object_options.cancel = options.cancel;
  // LLVM's pass timers are not made for threads.
  object_options.threads = time_passes       ? 1
                           : options.threads ? options.threads
                                             : std::max(1u, std::thread::hardware_concurrency());
  const size_t module_count = modules.size();
  ObjectCode code = CompileModules(std::move(modules), *jtmb, object_options);
  if (code.cancelled) {
    result.failure = "cancelled";
    return finish();
  }
  if (!code.failure.empty()) {
    result.failure = code.failure;
    return finish();
  }
  double objects_seconds = Since(started);

  auto jit = llvm::orc::LLJITBuilder().setJITTargetMachineBuilder(std::move(*jtmb)).create();
  if (!jit) {
    result.failure = llvm::toString(jit.takeError());
    return finish();
  }
  llvm::orc::SymbolMap helpers;
  helpers[(*jit)->mangleAndIntern("ocf_dec_mul")] = Symbol(&ocf_dec_mul);
  helpers[(*jit)->mangleAndIntern("ocf_dec_div")] = Symbol(&ocf_dec_div);
  helpers[(*jit)->mangleAndIntern("ocf_dec_pow")] = Symbol(&ocf_dec_pow);
  helpers[(*jit)->mangleAndIntern("ocf_dec_round")] = Symbol(&ocf_dec_round);
  helpers[(*jit)->mangleAndIntern("ocf_int_pow")] = Symbol(&ocf_int_pow);
  helpers[(*jit)->mangleAndIntern("ocf_date_add_days")] = Symbol(&ocf_date_add_days);
  helpers[(*jit)->mangleAndIntern("ocf_date_add_months")] = Symbol(&ocf_date_add_months);
  helpers[(*jit)->mangleAndIntern("ocf_date_part")] = Symbol(&ocf_date_part);
  helpers[(*jit)->mangleAndIntern("ocf_bag_add")] = Symbol(&ocf_bag_add);
  helpers[(*jit)->mangleAndIntern("ocf_link_group")] = Symbol(&ocf_link_group);
  helpers[(*jit)->mangleAndIntern("ocf_scan_chunks")] = Symbol(&ocf_scan_chunks);
  if (auto err = (*jit)->getMainJITDylib().define(llvm::orc::absoluteSymbols(std::move(helpers)))) {
    result.failure = llvm::toString(std::move(err));
    return finish();
  }
  for (std::unique_ptr<llvm::MemoryBuffer>& object : code.objects) {
    if (auto err = (*jit)->addObjectFile(std::move(object))) {
      result.failure = llvm::toString(std::move(err));
      return finish();
    }
  }
  for (size_t t = 0; t < plan.tables.size(); ++t) {
    auto address = (*jit)->lookup(fmt::format("ocf_scan_{}", t));
    if (!address) {
      result.failure = llvm::toString(address.takeError());
      return finish();
    }
    compiled.scans[t].function = address->toPtr<exec::ScanFunction>();
  }
  compiled.owner = std::shared_ptr<llvm::orc::LLJIT>(std::move(*jit));
  if (time_passes) llvm::reportAndResetTimings(&llvm::errs());
  if (std::getenv("OCF_JIT_PHASES"))
    llvm::errs() << fmt::format(
        "codegen: {} IR instructions built in {} modules at {:.1f} ms; {} after O2; O2 and machine code "
        "on {} threads done at {:.1f} ms ({:.1f} ms CPU); linked at {:.1f} ms (wall)\n",
        built, module_count, built_seconds * 1e3, code.instructions,
        std::min<size_t>(object_options.threads, module_count), objects_seconds * 1e3, code.cpu_seconds * 1e3,
        Since(started) * 1e3);
  result.compiled = std::move(compiled);
  return finish();
}

}  // namespace ocf::codegen
