#include "runtime/exec/compiled.h"

#include <algorithm>
#include <map>
#include <thread>

#include "runtime/exec/aggregate.h"

namespace ocf::exec {
namespace {

using interp::EvalError;
using interp::Value;
using plan::AggregateOp;
using plan::ValueType;

bool CollectsValues(AggregateOp op) {
  return op == AggregateOp::Median || op == AggregateOp::Percentile || op == AggregateOp::CountDistinct;
}

const void* ValuesOf(const Column& c) {
  switch (c.kind()) {
    case ColumnKind::Int:
      return c.int_data();
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      return c.decimal_data();
    case ColumnKind::Bool:
      return c.bool_data();
    case ColumnKind::Date:
      return c.date_data();
    default:
      return c.code_data();
  }
}

int64_t ResolveText(const Column& c, const std::string& text) {
  if (c.kind() == ColumnKind::Enum) {
    const auto& values = c.spec().enum_values;
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == text) return static_cast<int64_t>(i);
    return -1;
  }
  for (size_t i = 0; i < c.dictionary_size(); ++i)
    if (c.dictionary(static_cast<uint32_t>(i)) == text) return static_cast<int64_t>(i);
  return -1;
}

// One thread's partial states for one table.
struct Partial {
  std::vector<std::vector<int64_t>> states;     // per plan aggregate
  std::vector<std::vector<ValueBag>> bags;      // per plan aggregate
  std::vector<std::vector<int64_t>> presence;   // per table column
  std::vector<int64_t*> state_ptrs;
  std::vector<ValueBag*> bag_ptrs;
  std::vector<int64_t*> presence_ptrs;
  KernelContext ctx{};
  int32_t status = kScanOk;
};

class CompiledSource : public AggregateSource {
 public:
  CompiledSource(const interp::RunInput& in, const CompiledPlan& compiled, const ExecOptions& options);

  AggState State(size_t agg, const Period& period, const std::string* group) override;
  std::set<std::string> Groups(const std::vector<uint32_t>& tables, const std::string& by,
                               const Period& period) override;
  int64_t OutsideTerm(size_t t) override { return outside_[t]; }

 private:
  void ScanTable(size_t t, const CompiledPlan& compiled, unsigned threads);
  [[noreturn]] void ExplainRowError(size_t t, size_t row);
  std::vector<size_t> FinestIn(const Period& p) const;
  size_t Groups(size_t agg) const;

  const interp::RunInput& in_;
  const plan::EvaluationPlan& plan_;
  bool explicit_threads_ = false;
  std::vector<Period> finest_;
  std::vector<int32_t> period_of_day_;
  std::vector<std::vector<AggState>> slots_;            // per aggregate, merged over threads
  std::vector<std::vector<std::vector<int64_t>>> presence_;  // per table, per column
  std::vector<int64_t> outside_;
  std::map<std::pair<size_t, size_t>, std::map<std::string, uint32_t>> codes_;  // (table, column) -> text -> code
};

size_t CompiledSource::Groups(size_t agg) const {
  const plan::Aggregate& a = plan_.aggregates[agg];
  if (a.by_column == plan::kNoSlot) return 1;
  return in_.tables[a.table]->column(a.by_column).dictionary_size() + 1;
}

CompiledSource::CompiledSource(const interp::RunInput& in, const CompiledPlan& compiled, const ExecOptions& options)
    : in_(in), plan_(*in.plan), explicit_threads_(options.threads != 0) {
  finest_ = PeriodsOf(plan_.reporting, plan_.term_start, plan_.term_end);
  for (size_t f = 0; f < finest_.size(); ++f)
    for (int64_t d = finest_[f].start.days(); d <= finest_[f].end.days(); ++d)
      period_of_day_.push_back(static_cast<int32_t>(f));
  slots_.resize(plan_.aggregates.size());
  presence_.resize(plan_.tables.size());
  outside_.assign(plan_.tables.size(), 0);
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  for (size_t t = 0; t < plan_.tables.size(); ++t) ScanTable(t, compiled, threads);
}

void CompiledSource::ScanTable(size_t t, const CompiledPlan& compiled, unsigned threads) {
  const Table& table = *in_.tables[t];
  const CompiledScan& scan = compiled.scans[t];
  const size_t rows = table.row_count(), F = finest_.size();
  // Small tables are not worth a thread each, unless threads were asked for
  // (tests split tiny tables to exercise merging).
  size_t parts = explicit_threads_ ? std::max<size_t>(1, std::min<size_t>(threads, rows))
                                   : std::max<size_t>(1, std::min<size_t>(threads, rows / 16384 + 1));
  std::vector<const void*> values(table.column_count());
  std::vector<const uint8_t*> present(table.column_count());
  for (size_t c = 0; c < table.column_count(); ++c) {
    values[c] = ValuesOf(table.column(c));
    present[c] = table.column(c).present_data();
  }
  std::vector<int64_t> text_codes;
  for (const TextConstant& k : scan.text_constants) text_codes.push_back(ResolveText(table.column(k.column), k.text));
  std::vector<bool> by_column(table.column_count(), false);
  for (const std::string& name : plan_.by_names)
    for (size_t c = 0; c < plan_.tables[t].columns.size(); ++c)
      if (plan_.tables[t].columns[c].name == name) by_column[c] = true;

  std::vector<Partial> partials(parts);
  for (Partial& p : partials) {
    p.states.resize(plan_.aggregates.size());
    p.bags.resize(plan_.aggregates.size());
    p.state_ptrs.assign(plan_.aggregates.size(), nullptr);
    p.bag_ptrs.assign(plan_.aggregates.size(), nullptr);
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      if (plan_.aggregates[a].table != t) continue;
      size_t slots = Groups(a) * F;
      p.states[a].assign(slots * kStateWords, 0);
      p.state_ptrs[a] = p.states[a].data();
      if (CollectsValues(plan_.aggregates[a].op)) {
        p.bags[a].resize(slots);
        p.bag_ptrs[a] = p.bags[a].data();
      }
    }
    p.presence.resize(table.column_count());
    p.presence_ptrs.assign(table.column_count(), nullptr);
    for (size_t c = 0; c < table.column_count(); ++c) {
      if (!by_column[c]) continue;
      p.presence[c].assign((table.column(c).dictionary_size() + 1) * F, 0);
      p.presence_ptrs[c] = p.presence[c].data();
    }
    KernelContext& ctx = p.ctx;
    ctx.values = values.data();
    ctx.present = present.data();
    ctx.period_of_day = period_of_day_.data();
    ctx.first_day = plan_.term_start.days();
    ctx.days = static_cast<int64_t>(period_of_day_.size());
    ctx.finest = static_cast<int64_t>(F);
    ctx.states = p.state_ptrs.data();
    ctx.bags = p.bag_ptrs.data();
    ctx.presence = p.presence_ptrs.data();
    ctx.text_codes = text_codes.data();
  }
  auto run = [&](size_t k) {
    uint64_t begin = rows * k / parts, end = rows * (k + 1) / parts;
    partials[k].status = scan.function(&partials[k].ctx, begin, end);
  };
  if (parts == 1) {
    run(0);
  } else {
    std::vector<std::thread> workers;
    for (size_t k = 1; k < parts; ++k) workers.emplace_back(run, k);
    run(0);
    for (std::thread& w : workers) w.join();
  }
  for (const Partial& p : partials) {
    if (p.status == kRowError) ExplainRowError(t, static_cast<size_t>(p.ctx.error_row));
    // The reference check (compiler/driver/data.cc) has passed every row
    // before a table reaches here, so a compiled check cannot fail.
    if (p.status == kCheckFailed) throw std::logic_error("a check rule the reference check passed fails compiled");
    if (p.status == kSumOverflow)
      throw EvalError(plan_.aggregates[static_cast<size_t>(p.ctx.error_aggregate)].span,
                      "the result is too large to hold exactly");
  }

  // Merge the partial states, slot by slot.
  for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
    const plan::Aggregate& agg = plan_.aggregates[a];
    if (agg.table != t) continue;
    size_t slots = Groups(a) * F;
    std::vector<AggState>& out = slots_[a];
    out.assign(slots, AggState{});
    bool decimal = agg.value_type == ValueType::Decimal;
    for (Partial& p : partials) {
      for (size_t s = 0; s < slots; ++s) {
        const int64_t* w = &p.states[a][s * kStateWords];
        if (!w[kRows]) continue;
        AggState part;
        part.rows = w[kRows];
        part.hits = w[kHits];
        part.n = w[kN];
        part.skipped = w[kSkipped];
        __int128 wide = static_cast<__int128>((static_cast<unsigned __int128>(static_cast<uint64_t>(w[kHi])) << 64) |
                                              static_cast<uint64_t>(w[kLo]));
        if (agg.op == AggregateOp::Sum || agg.op == AggregateOp::Mean) {
          if (decimal)
            part.dsum = Decimal::FromUnits(wide);
          else
            part.isum = w[kLo];
        } else if (agg.op == AggregateOp::Min || agg.op == AggregateOp::Max) {
          if (part.n) part.best = decimal ? Value::Dec(Decimal::FromUnits(wide)) : Value::Int(w[kLo]);
        } else if (CollectsValues(agg.op)) {
          part.bag = std::move(p.bags[a][s]);
        }
        out[s].Merge(part, agg);
      }
    }
  }
  presence_[t].assign(table.column_count(), {});
  for (size_t c = 0; c < table.column_count(); ++c) {
    if (!by_column[c]) continue;
    std::vector<int64_t>& out = presence_[t][c];
    out.assign(partials[0].presence[c].size(), 0);
    for (const Partial& p : partials)
      for (size_t s = 0; s < out.size(); ++s) out[s] += p.presence[c][s];
  }
  for (const Partial& p : partials) outside_[t] += p.ctx.outside;
}

// A compiled scan stopped at a row where an expression failed: the
// interpreter evaluates that row as its scans would and raises the located
// error.
void CompiledSource::ExplainRowError(size_t t, size_t row) {
  interp::Evaluator eval(plan_);
  interp::Scope scope;
  scope.table = in_.tables[t];
  scope.row = row;
  scope.inputs = &in_.inputs;
  for (const plan::Aggregate& a : plan_.aggregates) {
    if (a.table != t) continue;
    if (a.population != plan::kNoSlot && !eval.Holds(a.population, scope)) continue;
    if (a.condition != plan::kNoSlot && !eval.Holds(a.condition, scope) && a.op != AggregateOp::PercentOf) continue;
    if (a.value != plan::kNoSlot) eval.Eval(a.value, scope);
  }
  throw std::logic_error("a compiled scan reported an error the interpreter does not find");
}

std::vector<size_t> CompiledSource::FinestIn(const Period& p) const {
  std::vector<size_t> out;
  for (size_t i = 0; i < finest_.size(); ++i)
    if (finest_[i].start >= p.start && finest_[i].end <= p.end) out.push_back(i);
  return out;
}

AggState CompiledSource::State(size_t agg, const Period& period, const std::string* group) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  const size_t F = finest_.size();
  std::vector<size_t> finest = FinestIn(period);
  AggState s;
  const std::vector<AggState>& slots = slots_[agg];
  auto add_group = [&](size_t g) {
    for (size_t f : finest) {
      const AggState& part = slots[g * F + f];
      if (part.rows) s.Merge(part, a);
    }
  };
  if (!group) {
    for (size_t g = 0; g < Groups(agg); ++g) add_group(g);
    return s;
  }
  if (a.by_column == plan::kNoSlot) return s;
  auto& codes = codes_[{a.table, a.by_column}];
  if (codes.empty()) {
    const Column& c = in_.tables[a.table]->column(a.by_column);
    for (size_t i = 0; i < c.dictionary_size(); ++i)
      codes.emplace(std::string(c.dictionary(static_cast<uint32_t>(i))), static_cast<uint32_t>(i));
  }
  auto it = codes.find(*group);
  if (it != codes.end()) add_group(it->second + 1);
  return s;
}

std::set<std::string> CompiledSource::Groups(const std::vector<uint32_t>& tables, const std::string& by,
                                             const Period& period) {
  const size_t F = finest_.size();
  std::vector<size_t> finest = FinestIn(period);
  std::set<std::string> groups;
  for (uint32_t t : tables) {
    const Table& table = *in_.tables[t];
    for (size_t c = 0; c < plan_.tables[t].columns.size(); ++c) {
      if (plan_.tables[t].columns[c].name != by || presence_[t][c].empty()) continue;
      const std::vector<int64_t>& counts = presence_[t][c];
      for (size_t g = 1; g * F < counts.size(); ++g) {
        bool seen = false;
        for (size_t f : finest) seen |= counts[g * F + f] != 0;
        if (seen) groups.insert(std::string(table.column(c).dictionary(static_cast<uint32_t>(g - 1))));
      }
    }
  }
  return groups;
}

}  // namespace

Statement RunCompiled(const interp::RunInput& input, const CompiledPlan& compiled, const ExecOptions& options) {
  CompiledSource source(input, compiled, options);
  EvaluateInput in;
  in.plan = input.plan;
  in.inputs = &input.inputs;
  in.source = &source;
  for (const Table* t : input.tables) in.table_rows.push_back(static_cast<int64_t>(t->row_count()));
  return Evaluate(in);
}

}  // namespace ocf::exec
