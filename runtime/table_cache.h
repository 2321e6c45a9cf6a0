// A table's validated columns kept in a file that a later run maps instead
// of reading the CSV again (`--cache DIR`; docs/cache.md).
//
// One file holds one dataset read from one data file. Its header says what
// it was made from, and is checked before anything else is trusted:
//
// - a magic and the format's version, and the identity of the ocf that
//   wrote it (its version and its build's GNU build id): any other ocf
//   refuses the file;
// - the data file's key: its absolute path, size, modification time (ns),
//   inode and device, and a hash of its first and last 64 KiB, so that a
//   file rewritten in place with the same size and a restored time is still
//   seen to have changed unless the change is in neither end;
// - a hash of the data block's declaration (DeclarationHash: every column's
//   name, kind, optionality, key, enumeration values, date format and
//   currency): whatever changes how a file is read;
// - the row count, the report's row count, which columns are stored;
// - where each array is, and a checksum of every 4 MiB piece of them.
//
// After the header come the arrays, each 64-byte aligned, written verbatim
// from the table's memory (no value is serialised one by one): per stored
// column its presence bytes (unless every row is present, as in every
// required column: then one array of ones is made when read) and values, for text and id columns the
// dictionary's strings, ends and index slots; then the table's line runs or
// lines. Reading maps the file (read-only, shared), checks every size
// against the file's before touching the arrays, verifies the pieces'
// checksums (on several threads), and gives a table whose columns view the
// mapping (runtime/table.h), which it keeps alive.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/cells.h"
#include "runtime/table.h"

namespace ocf {

// What a cache entry's data file was when the entry was made.
struct CacheKey {
  std::string path;  // absolute
  uint64_t size = 0, mtime_ns = 0, inode = 0, device = 0;
  uint64_t head_hash = 0, tail_hash = 0;  // of the first and last 64 KiB
  friend bool operator==(const CacheKey&, const CacheKey&) = default;
};

// The key of the data file at `path` as it is now; nullopt when it cannot be
// read (the caller then reads the CSV, which reports why).
std::optional<CacheKey> DataFileKey(const std::string& path);

// A hash of everything in `schema` that changes how a file is read.
uint64_t DeclarationHash(const TableSchema& schema);

// The identity of this build, for CacheHeader: `version` and the GNU build
// id of the binary holding this code (empty when it has none).
std::string CacheIdentity(std::string_view version);

// The cache file of (absolute data path, dataset) in `dir`: one per pair, so
// a changed file replaces its entry.
std::string CacheFileName(const std::string& dir, const std::string& absolute_path,
                          const std::string& dataset);

struct CacheEntry {
  std::string identity;
  CacheKey key;
  uint64_t declaration = 0;
  uint64_t report_rows = 0;  // DataReport::rows of the read
};

// Writes `table` (every column it stores: size() equal to its row count)
// to `file`, through a temporary file in the same folder renamed over it.
// "" when written, else why not, as the end of a sentence.
// Writes `bytes` as the whole of `file`, through a temporary file renamed
// over it (a reader sees the old file or the new one); "" or why not.
std::string WriteFileWhole(const std::string& file, std::string_view bytes);

std::string WriteTableCache(const std::string& file, const CacheEntry& entry, const Table& table);

struct CacheRead {
  std::unique_ptr<Table> table;  // set on a hit
  uint64_t report_rows = 0;
  // On a miss, why ("no entry", "the data file has changed", "the cache file
  // is truncated", ...); and when the entry was sound but lacks columns
  // `needed` asks for, the columns it has (so the new entry can hold both).
  std::string miss;
  std::vector<bool> stored;
};

// Reads `file` when it is an entry for `entry` (identity, key and
// declaration equal; report_rows ignored) over `schema` holding at least the
// columns `needed` marks (empty: every column). `threads` verify the
// checksums (0: one a core).
CacheRead ReadTableCache(const std::string& file, const CacheEntry& entry, const TableSchema& schema,
                         const std::vector<bool>& needed, unsigned threads);

}  // namespace ocf
