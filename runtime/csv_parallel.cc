#include "runtime/csv_parallel.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cerrno>
#include <cstring>
#include <exception>
#include <memory>
#include <thread>

#include "runtime/csv_fast_cells.h"
#include "runtime/csv_records.h"
#include "runtime/data_file.h"
#include "runtime/mix.h"

namespace ocf {
namespace {

// Records longer than this are left to ReadCsvFile (so no cell is ever
// truncated, as kMaxCellBytes would have it).
constexpr size_t kMaxRecord = kMaxCellBytes;
constexpr size_t kSlack = 4096;            // read past a block's end, for its last record
constexpr size_t kExtendBytes = 64 << 10;  // read at a time when a record needs more
constexpr size_t kPadding = 128;           // after the data: LFs, a sentinel for FieldEnds
constexpr uint32_t kUnset = UINT32_MAX;
constexpr size_t kNoStart = SIZE_MAX;
constexpr uint64_t kNoCount = UINT64_MAX;  // a block's records, when not counted
constexpr std::string_view kBom = "\xEF\xBB\xBF";

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsBlank(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsBlank(s.back())) s.remove_suffix(1);
  return s;
}

// A key value's fingerprint; 0 stands for a missing value. Equal values have
// equal fingerprints; two values that merely collide are taken for a
// duplicate, which only sends the file to ReadCsvFile.
uint64_t Fingerprint(uint64_t hash) { return hash ? hash : 1; }

// ---------------------------------------------------------------- reading

// pread until `n` bytes or the end of the file; -1 on an error.
ssize_t ReadAt(int fd, char* into, size_t n, uint64_t offset) {
  size_t got = 0;
  while (got < n) {
    ssize_t r = ::pread(fd, into + got, n - got, static_cast<off_t>(offset + got));
    if (r < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    if (r == 0) break;
    got += static_cast<size_t>(r);
  }
  return static_cast<ssize_t>(got);
}

// Maps the pages under [data, data + bytes) about to be written, in one call
// rather than a fault per page (a column's arrays are written once, block
// by block). Only a hint: pages not mapped now are mapped when written.
void Populate(const void* data, size_t bytes) {
#if defined(MADV_POPULATE_WRITE)
  constexpr uintptr_t kPage = 4096;
  uintptr_t begin = reinterpret_cast<uintptr_t>(data) & ~(kPage - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes + kPage - 1) & ~(kPage - 1);
  if (bytes) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_WRITE);
#else
  (void)data;
  (void)bytes;
#endif
}

using csv_fast::Calendar;
using csv_fast::CountLineEnds;
using csv_fast::FastBool;
using csv_fast::FastDate;
using csv_fast::FastDecimal;
using csv_fast::FastInt;
using csv_fast::FieldEnds;
using csv_fast::KeyAt;
using csv_fast::KeyOf;
using csv_fast::PlainAscii;
using csv_fast::ShortKey;
using csv_fast::TheCalendar;

// The codes of short strings lately interned into one dictionary, so that
// a column of a few distinct values (a provider code) skips the dictionary.
class InternCache {
 public:
  static constexpr size_t kMaxBytes = 16;
  struct Entry {
    ShortKey key;
    uint32_t code = kUnset;  // kUnset: empty
  };
  InternCache() : entries_(kSize) {}
  // Where `key` is, if anywhere: its code is known when e.key == key.
  Entry& At(const ShortKey& key) {
    return entries_[Mix(key.a ^ (key.b * 0x9E3779B97F4A7C15ULL) ^ key.n) & (kSize - 1)];
  }

 private:
  static constexpr size_t kSize = 1024;
  std::vector<Entry> entries_;
};

// A text cell whose code is looked up at the end of its row, once its
// dictionary slot has had the row's other fields' time to arrive in cache
// (ids of millions of values miss it every time).
struct PendingIntern {
  uint32_t* code;
  std::string_view text;
  uint64_t hash;
  StringDictionary* dictionary;
  InternCache::Entry* cached;  // to fill in, or null
  ShortKey key;
};

// Asks for the table's arrays, sized for the most rows the file could hold,
// in huge pages: a column's pages are then a fault and a clearing each 2 MB,
// not each 4 KB. Only a hint, and only where the system leaves it to madvise.
void AdviseHuge(const void* data, size_t bytes) {
#if defined(MADV_HUGEPAGE)
  constexpr uintptr_t kHuge = 2 << 20;
  uintptr_t begin = (reinterpret_cast<uintptr_t>(data) + kHuge - 1) & ~(kHuge - 1);
  uintptr_t end = (reinterpret_cast<uintptr_t>(data) + bytes) & ~(kHuge - 1);
  if (data && end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

// A stored column's array of values of its kind, as bytes.
char* ValuesOf(Column& column) {
  switch (column.kind()) {
    case ColumnKind::Int:
      return reinterpret_cast<char*>(column.mutable_int_data());
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      return reinterpret_cast<char*>(column.mutable_decimal_data());
    case ColumnKind::Bool:
      return reinterpret_cast<char*>(column.mutable_bool_data());
    case ColumnKind::Date:
      return reinterpret_cast<char*>(column.mutable_date_data());
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum:
      return reinterpret_cast<char*>(column.mutable_code_data());
  }
  return nullptr;
}

// ---------------------------------------------------------------- the plan

// How one schema column is read.
struct ColumnPlan {
  const ColumnSpec* spec = nullptr;
  ColumnKind kind = ColumnKind::Text;
  bool optional = false;
  bool store = true;         // materialised
  bool fingerprint = false;  // a key checked by hashing its values
  int text_lane = -1;        // stored text or id: its per-thread dictionary
  std::vector<std::string_view> enum_values;
  std::vector<ShortKey> enum_keys;  // of the values up to 16 bytes long
};

// A block's cells of one text column kept as bytes, for a column whose
// values are mostly new (ids): interning them into a thread's dictionary
// first would only be done again at commit.
struct Arena {
  std::string bytes;
  LoadVector<uint32_t> begin, end;  // per row, into bytes

  void Put(size_t row, std::string_view text) {
    begin[row] = static_cast<uint32_t>(bytes.size());
    bytes.append(text);
    end[row] = static_cast<uint32_t>(bytes.size());
  }
  std::string_view At(size_t row) const {
    return std::string_view(bytes).substr(begin[row], end[row] - begin[row]);
  }
};

// One block's rows, before they have their place in the table.
struct Lane {
  LoadVector<uint8_t> present;
  LoadVector<int64_t> ints;
  LoadVector<Decimal> decimals;
  LoadVector<uint8_t> bools;
  LoadVector<Date> dates;
  LoadVector<uint32_t> codes;
  LoadVector<uint64_t> fingerprints;
};

// What the fast path does with one header field, with the block's arrays
// at hand.
struct FieldOp {
  enum Code : uint8_t { kSkip, kInt, kDecimal, kPercent, kBool, kDate, kText, kEnum };
  Code code = kSkip;
  bool optional = false;
  bool uk_dates = false;
  size_t column = 0;
  uint8_t* present = nullptr;  // null: the column is only checked
  void* values = nullptr;
  uint64_t* fingerprints = nullptr;  // a key checked by hashing
  size_t value_bytes = 0;            // of one value, to zero a missing one
  InternCache* cache = nullptr;      // stored text
  StringDictionary* dictionary = nullptr;
  struct Arena* arena = nullptr;  // stored text of many distinct values, interned at commit
  const ShortKey* enum_keys = nullptr;
  const std::string_view* enum_values = nullptr;
  size_t enum_count = 0;
};

struct BlockResult {
  size_t start = kNoStart;  // file offset of its first record; kNoStart: no line break in the block
  size_t end = 0;           // just past its last record
  size_t rows = 0;
  uint64_t line_breaks = 0;                // from start to end
  bool ok = true;                          // false: a problem, or a shape left to ReadCsvFile
  std::vector<uint32_t> dictionary_sizes;  // per text lane, before the block
};

struct Shared {
  const TableSchema* schema = nullptr;
  std::vector<ColumnPlan> columns;
  std::vector<int> column_of_field;  // per header field: its schema column, or -1
  size_t fields = 0;                 // in the header
  size_t text_lanes = 0;
  bool direct = false;  // one thread: no dictionaries of its own
  int fd = -1;
  uint64_t file_size = 0;
  uint64_t data_start = 0, data_line = 0;
  size_t block_bytes = 0, blocks = 0, block_rows = 0;
  uint64_t most_rows = 0;  // the table's arrays hold so many
  // Per block: the row just after the most rows its records could fill,
  // placed straight into the table after the blocks before it (Worker::
  // Place); kUnknown until its thread has counted them, kNoPlace when it or
  // a block before it could not be placed so.
  std::unique_ptr<std::atomic<uint64_t>[]> placed_end;
  static constexpr uint64_t kUnknown = UINT64_MAX, kNoPlace = UINT64_MAX - 1;

  Table* table = nullptr;
  std::vector<uint64_t*> fingerprints;           // per column: the table-wide fingerprints, or null
  const ParallelCsvOptions* parallel = nullptr;  // for on_rows

  std::atomic<size_t> next_block{0};
  std::atomic<size_t> committed{0};  // blocks committed, in order; kAborted when reading stops
  std::atomic<bool> failed{false};
  std::atomic<uint64_t> bytes_done{0};
  // Owned by the block whose turn it is to commit.
  uint64_t end = 0, rows = 0, line = 0;

  static constexpr size_t kAborted = SIZE_MAX;
  void Fail() {
    failed.store(true);
    committed.store(kAborted);
    committed.notify_all();
  }
};

// ---------------------------------------------------------------- a thread

class Worker {
 public:
  Worker(Shared& s, unsigned index) : s_(s), index_(index) {
    capacity_ = s.block_bytes + 2 * kSlack + kMaxRecord + kExtendBytes;
    buffer_.reset(new char[capacity_ + kPadding]);
    size_t cap = s.block_rows;
    lanes_.resize(s.columns.size());
    for (size_t c = 0; c < s.columns.size(); ++c) {
      const ColumnPlan& col = s.columns[c];
      Lane& l = lanes_[c];
      if (col.fingerprint) l.fingerprints.resize(cap);
      if (!col.store) continue;
      l.present.resize(cap);
      switch (col.kind) {
        case ColumnKind::Int:
          l.ints.resize(cap);
          break;
        case ColumnKind::Decimal:
        case ColumnKind::Percent:
        case ColumnKind::Money:
          l.decimals.resize(cap);
          break;
        case ColumnKind::Bool:
          l.bools.resize(cap);
          break;
        case ColumnKind::Date:
          l.dates.resize(cap);
          break;
        case ColumnKind::Text:
        case ColumnKind::Id:
        case ColumnKind::Enum:
          l.codes.resize(cap);
          break;
      }
    }
    // Alone, a thread interns straight into the table's dictionaries.
    own_dictionaries_.resize(s.direct ? 0 : s.text_lanes);
    remaps_.resize(s.text_lanes);
    caches_.resize(s.text_lanes);
    arena_on_.assign(s.text_lanes, 0);
    arenas_.resize(s.text_lanes);
    lane_rows_.assign(s.text_lanes, 0);
    for (size_t c = 0; c < s.columns.size(); ++c) {
      int lane = s.columns[c].text_lane;
      if (lane < 0) continue;
      dictionaries_.resize(std::max<size_t>(dictionaries_.size(), static_cast<size_t>(lane) + 1));
      dictionaries_[static_cast<size_t>(lane)] =
          s.direct ? &s.table->column(c).mutable_strings() : &own_dictionaries_[static_cast<size_t>(lane)];
    }
    ops_.resize(s.fields);
    pending_.resize(s.fields);
    for (size_t f = 0; f < s.fields; ++f) {
      int c = s.column_of_field[f];
      if (c < 0) continue;
      const ColumnPlan& col = s.columns[static_cast<size_t>(c)];
      Lane& l = lanes_[static_cast<size_t>(c)];
      FieldOp& op = ops_[f];
      op.column = static_cast<size_t>(c);
      op.optional = col.optional;
      op.uk_dates = col.spec->uk_dates;
      op.fingerprints = col.fingerprint ? l.fingerprints.data() : nullptr;
      if (col.store) op.present = l.present.data();
      switch (col.kind) {
        case ColumnKind::Int:
          op.code = FieldOp::kInt, op.values = l.ints.data(), op.value_bytes = sizeof(int64_t);
          break;
        case ColumnKind::Decimal:
        case ColumnKind::Money:
        case ColumnKind::Percent:
          op.code = col.kind == ColumnKind::Percent ? FieldOp::kPercent : FieldOp::kDecimal;
          op.values = l.decimals.data(), op.value_bytes = sizeof(Decimal);
          break;
        case ColumnKind::Bool:
          op.code = FieldOp::kBool, op.values = l.bools.data(), op.value_bytes = 1;
          break;
        case ColumnKind::Date:
          op.code = FieldOp::kDate, op.values = l.dates.data(), op.value_bytes = sizeof(Date);
          break;
        case ColumnKind::Text:
        case ColumnKind::Id:
          op.code = FieldOp::kText, op.values = l.codes.data(), op.value_bytes = sizeof(uint32_t);
          if (col.text_lane >= 0) {
            op.cache = &caches_[static_cast<size_t>(col.text_lane)];
            op.dictionary = dictionaries_[static_cast<size_t>(col.text_lane)];
          }
          break;
        case ColumnKind::Enum:
          op.code = FieldOp::kEnum, op.values = l.codes.data(), op.value_bytes = sizeof(uint32_t);
          op.enum_keys = col.enum_keys.data(), op.enum_values = col.enum_values.data();
          op.enum_count = col.enum_values.size();
          break;
      }
      if (!col.store) op.values = nullptr;
    }
    Aim(true);
  }

  // Takes blocks until there are none; false when reading has stopped.
  void Run(bool reports_progress, const CsvOptions& options) {
    try {
      while (!s_.failed.load(std::memory_order_relaxed)) {
        size_t k = s_.next_block.fetch_add(1);
        if (k >= s_.blocks) return;
        // When the previous block is already in, its end is where this one starts.
        bool known = s_.committed.load(std::memory_order_acquire) == k;
        ParseBlock(k, known ? StartOf(k) : kNoStart, result_, true);
        if (!WaitForTurn(k)) return;
        uint64_t offset = 0;
        if (!Commit(k, offset)) {
          s_.Fail();
          return;
        }
        Flush(offset);
        if (s_.parallel && s_.parallel->on_rows)
          s_.parallel->on_rows(index_, *s_.table, offset, result_.rows, dictionary_sizes_);
        if (reports_progress && options.progress)
          options.progress(s_.bytes_done.load(std::memory_order_relaxed), s_.file_size);
      }
    } catch (...) {
      s_.Fail();
    }
  }

 private:
  // Where block k starts when every earlier block is committed.
  size_t StartOf(size_t k) const { return k == 0 ? s_.data_start : s_.end; }

  bool WaitForTurn(size_t k) {
    while (true) {
      size_t c = s_.committed.load(std::memory_order_acquire);
      if (s_.failed.load()) return false;
      if (c == k) return true;
      s_.committed.wait(c);
    }
  }

  // Reads bytes [from, to) of the file into the buffer; false on an error.
  bool Load(uint64_t from, uint64_t to) {
    base_ = from;
    ssize_t got = ReadAt(s_.fd, buffer_.get(), static_cast<size_t>(to - from), from);
    if (got < 0 || static_cast<uint64_t>(got) != to - from) return false;
    size_ = static_cast<size_t>(got);
    Seal();
    return true;
  }

  // Keeps bytes from `keep` on and reads more after them; false when that
  // is impossible (the end of the file, an error, or a record too long).
  bool Extend(size_t keep) {
    if (AtEnd()) return false;
    if (keep > 0) {
      std::memmove(buffer_.get(), buffer_.get() + keep, size_ - keep);
      base_ += keep;
      size_ -= keep;
    }
    if (size_ > kMaxRecord + kSlack) return false;
    size_t want =
        std::min<uint64_t>(std::min(kExtendBytes, capacity_ - size_), s_.file_size - (base_ + size_));
    ssize_t got = ReadAt(s_.fd, buffer_.get() + size_, want, base_ + size_);
    if (got <= 0 || static_cast<size_t>(got) != want) return false;
    size_ += want;
    Seal();
    return true;
  }

  void Seal() { std::memset(buffer_.get() + size_, '\n', kPadding); }
  bool AtEnd() const { return base_ + size_ == s_.file_size; }

  // `first`: the block's first reading, which places it (Place).
  void ParseBlock(size_t k, size_t start, BlockResult& r, bool first);
  void Place(size_t k, uint64_t most);
  void Aim(bool in_lanes);
  void MoveDown(uint64_t to, size_t rows);
  // Moves a text column to an arena once most of its rows have brought a
  // new string (with one thread there is no second interning to save).
  void UseArenas() {
    constexpr uint64_t kSample = 4096;
    for (size_t lane = 0; lane < arena_on_.size(); ++lane) {
      if (arena_on_[lane] || s_.direct || lane_rows_[lane] < kSample ||
          dictionaries_[lane]->size() * 2 < lane_rows_[lane])
        continue;
      arena_on_[lane] = 1;
      Arena& a = arenas_[lane];
      a.begin.resize(s_.block_rows);
      a.end.resize(s_.block_rows);
      for (size_t f = 0; f < ops_.size(); ++f)
        if (ops_[f].code == FieldOp::kText && ops_[f].present &&
            s_.columns[ops_[f].column].text_lane == static_cast<int>(lane))
          ops_[f].arena = &a;
    }
    for (Arena& a : arenas_) a.bytes.clear();
  }
  bool Commit(size_t k, uint64_t& offset);
  void Flush(uint64_t offset);

  bool FastField(const FieldOp& op, const char* p, size_t n, bool quoted, size_t row, bool& present,
                 const Calendar& calendar);
  bool GeneralCell(size_t c, const CsvField& field, size_t row);
  void PutMissing(size_t c, size_t row);

  Shared& s_;
  unsigned index_ = 0;
  std::vector<size_t> dictionary_sizes_;  // per column, at the last commit (for on_rows)
  std::unique_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  uint64_t base_ = 0;  // file offset of buffer_[0]
  size_t size_ = 0;    // bytes held
  std::vector<Lane> lanes_;
  // Where the block being read puts its rows: straight into the table from
  // row `place_` (rows it does not have then move down at Commit), or, when
  // that cannot be, into `lanes_` (kInLanes), copied in by Flush.
  static constexpr uint64_t kInLanes = UINT64_MAX;
  uint64_t place_ = kInLanes;
  size_t row_limit_ = 0;  // the most rows the block may have where it writes
  struct Target {
    uint8_t* present = nullptr;  // null: the column is only checked
    void* values = nullptr;      // the column kind's
    uint64_t* fingerprints = nullptr;
  };
  std::vector<Target> targets_;         // per column, for the block being read
  std::vector<FieldOp> ops_;            // per header field
  std::vector<PendingIntern> pending_;  // of the record being read
  size_t pending_count_ = 0;
  // The block's rows on consecutive lines: (first row, its line from the
  // block's start) for each run.
  std::vector<std::pair<uint32_t, uint32_t>> line_runs_;
  std::vector<StringDictionary> own_dictionaries_;
  std::vector<StringDictionary*> dictionaries_;  // per text lane: this thread's strings (or the table's)
  std::vector<std::vector<uint32_t>> remaps_;    // per text lane: this thread's codes -> the table's
  std::vector<InternCache> caches_;              // per text lane
  const Calendar& calendar_ = TheCalendar();
  bool scan_codes_ = false;  // a block was read twice: commit codes row by row
  // Per text lane: whether its cells go to an arena, and the arena; the
  // rows and the strings this thread has seen, to tell.
  std::vector<uint8_t> arena_on_;
  std::vector<Arena> arenas_;
  std::vector<uint64_t> lane_rows_;
  std::vector<uint64_t> hashes_;
  BlockResult result_;
  std::string scratch_;
  CsvRecordAt record_;
};

// Points the block's writes (targets_, and the fast path's ops_) at this
// thread's lanes, or at the table from row place_.
void Worker::Aim(bool in_lanes) {
  targets_.assign(s_.columns.size(), Target{});
  for (size_t c = 0; c < s_.columns.size(); ++c) {
    const ColumnPlan& col = s_.columns[c];
    Lane& l = lanes_[c];
    Target& t = targets_[c];
    if (col.fingerprint) t.fingerprints = in_lanes ? l.fingerprints.data() : s_.fingerprints[c] + place_;
    if (!col.store) continue;
    if (in_lanes) {
      t.present = l.present.data();
      switch (col.kind) {
        case ColumnKind::Int:
          t.values = l.ints.data();
          break;
        case ColumnKind::Decimal:
        case ColumnKind::Percent:
        case ColumnKind::Money:
          t.values = l.decimals.data();
          break;
        case ColumnKind::Bool:
          t.values = l.bools.data();
          break;
        case ColumnKind::Date:
          t.values = l.dates.data();
          break;
        case ColumnKind::Text:
        case ColumnKind::Id:
        case ColumnKind::Enum:
          t.values = l.codes.data();
          break;
      }
    } else {
      Column& column = s_.table->column(c);
      // A column that may not be missing has every row present (or the
      // read fails): the table shares ones for it (Column::SetAllPresent),
      // and the block's bytes stay in its lane, for Commit and Flush.
      t.present = col.optional ? column.mutable_present_data() + place_ : l.present.data();
      t.values = ValuesOf(column) + place_ * Column::ValueWidth(col.kind);
    }
  }
  for (size_t f = 0; f < ops_.size(); ++f) {
    int c = s_.column_of_field[f];
    if (c < 0) continue;
    const Target& t = targets_[static_cast<size_t>(c)];
    ops_[f].present = t.present;
    ops_[f].values = t.values;
    ops_[f].fingerprints = t.fingerprints;
  }
}

// Places block k, which holds at most `most` records (kNoCount: unknown).
// Its rows go straight into the table, after the most rows the blocks
// before it could have, unless one of them could not be placed or the
// table's arrays would not hold them; where its own rows could end is
// published at once, for the thread reading the next block. A block whose
// records turn out fewer (blank lines, line breaks in quotes) leaves a gap
// that Commit closes by moving its rows down; rows only ever move down,
// into rows no later block writes, so the blocks still being read are
// never in the way.
void Worker::Place(size_t k, uint64_t most) {
  uint64_t from = 0;
  if (k > 0) {
    const std::atomic<uint64_t>& before = s_.placed_end[k - 1];
    while ((from = before.load(std::memory_order_acquire)) == Shared::kUnknown) {
      if (s_.failed.load(std::memory_order_relaxed)) {
        from = Shared::kNoPlace;
        break;
      }
      std::this_thread::yield();
    }
  }
  const bool placed =
      from != Shared::kNoPlace && most != kNoCount && from <= s_.most_rows && most <= s_.most_rows - from;
  s_.placed_end[k].store(placed ? from + most : Shared::kNoPlace, std::memory_order_release);
  place_ = placed ? from : kInLanes;
  // A row has at least row_bytes bytes, so no block really holds more
  // than block_rows (the arenas' and the lanes' size); more is a wrong
  // guess of where its first record starts, which Commit corrects.
  row_limit_ = placed ? std::min<uint64_t>(most, s_.block_rows) : s_.block_rows;
  Aim(!placed);
  if (!placed) return;
  for (size_t c = 0; c < s_.columns.size(); ++c) {
    const Target& t = targets_[c];
    if (t.fingerprints) Populate(t.fingerprints, row_limit_ * sizeof(uint64_t));
    if (!t.present) continue;
    if (s_.columns[c].optional) Populate(t.present, row_limit_);
    Populate(t.values, row_limit_ * Column::ValueWidth(s_.columns[c].kind));
  }
}

// Moves the rows of the block just read from where Place put them down to
// row `to`, their place now that the blocks before it are in.
void Worker::MoveDown(uint64_t to, size_t rows) {
  for (size_t c = 0; c < s_.columns.size(); ++c) {
    const ColumnPlan& col = s_.columns[c];
    const Target& t = targets_[c];
    if (col.fingerprint) std::memmove(s_.fingerprints[c] + to, t.fingerprints, rows * sizeof(uint64_t));
    if (!col.store) continue;
    Column& column = s_.table->column(c);
    if (col.optional) std::memmove(column.mutable_present_data() + to, t.present, rows);
    const size_t bytes = Column::ValueWidth(col.kind);
    std::memmove(ValuesOf(column) + to * bytes, t.values, rows * bytes);
  }
}

void Worker::PutMissing(size_t c, size_t row) {
  const ColumnPlan& col = s_.columns[c];
  const Target& t = targets_[c];
  if (col.fingerprint) t.fingerprints[row] = 0;
  if (!col.store) return;
  t.present[row] = 0;
  switch (col.kind) {
    case ColumnKind::Int:
      static_cast<int64_t*>(t.values)[row] = 0;
      break;
    case ColumnKind::Decimal:
    case ColumnKind::Percent:
    case ColumnKind::Money:
      static_cast<Decimal*>(t.values)[row] = Decimal();
      break;
    case ColumnKind::Bool:
      static_cast<uint8_t*>(t.values)[row] = 0;
      break;
    case ColumnKind::Date:
      static_cast<Date*>(t.values)[row] = Date();
      break;
    case ColumnKind::Text:
    case ColumnKind::Id:
    case ColumnKind::Enum:
      static_cast<uint32_t*>(t.values)[row] = 0;
      break;
  }
}

// An unquoted field's bytes in their commonest spellings; false sends the
// record to GeneralCell (which may still read it). `present`: set when the
// field holds a value, so the record is not blank.
__attribute__((always_inline)) inline bool Worker::FastField(const FieldOp& op, const char* p, size_t n,
                                                             bool quoted, size_t row, bool& present,
                                                             const Calendar& calendar) {
  auto missing = [&] {
    if (!op.optional) return false;
    if (op.present) {
      op.present[row] = 0;
      std::memset(static_cast<char*>(op.values) + row * op.value_bytes, 0, op.value_bytes);
    }
    if (op.fingerprints) op.fingerprints[row] = 0;
    return true;
  };
  uint64_t fingerprint = 0;
  // One dispatch per field: the skip and the empty cell are tested in the cases.
  switch (op.code) {
    case FieldOp::kSkip:
      return true;
    case FieldOp::kInt: {
      if (n == 0) return missing();
      int64_t v;
      if (!FastInt(p, n, v)) return false;
      if (op.present) op.present[row] = 1, static_cast<int64_t*>(op.values)[row] = v;
      if (op.fingerprints) fingerprint = Mix(static_cast<uint64_t>(v));
      break;
    }
    case FieldOp::kDecimal:
    case FieldOp::kPercent: {
      if (n == 0) return missing();
      Decimal v;
      if (op.code == FieldOp::kPercent && p[n - 1] == '%') {
        if (n == 1 || !FastDecimal(p, n - 1, -2, v)) return false;
      } else if (!FastDecimal(p, n, 0, v)) {
        return false;
      }
      if (op.present) op.present[row] = 1, static_cast<Decimal*>(op.values)[row] = v;
      if (op.fingerprints) {
        auto u = static_cast<unsigned __int128>(v.units());
        fingerprint = Mix(static_cast<uint64_t>(u) ^ Mix(static_cast<uint64_t>(u >> 64)));
      }
      break;
    }
    case FieldOp::kBool: {
      if (n == 0) return missing();
      int v = FastBool(p, n);
      if (v < 0) return false;
      if (op.present) op.present[row] = 1, static_cast<uint8_t*>(op.values)[row] = static_cast<uint8_t>(v);
      if (op.fingerprints) fingerprint = Mix(static_cast<uint64_t>(v));
      break;
    }
    case FieldOp::kDate: {
      if (n == 0) return missing();
      Date v;
      if (!FastDate(p, n, op.uk_dates, calendar, v)) return false;
      if (op.present) op.present[row] = 1, static_cast<Date*>(op.values)[row] = v;
      if (op.fingerprints) fingerprint = Mix(static_cast<uint64_t>(static_cast<uint32_t>(v.days())));
      break;
    }
    case FieldOp::kText: {
      if (n == 0) return missing();
      if (!PlainAscii(p, n) && FirstNonTextByte(std::string_view(p, n)) != std::string_view::npos)
        return false;
      std::string_view text(p, n);
      if (IsBlank(p[0]) || IsBlank(p[n - 1])) {
        if (quoted) return false;  // kept exactly: ParseCell's
        text = Trim(text);
        if (text.empty()) return missing();
      }
      if (op.present && op.arena) {
        op.present[row] = 1;
        op.arena->Put(row, text);
      } else if (op.present) {
        op.present[row] = 1;
        uint32_t* code = static_cast<uint32_t*>(op.values) + row;
        InternCache::Entry* cached = nullptr;
        ShortKey key;
        if (text.size() <= InternCache::kMaxBytes) {
          key = KeyAt(text.data(), text.size());
          cached = &op.cache->At(key);
          if (cached->key == key && cached->code != kUnset) {
            *code = cached->code;
            cached = nullptr;
            code = nullptr;
          }
        }
        if (code) {
          uint64_t hash = StringDictionary::Hash(text);
          op.dictionary->Prefetch(hash);
          pending_[pending_count_++] = PendingIntern{code, text, hash, op.dictionary, cached, key};
        }
      }
      if (op.fingerprints) fingerprint = StringDictionary::Hash(text);
      break;
    }
    case FieldOp::kEnum: {
      if (n == 0) return missing();
      if (IsBlank(p[0]) || IsBlank(p[n - 1])) return false;
      size_t i = 0;
      if (n <= 16) {
        ShortKey key = KeyAt(p, n);
        while (i < op.enum_count && !(op.enum_keys[i] == key)) ++i;
      } else {
        while (i < op.enum_count && op.enum_values[i] != std::string_view(p, n)) ++i;
      }
      if (i == op.enum_count) return false;
      if (op.present) op.present[row] = 1, static_cast<uint32_t*>(op.values)[row] = static_cast<uint32_t>(i);
      if (op.fingerprints) fingerprint = Mix(i);
      break;
    }
    default:
      __builtin_unreachable();
  }
  if (op.fingerprints) op.fingerprints[row] = Fingerprint(fingerprint);
  present = true;
  return true;
}

// A field as ReadCsvFile reads it (CsvTableReader::State::ReadCell): false
// when that would be a problem.
bool Worker::GeneralCell(size_t c, const CsvField& field, size_t row) {
  const ColumnPlan& col = s_.columns[c];
  const Target& t = targets_[c];
  if (field.text_after_quote || field.truncated) return false;
  bool keeps_text = col.kind == ColumnKind::Text || col.kind == ColumnKind::Id;
  if (keeps_text && FirstNonTextByte(field.text) != std::string_view::npos) return false;
  // A quoted text or id cell is kept exactly; everything else is trimmed.
  bool exact = field.quoted && keeps_text;
  ParsedCell parsed = ParseCell(exact ? field.text : Trim(field.text), *col.spec);
  if (!parsed.problem.empty()) return false;
  if (std::holds_alternative<std::monostate>(parsed.value)) {
    PutMissing(c, row);
    return true;
  }
  uint64_t fingerprint = 0;
  if (col.store) t.present[row] = 1;
  if (const int64_t* v = std::get_if<int64_t>(&parsed.value)) {
    if (col.store) static_cast<int64_t*>(t.values)[row] = *v;
    fingerprint = Mix(static_cast<uint64_t>(*v));
  } else if (const Decimal* d = std::get_if<Decimal>(&parsed.value)) {
    if (col.store) static_cast<Decimal*>(t.values)[row] = *d;
    auto u = static_cast<unsigned __int128>(d->units());
    fingerprint = Mix(static_cast<uint64_t>(u) ^ Mix(static_cast<uint64_t>(u >> 64)));
  } else if (const bool* b = std::get_if<bool>(&parsed.value)) {
    if (col.store) static_cast<uint8_t*>(t.values)[row] = *b ? 1 : 0;
    fingerprint = Mix(*b ? 1 : 0);
  } else if (const Date* date = std::get_if<Date>(&parsed.value)) {
    if (col.store) static_cast<Date*>(t.values)[row] = *date;
    fingerprint = Mix(static_cast<uint64_t>(static_cast<uint32_t>(date->days())));
  } else if (const std::string_view* text = std::get_if<std::string_view>(&parsed.value)) {
    uint64_t hash = StringDictionary::Hash(*text);
    if (col.store) {
      size_t lane = static_cast<size_t>(col.text_lane);
      if (arena_on_[lane])
        arenas_[lane].Put(row, *text);
      else
        static_cast<uint32_t*>(t.values)[row] = dictionaries_[lane]->Intern(*text, hash);
    }
    fingerprint = hash;
  } else if (const EnumIndex* e = std::get_if<EnumIndex>(&parsed.value)) {
    if (col.store) static_cast<uint32_t*>(t.values)[row] = e->index;
    fingerprint = Mix(e->index);
  }
  if (col.fingerprint) t.fingerprints[row] = Fingerprint(fingerprint);
  return true;
}

// Reads the records that start in block k into the lanes. `start`: where its
// first record starts, when known; otherwise it is guessed as just after the
// first line break at or after the block's start, and Commit checks the guess.
void Worker::ParseBlock(size_t k, size_t start, BlockResult& r, bool first) {
  const uint64_t block_begin = s_.data_start + k * s_.block_bytes;
  const uint64_t block_end = std::min<uint64_t>(s_.file_size, block_begin + s_.block_bytes);
  r.start = kNoStart;
  r.end = 0;
  r.rows = 0;
  r.line_breaks = 0;
  r.ok = false;
  // Before any early return: a block with no record of its own must not
  // commit the line runs of this thread's previous block (whose counts then
  // underflowed into a runaway AppendLines).
  line_runs_.clear();
  r.dictionary_sizes.resize(dictionaries_.size());
  for (size_t i = 0; i < dictionaries_.size(); ++i)
    r.dictionary_sizes[i] = static_cast<uint32_t>(dictionaries_[i]->size());
  UseArenas();

  // Records start just after a line end, so no more of them start in the
  // block than there are line ends from the byte before it to the byte
  // before its end.
  if (start == kNoStart) {
    bool loaded = Load(block_begin - 1, std::min<uint64_t>(s_.file_size, block_end + kSlack));
    if (first)
      Place(k,
            loaded ? CountLineEnds(buffer_.get(), static_cast<size_t>(block_end - block_begin)) : kNoCount);
    if (!loaded) return;
    const char* b = buffer_.get();
    size_t limit = static_cast<size_t>(block_end - base_);
    size_t q = 0;
    while (q < limit && b[q] != '\n' && b[q] != '\r') ++q;
    if (q == limit) {
      r.ok = true;  // no record starts here, unless in a quoted field: Commit sees
      return;
    }
    start = base_ + q + 1;
    if (b[q] == '\r' && q + 1 < size_ && b[q + 1] == '\n') ++start;
  } else if (start < block_end) {
    // The first record at `start`, the others after line ends before the end.
    bool loaded = Load(start, std::min<uint64_t>(s_.file_size, block_end + kSlack));
    if (first)
      Place(k,
            loaded ? 1 + CountLineEnds(buffer_.get(), static_cast<size_t>(block_end - 1 - start)) : kNoCount);
    if (!loaded) return;
  } else if (first) {
    Place(k, 0);
  }
  r.start = start;
  if (start >= block_end) {
    r.end = start;
    r.ok = true;
    return;
  }

  const size_t H = s_.fields;
  const int* column_of_field = s_.column_of_field.data();
  const FieldOp* ops = ops_.data();
  size_t row = 0;
  uint64_t line = 0;
  uint64_t next_line = UINT64_MAX;  // where a row continuing the run would be
  line_runs_.clear();
  auto add_row = [&] {
    if (line != next_line) line_runs_.emplace_back(static_cast<uint32_t>(row), static_cast<uint32_t>(line));
    next_line = line + 1;
    ++row;
  };
  size_t at = static_cast<size_t>(start - base_);  // the next record, in the buffer
  FieldEnds ends;                                  // of the buffer as it is
  bool started = false;                            // `ends` is at `at`
  const Calendar& calendar = calendar_;
  const size_t most_rows = row_limit_;
  while (base_ + at < block_end) {
    if (row == most_rows) return;  // only when the guessed start was wrong
    const char* const data = buffer_.get();
    const char* const end = data + size_;
    const char* p = data + at;
    const char* q;
    bool present = false;  // a field has a value: the record is not blank
    pending_count_ = 0;
    if (!started) ends.Start(p), started = true;
    // The fast path: fields without quotes, or simply quoted, each read as it is found.
    {
      const char* text;
      size_t n;
      bool quoted;
      for (size_t f = 0; f + 1 < H; ++f) {
        if (!ends.Field(p, text, n, quoted, q) || *q != ',' ||
            !FastField(ops[f], text, n, quoted, row, present, calendar))
          goto general;
        p = q + 1;
      }
      if (!ends.Field(p, text, n, quoted, q) || (*q != '\n' && *q != '\r')) goto general;
      if (q == end && !AtEnd()) goto more;  // the buffer ends inside the field
      if (!FastField(ops[H - 1], text, n, quoted, row, present, calendar) || !present) goto general;
    }
    {
      size_t next;
      uint64_t breaks = 1;
      if (q == end) {
        next = size_, breaks = 0;
      } else if (*q == '\r') {
        if (q + 1 == end && !AtEnd()) goto more;
        next = static_cast<size_t>(q + 1 - data);
        if (q + 1 < end && q[1] == '\n') ++next, ends.Next();  // the LF of a CRLF
      } else {
        next = static_cast<size_t>(q + 1 - data);
      }
      for (size_t i = 0; i < pending_count_; ++i) {
        const PendingIntern& w = pending_[i];
        *w.code = w.dictionary->Intern(w.text, w.hash);
        if (w.cached) w.cached->key = w.key, w.cached->code = *w.code;
      }
      add_row();
      line += breaks;
      at = next;
      continue;
    }
  general:
    // Quotes, blank records, wrong field counts and cells the fast path does
    // not know: the record exactly as CsvRecordSplitter splits it.
    started = false;
    ParseCsvRecordAt(std::string_view(data, size_), at, AtEnd(), kMaxRecord, scratch_, record_);
    if (record_.status == CsvRecordAt::Status::Incomplete) goto more;
    if (record_.status != CsvRecordAt::Status::Ok) return;
    {
      bool blank = true;
      for (const CsvField& field : record_.fields)
        blank = blank && Trim(field.text).empty() && !field.text_after_quote;
      if (!blank) {
        if (record_.fields.size() != H) return;
        for (size_t f = 0; f < H; ++f) {
          int c = column_of_field[f];
          if (c >= 0 && !GeneralCell(static_cast<size_t>(c), record_.fields[f], row)) return;
        }
        add_row();
      }
      line += record_.line_breaks;
      at = record_.end;
      continue;
    }
  more:
    if (!Extend(at)) return;
    at = 0;
    started = false;
  }
  r.end = base_ + at;
  r.rows = row;
  r.line_breaks = line;
  r.ok = true;
}

bool Worker::Commit(size_t k, uint64_t& offset) {
  BlockResult& r = result_;
  size_t start = StartOf(k);
  if (r.start != start) {
    // The guess was wrong (a quoted field holds a line break there): read
    // the block again from where the previous one really ended. Strings of
    // the wrong reading stay in this thread's dictionaries, so from now on
    // codes are committed row by row, only those rows use.
    ParseBlock(k, start, r, false);
    scan_codes_ = true;
  }
  if (!r.ok) return false;
  if (s_.rows + r.rows > s_.most_rows) return false;  // cannot be, by the bound; never written past
  offset = s_.rows;
  // New strings get the table's next codes in the order the file first
  // uses them, as ReadCsvFile numbers them.
  for (size_t c = 0; c < s_.columns.size() && !s_.direct; ++c) {
    const ColumnPlan& col = s_.columns[c];
    if (col.text_lane < 0) continue;
    size_t lane = static_cast<size_t>(col.text_lane);
    StringDictionary& mine = *dictionaries_[lane];
    std::vector<uint32_t>& remap = remaps_[lane];
    StringDictionary& table = s_.table->column(c).mutable_strings();
    remap.resize(mine.size(), kUnset);
    if (arena_on_[lane]) {
      // Straight into the table's dictionary, in row order, each slot
      // fetched a few rows ahead.
      constexpr size_t kAhead = 8;
      const uint8_t* present = targets_[c].present;
      uint32_t* codes = static_cast<uint32_t*>(targets_[c].values);
      const Arena& a = arenas_[lane];
      hashes_.resize(r.rows);
      for (size_t i = 0; i < r.rows; ++i) hashes_[i] = present[i] ? StringDictionary::Hash(a.At(i)) : 0;
      for (size_t i = 0; i < r.rows; ++i) {
        if (i + kAhead < r.rows) table.Prefetch(hashes_[i + kAhead]);
        codes[i] = present[i] ? table.Intern(a.At(i), hashes_[i]) : 0;
      }
    } else if (!scan_codes_) {
      // Many new strings (ids) each miss the cache: their slots are
      // fetched a few strings ahead.
      constexpr size_t kAhead = 8;
      const size_t first = r.dictionary_sizes[lane], last = mine.size();
      hashes_.resize(last - first);
      for (size_t code = first; code < last; ++code)
        hashes_[code - first] = StringDictionary::Hash(mine[static_cast<uint32_t>(code)]);
      for (size_t code = first; code < last; ++code) {
        if (code + kAhead < last) table.Prefetch(hashes_[code + kAhead - first]);
        remap[code] = table.Intern(mine[static_cast<uint32_t>(code)], hashes_[code - first]);
      }
    } else {
      const uint8_t* present = targets_[c].present;
      const uint32_t* codes = static_cast<const uint32_t*>(targets_[c].values);
      for (size_t i = 0; i < r.rows; ++i) {
        if (!present[i]) continue;
        uint32_t code = codes[i];
        if (remap[code] == kUnset) remap[code] = table.Intern(mine[code]);
      }
    }
  }
  if (place_ != kInLanes && place_ != offset) MoveDown(offset, r.rows);
  for (size_t lane = 0; lane < lane_rows_.size(); ++lane) lane_rows_[lane] += r.rows;
  for (size_t i = 0; i < line_runs_.size(); ++i) {
    size_t last = i + 1 < line_runs_.size() ? line_runs_[i + 1].first : r.rows;
    s_.table->AppendLines(s_.data_line + s_.line + line_runs_[i].second, last - line_runs_[i].first);
  }
  if (s_.parallel && s_.parallel->on_rows) {
    // The dictionaries only this turn may change: their sizes now bound
    // every code in the rows committed so far.
    dictionary_sizes_.assign(s_.columns.size(), 0);
    for (size_t c = 0; c < s_.columns.size(); ++c)
      if (s_.columns[c].store &&
          (s_.columns[c].kind == ColumnKind::Text || s_.columns[c].kind == ColumnKind::Id ||
           s_.columns[c].kind == ColumnKind::Enum))
        dictionary_sizes_[c] = s_.table->column(c).dictionary_size();
  }
  s_.rows += r.rows;
  s_.line += r.line_breaks;
  s_.end = r.end;
  s_.bytes_done.store(r.end, std::memory_order_relaxed);
  s_.committed.store(k + 1, std::memory_order_release);
  s_.committed.notify_all();
  return true;
}

// Copies the committed block into its rows of the table.
void Worker::Flush(uint64_t offset) {
  const size_t rows = result_.rows;
  Table& table = *s_.table;
  if (place_ != kInLanes) {
    // In place: only codes of this thread's own strings are to be renumbered.
    for (size_t c = 0; c < s_.columns.size(); ++c) {
      int lane = s_.columns[c].text_lane;
      if (lane < 0 || s_.direct || arena_on_[static_cast<size_t>(lane)]) continue;
      const std::vector<uint32_t>& remap = remaps_[static_cast<size_t>(lane)];
      Column& column = table.column(c);
      const uint8_t* present =
          s_.columns[c].optional ? column.present_data() + offset : lanes_[c].present.data();
      uint32_t* codes = column.mutable_code_data() + offset;
      for (size_t i = 0; i < rows; ++i) codes[i] = present[i] ? remap[codes[i]] : 0;
    }
    return;
  }
  for (size_t c = 0; c < s_.columns.size(); ++c) {
    const ColumnPlan& col = s_.columns[c];
    const Lane& l = lanes_[c];
    if (col.fingerprint)
      std::memcpy(s_.fingerprints[c] + offset, l.fingerprints.data(), rows * sizeof(uint64_t));
    if (!col.store) continue;
    Column& column = table.column(c);
    if (col.optional) {
      Populate(column.mutable_present_data() + offset, rows);
      std::memcpy(column.mutable_present_data() + offset, l.present.data(), rows);
    }
    switch (col.kind) {
      case ColumnKind::Int:
        Populate(column.mutable_int_data() + offset, rows * sizeof(int64_t));
        break;
      case ColumnKind::Decimal:
      case ColumnKind::Percent:
      case ColumnKind::Money:
        Populate(column.mutable_decimal_data() + offset, rows * sizeof(Decimal));
        break;
      case ColumnKind::Bool:
        Populate(column.mutable_bool_data() + offset, rows);
        break;
      case ColumnKind::Date:
        Populate(column.mutable_date_data() + offset, rows * sizeof(Date));
        break;
      case ColumnKind::Text:
      case ColumnKind::Id:
      case ColumnKind::Enum:
        Populate(column.mutable_code_data() + offset, rows * sizeof(uint32_t));
        break;
    }
    switch (col.kind) {
      case ColumnKind::Int:
        std::memcpy(column.mutable_int_data() + offset, l.ints.data(), rows * sizeof(int64_t));
        break;
      case ColumnKind::Decimal:
      case ColumnKind::Percent:
      case ColumnKind::Money:
        std::memcpy(static_cast<void*>(column.mutable_decimal_data() + offset), l.decimals.data(),
                    rows * sizeof(Decimal));
        break;
      case ColumnKind::Bool:
        std::memcpy(column.mutable_bool_data() + offset, l.bools.data(), rows);
        break;
      case ColumnKind::Date:
        std::memcpy(static_cast<void*>(column.mutable_date_data() + offset), l.dates.data(),
                    rows * sizeof(Date));
        break;
      case ColumnKind::Enum:
        std::memcpy(column.mutable_code_data() + offset, l.codes.data(), rows * sizeof(uint32_t));
        break;
      case ColumnKind::Text:
      case ColumnKind::Id: {
        if (s_.direct || arena_on_[static_cast<size_t>(col.text_lane)]) {
          std::memcpy(column.mutable_code_data() + offset, l.codes.data(), rows * sizeof(uint32_t));
          break;
        }
        const std::vector<uint32_t>& remap = remaps_[static_cast<size_t>(col.text_lane)];
        uint32_t* out = column.mutable_code_data() + offset;
        for (size_t i = 0; i < rows; ++i) out[i] = l.present[i] ? remap[l.codes[i]] : 0;
        break;
      }
    }
  }
}

// ---------------------------------------------------------------- keys

// Whether some fingerprint other than 0 appears twice: the fingerprints are
// spread into buckets by their top bits, then each bucket into a small hash
// set, so the work stays in cache.
bool HasRepeat(const uint64_t* fingerprints, size_t n) {
  size_t present = 0;
  for (size_t i = 0; i < n; ++i) present += fingerprints[i] != 0;
  if (present < 2) return false;
  int bits = 0;
  while ((present >> bits) > 4096 && bits < 16) ++bits;
  const size_t buckets = size_t{1} << bits;
  std::vector<size_t> starts(buckets + 1, 0);
  auto bucket = [bits](uint64_t f) { return bits ? static_cast<size_t>(f >> (64 - bits)) : 0; };
  for (size_t i = 0; i < n; ++i)
    if (fingerprints[i]) ++starts[bucket(fingerprints[i]) + 1];
  for (size_t b = 0; b < buckets; ++b) starts[b + 1] += starts[b];
  std::vector<uint64_t> spread(present);
  std::vector<size_t> fill(starts.begin(), starts.end() - 1);
  for (size_t i = 0; i < n; ++i)
    if (fingerprints[i]) spread[fill[bucket(fingerprints[i])]++] = fingerprints[i];
  std::vector<uint64_t> set;
  for (size_t b = 0; b < buckets; ++b) {
    size_t count = starts[b + 1] - starts[b];
    if (count < 2) continue;
    size_t size = 16;
    while (size < count * 2) size *= 2;
    set.assign(size, 0);
    for (size_t i = starts[b]; i < starts[b + 1]; ++i) {
      uint64_t f = spread[i];
      for (size_t slot = f & (size - 1);; slot = (slot + 1) & (size - 1)) {
        if (set[slot] == 0) {
          set[slot] = f;
          break;
        }
        if (set[slot] == f) return true;
      }
    }
  }
  return false;
}

// The fewest bytes a cell of `column` can have in a row that reads: 0 for
// an optional column (empty), 10 for a date, an enumeration's shortest
// value, 1 for anything else.
uint64_t ShortestCell(const ColumnSpec& column) {
  if (column.optional) return 0;
  if (column.kind == ColumnKind::Date) return 10;
  if (column.kind == ColumnKind::Enum && !column.enum_values.empty()) {
    size_t shortest = SIZE_MAX;
    for (const std::string& v : column.enum_values) shortest = std::min(shortest, v.size());
    return std::max<size_t>(shortest, 1);
  }
  return 1;
}

// ---------------------------------------------------------------- the header

// Finds the header (the first record that is not blank) as ReadCsvFile reads
// it, and fills in the columns' fields. False when ReadCsvFile would report
// anything about it.
bool ReadHeader(int fd, uint64_t file_size, Shared& s) {
  std::string bytes;
  uint64_t skip = 0;  // the file offset of bytes[0]: a byte order mark, blank lines passed
  size_t at = 0;
  uint64_t line = 1;
  std::string scratch;
  CsvRecordAt record;
  auto read_more = [&]() -> bool {
    // Only the record being read is kept: a file of a billion blank lines
    // costs no more memory than one of a few.
    bytes.erase(0, at);
    skip += at;
    at = 0;
    uint64_t have = skip + bytes.size();
    if (have >= file_size) return false;
    size_t want =
        static_cast<size_t>(std::min<uint64_t>(file_size - have, std::max<size_t>(bytes.size(), 64 << 10)));
    size_t old = bytes.size();
    bytes.resize(old + want);
    ssize_t got = ReadAt(fd, bytes.data() + old, want, have);
    if (got < 0 || static_cast<size_t>(got) != want) return false;
    return true;
  };
  if (!read_more()) return false;  // an empty file
  if (std::string_view(bytes).substr(0, kBom.size()) == kBom) {
    bytes.erase(0, kBom.size());
    skip = kBom.size();
  }
  while (true) {
    bool at_end = skip + bytes.size() == file_size;
    if (at == bytes.size() && at_end) return false;  // no header
    ParseCsvRecordAt(bytes, at, at_end, kMaxRecord, scratch, record);
    if (record.status == CsvRecordAt::Status::Incomplete) {
      if (!read_more()) return false;
      continue;
    }
    if (record.status != CsvRecordAt::Status::Ok) return false;
    bool blank = true;
    for (const CsvField& field : record.fields)
      blank = blank && Trim(field.text).empty() && !field.text_after_quote;
    if (!blank) break;
    line += record.line_breaks;
    at = record.end;
  }

  // The header itself, split by the reference splitter.
  std::vector<std::string> names;
  size_t records = 0, field_count = 0;
  bool too_long = false, not_text = false;
  auto sink = [&](const CsvRecord& r) {
    ++records;
    field_count = r.field_count;
    too_long = r.too_long;
    for (const CsvField& f : r.fields) {
      not_text = not_text || FirstNonTextByte(f.text) != std::string_view::npos;
      names.emplace_back(Trim(f.text));
    }
  };
  CsvRecordSplitter splitter;
  splitter.Feed(std::string_view(bytes).substr(at, record.end - at), sink);
  if (splitter.Finish(sink) != 0 || records != 1 || too_long || not_text || field_count != names.size())
    return false;
  s.fields = field_count;
  s.column_of_field.assign(field_count, -1);
  for (size_t c = 0; c < s.schema->columns.size(); ++c) {
    size_t found = 0, field = 0;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == s.schema->columns[c].name) ++found, field = i;
    if (found != 1) return false;                     // missing, or named twice
    if (s.column_of_field[field] >= 0) return false;  // two columns of one name: not for the fast path
    s.column_of_field[field] = static_cast<int>(c);
  }
  s.data_start = skip + record.end;
  s.data_line = line + record.line_breaks;
  return true;
}

}  // namespace

std::optional<CsvResult> ReadCsvFileParallel(const std::string& path, const TableSchema& schema,
                                             const CsvOptions& options, const ParallelCsvOptions& parallel) {
  try {
    DataFile file(path);  // only a regular file, never blocking (a named pipe)
    if (file.fd() < 0) return std::nullopt;

    Shared s;
    s.schema = &schema;
    s.fd = file.fd();
    s.file_size = file.size();
    if (!ReadHeader(s.fd, s.file_size, s)) return std::nullopt;

    s.columns.resize(schema.columns.size());
    for (size_t c = 0; c < schema.columns.size(); ++c) {
      const ColumnSpec& spec = schema.columns[c];
      ColumnPlan& col = s.columns[c];
      col.spec = &spec;
      col.kind = spec.kind;
      col.optional = spec.optional;
      col.store =
          parallel.materialize.empty() || (c < parallel.materialize.size() && parallel.materialize[c]);
      bool text = spec.kind == ColumnKind::Text || spec.kind == ColumnKind::Id;
      // A stored text key is checked by its dictionary: as many strings as values.
      col.fingerprint = spec.key && !(col.store && text);
      if (col.store && text) col.text_lane = static_cast<int>(s.text_lanes++);
      for (const std::string& v : spec.enum_values) {
        col.enum_values.push_back(v);
        col.enum_keys.push_back(v.size() <= 16 ? KeyOf(v) : ShortKey{0, 0, SIZE_MAX});
      }
    }

    const uint64_t data = s.file_size - s.data_start;
    constexpr unsigned kMostThreads = 64;
    unsigned threads =
        std::min(kMostThreads,
                 parallel.threads ? parallel.threads : std::max(1u, std::thread::hardware_concurrency()));
    s.block_bytes =
        parallel.block_bytes
            ? parallel.block_bytes
            : static_cast<size_t>(std::clamp<uint64_t>(data / (threads * 16), 64 << 10, 512 << 10));
    s.blocks = static_cast<size_t>((data + s.block_bytes - 1) / s.block_bytes);
    threads = static_cast<unsigned>(std::min<uint64_t>(threads, std::max<size_t>(s.blocks, 1)));
    s.direct = threads == 1;
    // A row has a byte for each field's comma or line break, and each
    // required column's shortest spelling; so many rows at most fit (the
    // table's arrays are sized for them, untouched pages costing nothing).
    uint64_t row_bytes = s.fields;
    for (const ColumnPlan& col : s.columns) row_bytes += ShortestCell(*col.spec);
    s.block_rows = s.block_bytes / row_bytes + 2;
    const uint64_t most_rows = data / row_bytes + 1;
    s.most_rows = most_rows;

    CsvOptions named = options;
    if (named.display_path.empty()) named.display_path = path;
    CsvResult result{Table(schema), DataReport(named.display_path, named.max_listed_per_rule)};
    Table& table = result.table;
    s.table = &table;
    s.parallel = &parallel;
    for (size_t c = 0; c < s.columns.size(); ++c) {
      if (!s.columns[c].store) continue;
      Column& column = table.column(c);
      column.Resize(most_rows);
      AdviseHuge(ValuesOf(column), most_rows * Column::ValueWidth(column.kind()));
      if (s.columns[c].optional)
        AdviseHuge(column.mutable_present_data(), most_rows);
      else
        column.SetAllPresent(most_rows);  // or the read fails; Worker::Aim
    }
    std::vector<LoadVector<uint64_t>> fingerprints(s.columns.size());
    s.fingerprints.assign(s.columns.size(), nullptr);
    for (size_t c = 0; c < s.columns.size(); ++c) {
      if (!s.columns[c].fingerprint) continue;
      fingerprints[c].resize(most_rows);
      s.fingerprints[c] = fingerprints[c].data();
      AdviseHuge(s.fingerprints[c], most_rows * sizeof(uint64_t));
    }
    s.placed_end.reset(new std::atomic<uint64_t>[s.blocks]);
    for (size_t k = 0; k < s.blocks; ++k) s.placed_end[k].store(Shared::kUnknown, std::memory_order_relaxed);

    std::vector<std::unique_ptr<Worker>> workers;
    for (unsigned t = 0; t < threads; ++t) workers.push_back(std::make_unique<Worker>(s, t));
    std::vector<std::thread> others;
    try {
      for (unsigned t = 1; t < threads; ++t)
        others.emplace_back([&s, &workers, &named, t] { workers[t]->Run(false, named); });
    } catch (const std::exception&) {
      s.Fail();  // no thread to be had: stop those started
    }
    workers[0]->Run(true, named);
    for (std::thread& t : others) t.join();
    if (s.failed.load() || s.committed.load() != s.blocks) return std::nullopt;

    const size_t rows = static_cast<size_t>(s.rows);
    if (table.row_count() != rows) return std::nullopt;  // cannot be
    for (size_t c = 0; c < s.columns.size(); ++c) {
      const ColumnPlan& col = s.columns[c];
      if (col.store) table.column(c).Resize(rows);
      if (!col.spec->key) continue;
      if (col.fingerprint) {
        if (HasRepeat(fingerprints[c].data(), rows)) return std::nullopt;
      } else {
        const Column& column = table.column(c);
        size_t present = 0;
        for (size_t i = 0; i < rows; ++i) present += column.present(i);
        if (present != column.dictionary_size()) return std::nullopt;
      }
    }
    result.report.rows = rows;
    if (options.progress) options.progress(s.file_size, s.file_size);
    return result;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace ocf
