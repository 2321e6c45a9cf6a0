// The column cache and the answers cache on the command line
// (docs/cache.md): a first run writes the entry, a re-run maps it (or
// answers from it) and prints the same bytes, each kind of change sends the
// run back to the CSV with the output the CSV gives, and a cache that cannot
// be written is a warning, not a failure.
//
// The column cache's tests name the engine (`--engine jit`): the answers
// cache is read only with `--engine auto`, so their re-runs map the columns.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;
using test_support::CliRun;
using test_support::RunOcf;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kContract = R"(contract "Cache test" {
  commissioner "Test ICB"
  term         2019-01-01 to 2020-12-31
  periods      yearly
  currency     GBP
}

data episodes "Episodes" dated by admitted {
  patient_id : id
  age        : int
  admitted   : date
  emergency  : bool
  cost       : money
  provider   : id
}

measure older "Emergencies aged 65 and over" : int by provider =
  count episodes where emergency and age >= 65

measure spend "Cost of emergencies" : money by provider = sum cost of episodes where emergency
)";

std::string Rows(int n, int seed = 0) {
  std::string csv = "patient_id,age,emergency,admitted,cost,provider\n";
  for (int i = 0; i < n; ++i)
    csv += "P" + std::to_string(i) + "," + std::to_string((i * 7 + seed) % 100) + "," +
           (i % 3 ? "true" : "false") + ",20" + std::to_string(19 + i % 2) + "-0" +
           std::to_string(1 + i % 9) + "-15," + std::to_string(100 + i % 50) + ".25,R" +
           std::to_string(i % 4) + "\n";
  return csv;
}

class CacheCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("ocf_cache_cli_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_ / "data");
    contract_ = (dir_ / "c.ocf").string();
    csv_ = (dir_ / "data" / "episodes.csv").string();
    cache_ = (dir_ / "cache").string();
    std::ofstream(contract_) << kContract;
    std::ofstream(csv_) << Rows(400);
  }
  void TearDown() override { fs::remove_all(dir_); }

  CliRun Run(std::vector<std::string> extra = {}) {
    std::vector<std::string> args = {"run",      contract_, "--data",   (dir_ / "data").string(),
                                     "--format", "json",    "--timings"};
    args.insert(args.end(), extra.begin(), extra.end());
    return RunOcf(args);
  }
  CliRun Cached() { return Run({"--cache", cache_, "--engine", "jit"}); }
  CliRun Uncached() { return Run({"--no-cache"}); }
  // The cache's files of one kind: ".ocfcache" (columns), ".ocfanswers".
  std::vector<fs::path> Entries(const std::string& kind = ".ocfcache") {
    std::vector<fs::path> out;
    if (fs::exists(cache_))
      for (const auto& e : fs::directory_iterator(cache_))
        if (e.path().extension() == kind) out.push_back(e.path());
    return out;
  }

  // Flips the lowest bit of the byte at `at` in `file`; whether it could.
  static bool FlipByte(const std::string& file, uintmax_t at) {
    int fd = ::open(file.c_str(), O_RDWR);
    if (fd < 0) return false;
    char c;
    bool flipped = ::pread(fd, &c, 1, static_cast<off_t>(at)) == 1;
    c ^= 1;
    flipped = flipped && ::pwrite(fd, &c, 1, static_cast<off_t>(at)) == 1;
    ::close(fd);
    return flipped;
  }

  fs::path dir_;
  std::string contract_, csv_, cache_;
};

TEST_F(CacheCliTest, FirstRunWritesAndAReRunHitsWithTheSameOutput) {
  CliRun first = Cached();
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_THAT(first.err, HasSubstr("a miss, the read written"));
  ASSERT_EQ(Entries().size(), 1u);
  CliRun again = Cached();
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_THAT(again.err, HasSubstr("a hit, mapped instead of read"));
  EXPECT_EQ(again.out, first.out);
  EXPECT_EQ(Uncached().out, first.out);
  EXPECT_EQ(Entries().size(), 1u);
  // `ocf rows` reads the mapped table too, lines and all.
  std::vector<std::string> rows_args = {"rows",      contract_, "--data",   (dir_ / "data").string(),
                                        "--measure", "older",   "--period", "term"};
  CliRun listed = RunOcf([&] {
    auto a = rows_args;
    a.insert(a.end(), {"--cache", cache_});
    return a;
  }());
  rows_args.push_back("--no-cache");
  CliRun plain = RunOcf(rows_args);
  ASSERT_EQ(plain.status, 0) << plain.err;
  EXPECT_EQ(listed.status, 0) << listed.err;
  EXPECT_EQ(listed.out, plain.out);
}

TEST_F(CacheCliTest, NoCacheNeitherReadsNorWrites) {
  CliRun run = Uncached();
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.err, Not(HasSubstr("column cache")));
  EXPECT_THAT(run.err, Not(HasSubstr("answers cache")));
  EXPECT_FALSE(fs::exists(cache_));
}

TEST_F(CacheCliTest, AChangedFileIsReadAgain) {
  ASSERT_EQ(Cached().status, 0);
  std::ofstream(csv_) << Rows(401, 3);
  CliRun run = Cached();
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("a miss"));
  EXPECT_EQ(run.out, Uncached().out);
  EXPECT_EQ(Entries().size(), 1u);  // replaced, not added
  EXPECT_THAT(Cached().err, HasSubstr("a hit"));
}

TEST_F(CacheCliTest, ATouchedFileIsReadAgain) {
  std::string first = Cached().out;
  struct timespec times[2] = {{0, UTIME_OMIT}, {1'500'000'000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, csv_.c_str(), times, 0), 0);
  CliRun run = Cached();
  EXPECT_THAT(run.err, HasSubstr("a miss"));
  EXPECT_EQ(run.out, first);
}

TEST_F(CacheCliTest, AChangedDeclarationIsReadAgain) {
  std::string first = Cached().out;
  std::string text = kContract;
  text.replace(text.find("patient_id : id"), 15, "patient_id : text");
  std::ofstream(contract_) << text;
  CliRun run = Cached();
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("a miss"));
  EXPECT_EQ(run.out, Uncached().out);
}

TEST_F(CacheCliTest, CorruptOrTruncatedEntriesAreReadAgain) {
  std::string first = Cached().out;
  ASSERT_EQ(Entries().size(), 1u);
  std::string entry = Entries()[0].string();
  ASSERT_TRUE(FlipByte(entry, fs::file_size(entry) / 2));
  CliRun run = Cached();
  EXPECT_THAT(run.err, HasSubstr("a miss"));
  EXPECT_EQ(run.out, first);
  EXPECT_THAT(Cached().err, HasSubstr("a hit"));  // rewritten
  ASSERT_EQ(::truncate(entry.c_str(), static_cast<off_t>(fs::file_size(entry) - 100)), 0);
  run = Cached();
  EXPECT_THAT(run.err, HasSubstr("a miss"));
  EXPECT_EQ(run.out, first);
}

TEST_F(CacheCliTest, AnUnwritableCacheIsAWarning) {
  std::ofstream(dir_ / "a-file") << "not a folder";
  CliRun run = Run({"--cache", (dir_ / "a-file" / "cache").string()});
  EXPECT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.err, HasSubstr("ocf run: warning: the data was not cached (cannot make the folder"));
  EXPECT_EQ(run.out, Uncached().out);
}

TEST_F(CacheCliTest, SmallFilesAreNotCachedByDefault) {
  CliRun run = RunOcf({"run", contract_, "--data", (dir_ / "data").string(), "--timings"});
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_THAT(run.err, Not(HasSubstr("column cache")));
  EXPECT_THAT(run.err, Not(HasSubstr("answers cache")));
}

// ---------------------------------------------------------------- answers

class AnswersCliTest : public CacheCliTest {
 protected:
  // With the default engine, which reads the answers cache.
  CliRun Answered(std::vector<std::string> extra = {}) {
    extra.insert(extra.begin(), {"--cache", cache_});
    return Run(extra);
  }
  static bool Hit(const CliRun& run) {
    return run.err.find("answers cache") != std::string::npos && run.err.find("(a hit:") != std::string::npos;
  }
  static bool Written(const CliRun& run) {
    return run.err.find("a miss, the answers written") != std::string::npos;
  }
};

TEST_F(AnswersCliTest, AReRunAnswersWithoutReadingTheData) {
  CliRun first = Answered();
  ASSERT_EQ(first.status, 0) << first.err;
  EXPECT_TRUE(Written(first)) << first.err;
  ASSERT_EQ(Entries(".ocfanswers").size(), 1u);
  CliRun again = Answered();
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_TRUE(Hit(again)) << again.err;
  EXPECT_THAT(again.err, HasSubstr("timings (answers cache: no data read, nothing scanned)"));
  EXPECT_THAT(again.err, Not(HasSubstr("column cache")));  // the columns were not even mapped
  EXPECT_EQ(again.out, first.out);
  EXPECT_EQ(again.out, Uncached().out);
  // Every output format, and a period of it, is worked out from the answers.
  for (const char* format : {"table", "csv", "html"}) {
    std::vector<std::string> args = {"run",      contract_, "--data",   (dir_ / "data").string(),
                                     "--format", format,    "--period", "2019"};
    CliRun plain = RunOcf([&] {
      auto a = args;
      a.push_back("--no-cache");
      return a;
    }());
    args.insert(args.end(), {"--cache", cache_, "--timings"});
    CliRun hit = RunOcf(args);
    ASSERT_EQ(plain.status, 0) << plain.err;
    EXPECT_TRUE(Hit(hit)) << format << hit.err;
    EXPECT_EQ(hit.out, plain.out) << format;
  }
}

TEST_F(AnswersCliTest, EachEngineWritesTheSameAnswers) {
  for (const char* engine : {"jit", "interp"}) {
    fs::remove_all(cache_);
    CliRun named = Answered({"--engine", engine});
    ASSERT_EQ(named.status, 0) << named.err;
    EXPECT_TRUE(Written(named)) << engine;
    // An engine asked for by name runs: the answers are not read then.
    EXPECT_FALSE(Hit(Answered({"--engine", engine}))) << engine;
    CliRun hit = Answered();
    EXPECT_TRUE(Hit(hit)) << engine;
    EXPECT_EQ(hit.out, named.out) << engine;
  }
}

TEST_F(AnswersCliTest, AChangedOrTouchedFileIsReadAgain) {
  ASSERT_EQ(Answered().status, 0);
  std::ofstream(csv_) << Rows(401, 3);
  CliRun changed = Answered();
  ASSERT_EQ(changed.status, 0) << changed.err;
  EXPECT_FALSE(Hit(changed));
  EXPECT_TRUE(Written(changed));
  EXPECT_EQ(changed.out, Uncached().out);
  EXPECT_EQ(Entries(".ocfanswers").size(), 1u);  // replaced, not added
  EXPECT_TRUE(Hit(Answered()));
  struct timespec times[2] = {{0, UTIME_OMIT}, {1'500'000'000, 0}};
  ASSERT_EQ(::utimensat(AT_FDCWD, csv_.c_str(), times, 0), 0);
  CliRun touched = Answered();
  EXPECT_FALSE(Hit(touched));
  EXPECT_EQ(touched.out, changed.out);
}

TEST_F(AnswersCliTest, AChangedContractIsRunAgain) {
  std::string first = Answered().out;
  std::string text = kContract;
  // Not the data block: only what a measure counts.
  text.replace(text.find("age >= 65"), 9, "age >= 70");
  std::ofstream(contract_) << text;
  CliRun run = Answered();
  ASSERT_EQ(run.status, 0) << run.err;
  EXPECT_FALSE(Hit(run));
  EXPECT_NE(run.out, first);
  EXPECT_EQ(run.out, Uncached().out);
}

TEST_F(AnswersCliTest, OtherSettingsAreRunAgain) {
  std::string text = kContract;
  text.replace(text.find("age >= 65"), 9, "age >= older_than");
  text += "\ninput older_than : int \"Age counted as older\"\n";
  std::ofstream(contract_) << text;
  CliRun at65 = Answered({"--set", "older_than=65"});
  ASSERT_EQ(at65.status, 0) << at65.err;
  EXPECT_TRUE(Hit(Answered({"--set", "older_than=65"})));
  CliRun at70 = Answered({"--set", "older_than=70"});
  ASSERT_EQ(at70.status, 0) << at70.err;
  EXPECT_FALSE(Hit(at70));
  EXPECT_NE(at70.out, at65.out);
  EXPECT_EQ(at70.out, Run({"--no-cache", "--set", "older_than=70"}).out);
}

TEST_F(AnswersCliTest, CorruptOrTruncatedAnswersAreRunAgain) {
  std::string first = Answered().out;
  ASSERT_EQ(Entries(".ocfanswers").size(), 1u);
  std::string entry = Entries(".ocfanswers")[0].string();
  // A flipped byte in the key, then in the answers.
  for (double where : {0.01, 0.9}) {
    ASSERT_TRUE(FlipByte(entry, static_cast<uintmax_t>(static_cast<double>(fs::file_size(entry)) * where)));
    CliRun run = Answered();
    EXPECT_FALSE(Hit(run)) << where;
    EXPECT_TRUE(Written(run)) << where;
    EXPECT_EQ(run.out, first) << where;
    EXPECT_TRUE(Hit(Answered())) << where;  // rewritten
  }
  ASSERT_EQ(::truncate(entry.c_str(), static_cast<off_t>(fs::file_size(entry) - 100)), 0);
  CliRun run = Answered();
  EXPECT_THAT(run.err, HasSubstr("a miss, the answers written: the entry is corrupt or truncated"));
  EXPECT_EQ(run.out, first);
}

TEST_F(AnswersCliTest, EveryCutOfAnEntryIsAMiss) {
  std::string first = Answered().out;
  std::string entry = Entries(".ocfanswers").at(0).string();
  std::string whole;
  {
    std::ifstream in(entry, std::ios::binary);
    whole.assign(std::istreambuf_iterator<char>(in), {});
  }
  size_t key = whole.find("OCFANS1");
  ASSERT_NE(key, std::string::npos);
  for (size_t cut : {size_t{0}, size_t{1}, key - 1, key, key + 8, key + 20, whole.size() / 2,
                     whole.size() - 9, whole.size() - 1}) {
    std::ofstream(entry, std::ios::binary | std::ios::trunc) << whole.substr(0, cut);
    CliRun run = Answered();
    EXPECT_EQ(run.status, 0) << cut << run.err;
    EXPECT_FALSE(Hit(run)) << cut;
    EXPECT_EQ(run.out, first) << cut;
  }
}

TEST_F(AnswersCliTest, ProblemsAndErrorsAreNotKept) {
  std::ofstream(csv_) << Rows(10) << "P99,old,true,2019-01-01,1.00,R1\n";
  CliRun bad = Answered();
  EXPECT_EQ(bad.status, 1);
  EXPECT_TRUE(Entries(".ocfanswers").empty());
  EXPECT_THAT(Answered().err, HasSubstr("is not a whole number"));  // not answered from anywhere
}

TEST_F(AnswersCliTest, AMissingFileIsStillAnError) {
  ASSERT_EQ(Answered().status, 0);
  fs::remove(csv_);
  CliRun run = Answered();
  EXPECT_NE(run.status, 0);
  EXPECT_FALSE(Hit(run));
  EXPECT_THAT(run.err, HasSubstr("episodes.csv"));
}

}  // namespace
}  // namespace ocf
