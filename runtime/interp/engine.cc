#include "runtime/interp/engine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <span>

#include "runtime/exec/aggregate.h"
#include "runtime/exec/link_index.h"

namespace ocf::interp {
namespace {

using exec::AggState;
using plan::AggregateOp;
using plan::ValueType;

// Cells of (group code, finest period), numbered in order of first sight:
// open addressing over a power-of-two table, no allocation per cell.
class CellIndex {
 public:
  // The number of key's cell, and whether it is new.
  std::pair<uint32_t, bool> Find(uint64_t key) {
    if ((keys_.size() + 1) * 2 > slots_.size()) Grow();
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash(key) & mask;; i = (i + 1) & mask) {
      if (slots_[i] == kEmpty) {
        slots_[i] = static_cast<uint32_t>(keys_.size());
        keys_.push_back(key);
        return {slots_[i], true};
      }
      if (keys_[slots_[i]] == key) return {slots_[i], false};
    }
  }
  std::vector<uint64_t>& keys() { return keys_; }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static size_t Hash(uint64_t k) { return static_cast<size_t>((k * 0x9E3779B97F4A7C15ULL) >> 17); }
  void Grow() {
    std::vector<uint32_t> grown(std::max<size_t>(64, slots_.size() * 2), kEmpty);
    size_t mask = grown.size() - 1;
    for (uint32_t n = 0; n < keys_.size(); ++n) {
      size_t i = Hash(keys_[n]) & mask;
      while (grown[i] != kEmpty) i = (i + 1) & mask;
      grown[i] = n;
    }
    slots_.swap(grown);
  }
  std::vector<uint32_t> slots_;
  std::vector<uint64_t> keys_;
};

// The aggregates' states by scanning, row by row, every time one is asked for.
class Scanner : public exec::AggregateSource {
 public:
  Scanner(const RunInput& in, RunStats& stats)
      : in_(in),
        plan_(*in.plan),
        eval_(plan_),
        links_(plan_, in.tables),
        stats_(stats),
        finest_states_(plan_.aggregates.size()) {
    Bucket();
  }

  AggState State(size_t agg, const Period& period) override;
  exec::GroupCells GroupStates(size_t agg, const Period* only) override;
  exec::GroupCells Presence(size_t t, size_t column) override;
  int64_t OutsideTerm(size_t t) override { return outside_[t]; }
  int64_t BaselineRows(size_t t) override { return baseline_[t]; }

 private:
  void Bucket();
  // Aggregate `agg` over `period`'s rows.
  AggState Scan(size_t agg, const Period& period);
  // Whether row r of aggregate a's table reaches it (its population holds,
  // and its condition unless `percent of`); `hit`: percent of's condition.
  bool Reaches(const plan::Aggregate& a, Scope& row, size_t r, bool& hit);
  // Calls visit(row, finest period) for table t's rows in `only` (every
  // in-term row without it).
  template <typename Visit>
  void EachRow(size_t t, const Period* only, Visit visit) const;
  // Column `column` of table `t`'s codes in order of their text, sorted once.
  const exec::CodeOrder& Codes(size_t t, size_t column);
  // Table t's rows grouped by `column`, found once per column.
  struct Grouping {
    std::shared_ptr<const exec::GroupLayout> layout;
    std::vector<uint32_t> cell_of;  // per row: its cell in the layout, or kNoCell
    std::vector<int64_t> rows;      // per cell: the rows in it
  };
  static constexpr uint32_t kNoCell = UINT32_MAX;
  const Grouping& GroupingOf(size_t t, size_t column);
  // Table t's rows in the finest periods inside p, in table order within each.
  std::span<const size_t> RowsIn(size_t t, const Period& p) const;
  void AddRow(AggState& s, const plan::Aggregate& a, bool hit, const Value& v);

  const RunInput& in_;
  const plan::EvaluationPlan& plan_;
  Evaluator eval_;
  exec::LinkIndexes links_;  // built once, before any scan
  std::vector<Period> finest_;
  // Per table: its in-term rows by finest period (the rows of finest period
  // f are rows_[t][starts_[t][f]] up to rows_[t][starts_[t][f + 1]]), so a
  // period's scan visits only its own rows.
  std::vector<std::vector<size_t>> rows_;
  std::vector<std::vector<size_t>> starts_;
  std::vector<int64_t> outside_;
  std::vector<int64_t> baseline_;  // per table: rows in the baseline
  // Count distinct of text: each string's code, shared by every aggregate.
  StringDictionary distinct_text_;
  RunStats& stats_;
  // Per aggregate, once walked: its state in each finest period it has rows
  // in, in period order, so each period is a roll-up rather than a rescan.
  using FinestStates = std::vector<std::pair<uint32_t, AggState>>;
  std::vector<std::optional<FinestStates>> finest_states_;
  std::map<std::pair<size_t, size_t>, exec::CodeOrder> code_orders_;  // per (table, column)
  std::map<std::pair<size_t, size_t>, Grouping> groupings_;           // per (table, column)
};

void Scanner::Bucket() {
  finest_ = plan_.finest;
  for (size_t t = 0; t < plan_.tables.size(); ++t) {
    const Table& table = *in_.tables[t];
    const Column& dated = table.column(plan_.tables[t].dated_by);
    // The rows by finest period, a counting sort: count each period's rows,
    // then place them (finding each row's period twice rather than keeping it).
    auto period_of = [&](size_t r) -> std::optional<size_t> {
      Date d = dated.date_at(r);
      auto it = std::upper_bound(finest_.begin(), finest_.end(), d,
                                 [](Date x, const Period& p) { return x < p.start; });
      if (!dated.present(r) || it == finest_.begin() || d > std::prev(it)->end) return std::nullopt;
      return static_cast<size_t>(it - finest_.begin() - 1);
    };
    std::vector<size_t> starts(finest_.size() + 1, 0);
    int64_t outside = 0, baseline = 0;
    for (size_t r = 0; r < table.row_count(); ++r) {
      if (std::optional<size_t> f = period_of(r)) {
        ++starts[*f + 1];
        baseline += finest_[*f].kind == PeriodKind::Baseline;
      } else {
        ++outside;
      }
    }
    for (size_t f = 0; f < finest_.size(); ++f) starts[f + 1] += starts[f];
    std::vector<size_t> rows(starts.back());
    std::vector<size_t> next(starts.begin(), starts.end() - 1);
    for (size_t r = 0; r < table.row_count(); ++r)
      if (std::optional<size_t> f = period_of(r)) rows[next[*f]++] = r;
    rows_.push_back(std::move(rows));
    starts_.push_back(std::move(starts));
    outside_.push_back(outside);
    baseline_.push_back(baseline);
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
        s.bag().Add(v.d.units());
      else if (a.value_type == ValueType::Text)
        s.bag().Add(distinct_text_.Intern(v.s));
      else
        s.bag().Add(v.i);
      break;
    case AggregateOp::Min:
      if (!s.n || CompareValues(a.value_type, v, s.best()) < 0) s.set_best(v);
      break;
    case AggregateOp::Max:
      if (!s.n || CompareValues(a.value_type, v, s.best()) > 0) s.set_best(v);
      break;
    default:
      s.sum.Add(a.value_type == ValueType::Decimal ? v.d.units() : static_cast<__int128>(v.i));
  }
  ++s.n;
}

bool Scanner::Reaches(const plan::Aggregate& a, Scope& row, size_t r, bool& hit) {
  row.row = r;
  if (a.population != plan::kNoSlot && !eval_.Holds(a.population, row)) return false;
  hit = false;
  if (a.op == AggregateOp::PercentOf) {
    hit = eval_.Holds(a.condition, row);
  } else if (a.condition != plan::kNoSlot && !eval_.Holds(a.condition, row)) {
    return false;
  }
  return true;
}

// An aggregate whose rows do not read `contract_year` has the same state in
// a finest period whichever period asks: its rows are evaluated once, into
// their finest periods' states, and every period is rolled up from those.
AggState Scanner::State(size_t agg, const Period& period) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  std::optional<FinestStates>& finest = finest_states_[agg];
  if (!finest) {
    if (plan::ReadsContractYear(plan_, a)) return Scan(agg, period);
    finest.emplace();
    const Table& table = *in_.tables[a.table];
    Scope row;
    row.inputs = &in_.inputs;
    row.links = &links_;
    row.table = &table;
    EachRow(a.table, nullptr, [&](size_t r, size_t f) {
      bool hit = false;
      ++stats_.row_evaluations;
      if (!Reaches(a, row, r, hit)) return;
      Value v = a.value == plan::kNoSlot ? Value() : eval_.Eval(a.value, row);
      if (finest->empty() || finest->back().first != f)
        finest->push_back({static_cast<uint32_t>(f), AggState{}});
      AddRow(finest->back().second, a, hit, v);
    });
  }
  PeriodRange range = FinestIn(finest_, period);
  AggState s;
  auto it = std::lower_bound(finest->begin(), finest->end(), range.first,
                             [](const std::pair<uint32_t, AggState>& c, size_t f) { return c.first < f; });
  for (; it != finest->end() && it->first < range.last; ++it) s.Merge(it->second, a);
  return s;
}

AggState Scanner::Scan(size_t agg, const Period& period) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  AggState s;
  const Table& table = *in_.tables[a.table];
  Scope row;
  row.inputs = &in_.inputs;
  row.links = &links_;
  if (period.contract_year > 0) row.contract_year = period.contract_year;
  row.table = &table;
  for (size_t r : RowsIn(a.table, period)) {
    bool hit = false;
    ++stats_.row_evaluations;
    if (!Reaches(a, row, r, hit)) continue;
    Value v = a.value == plan::kNoSlot ? Value() : eval_.Eval(a.value, row);
    AddRow(s, a, hit, v);
  }
  return s;
}

template <typename Visit>
void Scanner::EachRow(size_t t, const Period* only, Visit visit) const {
  PeriodRange range = only ? FinestIn(finest_, *only) : PeriodRange{0, finest_.size()};
  const std::vector<size_t>& starts = starts_[t];
  for (size_t f = range.first; f < range.last; ++f)
    for (size_t k = starts[f]; k < starts[f + 1]; ++k) visit(rows_[t][k], f);
}

const exec::CodeOrder& Scanner::Codes(size_t t, size_t column) {
  auto it = code_orders_.find({t, column});
  if (it != code_orders_.end()) return it->second;
  const Column& c = in_.tables[t]->column(column);
  std::vector<std::string_view> names;
  if (c.kind() == ColumnKind::Enum) {
    for (const std::string& v : c.spec().enum_values) names.push_back(v);
  } else {
    for (size_t k = 0; k < c.dictionary_size(); ++k) names.push_back(c.strings()[static_cast<uint32_t>(k)]);
  }
  return code_orders_.emplace(std::make_pair(t, column), exec::SortCodes(std::move(names))).first->second;
}

// Every in-term row of table t with a value in `column` goes to the cell of
// its group and finest period: cells are found once, by hashing (code,
// period), laid out in order of name, and shared by every aggregate grouped
// by the column. A group's cells are only those it has rows in.
const Scanner::Grouping& Scanner::GroupingOf(size_t t, size_t column) {
  auto it = groupings_.find({t, column});
  if (it != groupings_.end()) return it->second;
  const Column& c = in_.tables[t]->column(column);
  CellIndex index;
  Grouping g;
  g.cell_of.assign(in_.tables[t]->row_count(), kNoCell);
  EachRow(t, nullptr, [&](size_t r, size_t f) {
    if (!c.present(r)) return;
    auto [cell, added] = index.Find(static_cast<uint64_t>(c.code_at(r)) * finest_.size() + f);
    if (added) g.rows.push_back(0);
    ++g.rows[cell];
    g.cell_of[r] = cell;
  });
  std::vector<uint32_t> position;
  g.layout = std::make_shared<exec::GroupLayout>(
      exec::LayOutCells(Codes(t, column), index.keys(), finest_.size(), position));
  for (uint32_t& cell : g.cell_of)
    if (cell != kNoCell) cell = position[cell];
  std::vector<int64_t> rows(g.rows.size());
  for (size_t i = 0; i < rows.size(); ++i) rows[position[i]] = g.rows[i];
  g.rows = std::move(rows);
  return groupings_.emplace(std::make_pair(t, column), std::move(g)).first->second;
}

exec::GroupCells Scanner::GroupStates(size_t agg, const Period* only) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  const Table& table = *in_.tables[a.table];
  const Grouping& grouping = GroupingOf(a.table, a.by_column);
  exec::GroupCells out;
  out.layout = grouping.layout;
  out.states.resize(grouping.rows.size());
  Scope row;
  row.inputs = &in_.inputs;
  row.links = &links_;
  row.table = &table;
  if (only && only->contract_year > 0) row.contract_year = only->contract_year;
  EachRow(a.table, only, [&](size_t r, size_t) {
    uint32_t cell = grouping.cell_of[r];
    if (cell == kNoCell) return;
    bool hit = false;
    ++stats_.row_evaluations;
    if (!Reaches(a, row, r, hit)) return;
    Value v = a.value == plan::kNoSlot ? Value() : eval_.Eval(a.value, row);
    AddRow(out.states[cell], a, hit, v);
  });
  return out;
}

exec::GroupCells Scanner::Presence(size_t t, size_t column) {
  const Grouping& grouping = GroupingOf(t, column);
  return {grouping.layout, {}, grouping.rows};
}

}  // namespace

Statement Run(const RunInput& input, RunStats* stats) {
  RunStats local;
  Scanner scanner(input, stats ? *stats : local);
  exec::EvaluateInput in;
  in.plan = input.plan;
  in.inputs = &input.inputs;
  in.source = &scanner;
  in.explain = input.explain;
  in.record = input.record;
  for (const Table* t : input.tables) in.table_rows.push_back(static_cast<int64_t>(t->row_count()));
  return exec::Evaluate(in);
}

}  // namespace ocf::interp
