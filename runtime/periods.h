// Contract periods: contract years from the term's first day, their quarters
// and months, and the whole term, with the labels docs/language.md gives them
// (`2014/15`, `2014/15 Q1`, `2014-04`, `2015`, `term`).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "runtime/date.h"

namespace ocf {

enum class PeriodKind { Month, Quarter, Year, Term };

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
std::vector<Period> ReportingPeriods(PeriodKind frequency, Date term_start, Date term_end);

// The periods of `finest` (in order, as PeriodsOf gives them) that lie inside
// `p`, as indices [first, last): found by binary search, so rolling every
// reported period up from the finest ones costs what the finest ones hold,
// not their number times the number of periods.
struct PeriodRange {
  size_t first = 0, last = 0;
};
PeriodRange FinestIn(const std::vector<Period>& finest, const Period& p);

const char* ToString(PeriodKind kind);

}  // namespace ocf
