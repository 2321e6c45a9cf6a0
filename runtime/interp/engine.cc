#include "runtime/interp/engine.h"

#include <algorithm>
#include <map>
#include <optional>
#include <tuple>

#include "runtime/exec/aggregate.h"

namespace ocf::interp {
namespace {

using exec::AggState;
using plan::AggregateOp;
using plan::ValueType;

// The aggregates' states by scanning, row by row. An aggregate over all its
// rows is one walk that fills its state in each finest period, and a period's
// state is the sum of its finest periods' (as the compiled engine's); one
// whose row expressions read `contract_year`, whose values depend on the
// period asked for, and one by group, walk the period's rows each time.
class Scanner : public exec::AggregateSource {
 public:
  Scanner(const RunInput& in, RunStats& stats)
      : in_(in), plan_(*in.plan), eval_(plan_), stats_(stats), finest_states_(plan_.aggregates.size()) {
    Bucket();
  }

  AggState State(size_t agg, const Period& period, const std::string* group) override;
  std::set<std::string> Groups(const std::vector<uint32_t>& tables, const std::string& by,
                               const Period& period) override;
  int64_t OutsideTerm(size_t t) override { return outside_[t]; }

 private:
  void Bucket();
  // Aggregate `agg` over `period`'s rows; with `groups`, into each row's group's state instead.
  AggState Scan(size_t agg, const Period& period, std::map<std::string, AggState>* groups);
  // Aggregate `agg`'s state in each finest period it has rows in (by
  // period), in one walk.
  using FinestStates = std::vector<std::pair<uint32_t, AggState>>;
  FinestStates ScanFinest(size_t agg);
  // Whether any of the aggregate's row expressions reads `contract_year`.
  bool ReadsContractYear(const plan::Aggregate& a) const;
  std::vector<bool> Wanted(const Period& p) const;
  // The row's outcome for the aggregate: whether it counts, and its value.
  bool Row(const plan::Aggregate& a, const Scope& row, bool& hit, Value& v);
  void AddRow(AggState& s, const plan::Aggregate& a, bool hit, const Value& v);

  const RunInput& in_;
  const plan::EvaluationPlan& plan_;
  Evaluator eval_;
  RunStats& stats_;
  std::vector<Period> finest_;
  // Per table: the finest period of each row, or -1 when outside the term.
  std::vector<std::vector<int32_t>> row_period_;
  std::vector<int64_t> outside_;
  std::map<std::pair<size_t, std::string>, std::map<std::string, AggState>> grouped_;  // (aggregate, period)
  std::vector<std::optional<FinestStates>> finest_states_;  // per aggregate, once walked
  // The groups of Groups() by (tables, `by` column, period): every `by`
  // measure of the same column asks for the same.
  std::map<std::tuple<std::vector<uint32_t>, std::string, std::string>, std::set<std::string>> groups_;
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

bool Scanner::ReadsContractYear(const plan::Aggregate& a) const {
  std::vector<plan::ExprId> stack;
  std::vector<bool> seen(plan_.nodes.size(), false);
  for (plan::ExprId e : {a.population, a.condition, a.value})
    if (e != plan::kNoSlot) stack.push_back(e);
  while (!stack.empty()) {
    plan::ExprId id = stack.back();
    stack.pop_back();
    if (seen[id]) continue;
    seen[id] = true;
    const plan::Node& n = plan_.node(id);
    if (n.op == plan::Op::ContractYear) return true;
    for (plan::ExprId c : n.children) stack.push_back(c);
  }
  return false;
}

bool Scanner::Row(const plan::Aggregate& a, const Scope& row, bool& hit, Value& v) {
  ++stats_.row_evaluations;
  if (a.population != plan::kNoSlot && !eval_.Holds(a.population, row)) return false;
  hit = false;
  if (a.op == AggregateOp::PercentOf) {
    hit = eval_.Holds(a.condition, row);
  } else if (a.condition != plan::kNoSlot && !eval_.Holds(a.condition, row)) {
    return false;
  }
  v = a.value == plan::kNoSlot ? Value() : eval_.Eval(a.value, row);
  return true;
}

Scanner::FinestStates Scanner::ScanFinest(size_t agg) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  std::vector<AggState> states(finest_.size());
  const Table& table = *in_.tables[a.table];
  Scope row;
  row.inputs = &in_.inputs;
  row.table = &table;
  for (size_t r = 0; r < table.row_count(); ++r) {
    int32_t f = row_period_[a.table][r];
    if (f < 0) continue;
    row.row = r;
    bool hit = false;
    Value v;
    if (Row(a, row, hit, v)) AddRow(states[static_cast<size_t>(f)], a, hit, v);
  }
  FinestStates seen;  // a state of no rows adds nothing
  for (size_t f = 0; f < states.size(); ++f)
    if (states[f].rows) seen.emplace_back(static_cast<uint32_t>(f), std::move(states[f]));
  return seen;
}

AggState Scanner::State(size_t agg, const Period& period, const std::string* group) {
  if (!group) {
    const plan::Aggregate& a = plan_.aggregates[agg];
    if (ReadsContractYear(a)) return Scan(agg, period, nullptr);
    std::optional<FinestStates>& finest = finest_states_[agg];
    if (!finest) finest = ScanFinest(agg);
    std::vector<bool> wanted = Wanted(period);
    AggState s;
    for (const auto& [f, state] : *finest)
      if (wanted[f]) s.Merge(state, a);
    return s;
  }
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
  std::vector<bool> wanted = Wanted(period);
  const Column* by = a.by_column == plan::kNoSlot ? nullptr : &table.column(a.by_column);
  Scope row;
  row.inputs = &in_.inputs;
  if (period.contract_year > 0) row.contract_year = period.contract_year;
  row.table = &table;
  for (size_t r = 0; r < table.row_count(); ++r) {
    int32_t f = row_period_[a.table][r];
    if (f < 0 || !wanted[static_cast<size_t>(f)]) continue;
    if (groups && (!by || !by->present(r))) continue;
    row.row = r;
    bool hit = false;
    Value v;
    if (!Row(a, row, hit, v)) continue;
    AddRow(groups ? (*groups)[std::string(by->text_at(r))] : s, a, hit, v);
  }
  return s;
}

std::set<std::string> Scanner::Groups(const std::vector<uint32_t>& tables, const std::string& by,
                                      const Period& period) {
  auto key = std::make_tuple(tables, by, period.label);
  if (auto it = groups_.find(key); it != groups_.end()) return it->second;
  std::vector<bool> wanted = Wanted(period);
  std::set<std::string>& groups = groups_[key];
  for (uint32_t t : tables) {
    const Table& table = *in_.tables[t];
    const Column* c = table.Find(by);
    if (!c) continue;
    for (size_t row = 0; row < table.row_count(); ++row) {
      int32_t f = row_period_[t][row];
      if (f >= 0 && wanted[static_cast<size_t>(f)] && c->present(row))
        groups.insert(std::string(c->text_at(row)));
    }
  }
  return groups;
}

}  // namespace

Statement Run(const RunInput& input, RunStats* stats) {
  RunStats local;
  Scanner scanner(input, stats ? *stats : local);
  exec::EvaluateInput in;
  in.plan = input.plan;
  in.inputs = &input.inputs;
  in.source = &scanner;
  for (const Table* t : input.tables) in.table_rows.push_back(static_cast<int64_t>(t->row_count()));
  return exec::Evaluate(in);
}

}  // namespace ocf::interp
