#include "compiler/driver/internal_error.h"

#include <exception>
#include <new>
#include <string>

#include <fmt/format.h>

namespace ocf::driver {

int ReportInternalErrors(std::string_view who, std::ostream& err, const std::function<int()>& command,
                         std::string_view workaround) {
  std::string what;
  try {
    return command();
  } catch (const std::bad_alloc&) {
    err << fmt::format(
        "{}: error: out of memory\n"
        "  = note: the contract and its data need more memory than this machine could give; nothing was "
        "computed\n",
        who);
    return 1;
  } catch (const std::exception& e) {
    what = e.what();
  } catch (...) {
    what = "an exception of an unknown type";
  }
  try {
    err << fmt::format(
        "{}: internal error: {}\n"
        "  = note: this is a bug in ocf, not a mistake in the contract or its data\n"
        "  = help: please report it with the contract, its data and the command that ran it{}\n",
        who, what, workaround.empty() ? "" : fmt::format("; meanwhile, {}", workaround));
  } catch (...) {  // nothing more can be said
  }
  return 1;
}

}  // namespace ocf::driver
