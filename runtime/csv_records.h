// Splitting CSV bytes into records and fields, by RFC 4180, a block at a time.
//
// The splitter is fed the file in blocks of any size and calls back once per
// record (a row, or the header), so a file is read in one pass with memory
// for one record, whatever the file's size. What it accepts:
//
// - Fields separated by `,`; records end with LF, CRLF or a lone CR.
// - A field starting with `"` (after optional spaces) is quoted: it may hold
//   commas, line breaks and quotes written twice (`""`). Spaces after the
//   closing quote are ignored; anything else there is kept and flagged
//   (`text_after_quote`), for the reader to report.
// - A `"` inside an unquoted field is an ordinary character.
// - An empty last line is not a record; a last record without a line break is.
//
// Lines are counted as an editor shows them (LF, CRLF or CR each end one),
// including the line breaks inside quoted fields, so each record knows the
// physical line it starts on.
//
// Hostile input cannot make it use unbounded memory: a field keeps at most
// kMaxCellBytes (then `truncated`), a record at most kMaxRecordBytes and
// kMaxFields fields (then `too_long`, while fields are still counted).
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace ocf {

inline constexpr size_t kMaxCellBytes = 1u << 20;     // 1 MB
inline constexpr size_t kMaxRecordBytes = 16u << 20;  // 16 MB
inline constexpr size_t kMaxFields = 1u << 16;

struct CsvField {
  std::string_view text;          // quotes removed, `""` made `"`; valid until the callback returns
  bool quoted = false;            // written in quotes
  bool text_after_quote = false;  // `"ab"c`: the `c` is kept, the field is not well formed
  bool truncated = false;         // longer than kMaxCellBytes: only its start is kept
};

struct CsvRecord {
  uint64_t line = 0;             // physical line where the record starts (1-based)
  std::vector<CsvField> fields;  // at most kMaxFields
  size_t field_count = 0;        // every field, even those not kept
  bool too_long = false;         // more than kMaxRecordBytes or kMaxFields: fields are incomplete
};

class CsvRecordSplitter {
 public:
  using Sink = std::function<void(const CsvRecord&)>;

  // Splits `bytes`, the next part of the input, calling `sink` for each record
  // it completes. A record may span any number of calls.
  void Feed(std::string_view bytes, const Sink& sink);
  // The end of the input: passes on a last record without a line break.
  // Returns the line where a quoted field opened and never closed (that
  // record is dropped), or 0.
  uint64_t Finish(const Sink& sink);

  // Lines seen so far (the line the next byte is on).
  uint64_t line() const { return line_; }

 private:
  enum class State { FieldStart, Unquoted, Quoted, QuoteInQuoted, AfterQuote };
  struct FieldMark {
    size_t begin = 0, end = 0;
    bool quoted = false, text_after_quote = false, truncated = false;
  };

  // Splits one whole record at `p` straight from the block, when it lies
  // inside it and needs no unescaping; returns where the next record starts,
  // or null to leave it to the byte-by-byte states below.
  const char* FastRecord(const char* p, const char* end, const Sink& sink);
  void BeginField(bool quoted);
  void Append(const char* p, size_t n);
  void EndField();
  void EndRecord(const Sink& sink);
  void Newline(char c);

  State state_ = State::FieldStart;
  uint64_t line_ = 1;
  uint64_t record_line_ = 1;
  uint64_t quote_line_ = 0;
  bool after_cr_ = false;  // the last byte was a CR: an LF right after it ends no second line
  std::string storage_;    // the current record's kept field bytes, back to back
  std::vector<FieldMark> marks_;
  bool field_kept_ = false;  // the current field has a mark
  size_t field_count_ = 0;
  bool too_long_ = false;
  CsvRecord record_;  // reused: its vectors keep their capacity
};

// One record parsed in place, by the same rules as CsvRecordSplitter, for
// readers that find record boundaries themselves (runtime/csv_parallel.h).
struct CsvRecordAt {
  enum class Status {
    Ok,          // a record, ending at `end`
    Incomplete,  // more bytes are needed to tell where the record ends
    OpenQuote,   // a quoted field is still open at the end of the input
    TooLong,     // more than `max_bytes` bytes, or more than kMaxFields fields
  };
  Status status = Status::Ok;
  size_t end = 0;                // offset just past the record and its line break
  uint64_t line_breaks = 0;      // inside quoted fields, plus the one that ends it
  std::vector<CsvField> fields;  // views of `scratch` (or of the input)
};

// Parses the record that starts at `bytes[begin]` (which must be a record's
// first byte: the start of the input or just after a line break). `at_end`:
// `bytes` reaches the end of the input, so a last record needs no line break.
// A record longer than `max_bytes` (at most kMaxCellBytes) is TooLong, so no
// field is ever truncated. Field text is unescaped into `scratch` when it
// must be; otherwise it is a view of `bytes`.
void ParseCsvRecordAt(std::string_view bytes, size_t begin, bool at_end, size_t max_bytes,
                      std::string& scratch, CsvRecordAt& out);

}  // namespace ocf
