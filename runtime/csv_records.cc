#include "runtime/csv_records.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

namespace ocf {
namespace {

// Bytes that end a run of ordinary characters in an unquoted field.
constexpr std::array<bool, 256> kUnquotedStop = [] {
  std::array<bool, 256> t{};
  t[static_cast<unsigned char>(',')] = t[static_cast<unsigned char>('"')] = true;
  t[static_cast<unsigned char>('\n')] = t[static_cast<unsigned char>('\r')] = true;
  return t;
}();

bool IsNewline(char c) { return c == '\n' || c == '\r'; }

// High bit set in each byte of `w` equal to `c`; the lowest one is exact.
constexpr uint64_t MatchByte(uint64_t w, char c) {
  constexpr uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
  uint64_t x = w ^ (kOnes * static_cast<unsigned char>(c));
  return (x - kOnes) & ~x & kHighs;
}

// Where the run of ordinary unquoted bytes starting at `p` ends: eight bytes
// at a time, since most of a file is such runs.
const char* SkipUnquoted(const char* p, const char* end) {
  static_assert(std::endian::native == std::endian::little, "the lowest match is the first byte");
  while (end - p >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    uint64_t m = MatchByte(w, ',') | MatchByte(w, '"') | MatchByte(w, '\n') | MatchByte(w, '\r');
    if (m) return p + (std::countr_zero(m) >> 3);
    p += 8;
  }
  while (p < end && !kUnquotedStop[static_cast<unsigned char>(*p)]) ++p;
  return p;
}
bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

void CsvRecordSplitter::BeginField(bool quoted) {
  ++field_count_;
  field_kept_ = !too_long_ && marks_.size() < kMaxFields;
  if (!field_kept_) {
    too_long_ = true;
    return;
  }
  FieldMark mark;
  mark.begin = mark.end = storage_.size();
  mark.quoted = quoted;
  marks_.push_back(mark);
}

void CsvRecordSplitter::Append(const char* p, size_t n) {
  if (!field_kept_) return;
  FieldMark& mark = marks_.back();
  if (mark.truncated) return;
  size_t room = kMaxCellBytes - (storage_.size() - mark.begin);
  if (n > room) {
    n = room;
    mark.truncated = true;
  }
  if (storage_.size() + n > kMaxRecordBytes) {
    too_long_ = true;
    field_kept_ = false;
    return;
  }
  if (storage_.size() + n > storage_.capacity() && storage_.size() + n > kMaxCellBytes) {
    // A record past a megabyte gets room for the longest at once: doubling
    // its way there would leave each smaller buffer behind in the heap, and
    // hold twice the limit. The pages are only used as they are written.
    storage_.reserve(kMaxRecordBytes);
  }
  storage_.append(p, n);
}

void CsvRecordSplitter::EndField() {
  if (field_kept_) marks_.back().end = storage_.size();
  field_kept_ = false;
}

void CsvRecordSplitter::EndRecord(const Sink& sink) {
  record_.line = record_line_;
  record_.fields.clear();
  for (const FieldMark& m : marks_) {
    record_.fields.push_back(CsvField{std::string_view(storage_).substr(m.begin, m.end - m.begin), m.quoted,
                                      m.text_after_quote, m.truncated});
  }
  record_.field_count = field_count_;
  record_.too_long = too_long_;
  sink(record_);
  storage_.clear();
  marks_.clear();
  field_count_ = 0;
  too_long_ = false;
  state_ = State::FieldStart;
}

void CsvRecordSplitter::Newline(char c) {
  ++line_;
  after_cr_ = c == '\r';
}

const char* CsvRecordSplitter::FastRecord(const char* p, const char* end, const Sink& sink) {
  record_.fields.clear();
  const char* q = p;
  while (true) {
    if (q == end || record_.fields.size() >= kMaxFields) return nullptr;
    if (*q == '"') {
      // A quoted field with no `""` and no line break inside.
      const char* open = q + 1;
      const char* close = static_cast<const char*>(std::memchr(open, '"', static_cast<size_t>(end - open)));
      if (!close || close + 1 == end || static_cast<size_t>(close - open) > kMaxCellBytes) return nullptr;
      for (const char* c = open; c < close; ++c)
        if (IsNewline(*c)) return nullptr;
      q = close + 1;
      if (*q != ',' && !IsNewline(*q)) return nullptr;  // `""` inside, or text after the quote
      record_.fields.push_back(CsvField{std::string_view(open, static_cast<size_t>(close - open)), true});
    } else {
      const char* start = q;
      q = SkipUnquoted(q, end);
      if (q == end || *q == '"' || static_cast<size_t>(q - start) > kMaxCellBytes) return nullptr;
      record_.fields.push_back(CsvField{std::string_view(start, static_cast<size_t>(q - start))});
    }
    if (*q == ',') {
      ++q;
      continue;
    }
    record_.line = record_line_;
    record_.field_count = record_.fields.size();
    record_.too_long = false;
    sink(record_);
    Newline(*q);
    record_line_ = line_;
    return q + 1;
  }
}

void CsvRecordSplitter::Feed(std::string_view bytes, const Sink& sink) {
  const char* p = bytes.data();
  const char* const end = p + bytes.size();
  while (p < end) {
    if (after_cr_) {
      after_cr_ = false;
      if (*p == '\n') {
        // The LF of a CRLF: its line was counted at the CR.
        if (state_ == State::Quoted) Append(p, 1);
        ++p;
        continue;
      }
    }
    if (state_ == State::FieldStart && field_count_ == 0) {
      // Most records lie inside one block and need no unescaping: their
      // fields are handed on as views of the block, without copying.
      if (const char* next = FastRecord(p, end, sink)) {
        p = next;
        continue;
      }
    }
    char c = *p;
    switch (state_) {
      case State::FieldStart:
        if (c == '"') {
          BeginField(true);
          quote_line_ = line_;
          state_ = State::Quoted;
          ++p;
        } else if (c == ',') {
          BeginField(false);
          EndField();
          ++p;
        } else if (IsNewline(c)) {
          BeginField(false);
          EndField();
          EndRecord(sink);
          Newline(c);
          record_line_ = line_;
          ++p;
        } else {
          BeginField(false);
          state_ = State::Unquoted;
        }
        break;
      case State::Unquoted: {
        const char* run = p;
        p = SkipUnquoted(p, end);
        Append(run, static_cast<size_t>(p - run));
        if (p == end) break;
        c = *p++;
        if (c == '"') {
          // Spaces then a quote: the field is quoted after all (`a, "b,c"`).
          bool only_blanks = field_kept_ && !marks_.back().quoted;
          if (only_blanks) {
            for (size_t i = marks_.back().begin; i < storage_.size(); ++i)
              only_blanks &= IsBlank(storage_[i]);
          }
          if (only_blanks) {
            storage_.resize(marks_.back().begin);
            marks_.back().quoted = true;
            quote_line_ = line_;
            state_ = State::Quoted;
          } else {
            Append(&c, 1);
          }
        } else if (c == ',') {
          EndField();
          state_ = State::FieldStart;
        } else {
          EndField();
          EndRecord(sink);
          Newline(c);
          record_line_ = line_;
        }
        break;
      }
      case State::Quoted: {
        const char* run = p;
        while (p < end && *p != '"' && !IsNewline(*p)) ++p;
        Append(run, static_cast<size_t>(p - run));
        if (p == end) break;
        c = *p++;
        if (c == '"') {
          state_ = State::QuoteInQuoted;
        } else {
          Append(&c, 1);
          Newline(c);
        }
        break;
      }
      case State::QuoteInQuoted:
      case State::AfterQuote:
        if (c == '"' && state_ == State::QuoteInQuoted) {
          Append(&c, 1);  // `""` inside quotes is one quote
          state_ = State::Quoted;
          ++p;
        } else if (c == ',') {
          EndField();
          state_ = State::FieldStart;
          ++p;
        } else if (IsNewline(c)) {
          EndField();
          EndRecord(sink);
          Newline(c);
          record_line_ = line_;
          ++p;
        } else if (IsBlank(c)) {
          state_ = State::AfterQuote;
          ++p;
        } else {
          // `"ab"c`: keep the rest as written and let the reader say what is wrong.
          if (field_kept_) marks_.back().text_after_quote = true;
          state_ = State::Unquoted;
        }
        break;
    }
  }
}

uint64_t CsvRecordSplitter::Finish(const Sink& sink) {
  uint64_t open_quote = 0;
  if (state_ == State::Quoted) {
    open_quote = quote_line_;
  } else if (state_ != State::FieldStart || field_count_ > 0) {
    // A last record without a line break; after a trailing comma, its empty last field.
    if (state_ == State::FieldStart) BeginField(false);
    EndField();
    EndRecord(sink);
  }
  storage_.clear();
  marks_.clear();
  field_count_ = 0;
  too_long_ = false;
  field_kept_ = false;
  state_ = State::FieldStart;
  return open_quote;
}

void ParseCsvRecordAt(std::string_view bytes, size_t begin, bool at_end, size_t max_bytes,
                      std::string& scratch, CsvRecordAt& out) {
  using Status = CsvRecordAt::Status;
  // The states of CsvRecordSplitter::Feed, for one record held whole in `bytes`.
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuote };
  struct Mark {
    size_t begin, end;
    bool quoted, text_after_quote;
  };
  thread_local std::vector<Mark> marks;
  marks.clear();
  scratch.clear();
  out.fields.clear();
  out.line_breaks = 0;
  const size_t n = std::min(bytes.size(), begin + max_bytes + 1);
  const bool whole = at_end && n == bytes.size();
  State state = State::FieldStart;
  auto begin_field = [&](bool quoted) {
    marks.push_back(Mark{scratch.size(), scratch.size(), quoted, false});
  };
  auto end_field = [&] { marks.back().end = scratch.size(); };
  auto finish = [&](size_t end) {
    if (end - begin > max_bytes || marks.size() > kMaxFields) {
      out.status = Status::TooLong;
      return;
    }
    out.status = Status::Ok;
    out.end = end;
    for (const Mark& m : marks)
      out.fields.push_back(CsvField{std::string_view(scratch).substr(m.begin, m.end - m.begin), m.quoted,
                                    m.text_after_quote, false});
  };
  // The record ends with the line break at `i`; a CR's LF is part of it.
  auto end_record = [&](size_t i) {
    ++out.line_breaks;
    if (bytes[i] == '\r') {
      if (i + 1 == n) {
        if (!whole) {
          out.status = n == bytes.size() ? Status::Incomplete : Status::TooLong;
          return;
        }
        return finish(i + 1);
      }
      return finish(bytes[i + 1] == '\n' ? i + 2 : i + 1);
    }
    finish(i + 1);
  };
  size_t i = begin;
  while (true) {
    if (i == n) {
      if (!whole) {
        out.status = n == bytes.size() ? Status::Incomplete : Status::TooLong;
        return;
      }
      if (state == State::Quoted) {
        out.status = Status::OpenQuote;
        return;
      }
      // A last record without a line break; after a trailing comma, its empty last field.
      if (state == State::FieldStart) begin_field(false);
      end_field();
      return finish(n);
    }
    char c = bytes[i];
    switch (state) {
      case State::FieldStart:
        if (c == '"') {
          begin_field(true);
          state = State::Quoted;
          ++i;
        } else if (c == ',') {
          begin_field(false);
          end_field();
          ++i;
        } else if (IsNewline(c)) {
          begin_field(false);
          end_field();
          return end_record(i);
        } else {
          begin_field(false);
          state = State::Unquoted;
        }
        break;
      case State::Unquoted:
        if (c == ',') {
          end_field();
          state = State::FieldStart;
        } else if (IsNewline(c)) {
          end_field();
          return end_record(i);
        } else if (c == '"') {
          // Spaces then a quote: the field is quoted after all.
          Mark& m = marks.back();
          bool only_blanks = !m.quoted;
          for (size_t k = m.begin; only_blanks && k < scratch.size(); ++k) only_blanks = IsBlank(scratch[k]);
          if (only_blanks) {
            scratch.resize(m.begin);
            m.quoted = true;
            state = State::Quoted;
          } else {
            scratch += c;
          }
        } else {
          scratch += c;
        }
        ++i;
        break;
      case State::Quoted:
        if (c == '"') {
          state = State::QuoteInQuoted;
        } else {
          scratch += c;
          if (IsNewline(c)) {
            ++out.line_breaks;
            if (c == '\r') {
              // A CRLF inside quotes is one line break, both bytes kept.
              if (i + 1 == n) {
                if (!whole) {
                  out.status = n == bytes.size() ? Status::Incomplete : Status::TooLong;
                  return;
                }
              } else if (bytes[i + 1] == '\n') {
                scratch += '\n';
                ++i;
              }
            }
          }
        }
        ++i;
        break;
      case State::QuoteInQuoted:
      case State::AfterQuote:
        if (c == '"' && state == State::QuoteInQuoted) {
          scratch += c;  // `""` inside quotes is one quote
          state = State::Quoted;
          ++i;
        } else if (c == ',') {
          end_field();
          state = State::FieldStart;
          ++i;
        } else if (IsNewline(c)) {
          end_field();
          return end_record(i);
        } else if (IsBlank(c)) {
          state = State::AfterQuote;
          ++i;
        } else {
          marks.back().text_after_quote = true;
          state = State::Unquoted;
        }
        break;
    }
  }
}

}  // namespace ocf
