// A statement of a million `by` groups (runtime/statement.h): group values
// kept column by column (GroupValues) and written to a sink in pieces of
// about a megabyte; and Decimal::ToString, which every value written goes
// through, in 64-bit arithmetic.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <random>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "runtime/decimal.h"
#include "runtime/json.h"
#include "runtime/statement.h"

namespace ocf {
namespace {

using Kind = GroupValues::Kind;

Decimal D(const char* text) { return *Decimal::Parse(text); }
int32_t Days(const char* iso) { return Date::ParseIso(iso)->days(); }

// What the statement's JSON held for a value before GroupValues: the value
// member as a JSON string, or null.
std::string OldJson(const StatementValue& v) {
  if (!v.value) return "null";
  std::string out;
  AppendJsonString(out, *v.value);
  return out;
}

std::string NewJson(const GroupValues& g, size_t v) {
  std::string out = "prefix:";  // appended to, never replaced
  g.AppendJson(out, v);
  return out.substr(7);
}

// ------------------------------------------------------------ GroupValues

// Periods 0, 1, ..., n - 1.
std::vector<uint32_t> FirstPeriods(uint32_t n) {
  std::vector<uint32_t> out(n);
  for (uint32_t p = 0; p < n; ++p) out[p] = p;
  return out;
}

TEST(GroupValues, EachKindReadsAsTheStatementWritesIt) {
  GroupValues ints(Kind::Int, false, FirstPeriods(5)), decimals(Kind::Decimal, false, FirstPeriods(5)),
      dates(Kind::Date, false, FirstPeriods(4)), bools(Kind::Bool, false, FirstPeriods(3)),
      texts(Kind::Text, false, FirstPeriods(5));
  ints.StartGroup("g");
  ints.AddInt(0, 0);
  ints.AddInt(1, -42);
  ints.AddInt(2, INT64_MIN);
  ints.AddInt(3, INT64_MAX);
  ints.AddMissing(4);
  decimals.StartGroup("g");
  decimals.AddDecimal(0, D("-12.5"));
  decimals.AddDecimal(1, D("0.000000000000000001"));
  decimals.AddDecimal(2, Decimal::Max());
  decimals.AddDecimal(3, Decimal());
  decimals.AddMissing(4);
  dates.StartGroup("g");
  dates.AddInt(0, Days("2014-05-01"));
  dates.AddInt(1, Days("1969-12-31"));
  dates.AddInt(2, Days("2024-02-29"));
  dates.AddMissing(3);
  bools.StartGroup("g");
  bools.AddInt(0, 1);
  bools.AddInt(1, 0);
  bools.AddMissing(2);
  texts.StartGroup("g");
  texts.AddText(0, "plain");
  texts.AddText(1, "quote \" backslash \\ newline \n tab \t bell \x07 del \x7f");
  texts.AddText(2, "caf\xc3\xa9, \"x\"");
  texts.AddText(3, "");
  texts.AddMissing(4);
  const std::vector<std::pair<const GroupValues*, std::vector<std::optional<std::string>>>> cases = {
      {&ints, {"0", "-42", "-9223372036854775808", "9223372036854775807", std::nullopt}},
      {&decimals,
       {"-12.5", "0.000000000000000001", "170141183460469231731.687303715884105727", "0", std::nullopt}},
      {&dates, {"2014-05-01", "1969-12-31", "2024-02-29", std::nullopt}},
      {&bools, {"true", "false", std::nullopt}},
      {&texts,
       {"plain", "quote \" backslash \\ newline \n tab \t bell \x07 del \x7f", "caf\xc3\xa9, \"x\"", "",
        std::nullopt}},
  };
  for (const auto& [g, expected] : cases) {
    ASSERT_EQ(g->size(), 1u);
    ASSERT_EQ(g->values(), expected.size());
    EXPECT_FALSE(g->has_fractions());
    for (size_t v = 0; v < expected.size(); ++v) {
      SCOPED_TRACE("value " + std::to_string(v));
      StatementValue sv = g->value(v);
      EXPECT_EQ(sv.value, expected[v]);
      EXPECT_FALSE(sv.numerator || sv.denominator);
      EXPECT_EQ(g->period(v), v);
      EXPECT_EQ(NewJson(*g, v), OldJson(sv));
      std::optional<StatementValue> at = g->At(0, static_cast<uint32_t>(v));
      ASSERT_TRUE(at);
      EXPECT_EQ(at->value, expected[v]);
    }
  }
  // The escapes, spelled out once.
  EXPECT_EQ(NewJson(texts, 1), R"("quote \" backslash \\ newline \n tab \t bell \u0007 del \u007f")");
  EXPECT_EQ(NewJson(texts, 4), "null");
  EXPECT_EQ(NewJson(ints, 2), "\"-9223372036854775808\"");
}

TEST(GroupValues, FractionsGoWithTheirValues) {
  GroupValues g(Kind::Decimal, true, {2, 5});
  g.StartGroup("a");
  g.AddDecimal(2, D("0.875"));
  g.SetFraction(7, 8);
  g.AddMissing(5);
  g.SetFraction(0, 0);
  g.StartGroup("b");
  g.AddDecimal(2, D("0"));
  g.SetFraction(0, 4);
  g.AddDecimal(5, D("1"));
  g.SetFraction(3, 3);
  ASSERT_TRUE(g.has_fractions());
  ASSERT_EQ(g.values(), 4u);
  StatementValue v0 = g.value(0), v1 = g.value(1), v2 = g.value(2), v3 = g.value(3);
  EXPECT_EQ(v0.value, "0.875");
  EXPECT_EQ(v0.numerator, 7);
  EXPECT_EQ(v0.denominator, 8);
  EXPECT_FALSE(v1.value);
  EXPECT_EQ(v1.numerator, 0);
  EXPECT_EQ(v1.denominator, 0);
  EXPECT_EQ(v2.value, "0");
  EXPECT_EQ(v2.numerator, 0);
  EXPECT_EQ(v2.denominator, 4);
  EXPECT_EQ(v3.value, "1");
  EXPECT_EQ(v3.numerator, 3);
  EXPECT_EQ(g.At(1, 5)->denominator, 3);
  EXPECT_EQ(g.At(1, 2)->denominator, 4);
  EXPECT_EQ(g.At(0, 2)->numerator, 7);
  EXPECT_EQ(NewJson(g, 1), "null");
}

// Language v1: every group has a value in every period of periods(), so
// group g's values are [g * P, (g + 1) * P), a missing value included, and
// no group is dropped. Periods not in periods() have no value.
TEST(GroupValues, EveryGroupHasOneValueInEachOfItsPeriods) {
  const std::vector<uint32_t> periods = {1, 3, 4};  // not 0, 2 or 5
  GroupValues g(Kind::Int, false, periods);
  EXPECT_TRUE(g.empty());
  EXPECT_EQ(g.periods(), periods);
  g.Reserve(2);  // an underestimate: more still fit
  const std::vector<std::pair<std::string, std::vector<std::optional<int64_t>>>> built = {
      {"aardvark", {std::nullopt, std::nullopt, std::nullopt}},  // nothing but missing values: kept
      {"b", {10, std::nullopt, 30}},
      {"bb", {0, 0, 0}},
      {"c", {-1, 2, -3}},
  };
  for (const auto& [name, values] : built) {
    g.StartGroup(name);
    for (size_t k = 0; k < periods.size(); ++k)
      if (values[k])
        g.AddInt(periods[k], *values[k]);
      else
        g.AddMissing(periods[k]);
  }
  ASSERT_EQ(g.size(), built.size());
  EXPECT_FALSE(g.empty());
  EXPECT_EQ(g.values(), built.size() * periods.size());
  EXPECT_EQ(g.periods(), periods);
  for (size_t i = 0; i < built.size(); ++i) {
    const auto& [name, values] = built[i];
    SCOPED_TRACE(name);
    EXPECT_EQ(g.name(i), name);
    EXPECT_EQ(g.Find(name), i);
    EXPECT_EQ(g.begin(i), i * periods.size());
    EXPECT_EQ(g.end(i), (i + 1) * periods.size());
    for (size_t v = g.begin(i); v < g.end(i); ++v) {
      size_t k = v - g.begin(i);
      EXPECT_EQ(g.period(v), periods[k]);
      std::optional<std::string> expected;
      if (values[k]) expected = std::to_string(*values[k]);
      EXPECT_EQ(g.value(v).value, expected);
    }
    for (uint32_t p = 0; p <= 6; ++p) {
      std::optional<StatementValue> at = g.At(i, p);
      auto k = std::find(periods.begin(), periods.end(), p);
      ASSERT_EQ(at.has_value(), k != periods.end()) << "period " << p;  // missing is still a value
      if (at) {
        EXPECT_EQ(at->value, g.value(g.begin(i) + static_cast<size_t>(k - periods.begin())).value);
      }
    }
  }
  for (const char* absent : {"", "a", "ba", "d"}) EXPECT_FALSE(g.Find(absent)) << absent;
  EXPECT_FALSE(GroupValues().Find(""));

  // Through the statement: a period of the statement outside periods() has no group value.
  Statement s;
  s.periods =
      ReportingPeriods(PeriodKind::Quarter, *Date::ParseIso("2014-04-01"), *Date::ParseIso("2015-03-31"));
  ASSERT_GT(s.periods.size(), 4u);
  MeasureResult m;
  m.has_groups = true;
  m.groups = g;
  EXPECT_EQ(s.GroupValue(m, "b", s.periods[1].label)->value, "10");
  EXPECT_FALSE(s.GroupValue(m, "b", s.periods[3].label)->value);  // missing
  EXPECT_FALSE(s.GroupValue(m, "b", s.periods[0].label));         // not one of its periods
  EXPECT_FALSE(s.GroupValue(m, "b", s.periods[2].label));
  EXPECT_FALSE(s.GroupValue(m, "zz", s.periods[1].label));

  // No periods at all: groups are still kept, each with no value.
  GroupValues none(Kind::Text, false, {});
  none.StartGroup("x");
  none.StartGroup("y");
  ASSERT_EQ(none.size(), 2u);
  EXPECT_EQ(none.values(), 0u);
  EXPECT_EQ(none.begin(1), none.end(1));
  EXPECT_EQ(none.Find("y"), 1u);
  EXPECT_FALSE(none.At(0, 0));
  EXPECT_THROW(none.AddText(0, "v"), std::logic_error);
}

// A value for a period other than the next of periods() (skipped, repeated,
// out of order, not one of them, or one too many) is refused, and nothing is
// added: the right value still goes in after.
TEST(GroupValues, AValueForTheWrongPeriodThrows) {
  const std::vector<uint32_t> periods = {0, 2, 3};
  for (bool fractions : {false, true}) {
    SCOPED_TRACE(fractions ? "fractions" : "plain");
    GroupValues g(Kind::Decimal, fractions, periods);
    g.StartGroup("a");
    EXPECT_THROW(g.AddDecimal(2, D("1")), std::logic_error);  // period 0 skipped
    EXPECT_THROW(g.AddMissing(1), std::logic_error);          // not one of periods()
    EXPECT_EQ(g.values(), 0u);
    g.AddDecimal(0, D("1"));
    EXPECT_THROW(g.AddDecimal(0, D("2")), std::logic_error);  // period 0 again
    EXPECT_THROW(g.AddDecimal(3, D("2")), std::logic_error);  // 3 before 2
    EXPECT_EQ(g.values(), 1u);
    g.AddDecimal(2, D("2"));
    g.AddMissing(3);
    EXPECT_THROW(g.AddDecimal(3, D("4")), std::logic_error);  // one too many
    EXPECT_THROW(g.AddDecimal(0, D("4")), std::logic_error);  // the next group's, before StartGroup
    EXPECT_THROW(g.AddDecimal(7, D("4")), std::logic_error);
    ASSERT_EQ(g.values(), 3u);
    g.StartGroup("b");
    EXPECT_THROW(g.AddDecimal(3, D("5")), std::logic_error);
    g.AddDecimal(0, D("5"));
    g.AddDecimal(2, D("6"));
    g.AddDecimal(3, D("7"));
    ASSERT_EQ(g.size(), 2u);
    ASSERT_EQ(g.values(), 6u);
    const char* expected[] = {"1", "2", nullptr, "5", "6", "7"};
    for (size_t v = 0; v < 6; ++v) {
      EXPECT_EQ(g.period(v), periods[v % 3]) << v;
      EXPECT_EQ(g.value(v).value, expected[v] ? std::optional<std::string>(expected[v]) : std::nullopt) << v;
    }
  }
  // Ints, dates, bools and texts go through the same check.
  GroupValues texts(Kind::Text, false, {4});
  texts.StartGroup("t");
  EXPECT_THROW(texts.AddText(3, "early"), std::logic_error);
  texts.AddText(4, "ok");
  EXPECT_THROW(texts.AddText(4, "again"), std::logic_error);
  EXPECT_EQ(texts.values(), 1u);
  EXPECT_EQ(texts.At(0, 4)->value, "ok");
  GroupValues ints(Kind::Int, false, {1});
  ints.StartGroup("i");
  EXPECT_THROW(ints.AddInt(0, 1), std::logic_error);
  EXPECT_EQ(ints.values(), 0u);
}

// A group given only some of its values (none included) is refused when the
// next group starts.
TEST(GroupValues, AShortGroupThrowsAtTheNextGroup) {
  const std::vector<uint32_t> periods = {0, 1, 2};
  {
    GroupValues g(Kind::Int, false, periods);
    g.StartGroup("a");  // the first group has nothing before it
    g.AddInt(0, 1);
    g.AddInt(1, 2);
    EXPECT_THROW(g.StartGroup("b"), std::logic_error);
    EXPECT_EQ(g.size(), 1u);  // "b" not added
    EXPECT_FALSE(g.Find("b"));
    g.AddInt(2, 3);
    g.StartGroup("b");  // now "a" is whole
    EXPECT_EQ(g.size(), 2u);
    EXPECT_EQ(g.name(1), "b");
    EXPECT_THROW(g.StartGroup("c"), std::logic_error);  // "b" has no value at all
  }
  {
    GroupValues g(Kind::Bool, false, periods);
    g.StartGroup("a");
    g.AddMissing(0);
    EXPECT_THROW(g.StartGroup("b"), std::logic_error);
  }
  {
    GroupValues g(Kind::Date, false, {5});
    g.StartGroup("a");
    EXPECT_THROW(g.StartGroup("b"), std::logic_error);
    g.AddInt(5, Days("2015-01-01"));
    g.StartGroup("b");
    g.AddInt(5, Days("2015-01-02"));
    g.StartGroup("c");
    g.AddMissing(5);
    ASSERT_EQ(g.size(), 3u);
    EXPECT_EQ(g.At(1, 5)->value, "2015-01-02");
    EXPECT_FALSE(g.At(2, 5)->value);
  }
}

// Thousands of groups (names sharing prefixes, one a prefix of the next),
// each with a value in every one of a random subset of the periods, some
// missing, against a map of what went in.
TEST(GroupValues, FindAndAtAgainstAMap) {
  std::mt19937_64 rng(51);
  std::set<std::string> name_set = {"", "a", "ab", "abc", "b", "\xc3\xa9"};
  while (name_set.size() < 4000) name_set.insert("p" + std::to_string(rng() % 100000));
  std::vector<std::string> names(name_set.begin(), name_set.end());
  const uint32_t all_periods = 11;
  for (bool reserve : {false, true}) {
    std::vector<uint32_t> periods;
    for (uint32_t p = 0; p < all_periods; ++p)
      if (rng() % 2) periods.push_back(p);
    ASSERT_FALSE(periods.empty());
    std::map<std::string, std::map<uint32_t, std::optional<int64_t>>> expected;
    GroupValues g(Kind::Int, false, periods);
    if (reserve) g.Reserve(names.size() / 4);  // an underestimate: more still fit
    for (const std::string& name : names) {
      g.StartGroup(name);
      for (uint32_t p : periods)
        if (rng() % 5 == 0) {
          g.AddMissing(p);
          expected[name][p] = std::nullopt;
        } else {
          int64_t v = static_cast<int64_t>(rng() % 2001) - 1000;
          g.AddInt(p, v);
          expected[name][p] = v;
        }
    }
    ASSERT_EQ(g.size(), expected.size());
    EXPECT_EQ(g.values(), names.size() * periods.size());
    for (const auto& [name, by_period] : expected) {
      std::optional<size_t> at = g.Find(name);
      ASSERT_TRUE(at) << name;
      EXPECT_EQ(g.name(*at), name);
      for (uint32_t p = 0; p <= all_periods; ++p) {
        std::optional<StatementValue> v = g.At(*at, p);
        auto it = by_period.find(p);
        ASSERT_EQ(v.has_value(), it != by_period.end()) << name << " period " << p;
        if (v) {
          EXPECT_EQ(v->value,
                    it->second ? std::optional<std::string>(std::to_string(*it->second)) : std::nullopt);
        }
      }
    }
    for (const char* absent : {"aa", "abcd", "p", "q", "\xff"}) EXPECT_FALSE(g.Find(absent)) << absent;
  }
}

// ------------------------------------------------ statements, in pieces

// A statement of `groups` groups over one year of quarters, each with a
// value (a tenth missing) in every period but the second.
Statement ManyGroups(size_t groups) {
  Statement s;
  s.contract = "Many groups";
  s.commissioner = "NHS Test ICB";
  s.currency = "GBP";
  s.term_start = *Date::ParseIso("2014-04-01");
  s.term_end = *Date::ParseIso("2015-03-31");
  s.periods = ReportingPeriods(PeriodKind::Quarter, s.term_start, s.term_end);
  MeasureResult m;
  m.name = "seen";
  m.type = "percent";
  m.has_groups = true;
  m.values["2014/15 Q1"] = {"0.5", 1, 2};
  std::vector<uint32_t> periods;
  for (uint32_t p = 0; p < s.periods.size(); ++p)
    if (p != 1) periods.push_back(p);
  m.groups = GroupValues(Kind::Decimal, true, periods);
  m.groups.Reserve(groups);
  std::mt19937_64 rng(61);
  const char* shown[] = {"0", "1", "0.5", "0.25", "0.875", "0.333333333333333333"};
  for (size_t g = 0; g < groups; ++g) {
    m.groups.StartGroup(fmt::format("g{:06}", g));
    for (uint32_t p : periods) {
      if (rng() % 10 == 0)
        m.groups.AddMissing(p);
      else
        m.groups.AddDecimal(p, D(shown[rng() % 6]));
      m.groups.SetFraction(static_cast<int64_t>(rng() % 100), 100);
    }
  }
  s.measures.push_back(std::move(m));
  s.payments.push_back({"2014/15", {{"Budget", D("1000")}}, D("1000")});
  return s;
}

// The measure's `groups` member as the JSON writer wrote it before the
// columns: for each group, the statement's periods in order, each one the
// group has a value in (At).
std::string NaiveGroupsJson(const Statement& s, const GroupValues& g,
                            const std::optional<std::string>& only) {
  std::string out = "\"groups\": {";
  for (size_t i = 0; i < g.size(); ++i) {
    out += i ? ",\n        " : "\n        ";
    AppendJsonString(out, g.name(i));
    out += ": {";
    bool first = true;
    for (uint32_t p = 0; p < s.periods.size(); ++p) {
      if (only && s.periods[p].label != *only) continue;
      std::optional<StatementValue> v = g.At(i, p);
      if (!v) continue;
      out += first ? "\n          " : ",\n          ";
      first = false;
      AppendJsonString(out, s.periods[p].label);
      out += fmt::format(": {{\"value\": {}, \"numerator\": {}, \"denominator\": {}}}", OldJson(*v),
                         *v->numerator, *v->denominator);
    }
    out += first ? "}" : "\n        }";
  }
  out += g.empty() ? "}" : "\n      }";
  return out;
}

// The CSV's measure rows: for each period of the statement, the measure's
// value, then each group's value there.
std::string NaiveMeasureCsv(const Statement& s, const MeasureResult& m,
                            const std::optional<std::string>& only) {
  std::string out = "section,name,group,period,value,numerator,denominator\n";
  auto opt = [](const std::optional<int64_t>& v) { return v ? std::to_string(*v) : std::string(); };
  for (uint32_t p = 0; p < s.periods.size(); ++p) {
    const std::string& label = s.periods[p].label;
    if (only && label != *only) continue;
    if (auto it = m.values.find(label); it != m.values.end())
      out += fmt::format("measure,{},,{},{},{},{}\n", m.name, label, it->second.value.value_or(""),
                         opt(it->second.numerator), opt(it->second.denominator));
    for (size_t i = 0; i < m.groups.size(); ++i)
      if (std::optional<StatementValue> v = m.groups.At(i, p))
        out += fmt::format("measure,{},{},{},{},{},{}\n", m.name, m.groups.name(i), label,
                           v->value.value_or(""), opt(v->numerator), opt(v->denominator));
  }
  return out;
}

size_t Count(const std::string& text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

TEST(StatementPieces, WrittenInPiecesOfAboutAMegabyteThatMakeTheWhole) {
  const size_t kGroups = 50'000;
  const Statement s = ManyGroups(kGroups);
  const GroupValues& g = s.measures[0].groups;
  ASSERT_EQ(g.size(), kGroups);
  using Write = void (*)(const Statement&, const TextSink&, const std::optional<std::string>&);
  using Render = std::string (*)(const Statement&, const std::optional<std::string>&);
  const std::tuple<const char*, Write, Render> formats[] = {
      {"json", WriteStatementJson, RenderStatementJson},
      {"csv", WriteStatementCsv, RenderStatementCsv},
      {"table", WriteStatementTable, RenderStatementTable}};
  const size_t kMiB = 1 << 20;
  // The second period has no group values (not one of periods()).
  ASSERT_EQ(g.periods().size() + 1, s.periods.size());
  ASSERT_EQ(g.periods()[1], 2u);
  for (const std::optional<std::string>& only :
       {std::optional<std::string>(), std::optional<std::string>("2014/15 Q3"),
        std::optional<std::string>(s.periods[1].label)})
    for (const auto& [format, write, render] : formats) {
      SCOPED_TRACE(std::string(format) + (only ? " --period " + *only : ""));
      std::vector<std::string> pieces;
      write(
          s, [&](std::string_view piece) { pieces.emplace_back(piece); }, only);
      std::string whole;
      for (const std::string& p : pieces) whole += p;
      ASSERT_EQ(whole, render(s, only));
      if (whole.size() >= 2 * kMiB) {
        ASSERT_GE(pieces.size(), 2u) << whole.size() << " bytes";
      }
      for (size_t i = 0; i < pieces.size(); ++i) {
        if (i + 1 < pieces.size()) {
          EXPECT_GE(pieces[i].size(), kMiB) << "piece " << i;
        }
        EXPECT_FALSE(pieces[i].empty()) << "piece " << i;
        EXPECT_LT(pieces[i].size(), 2 * kMiB) << "piece " << i;
      }
      // Every group value kept is written, once.
      std::optional<uint32_t> only_index = only ? s.PeriodIndex(*only) : std::nullopt;
      size_t kept = 0;
      for (size_t v = 0; v < g.values(); ++v) kept += !only_index || g.period(v) == *only_index;
      const size_t measure_values = only ? 0 : 1;
      std::string format_name = format;
      if (format_name == "json") {
        EXPECT_EQ(Count(whole, "{\"value\": "), kept + measure_values);
        EXPECT_EQ(Count(whole, "\"g0"), kGroups);
        EXPECT_EQ(Count(whole, "{\"value\": null, \"numerator\": "), Count(whole, "null"));
        EXPECT_NE(whole.find(NaiveGroupsJson(s, g, only)), std::string::npos);
      } else if (format_name == "csv") {
        const size_t payment_rows = only ? 0 : 2;  // the line and the total, for the year
        EXPECT_EQ(Count(whole, "\n"), 1 + measure_values + kept + payment_rows);
        EXPECT_TRUE(whole.starts_with(NaiveMeasureCsv(s, s.measures[0], only)));
      } else {
        // Each section (the year, then the term; or the one period) has a row
        // per group; none when the one period is one without a value (a
        // column with nothing in it is left out, and a grid without columns).
        EXPECT_EQ(Count(whole, "\n    g0"), kept == 0 ? 0 : kGroups * (only ? 1 : 2));
      }
      // Spot values, written as the group holds them.
      for (size_t group : {size_t{0}, size_t{12345}, kGroups - 1})
        for (size_t v = g.begin(group); v < g.end(group); ++v) {
          const Period& p = s.periods[g.period(v)];
          if (only && p.label != *only) continue;
          StatementValue sv = g.value(v);
          if (format_name == "json") {
            // Within the group's own object: from its key to the next group's.
            size_t from = whole.find(fmt::format("\"{}\": {{", g.name(group)));
            size_t to =
                group + 1 < kGroups ? whole.find(fmt::format("\"{}\": {{", g.name(group + 1))) : whole.size();
            ASSERT_LT(from, to);
            EXPECT_NE(
                whole.substr(from, to - from)
                    .find(fmt::format("\"{}\": {{\"value\": {}, \"numerator\": {}, \"denominator\": 100}}",
                                      p.label, OldJson(sv), *sv.numerator)),
                std::string::npos);
          } else if (format_name == "csv") {
            EXPECT_NE(whole.find(fmt::format("\nmeasure,seen,{},{},{},{},100\n", g.name(group), p.label,
                                             sv.value.value_or(""), *sv.numerator)),
                      std::string::npos);
          }
        }
    }
}

// --------------------------------------------------- Decimal::ToString

// The shortest exact form, digit by digit in 128-bit arithmetic.
std::string SlowToString(Decimal d) {
  __int128 units = d.units();
  unsigned __int128 m =
      units < 0 ? -static_cast<unsigned __int128>(units) : static_cast<unsigned __int128>(units);
  std::string digits;
  for (; m; m /= 10) digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
  if (digits.size() <= 18) digits.insert(0, 19 - digits.size(), '0');
  std::string whole = digits.substr(0, digits.size() - 18), frac = digits.substr(digits.size() - 18);
  while (!frac.empty() && frac.back() == '0') frac.pop_back();
  return (units < 0 ? "-" : "") + whole + (frac.empty() ? "" : "." + frac);
}

TEST(DecimalToString, WholePartsAroundTwoToTheSixtyFour) {
  const __int128 one = 1'000'000'000'000'000'000;
  const __int128 two64 = static_cast<__int128>(1) << 64;
  const std::pair<Decimal, const char*> cases[] = {
      {Decimal(), "0"},
      {Decimal::FromInt(1), "1"},
      {Decimal::FromInt(-1), "-1"},
      {Decimal::FromUnits(-1), "-0.000000000000000001"},
      {Decimal::FromUnits(one - 1), "0.999999999999999999"},
      {D("123456789012345678901.25"), "123456789012345678901.25"},
      {D("-123456789012345678901.25"), "-123456789012345678901.25"},
      {Decimal::FromUnits((two64 - 1) * one), "18446744073709551615"},
      {Decimal::FromUnits((two64 - 1) * one + 5), "18446744073709551615.000000000000000005"},
      {Decimal::FromUnits(two64 * one), "18446744073709551616"},
      {Decimal::FromUnits(-(two64 + 1) * one - one / 2), "-18446744073709551617.5"},
      {Decimal::FromUnits(static_cast<__int128>(10'000'000'000'000'000'000ULL) * one),
       "10000000000000000000"},
      // Past 2^64, the last 19 digits are zero-padded.
      {Decimal::FromUnits((static_cast<__int128>(10'000'000'000'000'000'000ULL) * 10 + 7) * one),
       "100000000000000000007"},
      {Decimal::FromUnits((static_cast<__int128>(10'000'000'000'000'000'000ULL) * 17 + 1) * one + 1),
       "170000000000000000001.000000000000000001"},
      {Decimal::FromUnits(two64), "18.446744073709551616"},
      {Decimal::FromUnits(-two64 + 1), "-18.446744073709551615"},
  };
  for (const auto& [d, text] : cases) {
    EXPECT_EQ(d.ToString(), text);
    EXPECT_EQ(SlowToString(d), text);  // the reference agrees on the spelled-out cases
    std::optional<Decimal> back = Decimal::Parse(text);
    ASSERT_TRUE(back) << text;
    EXPECT_TRUE(*back == d) << text;
  }
}

TEST(DecimalToString, RandomUnitsRoundTrip) {
  std::mt19937_64 rng(71);
  for (int i = 0; i < 200'000; ++i) {
    unsigned __int128 bits = (static_cast<unsigned __int128>(rng()) << 64) | rng();
    // Every magnitude: shifted to a random length, and now and then with
    // trailing zeros (whole numbers, short fractions).
    bits >>= rng() % 128;
    __int128 units = static_cast<__int128>(bits);
    if (i % 7 == 0) units -= units % 1'000'000'000'000'000'000;
    if (i % 11 == 0) units -= units % 1'000'000'000;
    if (rng() % 2) units = static_cast<__int128>(-static_cast<unsigned __int128>(units));  // Min stays Min
    Decimal d = Decimal::FromUnits(units);
    std::string text = d.ToString();
    ASSERT_EQ(text, SlowToString(d));
    std::optional<Decimal> back = Decimal::Parse(text);
    ASSERT_TRUE(back && *back == d) << text;
  }
  for (Decimal d : {Decimal::Max(), Decimal::Min()}) {
    EXPECT_EQ(d.ToString(), SlowToString(d));
    EXPECT_TRUE(*Decimal::Parse(d.ToString()) == d);
  }
}

}  // namespace
}  // namespace ocf
