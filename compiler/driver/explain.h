// `ocf explain`: how one figure of the statement was worked out (a payment
// line, a measure, a target, an outcome or the contract's achievement, in
// one period), as a tree a finance officer can follow: the figure's formula
// with every sub-expression's value, lets and function calls named, the
// contract's achievement broken into outcomes and targets, measures into
// their aggregates and the counts of data records behind them.
//
// The run is `ocf run`'s (RunCommand, either engine); the period-level
// engine fills the tree in as it works the figure out
// (runtime/exec/explain.cc), so every value shown is the statement's own.
// This file checks the request, and writes the tree as text or JSON
// ("ocf.explain/1", docs/json.md).
#pragma once

#include <ostream>
#include <string>

#include "compiler/driver/commands.h"
#include "compiler/source/source.h"
#include "plan/plan.h"
#include "runtime/explanation.h"

namespace ocf::driver {

struct ExplainReport {
  int status = kExitOk;
  std::string usage_error;
  RunReport run;  // the run (its statement, data and errors)
  // The figure explained; with --all-lines, every payment line in the order paid.
  std::vector<Explanation> explanations;
  bool all_lines = false;
  // The lets given a value with --set: the text says so, since the
  // contract's line shows another value.
  std::vector<std::string> set_lets;
};

// `ocf explain FILE --data ... (--line NAME | --measure NAME | --target
// MEASURE | --outcome NAME | --achievement) --period LABEL [--group G]`, or
// `--all-lines [--period LABEL]`: every payment line (and group) paid then.
// Problems are written to `err` as they happen, as `ocf run` writes them.
ExplainReport ExplainCommand(const CommandArgs& args, std::ostream& err);

// Why the request names nothing in this plan (an unknown line or period, a
// `by` line without --group...), with the names it could have meant; empty
// when it is fine. Groups are checked once the run has found them.
std::string CheckExplainRequest(const plan::EvaluationPlan& plan, const ExplainRequest& request);

// The tree as text (box-drawing lines, values with their units) and as JSON.
std::string ExplainText(const ExplainReport& report);
std::string ExplainJson(const ExplainReport& report);

}  // namespace ocf::driver
