// What if (docs/language.md, "What if"): `--set` on top-level lets through
// `ocf run`, the C and C++ APIs and both engines; `--compare BASE.json` and
// `--compare-set` in every format, their figures recomputed here from the two
// statements with exact arithmetic; BASE.json files that are refused.
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ocf/ocf.h"
#include "ocf/ocf.hpp"
#include "runtime/decimal.h"
#include "runtime/json_reader.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {

using test_support::CliRun;
using test_support::RunOcf;
using ::testing::HasSubstr;
using ::testing::Not;

const std::string kSource = OCF_SOURCE_DIR;
const std::string kMsk = kSource + "/examples/msk/msk.ocf";
const std::string kMskData = kSource + "/examples/msk/data";
const std::string kMh = kSource + "/examples/mental_health/mental_health.ocf";
const std::string kMhData = kSource + "/examples/mental_health/data";
const std::string kBands = kSource + "/tests/data/whatif/bands.ocf";
const std::string kBandsData = kSource + "/tests/data/whatif";

JsonValue Parse(const std::string& text) {
  JsonReadResult r = ReadJson(text);
  EXPECT_TRUE(r.value) << r.error.message << "\n" << text.substr(0, 400);
  return r.value ? *r.value : JsonValue{};
}

Decimal Dec(const JsonValue* v) {
  EXPECT_TRUE(v && v->is_string());
  std::optional<Decimal> d = v && v->is_string() ? Decimal::Parse(v->text) : std::nullopt;
  EXPECT_TRUE(d) << (v ? v->text : "null");
  return d.value_or(Decimal());
}

std::string Write(const std::string& name, const std::string& text) {
  std::string path = testing::TempDir() + "/" + name;
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

// A payment line of a statement's JSON: (period, line name, group) -> amount.
using Amounts = std::map<std::tuple<std::string, std::string, std::string>, Decimal>;
Amounts AmountsOf(const JsonValue& statement, std::map<std::string, Decimal>* totals) {
  Amounts out;
  const JsonValue* payments = statement.Find("payments");
  EXPECT_TRUE(payments && payments->is_object());
  if (!payments) return out;
  for (const auto& [label, period] : payments->members) {
    for (const JsonValue& line : period.Find("lines")->items) {
      const JsonValue* group = line.Find("group");
      out[{label, line.Find("name")->text, group ? group->text : ""}] = Dec(line.Find("amount"));
    }
    (*totals)[label] = Dec(period.Find("total"));
  }
  return out;
}

// Checks a comparison's JSON against the two statements it compares: every
// line and total, base, scenario and their difference worked out here.
void ExpectComparisonOf(const JsonValue& base, const JsonValue& scenario, const JsonValue& comparison,
                        bool expect_a_change) {
  std::map<std::string, Decimal> base_totals, scenario_totals;
  Amounts b = AmountsOf(base, &base_totals), s = AmountsOf(scenario, &scenario_totals);
  ASSERT_EQ(comparison.Find("schema")->text, "ocf.comparison/1");
  size_t lines = 0;
  bool changed = false;
  Decimal grand_base, grand_scenario;
  for (const JsonValue& period : comparison.Find("periods")->items) {
    const std::string& label = period.Find("period")->text;
    for (const JsonValue& line : period.Find("lines")->items) {
      const JsonValue* group = line.Find("group");
      auto key = std::make_tuple(label, line.Find("name")->text, group ? group->text : "");
      ASSERT_TRUE(b.count(key) && s.count(key)) << label << " " << std::get<1>(key);
      EXPECT_EQ(Dec(line.Find("base")), b[key]);
      EXPECT_EQ(Dec(line.Find("scenario")), s[key]);
      EXPECT_EQ(Dec(line.Find("difference")), *Decimal::Sub(s[key], b[key]))
          << label << " " << std::get<1>(key);
      changed |= !(s[key] == b[key]);
      ++lines;
    }
    const JsonValue* total = period.Find("total");
    EXPECT_EQ(Dec(total->Find("base")), base_totals[label]);
    EXPECT_EQ(Dec(total->Find("scenario")), scenario_totals[label]);
    EXPECT_EQ(Dec(total->Find("difference")), *Decimal::Sub(scenario_totals[label], base_totals[label]));
    grand_base = *Decimal::Add(grand_base, base_totals[label]);
    grand_scenario = *Decimal::Add(grand_scenario, scenario_totals[label]);
  }
  // Every line of either statement is in the comparison, and nothing else.
  EXPECT_EQ(lines, b.size());
  EXPECT_EQ(lines, s.size());
  EXPECT_EQ(comparison.Find("periods")->items.size(), base_totals.size());
  const JsonValue* total = comparison.Find("total");
  EXPECT_EQ(Dec(total->Find("base")), grand_base);
  EXPECT_EQ(Dec(total->Find("scenario")), grand_scenario);
  EXPECT_EQ(Dec(total->Find("difference")), *Decimal::Sub(grand_scenario, grand_base));
  EXPECT_EQ(changed, expect_a_change);
}

// ------------------------------------------------------------------ --set on lets

TEST(WhatIf, SettingALetChangesThePaymentsAsEditingTheContractWould) {
  CliRun base = RunOcf({"run", kMsk, "--data", kMskData, "--format", "json"});
  ASSERT_EQ(base.status, 0) << base.err;
  CliRun set = RunOcf({"run", kMsk, "--data", kMskData, "--format", "json", "--set", "annual_growth=2%"});
  ASSERT_EQ(set.status, 0) << set.err;
  EXPECT_NE(base.out, set.out);
  // The same contract with the let edited gives the same statement, byte for byte.
  std::ifstream in(kMsk);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  size_t at = text.find("let annual_growth   = 1.3%");
  ASSERT_NE(at, std::string::npos);
  text.replace(at, std::string("let annual_growth   = 1.3%").size(), "let annual_growth   = 2%");
  std::string edited = Write("msk_edited.ocf", text);  // (msk.ocf imports nothing)
  CliRun by_hand = RunOcf({"run", edited, "--data", kMskData, "--format", "json"});
  ASSERT_EQ(by_hand.status, 0) << by_hand.err;
  EXPECT_EQ(set.out, by_hand.out);
  // `0.02` is the same percentage, as in a data file.
  EXPECT_EQ(RunOcf({"run", kMsk, "--data", kMskData, "--format", "json", "--set", "annual_growth=0.02"}).out,
            set.out);
  // Money is written as a data file writes it.
  CliRun money = RunOcf(
      {"run", kMsk, "--data", kMskData, "--format", "json", "--set", "year_one_budget=£27,000,000.00"});
  ASSERT_EQ(money.status, 0) << money.err;
  EXPECT_THAT(money.out, HasSubstr("\"amount\": \"6412500.00\""));  // 95% of £27m, a quarter of it
}

TEST(WhatIf, DatesDurationsAndRatesOfEveryKindAreSetOnBothEngines) {
  for (const char* engine : {"jit", "interp"}) {
    CliRun r = RunOcf({"run", kBands, "--data", kBandsData, "--format", "json", "--engine", engine, "--set",
                       "band_rate=0.75", "--set", "started=2015-04-20", "--set", "grace=2 weeks"});
    ASSERT_EQ(r.status, 0) << r.err;
    EXPECT_THAT(r.err, Not(HasSubstr("reference interpreter")));
    JsonValue st = Parse(r.out);
    // Q1: two visits, £150 at 100% and £50 at 75%.
    EXPECT_EQ(st.Find("payments")->Find("2015/16 Q1")->Find("lines")->items[1].Find("amount")->text,
              "187.50");
    // After 20 April + 14 days: 2015-08-01 alone (after 1 April + 30 days, 2 May too).
    EXPECT_EQ(st.Find("measures")->Find("late_visits")->Find("values")->Find("term")->Find("value")->text,
              "1");
  }
  JsonValue unset = Parse(RunOcf({"run", kBands, "--data", kBandsData, "--format", "json"}).out);
  EXPECT_EQ(unset.Find("measures")->Find("late_visits")->Find("values")->Find("term")->Find("value")->text,
            "2");
  CliRun months = RunOcf({"run", kBands, "--data", kBandsData, "--set", "grace=3 months"});
  EXPECT_EQ(months.status, 1);
  EXPECT_THAT(months.err, HasSubstr("`--set grace=3 months`: `3 months` is not a duration in days"));
  CliRun date = RunOcf({"run", kBands, "--data", kBandsData, "--set", "started=1/4/2015"});
  EXPECT_EQ(date.status, 1);
  EXPECT_THAT(date.err, HasSubstr("`started` is a date let"));
  CliRun fraction = RunOcf({"run", kBands, "--data", kBandsData, "--set", "few_visits=2.5"});
  EXPECT_EQ(fraction.status, 1);
  EXPECT_THAT(fraction.err, HasSubstr("`2.5` is not a whole number"));
}

TEST(WhatIf, ASettingThatBreaksADecisionTableIsTheSameRunTimeErrorOnBothEngines) {
  std::string first;
  for (const char* engine : {"jit", "interp"}) {
    CliRun r = RunOcf({"run", kBands, "--data", kBandsData, "--engine", engine, "--set", "many_visits=1"});
    EXPECT_EQ(r.status, 1) << engine;
    EXPECT_THAT(r.err, HasSubstr("this case and an earlier one both cover 1")) << r.err;
    EXPECT_THAT(r.err,
                HasSubstr("note: `many_visits` is `1` here: its value comes from `--set many_visits=1`"));
    if (first.empty())
      first = r.err;
    else
      EXPECT_EQ(r.err, first);
  }
  // A gap: 2 has no case.
  CliRun gap = RunOcf({"run", kBands, "--data", kBandsData, "--set", "many_visits=3"});
  EXPECT_EQ(gap.status, 1);
  EXPECT_THAT(gap.err, HasSubstr("many_visits"));
}

TEST(WhatIf, BadSettingsAreRefusedWithTheirReason) {
  CliRun typo = RunOcf({"run", kMsk, "--data", kMskData, "--set", "anual_growth=2%"});
  EXPECT_EQ(typo.status, 2);
  EXPECT_THAT(typo.err,
              HasSubstr("no input or top-level let named `anual_growth`; did you mean `annual_growth`?"));
  CliRun local = RunOcf({"run", kMsk, "--data", kMskData, "--set", "capitated=1"});
  EXPECT_EQ(local.status, 2);
  EXPECT_THAT(local.err, HasSubstr("`capitated` is a `let` inside a payment block"));
  CliRun suffix =
      RunOcf({"run", kMsk, "--data", kMskData, "--set", "year_one_budget=£27m", "--format", "json"});
  EXPECT_EQ(suffix.status, 1);
  JsonValue failure = Parse(suffix.out);
  ASSERT_TRUE(failure.Find("run_errors"));
  EXPECT_THAT(failure.Find("run_errors")->items.at(0).text, HasSubstr("`year_one_budget` is a money let"));
  // Whatever bytes are typed, a message never puts a raw control character on a terminal.
  for (std::string hostile : {std::string("an\x1b[2J=1"), std::string("annual_growth=\x1b[2J")}) {
    CliRun r = RunOcf({"run", kMsk, "--data", kMskData, "--set", hostile});
    EXPECT_NE(r.status, 0);
    EXPECT_EQ(r.err.find('\x1b'), std::string::npos) << r.err;
    EXPECT_THAT(r.err, HasSubstr("\\x1b[2J"));
  }
  // Tests set their own inputs.
  Options o;
  o.sets = {{"annual_growth", "2%"}};
  CommandResult t = ocf::Test(kMsk, o);
  EXPECT_EQ(t.status(), 2);
  EXPECT_THAT(t.messages(), HasSubstr("a test sets its own inputs"));
}

TEST(WhatIf, TheApisSetLetsAsTheCommandLineDoes) {
  CliRun cli = RunOcf({"run", kMsk, "--data", kMskData, "--format", "json", "--set", "annual_growth=2%"});
  ASSERT_EQ(cli.status, 0);
  Options o;
  o.data = {kMskData};
  o.sets = {{"annual_growth", "2%"}};
  CommandResult r = ocf::Run(kMsk, o);
  ASSERT_EQ(r.status(), 0) << r.messages();
  EXPECT_EQ(r.json(), cli.out);
  ocf_options* c = ocf_options_new();
  ASSERT_EQ(ocf_options_add_data(c, kMskData.c_str()), 1);
  ASSERT_EQ(ocf_options_add_set(c, "annual_growth", "2%"), 1);
  ocf_result* cr = ocf_run(kMsk.c_str(), c);
  EXPECT_EQ(ocf_result_status(cr), 0);
  EXPECT_EQ(std::string(ocf_result_json(cr)), cli.out);
  ocf_result_free(cr);
  ocf_options_free(c);
  // `ocf check --data` evaluates its gates with the let set, as `run` would.
  Options check;
  check.data = {kMhData};
  check.sets = {{"incentive_share", "lots"}};
  CommandResult bad = ocf::Check(kMh, check);
  EXPECT_EQ(bad.status(), 1);
  EXPECT_THAT(bad.messages(), HasSubstr("`incentive_share` is a percent let"));
}

// ------------------------------------------------------------------ --compare

TEST(WhatIf, CompareRecomputesEveryDifferenceFromTheTwoStatements) {
  CliRun base = RunOcf({"run", kMsk, "--data", kMskData, "--format", "json"});
  CliRun scenario =
      RunOcf({"run", kMsk, "--data", kMskData, "--format", "json", "--set", "annual_growth=2%"});
  ASSERT_EQ(base.status, 0);
  ASSERT_EQ(scenario.status, 0);
  std::string base_file = Write("msk_base.json", base.out);
  CliRun cmp = RunOcf({"run", kMsk, "--data", kMskData, "--set", "annual_growth=2%", "--compare", base_file,
                       "--format", "json"});
  ASSERT_EQ(cmp.status, 0) << cmp.err;
  JsonValue c = Parse(cmp.out);
  ExpectComparisonOf(Parse(base.out), Parse(scenario.out), c, true);
  EXPECT_EQ(c.Find("base")->text, base_file);
  EXPECT_EQ(c.Find("scenario")->text, "this run (--set annual_growth=2%)");
  // --compare-set: the same figures, without a file.
  CliRun set = RunOcf({"run", kMsk, "--data", kMskData, "--compare-set", "annual_growth=2%", "--format",
                       "json", "--engine", "interp"});
  ASSERT_EQ(set.status, 0) << set.err;
  JsonValue s = Parse(set.out);
  ExpectComparisonOf(Parse(base.out), Parse(scenario.out), s, true);
  EXPECT_EQ(s.Find("scenario")->text, "this run with --compare-set annual_growth=2%");
  // A run compared with its own statement differs in nothing.
  CliRun same = RunOcf({"run", kMsk, "--data", kMskData, "--compare", base_file, "--format", "json"});
  ExpectComparisonOf(Parse(base.out), Parse(base.out), Parse(same.out), false);
}

// Every example, one of its lets set: the comparison's figures recomputed
// from the two statements, and the table and CSV holding the same lines.
TEST(WhatIf, EveryExampleComparedInEveryFormat) {
  const std::vector<std::pair<std::string, std::vector<std::string>>> examples = {
      {"msk", {"--set", "annual_growth=2%"}},
      {"alliance", {"--set", "outcome_fund_share=4%"}},
      {"mental_health", {"--set", "incentive_share=6%"}},
      {"older_people", {"--set", "annual_uplift=2%"}}};
  for (const auto& [name, setting] : examples) {
    std::vector<std::string> run = {"run", kSource + "/examples/" + name + "/" + name + ".ocf", "--data",
                                    kSource + "/examples/" + name + "/data"};
    if (name == "older_people") run.insert(run.end(), {"--set", "registered_65_plus=3000"});
    auto with = [&run](std::vector<std::string> more) {
      std::vector<std::string> args = run;
      args.insert(args.end(), more.begin(), more.end());
      CliRun r = RunOcf(args);
      EXPECT_EQ(r.status, 0) << r.err;
      return r.out;
    };
    std::string base = with({"--format", "json"});
    std::string scenario = with({"--format", "json", setting[0], setting[1]});
    JsonValue c = Parse(with({"--format", "json", "--compare-set", setting[1]}));
    SCOPED_TRACE(name);
    ExpectComparisonOf(Parse(base), Parse(scenario), c, true);
    std::string table = with({"--compare-set", setting[1]});
    std::string csv = with({"--format", "csv", "--compare-set", setting[1]});
    size_t lines = 0, csv_rows = 0;
    for (const JsonValue& p : c.Find("periods")->items) {
      lines += p.Find("lines")->items.size();
      EXPECT_THAT(table, HasSubstr("\n" + p.Find("period")->text + "  "));
      for (const JsonValue& l : p.Find("lines")->items) {
        EXPECT_THAT(table, HasSubstr(l.Find("name")->text));
        EXPECT_THAT(csv, HasSubstr("line," + p.Find("period")->text + ","));
      }
    }
    for (char ch : csv) csv_rows += ch == '\n';
    EXPECT_EQ(csv_rows, 1 + lines + c.Find("periods")->items.size() + 1);
    EXPECT_THAT(table, HasSubstr("Grand total ("));
  }
}

TEST(WhatIf, CompareByGroupAndInTableAndCsv) {
  CliRun base = RunOcf({"run", kMh, "--data", kMhData, "--format", "json"});
  CliRun scenario =
      RunOcf({"run", kMh, "--data", kMhData, "--format", "json", "--set", "incentive_share=6%"});
  CliRun json =
      RunOcf({"run", kMh, "--data", kMhData, "--compare-set", "incentive_share=6%", "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  JsonValue c = Parse(json.out);
  ExpectComparisonOf(Parse(base.out), Parse(scenario.out), c, true);
  const JsonValue& line = c.Find("periods")->items[0].Find("lines")->items[2];
  EXPECT_EQ(line.Find("group")->text, "employment");
  EXPECT_TRUE(line.Find("shadow")->boolean);

  CliRun table = RunOcf(
      {"run", kMh, "--data", kMhData, "--compare-set", "incentive_share=6%", "--period", "2015/16 Q1"});
  ASSERT_EQ(table.status, 0) << table.err;
  EXPECT_THAT(table.out, HasSubstr("scenario: this run with --compare-set incentive_share=6%"));
  EXPECT_THAT(table.out, HasSubstr("  trust\n    Outcome incentive "));
  EXPECT_THAT(table.out, HasSubstr("    Incentive forgone on incomplete data (shadow) "));
  EXPECT_THAT(table.out, HasSubstr("(shadow): a `shadow pay` line, shown and not paid"));
  EXPECT_THAT(table.out, HasSubstr("Grand total (1 payment period)"));
  EXPECT_THAT(table.out, Not(HasSubstr("2015/16 Q2")));

  CliRun csv =
      RunOcf({"run", kMh, "--data", kMhData, "--compare-set", "incentive_share=6%", "--format", "csv"});
  ASSERT_EQ(csv.status, 0) << csv.err;
  // A header, a row per line and per period, and the grand total.
  size_t rows = 0, periods = c.Find("periods")->items.size(), lines = 0;
  for (const JsonValue& p : c.Find("periods")->items) lines += p.Find("lines")->items.size();
  for (char ch : csv.out) rows += ch == '\n';
  EXPECT_EQ(rows, 1 + lines + periods + 1);
  EXPECT_THAT(csv.out, HasSubstr("row,period,line,group,shadow,base,scenario,difference\r\n"));
  EXPECT_THAT(csv.out, HasSubstr("line,2015/16 Q1,Outcome incentive,trust,,"));
}

TEST(WhatIf, LinesAndPeriodsOnOneSideOnlyAreShownAsSuch) {
  CliRun base = RunOcf({"run", kMsk, "--data", kMskData, "--format", "json"});
  // A base from an older version of the contract: a line this run does not
  // have, a period it does not have, and one of this run's lines missing.
  std::string text = base.out;
  size_t q1 = text.find("\"2014/15 Q1\"");
  ASSERT_NE(q1, std::string::npos);
  text.insert(text.find("\"lines\": [", q1) + 10,
              "{\"name\": \"Transition fund\", \"amount\": \"1000.00\"}, ");
  size_t fee = text.find("{\"name\": \"Management fee\"");
  ASSERT_NE(fee, std::string::npos);
  text.erase(fee, text.find('}', fee) + 2 - fee + 1);
  text.insert(
      text.find("\"payments\": {") + 13,
      "\"2013/14\": {\"lines\": [{\"name\": \"Old block\", \"amount\": \"5.00\"}], \"total\": \"5.00\"}, ");
  std::string file = Write("msk_older.json", text);
  ASSERT_TRUE(ReadJson(text).value) << text.substr(0, 2000);
  CliRun json = RunOcf({"run", kMsk, "--data", kMskData, "--compare", file, "--format", "json"});
  ASSERT_EQ(json.status, 0) << json.err;
  JsonValue c = Parse(json.out);
  const JsonValue& old_period = c.Find("periods")->items[0];
  EXPECT_EQ(old_period.Find("period")->text, "2013/14");
  EXPECT_EQ(old_period.Find("total")->Find("only_in")->text, "base");
  EXPECT_TRUE(old_period.Find("total")->Find("scenario")->is_null());
  const JsonValue& transition = c.Find("periods")->items[1].Find("lines")->items[0];
  EXPECT_EQ(transition.Find("name")->text, "Transition fund");
  EXPECT_EQ(transition.Find("only_in")->text, "base");
  EXPECT_TRUE(transition.Find("difference")->is_null());
  bool fee_only_in_scenario = false;
  for (const JsonValue& p : c.Find("periods")->items)
    for (const JsonValue& l : p.Find("lines")->items)
      if (l.Find("name")->text == "Management fee" && l.Find("only_in"))
        fee_only_in_scenario = l.Find("only_in")->text == "scenario" && l.Find("base")->is_null();
  EXPECT_TRUE(fee_only_in_scenario);
  CliRun table = RunOcf({"run", kMsk, "--data", kMskData, "--compare", file});
  EXPECT_THAT(table.out, HasSubstr("only in base"));
  EXPECT_THAT(table.out, HasSubstr("only in scenario"));
}

TEST(WhatIf, ABaseThatIsNotThisContractsStatementIsRefused) {
  auto refused = [](const std::string& contents, const std::string& name) {
    std::string file = Write(name, contents);
    CliRun r = RunOcf({"run", kMsk, "--data", kMskData, "--compare", file});
    EXPECT_EQ(r.status, 2) << name;
    EXPECT_TRUE(r.out.empty()) << name;
    return r.err;
  };
  EXPECT_THAT(refused("{\"schema\": \"ocf.statement/1\",\n  \"contract\": }", "broken.json"),
              HasSubstr("broken.json:2:15: not JSON: `}` where a value was expected"));
  EXPECT_THAT(refused("", "empty.json"), HasSubstr("empty.json:1:1: not JSON"));
  CliRun check = RunOcf({"check", kMsk, "--format", "json"});
  EXPECT_THAT(
      refused(check.out, "diagnostics.json"),
      HasSubstr("not a statement written by `ocf run --format json` (its schema is \"ocf.diagnostics/1\""));
  CliRun other = RunOcf({"run", kMh, "--data", kMhData, "--format", "json"});
  EXPECT_THAT(
      refused(other.out, "other.json"),
      HasSubstr("is a statement of \"Oxfordshire adult mental health outcomes-based contract\", not of this "
                "contract (\"Bedfordshire MSK prime contract\")"));
  CliRun msk = RunOcf({"run", kMsk, "--data", kMskData, "--format", "json"});
  std::string dollars = msk.out;
  dollars.replace(dollars.find("\"GBP\""), 5, "\"USD\"");
  EXPECT_THAT(refused(dollars, "dollars.json"), HasSubstr("is in USD, but this contract pays in GBP"));
  std::string number = msk.out;
  size_t amount = number.find("\"amount\": \"");
  number.replace(amount, 11, "\"amount\": 12.5, \"x\": \"");
  EXPECT_THAT(refused(number, "number.json"),
              HasSubstr("\"amount\" is a number, where a statement has a string"));
  CliRun missing =
      RunOcf({"run", kMsk, "--data", kMskData, "--compare", "no/such/base.json", "--format", "json"});
  EXPECT_EQ(missing.status, 2);
  EXPECT_THAT(missing.out, HasSubstr("\"usage\": true"));
  CliRun both =
      RunOcf({"run", kMsk, "--data", kMskData, "--compare", "x.json", "--compare-set", "annual_growth=2%"});
  EXPECT_EQ(both.status, 2);
  EXPECT_THAT(both.err, HasSubstr("give one of them"));
  CliRun bad_set = RunOcf({"run", kMsk, "--data", kMskData, "--compare-set", "annual_growth=lots"});
  EXPECT_EQ(bad_set.status, 1);
  EXPECT_THAT(bad_set.err, HasSubstr("`--set annual_growth=lots`"));
}

}  // namespace
}  // namespace ocf
