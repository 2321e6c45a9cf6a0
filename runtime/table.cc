#include "runtime/table.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <type_traits>

#include "runtime/mix.h"

namespace ocf {

namespace {

// 64-bit hash of a short string, eight bytes at a time (splitmix64's mixer):
// ids are the commonest text and are a dozen bytes long.
uint64_t HashBytes(std::string_view s) {
  uint64_t h = 0x9E3779B97F4A7C15ULL ^ s.size();
  size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = Mix(h ^ w);
  }
  uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  return Mix(h ^ tail);
}

}  // namespace

// A slot holds the string's 32-bit hash (which also places it) and its code
// plus one, so growing re-places slots without touching the strings.
void StringDictionary::Insert(uint64_t slot) {
  size_t mask = slots_.size() - 1;
  for (size_t i = (slot >> 32) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == 0) {
      slots_[i] = slot;
      return;
    }
  }
}

void StringDictionary::Grow() {
  // Kept at most half full, so probes stay short.
  std::vector<uint64_t> old = std::move(slots_);
  slots_.assign(old.empty() ? 64 : old.size() * 2, 0);
  for (uint64_t slot : old)
    if (slot) Insert(slot);
}

void StringDictionary::CheckOwned() const {
  if (view_) throw std::logic_error("a dictionary read from the cache cannot be changed");
}

void StringDictionary::View(std::span<const char> bytes, std::span<const uint64_t> ends,
                            std::span<const uint64_t> slots) {
  view_ = std::make_shared<const Viewed>(
      Viewed{bytes.data(), bytes.size(), ends.data(), ends.size(), slots.data(), slots.size()});
  bytes_.clear();
  bytes_.shrink_to_fit();
  ends_.clear();
  ends_.shrink_to_fit();
  slots_.clear();
  slots_.shrink_to_fit();
}

void StringDictionary::Add(std::string_view text) {
  CheckOwned();
  if ((ends_.size() + 1) * 2 > slots_.size()) Grow();
  uint64_t code = ends_.size();
  bytes_.append(text);
  ends_.push_back(bytes_.size());
  Insert((HashBytes(text) & 0xFFFFFFFF00000000ULL) | (code + 1));
}

uint64_t StringDictionary::Hash(std::string_view text) { return HashBytes(text); }

std::optional<uint32_t> StringDictionary::Find(std::string_view text) const {
  const uint64_t* slots = slot_data();
  if (slot_count() == 0) return std::nullopt;
  uint64_t high = Hash(text) & 0xFFFFFFFF00000000ULL;
  size_t mask = slot_count() - 1;
  for (size_t i = (high >> 32) & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots[i];
    if (slot == 0) return std::nullopt;
    if ((slot & 0xFFFFFFFF00000000ULL) == high) {
      uint32_t code = static_cast<uint32_t>((slot & 0xFFFFFFFFULL) - 1);
      if ((*this)[code] == text) return code;
    }
  }
}

uint32_t StringDictionary::Intern(std::string_view text, uint64_t hash) {
  CheckOwned();
  if (slots_.empty()) Grow();
  uint64_t high = hash & 0xFFFFFFFF00000000ULL;
  size_t mask = slots_.size() - 1;
  for (size_t i = (high >> 32) & mask;; i = (i + 1) & mask) {
    uint64_t slot = slots_[i];
    if (slot == 0) break;
    if ((slot & 0xFFFFFFFF00000000ULL) == high) {
      uint32_t code = static_cast<uint32_t>((slot & 0xFFFFFFFFULL) - 1);
      if ((*this)[code] == text) return code;
    }
  }
  uint32_t code = static_cast<uint32_t>(ends_.size());
  Add(text);
  return code;
}

Column::Column(const ColumnSpec& spec) : spec_(spec) {
  if (spec_.kind == ColumnKind::Enum) {
    for (const std::string& v : spec_.enum_values) dictionary_.Add(v);
  }
}

namespace {

// At least `n` bytes of ones, shared by every column whose rows are all
// present. A longer array replaces a shorter one, which is kept, as columns
// may still point into it: all of them together are under twice the longest.
const uint8_t* Ones(size_t n) {
  static std::mutex mutex;
  static std::vector<std::unique_ptr<uint8_t[]>> arrays;
  static size_t longest = 0;
  std::lock_guard<std::mutex> lock(mutex);
  if (n > longest || arrays.empty()) {
    size_t size = std::max<size_t>({n, 2 * longest, 4096});
    arrays.emplace_back(new uint8_t[size]);
    std::memset(arrays.back().get(), 1, size);
    longest = size;
  }
  return arrays.back().get();
}

}  // namespace

const uint8_t* Column::AllPresent(size_t rows) { return Ones(rows); }

void Column::SetAllPresent(size_t rows) {
  LoadVector<uint8_t>().swap(present_);
  all_present_ = Ones(rows);
  all_present_rows_ = rows;
}

void Column::OwnPresence() {
  if (!all_present_) return;
  present_.assign(all_present_rows_, 1);
  all_present_ = nullptr;
  all_present_rows_ = 0;
}

void Column::CheckOwned() const {
  if (viewing_) throw std::logic_error("a column read from the cache cannot be changed");
}

size_t Column::ValueWidth(ColumnKind kind) {
  switch (Family(kind)) {
    case ColumnKind::Int:
      return sizeof(int64_t);
    case ColumnKind::Decimal:
      return sizeof(Decimal);
    case ColumnKind::Bool:
      return 1;
    case ColumnKind::Date:
      return sizeof(Date);
    default:
      return sizeof(uint32_t);
  }
}

std::span<const std::byte> Column::value_bytes() const {
  const void* data = nullptr;
  switch (Family(spec_.kind)) {
    case ColumnKind::Int:
      data = int_data();
      break;
    case ColumnKind::Decimal:
      data = decimal_data();
      break;
    case ColumnKind::Bool:
      data = bool_data();
      break;
    case ColumnKind::Date:
      data = date_data();
      break;
    default:
      data = code_data();
      break;
  }
  size_t rows = size();
  return {static_cast<const std::byte*>(data), rows ? rows * ValueWidth(spec_.kind) : 0};
}

void Column::View(size_t rows, const uint8_t* present, const void* values) {
  present_ = {};
  ints_ = {};
  decimals_ = {};
  bools_ = {};
  dates_ = {};
  codes_ = {};
  viewing_ = true;
  view_rows_ = rows;
  view_present_ = present;
  view_values_ = values;
}

void Column::AppendMissing() {
  CheckOwned();
  OwnPresence();
  present_.push_back(0);
  switch (spec_.kind) {
    case ColumnKind::Int:
      ints_.push_back(0);
      break;
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      decimals_.push_back(Decimal());
      break;
    case ColumnKind::Bool:
      bools_.push_back(0);
      break;
    case ColumnKind::Date:
      dates_.push_back(Date());
      break;
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum:
      codes_.push_back(0);
      break;
  }
}

void Column::Append(const CellValue& value) {
  CheckOwned();
  std::visit(
      [this](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::monostate>) {
          AppendMissing();
          return;
        } else {
          OwnPresence();
          present_.push_back(1);
          if constexpr (std::is_same_v<T, int64_t>) {
            ints_.push_back(v);
          } else if constexpr (std::is_same_v<T, Decimal>) {
            decimals_.push_back(v);
          } else if constexpr (std::is_same_v<T, bool>) {
            bools_.push_back(v ? 1 : 0);
          } else if constexpr (std::is_same_v<T, Date>) {
            dates_.push_back(v);
          } else if constexpr (std::is_same_v<T, std::string_view>) {
            codes_.push_back(dictionary_.Intern(v));
          } else if constexpr (std::is_same_v<T, EnumIndex>) {
            codes_.push_back(v.index);
          }
        }
      },
      value);
}

void Column::Resize(size_t rows) {
  CheckOwned();
  if (all_present_ && rows <= all_present_rows_)
    all_present_rows_ = rows;
  else
    OwnPresence(), present_.resize(rows);
  switch (spec_.kind) {
    case ColumnKind::Int:
      ints_.resize(rows);
      break;
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      decimals_.resize(rows);
      break;
    case ColumnKind::Bool:
      bools_.resize(rows);
      break;
    case ColumnKind::Date:
      dates_.resize(rows);
      break;
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum:
      codes_.resize(rows);
      break;
  }
}

std::string Column::ToString(size_t row) const {
  if (!present(row)) return "";
  switch (spec_.kind) {
    case ColumnKind::Int:
      return std::to_string(int_at(row));
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      return decimal_at(row).ToString();
    case ColumnKind::Bool:
      return bool_at(row) ? "true" : "false";
    case ColumnKind::Date:
      return date_at(row).ToString();
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum:
      return std::string(text_at(row));
  }
  return "";
}

Table::Table(TableSchema schema) : schema_(std::move(schema)) {
  columns_.reserve(schema_.columns.size());
  for (const ColumnSpec& spec : schema_.columns) columns_.emplace_back(spec);
}

const Column* Table::Find(std::string_view name) const {
  for (const Column& c : columns_)
    if (c.spec().name == name) return &c;
  return nullptr;
}

int64_t Table::RowsDatedIn(size_t dated, Date from, Date to) const {
  const Column& c = columns_[dated];
  int64_t n = 0;
  for (size_t r = 0; r < rows_; ++r) n += c.present(r) && !(c.date_at(r) < from) && !(to < c.date_at(r));
  return n;
}

void Column::AppendText(std::string_view text, uint64_t hash) {
  CheckOwned();
  OwnPresence();
  present_.push_back(1);
  codes_.push_back(dictionary_.Intern(text, hash));
}

void Table::AppendRow(const std::vector<CellValue>& values, uint64_t line) {
  // Text cells first get their hash and a prefetch of their dictionary slot,
  // so that a row with several id columns of millions of distinct values
  // waits for one round of cache misses, not one per column.
  hashes_.assign(columns_.size(), 0);
  for (size_t i = 0; i < columns_.size() && i < values.size(); ++i) {
    if (const std::string_view* text = std::get_if<std::string_view>(&values[i])) {
      hashes_[i] = StringDictionary::Hash(*text);
      columns_[i].strings().Prefetch(hashes_[i]);
    }
  }
  for (size_t i = 0; i < columns_.size(); ++i) {
    if (i >= values.size())
      columns_[i].AppendMissing();
    else if (const std::string_view* text = std::get_if<std::string_view>(&values[i]))
      columns_[i].AppendText(*text, hashes_[i]);
    else
      columns_[i].Append(values[i]);
  }
  AppendLines(line, 1);
}

void Table::AppendLines(uint64_t first_line, size_t rows) {
  if (keep_) throw std::logic_error("a table read from the cache cannot be changed");
  if (rows == 0) return;
  if (!lines_.empty()) {
    for (size_t i = 0; i < rows; ++i) lines_.push_back(first_line + i);
    rows_ += rows;
    return;
  }
  bool continues = !runs_.empty() && runs_.back().line + (rows_ - runs_.back().row) == first_line;
  if (!continues) runs_.push_back(LineRun{rows_, first_line});
  rows_ += rows;
  // A run takes two words, a line one: past a run per two rows, a line each.
  if (runs_.size() > 64 && runs_.size() * 2 > rows_) {
    std::vector<uint64_t> lines;
    lines.reserve(rows_);
    for (size_t r = 0; r < rows_; ++r) lines.push_back(line(r));
    lines_ = std::move(lines);
    runs_.clear();
    runs_.shrink_to_fit();
  }
}

std::span<const Table::LineRun> Table::line_runs() const { return keep_ ? view_runs_ : runs_; }
std::span<const uint64_t> Table::row_lines() const { return keep_ ? view_lines_ : lines_; }

void Table::ViewLines(size_t rows, std::span<const LineRun> runs, std::span<const uint64_t> lines,
                      std::shared_ptr<const void> keep) {
  rows_ = rows;
  runs_.clear();
  lines_.clear();
  view_runs_ = runs;
  view_lines_ = lines;
  keep_ = std::move(keep);
}

uint64_t Table::line(size_t row) const {
  std::span<const uint64_t> lines = row_lines();
  if (!lines.empty()) return lines[row];
  // The last run starting at or before `row`.
  std::span<const LineRun> runs = line_runs();
  auto after = std::upper_bound(runs.begin(), runs.end(), row,
                                [](size_t r, const LineRun& run) { return r < run.row; });
  const LineRun& run = *(after - 1);
  return run.line + (row - run.row);
}

}  // namespace ocf
