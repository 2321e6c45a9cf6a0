// Reading a provider's CSV file fast, on several threads, storing only the
// columns a plan reads. Results are those of ReadCsvFile (runtime/csv_reader.h)
// whenever the file has no problem; at the first sign of one it gives up, and
// the caller reads the file again with ReadCsvFile, which reports everything
// with its line. So there is one definition of what a file means (the
// reference reader and runtime/cells.cc), and this is only a faster way to
// the same table.
//
// How: the data after the header is cut into blocks of up to 512 KB. Each
// thread takes the next block, finds the first record that starts in it (just
// after the first line break at or after its start: a guess, wrong only when
// a quoted field holds a line break there), and reads the records that start
// in it into the table (see below). Fields are found 64 bytes at a time; each
// cell goes to a fast parser (runtime/csv_fast_cells.h) for the common spellings of its kind (digits,
// ISO or UK dates, true/false...) and anything the fast parser is unsure of
// goes to ParseCell, as does every record with a quote, a wrong field count
// or nothing in it (split by ParseCsvRecordAt, the splitter's own rules).
//
// Blocks are committed in file order, one at a time: the guess is checked
// against where the previous block's last record really ended (the block is
// read again from there when it was wrong), the rows get their line numbers,
// and the strings first used in the block get the table's next codes (so
// codes are numbered as ReadCsvFile numbers them, by first use). Each thread
// interns into a dictionary of its own while it parses, so commits only see
// new strings; a column whose rows mostly bring a new string (ids) skips
// that and is interned once, at commit.
//
// Where a block's rows go: straight into the table, at a place known before
// it is parsed. A thread that has read a block counts its line ends (16
// bytes at a time), which bounds the records that can start in it, and
// publishes where the block's rows could end at the latest; the next block
// starts there. Counting a block is far quicker than parsing one, so a
// thread rarely waits for its place. A block with fewer rows than line ends
// (blank lines, line breaks in quotes) leaves a gap, closed at its commit by
// moving its rows down, into rows no block still being read writes. Rows
// are never copied otherwise: a copy of every value, though from cache,
// cost a quarter of the time. A block is parsed into block-local arrays and
// copied in only when the table could not hold its rows where counted (a
// file mostly of blank lines), and so is every block after it.
//
// The table's vectors are sized up front for the most rows the file could
// hold, without being initialised and in huge pages where the system allows
// (madvise), so only the rows written cost memory and no vector is ever
// moved. Keys are checked at the end, by hashing their values (or, for a
// stored text key, by its dictionary's size).
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/csv_reader.h"

namespace ocf {

struct ParallelCsvOptions {
  unsigned threads = 0;           // 0: std::thread::hardware_concurrency()
  std::vector<bool> materialize;  // per schema column; empty = all. false: validated but not stored (size 0)
  size_t block_bytes = 0;         // 0: from the file's size (64-512 KB); tests use tiny blocks
  // Called by reading thread `worker` (0 to threads - 1) once rows [first,
  // first + count) of `table` are in place and will not change, so a scan
  // can run over them while later blocks are still being read. Codes in text
  // columns are the table's, below `dictionary_sizes[column]` (0 for other
  // kinds). Calls for one worker come from one thread; different workers'
  // calls may overlap. When the read then returns nullopt the rows seen are
  // to be forgotten.
  std::function<void(unsigned worker, const Table& table, size_t first, size_t count,
                     const std::vector<size_t>& dictionary_sizes)>
      on_rows;
};

// Reads the file as ReadCsvFile would. Returns nullopt whenever the fast path
// cannot promise the same result: any problem at all in the file (a bad or
// missing cell, a wrong field count, a duplicate key, bad UTF-8, a missing
// header column, an unreadable file...) or a shape it does not handle (a
// record over 1 MB). The caller then calls ReadCsvFile for the full, located
// report (so a file with problems is read twice; `ocf check --data` reads
// with ReadCsvFile alone). On success the table equals ReadCsvFile's (rows,
// lines, values, codes and dictionaries) except that columns not
// materialised are empty (size 0: present() is false, the raw data null);
// report.rows is the same and the report has no problems. options.progress
// is called from the calling thread only.
std::optional<CsvResult> ReadCsvFileParallel(const std::string& path, const TableSchema& schema,
                                             const CsvOptions& options, const ParallelCsvOptions& parallel);

}  // namespace ocf
