#include "runtime/statement.h"

#include <algorithm>
#include <map>
#include <type_traits>

#include <fmt/format.h>

#include "runtime/data_report.h"  // WithThousands
#include "runtime/json.h"
#include "runtime/safe_text.h"
#include "runtime/statement_text.h"

namespace ocf {
namespace {

using namespace statement_text;

void JsonValue(std::string& out, const StatementValue& v) {
  out += "{\"value\": ";
  if (v.value)
    AppendJsonString(out, *v.value);
  else
    out += "null";
  if (v.numerator) out += fmt::format(", \"numerator\": {}", *v.numerator);
  if (v.denominator) out += fmt::format(", \"denominator\": {}", *v.denominator);
  out += "}";
}

}  // namespace

std::optional<size_t> GroupValues::Find(std::string_view name) const {
  size_t lo = 0, hi = size();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (this->name(mid) < name)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < size() && this->name(lo) == name) return lo;
  return std::nullopt;
}

void GroupValues::AppendText(std::string& out, size_t v) const {
  switch (kind_) {
    case Kind::Decimal:
      out += decimals_[v].ToString();
      break;
    case Kind::Date:
      out += Date::FromDays(static_cast<int32_t>(ints_[v])).ToString();
      break;
    case Kind::Bool:
      out += ints_[v] ? "true" : "false";
      break;
    case Kind::Text:
      out += texts_[static_cast<size_t>(ints_[v])];
      break;
    case Kind::Int: {
      fmt::format_int digits(ints_[v]);
      out.append(digits.data(), digits.size());
      break;
    }
  }
}

StatementValue GroupValues::value(size_t v) const {
  StatementValue out;
  if (fractions_) {
    out.numerator = numerators_[v];
    out.denominator = denominators_[v];
  }
  if (!present_[v]) return out;
  out.value.emplace();
  AppendText(*out.value, v);
  return out;
}

std::optional<StatementValue> GroupValues::At(size_t group, uint32_t period) const {
  auto it = std::lower_bound(periods_.begin(), periods_.end(), period);
  if (it == periods_.end() || *it != period) return std::nullopt;
  return value(begin(group) + static_cast<size_t>(it - periods_.begin()));
}

void GroupValues::AppendJson(std::string& out, size_t v) const {
  if (!present_[v]) {
    out += "null";
  } else if (kind_ == Kind::Text) {
    AppendJsonString(out, texts_[static_cast<size_t>(ints_[v])]);
  } else {  // digits, a sign, a point, dashes or a word: nothing to escape
    out += '"';
    AppendText(out, v);
    out += '"';
  }
}

void GroupValues::Reserve(size_t groups) {
  size_t values = groups * periods_.size();
  name_end_.reserve(groups + 1);
  present_.reserve(values);
  if (kind_ == Kind::Decimal)
    decimals_.reserve(values);
  else
    ints_.reserve(values);
  if (fractions_) {
    numerators_.reserve(values);
    denominators_.reserve(values);
  }
}

void GroupValues::StartGroup(std::string_view name) {
  if (size() && column_ != periods_.size())
    throw std::logic_error("a group was given a value for only some of its periods");
  column_ = 0;
  names_ += name;
  name_end_.push_back(names_.size());
}

void GroupValues::Push(uint32_t period, bool present, int64_t i, Decimal d) {
  if (empty()) throw std::logic_error("a group value given before its group");
  if (column_ >= periods_.size() || periods_[column_] != period)
    throw std::logic_error("group values given out of period order");
  ++column_;
  present_.push_back(present);
  if (kind_ == Kind::Decimal)
    decimals_.push_back(d);
  else
    ints_.push_back(i);
  if (fractions_) {
    numerators_.push_back(0);
    denominators_.push_back(0);
  }
}

void GroupValues::AddMissing(uint32_t period) { Push(period, false, 0, Decimal()); }
void GroupValues::AddInt(uint32_t period, int64_t v) { Push(period, true, v, Decimal()); }
void GroupValues::AddDecimal(uint32_t period, Decimal v) { Push(period, true, 0, v); }
void GroupValues::AddText(uint32_t period, std::string_view v) {
  texts_.emplace_back(v);
  Push(period, true, static_cast<int64_t>(texts_.size() - 1), Decimal());
}

void GroupValues::SetFraction(int64_t numerator, int64_t denominator) {
  if (!fractions_ || numerators_.empty()) throw std::logic_error("a fraction given without its value");
  numerators_.back() = numerator;
  denominators_.back() = denominator;
}

std::optional<uint32_t> Statement::PeriodIndex(const std::string& label) const {
  for (size_t i = 0; i < periods.size(); ++i)
    if (periods[i].label == label) return static_cast<uint32_t>(i);
  return std::nullopt;
}

std::optional<StatementValue> Statement::GroupValue(const MeasureResult& m, const std::string& group,
                                                    const std::string& label) const {
  std::optional<size_t> g = m.groups.Find(group);
  std::optional<uint32_t> index = PeriodIndex(label);
  if (!g || !index) return std::nullopt;
  return m.groups.At(*g, *index);
}

namespace {

// Text written in pieces of about a megabyte: what a renderer appends to
// `out` goes to the sink at each Spill once that much has gathered.
class Spiller {
 public:
  Spiller(std::string& out, const TextSink& sink) : out_(out), sink_(sink) {}
  ~Spiller() = default;
  void Spill() {
    if (out_.size() >= (1u << 20)) Flush();
  }
  void Flush() {
    if (!out_.empty()) sink_(out_);
    out_.clear();
  }

 private:
  std::string& out_;
  const TextSink& sink_;
};

std::string Collect(const std::function<void(const TextSink&)>& write) {
  std::string all;
  write([&](std::string_view piece) { all += piece; });
  return all;
}

}  // namespace

std::string RenderStatementJson(const Statement& s, const std::optional<std::string>& only) {
  return Collect([&](const TextSink& sink) { WriteStatementJson(s, sink, only); });
}

std::string RenderStatementCsv(const Statement& s, const std::optional<std::string>& only) {
  return Collect([&](const TextSink& sink) { WriteStatementCsv(s, sink, only); });
}

std::string RenderStatementTable(const Statement& s, const std::optional<std::string>& only) {
  return Collect([&](const TextSink& sink) { WriteStatementTable(s, sink, only); });
}

void WriteStatementJson(const Statement& s, const TextSink& sink, const std::optional<std::string>& only) {
  std::string out = "{\n";
  Spiller spill(out, sink);
  Key(out, 1, "contract");
  AppendJsonString(out, s.contract);
  out += ",\n";
  Key(out, 1, "currency");
  AppendJsonString(out, s.currency);
  out += ",\n";
  Key(out, 1, "periods");
  out += "[";
  bool first = true;
  for (const Period& p : s.periods) {
    if (!Keep(only, p.label)) continue;
    out += first ? "\n" : ",\n";
    first = false;
    Indent(out, 2);
    out += "{\"label\": ";
    AppendJsonString(out, p.label);
    out += fmt::format(", \"start\": \"{}\", \"end\": \"{}\"}}", p.start.ToString(), p.end.ToString());
  }
  out += first ? "],\n" : "\n  ],\n";

  Key(out, 1, "measures");
  out += "{";
  for (size_t i = 0; i < s.measures.size(); ++i) {
    const MeasureResult& m = s.measures[i];
    out += i ? ",\n" : "\n";
    Key(out, 2, m.name);
    out += "{\"type\": ";
    AppendJsonString(out, m.type);
    out += ",\n";
    Key(out, 3, "values");
    PeriodMap(
        out, 3, s, only, [&](const std::string& l) { return m.values.count(l) > 0; },
        [&](const std::string& l) { JsonValue(out, m.values.at(l)); });
    if (m.has_groups) {
      out += ",\n";
      Key(out, 3, "groups");
      out += "{";
      bool first_group = true;
      const GroupValues& groups = m.groups;
      // Each kept period's `"label": ` at its indentation, written out once:
      // a million groups repeat them.
      std::vector<std::string> keys(groups.periods().size());
      for (size_t k = 0; k < keys.size(); ++k)
        if (Keep(only, s.periods[groups.periods()[k]].label))
          Key(keys[k], 5, s.periods[groups.periods()[k]].label);
      for (size_t g = 0; g < groups.size(); ++g) {
        out += first_group ? "\n" : ",\n";
        first_group = false;
        Key(out, 4, groups.name(g));
        out += "{";
        bool first_value = true;
        for (size_t k = 0, v = groups.begin(g); v < groups.end(g); ++k, ++v) {
          if (keys[k].empty()) continue;
          out += first_value ? "\n" : ",\n";
          first_value = false;
          out += keys[k];
          out += "{\"value\": ";
          groups.AppendJson(out, v);
          if (groups.has_fractions()) {
            StatementValue value = groups.value(v);
            out +=
                fmt::format(", \"numerator\": {}, \"denominator\": {}", *value.numerator, *value.denominator);
          }
          out += "}";
        }
        if (!first_value) {
          out += "\n";
          Indent(out, 4);
        }
        out += "}";
        spill.Spill();
      }
      if (!first_group) {
        out += "\n";
        Indent(out, 3);
      }
      out += "}";
    }
    out += "}";
  }
  out += s.measures.empty() ? "},\n" : "\n  },\n";

  Key(out, 1, "targets");
  out += "{";
  for (size_t i = 0; i < s.targets.size(); ++i) {
    const TargetResult& t = s.targets[i];
    out += i ? ",\n" : "\n";
    Key(out, 2, t.measure);
    PeriodMap(
        out, 2, s, only, [&](const std::string& l) { return t.periods.count(l) > 0; },
        [&](const std::string& l) {
          const TargetResult::PeriodResult& r = t.periods.at(l);
          out += "{\"achievement\": ";
          JsonDecimal(out, r.achievement);
          out += ", \"status\": ";
          AppendJsonString(out, r.status);
          out += "}";
        });
  }
  out += s.targets.empty() ? "},\n" : "\n  },\n";

  Key(out, 1, "outcomes");
  out += "{";
  for (size_t i = 0; i < s.outcomes.size(); ++i) {
    const OutcomeResult& o = s.outcomes[i];
    out += i ? ",\n" : "\n";
    Key(out, 2, o.name);
    PeriodMap(
        out, 2, s, only, [&](const std::string& l) { return o.periods.count(l) > 0; },
        [&](const std::string& l) { JsonDecimal(out, o.periods.at(l)); });
  }
  out += s.outcomes.empty() ? "},\n" : "\n  },\n";

  if (s.has_achievement) {
    Key(out, 1, "achievement");
    PeriodMap(
        out, 1, s, only, [&](const std::string& l) { return s.achievement.count(l) > 0; },
        [&](const std::string& l) { JsonDecimal(out, s.achievement.at(l)); });
    out += ",\n";
  }
  WriteGatesJson(out, s, only);
  WriteGroupsJson(out, s, only);

  Key(out, 1, "payments");
  out += "{";
  first = true;
  for (const PaymentPeriod& p : s.payments) {
    if (!Keep(only, p.label)) continue;
    out += first ? "\n" : ",\n";
    first = false;
    Key(out, 2, p.label);
    out += "{\"lines\": [";
    for (size_t k = 0; k < p.lines.size(); ++k) {
      out += k ? ", " : "";
      out += "{\"name\": ";
      AppendJsonString(out, p.lines[k].name);
      if (p.lines[k].group) {
        out += ", \"group\": ";
        AppendJsonString(out, *p.lines[k].group);
      }
      out += ", \"amount\": ";
      AppendJsonString(out, p.lines[k].amount.ToString(2));
      if (p.lines[k].shadow) out += ", \"shadow\": true";
      out += "}";
    }
    out += "], \"total\": ";
    AppendJsonString(out, p.total.ToString(2));
    out += "}";
  }
  out += first ? "},\n" : "\n  },\n";

  Key(out, 1, "data");
  out += "{";
  for (size_t i = 0; i < s.data.size(); ++i) {
    const DataSummary& d = s.data[i];
    out += i ? ",\n" : "\n";
    Key(out, 2, d.name);
    out += fmt::format("{{\"rows\": {}, ", d.rows);
    if (d.baseline) out += fmt::format("\"baseline\": {}, ", *d.baseline);
    out += fmt::format("\"outside_term\": {}, \"skipped_missing\": {{", d.outside_term);
    bool first_skip = true;
    for (const auto& [measure, n] : d.skipped_missing) {
      out += first_skip ? "" : ", ";
      first_skip = false;
      AppendJsonString(out, measure);
      out += fmt::format(": {}", n);
    }
    out += "}}";
  }
  out += s.data.empty() ? "}\n" : "\n  }\n";
  out += "}\n";
  spill.Flush();
}

std::string FormatMoney(Decimal amount, const std::string& currency) {
  std::string symbol = currency == "USD" ? "$" : currency == "EUR" ? "\u20AC" : "\u00A3";
  std::string digits = amount.ToString(2);
  bool negative = !digits.empty() && digits[0] == '-';
  if (negative) digits.erase(0, 1);
  size_t point = digits.find('.');
  std::string whole = digits.substr(0, point), grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return (negative ? "-" : "") + symbol + grouped + (point == std::string::npos ? "" : digits.substr(point));
}

std::string FormatPercent(Decimal fraction) {
  auto shifted = Decimal::Parse(fraction.ToString(), 2);
  std::string text = shifted ? shifted->ToString() : fraction.ToString();
  // A statement shows at most two decimal places of a percentage.
  size_t point = text.find('.');
  if (point != std::string::npos && text.size() > point + 3) text = shifted->ToString(2);
  return text + "%";
}

namespace {

std::string Shown(const MeasureResult& m, const StatementValue& v, const std::string& currency) {
  if (!v.value) return "-";
  if (m.type == "percent") {
    if (auto d = Decimal::Parse(*v.value)) return FormatPercent(*d);
  }
  if (m.type == "money") {
    if (auto d = Decimal::Parse(*v.value)) return FormatMoney(*d, currency);
  }
  // A table is for reading: long fractions (a mean) are shown to two places;
  // the JSON keeps every digit.
  size_t point = v.value->find('.');
  if (m.type == "decimal" && point != std::string::npos && v.value->size() > point + 3) {
    if (auto d = Decimal::Parse(*v.value)) return d->ToString(2);
  }
  return *v.value;
}

// One block of rows under a header of period labels: `row(i, name, cells)`
// fills row i of `count`. Widths are measured in a first pass and the rows
// written in a second, so a million groups' rows are never held at once.
using GridRow = std::function<void(size_t, std::string&, std::vector<std::string>&)>;
void Grid(std::string& out, Spiller& spill, const std::vector<std::string>& labels, size_t count,
          const GridRow& row) {
  size_t name_w = 0;
  std::vector<size_t> col_w(labels.size());
  for (size_t c = 0; c < labels.size(); ++c) col_w[c] = Width(labels[c]);
  std::string name;
  std::vector<std::string> cells;
  // Group names and text values come from the data: shown escaped, and
  // measured as shown.
  auto safe_row = [&](size_t i) {
    row(i, name, cells);
    MakeTerminalSafe(name);
    for (std::string& cell : cells) MakeTerminalSafe(cell);
  };
  for (size_t i = 0; i < count; ++i) {
    safe_row(i);
    name_w = std::max(name_w, Width(name));
    for (size_t c = 0; c < labels.size(); ++c) col_w[c] = std::max(col_w[c], Width(cells[c]));
  }
  out += "  " + Pad("", name_w, false);
  for (size_t c = 0; c < labels.size(); ++c) out += "  " + Pad(labels[c], col_w[c], true);
  out += "\n";
  for (size_t i = 0; i < count; ++i) {
    safe_row(i);
    out += "  " + Pad(name, name_w, false);
    for (size_t c = 0; c < cells.size(); ++c) out += "  " + Pad(cells[c], col_w[c], true);
    out += "\n";
    spill.Spill();
  }
}

// Rows given as (name, cells), for the short blocks.
void Grid(std::string& out, Spiller& spill, const std::vector<std::string>& labels,
          const std::vector<std::pair<std::string, std::vector<std::string>>>& rows) {
  Grid(out, spill, labels, rows.size(), [&](size_t i, std::string& name, std::vector<std::string>& cells) {
    name = rows[i].first;
    cells = rows[i].second;
  });
}

}  // namespace

void WriteStatementTable(const Statement& s, const TextSink& sink, const std::optional<std::string>& only) {
  std::string out = fmt::format("{}\n", TerminalText(s.contract));
  Spiller spill(out, sink);
  out += fmt::format("Commissioner: {}\n", TerminalText(s.commissioner));
  for (const std::string& p : s.providers) out += fmt::format("Provider: {}\n", TerminalText(p));
  out += fmt::format("Term: {} to {}    Currency: {}\n", s.term_start.ToString(), s.term_end.ToString(),
                     s.currency);
  for (const Period& p : s.periods)
    if (p.kind == PeriodKind::Baseline)
      out += fmt::format("Baseline: {} to {}\n", p.start.ToString(), p.end.ToString());

  // Sections: each contract year with its quarters or months (then the year
  // itself, as the last column), and last the term.
  std::map<int, std::vector<const Period*>> years;
  for (const Period& p : s.periods)
    if (p.kind != PeriodKind::Term && Keep(only, p.label)) years[p.contract_year].push_back(&p);
  std::vector<std::vector<const Period*>> sections;
  for (auto& [year, periods] : years) {
    std::stable_sort(periods.begin(), periods.end(),
                     [](const Period* a, const Period* b) { return a->kind < b->kind; });
    sections.push_back(periods);
  }
  for (const Period& p : s.periods)
    if (p.kind == PeriodKind::Term && Keep(only, p.label)) sections.push_back({&p});

  for (const auto& section : sections) {
    std::vector<std::string> labels;
    std::vector<uint32_t> indices;  // into s.periods
    for (const Period* p : section) {
      labels.push_back(p->label);
      indices.push_back(static_cast<uint32_t>(p - s.periods.data()));
    }
    const Period* last = section.back();
    out += fmt::format("\n== {} ({} to {}) ==\n", last->label, section.front()->start.ToString(),
                       last->end.ToString());
    // Each measure's row, then its groups' rows: (measure, group or SIZE_MAX).
    std::vector<std::pair<size_t, size_t>> measure_rows;
    for (size_t k = 0; k < s.measures.size(); ++k) {
      measure_rows.push_back({k, SIZE_MAX});
      for (size_t g = 0; g < s.measures[k].groups.size(); ++g) measure_rows.push_back({k, g});
    }
    if (!measure_rows.empty()) {
      out += "Measures\n";
      Grid(out, spill, labels, measure_rows.size(),
           [&](size_t i, std::string& name, std::vector<std::string>& cells) {
             const MeasureResult& m = s.measures[measure_rows[i].first];
             size_t g = measure_rows[i].second;
             cells.clear();
             if (g == SIZE_MAX) {
               name = m.title.empty() ? m.name : m.title;
               for (const std::string& l : labels) {
                 auto it = m.values.find(l);
                 cells.push_back(it == m.values.end() ? "" : Shown(m, it->second, s.currency));
               }
               return;
             }
             name = "  " + std::string(m.groups.name(g));
             for (uint32_t index : indices) {
               std::optional<StatementValue> v = m.groups.At(g, index);
               cells.push_back(v ? Shown(m, *v, s.currency) : "");
             }
           });
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> rows;
    for (const TargetResult& t : s.targets) {
      std::vector<std::string> cells;
      for (const std::string& l : labels) {
        auto it = t.periods.find(l);
        cells.push_back(it == t.periods.end()
                            ? ""
                            : fmt::format("{} {}", FormatPercent(it->second.achievement), it->second.status));
      }
      rows.push_back({t.measure + " " + t.description, cells});
    }
    for (const OutcomeResult& o : s.outcomes) {
      std::vector<std::string> cells;
      for (const std::string& l : labels) {
        auto it = o.periods.find(l);
        cells.push_back(it == o.periods.end() ? "" : FormatPercent(it->second));
      }
      rows.push_back({"outcome " + o.name, cells});
    }
    if (s.has_achievement) {
      std::vector<std::string> cells;
      for (const std::string& l : labels) {
        auto it = s.achievement.find(l);
        cells.push_back(it == s.achievement.end() ? "" : FormatPercent(it->second));
      }
      rows.push_back({"achievement", cells});
    }
    GateRows(s, labels, rows);
    if (!rows.empty() && last->kind != PeriodKind::Baseline) {  // the baseline has no targets
      out += "Targets and achievement\n";
      Grid(out, spill, labels, rows);
    }
    std::vector<std::pair<std::string, std::vector<std::string>>> group_rows;
    GroupRows(s, labels, group_rows);
    if (!group_rows.empty()) {
      out += fmt::format("Targets and achievement by {}\n", s.groups.front().column);
      Grid(out, spill, labels, group_rows);
    }
    for (const PaymentPeriod& p : s.payments) {
      if (std::find(labels.begin(), labels.end(), p.label) == labels.end()) continue;
      WritePaymentPeriodTable(out, s, p);
    }
    // A payment by group: what each group is paid, period by period.
    std::string column;
    std::vector<std::string> paid_labels;
    std::vector<std::pair<std::string, std::vector<std::string>>> schedule;
    GroupSchedule(s, labels, column, paid_labels, schedule);
    if (!schedule.empty() && paid_labels.size() > 1) {
      out += fmt::format("Paid by {}\n", column);
      Grid(out, spill, paid_labels, schedule);
    }
    // A year paid in several payment periods (quarterly instalments and a
    // yearly reconciliation): what the year paid in all.
    if (last->kind == PeriodKind::Year) {
      Decimal paid;
      size_t count = 0;
      for (const PaymentPeriod& p : s.payments) {
        auto period = std::find_if(s.periods.begin(), s.periods.end(),
                                   [&](const Period& q) { return q.label == p.label; });
        if (period == s.periods.end() || period->start < last->start || last->end < period->end) continue;
        Result<Decimal> sum = Decimal::Add(paid, p.total);
        if (!sum.ok()) break;
        paid = *sum;
        ++count;
      }
      if (count > 1)
        out += fmt::format("Paid in {}, all {} payment periods: {}\n", last->label, count,
                           FormatMoney(paid, s.currency));
    }
  }
  if (!s.data.empty()) {
    out += "\nData\n";
    for (const DataSummary& d : s.data) {
      out += fmt::format("  {}: {} rows", d.name, WithThousands(static_cast<uint64_t>(d.rows)));
      if (d.baseline)
        out += fmt::format(", {} in the baseline", WithThousands(static_cast<uint64_t>(*d.baseline)));
      out += fmt::format(", {} outside the term", WithThousands(static_cast<uint64_t>(d.outside_term)));
      for (const auto& [measure, n] : d.skipped_missing) out += fmt::format("; {} skipped {}", measure, n);
      out += "\n";
    }
  }
  spill.Flush();
}

namespace {

void CsvRow(std::string& out, std::initializer_list<std::string> fields) {
  bool first = true;
  for (const std::string& f : fields) {
    if (!first) out += ',';
    first = false;
    // Every field, names and group values from the data alike: a cell that
    // would run as a formula is neutralised (runtime/safe_text.h).
    out += CsvCell(f);
  }
  out += '\n';
}

std::string Opt(const std::optional<int64_t>& v) { return v ? std::to_string(*v) : ""; }

}  // namespace

void WriteStatementCsv(const Statement& s, const TextSink& sink, const std::optional<std::string>& only) {
  std::string out;
  Spiller spill(out, sink);
  CsvRow(out, {"section", "name", "group", "period", "value", "numerator", "denominator"});
  for (const MeasureResult& m : s.measures) {
    const GroupValues& groups = m.groups;
    // Each group's next value: periods are visited in order, as its values are.
    std::vector<size_t> next(groups.size());
    for (size_t g = 0; g < groups.size(); ++g) next[g] = groups.begin(g);
    for (uint32_t i = 0; i < s.periods.size(); ++i) {
      const Period& p = s.periods[i];
      auto it = m.values.find(p.label);
      if (it != m.values.end() && Keep(only, p.label))
        CsvRow(out, {"measure", m.name, "", p.label, it->second.value.value_or(""), Opt(it->second.numerator),
                     Opt(it->second.denominator)});
      for (size_t g = 0; g < groups.size(); ++g) {
        size_t& v = next[g];
        if (v == groups.end(g) || groups.period(v) != i) continue;
        size_t at = v++;
        if (!Keep(only, p.label)) continue;
        StatementValue value = groups.value(at);
        CsvRow(out, {"measure", m.name, std::string(groups.name(g)), p.label, value.value.value_or(""),
                     Opt(value.numerator), Opt(value.denominator)});
        spill.Spill();
      }
    }
  }
  for (const TargetResult& t : s.targets)
    for (const Period& p : s.periods)
      if (Keep(only, p.label) && t.periods.count(p.label))
        CsvRow(out, {"target", t.measure, t.periods.at(p.label).status, p.label,
                     t.periods.at(p.label).achievement.ToString(), "", ""});
  for (const OutcomeResult& o : s.outcomes)
    for (const Period& p : s.periods)
      if (Keep(only, p.label) && o.periods.count(p.label))
        CsvRow(out, {"outcome", o.name, "", p.label, o.periods.at(p.label).ToString(), "", ""});
  if (s.has_achievement)
    for (const Period& p : s.periods)
      if (Keep(only, p.label) && s.achievement.count(p.label))
        CsvRow(out,
               {"achievement", "achievement", "", p.label, s.achievement.at(p.label).ToString(), "", ""});
  for (const PaymentPeriod& p : s.payments) {
    if (!Keep(only, p.label)) continue;
    for (const PaymentLine& line : p.lines)
      CsvRow(out, {line.shadow ? "shadow payment" : "payment", line.name, line.group.value_or(""), p.label,
                   line.amount.ToString(2), "", ""});
    CsvRow(out, {"payment total", "total", "", p.label, p.total.ToString(2), "", ""});
  }
  WriteGatesAndGroupsCsv(out, s, only, CsvRow);
  spill.Flush();
}

}  // namespace ocf
