#include "runtime/interp/engine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <span>

#include "runtime/exec/aggregate.h"

namespace ocf::interp {
namespace {

using exec::AggState;
using plan::AggregateOp;
using plan::ValueType;

// The aggregates' states by scanning, row by row, every time one is asked for.
class Scanner : public exec::AggregateSource {
 public:
  explicit Scanner(const RunInput& in) : in_(in), plan_(*in.plan), eval_(plan_) { Bucket(); }

  AggState State(size_t agg, const Period& period, const std::string* group) override;
  std::set<std::string> Groups(const std::vector<uint32_t>& tables, const std::string& by,
                               const Period& period) override;
  int64_t OutsideTerm(size_t t) override { return outside_[t]; }

 private:
  void Bucket();
  // Aggregate `agg` over `period`'s rows; with `groups`, into each row's group's state instead.
  AggState Scan(size_t agg, const Period& period, std::map<std::string, AggState>* groups);
  // Table t's rows in the finest periods inside p, in table order within each.
  std::span<const size_t> RowsIn(size_t t, const Period& p) const;
  void AddRow(AggState& s, const plan::Aggregate& a, bool hit, const Value& v);

  const RunInput& in_;
  const plan::EvaluationPlan& plan_;
  Evaluator eval_;
  std::vector<Period> finest_;
  // Per table: its in-term rows by finest period (the rows of finest period
  // f are rows_[t][starts_[t][f]] up to rows_[t][starts_[t][f + 1]]), so a
  // period's scan visits only its own rows.
  std::vector<std::vector<size_t>> rows_;
  std::vector<std::vector<size_t>> starts_;
  std::vector<int64_t> outside_;
  std::map<std::pair<size_t, std::string>, std::map<std::string, AggState>> grouped_;  // (aggregate, period)
  // Count distinct of text: each string's code, shared by every aggregate.
  StringDictionary distinct_text_;
};

void Scanner::Bucket() {
  finest_ = PeriodsOf(plan_.reporting, plan_.term_start, plan_.term_end);
  for (size_t t = 0; t < plan_.tables.size(); ++t) {
    const Table& table = *in_.tables[t];
    const Column& dated = table.column(plan_.tables[t].dated_by);
    // The rows by finest period, a counting sort: count each period's rows,
    // then place them (finding each row's period twice rather than keeping it).
    auto period_of = [&](size_t r) -> std::optional<size_t> {
      Date d = dated.date_at(r);
      auto it = std::upper_bound(finest_.begin(), finest_.end(), d,
                                 [](Date x, const Period& p) { return x < p.start; });
      if (!dated.present(r) || it == finest_.begin() || d > plan_.term_end) return std::nullopt;
      return static_cast<size_t>(it - finest_.begin() - 1);
    };
    std::vector<size_t> starts(finest_.size() + 1, 0);
    int64_t outside = 0;
    for (size_t r = 0; r < table.row_count(); ++r) {
      if (std::optional<size_t> f = period_of(r))
        ++starts[*f + 1];
      else
        ++outside;
    }
    for (size_t f = 0; f < finest_.size(); ++f) starts[f + 1] += starts[f];
    std::vector<size_t> rows(starts.back());
    std::vector<size_t> next(starts.begin(), starts.end() - 1);
    for (size_t r = 0; r < table.row_count(); ++r)
      if (std::optional<size_t> f = period_of(r)) rows[next[*f]++] = r;
    rows_.push_back(std::move(rows));
    starts_.push_back(std::move(starts));
    outside_.push_back(outside);
  }
}

std::span<const size_t> Scanner::RowsIn(size_t t, const Period& p) const {
  PeriodRange range = FinestIn(finest_, p);
  const std::vector<size_t>& starts = starts_[t];
  return std::span<const size_t>(rows_[t]).subspan(starts[range.first],
                                                   starts[range.last] - starts[range.first]);
}

void Scanner::AddRow(AggState& s, const plan::Aggregate& a, bool hit, const Value& v) {
  ++s.rows;
  if (a.op == AggregateOp::Count) return;
  if (a.op == AggregateOp::PercentOf) {
    s.hits += hit;
    return;
  }
  if (!v.present) {
    ++s.skipped;
    return;
  }
  switch (a.op) {
    case AggregateOp::CountDistinct:
    case AggregateOp::Median:
    case AggregateOp::Percentile:
      if (a.value_type == ValueType::Decimal)
        s.bag.Add(v.d.units());
      else if (a.value_type == ValueType::Text)
        s.bag.Add(distinct_text_.Intern(v.s));
      else
        s.bag.Add(v.i);
      break;
    case AggregateOp::Min:
      if (!s.n || CompareValues(a.value_type, v, s.best) < 0) s.best = v;
      break;
    case AggregateOp::Max:
      if (!s.n || CompareValues(a.value_type, v, s.best) > 0) s.best = v;
      break;
    default:
      s.sum.Add(a.value_type == ValueType::Decimal ? v.d.units() : static_cast<__int128>(v.i));
  }
  ++s.n;
}

AggState Scanner::State(size_t agg, const Period& period, const std::string* group) {
  if (!group) return Scan(agg, period, nullptr);
  // A group's state: one scan of the period fills every group's (each row
  // into its own group's state), kept for the groups asked for next.
  auto key = std::make_pair(agg, period.label);
  auto it = grouped_.find(key);
  if (it == grouped_.end()) {
    std::map<std::string, AggState> groups;
    Scan(agg, period, &groups);
    it = grouped_.emplace(key, std::move(groups)).first;
  }
  auto g = it->second.find(*group);
  return g == it->second.end() ? AggState{} : g->second;
}

AggState Scanner::Scan(size_t agg, const Period& period, std::map<std::string, AggState>* groups) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  AggState s;
  const Table& table = *in_.tables[a.table];
  const Column* by = a.by_column == plan::kNoSlot ? nullptr : &table.column(a.by_column);
  Scope row;
  row.inputs = &in_.inputs;
  if (period.contract_year > 0) row.contract_year = period.contract_year;
  row.table = &table;
  for (size_t r : RowsIn(a.table, period)) {
    if (groups && (!by || !by->present(r))) continue;
    row.row = r;
    if (a.population != plan::kNoSlot && !eval_.Holds(a.population, row)) continue;
    bool hit = false;
    if (a.op == AggregateOp::PercentOf) {
      hit = eval_.Holds(a.condition, row);
    } else if (a.condition != plan::kNoSlot && !eval_.Holds(a.condition, row)) {
      continue;
    }
    Value v = a.value == plan::kNoSlot ? Value() : eval_.Eval(a.value, row);
    AddRow(groups ? (*groups)[std::string(by->text_at(r))] : s, a, hit, v);
  }
  return s;
}

std::set<std::string> Scanner::Groups(const std::vector<uint32_t>& tables, const std::string& by,
                                      const Period& period) {
  std::set<std::string> groups;
  for (uint32_t t : tables) {
    const Table& table = *in_.tables[t];
    const Column* c = table.Find(by);
    if (!c) continue;
    for (size_t row : RowsIn(t, period))
      if (c->present(row)) groups.insert(std::string(c->text_at(row)));
  }
  return groups;
}

}  // namespace

Statement Run(const RunInput& input) {
  Scanner scanner(input);
  exec::EvaluateInput in;
  in.plan = input.plan;
  in.inputs = &input.inputs;
  in.source = &scanner;
  for (const Table* t : input.tables) in.table_rows.push_back(static_cast<int64_t>(t->row_count()));
  return exec::Evaluate(in);
}

}  // namespace ocf::interp
