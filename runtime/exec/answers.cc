#include "runtime/exec/answers.h"

#include <cstring>
#include <deque>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/mix.h"

namespace ocf::exec {

// ValueBag's exact state, written and read back part for part.
struct BagCodec {
  template <typename Write>
  static void Save(const ValueBag& b, Write&& w);
  template <typename Read>
  static bool Load(ValueBag& b, Read& r);
};

namespace {

// A layout with the given cells whose names view a text it holds.
std::shared_ptr<const GroupLayout> CopyLayout(const std::vector<std::string_view>& names,
                                              std::vector<uint32_t> begin, std::vector<uint32_t> finest) {
  struct Held {
    std::string text;
    GroupLayout layout;
  };
  auto held = std::make_shared<Held>();
  size_t bytes = 0;
  for (std::string_view name : names) bytes += name.size();
  held->text.reserve(bytes);
  for (std::string_view name : names) held->text += name;
  size_t start = 0;
  for (std::string_view name : names) {
    held->layout.names.push_back(std::string_view(held->text).substr(start, name.size()));
    start += name.size();
  }
  held->layout.begin = std::move(begin);
  held->layout.finest = std::move(finest);
  return std::shared_ptr<const GroupLayout>(held, &held->layout);
}

}  // namespace

struct AnswerRecord::Data {
  std::map<std::string, AggState> states;
  std::map<std::string, GroupCells> cells;
  std::map<std::string, int64_t> numbers;
  size_t bytes = 0;
  bool complete = true;
  // The record's own copies of the texts its answers view: a source's
  // layouts and values view its dictionaries, which may be gone by the time
  // the record is written.
  std::deque<std::string> texts;
  // Each source layout recorded (kept alive, so that no other takes its
  // address) and the record's copy of it, which the recorded cells share.
  std::unordered_map<const GroupLayout*,
                     std::pair<std::shared_ptr<const GroupLayout>, std::shared_ptr<const GroupLayout>>>
      layouts;

  void OwnText(interp::Value& v) {
    if (v.s.empty()) return;
    v.s = texts.emplace_back(v.s);
  }
  void OwnTexts(int64_t&) {}
  void OwnTexts(AggState& s) {
    if (!s.has_extras() || s.best().s.empty()) return;
    interp::Value best = s.best();
    OwnText(best);
    s.set_best(best);
  }
  void OwnTexts(GroupCells& c) {
    for (AggState& s : c.states) OwnTexts(s);
    if (!c.layout) return;
    auto [it, added] = layouts.try_emplace(c.layout.get());
    if (added) it->second = {c.layout, CopyLayout(c.layout->names, c.layout->begin, c.layout->finest)};
    c.layout = it->second.second;
  }

  // Keeps `cost` more bytes of answers, unless that is too many: then every
  // answer is dropped and the record is incomplete from then on.
  bool Room(size_t cost) {
    if (!complete) return false;
    bytes += cost;
    if (bytes <= kMaxBytes) return true;
    complete = false;
    states.clear();
    cells.clear();
    numbers.clear();
    return false;
  }
};

AnswerRecord::AnswerRecord() : data_(std::make_unique<Data>()) {}
AnswerRecord::~AnswerRecord() = default;
AnswerRecord::AnswerRecord(AnswerRecord&&) noexcept = default;
AnswerRecord& AnswerRecord::operator=(AnswerRecord&&) noexcept = default;
bool AnswerRecord::complete() const { return data_->complete; }

namespace {

// A question as a map key: its kind and arguments.
std::string PeriodKey(const Period& p) {
  return fmt::format("{}|{}|{}|{}|{}", static_cast<int>(p.kind), p.start.days(), p.end.days(),
                     p.contract_year, p.label);
}
std::string StateKey(size_t agg, const Period& p) { return fmt::format("S{}|{}", agg, PeriodKey(p)); }
std::string GroupKey(size_t agg, const Period* only) {
  return only ? fmt::format("G{}|{}", agg, PeriodKey(*only)) : fmt::format("G{}", agg);
}
std::string PresenceKey(size_t t, size_t column) { return fmt::format("P{}|{}", t, column); }
std::string NumberKey(char kind, size_t i) { return fmt::format("{}{}", kind, i); }

size_t Cost(int64_t) { return 32; }
size_t Cost(const AggState& s) {
  size_t n = sizeof(AggState);
  if (s.has_extras()) n += 64 + s.best().s.size() + s.bag().bytes();
  return n;
}
size_t Cost(const GroupCells& c) {
  size_t n = sizeof(GroupCells) + c.rows.size() * sizeof(int64_t);
  for (const AggState& s : c.states) n += Cost(s);
  if (c.layout) n += c.layout->names.size() * 24 + (c.layout->begin.size() + c.layout->finest.size()) * 4;
  return n;
}

constexpr char kMagic[8] = {'O', 'C', 'F', 'A', 'N', 'S', '1', '\0'};
// Changes whenever what is written changes (the build identity in the
// cache's key covers the rest).
constexpr uint32_t kLayoutVersion = 1;

class Writer {
 public:
  void Bytes(const void* p, size_t n) {
    if (n) out_.append(static_cast<const char*>(p), n);  // an empty view's data may be null
  }
  void U64(uint64_t v) { Bytes(&v, sizeof v); }
  void I64(int64_t v) { Bytes(&v, sizeof v); }
  void I128(__int128 v) { Bytes(&v, sizeof v); }
  void Text(std::string_view s) {
    U64(s.size());
    Bytes(s.data(), s.size());
  }
  template <typename T>
  void Array(const std::vector<T>& v) {
    U64(v.size());
    if (!v.empty()) Bytes(v.data(), v.size() * sizeof(T));
  }
  std::string& out() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Bytes(void* p, size_t n) {
    if (n > in_.size() - at_) return false;
    if (n) std::memcpy(p, in_.data() + at_, n);
    at_ += n;
    return true;
  }
  bool U64(uint64_t& v) { return Bytes(&v, sizeof v); }
  // The next word, left to be read.
  bool Peek(uint64_t& v) {
    if (sizeof v > in_.size() - at_) return false;
    std::memcpy(&v, in_.data() + at_, sizeof v);
    return true;
  }
  bool I64(int64_t& v) { return Bytes(&v, sizeof v); }
  bool I128(__int128& v) { return Bytes(&v, sizeof v); }
  // A count of items of at least `item` bytes each that the rest can hold.
  bool Count(uint64_t& n, size_t item) {
    return U64(n) && n <= (in_.size() - at_) / std::max<size_t>(item, 1);
  }
  bool Text(std::string& s) {
    uint64_t n;
    if (!Count(n, 1)) return false;
    s.assign(in_.data() + at_, n);
    at_ += n;
    return true;
  }
  template <typename T>
  bool Array(std::vector<T>& v) {
    uint64_t n;
    if (!Count(n, sizeof(T))) return false;
    v.resize(n);
    return Bytes(v.data(), n * sizeof(T));
  }
  bool done() const { return at_ == in_.size(); }

 private:
  std::string_view in_;
  size_t at_ = 0;
};

void SaveState(Writer& w, const AggState& s) {
  w.I64(s.rows);
  w.I64(s.hits);
  w.I64(s.n);
  w.I64(s.skipped);
  for (uint64_t word : s.sum.words()) w.U64(word);
  w.U64(s.has_extras() ? 1 : 0);
  if (!s.has_extras()) return;
  const interp::Value& best = s.best();
  w.U64(best.present ? 1 : 0);
  w.I64(best.i);
  w.I128(best.d.units());
  w.Text(best.s);
  w.I64(s.distinct());
  BagCodec::Save(s.bag(), w);
}

bool LoadState(Reader& r, AggState& s, std::deque<std::string>& texts) {
  uint64_t words[4], extras;
  if (!r.I64(s.rows) || !r.I64(s.hits) || !r.I64(s.n) || !r.I64(s.skipped)) return false;
  for (uint64_t& word : words)
    if (!r.U64(word)) return false;
  s.sum = WideSum::FromWords(words);
  if (!r.U64(extras) || extras > 1) return false;
  if (!extras) return true;
  uint64_t present, length;
  int64_t i, distinct;
  __int128 units;
  if (!r.U64(present) || present > 1 || !r.I64(i) || !r.I128(units)) return false;
  interp::Value best{present == 1, i, Decimal::FromUnits(units), {}};
  if (!r.Peek(length)) return false;
  if (length) {  // a text (min or max of a text column), kept by the record
    if (!r.Text(texts.emplace_back())) return false;
    best.s = texts.back();
  } else if (!r.U64(length)) {
    return false;
  }
  if (!r.I64(distinct)) return false;
  s.set_best(best);
  if (distinct >= 0) s.set_distinct(distinct);
  return BagCodec::Load(s.bag(), r);
}

}  // namespace

template <typename Write>
void BagCodec::Save(const ValueBag& b, Write&& w) {
  w.Array(b.dense_);
  w.Array(b.singles_);
  w.U64(b.runs_.size());
  for (const ValueBag::Run& run : b.runs_) {
    w.I128(run.value);
    w.U64(run.count);
  }
  w.U64(b.sorted_singles_);
  w.U64(b.sorted_runs_);
  w.U64(b.total_);
}

template <typename Read>
bool BagCodec::Load(ValueBag& b, Read& r) {
  uint64_t runs;
  if (!r.Array(b.dense_) || !r.Array(b.singles_) || !r.Count(runs, 24)) return false;
  b.runs_.resize(runs);
  for (ValueBag::Run& run : b.runs_)
    if (!r.I128(run.value) || !r.U64(run.count)) return false;
  uint64_t sorted_singles, sorted_runs, total;
  if (!r.U64(sorted_singles) || !r.U64(sorted_runs) || !r.U64(total)) return false;
  if (sorted_singles > b.singles_.size() || sorted_runs > b.runs_.size()) return false;
  b.sorted_singles_ = sorted_singles;
  b.sorted_runs_ = sorted_runs;
  b.total_ = total;
  return true;
}

std::string AnswerRecord::Serialize() const {
  Writer w;
  w.Bytes(kMagic, sizeof kMagic);
  w.U64(kLayoutVersion);
  w.Array(table_rows);
  // Layouts once each, however many aggregates' cells share one.
  std::unordered_map<const GroupLayout*, uint64_t> layout_index;
  std::vector<const GroupLayout*> layouts;
  for (const auto& [_, c] : data_->cells)
    if (c.layout && layout_index.emplace(c.layout.get(), layouts.size()).second)
      layouts.push_back(c.layout.get());
  w.U64(layouts.size());
  for (const GroupLayout* l : layouts) {
    w.U64(l->names.size());
    for (std::string_view name : l->names) w.Text(name);
    w.Array(l->begin);
    w.Array(l->finest);
  }
  w.U64(data_->states.size());
  for (const auto& [key, s] : data_->states) {
    w.Text(key);
    SaveState(w, s);
  }
  w.U64(data_->cells.size());
  for (const auto& [key, c] : data_->cells) {
    w.Text(key);
    w.U64(c.layout ? layout_index.at(c.layout.get()) : UINT64_MAX);
    w.U64(c.states.size());
    for (const AggState& s : c.states) SaveState(w, s);
    w.Array(c.rows);
  }
  w.U64(data_->numbers.size());
  for (const auto& [key, n] : data_->numbers) {
    w.Text(key);
    w.I64(n);
  }
  std::string& out = w.out();
  uint64_t sum = HashBytes(out.data(), out.size(), 0);
  out.append(reinterpret_cast<const char*>(&sum), sizeof sum);
  return std::move(out);
}

std::optional<AnswerRecord> AnswerRecord::Parse(std::string_view bytes) {
  uint64_t sum;
  if (bytes.size() < sizeof kMagic + 2 * sizeof sum) return std::nullopt;
  std::memcpy(&sum, bytes.data() + bytes.size() - sizeof sum, sizeof sum);
  bytes.remove_suffix(sizeof sum);
  if (HashBytes(bytes.data(), bytes.size(), 0) != sum) return std::nullopt;
  if (std::memcmp(bytes.data(), kMagic, sizeof kMagic) != 0) return std::nullopt;
  Reader r(bytes.substr(sizeof kMagic));
  uint64_t version, count;
  AnswerRecord record;
  Data& d = *record.data_;
  if (!r.U64(version) || version != kLayoutVersion || !r.Array(record.table_rows)) return std::nullopt;
  std::vector<std::shared_ptr<const GroupLayout>> layouts;
  if (!r.Count(count, 24)) return std::nullopt;
  for (uint64_t l = 0; l < count; ++l) {
    uint64_t names;
    if (!r.Count(names, 8)) return std::nullopt;
    std::vector<std::string> texts(names);
    for (std::string& name : texts)
      if (!r.Text(name)) return std::nullopt;
    std::vector<uint32_t> begin, finest;
    if (!r.Array(begin) || !r.Array(finest)) return std::nullopt;
    if (begin.size() != names + 1 || begin.back() != finest.size()) return std::nullopt;
    for (size_t k = 0; k < names; ++k)
      if (begin[k] > begin[k + 1]) return std::nullopt;
    layouts.push_back(CopyLayout(std::vector<std::string_view>(texts.begin(), texts.end()), std::move(begin),
                                 std::move(finest)));
  }
  if (!r.Count(count, 8)) return std::nullopt;
  for (uint64_t k = 0; k < count; ++k) {
    std::string key;
    AggState s;
    if (!r.Text(key) || !LoadState(r, s, d.texts)) return std::nullopt;
    d.states.emplace(std::move(key), std::move(s));
  }
  if (!r.Count(count, 8)) return std::nullopt;
  for (uint64_t k = 0; k < count; ++k) {
    std::string key;
    uint64_t layout, states;
    GroupCells c;
    if (!r.Text(key) || !r.U64(layout) || !r.Count(states, 72)) return std::nullopt;
    if (layout != UINT64_MAX) {
      if (layout >= layouts.size()) return std::nullopt;
      c.layout = layouts[layout];
    }
    c.states.resize(states);
    for (AggState& s : c.states)
      if (!LoadState(r, s, d.texts)) return std::nullopt;
    if (!r.Array(c.rows)) return std::nullopt;
    // Cells are one per place in the layout (or none, for the other kind).
    size_t cells = c.layout ? c.layout->finest.size() : 0;
    if ((!c.states.empty() && c.states.size() != cells) || (!c.rows.empty() && c.rows.size() != cells))
      return std::nullopt;
    d.cells.emplace(std::move(key), std::move(c));
  }
  if (!r.Count(count, 16)) return std::nullopt;
  for (uint64_t k = 0; k < count; ++k) {
    std::string key;
    int64_t n;
    if (!r.Text(key) || !r.I64(n)) return std::nullopt;
    d.numbers.emplace(std::move(key), n);
  }
  if (!r.done()) return std::nullopt;
  return record;
}

// ---------------------------------------------------------------- recording

namespace {

// Keeps `answer` in `map` under `key`, with texts of its own, if there is room.
template <typename Map, typename Answer>
void Keep(AnswerRecord::Data& d, Map& map, std::string key, const Answer& answer) {
  if (!d.Room(Cost(answer))) return;
  Answer kept = answer;
  d.OwnTexts(kept);
  map.insert_or_assign(std::move(key), std::move(kept));
}

}  // namespace

AggState RecordingSource::State(size_t agg, const Period& period) {
  AggState s = inner_.State(agg, period);
  Keep(*record_.data_, record_.data_->states, StateKey(agg, period), s);
  return s;
}

GroupCells RecordingSource::GroupStates(size_t agg, const Period* only) {
  GroupCells c = inner_.GroupStates(agg, only);
  Keep(*record_.data_, record_.data_->cells, GroupKey(agg, only), c);
  return c;
}

GroupCells RecordingSource::Presence(size_t t, size_t column) {
  GroupCells c = inner_.Presence(t, column);
  Keep(*record_.data_, record_.data_->cells, PresenceKey(t, column), c);
  return c;
}

bool RecordingSource::Mergeable(size_t agg) {
  bool m = inner_.Mergeable(agg);
  Keep(*record_.data_, record_.data_->numbers, NumberKey('M', agg), int64_t{m ? 1 : 0});
  return m;
}

int64_t RecordingSource::OutsideTerm(size_t t) {
  int64_t n = inner_.OutsideTerm(t);
  Keep(*record_.data_, record_.data_->numbers, NumberKey('O', t), n);
  return n;
}

int64_t RecordingSource::BaselineRows(size_t t) {
  int64_t n = inner_.BaselineRows(t);
  Keep(*record_.data_, record_.data_->numbers, NumberKey('B', t), n);
  return n;
}

// ---------------------------------------------------------------- replaying

namespace {

template <typename Map>
const typename Map::mapped_type& Find(const Map& map, const std::string& key) {
  auto it = map.find(key);
  if (it == map.end()) throw AnswerMissing("the answers cache has no answer for " + key);
  return it->second;
}

}  // namespace

AggState ReplaySource::State(size_t agg, const Period& period) {
  return Find(record_.data_->states, StateKey(agg, period));
}
GroupCells ReplaySource::GroupStates(size_t agg, const Period* only) {
  return Find(record_.data_->cells, GroupKey(agg, only));
}
GroupCells ReplaySource::Presence(size_t t, size_t column) {
  return Find(record_.data_->cells, PresenceKey(t, column));
}
bool ReplaySource::Mergeable(size_t agg) { return Find(record_.data_->numbers, NumberKey('M', agg)) != 0; }
int64_t ReplaySource::OutsideTerm(size_t t) { return Find(record_.data_->numbers, NumberKey('O', t)); }
int64_t ReplaySource::BaselineRows(size_t t) { return Find(record_.data_->numbers, NumberKey('B', t)); }

}  // namespace ocf::exec
