// The parallel reader's fast paths (runtime/csv_fast_cells.h) against
// plain loops. A line-end count that came out low would make the reader
// give files up to the reference reader (slow, not wrong), so no test of
// results would see it: this one does.
#include "runtime/csv_fast_cells.h"

#include <random>
#include <string>

#include <gtest/gtest.h>

namespace ocf {
namespace {

uint64_t NaiveLineEnds(const std::string& s, size_t n) {
  uint64_t count = 0;
  for (size_t i = 0; i < n; ++i) count += s[i] == '\n' || (s[i] == '\r' && s[i + 1] != '\n');
  return count;
}

TEST(CsvFastCells, CountLineEndsAsAPlainLoop) {
  std::mt19937_64 rng(15);
  const char alphabet[] = {'\n', '\r', 'a', ',', '"', '1'};
  // Lengths around the 16-byte steps and the 255-step flush of the counters.
  for (size_t n :
       {0, 1, 15, 16, 17, 31, 33, 255 * 16 - 1, 255 * 16, 255 * 16 + 17, 3 * 255 * 16 + 5, 100000}) {
    for (int trial = 0; trial < 8; ++trial) {
      std::string s(n + 1, 'x');  // p[n] is read: the byte after
      for (char& c : s) c = alphabet[rng() % (trial < 4 ? 2 : 6)];
      EXPECT_EQ(csv_fast::CountLineEnds(s.data(), n), NaiveLineEnds(s, n)) << "n " << n << " trial " << trial;
    }
  }
  // A CR at the end is a line end unless the byte after it is an LF.
  EXPECT_EQ(csv_fast::CountLineEnds("ab\r\n", 3), 0u);
  EXPECT_EQ(csv_fast::CountLineEnds("ab\rx", 3), 1u);
  EXPECT_EQ(csv_fast::CountLineEnds("\r\n\r\n\n\r\r", 7), 5u);
}

}  // namespace
}  // namespace ocf
