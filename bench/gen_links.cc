// Writes the linked-records benchmark's data (bench/links_bench.sh): a CSV of
// hospital discharges and one of community contacts, linked on nhs_number.
// Deterministic: the same sizes and SEED give the same bytes.
//
//   ocf_bench_gen_links DISCHARGES.csv CONTACTS.csv [DISCHARGES] [CONTACTS] [SEED]
//                                          (defaults 1,000,000, 5,000,000 and 1)
//
// discharges: spell_id,nhs_number,admitted_on,discharged_on; contacts:
// contact_id,nhs_number,contact_on. About DISCHARGES/2.5 people (ten-digit
// NHS numbers); discharges uniform over the term 2020-04-01 .. 2023-03-31,
// stays 0-20 days; half the discharges get a contact 1-14 days later, the
// other contacts fall anywhere from 60 days before the term to 60 days after.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Rng {  // xorshift64*, as gen_episodes.cc
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
  uint32_t Below(uint32_t n) { return static_cast<uint32_t>(((Next() >> 32) * n) >> 32); }
};

// Days since 1970-01-01 and back (H. Hinnant's algorithms).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void PutDate(std::string& out, int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  int64_t y = yoe + era * 400 + (m <= 2);
  char buf[10];
  buf[0] = static_cast<char>('0' + y / 1000 % 10);
  buf[1] = static_cast<char>('0' + y / 100 % 10);
  buf[2] = static_cast<char>('0' + y / 10 % 10);
  buf[3] = static_cast<char>('0' + y % 10);
  buf[4] = '-';
  buf[5] = static_cast<char>('0' + m / 10);
  buf[6] = static_cast<char>('0' + m % 10);
  buf[7] = '-';
  buf[8] = static_cast<char>('0' + d / 10);
  buf[9] = static_cast<char>('0' + d % 10);
  out.append(buf, 10);
}

void PutNhs(std::string& out, uint32_t person) { out += std::to_string(4000000000ull + person * 7ull); }

struct Writer {
  FILE* f;
  std::string buf;
  void Flush(bool force) {
    if (buf.size() < (1u << 22) && !force) return;
    if (std::fwrite(buf.data(), 1, buf.size(), f) != buf.size()) {
      std::perror("write");
      std::exit(1);
    }
    buf.clear();
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3 || argc > 6) {
    std::fprintf(stderr, "usage: %s DISCHARGES.csv CONTACTS.csv [DISCHARGES] [CONTACTS] [SEED]\n", argv[0]);
    return 2;
  }
  uint64_t n_discharges = argc > 3 ? std::strtoull(argv[3], nullptr, 10) : 1000000;
  uint64_t n_contacts = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 5000000;
  uint64_t seed = argc > 5 ? std::strtoull(argv[5], nullptr, 10) : 1;
  Rng r(seed);
  const uint32_t people = static_cast<uint32_t>(n_discharges * 2 / 5 + 1);
  const int64_t start = DaysFromCivil(2020, 4, 1), end = DaysFromCivil(2023, 3, 31);
  const uint32_t term_days = static_cast<uint32_t>(end - start + 1);

  Writer d{std::fopen(argv[1], "wb"), {}};
  Writer c{std::fopen(argv[2], "wb"), {}};
  if (!d.f || !c.f) {
    std::perror("open");
    return 1;
  }
  d.buf += "spell_id,nhs_number,admitted_on,discharged_on\n";
  c.buf += "contact_id,nhs_number,contact_on\n";
  uint64_t contacts = 0;
  auto contact = [&](uint32_t person, int64_t day) {
    c.buf += 'C';
    c.buf += std::to_string(++contacts);
    c.buf += ',';
    PutNhs(c.buf, person);
    c.buf += ',';
    PutDate(c.buf, day);
    c.buf += '\n';
    c.Flush(false);
  };
  for (uint64_t i = 0; i < n_discharges; ++i) {
    uint32_t person = r.Below(people);
    int64_t out = start + r.Below(term_days);
    int64_t in = out - r.Below(21);
    d.buf += 'S';
    d.buf += std::to_string(i + 1);
    d.buf += ',';
    PutNhs(d.buf, person);
    d.buf += ',';
    PutDate(d.buf, in);
    d.buf += ',';
    PutDate(d.buf, out);
    d.buf += '\n';
    d.Flush(false);
    // Half the discharges are followed up within two weeks.
    if (contacts < n_contacts && r.Below(2) == 0) contact(person, out + 1 + r.Below(14));
  }
  while (contacts < n_contacts) contact(r.Below(people), start - 60 + r.Below(term_days + 120));
  d.Flush(true);
  c.Flush(true);
  std::fclose(d.f);
  std::fclose(c.f);
  return 0;
}
