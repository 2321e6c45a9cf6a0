// `ocf run ... --compare BASE.json` and `--compare-set NAME=VALUE`
// (compare.h): the runs, the base read and checked, the comparison printed.
#include <fmt/format.h>

#include "compiler/driver/commands.h"
#include "compiler/driver/compare.h"
#include "compiler/driver/files.h"
#include "runtime/safe_text.h"

namespace ocf::driver {
namespace {

// A statement's JSON is a few megabytes even for a large contract's groups.
constexpr uint64_t kMaxBaseBytes = 256u << 20;

// `--set a=1 --set b=2` as the comparison names a side.
std::string Settings(const char* option, const std::vector<std::string>& sets) {
  std::string out;
  for (const std::string& s : sets) out += fmt::format("{}{} {}", out.empty() ? "" : " ", option, s);
  return out;
}

// Runs the contract with `args`; false (after printing why, as `ocf run`
// does) when there is no statement.
bool Run(const CommandArgs& args, RunReport& report, std::ostream& out, std::ostream& err, bool json) {
  report = RunCommand(args, err);
  if (report.statement) return true;
  if (!report.usage_error.empty()) err << report.usage_error << "\n";
  if (json) out << RunFailureJson(report);
  return false;
}

}  // namespace

int CompareCommand(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  const std::string format = args.format.empty() ? "table" : args.format;
  const bool json = format == "json";
  auto usage = [&](const std::string& message) {
    err << message << "\n";
    if (json) out << ErrorJson(message);
    return kExitUsage;
  };
  if (format != "table" && format != "json" && format != "csv")
    return usage(
        fmt::format("ocf run: a comparison is printed as `table`, `json` or `csv`, not `{}`", format));
  if (!args.compare.empty() && !args.compare_sets.empty())
    return usage(
        "ocf run: --compare and --compare-set each choose what this run is compared with: give one of them");
  for (const std::string& s : args.compare_sets)
    if (s.find('=') == std::string::npos || s[0] == '=')
      return usage(fmt::format("ocf run: --compare-set takes NAME=VALUE, not `{}`", s));

  std::optional<StatementPayments> base;
  if (!args.compare.empty()) {
    ReadResult read = ReadContractFile(args.compare, kMaxBaseBytes);
    if (read.status == ReadStatus::TooLarge)
      return usage(fmt::format("ocf run: `{}` is {}; a statement to compare with is at most {}",
                               TerminalText(args.compare), FormatSize(read.size), FormatSize(kMaxBaseBytes)));
    if (read.status != ReadStatus::Ok)
      return usage(fmt::format("ocf run: cannot read `{}`: {}", TerminalText(args.compare), read.error));
    std::string why;
    base = ReadStatementPayments(read.bytes, TerminalText(args.compare), why);
    if (!base) return usage("ocf run: " + why);
  }

  CommandArgs run_args = args;
  run_args.compare.clear();
  run_args.compare_sets.clear();
  run_args.format = "json";  // (not printed: the statement is kept as objects)
  RunReport first;
  if (!Run(run_args, first, out, err, json)) return first.status;
  StatementPayments scenario = PaymentsOf(*first.statement);
  std::string base_name, scenario_name = "this run";
  if (!args.sets.empty()) scenario_name += " (" + Settings("--set", args.sets) + ")";
  if (base) {
    base_name = args.compare;
    if (base->contract != scenario.contract)
      return usage(fmt::format("ocf run: `{}` is a statement of \"{}\", not of this contract (\"{}\")",
                               TerminalText(args.compare), TerminalText(base->contract),
                               TerminalText(scenario.contract)));
    if (base->currency != scenario.currency)
      return usage(
          fmt::format("ocf run: `{}` is in {}, but this contract pays in {}: amounts in two currencies "
                      "cannot be compared",
                      TerminalText(args.compare), TerminalText(base->currency), scenario.currency));
  } else {
    // The scenario is this run with the settings applied on top.
    base = std::move(scenario);
    base_name = scenario_name;
    run_args.sets.insert(run_args.sets.end(), args.compare_sets.begin(), args.compare_sets.end());
    RunReport second;
    if (!Run(run_args, second, out, err, json)) return second.status;
    scenario = PaymentsOf(*second.statement);
    scenario_name = "this run with " + Settings("--compare-set", args.compare_sets);
  }
  std::string why;
  std::optional<Comparison> c = Compare(*base, scenario, first.period, why);
  if (!c) {
    err << "ocf run: " << why << "\n";
    if (json) out << ErrorJson("ocf run: " + why, false);
    return kExitErrors;
  }
  c->base = base_name;
  c->scenario = scenario_name;
  out << (json ? ComparisonJson(*c) : format == "csv" ? ComparisonCsv(*c) : ComparisonTable(*c));
  return kExitOk;
}

}  // namespace ocf::driver
