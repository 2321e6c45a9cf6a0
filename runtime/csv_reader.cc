#include "runtime/csv_reader.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>
#include <system_error>
#include <vector>

#include <fmt/format.h>

#include "runtime/csv_records.h"
#include "runtime/data_file.h"
#include "runtime/encoding.h"
#include "runtime/key_check.h"

namespace ocf {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
constexpr size_t kBlockBytes = 1u << 20;
// A missing column's message lists the headers found: at most 20 names (each
// cut at 40 bytes by ShowCell), and at most 240 bytes of them.
constexpr size_t kMaxHeadersListed = 20;
constexpr size_t kMaxHeadersShownBytes = 240;

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}

}  // namespace

// Most cells are ASCII: eight bytes are checked at a time.
size_t FirstNonTextByte(std::string_view s) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(s.data());
  size_t n = s.size(), i = 0;
  while (i < n) {
    if (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      // No byte >= 0x80 and no zero byte (the classic has-zero-byte test).
      constexpr uint64_t kLow = 0x0101010101010101ULL, kHigh = 0x8080808080808080ULL;
      if (((w | ((w - kLow) & ~w)) & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    unsigned char c = p[i];
    if (c == 0) return i;
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    uint32_t min, cp;
    if ((c & 0xE0) == 0xC0) {
      len = 2, min = 0x80, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, min = 0x800, cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, min = 0x10000, cp = c & 0x07;
    } else {
      return i;
    }
    if (i + len > n) return i;
    for (size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) return i;
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
    i += len;
  }
  return std::string_view::npos;
}

namespace {

size_t FirstBadByte(std::string_view s) { return FirstNonTextByte(s); }

// Why a cell with a bad byte at `at` is not text, with a guess at the
// encoding it was saved in.
std::string NotTextMessage(std::string_view what, std::string_view s, size_t at) {
  unsigned char b = static_cast<unsigned char>(s[at]);
  if (b == 0) return fmt::format("{} holds a NUL byte: is this a text file?", what);
  std::string_view guess = Windows1252Guess(b);
  std::string why = fmt::format("{} is not UTF-8 text (byte `0x{:02x}`", what, static_cast<unsigned>(b));
  if (!guess.empty()) why += fmt::format(" is {} in the Windows (Latin-1) encoding", guess);
  return why + "): save the file as CSV UTF-8";
}

// Whether a header name may be shown in a message: short printable text of
// the characters column names are written with (letters of any alphabet,
// digits, spaces and `_-.()/#%&'+?![]`). A line with any other name is not
// shown at all.
bool LooksLikeColumnName(std::string_view name) {
  constexpr size_t kMaxShownNameBytes = 64;
  constexpr std::string_view kPunctuation = "_-.()/#%&'+?![] ";
  if (name.size() > kMaxShownNameBytes) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(name[i]);
    if (c >= 0x80) {
      // UTF-8 (the header was checked), but not a C1 control character (U+0080-U+009F).
      if (c == 0xC2 && i + 1 < name.size() && static_cast<unsigned char>(name[i + 1]) < 0xA0) return false;
      continue;
    }
    if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) continue;
    if (kPunctuation.find(static_cast<char>(c)) == std::string_view::npos) return false;
  }
  return true;
}

// What to say instead of showing a first line that does not look like a
// header, with a guess when it seems to use another separator.
std::string NotAHeader(const std::vector<std::string_view>& names) {
  std::string message = "the first line does not look like a CSV header, so it is not shown";
  if (names.size() == 1) {
    for (auto [separator, called] : {std::pair{';', "`;`"}, std::pair{'\t', "tabs"}, std::pair{'|', "`|`"}}) {
      if (names[0].find(separator) != std::string_view::npos &&
          LooksLikeColumnName(names[0].substr(0, names[0].find(separator)))) {
        message +=
            fmt::format(" (are its fields separated by {}? save the file as CSV, with commas)", called);
        break;
      }
    }
  }
  return message;
}

// A record that holds no data: an empty or blank line, or only empty fields.
bool IsBlankRecord(const CsvRecord& r) {
  if (r.too_long) return false;
  for (const CsvField& f : r.fields)
    if (!Trim(f.text).empty() || f.text_after_quote || f.truncated) return false;
  return true;
}

}  // namespace

struct CsvTableReader::State {
  State(const TableSchema& schema, const CsvOptions& options)
      : table(schema), report(options.display_path, options.max_listed_per_rule), keys(schema) {
    size_t n = schema.columns.size();
    field_of.assign(n, -1);
    values.resize(n);
    bad_rule.assign(n, kNoRule);
    missing_rule.assign(n, kNoRule);
    text_rule.assign(n, kNoRule);
  }

  static constexpr size_t kNoRule = static_cast<size_t>(-1);

  void OnRecord(const CsvRecord& r) {
    if (stopped || IsBlankRecord(r)) return;
    if (!header_seen)
      OnHeader(r);
    else
      OnRow(r);
  }

  void OnHeader(const CsvRecord& r);
  void OnRow(const CsvRecord& r);
  void ReadCell(size_t column, const CsvField& field, uint64_t line);
  void FileProblem(std::string_view key, uint64_t line, std::string column, std::string message) {
    report.Add(report.Rule(key), line, std::move(column), std::move(message));
  }
  // The rule of this kind for column `i`, added the first time it is needed.
  size_t ColumnRule(std::vector<size_t>& rules, size_t i, std::string_view kind, std::string_view one,
                    std::string_view many) {
    if (rules[i] == kNoRule) {
      const std::string& name = table.schema().columns[i].name;
      rules[i] = report.Rule(fmt::format("{}:{}", kind, name), fmt::format(fmt::runtime(one), name),
                             fmt::format(fmt::runtime(many), name));
    }
    return rules[i];
  }

  Table table;
  DataReport report;
  CsvRecordSplitter splitter;
  bool started = false;    // the first bytes (and a BOM) have been looked at
  std::string bom_prefix;  // the first bytes, while too few to tell whether they are a BOM
  bool header_seen = false;
  bool stopped = false;  // the header was not text: the rest is not read
  size_t header_fields = 0;
  std::vector<int> field_of;  // per declared column, its field in each row; -1 when absent
  std::vector<CellValue> values;
  KeyCheck keys;
  std::vector<size_t> bad_rule, missing_rule, text_rule;
};

void CsvTableReader::State::OnHeader(const CsvRecord& r) {
  header_seen = true;
  header_fields = r.field_count;
  if (r.too_long) {
    FileProblem(
        "header", r.line, "",
        fmt::format("the header row is too long to be one (over {} MB or {} fields): is this a CSV file?",
                    kMaxRecordBytes >> 20, WithThousands(kMaxFields)));
    stopped = true;
    return;
  }
  std::vector<std::string_view> names;
  for (size_t i = 0; i < r.fields.size(); ++i) {
    std::string_view name = r.fields[i].text;
    if (size_t bad = FirstBadByte(name); bad != std::string_view::npos) {
      FileProblem("header", r.line, "",
                  NotTextMessage(fmt::format("the header row (column {})", i + 1), name, bad));
      stopped = true;
      return;
    }
    names.push_back(Trim(name));
  }
  // The names are shown (to say what a file has instead of a column) only
  // when the line looks like a CSV header: a file that is not one, such as
  // a password file a data folder links to, is never echoed.
  bool shown = std::all_of(names.begin(), names.end(), LooksLikeColumnName);
  std::string found;
  size_t listed = 0;
  for (; listed < names.size() && listed < kMaxHeadersListed; ++listed) {
    std::string name = fmt::format("{}`{}`", listed ? ", " : "", ShowCell(names[listed]));
    if (found.size() + name.size() > kMaxHeadersShownBytes) break;
    found += name;
  }
  if (listed < names.size()) found += fmt::format(" and {} more", names.size() - listed);
  if (found.empty()) found = "(none)";
  if (!shown) found = NotAHeader(names);

  const TableSchema& schema = table.schema();
  for (size_t c = 0; c < schema.columns.size(); ++c) {
    const std::string& want = schema.columns[c].name;
    std::vector<size_t> at;
    for (size_t i = 0; i < names.size(); ++i)
      if (names[i] == want) at.push_back(i);
    if (at.size() > 1) {
      FileProblem("duplicate-header:" + want, r.line, want,
                  fmt::format("the header names `{}` {} times (columns {} and {}); the first is read", want,
                              at.size(), at[0] + 1, at[1] + 1));
    }
    if (!at.empty()) {
      field_of[c] = static_cast<int>(at[0]);
      continue;
    }
    std::string message = shown ? fmt::format("no column named `{}`; the headers are: {}", want, found)
                                : fmt::format("no column named `{}`: {}", want, found);
    for (std::string_view name : names) {
      if (shown && EqualsIgnoringCase(name, want)) {
        message += fmt::format(" (`{}` differs only in case: write the header as the data block names it)",
                               ShowCell(name));
        break;
      }
    }
    FileProblem("missing-column:" + want, r.line, want, std::move(message));
  }
}

void CsvTableReader::State::OnRow(const CsvRecord& r) {
  ++report.rows;
  const size_t n = table.column_count();
  if (r.too_long || r.field_count != header_fields) {
    size_t rule = r.too_long ? report.Rule("too-long", "row too long to read", "rows too long to read")
                             : report.Rule("field-count", "row with the wrong number of fields",
                                           "rows with the wrong number of fields");
    if (report.Listing(rule)) {
      std::string why =
          r.too_long
              ? fmt::format("the row is too long to read (over {} MB or {} fields): is a quote left open?",
                            kMaxRecordBytes >> 20, WithThousands(kMaxFields))
              : fmt::format("the row has {} field{}, but the header has {}{}", r.field_count,
                            r.field_count == 1 ? "" : "s", header_fields,
                            r.field_count < header_fields
                                ? " (is a comma missing, or a line broken?)"
                                : " (is there a comma inside a cell that is not quoted?)");
      report.Add(rule, r.line, "", std::move(why));
    } else {
      report.Add(rule, r.line, "", "");
    }
    for (CellValue& v : values) v = std::monostate{};
    table.AppendRow(values, r.line);
    return;
  }
  for (size_t c = 0; c < n; ++c) {
    values[c] = std::monostate{};
    if (field_of[c] >= 0) ReadCell(c, r.fields[static_cast<size_t>(field_of[c])], r.line);
  }
  table.AppendRow(values, r.line);
  keys.Row(table, table.row_count() - 1, r.line, report);
}

void CsvTableReader::State::ReadCell(size_t c, const CsvField& field, uint64_t line) {
  const ColumnSpec& spec = table.schema().columns[c];
  std::string_view text = field.text;
  // Whether the cell's bytes are text, reporting when they are not. Text and
  // id values are kept, so always asked; other cells only when a message is
  // about to show them (a number, date or enumeration value that reads is
  // ASCII or a declared value, so text).
  auto not_text = [&] {
    size_t bad = FirstBadByte(text);
    if (bad == std::string_view::npos) return false;
    size_t rule = ColumnRule(text_rule, c, "not-text", "row whose `{}` is not UTF-8 text",
                             "rows whose `{}` is not UTF-8 text");
    report.Add(rule, line, spec.name, report.Listing(rule) ? NotTextMessage("the cell", text, bad) : "");
    return true;
  };
  bool keeps_text = spec.kind == ColumnKind::Text || spec.kind == ColumnKind::Id;
  if ((keeps_text || field.truncated || field.text_after_quote) && not_text()) return;
  if (field.truncated || field.text_after_quote) {
    size_t rule =
        ColumnRule(bad_rule, c, "bad-value", "row with a bad value in `{}`", "rows with a bad value in `{}`");
    std::string why =
        field.truncated
            ? fmt::format("the cell is longer than {} MB: is a quote left open?", kMaxCellBytes >> 20)
            : fmt::format(
                  "`{}` has text after its closing quote: inside quotes, write a quote as two (`\"\"`)",
                  ShowCell(text));
    report.Add(rule, line, spec.name, report.Listing(rule) ? std::move(why) : "");
    return;
  }
  // A quoted text or id cell is kept exactly; everything else is trimmed.
  bool exact = field.quoted && keeps_text;
  ParsedCell parsed = ParseCell(exact ? text : Trim(text), spec);
  if (parsed.problem.empty()) {
    values[c] = parsed.value;
    return;
  }
  if (!keeps_text && not_text()) return;
  bool empty = (exact ? text : Trim(text)).empty();
  size_t rule = empty ? ColumnRule(missing_rule, c, "missing", "row with no value in `{}`, a required column",
                                   "rows with no value in `{}`, a required column")
                      : ColumnRule(bad_rule, c, "bad-value", "row with a bad value in `{}`",
                                   "rows with a bad value in `{}`");
  report.Add(rule, line, spec.name, std::move(parsed.problem));
}

CsvTableReader::CsvTableReader(const TableSchema& schema, const CsvOptions& options)
    : state_(std::make_unique<State>(schema, options)) {}
CsvTableReader::~CsvTableReader() = default;

bool CsvTableReader::stopped() const { return state_->stopped; }

void CsvTableReader::Feed(std::string_view bytes) {
  State& s = *state_;
  auto sink = [&s](const CsvRecord& r) { s.OnRecord(r); };
  if (!s.started) {
    // A UTF-8 byte order mark is not part of the first header name.
    s.bom_prefix.append(bytes);
    if (s.bom_prefix.size() < kBom.size() && kBom.substr(0, s.bom_prefix.size()) == s.bom_prefix) return;
    s.started = true;
    std::string first = std::move(s.bom_prefix);
    std::string_view rest(first);
    if (rest.substr(0, kBom.size()) == kBom) rest.remove_prefix(kBom.size());
    s.splitter.Feed(rest, sink);
    return;
  }
  s.splitter.Feed(bytes, sink);
}

CsvResult CsvTableReader::Finish() {
  State& s = *state_;
  if (!s.started) {
    s.started = true;
    s.splitter.Feed(s.bom_prefix, [&s](const CsvRecord& r) { s.OnRecord(r); });
  }
  uint64_t open_quote = s.splitter.Finish([&s](const CsvRecord& r) { s.OnRecord(r); });
  if (open_quote && !s.stopped) {
    s.FileProblem(
        "open-quote", open_quote, "",
        "a quote opened on this line is never closed, so the rest of the file was read as one cell");
  }
  if (!s.header_seen) {
    std::string names;
    for (const ColumnSpec& c : s.table.schema().columns) names += (names.empty() ? "" : ", ") + c.name;
    s.FileProblem("empty", 0, "",
                  fmt::format("the file is empty; it needs a header row naming the columns: {}", names));
  }
  return CsvResult{std::move(s.table), std::move(s.report)};
}

CsvResult ReadCsvText(std::string_view bytes, const TableSchema& schema, const CsvOptions& options) {
  CsvTableReader reader(schema, options);
  reader.Feed(bytes);
  return reader.Finish();
}

CsvResult ReadCsvFile(const std::string& path, const TableSchema& schema, const CsvOptions& options) {
  CsvOptions named = options;
  if (named.display_path.empty()) named.display_path = path;
  CsvTableReader reader(schema, named);
  DataFile file(path);
  auto fail = [&](std::string why) {
    CsvResult result = reader.Finish();
    result.report = DataReport(named.display_path, named.max_listed_per_rule);
    result.report.Add(result.report.Rule("unreadable"), 0, "", std::move(why));
    return result;
  };
  if (file.fd() < 0) return fail(file.why());
  // Up to the size the file had when opened: a file that keeps growing is
  // read as it was then, and reading ends.
  const uint64_t total = file.size();
  std::vector<char> block(kBlockBytes);
  uint64_t done = 0;
  while (done < total && !reader.stopped()) {
    size_t want = static_cast<size_t>(std::min<uint64_t>(block.size(), total - done));
    ssize_t got = ::read(file.fd(), block.data(), want);
    if (got < 0) {
      if (errno == EINTR) continue;
      return fail(fmt::format("cannot read the file: {}", std::generic_category().message(errno)));
    }
    if (got == 0) break;  // the file has shrunk
    reader.Feed(std::string_view(block.data(), static_cast<size_t>(got)));
    done += static_cast<uint64_t>(got);
    if (options.progress) options.progress(done, total);
  }
  return reader.Finish();
}

}  // namespace ocf
