// The answers cache as `ocf run` uses it (docs/cache.md): the aggregate
// states a run's scans gave (runtime/exec/answers.h), kept next to the
// column cache, so that running the same contract with the same settings
// over the same files again reads no data and scans nothing.
//
// An entry is kept per contract file and set of data files (a later run with
// other settings replaces it). It holds its whole key and is used only when
// every part matches exactly:
//   - the build (ocf's version and the binary's build id, as the column
//     cache's);
//   - the text of the contract and of every module it imports;
//   - the `--set` settings, lets and inputs alike;
//   - per dataset, its file's path, size, modification time, inode, device
//     and a hash of its first and last 64 KiB (the column cache's key).
// A run whose data had problems, or which gave a warning, is not kept.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/driver/data.h"
#include "compiler/driver/data_cache.h"
#include "compiler/driver/driver.h"
#include "compiler/driver/run.h"
#include "compiler/driver/settings.h"
#include "plan/plan.h"
#include "runtime/exec/answers.h"

namespace ocf::driver {

struct AnswerLookup {
  bool usable = false;                       // the cache is on and these files are to be cached
  std::string file;                          // the entry's file
  std::string key;                           // everything the answers depend on
  std::vector<std::string> paths;            // per plan table, the data file
  std::optional<exec::AnswerRecord> record;  // a hit
  std::string miss;                          // why not a hit
  double seconds = 0;
};

// The entry for running `compilation` (lowered to `plan`; its `--set`
// settings are the compilation's) over `sources`.
AnswerLookup LookUpAnswers(const DataCacheOptions& cache, const Compilation& compilation,
                           const plan::EvaluationPlan& plan, const DataSources& sources);

// The run from a hit's answers: the statement (or the run-time error the
// same run gave) with `data` holding each dataset's file and rows as read
// then; nullopt when the record lacks an answer (then run as usual).
std::optional<RunOutcome> RunFromAnswers(const Compilation& compilation, const plan::EvaluationPlan& plan,
                                         const std::vector<interp::Value>& inputs, const AnswerLookup& lookup,
                                         DataCheck& data);

// Keeps `record` as the entry `lookup` was for; the seconds it took, or a
// warning through cache.warn when it cannot.
double StoreAnswers(const DataCacheOptions& cache, const AnswerLookup& lookup,
                    const exec::AnswerRecord& record);

}  // namespace ocf::driver
