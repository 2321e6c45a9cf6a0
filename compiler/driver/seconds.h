// The seconds since a moment, for the commands' `--timings`.
#pragma once

#include <chrono>

namespace ocf::driver {

inline double SecondsSince(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace ocf::driver
