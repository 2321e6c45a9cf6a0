// `by` groups at scale (issue 8, finding 6): a group's states are kept per
// finest period it has rows in (GroupCells), not per group x period x slot,
// and a table whose groups are too many for the compiled scans' dense states
// runs on the interpreter with the same statement.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "runtime/exec/aggregate.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {

namespace fs = std::filesystem;
using exec::AggState;
using exec::ArrangeCells;
using test_support::RunOcf;

TEST(GroupCells, CellsAreOrderedByNameThenPeriodAndOnlyWhereThereAreRows) {
  // Codes 0..3 named d, b, a, c; 4 finest periods. Cells given in scan order.
  std::vector<std::string_view> names = {"d", "b", "a", "c"};
  std::vector<uint64_t> keys = {0 * 4 + 3, 2 * 4 + 1, 0 * 4 + 0, 2 * 4 + 0, 1 * 4 + 2};
  std::vector<int64_t> rows = {10, 20, 30, 40, 50};
  exec::GroupCells g = ArrangeCells(exec::SortCodes(names), keys, 4, {}, rows);
  // c (code 3) has no cell, so it is not a group.
  ASSERT_EQ(g.layout->names, (std::vector<std::string_view>{"a", "b", "d"}));
  ASSERT_EQ(g.layout->begin, (std::vector<uint32_t>{0, 2, 3, 5}));
  EXPECT_EQ(g.layout->finest, (std::vector<uint32_t>{0, 1, 2, 0, 3}));
  EXPECT_EQ(g.rows, (std::vector<int64_t>{40, 20, 50, 30, 10}));
}

TEST(GroupCells, StatesMoveWithTheirCells) {
  std::vector<std::string_view> names = {"y", "x"};
  std::vector<AggState> states(2);
  states[0].rows = 7;  // y, period 1
  states[1].rows = 9;  // x, period 0
  exec::CodeOrder codes = exec::SortCodes(names);
  exec::GroupCells g = ArrangeCells(codes, {0 * 2 + 1, 1 * 2 + 0}, 2, std::move(states), {});
  ASSERT_EQ(g.layout->names, (std::vector<std::string_view>{"x", "y"}));
  EXPECT_EQ(g.states[0].rows, 9);
  EXPECT_EQ(g.states[1].rows, 7);
  EXPECT_EQ(g.layout->finest, (std::vector<uint32_t>{0, 1}));
}

// 30,000 providers over 20 quarters with a median each: 600,000 dense
// slots of several hundred bytes, past the compiled scans' budget, so the
// JIT gives way to the interpreter; each provider's one row is one cell.
TEST(ManyGroups, TheJitGivesWayToTheInterpreterAndTheStatementIsTheSame) {
  fs::path dir = fs::temp_directory_path() / ("ocf_groups_" + std::to_string(::getpid()));
  fs::create_directories(dir / "data");
  {
    std::ofstream c(dir / "groups.ocf");
    c << R"(contract "Groups" {
  commissioner "NHS Test ICB"
  term 2014-04-01 to 2019-03-31
  periods quarterly
}
data t dated by d {
  d : date
  g : id
  v : int
}
measure n by g = count t
measure s by g = sum v of t
measure md by g = median v of t
)";
    std::ofstream t(dir / "data" / "t.csv");
    t << "d,g,v\n";
    for (int i = 0; i < 30000; ++i)
      t << 2014 + i % 5 << "-0" << 4 + i % 6 << "-1" << i % 9 << ",p" << i << "," << (i * 37) % 1000 << "\n";
  }
  auto jit = RunOcf({"run", (dir / "groups.ocf").string(), "--data", (dir / "data").string(), "--format",
                     "json", "--engine", "jit"});
  auto interp = RunOcf({"run", (dir / "groups.ocf").string(), "--data", (dir / "data").string(), "--format",
                        "json", "--engine", "interp"});
  fs::remove_all(dir);
  ASSERT_EQ(jit.status, 0) << jit.err;
  ASSERT_EQ(interp.status, 0) << interp.err;
  EXPECT_NE(jit.err.find("too many `by` groups"), std::string::npos) << jit.err;
  EXPECT_EQ(jit.out, interp.out);
  // p12345: dated 2014-07-16 (2014/15 Q2), v = 12345 * 37 % 1000 = 765; a
  // group in each of the three measures.
  size_t groups = 0;
  for (size_t at = interp.out.find(R"("p12345": {)"); at != std::string::npos;
       at = interp.out.find(R"("p12345": {)", at + 1))
    ++groups;
  EXPECT_EQ(groups, 3u);
  EXPECT_NE(interp.out.find(R"("2014/15 Q2": {"value": "765"})"), std::string::npos);
}

}  // namespace
}  // namespace ocf
