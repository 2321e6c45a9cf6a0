#include "runtime/periods.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

namespace ocf {
namespace {

int MonthsIn(PeriodKind kind) { return kind == PeriodKind::Month ? 1 : kind == PeriodKind::Quarter ? 3 : 12; }

// `2014/15` when the full contract year spans two calendar years, else `2015`.
std::string YearLabel(Date year_start) {
  Date full_end = year_start.AddMonths(12).AddDays(-1);
  int a = year_start.ymd().year, b = full_end.ymd().year;
  if (a == b) return fmt::format("{}", a);
  return fmt::format("{}/{:02}", a, b % 100);
}

}  // namespace

const char* ToString(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::Month:
      return "month";
    case PeriodKind::Quarter:
      return "quarter";
    case PeriodKind::Year:
      return "year";
    case PeriodKind::Term:
      return "term";
    case PeriodKind::Baseline:
      return "baseline";
  }
  return "?";
}

std::vector<Period> PeriodsOf(PeriodKind kind, Date term_start, Date term_end) {
  std::vector<Period> out;
  if (term_end < term_start) return out;
  if (kind == PeriodKind::Term) {
    bool one_year = term_end < term_start.AddMonths(12);
    out.push_back({PeriodKind::Term, "term", term_start, term_end, one_year ? 1 : 0});
    return out;
  }
  int step = MonthsIn(kind);
  for (int64_t i = 0;; ++i) {
    Date start = term_start.AddMonths(i * step);
    if (start > term_end) break;
    Date end = std::min(term_start.AddMonths((i + 1) * step).AddDays(-1), term_end);
    int year = static_cast<int>(i * step / 12) + 1;
    Date year_start = term_start.AddMonths(static_cast<int64_t>(year - 1) * 12);
    std::string label;
    switch (kind) {
      case PeriodKind::Year:
        label = YearLabel(year_start);
        break;
      case PeriodKind::Quarter:
        label = fmt::format("{} Q{}", YearLabel(year_start), (i % 4) + 1);
        break;
      default:
        label = fmt::format("{:04}-{:02}", start.ymd().year, start.ymd().month);
        break;
    }
    out.push_back({kind, std::move(label), start, end, year});
  }
  return out;
}

std::vector<Period> WithPaymentPeriods(const std::vector<Period>& reported,
                                       const std::vector<PeriodKind>& payments, Date term_start,
                                       Date term_end) {
  std::vector<Period> all = reported;
  std::set<std::string> known;
  for (const Period& p : all) known.insert(p.label);
  for (PeriodKind kind : payments)
    for (Period& p : PeriodsOf(kind, term_start, term_end))
      if (known.insert(p.label).second) all.push_back(std::move(p));
  std::stable_sort(all.begin(), all.end(), StatementOrder);
  return all;
}

Period BaselinePeriod(Date start, Date end) { return {PeriodKind::Baseline, "baseline", start, end, 0}; }

std::vector<Period> ReportingPeriods(PeriodKind frequency, Date term_start, Date term_end,
                                     const std::optional<Period>& baseline) {
  std::vector<Period> out = PeriodsOf(frequency, term_start, term_end);
  if (baseline) out.push_back(*baseline);
  if (frequency != PeriodKind::Year) {
    std::vector<Period> years = PeriodsOf(PeriodKind::Year, term_start, term_end);
    out.insert(out.end(), years.begin(), years.end());
  }
  std::vector<Period> term = PeriodsOf(PeriodKind::Term, term_start, term_end);
  out.insert(out.end(), term.begin(), term.end());
  std::stable_sort(out.begin(), out.end(), StatementOrder);
  return out;
}

bool StatementOrder(const Period& a, const Period& b) {
  if (a.end != b.end) return a.end < b.end;
  if (a.start != b.start) return b.start < a.start;  // the shorter first
  return a.kind < b.kind;
}

PeriodRange FinestIn(const std::vector<Period>& finest, const Period& p) {
  // Starts and ends both increase: those starting on or after p's start are a
  // suffix, those ending on or before its end a prefix.
  auto first = std::lower_bound(finest.begin(), finest.end(), p.start,
                                [](const Period& f, Date d) { return f.start < d; });
  auto last = std::upper_bound(finest.begin(), finest.end(), p.end,
                               [](Date d, const Period& f) { return d < f.end; });
  PeriodRange r;
  r.first = static_cast<size_t>(first - finest.begin());
  r.last = std::max(r.first, static_cast<size_t>(last - finest.begin()));
  return r;
}

Period WindowOf(const Period& p, const Window& w, const Timeline& timeline) {
  if (p.kind == PeriodKind::Baseline) return p;
  Date start = timeline.term_start;
  switch (w.kind) {
    case Window::Kind::Last:
      start = p.end.AddDays(1).AddMonths(-w.months);
      break;
    case Window::Kind::YearToDate:
      // The contract year holding p's end (for `term`, its last year).
      for (int64_t k = 1;; ++k) {
        Date next = timeline.term_start.AddMonths(12 * k);
        if (next > p.end) break;
        start = next;
      }
      break;
    case Window::Kind::TermToDate:
      break;
  }
  Period out = p;
  out.start = std::max(start, timeline.first_day());
  return out;
}

int64_t DaysRead(const Period& span, const Timeline& timeline) {
  int64_t days = 0;
  auto overlap = [&](Date a, Date b) {
    Date from = std::max(a, span.start), to = std::min(b, span.end);
    if (!(to < from)) days += to.days() - from.days() + 1;
  };
  if (timeline.baseline) overlap(timeline.baseline->start, timeline.baseline->end);
  overlap(timeline.term_start, timeline.term_end);
  return days;
}

std::vector<Period> FinestPeriods(const std::vector<Period>& periods, const std::vector<Window>& windows,
                                  const Timeline& timeline) {
  // Every day a period or window starts on, or the day after one ends.
  std::vector<Date> cuts = {timeline.first_day(), timeline.term_start, timeline.term_end.AddDays(1)};
  if (timeline.baseline) cuts.push_back(timeline.baseline->end.AddDays(1));
  for (const Period& p : periods) {
    cuts.push_back(p.start);
    cuts.push_back(p.end.AddDays(1));
    for (const Window& w : windows) cuts.push_back(WindowOf(p, w, timeline).start);
  }
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  std::vector<Period> out;
  std::vector<Period> years = PeriodsOf(PeriodKind::Year, timeline.term_start, timeline.term_end);
  for (size_t i = 0; i + 1 < cuts.size(); ++i) {
    Date start = cuts[i], end = cuts[i + 1].AddDays(-1);
    if (start < timeline.first_day() || timeline.term_end < start) continue;
    bool in_baseline = timeline.baseline && !(timeline.baseline->end < start) && start < timeline.term_start;
    if (!in_baseline && start < timeline.term_start) continue;  // between the baseline and the term
    Period cell{in_baseline ? PeriodKind::Baseline : PeriodKind::Month, "", start, end, 0};
    for (const Period& y : years)
      if (!(start < y.start) && !(y.end < start)) cell.contract_year = y.contract_year;
    out.push_back(std::move(cell));
  }
  return out;
}

}  // namespace ocf
