// Reading a provider's CSV file fast, on several threads, storing only the
// columns a plan reads. Results are those of ReadCsvFile (runtime/csv_reader.h)
// whenever the file has no problem; at the first sign of one it gives up, and
// the caller reads the file again with ReadCsvFile, which reports everything
// with its line. So there is one definition of what a file means (the
// reference reader and runtime/cells.cc), and this is only a faster way to
// the same table.
//
// How: the data after the header is cut into blocks of a few hundred KB.
// Each thread takes the next block, finds the first record that starts in it
// (the first line break at or after its start: a guess when quoted fields hold
// line breaks), and reads the records that start in it into block-local
// columns, with fast parsers for the common spellings of each kind of cell
// and ParseCell for anything else. Blocks are then committed in file order:
// the guess is checked against where the previous block's last record really
// ended (and the block read again from there when it was wrong), the rows get
// their place in the table and their line numbers, new strings get their
// codes in the table's dictionaries (per-thread dictionaries keep parsing
// free of locks), and the block is copied into the table while the next
// block commits. Keys are checked at the end, by hashing their values.
//
// The table's vectors are sized for the most rows the file could hold
// without initialising them, so only the rows written cost memory; a thread
// holds one block of input and one of output.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/csv_reader.h"

namespace ocf {

struct ParallelCsvOptions {
  unsigned threads = 0;           // 0: std::thread::hardware_concurrency()
  std::vector<bool> materialize;  // per schema column; empty = all. false: validated but not stored (size 0)
  size_t block_bytes = 0;         // 0: chosen from the file's size; tests use tiny blocks
};

// Reads the file as ReadCsvFile would. Returns nullopt whenever the fast path
// cannot promise the same result: any problem at all in the file (a bad or
// missing cell, a wrong field count, a duplicate key, bad UTF-8, a missing
// header column, an unreadable file...) or a shape it does not handle (a
// record over 1 MB). The caller then calls ReadCsvFile for the full, located
// report. On success the table equals ReadCsvFile's except that columns not
// materialised are empty and a text column's codes may be numbered
// differently (each row's text is the same); report.rows is the same and
// the report has no problems.
std::optional<CsvResult> ReadCsvFileParallel(const std::string& path, const TableSchema& schema,
                                             const CsvOptions& options, const ParallelCsvOptions& parallel);

}  // namespace ocf
