#include "compiler/ast/ast.h"

namespace ocf::ast {

const char* ToString(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add:
      return "+";
    case BinaryOp::Sub:
      return "-";
    case BinaryOp::Mul:
      return "*";
    case BinaryOp::Div:
      return "/";
    case BinaryOp::Pow:
      return "^";
    case BinaryOp::Eq:
      return "=";
    case BinaryOp::Ne:
      return "!=";
    case BinaryOp::Lt:
      return "<";
    case BinaryOp::Le:
      return "<=";
    case BinaryOp::Gt:
      return ">";
    case BinaryOp::Ge:
      return ">=";
    case BinaryOp::And:
      return "and";
    case BinaryOp::Or:
      return "or";
    case BinaryOp::Otherwise:
      return "otherwise";
  }
  return "?";
}

const char* ToString(AggregateOp op) {
  switch (op) {
    case AggregateOp::Count:
      return "count";
    case AggregateOp::CountDistinct:
      return "count distinct";
    case AggregateOp::PercentOf:
      return "percent of";
    case AggregateOp::Sum:
      return "sum";
    case AggregateOp::Mean:
      return "mean";
    case AggregateOp::Median:
      return "median";
    case AggregateOp::Percentile:
      return "percentile";
    case AggregateOp::Min:
      return "min";
    case AggregateOp::Max:
      return "max";
  }
  return "?";
}

bool IsComparison(BinaryOp op) {
  switch (op) {
    case BinaryOp::Eq:
    case BinaryOp::Ne:
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge:
      return true;
    default:
      return false;
  }
}

const char* ToString(DeclKind kind) {
  switch (kind) {
    case DeclKind::Contract:
      return "contract";
    case DeclKind::Import:
      return "import";
    case DeclKind::Data:
      return "data";
    case DeclKind::Population:
      return "population";
    case DeclKind::Let:
      return "let";
    case DeclKind::Input:
      return "input";
    case DeclKind::Function:
      return "function";
    case DeclKind::Measure:
      return "measure";
    case DeclKind::Target:
      return "target";
    case DeclKind::Outcome:
      return "outcome";
    case DeclKind::Payment:
      return "payment";
    case DeclKind::Test:
      return "test";
    case DeclKind::Type:
      return "type";
    case DeclKind::Gate:
      return "gate";
  }
  return "?";
}

const char* ToString(Frequency f) {
  switch (f) {
    case Frequency::Monthly:
      return "monthly";
    case Frequency::Quarterly:
      return "quarterly";
    case Frequency::Yearly:
      return "yearly";
  }
  return "?";
}

const Ident* NameOf(const Decl& d) {
  switch (d.kind) {
    case DeclKind::Data:
      return &static_cast<const DataDecl&>(d).name;
    case DeclKind::Population:
      return &static_cast<const PopulationDecl&>(d).name;
    case DeclKind::Let:
      return &static_cast<const LetDecl&>(d).name;
    case DeclKind::Input:
      return &static_cast<const InputDecl&>(d).name;
    case DeclKind::Function:
      return &static_cast<const FunctionDecl&>(d).name;
    case DeclKind::Measure:
      return &static_cast<const MeasureDecl&>(d).name;
    case DeclKind::Outcome:
      return &static_cast<const OutcomeDecl&>(d).name;
    case DeclKind::Gate:
      return &static_cast<const GateDecl&>(d).name;
    case DeclKind::Type:
      return &static_cast<const TypeDecl&>(d).name;
    default:
      return nullptr;
  }
}

}  // namespace ocf::ast
