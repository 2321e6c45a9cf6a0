// `ocf explain` on the command line: its options and help (cli.cc adds the
// command with these and calls RunExplain once it is parsed).
#pragma once

#include <ostream>

#include <CLI/CLI.hpp>

#include "compiler/driver/commands.h"

namespace ocf::driver {

CLI::App* AddExplainCommand(CLI::App& app, CommandArgs& args);
int RunExplain(const CommandArgs& args, std::ostream& out, std::ostream& err);

}  // namespace ocf::driver
