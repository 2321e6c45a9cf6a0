#include "runtime/csv_pick.h"

#include <unistd.h>

#include <cerrno>
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

std::string PickRecords(const std::string& path, const std::vector<std::string>& columns,
                        const std::vector<uint64_t>& lines,
                        const std::function<void(size_t k, const std::vector<std::string_view>& fields)>& sink) {
  if (lines.empty()) return "";
  DataFile file(path);
  if (file.fd() < 0) return fmt::format("cannot read the file again: {}", file.why());
  std::vector<int> field_of(columns.size(), -1);
  std::vector<std::string_view> fields(columns.size());
  bool header_seen = false;
  size_t next = 0;  // the next line asked for, by index into `lines`
  std::string failure;
  CsvRecordSplitter splitter;
  CsvRecordSplitter::Sink on_record = [&](const CsvRecord& r) {
    if (next >= lines.size() || !failure.empty()) return;
    if (!header_seen) {
      if (IsBlankRecord(r)) return;
      header_seen = true;
      for (size_t c = 0; c < columns.size(); ++c)
        for (size_t i = 0; i < r.fields.size() && field_of[c] < 0; ++i)
          if (Trim(r.fields[i].text) == columns[c]) field_of[c] = static_cast<int>(i);
      return;
    }
    if (r.line < lines[next]) return;
    if (r.line > lines[next]) {
      failure = fmt::format("line {} starts no record any more: has the file changed since it was read?",
                            lines[next]);
      return;
    }
    for (size_t c = 0; c < columns.size(); ++c) {
      size_t i = static_cast<size_t>(field_of[c]);
      fields[c] = field_of[c] >= 0 && i < r.fields.size() ? r.fields[i].text : std::string_view();
    }
    sink(next++, fields);
  };

  // Up to the size the file had when opened, as the reader reads it.
  const uint64_t total = file.size();
  std::vector<char> block(kBlockBytes);
  uint64_t done = 0;
  bool first = true;
  while (done < total && next < lines.size() && failure.empty()) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(block.size(), total - done));
    ssize_t got = ::read(file.fd(), block.data(), want);
    if (got < 0) {
      if (errno == EINTR) continue;
      return fmt::format("cannot read the file again: {}", std::generic_category().message(errno));
    }
    if (got == 0) break;  // the file has shrunk
    std::string_view bytes(block.data(), static_cast<size_t>(got));
    // A byte order mark is not part of the first header name (a first block
    // shorter than the mark is a file with no record to pick).
    if (first && bytes.substr(0, kBom.size()) == kBom) bytes.remove_prefix(kBom.size());
    first = false;
    splitter.Feed(bytes, on_record);
    done += static_cast<uint64_t>(got);
  }
  if (next < lines.size() && failure.empty()) splitter.Finish(on_record);
  if (!failure.empty()) return failure;
  if (next < lines.size())
    return fmt::format("line {} is past the end of the file: has the file changed since it was read?",
                       lines[next]);
  return "";
}

}  // namespace ocf
