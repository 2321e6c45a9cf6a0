// `ocf run` scans each block of a file while the rest is still being read
// (exec::ScanWhileReading). These files are large enough for many blocks
// and both reading threads, and arrive before the JIT is ready, so blocks
// wait and are scanned later; the statement must be the interpreter's, byte
// for byte, and every way out of the overlapped scan must fall back cleanly.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {

namespace fs = std::filesystem;

using test_support::CliRun;
using test_support::RunOcf;

constexpr const char* kContract = R"(contract "Scan while reading" {
  commissioner "C"
  term 2019-01-01 to 2021-12-31
  periods quarterly
  currency GBP
}

data episodes dated by admitted {
  patient    : id
  age        : int
  admitted   : date
  stay       : int
  emergency  : bool
  cost       : money
  provider   : id
  setting    : one of (acute, community)
  check stay >= 0 "a stay cannot be negative"
}

measure older_emergencies : int by provider = count episodes where emergency and age >= 65
measure readmitted : percent by provider = percent of episodes where stay > 7
measure median_stay by provider = median stay of episodes
measure emergency_cost : money by setting = sum cost of episodes where emergency
measure patients : int = count distinct patient of episodes where setting = community
)";

// About 60,000 rows (4 MB): some outside the term, every provider in most quarters.
std::string Episodes(uint64_t seed, int64_t bad_row = -1) {
  std::mt19937_64 rng(seed);
  std::string csv = "patient,age,admitted,stay,emergency,cost,provider,setting\n";
  for (int64_t i = 0; i < 60000; ++i) {
    int year = 2018 + static_cast<int>(rng() % 5);
    int stay = i == bad_row ? -1 : static_cast<int>(rng() % 40);
    csv += fmt::format("P{:06},{},{}-{:02}-{:02},{},{},{}.{:02},RX{:03},{}\n", rng() % 20000, rng() % 100,
                       year, 1 + rng() % 12, 1 + rng() % 28, stay, rng() % 2 ? "true" : "false", rng() % 5000,
                       rng() % 100, 1 + rng() % 40, rng() % 3 ? "acute" : "community");
  }
  return csv;
}

fs::path Write(const std::string& name, const std::string& contract, const std::string& csv) {
  fs::path dir = fs::path(::testing::TempDir()) / "ocf_scan_while_reading" / name;
  fs::remove_all(dir);
  fs::create_directories(dir / "data");
  std::ofstream(dir / "contract.ocf") << contract;
  std::ofstream(dir / "data" / "episodes.csv") << csv;
  return dir;
}

// The JIT (reading and scanning on `threads` threads) against the interpreter.
void ExpectSameAsInterpreter(const fs::path& dir, const std::string& threads) {
  std::string file = (dir / "contract.ocf").string(), data = (dir / "data").string();
  CliRun interp = RunOcf({"run", file, "--data", data, "--format", "json", "--engine", "interp"});
  CliRun jit =
      RunOcf({"run", file, "--data", data, "--format", "json", "--engine", "jit", "--threads", threads});
  EXPECT_EQ(jit.status, interp.status) << jit.err;
  EXPECT_EQ(jit.out, interp.out);
  EXPECT_EQ(jit.err, interp.err);
}

TEST(ScanWhileReading, ManyBlocksOnEveryThreadCountGiveTheInterpretersStatement) {
  fs::path dir = Write("blocks", kContract, Episodes(1));
  CliRun check =
      RunOcf({"run", (dir / "contract.ocf").string(), "--data", (dir / "data").string(), "--format", "json"});
  ASSERT_EQ(check.status, 0) << check.err;
  EXPECT_NE(check.out.find("\"RX040\""), std::string::npos);  // the groups are there
  for (const char* threads : {"1", "2", "3"}) ExpectSameAsInterpreter(dir, threads);
}

// A text literal compared with an id column needs a dictionary lookup while
// other threads add to it: the overlapped scan steps aside and the finished
// table is scanned instead.
TEST(ScanWhileReading, TextLiteralsFallBackToScanningTheFinishedTable) {
  std::string contract =
      std::string(kContract) + "measure one_provider : int = count episodes where provider = \"RX007\"\n";
  fs::path dir = Write("literal", contract, Episodes(2));
  ExpectSameAsInterpreter(dir, "2");
}

// A broken check rule late in the file: the compiled scan stops, and the
// reference check pass reports the row exactly as the interpreter's run does.
TEST(ScanWhileReading, ABrokenCheckRuleIsReportedAsTheInterpreterReportsIt) {
  fs::path dir = Write("broken_check", kContract, Episodes(3, 55555));
  CliRun jit =
      RunOcf({"run", (dir / "contract.ocf").string(), "--data", (dir / "data").string(), "--threads", "2"});
  EXPECT_EQ(jit.status, 1);
  EXPECT_NE(jit.err.find(":55557: breaks the check \"a stay cannot be negative\""), std::string::npos)
      << jit.err;
  ExpectSameAsInterpreter(dir, "2");
}

}  // namespace
}  // namespace ocf
