// `--set NAME=VALUE` on a contract (docs/language.md, "What if"). A setting
// that names an `input` is that input's value for the run (run.h,
// ReadInputs); one that names a top-level `let`, of the contract or of a file
// it imports, replaces the let's value, so that a run answers "what if annual
// growth were 2%?" without editing the contract.
//
// The new value is written as a data file writes a value of the let's type
// (§4: `2%` or `0.02`, `27000000` or `£27,000,000`, `30 days`) and becomes a
// literal in the let's place in the syntax tree; the checker then runs again
// over the edited trees. So every rule that reasons about constants (a change
// target's "change of zero", decision tables' constant cases, `tiered`
// bands) and lowering's constant folding see the new value exactly as they
// would if the contract had been edited, and an override that makes the
// contract wrong gets the edited contract's diagnostic, with a note at the
// let naming the setting. A `let` inside a payment block is worked out for
// each payment period from what the block reads: it cannot be set.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sema/sema.h"

namespace ocf::driver {

struct Compilation;

// A top-level let whose value a setting replaced.
struct LetSetting {
  std::string name;
  std::string value;  // as given on the command line
  std::string type;   // the let's type as the language writes it: `percent`
  Span let_span;      // the let's value as written in the contract
};

struct SettingsUse {
  // The settings that name inputs, in the order given (for ReadInputs).
  std::vector<std::pair<std::string, std::string>> inputs;
  std::vector<LetSetting> lets;  // in the order given; a let set twice: the last
  // A let's value that does not read as a value of its type: errors in the
  // run's input (exit 1), one message each.
  std::vector<std::string> errors;
  // A name that is no input and no top-level let, or a payment block's let:
  // bad usage (exit 2), one message each.
  std::vector<std::string> usage_errors;
  // The lets' values as the contract writes them, replaced in the trees.
  std::vector<ast::ExprPtr> replaced;

  bool ok() const { return errors.empty() && usage_errors.empty(); }
};

// Sorts `settings` into inputs and lets for a contract checked without
// errors; when every setting is good and some name lets, replaces those
// lets' values and runs `check` again, so that `c` holds the program and the
// diagnostics of the contract as if edited. `before_check` holds the
// diagnostics found before checking (parsing, imports); `first_check` the
// first check's, so that a diagnostic the new values bring can be told apart.
void ApplySettings(Compilation& c, const std::vector<std::pair<std::string, std::string>>& settings,
                   const std::function<CheckResult()>& check, const DiagnosticSink& before_check,
                   const DiagnosticSink& first_check);

}  // namespace ocf::driver
