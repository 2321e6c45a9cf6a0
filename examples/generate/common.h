// examples/generate/common.h — what every example's sample-data generator
// shares: a portable random number generator, calendar dates, money, NHS
// numbers and CSV files. See main.cc for what the program writes and why it
// has no floating point.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace ocf_examples {

namespace fs = std::filesystem;

// ---------------------------------------------------------------- random numbers

class Rng {
 public:
  explicit Rng(uint64_t seed) {
    for (uint64_t& s : state_) s = SplitMix64(seed);
  }

  // xoshiro256** (Blackman and Vigna).
  uint64_t Next() {
    const uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n), n > 0, without modulo bias.
  int64_t Below(int64_t n) {
    const uint64_t range = static_cast<uint64_t>(n);
    const uint64_t limit = UINT64_MAX - UINT64_MAX % range;
    uint64_t r = Next();
    while (r >= limit) r = Next();
    return static_cast<int64_t>(r % range);
  }

  // Uniform in [lo, hi].
  int64_t Between(int64_t lo, int64_t hi) { return lo + Below(hi - lo + 1); }

  bool PerMille(int64_t p) { return Below(1000) < p; }
  bool PerMillion(int64_t p) { return Below(1'000'000) < p; }

  // An index into `weights`, drawn in proportion to them.
  int Weighted(std::initializer_list<int> weights) {
    int total = 0;
    for (int w : weights) total += w;
    int64_t r = Below(total);
    int i = 0;
    for (int w : weights) {
      if (r < w) return i;
      r -= w;
      ++i;
    }
    return i - 1;
  }

  // A count of events over `trials` chances with `mean_milli` / 1000 events
  // expected: a binomial, close enough to a Poisson for daily arrivals.
  int Count(int trials, int64_t mean_milli) {
    int n = 0;
    for (int i = 0; i < trials; ++i) n += PerMille(mean_milli / trials) ? 1 : 0;
    return n;
  }

  // Whole days >= 0 with mean `mean_hundredths` / 100: the geometric
  // distribution, the discrete form of the exponential that lengths of stay
  // roughly follow (many short stays, a long tail).
  int Geometric(int64_t mean_hundredths) {
    int days = 0;
    while (days < 365 && Below(mean_hundredths + 100) >= 100) ++days;
    return days;
  }

 private:
  static uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t SplitMix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9;
    z = (z ^ (z >> 27)) * 0x94d049bb133111eb;
    return z ^ (z >> 31);
  }

  std::array<uint64_t, 4> state_{};
};

// ---------------------------------------------------------------- dates

// Days since 1970-01-01 (H. Hinnant's civil-calendar algorithms).
using Day = int;

struct Ymd {
  int y, m, d;
};

Day MakeDay(int y, int m, int d);
Ymd ToYmd(Day day);
std::string TwoDigits(int n);
std::string Iso(Day day);
// UK order, for a data block with `date_format "DD/MM/YYYY"`.
std::string Uk(Day day);
std::string Iso(const std::optional<Day>& day);
bool IsWeekend(Day day);
// Whole years from `born` to `on`: a person's age.
int YearsBetween(Day born, Day on);
// The contract year (1, 2, ...) a day falls in, for a term starting on
// `term_start`, clamped to [1, years] so that rows just outside the term
// follow the nearest year's trend.
int ContractYear(Day term_start, int years, Day day);

// ---------------------------------------------------------------- money, ids, CSV

using Pennies = int64_t;

// 1234.50
std::string Plain(Pennies p);
// £1,234.50
std::string Pounds(Pennies p);
// "R000042"
std::string Serial(std::string_view prefix, int n, int width = 6);
// A new ten-digit NHS number in the range 999 000 0000 to 999 999 9999, which
// NHS England reserves for testing, so that no sample row can name a real
// patient. The last digit is the modulus 11 check digit, as in a real number.
std::string NewNhsNumber(Rng& rng, std::set<std::string>& used);
std::string Bool(bool b, std::string_view yes, std::string_view no);

class Csv {
 public:
  explicit Csv(std::vector<std::string> header) : header_(std::move(header)) {}

  void Add(std::vector<std::string> cells);
  size_t rows() const { return rows_.size(); }

  // RFC 4180, LF line ends; a cell is quoted only when it must be.
  void Write(const fs::path& file) const;

 private:
  static void WriteLine(std::ostream& out, const std::vector<std::string>& cells);

  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// Each example's generator: writes DIR/DATASET.csv for every data block of
// examples/EXAMPLE/EXAMPLE.ocf.
namespace msk {
void Write(const fs::path& dir);
}
namespace older_people {
void Write(const fs::path& dir);
}
namespace alliance {
void Write(const fs::path& dir);
}
namespace mental_health {
void Write(const fs::path& dir);
}

}  // namespace ocf_examples
