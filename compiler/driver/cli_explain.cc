#include "compiler/driver/cli_explain.h"

#include "compiler/driver/explain.h"

namespace ocf::driver {

CLI::App* AddExplainCommand(CLI::App& app, CommandArgs& args) {
  CLI::App* explain =
      app.add_subcommand("explain", "Show how one figure of the statement was worked out, down to the data");
  explain->group("Commands");
  explain->set_help_flag("-h,--help", "Print this help and exit");
  explain->footer(
      "Runs the contract as `ocf run` does and prints the derivation of one figure\n"
      "in one period: its formula with the value of every part, the lets and\n"
      "functions it uses, the contract's achievement broken into outcomes and\n"
      "targets (thresholds, achievement, status), each measure into its aggregates\n"
      "and the counts of data records behind them (records in the period, in the\n"
      "numerator, skipped because a value was missing, outside the term).\n"
      "Say what to explain with exactly one of --line, --measure, --target,\n"
      "--outcome, --achievement or --all-lines (every payment line of --period, or of\n"
      "the whole term without it). --format json prints the same tree for tools\n"
      "(schema ocf.explain/1, docs/json.md).\n"
      "\n"
      "Examples:\n"
      "  ocf explain examples/msk/msk.ocf --data examples/msk/data --line \"Outcome incentive\" --period "
      "2014/15\n"
      "  ocf explain examples/msk/msk.ocf --data examples/msk/data --measure seen_in_18_weeks --period "
      "\"2014/15 Q1\"\n"
      "  ocf explain examples/alliance/alliance.ocf --data examples/alliance/data \\\n"
      "      --line \"Outcome fund\" --period \"2016/17 Q4\" --group acute");
  explain->add_option("FILE", args.files, "The contract (a .ocf file; `-`: standard input)")
      ->required()
      ->expected(1)
      ->type_name("");
  explain
      ->add_option("--data", args.data,
                   "The provider's data: DIR with NAME.csv files, or NAME=PATH (repeatable)")
      ->type_name("DIR|NAME=PATH")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  explain->add_option("--line", args.explain_line, "A payment line, by its name")->type_name("NAME");
  explain->add_option("--measure", args.measure, "A measure")->type_name("NAME");
  explain->add_option("--target", args.explain_target, "The target on a measure")->type_name("MEASURE");
  explain->add_option("--outcome", args.explain_outcome, "An outcome")->type_name("NAME");
  explain->add_flag("--achievement", args.explain_achievement, "The contract's achievement");
  explain->add_flag("--all-lines", args.explain_all_lines,
                    "Every payment line in --period (every payment period without it), every group's too");
  explain->add_option("--period", args.period, "The period, e.g. 2014/15 or \"2014/15 Q1\"")
      ->type_name("LABEL");
  explain->add_option("--group", args.group, "The group, for a `payment ... by` line or a `by` measure")
      ->type_name("VALUE");
  explain->add_option("--set", args.sets, "An input's value, written as in a data file (repeatable)")
      ->type_name("NAME=VALUE")
      ->expected(1)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  explain->add_option("--format", args.format, "text (default) or json")->type_name("text|json");
  explain->add_option("--engine", args.engine, "auto (the default), jit or interp, as for `ocf run`")
      ->type_name("auto|jit|interp");
  explain->add_option("--stdlib", args.stdlib, "Where `import` looks after the importing file's folder")
      ->type_name("DIR");
  args.cache_by_default = true;
  explain
      ->add_option("--cache", args.cache,
                   "Keep the data's validated columns in DIR and map them on a re-run (default: on, in "
                   "$OCF_CACHE_DIR, else $XDG_CACHE_HOME/ocf or ~/.cache/ocf, files of 4 MiB and more)")
      ->type_name("DIR");
  explain->add_flag("--no-cache", args.no_cache,
                    "Read the data files, neither using nor filling the column cache");
  explain
      ->add_option("--threads", args.threads,
                   "Worker threads for reading and scanning (default: one per core)")
      ->type_name("N");
  return explain;
}

int RunExplain(const CommandArgs& args, std::ostream& out, std::ostream& err) {
  ExplainReport report = ExplainCommand(args, err);
  bool json = args.format == "json";
  if (!report.usage_error.empty()) {
    err << report.usage_error << "\n";
    if (json) out << ErrorJson(report.usage_error);
    return report.status;
  }
  if (report.status != kExitOk) {
    if (json) out << RunFailureJson(report.run);
    return report.status == kExitOk ? kExitErrors : report.status;
  }
  out << (json ? ExplainJson(report) : ExplainText(report));
  return kExitOk;
}

}  // namespace ocf::driver
