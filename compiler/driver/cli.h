// The `ocf` command line, as a function: tools/ocf/main.cc calls it with the
// process's streams, tests call it in-process with string streams.
#pragma once

#include <ostream>

namespace ocf {

// Runs `ocf ARGS...`. Text diagnostics go to `err`, results and JSON to `out`.
// Returns the exit status: 0 success (warnings allowed), 1 errors in the
// contract, 2 bad usage (unknown command or option, missing or unreadable file).
// Colour is used only when `err` is std::cerr on a terminal and NO_COLOR is unset.
int RunCli(int argc, char** argv, std::ostream& out, std::ostream& err);

}  // namespace ocf
