// What is written once is planned once and computed once: chains of lets,
// functions and `by` measures that each use the previous one several times
// make a plan whose size grows with the contract's, and both engines do work
// in proportion to it (issue 8, finding 3: a 15-line chain of lets once made
// `ocf run` take 30 s and 4.8 GB).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "compiler/driver/driver.h"
#include "compiler/lower/lower.h"
#include "runtime/interp/eval.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {

namespace fs = std::filesystem;
using test_support::RunOcf;

constexpr int kLevels = 14;  // 3^14 = 4,782,969 paths through each chain

std::string Head() {
  return R"(contract "Chains" {
  commissioner "NHS Test ICB"
  term 2014-04-01 to 2015-03-31
  periods quarterly
}
data t dated by d {
  d : date
  v : int
  p : id
}
)";
}

// let a1 = a0 + a0 - a0, ..., each level worth a0.
std::string LetChain() {
  std::string s = Head() + "let a0 = 2\n";
  for (int i = 1; i <= kLevels; ++i)
    s += "let a" + std::to_string(i) + " = a" + std::to_string(i - 1) + " + a" + std::to_string(i - 1) +
         " - a" + std::to_string(i - 1) + "\n";
  s += "measure m = sum v * a" + std::to_string(kLevels) + " of t\n";
  s += "payment yearly {\n  pay \"Line\" = £1 * a" + std::to_string(kLevels) + "\n}\n";
  return s;
}

// function f1(x) = f0(x) + f0(x) - f0(x), ..., each level the identity.
std::string FunctionChain() {
  std::string s = Head() + "function f0(x: int) : int = x\n";
  for (int i = 1; i <= kLevels; ++i) {
    std::string prev = "f" + std::to_string(i - 1) + "(x)";
    s += "function f" + std::to_string(i) + "(x: int) : int = " + prev + " + " + prev + " - " + prev + "\n";
  }
  s += "measure m = sum f" + std::to_string(kLevels) + "(v) of t\n";
  s += "measure by_p by p = sum f" + std::to_string(kLevels) + "(v) of t\n";
  return s;
}

// measure m1 = m0 + m0 - m0, ..., and a `by` measure that uses the last:
// each level gets a copy narrowed to the group.
std::string MeasureChainByGroup() {
  std::string s = Head() + "measure m0 = sum v of t\n";
  for (int i = 1; i <= kLevels; ++i)
    s += "measure m" + std::to_string(i) + " = m" + std::to_string(i - 1) + " + m" + std::to_string(i - 1) +
         " - m" + std::to_string(i - 1) + "\n";
  s += "measure g by p = m" + std::to_string(kLevels) + " + count t\n";
  return s;
}

plan::EvaluationPlan PlanOf(const std::string& text) {
  auto c = driver::CompileText(text, "chain.ocf");
  EXPECT_TRUE(c->ok());
  return Lower(*c->program);
}

TEST(PlanDag, ALetChainIsPlannedOnce) {
  plan::EvaluationPlan plan = PlanOf(LetChain());
  // Each level adds an addition, a subtraction and the conversions around
  // them; inlined as trees it would be millions of nodes.
  EXPECT_LT(plan.nodes.size(), 10u * kLevels + 50);
}

TEST(PlanDag, AFunctionChainIsPlannedOnce) {
  EXPECT_LT(PlanOf(FunctionChain()).nodes.size(), 10u * kLevels + 50);
}

TEST(PlanDag, GroupedCopiesOfAMeasureChainArePlannedOnce) {
  plan::EvaluationPlan plan = PlanOf(MeasureChainByGroup());
  EXPECT_LT(plan.nodes.size(), 20u * kLevels + 50);
  // One grouped aggregate for the chain, one for `count t`, the originals.
  EXPECT_LT(plan.aggregates.size(), 5u);
}

TEST(PlanDag, TheInterpreterWorksOutASharedNodeOncePerEvaluation) {
  plan::EvaluationPlan plan = PlanOf(LetChain());
  interp::Evaluator eval(plan);
  interp::Scope scope;
  ASSERT_EQ(plan.payments.size(), 1u);
  interp::Value v = eval.Eval(plan.payments[0].items[0].value, scope);
  ASSERT_TRUE(v.present);
  EXPECT_EQ(v.d.ToString(), "2");
  EXPECT_LE(eval.nodes_evaluated(), plan.nodes.size());
  // A second evaluation starts afresh (the scope may differ) and costs the same.
  uint64_t first = eval.nodes_evaluated();
  eval.Eval(plan.payments[0].items[0].value, scope);
  EXPECT_EQ(eval.nodes_evaluated(), 2 * first);
}

class ChainRun : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ocf_plan_dag_" + std::to_string(::getpid()));
    fs::create_directories(dir_ / "data");
    std::ofstream(dir_ / "data" / "t.csv") << "d,v,p\n2014-05-01,3,a\n2014-08-01,4,b\n2014-08-02,5,a\n";
  }
  void TearDown() override { fs::remove_all(dir_); }
  // Runs the contract on both engines; returns the JSON statement.
  std::string RunBoth(const std::string& name, const std::string& text) {
    fs::path contract = dir_ / name;
    std::ofstream(contract) << text;
    std::string out[2];
    const char* engines[2] = {"jit", "interp"};
    for (int e = 0; e < 2; ++e) {
      auto r = RunOcf({"run", contract.string(), "--data", (dir_ / "data").string(), "--format", "json",
                       "--engine", engines[e]});
      EXPECT_EQ(r.status, 0) << name << " " << engines[e] << "\n" << r.err;
      EXPECT_EQ(r.err.find("reference interpreter"), std::string::npos) << name << ": the JIT fell back";
      out[e] = r.out;
    }
    EXPECT_EQ(out[0], out[1]) << name << ": the engines disagree";
    return out[0];
  }
  fs::path dir_;
};

// Every level of a chain is worth the first. The data: 3 (a, Q1), 4 (b, Q2), 5 (a, Q2).
TEST_F(ChainRun, LetChain) {
  std::string json = RunBoth("lets.ocf", LetChain());
  EXPECT_NE(json.find(R"("term": {"value": "24"})"), std::string::npos) << json;  // (3 + 4 + 5) * 2
  EXPECT_NE(json.find(R"("amount": "2.00")"), std::string::npos) << json;         // £1 * 2
}

TEST_F(ChainRun, FunctionChain) {
  std::string json = RunBoth("functions.ocf", FunctionChain());
  EXPECT_NE(json.find(R"("term": {"value": "12"})"), std::string::npos) << json;
  EXPECT_NE(json.find(R"("term": {"value": "8"})"), std::string::npos) << json;  // group a: 3 + 5
}

TEST_F(ChainRun, MeasureChainByGroup) {
  std::string json = RunBoth("measures.ocf", MeasureChainByGroup());
  EXPECT_NE(json.find(R"("term": {"value": "15"})"), std::string::npos) << json;  // 12 + 3 rows
  EXPECT_NE(json.find(R"("term": {"value": "10"})"), std::string::npos) << json;  // a: 8 + 2 rows
  EXPECT_NE(json.find(R"("term": {"value": "5"})"), std::string::npos) << json;   // b: 4 + 1 row
}

}  // namespace
}  // namespace ocf
