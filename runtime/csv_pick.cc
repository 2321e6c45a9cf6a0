#include "runtime/csv_pick.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <system_error>

#include <fmt/format.h>

#include "runtime/csv_records.h"
#include "runtime/data_file.h"

namespace ocf {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr size_t kBlockBytes = 1u << 20;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A record that holds no data, as the reader judges one (csv_reader.cc):
// such a record cannot be the header.
bool IsBlankRecord(const CsvRecord& r) {
  if (r.too_long) return false;
  for (const CsvField& f : r.fields)
    if (!Trim(f.text).empty() || f.text_after_quote || f.truncated) return false;
  return true;
}

}  // namespace

std::string PickRecords(
    const std::string& path, const std::vector<std::string>& columns, const std::vector<uint64_t>& lines,
    const std::function<void(size_t k, const std::vector<std::string_view>& fields)>& sink) {
  if (lines.empty()) return "";
  DataFile file(path);
  if (file.fd() < 0) return fmt::format("cannot read the file again: {}", file.why());
  std::vector<int> field_of(columns.size(), -1);
  std::vector<std::string_view> fields(columns.size());
  bool header_seen = false;
  size_t header_fields = 0;
  size_t next = 0;       // the next line asked for, by index into `lines`
  bool emitted = false;  // the splitter has passed on the record it was fed
  std::string failure;
  CsvRecordSplitter splitter;
  CsvRecordSplitter::Sink on_record = [&](const CsvRecord& r) {
    emitted = true;
    if (!header_seen) {
      if (IsBlankRecord(r)) return;
      header_seen = true;
      header_fields = r.field_count;
      for (size_t c = 0; c < columns.size(); ++c)
        for (size_t i = 0; i < r.fields.size() && field_of[c] < 0; ++i)
          if (Trim(r.fields[i].text) == columns[c]) field_of[c] = static_cast<int>(i);
      return;
    }
    if (r.field_count != header_fields || r.too_long) {
      failure = fmt::format("line {} is not the record it was: has the file changed since it was read?",
                            lines[next]);
      return;
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      size_t i = static_cast<size_t>(field_of[c]);
      fields[c] = field_of[c] >= 0 && i < r.fields.size() ? r.fields[i].text : std::string_view();
    }
    sink(next++, fields);
  };

  // Lines are physical lines, counted as the splitter counts them (LF, CRLF
  // or a lone CR each end one, inside quotes too), so the record on line L
  // starts just after the (L-1)th line break: lines before it are skipped
  // by looking for line breaks alone, and only the records asked for (and
  // the header) go through the splitter, a line at a time until it passes
  // the record on.
  const uint64_t total = file.size();
  std::vector<char> block(kBlockBytes);
  uint64_t done = 0, line = 1;
  bool first = true, after_cr = false;
  bool feeding = true;  // the header first
  while (done < total && next < lines.size() && failure.empty()) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(block.size(), total - done));
    ssize_t got = ::read(file.fd(), block.data(), want);
    if (got < 0) {
      if (errno == EINTR) continue;
      return fmt::format("cannot read the file again: {}", std::generic_category().message(errno));
    }
    if (got == 0) break;  // the file has shrunk
    done += static_cast<uint64_t>(got);
    const char* b = block.data();
    const size_t n = static_cast<size_t>(got);
    size_t i = 0;
    // A byte order mark is not part of the first header name (a first block
    // shorter than the mark is a file with no record to pick).
    if (first && std::string_view(b, n).substr(0, kBom.size()) == kBom) i = kBom.size();
    first = false;
    const bool has_cr = std::memchr(b, '\r', n) != nullptr;
    // Where the line break at or after `from` is, or n.
    auto line_break = [&](size_t from) -> size_t {
      if (!has_cr) {
        const void* p = std::memchr(b + from, '\n', n - from);
        return p ? static_cast<size_t>(static_cast<const char*>(p) - b) : n;
      }
      while (from < n && b[from] != '\n' && b[from] != '\r') ++from;
      return from;
    };
    if (after_cr && i < n && b[i] == '\n') {  // the LF of a CRLF split between blocks
      if (feeding) splitter.Feed(std::string_view(b + i, 1), on_record);
      ++i;
    }
    after_cr = false;
    while (i < n && next < lines.size() && failure.empty()) {
      if (!feeding && header_seen && line == lines[next]) {
        feeding = true;
        emitted = false;
      }
      size_t j = line_break(i);
      if (j == n) {  // the line goes on in the next block
        if (feeding) splitter.Feed(std::string_view(b + i, n - i), on_record);
        break;
      }
      size_t end = j + 1;
      if (b[j] == '\r') {
        if (end < n && b[end] == '\n')
          ++end;
        else if (end == n)
          after_cr = true;
      }
      if (feeding) {
        splitter.Feed(std::string_view(b + i, end - i), on_record);
        if (emitted && header_seen) feeding = false;
      }
      ++line;
      i = end;
    }
  }
  if (feeding && next < lines.size() && failure.empty()) splitter.Finish(on_record);
  if (!failure.empty()) return failure;
  if (next < lines.size())
    return fmt::format("line {} is past the end of the file: has the file changed since it was read?",
                       lines[next]);
  return "";
}

}  // namespace ocf
