#include "runtime/statement.h"

#include <algorithm>
#include <map>
#include <type_traits>

#include <fmt/format.h>

#include "runtime/cells.h"
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
  Key(out, 1, "schema");
  AppendJsonString(out, kStatementSchema);
  out += ",\n";
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

std::string GroupThousands(std::string_view number) {
  if (!IsWrittenNumber(number)) return std::string(number);
  bool negative = number[0] == '-';
  std::string_view digits = number.substr(negative ? 1 : 0);
  size_t whole = std::min(digits.find('.'), digits.size());
  std::string out = negative ? "-" : "";
  for (size_t i = 0; i < whole; ++i) {
    if (i && (whole - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  out += digits.substr(whole);
  return out;
}

std::string FormatMoney(Decimal amount, const std::string& currency) {
  std::string symbol = CurrencySymbol(currency);
  std::string digits = GroupThousands(amount.ToString(2));
  bool negative = !digits.empty() && digits[0] == '-';
  return negative ? "-" + symbol + digits.substr(1) : symbol + digits;
}

namespace {

// The fraction's exact text with the point moved two places right: the
// percentage, every digit kept (`0.875` -> `87.5`). Written out by hand rather
// than multiplied, so no fraction is too large to show.
std::string Hundredfold(Decimal fraction) {
  std::string text = fraction.ToString();
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.erase(0, 1);
  size_t point = text.find('.');
  std::string whole = text.substr(0, point);
  std::string part = point == std::string::npos ? "" : text.substr(point + 1);
  part.resize(std::max<size_t>(part.size(), 2), '0');
  whole += part.substr(0, 2);
  part.erase(0, 2);
  size_t lead = whole.find_first_not_of('0');
  whole = lead == std::string::npos ? "0" : whole.substr(lead);
  return (negative ? "-" : "") + whole + (part.empty() ? "" : "." + part);
}

}  // namespace

std::string FormatPercent(Decimal fraction) {
  std::string exact = Hundredfold(fraction);
  // Rounded to two places as money is (half away from zero); a percentage
  // too large to hold as a Decimal has at most the places it was given.
  if (std::optional<Decimal> d = Decimal::Parse(exact)) return GroupThousands(d->ToString(2)) + "%";
  size_t point = exact.find('.');
  std::string two = point == std::string::npos ? exact + ".00" : (exact + "00").substr(0, point + 3);
  return GroupThousands(two) + "%";
}

std::string FormatPercentAsWritten(Decimal fraction) {
  std::string text = Hundredfold(fraction);
  // At most two decimal places of a percentage.
  size_t point = text.find('.');
  if (point != std::string::npos && text.size() > point + 3) {
    if (std::optional<Decimal> d = Decimal::Parse(text)) {
      text = d->ToString(2);
      while (text.back() == '0') text.pop_back();
      if (text.back() == '.') text.pop_back();
    } else {
      text.resize(point + 3);
    }
  }
  return text + "%";
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
