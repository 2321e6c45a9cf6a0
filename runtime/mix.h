// splitmix64's finaliser: a bijection of 64-bit words that spreads every
// input bit over the output. The string dictionary's hash, the parallel
// reader's key fingerprints and the column cache's checksums all use it.
#pragma once

#include <cstdint>

namespace ocf {

inline uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

}  // namespace ocf
