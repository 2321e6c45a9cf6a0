// `ocf fmt FILE... [--check] [--write]`: contracts in the canonical layout
// (compiler/format, docs/language.md "Layout").
//
// Without a flag each file's formatted text goes to standard output (`-`
// reads standard input, for editors). `--check` changes nothing: it prints a
// unified diff for each file that is not formatted and exits 1 when there is
// one. `--write` rewrites the files that change, each through a temporary
// file renamed over it, so a file is never left half written. A file with
// syntax errors is never formatted: its diagnostics are printed and the exit
// status is 1; a file that cannot be read is bad usage, 2, as for `ocf check`.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace ocf::driver {

struct FmtArgs {
  std::vector<std::string> files;
  bool check = false;
  bool write = false;
  bool color = false;
};

CLI::App* AddFmtCommand(CLI::App& app, FmtArgs& args);
int FmtCommand(const FmtArgs& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace ocf::driver
