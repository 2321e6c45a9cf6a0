#include "compiler/driver/test_report.h"

#include <fmt/format.h>

#include "runtime/json.h"

namespace ocf::driver {
namespace {

std::vector<TestFileResults> FromPairs(
    const std::vector<std::pair<std::string, std::vector<TestResult>>>& in) {
  std::vector<TestFileResults> out;
  for (const auto& [file, results] : in) out.push_back(TestFileResults{file, results, ""});
  return out;
}

size_t PassedCount(const TestFileResults& f) {
  size_t n = 0;
  for (const TestResult& r : f.results) n += r.passed;
  return n;
}

void JsonPlace(std::string& out, const SourcePlace& p) {
  out += "\"file\": ";
  AppendJsonString(out, p.file);
  out += fmt::format(", \"line\": {}, \"column\": {}", p.line, p.column);
}

void JsonStringOrNull(std::string& out, const std::string& s) {
  if (s.empty())
    out += "null";
  else
    AppendJsonString(out, s);
}

// The lines of `text`, without their line endings (a last empty one dropped).
std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < text.size();) {
    size_t end = text.find('\n', at);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

void JsonTest(std::string& out, const TestResult& r) {
  out += "{\"name\": ";
  AppendJsonString(out, r.name);
  out += fmt::format(", \"passed\": {}, ", r.passed ? "true" : "false");
  JsonPlace(out, r.place);
  out += ", \"error\": ";
  if (r.error.empty()) {
    out += "null";
  } else {
    out += "{\"message\": ";
    AppendJsonString(out, r.error);
    out += ", ";
    JsonPlace(out, r.error_place);
    out += ", \"details\": [";
    bool first = true;
    for (std::string_view line : Lines(r.details)) {
      out += first ? "" : ", ";
      first = false;
      AppendJsonString(out, line);
    }
    out += "]}";
  }
  out += ", \"warning\": ";
  JsonStringOrNull(out, r.warning);
  out += ", \"expectations\": [";
  for (size_t k = 0; k < r.expects.size(); ++k) {
    const ExpectResult& e = r.expects[k];
    out += k ? ",\n        {\"what\": " : "\n        {\"what\": ";
    AppendJsonString(out, e.what);
    out += ", \"expected\": ";
    AppendJsonString(out, e.expected);
    out += ", \"actual\": ";
    AppendJsonString(out, e.actual);
    out += fmt::format(", \"passed\": {}, ", e.passed ? "true" : "false");
    JsonPlace(out, e.place);
    out += "}";
  }
  out += r.expects.empty() ? "]}" : "\n      ]}";
}

}  // namespace

std::string RenderTestResultsJson(const std::vector<TestFileResults>& files) {
  std::string out = "{\"schema\": ";
  AppendJsonString(out, kTestSchema);
  out += ", \"files\": [";
  size_t passed = 0, failed = 0, errors = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    const TestFileResults& f = files[i];
    size_t file_passed = PassedCount(f);
    passed += file_passed;
    failed += f.results.size() - file_passed;
    errors += !f.error.empty();
    out += i ? ",\n  {\"file\": " : "\n  {\"file\": ";
    AppendJsonString(out, f.file);
    out += ", \"error\": ";
    JsonStringOrNull(out, f.error);
    out += ", \"tests\": [";
    for (size_t k = 0; k < f.results.size(); ++k) {
      out += k ? ",\n    " : "\n    ";
      JsonTest(out, f.results[k]);
    }
    out += f.results.empty() ? "]" : "\n  ]";
    out += fmt::format(", \"passed\": {}, \"failed\": {}}}", file_passed, f.results.size() - file_passed);
  }
  out += files.empty() ? "]" : "\n]";
  out += fmt::format(", \"passed\": {}, \"failed\": {}, \"errors\": {}}}\n", passed, failed, errors);
  return out;
}

std::string RenderTestResultsJson(const std::vector<std::pair<std::string, std::vector<TestResult>>>& files) {
  return RenderTestResultsJson(FromPairs(files));
}

std::string XmlEscape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    char32_t cp = 0;
    size_t n = NextUtf8(s, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD for a byte that starts no character
      ++i;
      continue;
    }
    switch (cp) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += attribute ? "&quot;" : "\"";
        break;
      case '\'':
        out += attribute ? "&apos;" : "'";
        break;
      case '\n':
        out += attribute ? "&#10;" : "\n";
        break;
      case '\t':
        out += attribute ? "&#9;" : "\t";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        // XML 1.0 cannot hold other C0 controls at all; C1 controls and DEL
        // it can, but a terminal showing the report would obey them.
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0xFFFE || cp == 0xFFFF)
          out += fmt::format("\\u{:04x}", static_cast<uint32_t>(cp));
        else
          out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

namespace {

// `examples/msk/msk.ocf` -> `examples.msk.msk`: JUnit readers show a
// classname's last part as the class and the rest as its package.
std::string ClassName(const std::string& file) {
  std::string name = file;
  if (name.size() > 4 && name.compare(name.size() - 4, 4, ".ocf") == 0) name.resize(name.size() - 4);
  while (name.rfind("./", 0) == 0) name.erase(0, 2);
  for (char& c : name)
    if (c == '/' || c == '\\') c = '.';
  return name;
}

std::string Where(const SourcePlace& p) { return fmt::format("{}:{}:{}", p.file, p.line, p.column); }

}  // namespace

std::string RenderTestResultsJunit(const std::vector<TestFileResults>& files) {
  auto attr = [](std::string_view s) { return XmlEscape(s, true); };
  size_t tests = 0, failures = 0, errors = 0;
  std::string suites;
  for (const TestFileResults& f : files) {
    const std::string classname = attr(ClassName(f.file));
    size_t suite_failures = 0, suite_errors = 0;
    std::string cases;
    if (!f.error.empty()) {
      // The file's tests never ran: one case, in error, says why.
      ++suite_errors;
      cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\">\n", attr(f.file),
                           classname, attr(f.file));
      cases += fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n", attr(f.error),
                           XmlEscape(f.error, false));
      cases += "    </testcase>\n";
    }
    for (const TestResult& r : f.results) {
      cases += fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n",
                           attr(r.name), classname, attr(r.place.file), r.place.line);
      if (!r.error.empty()) {
        ++suite_errors;
        std::string body = fmt::format("{}: error: {}\n", Where(r.error_place), r.error);
        for (std::string_view line : Lines(r.details)) body += fmt::format("    {}\n", line);
        cases += fmt::format("      <error message=\"{}\" type=\"error\">{}</error>\n", attr(r.error),
                             XmlEscape(body, false));
      } else if (!r.passed) {
        ++suite_failures;
        size_t failed = 0;
        std::string body, message;
        for (const ExpectResult& e : r.expects) {
          if (e.passed) continue;
          if (!failed++)
            message = fmt::format("expect {}: expected {}, got {}", e.what, e.expected, e.actual);
          body += fmt::format("{}: expect {}\n    expected {}, got {}\n", Where(e.place), e.what, e.expected,
                              e.actual);
        }
        if (failed > 1) message += fmt::format(" (and {} more)", failed - 1);
        if (!failed) message = "the test failed";
        cases += fmt::format("      <failure message=\"{}\" type=\"expectation\">{}</failure>\n",
                             attr(message), XmlEscape(body, false));
      }
      if (!r.warning.empty())
        cases +=
            fmt::format("      <system-err>{}</system-err>\n", XmlEscape("warning: " + r.warning, false));
      cases += "    </testcase>\n";
    }
    size_t suite_tests = f.results.size() + (f.error.empty() ? 0 : 1);
    tests += suite_tests;
    failures += suite_failures;
    errors += suite_errors;
    suites += fmt::format(
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\">\n{}  "
        "</testsuite>\n",
        attr(f.file), suite_tests, suite_failures, suite_errors, cases);
  }
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"ocf test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n{}</testsuites>\n",
      tests, failures, errors, suites);
}

std::string RenderTestResultsJunit(
    const std::vector<std::pair<std::string, std::vector<TestResult>>>& files) {
  return RenderTestResultsJunit(FromPairs(files));
}

}  // namespace ocf::driver
