#include "compiler/driver/gate_check.h"

#include <fmt/format.h>

#include "runtime/json.h"

namespace ocf::driver {

GateCheck CheckGates(const Compilation& compilation, const plan::EvaluationPlan& plan, const DataCheck& data,
                     const InputSettings& sets, bool strict) {
  GateCheck out;
  out.json = "[]";
  if (plan.gates.empty()) return out;
  RunOptions options;
  options.engine = Engine::Interp;
  RunOutcome run = RunContract(compilation, plan, data, sets, options);
  if (!run.statement) {
    out.not_checked = !run.errors.empty() ? run.errors.front() : "the contract could not be run on this data";
    if (!run.diagnostics.empty()) out.not_checked = "the contract could not be run on this data";
    return out;
  }
  return GatesOf(plan, *run.statement, strict);
}

GateCheck GatesOf(const plan::EvaluationPlan& plan, const Statement& st, bool strict) {
  GateCheck out;
  out.json = "[]";
  std::string json = "[";
  // A group's gate is reported where it differs from the whole's (a gate
  // over `by` measures): the same failure is not said once per group.
  auto overall = [&](const std::string& name) -> const GateResult* {
    for (const GateResult& g : st.gates)
      if (g.name == name) return &g;
    return nullptr;
  };
  auto report = [&](const GateResult& g, const std::string& group_column, const std::string& group) {
    const GateResult* whole = group.empty() ? nullptr : overall(g.name);
    const plan::Gate* gate = nullptr;
    for (const plan::Gate& pg : plan.gates)
      if (pg.name == g.name) gate = &pg;
    for (const Period& p : st.periods) {
      auto it = g.periods.find(p.label);
      if (it == g.periods.end() || it->second.value_or(false)) continue;
      auto why = g.why.find(p.label);
      std::string reason = why == g.why.end() ? "" : why->second;
      if (whole && whole->periods.count(p.label) && whole->periods.at(p.label) == it->second &&
          whole->why.count(p.label) && whole->why.at(p.label) == reason)
        continue;
      std::string who = group.empty() ? "" : fmt::format(" for {} \"{}\"", group_column, group);
      std::string message = fmt::format("gate `{}`{}: {} {}: {}", g.name, who, p.label,
                                        it->second ? "fails" : "cannot be decided", reason);
      Diagnostic& d = out.diagnostics.Report(strict ? DiagCode::GateFailsStrict : DiagCode::GateFails,
                                             gate ? gate->span : Span{}, message);
      d.Help(it->second ? "the payments this gate decides would not be made for that period"
                        : "a measure it reads has no value in that period: missing counts as failed");
      ++out.failures;
      json += json.size() > 1 ? ", " : "";
      json += "{\"gate\": ";
      AppendJsonString(json, g.name);
      json += ", \"period\": ";
      AppendJsonString(json, p.label);
      json += ", \"group\": ";
      if (group.empty()) {
        json += "null";
      } else {
        AppendJsonString(json, group);
      }
      json += fmt::format(", \"passed\": {}, \"why\": ", it->second ? "false" : "null");
      AppendJsonString(json, reason);
      json += "}";
    }
  };
  for (const GateResult& g : st.gates) report(g, "", "");
  for (const GroupResult& group : st.groups)
    for (const GateResult& g : group.gates) report(g, group.column, group.name);
  out.json = json + "]";
  return out;
}

}  // namespace ocf::driver
