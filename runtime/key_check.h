// `key` columns: each value may appear in one row only. The check runs as
// rows are added to a table, for every reader of rows — the CSV reader
// (runtime/csv_reader.h) and the inline tables of `ocf test` — so a repeated
// key is reported alike wherever the rows come from:
//
//   file:LINE: COLUMN: `r1` is already used on line 2 (`COLUMN` is a key: each value may appear once)
//
// A missing value is no key value and repeats nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

#include "runtime/data_report.h"
#include "runtime/table.h"

namespace ocf {

class KeyCheck {
 public:
  explicit KeyCheck(const TableSchema& schema);
  ~KeyCheck();
  KeyCheck(KeyCheck&&) noexcept;
  KeyCheck& operator=(KeyCheck&&) noexcept;

  // Row `row` of `table` (the table whose schema this was made for), which
  // starts on `line`: each of its key values an earlier row already had is
  // one problem in `report`, with the line of that earlier row.
  void Row(const Table& table, size_t row, uint64_t line, DataReport& report);

 private:
  class Index;
  std::vector<std::unique_ptr<Index>> index_;  // per column; null for a column that is no key
  std::vector<size_t> rule_;                   // per column, its rule in the report once added
};

}  // namespace ocf
