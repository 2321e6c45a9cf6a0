// Fixed-width unsigned integers wider than 128 bits, for the exact
// intermediates of Decimal multiplication, division and powers.
//
// UInt<N> is N 64-bit limbs, least significant first. Only what Decimal needs
// is here: multiplication that reports overflow, division with remainder, and
// rounding a quotient half to even. Division is by shifting and subtracting,
// one quotient bit at a time: Decimal's quotients are at most a few hundred
// bits, so that is fast enough and much easier to check than Knuth's
// algorithm D. A divisor that fits in 64 bits takes a limb-at-a-time path.
#pragma once

#include <array>
#include <bit>
#include <compare>
#include <cstdint>
#include <optional>

namespace ocf::wide {

using u128 = unsigned __int128;

template <int N>
struct UInt {
  std::array<uint64_t, N> limb{};

  static UInt FromU128(u128 v) {
    static_assert(N >= 2);
    UInt r;
    r.limb[0] = static_cast<uint64_t>(v);
    r.limb[1] = static_cast<uint64_t>(v >> 64);
    return r;
  }
  bool IsZero() const {
    for (uint64_t l : limb)
      if (l) return false;
    return true;
  }
  bool IsOdd() const { return limb[0] & 1; }
  int BitLength() const {
    for (int i = N - 1; i >= 0; --i)
      if (limb[i]) return 64 * i + std::bit_width(limb[i]);
    return 0;
  }
  bool Bit(int i) const { return (limb[i / 64] >> (i % 64)) & 1; }
  void SetBit(int i) { limb[i / 64] |= uint64_t{1} << (i % 64); }
  // The value when it fits in 128 bits.
  std::optional<u128> ToU128() const {
    for (int i = 2; i < N; ++i)
      if (limb[i]) return std::nullopt;
    return (static_cast<u128>(limb[1]) << 64) | limb[0];
  }

  friend bool operator==(const UInt&, const UInt&) = default;
  friend std::strong_ordering operator<=>(const UInt& a, const UInt& b) {
    for (int i = N - 1; i >= 0; --i)
      if (a.limb[i] != b.limb[i]) return a.limb[i] <=> b.limb[i];
    return std::strong_ordering::equal;
  }
};

// a += b; false when the sum does not fit.
template <int N>
bool AddInPlace(UInt<N>& a, const UInt<N>& b) {
  unsigned carry = 0;
  for (int i = 0; i < N; ++i) {
    u128 sum = static_cast<u128>(a.limb[i]) + b.limb[i] + carry;
    a.limb[i] = static_cast<uint64_t>(sum);
    carry = static_cast<unsigned>(sum >> 64);
  }
  return carry == 0;
}

// a -= b, modulo 2^(64N).
template <int N>
void SubInPlace(UInt<N>& a, const UInt<N>& b) {
  uint64_t borrow = 0;
  for (int i = 0; i < N; ++i) {
    u128 d = static_cast<u128>(a.limb[i]) - b.limb[i] - borrow;
    a.limb[i] = static_cast<uint64_t>(d);
    borrow = static_cast<uint64_t>(d >> 64) & 1;
  }
}

// a += 1, modulo 2^(64N).
template <int N>
void Increment(UInt<N>& a) {
  for (int i = 0; i < N; ++i)
    if (++a.limb[i] != 0) return;
}

// a >> s, for s in [0, 64N].
template <int N>
UInt<N> ShiftRight(const UInt<N>& a, int s) {
  UInt<N> r;
  int limbs = s / 64, bits = s % 64;
  for (int i = 0; i + limbs < N; ++i) {
    r.limb[i] = a.limb[i + limbs] >> bits;
    if (bits && i + limbs + 1 < N) r.limb[i] |= a.limb[i + limbs + 1] << (64 - bits);
  }
  return r;
}

// a * m; nullopt when the product needs more than 64N bits.
template <int N>
std::optional<UInt<N>> MulSmall(const UInt<N>& a, uint64_t m) {
  UInt<N> r;
  uint64_t carry = 0;
  for (int i = 0; i < N; ++i) {
    u128 p = static_cast<u128>(a.limb[i]) * m + carry;
    r.limb[i] = static_cast<uint64_t>(p);
    carry = static_cast<uint64_t>(p >> 64);
  }
  if (carry) return std::nullopt;
  return r;
}

// a * b; nullopt when the product needs more than 64N bits.
template <int N>
std::optional<UInt<N>> Mul(const UInt<N>& a, const UInt<N>& b) {
  // The full 2N-limb product, then a check that its top half is empty.
  std::array<uint64_t, 2 * N> full{};
  for (int i = 0; i < N; ++i) {
    uint64_t carry = 0;
    for (int j = 0; j < N; ++j) {
      u128 p = static_cast<u128>(a.limb[i]) * b.limb[j] + full[i + j] + carry;  // < 2^128
      full[i + j] = static_cast<uint64_t>(p);
      carry = static_cast<uint64_t>(p >> 64);
    }
    full[i + N] = carry;
  }
  UInt<N> r;
  for (int i = 0; i < N; ++i) {
    if (full[N + i]) return std::nullopt;
    r.limb[i] = full[i];
  }
  return r;
}

// 10^e for e in [0, 19], the powers of ten that fit in 64 bits.
constexpr uint64_t Pow10Small(int e) {
  uint64_t p = 1;
  for (int i = 0; i < e; ++i) p *= 10;
  return p;
}

// 10^e for e >= 0; nullopt when it needs more than 64N bits.
template <int N>
std::optional<UInt<N>> Pow10(int e) {
  std::optional<UInt<N>> r = UInt<N>::FromU128(1);
  for (; e > 0 && r; e -= 19) r = MulSmall(*r, Pow10Small(e < 19 ? e : 19));
  return r;
}

template <int N>
struct DivResult {
  UInt<N> quotient, remainder;
};

// n / d and n % d; d must not be zero.
template <int N>
DivResult<N> DivMod(const UInt<N>& n, const UInt<N>& d) {
  DivResult<N> r;
  if (d.BitLength() <= 64) {
    // Schoolbook division by one limb: each step divides a 128-bit value.
    uint64_t divisor = d.limb[0];
    u128 rem = 0;
    for (int i = N - 1; i >= 0; --i) {
      u128 cur = (rem << 64) | n.limb[i];
      r.quotient.limb[i] = static_cast<uint64_t>(cur / divisor);
      rem = cur % divisor;
    }
    r.remainder.limb[0] = static_cast<uint64_t>(rem);
    return r;
  }
  // Binary long division, from the first bit where the quotient can be 1:
  // n's top dbits - 1 bits are below d, so they start as the remainder. The
  // remainder stays below d, so doubling it can carry out of the top limb only
  // when d is that large; the carry is kept.
  int nbits = n.BitLength(), dbits = d.BitLength();
  if (nbits < dbits) {
    r.remainder = n;
    return r;
  }
  r.remainder = ShiftRight(n, nbits - dbits + 1);
  for (int i = nbits - dbits; i >= 0; --i) {
    bool carry = r.remainder.limb[N - 1] >> 63;
    for (int k = N - 1; k > 0; --k)
      r.remainder.limb[k] = (r.remainder.limb[k] << 1) | (r.remainder.limb[k - 1] >> 63);
    r.remainder.limb[0] = (r.remainder.limb[0] << 1) | n.Bit(i);
    if (carry || r.remainder >= d) {
      SubInPlace(r.remainder, d);
      r.quotient.SetBit(i);
    }
  }
  return r;
}

// n / d rounded half to even; d must not be zero. Rounding up cannot wrap:
// a quotient with a remainder has d >= 2, so it is at most n / 2. With `exact`,
// reports whether the division left no remainder.
template <int N>
UInt<N> DivRoundHalfEven(const UInt<N>& n, const UInt<N>& d, bool* exact = nullptr) {
  DivResult<N> r = DivMod(n, d);
  if (exact) *exact = r.remainder.IsZero();
  // Compare the remainder with the rest of d rather than doubling it, which
  // could wrap.
  UInt<N> rest = d;
  SubInPlace(rest, r.remainder);
  if (r.remainder > rest || (r.remainder == rest && r.quotient.IsOdd())) Increment(r.quotient);
  return r.quotient;
}

// v / 10^e rounded half to even, for e >= 1. Dividing by 10^e at once would
// take the slow path; instead the first e - 1 digits are dropped 19 at a time
// (remembering whether any was nonzero) and the last one decides.
template <int N>
UInt<N> DivPow10RoundHalfEven(UInt<N> v, int e) {
  bool dropped_nonzero = false;
  for (int left = e - 1; left > 0; left -= 19) {
    DivResult<N> r = DivMod(v, UInt<N>::FromU128(Pow10Small(left < 19 ? left : 19)));
    v = r.quotient;
    dropped_nonzero |= !r.remainder.IsZero();
  }
  DivResult<N> r = DivMod(v, UInt<N>::FromU128(10));
  uint64_t digit = r.remainder.limb[0];
  if (digit > 5 || (digit == 5 && (dropped_nonzero || r.quotient.IsOdd()))) Increment(r.quotient);
  return r.quotient;
}

}  // namespace ocf::wide
