// The command line's last line of defence. A contract or data ocf cannot
// accept gets a located diagnostic; an exception that escapes a command is
// therefore a bug in ocf (an invariant one engine keeps for another broken,
// such as "a check rule the reference check passed fails compiled"), and is
// reported as one, with exit status 1, instead of aborting the process:
//
//   ocf test: internal error: a check rule the reference check passed fails compiled
//     = note: this is a bug in ocf, not a mistake in the contract or its data
//     = help: please report it with the contract, its data and the command that ran it
//
// Running out of memory is said as such (it is not necessarily a bug).
#pragma once

#include <functional>
#include <ostream>
#include <string_view>

namespace ocf::driver {

// Runs `command` (which returns an exit status) and returns its status, or 1
// after reporting to `err`, as `who` (`ocf run`), whatever it throws.
// `workaround`, when not empty, is added to the help line (`--engine interp
// runs the reference interpreter instead`).
int ReportInternalErrors(std::string_view who, std::ostream& err, const std::function<int()>& command,
                         std::string_view workaround = "");

}  // namespace ocf::driver
