#include "compiler/driver/data_cache.h"

#include <chrono>
#include <cstdlib>
#include <filesystem>

#include <fmt/format.h>

#include "compiler/driver/seconds.h"
#include "ocf/ocf.hpp"

namespace ocf::driver {

DataCacheOptions CacheOptionsFrom(const std::string& dir, bool no_cache, bool by_default) {
  DataCacheOptions cache;
  if (no_cache || (dir.empty() && !by_default)) return cache;
  if (!dir.empty()) {
    cache.enabled = true;
    cache.dir = dir;
    cache.min_bytes = 0;
    return cache;
  }
  auto env = [](const char* name) -> std::string {
    const char* v = std::getenv(name);
    return v ? v : "";
  };
  if (!env("OCF_NO_CACHE").empty()) return cache;  // as --no-cache, unless --cache DIR
  if (std::string d = env("OCF_CACHE_DIR"); !d.empty())
    cache.dir = d;
  else if (std::string x = env("XDG_CACHE_HOME"); !x.empty())
    cache.dir = (std::filesystem::path(x) / "ocf").string();
  else if (std::string h = env("HOME"); !h.empty())
    cache.dir = (std::filesystem::path(h) / ".cache" / "ocf").string();
  cache.enabled = !cache.dir.empty();
  return cache;
}

CacheLookup LookUpCache(const DataCacheOptions& cache, const std::string& path, const TableSchema& schema,
                        const std::vector<bool>& needed, unsigned threads) {
  CacheLookup lookup;
  if (!cache.enabled) return lookup;
  auto started = std::chrono::steady_clock::now();
  std::optional<CacheKey> key = DataFileKey(path);
  if (!key || key->size < cache.min_bytes) return lookup;
  lookup.usable = true;
  lookup.entry.identity = CacheIdentity(ocf::Version());
  lookup.entry.key = std::move(*key);
  lookup.entry.declaration = DeclarationHash(schema);
  lookup.file = CacheFileName(cache.dir, lookup.entry.key.path, schema.name);
  CacheRead read = ReadTableCache(lookup.file, lookup.entry, schema, needed, threads);
  lookup.table = std::move(read.table);
  lookup.report_rows = read.report_rows;
  lookup.stored = std::move(read.stored);
  lookup.miss = std::move(read.miss);
  lookup.seconds = SecondsSince(started);
  return lookup;
}

double StoreInCache(const DataCacheOptions& cache, CacheLookup& lookup, const Table& table,
                    uint64_t report_rows) {
  if (!lookup.usable) return 0;
  auto started = std::chrono::steady_clock::now();
  lookup.entry.report_rows = report_rows;
  std::error_code ec;
  std::filesystem::create_directories(cache.dir, ec);
  std::string why = ec ? fmt::format("cannot make the folder `{}`: {}", cache.dir, ec.message())
                       : WriteTableCache(lookup.file, lookup.entry, table);
  if (!why.empty() && cache.warn) cache.warn(fmt::format("the data was not cached ({})", why));
  return SecondsSince(started);
}

}  // namespace ocf::driver
