// The warehouses, differentially: for each seed, a random contract and data
// (generator.h, with what `ocf sql` does not push down left out), the JIT's
// statement from the CSV files as the reference, and the statement computed
// where the data lives:
//
//   DifferentialSql.Postgres  the data loaded into PostgreSQL (a schema per
//                             seed, all in one psql session), then `ocf run
//                             --engine postgres --db URI --table ...`
//   DifferentialSql.DuckDB    `ocf sql --dialect duckdb` run by DuckDB
//                             (tests/sql/duckdb_run.mjs, every seed in one
//                             node process), then `ocf run --aggregates`
//
// Each must print byte for byte the JIT's JSON and end with its exit status.
// A seed `ocf sql` refuses (E1001, not pushed down) is reported and another
// is made, until OCF_DIFF_SQL_SEEDS seeds (default 50) have run. Without a
// PostgreSQL server, node or DuckDB the test says SKIPPED and why.
// tests/differential/README.md ("The warehouses") says how to run it and
// reproduce a failing seed.
#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <memory>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "sql_harness.h"

namespace ocf::difftest {
namespace {

// What CI runs. Every seed runs several `ocf` processes, each some ten times
// slower under AddressSanitizer: fewer there.
#if defined(__SANITIZE_ADDRESS__)
constexpr int64_t kDefaultSeeds = 15;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr int64_t kDefaultSeeds = 15;
#else
constexpr int64_t kDefaultSeeds = 50;
#endif
#else
constexpr int64_t kDefaultSeeds = 50;
#endif

// One warehouse: how its seeds are named, loaded and run.
struct Warehouse {
  std::string name;  // "postgres", "duckdb"
  GenOptions::Target target;
  // `ocf sql`'s and `ocf run`'s --table arguments for a seed's tables.
  std::function<std::vector<std::string>(const Seed&)> tables;
  // After every seed is prepared (its script in sql.stdout, its DDL in
  // schema.stdout, its data in export/): load or run them all at once. ""
  // or what went wrong.
  std::function<std::string(const std::vector<Seed*>&)> batch;
  // The command giving the warehouse's statement of a seed.
  std::function<std::vector<std::string>(const Seed&)> run;
  // After the comparisons: drop what the warehouse holds of these seeds.
  std::function<void(const std::vector<Seed*>&)> clean = [](const std::vector<Seed*>&) {};
};

bool Keep() { return EnvInt("OCF_DIFF_KEEP", 0) != 0; }

std::string Reproduce(const Warehouse& w, const Seed& s) {
  return fmt::format(
      "  reproduce: OCF_DIFF_SQL_FIRST_SEED={} OCF_DIFF_SQL_SEEDS=1 OCF_DIFF_SQL_TRIES=1 OCF_DIFF_KEEP=1 "
      "ocf_differential_sql_tests --gtest_filter='DifferentialSql.{}'",
      s.seed, w.name == "postgres" ? "Postgres" : "DuckDB");
}

// Makes seeds until `wanted` are pushed down (or OCF_DIFF_SQL_TRIES are
// made), runs them on the warehouse and compares.
void RunDifferential(const Warehouse& w) {
  const auto started = std::chrono::steady_clock::now();
  const int64_t wanted = EnvInt("OCF_DIFF_SQL_SEEDS", kDefaultSeeds);
  const int64_t first = EnvInt("OCF_DIFF_SQL_FIRST_SEED", 1);
  const int64_t tries = EnvInt("OCF_DIFF_SQL_TRIES", wanted * 2 + 10);
  GenOptions options;
  options.target = w.target;
  const fs::path root =
      fs::path(::testing::TempDir()) / fmt::format("ocf_differential_sql_{}", ::getpid()) / w.name;
  Tally tally;
  std::vector<std::unique_ptr<Seed>> seeds;
  std::vector<Seed*> ran;
  auto fail = [&](const Seed& s, const std::string& what, const std::vector<std::string>& command) {
    ++tally.disagreed;
    ADD_FAILURE() << fmt::format("seed {} ({}): {}\n  command: {}\n  files kept in {}\n{}\nthe contract:\n{}",
                                 s.seed, w.name, what, Shell(command), s.dir.string(), Reproduce(w, s),
                                 s.c.contract);
  };

  for (int64_t seed = first; static_cast<int64_t>(ran.size()) < wanted && seed < first + tries; ++seed) {
    ++tally.tried;
    auto s = std::make_unique<Seed>();
    Prepare(seed, options, root, *s);
    std::vector<std::string> sql = Ocf({"sql", s->contract, "--dialect", w.name});
    for (const std::string& a : w.tables(*s)) sql.push_back(a);
    sql.insert(sql.end(), s->sets.begin(), s->sets.end());
    Proc script = Spawn(sql, s->dir, "sql");
    if (script.status != 0) {
      std::vector<std::string> refused = NotPushedDown(script.err);
      size_t errors = 0;  // E1001 only: every error is a construct not pushed down
      for (size_t at = script.err.find("error["); at != std::string::npos;
           at = script.err.find("error[", at + 1))
        ++errors;
      if (script.status == 1 && !refused.empty() && errors == refused.size()) {
        tally.refused_seeds.push_back(seed);
        for (const std::string& r : std::set<std::string>(refused.begin(), refused.end())) ++tally.refused[r];
        if (!Keep()) fs::remove_all(s->dir);
        continue;
      }
      std::string problem = CheckProblem(*s);
      if (problem.empty())
        problem = fmt::format("`ocf sql` ended with status {}:\n{}", script.status, Errors(script.err));
      fail(*s, problem, sql);
      continue;
    }
    std::vector<std::string> ddl = Ocf({"sql", s->contract, "--schema", "--dialect", w.name});
    for (const std::string& a : w.tables(*s)) ddl.push_back(a);
    Proc schema = Spawn(ddl, s->dir, "schema");
    if (schema.status != 0) {
      fail(*s, fmt::format("`ocf sql --schema` ended with status {}:\n{}", schema.status, Errors(schema.err)),
           ddl);
      continue;
    }
    RunReference(*s);
    if (s->reference.status != 0 && s->reference.status != 1) {
      fail(
          *s,
          fmt::format("the JIT's run ended with status {}:\n{}", s->reference.status, Tail(s->reference.err)),
          s->reference_args);
      continue;
    }
    if (s->reference.err.find("nothing was computed") != std::string::npos) {
      fail(*s, "the generator made data that does not check:\n" + Tail(s->reference.err), s->reference_args);
      continue;
    }
    if (std::string problem = Export(*s); !problem.empty()) {
      fail(*s, problem, {});
      continue;
    }
    ran.push_back(s.get());
    seeds.push_back(std::move(s));
  }
  tally.ran = static_cast<int>(ran.size());

  std::string problem = ran.empty() ? "" : w.batch(ran);
  ASSERT_TRUE(problem.empty()) << problem;

  std::vector<Seed*> agreed;
  for (Seed* s : ran) {
    std::vector<std::string> command = w.run(*s);
    if (!s->warehouse_error.empty()) {
      fail(*s, fmt::format("{} could not run it: {}", w.name, s->warehouse_error), {});
      continue;
    }
    Proc result = Spawn(command, s->dir, w.name);
    std::string what = Disagreement(s->reference, result, w.name.c_str());
    if (what.empty()) {
      ++tally.agreed;
      if (s->reference.status == 1) ++tally.agreed_errors;
      agreed.push_back(s);
      if (!Keep()) fs::remove_all(s->dir);
      continue;
    }
    fail(*s, what + "\n  the JIT's command: " + Shell(s->reference_args), command);
  }
  w.clean(Keep() ? std::vector<Seed*>{} : agreed);

  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << tally.Summary(w.name, seconds);
  EXPECT_EQ(tally.disagreed, 0);
  EXPECT_GE(tally.agreed, wanted) << fmt::format(
      "only {} of the {} seeds wanted were pushed down and agreed in {} seeds made (OCF_DIFF_SQL_TRIES): "
      "see what `ocf sql` refused above",
      tally.agreed, wanted, tally.tried);
}

// ---------------------------------------------------------------- PostgreSQL
// The server: OCF_PG_URI (a libpq connection string) if set, else the one
// the ctest fixture `postgres` started (tests/sql/pg_server.sh wrote it to
// $OCF_PG_DIR/uri, or why there is none to $OCF_PG_DIR/skip).
std::string PostgresUri(std::string& why_not) {
  if (const char* uri = std::getenv("OCF_PG_URI"); uri && *uri) return uri;
  const char* dir = std::getenv("OCF_PG_DIR");
  if (!dir || !*dir) {
    why_not = "neither OCF_PG_URI nor OCF_PG_DIR is set (ctest sets OCF_PG_DIR: run it through ctest)";
    return "";
  }
  std::string skip = ReadAll(fs::path(dir) / "skip");
  if (!skip.empty()) {
    why_not = skip;
    return "";
  }
  std::string uri = ReadAll(fs::path(dir) / "uri");
  while (!uri.empty() && (uri.back() == '\n' || uri.back() == '\r')) uri.pop_back();
  if (uri.empty())
    why_not = fmt::format("no server: {}/uri is missing (did the fixture sql_postgres_start run?)", dir);
  return uri;
}

// A schema of its own for each seed: one that names where it comes from
// (OCF_PG_URI may be a server that holds other things).
std::string SchemaOf(const Seed& s) { return fmt::format("ocf_diff_{}", s.seed); }

TEST(DifferentialSql, Postgres) {
  std::string why_not;
  const std::string uri = PostgresUri(why_not);
  if (uri.empty()) GTEST_SKIP() << "no PostgreSQL server for this test: " << why_not;
  const std::string psql = FindProgram("psql", {"/usr/lib/postgresql/*/bin"});
  if (psql.empty()) GTEST_SKIP() << "psql not found on PATH nor in /usr/lib/postgresql/*/bin";
  if (ExportDataBinary().empty()) GTEST_SKIP() << "this build has no ocf_export_data (tests/sql)";
  const fs::path scratch =
      fs::path(::testing::TempDir()) / fmt::format("ocf_differential_sql_{}", ::getpid());
  fs::create_directories(scratch);
  Proc ping = Spawn({psql, uri, "-X", "-q", "-c", "SELECT 1"}, scratch, "psql_ping");
  ASSERT_EQ(ping.status, 0) << "cannot reach the PostgreSQL server at `" << uri << "`:\n" << ping.err;

  Warehouse w;
  w.name = "postgres";
  w.target = GenOptions::Target::Postgres;
  w.tables = [](const Seed& s) {
    std::vector<std::string> args;
    for (const std::string& t : s.tables) {
      args.push_back("--table");
      args.push_back(fmt::format("{}={}.{}", t, SchemaOf(s), t));
    }
    return args;
  };
  // One psql session for every seed: a schema each, its tables made by
  // `ocf sql --schema` and filled by COPY from the canonical CSV.
  w.batch = [&](const std::vector<Seed*>& seeds) -> std::string {
    std::string script = "SET client_min_messages = warning;\n";
    std::vector<std::pair<int64_t, int64_t>> first_lines;  // (line, seed)
    auto lines = [&] { return static_cast<int64_t>(std::count(script.begin(), script.end(), '\n')) + 1; };
    for (const Seed* s : seeds) {
      first_lines.push_back({lines(), s->seed});
      const std::string schema = SchemaOf(*s);
      script += fmt::format("DROP SCHEMA IF EXISTS {0} CASCADE;\nCREATE SCHEMA {0};\n", schema);
      script += ReadAll(s->dir / "schema.stdout");
      if (!script.empty() && script.back() != '\n') script += '\n';
      for (const std::string& t : s->tables)
        script += fmt::format("\\copy {}.{} FROM '{}' WITH (FORMAT csv, HEADER true)\n", schema, t,
                              (s->dir / "export" / (t + ".csv")).string());
    }
    const fs::path file = scratch / "postgres_load.sql";
    std::ofstream(file, std::ios::binary) << script;
    const auto started = std::chrono::steady_clock::now();
    Proc load =
        Spawn({psql, uri, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", file.string()}, scratch, "psql_load");
    std::cout << fmt::format(
        "[differential postgres] {} seeds' data loaded in one psql session in {:.2f} s\n", seeds.size(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    if (load.status == 0) return "";
    // psql names the script's line: say whose it is.
    std::string whose;
    std::smatch m;
    if (std::regex_search(load.err, m, std::regex("postgres_load\\.sql:([0-9]+):"))) {
      int64_t line = std::stoll(m[1]);
      for (const auto& [from, seed] : first_lines)
        if (from <= line) whose = fmt::format(" (seed {}'s tables)", seed);
    }
    return fmt::format("loading the seeds' data into PostgreSQL failed{}:\n{}\n(the script: {})", whose,
                       Tail(load.err), file.string());
  };
  w.run = [&](const Seed& s) {
    std::vector<std::string> args = Ocf({"run", s.contract, "--engine", "postgres", "--db", uri});
    for (const std::string& a : w.tables(s)) args.push_back(a);
    args.push_back("--format");
    args.push_back("json");
    args.insert(args.end(), s.sets.begin(), s.sets.end());
    return args;
  };
  w.clean = [&](const std::vector<Seed*>& seeds) {
    if (seeds.empty()) return;
    std::string drop = "SET client_min_messages = warning;\n";
    for (const Seed* s : seeds) drop += fmt::format("DROP SCHEMA IF EXISTS {} CASCADE;\n", SchemaOf(*s));
    std::ofstream(scratch / "postgres_drop.sql", std::ios::binary) << drop;
    Proc p =
        Spawn({psql, uri, "-X", "-q", "-f", (scratch / "postgres_drop.sql").string()}, scratch, "psql_drop");
    EXPECT_EQ(p.status, 0) << p.err;
  };
  RunDifferential(w);
}

// ---------------------------------------------------------------- DuckDB
TEST(DifferentialSql, DuckDB) {
  const std::string node = FindProgram("node");
  if (node.empty())
    GTEST_SKIP() << "node not found on PATH (scripts/setup.sh installs it): DuckDB cannot run";
  const fs::path runner = fs::path(OCF_SOURCE_DIR) / "tests" / "sql" / "duckdb_run.mjs";
  if (!fs::exists(runner)) GTEST_SKIP() << "no DuckDB runner in this checkout: " << runner.string();
  if (ExportDataBinary().empty()) GTEST_SKIP() << "this build has no ocf_export_data (tests/sql)";
  const fs::path scratch =
      fs::path(::testing::TempDir()) / fmt::format("ocf_differential_sql_{}", ::getpid());
  fs::create_directories(scratch);
  // No job: exit 77 when @duckdb/node-api cannot be loaded.
  std::ofstream(scratch / "duckdb_probe.jsonl") << "";
  Proc probe = Spawn({node, runner.string(), "--batch", (scratch / "duckdb_probe.jsonl").string()}, scratch,
                     "duckdb_probe");
  if (probe.status == 77) GTEST_SKIP() << "DuckDB is not installed: " << probe.err;
  ASSERT_EQ(probe.status, 0) << "the DuckDB runner does not start:\n" << probe.err;

  Warehouse w;
  w.name = "duckdb";
  w.target = GenOptions::Target::DuckDB;
  w.tables = [](const Seed&) { return std::vector<std::string>{}; };  // a database per seed
  // Every seed in one node process: a job each, in a database of its own.
  w.batch = [&](const std::vector<Seed*>& seeds) -> std::string {
    std::string jobs;
    auto json = [](const std::string& s) {  // paths: no control characters
      std::string out = "\"";
      for (char c : s) out += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
      return out + "\"";
    };
    for (const Seed* s : seeds) {
      std::string data;
      for (const std::string& t : s->tables)
        data += fmt::format("{}{}: {}", data.empty() ? "" : ", ", json(t),
                            json((s->dir / "export" / (t + ".csv")).string()));
      jobs += fmt::format("{{\"ddl\": {}, \"data\": {{{}}}, \"sql\": {}, \"out\": {}}}\n",
                          json((s->dir / "schema.stdout").string()), data,
                          json((s->dir / "sql.stdout").string()), json((s->dir / "result.csv").string()));
    }
    const fs::path file = scratch / "duckdb_jobs.jsonl";
    std::ofstream(file, std::ios::binary) << jobs;
    const auto started = std::chrono::steady_clock::now();
    Proc batch = Spawn({node, runner.string(), "--batch", file.string()}, scratch, "duckdb_batch");
    std::cout << fmt::format(
        "[differential duckdb] {} seeds' scripts run in one node process in {:.2f} s\n", seeds.size(),
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    // One line of JSON a job, in order: a job that failed fails its seed
    // (with DuckDB's message); the others go on.
    std::istringstream answers(batch.out);
    std::string line;
    size_t job = 0;
    for (; job < seeds.size() && std::getline(answers, line); ++job) {
      if (line.find("\"ok\":true") != std::string::npos) continue;
      const Seed& s = *seeds[job];
      std::vector<std::string> one = {node, runner.string(), "--ddl", (s.dir / "schema.stdout").string()};
      for (const std::string& t : s.tables) {
        one.push_back("--data");
        one.push_back(t + "=" + (s.dir / "export" / (t + ".csv")).string());
      }
      for (const char* a : {"--sql", "sql.stdout", "--out", "result.csv"})
        one.push_back(a[0] == '-' ? std::string(a) : (s.dir / a).string());
      seeds[job]->warehouse_error = line + "\n  that job alone: NODE_PATH=... " + Shell(one);
    }
    if (job == seeds.size() && (batch.status == 0 || batch.status == 1)) return "";
    return fmt::format("the DuckDB runner ended with status {} after {} of {} jobs (the jobs: {}):\n{}",
                       batch.status, job, seeds.size(), file.string(), Tail(batch.err));
  };
  w.run = [&](const Seed& s) {
    std::vector<std::string> args =
        Ocf({"run", s.contract, "--aggregates", (s.dir / "result.csv").string(), "--format", "json"});
    args.insert(args.end(), s.sets.begin(), s.sets.end());
    return args;
  };
  RunDifferential(w);
}

}  // namespace
}  // namespace ocf::difftest

namespace ocf::difftest {
namespace {

// The one allowance of the comparison: a failed run's "data" member.
TEST(DifferentialSqlHarness, FailedRunJsonWithoutItsData) {
  EXPECT_EQ(WithoutTopLevelMember(
                R"({"a": 1, "data": {"t": {"file": "x}.csv", "rows": [1, {"b": 2}]}}, "c": [3]})", "data"),
            R"({"a": 1, "c": [3]})");
  EXPECT_EQ(WithoutTopLevelMember(R"({"data": {"t": 1}, "run_errors": ["\"data\": {"]})", "data"),
            R"({"run_errors": ["\"data\": {"]})");
  EXPECT_EQ(WithoutTopLevelMember("{\"a\": 1,\n \"data\": {}}\n", "data"), "{\"a\": 1}\n");
  // Only the top level's.
  const std::string nested = R"({"a": {"data": 1}, "b": ["data"]})";
  EXPECT_EQ(WithoutTopLevelMember(nested, "data"), nested);
}

}  // namespace
}  // namespace ocf::difftest
