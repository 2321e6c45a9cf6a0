// Writes the end-to-end benchmark's data: a CSV of hospital episodes for
// bench/episodes.ocf. Deterministic: the same ROWS and SEED give the same bytes.
//
//   ocf_bench_gen OUT.csv [ROWS] [SEED]      (ROWS defaults to 10,000,000, SEED to 1)
//
// Columns: patient_id,age,sex,admission_date,discharge_date,length_of_stay,
// emergency,readmitted_30d,cost,provider. About ROWS/3 patients (P00000001 ...),
// ages 0-104 skewed older, admissions uniform over 2019-01-01 .. 2023-12-31,
// stays 0-60 days (mostly short), costs in pounds with two decimals, 250
// providers RX001 .. RX250. Rows are formatted by hand into a large buffer and
// written in big blocks, so ten million rows take a few seconds.
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace {

// xorshift64*: fast, and good enough for test data.
struct Rng {
  uint64_t state;
  explicit Rng(uint64_t seed) : state(seed * 0x9E3779B97F4A7C15ull + 0x2545F4914F6CDD1Dull) {
    if (state == 0) state = 1;
    for (int i = 0; i < 8; ++i) Next();
  }
  uint64_t Next() {
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return state * 0x2545F4914F6CDD1Dull;
  }
  // Uniform in [0, n), by the multiply-shift method (bias below 2^-32 for small n).
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
};

char* PutFixed(char* p, uint64_t v, int width) {
  for (int i = width - 1; i >= 0; --i) {
    p[i] = static_cast<char>('0' + v % 10);
    v /= 10;
  }
  return p + width;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// "YYYY-MM-DD" for every day from 2019-01-01 on, `count` of them.
std::vector<std::string> DateTable(int count) {
  std::vector<std::string> out;
  out.reserve(count);
  int y = 2019, m = 1, d = 1;
  for (int i = 0; i < count; ++i) {
    char buf[10];
    PutFixed(buf, y, 4);
    buf[4] = '-';
    PutFixed(buf + 5, m, 2);
    buf[7] = '-';
    PutFixed(buf + 8, d, 2);
    out.emplace_back(buf, sizeof buf);
    if (++d > DaysInMonth(y, m)) {
      d = 1;
      if (++m > 12) {
        m = 1;
        ++y;
      }
    }
  }
  return out;
}

// Length of stay by a 16-bit draw: a third are day cases (0 days), the rest
// fall off geometrically with a long thin tail to 60 days.
std::vector<uint8_t> StayTable() {
  double weights[61];
  double total = 0;
  for (int k = 0; k <= 60; ++k) {
    weights[k] = k == 0 ? 0.30 : 0.70 * 0.22 * std::pow(0.78, k - 1) + 0.0008;
    total += weights[k];
  }
  std::vector<uint8_t> table(65536);
  double cumulative = 0;
  int k = 0;
  for (int i = 0; i < 65536; ++i) {
    double u = (i + 0.5) / 65536.0;
    while (k < 60 && u > (cumulative + weights[k]) / total) cumulative += weights[k++];
    table[i] = static_cast<uint8_t>(k);
  }
  return table;
}

class Writer {
 public:
  Writer(FILE* f, size_t capacity) : f_(f), buf_(capacity), pos_(0) {}
  ~Writer() { Flush(); }
  char* Reserve(size_t n) {
    if (pos_ + n > buf_.size()) Flush();
    return buf_.data() + pos_;
  }
  void Commit(char* end) { pos_ = static_cast<size_t>(end - buf_.data()); }
  void Flush() {
    if (pos_ && std::fwrite(buf_.data(), 1, pos_, f_) != pos_) {
      std::perror("ocf_bench_gen: write");
      std::exit(1);
    }
    pos_ = 0;
  }

 private:
  FILE* f_;
  std::vector<char> buf_;
  size_t pos_;
};

// Writes v (>= 0) in decimal; returns the end.
char* PutUint(char* p, uint64_t v) {
  char tmp[20];
  int n = 0;
  do {
    tmp[n++] = static_cast<char>('0' + v % 10);
    v /= 10;
  } while (v);
  while (n) *p++ = tmp[--n];
  return p;
}

char* PutText(char* p, const char* s, size_t n) {
  std::memcpy(p, s, n);
  return p + n;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 4) {
    std::fprintf(stderr, "usage: %s OUT.csv [ROWS] [SEED]\n", argv[0]);
    return 2;
  }
  char* end = nullptr;
  uint64_t rows = 10'000'000;
  if (argc >= 3) {
    errno = 0;
    rows = std::strtoull(argv[2], &end, 10);
    if (errno || *end || rows == 0) {
      std::fprintf(stderr, "ocf_bench_gen: ROWS must be a positive whole number, not `%s`\n", argv[2]);
      return 2;
    }
  }
  uint64_t seed = 1;
  if (argc >= 4) {
    errno = 0;
    seed = std::strtoull(argv[3], &end, 10);
    if (errno || *end) {
      std::fprintf(stderr, "ocf_bench_gen: SEED must be a whole number, not `%s`\n", argv[3]);
      return 2;
    }
  }
  FILE* f = std::fopen(argv[1], "wb");
  if (!f) {
    std::fprintf(stderr, "ocf_bench_gen: cannot write %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }

  constexpr int kTermDays = 1826;  // 2019-01-01 .. 2023-12-31, 2020 a leap year
  const std::vector<std::string> dates = DateTable(kTermDays + 61);
  const std::vector<uint8_t> stays = StayTable();
  const uint32_t patients = static_cast<uint32_t>(rows / 3 > 0 ? rows / 3 : 1);
  Rng rng(seed);

  {
    Writer out(f, 4 << 20);
    static const char kHeader[] =
        "patient_id,age,sex,admission_date,discharge_date,length_of_stay,emergency,readmitted_30d,cost,"
        "provider\n";
    char* p = out.Reserve(sizeof kHeader);
    out.Commit(PutText(p, kHeader, sizeof kHeader - 1));

    for (uint64_t i = 0; i < rows; ++i) {
      uint64_t r = rng.Next();
      uint64_t r2 = rng.Next();
      uint32_t patient = 1 + rng.Below(patients);
      // The larger of two uniform draws: more older people than younger.
      uint32_t a1 = static_cast<uint32_t>(((r & 0xFFFF) * 105) >> 16);
      uint32_t a2 = static_cast<uint32_t>((((r >> 16) & 0xFFFF) * 105) >> 16);
      uint32_t age = a1 > a2 ? a1 : a2;
      uint32_t sex_draw = static_cast<uint32_t>((r >> 32) & 0xFF);  // M 48%, F 49%, U 3%
      char sex = sex_draw < 123 ? 'M' : sex_draw < 248 ? 'F' : 'U';
      uint32_t admitted = static_cast<uint32_t>((((r >> 40) & 0xFFFFFF) * kTermDays) >> 24);
      uint32_t stay = stays[r2 & 0xFFFF];
      bool emergency = ((r2 >> 16) & 0xFF) < (age >= 65 ? 115u : 77u);  // 45% / 30%
      bool readmitted = ((r2 >> 24) & 0xFF) < (emergency ? 41u : 20u);  // 16% / 8%
      uint64_t pence = 15'000 + ((r2 >> 32) & 0x3FFFF) + stay * 41'250ull + (emergency ? 62'500ull : 0);
      uint32_t provider = 1 + static_cast<uint32_t>((((r2 >> 50) & 0x3FFF) * 250) >> 14);

      p = out.Reserve(128);
      *p++ = 'P';
      p = PutFixed(p, patient, 8);
      *p++ = ',';
      p = PutUint(p, age);
      *p++ = ',';
      *p++ = sex;
      *p++ = ',';
      p = PutText(p, dates[admitted].data(), 10);
      *p++ = ',';
      p = PutText(p, dates[admitted + stay].data(), 10);
      *p++ = ',';
      p = PutUint(p, stay);
      *p++ = ',';
      p = emergency ? PutText(p, "true,", 5) : PutText(p, "false,", 6);
      p = readmitted ? PutText(p, "true,", 5) : PutText(p, "false,", 6);
      p = PutUint(p, pence / 100);
      *p++ = '.';
      p = PutFixed(p, pence % 100, 2);
      p = PutText(p, ",RX", 3);
      p = PutFixed(p, provider, 3);
      *p++ = '\n';
      out.Commit(p);
    }
  }
  if (std::fclose(f) != 0) {
    std::perror("ocf_bench_gen: close");
    return 1;
  }
  return 0;
}
