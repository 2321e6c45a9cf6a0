// Reading chosen records of a CSV file again, as they are written there
// (`ocf rows`, compiler/driver/rows.h).
//
// A typed Table keeps each cell as its value (`£1,234.50` is 1234.50, a UK
// date is a Date), which is what a run needs, and the physical line each row
// starts on. To show a provider the records behind a figure exactly as the
// file holds them, the file is read a second time, streaming, and only the
// records starting on the lines asked for are passed on, field by field. So
// the raw text is never held beside the table: one record at a time.
//
// The records are split by the same splitter as the reader's
// (runtime/csv_records.h), so lines are counted the same way, and the header
// is matched the same way: the first record that is not blank, a byte order
// mark left out, names trimmed of spaces, the first of a repeated name.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ocf {

// Reads the file at `path` (a data file, runtime/data_file.h) and calls
// `sink(k, fields)` for each record that starts on line `lines[k]`, in order:
// `fields[c]` is the text of the field under the header `columns[c]` (quotes
// removed, a doubled quote made one, nothing trimmed; empty when the header
// has no such column or the record is short). `lines` must be increasing.
// Reading stops after the last line asked for. Returns "" or what went
// wrong: the file cannot be read, or a line asked for starts no record (the
// file changed since it was read).
std::string PickRecords(
    const std::string& path, const std::vector<std::string>& columns, const std::vector<uint64_t>& lines,
    const std::function<void(size_t k, const std::vector<std::string_view>& fields)>& sink);

}  // namespace ocf
