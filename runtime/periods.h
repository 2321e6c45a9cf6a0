// Contract periods: contract years from the term's first day, their quarters
// and months, and the whole term, with the labels docs/language.md gives them
// (`2014/15`, `2014/15 Q1`, `2014-04`, `2015`, `term`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "runtime/date.h"

namespace ocf {

// Baseline: the period before the term that targets are measured against
// (LANGUAGE.md §6), labelled `baseline`.
enum class PeriodKind { Month, Quarter, Year, Term, Baseline };

// The longest term a contract may have, in contract years (the checker's
// E0210): a statement reports every period of the term, so a term of
// centuries is a mistyped year, and its statement would be unreadable.
constexpr int kMaxTermYears = 100;

struct Period {
  PeriodKind kind;
  std::string label;
  Date start;
  Date end;               // inclusive; a last period cut short by the term ends with it
  int contract_year = 0;  // 1-based; 0 for the term (missing unless the term is one year)
};

// Periods of one kind over the term [start, end], in order.
std::vector<Period> PeriodsOf(PeriodKind kind, Date term_start, Date term_end);

// A statement's order of periods (LANGUAGE.md §5): by end date, shorter
// first, so each year's months or quarters come before the year, and the term
// is last.
bool StatementOrder(const Period& a, const Period& b);

// Every period a statement reports for a contract with the given reporting
// frequency (Month, Quarter or Year): those periods, every contract year and
// the term, in StatementOrder.
std::vector<Period> ReportingPeriods(PeriodKind frequency, Date term_start, Date term_end,
                                     const std::optional<Period>& baseline = std::nullopt);

// The periods a statement works out: `reported` and every period of the
// payment frequencies they lack (monthly payments in a quarterly contract),
// each once, in StatementOrder.
std::vector<Period> WithPaymentPeriods(const std::vector<Period>& reported,
                                       const std::vector<PeriodKind>& payments, Date term_start,
                                       Date term_end);

// The baseline period [start, end], labelled `baseline` (no contract year).
Period BaselinePeriod(Date start, Date end);

// The periods of `finest` (in order, as PeriodsOf gives them) that lie inside
// `p`, as indices [first, last): found by binary search, so rolling every
// reported period up from the finest ones costs what the finest ones hold,
// not their number times the number of periods.
struct PeriodRange {
  size_t first = 0, last = 0;
};
PeriodRange FinestIn(const std::vector<Period>& finest, const Period& p);

// The span of records a windowed measure reads in a period (LANGUAGE.md §6,
// "Windows").
struct Window {
  enum class Kind : uint8_t { Last, YearToDate, TermToDate } kind = Kind::Last;
  int64_t months = 0;  // Last: the window's length
  bool operator==(const Window&) const = default;
};

// What a statement's records can be dated in: the term, and the baseline
// before it if the contract has one.
struct Timeline {
  Date term_start, term_end;
  std::optional<Period> baseline;
  // The first day any record is read from.
  Date first_day() const { return baseline ? baseline->start : term_start; }
};

// Period p's window: the records from its start (clipped at the timeline's
// first day) to p's end; in `baseline`, the baseline itself. The result
// keeps p's kind, label and contract year.
Period WindowOf(const Period& p, const Window& w, const Timeline& timeline);

// The days of `span` on which records are read (in the baseline or the
// term, not the gap between them): a window's `window_days`.
int64_t DaysRead(const Period& span, const Timeline& timeline);

// The finest periods of a run: the shortest spans of time every period in
// `periods` and every window of theirs is a run of (consecutive, in order,
// covering the baseline and the term and nothing between them). Aggregate
// states are gathered by these and rolled up, so no period or window is ever
// a rescan.
std::vector<Period> FinestPeriods(const std::vector<Period>& periods, const std::vector<Window>& windows,
                                  const Timeline& timeline);

const char* ToString(PeriodKind kind);

}  // namespace ocf
