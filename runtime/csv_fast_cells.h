// The parallel CSV reader's fast paths (runtime/csv_parallel.cc): finding
// where fields end 64 bytes at a time, and reading the commonest spellings
// of each kind of cell without a call. Anything these are unsure of is left
// to ParseCell (runtime/cells.h), so they decide nothing ParseCell would
// decide otherwise: each returns false rather than guess.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "runtime/date.h"
#include "runtime/decimal.h"

namespace ocf::csv_fast {

// The bytes that end a field (`,`, `"`, CR, LF) among the 64 at `p`, as bits.
inline uint64_t SpecialBits(const char* p) {
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'),
                cr = _mm_set1_epi8('\r');
  uint64_t bits = 0;
  for (int i = 0; i < 4; ++i) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * i));
    __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, quote)),
                             _mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)));
    bits |= static_cast<uint64_t>(static_cast<uint32_t>(_mm_movemask_epi8(m))) << (16 * i);
  }
  return bits;
#else
  uint64_t bits = 0;
  for (int i = 0; i < 64; ++i)
    if (p[i] == ',' || p[i] == '"' || p[i] == '\n' || p[i] == '\r') bits |= uint64_t{1} << i;
  return bits;
#endif
}

// Finds where fields end, 64 bytes at a time: the field-ending bytes of a
// window become bits, taken lowest first, so most fields cost a count of
// trailing zeros. Fields are taken in order from the record Start was given;
// a reader that moves otherwise Starts again. The bytes after the data hold
// LFs, so a search always stops by the end, and there are 64 of them, so a
// window never leaves the buffer. A value type, kept in registers by its
// user: stores through the output's byte arrays could alias a member.
struct FieldEnds {
  const char* window = nullptr;  // `bits` are of the 64 bytes from here
  uint64_t bits = 0;             // those not yet taken
  void Start(const char* p) {
    window = p;
    bits = SpecialBits(p);
  }
  // The next `,`, `"`, CR or LF.
  __attribute__((always_inline)) const char* Next() {
    while (bits == 0) {
      window += 64;
      bits = SpecialBits(window);
    }
    const char* q = window + std::countr_zero(bits);
    bits &= bits - 1;
    return q;
  }
  // The field starting at `p`: its text [text, text + n), `quoted` when in
  // quotes, and where it ends (`*end` is `,`, CR, LF or the sentinel).
  // False for a field the fast path leaves alone: a quote inside an
  // unquoted field, or spaces before a quote; in quotes, a doubled quote, a
  // comma or line break, or anything after the closing quote.
  __attribute__((always_inline)) bool Field(const char* p, const char*& text, size_t& n, bool& quoted,
                                            const char*& end) {
    const char* q = Next();
    if (*q != '"') {
      text = p, n = static_cast<size_t>(q - p), quoted = false, end = q;
      return true;
    }
    if (q != p) return false;
    const char* close = Next();
    if (*close != '"') return false;
    end = Next();
    if (end != close + 1 || *end == '"') return false;
    text = p + 1, n = static_cast<size_t>(close - text), quoted = true;
    return true;
  }
};

// No NUL byte and nothing but ASCII: text without looking further.
inline bool PlainAscii(const char* p, size_t n) {
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t w;
    std::memcpy(&w, p + i, 8);
    constexpr uint64_t kLow = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
    if (((w | ((w - kLow) & ~w)) & kHigh) != 0) return false;
  }
  for (; i < n; ++i)
    if (p[i] == 0 || static_cast<unsigned char>(p[i]) >= 0x80) return false;
  return true;
}

inline unsigned DigitAt(const char* p) { return static_cast<unsigned>(static_cast<unsigned char>(*p)) - '0'; }

// `-?[0-9]{1,18}`; anything else (a `+`, spaces, 19 digits) is ParseCell's.
inline bool FastInt(const char* p, size_t n, int64_t& out) {
  bool negative = *p == '-';
  p += negative;
  n -= negative;
  if (n == 0 || n > 18) return false;
  uint64_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned d = DigitAt(p + i);
    if (d > 9) return false;
    v = v * 10 + d;
  }
  out = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return true;
}

constexpr __int128 Pow10(int n) {
  __int128 p = 1;
  for (int i = 0; i < n; ++i) p *= 10;
  return p;
}

// `-?[0-9]+(\.[0-9]+)?` with at most 18 digits, times 10^shift10, as
// Decimal units; anything else is ParseCell's.
inline bool FastDecimal(const char* p, size_t n, int shift10, Decimal& out) {
  static constexpr auto kPow = [] {
    std::array<uint64_t, 19> t{};
    for (int i = 0; i <= 18; ++i) t[static_cast<size_t>(i)] = static_cast<uint64_t>(Pow10(i));
    return t;
  }();
  bool negative = n && *p == '-';
  p += negative;
  n -= negative;
  uint64_t v = 0;
  size_t i = 0;
  for (; i < n; ++i) {
    unsigned d = DigitAt(p + i);
    if (d > 9) break;
    v = v * 10 + d;
  }
  size_t whole = i;
  if (whole == 0 || whole > 18) return false;
  int fraction = 0;
  if (i < n) {
    if (p[i] != '.') return false;
    for (++i; i < n; ++i) {
      unsigned d = DigitAt(p + i);
      if (d > 9) return false;
      v = v * 10 + d;
    }
    fraction = static_cast<int>(n - whole - 1);
    if (fraction == 0 || whole + static_cast<size_t>(fraction) > 18) return false;
  }
  int exponent = Decimal::kScale + shift10 - fraction;
  if (exponent < 0) return false;
  // Both factors are below 10^19: one 64 x 64 -> 128-bit multiplication.
  auto units = static_cast<__int128>(static_cast<unsigned __int128>(v) * kPow[static_cast<size_t>(exponent)]);
  out = Decimal::FromUnits(negative ? -units : units);
  return true;
}

// Days from 1970-01-01 to the first of each year 1-9999, and from the
// first of the year to the first of each month: a date is two lookups.
struct Calendar {
  std::array<int32_t, 10000> year_start{};
  std::array<uint8_t, 10000> leap{};
  std::array<std::array<uint16_t, 13>, 2> month_start{};  // [leap][month 1-12]
  std::array<std::array<uint8_t, 13>, 2> month_days{};

  static bool Leap(int y) { return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0); }
  Calendar() {
    static constexpr uint8_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int32_t days = 0;  // to 1970-01-01 from the first of `y`, going down
    for (int y = 1969; y >= 1; --y) days -= Leap(y) ? 366 : 365, year_start[static_cast<size_t>(y)] = days;
    days = 0;
    for (int y = 1970; y <= 9999; ++y) year_start[static_cast<size_t>(y)] = days, days += Leap(y) ? 366 : 365;
    for (int y = 1; y <= 9999; ++y) leap[static_cast<size_t>(y)] = Leap(y);
    for (size_t leap = 0; leap < 2; ++leap) {
      uint16_t start = 0;
      for (size_t m = 1; m <= 12; ++m) {
        month_days[leap][m] = static_cast<uint8_t>(kDays[m - 1] + (leap && m == 2));
        month_start[leap][m] = start;
        start = static_cast<uint16_t>(start + month_days[leap][m]);
      }
    }
  }
  // The day, or false when it does not exist (year 0, month 13, 2021-02-29).
  bool Days(unsigned y, unsigned m, unsigned d, int32_t& out) const {
    if (y == 0 || y > 9999 || m - 1 > 11 || d == 0) return false;
    size_t l = leap[y];
    if (d > month_days[l][m]) return false;
    out = year_start[y] + month_start[l][m] + static_cast<int32_t>(d) - 1;
    return true;
  }
};

inline const Calendar& TheCalendar() {
  static const Calendar calendar;
  return calendar;
}

// `YYYY-MM-DD`, or with uk_dates `DD/MM/YYYY`, naming a real day. The ten
// bytes are checked and split as two words: the separators' bytes are
// swapped for zeros, then every byte must be a digit.
inline bool FastDate(const char* p, size_t n, bool uk, const Calendar& calendar, Date& out) {
  if (n != 10) return false;
  uint64_t w;
  uint16_t x;
  std::memcpy(&w, p, 8);
  std::memcpy(&x, p + 8, 2);
  // Little-endian: byte i of the text is bits 8i..8i+7.
  constexpr uint64_t kIsoSeparators = (uint64_t{0xFF} << 32) | (uint64_t{0xFF} << 56);
  constexpr uint64_t kIsoDashes = (uint64_t{'-'} << 32) | (uint64_t{'-'} << 56);
  constexpr uint64_t kUkSeparators = (uint64_t{0xFF} << 16) | (uint64_t{0xFF} << 40);
  constexpr uint64_t kUkSlashes = (uint64_t{'/'} << 16) | (uint64_t{'/'} << 40);
  constexpr uint64_t kZeros = 0x3030303030303030ULL, kHigh = 0xF0F0F0F0F0F0F0F0ULL;
  const uint64_t separators = uk ? kUkSeparators : kIsoSeparators;
  if ((w & separators) != (uk ? kUkSlashes : kIsoDashes)) return false;
  w = (w & ~separators) | (kZeros & separators);
  // Each byte 0x30-0x3F, and still so with 6 added: 0x30-0x39.
  if ((w & kHigh) != kZeros || ((w + 0x0606060606060606ULL) & kHigh) != kZeros) return false;
  if ((x & 0xF0F0) != 0x3030 || ((x + 0x0606) & 0xF0F0) != 0x3030) return false;
  w &= 0x0F0F0F0F0F0F0F0FULL;
  auto digit = [w](int i) { return static_cast<unsigned>((w >> (8 * i)) & 0xF); };
  const unsigned x0 = x & 0xF, x1 = (x >> 8) & 0xF;
  unsigned y, m, d;
  if (!uk) {
    y = digit(0) * 1000 + digit(1) * 100 + digit(2) * 10 + digit(3);
    m = digit(5) * 10 + digit(6);
    d = x0 * 10 + x1;
  } else {
    d = digit(0) * 10 + digit(1);
    m = digit(3) * 10 + digit(4);
    y = digit(6) * 1000 + digit(7) * 100 + x0 * 10 + x1;
  }
  int32_t days;
  if (!calendar.Days(y, m, d, days)) return false;
  out = Date::FromDays(days);
  return true;
}

// true/false, yes/no, y/n in any case, 1/0. OR-ing 0x20 lowers a letter
// and turns nothing else into one, so it compares letters without case.
inline int FastBool(const char* p, size_t n) {
  auto word = [p] {
    uint32_t w;
    std::memcpy(&w, p, 4);
    return w | 0x20202020U;
  };
  auto lower = [p](size_t i) { return static_cast<char>(p[i] | 0x20); };
  constexpr uint32_t kTrue = 't' | 'r' << 8 | 'u' << 16 | static_cast<uint32_t>('e') << 24;
  constexpr uint32_t kFals = 'f' | 'a' << 8 | 'l' << 16 | static_cast<uint32_t>('s') << 24;
  switch (n) {
    case 1:
      if (*p == '1' || lower(0) == 'y') return 1;
      if (*p == '0' || lower(0) == 'n') return 0;
      return -1;
    case 2:
      return lower(0) == 'n' && lower(1) == 'o' ? 0 : -1;
    case 3:
      return lower(0) == 'y' && lower(1) == 'e' && lower(2) == 's' ? 1 : -1;
    case 4:
      return word() == kTrue ? 1 : -1;
    case 5:
      return word() == kFals && lower(4) == 'e' ? 0 : -1;
    default:
      return -1;
  }
}

// Up to 16 bytes of text as two words, zero-padded, with its length: short
// strings compare and hash without a loop or a call.
struct ShortKey {
  uint64_t a = 0, b = 0;
  size_t n = 0;
  friend bool operator==(const ShortKey&, const ShortKey&) = default;
};

// `n` <= 16 bytes at `p`, which may be read 16 bytes past (the buffer's padding).
inline ShortKey KeyAt(const char* p, size_t n) {
  ShortKey k;
  k.n = n;
  std::memcpy(&k.a, p, 8);
  std::memcpy(&k.b, p + 8, 8);
  if (n < 8) {
    k.a &= (uint64_t{1} << (8 * n)) - 1;
    k.b = 0;
  } else if (n < 16) {
    k.b &= (uint64_t{1} << (8 * (n - 8))) - 1;
  }
  return k;
}

// The same for a string that may not be read past.
inline ShortKey KeyOf(std::string_view s) {
  char bytes[16] = {};
  std::memcpy(bytes, s.data(), std::min<size_t>(s.size(), 16));
  return KeyAt(bytes, std::min<size_t>(s.size(), 16));
}

// How many records could start just after [p, p + n): its LFs, and its CRs
// not followed by an LF (a CRLF ends one record, at its LF). p[n] is read,
// to tell a CR at the end; the buffers this reads are padded. Each line end
// found subtracts -1 from its byte of a counter, summed every 255 rounds
// before a byte could wrap (x86-64 has no popcount without -mpopcnt).
inline uint64_t CountLineEnds(const char* p, size_t n) {
  uint64_t count = 0;
  size_t i = 0;
#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), zero = _mm_setzero_si128();
  while (i + 16 <= n) {
    __m128i counts = zero;
    for (int round = 0; round < 255 && i + 16 <= n; ++round, i += 16) {
      __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
      __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
      __m128i lone_cr = _mm_andnot_si128(_mm_cmpeq_epi8(next, lf), _mm_cmpeq_epi8(v, cr));
      counts = _mm_sub_epi8(counts, _mm_or_si128(_mm_cmpeq_epi8(v, lf), lone_cr));
    }
    __m128i sums = _mm_sad_epu8(counts, zero);
    count += static_cast<uint64_t>(_mm_cvtsi128_si64(sums)) +
             static_cast<uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(sums, sums)));
  }
#endif
  for (; i < n; ++i) count += p[i] == '\n' || (p[i] == '\r' && p[i + 1] != '\n');
  return count;
}
}  // namespace ocf::csv_fast
