#include "runtime/interp/records.h"

#include <map>
#include <set>

#include "runtime/exec/link_index.h"

namespace ocf::interp {
namespace {

using plan::AggregateOp;
using plan::Op;
using plan::ValueType;

constexpr size_t kNone = SIZE_MAX;

// The period of the same kind just before each period (kNone for the first
// of each kind and for `term`), as the period-level engine finds it.
std::vector<size_t> PreviousPeriods(const std::vector<Period>& all) {
  std::vector<size_t> prev;
  std::map<PeriodKind, size_t> last;
  for (size_t p = 0; p < all.size(); ++p) {
    auto it = last.find(all[p].kind);
    prev.push_back(it == last.end() || all[p].kind == PeriodKind::Term ? kNone : it->second);
    last[all[p].kind] = p;
  }
  return prev;
}

// Walks a measure's value, following the measures it names into the
// periods they are read in.
class SourceWalk {
 public:
  explicit SourceWalk(const plan::EvaluationPlan& plan)
      : plan_(plan), all_(plan.WorkedOutPeriods()), prev_(PreviousPeriods(all_)) {
    for (size_t p = 0; p < all_.size(); ++p)
      if (all_[p].kind == PeriodKind::Baseline) baseline_ = p;
  }

  void Walk(plan::ExprId root, size_t period) {
    if (root == plan::kNoSlot || period == kNone || !seen_.insert({root, period}).second) return;
    const plan::Node& n = plan_.node(root);
    switch (n.op) {
      case Op::Aggregate:
        if (plan_.aggregates[n.slot].used && found_.insert({n.slot, period}).second) Add(n.slot, period);
        return;
      case Op::Measure:
        Walk(plan_.measures[n.slot].value, period);
        return;
      case Op::PreviousPeriod:
      case Op::AtBaseline: {
        // Inside a `by` measure child 0 is the measure narrowed to the group.
        size_t other = n.op == Op::PreviousPeriod ? prev_[period] : baseline_;
        Walk(n.children.empty() ? plan_.measures[n.slot].value : n.children[0], other);
        return;
      }
      default:
        for (plan::ExprId c : n.children) Walk(c, period);
    }
  }

  std::vector<RecordSource> sources;

 private:
  void Add(uint32_t agg, size_t period) {
    const plan::Aggregate& a = plan_.aggregates[agg];
    RecordSource s;
    s.aggregate = agg;
    s.period = period;
    s.span = a.window == plan::kNoSlot ? all_[period]
                                       : WindowOf(all_[period], plan_.windows[a.window], plan_.timeline());
    sources.push_back(std::move(s));
  }

  const plan::EvaluationPlan& plan_;
  std::vector<Period> all_;
  std::vector<size_t> prev_;
  size_t baseline_ = kNone;
  std::set<std::pair<plan::ExprId, size_t>> seen_;
  std::set<std::pair<uint32_t, size_t>> found_;
};

// Whether a record dated `d` is read by any period: in the term or the baseline.
bool InTimeline(const Timeline& t, Date d) {
  if (d >= t.term_start && d <= t.term_end) return true;
  return t.baseline && d >= t.baseline->start && d <= t.baseline->end;
}

}  // namespace

const char* ToString(CountedAs as) {
  switch (as) {
    case CountedAs::Counted:
      return "counted";
    case CountedAs::Numerator:
      return "numerator";
    case CountedAs::DenominatorOnly:
      return "denominator only";
    case CountedAs::Skipped:
      return "skipped: missing value";
    case CountedAs::Outside:
      return "outside the term";
  }
  return "";
}

bool HasValue(const plan::Aggregate& a) {
  return a.value != plan::kNoSlot && a.op != AggregateOp::Count && a.op != AggregateOp::PercentOf;
}

std::vector<RecordSource> SourcesOf(const plan::EvaluationPlan& plan, uint32_t measure, size_t period) {
  SourceWalk walk(plan);
  walk.Walk(plan.measures[measure].value, period);
  return std::move(walk.sources);
}

struct RecordFinder::State {
  explicit State(const RunInput& run) : in(run), eval(*run.plan), links(*run.plan, run.tables) {}
  const RunInput& in;
  Evaluator eval;
  exec::LinkIndexes links;
};

RecordFinder::RecordFinder(const RunInput& in) : state_(std::make_unique<State>(in)) {}
RecordFinder::~RecordFinder() = default;

std::vector<RecordEntry> RecordFinder::Find(const std::vector<RecordSource>& sources,
                                            const RecordsRequest& request) {
  const plan::EvaluationPlan& plan = *state_->in.plan;
  const Table& table = *state_->in.tables[request.table];
  const Column& dated = table.column(plan.tables[request.table].dated_by);
  const Timeline timeline = plan.timeline();
  // A group is a value of the `by` column: its code in that column's
  // dictionary (none: no record has it).
  auto group_code = [&](uint32_t column) -> std::optional<uint32_t> {
    if (column == plan::kNoSlot || column >= table.column_count()) return std::nullopt;
    return table.column(column).strings().Find(*request.group);
  };
  auto in_group = [&](uint32_t column, const std::optional<uint32_t>& code, size_t r) {
    const Column& c = table.column(column);
    return code && c.present(r) && c.code_at(r) == *code;
  };
  std::vector<RecordEntry> out;

  if (request.which == RecordSet::Outside) {
    bool narrowed = request.group && request.by_column != plan::kNoSlot;
    std::optional<uint32_t> code = narrowed ? group_code(request.by_column) : std::nullopt;
    for (size_t r = 0; r < table.row_count(); ++r) {
      if (dated.present(r) && InTimeline(timeline, dated.date_at(r))) continue;
      if (narrowed && !in_group(request.by_column, code, r)) continue;
      out.push_back({static_cast<uint32_t>(r), 0, CountedAs::Outside});
    }
    return out;
  }

  // The sources over this table that can give records of the asked kind.
  struct Active {
    uint32_t index;
    const plan::Aggregate* a;
    const RecordSource* source;
    bool narrowed;
    std::optional<uint32_t> code;
  };
  std::vector<Active> active;
  for (size_t k = 0; k < sources.size(); ++k) {
    const plan::Aggregate& a = plan.aggregates[sources[k].aggregate];
    if (a.table != request.table) continue;
    bool percent = a.op == AggregateOp::PercentOf;
    if ((request.which == RecordSet::Numerator || request.which == RecordSet::Denominator) && !percent)
      continue;
    if (request.which == RecordSet::Skipped && !HasValue(a)) continue;
    bool narrowed = request.group && a.by_column != plan::kNoSlot;
    active.push_back({static_cast<uint32_t>(k), &a, &sources[k], narrowed,
                      narrowed ? group_code(a.by_column) : std::nullopt});
  }
  if (active.empty()) return out;

  const Evaluator& eval = state_->eval;
  Scope scope;
  scope.inputs = &state_->in.inputs;
  scope.links = &state_->links;
  scope.table = &table;
  for (size_t r = 0; r < table.row_count(); ++r) {
    if (!dated.present(r)) continue;
    Date d = dated.date_at(r);
    if (!InTimeline(timeline, d)) continue;
    for (const Active& s : active) {
      // The cheap tests first: most records of a large table are dated
      // outside the asked period.
      if (d < s.source->span.start || d > s.source->span.end) continue;
      if (s.narrowed && !in_group(s.a->by_column, s.code, r)) continue;
      const plan::Aggregate& a = *s.a;
      scope.row = r;
      scope.contract_year.reset();
      if (s.source->span.contract_year > 0) scope.contract_year = s.source->span.contract_year;
      if (a.population != plan::kNoSlot && !eval.Holds(a.population, scope)) continue;
      CountedAs as = CountedAs::Counted;
      if (a.op == AggregateOp::PercentOf) {
        as = eval.Holds(a.condition, scope) ? CountedAs::Numerator : CountedAs::DenominatorOnly;
      } else {
        if (a.condition != plan::kNoSlot && !eval.Holds(a.condition, scope)) continue;
        if (HasValue(a) && !eval.Eval(a.value, scope).present) as = CountedAs::Skipped;
      }
      bool wanted = request.which == RecordSet::Counted || request.which == RecordSet::Denominator ||
                    (request.which == RecordSet::Numerator && as == CountedAs::Numerator) ||
                    (request.which == RecordSet::Skipped && as == CountedAs::Skipped);
      if (wanted) out.push_back({static_cast<uint32_t>(r), s.index, as});
    }
  }
  return out;
}

std::string RecordFinder::ValueOf(const RecordSource& source, uint32_t row) {
  const plan::EvaluationPlan& plan = *state_->in.plan;
  const plan::Aggregate& a = plan.aggregates[source.aggregate];
  if (!HasValue(a)) return "";
  Scope scope;
  scope.inputs = &state_->in.inputs;
  scope.links = &state_->links;
  scope.table = state_->in.tables[a.table];
  scope.row = row;
  if (source.span.contract_year > 0) scope.contract_year = source.span.contract_year;
  Value v = state_->eval.Eval(a.value, scope);
  if (!v.present) return "";
  switch (a.value_type) {
    case ValueType::Decimal:
      return v.d.ToString();
    case ValueType::Date:
      return Date::FromDays(static_cast<int32_t>(v.i)).ToString();
    case ValueType::Text:
      return std::string(v.s);
    case ValueType::Bool:
      return v.i ? "true" : "false";
    default:
      return std::to_string(v.i);
  }
}

}  // namespace ocf::interp
