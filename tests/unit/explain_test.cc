// `ocf explain` (compiler/driver/explain.h): how a figure was worked out.
//
// - Golden files: tests/explain/explain.ocf over tests/explain/data, one case
//   per thing a derivation can go through (lets and a function, `if`,
//   `match`, `tiered`, `paid ... so far`, the achievement's outcomes and
//   targets, a measure of the period before, a `by` measure and a `payment
//   ... by` line, an input set with --set, --all-lines), as text and as JSON,
//   compared with tests/explain/expected/NAME.expected. Each case runs on
//   both engines, which must print the same. OCF_UPDATE_GOLDEN=1 rewrites
//   them; review the diff.
// - Bad usage, each with exit status 2 and its message (a did-you-mean
//   where a name is misspelt); data with problems, refused (exit 1).
// (tests/explain/multiply_out.py checks the figures of every example's
// explanations; tests/schema/validate.js checks the JSON against its schema.)
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;
using test_support::CliRun;
using test_support::ReadAll;
using test_support::RunOcf;
using ::testing::HasSubstr;

const fs::path kSourceDir = OCF_SOURCE_DIR;
const std::string kContract = "tests/explain/explain.ocf";
const std::string kData = "tests/explain/data";

class ExplainInSourceDir : public test_support::SourceTreeTest {};

// ---------------------------------------------------------------- golden files

struct ExplainCase {
  std::string name;
  std::vector<std::string> args;  // after `ocf explain tests/explain/explain.ocf --data tests/explain/data`
};

std::vector<ExplainCase> Cases() {
  return {
      // `if` on the achievement, a payment let calling a function on a top-level let.
      {"line_if", {"--line", "Bonus", "--period", "2020/21 Q1"}},
      {"line_if_json", {"--line", "Bonus", "--period", "2020/21 Q1", "--format", "json"}},
      // The condition false: the `else` branch.
      {"line_if_else", {"--line", "Bonus", "--period", "2020/21 Q2"}},
      // `tiered` over a sum of money, records skipped because the cost is missing.
      {"line_tiered", {"--line", "Spend reconciliation", "--period", "2020/21 Q1"}},
      // `paid ... so far`: the earlier payments of a line.
      {"line_paid_so_far", {"--line", "Top-up to the budget", "--period", "2020/21 Q3"}},
      {"line_paid_so_far_json",
       {"--line", "Top-up to the budget", "--period", "2020/21 Q3", "--format", "json"}},
      // A `payment ... by` line: `match` on the group, the group's measure.
      {"line_group", {"--line", "Team share", "--period", "2020/21 Q1", "--group", "north"}},
      {"line_group_json",
       {"--line", "Team share", "--period", "2020/21 Q1", "--group", "south", "--format", "json"}},
      // An input given with --set in place of a let.
      {"line_set", {"--line", "Bonus", "--period", "2020/21 Q4", "--set", "bonus_share=20%"}},
      // Measures: the period before, a group's, the baseline.
      {"measure_previous_period", {"--measure", "growth", "--period", "2020/21 Q2"}},
      // The first quarter has no quarter before it: the value is missing.
      {"measure_no_previous_period", {"--measure", "growth", "--period", "2020/21 Q1"}},
      {"measure_group", {"--measure", "seen_in_2_weeks", "--period", "2020/21 Q1", "--group", "south"}},
      {"measure_baseline", {"--measure", "spend", "--period", "baseline"}},
      // The achievement, an outcome, targets of both kinds.
      {"target_range", {"--target", "seen_in_2_weeks", "--period", "2020/21 Q2"}},
      {"target_at_least", {"--target", "referrals_in", "--period", "2020/21"}},
      {"outcome", {"--outcome", "timely", "--period", "2020/21"}},
      {"achievement", {"--achievement", "--period", "2020/21 Q4"}},
      {"achievement_json", {"--achievement", "--period", "2020/21 Q4", "--format", "json"}},
      {"achievement_group", {"--achievement", "--period", "2020/21 Q1", "--group", "north"}},
      // Every line of a period, each group's too.
      {"all_lines", {"--all-lines", "--period", "2020/21 Q2"}},
      {"all_lines_json", {"--all-lines", "--period", "2020/21 Q2", "--format", "json"}},
  };
}

class ExplainGolden : public test_support::SourceTreeTestWithParam<ExplainCase> {};

TEST_P(ExplainGolden, OutputMatchesExpectedOnBothEngines) {
  const ExplainCase& c = GetParam();
  std::string shown[2];
  const char* engines[2] = {"interp", "jit"};
  for (int e = 0; e < 2; ++e) {
    std::vector<std::string> args = {"explain", kContract, "--data", kData, "--engine", engines[e]};
    args.insert(args.end(), c.args.begin(), c.args.end());
    CliRun r = RunOcf(args);
    EXPECT_EQ(r.status, 0) << engines[e] << ": " << r.err;
    shown[e] = r.out + "--- standard error\n" + r.err + "[exit " + std::to_string(r.status) + "]\n";
  }
  // The derivation is the engines' shared definition of each figure: both
  // must explain it alike, to the last digit.
  EXPECT_EQ(shown[0], shown[1]) << "the interpreter and the JIT explain " << c.name << " differently";
  fs::path expected = fs::path("tests/explain/expected") / (c.name + ".expected");
  if (const char* update = std::getenv("OCF_UPDATE_GOLDEN"); update && std::string(update) == "1") {
    std::ofstream(expected, std::ios::binary) << shown[0];
    return;
  }
  ASSERT_TRUE(fs::exists(expected)) << expected << " does not exist; create it with OCF_UPDATE_GOLDEN=1 and "
                                    << "review it.\nocf printed:\n"
                                    << shown[0];
  EXPECT_EQ(ReadAll(expected), shown[0]) << "for " << c.name;
}

INSTANTIATE_TEST_SUITE_P(Cases, ExplainGolden, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<ExplainCase>& param) { return param.param.name; });

TEST(ExplainGoldenFiles, NoStrayExpectedFiles) {
  for (const fs::directory_entry& e : fs::directory_iterator(kSourceDir / "tests/explain/expected")) {
    bool found = false;
    for (const ExplainCase& c : Cases()) found |= c.name == e.path().stem().string();
    EXPECT_TRUE(found) << e.path() << " has no case";
  }
}

// ---------------------------------------------------------------- --help

// The words of a shell command line: double quotes group, `\"` is a quote.
std::vector<std::string> ShellWords(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  bool quoted = false, any = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (c == '\\' && i + 1 < line.size()) {
      word += line[++i];
      any = true;
    } else if (c == '"') {
      quoted = !quoted;
      any = true;
    } else if (c == ' ' && !quoted) {
      if (any) words.push_back(word);
      word.clear();
      any = false;
    } else {
      word += c;
      any = true;
    }
  }
  if (any) words.push_back(word);
  return words;
}

// Every example `ocf explain --help` gives runs, on the examples' sample data.
TEST_F(ExplainInSourceDir, ExplainHelpExamplesRun) {
  CliRun help = RunOcf({"explain", "--help"});
  ASSERT_EQ(help.status, 0) << help.err;
  std::istringstream in(help.out);
  std::vector<std::string> commands;
  bool examples = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("Examples:", 0) == 0) examples = true;
    if (!examples) continue;
    size_t at = line.find("ocf explain ");
    if (at != std::string::npos)
      commands.push_back(line.substr(at));
    else if (!commands.empty() && !commands.back().empty() && commands.back().back() == '\\')
      commands.back() = commands.back().substr(0, commands.back().size() - 1) + line;
  }
  ASSERT_GE(commands.size(), 3u) << help.out;
  for (const std::string& command : commands) {
    std::vector<std::string> words = ShellWords(command);
    ASSERT_GE(words.size(), 2u);
    words.erase(words.begin());  // `ocf`
    CliRun run = RunOcf(words);
    EXPECT_EQ(run.status, 0) << command << "\n" << run.err;
    EXPECT_THAT(run.out, HasSubstr(" in ")) << command;
  }
}

// ---------------------------------------------------------------- bad usage

struct Refusal {
  std::vector<std::string> args;
  std::string says;
};

TEST_F(ExplainInSourceDir, ExplainRefusesBadUsageWithAHint) {
  const std::vector<std::string> base = {"explain", kContract, "--data", kData};
  const std::string one_of =
      "say what to explain, one of --line NAME, --measure NAME, --target MEASURE, --outcome NAME, "
      "--achievement or --all-lines";
  std::vector<Refusal> refusals = {
      {{"--period", "2020/21 Q1"}, one_of},
      {{"--line", "Base", "--measure", "spend", "--period", "2020/21 Q1"}, one_of},
      {{"--achievement", "--all-lines"}, one_of},
      {{"--line", "Base"}, "give --period LABEL"},
      {{"--line", "Bonuss", "--period", "2020/21 Q1"}, "did you mean `Bonus`?"},
      {{"--measure", "spendd", "--period", "2020/21 Q1"}, "did you mean `spend`?"},
      {{"--target", "referals_in", "--period", "2020/21 Q1"}, "did you mean `referrals_in`?"},
      {{"--outcome", "timley", "--period", "2020/21 Q1"}, "did you mean `timely`?"},
      {{"--line", "Base", "--period", "2020/21 Q5"}, "did you mean `2020/21 Q1`?"},
      // A quarterly line is not paid for the year.
      {{"--line", "Base", "--period", "2020/21"}, "`2020/21` is not a period"},
      {{"--line", "Team share", "--period", "2020/21 Q1"}, "--group"},
      {{"--line", "Base", "--period", "2020/21 Q1", "--group", "north"}, "--group"},
      {{"--line", "Team share", "--period", "2020/21 Q1", "--group", "nort"}, "did you mean `north`?"},
      {{"--measure", "spend", "--period", "2020/21 Q1", "--group", "north"}, "has no `by` column"},
      {{"--target", "referrals_in", "--period", "baseline"}, "no `baseline` value"},
      {{"--all-lines", "--group", "north"}, "--all-lines explains every group's lines: leave out --group"},
      {{"--line", "Base", "--period", "2020/21 Q1", "--format", "xml"},
       "--format is `text` or `json`, not `xml`"},
      {{"--line", "Base", "--period", "2020/21 Q1", "--engine", "fast"}, "fast"},
  };
  for (const Refusal& r : refusals) {
    std::vector<std::string> args = base;
    args.insert(args.end(), r.args.begin(), r.args.end());
    CliRun run = RunOcf(args);
    std::string shown;
    for (const std::string& a : r.args) shown += a + " ";
    EXPECT_EQ(run.status, 2) << shown << run.err;
    EXPECT_THAT(run.err, HasSubstr(r.says)) << shown;
    EXPECT_EQ(run.out, "") << shown;
  }
  // Without --data.
  CliRun no_data = RunOcf({"explain", kContract, "--line", "Base", "--period", "2020/21 Q1"});
  EXPECT_EQ(no_data.status, 2);
  EXPECT_THAT(no_data.err, HasSubstr("give the provider's data with --data DIR"));
}

// A contract without outcomes has no achievement to explain.
TEST_F(ExplainInSourceDir, ExplainAchievementNeedsOutcomes) {
  CliRun run = RunOcf({"explain", "tests/rows/rows.ocf", "--data", "tests/rows/data", "--achievement",
                       "--period", "2020/21 Q1"});
  EXPECT_EQ(run.status, 2) << run.err;
  EXPECT_THAT(run.err, HasSubstr("the contract has no outcomes, so no achievement"));
  CliRun outcome = RunOcf({"explain", "tests/rows/rows.ocf", "--data", "tests/rows/data", "--outcome",
                           "timely", "--period", "2020/21 Q1"});
  EXPECT_EQ(outcome.status, 2) << outcome.err;
  EXPECT_THAT(outcome.err, HasSubstr("the contract has no outcomes"));
}

// With --format json, bad usage prints the diagnostics object on standard output too.
TEST_F(ExplainInSourceDir, ExplainUsageErrorAsJson) {
  CliRun run = RunOcf({"explain", kContract, "--data", kData, "--line", "Bonuss", "--period", "2020/21 Q1",
                       "--format", "json"});
  EXPECT_EQ(run.status, 2);
  EXPECT_THAT(run.out, HasSubstr("\"schema\": \"ocf.diagnostics/1\""));
  EXPECT_THAT(run.out, HasSubstr("did you mean `Bonus`?"));
}

// Data that breaks its data block is refused, as `ocf run` refuses it.
TEST_F(ExplainInSourceDir, ExplainRefusesDataWithProblems) {
  fs::path dir = fs::temp_directory_path() /
                 ("ocf_explain_bad_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  fs::create_directories(dir);
  std::ofstream(dir / "referrals.csv") << "referral_id,team,referred_on,seen_on,cost\n"
                                          "R1,east,2020-05-01,,\n";
  CliRun run =
      RunOcf({"explain", kContract, "--data", dir.string(), "--line", "Base", "--period", "2020/21 Q1"});
  EXPECT_EQ(run.status, 1);
  EXPECT_THAT(run.err, HasSubstr("`east` is not one of"));
  EXPECT_THAT(run.err, HasSubstr("the data has problems"));
  EXPECT_EQ(run.out, "");
  fs::remove_all(dir);
}

}  // namespace
}  // namespace ocf
