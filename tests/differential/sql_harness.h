// The warehouses' differential test (tests/differential/sql_test.cc): the
// random contracts and data of generator.h, run by the JIT and by a
// warehouse, must give byte-identical statements. This is the part that does
// not depend on the warehouse: running the tools as a user would from a
// shell, preparing a seed's files and its reference run, and comparing.
// tests/differential/README.md ("The warehouses") says what is run.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "generator.h"

namespace ocf::difftest {

namespace fs = std::filesystem;

// A finished process: its exit status (-1 when it could not start or was
// killed, with why at the end of `err`), its standard output and error.
struct Proc {
  int status = -1;
  std::string out, err;
};

// Runs `args` (args[0] found on PATH if it has no slash), stdin from
// /dev/null, stdout and stderr into DIR/TAG.stdout and DIR/TAG.stderr (kept
// for a failing seed) and read back.
Proc Spawn(const std::vector<std::string>& args, const fs::path& dir, const std::string& tag);

// A command as one could paste it in a shell.
std::string Shell(const std::vector<std::string>& args);

// A file's bytes ("" when it cannot be read).
std::string ReadAll(const fs::path& path);

// The number in environment variable `name`, or `fallback`.
int64_t EnvInt(const char* name, int64_t fallback);

// The first line where two outputs differ, with its number.
std::string FirstDifference(const std::string& a, const std::string& b, const char* a_name,
                            const char* b_name);

// The end of a long text, for failure messages.
std::string Tail(const std::string& s, size_t n = 1500);

// The lines of a run's stderr that say "error" (not its warnings), or its
// end when none does.
std::string Errors(const std::string& err);

// An executable: `name` on PATH, else in one of `folders` (globs allowed,
// e.g. /usr/lib/postgresql/*/bin); "" if none.
std::string FindProgram(const std::string& name, const std::vector<std::string>& folders = {});

// One seed, prepared: the contract and its data written to its folder, the
// JIT's statement as the reference.
struct Seed {
  int64_t seed = 0;
  Case c;
  fs::path dir;                     // contract.ocf, data/, export/ and each run's output
  std::string contract, data;       // paths of contract.ocf and data/
  std::vector<std::string> tables;  // the data blocks' names
  std::vector<std::string> sets;    // --set NAME=VALUE ..., as arguments
  std::vector<std::string> reference_args;
  Proc reference;  // `ocf run --engine jit --format json`
  // What the warehouse said when it could not load or run this seed's
  // files (then the seed fails without a run of its own).
  std::string warehouse_error;
};

// Writes seed `seed`'s case (made with `options`) under `root`/seed_N.
void Prepare(int64_t seed, const GenOptions& options, const fs::path& root, Seed& out);

// `ocf check` on the seed's contract: "" when it passes, else what it says
// (a generator bug). Run when `ocf sql` fails otherwise than with E1001
// (which checks the contract first anyway: no process more for every seed).
std::string CheckProblem(const Seed& s);

// Runs the reference: `ocf run C --data D --format json --engine jit [--set ...]`.
void RunReference(Seed& s);

// ocf_export_data (tests/sql): $OCF_EXPORT_DATA, else the build's; "" if
// this build has none.
std::string ExportDataBinary();

// Exports the seed's data as canonical CSV (`ocf_export_data C --data D --out
// DIR/export`): export/NAME.csv for each table. "" or what went wrong.
std::string Export(const Seed& s);

// `ocf ARGS...` of the binary under test.
std::vector<std::string> Ocf(std::vector<std::string> args);

// `json` (one object) without its top-level member `key`, written as ocf
// writes JSON; `json` itself when it has none.
std::string WithoutTopLevelMember(const std::string& json, const std::string& key);

// What a seed's warehouse run gave, against its reference: "" when they
// agree (the same exit status, byte-identical stdout), else what differs.
// When both failed (exit 1), the JIT's JSON is compared without its "data"
// member (what it read from the CSV files: a warehouse's run reads none).
std::string Disagreement(const Proc& reference, const Proc& warehouse, const char* name);

// The first line of each E1001 (what `ocf sql` does not push down) in a
// run's stderr, without its location: "error[E1001]: ..." lines.
std::vector<std::string> NotPushedDown(const std::string& err);

// A seed's outcome for the summary.
struct Tally {
  int tried = 0, ran = 0, agreed = 0, agreed_errors = 0, disagreed = 0;
  std::map<std::string, int> refused;  // E1001 messages, each with how many seeds met it
  std::vector<int64_t> refused_seeds;
  std::string Summary(const std::string& engine, double seconds) const;
};

}  // namespace ocf::difftest
