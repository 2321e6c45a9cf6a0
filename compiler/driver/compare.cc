#include "compiler/driver/compare.h"

#include <fmt/format.h>

#include <algorithm>

#include "runtime/cells.h"
#include "runtime/json.h"
#include "runtime/json_reader.h"
#include "runtime/safe_text.h"

namespace ocf::driver {
namespace {

constexpr const char* kStatementSchema = "ocf.statement/1";

// Reads the parts of a statement's JSON a comparison needs, every problem
// located in the file.
class PaymentsReader {
 public:
  PaymentsReader(const std::string& name, std::string& error) : name_(name), error_(error) {}

  bool Fail(const JsonValue& at, const std::string& why) {
    error_ = fmt::format("{}:{}:{}: {}", name_, at.line, at.column, why);
    return false;
  }

  const JsonValue* Member(const JsonValue& object, const char* key, JsonValue::Kind kind) {
    const JsonValue* v = object.Find(key);
    if (!v) {
      Fail(object, fmt::format("this object has no \"{}\"", key));
      return nullptr;
    }
    if (v->kind != kind) {
      Fail(*v, fmt::format("\"{}\" is {}, where a statement has {}", key, Describe(v->kind), Describe(kind)));
      return nullptr;
    }
    return v;
  }

  // An amount: a JSON string holding an exact decimal, as statements write them.
  std::optional<Decimal> Amount(const JsonValue& object, const char* key) {
    const JsonValue* v = Member(object, key, JsonValue::Kind::String);
    if (!v) return std::nullopt;
    std::optional<Decimal> d = IsWrittenNumber(v->text) ? Decimal::Parse(v->text) : std::nullopt;
    if (!d)
      Fail(*v, fmt::format("\"{}\" is \"{}\", not an amount such as \"1234.50\"", key, ShowCell(v->text)));
    return d;
  }

  std::optional<StatementPayments> Read(const JsonValue& root) {
    if (!root.is_object()) {
      Fail(root, fmt::format("this is {}, not a statement written by `ocf run --format json`",
                             Describe(root.kind)));
      return std::nullopt;
    }
    const JsonValue* schema = root.Find("schema");
    if (!schema || !schema->is_string() || schema->text != kStatementSchema) {
      std::string was = !schema               ? "it has no \"schema\""
                        : schema->is_string() ? fmt::format("its schema is \"{}\"", ShowCell(schema->text))
                                              : "its \"schema\" is not a string";
      Fail(schema ? *schema : root,
           fmt::format("not a statement written by `ocf run --format json` ({}; a statement's is \"{}\")",
                       was, kStatementSchema));
      return std::nullopt;
    }
    StatementPayments out;
    const JsonValue* contract = Member(root, "contract", JsonValue::Kind::String);
    const JsonValue* currency = contract ? Member(root, "currency", JsonValue::Kind::String) : nullptr;
    const JsonValue* payments = currency ? Member(root, "payments", JsonValue::Kind::Object) : nullptr;
    if (!payments) return std::nullopt;
    out.contract = contract->text;
    out.currency = currency->text;
    for (const auto& [label, period] : payments->members) {
      if (!period.is_object()) {
        Fail(period, fmt::format("payment period \"{}\" is {}, not an object", ShowCell(label),
                                 Describe(period.kind)));
        return std::nullopt;
      }
      StatementPayments::Period& p = out.periods.emplace_back();
      p.label = label;
      const JsonValue* lines = Member(period, "lines", JsonValue::Kind::Array);
      std::optional<Decimal> total = lines ? Amount(period, "total") : std::nullopt;
      if (!total) return std::nullopt;
      p.total = *total;
      for (const JsonValue& line : lines->items) {
        if (!line.is_object()) {
          Fail(line, fmt::format("a payment line is {}, not an object", Describe(line.kind)));
          return std::nullopt;
        }
        StatementPayments::Line& l = p.lines.emplace_back();
        const JsonValue* name = Member(line, "name", JsonValue::Kind::String);
        std::optional<Decimal> amount = name ? Amount(line, "amount") : std::nullopt;
        if (!amount) return std::nullopt;
        l.name = name->text;
        l.amount = *amount;
        if (const JsonValue* group = line.Find("group")) {
          if (!group->is_string()) {
            Fail(*group, "a line's \"group\" is a string");
            return std::nullopt;
          }
          l.group = group->text;
        }
        if (const JsonValue* shadow = line.Find("shadow")) {
          if (shadow->kind != JsonValue::Kind::Bool) {
            Fail(*shadow, "a line's \"shadow\" is true or false");
            return std::nullopt;
          }
          l.shadow = shadow->boolean;
        }
      }
    }
    return out;
  }

 private:
  const std::string& name_;
  std::string& error_;
};

bool SameLine(const StatementPayments::Line& a, const Comparison::Line& b) {
  return a.name == b.name && a.group == b.group;
}

// `a + b`, or false when the sum leaves the exact range.
bool AddTo(std::optional<Decimal>& sum, Decimal v) {
  Result<Decimal> r = Decimal::Add(sum.value_or(Decimal()), v);
  if (!r.ok()) return false;
  sum = *r;
  return true;
}

bool Difference(Comparison::Amounts& a) {
  if (!a.base || !a.scenario) return true;
  Result<Decimal> d = Decimal::Sub(*a.scenario, *a.base);
  if (!d.ok()) return false;
  a.difference = *d;
  return true;
}

std::string Amount(const std::optional<Decimal>& d) { return d ? d->ToString(2) : std::string(); }

void JsonAmount(std::string& out, const std::optional<Decimal>& d) {
  if (d)
    AppendJsonString(out, d->ToString(2));
  else
    out += "null";
}

void JsonAmounts(std::string& out, const Comparison::Amounts& a) {
  out += "\"base\": ";
  JsonAmount(out, a.base);
  out += ", \"scenario\": ";
  JsonAmount(out, a.scenario);
  out += ", \"difference\": ";
  JsonAmount(out, a.difference);
  if (!a.base || !a.scenario) out += a.base ? ", \"only_in\": \"base\"" : ", \"only_in\": \"scenario\"";
}

// `+£44,056.25`, `-£3.10`, `£0.00`: which way a difference goes, at a glance.
std::string SignedMoney(Decimal d, const std::string& currency) {
  std::string s = FormatMoney(d, currency);
  return d.is_negative() || d.is_zero() ? s : "+" + s;
}

}  // namespace

std::optional<StatementPayments> ReadStatementPayments(std::string_view json, const std::string& name,
                                                       std::string& error) {
  JsonReadResult read = ReadJson(json);
  if (!read.value) {
    error =
        fmt::format("{}:{}:{}: not JSON: {}", name, read.error.line, read.error.column, read.error.message);
    return std::nullopt;
  }
  return PaymentsReader(name, error).Read(*read.value);
}

StatementPayments PaymentsOf(const Statement& s) {
  StatementPayments out;
  out.contract = s.contract;
  out.currency = s.currency;
  for (const PaymentPeriod& p : s.payments) {
    StatementPayments::Period& period = out.periods.emplace_back();
    period.label = p.label;
    period.total = p.total;
    for (const PaymentLine& l : p.lines) period.lines.push_back({l.name, l.group, l.shadow, l.amount});
  }
  return out;
}

std::optional<Comparison> Compare(const StatementPayments& base, const StatementPayments& scenario,
                                  const std::optional<std::string>& only, std::string& error) {
  Comparison c;
  c.contract = scenario.contract;
  c.currency = scenario.currency;
  auto period_of = [&c](const std::string& label) -> Comparison::Period& {
    for (Comparison::Period& p : c.periods)
      if (p.label == label) return p;
    Comparison::Period& p = c.periods.emplace_back();
    p.label = label;
    return p;
  };
  bool exact = true;
  for (bool is_base : {true, false}) {
    for (const StatementPayments::Period& sp : (is_base ? base : scenario).periods) {
      if (only && sp.label != *only) continue;
      Comparison::Period& p = period_of(sp.label);
      (is_base ? p.total.base : p.total.scenario) = sp.total;
      exact &= AddTo(is_base ? c.total.base : c.total.scenario, sp.total);
      for (const StatementPayments::Line& l : sp.lines) {
        auto line = std::find_if(p.lines.begin(), p.lines.end(),
                                 [&](const Comparison::Line& cl) { return SameLine(l, cl); });
        if (line == p.lines.end()) {
          line = p.lines.insert(p.lines.end(), Comparison::Line{l.name, l.group, l.shadow, {}});
        }
        line->shadow |= l.shadow;
        // A line named twice in one period (not written by ocf): summed, so nothing is dropped.
        exact &= AddTo(is_base ? line->amounts.base : line->amounts.scenario, l.amount);
      }
    }
  }
  for (Comparison::Period& p : c.periods) {
    exact &= Difference(p.total);
    for (Comparison::Line& l : p.lines) exact &= Difference(l.amounts);
  }
  // With no period on a side, its grand total is nothing rather than zero.
  exact &= Difference(c.total);
  if (!exact) {
    error = "a sum or difference of these payments leaves the exact range ocf computes in";
    return std::nullopt;
  }
  return c;
}

std::string ComparisonJson(const Comparison& c) {
  std::string out = "{\n  \"schema\": \"ocf.comparison/1\",\n  \"contract\": ";
  AppendJsonString(out, c.contract);
  out += ",\n  \"currency\": ";
  AppendJsonString(out, c.currency);
  out += ",\n  \"base\": ";
  AppendJsonString(out, c.base);
  out += ",\n  \"scenario\": ";
  AppendJsonString(out, c.scenario);
  out += ",\n  \"periods\": [";
  for (size_t i = 0; i < c.periods.size(); ++i) {
    const Comparison::Period& p = c.periods[i];
    out += i ? ",\n    {\"period\": " : "\n    {\"period\": ";
    AppendJsonString(out, p.label);
    out += ",\n     \"lines\": [";
    for (size_t j = 0; j < p.lines.size(); ++j) {
      const Comparison::Line& l = p.lines[j];
      out += j ? ",\n       {\"name\": " : "\n       {\"name\": ";
      AppendJsonString(out, l.name);
      if (l.group) {
        out += ", \"group\": ";
        AppendJsonString(out, *l.group);
      }
      if (l.shadow) out += ", \"shadow\": true";
      out += ", ";
      JsonAmounts(out, l.amounts);
      out += "}";
    }
    out += p.lines.empty() ? "],\n     \"total\": {" : "\n     ],\n     \"total\": {";
    JsonAmounts(out, p.total);
    out += "}}";
  }
  out += c.periods.empty() ? "],\n  \"total\": {" : "\n  ],\n  \"total\": {";
  JsonAmounts(out, c.total);
  out += "}\n}\n";
  return out;
}

std::string ComparisonCsv(const Comparison& c) {
  std::string out = "row,period,line,group,shadow,base,scenario,difference\r\n";
  auto row = [&out](const char* kind, const std::string& period, const std::string& line,
                    const std::optional<std::string>& group, bool shadow, const Comparison::Amounts& a) {
    out += fmt::format("{},{},{},{},{},{},{},{}\r\n", kind, CsvCell(period), CsvCell(line),
                       group ? CsvCell(*group) : "", shadow ? "true" : "", Amount(a.base), Amount(a.scenario),
                       Amount(a.difference));
  };
  for (const Comparison::Period& p : c.periods) {
    for (const Comparison::Line& l : p.lines) row("line", p.label, l.name, l.group, l.shadow, l.amounts);
    row("total", p.label, "", std::nullopt, false, p.total);
  }
  row("grand total", "", "", std::nullopt, false, c.total);
  return out;
}

std::string ComparisonTable(const Comparison& c) {
  const std::string& cur = c.currency;
  std::string out = TerminalText(c.contract) + ": payments compared\n";
  out += "  base:     " + TerminalText(c.base) + "\n";
  out += "  scenario: " + TerminalText(c.scenario) + "\n";
  if (c.periods.empty()) return out + "\nNo payment period to compare.\n";
  // Rows first, so that the columns can be lined up.
  struct Row {
    std::string label, base, scenario, difference;
    bool heading = false;
  };
  std::vector<Row> rows;
  auto cells = [&cur](const Comparison::Amounts& a, Row& r) {
    r.base = a.base ? FormatMoney(*a.base, cur) : "-";
    r.scenario = a.scenario ? FormatMoney(*a.scenario, cur) : "-";
    r.difference = a.difference ? SignedMoney(*a.difference, cur)
                   : a.base     ? "only in base"
                                : "only in scenario";
  };
  bool shadow = false;
  for (const Comparison::Period& p : c.periods) {
    rows.push_back({TerminalText(p.label), "", "", "", true});
    // A `payment ... by` block's lines come group by group: each group's
    // under its name, so that the line names stay short.
    const std::optional<std::string>* group = nullptr;
    for (const Comparison::Line& l : p.lines) {
      if (l.group && (!group || **group != *l.group))
        rows.push_back({"  " + TerminalText(*l.group), "", "", ""});
      group = &l.group;
      Row& r = rows.emplace_back();
      r.label = (l.group ? "    " : "  ") + TerminalText(l.name) + (l.shadow ? " (shadow)" : "");
      shadow |= l.shadow;
      cells(l.amounts, r);
    }
    Row& total = rows.emplace_back();
    total.label = "  Total";
    cells(p.total, total);
  }
  Row& grand = rows.emplace_back();
  grand.label = c.periods.size() == 1 ? "Grand total (1 payment period)"
                                      : fmt::format("Grand total ({} payment periods)", c.periods.size());
  cells(c.total, grand);
  size_t w0 = 0, w1 = 4, w2 = 8, w3 = 10;  // "Base", "Scenario", "Difference"
  for (const Row& r : rows) {
    w0 = std::max(w0, DisplayWidth(r.label));
    w1 = std::max(w1, DisplayWidth(r.base));
    w2 = std::max(w2, DisplayWidth(r.scenario));
    w3 = std::max(w3, DisplayWidth(r.difference));
  }
  auto pad = [](const std::string& s, size_t w, bool right) {
    std::string space(w > DisplayWidth(s) ? w - DisplayWidth(s) : 0, ' ');
    return right ? space + s : s + space;
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    const Row& r = rows[i];
    std::string line;
    if (r.base.empty() && !r.heading) {  // a group's name
      out += r.label + "\n";
      continue;
    }
    if (r.heading) {
      out += "\n";
      line = pad(r.label, w0, false) + "  " + pad("Base", w1, true) + "  " + pad("Scenario", w2, true) +
             "  " + pad("Difference", w3, true);
    } else {
      if (i + 1 == rows.size()) out += "\n";
      line = pad(r.label, w0, false) + "  " + pad(r.base, w1, true) + "  " + pad(r.scenario, w2, true) +
             "  " + pad(r.difference, w3, true);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  if (shadow) out += "\n(shadow): a `shadow pay` line, shown and not paid: it is in no total.\n";
  return out;
}

}  // namespace ocf::driver
