#include "runtime/sql/aggregate_result.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>

#include <fmt/format.h>

#include "runtime/csv_records.h"

namespace ocf::sql {

using exec::AggState;
using interp::Value;
using plan::AggregateOp;
using plan::ValueType;

bool Mergeable(const plan::Aggregate& a) {
  return a.op != AggregateOp::Median && a.op != AggregateOp::Percentile && a.op != AggregateOp::CountDistinct;
}

std::vector<Period> SqlSpans(const plan::EvaluationPlan& plan) {
  std::vector<Period> out = plan.finest;
  std::vector<Period> extra;
  std::set<std::pair<int32_t, int32_t>> seen;
  const Timeline timeline = plan.timeline();
  auto add = [&](const Period& p) {
    if (seen.insert({p.start.days(), p.end.days()}).second) extra.push_back(p);
  };
  for (const Period& p : plan.WorkedOutPeriods()) {
    add(p);
    for (const Window& w : plan.windows) add(WindowOf(p, w, timeline));
  }
  std::stable_sort(extra.begin(), extra.end(), [](const Period& a, const Period& b) {
    return a.start != b.start ? a.start < b.start : a.end < b.end;
  });
  out.insert(out.end(), extra.begin(), extra.end());
  return out;
}

struct AggregateResult::Impl {
  const plan::EvaluationPlan* plan = nullptr;
  std::vector<Period> spans;
  size_t finest = 0;
  // Per aggregate: the whole table's state per span, and each group's.
  std::vector<std::map<uint32_t, AggState>> overall;
  std::vector<std::map<std::string, std::map<uint32_t, AggState>>> groups;
  // (table, column) -> group -> finest span -> rows.
  std::map<std::pair<uint32_t, uint32_t>, std::map<std::string, std::map<uint32_t, int64_t>>> presence;
  std::vector<std::map<uint32_t, int64_t>> table_spans;  // per table: rows per finest span
  std::vector<int64_t> outside;                          // per table: rows in no span

  // The span a run asks about, among the spans after the finest ones.
  std::optional<uint32_t> SpanIndex(const Period& p) const {
    for (size_t x = finest; x < spans.size(); ++x)
      if (spans[x].start == p.start && spans[x].end == p.end) return static_cast<uint32_t>(x);
    return std::nullopt;
  }
};

namespace {

class Source : public exec::AggregateSource {
 public:
  explicit Source(std::shared_ptr<const AggregateResult::Impl> r) : r_(std::move(r)) {}

  bool Mergeable(size_t agg) override { return sql::Mergeable(r_->plan->aggregates[agg]); }

  AggState State(size_t agg, const Period& period) override {
    const plan::Aggregate& a = r_->plan->aggregates[agg];
    const auto& cells = r_->overall[agg];
    AggState s;
    if (!sql::Mergeable(a)) {
      std::optional<uint32_t> x = r_->SpanIndex(period);
      if (!x) throw interp::EvalError(a.span, "internal error: a span the warehouse's result does not have");
      auto it = cells.find(*x);
      if (it != cells.end()) s = it->second;
      return s;
    }
    PeriodRange range = FinestIn(r_->plan->finest, period);
    for (auto it = cells.lower_bound(static_cast<uint32_t>(range.first));
         it != cells.end() && it->first < range.last; ++it)
      s.Merge(it->second, a);
    return s;
  }

  exec::GroupCells GroupStates(size_t agg, const Period* only) override {
    const plan::Aggregate& a = r_->plan->aggregates[agg];
    auto layout = std::make_shared<exec::GroupLayout>();
    exec::GroupCells out;
    std::optional<uint32_t> x;
    uint32_t at = 0;
    if (!sql::Mergeable(a)) {
      if (!only)
        throw interp::EvalError(a.span, "internal error: a median's groups asked for every period at once");
      x = r_->SpanIndex(*only);
      if (!x) throw interp::EvalError(a.span, "internal error: a span the warehouse's result does not have");
      at = static_cast<uint32_t>(FinestIn(r_->plan->finest, *only).first);
    }
    for (const auto& [name, cells] : r_->groups[agg]) {
      size_t before = out.states.size();
      if (x) {
        auto it = cells.find(*x);
        if (it != cells.end()) {
          layout->finest.push_back(at);
          out.states.push_back(it->second);
        }
      } else {
        for (const auto& [span, state] : cells) {
          layout->finest.push_back(span);
          out.states.push_back(state);
        }
      }
      if (out.states.size() == before) continue;
      layout->names.push_back(name);
      layout->begin.push_back(static_cast<uint32_t>(before));
    }
    layout->begin.push_back(static_cast<uint32_t>(out.states.size()));
    out.layout = std::move(layout);
    return out;
  }

  exec::GroupCells Presence(size_t t, size_t column) override {
    auto layout = std::make_shared<exec::GroupLayout>();
    exec::GroupCells out;
    auto it = r_->presence.find({static_cast<uint32_t>(t), static_cast<uint32_t>(column)});
    if (it != r_->presence.end())
      for (const auto& [name, cells] : it->second) {
        layout->names.push_back(name);
        layout->begin.push_back(static_cast<uint32_t>(out.rows.size()));
        for (const auto& [span, rows] : cells) {
          layout->finest.push_back(span);
          out.rows.push_back(rows);
        }
      }
    layout->begin.push_back(static_cast<uint32_t>(out.rows.size()));
    out.layout = std::move(layout);
    return out;
  }

  int64_t OutsideTerm(size_t t) override { return r_->outside[t]; }

  int64_t BaselineRows(size_t t) override {
    int64_t n = 0;
    for (const auto& [span, rows] : r_->table_spans[t])
      if (r_->plan->finest[span].kind == PeriodKind::Baseline) n += rows;
    return n;
  }

 private:
  std::shared_ptr<const AggregateResult::Impl> r_;
};

// A whole number of any size the result may hold (a sum of BIGINTs).
std::optional<__int128> ParseWhole(std::string_view s) {
  // Spark and DuckDB may write a DECIMAL(38,0) as "12" or "12.0".
  std::optional<Decimal> d = Decimal::Parse(s);
  if (d) {
    if (!d->is_integer()) return std::nullopt;
    return d->units() / Decimal::FromInt(1).units();
  }
  bool neg = !s.empty() && s[0] == '-';
  if (neg) s.remove_prefix(1);
  if (s.empty() || s.size() > 38) return std::nullopt;
  __int128 v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return neg ? -v : v;
}

// An exact decimal, in plain or scientific notation (Spark writes 1.0E-8).
std::optional<Decimal> ParseExact(std::string_view s) {
  size_t e = s.find_first_of("eE");
  if (e == std::string_view::npos) return Decimal::Parse(s);
  std::string_view mant = s.substr(0, e), exp = s.substr(e + 1);
  if (!exp.empty() && exp[0] == '+') exp.remove_prefix(1);
  int shift = 0;
  try {
    size_t used = 0;
    shift = std::stoi(std::string(exp), &used);
    if (used != exp.size() || shift < -60 || shift > 60) return std::nullopt;
  } catch (...) {
    return std::nullopt;
  }
  return Decimal::Parse(mant, shift);
}

}  // namespace

std::optional<AggregateResult> AggregateResult::Read(const plan::EvaluationPlan& plan,
                                                     const std::vector<std::string>& columns,
                                                     const std::vector<ResultRow>& rows, std::string& error) {
  std::vector<int> at(kResultColumnCount, -1);
  for (size_t c = 0; c < columns.size(); ++c)
    for (size_t k = 0; k < kResultColumnCount; ++k)
      if (columns[c] == kResultColumns[k]) at[k] = static_cast<int>(c);
  for (size_t k = 0; k < kResultColumnCount; ++k)
    if (at[k] < 0) {
      error =
          fmt::format("the result has no column `{}`: it is not the result of `ocf sql`'s aggregate script",
                      kResultColumns[k]);
      return std::nullopt;
    }
  auto impl = std::make_shared<Impl>();
  impl->plan = &plan;
  impl->spans = SqlSpans(plan);
  impl->finest = plan.finest.size();
  impl->overall.resize(plan.aggregates.size());
  impl->groups.resize(plan.aggregates.size());
  impl->table_spans.resize(plan.tables.size());
  impl->outside.assign(plan.tables.size(), 0);
  std::vector<int64_t> totals(plan.tables.size(), -1);  // per table: its rows, from the script
  enum Col { kKind, kItem, kCol, kSpan, kGrp, kIsGroup, kRows, kHits, kN, kSkipped, kTotal, kV1, kV2 };
  for (size_t i = 0; i < rows.size(); ++i) {
    const ResultRow& row = rows[i];
    auto cell = [&](Col c) -> const std::optional<std::string>& { return row[static_cast<size_t>(at[c])]; };
    auto fail = [&](Col c, const std::string& why) {
      error = fmt::format("row {}: `{}`: {}", i + 1, kResultColumns[c], why);
      return std::nullopt;
    };
    if (row.size() != columns.size()) {
      error = fmt::format("row {}: {} cells where the header has {}", i + 1, row.size(), columns.size());
      return std::nullopt;
    }
    auto whole = [&](Col c, int64_t lo, int64_t hi, bool may_be_null) -> std::optional<int64_t> {
      if (!cell(c)) {
        if (may_be_null) return INT64_MIN;
        return std::nullopt;
      }
      std::optional<__int128> v = ParseWhole(*cell(c));
      if (!v || *v < lo || *v > hi) return std::nullopt;
      return static_cast<int64_t>(*v);
    };
    const std::string kind = cell(kKind).value_or("");
    std::optional<int64_t> item = whole(kItem, 0, INT32_MAX, false);
    if (!item) return fail(kItem, "not an index of the plan");
    std::optional<int64_t> span = whole(kSpan, 0, static_cast<int64_t>(impl->spans.size()) - 1, true);
    if (!span) return fail(kSpan, fmt::format("not a span from 0 to {}", impl->spans.size() - 1));
    std::optional<int64_t> counts[4];
    for (int k = 0; k < 4; ++k) {
      counts[k] = whole(static_cast<Col>(kRows + k), 0, INT64_MAX, false);
      if (!counts[k]) return fail(static_cast<Col>(kRows + k), "not a count");
    }
    const bool is_group = cell(kIsGroup).value_or("0") == "1";
    if (kind == "total") {
      if (*item >= static_cast<int64_t>(plan.tables.size())) return fail(kItem, "no such table");
      if (totals[*item] >= 0) return fail(kItem, "a second total for the same table");
      totals[*item] = *counts[0];
      continue;
    }
    if (kind == "table") {
      if (*item >= static_cast<int64_t>(plan.tables.size())) return fail(kItem, "no such table");
      if (*span == INT64_MIN)
        impl->outside[*item] += *counts[0];
      else if (static_cast<size_t>(*span) < impl->finest)
        impl->table_spans[*item][static_cast<uint32_t>(*span)] += *counts[0];
      continue;
    }
    if (*span == INT64_MIN) return fail(kSpan, "missing");
    if (kind == "presence") {
      std::optional<int64_t> col = whole(kCol, 0, INT32_MAX, false);
      if (*item >= static_cast<int64_t>(plan.tables.size())) return fail(kItem, "no such table");
      if (!col || *col >= static_cast<int64_t>(plan.tables[*item].columns.size()))
        return fail(kCol, "no such column");
      if (!cell(kGrp)) return fail(kGrp, "missing");
      impl->presence[{static_cast<uint32_t>(*item), static_cast<uint32_t>(*col)}][*cell(kGrp)]
                    [static_cast<uint32_t>(*span)] += *counts[0];
      continue;
    }
    if (kind != "agg") return fail(kKind, "not `agg`, `presence`, `table` or `total`");
    if (*item >= static_cast<int64_t>(plan.aggregates.size())) return fail(kItem, "no such aggregate");
    const plan::Aggregate& a = plan.aggregates[*item];
    AggState s;
    s.rows = *counts[0];
    s.hits = *counts[1];
    s.n = *counts[2];
    s.skipped = *counts[3];
    auto value_key = [&](Col c, __int128& key, Value& v) -> bool {
      const std::string& text = *cell(c);
      switch (a.value_type) {
        case ValueType::Decimal: {
          std::optional<Decimal> d = ParseExact(text);
          if (!d) return false;
          v = Value::Dec(*d);
          key = d->units();
          return true;
        }
        case ValueType::Date: {
          std::optional<Date> d = Date::ParseIso(text);
          if (!d) return false;
          v = Value::Int(d->days());
          key = d->days();
          return true;
        }
        case ValueType::Bool:
          if (text != "true" && text != "false") return false;
          v = Value::Bool(text == "true");
          key = v.i;
          return true;
        default: {
          std::optional<__int128> w = ParseWhole(text);
          if (!w || *w > INT64_MAX || *w < INT64_MIN) return false;
          v = Value::Int(static_cast<int64_t>(*w));
          key = *w;
          return true;
        }
      }
    };
    if (a.op == AggregateOp::Sum || a.op == AggregateOp::Mean) {
      if (cell(kTotal)) {
        if (a.value_type == ValueType::Decimal) {
          std::optional<Decimal> d = ParseExact(*cell(kTotal));
          if (!d) return fail(kTotal, "not an exact decimal that ocf can hold");
          s.sum.Add(d->units());
        } else {
          std::optional<__int128> w = ParseWhole(*cell(kTotal));
          if (!w) return fail(kTotal, "not a whole number");
          s.sum.Add(*w);
        }
      } else if (s.n) {
        return fail(kTotal, "missing where values were summed");
      }
    } else if ((a.op == AggregateOp::Min || a.op == AggregateOp::Max) && s.n) {
      __int128 key = 0;
      Value v;
      if (!cell(kV1) || !value_key(kV1, key, v)) return fail(kV1, "not a value of the aggregate's type");
      s.set_best(v);
    } else if (a.op == AggregateOp::CountDistinct) {
      std::optional<int64_t> d = whole(kV1, 0, INT64_MAX, false);
      if (!d) return fail(kV1, "not a count");
      s.set_distinct(*d);
    } else if ((a.op == AggregateOp::Median || a.op == AggregateOp::Percentile) && s.n) {
      // The values at ranks `lower` and `lower + 1` stand for all n: the bag
      // gives PERCENTILE.INC the same two neighbours (aggregate.cc).
      int p = a.op == AggregateOp::Median ? 50 : a.percentile;
      uint64_t n = static_cast<uint64_t>(s.n);
      uint64_t lower = (n - 1) * static_cast<uint64_t>(p) / 100;
      __int128 lo = 0, hi = 0;
      Value v;
      if (!cell(kV1) || !value_key(kV1, lo, v)) return fail(kV1, "not a value of the aggregate's type");
      s.bag().AddRun(lo, lower + 1);
      if (lower + 1 < n) {
        if (!cell(kV2) || !value_key(kV2, hi, v)) return fail(kV2, "not a value of the aggregate's type");
        if (hi < lo) return fail(kV2, "below the value at the rank before it");
        s.bag().AddRun(hi, n - lower - 1);
      }
    }
    const uint32_t sp = static_cast<uint32_t>(*span);
    if (Mergeable(a) ? sp >= impl->finest : sp < impl->finest)
      return fail(kSpan, "not a span this aggregate is computed over");
    if (is_group) {
      if (!cell(kGrp)) return fail(kGrp, "missing in a group's row");
      auto& cells = impl->groups[*item][*cell(kGrp)];
      if (!cells.emplace(sp, std::move(s)).second) return fail(kSpan, "the same cell twice");
    } else if (!impl->overall[*item].emplace(sp, std::move(s)).second) {
      return fail(kSpan, "the same cell twice");
    }
  }
  // Each table's rows, counted by the script once more as a whole: a result
  // cut short (an export with a row limit) is refused rather than believed.
  for (size_t t = 0; t < plan.tables.size(); ++t) {
    int64_t seen = impl->outside[t];
    for (const auto& [span, n] : impl->table_spans[t]) seen += n;
    if (totals[t] < 0 || seen != totals[t]) {
      error = totals[t] < 0 ? fmt::format("there is no `total` row for table `{}`", plan.tables[t].name)
                            : fmt::format("table `{}` has {} rows, but the result's rows for it count {}",
                                          plan.tables[t].name, totals[t], seen);
      error += ": the result is not the script's whole result (an export cut short?)";
      return std::nullopt;
    }
  }
  AggregateResult out;
  out.impl_ = std::move(impl);
  return out;
}

std::vector<int64_t> AggregateResult::TableRows() const {
  std::vector<int64_t> out(impl_->outside);
  for (size_t t = 0; t < out.size(); ++t)
    for (const auto& [span, rows] : impl_->table_spans[t]) out[t] += rows;
  return out;
}

std::unique_ptr<exec::AggregateSource> AggregateResult::Source() const {
  return std::make_unique<sql::Source>(impl_);
}

std::optional<AggregateResult> ReadResultCsv(const plan::EvaluationPlan& plan, const std::string& path,
                                             std::string& error) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec) && !std::filesystem::is_regular_file(path, ec)) {
    error = fmt::format("{}: not a regular file (a folder, a device or a pipe)", path);
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = fmt::format("{}: cannot be read", path);
    return std::nullopt;
  }
  // RFC 4180 by the data reader's own splitter, which keeps whether each
  // field was quoted: an unquoted empty field is SQL's null, a quoted one an
  // empty text.
  std::vector<ResultRow> records;
  std::string bad;
  CsvRecordSplitter splitter;
  CsvRecordSplitter::Sink sink = [&](const CsvRecord& r) {
    if (!bad.empty()) return;
    if (r.too_long) {
      bad = fmt::format("{}:{}: a row too long to be a result's", path, r.line);
      return;
    }
    ResultRow row;
    for (const CsvField& f : r.fields) {
      if (f.text_after_quote || f.truncated) {
        bad = fmt::format("{}:{}: a malformed field", path, r.line);
        return;
      }
      if (f.text.empty() && !f.quoted)
        row.push_back(std::nullopt);
      else
        row.emplace_back(f.text);
    }
    if (!(row.size() == 1 && !row[0])) records.push_back(std::move(row));  // a blank line
  };
  std::vector<char> block(1 << 20);
  while (bad.empty() && in) {
    in.read(block.data(), static_cast<std::streamsize>(block.size()));
    splitter.Feed(std::string_view(block.data(), static_cast<size_t>(in.gcount())), sink);
  }
  if (uint64_t open = splitter.Finish(sink); open && bad.empty())
    bad = fmt::format("{}:{}: a quoted field is not closed", path, open);
  if (!bad.empty()) {
    error = bad;
    return std::nullopt;
  }
  if (records.empty()) {
    error = fmt::format("{}: empty: not the result of `ocf sql`'s aggregate script", path);
    return std::nullopt;
  }
  std::vector<std::string> header;
  for (const auto& f : records[0]) header.push_back(f.value_or(""));
  records.erase(records.begin());
  std::optional<AggregateResult> r = AggregateResult::Read(plan, header, records, error);
  if (!r) error = path + ": " + error;  // rows counted after the header: row N is line N + 1
  return r;
}

}  // namespace ocf::sql
