// Fuzz target: any bytes, as a provider's data file, read by both CSV
// readers and compared. The reference reader (runtime/csv_reader.h) reads
// the file, and the same bytes from memory; the parallel reader
// (runtime/csv_parallel.h) reads it with 1 to 4 threads and blocks down to a
// byte, so blocks split records, quotes and CRLFs everywhere. Two schemas
// cover every column kind: one with ISO dates and pounds, one with
// `date_format "DD/MM/YYYY"`, dollars and key columns of several kinds.
//
// Neither reader may crash, hang or trip a sanitizer, and:
// - the reference reader gives the same report and table from the file as
//   from memory;
// - when the parallel reader returns a table, the reference reported no
//   problem and the tables are equal: rows, their lines, every value and
//   presence, codes and dictionaries (columns not stored are empty);
// - when the reference reported no problem in an input under 1 MB (no
//   record the parallel reader leaves to it), the parallel reader returns a
//   table.
// A difference is reported on standard error and traps.
//
// Built two ways (tests/CMakeLists.txt): with libFuzzer when the compiler is
// clang, and always with tests/fuzz/replay_main.cc, which replays
// tests/fuzz/csv_corpus/ and mutations of it in CI.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/csv_parallel.h"
#include "runtime/csv_reader.h"

namespace {
using namespace ocf;

ColumnSpec Col(std::string name, ColumnKind kind, bool optional, bool key = false) {
  ColumnSpec c;
  c.name = std::move(name);
  c.kind = kind;
  c.optional = optional;
  c.key = key;
  return c;
}

// Every kind; ISO dates; pounds; an id key.
TableSchema IsoSchema() {
  TableSchema s;
  s.name = "iso";
  s.columns = {Col("id", ColumnKind::Id, false, true), Col("n", ColumnKind::Int, true),
               Col("e", ColumnKind::Enum, true),       Col("d", ColumnKind::Date, false),
               Col("m", ColumnKind::Money, true),      Col("p", ColumnKind::Percent, true),
               Col("x", ColumnKind::Decimal, true),    Col("b", ColumnKind::Bool, true),
               Col("t", ColumnKind::Text, true)};
  s.columns[2].enum_values = {"M", "F", "not known", "a, b"};
  for (ColumnSpec& c : s.columns) c.currency = "GBP";
  return s;
}

// Every kind; `date_format "DD/MM/YYYY"`; dollars; keys of an int, a date
// and a text column; required and optional columns the other way round.
TableSchema UkSchema() {
  TableSchema s;
  s.name = "uk";
  s.columns = {Col("n", ColumnKind::Int, false, true), Col("d", ColumnKind::Date, true, true),
               Col("t", ColumnKind::Text, true, true), Col("m", ColumnKind::Money, false),
               Col("e", ColumnKind::Enum, false),      Col("p", ColumnKind::Percent, false),
               Col("x", ColumnKind::Decimal, false),   Col("b", ColumnKind::Bool, false),
               Col("id", ColumnKind::Id, true)};
  s.columns[4].enum_values = {"physio", "pain", "rheumatology day case"};
  for (ColumnSpec& c : s.columns) {
    c.uk_dates = true;
    c.currency = "USD";
  }
  return s;
}

[[noreturn]] void Fail(const std::string& what, const std::string& config) {
  std::fprintf(stderr, "ocf csv fuzzer: %s (%s)\n", what.c_str(), config.c_str());
  std::fflush(stderr);
  __builtin_trap();
}

std::string ProblemsOf(const CsvResult& r) {
  std::string out;
  for (const DataProblem& p : r.report.Sorted())
    out += std::to_string(p.line) + ": " + p.column + ": " + p.message + "\n";
  out += "rows " + std::to_string(r.report.rows) + ", problems " + std::to_string(r.report.problem_count());
  return out;
}

// Why `got` differs from `want` with these columns stored ("" when it does
// not): rows, lines, and per column presence, values (raw and as text),
// codes and dictionaries.
std::string Difference(const Table& a, const Table& b, const std::vector<bool>& stored) {
  if (a.row_count() != b.row_count()) return "row count";
  if (a.column_count() != b.column_count()) return "column count";
  for (size_t r = 0; r < a.row_count(); ++r)
    if (a.line(r) != b.line(r)) return "line of row " + std::to_string(r);
  for (size_t c = 0; c < a.column_count(); ++c) {
    const Column& x = a.column(c);
    const Column& y = b.column(c);
    if (!stored.empty() && !stored[c]) {
      if (y.size() != 0) return "column " + x.spec().name + " stored though not asked for";
      continue;
    }
    if (x.size() != y.size()) return "size of column " + x.spec().name;
    for (size_t r = 0; r < a.row_count(); ++r) {
      std::string where = x.spec().name + " row " + std::to_string(r);
      if (x.present(r) != y.present(r)) return "presence of " + where;
      if (!x.present(r)) continue;
      if (x.ToString(r) != y.ToString(r))
        return "value of " + where + ": " + x.ToString(r) + " vs " + y.ToString(r);
      bool same = true;
      switch (x.kind()) {
        case ColumnKind::Int:
          same = x.int_at(r) == y.int_at(r);
          break;
        case ColumnKind::Decimal:
        case ColumnKind::Percent:
        case ColumnKind::Money:
          same = x.decimal_at(r) == y.decimal_at(r);
          break;
        case ColumnKind::Bool:
          same = x.bool_at(r) == y.bool_at(r);
          break;
        case ColumnKind::Date:
          same = x.date_at(r) == y.date_at(r);
          break;
        case ColumnKind::Text:
        case ColumnKind::Id:
        case ColumnKind::Enum:
          same = x.code_at(r) == y.code_at(r);
          break;
      }
      if (!same) return "raw value of " + where;
    }
    if (x.dictionary_size() != y.dictionary_size()) return "dictionary size of " + x.spec().name;
    for (uint32_t code = 0; code < x.dictionary_size(); ++code)
      if (x.dictionary(code) != y.dictionary(code)) return "dictionary of " + x.spec().name;
  }
  return "";
}

// The input as a regular file, in memory: a memfd, named by its
// /proc/self/fd path (a link to a regular file, which the readers follow).
class InputFile {
 public:
  InputFile() {
    fd_ = ::memfd_create("ocf-csv-fuzz", MFD_CLOEXEC);
    if (fd_ < 0) {
      char name[] = "/tmp/ocf-csv-fuzz-XXXXXX";
      fd_ = ::mkstemp(name);
      if (fd_ < 0) Fail("no file for the input", "");
      path_ = name;
      ::unlink(name);  // still open: readable through /proc
    }
    path_ = "/proc/self/fd/" + std::to_string(fd_);
  }
  const std::string& Write(std::string_view bytes) {
    if (::ftruncate(fd_, 0) != 0) Fail("ftruncate", "");
    size_t done = 0;
    while (done < bytes.size()) {
      ssize_t n = ::pwrite(fd_, bytes.data() + done, bytes.size() - done, static_cast<off_t>(done));
      if (n <= 0) Fail("pwrite", "");
      done += static_cast<size_t>(n);
    }
    return path_;
  }

 private:
  int fd_ = -1;
  std::string path_;
};

struct Config {
  unsigned threads;
  size_t block_bytes;  // 0: the reader's own choice
  bool every_other;    // store every other column only
};

void Check(std::string_view bytes, const std::string& path, const TableSchema& schema) {
  CsvOptions options;
  options.display_path = "data.csv";
  CsvResult want = ReadCsvFile(path, schema, options);
  CsvResult from_memory = ReadCsvText(bytes, schema, options);
  if (ProblemsOf(want) != ProblemsOf(from_memory))
    Fail("the reference reader's problems differ between the file and memory:\n" + ProblemsOf(want) +
             "\n--\n" + ProblemsOf(from_memory),
         schema.name);
  if (std::string diff = Difference(want.table, from_memory.table, {}); !diff.empty())
    Fail("the reference reader's tables differ between the file and memory: " + diff, schema.name);
  const bool ok = want.report.problem_count() == 0;

  // Two reads: one thread, with the reader's own blocks (an input under
  // 64 KB is one block) or tiny ones, each starting where the last ended;
  // and 2 to 4 threads with small blocks, whose first records are guessed
  // and checked at commit. Which sizes, threads and stored columns is
  // picked by the input's length, so all are met across inputs. Blocks on
  // several threads commit in turn, each a hand-over between threads: at
  // most 32 of them keeps an input quick on a busy machine.
  static constexpr size_t kSmall[] = {1, 2, 3, 5, 7, 16, 61, 256};
  const size_t n = bytes.size() + (schema.name == "uk" ? 1 : 0);
  size_t block = kSmall[n % std::size(kSmall)];
  while (bytes.size() / block > 32) block *= 2;
  const std::vector<Config> configs = {
      {1, n % 3 == 0 ? 0 : kSmall[n % 5], n % 2 == 0},
      {2 + static_cast<unsigned>(n % 3), block, n % 2 == 1},
  };
  std::vector<bool> every_other(schema.columns.size());
  for (size_t c = 0; c < every_other.size(); ++c) every_other[c] = c % 2 == 1;
  for (const Config& config : configs) {
    ParallelCsvOptions parallel;
    parallel.threads = config.threads;
    parallel.block_bytes = config.block_bytes;
    if (config.every_other) parallel.materialize = every_other;
    std::string where = schema.name + ", threads " + std::to_string(config.threads) + ", blocks of " +
                        std::to_string(config.block_bytes) +
                        (config.every_other ? ", every other column" : "");
    std::optional<CsvResult> got = ReadCsvFileParallel(path, schema, options, parallel);
    if (!got) {
      if (ok && bytes.size() < (1u << 20))
        Fail("the parallel reader gave up on a file without problems", where);
      continue;
    }
    if (!ok)
      Fail("the parallel reader returned a table for a file with problems:\n" + ProblemsOf(want), where);
    if (got->report.problem_count() != 0 || !got->report.problems().empty())
      Fail("the parallel reader's table has problems", where);
    if (got->report.rows != want.report.rows) Fail("report.rows", where);
    if (std::string diff = Difference(want.table, got->table, parallel.materialize); !diff.empty())
      Fail("the parallel reader's table differs: " + diff, where);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static InputFile file;
  static const TableSchema iso = IsoSchema();
  static const TableSchema uk = UkSchema();
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::string& path = file.Write(bytes);
  Check(bytes, path, iso);
  Check(bytes, path, uk);
  return 0;
}
