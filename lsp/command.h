// `ocf lsp` on the command line: its options and help (cli.cc adds the
// command with these and calls RunLspCommand once it is parsed).
#pragma once

#include <istream>
#include <ostream>
#include <string>

#include <CLI/CLI.hpp>

namespace ocf::lsp {

struct LspArgs {
  bool stdio = false;  // the only transport; accepted because clients pass it
  std::string stdlib;
};

CLI::App* AddLspCommand(CLI::App& app, LspArgs& args);
int RunLspCommand(const LspArgs& args, std::istream& in, std::ostream& out, std::ostream& err);

}  // namespace ocf::lsp
