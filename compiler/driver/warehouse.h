// The contract run where the data lives (docs/warehouse.md): `ocf sql`
// prints the script a warehouse runs; `ocf run --aggregates RESULT.csv`
// finishes the statement from its result; `ocf run --engine postgres --db
// URI` does both over libpq; `ocf check --data --engine postgres` runs the
// data rules there.
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "compiler/driver/commands.h"
#include "compiler/driver/data.h"
#include "compiler/driver/gate_check.h"
#include "compiler/driver/run.h"
#include "runtime/warehouse/postgres.h"

namespace ocf::driver {

// `--table NAME=SCHEMA.TABLE` arguments: data block -> the warehouse's
// table. Checks the shape (identifiers joined by dots); whether NAME is a
// data block is checked against the plan (CheckTableNames).
bool ParseTableArgs(const std::vector<std::string>& args, std::map<std::string, std::string>& tables,
                    std::string& usage, const char* who);
// Empty, or the usage error for a `--table` naming no data block.
std::string CheckTableNames(const plan::EvaluationPlan& plan,
                            const std::map<std::string, std::string>& tables, const char* who);

struct WarehouseRun {
  std::string file;        // the contract, as named on the command line (for messages)
  std::string aggregates;  // `--aggregates FILE`: the script's result, as CSV
  std::string db;          // `--engine postgres --db URI`
  std::map<std::string, std::string> tables;
};

// The statement from the warehouse's aggregates: read from the CSV file, or
// computed by PostgreSQL. Errors as RunContract's: an E1001 where the
// contract cannot be pushed down, the server's message, a result that is
// not the script's.
RunOutcome RunOnWarehouse(const Compilation& compilation, const plan::EvaluationPlan& plan,
                          const InputSettings& sets, const WarehouseRun& where);

// `ocf check --engine postgres --db URI`: the data rules run in PostgreSQL
// (sql::ChecksScript) and reported as `ocf check --data` reports a CSV
// file's (data.h): the same rules, codes and summaries; each dataset's
// `path` is its table (`nhs.referrals`) and every problem's line 0, the
// message naming the row instead. The gates too, when the data is good,
// from the aggregates (RunOnWarehouse) -- warehouse_check.cc.
struct WarehouseCheck {
  DataCheck data;
  std::string diagnostics;          // rendered: the E1001s of a rule that cannot be pushed down
  std::vector<std::string> errors;  // why the data could not be checked
};
WarehouseCheck CheckWarehouseData(const Compilation& compilation, const plan::EvaluationPlan& plan,
                                  const WarehouseRun& where);
// The checks script's result (its columns and rows, as text) as the data
// problems of each table; false and `error` when it is not that result.
bool ReadChecksResult(const plan::EvaluationPlan& plan, const std::map<std::string, std::string>& tables,
                      const std::vector<std::string>& columns,
                      const std::vector<std::vector<std::optional<std::string>>>& rows, DataCheck& out,
                      std::string& error);
// The gates on the warehouse's aggregates (CheckGates's answer for a
// statement made by RunOnWarehouse).
GateCheck CheckWarehouseGates(const Compilation& compilation, const plan::EvaluationPlan& plan,
                              const InputSettings& sets, const WarehouseRun& where, bool strict);

// The E1001s of a script that cannot be written, rendered as text.
std::string RenderedSqlDiagnostics(const DiagnosticSink& sink, const Compilation& compilation,
                                   bool color = false);

// Runs one of `ocf sql`'s scripts (`what`: "aggregate script", "checks
// script"; `prints_it`: the `ocf sql` command that prints it) on the
// PostgreSQL at `db`. On failure, nullopt and `error` the message to show:
// the connection's or the server's.
std::optional<warehouse::QueryResult> RunOnPostgres(const std::string& db, const std::string& script,
                                                    const std::string& what, const std::string& prints_it,
                                                    std::string& error);

struct SqlArgs {
  CommandArgs common;  // the contract, --set, --stdlib, --output, colour
  std::string dialect;
  std::vector<std::string> tables;
  bool schema = false;
  bool checks = false;
};

// `ocf sql`: the script to `out` (or --output), diagnostics to `err`.
// Returns 0, 1 (errors in the contract, or what cannot be pushed down) or 2.
int SqlCommand(const SqlArgs& args, std::ostream& out, std::ostream& err);
CLI::App* AddSqlCommand(CLI::App& app, SqlArgs& args);

}  // namespace ocf::driver
