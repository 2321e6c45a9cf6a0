// The linked-records benchmark's hand-written baseline (bench/links_bench.sh):
// bench/links.ocf's 7-day follow-up rate, as a C++ programmer would write it
// for this one question. Reads both CSVs whole, parses NHS numbers as
// integers and dates into day numbers, builds a hash index of the contacts'
// dates by NHS number (open addressing, then the dates grouped by key), and
// probes it once per discharge. One thread.
//
//   ocf_bench_links_handwritten discharges.csv contacts.csv
//
// Prints one line a period, "PERIOD FOLLOWED_UP DISCHARGES", as
// bench/duckdb/links.mjs does.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

std::string ReadAll(const char* path) {
  FILE* f = std::fopen(path, "rb");
  if (!f) {
    std::perror(path);
    std::exit(1);
  }
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  std::string s(static_cast<size_t>(size), '\0');
  if (std::fread(s.data(), 1, s.size(), f) != s.size()) {
    std::perror(path);
    std::exit(1);
  }
  std::fclose(f);
  return s;
}

int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

// YYYY-MM-DD at p.
int32_t Date(const char* p) {
  auto n = [&](int i, int len) {
    int v = 0;
    for (int k = 0; k < len; ++k) v = v * 10 + (p[i + k] - '0');
    return v;
  };
  return static_cast<int32_t>(DaysFromCivil(n(0, 4), n(5, 2), n(8, 2)));
}

uint64_t Number(const char*& p) {
  uint64_t v = 0;
  while (*p >= '0' && *p <= '9') v = v * 10 + static_cast<uint64_t>(*p++ - '0');
  return v;
}

const char* SkipField(const char* p) {
  while (*p != ',' && *p != '\n') ++p;
  return p;
}

// Key -> group, open addressing.
struct Index {
  std::vector<uint64_t> keys;
  std::vector<int32_t> groups;
  uint64_t mask;
  int32_t count = 0;
  explicit Index(size_t expected) {
    size_t size = 1;
    while (size < expected * 2) size *= 2;
    keys.assign(size, 0);
    groups.assign(size, -1);
    mask = size - 1;
  }
  static uint64_t Hash(uint64_t k) { return (k * 0x9E3779B97F4A7C15ull) >> 20; }
  int32_t Add(uint64_t k) {
    uint64_t i = Hash(k) & mask;
    while (groups[i] >= 0 && keys[i] != k) i = (i + 1) & mask;
    if (groups[i] < 0) {
      keys[i] = k;
      groups[i] = count++;
    }
    return groups[i];
  }
  int32_t Find(uint64_t k) const {
    for (uint64_t i = Hash(k) & mask;; i = (i + 1) & mask) {
      if (groups[i] < 0) return -1;
      if (keys[i] == k) return groups[i];
    }
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s discharges.csv contacts.csv\n", argv[0]);
    return 2;
  }
  // Contacts: contact_id,nhs_number,contact_on.
  std::string contacts = ReadAll(argv[2]);
  const char* p = contacts.c_str();
  while (*p != '\n') ++p;
  ++p;
  std::vector<int32_t> group_of;
  std::vector<int32_t> dates;
  group_of.reserve(contacts.size() / 30);
  dates.reserve(contacts.size() / 30);
  Index index(contacts.size() / 30 + 16);
  while (*p) {
    p = SkipField(p) + 1;
    group_of.push_back(index.Add(Number(p)));
    ++p;
    dates.push_back(Date(p));
    p += 10;
    while (*p == '\r' || *p == '\n') ++p;
  }
  // The dates grouped by key (a counting sort).
  std::vector<uint32_t> starts(static_cast<size_t>(index.count) + 1, 0);
  for (int32_t g : group_of) ++starts[static_cast<size_t>(g) + 1];
  for (size_t g = 0; g + 1 < starts.size(); ++g) starts[g + 1] += starts[g];
  std::vector<int32_t> by_key(dates.size());
  {
    std::vector<uint32_t> next(starts.begin(), starts.end() - 1);
    for (size_t r = 0; r < dates.size(); ++r) by_key[next[static_cast<size_t>(group_of[r])]++] = dates[r];
  }

  // Discharges: spell_id,nhs_number,admitted_on,discharged_on.
  std::string discharges = ReadAll(argv[1]);
  p = discharges.c_str();
  while (*p != '\n') ++p;
  ++p;
  const int32_t years[] = {
      static_cast<int32_t>(DaysFromCivil(2020, 4, 1)), static_cast<int32_t>(DaysFromCivil(2021, 4, 1)),
      static_cast<int32_t>(DaysFromCivil(2022, 4, 1)), static_cast<int32_t>(DaysFromCivil(2023, 4, 1))};
  int64_t hits[3] = {0, 0, 0}, totals[3] = {0, 0, 0};
  while (*p) {
    p = SkipField(p) + 1;
    uint64_t key = Number(p);
    ++p;
    p = SkipField(p) + 1;  // admitted_on
    int32_t out = Date(p);
    p += 10;
    while (*p == '\r' || *p == '\n') ++p;
    if (out < years[0] || out >= years[3]) continue;
    int y = out < years[1] ? 0 : out < years[2] ? 1 : 2;
    ++totals[y];
    int32_t g = index.Find(key);
    if (g < 0) continue;
    for (uint32_t k = starts[static_cast<size_t>(g)]; k < starts[static_cast<size_t>(g) + 1]; ++k) {
      if (by_key[k] > out && by_key[k] <= out + 7) {
        ++hits[y];
        break;
      }
    }
  }
  const char* labels[] = {"2020/21", "2021/22", "2022/23"};
  for (int y = 0; y < 3; ++y)
    std::printf("%s %lld %lld\n", labels[y], static_cast<long long>(hits[y]),
                static_cast<long long>(totals[y]));
  std::printf("term %lld %lld\n", static_cast<long long>(hits[0] + hits[1] + hits[2]),
              static_cast<long long>(totals[0] + totals[1] + totals[2]));
  return 0;
}
