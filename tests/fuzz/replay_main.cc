// Replays a fuzz corpus without libFuzzer (which needs clang; ocf builds with
// g++): runs every file in the folders given, then a few hundred mutations of
// each made by a small deterministic mutator (byte flips, insertions of bytes
// and language tokens, deletions, truncations, splices with other corpus
// files). The seed is fixed, so a failure in CI reproduces exactly.
//
//   ocf_fuzz_replay [--mutations N] [--seed S] [--dict FILE] DIR_OR_FILE...
//
// --dict adds the words of a libFuzzer dictionary (`name="word"` lines, with
// \\, \" and \xAB escapes) to the tokens mutations insert.
//
// If an input crashes, it is written to ./ocf-fuzz-crash.ocf first (from a
// signal handler, or from the sanitizer's death callback).
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);
extern "C" void __sanitizer_set_death_callback(void (*callback)(void)) __attribute__((weak));

namespace {
namespace fs = std::filesystem;

// The input being run, kept where a crash handler can reach it.
std::string g_current;
const char* g_current_name = "";

void WriteCrashInput() {
  int fd = open("ocf-fuzz-crash.ocf", O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    const char* p = g_current.data();
    size_t left = g_current.size();
    while (left > 0) {
      ssize_t n = write(fd, p, left);
      if (n <= 0) break;
      p += n;
      left -= static_cast<size_t>(n);
    }
    close(fd);
  }
  const char msg[] = "\nocf_fuzz_replay: the failing input was written to ocf-fuzz-crash.ocf (from ";
  ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
  ignored = write(STDERR_FILENO, g_current_name, strlen(g_current_name));
  ignored = write(STDERR_FILENO, ")\n", 2);
  (void)ignored;
}

void OnSignal(int signal) {
  WriteCrashInput();
  std::signal(signal, SIG_DFL);
  std::raise(signal);
}

// xorshift64*: tiny, and the same sequence on every platform (unlike the
// standard distributions).
class Random {
 public:
  explicit Random(uint64_t seed) : state_(seed ? seed : 1) {}
  uint64_t Next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 2685821657736338717ull;
  }
  size_t Below(size_t n) { return n ? static_cast<size_t>(Next() % n) : 0; }

 private:
  uint64_t state_;
};

// Pieces of the language, so mutations reach deeper than random bytes do.
const char* const kTokens[] = {
    "contract",
    "data",
    "measure",
    "population",
    "let",
    "input",
    "function",
    "import",
    "target",
    "outcome",
    "payment",
    "test",
    "given",
    "expect",
    "where",
    "of",
    "percent",
    "count",
    "sum",
    "tiered",
    "first",
    "next",
    "rest",
    "at",
    "from",
    "to",
    "weight",
    "achievement",
    "otherwise",
    "is missing",
    "is present",
    "as percent",
    "if",
    "then",
    "else",
    "and",
    "or",
    "not",
    "in",
    "{",
    "}",
    "(",
    ")",
    "|",
    ",",
    ":",
    "=",
    "<=",
    ">=",
    "!=",
    "^",
    "-",
    "*",
    "/",
    "?",
    "%",
    "\"",
    "\\",
    "/*",
    "*/",
    "//",
    "\n",
    "£",
    "$",
    "€",
    "£26.5m",
    "95%",
    "2014-04-01",
    "2014-02-30",
    "18 weeks",
    "3 months",
    "1_000",
    "99999999999999999999999999999",
    "0.0000000000000000001",
    "date?",
    "one of (a, b)",
    "key",
    "dated by",
    "90th percentile",
    "\xff",
    "\xef\xbb\xbf",
    "((((((((((",
    "))))))))))",
    "import \"x\"",
    "import \"\"",
};

// Words from --dict, inserted like kTokens.
std::vector<std::string> g_dict;

// One dictionary line: `name="word"` or `"word"`; false when it holds none.
bool ParseDictLine(const std::string& line, std::string& word) {
  size_t open = line.find('"');
  size_t close = line.rfind('"');
  if (line.empty() || line[0] == '#' || open == std::string::npos || close <= open) return false;
  word.clear();
  for (size_t i = open + 1; i < close; ++i) {
    if (line[i] != '\\' || i + 1 >= close) {
      word += line[i];
    } else if (line[i + 1] == 'x' && i + 3 < close) {
      word += static_cast<char>(std::strtol(line.substr(i + 2, 2).c_str(), nullptr, 16));
      i += 3;
    } else {
      word += line[++i];
    }
  }
  return true;
}

std::string Mutate(const std::string& input, const std::vector<std::string>& corpus, Random& rng) {
  std::string s = input;
  int steps = 1 + static_cast<int>(rng.Below(4));
  for (int i = 0; i < steps; ++i) {
    size_t pos = rng.Below(s.size() + 1);
    switch (rng.Below(7)) {
      case 0:  // flip a bit
        if (!s.empty()) s[rng.Below(s.size())] ^= static_cast<char>(1u << rng.Below(8));
        break;
      case 1:  // insert a random byte
        s.insert(pos, 1, static_cast<char>(rng.Below(256)));
        break;
      case 2: {  // insert a token
        size_t k = rng.Below(std::size(kTokens) + g_dict.size());
        s.insert(pos, k < std::size(kTokens) ? std::string(kTokens[k]) : g_dict[k - std::size(kTokens)]);
        break;
      }
      case 3:  // delete a range
        if (!s.empty()) s.erase(rng.Below(s.size()), 1 + rng.Below(16));
        break;
      case 4:  // truncate
        s.resize(rng.Below(s.size() + 1));
        break;
      case 5: {  // splice in part of another corpus file
        const std::string& other = corpus[rng.Below(corpus.size())];
        size_t from = rng.Below(other.size() + 1);
        s.insert(pos, other.substr(from, rng.Below(200)));
        break;
      }
      case 6: {  // duplicate a chunk (deep repetition)
        size_t from = rng.Below(s.size() + 1);
        std::string chunk = s.substr(from, 1 + rng.Below(32));
        for (size_t k = rng.Below(8); k > 0; --k) s.insert(pos, chunk);
        break;
      }
    }
  }
  return s;
}

void RunOne(const std::string& input, const char* name) {
  g_current = input;
  g_current_name = name;
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(g_current.data()), g_current.size());
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

int main(int argc, char** argv) {
  int mutations = 300;
  uint64_t seed = 20140401;
  std::vector<fs::path> files;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--mutations" && i + 1 < argc) {
      mutations = std::atoi(argv[++i]);
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (arg == "--dict" && i + 1 < argc) {
      std::ifstream dict(argv[++i]);
      if (!dict) {
        std::fprintf(stderr, "ocf_fuzz_replay: cannot read the dictionary %s\n", argv[i]);
        return 2;
      }
      std::string line, word;
      while (std::getline(dict, line))
        if (ParseDictLine(line, word)) g_dict.push_back(word);
    } else if (fs::is_directory(arg)) {
      for (const fs::directory_entry& e : fs::recursive_directory_iterator(arg)) {
        if (e.is_regular_file()) files.push_back(e.path());
      }
    } else if (fs::is_regular_file(arg)) {
      files.push_back(arg);
    } else {
      std::fprintf(stderr, "ocf_fuzz_replay: no such file or folder: %s\n", arg.c_str());
      return 2;
    }
  }
  if (files.empty()) {
    std::fprintf(stderr, "usage: ocf_fuzz_replay [--mutations N] [--seed S] [--dict FILE] DIR_OR_FILE...\n");
    return 2;
  }
  std::sort(files.begin(), files.end());

  for (int s : {SIGSEGV, SIGABRT, SIGFPE, SIGBUS, SIGILL, SIGTRAP}) std::signal(s, OnSignal);
  if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(WriteCrashInput);

  auto start = std::chrono::steady_clock::now();
  std::vector<std::string> corpus;
  for (const fs::path& f : files) corpus.push_back(ReadAll(f));
  size_t runs = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    std::string name = files[i].string();
    RunOne(corpus[i], name.c_str());
    ++runs;
    Random rng(seed ^ (0x9E3779B97F4A7C15ull * (i + 1)));
    std::string mutation_name;
    for (int m = 0; m < mutations; ++m) {
      mutation_name = name + ", mutation " + std::to_string(m);
      RunOne(Mutate(corpus[i], corpus, rng), mutation_name.c_str());
      ++runs;
    }
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("ocf_fuzz_replay: %zu corpus files, %zu inputs run in %.1f s, no crash\n", files.size(), runs,
              seconds);
  return 0;
}
