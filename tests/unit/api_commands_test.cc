// The public API's commands (ocf_check/ocf_run/ocf_test, ocf::Check/Run/Test)
// against the command line run in-process: the same status and the same
// bytes, format by format; and the statement as objects against its JSON.
#include <unistd.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "ocf/ocf.h"
#include "ocf/ocf.hpp"
#include "tests/unit/run_ocf.h"

namespace {

using ocf::test_support::CliRun;
using ocf::test_support::RunOcf;
using ::testing::HasSubstr;

const std::string kSource = OCF_SOURCE_DIR;
const std::string kMsk = kSource + "/examples/msk/msk.ocf";
const std::string kMskData = kSource + "/examples/msk/data";
const std::string kOlder = kSource + "/examples/older_people/older_people.ocf";
const std::string kOlderData = kSource + "/examples/older_people/data";

// A C result, freed at the end of the scope.
struct Result {
  ocf_result* r;
  ~Result() { ocf_result_free(r); }
  std::string output(const char* format) const {
    const char* s = ocf_result_output(r, format);
    return s ? s : "<null>";
  }
};

struct Options {
  ocf_options* o = ocf_options_new();
  ~Options() { ocf_options_free(o); }
};

TEST(ApiCommands, CRunGivesTheCommandLinesBytesInEveryFormat) {
  Options o;
  ASSERT_EQ(ocf_options_add_data(o.o, kMskData.c_str()), 1);
  Result r{ocf_run(kMsk.c_str(), o.o)};
  ASSERT_NE(r.r, nullptr);
  ASSERT_EQ(ocf_result_status(r.r), 0) << ocf_result_messages(r.r);
  EXPECT_EQ(ocf_result_ok(r.r), 1);
  for (const char* format : {"json", "table", "csv"}) {
    CliRun cli = RunOcf({"run", kMsk, "--data", kMskData, "--format", format});
    ASSERT_EQ(cli.status, 0) << cli.err;
    EXPECT_EQ(r.output(format), cli.out) << format;
  }
  EXPECT_EQ(std::string(ocf_result_json(r.r)), r.output("json"));
  EXPECT_THAT(ocf_result_json(r.r), HasSubstr("\"contract\": \"Bedfordshire MSK prime contract\""));
  // Not a format of `ocf run`.
  EXPECT_EQ(ocf_result_output(r.r, "junit"), nullptr);
  EXPECT_EQ(ocf_result_output(r.r, nullptr), nullptr);
}

TEST(ApiCommands, CRunWithInputsPeriodAndEngine) {
  for (const char* engine : {"interp", "jit"}) {
    Options o;
    ASSERT_EQ(ocf_options_add_data(o.o, kOlderData.c_str()), 1);
    ASSERT_EQ(ocf_options_add_set(o.o, "registered_65_plus", "3000"), 1);
    ASSERT_EQ(ocf_options_set_period(o.o, "2016/17"), 1);
    ASSERT_EQ(ocf_options_set_engine(o.o, engine), 1);
    ASSERT_EQ(ocf_options_set_threads(o.o, 2), 1);
    Result r{ocf_run(kOlder.c_str(), o.o)};
    ASSERT_EQ(ocf_result_status(r.r), 0) << ocf_result_messages(r.r);
    CliRun cli = RunOcf({"run", kOlder, "--data", kOlderData, "--set", "registered_65_plus=3000", "--period",
                         "2016/17", "--format", "json", "--engine", engine});
    ASSERT_EQ(cli.status, 0) << cli.err;
    EXPECT_EQ(std::string(ocf_result_json(r.r)), cli.out) << engine;
  }
}

TEST(ApiCommands, CBadUsageIsStatusTwoWithJsonThatSaysWhy) {
  Options o;
  EXPECT_EQ(ocf_options_set_engine(o.o, "fast"), 0);  // refused, options unchanged
  EXPECT_EQ(ocf_options_add_data(o.o, ""), 0);
  EXPECT_EQ(ocf_options_add_set(o.o, nullptr, "1"), 0);
  EXPECT_EQ(ocf_options_set_stdlib(nullptr, "x"), 0);
  ASSERT_EQ(ocf_options_add_data(o.o, kMskData.c_str()), 1);
  ASSERT_EQ(ocf_options_set_period(o.o, "1999/00"), 1);
  Result r{ocf_run(kMsk.c_str(), o.o)};
  EXPECT_EQ(ocf_result_status(r.r), 2);
  CliRun cli = RunOcf({"run", kMsk, "--data", kMskData, "--period", "1999/00", "--format", "json"});
  EXPECT_EQ(cli.status, 2);
  EXPECT_EQ(std::string(ocf_result_json(r.r)), cli.out);
  EXPECT_THAT(cli.out, HasSubstr("\"usage\": true"));
  EXPECT_THAT(ocf_result_messages(r.r), HasSubstr("`1999/00` is not a period of this contract"));
  EXPECT_EQ(ocf_result_output(r.r, "table"), nullptr);  // no statement, so no table

  Result missing{ocf_run("/nonexistent/c.ocf", nullptr)};
  EXPECT_EQ(ocf_result_status(missing.r), 2);
  EXPECT_THAT(ocf_result_json(missing.r), HasSubstr("cannot read `/nonexistent/c.ocf`"));
}

TEST(ApiCommands, CRunOnBadDataIsStatusOneWithTheProblems) {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("ocf_api_bad_data_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::copy(kMskData, dir);
  {
    std::ofstream f(dir / "finance.csv", std::ios::app);
    f << "not-a-month,lots\n";
  }
  Options o;
  ASSERT_EQ(ocf_options_add_data(o.o, dir.c_str()), 1);
  Result r{ocf_run(kMsk.c_str(), o.o)};
  EXPECT_EQ(ocf_result_status(r.r), 1);
  CliRun cli = RunOcf({"run", kMsk, "--data", dir.string(), "--format", "json"});
  EXPECT_EQ(cli.status, 1);
  EXPECT_EQ(std::string(ocf_result_json(r.r)), cli.out);
  EXPECT_THAT(cli.out, HasSubstr("\"run_errors\": [\"the data has problems"));
  EXPECT_THAT(cli.out, HasSubstr("\"data\": {"));
  EXPECT_EQ(std::string(ocf_result_messages(r.r)), cli.err);
  fs::remove_all(dir);
}

TEST(ApiCommands, CCheckWithDataMatchesTheCommandLine) {
  Options o;
  ASSERT_EQ(ocf_options_add_data(o.o, kMskData.c_str()), 1);
  Result r{ocf_check(kMsk.c_str(), o.o)};
  ASSERT_EQ(ocf_result_status(r.r), 0) << ocf_result_messages(r.r);
  CliRun json = RunOcf({"check", kMsk, "--data", kMskData, "--format", "json"});
  EXPECT_EQ(std::string(ocf_result_json(r.r)), json.out);
  EXPECT_THAT(json.out, HasSubstr("\"data\": {"));
  CliRun text = RunOcf({"check", kMsk, "--data", kMskData});
  EXPECT_EQ(r.output("text"), text.out);
  EXPECT_EQ(std::string(ocf_result_messages(r.r)), text.err);
  // Without data: the contract alone, as ocf_compile_file checks it.
  Result plain{ocf_check(kMsk.c_str(), nullptr)};
  Result compiled{ocf_compile_file(kMsk.c_str(), nullptr)};
  EXPECT_EQ(std::string(ocf_result_json(plain.r)), std::string(ocf_result_diagnostics_json(compiled.r)));
}

TEST(ApiCommands, CCheckOfAContractWithErrors) {
  const std::string path =
      kSource + "/CMakePresets.json";  // certainly not a contract (short: every error reported)
  Result r{ocf_check(path.c_str(), nullptr)};
  EXPECT_EQ(ocf_result_status(r.r), 1);
  EXPECT_EQ(ocf_result_ok(r.r), 0);
  EXPECT_GE(ocf_result_error_count(r.r), 1u);
  CliRun cli = RunOcf({"check", path, "--format", "json"});
  EXPECT_EQ(std::string(ocf_result_json(r.r)), cli.out);
  EXPECT_THAT(ocf_result_messages(r.r), HasSubstr(path + ":1:1: error["));
}

TEST(ApiCommands, CTestMatchesTheCommandLine) {
  Result r{ocf_test(kMsk.c_str(), nullptr)};
  CliRun cli = RunOcf({"test", kMsk});
  EXPECT_EQ(ocf_result_status(r.r), cli.status);
  EXPECT_EQ(cli.status, 0) << cli.out << cli.err;
  EXPECT_EQ(r.output("text"), cli.out);
  EXPECT_THAT(cli.out, HasSubstr(" passed, 0 failed"));
}

TEST(ApiCommands, CppStatementObjectsHoldTheJsonsFigures) {
  ocf::Options options;
  options.data = {kMskData};
  ocf::CommandResult r = ocf::Run(kMsk, options);
  ASSERT_EQ(r.status(), 0) << r.messages();
  const ocf::PaymentStatement* s = r.statement();
  ASSERT_NE(s, nullptr);
  const std::string& json = r.json();
  EXPECT_EQ(json, RunOcf({"run", kMsk, "--data", kMskData, "--format", "json"}).out);
  EXPECT_EQ(s->contract, "Bedfordshire MSK prime contract");
  EXPECT_EQ(s->currency, "GBP");
  ASSERT_FALSE(s->periods.empty());
  EXPECT_EQ(s->periods.back().label, "term");
  for (const ocf::PaymentStatement::Period& p : s->periods)
    EXPECT_THAT(json, HasSubstr("{\"label\": \"" + p.label + "\", \"start\": \"" + p.start +
                                "\", \"end\": \"" + p.end + "\"}"));
  ASSERT_FALSE(s->payments.empty());
  for (const ocf::PaymentStatement::Payment& p : s->payments) {
    EXPECT_THAT(json, HasSubstr("\"total\": \"" + p.total + "\""));
    for (const ocf::PaymentStatement::Line& l : p.lines) EXPECT_THAT(json, HasSubstr("\"" + l.amount + "\""));
  }
  ASSERT_FALSE(s->measures.empty());
  for (const ocf::PaymentStatement::Measure& m : s->measures) {
    EXPECT_THAT(json, HasSubstr("\"" + m.name + "\": {\"type\": \"" + m.type + "\""));
    for (const auto& [label, v] : m.values) {
      if (!v.value) continue;
      std::string expected = "\"" + label + "\": {\"value\": \"" + *v.value + "\"";
      EXPECT_THAT(json, HasSubstr(expected)) << m.name;
    }
  }
  ASSERT_FALSE(s->targets.empty());
  for (const ocf::PaymentStatement::Target& t : s->targets)
    for (const auto& [label, p] : t.periods)
      EXPECT_THAT(json, HasSubstr("\"" + label + "\": {\"achievement\": \"" + p.achievement +
                                  "\", \"status\": \"" + p.status + "\""))
          << t.measure;
  ASSERT_TRUE(s->achievement.has_value());
  EXPECT_EQ(s->data.size(), 3u);
  EXPECT_EQ(s->data[0].name, "referrals");
  EXPECT_GT(s->data[0].rows, 0);
  // The other formats, and none that `ocf run` does not have.
  EXPECT_EQ(r.Output("table"), RunOcf({"run", kMsk, "--data", kMskData}).out);
  EXPECT_EQ(r.Output("html"), RunOcf({"run", kMsk, "--data", kMskData, "--format", "html"}).out);
  EXPECT_FALSE(r.Output("xml").has_value());
  EXPECT_TRUE(r.tests().empty());
}

TEST(ApiCommands, CppTestCasesAndCheck) {
  ocf::CommandResult t = ocf::Test(kMsk);
  ASSERT_EQ(t.status(), 0) << t.messages();
  ASSERT_FALSE(t.tests().empty());
  for (const ocf::TestCase& c : t.tests()) {
    EXPECT_TRUE(c.passed) << c.name;
    EXPECT_EQ(c.location.file, kMsk);
    EXPECT_GT(c.location.line, 0);
    EXPECT_FALSE(c.expectations.empty()) << c.name;
    for (const ocf::TestExpectation& e : c.expectations) EXPECT_EQ(e.expected, e.actual) << e.what;
  }
  ocf::CommandResult c = ocf::Check(kMsk);
  EXPECT_EQ(c.status(), 0);
  EXPECT_TRUE(c.compilation().ok());
  EXPECT_EQ(c.statement(), nullptr);
  EXPECT_EQ(c.compilation().summary().measures, ocf::CompileFile(kMsk).summary().measures);
  // Refused before a contract is read: an empty compilation, status 2.
  ocf::Options bad;
  bad.sets = {{"x", "1"}};
  ocf::CommandResult refused = ocf::Check(kMsk, bad);
  EXPECT_EQ(refused.status(), 2);
  EXPECT_THAT(refused.messages(), HasSubstr("--strict and --set are about the gates"));
  EXPECT_TRUE(refused.compilation().diagnostics().empty());
}

}  // namespace
