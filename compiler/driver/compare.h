// Two statements' payments side by side (`ocf run --compare BASE.json`,
// `--compare-set NAME=VALUE`; docs/language.md, "What if"): every payment
// line's base amount, scenario amount and difference, per payment period
// (and per group for `by` blocks), each period's total and the grand total.
//
// Both sides are read from a statement's JSON (ocf.statement/1): the base
// from a file written earlier by `ocf run --format json`, the scenario from
// this run's statement rendered the same way, so the two are compared in one
// form whichever way the base was made. Amounts are exact decimals; a line
// or a period present on one side only is shown as such, never dropped.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/decimal.h"
#include "runtime/statement.h"

namespace ocf::driver {

// A statement's payments as its JSON gives them.
struct StatementPayments {
  std::string contract, currency;
  struct Line {
    std::string name;
    std::optional<std::string> group;
    bool shadow = false;
    Decimal amount;
  };
  struct Period {
    std::string label;
    std::vector<Line> lines;
    Decimal total;
  };
  std::vector<Period> periods;  // in the statement's order
};

// Reads a statement's JSON, or says why not as `NAME:LINE:COLUMN: why`
// (`name` is the file's name as the user gave it).
std::optional<StatementPayments> ReadStatementPayments(std::string_view json, const std::string& name,
                                                       std::string& error);
// This run's statement in the same form.
StatementPayments PaymentsOf(const Statement& statement);

struct Comparison {
  std::string contract, currency;
  std::string base, scenario;  // what each side is, for people: `base.json`, `this run`
  struct Amounts {
    std::optional<Decimal> base, scenario;  // nullopt: not on that side
    std::optional<Decimal> difference;      // scenario - base, when both are there
  };
  struct Line {
    std::string name;
    std::optional<std::string> group;
    bool shadow = false;
    Amounts amounts;
  };
  struct Period {
    std::string label;
    std::vector<Line> lines;  // the base's order, then lines only the scenario has
    Amounts total;
  };
  std::vector<Period> periods;  // the base's order, then periods only the scenario has
  Amounts total;                // every period's total, summed on each side
};

// `only_period`: that payment period alone. Fails (with `error`) only when a
// sum leaves the exact range.
std::optional<Comparison> Compare(const StatementPayments& base, const StatementPayments& scenario,
                                  const std::optional<std::string>& only_period, std::string& error);

struct CommandArgs;

// `ocf run ... --compare BASE.json` or `--compare-set NAME=VALUE`: runs the
// contract (twice for --compare-set: without and with those settings, on
// top of --set) and prints the comparison in args.format (table, json or
// csv) to `out`; problems to `err` as `ocf run` prints them. Returns the
// exit status. A BASE.json that is not a statement of this contract (not
// JSON, another schema, another contract or currency) is bad usage (2).
int CompareCommand(const CommandArgs& args, std::ostream& out, std::ostream& err);

std::string ComparisonTable(const Comparison& c);
std::string ComparisonJson(const Comparison& c);  // "schema": "ocf.comparison/1"
std::string ComparisonCsv(const Comparison& c);

}  // namespace ocf::driver
