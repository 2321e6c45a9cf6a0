// What a data file may be and hold, through both CSV readers (the reference
// runtime/csv_reader.h and the parallel runtime/csv_parallel.h): money in
// the contract's currency only, regular files only (never a device, a named
// pipe or a folder, nor a link to one), bounded lines and fields, and a
// first line shown only when it looks like a CSV header.
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/csv_parallel.h"
#include "runtime/csv_reader.h"
#include "runtime/csv_records.h"
#include "runtime/data_file.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

ColumnSpec Col(std::string name, ColumnKind kind, bool optional = false) {
  ColumnSpec c;
  c.name = std::move(name);
  c.kind = kind;
  c.optional = optional;
  return c;
}

// A dated table of fees, in `currency`.
TableSchema Fees(std::string currency) {
  TableSchema s;
  s.name = "fees";
  s.columns = {Col("d", ColumnKind::Date), Col("fee", ColumnKind::Money)};
  for (ColumnSpec& c : s.columns) c.currency = currency;
  return s;
}

// Each kept problem as `line: column: message`.
std::vector<std::string> Problems(const CsvResult& r) {
  std::vector<std::string> out;
  for (const DataProblem& p : r.report.Sorted())
    out.push_back(std::to_string(p.line) + ": " + p.column + ": " + p.message);
  return out;
}

// A folder of its own for one test, removed after it.
class Folder {
 public:
  Folder() {
    static int counter = 0;
    path_ = fs::temp_directory_path() /
            ("ocf_data_files_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Write(const std::string& name, std::string_view bytes) const {
    std::ofstream(path_ / name, std::ios::binary) << bytes;
    return (path_ / name).string();
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

// Both readers, each on a thread of its own, waited for at most 20 seconds:
// a reader that never returns (a device read forever, a named pipe opened
// for good) is a failure, not a hung test. A reader left behind keeps only
// what it owns.
struct BothReads {
  std::optional<CsvResult> reference;                // nullopt: still reading after the wait
  std::optional<std::optional<CsvResult>> parallel;  // likewise; inside, nullopt: gave up
};

BothReads ReadBoth(const std::string& path, const TableSchema& schema, unsigned threads = 2) {
  auto reference = std::make_shared<std::promise<CsvResult>>();
  auto parallel = std::make_shared<std::promise<std::optional<CsvResult>>>();
  std::future<CsvResult> reference_done = reference->get_future();
  std::future<std::optional<CsvResult>> parallel_done = parallel->get_future();
  std::thread([reference, path, schema] { reference->set_value(ReadCsvFile(path, schema)); }).detach();
  std::thread([parallel, path, schema, threads] {
    ParallelCsvOptions options;
    options.threads = threads;
    options.block_bytes = 64;
    parallel->set_value(ReadCsvFileParallel(path, schema, {}, options));
  }).detach();
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  BothReads out;
  if (reference_done.wait_until(deadline) == std::future_status::ready) out.reference = reference_done.get();
  if (parallel_done.wait_until(deadline) == std::future_status::ready) out.parallel = parallel_done.get();
  return out;
}

// ---------------------------------------------------------------- currency

TEST(DataFiles, MoneyInAnotherCurrencyIsABadCellAtItsLine) {
  Folder dir;
  // `$100.00` and `€50.00` were read as £150, and the file said to be ok.
  std::string gbp = dir.Write("gbp.csv",
                              "d,fee,note\n"
                              "2014-05-01,$100.00,\n"
                              "2014-05-02,\"€50.00\",quoted\n"
                              "2014-05-03,£25.00,ours\n"
                              "2014-05-04,-$1,\n"
                              "2014-05-05,12.50,no symbol\n");
  BothReads r = ReadBoth(gbp, Fees("GBP"));
  ASSERT_TRUE(r.reference && r.parallel);
  EXPECT_THAT(
      Problems(*r.reference),
      ElementsAre("2: fee: `$100.00` is in dollars (USD), but this contract is in pounds (GBP): write "
                  "amounts in pounds, with `£` or no symbol",
                  "3: fee: `€50.00` is in euros (EUR), but this contract is in pounds (GBP): write "
                  "amounts in pounds, with `£` or no symbol",
                  "5: fee: `-$1` is in dollars (USD), but this contract is in pounds (GBP): write "
                  "amounts in pounds, with `£` or no symbol"));
  // The parallel reader gives the file up, for the reference to report.
  EXPECT_FALSE(r.parallel->has_value());
  // The rows stay, with the bad amounts missing: nothing is summed from them.
  ASSERT_EQ(r.reference->table.row_count(), 5u);
  const Column& fee = r.reference->table.column(1);
  EXPECT_FALSE(fee.present(0));
  EXPECT_FALSE(fee.present(1));
  EXPECT_EQ(fee.ToString(2), "25");
  EXPECT_FALSE(fee.present(3));
  EXPECT_EQ(fee.ToString(4), "12.5");

  // In a dollar contract, pounds are the foreign amounts.
  std::string usd = dir.Write("usd.csv", "d,fee\n2014-05-01,£100.00\n2014-05-02,$50.00\n");
  BothReads u = ReadBoth(usd, Fees("USD"));
  ASSERT_TRUE(u.reference && u.parallel);
  EXPECT_THAT(
      Problems(*u.reference),
      ElementsAre("2: fee: `£100.00` is in pounds (GBP), but this contract is in dollars (USD): write "
                  "amounts in dollars, with `$` or no symbol"));
  EXPECT_FALSE(u.parallel->has_value());
}

TEST(DataFiles, MoneyInTheContractsCurrencyReadsTheSameOnBothReaders) {
  Folder dir;
  for (auto [currency, symbol] : {std::pair{"GBP", "£"}, std::pair{"USD", "$"}, std::pair{"EUR", "€"}}) {
    SCOPED_TRACE(currency);
    // Amounts with the contract's symbol or none, signs before or after it,
    // thousands separators in quotes: many small blocks of them.
    std::string text = "d,fee\n";
    for (int i = 1; i <= 300; ++i) {
      std::string amount = std::to_string(i) + ".25";
      if (i % 4 == 1) amount = std::string(symbol) + amount;
      if (i % 4 == 2) amount = "-" + std::string(symbol) + amount;
      if (i % 4 == 3) amount = "\"" + std::string(symbol) + std::to_string(i) + ",000.00\"";
      text += "2014-05-" + std::to_string(10 + i % 19) + "," + amount + "\n";
    }
    std::string path = dir.Write(std::string(currency) + ".csv", text);
    BothReads r = ReadBoth(path, Fees(currency), 3);
    ASSERT_TRUE(r.reference && r.parallel);
    EXPECT_THAT(Problems(*r.reference), ElementsAre());
    ASSERT_TRUE(r.parallel->has_value());
    const Column& want = r.reference->table.column(1);
    const Column& got = (*r.parallel)->table.column(1);
    ASSERT_EQ(want.size(), 300u);
    ASSERT_EQ(got.size(), want.size());
    for (size_t row = 0; row < want.size(); ++row) ASSERT_EQ(got.ToString(row), want.ToString(row)) << row;
    EXPECT_EQ(want.ToString(2), "3000");  // `"£3,000.00"`
    EXPECT_EQ(want.ToString(1), "-2.25");
  }
}

// ---------------------------------------------------------------- regular files

// `/dev/zero` and `/dev/urandom` never end and a named pipe may never open
// or never end: each was read forever. Refused at once, saying what it is,
// directly or through a symbolic link (as a data folder may hold).
TEST(DataFiles, OnlyRegularFilesAreRead) {
  Folder dir;
  std::string fifo = dir.Path("pipe.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", dir.Path("zero.csv"));
  fs::create_symlink(fifo, dir.Path("to_pipe.csv"));
  fs::create_symlink(dir.Path("nowhere.csv"), dir.Path("dangling.csv"));
  fs::create_directories(dir.Path("folder.csv"));
  struct Case {
    std::string path, why;
  };
  const std::vector<Case> cases = {
      {"/dev/zero", "is a character device, not a regular file"},
      {"/dev/urandom", "is a character device, not a regular file"},
      {fifo, "is a named pipe (FIFO), not a regular file"},
      {dir.Path("zero.csv"), "is a symbolic link to `/dev/zero`, a character device, not a regular file"},
      {dir.Path("to_pipe.csv"), "is a symbolic link to `" + fifo.substr(0, 40) +
                                    (fifo.size() > 40 ? "..." : "") +
                                    "`, a named pipe (FIFO), not a regular file"},
      {dir.Path("dangling.csv"), "is a symbolic link to `"},
      {dir.Path("folder.csv"), "is a folder, not a regular file"},
      {dir.Path("absent.csv"), "no such file"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.path);
    EXPECT_THAT(NotADataFile(c.path), HasSubstr(c.why));
    DataFile file(c.path);
    EXPECT_EQ(file.fd(), -1);
    EXPECT_THAT(file.why(), HasSubstr(c.why));
    BothReads r = ReadBoth(c.path, Fees("GBP"));
    ASSERT_TRUE(r.reference.has_value()) << "the reference reader did not return";
    ASSERT_TRUE(r.parallel.has_value()) << "the parallel reader did not return";
    EXPECT_FALSE(r.parallel->has_value());
    ASSERT_EQ(Problems(*r.reference).size(), 1u);
    EXPECT_THAT(Problems(*r.reference)[0], HasSubstr("0: : " + c.why));
    EXPECT_EQ(r.reference->report.rows, 0u);
  }
  EXPECT_THAT(NotADataFile(dir.Path("dangling.csv")), HasSubstr("which does not exist"));

  // A link to a regular file is followed: the file is read.
  std::string real = dir.Write("real.csv", "d,fee\n2014-05-01,£1.00\n");
  fs::create_symlink(real, dir.Path("link.csv"));
  EXPECT_EQ(NotADataFile(dir.Path("link.csv")), "");
  BothReads linked = ReadBoth(dir.Path("link.csv"), Fees("GBP"));
  ASSERT_TRUE(linked.reference && linked.parallel);
  EXPECT_THAT(Problems(*linked.reference), ElementsAre());
  EXPECT_EQ(linked.reference->report.rows, 1u);
  ASSERT_TRUE(linked.parallel->has_value());
  EXPECT_EQ((*linked.parallel)->report.rows, 1u);
}

// ---------------------------------------------------------------- limits

TableSchema TwoText() {
  TableSchema s;
  s.name = "t";
  s.columns = {Col("a", ColumnKind::Text, true), Col("b", ColumnKind::Text, true)};
  return s;
}

// A line may hold at most kMaxRecordBytes (16 MB) and kMaxFields (65,536)
// fields, a field at most kMaxCellBytes (1 MB): past that the row is one
// problem at its line, only the limit's worth is ever held, and the next
// line is read as usual. The parallel reader leaves such files to the
// reference reader.
TEST(DataFiles, OverlongLinesAndFieldsAreProblemsAtTheirLine) {
  Folder dir;
  const std::string too_many_fields = std::string(2 * kMaxFields, ',');  // 131,073 fields
  std::string big_fields;                                                // 40 fields of 512 KB: 20 MB
  for (int i = 0; i < 40; ++i) big_fields += (i ? "," : "") + std::string(512 << 10, 'x');
  const std::string big_cell(kMaxCellBytes * 3, 'y');
  std::string path = dir.Write(
      "long.csv", "a,b\n" + too_many_fields + "\nok,1\n" + big_fields + "\n" + big_cell + ",2\nok,3\n");
  BothReads r = ReadBoth(path, TwoText());
  ASSERT_TRUE(r.reference && r.parallel);
  const std::string row_too_long =
      ": : the row is too long to read (over 16 MB or 65,536 fields): is a quote left open?";
  EXPECT_THAT(Problems(*r.reference),
              ElementsAre("2" + row_too_long, "4" + row_too_long,
                          "5: a: the cell is longer than 1 MB: is a quote left open?"));
  EXPECT_EQ(r.reference->report.rows, 5u);
  const Column& b = r.reference->table.column(1);
  EXPECT_EQ(b.ToString(1), "1");
  EXPECT_EQ(b.ToString(3), "2");  // the rest of a row with a long cell is read
  EXPECT_EQ(b.ToString(4), "3");
  EXPECT_FALSE(r.parallel->has_value());
}

// A first line longer than a line may be is no header: nothing after it is
// read, and the reading stops there rather than going through the file.
TEST(DataFiles, AnOverlongHeaderStopsTheReading) {
  Folder dir;
  std::string path = dir.Write("header.csv", std::string(kMaxFields + 5, ',') + "\nok,1\n");
  BothReads r = ReadBoth(path, TwoText());
  ASSERT_TRUE(r.reference && r.parallel);
  EXPECT_THAT(
      Problems(*r.reference),
      ElementsAre("1: : the header row is too long to be one (over 16 MB or 65,536 fields): is this a "
                  "CSV file?"));
  EXPECT_EQ(r.reference->report.rows, 0u);
  EXPECT_FALSE(r.parallel->has_value());

  // A regular file of NUL bytes, as /dev/zero gives them: one problem.
  std::string zeros = dir.Write("zeros.csv", std::string(8 << 20, '\0'));
  BothReads z = ReadBoth(zeros, TwoText());
  ASSERT_TRUE(z.reference && z.parallel);
  EXPECT_THAT(Problems(*z.reference),
              ElementsAre("1: : the header row (column 1) holds a NUL byte: is this a text file?"));
  EXPECT_FALSE(z.parallel->has_value());
}

// AddressSanitizer keeps freed memory in quarantine and adds its shadow, so
// peak memory says nothing about the readers there: those tests are for
// builds without it.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kMemoryIsMeasurable = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kMemoryIsMeasurable = false;
#else
constexpr bool kMemoryIsMeasurable = true;
#endif
#else
constexpr bool kMemoryIsMeasurable = true;
#endif

// Peak memory, beyond what the process held before, of `read` run in a
// child process (so the test binary's own peak does not hide it); -1 when
// the child failed.
template <typename Read>
long PeakGrowthMegabytes(Read read) {
  pid_t child = ::fork();
  if (child == 0) {
    long pages = 0;
    if (std::FILE* statm = std::fopen("/proc/self/statm", "r")) {
      long size = 0;
      if (std::fscanf(statm, "%ld %ld", &size, &pages) != 2) pages = 0;
      std::fclose(statm);
    }
    read();
    struct rusage usage;
    ::getrusage(RUSAGE_SELF, &usage);
    long before_kb = pages * (::sysconf(_SC_PAGESIZE) / 1024);
    long growth_mb = (usage.ru_maxrss - before_kb) / 1024;
    ::_exit(static_cast<int>(std::clamp(growth_mb, 0L, 250L)));
  }
  int status = 0;
  if (child < 0 || ::waitpid(child, &status, 0) != child || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

// 32 MB of blank lines before the header: both readers pass them holding a
// few megabytes (the parallel reader's header search held them all).
TEST(DataFiles, BlankLinesBeforeTheHeaderAreNotHeld) {
  if (!kMemoryIsMeasurable) GTEST_SKIP() << "peak memory is not the readers' under AddressSanitizer";
  Folder dir;
  std::string path = dir.Write("blank.csv", std::string(32 << 20, '\n') + "a,b\nx,1\n");
  long parallel = PeakGrowthMegabytes([&] {
    ParallelCsvOptions options;
    options.threads = 1;
    if (!ReadCsvFileParallel(path, TwoText(), {}, options)) ::_exit(255);
  });
  EXPECT_GE(parallel, 0);
  EXPECT_LT(parallel, 16) << "megabytes";
  long reference = PeakGrowthMegabytes([&] {
    if (!ReadCsvFile(path, TwoText()).report.ok()) ::_exit(255);
  });
  EXPECT_GE(reference, 0);
  EXPECT_LT(reference, 16) << "megabytes";
}

// A 48 MB line, as one cell and as many, and a quote left open for 48 MB:
// each reader holds at most a record's limit (16 MB) of it.
TEST(DataFiles, AnOverlongLineIsNotHeld) {
  if (!kMemoryIsMeasurable) GTEST_SKIP() << "peak memory is not the readers' under AddressSanitizer";
  Folder dir;
  std::string many;
  for (int i = 0; i < 48; ++i) many += std::string((1 << 20) - 1, 'm') + ",";
  const std::vector<std::string> files = {
      dir.Write("one_cell.csv", "a,b\n" + std::string(48 << 20, 'x') + ",1\nok,2\n"),
      dir.Write("many_cells.csv", "a,b\n" + many + "\nok,2\n"),
      dir.Write("open_quote.csv", "a,b\nok,\"" + std::string(48 << 20, 'q') + "\nok,2\n"),
  };
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    long reference = PeakGrowthMegabytes([&] {
      if (ReadCsvFile(path, TwoText()).report.ok()) ::_exit(255);  // each file has a problem
    });
    EXPECT_GE(reference, 0);
    EXPECT_LT(reference, 24) << "megabytes";
    long parallel = PeakGrowthMegabytes([&] {
      ParallelCsvOptions options;
      options.threads = 2;
      if (ReadCsvFileParallel(path, TwoText(), {}, options)) ::_exit(255);  // left to the reference
    });
    EXPECT_GE(parallel, 0);
    EXPECT_LT(parallel, 24) << "megabytes";
  }
}

// Blank lines before the header are passed without being held: the parallel
// reader keeps only the record it is reading.
TEST(DataFiles, ManyBlankLinesBeforeTheHeader) {
  Folder dir;
  std::string path = dir.Write("blank.csv", std::string(3 << 20, '\n') + "a,b\nx,1\n");
  BothReads r = ReadBoth(path, TwoText(), 1);
  ASSERT_TRUE(r.reference && r.parallel);
  EXPECT_THAT(Problems(*r.reference), ElementsAre());
  ASSERT_TRUE(r.parallel->has_value());
  EXPECT_EQ((*r.parallel)->report.rows, 1u);
  EXPECT_EQ((*r.parallel)->table.line(0), r.reference->table.line(0));
  EXPECT_EQ(r.reference->table.line(0), (3u << 20) + 2);
}

// ---------------------------------------------------------------- the header shown

TableSchema Referrals() {
  TableSchema s;
  s.name = "referrals";
  s.columns = {Col("referral_id", ColumnKind::Id), Col("age", ColumnKind::Int)};
  return s;
}

std::vector<std::string> ReadText(std::string_view text, const TableSchema& schema) {
  return Problems(ReadCsvText(text, schema, {}));
}

// A missing column's message lists the headers found, to help; but a file
// that is not a CSV file (a password file a data folder links to) is not
// echoed: its first line is shown only when it looks like a header.
TEST(DataFiles, TheFirstLineIsShownOnlyWhenItLooksLikeAHeader) {
  const std::string not_shown = "the first line does not look like a CSV header, so it is not shown";
  EXPECT_THAT(ReadText("root:*:19326:0:99999:7:::\ndaemon:*:19326:0:99999:7:::\n", Referrals()),
              ElementsAre("1: referral_id: no column named `referral_id`: " + not_shown,
                          "1: age: no column named `age`: " + not_shown));
  EXPECT_THAT(ReadText("root:x:0:0:root:/root:/bin/bash\n", Referrals())[0], Not(HasSubstr("root")));
  // Control characters, or a name too long to be one.
  EXPECT_THAT(ReadText("referral_id,\x1b[2Jage\n", Referrals()),
              ElementsAre("1: age: no column named `age`: " + not_shown));
  EXPECT_THAT(ReadText("referral_id," + std::string(65, 'a') + "\n", Referrals()),
              ElementsAre("1: age: no column named `age`: " + not_shown));
  // Another separator: a guess, still without the line.
  EXPECT_THAT(ReadText("referral_id;age\nr1;4\n", Referrals()),
              ElementsAre("1: referral_id: no column named `referral_id`: " + not_shown +
                              " (are its fields separated by `;`? save the file as CSV, with commas)",
                          "1: age: no column named `age`: " + not_shown +
                              " (are its fields separated by `;`? save the file as CSV, with commas)"));
  EXPECT_THAT(ReadText("referral_id\tage\n", Referrals())[0], HasSubstr("separated by tabs"));

  // A header as spreadsheets write them is shown: letters of any alphabet,
  // spaces, brackets, `#`, `%`, `£`.
  EXPECT_THAT(ReadText("Referral ID,Âge (years),# seen,% on time,£ spent\n", Referrals()),
              ElementsAre("1: referral_id: no column named `referral_id`; the headers are: `Referral ID`, "
                          "`Âge (years)`, `# seen`, `% on time`, `£ spent`",
                          "1: age: no column named `age`; the headers are: `Referral ID`, `Âge (years)`, "
                          "`# seen`, `% on time`, `£ spent`"));
  // At most 20 names, each cut at 40 bytes, and 240 bytes in all.
  std::string many = "referral_id";
  for (int i = 0; i < 30; ++i) many += ",c" + std::to_string(i);
  EXPECT_THAT(
      ReadText(many + "\n", Referrals()),
      ElementsAre("1: age: no column named `age`; the headers are: `referral_id`, `c0`, `c1`, `c2`, "
                  "`c3`, `c4`, `c5`, `c6`, `c7`, `c8`, `c9`, `c10`, `c11`, `c12`, `c13`, `c14`, `c15`, "
                  "`c16`, `c17`, `c18` and 11 more"));
  std::string long_names = "referral_id";
  for (int i = 0; i < 30; ++i) long_names += ",column_" + std::to_string(i) + std::string(40, 'n');
  std::vector<std::string> capped = ReadText(long_names + "\n", Referrals());
  ASSERT_EQ(capped.size(), 1u);
  EXPECT_THAT(capped[0], HasSubstr("nnn...`, `column_3nnn"));
  EXPECT_THAT(capped[0], HasSubstr("` and 26 more"));
  EXPECT_LT(capped[0].size(), 240u + 80);
}

}  // namespace
}  // namespace ocf
