// The statement's sections for gates and payments by group (LANGUAGE.md §6):
// JSON `gates` and `groups`, and their CSV rows (the table's are in
// statement_table.cc).
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
