// `ocf check CONTRACT --data ...` as a provider meets it: the contract and
// submissions in tests/data/, run in-process from the source root, and the
// whole output (standard error and standard output in one stream, as a
// terminal shows them, then `[exit N]`) compared with
// tests/data/expected/CASE.expected.
//
// OCF_UPDATE_GOLDEN=1 rewrites the expected files instead of comparing
// (review the diff line by line before committing it), as for the golden
// tests (tests/README.md).
//
// Note: the contract's `check` rules are not evaluated yet (the expression
// evaluator does not exist), so bad/referrals.csv line 12, which breaks
// `first_seen_on >= referred_on`, is not reported; bad.expected will gain
// that line when they are.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/driver/cli.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;
using test_support::ReadAll;
using ::testing::HasSubstr;

const fs::path kSourceDir = OCF_SOURCE_DIR;

struct CliRun {
  int status;
  std::string output;  // standard error and standard output, interleaved as printed, then `[exit N]`
};

CliRun RunOcf(std::vector<std::string> args) {
  args.insert(args.begin(), "ocf");
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::ostringstream output;
  int status = RunCli(static_cast<int>(args.size()), argv.data(), output, output);
  return {status, output.str() + "[exit " + std::to_string(status) + "]\n"};
}

struct DataCase {
  std::string name;  // tests/data/expected/NAME.expected
  std::vector<std::string> args;
};

void PrintTo(const DataCase& c, std::ostream* os) { *os << c.name; }

const std::string kContract = "tests/data/contract.ocf";

std::vector<DataCase> Cases() {
  return {
      // Excel-style files (BOM, CRLF, quoted commas and line breaks, extra columns): clean.
      {"good", {"check", kContract, "--data", "tests/data/good"}},
      // One of each kind of bad value, a repeated key, short and long rows, a Latin-1 byte.
      {"bad", {"check", kContract, "--data", "tests/data/bad/"}},
      {"bad_json", {"check", kContract, "--format", "json", "--data", "tests/data/bad"}},
      {"good_json", {"check", kContract, "--data", "tests/data/good", "--format", "json"}},
      // A column absent (and one differing in case), a file absent.
      {"missing_column_and_file", {"check", kContract, "--data", "tests/data/missing_column"}},
      // 25 bad rows: 20 listed, then how many more.
      {"many_bad", {"check", kContract, "--data", "tests/data/many_bad"}},
      {"unterminated_quote", {"check", kContract, "--data", "tests/data/unterminated"}},
      // NAME=PATH names one file, over the folder's.
      {"named_file",
       {"check", kContract, "--data", "tests/data/good", "--data", "finance=tests/data/bad/finance.csv"}},
      // Only NAME=PATH: the other dataset is not checked.
      {"named_file_only", {"check", kContract, "--data", "referrals=tests/data/good/referrals.csv"}},
      {"named_file_missing", {"check", kContract, "--data", "finance=tests/data/good/nope.csv"}},
      // Bad usage: no such dataset, two folders.
      {"unknown_dataset", {"check", kContract, "--data", "refferals=tests/data/good/referrals.csv"}},
      {"two_folders", {"check", kContract, "--data", "tests/data/good", "--data", "tests/data/bad"}},
      // A contract with errors: the data is not read.
      {"contract_errors", {"check", "tests/data/broken_contract.ocf", "--data", "tests/data/good"}},
  };
}

class DataCli : public test_support::SourceTreeTestWithParam<DataCase> {};

TEST_P(DataCli, OutputMatchesExpected) {
  const DataCase& c = GetParam();
  CliRun r = RunOcf(c.args);
  fs::path expected = fs::path("tests/data/expected") / (c.name + ".expected");
  if (const char* update = std::getenv("OCF_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    fs::create_directories(expected.parent_path());
    std::ofstream(expected, std::ios::binary) << r.output;
    return;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected
                                    << " does not exist; create it with OCF_UPDATE_GOLDEN=1 and review "
                                    << "it.\nocf printed:\n"
                                    << r.output;
  EXPECT_EQ(ReadAll(expected), r.output) << "for " << c.name;
}

INSTANTIATE_TEST_SUITE_P(Cases, DataCli, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<DataCase>& param) { return param.param.name; });

// Every case has an expected file, and every expected file a case.
TEST(DataCliFiles, NoStrayExpectedFiles) {
  std::vector<std::string> names;
  for (const fs::directory_entry& e : fs::directory_iterator(kSourceDir / "tests/data/expected"))
    names.push_back(e.path().stem().string());
  for (const std::string& name : names) {
    bool found = false;
    for (const DataCase& c : Cases()) found |= c.name == name;
    EXPECT_TRUE(found) << "tests/data/expected/" << name << ".expected has no case";
  }
}

// Hostile data: a megabyte of random bytes where a CSV file should be is a
// problem to report, never a crash, and does not flood the output.
TEST(DataCliHostile, RandomBytesAsACsvFile) {
  fs::path dir = fs::temp_directory_path() / ("ocf_data_cli_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::mt19937 rng(20190331);
  std::string junk(1 << 20, '\0');
  for (char& c : junk) c = static_cast<char>(rng() & 0xFF);
  std::ofstream(dir / "referrals.csv", std::ios::binary) << junk;
  // The same bytes with every NUL and high byte made a comma or quote, so the
  // reader gets past the header and into rows.
  std::string texty = "referral_id,age,referred_on,first_seen_on,pathway,urgent\n" + junk;
  for (char& c : texty) {
    if (c == 0 || static_cast<unsigned char>(c) >= 0x80) c = (c & 1) ? ',' : '"';
  }
  std::ofstream(dir / "finance.csv", std::ios::binary) << texty;

  CliRun r = RunOcf({"check", (kSourceDir / kContract).string(), "--data", dir.string()});
  EXPECT_EQ(r.status, 1);
  EXPECT_THAT(r.output, HasSubstr("referrals: 0 rows, 1 problem"));
  EXPECT_LT(r.output.size(), 64u * 1024) << r.output.substr(0, 4000);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ocf
