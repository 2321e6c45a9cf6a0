// A plan's row expressions as SQL (compiler/sql/sql.h). Every SQL expression
// written here has the value the interpreter's would have on the same row,
// NULL where it would be missing: SQL's NULL logic is LANGUAGE.md's three-
// valued logic for `and`, `or` and `not`; everything else that SQL would
// treat differently (`in` with a missing item, `min` of a missing value,
// exact decimal rounding) is spelled out. What a dialect cannot compute
// exactly is refused with E1001 at the construct, never approximated.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sql/dialect.h"
#include "plan/plan.h"

namespace ocf::sql {

// Where a row expression is evaluated: the table whose row it reads, under
// an alias; inside a link's condition, also the linked table's row.
struct RowContext {
  uint32_t table = 0;
  std::string row = "r";
  uint32_t linked_table = plan::kNoSlot;
  std::string linked = "l";
};

class RowSql {
 public:
  RowSql(const plan::EvaluationPlan& plan, const DialectRules& dialect, const SqlOptions& options,
         DiagnosticSink& sink)
      : plan_(plan), d_(dialect), options_(options), sink_(sink) {}

  // The expression, or nullopt (E1001 reported) when it cannot be pushed down.
  std::optional<std::string> Expr(plan::ExprId id, const RowContext& ctx);
  // A condition as SQL (a boolean expression; NULL counts as false where
  // it is used, as in a `where`).
  std::optional<std::string> Condition(plan::ExprId id, const RowContext& ctx) { return Expr(id, ctx); }

  // The warehouse's table for plan table t, as a FROM item.
  std::string TableRef(uint32_t t) const;
  // A column of the row `alias`.
  std::string ColumnRef(const std::string& alias, uint32_t table, uint32_t column) const;
  // A value as a constant of its type.
  std::string Constant(plan::ValueType t, const interp::Value& v) const;

 private:
  // Reports E1001: `what` cannot be pushed down, and why.
  std::string Refuse(const plan::Node& n, const std::string& what, const std::string& why);
  std::optional<std::string> Sub(plan::ExprId id, const RowContext& ctx) { return Expr(id, ctx); }
  bool MayBeMissing(plan::ExprId id, const RowContext& ctx) const;
  std::optional<std::string> Arithmetic(const plan::Node& n, const RowContext& ctx);
  std::optional<std::string> Function(const plan::Node& n, const RowContext& ctx);
  std::optional<std::string> Match(const plan::Node& n, const RowContext& ctx);
  std::optional<std::string> Link(const plan::Node& n, const RowContext& ctx);
  std::string HalfEven18(const std::string& exact) const;
  // Whether the node's value is the same on every row (no column, link or
  // period in it, and inputs known): such a value is worked out here, by
  // ocf's own evaluator, and written as a constant.
  bool RowIndependent(plan::ExprId id);
  std::optional<std::string> Folded(plan::ExprId id);

  const plan::EvaluationPlan& plan_;
  const DialectRules& d_;
  const SqlOptions& options_;
  DiagnosticSink& sink_;
  std::set<std::pair<plan::ExprId, std::string>> reported_;
  std::vector<int8_t> independent_;  // per node: -1 unknown, 0 no, 1 yes
  std::unique_ptr<interp::Evaluator> eval_;
  int link_depth_ = 0;
};

}  // namespace ocf::sql
