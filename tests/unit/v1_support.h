// Helpers for the tests of LANGUAGE.md version 1: a scratch folder, and
// `ocf run` on both engines, which must agree, with the CSV statement's rows.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "tests/unit/run_ocf.h"

namespace ocf::test_support {

namespace fs = std::filesystem;

class Scratch {
 public:
  Scratch() : dir_(fs::temp_directory_path() / ("ocf_v1_" + std::to_string(::getpid()) + "_" + Next())) {
    fs::create_directories(dir_);
  }
  ~Scratch() { fs::remove_all(dir_); }
  std::string Write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return (dir_ / name).string();
  }

 private:
  static std::string Next() {
    static int n = 0;
    return std::to_string(n++);
  }
  fs::path dir_;
};

// The CSV statement's rows as "section,name,group,period,value,numerator,denominator".
inline std::set<std::string> Rows(const std::string& csv) {
  std::set<std::string> rows;
  std::istringstream in(csv);
  for (std::string line; std::getline(in, line);) rows.insert(line);
  return rows;
}

inline const char* kEngines[] = {"jit", "interp"};

// `ocf run ARGS... --format csv` on each engine: the engines must agree; the
// statement (its text and its rows) is returned.
struct CsvRun {
  std::string out;
  std::set<std::string> rows;
};
inline CsvRun RunOnBothEngines(const std::vector<std::string>& args) {
  CsvRun result;
  for (const char* engine : kEngines) {
    std::vector<std::string> all = args;
    all.insert(all.end(), {"--format", "csv", "--engine", engine});
    CliRun run = RunOcf(all);
    EXPECT_EQ(run.status, 0) << engine << ": " << run.err;
    if (result.out.empty())
      result = {run.out, Rows(run.out)};
    else
      EXPECT_EQ(run.out, result.out) << "the engines disagree (" << engine << " second)";
  }
  return result;
}

// Each of `rows` is a row of the statement.
inline void ExpectRows(const CsvRun& run, std::initializer_list<const char*> rows) {
  for (const char* row : rows) EXPECT_TRUE(run.rows.count(row)) << row << "\n" << run.out;
}

}  // namespace ocf::test_support
