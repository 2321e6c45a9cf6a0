#include "runtime/exec/compiled.h"

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <map>
#include <system_error>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/exec/aggregate.h"
#include "runtime/exec/link_index.h"

namespace ocf::exec {
namespace {

using interp::EvalError;
using interp::Value;
using plan::AggregateOp;
using plan::ValueType;

bool CollectsValues(AggregateOp op) {
  return op == AggregateOp::Median || op == AggregateOp::Percentile || op == AggregateOp::CountDistinct;
}

// Medians and percentiles of whole numbers count small values in place.
bool HasHistogram(const plan::Aggregate& a) {
  return (a.op == AggregateOp::Median || a.op == AggregateOp::Percentile) &&
         a.value_type != ValueType::Decimal && a.value_type != ValueType::Text;
}

const void* ValuesOf(const Column& c) { return ColumnValues(c); }

// What the scans of a run share: the plan, its finest periods and each day's.
struct RunShape {
  explicit RunShape(const plan::EvaluationPlan& p) : plan(p), finest(p.finest) {
    // Each day from the first finest period's to the last's: its period, or
    // -1 between the baseline and the term.
    first_day = finest.empty() ? p.term_start.days() : finest.front().start.days();
    for (size_t f = 0; f < finest.size(); ++f) {
      while (first_day + static_cast<int64_t>(period_of_day.size()) < finest[f].start.days())
        period_of_day.push_back(-1);
      for (int64_t d = finest[f].start.days(); d <= finest[f].end.days(); ++d)
        period_of_day.push_back(static_cast<int32_t>(f));
    }
  }
  const plan::EvaluationPlan& plan;
  std::vector<Period> finest;
  int64_t first_day = 0;
  std::vector<int32_t> period_of_day;
};

// The columns of table `t` whose codes index states: `by` columns (groups)
// and text values counted distinct.
std::vector<bool> CodedColumns(const plan::EvaluationPlan& plan, size_t t) {
  std::vector<bool> coded(plan.tables[t].columns.size(), false);
  for (const std::string& name : plan.by_names)
    for (size_t c = 0; c < coded.size(); ++c)
      if (plan.tables[t].columns[c].name == name) coded[c] = true;
  for (const plan::Aggregate& a : plan.aggregates)
    if (a.table == t && a.op == AggregateOp::CountDistinct && a.value_type == ValueType::Text)
      coded[plan.node(a.value).slot] = true;
  return coded;
}

// One worker's partial states for one table, in its own dictionaries' codes.
class Partial {
 public:
  Partial(const RunShape& shape, size_t table, const CompiledScan& scan, const LinkProbe* links = nullptr,
          const int64_t* const* text_maps = nullptr)
      : shape_(shape), plan_(shape.plan), table_(table), scan_(scan) {
    const size_t na = plan_.aggregates.size(), nc = plan_.tables[table].columns.size();
    states_.resize(na);
    bags_.resize(na);
    histograms_.resize(na);
    state_ptrs_.assign(na, nullptr);
    bag_ptrs_.assign(na, nullptr);
    histogram_ptrs_.assign(na, nullptr);
    presence_.resize(nc);
    presence_ptrs_.assign(nc, nullptr);
    groups_.assign(nc, 0);
    by_column_.assign(nc, false);
    for (const std::string& name : plan_.by_names)
      for (size_t c = 0; c < nc; ++c)
        if (plan_.tables[table].columns[c].name == name) by_column_[c] = true;
    text_codes_.assign(scan.text_constants.size(), -1);
    KernelContext& ctx = ctx_;
    ctx.period_of_day = shape.period_of_day.data();
    ctx.first_day = shape.first_day;
    ctx.days = static_cast<int64_t>(shape.period_of_day.size());
    ctx.finest = static_cast<int64_t>(shape.finest.size());
    ctx.text_codes = text_codes_.data();
    ctx.links = links;
    ctx.text_maps = text_maps;
  }

  // Scans rows [begin, end) of columns whose codes index `dictionary_sizes`
  // codes per column (0 for other kinds). Returns the scan's status.
  int32_t Scan(const void* const* values, const uint8_t* const* present,
               const std::vector<size_t>& dictionary_sizes,
               const std::function<int64_t(const TextConstant&)>& resolve, uint64_t begin, uint64_t end) {
    if (!Resize(dictionary_sizes)) return kStatesTooLarge;
    for (size_t k = 0; k < text_codes_.size(); ++k)
      if (text_codes_[k] < 0) text_codes_[k] = resolve(scan_.text_constants[k]);
    ctx_.values = values;
    ctx_.present = present;
    ctx_.states = state_ptrs_.data();
    ctx_.bags = bag_ptrs_.data();
    ctx_.histograms = histogram_ptrs_.data();
    ctx_.presence = presence_ptrs_.data();
    return scan_.function(&ctx_, begin, end);
  }

  const KernelContext& context() const { return ctx_; }
  size_t groups(size_t column) const { return groups_[column]; }
  size_t group_count(size_t agg) const {
    const plan::Aggregate& a = plan_.aggregates[agg];
    return a.by_column == plan::kNoSlot ? 1 : groups_[a.by_column] + 1;
  }
  std::vector<int64_t>& states(size_t agg) { return states_[agg]; }
  std::vector<ValueBag>& bags(size_t agg) { return bags_[agg]; }
  const std::vector<int64_t>& histogram(size_t agg) const { return histograms_[agg]; }
  const std::vector<int64_t>& presence(size_t column) const { return presence_[column]; }
  bool is_by(size_t column) const { return by_column_[column]; }

 private:
  // The bytes the dense states take with `sizes` codes per column.
  size_t DenseBytes(const std::vector<size_t>& sizes) const {
    const size_t F = shape_.finest.size();
    size_t bytes = 0;
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      const plan::Aggregate& agg = plan_.aggregates[a];
      if (agg.table != table_) continue;
      size_t groups =
          agg.by_column == plan::kNoSlot ? 1 : std::max(groups_[agg.by_column], sizes[agg.by_column]) + 1;
      size_t per_slot = kStateWords * 8;
      if (CollectsValues(agg.op)) per_slot += sizeof(ValueBag);
      if (HasHistogram(agg)) per_slot += kHistogram * 8;
      bytes += groups * F * per_slot;
    }
    for (size_t c = 0; c < groups_.size(); ++c)
      if (by_column_[c]) bytes += (std::max(groups_[c], sizes[c]) + 1) * F * 8;
    return bytes;
  }

  // Slot = group * F + period, so more groups only append slots. False when
  // the states would be too large (nothing is changed then).
  bool Resize(const std::vector<size_t>& sizes) {
    if (DenseBytes(sizes) > kMaxDenseStateBytes) return false;
    const size_t F = shape_.finest.size();
    bool first = !initialised_;
    initialised_ = true;
    std::vector<bool> grown(groups_.size(), false);
    for (size_t c = 0; c < groups_.size(); ++c) {
      if (sizes[c] > groups_[c] || first) grown[c] = true;
      groups_[c] = std::max(groups_[c], sizes[c]);
    }
    for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
      const plan::Aggregate& agg = plan_.aggregates[a];
      if (agg.table != table_) continue;
      if (!first && (agg.by_column == plan::kNoSlot || !grown[agg.by_column])) continue;
      size_t slots = group_count(a) * F;
      states_[a].resize(slots * kStateWords, 0);
      state_ptrs_[a] = states_[a].data();
      if (CollectsValues(agg.op)) {
        bags_[a].resize(slots);
        bag_ptrs_[a] = bags_[a].data();
      }
      if (HasHistogram(agg)) {
        histograms_[a].resize(slots * kHistogram, 0);
        histogram_ptrs_[a] = histograms_[a].data();
      }
    }
    for (size_t c = 0; c < groups_.size(); ++c) {
      if (!by_column_[c] || !grown[c]) continue;
      presence_[c].resize((groups_[c] + 1) * F, 0);
      presence_ptrs_[c] = presence_[c].data();
    }
    return true;
  }

  const RunShape& shape_;
  const plan::EvaluationPlan& plan_;
  size_t table_;
  const CompiledScan& scan_;
  bool initialised_ = false;
  std::vector<size_t> groups_;  // per column: codes its dictionary had at the last scan
  std::vector<bool> by_column_;
  std::vector<std::vector<int64_t>> states_;
  std::vector<std::vector<ValueBag>> bags_;
  std::vector<std::vector<int64_t>> histograms_;
  std::vector<std::vector<int64_t>> presence_;
  std::vector<int64_t*> state_ptrs_;
  std::vector<ValueBag*> bag_ptrs_;
  std::vector<int64_t*> histogram_ptrs_;
  std::vector<int64_t*> presence_ptrs_;
  std::vector<int64_t> text_codes_;
  KernelContext ctx_{};
};

// The merged result of every worker's partial for every table: what the
// period-level evaluation asks for.
class MergedSource : public AggregateSource {
 public:
  explicit MergedSource(const RunShape& shape)
      : shape_(shape),
        plan_(shape.plan),
        slots_(plan_.aggregates.size()),
        names_(plan_.tables.size()),
        presence_(plan_.tables.size()),
        outside_(plan_.tables.size(), 0),
        baseline_(plan_.tables.size(), 0) {}

  // Merges the partials of table `t`; `dictionary(worker, column)` names the
  // codes each used.
  void Merge(size_t t, const std::vector<Partial*>& partials,
             const std::function<const StringDictionary*(size_t worker, size_t column)>& dictionary);

  AggState State(size_t agg, const Period& period) override;
  GroupCells GroupStates(size_t agg, const Period* only) override;
  GroupCells Presence(size_t t, size_t column) override;
  int64_t OutsideTerm(size_t t) override { return outside_[t]; }
  int64_t BaselineRows(size_t t) override { return baseline_[t]; }
  // Counts table t's rows dated in the baseline (the scans count them as read).
  void CountBaseline(size_t t, const Table& table) {
    if (plan_.baseline)
      baseline_[t] = table.RowsDatedIn(plan_.tables[t].dated_by, plan_.baseline->start, plan_.baseline->end);
  }

 private:
  size_t GroupCount(size_t agg) const {
    const plan::Aggregate& a = plan_.aggregates[agg];
    return a.by_column == plan::kNoSlot ? 1 : names_[a.table][a.by_column].size() + 1;
  }

  // Column `column` of table `t`'s codes in order of their text, sorted once.
  const CodeOrder& Codes(size_t t, size_t column) {
    auto it = code_orders_.find({t, column});
    if (it == code_orders_.end()) {
      const std::vector<std::string>& names = names_[t][column];
      it = code_orders_
               .emplace(std::make_pair(t, column),
                        SortCodes(std::vector<std::string_view>(names.begin(), names.end())))
               .first;
    }
    return it->second;
  }

  const RunShape& shape_;
  const plan::EvaluationPlan& plan_;
  std::map<std::pair<size_t, size_t>, CodeOrder> code_orders_;  // per (table, column)
  std::vector<std::vector<AggState>> slots_;                    // per aggregate: group * F + period
  std::vector<std::vector<std::vector<std::string>>> names_;    // per table, per column: each code's text
  std::vector<std::vector<std::vector<int64_t>>> presence_;     // per table, per column: rows per slot
  std::vector<int64_t> outside_;
  std::vector<int64_t> baseline_;
};

void MergedSource::Merge(size_t t, const std::vector<Partial*>& partials,
                         const std::function<const StringDictionary*(size_t, size_t)>& dictionary) {
  const size_t F = shape_.finest.size(), nc = plan_.tables[t].columns.size();
  std::vector<bool> coded = CodedColumns(plan_, t);
  // Each worker's codes renumbered into one dictionary per column, in order
  // of first appearance.
  names_[t].assign(nc, {});
  std::vector<std::vector<std::vector<uint32_t>>> renumber(partials.size(),
                                                           std::vector<std::vector<uint32_t>>(nc));
  for (size_t c = 0; c < nc; ++c) {
    if (!coded[c]) continue;
    std::unordered_map<std::string_view, uint32_t> index;  // views into the workers' dictionaries
    for (size_t w = 0; w < partials.size(); ++w) {
      const StringDictionary* dict = dictionary(w, c);
      size_t n = partials[w]->groups(c);
      renumber[w][c].resize(n);
      for (size_t code = 0; code < n; ++code) {
        std::string_view text = (*dict)[static_cast<uint32_t>(code)];
        auto [it, added] = index.emplace(text, static_cast<uint32_t>(names_[t][c].size()));
        if (added) names_[t][c].emplace_back(text);
        renumber[w][c][code] = it->second;
      }
    }
  }
  for (size_t a = 0; a < plan_.aggregates.size(); ++a) {
    const plan::Aggregate& agg = plan_.aggregates[a];
    if (agg.table != t) continue;
    std::vector<AggState>& out = slots_[a];
    out.assign(GroupCount(a) * F, AggState{});
    bool decimal = agg.value_type == ValueType::Decimal;
    bool distinct_text = agg.op == AggregateOp::CountDistinct && agg.value_type == ValueType::Text;
    for (size_t w = 0; w < partials.size(); ++w) {
      Partial& p = *partials[w];
      std::vector<int64_t>& words = p.states(a);
      size_t slots = words.size() / kStateWords;
      for (size_t s = 0; s < slots; ++s) {
        const int64_t* word = &words[s * kStateWords];
        if (!word[kRows]) continue;
        size_t group = s / F, period = s % F;
        if (group && agg.by_column != plan::kNoSlot) group = renumber[w][agg.by_column][group - 1] + 1;
        AggState part;
        part.rows = word[kRows];
        part.hits = word[kHits];
        part.n = word[kN];
        part.skipped = word[kSkipped];
        __int128 wide =
            static_cast<__int128>((static_cast<unsigned __int128>(static_cast<uint64_t>(word[kHi])) << 64) |
                                  static_cast<uint64_t>(word[kLo]));
        if (agg.op == AggregateOp::Sum || agg.op == AggregateOp::Mean) {
          part.sum = WideSum::FromWords(reinterpret_cast<const uint64_t*>(word + kSum));
        } else if (agg.op == AggregateOp::Min || agg.op == AggregateOp::Max) {
          if (part.n) part.set_best(decimal ? Value::Dec(Decimal::FromUnits(wide)) : Value::Int(word[kLo]));
        } else if (CollectsValues(agg.op)) {
          ValueBag& bag = p.bags(a)[s];
          part.bag() =
              distinct_text ? bag.Renumbered(renumber[w][plan_.node(agg.value).slot]) : std::move(bag);
          if (HasHistogram(agg)) {
            const int64_t* counts = &p.histogram(a)[s * kHistogram];
            for (int64_t v = 0; v < kHistogram; ++v)
              if (counts[v]) part.bag().AddCount(static_cast<size_t>(v), static_cast<uint64_t>(counts[v]));
          }
        }
        out[group * F + period].Merge(part, agg);
      }
    }
  }
  presence_[t].assign(nc, {});
  for (size_t c = 0; c < nc; ++c) {
    if (!partials.empty() && !partials[0]->is_by(c)) continue;
    std::vector<int64_t>& out = presence_[t][c];
    out.assign((names_[t][c].size() + 1) * F, 0);
    for (size_t w = 0; w < partials.size(); ++w) {
      const std::vector<int64_t>& counts = partials[w]->presence(c);
      for (size_t s = F; s < counts.size(); ++s) {
        size_t group = renumber[w][c][s / F - 1] + 1;
        out[group * F + s % F] += counts[s];
      }
    }
  }
  for (const Partial* p : partials) outside_[t] += p->context().outside;
}

AggState MergedSource::State(size_t agg, const Period& period) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  const size_t F = shape_.finest.size();
  PeriodRange finest = FinestIn(shape_.finest, period);
  AggState s;
  const std::vector<AggState>& slots = slots_[agg];
  for (size_t g = 0; g < GroupCount(agg); ++g)
    for (size_t f = finest.first; f < finest.last; ++f) {
      const AggState& part = slots[g * F + f];
      if (part.rows) s.Merge(part, a);
    }
  return s;
}

GroupCells MergedSource::GroupStates(size_t agg, const Period* only) {
  const plan::Aggregate& a = plan_.aggregates[agg];
  const size_t F = shape_.finest.size();
  PeriodRange wanted = only ? FinestIn(shape_.finest, *only) : PeriodRange{0, F};
  std::vector<uint64_t> keys;
  std::vector<AggState> states;
  const std::vector<AggState>& slots = slots_[agg];
  for (size_t s = F; s < slots.size(); ++s) {  // group 0 is "no value"
    if (!slots[s].rows || s % F < wanted.first || s % F >= wanted.last) continue;
    keys.push_back(s - F);  // (code + 1) * F + f, less one group
    states.push_back(slots[s]);
  }
  return ArrangeCells(Codes(a.table, a.by_column), keys, F, std::move(states), {});
}

GroupCells MergedSource::Presence(size_t t, size_t column) {
  const size_t F = shape_.finest.size();
  std::vector<uint64_t> keys;
  std::vector<int64_t> rows;
  const std::vector<int64_t>& counts = presence_[t][column];
  for (size_t s = F; s < counts.size(); ++s) {
    if (!counts[s]) continue;
    keys.push_back(s - F);
    rows.push_back(counts[s]);
  }
  return ArrangeCells(Codes(t, column), keys, F, {}, std::move(rows));
}

// A scan stopped at a row where an expression failed: the interpreter
// evaluates that row as its scans would and raises the located error.
[[noreturn]] void ExplainRowError(const interp::RunInput& in, size_t t, size_t row,
                                  const LinkIndexes& links) {
  const plan::EvaluationPlan& plan = *in.plan;
  interp::Evaluator eval(plan);
  interp::Scope scope;
  scope.links = &links;
  scope.table = in.tables[t];
  scope.row = row;
  scope.inputs = &in.inputs;
  for (const plan::Aggregate& a : plan.aggregates) {
    if (a.table != t || !a.used) continue;
    if (a.population != plan::kNoSlot && !eval.Holds(a.population, scope)) continue;
    if (a.condition != plan::kNoSlot && !eval.Holds(a.condition, scope) && a.op != AggregateOp::PercentOf)
      continue;
    if (a.value != plan::kNoSlot) eval.Eval(a.value, scope);
  }
  throw std::logic_error("a compiled scan reported an error the interpreter does not find");
}

int64_t ResolveIn(const Column& c, const std::string& text) {
  if (c.kind() == ColumnKind::Enum) {
    const auto& values = c.spec().enum_values;
    for (size_t i = 0; i < values.size(); ++i)
      if (values[i] == text) return static_cast<int64_t>(i);
    return -1;
  }
  std::optional<uint32_t> code = c.strings().Find(text);
  return code ? static_cast<int64_t>(*code) : -1;
}

// A table's columns as a scan reads them.
void ColumnPointers(const Table& table, std::vector<const void*>& values,
                    std::vector<const uint8_t*>& present) {
  values.resize(table.column_count());
  present.resize(table.column_count());
  for (size_t c = 0; c < table.column_count(); ++c) {
    values[c] = ValuesOf(table.column(c));
    present[c] = table.column(c).present_data();
  }
}

// Scans a table in memory: one contiguous range of rows per worker.
void ScanTable(const interp::RunInput& in, const RunShape& shape, size_t t, const CompiledScan& scan,
               unsigned threads, bool explicit_threads, LinkIndexes& links, MergedSource& merged) {
  const Table& table = *in.tables[t];
  const size_t rows = table.row_count(), nc = table.column_count();
  // Small tables are not worth a thread each, unless threads were asked for
  // (tests split tiny tables to exercise merging).
  size_t parts = explicit_threads ? std::max<size_t>(1, std::min<size_t>(threads, rows))
                                  : std::max<size_t>(1, std::min<size_t>(threads, rows / 16384 + 1));
  std::vector<const void*> values;
  std::vector<const uint8_t*> present;
  ColumnPointers(table, values, present);
  std::vector<size_t> sizes(nc, 0);
  std::vector<bool> coded = CodedColumns(shape.plan, t);
  for (size_t c = 0; c < nc; ++c)
    if (coded[c]) sizes[c] = table.column(c).dictionary_size();
  auto resolve = [&](const TextConstant& k) {
    const Table& in_table = k.table == UINT32_MAX ? table : *in.tables[k.table];
    return ResolveIn(in_table.column(k.column), k.text);
  };
  const LinkProbe* probes = scan.uses_links ? links.Probes() : nullptr;
  // Text columns of two tables compared: each code of one, the other's code for its text.
  std::vector<std::vector<int64_t>> maps;
  std::vector<const int64_t*> map_ptrs;
  for (const TextMap& m : scan.text_maps) {
    const Column& from = in.tables[m.from_table]->column(m.from_column);
    const Column& to = in.tables[m.to_table]->column(m.to_column);
    std::vector<int64_t>& codes = maps.emplace_back(std::max<size_t>(1, from.dictionary_size()), -1);
    for (size_t code = 0; code < from.dictionary_size(); ++code)
      codes[code] = ResolveIn(to, std::string(from.strings()[static_cast<uint32_t>(code)]));
  }
  for (const std::vector<int64_t>& m : maps) map_ptrs.push_back(m.data());
  std::vector<Partial> partials;
  for (size_t k = 0; k < parts; ++k) partials.emplace_back(shape, t, scan, probes, map_ptrs.data());
  std::vector<int32_t> status(parts, kScanOk);
  // What a part throws (out of memory) is thrown again here once every
  // worker is joined: leaving a thread, or this one while workers run, an
  // exception would end the process.
  std::vector<std::exception_ptr> thrown(parts);
  auto run = [&](size_t k) {
    try {
      status[k] = partials[k].Scan(values.data(), present.data(), sizes, resolve, rows * k / parts,
                                   rows * (k + 1) / parts);
    } catch (...) {
      thrown[k] = std::current_exception();
    }
  };
  std::vector<std::thread> workers;
  size_t started = 1;
  try {
    for (; started < parts; ++started) workers.emplace_back(run, started);
  } catch (const std::system_error&) {  // no thread to be had: the rest run here
  }
  for (size_t k = started; k < parts; ++k) run(k);
  run(0);
  for (std::thread& w : workers) w.join();
  for (const std::exception_ptr& e : thrown)
    if (e) std::rethrow_exception(e);
  for (size_t k = 0; k < parts; ++k) {
    const KernelContext& ctx = partials[k].context();
    if (status[k] == kStatesTooLarge)
      throw StatesTooLarge(fmt::format("`{}` has too many `by` groups for the compiled scans' dense states",
                                       shape.plan.tables[t].name));
    if (status[k] == kRowError) ExplainRowError(in, t, static_cast<size_t>(ctx.error_row), links);
    // The reference check (compiler/driver/data.cc) has passed every row
    // before a table in memory reaches here, so a compiled check cannot fail.
    if (status[k] == kCheckFailed)
      throw std::logic_error("a check rule the reference check passed fails compiled");
  }
  std::vector<Partial*> all;
  for (Partial& p : partials) all.push_back(&p);
  merged.Merge(t, all, [&](size_t, size_t c) { return &table.column(c).strings(); });
  merged.CountBaseline(t, table);
}

Statement Conclude(const plan::EvaluationPlan& plan, const interp::RunInput& input, MergedSource& source,
                   const std::vector<int64_t>& rows) {
  EvaluateInput in;
  in.plan = &plan;
  in.inputs = &input.inputs;
  in.explain = input.explain;
  in.source = &source;
  in.table_rows = rows;
  in.record = input.record;
  return Evaluate(in);
}

}  // namespace

struct ScanWhileReading::State {
  static constexpr size_t kMaxWorkers = 64;  // the parallel reader's cap
  struct Pending {
    size_t first, count;
    std::vector<size_t> sizes;
  };
  struct Worker {
    std::unique_ptr<Partial> partial;
    std::vector<Pending> pending;
    size_t rows = 0;
  };
  struct PerTable {
    std::vector<Worker> workers = std::vector<Worker>(kMaxWorkers);
    std::atomic<bool> failed{false};
  };

  State(const plan::EvaluationPlan& p, const std::vector<Value>& in, std::function<const CompiledPlan*()> c)
      : plan(p), inputs(in), compiled(std::move(c)), shape(p), tables(p.tables.size()) {}

  // Table t's scan can run while the table is filled: its text literals need
  // no lookup in a dictionary other threads are adding to.
  bool Usable(const CompiledPlan& c, size_t t) const {
    // A link reads tables that may not be read yet.
    if (c.scans[t].uses_links) return false;
    for (const TextConstant& k : c.scans[t].text_constants)
      if (plan.tables[t].columns[k.column].enum_values.empty()) return false;
    return true;
  }

  void Scan(size_t t, Worker& w, const CompiledPlan& c, const Table& table, size_t first, size_t count,
            const std::vector<size_t>& sizes) {
    if (!w.partial) w.partial = std::make_unique<Partial>(shape, t, c.scans[t]);
    std::vector<const void*> values;
    std::vector<const uint8_t*> present;
    ColumnPointers(table, values, present);
    auto resolve = [&](const TextConstant& k) { return ResolveIn(table.column(k.column), k.text); };
    if (w.partial->Scan(values.data(), present.data(), sizes, resolve, first, first + count) != kScanOk)
      tables[t].failed = true;
  }

  const plan::EvaluationPlan& plan;
  const std::vector<Value>& inputs;
  std::function<const CompiledPlan*()> compiled;
  RunShape shape;
  std::vector<PerTable> tables;
};

ScanWhileReading::ScanWhileReading(const plan::EvaluationPlan& plan, const std::vector<Value>& inputs,
                                   std::function<const CompiledPlan*()> compiled)
    : state_(std::make_unique<State>(plan, inputs, std::move(compiled))) {}

ScanWhileReading::~ScanWhileReading() = default;

void ScanWhileReading::Rows(size_t t, unsigned worker, const Table& table, size_t first, size_t count,
                            const std::vector<size_t>& dictionary_sizes) {
  State& s = *state_;
  State::PerTable& pt = s.tables[t];
  if (pt.failed || worker >= State::kMaxWorkers) {
    pt.failed = true;
    return;
  }
  State::Worker& w = pt.workers[worker];
  w.rows += count;
  const CompiledPlan* c = s.compiled();
  if (!c) {
    w.pending.push_back({first, count, dictionary_sizes});
    return;
  }
  if (!s.Usable(*c, t)) {
    pt.failed = true;
    return;
  }
  for (const State::Pending& p : w.pending) s.Scan(t, w, *c, table, p.first, p.count, p.sizes);
  w.pending.clear();
  s.Scan(t, w, *c, table, first, count, dictionary_sizes);
}

void ScanWhileReading::Discard(size_t t) { state_->tables[t].failed = true; }

bool ScanWhileReading::ChecksPassed(size_t t, size_t rows) const {
  const State& s = *state_;
  const State::PerTable& pt = s.tables[t];
  const CompiledPlan* c = s.compiled();
  if (!c || pt.failed || !s.Usable(*c, t)) return false;
  size_t scanned = 0;
  for (const State::Worker& w : pt.workers) {
    if (!w.pending.empty()) return false;
    scanned += w.rows;
  }
  return scanned == rows;
}

std::optional<Statement> ScanWhileReading::Finish(const interp::RunInput& input) {
  State& s = *state_;
  const CompiledPlan* c = s.compiled();
  if (!c) return std::nullopt;
  MergedSource merged(s.shape);
  std::vector<int64_t> rows;
  for (size_t t = 0; t < s.tables.size(); ++t) {
    State::PerTable& pt = s.tables[t];
    const Table& table = *input.tables[t];
    size_t seen = 0;
    for (const State::Worker& w : pt.workers) seen += w.rows;
    if (pt.failed || seen != table.row_count() || !s.Usable(*c, t)) return std::nullopt;
    std::vector<Partial*> partials;
    for (State::Worker& w : pt.workers) {
      for (const State::Pending& p : w.pending) s.Scan(t, w, *c, table, p.first, p.count, p.sizes);
      w.pending.clear();
      if (w.partial) partials.push_back(w.partial.get());
    }
    if (pt.failed) return std::nullopt;
    if (partials.empty()) {  // no rows: one empty partial keeps the shape
      pt.workers[0].partial = std::make_unique<Partial>(s.shape, t, c->scans[t]);
      std::vector<const void*> values;
      std::vector<const uint8_t*> present;
      ColumnPointers(table, values, present);
      pt.workers[0].partial->Scan(
          values.data(), present.data(), std::vector<size_t>(table.column_count(), 0),
          [](const TextConstant&) { return int64_t{-1}; }, 0, 0);
      partials.push_back(pt.workers[0].partial.get());
    }
    merged.Merge(t, partials, [&](size_t, size_t col) { return &table.column(col).strings(); });
    merged.CountBaseline(t, table);
    rows.push_back(static_cast<int64_t>(table.row_count()));
  }
  return Conclude(s.plan, input, merged, rows);
}

Statement RunCompiled(const interp::RunInput& input, const CompiledPlan& compiled,
                      const ExecOptions& options) {
  RunShape shape(*input.plan);
  MergedSource merged(shape);
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  LinkIndexes links(*input.plan, input.tables);  // every table is read: the links' indexes first
  std::vector<int64_t> rows;
  for (size_t t = 0; t < input.tables.size(); ++t) {
    ScanTable(input, shape, t, compiled.scans[t], threads, options.threads != 0, links, merged);
    rows.push_back(static_cast<int64_t>(input.tables[t]->row_count()));
  }
  return Conclude(*input.plan, input, merged, rows);
}

}  // namespace ocf::exec
