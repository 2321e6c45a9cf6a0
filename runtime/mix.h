// splitmix64's finaliser: a bijection of 64-bit words that spreads every
// input bit over the output. The string dictionary's hash, the parallel
// reader's key fingerprints and the checksums of the column cache and the
// answers cache all use it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace ocf {

inline uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xBF58476D1CE4E5B9ULL;
  x ^= x >> 27;
  x *= 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

inline uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

// A hash of `n` bytes (the caches' checksums): four independent multiply lanes over 32 bytes at
// a time (xxHash64's round), several GB/s a core.
inline uint64_t HashBytes(const void* data, size_t n, uint64_t seed) {
  constexpr uint64_t P1 = 0x9E3779B185EBCA87ULL, P2 = 0xC2B2AE3D27D4EB4FULL;
  const unsigned char* p = static_cast<const unsigned char*>(data);
  uint64_t v[4] = {seed + P1 + P2, seed + P2, seed, seed - P1};
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    for (int k = 0; k < 4; ++k) {
      uint64_t w;
      std::memcpy(&w, p + i + 8 * k, 8);
      v[k] = Rotl(v[k] + w * P2, 31) * P1;
    }
  }
  uint64_t h = Rotl(v[0], 1) + Rotl(v[1], 7) + Rotl(v[2], 12) + Rotl(v[3], 18);
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    h = Mix(h ^ w);
  }
  uint64_t tail = 0;
  if (i < n) std::memcpy(&tail, p + i, n - i);  // p may be null when n is 0
  return Mix(h ^ tail ^ (n * P1));
}

// A hash of a text, chained on `h`.
inline uint64_t HashText(std::string_view s, uint64_t h) {
  return Mix(h ^ HashBytes(s.data(), s.size(), s.size()));
}

}  // namespace ocf
