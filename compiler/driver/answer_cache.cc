#include "compiler/driver/answer_cache.h"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "compiler/driver/seconds.h"
#include "ocf/ocf.hpp"
#include "runtime/mix.h"
#include "runtime/table_cache.h"

namespace ocf::driver {
namespace {

namespace fs = std::filesystem;

constexpr char kKeyMagic[] = "ocf answers key 1\n";

// A length-prefixed part of the key: no two different lists of parts make
// the same key.
void Part(std::string& key, std::string_view part) {
  key += fmt::format("{}:", part.size());
  key += part;
  key += '\n';
}

}  // namespace

AnswerLookup LookUpAnswers(const DataCacheOptions& cache, const Compilation& compilation,
                           const plan::EvaluationPlan& plan, const DataSources& sources) {
  AnswerLookup lookup;
  if (!cache.enabled) return lookup;
  auto started = std::chrono::steady_clock::now();
  std::string key = kKeyMagic;
  Part(key, CacheIdentity(ocf::Version()));
  for (size_t i = 0; i < compilation.sources.size(); ++i) {
    const SourceFile& f = compilation.sources.Get(static_cast<uint32_t>(i));
    Part(key, f.path());
    Part(key, f.text());
  }
  for (const LetSetting& l : compilation.settings.lets) Part(key, "let " + l.name + "=" + l.value);
  for (const auto& [name, value] : compilation.settings.inputs) Part(key, "input " + name + "=" + value);
  // The entry's name: the contract and the data files, not their contents
  // (one entry per contract and data, replaced when anything else changes).
  uint64_t name = HashText(compilation.sources.size() ? compilation.sources.Get(0).path() : "", 0x616E73);
  uint64_t bytes = 0;
  for (const plan::Table& table : plan.tables) {
    std::string path = DatasetPath(sources, table.name);
    std::optional<CacheKey> file = path.empty() ? std::nullopt : DataFileKey(path);
    if (!file) return lookup;  // the read will say why
    bytes += file->size;
    Part(key, table.name);
    Part(key, file->path);
    Part(key, fmt::format("{} {} {} {} {:016x} {:016x}", file->size, file->mtime_ns, file->inode,
                          file->device, file->head_hash, file->tail_hash));
    name = HashText(file->path, HashText(table.name, name));
    lookup.paths.push_back(std::move(path));
  }
  if (plan.tables.empty() || bytes < cache.min_bytes) return lookup;
  lookup.usable = true;
  std::string contract = fs::path(compilation.sources.Get(0).path()).stem().string().substr(0, 40);
  lookup.file = (fs::path(cache.dir) / fmt::format("{}-{:016x}.ocfanswers", contract, name)).string();
  lookup.key = std::move(key);

  std::ifstream in(lookup.file, std::ios::binary | std::ios::ate);
  if (!in) {
    lookup.miss = "no entry";
  } else {
    std::string entry(static_cast<size_t>(std::max<std::streamoff>(0, in.tellg())), '\0');
    in.seekg(0);
    if (!in.read(entry.data(), static_cast<std::streamsize>(entry.size()))) entry.clear();
    // The key, then the record.
    if (entry.size() < lookup.key.size() || entry.compare(0, lookup.key.size(), lookup.key) != 0) {
      lookup.miss = "the contract, its settings, the data or ocf changed";
    } else {
      lookup.record = exec::AnswerRecord::Parse(std::string_view(entry).substr(lookup.key.size()));
      if (!lookup.record)
        lookup.miss = "the entry is corrupt or truncated";
      else if (lookup.record->table_rows.size() != plan.tables.size())
        lookup.record.reset(), lookup.miss = "the entry is corrupt or truncated";
    }
  }
  lookup.seconds = SecondsSince(started);
  return lookup;
}

std::optional<RunOutcome> RunFromAnswers(const Compilation& compilation, const plan::EvaluationPlan& plan,
                                         const std::vector<interp::Value>& inputs, const AnswerLookup& lookup,
                                         DataCheck& data) {
  auto started = std::chrono::steady_clock::now();
  exec::ReplaySource replay(*lookup.record);
  exec::EvaluateInput in;
  in.plan = &plan;
  in.inputs = &inputs;
  in.source = &replay;
  in.table_rows = lookup.record->table_rows;
  RunOutcome outcome;
  try {
    CatchRunErrors(compilation, outcome, [&] { outcome.statement = exec::Evaluate(in); });
  } catch (const exec::AnswerMissing&) {
    return std::nullopt;
  }
  outcome.timings.scan = SecondsSince(started);
  data = DataCheck();
  for (size_t t = 0; t < plan.tables.size(); ++t) {
    DatasetData& d = data.datasets.emplace_back();
    d.dataset = plan.tables[t].name;
    d.path = lookup.paths[t];
    d.read = true;
    d.report = DataReport(d.path);
    d.report.rows = static_cast<uint64_t>(lookup.record->table_rows[t]);
  }
  return outcome;
}

double StoreAnswers(const DataCacheOptions& cache, const AnswerLookup& lookup,
                    const exec::AnswerRecord& record) {
  if (!lookup.usable || !record.complete()) return 0;
  auto started = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::create_directories(cache.dir, ec);
  std::string why = ec ? fmt::format("cannot make the folder `{}`: {}", cache.dir, ec.message())
                       : WriteFileWhole(lookup.file, lookup.key + record.Serialize());
  if (!why.empty() && cache.warn) cache.warn(fmt::format("the run's answers were not cached ({})", why));
  return SecondsSince(started);
}

}  // namespace ocf::driver
