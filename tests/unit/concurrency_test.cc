// Integrators compile contracts from several threads at once. ANTLR's
// generated parser shares its prediction cache between parser instances, so
// this checks that concurrent compilations give the same diagnostics as one
// alone (and, in the sanitizer build, touch no freed or unowned memory).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "ocf/ocf.hpp"

namespace ocf {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(Concurrency, ParallelCompilationsAgreeWithASingleOne) {
  const std::string dir = std::string(OCF_SOURCE_DIR);
  // A clean contract and one full of mistakes, so both the fast path and
  // error recovery run concurrently.
  const std::vector<std::string> paths = {dir + "/examples/msk/msk.ocf",
                                          dir + "/tests/golden/types/many_errors.ocf"};
  std::vector<std::string> texts, expected;
  for (const std::string& p : paths) {
    texts.push_back(ReadFile(p));
    ASSERT_FALSE(texts.back().empty()) << p;
    expected.push_back(CompileText(texts.back(), p).RenderText());
  }
  ASSERT_NE(expected[1], "") << "the file with mistakes should have diagnostics";

  constexpr int kThreads = 4, kRounds = 8;
  std::vector<std::string> mismatches(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r) {
        size_t which = static_cast<size_t>(t + r) % paths.size();
        std::string got = CompileText(texts[which], paths[which]).RenderText();
        if (got != expected[which]) mismatches[t] = paths[which];
      }
    });
  }
  for (std::thread& th : threads) th.join();
  for (int t = 0; t < kThreads; ++t) EXPECT_EQ(mismatches[t], "") << "thread " << t << " disagreed";
}

}  // namespace
}  // namespace ocf
