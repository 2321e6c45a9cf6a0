// Contracts of many measures (issue 8: 5,000 simple measures took 71 s to
// compile): a table's scan compiled in chunks of bounded size, whatever the
// number of measures, giving the fused scan's statement and errors; the
// interpreter evaluating each row once per aggregate and the shared
// period-level code walking each measure's plan once; and `--engine auto`
// choosing the engine that finishes first.
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "compiler/codegen/chunks.h"
#include "compiler/codegen/codegen.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/engine_choice.h"
#include "compiler/lower/lower.h"
#include "compiler/sema/schema.h"
#include "runtime/exec/aggregate.h"
#include "runtime/interp/engine.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {

namespace fs = std::filesystem;

using test_support::CliRun;
using test_support::RunOcf;

// `measures` measures over one table: counts and sums under a condition,
// every fifth `by provider`.
std::string Contract(int measures) {
  std::string text = R"(contract "Many measures" {
  commissioner "C"
  term 2019-01-01 to 2023-12-31
  periods quarterly
  currency GBP
}
data episodes dated by admitted {
  age      : int
  admitted : date
  cost     : money
  provider : id
  check age >= 0 "an age cannot be negative"
}
data other dated by day {
  day : date
}
)";
  for (int i = 0; i < measures; ++i) {
    std::string by = i % 5 == 4 ? " by provider" : "";
    if (i % 2)
      text +=
          fmt::format("measure m{} : money{} = sum cost * {} of episodes where age > {}\n", i, by, i, i % 90);
    else
      text += fmt::format("measure m{} : int{} = count episodes where age > {}\n", i, by, i % 90);
  }
  return text;
}

std::string Episodes(int rows) {
  std::string csv = "age,admitted,cost,provider\n";
  for (int r = 0; r < rows; ++r)
    csv += fmt::format("{},{}-{:02}-{:02},{}.{:02},RX{}\n", (r * 37) % 101, 2018 + r % 7, 1 + r % 12,
                       1 + r % 28, (r * 7919) % 5000, r % 100, r % 3);
  return csv;
}

struct Planned {
  std::unique_ptr<driver::Compilation> compilation;
  plan::EvaluationPlan plan;
};

std::unique_ptr<Planned> Plan(const std::string& text) {
  auto p = std::make_unique<Planned>();
  p->compilation = driver::CompileText(text, "many.ocf");
  EXPECT_TRUE(p->compilation->ok());
  p->plan = Lower(*p->compilation->program);
  return p;
}

fs::path Write(const std::string& name, const std::string& contract, const std::string& csv) {
  fs::path dir = fs::path(::testing::TempDir()) / "ocf_many_measures" / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  std::ofstream(dir / "contract.ocf") << contract;
  std::ofstream(dir / "data" / "episodes.csv") << csv;
  std::ofstream(dir / "data" / "other.csv") << "day\n2020-01-01\n";
  return dir;
}

// `ocf run` with OCF_JIT_CHUNK set (the chunk budget codegen uses) for the run.
CliRun RunWithChunkBudget(const char* budget, std::vector<std::string> args) {
  if (budget) setenv("OCF_JIT_CHUNK", budget, 1);
  CliRun r = RunOcf(std::move(args));
  unsetenv("OCF_JIT_CHUNK");
  return r;
}

// ---------------------------------------------------------------- chunks

TEST(ScanChunks, HoldEveryAggregateOfTheTableOnceInPlanOrder) {
  auto p = Plan(Contract(300));
  std::vector<size_t> expected;
  for (size_t a = 0; a < p->plan.aggregates.size(); ++a)
    if (p->plan.aggregates[a].table == 0 && p->plan.aggregates[a].used) expected.push_back(a);
  ASSERT_GE(expected.size(), 300u);
  for (size_t budget : {size_t{1}, size_t{50}, codegen::kChunkBudget, size_t{1000000}}) {
    std::vector<std::vector<size_t>> chunks = codegen::ChunkAggregates(p->plan, 0, budget);
    std::vector<size_t> all;
    for (const std::vector<size_t>& c : chunks) {
      EXPECT_FALSE(c.empty()) << "budget " << budget;
      all.insert(all.end(), c.begin(), c.end());
    }
    EXPECT_EQ(all, expected) << "budget " << budget;
    if (budget == 1) {
      EXPECT_EQ(chunks.size(), expected.size());
    }
    if (budget == 1000000) {
      EXPECT_EQ(chunks.size(), 1u);
    }
  }
}

TEST(ScanChunks, ATableNoAggregateReadsIsOneEmptyChunk) {
  auto p = Plan(Contract(10));
  std::vector<std::vector<size_t>> chunks = codegen::ChunkAggregates(p->plan, 1);
  ASSERT_EQ(chunks.size(), 1u);
  EXPECT_TRUE(chunks[0].empty());
}

// One function for every aggregate made a basic block LLVM schedules and
// allocates registers for in more than linear time; chunks keep each
// function near the budget however many measures there are.
TEST(ScanChunks, TheCompiledFunctionsStaySmallHoweverManyMeasures) {
  auto p = Plan(Contract(300));
  codegen::CodegenResult r = codegen::Compile(p->plan, {});
  ASSERT_TRUE(r.compiled) << r.unsupported << r.failure;
  ASSERT_GT(r.chunk_instructions.size(), 1u);
  size_t largest = *std::max_element(r.chunk_instructions.begin(), r.chunk_instructions.end());
  EXPECT_LE(largest, 2 * codegen::kChunkBudget);
}

// Chunks run block by block, each stopping at its own first failing row:
// the run must stop where the one fused scan stops, whichever chunk fails
// first, on every thread count.
TEST(ScanChunks, GiveTheFusedScansStatementAndErrors) {
  // `late` overflows on row 700 (line 702), `early` on row 300 (line 302),
  // both in the first block of rows; with a chunk per aggregate, `late`'s
  // chunk runs first and stops later. The fused scan stops at row 300 and
  // names `early`.
  std::string contract = Contract(40) +
                         "measure late : int = count episodes where 9223372036854775807 + age > 0\n"
                         "measure early : money = sum cost * 10000 of episodes\n";
  const size_t early_line =
      static_cast<size_t>(std::count(contract.begin(), contract.end(), '\n'));  // the last line
  std::string bad_csv = "age,admitted,cost,provider\n";
  for (int r = 0; r < 3000; ++r)
    bad_csv += fmt::format("{},2020-{:02}-{:02},{},RX{}\n", r == 700 ? 5 : 0, 1 + r % 12, 1 + r % 28,
                           r == 300 ? "99999999999999999.00" : "1.00", r % 3);
  fs::path ok = Write("chunks_ok", Contract(40), Episodes(3000));
  fs::path bad = Write("chunks_bad", contract, bad_csv);
  for (const fs::path& dir : {ok, bad}) {
    for (const char* threads : {"1", "2"}) {
      std::vector<std::string> args = {"run",       (dir / "contract.ocf").string(),
                                       "--data",    (dir / "data").string(),
                                       "--format",  "json",
                                       "--engine",  "jit",
                                       "--threads", threads};
      CliRun fused = RunWithChunkBudget(nullptr, args);
      CliRun chunked = RunWithChunkBudget("1", args);
      EXPECT_EQ(chunked.status, fused.status) << dir << chunked.err;
      EXPECT_EQ(chunked.out, fused.out) << dir;
      EXPECT_EQ(chunked.err, fused.err) << dir;
      EXPECT_EQ(chunked.err.find("reference interpreter"), std::string::npos) << chunked.err;
      if (dir == bad) {
        EXPECT_EQ(chunked.status, 1);
        EXPECT_NE(chunked.err.find(fmt::format("contract.ocf:{}:", early_line)), std::string::npos)
            << chunked.err;
      } else {
        EXPECT_EQ(chunked.status, 0) << chunked.err;
      }
    }
  }
}

// ---------------------------------------------------------------- the interpreter

// An aggregate over all its rows is one walk into its finest periods'
// states; a quarter, its year and the term are sums of those (it was a walk
// per reported period, each row evaluated for its quarter, year and term).
TEST(ManyMeasuresInterpreter, EvaluatesEachRowOncePerAggregate) {
  auto p = Plan(R"(contract "One" {
  commissioner "C"
  term 2019-01-01 to 2023-12-31
  periods quarterly
}
data episodes dated by admitted {
  age      : int
  admitted : date
}
measure older : int = count episodes where age >= 65
measure mean_age = mean age of episodes
)");
  Table table(SchemaOf(*p->compilation->program->datasets[0], "GBP"));
  int in_term = 0;
  for (int r = 0; r < 500; ++r) {
    std::string admitted = fmt::format("{}-{:02}-{:02}", 2018 + r % 7, 1 + r % 12, 1 + r % 28);
    in_term += admitted >= "2019" && admitted < "2024";
    std::vector<CellValue> cells;
    for (const auto& [text, column] : {std::pair{std::to_string(r % 100), 0}, std::pair{admitted, 1}})
      cells.push_back(ParseCell(text, table.schema().columns[static_cast<size_t>(column)]).value);
    table.AppendRow(cells, static_cast<uint64_t>(r + 2));
  }
  interp::RunInput in;
  in.plan = &p->plan;
  in.tables = {&table};
  interp::RunStats stats;
  Statement st = interp::Run(in, &stats);
  EXPECT_EQ(stats.row_evaluations, 2u * static_cast<uint64_t>(in_term));
  EXPECT_EQ(st.measures.size(), 2u);
}

// The period-level code finds the aggregates a measure reads by walking its
// plan, which is a DAG (what a let or function names is shared): each node
// must be visited once, or a measure written in a few lines takes forever.
// Here an `if` whose untaken branch is 64 levels of `x + x` over an
// aggregate: 2^64 paths, 130 nodes. Run in a child process, killed if it
// takes more than 20 seconds.
TEST(ManyMeasuresInterpreter, WalksEachSharedPlanNodeOnce) {
  auto p = Plan(R"(contract "Deep" {
  commissioner "C"
  term 2019-01-01 to 2019-12-31
  periods quarterly
}
data t dated by d {
  d : date
}
measure n : int = count t
)");
  plan::EvaluationPlan& plan = p->plan;
  ASSERT_EQ(plan.measures.size(), 1u);
  plan::ExprId aggregate = plan.measures[0].value;
  ASSERT_EQ(plan.node(aggregate).op, plan::Op::Aggregate);
  auto add = [&](plan::Op op, plan::ValueType type, std::vector<plan::ExprId> children) {
    plan::Node n;
    n.op = op;
    n.type = n.operand_type = type;
    n.children = std::move(children);
    plan.nodes.push_back(std::move(n));
    return static_cast<plan::ExprId>(plan.nodes.size() - 1);
  };
  plan::ExprId deep = aggregate;
  for (int level = 0; level < 64; ++level) deep = add(plan::Op::AddInt, plan::ValueType::Int, {deep, deep});
  plan::ExprId condition = add(plan::Op::Const, plan::ValueType::Bool, {});  // false
  plan.measures[0].value = add(plan::Op::If, plan::ValueType::Int, {condition, deep, aggregate});

  class NoRows : public exec::AggregateSource {
   public:
    exec::AggState State(size_t, const Period&) override { return {}; }
    exec::GroupCells GroupStates(size_t, const Period*) override { return {}; }
    exec::GroupCells Presence(size_t, size_t) override { return {}; }
    int64_t OutsideTerm(size_t) override { return 0; }
    int64_t BaselineRows(size_t) override { return 0; }
  } source;
  std::vector<interp::Value> inputs;
  exec::EvaluateInput in;
  in.plan = &plan;
  in.inputs = &inputs;
  in.source = &source;
  in.table_rows = {0};
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    alarm(20);
    Statement st = exec::Evaluate(in);
    _exit(st.measures.size() == 1 && st.measures[0].values.at("term").value == "0" ? 0 : 3);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_FALSE(WIFSIGNALED(status)) << "killed by signal " << WTERMSIG(status)
                                    << " (SIGALRM: it took over 20 s)";
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// ---------------------------------------------------------------- --engine auto

TEST(EngineChoice, TheInterpreterForLittleDataTheCompilerForMuch) {
  auto p = Plan(Contract(2000));
  codegen::CompileProgress not_started;
  auto best_compile = [&](const driver::ScanEstimate& e) {
    return std::min(driver::CompilerSecondsLeft(e, not_started, 2, false),
                    driver::CompilerSecondsLeft(e, not_started, 2, true));
  };
  for (size_t rows : {size_t{100}, size_t{1000}}) {
    driver::ScanEstimate e = driver::EstimateScans(p->plan, {rows, 0});
    EXPECT_LT(e.interpreter_seconds, best_compile(e)) << rows << " rows";
  }
  for (size_t rows : {size_t{200000}, size_t{10000000}}) {
    driver::ScanEstimate e = driver::EstimateScans(p->plan, {rows, 0});
    EXPECT_GT(e.interpreter_seconds, best_compile(e)) << rows << " rows";
  }
  // A quick compile for little data, O2 for much.
  driver::ScanEstimate little = driver::EstimateScans(p->plan, {5000, 0});
  EXPECT_LT(driver::CompilerSecondsLeft(little, not_started, 2, true),
            driver::CompilerSecondsLeft(little, not_started, 2, false));
  driver::ScanEstimate much = driver::EstimateScans(p->plan, {10000000, 0});
  EXPECT_GT(driver::CompilerSecondsLeft(much, not_started, 2, true),
            driver::CompilerSecondsLeft(much, not_started, 2, false));
  // Compiled in full, only the compiled scan is left.
  codegen::CompileProgress done;
  done.instructions = 1000;
  done.compiled = 1000;
  EXPECT_EQ(driver::CompilerSecondsLeft(little, done, 2, false), little.compiled_seconds);
}

// Before reading, the rows a file holds are guessed from its first lines and
// its size; a file that is not there (or not a regular file) is not guessed.
TEST(EngineChoice, GuessesRowsFromAFilesFirstLines) {
  auto p = Plan(Contract(1));
  fs::path dir = Write("guess", Contract(1), Episodes(20000));
  driver::DataSources sources;
  sources.dir = (dir / "data").string();
  std::optional<std::vector<size_t>> rows = driver::GuessRows(p->plan, sources);
  ASSERT_TRUE(rows);
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_GT((*rows)[0], 18000u);
  EXPECT_LT((*rows)[0], 22000u);
  EXPECT_EQ((*rows)[1], 2u);  // the header and one row
  sources.files = {{"other", (dir / "nowhere.csv").string()}};
  EXPECT_FALSE(driver::GuessRows(p->plan, sources));
  sources.files = {{"other", dir.string()}};  // a folder
  EXPECT_FALSE(driver::GuessRows(p->plan, sources));
}

// `ocf run` (--engine auto) runs the interpreter on data too small to repay
// compiling a large contract: the same statement, with no warning; with
// `--engine jit` the JIT compiles whatever it costs.
TEST(EngineChoice, OcfRunUsesTheInterpreterWhenTheDataIsSmall) {
  fs::path dir = Write("auto_small", Contract(1000), Episodes(50));
  std::vector<std::string> args = {
      "run",      (dir / "contract.ocf").string(), "--data", (dir / "data").string(), "--format", "json",
      "--timings"};
  CliRun chosen = RunOcf(args);
  ASSERT_EQ(chosen.status, 0) << chosen.err;
  EXPECT_NE(chosen.err.find("timings (interp engine, chosen by --engine auto)"), std::string::npos)
      << chosen.err;
  EXPECT_EQ(chosen.err.find("warning"), std::string::npos) << chosen.err;
  args.push_back("--engine");
  args.push_back("jit");
  CliRun jit = RunOcf(args);
  ASSERT_EQ(jit.status, 0) << jit.err;
  EXPECT_NE(jit.err.find("timings (jit engine)"), std::string::npos) << jit.err;
  // ... and compiles quickly, for so little data.
  EXPECT_NE(jit.err.find("the rest quickly"), std::string::npos) << jit.err;
  EXPECT_EQ(jit.out, chosen.out);
}

}  // namespace
}  // namespace ocf
