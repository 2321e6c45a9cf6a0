// The reference engine on small contracts with hand-built tables. Every
// expected value is worked out by hand in the comments beside it.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "compiler/driver/driver.h"
#include "compiler/lower/lower.h"
#include "compiler/sema/schema.h"
#include "runtime/interp/engine.h"

namespace ocf {
namespace {

struct Setup {
  std::unique_ptr<driver::Compilation> compilation;
  plan::EvaluationPlan plan;
  std::vector<std::unique_ptr<Table>> tables;
};

std::unique_ptr<Setup> Compile(const std::string& text) {
  auto s = std::make_unique<Setup>();
  s->compilation = driver::CompileText(text, "test.ocf");
  EXPECT_TRUE(s->compilation->ok());
  s->plan = Lower(*s->compilation->program);
  for (const ast::DataDecl* d : s->compilation->program->datasets)
    s->tables.push_back(std::make_unique<Table>(SchemaOf(*d, s->compilation->program->contract.currency)));
  return s;
}

// Appends a row given as cells, read as a data file would be.
void Row(Table& t, std::vector<std::string> cells, uint64_t line = 2) {
  std::vector<CellValue> values;
  for (size_t i = 0; i < cells.size(); ++i) {
    ParsedCell c = ParseCell(cells[i], t.schema().columns[i]);
    ASSERT_TRUE(c.problem.empty()) << c.problem;
    values.push_back(c.value);
  }
  t.AppendRow(values, line);
}

Statement RunIt(Setup& s, std::vector<interp::Value> inputs = {}) {
  interp::RunInput in;
  in.plan = &s.plan;
  for (const auto& t : s.tables) in.tables.push_back(t.get());
  in.inputs = std::move(inputs);
  return interp::Run(in);
}

const MeasureResult& M(const Statement& st, const std::string& name) {
  for (const MeasureResult& m : st.measures)
    if (m.name == name) return m;
  throw std::runtime_error("no measure " + name);
}

constexpr const char* kMsk = R"(contract "MSK" {
  commissioner "NHS Bedfordshire CCG"
  term 2014-04-01 to 2016-03-31
  periods quarterly
}
data referrals dated by referred_on {
  referral_id   : id key
  age           : int
  referred_on   : date
  first_seen_on : date?
}
data finance dated by month {
  month : date
  spend : money
}
population adults = referrals where age >= 18
measure seen "Seen within 18 weeks" =
  percent of adults where first_seen_on is present and first_seen_on <= referred_on + 18 weeks
measure referrals_in = count referrals
measure median_age = median age of referrals
measure p90_age = 90th percentile age of referrals
measure total_spend = sum spend of finance
target seen from 40% to 90%
outcome access weight 100% { seen }
payment yearly {
  let budget = £26.5m * (100% + 1.3%) ^ (contract_year - 1)
  let surplus = 95% * budget - total_spend
  pay "Capitated budget"  = 95% * budget
  pay "Management fee"    = 2.5% * budget
  pay "Outcome incentive" = 5% * budget * achievement
  pay "Surplus retained"  = tiered(surplus) { first 5% * 95% * budget at 100%, rest at 50% }
}
)";

TEST(Interp, NineteenOfTwentyIsExactlyNinetyFivePercent) {
  auto s = Compile(kMsk);
  Table& r = *s->tables[0];
  // 20 adults referred in 2014/15 Q1: 19 seen within 18 weeks, 1 never seen.
  for (int i = 0; i < 19; ++i) Row(r, {"r" + std::to_string(i), "40", "2014-05-01", "2014-06-01"});
  Row(r, {"late", "40", "2014-05-01", ""});
  // A child (not in `adults`) and a referral outside the term.
  Row(r, {"child", "10", "2014-05-01", "2014-05-02"});
  Row(r, {"old", "50", "2013-05-01", "2013-05-02"});
  Statement st = RunIt(*s);
  const StatementValue& q1 = M(st, "seen").values.at("2014/15 Q1");
  ASSERT_TRUE(q1.value);
  EXPECT_EQ(*q1.value, "0.95");
  EXPECT_EQ(q1.numerator, 19);
  EXPECT_EQ(q1.denominator, 20);
  // No referrals in Q2: the percentage is missing, not zero.
  EXPECT_FALSE(M(st, "seen").values.at("2014/15 Q2").value);
  // 19 + 1 + the child in the term; the 2013 one is outside.
  EXPECT_EQ(*M(st, "referrals_in").values.at("term").value, "21");
  EXPECT_EQ(st.data[0].outside_term, 1);
  EXPECT_EQ(st.data[0].rows, 22);
  // (0.95 - 0.40) / (0.90 - 0.40) = 1.1, clamped to 1: met.
  EXPECT_EQ(st.targets[0].periods.at("2014/15").status, "met");
}

TEST(Interp, MedianAndPercentileInterpolateLikeASpreadsheet) {
  auto s = Compile(kMsk);
  Table& r = *s->tables[0];
  // Ages 10, 20, 30, 40 in the term.
  int k = 0;
  for (const char* age : {"10", "20", "30", "40"})
    Row(r, {"r" + std::to_string(k++), age, "2014-04-10", "2014-04-20"});
  Statement st = RunIt(*s);
  // Median of 10, 20, 30, 40 = 25. PERCENTILE.INC(0.9): h = 3 * 0.9 = 2.7,
  // 30 + 0.7 * (40 - 30) = 37.
  EXPECT_EQ(*M(st, "median_age").values.at("term").value, "25");
  EXPECT_EQ(*M(st, "p90_age").values.at("term").value, "37");
}

TEST(Interp, MskPaymentMatchesAHandComputation) {
  auto s = Compile(kMsk);
  Table& r = *s->tables[0];
  Table& f = *s->tables[1];
  // Year 1: 10 adults, 7 seen in time: 70%, achievement (0.7 - 0.4) / 0.5 = 0.6.
  for (int i = 0; i < 10; ++i)
    Row(r, {"a" + std::to_string(i), "30", "2014-06-01", i < 7 ? "2014-07-01" : ""});
  // Year 1 spend £24,000,000; year 2 £26,000,000.
  Row(f, {"2014-04-01", "24000000"});
  Row(f, {"2015-04-01", "26000000"});
  Statement st = RunIt(*s);
  ASSERT_EQ(st.payments.size(), 2u);
  const PaymentPeriod& y1 = st.payments[0];
  ASSERT_EQ(y1.label, "2014/15");
  // budget = £26,500,000. 95% = £25,175,000; 2.5% = £662,500;
  // incentive 5% * 26.5m * 0.6 = £795,000.
  // surplus = 25,175,000 - 24,000,000 = 1,175,000; first 5% * 25,175,000 =
  // 1,258,750 at 100% covers it all: £1,175,000.
  EXPECT_EQ(y1.lines[0].amount, *Decimal::Parse("25175000"));
  EXPECT_EQ(y1.lines[1].amount, *Decimal::Parse("662500"));
  EXPECT_EQ(y1.lines[2].amount, *Decimal::Parse("795000"));
  EXPECT_EQ(y1.lines[3].amount, *Decimal::Parse("1175000"));
  EXPECT_EQ(y1.total, *Decimal::Parse("27807500"));
  // Year 2: budget = 26,500,000 * 1.013 = 26,844,500. 95% = 25,502,275;
  // 2.5% = 671,112.50; no referrals: achievement 0, incentive £0.
  // surplus = 25,502,275 - 26,000,000 < 0: tiered gives £0.
  const PaymentPeriod& y2 = st.payments[1];
  EXPECT_EQ(y2.lines[0].amount, *Decimal::Parse("25502275"));
  EXPECT_EQ(y2.lines[1].amount, *Decimal::Parse("671112.5"));
  EXPECT_EQ(y2.lines[2].amount, *Decimal::Parse("0"));
  EXPECT_EQ(y2.lines[3].amount, *Decimal::Parse("0"));
  EXPECT_EQ(y2.total, *Decimal::Parse("26173387.5"));
}

TEST(Interp, SurplusBeyondTheFirstBandIsShared) {
  auto s = Compile(kMsk);
  Row(*s->tables[1], {"2014-04-01", "23000000"});
  Statement st = RunIt(*s);
  // surplus = 25,175,000 - 23,000,000 = 2,175,000. First 1,258,750 at 100%,
  // the remaining 916,250 at 50% = 458,125: £1,716,875.
  EXPECT_EQ(st.payments[0].lines[3].amount, *Decimal::Parse("1716875"));
}

TEST(Interp, ByMeasuresGiveEachGroupAndTheOverallValue) {
  auto s = Compile(R"(contract "Alliance" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2025-03-31
}
data reviews dated by reviewed_on {
  review_id   : id key
  provider    : text?
  reviewed_on : date
  agreed      : bool
}
measure reviews_in = count reviews
measure agreed_share by provider = percent of reviews where agreed
measure scaled by provider = reviews_in * 2
)");
  Table& t = *s->tables[0];
  Row(t, {"1", "north", "2024-05-01", "yes"});
  Row(t, {"2", "north", "2024-05-02", "no"});
  Row(t, {"3", "south", "2024-06-01", "y"});
  Row(t, {"4", "", "2024-06-02", "n"});  // no group: counts only overall
  Statement st = RunIt(*s);
  const MeasureResult& share = M(st, "agreed_share");
  auto at = [&](const MeasureResult& m, const std::string& group) -> StatementValue {
    std::optional<StatementValue> v = st.GroupValue(m, group, "term");
    if (!v) throw std::runtime_error("no value for " + group);
    return *v;
  };
  // Overall 2 of 4; north 1 of 2; south 1 of 1.
  EXPECT_EQ(*share.values.at("term").value, "0.5");
  ASSERT_EQ(share.groups.size(), 2u);
  EXPECT_EQ(*at(share, "north").value, "0.5");
  EXPECT_EQ(at(share, "north").denominator, 2);
  EXPECT_EQ(*at(share, "south").value, "1");
  // A measure used by a `by` measure is narrowed to the group too: north has
  // 2 reviews, so 4; overall 4 reviews, so 8.
  const MeasureResult& scaled = M(st, "scaled");
  EXPECT_EQ(*scaled.values.at("term").value, "8");
  EXPECT_EQ(*at(scaled, "north").value, "4");
  EXPECT_EQ(*at(scaled, "south").value, "2");
}

TEST(Interp, OtherAggregatesSkipAndCountMissingValues) {
  auto s = Compile(R"(contract "Stays" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2025-03-31
}
data stays dated by admitted_on {
  stay_id       : id key
  patient       : id
  admitted_on   : date
  discharged_on : date?
  cost          : money?
}
measure patients = count distinct patient of stays
measure mean_cost = mean cost of stays
measure cheapest = min cost of stays
measure dearest = max cost of stays
measure total_days = sum (discharged_on - admitted_on) of stays
measure longest = max days(discharged_on - admitted_on) of stays
measure first_admission = min admitted_on of stays
)");
  Table& t = *s->tables[0];
  Row(t, {"s1", "p1", "2024-05-01", "2024-05-04", "100.10"});
  Row(t, {"s2", "p1", "2024-06-01", "2024-06-11", "200"});
  Row(t, {"s3", "p2", "2024-07-01", "", ""});
  Statement st = RunIt(*s);
  EXPECT_EQ(*M(st, "patients").values.at("term").value, "2");
  // (100.10 + 200) / 2 = 150.05: the stay without a cost is skipped.
  EXPECT_EQ(*M(st, "mean_cost").values.at("term").value, "150.05");
  EXPECT_EQ(*M(st, "cheapest").values.at("term").value, "100.1");
  EXPECT_EQ(*M(st, "dearest").values.at("term").value, "200");
  // 3 + 10 days; the stay still open is skipped.
  EXPECT_EQ(*M(st, "total_days").values.at("term").value, "13");
  EXPECT_EQ(*M(st, "longest").values.at("term").value, "10");
  EXPECT_EQ(*M(st, "first_admission").values.at("term").value, "2024-05-01");
  // Each measure that skipped the open stay says so, over the term.
  const auto& skipped = st.data[0].skipped_missing;
  EXPECT_EQ(skipped.at("mean_cost"), 1);
  EXPECT_EQ(skipped.at("total_days"), 1);
  EXPECT_EQ(skipped.count("patients"), 0u);
}

TEST(Interp, AnOverflowIsAnErrorAtItsExpression) {
  auto s = Compile(R"(contract "Big" {
  commissioner "NHS Test ICB"
  term 2024-04-01 to 2025-03-31
}
data visits dated by seen_on {
  seen_on : date
}
measure huge = count visits * 9223372036854775807 * 2
)");
  Row(*s->tables[0], {"2024-05-01"});
  EXPECT_THROW(RunIt(*s), interp::EvalError);
}

}  // namespace
}  // namespace ocf
