// Data files as `ocf check --data`, `ocf run` (both engines) and `ocf test`
// meet them: money in another currency is a bad cell at its line, and a path
// that is not a regular file (a device, a named pipe, a folder, a data-folder
// link to one) is refused at once, saying what it is, never read forever.
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
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

#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;
using test_support::CliRun;
using ::testing::HasSubstr;
using ::testing::Not;

// `ocf ARGS...` on a thread of its own, waited for at most 30 seconds:
// nullopt when it has not returned (it is left behind, owning its inputs).
std::optional<CliRun> RunWithin(std::vector<std::string> args) {
  auto done = std::make_shared<std::promise<CliRun>>();
  std::future<CliRun> result = done->get_future();
  std::thread([done, args] { done->set_value(test_support::RunOcf(args)); }).detach();
  if (result.wait_for(std::chrono::seconds(30)) != std::future_status::ready) return std::nullopt;
  return result.get();
}

// A folder with a contract in `currency` over one dataset of fees, removed
// after the test.
class Workspace {
 public:
  explicit Workspace(const std::string& currency = "GBP") {
    static int counter = 0;
    dir_ = fs::temp_directory_path() /
           ("ocf_data_files_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
    fs::create_directories(dir_ / "data");
    contract_ = Write("c.ocf", R"(contract "Fees" {
  commissioner "NHS Test ICB"
  provider     "Test provider"
  term         2014-04-01 to 2015-03-31
  periods      quarterly
  currency     )" + currency + R"(
}
data fees dated by paid_on {
  paid_on : date
  fee     : money
}
measure total = sum fee of fees
)");
  }
  ~Workspace() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return (dir_ / name).string();
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  const std::string& contract() const { return contract_; }

 private:
  fs::path dir_;
  std::string contract_;
};

const char* const kEngines[] = {"jit", "interp"};

// `$100.00` and `€50.00` in a pound contract were read as £150, and `check
// --data` said the file was ok.
TEST(DataFilesCli, MoneyInAnotherCurrencyIsRefusedAtItsLine) {
  Workspace w("GBP");
  std::string csv = w.Write("data/fees.csv", "paid_on,fee\n2014-05-01,$100.00\n2014-05-02,€50.00\n");
  std::optional<CliRun> check = RunWithin({"check", w.contract(), "--data", w.Path("data")});
  ASSERT_TRUE(check);
  EXPECT_EQ(check->status, 1);
  EXPECT_THAT(check->err,
              HasSubstr(csv + ":2: fee: `$100.00` is in dollars (USD), but this contract is in pounds "
                              "(GBP): write amounts in pounds, with `£` or no symbol"));
  EXPECT_THAT(check->err, HasSubstr(csv + ":3: fee: `€50.00` is in euros (EUR)"));
  EXPECT_THAT(check->out, HasSubstr("fees: 2 rows, 2 problems"));
  for (const char* engine : kEngines) {
    SCOPED_TRACE(engine);
    std::optional<CliRun> run =
        RunWithin({"run", w.contract(), "--data", w.Path("data"), "--engine", engine});
    ASSERT_TRUE(run);
    EXPECT_EQ(run->status, 1);
    EXPECT_THAT(run->err, HasSubstr(csv + ":2: fee: `$100.00` is in dollars (USD)"));
    EXPECT_THAT(run->out, Not(HasSubstr("150")));
  }

  // A pound amount in a dollar contract likewise; the dollar ones read.
  Workspace usd("USD");
  std::string dollars = usd.Write("data/fees.csv", "paid_on,fee\n2014-05-01,$100.00\n2014-05-02,£50.00\n");
  std::optional<CliRun> usd_check = RunWithin({"check", usd.contract(), "--data", usd.Path("data")});
  ASSERT_TRUE(usd_check);
  EXPECT_EQ(usd_check->status, 1);
  EXPECT_THAT(usd_check->err,
              HasSubstr(dollars + ":3: fee: `£50.00` is in pounds (GBP), but this contract is in "
                                  "dollars (USD)"));
  EXPECT_THAT(usd_check->err, Not(HasSubstr(":2:")));
}

// A test's `given ... from` file is read by the same rules: its foreign
// amounts fail the test instead of adding up to the expected total.
TEST(DataFilesCli, MoneyInAnotherCurrencyInATestsFile) {
  Workspace w("GBP");
  w.Write("fees_q1.csv", "paid_on,fee\n2014-05-01,$100.00\n2014-05-02,€50.00\n");
  std::ofstream(w.contract(), std::ios::app) << R"(
test "the first quarter" {
  given fees from "fees_q1.csv"
  expect total = £150.00 in "2014/15 Q1"
}
)";
  for (const char* engine : kEngines) {
    SCOPED_TRACE(engine);
    std::optional<CliRun> r = RunWithin({"test", "--engine", engine, w.contract()});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 1) << r->out << r->err;
    EXPECT_THAT(r->out, HasSubstr("test \"the first quarter\" ... FAILED"));
    EXPECT_THAT(r->out, HasSubstr("the data file \"fees_q1.csv\" given for `fees` has 2 problems"));
  }
}

// `--set` reads a value as a cell: a money input in another currency is refused.
TEST(DataFilesCli, AMoneyInputInAnotherCurrency) {
  Workspace w("GBP");
  std::ofstream(w.contract(), std::ios::app)
      << "input uplift : money\nmeasure with_uplift = total + uplift\n";
  w.Write("data/fees.csv", "paid_on,fee\n2014-05-01,£100.00\n");
  for (const char* engine : kEngines) {
    SCOPED_TRACE(engine);
    std::optional<CliRun> r =
        RunWithin({"run", w.contract(), "--data", w.Path("data"), "--engine", engine, "--set", "uplift=$5"});
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 1) << r->out << r->err;
    EXPECT_THAT(r->err,
                HasSubstr("`--set uplift=$5`: `$5` is in dollars (USD), but this contract is in pounds"));
  }
}

// `ocf check|run C --data fees=/dev/zero` (or /dev/urandom, a named pipe, a
// data-folder link to one) never returned. Each is now one problem naming
// the path and what it is.
TEST(DataFilesCli, PathsThatAreNotRegularFilesAreRefused) {
  Workspace w;
  std::string fifo = w.Path("pipe.csv");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  struct Case {
    std::vector<std::string> data;  // the --data arguments
    std::string problem;
  };
  std::vector<Case> cases = {
      {{"fees=/dev/zero"}, "/dev/zero: is a character device, not a regular file (named by --data fees=...)"},
      {{"fees=/dev/urandom"}, "/dev/urandom: is a character device, not a regular file"},
      {{"fees=" + fifo}, fifo + ": is a named pipe (FIFO), not a regular file"},
      {{"fees=" + w.Path("data")}, w.Path("data") + ": is a folder, not a regular file"},
  };
  // A data folder whose fees.csv is a link to /dev/zero, and one whose
  // fees.csv is a link to the named pipe.
  for (auto [folder, target] :
       {std::pair{"zero_link", std::string("/dev/zero")}, std::pair{"pipe_link", fifo}}) {
    fs::create_directories(w.Path(folder));
    fs::create_symlink(target, w.Path(folder) + "/fees.csv");
    cases.push_back({{w.Path(folder)}, w.Path(folder) + "/fees.csv: is a symbolic link to `"});
  }
  for (const Case& c : cases) {
    for (const char* command : {"check", "run"}) {
      SCOPED_TRACE(std::string(command) + " --data " + c.data[0]);
      std::vector<std::string> args = {command, w.contract(), "--data", c.data[0]};
      std::optional<CliRun> r = RunWithin(args);
      ASSERT_TRUE(r) << "did not return";
      EXPECT_EQ(r->status, 1) << r->out << r->err;
      std::string all = r->err + r->out;
      EXPECT_THAT(all, HasSubstr(c.problem));
      EXPECT_THAT(all, HasSubstr("fees: not read, 1 problem"));
    }
  }
  // The run refuses on both engines.
  std::optional<CliRun> interp =
      RunWithin({"run", w.contract(), "--data", "fees=/dev/zero", "--engine", "interp"});
  ASSERT_TRUE(interp);
  EXPECT_EQ(interp->status, 1);
  EXPECT_THAT(interp->err, HasSubstr("nothing was computed"));
}

// A test's `given ... from` path is checked before anything is read.
TEST(DataFilesCli, ATestsFileThatIsNotARegularFile) {
  Workspace w;
  ASSERT_EQ(::mkfifo(w.Path("pipe.csv").c_str(), 0600), 0);
  fs::create_symlink("/dev/zero", w.Path("zero.csv"));
  std::ofstream(w.contract(), std::ios::app) << R"(
test "from a pipe" {
  given fees from "pipe.csv"
  expect total = £0
}
test "from a link" {
  given fees from "zero.csv"
  expect total = £0
}
)";
  std::optional<CliRun> r = RunWithin({"test", w.contract()});
  ASSERT_TRUE(r) << "did not return";
  EXPECT_EQ(r->status, 1);
  EXPECT_THAT(r->err, HasSubstr("error[E0803]: \"pipe.csv\" is a named pipe (FIFO), not a regular file"));
  EXPECT_THAT(r->err, HasSubstr("error[E0803]: \"zero.csv\" is a symbolic link to `/dev/zero`, a character "
                                "device, not a regular file"));
}

}  // namespace
}  // namespace ocf
