// The end-to-end benchmark's baseline: bench/episodes.ocf written by hand, as
// a competent engineer would for exactly this contract and this file layout.
//
//   ocf_bench_handwritten episodes.csv
//
// One pass over the file with read() into a large buffer, single-threaded,
// parsing only the seven columns the measures use (columns are found by header
// name). Arithmetic is exact: costs in pence as int64, means and percentages
// as integer ratios printed to 18 decimals rounded half to even (as ocf does),
// medians from a histogram of length of stay per provider and year. Rows are
// counted in the calendar year of admission_date; the term is 2019-2023.
// The file must be plain CSV without quoted fields (the generator writes none);
// a row that breaks that or has a bad value stops the program with its line.
//
// Prints one JSON object a line:
//   {"measure":"mean_stay","period":"2019","provider":"RX001","value":"4.125"}
// with "provider":null for the value over all providers and "value":null for
// a missing one.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr int kFirstYear = 2019;
constexpr int kYears = 5;             // 2019 .. 2023, the contract's term
constexpr int kPeriods = kYears + 1;  // the years, then the term

[[noreturn]] void Fail(uint64_t line, const char* what) {
  std::fprintf(stderr, "handwritten: line %llu: %s\n", static_cast<unsigned long long>(line), what);
  std::exit(1);
}

// Everything the five measures need for one provider (or all) in one period.
struct Acc {
  int64_t rows = 0;
  int64_t older_emergencies = 0;
  int64_t readmitted = 0;
  int64_t stay_sum = 0;
  int64_t emergency_pence = 0;
  std::vector<int64_t> stay_histogram;  // count of rows by length of stay

  void Add(const Acc& o) {
    rows += o.rows;
    older_emergencies += o.older_emergencies;
    readmitted += o.readmitted;
    stay_sum += o.stay_sum;
    emergency_pence += o.emergency_pence;
    if (stay_histogram.size() < o.stay_histogram.size()) stay_histogram.resize(o.stay_histogram.size());
    for (size_t i = 0; i < o.stay_histogram.size(); ++i) stay_histogram[i] += o.stay_histogram[i];
  }
};

struct Provider {
  std::string name;
  Acc years[kYears];
};

// Provider code -> index, open addressing (there are a few hundred codes).
class ProviderTable {
 public:
  ProviderTable() : slots_(1024, -1) {}

  int Find(std::string_view name) {
    uint64_t h = 1469598103934665603ull;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    size_t mask = slots_.size() - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
      int slot = slots_[i];
      if (slot < 0) {
        slot = static_cast<int>(providers.size());
        providers.push_back(Provider{std::string(name), {}});
        slots_[i] = slot;
        if (providers.size() * 2 > slots_.size()) Grow();
        return slot;
      }
      if (providers[slot].name == name) return slot;
    }
  }

  std::vector<Provider> providers;

 private:
  void Grow() {
    std::vector<int> old = std::move(slots_);
    slots_.assign(old.size() * 2, -1);
    size_t mask = slots_.size() - 1;
    for (int slot : old) {
      if (slot < 0) continue;
      uint64_t h = 1469598103934665603ull;
      for (char c : providers[slot].name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
      size_t i = h & mask;
      while (slots_[i] >= 0) i = (i + 1) & mask;
      slots_[i] = slot;
    }
  }
  std::vector<int> slots_;
};

enum Column { kAge, kAdmission, kStay, kEmergency, kReadmitted, kCost, kProvider, kNeeded };
constexpr const char* kColumnNames[kNeeded] = {
    "age", "admission_date", "length_of_stay", "emergency", "readmitted_30d", "cost", "provider"};

int64_t ParseInt(const char* p, const char* end, uint64_t line) {
  bool negative = p < end && *p == '-';
  if (negative) ++p;
  if (p == end) Fail(line, "expected a whole number");
  int64_t v = 0;
  for (; p < end; ++p) {
    if (*p < '0' || *p > '9' || v > 100'000'000'000'000'000) Fail(line, "expected a whole number");
    v = v * 10 + (*p - '0');
  }
  return negative ? -v : v;
}

bool ParseBool(const char* p, const char* end, uint64_t line) {
  switch (end - p) {
    case 1:
      if (*p == '1' || *p == 'y' || *p == 'Y') return true;
      if (*p == '0' || *p == 'n' || *p == 'N') return false;
      break;
    case 2:
      if ((p[0] | 0x20) == 'n' && (p[1] | 0x20) == 'o') return false;
      break;
    case 3:
      if ((p[0] | 0x20) == 'y' && (p[1] | 0x20) == 'e' && (p[2] | 0x20) == 's') return true;
      break;
    case 4:
      if ((p[0] | 0x20) == 't' && (p[1] | 0x20) == 'r' && (p[2] | 0x20) == 'u' && (p[3] | 0x20) == 'e') {
        return true;
      }
      break;
    case 5:
      if ((p[0] | 0x20) == 'f' && (p[1] | 0x20) == 'a' && (p[2] | 0x20) == 'l' && (p[3] | 0x20) == 's' &&
          (p[4] | 0x20) == 'e') {
        return false;
      }
      break;
  }
  Fail(line, "expected true or false");
}

// "1234.5", "-12.00", "7" -> pence.
int64_t ParsePence(const char* p, const char* end, uint64_t line) {
  bool negative = p < end && *p == '-';
  if (negative) ++p;
  int64_t pounds = 0;
  const char* start = p;
  for (; p < end && *p != '.'; ++p) {
    if (*p < '0' || *p > '9' || pounds > 10'000'000'000'000'000) Fail(line, "expected an amount of money");
    pounds = pounds * 10 + (*p - '0');
  }
  if (p == start) Fail(line, "expected an amount of money");
  int64_t pence = 0;
  if (p < end) {
    ++p;
    if (end - p < 1 || end - p > 2) Fail(line, "expected an amount of money with at most two decimals");
    for (int i = 0; i < 2; ++i) {
      int digit = 0;
      if (p < end) {
        if (*p < '0' || *p > '9') Fail(line, "expected an amount of money");
        digit = *p++ - '0';
      }
      pence = pence * 10 + digit;
    }
  }
  int64_t v = pounds * 100 + pence;
  return negative ? -v : v;
}

// The year of a YYYY-MM-DD date (checked for shape, month and day).
int ParseYear(const char* p, const char* end, uint64_t line) {
  if (end - p != 10 || p[4] != '-' || p[7] != '-') Fail(line, "expected a date YYYY-MM-DD");
  int v[8];
  static const int kAt[8] = {0, 1, 2, 3, 5, 6, 8, 9};
  for (int i = 0; i < 8; ++i) {
    char c = p[kAt[i]];
    if (c < '0' || c > '9') Fail(line, "expected a date YYYY-MM-DD");
    v[i] = c - '0';
  }
  int year = v[0] * 1000 + v[1] * 100 + v[2] * 10 + v[3];
  int month = v[4] * 10 + v[5];
  int day = v[6] * 10 + v[7];
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) {
    Fail(line, "no such date");
  }
  return year;
}

// num / den exactly when it terminates within 18 decimals, else rounded to 18
// decimals half to even; trailing zeros dropped.
std::string Ratio(__int128 num, __int128 den) {
  bool negative = (num < 0) != (den < 0);
  if (num < 0) num = -num;
  if (den < 0) den = -den;
  __int128 scale = 1;
  for (int i = 0; i < 18; ++i) scale *= 10;
  __int128 q = num * scale / den;
  __int128 r = num * scale % den;
  if (2 * r > den || (2 * r == den && (q & 1))) ++q;
  __int128 whole = q / scale;
  __int128 frac = q % scale;
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
  } while (whole);
  if (frac) {
    char buf[19];
    for (int i = 17; i >= 0; --i) {
      buf[i] = static_cast<char>('0' + static_cast<int>(frac % 10));
      frac /= 10;
    }
    int n = 18;
    while (buf[n - 1] == '0') --n;
    digits += '.';
    digits.append(buf, n);
  }
  if (negative && q) digits.insert(digits.begin(), '-');
  return digits;
}

// The median as a spreadsheet's PERCENTILE.INC(0.5): the middle value, or
// the mean of the two middle values.
std::string Median(const std::vector<int64_t>& histogram, int64_t rows) {
  int64_t lo_rank = (rows - 1) / 2, hi_rank = rows / 2;  // 0-based ranks
  int64_t lo = -1, hi = -1, seen = 0;
  for (size_t stay = 0; stay < histogram.size() && hi < 0; ++stay) {
    seen += histogram[stay];
    if (lo < 0 && seen > lo_rank) lo = static_cast<int64_t>(stay);
    if (seen > hi_rank) hi = static_cast<int64_t>(stay);
  }
  return Ratio(lo + hi, 2);
}

void Print(const char* measure, const char* period, const std::string* provider, const std::string& value,
           bool missing) {
  std::string line = "{\"measure\":\"";
  line += measure;
  line += "\",\"period\":\"";
  line += period;
  line += "\",\"provider\":";
  line += provider ? "\"" + *provider + "\"" : "null";
  line += ",\"value\":";
  line += missing ? "null" : "\"" + value + "\"";
  line += "}\n";
  std::fputs(line.c_str(), stdout);
}

void PrintAll(const char* period, const std::string* provider, const Acc& a) {
  bool empty = a.rows == 0;
  Print("older_emergencies", period, provider, std::to_string(a.older_emergencies), false);
  Print("readmission_rate", period, provider, empty ? "" : Ratio(a.readmitted, a.rows), empty);
  Print("mean_stay", period, provider, empty ? "" : Ratio(a.stay_sum, a.rows), empty);
  Print("median_stay", period, provider, empty ? "" : Median(a.stay_histogram, a.rows), empty);
  std::string pence = Ratio(a.emergency_pence, 100);
  Print("emergency_cost", period, provider, pence, false);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s episodes.csv\n", argv[0]);
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) {
    std::fprintf(stderr, "handwritten: cannot read %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);

  constexpr size_t kChunk = 16 << 20;
  std::vector<char> buffer(kChunk + (1 << 20));
  size_t have = 0;  // bytes in buffer (a partial line carried over from the last read)
  bool eof = false;
  bool header = true;
  int column_of[kNeeded];
  std::vector<int> wanted;  // per CSV column: which needed column it is, or -1
  ProviderTable table;
  uint64_t line = 0;
  int64_t outside_term = 0;

  while (!eof || have) {
    if (!eof) {
      if (buffer.size() - have < kChunk) buffer.resize(have + kChunk);
      ssize_t n = read(fd, buffer.data() + have, kChunk);
      if (n < 0) {
        std::fprintf(stderr, "handwritten: reading %s: %s\n", argv[1], std::strerror(errno));
        return 1;
      }
      if (n == 0) eof = true;
      have += static_cast<size_t>(n);
    }
    const char* p = buffer.data();
    const char* end = p + have;
    // Whole lines only, unless the file has ended without a final newline.
    const char* last = end;
    if (!eof) {
      while (last > p && last[-1] != '\n') --last;
      if (last == p) continue;  // no whole line yet: read more
    }
    while (p < last) {
      ++line;
      const char* eol = static_cast<const char*>(std::memchr(p, '\n', last - p));
      if (!eol) eol = last;
      const char* row_end = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
      if (header) {
        header = false;
        std::string_view h(p, row_end - p);
        if (h.size() >= 3 && h.substr(0, 3) == "\xEF\xBB\xBF") h.remove_prefix(3);
        std::fill(std::begin(column_of), std::end(column_of), -1);
        for (int col = 0;; ++col) {
          size_t comma = h.find(',');
          std::string_view name = h.substr(0, comma);
          wanted.push_back(-1);
          for (int k = 0; k < kNeeded; ++k) {
            if (name == kColumnNames[k]) {
              column_of[k] = col;
              wanted[col] = k;
            }
          }
          if (comma == std::string_view::npos) break;
          h.remove_prefix(comma + 1);
        }
        for (int k = 0; k < kNeeded; ++k) {
          if (column_of[k] < 0) Fail(line, "a column the contract needs is missing from the header");
        }
        p = eol + 1;
        continue;
      }
      if (row_end == p) {  // a blank line is not a row
        p = eol + 1;
        continue;
      }
      const char* field[kNeeded];
      const char* field_end[kNeeded];
      int col = 0, found = 0;
      const char* f = p;
      for (;;) {
        const char* comma = static_cast<const char*>(std::memchr(f, ',', row_end - f));
        const char* fe = comma ? comma : row_end;
        if (col < static_cast<int>(wanted.size()) && wanted[col] >= 0) {
          field[wanted[col]] = f;
          field_end[wanted[col]] = fe;
          ++found;
        }
        if (!comma) break;
        f = comma + 1;
        ++col;
      }
      if (found != kNeeded || col + 1 != static_cast<int>(wanted.size())) {
        Fail(line, "wrong number of fields");
      }
      for (int k = 0; k < kNeeded; ++k) {
        if (field[k] == field_end[k]) Fail(line, "an empty cell in a required column");
        if (*field[k] == '"') Fail(line, "quoted fields are not supported");
      }
      int year = ParseYear(field[kAdmission], field_end[kAdmission], line);
      int64_t age = ParseInt(field[kAge], field_end[kAge], line);
      int64_t stay = ParseInt(field[kStay], field_end[kStay], line);
      bool emergency = ParseBool(field[kEmergency], field_end[kEmergency], line);
      bool readmitted = ParseBool(field[kReadmitted], field_end[kReadmitted], line);
      int64_t pence = ParsePence(field[kCost], field_end[kCost], line);
      if (stay < 0) Fail(line, "a negative length of stay");
      int index = table.Find(std::string_view(field[kProvider], field_end[kProvider] - field[kProvider]));
      p = eol + 1;
      if (year < kFirstYear || year >= kFirstYear + kYears) {
        ++outside_term;
        continue;
      }
      Acc& a = table.providers[index].years[year - kFirstYear];
      ++a.rows;
      a.older_emergencies += emergency && age >= 65;
      a.readmitted += readmitted;
      a.stay_sum += stay;
      if (emergency) a.emergency_pence += pence;
      if (static_cast<size_t>(stay) >= a.stay_histogram.size()) a.stay_histogram.resize(stay + 1);
      ++a.stay_histogram[stay];
    }
    size_t consumed = static_cast<size_t>(last - buffer.data());
    std::memmove(buffer.data(), last, have - consumed);
    have -= consumed;
  }
  close(fd);

  // Providers in name order; each with its term; then the totals over providers.
  std::vector<Provider>& providers = table.providers;
  std::sort(providers.begin(), providers.end(),
            [](const Provider& a, const Provider& b) { return a.name < b.name; });
  static const char* kLabels[kPeriods] = {"2019", "2020", "2021", "2022", "2023", "term"};
  Acc all[kPeriods];
  for (const Provider& provider : providers) {
    Acc term;
    for (int y = 0; y < kYears; ++y) {
      const Acc& a = provider.years[y];
      all[y].Add(a);
      term.Add(a);
      if (a.rows) PrintAll(kLabels[y], &provider.name, a);  // a period's groups are those with rows
    }
    if (term.rows) PrintAll(kLabels[kYears], &provider.name, term);
    all[kYears].Add(term);
  }
  for (int period = 0; period < kPeriods; ++period) PrintAll(kLabels[period], nullptr, all[period]);
  std::fprintf(stderr, "handwritten: %llu lines, %lld outside the term, %zu providers\n",
               static_cast<unsigned long long>(line), static_cast<long long>(outside_term), providers.size());
  return 0;
}
