// ocf_export_data: a contract's data files, read and validated exactly as
// `ocf run` reads them, written out as canonical CSV for a warehouse's COPY
// (the test suite loads them into PostgreSQL with tests/sql/pg_load.sh).
//
// Canonical CSV: a header row of the declared columns in declared order; ints
// as digits; decimals, percents and money as plain exact decimals (no
// exponent, no currency symbol, a percent as its fraction: 95% is 0.95);
// dates ISO; booleans true/false; text, ids and enumeration values always
// double-quoted, a quote doubled; a missing value an empty UNQUOTED field (so
// `COPY ... WITH (FORMAT csv)` reads NULL there, and "" stays text); LF line
// ends; rows in file order. Written from the validated Table, never from the
// provider's text, so a cell means here what it means to ocf.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "runtime/table.h"

namespace ocf::sqltest {

// One cell of `column` at `row`, as canonical CSV writes it.
std::string CanonicalCell(const Column& column, size_t row);
// The whole table: header and rows, each line ending in LF.
std::string CanonicalCsv(const Table& table);

// The command: `ocf_export_data CONTRACT.ocf --data DIR|NAME=PATH... --out
// OUTDIR` writes OUTDIR/NAME.csv for every data block (the tables they go
// into come from `ocf sql --schema`). Returns the exit status: 2 for bad
// usage, 1 for a contract or data with problems (the messages on `err`, as
// `ocf run` prints them), 0 when every file was written.
int ExportData(const std::vector<std::string>& args, std::ostream& err);

}  // namespace ocf::sqltest
