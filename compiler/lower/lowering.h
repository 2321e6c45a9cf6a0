// Internals of stage 3, shared by lower.cc (declarations) and lower_expr.cc
// (expressions). lower.h is the stage's contract.
#pragma once

#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "compiler/sema/sema.h"
#include "plan/plan.h"

namespace ocf::lower {

using plan::ExprId;
using plan::ValueType;

ValueType ValueTypeOf(const ast::TypeExpr& t);
const char* TypeName(const ast::TypeExpr& t);

// Where an expression is being lowered.
struct Context {
  const ast::DataDecl* table = nullptr;       // the current record's dataset, if any
  const ast::MeasureDecl* measure = nullptr;  // the measure whose value this is
  std::string by_column_name;                 // set inside a `by` measure
  uint32_t window = plan::kNoSlot;            // inside a windowed measure: its window
  const std::map<std::string, uint32_t>* payment_lets = nullptr;
  std::map<const ast::Param*, ExprId> params;       // arguments of the function being inlined
  std::vector<uint32_t>* new_aggregates = nullptr;  // aggregates created for `measure`
  bool counts_skipped = true;                       // false for aggregates copied into a `by` measure
  // Inside a link's condition: U's dataset, whose columns sema marked
  // `linked`. `as_linked`: the current table's columns are read from the
  // linked record too (U's population condition, links.cc).
  const ast::DataDecl* linked = nullptr;
  bool as_linked = false;
};

class Lowering {
 public:
  explicit Lowering(const CheckedProgram& program);
  plan::EvaluationPlan Run();
  void MarkUsedAggregates();

 private:
  // lower.cc
  void LowerTables();
  void LowerInputs();
  void LowerTargetsAndOutcomes();
  void LowerPayments();
  void LowerGates();                            // gates.cc
  ExprId GateValue(const ast::GateDecl& gate);  // gates.cc: its condition, lowered once
  uint32_t MeasureIndex(const ast::MeasureDecl& m);
  uint32_t TableIndex(const ast::DataDecl* data) const;
  uint32_t ColumnIndex(const ast::DataDecl& data, const std::string& name) const;
  uint32_t InputIndex(const std::string& name) const;
  uint32_t ByNameIndex(const std::string& name);
  std::string LanguageTypeName(const Type& t) const;

  // lower_expr.cc
  ExprId LowerExpr(const ast::Expr& e, Context& ctx);  // LowerExprNode, with the node's unit noted
  ExprId LowerExprNode(const ast::Expr& e, Context& ctx);
  ExprId LowerName(const ast::NameExpr& e, Context& ctx);
  ExprId LowerOtherPeriod(const ast::OtherPeriodExpr& e, Context& ctx);  // other_periods.cc
  ExprId LowerPaid(const ast::PaidExpr& e);                              // paid.cc
  ExprId LowerMatch(const ast::MatchExpr& e, Context& ctx);              // match.cc
  ExprId LowerLink(const ast::LinkExpr& e, Context& ctx);                // links.cc
  ExprId LowerQualified(const ast::QualifiedExpr& e, Context& ctx);      // links.cc
  // A column reference: the current record's, or the linked one's (links.cc).
  ExprId LowerColumn(const Symbol& sym, const std::string& name, Span span, Context& ctx);
  ExprId LowerCall(const ast::CallExpr& e, Context& ctx);
  ExprId LowerBinary(const ast::BinaryExpr& e, Context& ctx);
  ExprId LowerAggregate(const ast::AggregateExpr& e, Context& ctx);
  // The conditions of a population and the populations it is drawn from,
  // joined with `and`; kNoSlot for a dataset.
  ExprId PopulationCondition(const std::string& source, Context& ctx);
  ExprId Add(plan::Node node);
  ExprId Leaf(plan::Op op, ValueType type, uint32_t slot, Span span);
  ExprId Unary(plan::Op op, ValueType type, ExprId a, Span span);
  ExprId Binary(plan::Op op, ValueType type, ExprId a, ExprId b, Span span);
  // `id` as a value of `type` (int widens to decimal); other changes are bugs.
  ExprId Convert(ExprId id, ValueType type);
  ValueType TypeOf(ExprId id) const { return out_.nodes[id].type; }
  ValueType SemaValueType(const ast::Expr& e) const;

  const CheckedProgram& program_;
  plan::EvaluationPlan out_;
  std::map<const ast::MeasureDecl*, uint32_t> measure_index_;
  // What is written once is lowered once, so the plan is a DAG whose size
  // grows with the contract's (a chain of lets that each use the previous one
  // three times would otherwise be inlined into 3^n nodes):
  // a let's value (a constant, the same wherever it is used),
  // (per `by` column: a let may read a measure `at baseline`, a group's own),
  std::map<std::pair<const ast::LetDecl*, std::string>, ExprId> let_values_;
  // a function applied to the same argument nodes (functions are pure, and
  // their bodies hold no aggregates, so the body does not depend on where it
  // is called),
  std::map<std::pair<const ast::FunctionDecl*, std::vector<ExprId>>, ExprId> calls_;
  // and a measure's copy narrowed to the groups of a `by` column and a window.
  std::map<std::tuple<const ast::MeasureDecl*, std::string, uint32_t>, ExprId> grouped_;
  // The index of a window in the plan, added on first use.
  uint32_t WindowIndex(const ast::Window& w);
  std::map<const ast::GateDecl*, ExprId> gate_values_;
};

}  // namespace ocf::lower
