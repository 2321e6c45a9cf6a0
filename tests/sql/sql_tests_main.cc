// The warehouse tests' main: GoogleTest, plus `--pg DIR`, the folder where
// the ctest fixture's server (pg_server.sh) wrote its connection string.
// When the fixture could not start a server for want of PostgreSQL it wrote
// why to DIR/skip: the run then says SKIPPED and why and exits 77, which
// ctest shows as skipped -- never as a pass.
#include <gtest/gtest.h>

#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "tests/sql/sql_tests.h"

namespace ocf::sqltest {
namespace {
std::string server_uri;
}
const std::string& ServerUri() { return server_uri; }
}  // namespace ocf::sqltest

int main(int argc, char** argv) {
  std::string pg_dir;
  int kept = 1;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--pg") == 0 && i + 1 < argc)
      pg_dir = argv[++i];
    else
      argv[kept++] = argv[i];
  }
  argc = kept;
  if (!pg_dir.empty()) {
    auto read = [](const std::string& path) {
      std::ifstream in(path);
      std::stringstream s;
      s << in.rdbuf();
      std::string text = s.str();
      while (!text.empty() && text.back() == '\n') text.pop_back();
      return in ? text : std::string();
    };
    if (std::string skip = read(pg_dir + "/skip"); !skip.empty()) {
      std::cout << "SKIPPED: no PostgreSQL server for these tests: " << skip << "\n";
      return 77;
    }
    ocf::sqltest::server_uri = read(pg_dir + "/uri");
    if (ocf::sqltest::server_uri.empty()) {
      std::cerr << "no connection string in " << pg_dir
                << "/uri: did the fixture's server start? (ctest runs sql_postgres_start first)\n";
      return 1;
    }
  }
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
