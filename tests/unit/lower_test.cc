// Unit tests for compiler/lower: the plan's shape for small contracts, and
// invariants every plan must keep, checked on the examples and every valid
// golden contract.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "compiler/driver/driver.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parse.h"

namespace ocf {
namespace {

using plan::Op;
using plan::ValueType;

struct Lowered {
  SourceManager sources;
  ParseResult parsed;
  CheckResult checked;
  plan::EvaluationPlan plan;
};

std::unique_ptr<Lowered> LowerText(const std::string& text) {
  auto out = std::make_unique<Lowered>();
  uint32_t id = out->sources.Add("test.ocf", text);
  out->parsed = Parse(out->sources.Get(id), id);
  SemaInput input;
  input.main = &out->parsed.file;
  input.sources = &out->sources;
  out->checked = Check(input);
  EXPECT_FALSE(out->parsed.diagnostics.has_errors());
  EXPECT_FALSE(out->checked.diagnostics.has_errors());
  if (!out->checked.diagnostics.has_errors()) out->plan = Lower(*out->checked.program);
  return out;
}

constexpr const char* kContract = R"(contract "Test" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2026-03-31
  periods quarterly
}
data episodes dated by admitted_on {
  episode_id    : id key
  age           : int
  admitted_on   : date
  discharged_on : date?
  cost          : money
  provider      : one of (north, south)
  check discharged_on >= admitted_on "discharged before admitted"
}
input registered : int
let budget = £1m * (100% + 2%) ^ (contract_year - 1)
population older = episodes where age >= 65
population oldest = older where age >= 85
measure admissions = count oldest
measure rate = admissions * 1000 / registered
measure stays = mean days(discharged_on - admitted_on) of older where discharged_on is present
measure by_provider by provider = admissions + 1
target rate at most 50
outcome flow weight 100% { rate }
payment quarterly {
  let base = budget / 4
  pay "Block" = 90% * base
  pay "Outcome" = 10% * base * achievement
}
)";

// Every plan keeps these: children come before their parents, measures use
// only earlier measures, every aggregate belongs to a measure, slots are in
// range, and operands have the types their operation needs.
void ExpectWellFormed(const plan::EvaluationPlan& p, const std::string& what) {
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const plan::Node& n = p.nodes[i];
    for (plan::ExprId c : n.children) ASSERT_LT(c, i) << what << ": node " << i;
    switch (n.op) {
      case Op::AddDecimal:
      case Op::SubDecimal:
      case Op::MulDecimal:
      case Op::DivDecimal:
        for (plan::ExprId c : n.children)
          EXPECT_EQ(p.nodes[c].type, ValueType::Decimal) << what << ": node " << i;
        break;
      case Op::AddInt:
      case Op::SubInt:
      case Op::MulInt:
        for (plan::ExprId c : n.children)
          EXPECT_EQ(p.nodes[c].type, ValueType::Int) << what << ": node " << i;
        break;
      case Op::Compare:
        EXPECT_EQ(p.nodes[n.children[0]].type, p.nodes[n.children[1]].type) << what << ": node " << i;
        break;
      case Op::Input:
        EXPECT_LT(n.slot, p.inputs.size()) << what;
        break;
      case Op::Aggregate:
        EXPECT_LT(n.slot, p.aggregates.size()) << what;
        break;
      default:
        break;
    }
  }
  for (size_t m = 0; m < p.measures.size(); ++m) {
    std::vector<plan::ExprId> stack = {p.measures[m].value};
    while (!stack.empty()) {
      const plan::Node& n = p.nodes[stack.back()];
      stack.pop_back();
      if (n.op == Op::Measure) {
        EXPECT_LT(n.slot, m) << what << ": measure " << p.measures[m].name;
      }
      for (plan::ExprId c : n.children) stack.push_back(c);
    }
  }
  for (const plan::Aggregate& a : p.aggregates) {
    EXPECT_LT(a.measure, p.measures.size()) << what;
    EXPECT_LT(a.table, p.tables.size()) << what;
  }
}

TEST(Lower, PlanForASmallContract) {
  auto l = LowerText(kContract);
  const plan::EvaluationPlan& p = l->plan;
  ExpectWellFormed(p, "small contract");
  ASSERT_EQ(p.tables.size(), 1u);
  EXPECT_EQ(p.tables[0].dated_by, 2u);
  EXPECT_EQ(p.tables[0].keys, std::vector<uint32_t>{0});
  ASSERT_EQ(p.tables[0].checks.size(), 1u);
  EXPECT_EQ(p.nodes[p.tables[0].checks[0].condition].op, Op::Compare);

  ASSERT_EQ(p.measures.size(), 4u);
  EXPECT_EQ(p.measures[0].name, "admissions");
  // count oldest: one aggregate whose population joins both conditions.
  const plan::Aggregate& count = p.aggregates[0];
  EXPECT_EQ(count.op, plan::AggregateOp::Count);
  ASSERT_NE(count.population, plan::kNoSlot);
  EXPECT_EQ(p.nodes[count.population].op, Op::And);
  // admissions * 1000 / registered is decimal division of int operands.
  const plan::Node& rate = p.nodes[p.measures[1].value];
  EXPECT_EQ(rate.op, Op::DivDecimal);
  EXPECT_EQ(p.nodes[rate.children[1]].op, Op::IntToDecimal);
  // `by provider` copies the measures it uses, grouped.
  const plan::Measure& grouped = p.measures[3];
  ASSERT_NE(grouped.by_column_name, plan::kNoSlot);
  EXPECT_EQ(p.by_names[grouped.by_column_name], "provider");
  bool found_grouped = false;
  for (const plan::Aggregate& a : p.aggregates)
    if (a.by_column == 5u) {
      found_grouped = !a.counts_skipped && a.measure == 0u;
    }
  EXPECT_TRUE(found_grouped);
  // Payments: the let is inlined per period, lines refer to it by slot.
  ASSERT_EQ(p.payments.size(), 1u);
  EXPECT_EQ(p.payments[0].frequency, PeriodKind::Quarter);
  const plan::Node& block = p.nodes[p.payments[0].items[1].value];
  EXPECT_EQ(block.op, Op::MulDecimal);
  EXPECT_EQ(p.nodes[block.children[1]].op, Op::PaymentLet);
  ASSERT_EQ(p.outcomes.size(), 1u);
  EXPECT_EQ(p.outcomes[0].weight, Decimal::FromInt(1));
}

TEST(Lower, EveryExampleAndValidGoldenLowersWellFormed) {
  std::vector<std::filesystem::path> files;
  const std::filesystem::path root(OCF_SOURCE_DIR);
  for (const char* dir : {"examples", "tests/golden/valid"})
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir))
      if (entry.path().extension() == ".ocf") files.push_back(entry.path());
  ASSERT_GE(files.size(), 5u);
  size_t lowered = 0;
  for (const auto& path : files) {
    SCOPED_TRACE(path.string());
    auto compilation = driver::CompileFile(path.string());
    ASSERT_TRUE(compilation->ok()) << path;
    plan::EvaluationPlan p = Lower(*compilation->program);
    ExpectWellFormed(p, path.string());
    EXPECT_FALSE(p.measures.empty());
    ++lowered;
  }
  EXPECT_EQ(lowered, files.size());
}

}  // namespace
}  // namespace ocf
