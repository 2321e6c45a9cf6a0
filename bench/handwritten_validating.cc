// The end-to-end benchmark's validating baseline: bench/episodes.ocf written
// by hand, as a competent engineer would for exactly this contract, checking
// every declared column of every row as ocf does (docs: LANGUAGE.md §4,
// runtime/cells.cc, runtime/csv_reader.cc, runtime/csv_records.cc).
//
//   ocf_bench_handwritten_validating episodes.csv
//
// One pass, one thread, read() into 16 MB buffers, no allocation per field.
// Each record is first tried on a fast path that parses the cells in place in
// their commonest spelling (`45`, `M`, `2021-10-21`, `false`, `3384.87`, an
// ASCII id), stopping at the delimiter each cell must end with; a record with
// anything else (quotes, spaces, CRLF or CR, `£1,234.50`, `Yes`, `+5`,
// non-ASCII text, a blank line, a wrong field count) is split again by the
// general RFC 4180 splitter and every cell checked by the general rules. Both
// accept exactly what ocf accepts for this declaration:
//   - the header names every declared column (trimmed, after a UTF-8 BOM);
//     other columns are ignored (not checked);
//   - every record has as many fields as the header; a record of only empty
//     or blank fields is not a row; a quote left open is an error;
//   - quoted fields hold commas, line breaks and `""`; text after a closing
//     quote is an error in a declared column; unquoted cells, and quoted
//     cells that are not ids, are trimmed of spaces and tabs;
//   - id: not empty, valid UTF-8 without NUL; int: `[+-]digits` in int64;
//     `one of (M, F, U)`: exactly one of those; date: YYYY-MM-DD, a real day
//     in years 1-9999; bool: true/false, yes/no, y/n, 1/0 in any case;
//     money: `1234.5`, `-12.00`, `£1,234.50` (`-£5`, `£-5`, `+5`; commas in
//     groups of three; at most 18 decimals once trailing zeros are dropped;
//     within ocf's 128-bit decimal), another currency's symbol refused.
// Bad rows are reported as `line N: column: why` (the first 20, then a count
// a rule) and the program exits 1 without answers, as `ocf run` refuses.
//
// The answers are those of bench/handwritten.cc (same JSON lines, compared by
// bench/compare.py): rows counted in the calendar year of admission_date
// within the term 2019-2023; costs summed exactly (pence in int64 on the fast
// path, 10^-18 units in 128 bits otherwise); means and percentages as integer
// ratios to 18 decimals half to even; medians from per-provider-per-year
// histograms of length of stay (any other int64 stay kept aside, sorted).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
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
constexpr __int128 kUnit = static_cast<__int128>(1'000'000'000'000'000'000);  // 10^18: ocf's decimal scale
constexpr __int128 kPenceToUnits = static_cast<__int128>(10'000'000'000'000'000);  // 10^16

[[noreturn]] void Fail(const char* what) {
  std::fprintf(stderr, "handwritten_validating: %s\n", what);
  std::exit(1);
}

// ---------------------------------------------------------------- the declaration

// What each declared column is, in the order of episodes.ocf's data block.
enum Role : int8_t {
  kIgnored = -1,
  kPatient,
  kAge,
  kSex,
  kAdmission,
  kDischarge,
  kStay,
  kEmergency,
  kReadmitted,
  kCost,
  kProvider,
  kDeclared
};
constexpr const char* kNames[kDeclared] = {
    "patient_id",     "age",  "sex",     "admission_date", "discharge_date", "length_of_stay", "emergency",
    "readmitted_30d", "cost", "provider"};
constexpr std::string_view kSexes[] = {"M", "F", "U"};

// One row's values, as far as the measures need them.
struct Row {
  int64_t age = 0, stay = 0;
  int year = 0;
  bool emergency = false, readmitted = false;
  bool fine_cost = false;  // the cost is in `units` (10^-18), not `pence`
  int64_t pence = 0;
  __int128 units = 0;
  std::string_view provider;
};

// ---------------------------------------------------------------- accumulators

constexpr int64_t kHistogram = 4096;  // stays 0 .. 4095 by count; others kept aside

struct Acc {
  int64_t rows = 0;
  int64_t older_emergencies = 0;
  int64_t readmitted = 0;
  int64_t stay_sum = 0;
  int64_t emergency_pence = 0;
  __int128 emergency_units = 0;         // costs not in whole pence, or beyond int64 pence
  std::vector<int64_t> stay_histogram;  // count of rows by length of stay
  std::vector<int64_t> other_stays;     // stays below 0 or from kHistogram on

  void Add(const Acc& o) {
    rows += o.rows;
    older_emergencies += o.older_emergencies;
    readmitted += o.readmitted;
    if (__builtin_add_overflow(stay_sum, o.stay_sum, &stay_sum) ||
        __builtin_add_overflow(emergency_pence, o.emergency_pence, &emergency_pence) ||
        __builtin_add_overflow(emergency_units, o.emergency_units, &emergency_units)) {
      Fail("a sum overflows");
    }
    if (stay_histogram.size() < o.stay_histogram.size()) stay_histogram.resize(o.stay_histogram.size());
    for (size_t i = 0; i < o.stay_histogram.size(); ++i) stay_histogram[i] += o.stay_histogram[i];
    other_stays.insert(other_stays.end(), o.other_stays.begin(), o.other_stays.end());
  }

  void AddRow(const Row& r) {
    ++rows;
    older_emergencies += r.emergency && r.age >= 65;
    readmitted += r.readmitted;
    if (__builtin_add_overflow(stay_sum, r.stay, &stay_sum)) Fail("the sum of length_of_stay overflows");
    if (r.emergency) {
      if (!r.fine_cost) {
        if (__builtin_add_overflow(emergency_pence, r.pence, &emergency_pence))
          Fail("the sum of cost overflows");
      } else if (__builtin_add_overflow(emergency_units, r.units, &emergency_units)) {
        Fail("the sum of cost overflows");
      }
    }
    if (r.stay >= 0 && r.stay < kHistogram) {
      if (static_cast<size_t>(r.stay) >= stay_histogram.size()) stay_histogram.resize(r.stay + 1);
      ++stay_histogram[r.stay];
    } else {
      other_stays.push_back(r.stay);
    }
  }
};

struct Provider {
  std::string name;
  Acc years[kYears];
};

// Provider code -> index, open addressing (there are a few hundred codes).
// A code of up to 7 bytes is packed with its length into one integer, so
// most look-ups hash and compare one word.
class ProviderTable {
 public:
  ProviderTable() : slots_(1024) {}

  // `padded`: 8 bytes can be read from name.data() (the read buffer has slack).
  int Find(std::string_view name, bool padded) {
    uint64_t key = Pack(name, padded);
    size_t mask = slots_.size() - 1;
    for (size_t i = Hash(name, key) & mask;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (s.index < 0) {
        s = Slot{key, static_cast<int>(providers.size())};
        providers.push_back(Provider{std::string(name), {}});
        if (providers.size() * 2 > slots_.size()) Grow();
        return static_cast<int>(providers.size()) - 1;
      }
      if (s.key == key && (key != 0 || providers[s.index].name == name)) return s.index;
    }
  }

  std::vector<Provider> providers;

 private:
  struct Slot {
    uint64_t key = 0;  // the packed code, or 0 for a longer one
    int index = -1;
  };
  static uint64_t Pack(std::string_view name, bool padded) {
    size_t n = name.size();
    if (n == 0 || n > 7) return 0;
    uint64_t k = 0;
    if (padded) {
      std::memcpy(&k, name.data(), 8);
      k &= (uint64_t{1} << (8 * n)) - 1;
    } else {
      std::memcpy(&k, name.data(), n);
    }
    return k | (static_cast<uint64_t>(n) << 56);
  }
  static uint64_t Hash(std::string_view name, uint64_t key) {
    if (key) return (key * 0x9E3779B97F4A7C15ull) >> 40;  // the high bits depend on every byte
    uint64_t h = 1469598103934665603ull;
    for (char c : name) h = (h ^ static_cast<unsigned char>(c)) * 1099511628211ull;
    return h;
  }
  void Grow() {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.size() * 2, Slot{});
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.index < 0) continue;
      size_t i = Hash(providers[s.index].name, s.key) & mask;
      while (slots_[i].index >= 0) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  std::vector<Slot> slots_;
};

// ---------------------------------------------------------------- general cell rules (runtime/cells.cc)

bool IsBlank(char c) { return c == ' ' || c == '\t'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// The length of the UTF-8 character at p (before end), or 0 when it is not
// one: overlong forms, surrogates, above U+10FFFF and NUL are refused.
size_t Utf8Length(const unsigned char* p, const unsigned char* end) {
  unsigned char c = *p;
  if (c == 0) return 0;
  if (c < 0x80) return 1;
  size_t len;
  uint32_t min, cp;
  if ((c & 0xE0) == 0xC0) {
    len = 2, min = 0x80, cp = c & 0x1F;
  } else if ((c & 0xF0) == 0xE0) {
    len = 3, min = 0x800, cp = c & 0x0F;
  } else if ((c & 0xF8) == 0xF0) {
    len = 4, min = 0x10000, cp = c & 0x07;
  } else {
    return 0;
  }
  if (static_cast<size_t>(end - p) < len) return 0;
  for (size_t k = 1; k < len; ++k) {
    if ((p[k] & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (p[k] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

bool IsUtf8Text(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  const unsigned char* end = p + s.size();
  while (p < end) {
    size_t n = Utf8Length(p, end);
    if (n == 0) return false;
    p += n;
  }
  return true;
}

// `[+-]digits` in int64.
bool ParseIntCell(std::string_view s, int64_t& out) {
  bool negative = false;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return false;
  uint64_t v = 0;
  constexpr uint64_t kLimit = static_cast<uint64_t>(INT64_MAX) + 1;
  for (char c : s) {
    if (!IsDigit(c)) return false;
    uint64_t d = static_cast<uint64_t>(c - '0');
    if (v > (kLimit - d) / 10) return false;
    v = v * 10 + d;
  }
  if (!negative && v == kLimit) return false;
  out = negative ? static_cast<int64_t>(0 - v) : static_cast<int64_t>(v);
  return true;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (x != b[i]) return false;
  }
  return true;
}

bool ParseBoolCell(std::string_view s, bool& out) {
  for (std::string_view yes : {"true", "yes", "y", "1"}) {
    if (EqualsIgnoringCase(s, yes)) return out = true;
  }
  for (std::string_view no : {"false", "no", "n", "0"}) {
    if (EqualsIgnoringCase(s, no)) return !(out = false);
  }
  return false;
}

bool LeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool ValidDay(int year, int month, int day) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (year < 1 || year > 9999 || month < 1 || month > 12 || day < 1) return false;
  return day <= kDays[month - 1] || (month == 2 && day == 29 && LeapYear(year));
}

// YYYY-MM-DD; the year.
bool ParseDateCell(std::string_view s, int& year) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (int i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!IsDigit(s[i])) return false;
  }
  year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
  return ValidDay(year, (s[5] - '0') * 10 + (s[6] - '0'), (s[8] - '0') * 10 + (s[9] - '0'));
}

// A plain number as Decimal::Parse reads it (`[+-]digits[.digits]`), in 10^-18
// units: at most 18 decimals once trailing zeros are dropped, magnitude at
// most 2^127 (2^127 - 1 when positive).
bool DecimalUnits(std::string_view s, bool negative, __int128& out) {
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) {
    if (negative) return false;  // `--5`, `-+5`
    negative = s[0] == '-';
    s.remove_prefix(1);
  }
  size_t point = s.find('.');
  std::string_view whole = s.substr(0, point);
  std::string_view fraction = point == std::string_view::npos ? std::string_view() : s.substr(point + 1);
  if (whole.empty() || (point != std::string_view::npos && fraction.empty())) return false;
  while (!fraction.empty() && fraction.back() == '0') fraction.remove_suffix(1);
  if (fraction.size() > 18) return false;
  unsigned __int128 magnitude = 0;
  constexpr unsigned __int128 kMax = static_cast<unsigned __int128>(1) << 127;
  auto push = [&](char c) {
    if (!IsDigit(c)) return false;
    unsigned d = static_cast<unsigned>(c - '0');
    if (magnitude > (kMax - d) / 10) return false;
    magnitude = magnitude * 10 + d;
    return true;
  };
  for (char c : whole) {
    if (!push(c)) return false;
  }
  for (char c : fraction) {
    if (!push(c)) return false;
  }
  for (size_t i = fraction.size(); i < 18; ++i) {
    if (!push('0')) return false;
  }
  if (!negative && magnitude == kMax) return false;
  out = negative ? static_cast<__int128>(0 - magnitude) : static_cast<__int128>(magnitude);
  return true;
}

// runtime/cells.cc's ParseMoneyCell for a contract in GBP: `-`, then `£`,
// then `-` (once), then digits with optional thousands separators, then a
// point and decimals. `$` and `€` amounts are refused.
const char* ParseMoneyCell(std::string_view s, __int128& units) {
  bool negative = false;
  if (!s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  if (s.starts_with("$") || s.starts_with("\u20AC"))
    return "is in another currency than the contract's (GBP)";
  if (s.starts_with("\u00A3")) s.remove_prefix(2);
  if (!negative && !s.empty() && s[0] == '-') {
    negative = true;
    s.remove_prefix(1);
  }
  size_t point = s.find('.');
  std::string_view whole = s.substr(0, point);
  char digits[64];
  size_t n = 0;
  if (whole.find(',') != std::string_view::npos) {
    size_t group = 0;
    bool first = true;
    for (char c : whole) {
      if (c == ',') {
        if ((first && (group == 0 || group > 3)) || (!first && group != 3))
          return "is not an amount of money";
        first = false;
        group = 0;
      } else {
        ++group;
        if (n == sizeof digits) return "is not an amount of money";
        digits[n++] = c;
      }
    }
    if (group != 3) return "is not an amount of money";
  } else {
    if (whole.size() > sizeof digits) return "is not an amount of money";
    std::memcpy(digits, whole.data(), whole.size());
    n = whole.size();
  }
  std::string number(digits, n);  // only on the general path
  if (point != std::string_view::npos) number += s.substr(point);
  if (!DecimalUnits(number, negative, units)) return "is not an amount of money";
  return nullptr;
}

// ---------------------------------------------------------------- errors

class Errors {
 public:
  void Bad(uint64_t line, int role, const char* why, std::string_view cell = {}, bool show = false) {
    ++count_;
    ++by_rule_[role + 1];
    if (count_ > kShown) return;
    const char* column = role < 0 ? "" : kNames[role];
    if (show) {
      std::string shown(cell.substr(0, 40));
      for (char& c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
      }
      std::fprintf(stderr, "line %llu: %s: `%s` %s\n", static_cast<unsigned long long>(line), column,
                   shown.c_str(), why);
    } else {
      std::fprintf(stderr, "line %llu: %s%s%s\n", static_cast<unsigned long long>(line), column,
                   *column ? ": " : "", why);
    }
  }
  uint64_t count() const { return count_; }
  void Summary() const {
    for (int r = 0; r <= kDeclared; ++r) {
      if (by_rule_[r] == 0) continue;
      std::fprintf(stderr, "handwritten_validating: %llu bad row%s in %s\n",
                   static_cast<unsigned long long>(by_rule_[r]), by_rule_[r] == 1 ? "" : "s",
                   r == 0 ? "the records' shape" : kNames[r - 1]);
    }
  }

 private:
  static constexpr uint64_t kShown = 20;
  uint64_t count_ = 0;
  uint64_t by_rule_[kDeclared + 1] = {};
};

// One cell by the general rules; false (reported) when it is bad.
bool CheckCell(int role, std::string_view raw, bool quoted, bool after_quote, uint64_t line, Row& row,
               Errors& errors) {
  if (after_quote) {
    errors.Bad(line, role, "has text after its closing quote", raw, true);
    return false;
  }
  bool keeps_text = role == kPatient || role == kProvider;
  std::string_view cell = quoted && keeps_text ? raw : Trim(raw);
  if (cell.empty()) {
    errors.Bad(line, role, "the cell is empty, but the column is required");
    return false;
  }
  switch (role) {
    case kPatient:
    case kProvider:
      if (!IsUtf8Text(raw)) {
        errors.Bad(line, role, "the cell is not UTF-8 text");
        return false;
      }
      if (role == kProvider) row.provider = cell;
      return true;
    case kAge:
    case kStay:
      if (ParseIntCell(cell, role == kAge ? row.age : row.stay)) return true;
      errors.Bad(line, role, "is not a whole number in range", cell, true);
      return false;
    case kSex:
      for (std::string_view v : kSexes) {
        if (cell == v) return true;
      }
      errors.Bad(line, role, "is not one of: `M`, `F`, `U`", cell, true);
      return false;
    case kAdmission:
    case kDischarge: {
      int year = 0;
      if (ParseDateCell(cell, year)) {
        if (role == kAdmission) row.year = year;
        return true;
      }
      errors.Bad(line, role, "is not a date (write it as YYYY-MM-DD)", cell, true);
      return false;
    }
    case kEmergency:
    case kReadmitted:
      if (ParseBoolCell(cell, role == kEmergency ? row.emergency : row.readmitted)) return true;
      errors.Bad(line, role, "is not true or false", cell, true);
      return false;
    case kCost:
      if (const char* why = ParseMoneyCell(cell, row.units)) {
        errors.Bad(line, role, why, cell, true);
        return false;
      }
      row.fine_cost = true;
      return true;
  }
  return true;
}

// ---------------------------------------------------------------- the general record splitter

// RFC 4180 as runtime/csv_records.cc splits it: `,` between fields; LF, CRLF
// or a lone CR end a record; a field whose first non-blank is `"` is quoted
// (commas, line breaks and `""` inside); blanks after the closing quote are
// dropped and anything else there is flagged.
struct Field {
  size_t begin, end;
  bool quoted, after_quote;
};
struct Record {
  std::string text;  // the fields' bytes, unescaped
  std::vector<Field> fields;
  uint64_t line_breaks = 0;  // line breaks read, inside quotes and at the end
  bool open_quote = false;   // the input ended inside quotes
  std::string_view field(size_t i) const {
    return std::string_view(text).substr(fields[i].begin, fields[i].end - fields[i].begin);
  }
  bool blank() const {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!Trim(field(i)).empty() || fields[i].after_quote) return false;
    }
    return true;
  }
};

bool IsRecordEnd(char c) { return c == ',' || c == '\n' || c == '\r'; }

// Splits the record at p; returns where the next begins, or nullptr when the
// record goes on past `end` and the input has not ended.
const char* SplitRecord(const char* p, const char* end, bool eof, Record& r) {
  r.text.clear();
  r.fields.clear();
  r.line_breaks = 0;
  r.open_quote = false;
  for (;;) {
    Field f{r.text.size(), 0, false, false};
    const char* q = p;
    while (q < end && IsBlank(*q)) ++q;
    if (q == end && !eof) return nullptr;
    if (q < end && *q == '"') {
      f.quoted = true;
      p = q + 1;
      for (;;) {
        if (p == end) {
          if (!eof) return nullptr;
          r.open_quote = true;
          return end;
        }
        char c = *p++;
        if (c == '"') {
          if (p == end && !eof) return nullptr;
          if (p < end && *p == '"') {
            r.text += '"';
            ++p;
            continue;
          }
          break;
        }
        r.text += c;
        if (c == '\r') {
          if (p == end && !eof) return nullptr;
          if (p < end && *p == '\n') r.text += *p++;
          ++r.line_breaks;
        } else if (c == '\n') {
          ++r.line_breaks;
        }
      }
      while (p < end && IsBlank(*p)) ++p;
      if (p == end && !eof) return nullptr;
      if (p < end && !IsRecordEnd(*p)) f.after_quote = true;
    }
    while (p < end && !IsRecordEnd(*p)) r.text += *p++;
    f.end = r.text.size();
    r.fields.push_back(f);
    if (p == end) {
      if (!eof) return nullptr;
      return end;  // a last record without a line break
    }
    char c = *p++;
    if (c == ',') continue;
    if (c == '\r') {
      if (p == end && !eof) return nullptr;
      if (p < end && *p == '\n') ++p;
    }
    ++r.line_breaks;
    return p;
  }
}

// ---------------------------------------------------------------- the fast path

// The first byte in [p, ...) that ends or complicates an unquoted ASCII cell:
// `,` `\n` `\r` `"`, NUL, or a byte >= 0x80. Eight bytes at a time; the
// buffer has at least 8 readable bytes after every line.
inline const char* SkipPlain(const char* p) {
  constexpr uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
  auto zero = [](uint64_t x) { return (x - kOnes) & ~x & kHigh; };
  for (;;) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    uint64_t hit = zero(w ^ (kOnes * ',')) | zero(w ^ (kOnes * '\n')) | zero(w ^ (kOnes * '\r')) |
                   zero(w ^ (kOnes * '"')) | zero(w) | (w & kHigh);
    if (hit) return p + std::countr_zero(hit) / 8;
    p += 8;
  }
}

// Digits with an optional `-`, at most 18 of them: then the value always fits.
inline const char* FastInt(const char* p, int64_t& out) {
  bool negative = *p == '-';
  p += negative;
  const char* start = p;
  uint64_t v = 0;
  while (IsDigit(*p)) v = v * 10 + static_cast<uint64_t>(*p++ - '0');
  if (p == start || p - start > 18) return nullptr;
  out = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return p;
}

inline const char* FastDate(const char* p, int& year) {
  unsigned d[10];
  for (int i = 0; i < 10; ++i) d[i] = static_cast<unsigned char>(p[i]) - '0';
  if (d[0] > 9 || d[1] > 9 || d[2] > 9 || d[3] > 9 || p[4] != '-' || d[5] > 9 || d[6] > 9 || p[7] != '-' ||
      d[8] > 9 || d[9] > 9) {
    return nullptr;
  }
  int y = static_cast<int>(d[0] * 1000 + d[1] * 100 + d[2] * 10 + d[3]);
  if (!ValidDay(y, static_cast<int>(d[5] * 10 + d[6]), static_cast<int>(d[8] * 10 + d[9]))) return nullptr;
  year = y;
  return p + 10;
}

// A valid spelling's bytes (the delimiter check after it ends the cell).
inline const char* FastBool(const char* p, bool& out) {
  auto is = [&](int i, char lower) { return (p[i] | 0x20) == lower; };
  if (*p == '1') return out = true, p + 1;
  if (*p == '0') return out = false, p + 1;
  switch (*p | 0x20) {  // a letter in either case
    case 't':
      return is(1, 'r') && is(2, 'u') && is(3, 'e') ? (out = true, p + 4) : nullptr;
    case 'f':
      return is(1, 'a') && is(2, 'l') && is(3, 's') && is(4, 'e') ? (out = false, p + 5) : nullptr;
    case 'y':
      return out = true, is(1, 'e') && is(2, 's') ? p + 3 : p + 1;
    case 'n':
      return out = false, is(1, 'o') ? p + 2 : p + 1;
  }
  return nullptr;
}

// `-`, 1-15 digits, optionally a point and 1-2 decimals: pence.
inline const char* FastMoney(const char* p, int64_t& pence) {
  bool negative = *p == '-';
  p += negative;
  const char* start = p;
  int64_t v = 0;
  while (IsDigit(*p)) v = v * 10 + (*p++ - '0');
  if (p == start || p - start > 15) return nullptr;
  v *= 100;
  if (*p == '.') {
    ++p;
    if (!IsDigit(*p)) return nullptr;
    v += (*p++ - '0') * 10;
    if (IsDigit(*p)) v += *p++ - '0';
    if (IsDigit(*p)) return nullptr;  // more decimals: the general path
  }
  pence = negative ? -v : v;
  return p;
}

// A non-empty ASCII id without blanks at either end (non-ASCII: the general path).
inline const char* FastId(const char* p) {
  const char* e = SkipPlain(p);
  if (e == p || IsBlank(*p) || IsBlank(e[-1])) return nullptr;
  return e;
}

// The record at p (a whole line, ending in `\n`) in the commonest spellings;
// where the next line begins, or nullptr for the general path.
inline const char* FastRecord(const char* p, const Role* roles, int columns, Row& row) {
  for (int c = 0;; ++c) {
    switch (roles[c]) {
      case kIgnored:
        p = SkipPlain(p);
        break;
      case kPatient:
        p = FastId(p);
        break;
      case kProvider: {
        const char* e = FastId(p);
        if (e) row.provider = std::string_view(p, e - p);
        p = e;
        break;
      }
      case kAge:
        p = FastInt(p, row.age);
        break;
      case kStay:
        p = FastInt(p, row.stay);
        break;
      case kSex:
        if ((*p == 'M' || *p == 'F' || *p == 'U') && IsRecordEnd(p[1])) {
          ++p;
        } else {
          p = nullptr;
        }
        break;
      case kAdmission:
        p = FastDate(p, row.year);
        break;
      case kDischarge: {
        int year;
        p = FastDate(p, year);
        break;
      }
      case kEmergency:
        p = FastBool(p, row.emergency);
        break;
      case kReadmitted:
        p = FastBool(p, row.readmitted);
        break;
      case kCost:
        row.fine_cost = false;
        p = FastMoney(p, row.pence);
        break;
      case kDeclared:
        return nullptr;
    }
    if (!p) return nullptr;
    if (c + 1 < columns) {
      if (*p != ',') return nullptr;
      ++p;
    } else {
      if (*p == '\n') return p + 1;
      if (*p == '\r' && p[1] == '\n') return p + 2;
      return nullptr;
    }
  }
}

// ---------------------------------------------------------------- output

// A 10^-18 fixed-point value as a decimal without trailing zeros.
std::string Fixed18(__int128 units) {
  bool negative = units < 0;
  unsigned __int128 m =
      negative ? 0 - static_cast<unsigned __int128>(units) : static_cast<unsigned __int128>(units);
  unsigned __int128 whole = m / static_cast<unsigned __int128>(kUnit);
  uint64_t frac = static_cast<uint64_t>(m % static_cast<unsigned __int128>(kUnit));
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
  } while (whole);
  if (frac) {
    char buf[19];
    for (int i = 17; i >= 0; --i) {
      buf[i] = static_cast<char>('0' + frac % 10);
      frac /= 10;
    }
    int n = 18;
    while (buf[n - 1] == '0') --n;
    digits += '.';
    digits.append(buf, n);
  }
  if (negative && m) digits.insert(digits.begin(), '-');
  return digits;
}

// num / den rounded to 18 decimals half to even (den > 0; |num| < 1.7e20).
std::string Ratio(__int128 num, __int128 den) {
  bool negative = num < 0;
  if (negative) num = -num;
  __int128 q = num * kUnit / den;
  __int128 r = num * kUnit % den;
  if (2 * r > den || (2 * r == den && (q & 1))) ++q;
  return Fixed18(negative ? -q : q);
}

// The median as a spreadsheet's PERCENTILE.INC(0.5): the middle value, or
// the mean of the two middle values.
std::string Median(const Acc& a) {
  std::vector<int64_t> others = a.other_stays;
  std::sort(others.begin(), others.end());
  size_t negatives = static_cast<size_t>(std::lower_bound(others.begin(), others.end(), 0) - others.begin());
  auto at_rank = [&](int64_t rank) -> int64_t {  // 0-based
    if (rank < static_cast<int64_t>(negatives)) return others[rank];
    rank -= static_cast<int64_t>(negatives);
    for (size_t stay = 0; stay < a.stay_histogram.size(); ++stay) {
      if (rank < a.stay_histogram[stay]) return static_cast<int64_t>(stay);
      rank -= a.stay_histogram[stay];
    }
    return others[negatives + rank];
  };
  return Ratio(static_cast<__int128>(at_rank((a.rows - 1) / 2)) + at_rank(a.rows / 2), 2);
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
  Print("median_stay", period, provider, empty ? "" : Median(a), empty);
  __int128 cost;
  if (__builtin_add_overflow(a.emergency_pence * kPenceToUnits, a.emergency_units, &cost)) {
    Fail("the sum of cost overflows");
  }
  Print("emergency_cost", period, provider, Fixed18(cost), false);
}

// ---------------------------------------------------------------- the pass

class Pass {
 public:
  // The header: which declared column each field is.
  void Header(const Record& r, uint64_t line) {
    roles_.assign(r.fields.size(), kIgnored);
    int column_of[kDeclared];
    std::fill(std::begin(column_of), std::end(column_of), -1);
    for (size_t i = 0; i < r.fields.size(); ++i) {
      std::string_view name = Trim(r.field(i));
      for (int k = 0; k < kDeclared; ++k) {
        if (name == kNames[k] && column_of[k] < 0) {
          column_of[k] = static_cast<int>(i);
          roles_[i] = static_cast<Role>(k);
        }
      }
    }
    for (int k = 0; k < kDeclared; ++k) {
      if (column_of[k] < 0) errors_.Bad(line, k, "the column is missing from the header");
    }
    if (errors_.count()) Finish();
    columns_ = static_cast<int>(roles_.size());
    roles_.push_back(kDeclared);  // a sentinel: never read
  }

  // A record the fast path did not take.
  void General(const Record& r, uint64_t line) {
    if (r.open_quote) {
      errors_.Bad(line, -1, "a quote opened here is never closed");
      return;
    }
    if (r.blank()) return;
    if (r.fields.size() != static_cast<size_t>(columns_)) {
      errors_.Bad(line, -1, "the row has the wrong number of fields");
      return;
    }
    Row row;
    bool good = true;
    for (int c = 0; c < columns_; ++c) {
      if (roles_[c] == kIgnored) continue;
      const Field& f = r.fields[c];
      good &= CheckCell(roles_[c], r.field(c), f.quoted, f.after_quote, line, row, errors_);
    }
    if (good) Count(row, false);
  }

  // `padded`: the provider's bytes are in the read buffer (not a record's copy).
  void Count(const Row& row, bool padded) {
    if (errors_.count()) return;  // no answers will be given
    int index = table_.Find(row.provider, padded);
    if (row.year < kFirstYear || row.year >= kFirstYear + kYears) {
      ++outside_term_;
      return;
    }
    table_.providers[index].years[row.year - kFirstYear].AddRow(row);
  }

  void Read(int fd) {
    constexpr size_t kChunk = 16 << 20;
    constexpr size_t kSlack = 64;  // readable bytes after the data, for 8-byte loads
    std::vector<char> buffer(2 * kChunk + kSlack);
    size_t have = 0;
    bool eof = false;
    bool header = true;
    bool bom_checked = false;
    uint64_t line = 1;  // where the next record starts
    Record record;
    Row row;
    while (!eof) {
      if (buffer.size() < have + kChunk + kSlack) buffer.resize(have + kChunk + kSlack);  // a long record
      ssize_t n = read(fd, buffer.data() + have, kChunk);
      if (n < 0) Fail("cannot read the file");
      if (n == 0) eof = true;
      have += static_cast<size_t>(n);
      std::memset(buffer.data() + have, 0, kSlack);
      const char* p = buffer.data();
      const char* end = p + have;
      if (!bom_checked) {
        if (have < 3 && !eof) continue;
        bom_checked = true;
        if (have >= 3 && std::memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
      }
      const char* last = end;  // after the last line break
      while (last > p && last[-1] != '\n') --last;
      while (p < end) {
        if (!header && p < last) {
          if (*p == '\n') {  // an empty line is not a row
            ++p;
            ++line;
            continue;
          }
          if (const char* next = FastRecord(p, roles_.data(), columns_, row)) {
            Count(row, true);
            p = next;
            ++line;
            continue;
          }
        }
        const char* next = SplitRecord(p, end, eof, record);
        if (!next) break;
        if (header) {
          header = false;
          Header(record, line);
        } else {
          General(record, line);
        }
        line += record.line_breaks;
        p = next;
      }
      size_t consumed = static_cast<size_t>(p - buffer.data());
      std::memmove(buffer.data(), p, have - consumed);
      have -= consumed;
    }
    if (header) errors_.Bad(line, -1, "the file has no header");
    lines_ = line - 1;
  }

  void Finish() {
    if (errors_.count()) {
      errors_.Summary();
      std::exit(1);
    }
  }

  void PrintAnswers() {
    // Providers in name order; each with its term; then the totals over providers.
    std::vector<Provider>& providers = table_.providers;
    std::sort(providers.begin(), providers.end(),
              [](const Provider& a, const Provider& b) { return a.name < b.name; });
    static const char* kLabels[kPeriods] = {"2019", "2020", "2021", "2022", "2023", "term"};
    Acc all[kPeriods];
    for (const Provider& provider : providers) {
      Acc term;
      for (int y = 0; y < kYears; ++y) term.Add(provider.years[y]);
      if (term.rows == 0) continue;  // the groups are the providers with rows in the term
      for (int y = 0; y < kYears; ++y) {
        all[y].Add(provider.years[y]);
        PrintAll(kLabels[y], &provider.name, provider.years[y]);  // in every period, as ocf reports them
      }
      PrintAll(kLabels[kYears], &provider.name, term);
      all[kYears].Add(term);
    }
    for (int period = 0; period < kPeriods; ++period) PrintAll(kLabels[period], nullptr, all[period]);
    std::fprintf(stderr, "handwritten_validating: %llu lines, %lld rows outside the term, %zu providers\n",
                 static_cast<unsigned long long>(lines_), static_cast<long long>(outside_term_),
                 providers.size());
  }

 private:
  std::vector<Role> roles_;
  int columns_ = 0;
  Errors errors_;
  ProviderTable table_;
  int64_t outside_term_ = 0;
  uint64_t lines_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s episodes.csv\n", argv[0]);
    return 2;
  }
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) {
    std::fprintf(stderr, "handwritten_validating: cannot read %s: %s\n", argv[1], std::strerror(errno));
    return 1;
  }
  posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
  Pass pass;
  pass.Read(fd);
  close(fd);
  pass.Finish();
  pass.PrintAnswers();
  return 0;
}
