#include "compiler/diagnostics/diagnostic.h"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/safe_text.h"

namespace ocf {

const std::vector<DiagInfo>& AllDiagnostics() {
  static const std::vector<DiagInfo> all = {
#define OCF_DIAG(name, code, severity, summary) {DiagCode::name, code, Severity::severity, summary},
#include "compiler/diagnostics/codes.def"
#undef OCF_DIAG
  };
  return all;
}

const DiagInfo& Info(DiagCode code) { return AllDiagnostics()[static_cast<size_t>(code)]; }

Diagnostic& DiagnosticSink::Report(DiagCode code, Span span, std::string message) {
  Severity severity = Info(code).severity;
  (severity == Severity::Error ? errors_ : warnings_)++;
  diagnostics_.push_back(Diagnostic{code, severity, span, std::move(message), {}, {}});
  return diagnostics_.back();
}

void DiagnosticSink::Append(const DiagnosticSink& other) {
  diagnostics_.insert(diagnostics_.end(), other.diagnostics_.begin(), other.diagnostics_.end());
  errors_ += other.errors_;
  warnings_ += other.warnings_;
}

void DiagnosticSink::SortByLocation() {
  std::stable_sort(diagnostics_.begin(), diagnostics_.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.file != b.span.file) return a.span.file < b.span.file;
    return a.span.begin < b.span.begin;
  });
}

namespace {

std::string_view SeverityName(Severity s) { return s == Severity::Error ? "error" : "warning"; }

size_t CodePointCount(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// The source line as shown under a diagnostic: a tab becomes one space and
// other control characters become U+FFFD, one character each so the caret
// still lines up, and so that junk in a file cannot drive the terminal. So do
// the C1 controls (U+0080-U+009F) and the characters that reorder the text
// around them (U+202A-U+202E, U+2066-U+2069), which would make the line look
// like another.
std::string DisplayLine(std::string_view line) {
  std::string out;
  out.reserve(line.size());
  for (size_t i = 0; i < line.size(); ++i) {
    unsigned char u = static_cast<unsigned char>(line[i]);
    unsigned char u1 = i + 1 < line.size() ? static_cast<unsigned char>(line[i + 1]) : 0;
    unsigned char u2 = i + 2 < line.size() ? static_cast<unsigned char>(line[i + 2]) : 0;
    if (u == '\t') {
      out += ' ';
    } else if (u < 0x20 || u == 0x7F) {
      out += "\xEF\xBF\xBD";
    } else if (u == 0xC2 && u1 >= 0x80 && u1 <= 0x9F) {  // C1 control
      out += "\xEF\xBF\xBD";
      ++i;
    } else if (u == 0xE2 && u1 == 0x80 && u2 >= 0xAA && u2 <= 0xAE) {  // U+202A-U+202E
      out += "\xEF\xBF\xBD";
      i += 2;
    } else if (u == 0xE2 && u1 == 0x81 && u2 >= 0xA6 && u2 <= 0xA9) {  // U+2066-U+2069
      out += "\xEF\xBF\xBD";
      i += 2;
    } else {
      out += static_cast<char>(u);
    }
  }
  return out;
}

void RenderLocation(std::string& out, const SourceManager& sources, Span span) {
  const SourceFile& file = sources.Get(span.file);
  LineCol lc = file.Locate(span.begin);
  out += fmt::format("{}:{}:{}", TerminalText(file.path()), lc.line, lc.column);
}

// The source line and a `^~~~` marker under the span (first line only).
void RenderSnippet(std::string& out, const SourceManager& sources, Span span, bool color) {
  const SourceFile& file = sources.Get(span.file);
  LineCol begin = file.Locate(span.begin);
  std::string_view line = file.LineText(begin.line);
  // Very long lines (a 1 MB line of junk) are cut around the caret.
  constexpr size_t kMaxShown = 160;
  size_t line_len = CodePointCount(line);
  size_t col = begin.column - 1;
  size_t width = 1;
  if (span.end > span.begin) {
    LineCol end = file.Locate(span.end);
    width = end.line == begin.line ? span.end - span.begin : line_len > col ? line_len - col : 1;
  }
  if (width == 0) width = 1;
  std::string shown;
  size_t shift = 0;
  if (line_len > kMaxShown) {
    shift = col > kMaxShown / 2 ? col - kMaxShown / 2 : 0;
    // Cut by code points.
    size_t cp = 0, byte = 0, start_byte = 0, end_byte = line.size();
    for (; byte < line.size(); ++byte) {
      if ((static_cast<unsigned char>(line[byte]) & 0xC0) == 0x80) continue;
      if (cp == shift) start_byte = byte;
      if (cp == shift + kMaxShown) {
        end_byte = byte;
        break;
      }
      ++cp;
    }
    shown = DisplayLine(line.substr(start_byte, end_byte - start_byte));
    width = std::min(width, kMaxShown - (col - shift));
  } else {
    shown = DisplayLine(line);
  }
  std::string gutter = fmt::format("{}", begin.line);
  out += fmt::format("{} | {}\n", gutter, shown);
  out += std::string(gutter.size(), ' ') + " | " + std::string(col - shift, ' ');
  if (color) out += "\033[1;32m";
  out += "^" + std::string(width - 1, '~');
  if (color) out += "\033[0m";
  out += "\n";
}

}  // namespace

std::string RenderText(const Diagnostic& d, const SourceManager& sources, const RenderOptions& options) {
  // Messages may quote the data (a group's name, a cell) or a file's name:
  // shown escaped, so they cannot drive the terminal (runtime/safe_text.h).
  const std::string message = TerminalText(d.message), help = TerminalText(d.help);
  std::string out;
  RenderLocation(out, sources, d.span);
  const char* sev_color = d.severity == Severity::Error ? "\033[1;31m" : "\033[1;35m";
  if (options.color) {
    out += fmt::format(": {}{}[{}]\033[0m: \033[1m{}\033[0m\n", sev_color, SeverityName(d.severity),
                       Info(d.code).code, message);
  } else {
    out += fmt::format(": {}[{}]: {}\n", SeverityName(d.severity), Info(d.code).code, message);
  }
  RenderSnippet(out, sources, d.span, options.color);
  for (const DiagNote& note : d.notes) {
    if (note.span) {
      RenderLocation(out, sources, *note.span);
      out += fmt::format(": note: {}\n", TerminalText(note.message));
      RenderSnippet(out, sources, *note.span, options.color);
    } else {
      out += fmt::format("  = note: {}\n", TerminalText(note.message));
    }
  }
  if (!d.help.empty()) out += fmt::format("  = help: {}\n", help);
  return out;
}

std::string RenderSummary(const DiagnosticSink& sink) {
  auto plural = [](size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
  };
  if (sink.error_count() && sink.warning_count())
    return plural(sink.error_count(), "error") + ", " + plural(sink.warning_count(), "warning");
  if (sink.error_count()) return plural(sink.error_count(), "error");
  if (sink.warning_count()) return plural(sink.warning_count(), "warning");
  return "";
}

namespace {

void AppendJsonLocation(std::string& out, const SourceManager& sources, Span span) {
  const SourceFile& file = sources.Get(span.file);
  LineCol b = file.Locate(span.begin);
  LineCol e = file.Locate(span.end);
  out += "\"file\": ";
  AppendJsonString(out, file.path());
  out += fmt::format(", \"line\": {}, \"column\": {}, \"end_line\": {}, \"end_column\": {}", b.line, b.column,
                     e.line, e.column);
}

}  // namespace

std::string RenderJson(const std::vector<Diagnostic>& diagnostics, const SourceManager& sources) {
  std::string out = "{\"diagnostics\": [";
  size_t errors = 0, warnings = 0;
  for (size_t i = 0; i < diagnostics.size(); ++i) {
    const Diagnostic& d = diagnostics[i];
    (d.severity == Severity::Error ? errors : warnings)++;
    out += i ? ",\n  {" : "\n  {";
    out += fmt::format("\"code\": \"{}\", \"severity\": \"{}\", \"message\": ", Info(d.code).code,
                       SeverityName(d.severity));
    AppendJsonString(out, d.message);
    out += ", ";
    AppendJsonLocation(out, sources, d.span);
    out += ", \"notes\": [";
    for (size_t k = 0; k < d.notes.size(); ++k) {
      out += k ? ", {" : "{";
      out += "\"message\": ";
      AppendJsonString(out, d.notes[k].message);
      if (d.notes[k].span) {
        out += ", ";
        AppendJsonLocation(out, sources, *d.notes[k].span);
      }
      out += "}";
    }
    out += "], \"help\": ";
    if (d.help.empty()) {
      out += "null";
    } else {
      AppendJsonString(out, d.help);
    }
    out += "}";
  }
  out += fmt::format("{}], \"errors\": {}, \"warnings\": {}}}\n", diagnostics.empty() ? "" : "\n", errors,
                     warnings);
  return out;
}

}  // namespace ocf
