// The warehouses' differential test: what does not depend on the warehouse
// (sql_harness.h).
#include "sql_harness.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <fmt/format.h>
#include <glob.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace ocf::difftest {

Proc Spawn(const std::vector<std::string>& args, const fs::path& dir, const std::string& tag) {
  const fs::path out = dir / (tag + ".stdout"), err = dir / (tag + ".stderr");
  posix_spawn_file_actions_t files;
  posix_spawn_file_actions_init(&files);
  posix_spawn_file_actions_addopen(&files, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&files, 1, out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_addopen(&files, 2, err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  int started = posix_spawnp(&pid, argv[0], &files, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&files);
  Proc p;
  if (started != 0) {
    p.err = fmt::format("cannot start {}: {}\n", args[0], std::strerror(started));
    return p;
  }
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  p.out = ReadAll(out);
  p.err = ReadAll(err);
  if (WIFEXITED(wstatus))
    p.status = WEXITSTATUS(wstatus);
  else if (WIFSIGNALED(wstatus))
    p.err += fmt::format("{} was killed by signal {} ({})\n", args[0], WTERMSIG(wstatus),
                         strsignal(WTERMSIG(wstatus)));
  return p;
}

std::string Shell(const std::vector<std::string>& args) {
  std::string s;
  for (const std::string& a : args) {
    bool plain = !a.empty() && a.find_first_not_of(
                                   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                   "0123456789-_./=:,@%+") == std::string::npos;
    std::string quoted = "'";
    for (char c : a) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    s += (s.empty() ? "" : " ") + (plain ? a : quoted + "'");
  }
  return s;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

int64_t EnvInt(const char* name, int64_t fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  return std::stoll(v);
}

std::string FirstDifference(const std::string& a, const std::string& b, const char* a_name,
                            const char* b_name) {
  std::istringstream ia(a), ib(b);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool ha = static_cast<bool>(std::getline(ia, la)), hb = static_cast<bool>(std::getline(ib, lb));
    if (!ha && !hb) return "they differ only in their line endings";
    if (!ha) la = "(end of output)";
    if (!hb) lb = "(end of output)";
    if (!ha || !hb || la != lb)
      return fmt::format("line {}:\n  {:<9} {}\n  {:<9} {}", line, std::string(a_name) + ":", la,
                         std::string(b_name) + ":", lb);
  }
}

std::string Tail(const std::string& s, size_t n) {
  return s.size() <= n ? s : "[...]" + s.substr(s.size() - n);
}

std::string Errors(const std::string& err) {
  std::istringstream in(err);
  std::string line, out;
  int n = 0;
  while (std::getline(in, line))
    if (line.find("warning[") == std::string::npos && line.find("error") != std::string::npos && n++ < 12)
      out += line + "\n";
  return out.empty() ? Tail(err) : out;
}

std::string FindProgram(const std::string& name, const std::vector<std::string>& folders) {
  std::vector<std::string> candidates;
  if (const char* path = std::getenv("PATH")) {
    std::istringstream in(path);
    std::string dir;
    while (std::getline(in, dir, ':'))
      if (!dir.empty()) candidates.push_back(dir + "/" + name);
  }
  for (const std::string& pattern : folders) {
    glob_t found{};
    if (glob((pattern + "/" + name).c_str(), 0, nullptr, &found) == 0)
      for (size_t i = 0; i < found.gl_pathc; ++i) candidates.push_back(found.gl_pathv[i]);
    globfree(&found);
  }
  for (const std::string& c : candidates)
    if (access(c.c_str(), X_OK) == 0) return c;
  return "";
}

std::vector<std::string> Ocf(std::vector<std::string> args) {
  args.insert(args.begin(), OCF_BINARY);
  return args;
}

void Prepare(int64_t seed, const GenOptions& options, const fs::path& root, Seed& s) {
  s.seed = seed;
  s.c = Generate(static_cast<uint64_t>(seed), options);
  s.dir = root / fmt::format("seed_{}", seed);
  fs::remove_all(s.dir);
  fs::create_directories(s.dir / "data");
  s.contract = (s.dir / "contract.ocf").string();
  s.data = (s.dir / "data").string();
  std::ofstream(s.contract, std::ios::binary) << s.c.contract;
  s.tables.clear();
  for (const auto& [name, text] : s.c.files) {
    std::ofstream(s.dir / "data" / name, std::ios::binary) << text;
    s.tables.push_back(name.substr(0, name.size() - 4));  // without ".csv"
  }
  s.sets.clear();
  for (const std::string& set : s.c.sets) {
    s.sets.push_back("--set");
    s.sets.push_back(set);
  }
}

std::string CheckProblem(const Seed& s) {
  Proc check = Spawn(Ocf({"check", s.contract}), s.dir, "check");
  if (check.status == 0) return "";
  return "the generator made a contract that does not check:\n" + Tail(check.err);
}

void RunReference(Seed& s) {
  s.reference_args = Ocf({"run", s.contract, "--data", s.data, "--format", "json", "--engine", "jit"});
  s.reference_args.insert(s.reference_args.end(), s.sets.begin(), s.sets.end());
  s.reference = Spawn(s.reference_args, s.dir, "jit");
}

std::string ExportDataBinary() {
  const char* path = std::getenv("OCF_EXPORT_DATA");
  return path && *path ? path : OCF_EXPORT_DATA;
}

std::string Export(const Seed& s) {
  std::vector<std::string> args = {ExportDataBinary(),         s.contract, "--data", s.data, "--out",
                                   (s.dir / "export").string()};
  Proc p = Spawn(args, s.dir, "export");
  if (p.status != 0) return fmt::format("{}\nended with status {}:\n{}", Shell(args), p.status, Tail(p.err));
  for (const std::string& t : s.tables)
    if (!fs::exists(s.dir / "export" / (t + ".csv")))
      return fmt::format("{}\ndid not write {}", Shell(args), (s.dir / "export" / (t + ".csv")).string());
  return "";
}

std::string WithoutTopLevelMember(const std::string& json, const std::string& key) {
  const std::string quoted = "\"" + key + "\"";
  int depth = 0;
  for (size_t i = 0; i < json.size(); ++i) {
    char c = json[i];
    if (c == '"') {
      size_t start = i;
      for (++i; i < json.size() && json[i] != '"'; ++i)
        if (json[i] == '\\') ++i;
      if (depth != 1 || json.compare(start, quoted.size(), quoted) != 0) continue;
      // The member's value: from after the colon to its end, balanced.
      size_t v = json.find(':', i) + 1, end = v;
      int inner = 0;
      for (; end < json.size(); ++end) {
        char e = json[end];
        if (e == '"') {
          for (++end; end < json.size() && json[end] != '"'; ++end)
            if (json[end] == '\\') ++end;
        } else if (e == '{' || e == '[') {
          ++inner;
        } else if (e == '}' || e == ']') {
          if (inner == 0) break;  // the end of the object holding it
          if (--inner == 0) {
            ++end;
            break;
          }
        } else if (e == ',' && inner == 0) {
          break;
        }
      }
      // Remove `, "key": value` (or `"key": value, ` when it comes first).
      size_t from = json.rfind(',', start);
      size_t object = json.rfind('{', start);
      if (from != std::string::npos && (object == std::string::npos || from > object))
        return json.substr(0, from) + json.substr(end);
      size_t to = json.find_first_not_of(" \n", end + 1);
      return json.substr(0, start) + json.substr(json[end] == ',' ? to : end);
    }
    if (c == '{' || c == '[') ++depth;
    if (c == '}' || c == ']') --depth;
  }
  return json;
}

std::string Disagreement(const Proc& reference, const Proc& warehouse, const char* name) {
  if (reference.status != 0 && reference.status != 1)
    return fmt::format("the JIT's run ended with status {}:\n{}", reference.status, Tail(reference.err));
  if (reference.status != warehouse.status)
    return fmt::format("exit status: jit {}, {} {}\njit's errors:\n{}\n{}'s errors:\n{}", reference.status,
                       name, warehouse.status, Errors(reference.err), name, Errors(warehouse.err));
  std::string expected = reference.out;
  // A failed run's JSON says what it read from each data file ("data"); a
  // warehouse's run reads no file. The rest must be the same.
  if (reference.status == 1) expected = WithoutTopLevelMember(expected, "data");
  if (expected != warehouse.out)
    return "stdout differs at " + FirstDifference(expected, warehouse.out, "jit", name) +
           fmt::format("\n{}'s errors:\n{}", name, Errors(warehouse.err));
  return "";
}

std::vector<std::string> NotPushedDown(const std::string& err) {
  std::vector<std::string> out;
  std::istringstream in(err);
  std::string line;
  while (std::getline(in, line))
    if (line.find("error[E1001]") != std::string::npos) {
      // "FILE:L:C: error[E1001]: message": the message only, so that seeds tally alike.
      out.push_back(line.substr(line.find("error[E1001]")));
    }
  return out;
}

std::string Tally::Summary(const std::string& engine, double seconds) const {
  std::string s = fmt::format(
      "[differential {}] {} seeds made; {} pushed down and run: {} agreed ({} of them ending in the same "
      "error), {} disagreed; {} not pushed down (E1001); {:.1f} s\n",
      engine, tried, ran, agreed, agreed_errors, disagreed, refused_seeds.size(), seconds);
  if (!refused_seeds.empty()) {
    std::string seeds;
    for (int64_t seed : refused_seeds) seeds += fmt::format("{}{}", seeds.empty() ? "" : " ", seed);
    s += fmt::format("[differential {}] not pushed down, seeds {}:\n", engine, seeds);
    for (const auto& [message, n] : refused) s += fmt::format("  {} seed(s): {}\n", n, message);
  }
  return s;
}

}  // namespace ocf::difftest
