// Files a contract names and the files ocf reads as contracts: a path never
// reaches the file system with a character no file name holds (E0119), an
// import reads only a regular file named `.ocf` after every link is followed
// (E0120, E0122), and a file that is not text is reported once, without its
// lines (E0121). Each test keeps a "secret" file beside the contract, holding
// a marker that must never appear in what ocf prints.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <fmt/format.h>
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/driver/driver.h"

namespace ocf::driver {
namespace {
namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kMarker = "SECRET-MARKER-7f3a";
constexpr const char* kHeader =
    "contract \"Paths\" {\n  commissioner \"NHS Test ICB\"\n  term 2024-04-01 to 2025-03-31\n}\n";

class ContractFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    old_cwd_ = fs::current_path();
    dir_ = fs::temp_directory_path() / ("ocf_contract_files_" + std::to_string(getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    fs::current_path(dir_);
    options_.stdlib_dir = (dir_ / "no_stdlib").string();
    // Lines a parser would quote back as syntax errors.
    Write("secret", std::string(kMarker) + " root:x:0:0\n" + kMarker + "\n");
  }
  void TearDown() override {
    fs::current_path(old_cwd_);
    fs::remove_all(dir_);
  }

  void Write(const std::string& path, const std::string& bytes) {
    fs::path p(path);
    if (p.has_parent_path()) fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << bytes;
  }

  // Everything ocf would print: every diagnostic, as text and as JSON.
  static std::string Rendered(const Compilation& c) {
    std::string out = c.read_error;
    for (const Diagnostic& d : c.diagnostics.diagnostics()) out += RenderText(d, c.sources);
    out += RenderJson(c.diagnostics.diagnostics(), c.sources);
    return out;
  }

  static std::vector<DiagCode> Codes(const Compilation& c) {
    std::vector<DiagCode> out;
    for (const Diagnostic& d : c.diagnostics.diagnostics()) out.push_back(d.code);
    return out;
  }

  fs::path old_cwd_, dir_;
  DriverOptions options_;
};

// Writes `text` into the named pipe `path` once a reader opens it, until
// `done`: a reader that waits for a writer is not left waiting forever.
void FeedPipe(const std::string& path, const std::string& text, const std::atomic<bool>& done) {
  while (!done) {
    int fd = open(path.c_str(), O_WRONLY | O_NONBLOCK);
    if (fd >= 0) {
      ssize_t written = write(fd, text.data(), text.size());
      (void)written;
      close(fd);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

TEST_F(ContractFilesTest, NulInAnImportPathIsRefusedBeforeTheFileSystemSeesIt) {
  // The finding: the NUL cut "secret<NUL>.ocf" short, and `secret` was read
  // and shown line by line as syntax errors.
  std::string text =
      std::string(kHeader) + "import \"" + (dir_ / "secret").string() + std::string(1, '\0') + "\"\n";
  auto c = CompileText(text, "main.ocf", options_);
  std::string out = Rendered(*c);
  EXPECT_THAT(out, Not(HasSubstr(kMarker)));
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::BadFilePath));
  EXPECT_THAT(out, HasSubstr("error[E0119]: this file path holds a NUL byte (U+0000)"));
  EXPECT_EQ(c->sources.size(), 1u);  // nothing else was read
}

TEST_F(ContractFilesTest, NulInAGivenFromPathIsRefused) {
  Write("data.csv", "d\n2024-05-01\n");
  std::string text = std::string(kHeader) +
                     "data t dated by d { d : date }\nmeasure n = count t\n"
                     "test \"x\" {\n  given t from \"data.csv" +
                     std::string(1, '\0') + "junk\"\n  expect n = 1\n}\n";
  auto c = CompileText(text, "main.ocf", options_);
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::BadFilePath));
  // At the NUL: line 8, column 25 (`  given t from "data.csv` is 24 characters).
  ASSERT_EQ(c->diagnostics.diagnostics().size(), 1u);
  EXPECT_THAT(RenderText(c->diagnostics.diagnostics()[0], c->sources),
              HasSubstr("main.ocf:8:25: error[E0119]: this file path holds a NUL byte"));
}

TEST_F(ContractFilesTest, ImportLinkedToAFileNotNamedOcfIsNotRead) {
  fs::create_symlink(dir_ / "secret", "lib.ocf");
  auto c = CompileText(std::string(kHeader) + "import \"lib\"\n", "main.ocf", options_);
  std::string out = Rendered(*c);
  EXPECT_THAT(out, Not(HasSubstr(kMarker)));
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::ImportNotOcf));
  EXPECT_EQ(c->sources.size(), 1u);
}

TEST_F(ContractFilesTest, ImportLinkedToAnOcfFileIsRead) {
  Write("shared/rules.ocf", "let uplift = 1.3%\n");
  fs::create_symlink(dir_ / "shared/rules.ocf", "rules.ocf");
  auto c = CompileText(std::string(kHeader) + "import \"rules\"\nlet x = uplift\n", "main.ocf", options_);
  EXPECT_THAT(Codes(*c), ::testing::IsEmpty());
  EXPECT_EQ(c->sources.size(), 2u);
}

TEST_F(ContractFilesTest, BinaryImportIsOneDiagnosticWithoutItsLines) {
  Write("junk.ocf", std::string("let a = 1\n") + kMarker + std::string("\0\0\x01\x02", 4) + kMarker + "\n");
  auto c = CompileText(std::string(kHeader) + "import \"junk\"\n", "main.ocf", options_);
  std::string out = Rendered(*c);
  EXPECT_THAT(out, Not(HasSubstr(kMarker)));
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::NotTextFile));
  EXPECT_THAT(out, HasSubstr("main.ocf:5:8: error[E0121]: the imported file `junk.ocf` is not a text file: "
                             "line 2, column 19 holds a NUL byte"));
}

TEST_F(ContractFilesTest, ImportThatIsNotUtf8IsOneDiagnosticWithoutItsLines) {
  Write("latin1.ocf", std::string("let caf\xe9 = 1 // ") + kMarker + "\n");
  auto c = CompileText(std::string(kHeader) + "import \"latin1\"\n", "main.ocf", options_);
  EXPECT_THAT(Rendered(*c), Not(HasSubstr(kMarker)));
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::NotTextFile));
}

TEST_F(ContractFilesTest, BinaryContractIsOneDiagnosticWithoutItsLines) {
  Write("main.ocf", std::string(kHeader) + kMarker + std::string("\0", 1) + kMarker + "\n" + kMarker + "\n");
  auto c = CompileFile("main.ocf", options_);
  std::string out = Rendered(*c);
  EXPECT_THAT(out, Not(HasSubstr(kMarker)));
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::NotTextFile));
  // The place is named (line 5, after the marker), though nothing is shown.
  EXPECT_THAT(out,
              HasSubstr("main.ocf:5:19: error[E0121]: `main.ocf` is not a text file: it holds a NUL byte"));
  EXPECT_THAT(out, HasSubstr("\"line\": 5, \"column\": 19"));
}

TEST_F(ContractFilesTest, TooLargeBinaryContractDoesNotShowItsFirstLine) {
  Write("big.ocf", std::string(kMarker) + std::string("\0", 1) + std::string(2000, 'x') + "\n");
  options_.max_file_bytes = 1000;
  auto c = CompileFile("big.ocf", options_);
  EXPECT_THAT(Rendered(*c), Not(HasSubstr(kMarker)));
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::FileTooLarge));
}

TEST_F(ContractFilesTest, DeviceAsContractIsRefusedAtOnce) {
  // It used to read 16 MB of zeros before giving up; /dev/urandom the same.
  for (const char* device : {"/dev/zero", "/dev/urandom", "/dev/null"}) {
    if (!fs::exists(device)) continue;
    auto start = std::chrono::steady_clock::now();
    auto c = CompileFile(device, options_);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(c->read_error, fmt::format("cannot read `{}`: it is a device, not a regular file", device));
    EXPECT_LT(seconds, 0.05) << device;
  }
}

TEST_F(ContractFilesTest, LinkToADeviceAsContractIsRefused) {
  fs::create_symlink("/dev/zero", "zero.ocf");
  auto c = CompileFile("zero.ocf", options_);
  EXPECT_EQ(c->read_error, "cannot read `zero.ocf`: it is a device, not a regular file");
}

TEST_F(ContractFilesTest, NamedPipeAsContractIsRefusedWithoutWaitingForAWriter) {
  ASSERT_EQ(mkfifo("pipe.ocf", 0600), 0);
  std::atomic<bool> done{false};
  // Before the fix, opening the pipe waited for this writer, then read it.
  std::thread writer(FeedPipe, "pipe.ocf", std::string(kHeader), std::cref(done));
  auto c = CompileFile("pipe.ocf", options_);
  done = true;
  writer.join();
  EXPECT_EQ(c->read_error, "cannot read `pipe.ocf`: it is a named pipe, not a regular file");
}

TEST_F(ContractFilesTest, NamedPipeAsImportIsRefused) {
  ASSERT_EQ(mkfifo("pipe.ocf", 0600), 0);
  std::atomic<bool> done{false};
  std::thread writer(FeedPipe, "pipe.ocf", std::string("let a = 1\n"), std::cref(done));
  auto c = CompileText(std::string(kHeader) + "import \"pipe\"\n", "main.ocf", options_);
  done = true;
  writer.join();
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::NotRegularFile));
  EXPECT_THAT(Rendered(*c), HasSubstr("cannot read the imported file `pipe.ocf`: it is a named pipe"));
}

TEST_F(ContractFilesTest, FolderAsImportIsRefused) {
  fs::create_directories("lib.ocf");
  auto c = CompileText(std::string(kHeader) + "import \"lib\"\n", "main.ocf", options_);
  EXPECT_THAT(Codes(*c), ::testing::ElementsAre(DiagCode::NotRegularFile));
}

TEST_F(ContractFilesTest, ReadContractFileRefusesANulInItsName) {
  ReadResult read = ReadContractFile(std::string("secret") + std::string(1, '\0') + ".ocf");
  EXPECT_EQ(read.status, ReadStatus::Failed);
  EXPECT_EQ(read.error, "its name holds a NUL byte");
  EXPECT_THAT(read.bytes, Not(HasSubstr(kMarker)));
}

TEST_F(ContractFilesTest, ReadContractFileCanRefuseALinkAsTheLastPart) {
  Write("real.ocf", "let a = 1\n");
  fs::create_symlink("real.ocf", "link.ocf");
  EXPECT_EQ(ReadContractFile("link.ocf").status, ReadStatus::Ok);
  ReadResult read = ReadContractFile("link.ocf", kMaxFileBytes, /*follow_last_link=*/false);
  EXPECT_EQ(read.status, ReadStatus::NotRegular);
  EXPECT_EQ(read.error, "it is a symbolic link");
}

}  // namespace
}  // namespace ocf::driver
