// Reading a provider's CSV file into a typed table, reporting every problem.
//
// The file is read in one streaming pass (records split by
// runtime/csv_records.h, cells read by runtime/cells.h's ParseCell) and the
// rules of docs/language.md §4 are applied as it goes:
//
// - The header is the first line that is not blank. Its names, with
//   surrounding spaces trimmed, are matched exactly to the declared columns;
//   other columns are ignored. A declared column that is absent is one
//   problem naming it and listing the headers found, when the first line
//   looks like a CSV header (short printable names; at most 20 of them and
//   240 bytes); a line that does not (a password file) is never shown.
// - A header that is not UTF-8 text (binary junk, another encoding, NUL
//   bytes) stops the reading with one problem: nothing after it can be
//   trusted to be a table.
// - Blank lines (empty, or only spaces and tabs) are not rows, nor are rows
//   whose fields are all empty (`,,,`, which spreadsheets leave behind).
// - Every other row must have as many fields as the header.
// - Cells are trimmed of surrounding spaces, except a quoted text or id
//   cell, which is kept exactly as written.
// - A cell that is not UTF-8 text, an empty cell in a required column, a
//   value its column cannot read, a repeated value in a `key` column (with
//   the line of its first use) are problems of that row and column; the row
//   stays in the table with that cell missing, so later checks still see it.
// - A quoted field left open at the end of the file is reported at the line
//   where its quote opened.
// - A record holds at most 16 MB and 65,536 fields, a field at most 1 MB
//   (runtime/csv_records.h): a longer row is one problem at its line, and
//   only that much of it is held. A header over the limit stops the reading.
// - A money cell with another currency's symbol than the contract's
//   (ColumnSpec::currency) is a bad value.
//
// Problems go into a DataReport (runtime/data_report.h); nothing is printed.
// `check` rules are evaluated later, over the table, into the same report.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "runtime/cells.h"
#include "runtime/data_report.h"
#include "runtime/table.h"

namespace ocf {

struct CsvOptions {
  // How the file is named in problems; ReadCsvFile uses the path when empty.
  std::string display_path;
  // Problems kept with their message, per rule (all are counted).
  size_t max_listed_per_rule = 20;
  // Called after each block read: bytes read so far, and the file's size
  // (0 when unknown, as for a pipe). Null: no calls.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct CsvResult {
  Table table;
  DataReport report;  // report.rows counts every data row read
};

// Reads the file at `path`, which must be a regular file (or a symbolic link
// to one; runtime/data_file.h), up to the size it had when opened. A file
// that cannot be read is one problem in the report ("cannot read the file:
// Permission denied", "is a named pipe (FIFO), not a regular file").
CsvResult ReadCsvFile(const std::string& path, const TableSchema& schema, const CsvOptions& options = {});

// Reads CSV bytes already in memory, as ReadCsvFile reads a file's.
CsvResult ReadCsvText(std::string_view bytes, const TableSchema& schema, const CsvOptions& options = {});

// The offset of the first byte that makes `s` not UTF-8 text (a NUL byte, a
// byte that starts no character, a truncated, overlong or surrogate
// sequence), or npos. The rule for every text and id cell and header name.
size_t FirstNonTextByte(std::string_view s);

// The streaming reader both are made of: Feed the bytes in blocks of any
// size, then Finish.
class CsvTableReader {
 public:
  CsvTableReader(const TableSchema& schema, const CsvOptions& options);
  ~CsvTableReader();
  CsvTableReader(const CsvTableReader&) = delete;
  CsvTableReader& operator=(const CsvTableReader&) = delete;

  void Feed(std::string_view bytes);
  CsvResult Finish();
  // The header could not be read (not text, too long): nothing more will be,
  // so the caller may stop feeding.
  bool stopped() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace ocf
