// The statement renderers: the JSON of docs/language.md §5 (exact decimal
// strings, integer counts, null for missing, periods in statement order), the
// readable table and CSV.
#include "runtime/statement.h"

#include <gtest/gtest.h>

namespace ocf {
namespace {

Decimal D(const char* text) { return *Decimal::Parse(text); }

Statement Sample() {
  Statement s;
  s.contract = "Bedfordshire MSK prime contract";
  s.commissioner = "NHS Bedfordshire CCG";
  s.currency = "GBP";
  s.term_start = *Date::ParseIso("2014-04-01");
  s.term_end = *Date::ParseIso("2015-03-31");
  s.periods = ReportingPeriods(PeriodKind::Quarter, s.term_start, s.term_end);
  MeasureResult m;
  m.name = "seen_in_18_weeks";
  m.title = "Adults first seen within 18 weeks";
  m.type = "percent";
  m.values["2014/15 Q1"] = {"0.875", 7, 8};
  m.values["2014/15 Q2"] = {std::nullopt, 0, 0};
  s.measures.push_back(m);
  TargetResult t;
  t.measure = "seen_in_18_weeks";
  t.description = "from 40% to 90%";
  t.periods["2014/15"] = {D("0.95"), "partial"};
  s.targets.push_back(t);
  OutcomeResult o;
  o.name = "access";
  o.periods["2014/15"] = D("0.95");
  s.outcomes.push_back(o);
  s.has_achievement = true;
  s.achievement["2014/15"] = D("0.95");
  s.payments.push_back(
      {"2014/15", {{"Capitated budget", D("25175000")}, {"Penalty", D("-12.5")}}, D("25174987.5")});
  s.data.push_back({"referrals", 8, 1, std::nullopt, {{"seen_in_18_weeks", 2}}});
  return s;
}

TEST(Statement, JsonFollowsTheLanguageReference) {
  std::string json = RenderStatementJson(Sample());
  // Spot the normative parts exactly.
  EXPECT_NE(json.find("\"contract\": \"Bedfordshire MSK prime contract\""), std::string::npos) << json;
  EXPECT_NE(json.find("{\"label\": \"2014/15 Q1\", \"start\": \"2014-04-01\", \"end\": \"2014-06-30\"}"),
            std::string::npos);
  EXPECT_NE(json.find("\"2014/15 Q1\": {\"value\": \"0.875\", \"numerator\": 7, \"denominator\": 8}"),
            std::string::npos);
  EXPECT_NE(json.find("\"2014/15 Q2\": {\"value\": null, \"numerator\": 0, \"denominator\": 0}"),
            std::string::npos);
  EXPECT_NE(json.find("\"2014/15\": {\"achievement\": \"0.95\", \"status\": \"partial\"}"),
            std::string::npos);
  EXPECT_NE(json.find("{\"name\": \"Capitated budget\", \"amount\": \"25175000.00\"}"), std::string::npos);
  EXPECT_NE(json.find("{\"name\": \"Penalty\", \"amount\": \"-12.50\"}"), std::string::npos);
  EXPECT_NE(json.find("\"total\": \"25174987.50\""), std::string::npos);
  EXPECT_NE(json.find("\"referrals\": {\"rows\": 8, \"outside_term\": 1, \"skipped_missing\": "
                      "{\"seen_in_18_weeks\": 2}}"),
            std::string::npos);
  // Periods in statement order: by end date, a year's quarters before the year.
  EXPECT_LT(json.find("\"label\": \"2014/15 Q1\""), json.find("\"label\": \"2014/15 Q2\""));
  EXPECT_LT(json.find("\"label\": \"2014/15 Q2\""), json.find("\"label\": \"2014/15\""));
  // Keys in the reference's order.
  size_t a = json.find("\"measures\""), b = json.find("\"targets\""), c = json.find("\"outcomes\""),
         d = json.find("\"achievement\": {"), e = json.find("\"payments\""), f = json.find("\"data\"");
  EXPECT_TRUE(a < b && b < c && c < d && d < e && e < f) << json;
}

TEST(Statement, NoAchievementKeyWithoutOutcomes) {
  Statement s = Sample();
  s.outcomes.clear();
  s.has_achievement = false;
  s.achievement.clear();
  EXPECT_EQ(RenderStatementJson(s).find("\"achievement\": {"), std::string::npos);
}

TEST(Statement, OnePeriodOnly) {
  std::string json = RenderStatementJson(Sample(), std::string("2014/15"));
  EXPECT_EQ(json.find("2014/15 Q1"), std::string::npos);
  EXPECT_NE(json.find("\"total\": \"25174987.50\""), std::string::npos);
}

TEST(Statement, MoneyAndPercentForPeople) {
  EXPECT_EQ(FormatMoney(D("25175000"), "GBP"), "\u00A325,175,000.00");
  EXPECT_EQ(FormatMoney(D("-12.5"), "GBP"), "-\u00A312.50");
  EXPECT_EQ(FormatMoney(D("999.99"), "USD"), "$999.99");
  EXPECT_EQ(FormatMoney(D("0"), "EUR"), "\u20AC0.00");
  // Percentages always to two places, so a column of them lines up.
  EXPECT_EQ(FormatPercent(D("0.875")), "87.50%");
  EXPECT_EQ(FormatPercent(D("1")), "100.00%");
  EXPECT_EQ(FormatPercent(D("0")), "0.00%");
  EXPECT_EQ(FormatPercent(D("0.813")), "81.30%");
  EXPECT_EQ(FormatPercent(D("0.74825")), "74.83%");  // half away from zero, as money
  EXPECT_EQ(FormatPercent(D("-0.1038")), "-10.38%");
  EXPECT_EQ(FormatPercent(D("12.5")), "1,250.00%");
  EXPECT_EQ(FormatPercent(D("0.123456789012345678")), "12.35%");
  // A threshold as the contract wrote it.
  EXPECT_EQ(FormatPercentAsWritten(D("0.4")), "40%");
  EXPECT_EQ(FormatPercentAsWritten(D("0.875")), "87.5%");
  EXPECT_EQ(FormatPercentAsWritten(D("0.52283")), "52.28%");
  EXPECT_EQ(FormatPercentAsWritten(D("0.12001")), "12%");
  EXPECT_EQ(FormatPercentAsWritten(D("-0.025")), "-2.5%");
}

TEST(Statement, NumbersHaveTheSeparatorMoneyHas) {
  EXPECT_EQ(GroupThousands("0"), "0");
  EXPECT_EQ(GroupThousands("999"), "999");
  EXPECT_EQ(GroupThousands("1000"), "1,000");
  EXPECT_EQ(GroupThousands("-1234567"), "-1,234,567");
  EXPECT_EQ(GroupThousands("12345.678"), "12,345.678");
  EXPECT_EQ(GroupThousands("-0.5"), "-0.5");
  // Anything else is left as it is.
  EXPECT_EQ(GroupThousands("2014-04-01"), "2014-04-01");
  EXPECT_EQ(GroupThousands("12345 days"), "12345 days");
  EXPECT_EQ(GroupThousands(""), "");
}

TEST(Statement, TableHasASectionPerYearAndTheTerm) {
  std::string table = RenderStatementTable(Sample());
  EXPECT_NE(table.find("== 2014/15 (2014-04-01 to 2015-03-31) =="), std::string::npos) << table;
  EXPECT_NE(table.find("== term"), std::string::npos);
  EXPECT_NE(table.find("87.50%"), std::string::npos);
  EXPECT_NE(table.find("95.00% partial"), std::string::npos);
  // A target by its measure's title, then what it asks.
  EXPECT_NE(table.find("  Adults first seen within 18 weeks (from 40% to 90%)  "), std::string::npos);
  // An outcome without a title by its name.
  EXPECT_NE(table.find("  Outcome: access  "), std::string::npos);
  EXPECT_NE(table.find("\u00A325,175,000.00"), std::string::npos);
}

TEST(Statement, CsvIsOneValuePerRow) {
  std::string csv = RenderStatementCsv(Sample());
  EXPECT_EQ(csv.substr(0, csv.find('\n')), "section,name,group,period,value,numerator,denominator");
  EXPECT_NE(csv.find("measure,seen_in_18_weeks,,2014/15 Q1,0.875,7,8\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("payment,Capitated budget,,2014/15,25175000.00,,\n"), std::string::npos);
  EXPECT_NE(csv.find("payment total,total,,2014/15,25174987.50,,\n"), std::string::npos);
}

}  // namespace
}  // namespace ocf
