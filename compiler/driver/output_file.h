// `ocf run --output FILE`: the statement written to a file instead of
// standard output. The path is checked before anything is run, so a typo
// costs nothing; the file is written only once there is a statement.
#pragma once

#include <string>

namespace ocf::driver {

// Whether `path` can be written: not a folder, its folder exists, and either
// the file can be written or it does not exist and the folder can be. Else
// `usage` says why (`ocf run: --output ...`).
bool CheckOutputPath(const std::string& path, const char* who, std::string& usage);

}  // namespace ocf::driver
