// The statement's sections for gates and payments by group (LANGUAGE.md §6):
// JSON `gates` and `groups`, the table's grouped payment lines and group
// rows, and their CSV rows.
#include <map>
#include <set>

#include <fmt/format.h>

#include "runtime/safe_text.h"
#include "runtime/statement_text.h"

namespace ocf::statement_text {
namespace {

void GatePeriods(std::string& out, int level, const Statement& s, const std::optional<std::string>& only,
                 const GateResult& g) {
  PeriodMap(
      out, level, s, only, [&](const std::string& l) { return g.periods.count(l) > 0; },
      [&](const std::string& l) {
        const std::optional<bool>& passed = g.periods.at(l);
        out += "{\"passed\": ";
        out += passed ? (*passed ? "true" : "false") : "null";
        out += "}";
      });
}

std::string GateCell(const GateResult& g, const std::string& label) {
  auto it = g.periods.find(label);
  if (it == g.periods.end()) return "";
  return it->second ? (*it->second ? "passed" : "FAILED") : "missing";
}

}  // namespace

void WriteGatesJson(std::string& out, const Statement& s, const std::optional<std::string>& only) {
  if (s.gates.empty()) return;
  Key(out, 1, "gates");
  out += "{";
  for (size_t i = 0; i < s.gates.size(); ++i) {
    out += i ? ",\n" : "\n";
    Key(out, 2, s.gates[i].name);
    GatePeriods(out, 2, s, only, s.gates[i]);
  }
  out += "\n  },\n";
}

void WriteGroupsJson(std::string& out, const Statement& s, const std::optional<std::string>& only) {
  if (s.groups.empty()) return;
  Key(out, 1, "groups");
  out += "{";
  for (size_t i = 0; i < s.groups.size(); ++i) {
    const GroupResult& g = s.groups[i];
    bool new_column = i == 0 || s.groups[i - 1].column != g.column;
    if (new_column) {
      if (i) out += "\n    },\n";
      if (!i) out += "\n";
      Key(out, 2, g.column);
      out += "{\n";
    } else {
      out += ",\n";
    }
    Key(out, 3, g.name);
    out += "{\n";
    // `"KEY": {"NAME": {periods}, ...}` for each of a group's items.
    auto named = [&](const char* key, size_t count, auto name_of, auto periods_of) {
      Key(out, 4, key);
      out += "{";
      for (size_t k = 0; k < count; ++k) {
        out += k ? ",\n" : "\n";
        Key(out, 5, name_of(k));
        periods_of(k);
      }
      out += count == 0 ? "}" : "\n        }";
    };
    named(
        "targets", g.targets.size(), [&](size_t t) { return g.targets[t].measure; },
        [&](size_t t) {
          const TargetResult& tr = g.targets[t];
          PeriodMap(
              out, 5, s, only, [&](const std::string& l) { return tr.periods.count(l) > 0; },
              [&](const std::string& l) {
                out += "{\"achievement\": ";
                JsonDecimal(out, tr.periods.at(l).achievement);
                out += ", \"status\": ";
                AppendJsonString(out, tr.periods.at(l).status);
                out += "}";
              });
        });
    out += ",\n";
    named(
        "outcomes", g.outcomes.size(), [&](size_t o) { return g.outcomes[o].name; },
        [&](size_t o) {
          const OutcomeResult& r = g.outcomes[o];
          PeriodMap(
              out, 5, s, only, [&](const std::string& l) { return r.periods.count(l) > 0; },
              [&](const std::string& l) { JsonDecimal(out, r.periods.at(l)); });
        });
    if (!g.outcomes.empty()) {
      out += ",\n";
      Key(out, 4, "achievement");
      PeriodMap(
          out, 4, s, only, [&](const std::string& l) { return g.achievement.count(l) > 0; },
          [&](const std::string& l) { JsonDecimal(out, g.achievement.at(l)); });
    }
    out += ",\n";
    named(
        "gates", g.gates.size(), [&](size_t k) { return g.gates[k].name; },
        [&](size_t k) { GatePeriods(out, 5, s, only, g.gates[k]); });
    out += "\n      }";
  }
  out += "\n    }\n  },\n";
}

void WritePaymentPeriodTable(std::string& out, const Statement& s, const PaymentPeriod& p) {
  out += fmt::format("Payments {}\n", p.label);
  // Lines' names and groups as shown (a group is a value from the data):
  // escaped, and measured escaped.
  std::vector<std::string> names, groups;
  for (const PaymentLine& line : p.lines) {
    names.push_back(TerminalText(line.name));
    groups.push_back(line.group ? TerminalText(*line.group) : std::string());
  }
  size_t name_w = 5;
  for (size_t k = 0; k < p.lines.size(); ++k) {
    name_w = std::max(name_w, Width(names[k]) + (p.lines[k].group ? 2 : 0));
    if (p.lines[k].group) name_w = std::max(name_w, Width(groups[k]) + 10);  // "subtotal"
  }
  auto line_row = [&](const std::string& name, int indent, Decimal amount, const char* note) {
    std::string shown = std::string(static_cast<size_t>(indent), ' ') + name;
    out += fmt::format("  {}  {}{}\n", Pad(shown, name_w, false),
                       Pad(FormatMoney(amount, s.currency), 18, true), note);
  };
  const char* shadow_note = "  (shadow: shown, not paid)";
  for (size_t k = 0; k < p.lines.size();) {
    const PaymentLine& line = p.lines[k];
    if (!line.group) {
      line_row(names[k], 0, line.amount, line.shadow ? shadow_note : "");
      ++k;
      continue;
    }
    // A group's lines, then what the group is paid.
    out += fmt::format("  {}\n", groups[k]);
    Decimal subtotal;
    size_t end = k;
    for (; end < p.lines.size() && p.lines[end].group == line.group; ++end) {
      const PaymentLine& l = p.lines[end];
      line_row(names[end], 2, l.amount, l.shadow ? shadow_note : "");
      if (l.shadow) continue;
      Result<Decimal> sum = Decimal::Add(subtotal, l.amount);
      if (sum.ok()) subtotal = *sum;
    }
    if (end - k > 1) line_row(fmt::format("{} in all", groups[k]), 2, subtotal, "");
    k = end;
  }
  line_row("Total", 0, p.total, "");
}

void GroupSchedule(const Statement& s, const std::vector<std::string>& labels, std::string& column,
                   std::vector<std::string>& paid_labels,
                   std::vector<std::pair<std::string, std::vector<std::string>>>& rows) {
  std::map<std::string, std::map<std::string, Decimal>> paid;  // group -> label -> amount
  for (const PaymentPeriod& p : s.payments) {
    if (std::find(labels.begin(), labels.end(), p.label) == labels.end()) continue;
    bool any = false;
    for (const PaymentLine& line : p.lines) {
      if (!line.group) continue;
      any = true;
      Decimal& into = paid[*line.group][p.label];
      if (line.shadow) continue;
      Result<Decimal> sum = Decimal::Add(into, line.amount);
      if (sum.ok()) into = *sum;
    }
    if (any) paid_labels.push_back(p.label);
  }
  if (!s.groups.empty()) column = s.groups.front().column;
  for (const auto& [group, amounts] : paid) {
    std::vector<std::string> cells;
    for (const std::string& l : paid_labels) {
      auto it = amounts.find(l);
      cells.push_back(it == amounts.end() ? "" : FormatMoney(it->second, s.currency));
    }
    rows.push_back({group, cells});
  }
}

void GateRows(const Statement& s, const std::vector<std::string>& labels,
              std::vector<std::pair<std::string, std::vector<std::string>>>& rows) {
  for (const GateResult& g : s.gates) {
    std::vector<std::string> cells;
    for (const std::string& l : labels) cells.push_back(GateCell(g, l));
    rows.push_back({"gate " + g.name, cells});
  }
}

void GroupRows(const Statement& s, const std::vector<std::string>& labels,
               std::vector<std::pair<std::string, std::vector<std::string>>>& rows) {
  for (const GroupResult& g : s.groups) {
    bool any = false;
    for (const std::string& l : labels) any |= g.achievement.count(l) > 0;
    for (const TargetResult& t : g.targets)
      for (const std::string& l : labels) any |= t.periods.count(l) > 0;
    if (!any) continue;
    auto row = [&](const std::string& name, auto cell) {
      std::vector<std::string> cells;
      for (const std::string& l : labels) cells.push_back(cell(l));
      rows.push_back({name, cells});
    };
    std::string who = fmt::format("{} {}: ", g.column, g.name);
    for (const TargetResult& t : g.targets)
      row(who + t.measure, [&](const std::string& l) {
        auto it = t.periods.find(l);
        return it == t.periods.end()
                   ? std::string()
                   : fmt::format("{} {}", FormatPercent(it->second.achievement), it->second.status);
      });
    for (const OutcomeResult& o : g.outcomes)
      row(who + "outcome " + o.name, [&](const std::string& l) {
        auto it = o.periods.find(l);
        return it == o.periods.end() ? std::string() : FormatPercent(it->second);
      });
    if (!g.outcomes.empty())
      row(who + "achievement", [&](const std::string& l) {
        auto it = g.achievement.find(l);
        return it == g.achievement.end() ? std::string() : FormatPercent(it->second);
      });
    for (const GateResult& gate : g.gates)
      row(who + "gate " + gate.name, [&](const std::string& l) { return GateCell(gate, l); });
  }
}

void WriteGatesAndGroupsCsv(std::string& out, const Statement& s, const std::optional<std::string>& only,
                            void (*row)(std::string&, std::initializer_list<std::string>)) {
  auto passed = [](const std::optional<bool>& v) -> std::string { return v ? (*v ? "true" : "false") : ""; };
  for (const GateResult& g : s.gates)
    for (const Period& p : s.periods)
      if (Keep(only, p.label) && g.periods.count(p.label))
        row(out, {"gate", g.name, "", p.label, passed(g.periods.at(p.label)), "", ""});
  for (const GroupResult& g : s.groups) {
    for (const Period& p : s.periods) {
      if (!Keep(only, p.label)) continue;
      for (const TargetResult& t : g.targets)
        if (t.periods.count(p.label))
          row(out, {"group target", t.measure, g.name, p.label, t.periods.at(p.label).achievement.ToString(),
                    "", ""});
      for (const OutcomeResult& o : g.outcomes)
        if (o.periods.count(p.label))
          row(out, {"group outcome", o.name, g.name, p.label, o.periods.at(p.label).ToString(), "", ""});
      if (g.achievement.count(p.label))
        row(out, {"group achievement", "achievement", g.name, p.label, g.achievement.at(p.label).ToString(),
                  "", ""});
      for (const GateResult& gate : g.gates)
        if (gate.periods.count(p.label))
          row(out, {"group gate", gate.name, g.name, p.label, passed(gate.periods.at(p.label)), "", ""});
    }
  }
}

}  // namespace ocf::statement_text
