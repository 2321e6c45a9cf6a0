// What the warehouse tests share (tests/sql): the throwaway server's
// connection string and the repository's files.
#pragma once

#include <string>

namespace ocf::sqltest {

// The connection string of the fixture's server (`--pg DIR`: DIR/uri), or
// empty when the tests were run without one.
const std::string& ServerUri();

}  // namespace ocf::sqltest
