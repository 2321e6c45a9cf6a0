#include "runtime/interp/engine.h"

#include <algorithm>
#include <map>
#include <unordered_map>

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

  AggState State(size_t agg, const Period& period) override { return Scan(agg, period); }
  exec::GroupCells GroupStates(size_t agg, const Period* only) override;
  exec::GroupCells Presence(size_t t, size_t column) override;
  int64_t OutsideTerm(size_t t) override { return outside_[t]; }

 private:
  void Bucket();
  // Aggregate `agg` over `period`'s rows.
  AggState Scan(size_t agg, const Period& period);
  // Whether row r of aggregate a's table reaches it (its population holds,
  // and its condition unless `percent of`); `hit`: percent of's condition.
  bool Reaches(const plan::Aggregate& a, Scope& row, size_t r, bool& hit);
  // The cell of (group code, finest period) in `keys`, added if new.
  static uint32_t CellOf(std::unordered_map<uint64_t, uint32_t>& index, std::vector<uint64_t>& keys,
                         uint64_t key);
  std::vector<std::string_view> CodeNames(const Column& c) const;
  std::vector<bool> Wanted(const Period& p) const;
  void AddRow(AggState& s, const plan::Aggregate& a, bool hit, const Value& v);

  const RunInput& in_;
  const plan::EvaluationPlan& plan_;
  Evaluator eval_;
  std::vector<Period> finest_;
  // Per table: the finest period of each row, or -1 when outside the term.
  std::vector<std::vector<int32_t>> row_period_;
  std::vector<int64_t> outside_;
  // Count distinct of text: each string's code, shared by every aggregate.
  StringDictionary distinct_text_;
};

void Scanner::Bucket() {
  finest_ = PeriodsOf(plan_.reporting, plan_.term_start, plan_.term_end);
  for (size_t t = 0; t < plan_.tables.size(); ++t) {
    const Table& table = *in_.tables[t];
    const Column& dated = table.column(plan_.tables[t].dated_by);
    std::vector<int32_t> rows(table.row_count(), -1);
    int64_t outside = 0;
    for (size_t r = 0; r < table.row_count(); ++r) {
      Date d = dated.date_at(r);
      auto it = std::upper_bound(finest_.begin(), finest_.end(), d,
                                 [](Date x, const Period& p) { return x < p.start; });
      if (!dated.present(r) || it == finest_.begin() || d > plan_.term_end) {
        ++outside;
        continue;
      }
      rows[r] = static_cast<int32_t>(it - finest_.begin() - 1);
    }
    row_period_.push_back(std::move(rows));
    outside_.push_back(outside);
  }
}

std::vector<bool> Scanner::Wanted(const Period& p) const {
  std::vector<bool> wanted(finest_.size(), false);
  for (size_t i = 0; i < finest_.size(); ++i)
    wanted[i] = finest_[i].start >= p.start && finest_[i].end <= p.end;
  return wanted;
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

AggState Scanner::Scan(size_t agg, const Period& period) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  AggState s;
  const Table& table = *in_.tables[a.table];
  std::vector<bool> wanted = Wanted(period);
  Scope row;
  row.inputs = &in_.inputs;
  if (period.contract_year > 0) row.contract_year = period.contract_year;
  row.table = &table;
  for (size_t r = 0; r < table.row_count(); ++r) {
    int32_t f = row_period_[a.table][r];
    if (f < 0 || !wanted[static_cast<size_t>(f)]) continue;
    bool hit = false;
    if (!Reaches(a, row, r, hit)) continue;
    Value v = a.value == plan::kNoSlot ? Value() : eval_.Eval(a.value, row);
    AddRow(s, a, hit, v);
  }
  return s;
}

uint32_t Scanner::CellOf(std::unordered_map<uint64_t, uint32_t>& index, std::vector<uint64_t>& keys,
                         uint64_t key) {
  auto [it, added] = index.emplace(key, static_cast<uint32_t>(keys.size()));
  if (added) keys.push_back(key);
  return it->second;
}

std::vector<std::string_view> Scanner::CodeNames(const Column& c) const {
  std::vector<std::string_view> names;
  if (c.kind() == ColumnKind::Enum) {
    for (const std::string& v : c.spec().enum_values) names.push_back(v);
  } else {
    for (size_t k = 0; k < c.dictionary_size(); ++k) names.push_back(c.strings()[static_cast<uint32_t>(k)]);
  }
  return names;
}

// One scan fills every group's state in every finest period: rows go to the
// cell of their group and period.
exec::GroupCells Scanner::GroupStates(size_t agg, const Period* only) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  const Table& table = *in_.tables[a.table];
  const Column& by = table.column(a.by_column);
  std::unordered_map<uint64_t, uint32_t> index;
  std::vector<uint64_t> keys;
  std::vector<AggState> states;
  Scope row;
  row.inputs = &in_.inputs;
  row.table = &table;
  std::vector<bool> wanted(finest_.size(), true);
  if (only) {
    wanted = Wanted(*only);
    if (only->contract_year > 0) row.contract_year = only->contract_year;
  }
  for (size_t r = 0; r < table.row_count(); ++r) {
    int32_t f = row_period_[a.table][r];
    if (f < 0 || !wanted[static_cast<size_t>(f)] || !by.present(r)) continue;
    bool hit = false;
    if (!Reaches(a, row, r, hit)) continue;
    Value v = a.value == plan::kNoSlot ? Value() : eval_.Eval(a.value, row);
    uint32_t cell = CellOf(index, keys, static_cast<uint64_t>(by.code_at(r)) * finest_.size() + f);
    if (cell == states.size()) states.emplace_back();
    AddRow(states[cell], a, hit, v);
  }
  return exec::ArrangeCells(CodeNames(by), keys, finest_.size(), std::move(states), {});
}

exec::GroupCells Scanner::Presence(size_t t, size_t column) {
  const Table& table = *in_.tables[t];
  const Column& c = table.column(column);
  std::unordered_map<uint64_t, uint32_t> index;
  std::vector<uint64_t> keys;
  std::vector<int64_t> rows;
  for (size_t r = 0; r < table.row_count(); ++r) {
    int32_t f = row_period_[t][r];
    if (f < 0 || !c.present(r)) continue;
    uint32_t cell = CellOf(index, keys, static_cast<uint64_t>(c.code_at(r)) * finest_.size() + f);
    if (cell == rows.size()) rows.push_back(0);
    ++rows[cell];
  }
  return exec::ArrangeCells(CodeNames(c), keys, finest_.size(), {}, std::move(rows));
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
