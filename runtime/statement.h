// A contract's statement: what `ocf run` prints. Measures per period (and per
// group for `by` measures), targets' achievement and status, outcomes, the
// contract's achievement, payment lines and totals, and what was read from
// each dataset. Both engines fill one of these; the renderers below print it
// as JSON (docs/language.md §5, exactly), a readable table, or CSV.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "runtime/decimal.h"
#include "runtime/periods.h"

namespace ocf {

// One value as the statement shows it: an exact decimal string (`"0.875"`,
// `"7"`, `"2014-05-01"`), or missing.
struct StatementValue {
  std::optional<std::string> value;
  // For `percent of` measures: the records meeting the condition, and all.
  std::optional<int64_t> numerator, denominator;
};

// One group of a `by` measure: its value in each period it has one.
struct GroupResult {
  std::string name;
  // (index into Statement::periods, value), in increasing index.
  std::vector<std::pair<uint32_t, StatementValue>> values;

  const StatementValue* At(uint32_t period) const;
};

struct MeasureResult {
  std::string name;
  std::string title;
  std::string type;                              // the language's type: "percent", "money", "int", ...
  std::map<std::string, StatementValue> values;  // by period label
  // `by` measures: each group's values, groups sorted by name. Kept compact
  // (a statement may hold a million groups).
  std::vector<GroupResult> groups;
  bool has_groups = false;

  const GroupResult* Group(const std::string& name) const;
};

struct TargetResult {
  std::string measure;
  std::string description;  // "from 40% to 90%", "at least 95%"
  struct PeriodResult {
    Decimal achievement;  // 0..1
    std::string status;   // "met", "partial", "not met", "no data"
  };
  std::map<std::string, PeriodResult> periods;
};

struct OutcomeResult {
  std::string name;
  std::string title;
  std::map<std::string, Decimal> periods;
};

struct PaymentLine {
  std::string name;
  Decimal amount;  // rounded to the penny
};

struct PaymentPeriod {
  std::string label;
  std::vector<PaymentLine> lines;  // in the order written
  Decimal total;                   // the sum of the rounded lines
};

struct DataSummary {
  std::string name;
  int64_t rows = 0;
  int64_t outside_term = 0;
  std::map<std::string, int64_t> skipped_missing;  // by measure, over the term
};

struct Statement {
  std::string contract;
  std::string commissioner;
  std::vector<std::string> providers;
  std::string currency;
  Date term_start, term_end;
  std::vector<Period> periods;          // statement order (see ReportingPeriods)
  std::vector<MeasureResult> measures;  // in declaration order
  std::vector<TargetResult> targets;
  std::vector<OutcomeResult> outcomes;
  bool has_achievement = false;  // false when there is no outcome
  std::map<std::string, Decimal> achievement;
  std::vector<PaymentPeriod> payments;  // in period order
  std::vector<DataSummary> data;

  // The index of the period with this label in `periods`.
  std::optional<uint32_t> PeriodIndex(const std::string& label) const;
  // A `by` measure's value for a group in the period with this label, if any.
  const StatementValue* GroupValue(const MeasureResult& m, const std::string& group,
                                   const std::string& label) const;
};

// The JSON object of docs/language.md §5. `only_period`, when set, keeps
// just that period (and the payment period of that label).
std::string RenderStatementJson(const Statement& s,
                                const std::optional<std::string>& only_period = std::nullopt);
// A statement a contract manager can paste into a report: one section per
// contract year (its quarters or months, and the year), then the term.
std::string RenderStatementTable(const Statement& s,
                                 const std::optional<std::string>& only_period = std::nullopt);
// Long format, one row per value: `section,name,group,period,value,numerator,denominator`.
std::string RenderStatementCsv(const Statement& s,
                               const std::optional<std::string>& only_period = std::nullopt);

// Money as a statement shows it: `£1,234,567.89` (negative: `-£12.00`).
std::string FormatMoney(Decimal amount, const std::string& currency);
// A fraction as a percentage: 0.875 -> `87.5%`.
std::string FormatPercent(Decimal fraction);

}  // namespace ocf
