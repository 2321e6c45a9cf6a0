// The column cache as the commands use it (docs/cache.md): where it is, and
// reading a dataset from it or storing a clean read in it for CheckData
// (data.h). The file format is runtime/table_cache.h's.
//
// On by default for `ocf run`, `ocf explain`, `ocf rows` and `ocf check
// --data`, in `$OCF_CACHE_DIR`, else `$XDG_CACHE_HOME/ocf`, else
// `~/.cache/ocf`; data files under kCacheMinBytes are not cached there (a
// re-read costs less than the mapping). `--cache DIR` puts it in DIR and
// caches files of any size; `--no-cache` (or OCF_NO_CACHE set, non-empty,
// without `--cache DIR`) turns it off. A cache that cannot
// be written is one warning, never a failed command.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "runtime/cells.h"
#include "runtime/table.h"
#include "runtime/table_cache.h"

namespace ocf::driver {

inline constexpr uint64_t kCacheMinBytes = 4u << 20;

struct DataCacheOptions {
  bool enabled = false;
  std::string dir;
  uint64_t min_bytes = kCacheMinBytes;  // smaller data files are read, not cached
  // A one-line warning for standard error (a cache that cannot be written).
  std::function<void(const std::string&)> warn;
};

// The options `--cache DIR` (empty when not given) and `--no-cache` mean,
// with the default folder when `by_default` (the command line). No default
// folder (no HOME either): off.
DataCacheOptions CacheOptionsFrom(const std::string& dir, bool no_cache, bool by_default);

// One dataset's look in the cache, before its file is read.
struct CacheLookup {
  bool usable = false;           // the cache is on and this file is to be cached
  std::string file;              // the entry's file
  CacheEntry entry;              // what the data file is now
  std::unique_ptr<Table> table;  // a hit
  uint64_t report_rows = 0;
  // A sound entry lacking columns: those it has (the read stores them too).
  std::vector<bool> stored;
  std::string miss;  // why not a hit
  double seconds = 0;
};

// The cache's entry for dataset `dataset` (declared as `schema`) read from
// `path`, holding at least the columns `needed` marks (empty: all).
CacheLookup LookUpCache(const DataCacheOptions& cache, const std::string& path, const TableSchema& schema,
                        const std::vector<bool>& needed, unsigned threads);

// Stores a clean read of the file `lookup` was for; the seconds it took, or
// a warning through cache.warn when it cannot.
double StoreInCache(const DataCacheOptions& cache, CacheLookup& lookup, const Table& table,
                    uint64_t report_rows);

}  // namespace ocf::driver
