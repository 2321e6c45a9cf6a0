// One dataset in memory, column by column, with typed values.
//
// Columnar because every later use (populations, aggregates) scans one or two
// columns over every row; typed so a value is read once, at load time, and
// never re-parsed. Each column keeps one vector of its kind plus a presence
// byte per row (a byte, not a bit: simpler, and the values dwarf it):
//
//   int                      -> int64_t
//   decimal, percent, money  -> Decimal (exact; a percent is its fraction)
//   bool                     -> uint8_t (0 or 1)
//   date                     -> Date (days since 1970-01-01)
//   text, id, enumeration    -> uint32_t codes into a dictionary of strings;
//                               an enumeration's dictionary is its declared
//                               values in order, so its code is the value's index
//
// A missing value keeps a zero in the value vector so rows stay aligned. A
// column whose every row is present may share one array of ones for its
// presence bytes instead (SetAllPresent: the parallel reader's columns that
// may not be missing).
// Each row also remembers the physical line of the file it came from, for
// error reports that point back at the data. Rows are nearly always on
// consecutive lines, so lines are kept as runs (row r of a run is on its
// first line plus r); a file whose runs would take more room than a line
// per row (a blank line after every row) gets a line per row.
//
// A column may also be left empty (size() 0) while the table has rows: the
// parallel reader (runtime/csv_parallel.h) validates every column but stores
// only those a plan reads. The row count comes from the lines, never from a
// column; present() and ToString() say missing for a row an empty column
// does not have, and the raw data of an empty column is null.
//
// A table may also view memory it does not own: a column cache file mapped
// by runtime/table_cache.h. Its columns, dictionaries and lines then point
// into the mapping, which the table keeps alive (shared, so copies share it);
// reading is the same, and anything that would change such a table (Append,
// Resize, the mutable pointers, Intern, Add) throws std::logic_error.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/cells.h"
#include "runtime/date.h"
#include "runtime/decimal.h"

namespace ocf {

// std::allocator, except that a vector's resize(n) leaves the new elements
// unset instead of zeroing them: the parallel reader sizes every column for
// the most rows a file could hold and writes each row once, so untouched
// pages cost neither time nor memory.
template <typename T>
struct UninitializedAllocator : std::allocator<T> {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <typename U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <typename U>
  void construct(U* p) noexcept {
    static_assert(std::is_trivially_copyable_v<U> && std::is_trivially_destructible_v<U>);
    (void)p;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
  template <typename U>
  friend bool operator==(const UninitializedAllocator&, const UninitializedAllocator<U>&) {
    return true;
  }
};

template <typename T>
using LoadVector = std::vector<T, UninitializedAllocator<T>>;

// Distinct strings, each given the next code as it is first seen. Built for
// millions of distinct ids: the strings live back to back in one buffer and
// the index is an open-addressing table of (hash, code), so interning costs
// about one cache miss and no allocation per string.
class StringDictionary {
 public:
  // The code of `text`, added if new.
  uint32_t Intern(std::string_view text) { return Intern(text, Hash(text)); }
  // The same with Hash(text) already known.
  uint32_t Intern(std::string_view text, uint64_t hash);
  static uint64_t Hash(std::string_view text);
  // The code of `text` if it is in the dictionary.
  std::optional<uint32_t> Find(std::string_view text) const;
  // Starts loading the slot where `hash` would be: a row's lookups in
  // several large dictionaries then wait for memory together, not in turn.
  void Prefetch(uint64_t hash) const {
    if (slot_count()) __builtin_prefetch(&slot_data()[(hash >> 32) & (slot_count() - 1)]);
  }
  // Adds `text` with the next code without looking it up (enumeration values,
  // already distinct).
  void Add(std::string_view text);
  size_t size() const { return view_ ? view_->count : ends_.size(); }
  // Valid until the next string is added.
  std::string_view operator[](uint32_t code) const {
    const uint64_t* ends = end_data();
    size_t begin = code ? ends[code - 1] : 0;
    return std::string_view(byte_data() + begin, ends[code] - begin);
  }

  // The three arrays, for the cache (runtime/table_cache.h): the strings back
  // to back, where each ends, and the index's slots.
  std::span<const char> bytes() const { return {byte_data(), view_ ? view_->byte_count : bytes_.size()}; }
  std::span<const uint64_t> ends() const { return {end_data(), size()}; }
  std::span<const uint64_t> slots() const { return {slot_data(), slot_count()}; }
  // Views the arrays `bytes()`, `ends()` and `slots()` gave, in memory that
  // outlives this dictionary and is not changed; the dictionary is then read-only.
  void View(std::span<const char> bytes, std::span<const uint64_t> ends, std::span<const uint64_t> slots);
  bool viewing() const { return view_ != nullptr; }

 private:
  struct Viewed {
    const char* bytes;
    size_t byte_count;
    const uint64_t* ends;
    size_t count;
    const uint64_t* slots;
    size_t slot_count;
  };
  static_assert(sizeof(size_t) == sizeof(uint64_t));
  const char* byte_data() const { return view_ ? view_->bytes : bytes_.data(); }
  const uint64_t* end_data() const {
    return view_ ? view_->ends : reinterpret_cast<const uint64_t*>(ends_.data());
  }
  const uint64_t* slot_data() const { return view_ ? view_->slots : slots_.data(); }
  size_t slot_count() const { return view_ ? view_->slot_count : slots_.size(); }
  void Grow();
  void Insert(uint64_t slot);
  void CheckOwned() const;

  std::shared_ptr<const Viewed> view_;  // set when viewing

  std::string bytes_;
  std::vector<size_t> ends_;     // where each string ends in bytes_
  std::vector<uint64_t> slots_;  // 0: empty; else (32-bit hash << 32) | (code + 1)
};

class Column {
 public:
  explicit Column(const ColumnSpec& spec);

  const ColumnSpec& spec() const { return spec_; }
  ColumnKind kind() const { return spec_.kind; }
  size_t size() const { return viewing_ ? view_rows_ : all_present_ ? all_present_rows_ : present_.size(); }

  // Appends one value; monostate appends a missing value. The alternative
  // must be the one ParseCell gives for this column's kind.
  void Append(const CellValue& value);
  // Appends a text or id value whose StringDictionary::Hash is known.
  void AppendText(std::string_view text, uint64_t hash);
  // Appends a missing value.
  void AppendMissing();

  bool present(size_t row) const { return row < size() && present_data()[row] != 0; }
  // Each accessor is for its kinds only, and meaningful when present(row).
  int64_t int_at(size_t row) const { return int_data()[row]; }
  Decimal decimal_at(size_t row) const { return decimal_data()[row]; }
  bool bool_at(size_t row) const { return bool_data()[row] != 0; }
  Date date_at(size_t row) const { return date_data()[row]; }
  uint32_t code_at(size_t row) const { return code_data()[row]; }  // text, id, enumeration
  std::string_view text_at(size_t row) const { return dictionary_[code_at(row)]; }

  // The raw vectors, for compiled scans (runtime/exec): one byte per row for
  // presence, and the values of this column's kind (the others are null).
  const uint8_t* present_data() const {
    return viewing_ ? view_present_ : all_present_ ? all_present_ : present_.data();
  }
  const int64_t* int_data() const { return viewing_ ? Viewed<int64_t>(ColumnKind::Int) : ints_.data(); }
  const Decimal* decimal_data() const {
    return viewing_ ? Viewed<Decimal>(ColumnKind::Decimal) : decimals_.data();
  }
  const uint8_t* bool_data() const { return viewing_ ? Viewed<uint8_t>(ColumnKind::Bool) : bools_.data(); }
  const Date* date_data() const { return viewing_ ? Viewed<Date>(ColumnKind::Date) : dates_.data(); }
  const uint32_t* code_data() const { return viewing_ ? Viewed<uint32_t>(ColumnKind::Text) : codes_.data(); }
  // The bytes of the values of this column's kind, for the cache.
  std::span<const std::byte> value_bytes() const;
  // The bytes of one value of a column of `kind` in its value vector.
  static size_t ValueWidth(ColumnKind kind);
  // Views `rows` rows in memory that outlives the column and is not changed
  // (runtime/table_cache.h): presence bytes, and the values of this column's
  // kind as value_bytes() gave them. The column is then read-only.
  void View(size_t rows, const uint8_t* present, const void* values);
  bool viewing() const { return viewing_; }

  // Text, id and enumeration columns: the distinct strings, by code. Views
  // stay valid while no row is appended.
  size_t dictionary_size() const { return dictionary_.size(); }
  const StringDictionary& strings() const { return dictionary_; }
  std::string_view dictionary(uint32_t code) const { return dictionary_[code]; }

  // The value at `row` as a cell would be written (ISO dates, exact decimals,
  // true/false); empty when missing. For messages and tests.
  std::string ToString(size_t row) const;

  // Bulk loading (runtime/csv_parallel.h): Resize sets the presence vector
  // and the value vector of this column's kind to `rows` rows without
  // initialising new ones; the loader then writes every row through the
  // mutable pointers, and may Resize down at the end.
  void Resize(size_t rows);
  uint8_t* mutable_present_data() {
    OwnPresence();
    return present_.data();
  }
  // Every one of the column's `rows` rows has a value (the parallel reader,
  // for a column that may not be missing): its presence bytes are then one
  // array of ones that every such column shares, not a byte per row of its
  // own. Appending, resizing to more rows or asking for the mutable presence
  // bytes makes them the column's own again.
  void SetAllPresent(size_t rows);
  // At least `rows` bytes of ones: the presence SetAllPresent shares, for
  // memory that views a column (the cache) to share too. Valid for good.
  static const uint8_t* AllPresent(size_t rows);
  int64_t* mutable_int_data() { return ints_.data(); }
  Decimal* mutable_decimal_data() { return decimals_.data(); }
  uint8_t* mutable_bool_data() { return bools_.data(); }
  Date* mutable_date_data() { return dates_.data(); }
  uint32_t* mutable_code_data() { return codes_.data(); }
  StringDictionary& mutable_strings() { return dictionary_; }

 private:
  void OwnPresence();
  // The viewed values when this column's kind stores them as T (the decimal
  // kinds share one layout, as do text, id and enumeration codes), else null.
  template <typename T>
  const T* Viewed(ColumnKind as) const {
    return Family(spec_.kind) == Family(as) ? static_cast<const T*>(view_values_) : nullptr;
  }
  static constexpr ColumnKind Family(ColumnKind kind) {
    switch (kind) {
      case ColumnKind::Percent:
      case ColumnKind::Money:
        return ColumnKind::Decimal;
      case ColumnKind::Id:
      case ColumnKind::Enum:
        return ColumnKind::Text;
      default:
        return kind;
    }
  }
  void CheckOwned() const;

  ColumnSpec spec_;
  bool viewing_ = false;
  size_t view_rows_ = 0;
  const uint8_t* view_present_ = nullptr;
  const void* view_values_ = nullptr;
  LoadVector<uint8_t> present_;
  const uint8_t* all_present_ = nullptr;  // SetAllPresent's shared ones, or null
  size_t all_present_rows_ = 0;
  LoadVector<int64_t> ints_;
  LoadVector<Decimal> decimals_;
  LoadVector<uint8_t> bools_;
  LoadVector<Date> dates_;
  LoadVector<uint32_t> codes_;
  StringDictionary dictionary_;
};

class Table {
 public:
  explicit Table(TableSchema schema);

  const TableSchema& schema() const { return schema_; }
  size_t row_count() const { return rows_; }
  size_t column_count() const { return columns_.size(); }
  const Column& column(size_t i) const { return columns_[i]; }
  Column& column(size_t i) { return columns_[i]; }
  // The column named `name`, or null.
  const Column* Find(std::string_view name) const;
  // The rows whose date in column `dated` lies in [from, to] (a missing
  // date in none).
  int64_t RowsDatedIn(size_t dated, Date from, Date to) const;

  // Appends a row: one value per column, in schema order.
  void AppendRow(const std::vector<CellValue>& values, uint64_t line);
  // The physical line of the data file where row `row` starts (1 is the header).
  uint64_t line(size_t row) const;

  // Bulk loading (runtime/csv_parallel.h): `rows` more rows, on consecutive
  // lines from `first_line`, their values written into columns sized
  // separately (Column::Resize).
  void AppendLines(uint64_t first_line, size_t rows);

  // How lines are kept: as runs, or (when runs would take more room) a line
  // per row; one of the two is empty.
  struct LineRun {
    uint64_t row;   // the run's first row
    uint64_t line;  // and its line
  };
  std::span<const LineRun> line_runs() const;
  std::span<const uint64_t> row_lines() const;
  // A table read from the cache (runtime/table_cache.h): `rows` rows on the
  // lines these say, viewed in memory that `keep` keeps alive; its columns
  // are viewed (Column::View) by the caller. The table is then read-only.
  void ViewLines(size_t rows, std::span<const LineRun> runs, std::span<const uint64_t> lines,
                 std::shared_ptr<const void> keep);
  bool viewing() const { return keep_ != nullptr; }

 private:
  TableSchema schema_;
  std::vector<Column> columns_;
  size_t rows_ = 0;
  std::vector<LineRun> runs_;     // by row; unused once `lines_` is
  std::vector<uint64_t> lines_;   // a line per row, when runs would take more room
  std::vector<uint64_t> hashes_;  // AppendRow's scratch: each text cell's hash
  // When viewing: the mapping, and the lines in it.
  std::shared_ptr<const void> keep_;
  std::span<const LineRun> view_runs_;
  std::span<const uint64_t> view_lines_;
};

}  // namespace ocf
