#include "runtime/date.h"
#include "runtime/periods.h"

#include <gtest/gtest.h>

namespace ocf {
namespace {

TEST(Date, RejectsDaysThatDoNotExist) {
  EXPECT_FALSE(Date::ParseIso("2014-02-30"));
  EXPECT_FALSE(Date::ParseIso("2014-13-01"));
  EXPECT_TRUE(Date::ParseIso("2016-02-29"));
  EXPECT_FALSE(Date::ParseIso("2015-02-29"));
}

TEST(Date, AddMonthsClampsToMonthEnd) {
  EXPECT_EQ(Date::ParseIso("2014-01-31")->AddMonths(1).ToString(), "2014-02-28");
  EXPECT_EQ(Date::ParseIso("2014-04-01")->AddMonths(12).ToString(), "2015-04-01");
  EXPECT_EQ(Date::ParseIso("2014-04-01")->AddMonths(-1).ToString(), "2014-03-01");
}

TEST(Periods, LabelsFollowTheLanguage) {
  Date start = *Date::ParseIso("2014-04-01"), end = *Date::ParseIso("2015-09-30");
  auto quarters = PeriodsOf(PeriodKind::Quarter, start, end);
  ASSERT_EQ(quarters.size(), 6u);
  EXPECT_EQ(quarters[0].label, "2014/15 Q1");
  EXPECT_EQ(quarters[4].label, "2015/16 Q1");
  auto years = PeriodsOf(PeriodKind::Year, start, end);
  ASSERT_EQ(years.size(), 2u);
  EXPECT_EQ(years[1].label, "2015/16");  // cut short, keeps its full label
  EXPECT_EQ(years[1].end.ToString(), "2015-09-30");
  auto months = PeriodsOf(PeriodKind::Month, start, end);
  EXPECT_EQ(months[0].label, "2014-04");
  auto calendar = PeriodsOf(PeriodKind::Year, *Date::ParseIso("2015-01-01"), *Date::ParseIso("2016-12-31"));
  EXPECT_EQ(calendar[0].label, "2015");
  auto all = ReportingPeriods(PeriodKind::Quarter, start, end);
  // By end date, shorter first: a year's quarters, then the year; the term last.
  std::vector<std::string> labels;
  for (const Period& p : all) labels.push_back(p.label);
  EXPECT_EQ(labels, (std::vector<std::string>{"2014/15 Q1", "2014/15 Q2", "2014/15 Q3", "2014/15 Q4",
                                              "2014/15", "2015/16 Q1", "2015/16 Q2", "2015/16", "term"}));
}

// FinestIn finds by binary search what a walk over every finest period finds:
// those lying wholly inside the period, for every kind of finest and asked-for
// period, terms cut short included.
TEST(Periods, FinestInIsTheFinestPeriodsInside) {
  const PeriodKind kinds[] = {PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year, PeriodKind::Term};
  for (const char* last : {"2017-03-31", "2016-08-14", "2014-04-01", "2014-05-31"}) {
    Date start = *Date::ParseIso("2014-04-01"), end = *Date::ParseIso(last);
    for (PeriodKind fine : {PeriodKind::Month, PeriodKind::Quarter, PeriodKind::Year}) {
      std::vector<Period> finest = PeriodsOf(fine, start, end);
      for (PeriodKind kind : kinds) {
        for (const Period& p : PeriodsOf(kind, start, end)) {
          SCOPED_TRACE(std::string(last) + " " + ToString(fine) + " in " + p.label);
          std::vector<size_t> walked;
          for (size_t i = 0; i < finest.size(); ++i)
            if (finest[i].start >= p.start && finest[i].end <= p.end) walked.push_back(i);
          PeriodRange r = FinestIn(finest, p);
          std::vector<size_t> found;
          for (size_t i = r.first; i < r.last; ++i) found.push_back(i);
          EXPECT_EQ(found, walked);
        }
      }
    }
  }
}

}  // namespace
}  // namespace ocf
