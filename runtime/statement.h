// A contract's statement: what `ocf run` prints. Measures per period (and per
// group for `by` measures), targets' achievement and status, outcomes, the
// contract's achievement, payment lines and totals, and what was read from
// each dataset. Both engines fill one of these; the renderers below print it
// as JSON (format ocf.statement/1: docs/json.md, docs/schema/statement.schema.json),
// a readable table, or CSV.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
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

// A `by` measure's groups and each group's values, column by column: a
// statement may hold a million groups, each with a value in every reported
// period (LANGUAGE.md §3), so values are kept as numbers (8 or 16 bytes each)
// and written as text only when shown. Groups are in order of name; every
// group has one value per period of `periods()`, in that order.
class GroupValues {
 public:
  // How the numbers read as text: the measure's type.
  enum class Kind : uint8_t { Int, Decimal, Date, Bool, Text };

  GroupValues() = default;
  // `periods`: the periods each group has a value in (indices into
  // Statement::periods, increasing). `fractions`: each value also has a
  // numerator and a denominator (`percent of` measures).
  GroupValues(Kind kind, bool fractions, std::vector<uint32_t> periods)
      : kind_(kind), fractions_(fractions), periods_(std::move(periods)) {}

  size_t size() const { return name_end_.size() - 1; }
  bool empty() const { return size() == 0; }
  std::string_view name(size_t group) const {
    return std::string_view(names_).substr(name_end_[group], name_end_[group + 1] - name_end_[group]);
  }
  // The group with this name, if any.
  std::optional<size_t> Find(std::string_view name) const;
  const std::vector<uint32_t>& periods() const { return periods_; }
  // Group g's values are the indices [begin(g), end(g)), one per period.
  size_t begin(size_t group) const { return group * periods_.size(); }
  size_t end(size_t group) const { return (group + 1) * periods_.size(); }
  uint32_t period(size_t v) const { return periods_[v % periods_.size()]; }  // into Statement::periods
  StatementValue value(size_t v) const;
  // Group g's value in a period, if the period is one of periods().
  std::optional<StatementValue> At(size_t group, uint32_t period) const;
  // The number of values, all groups together.
  size_t values() const { return present_.size(); }
  bool has_fractions() const { return fractions_; }
  // Appends value v as the JSON `value` member's value: a string, or null.
  void AppendJson(std::string& out, size_t v) const;

  // Building, group by group in order of name: StartGroup, then a value for
  // each of periods() in order (the period is checked).
  // Room for this many groups.
  void Reserve(size_t groups);
  void StartGroup(std::string_view name);
  void AddMissing(uint32_t period);
  void AddInt(uint32_t period, int64_t v);  // Int, Date (days), Bool (0 or 1)
  void AddDecimal(uint32_t period, Decimal v);
  void AddText(uint32_t period, std::string_view v);
  // The last value's numerator and denominator (when built with fractions).
  void SetFraction(int64_t numerator, int64_t denominator);

 private:
  void Push(uint32_t period, bool present, int64_t i, Decimal d);
  // A present value's text, appended to `out`.
  void AppendText(std::string& out, size_t v) const;

  Kind kind_ = Kind::Int;
  bool fractions_ = false;
  std::vector<uint32_t> periods_;
  size_t column_ = 0;                  // building: the next value's place in periods_
  std::string names_;                  // every group's name, one after another
  std::vector<uint64_t> name_end_{0};  // per group + 1: where its name starts, then ends
  std::vector<bool> present_;          // per value: false when missing
  std::vector<int64_t> ints_;          // per value, unless Kind::Decimal (Text: an index into texts_)
  std::vector<Decimal> decimals_;      // per value, for Kind::Decimal
  std::vector<int64_t> numerators_, denominators_;  // per value, with fractions
  std::vector<std::string> texts_;
};

struct MeasureResult {
  std::string name;
  std::string title;
  std::string type;                              // the language's type: "percent", "money", "int", ...
  std::map<std::string, StatementValue> values;  // by period label
  // `by` measures: each group's values.
  GroupValues groups;
  bool has_groups = false;
};

struct TargetResult {
  std::string measure;
  std::string description;  // "from 40% to 90%", "at least 95%"
  struct PeriodResult {
    Decimal achievement;  // 0..1
    std::string status;   // "met", "partial", "not met", "no data"
  };
  std::map<std::string, PeriodResult> periods;
  // The thresholds as exact numbers in the measure's unit (a percentage as a
  // fraction: 90% is 0.9), for the report's charts (statement_html.h); not in
  // the JSON. `at least X` and `at most X` have `from` only; `from A to B`
  // has both, B the end where the target is met (A may be above B: lower is
  // better); a change from baseline is the range from the baseline value to
  // that value moved by the change. A threshold is the same in every period
  // (it reads only inputs and baseline values); unset when it is missing (an
  // input without a value, no baseline value) or not a number.
  enum class Kind : uint8_t { AtLeast, AtMost, Range };
  Kind kind = Kind::Range;
  std::optional<Decimal> from, to;
};

struct OutcomeResult {
  std::string name;
  std::string title;
  std::map<std::string, Decimal> periods;
};

struct PaymentLine {
  std::string name;
  Decimal amount;                                   // rounded to the penny
  bool shadow = false;                              // `shadow pay`: shown, not in the total
  std::optional<std::string> group = std::nullopt;  // a `payment ... by` block's line: the group it pays
};

// `gate NAME = CONDITION`: passed, failed or missing (null) per period.
struct GateResult {
  std::string name;
  std::string title;
  std::map<std::string, std::optional<bool>> periods;  // by period label
  // Per failing period: the measure values the condition compared ("nhs_recorded
  // is 93.10%, needs at least 95%"), for `ocf check --data`.
  std::map<std::string, std::string> why;
};

// One group of a `payment ... by COLUMN` block: its targets, outcomes,
// achievement and gates in the block's payment periods.
struct GroupResult {
  std::string column;
  std::string name;
  std::vector<TargetResult> targets;
  std::vector<OutcomeResult> outcomes;
  std::map<std::string, Decimal> achievement;
  std::vector<GateResult> gates;
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
  std::optional<int64_t> baseline;                 // rows dated in the baseline, when the contract has one
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
  std::vector<GateResult> gates;    // in declaration order
  std::vector<GroupResult> groups;  // by column (in order of first `payment ... by`), then group name

  // The index of the period with this label in `periods`.
  std::optional<uint32_t> PeriodIndex(const std::string& label) const;
  // A `by` measure's value for a group in the period with this label, if any.
  std::optional<StatementValue> GroupValue(const MeasureResult& m, const std::string& group,
                                           const std::string& label) const;
};

// Where a statement is written, piece by piece (a million groups' statement
// is written as it is rendered, never held whole as text).
using TextSink = std::function<void(std::string_view)>;

// The JSON object of docs/json.md ("schema": "ocf.statement/1"; LANGUAGE.md
// §5 and §6). `only_period`, when set, keeps just that period (and the
// payment period of that label).
std::string RenderStatementJson(const Statement& s,
                                const std::optional<std::string>& only_period = std::nullopt);
void WriteStatementJson(const Statement& s, const TextSink& sink,
                        const std::optional<std::string>& only_period = std::nullopt);
// A statement a contract manager can paste into a report: one section per
// contract year (its quarters or months, and the year), then the term.
std::string RenderStatementTable(const Statement& s,
                                 const std::optional<std::string>& only_period = std::nullopt);
void WriteStatementTable(const Statement& s, const TextSink& sink,
                         const std::optional<std::string>& only_period = std::nullopt);
// Long format, one row per value: `section,name,group,period,value,numerator,denominator`.
std::string RenderStatementCsv(const Statement& s,
                               const std::optional<std::string>& only_period = std::nullopt);
void WriteStatementCsv(const Statement& s, const TextSink& sink,
                       const std::optional<std::string>& only_period = std::nullopt);

// Money as a statement shows it: `£1,234,567.89` (negative: `-£12.00`).
std::string FormatMoney(Decimal amount, const std::string& currency);
// A fraction as a percentage, always to two places, so a column of them
// lines up: 0.875 -> `87.50%`, 1 -> `100.00%`, 12.5 -> `1,250.00%`.
std::string FormatPercent(Decimal fraction);
// A percentage as a contract writes one: to at most two places, without
// trailing zeros (0.875 -> `87.5%`, 0.4 -> `40%`). For thresholds and rates
// quoted in words ("from 40% to 90%", "needs at least 95%") and in test
// messages, where the author's figure is shown as written.
std::string FormatPercentAsWritten(Decimal fraction);
// A number as a statement shows it, with the separator money has:
// `12345.5` -> `12,345.5`, `-1000` -> `-1,000`. Text that is not a plain
// number (an optional `-`, digits, optionally `.` and digits) is returned as
// it is.
std::string GroupThousands(std::string_view number);

}  // namespace ocf
