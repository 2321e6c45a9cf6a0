// `ocf sql`: a contract's heavy half -- the scans and aggregates -- as SQL a
// warehouse runs (PostgreSQL, DuckDB, Spark), so the contract goes to the
// data instead of the data to ocf. ocf finishes the statement from the
// script's small result (runtime/sql/aggregate_result.h). docs/warehouse.md
// is the user's guide; this folder is the code generator:
//
//   dialect.{h,cc}    what differs between the engines (types, dates,
//                     integer division, quoting)
//   expr.{h,cc}       a plan's row expressions as SQL expressions, with
//                     LANGUAGE.md's missing values and exact arithmetic, or
//                     a located E1001 for what cannot be pushed down
//   aggregates.cc     the aggregate script: one scan per table
//   schema.cc         the tables' layout (`ocf sql --schema`)
//   checks.cc         the data rules as queries (`ocf sql --checks`)
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diagnostics/diagnostic.h"
#include "plan/plan.h"
#include "runtime/interp/eval.h"

namespace ocf::sql {

enum class Dialect { Postgres, DuckDB, Spark };

std::optional<Dialect> ParseDialect(const std::string& name);  // "postgres", "duckdb", "spark"
const char* DialectName(Dialect d);

struct SqlOptions {
  Dialect dialect = Dialect::Postgres;
  // Data block name -> the warehouse's table (SCHEMA.TABLE or TABLE, as
  // written); a table not named here is the data block's own name.
  std::map<std::string, std::string> tables;
  // The inputs' values (`--set`), one per plan input: written into the
  // script as constants. Null: an input is not pushed down.
  const std::vector<interp::Value>* inputs = nullptr;
};

// The aggregate script: one SELECT statement returning the rows described in
// runtime/sql/aggregate_result.h. Reports E1001 at each construct the dialect
// cannot compute exactly and returns nullopt then.
std::optional<std::string> AggregateScript(const plan::EvaluationPlan& plan, const SqlOptions& options,
                                           DiagnosticSink& sink);

// CREATE TABLE statements for the data blocks, with the column types the
// script expects (docs/warehouse.md, "The tables").
std::string SchemaScript(const plan::EvaluationPlan& plan, const SqlOptions& options);

// The data rules as one SELECT statement: for every data block, its row
// count (and rows in the baseline), and for every `check` rule, `key`,
// non-optional column and enumeration column, the number of rows breaking
// it and the first 20 of them. Its rows (kind, tbl, item, n, k, val, descr):
// kind 'rows', 'baseline', 'check', 'key', 'missing' or 'bad-value'; the
// table's index; the check's or the column's index (-1 for rows and
// baseline); with k = 0 the count n, with k = 1..20 a listed row: its value
// of the column (key, bad-value) and a description of the row (its key
// columns or all its columns, as text) -- compiler/sql/checks.cc,
// docs/warehouse.md, "Data rules". Reports E1001 at a check rule the dialect
// cannot compute exactly and returns nullopt then. Inputs are missing in
// the rules (data is checked before they are known), whatever `inputs` says.
std::optional<std::string> ChecksScript(const plan::EvaluationPlan& plan, const SqlOptions& options,
                                        DiagnosticSink& sink);

}  // namespace ocf::sql
