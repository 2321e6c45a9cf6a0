// `ocf rows`: the records behind a measure's value in one period, as CSV, so
// a provider can reconcile a figure record by record (docs/language.md,
// "ocf rows").
//
// The contract is checked and lowered as for `ocf run`; only the tables the
// measure reads (and those its links read) are read, with the parallel
// reader and the same checks, and data with problems is refused as `ocf run`
// refuses it. The records are chosen by the reference interpreter's row
// evaluator (runtime/interp/records.h), looking only at rows dated in the
// asked span; then the file is read a second time, streaming
// (runtime/csv_pick.h), and the chosen records are written with their
// fields as the file holds them. The table is never held twice.
#pragma once

#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

#include "compiler/driver/commands.h"

namespace ocf::driver {

struct RowsArgs {
  CommandArgs common;  // the contract, --data, --set, --period, --stdlib, --threads, colour
  std::string measure;
  std::string group;
  bool group_given = false;
  std::string which;   // empty: every record counted
  std::string table;   // the table to list, for a measure over several
  std::string output;  // a file instead of standard output
};

// Runs `ocf rows`: the CSV to `out` (or args.output), diagnostics, data
// problems and a one-line summary to `err`. Returns the exit status: 0, 1
// (errors in the contract or the data), 2 (bad usage).
int RowsCommand(const RowsArgs& args, std::ostream& out, std::ostream& err);

// The command line's `rows` command with its options and help (cli.cc adds
// `--color` and calls RowsCommand once it is parsed).
CLI::App* AddRowsCommand(CLI::App& app, RowsArgs& args);

}  // namespace ocf::driver
