#include "compiler/driver/warehouse.h"

#include <fstream>

#include <fmt/format.h>

#include "compiler/driver/api_impl.h"
#include "compiler/driver/output_file.h"
#include "compiler/lower/lower.h"
#include "compiler/sql/sql.h"
#include "runtime/exec/aggregate.h"
#include "runtime/sql/aggregate_result.h"
#include "runtime/warehouse/postgres.h"

namespace ocf::driver {

namespace {

bool IsIdentifierPart(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$')) return false;
  return !std::isdigit(static_cast<unsigned char>(s[0]));
}

}  // namespace

std::string RenderedSqlDiagnostics(const DiagnosticSink& sink, const Compilation& compilation, bool color) {
  std::string out;
  for (const Diagnostic& d : sink.diagnostics())
    out += RenderText(d, compilation.sources, RenderOptions{color});
  return out;
}

std::optional<warehouse::QueryResult> RunOnPostgres(const std::string& db, const std::string& script,
                                                    const std::string& what, const std::string& prints_it,
                                                    std::string& error) {
  std::string why;
  std::unique_ptr<warehouse::Postgres> connection = warehouse::Postgres::Connect(db, why);
  if (!connection) {
    error = fmt::format("--db: cannot connect to PostgreSQL: {}", why);
    return std::nullopt;
  }
  std::optional<warehouse::QueryResult> rows = connection->Run(script, why);
  if (!rows)
    error = fmt::format(
        "PostgreSQL could not run the {}: {}\n  (`{}` prints it; docs/warehouse.md lists the tables and "
        "columns "
        "it reads)",
        what, why, prints_it);
  return rows;
}

bool ParseTableArgs(const std::vector<std::string>& args, std::map<std::string, std::string>& tables,
                    std::string& usage, const char* who) {
  for (const std::string& arg : args) {
    size_t eq = arg.find('=');
    std::string name = eq == std::string::npos ? "" : arg.substr(0, eq);
    std::string target = eq == std::string::npos ? "" : arg.substr(eq + 1);
    bool ok = IsIdentifierPart(name) && !target.empty();
    for (size_t from = 0; ok;) {
      size_t dot = target.find('.', from);
      ok = IsIdentifierPart(target.substr(from, dot == std::string::npos ? std::string::npos : dot - from));
      if (dot == std::string::npos) break;
      from = dot + 1;
    }
    if (!ok) {
      usage = fmt::format(
          "{}: --table is NAME=TABLE or NAME=SCHEMA.TABLE (a data block's name and the warehouse's table, "
          "names of letters, digits and `_`), not `{}`",
          who, arg);
      return false;
    }
    if (!tables.emplace(name, target).second) {
      usage = fmt::format("{}: --table names `{}` twice", who, name);
      return false;
    }
  }
  return true;
}

std::string CheckTableNames(const plan::EvaluationPlan& plan,
                            const std::map<std::string, std::string>& tables, const char* who) {
  for (const auto& [name, target] : tables) {
    bool known = false;
    std::string blocks;
    for (const plan::Table& t : plan.tables) {
      known |= t.name == name;
      blocks += (blocks.empty() ? "`" : ", `") + t.name + "`";
    }
    if (!known)
      return fmt::format("{}: --table {}={}: the contract has no data block `{}` (its data blocks: {})", who,
                         name, target, name, blocks.empty() ? "none" : blocks);
  }
  return "";
}

RunOutcome RunOnWarehouse(const Compilation& compilation, const plan::EvaluationPlan& plan,
                          const InputSettings& sets, const WarehouseRun& where) {
  RunOutcome outcome;
  std::vector<std::string> storage;
  std::vector<interp::Value> inputs = ReadInputs(plan, sets, storage, outcome);
  if (!outcome.errors.empty()) return outcome;
  std::optional<sql::AggregateResult> result;
  std::string error;
  if (!where.aggregates.empty()) {
    result = sql::ReadResultCsv(plan, where.aggregates, error);
    if (!result) {
      outcome.errors.push_back(fmt::format("--aggregates: {}", error));
      return outcome;
    }
  } else {
    sql::SqlOptions options;
    options.dialect = sql::Dialect::Postgres;
    options.tables = where.tables;
    options.inputs = &inputs;
    DiagnosticSink sink;
    std::optional<std::string> script = sql::AggregateScript(plan, options, sink);
    if (!script) {
      outcome.diagnostics = RenderedSqlDiagnostics(sink, compilation);
      outcome.errors.push_back(
          "the contract cannot run on PostgreSQL as it is (above); nothing was computed");
      return outcome;
    }
    std::optional<warehouse::QueryResult> rows =
        RunOnPostgres(where.db, *script, "aggregate script",
                      fmt::format("ocf sql {} --dialect postgres", where.file), error);
    if (!rows) {
      outcome.errors.push_back(error);
      return outcome;
    }
    result = sql::AggregateResult::Read(plan, rows->columns, rows->rows, error);
    if (!result) {
      outcome.errors.push_back(fmt::format("PostgreSQL's result is not what ocf expects: {}", error));
      return outcome;
    }
  }
  std::unique_ptr<exec::AggregateSource> source = result->Source();
  exec::EvaluateInput in;
  in.plan = &plan;
  in.table_rows = result->TableRows();
  in.inputs = &inputs;
  in.source = source.get();
  CatchRunErrors(compilation, outcome, [&] { outcome.statement = exec::Evaluate(in); });
  return outcome;
}

int SqlCommand(const SqlArgs& args, std::ostream& out, std::ostream& err) {
  const char* who = "ocf sql";
  auto usage = [&](const std::string& message) {
    err << message << "\n";
    return kExitUsage;
  };
  std::optional<sql::Dialect> dialect = sql::ParseDialect(args.dialect);
  if (!dialect)
    return usage(
        fmt::format("{}: --dialect is `postgres`, `duckdb` or `spark`, not `{}`", who, args.dialect));
  if (args.schema && args.checks) return usage(fmt::format("{}: give --schema or --checks, not both", who));
  std::string why;
  if (!args.common.output.empty() && !CheckOutputPath(args.common.output, who, why)) return usage(why);
  std::map<std::string, std::string> tables;
  if (!ParseTableArgs(args.tables, tables, why, who)) return usage(why);
  std::optional<InputSettings> sets = ParseSets(args.common.sets, who, why);
  if (!sets) return usage(why);
  const std::string& file = args.common.files.at(0);
  ocf::Compilation c = CompileArg(file, args.common.stdlib, *sets);
  if (!c.read_error().empty()) return usage(std::string(who) + ": " + c.read_error());
  const SettingsUse& settings = c.internal().compilation->settings;
  if (!settings.usage_errors.empty()) return usage(SettingsUsage(settings, who));
  err << c.RenderText(args.common.color);
  if (!c.ok()) {
    err << SummaryLine(file, c) << "\n";
    return kExitErrors;
  }
  const Compilation& compilation = *c.internal().compilation;
  plan::EvaluationPlan plan = Lower(*compilation.program);
  if (std::string bad = CheckTableNames(plan, tables, who); !bad.empty()) return usage(bad);
  sql::SqlOptions options;
  options.dialect = *dialect;
  options.tables = tables;
  // The inputs' values are constants in the script: all of them, or none
  // (then an input a row expression reads is an E1001 that says to set it).
  RunOutcome outcome;
  std::vector<std::string> storage;
  std::vector<interp::Value> inputs = ReadInputs(plan, settings.inputs, storage, outcome);
  if (outcome.usage_error) {
    for (const std::string& e : outcome.errors) err << who << ": " << e << "\n";
    return kExitUsage;
  }
  if (outcome.errors.empty()) options.inputs = &inputs;
  DiagnosticSink sink;
  std::optional<std::string> script;
  if (args.schema)
    script = sql::SchemaScript(plan, options);
  else if (args.checks)
    script = sql::ChecksScript(plan, options, sink);
  else
    script = sql::AggregateScript(plan, options, sink);
  err << RenderedSqlDiagnostics(sink, compilation, args.common.color);
  if (!script) {
    err << fmt::format("{}: {} cannot run in {} SQL as it is (the errors above)\n", who, file,
                       sql::DialectName(*dialect));
    return kExitErrors;
  }
  if (args.common.output.empty()) {
    out << *script;
    return kExitOk;
  }
  std::ofstream f(args.common.output, std::ios::binary | std::ios::trunc);
  f << *script;
  if (!f.flush()) {
    err << fmt::format("{}: cannot write {}\n", who, args.common.output);
    return kExitErrors;
  }
  return kExitOk;
}

CLI::App* AddSqlCommand(CLI::App& app, SqlArgs& args) {
  CLI::App* sql = app.add_subcommand(
      "sql", "Print the SQL that computes the contract's aggregates in a warehouse (docs/warehouse.md)");
  sql->group("Commands");
  sql->set_help_flag("-h,--help", "Print this help and exit");
  sql->footer(
      "\nThe script reads one table per data block (columns as declared; `--schema` prints their CREATE "
      "TABLE)\n"
      "and returns the aggregates; `ocf run FILE --aggregates RESULT.csv` finishes the statement from its\n"
      "result exported as CSV, and `ocf run FILE --engine postgres --db URI` does both in one step.\n"
      "Example:\n  ocf sql msk.ocf --dialect duckdb --table referrals=nhs.referrals > msk.sql");
  sql->add_option("FILE", args.common.files, "The contract (a .ocf file; `-`: standard input)")
      ->required()
      ->expected(1)
      ->type_name("");
  sql->add_option("--dialect", args.dialect, "postgres, duckdb or spark (Spark SQL 3.3+, Databricks)")
      ->required()
      ->type_name("NAME");
  sql->add_option("--table", args.tables, "A data block's table in the warehouse (repeatable)")
      ->type_name("NAME=SCHEMA.TABLE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sql->add_option("--set", args.common.sets, "An input's value, written as in a data file (repeatable)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sql->add_flag("--schema", args.schema, "Print CREATE TABLE statements for the data blocks instead");
  sql->add_flag("--checks", args.checks,
                "Print the data rules (check, key, required columns) as a query of the rows breaking them");
  sql->add_option("--output", args.common.output, "Write the script to FILE instead of standard output")
      ->type_name("FILE");
  sql->add_option("--stdlib", args.common.stdlib, "Where `import` looks after the importing file's folder")
      ->type_name("DIR");
  return sql;
}

}  // namespace ocf::driver
