// The example contracts' sample data, examples/*/data/*.csv, are exactly what
// ocf_generate_examples (examples/generate/) writes (so nobody edits them by
// hand, and the generator stays deterministic); each file's header is the columns of its
// contract's data block, in order; and every cell reads as its column's type.
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/driver.h"
#include "compiler/sema/schema.h"
#include "runtime/csv_reader.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;

const char* const kExamples[] = {"msk", "older_people", "alliance", "mental_health"};

fs::path ExamplesDir() { return fs::path(OCF_SOURCE_DIR) / "examples"; }

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The names of the .csv files in `dir`, sorted.
std::vector<std::string> CsvFiles(const fs::path& dir) {
  std::vector<std::string> names;
  if (!fs::is_directory(dir)) return names;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (e.path().extension() == ".csv") names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Where two texts first differ, as "line N: `a` vs `b`"; empty when equal.
std::string FirstDifference(const std::string& a, const std::string& b) {
  if (a == b) return "";
  std::istringstream sa(a), sb(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    const bool more_a = static_cast<bool>(std::getline(sa, la));
    const bool more_b = static_cast<bool>(std::getline(sb, lb));
    if (!more_a && !more_b) return "the files differ only in their line ends";
    if (!more_a || !more_b || la != lb) {
      return "line " + std::to_string(line) + ": committed `" + (more_a ? la : "<end>") + "`, generated `" +
             (more_b ? lb : "<end>") + "`";
    }
  }
}

class SampleData : public ::testing::Test {
 protected:
  // The generator runs once, into a fresh temporary folder.
  static void SetUpTestSuite() {
    out_ = fs::path(::testing::TempDir()) / ("ocf_sample_data_" + std::to_string(getpid()));
    fs::remove_all(out_);
    fs::create_directories(out_);
    const std::string command = "'" + std::string(OCF_GENERATE_EXAMPLES) + "' '" + out_.string() + "' > '" +
                                (out_ / "log").string() + "' 2>&1";
    status_ = std::system(command.c_str());
  }
  static void TearDownTestSuite() { fs::remove_all(out_); }

  static fs::path out_;
  static int status_;
};
fs::path SampleData::out_;
int SampleData::status_ = -1;

TEST_F(SampleData, GeneratorWritesTheCommittedFilesByteForByte) {
  ASSERT_EQ(status_, 0) << ReadFile(out_ / "log");
  for (const char* example : kExamples) {
    SCOPED_TRACE(example);
    const fs::path committed = ExamplesDir() / example / "data";
    const fs::path generated = out_ / example / "data";
    const std::vector<std::string> files = CsvFiles(committed);
    EXPECT_FALSE(files.empty()) << committed;
    EXPECT_EQ(files, CsvFiles(generated));
    for (const std::string& file : files) {
      EXPECT_EQ(FirstDifference(ReadFile(committed / file), ReadFile(generated / file)), "")
          << "examples/" << example << "/data/" << file
          << " is not what the generator writes: regenerate it (examples/" << example
          << "/README.md says how)";
    }
  }
}

TEST_F(SampleData, EveryDataBlockHasAFileWhoseHeaderIsItsColumns) {
  for (const char* example : kExamples) {
    SCOPED_TRACE(example);
    const fs::path dir = ExamplesDir() / example;
    auto compilation = driver::CompileFile((dir / (std::string(example) + ".ocf")).string());
    ASSERT_TRUE(compilation->ok());
    std::vector<std::string> expected_files;
    for (const ast::DataDecl* data : compilation->program->datasets) {
      const std::string file = data->name.text + ".csv";
      expected_files.push_back(file);
      std::string columns;
      for (const ast::ColumnDecl& column : data->columns)
        columns += (columns.empty() ? "" : ",") + column.name.text;
      std::ifstream in(dir / "data" / file, std::ios::binary);
      std::string header;
      ASSERT_TRUE(std::getline(in, header)) << file;
      EXPECT_EQ(header, columns) << file;
    }
    std::sort(expected_files.begin(), expected_files.end());
    EXPECT_EQ(CsvFiles(dir / "data"), expected_files) << "one file for each data block, and no others";
  }
}

// Types, required cells and keys, as `ocf run` reads them (`check` rules are
// the generator's to keep: its comments say how each one holds).
TEST_F(SampleData, EveryFileReadsWithoutAProblem) {
  for (const char* example : kExamples) {
    SCOPED_TRACE(example);
    const fs::path dir = ExamplesDir() / example;
    auto compilation = driver::CompileFile((dir / (std::string(example) + ".ocf")).string());
    ASSERT_TRUE(compilation->ok());
    for (const ast::DataDecl* data : compilation->program->datasets) {
      const CsvResult result = ReadCsvFile((dir / "data" / (data->name.text + ".csv")).string(),
                                           SchemaOf(*data, compilation->program->contract.currency));
      std::string problems;
      for (const DataProblem& p : result.report.Sorted()) {
        problems += std::to_string(p.line) + ": " + p.column + ": " + p.message + "\n";
      }
      EXPECT_TRUE(result.report.ok()) << data->name.text << ".csv:\n" << problems;
      EXPECT_GT(result.report.rows, 50u) << data->name.text;
      EXPECT_EQ(result.table.row_count(), result.report.rows) << data->name.text;
    }
  }
}

}  // namespace
}  // namespace ocf
