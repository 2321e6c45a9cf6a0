// `ocf test --format json|junit` (compiler/driver/test_report.h): the results
// of real tests (tests/schema/failing_tests.ocf: one passes, one fails two
// expectations, one cannot run) and of results made up with hostile text, read
// back by real parsers: Debian's Python (xml.etree for JUnit, json for JSON),
// as a CI system or a tool would read them.
#include "compiler/driver/test_report.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "compiler/driver/driver.h"
#include "compiler/lower/lower.h"

namespace ocf::driver {
namespace {

using ::testing::HasSubstr;

const char* kPython = "/usr/bin/python3";

// Runs Python `script` with the document in a file as sys.argv[1]; its
// standard output, or "PYTHON FAILED ..." when it exits non-zero.
std::string Python(const std::string& script, const std::string& document) {
  namespace fs = std::filesystem;
  if (!fs::exists(kPython))
    return "PYTHON FAILED: /usr/bin/python3 is not installed (Debian package python3)";
  fs::path dir = fs::temp_directory_path() / ("ocf_test_report_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "script.py", std::ios::binary) << script;
  std::ofstream(dir / "document", std::ios::binary) << document;
  std::string command =
      std::string(kPython) + " " + (dir / "script.py").string() + " " + (dir / "document").string() + " 2>&1";
  std::string out;
  if (FILE* p = popen(command.c_str(), "r")) {
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, p)) > 0;) out.append(buffer, n);
    if (pclose(p) != 0) out = "PYTHON FAILED:\n" + out;
  }
  fs::remove_all(dir);
  return out;
}

// Each element of a JUnit document, one per line: the tag, then its
// attributes in a fixed order, then its text (repr, so controls show).
const char* kJunitDump = R"(
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
def dump(e, depth):
    attrs = ' '.join('%s=%r' % (k, e.attrib[k]) for k in sorted(e.attrib))
    text = (e.text or '').strip()
    print('  ' * depth + e.tag + (' ' + attrs if attrs else '') + (' text=%r' % text if text else ''))
    for child in e:
        dump(child, depth + 1)
dump(root, 0)
)";

// A JSON document's totals and each test's name, result and error, as Python reads them.
const char* kJsonDump = R"(
import sys, json
doc = json.load(open(sys.argv[1], encoding='utf-8'))
print(list(doc)[0], doc['schema'], doc['passed'], doc['failed'], doc['errors'])
for f in doc['files']:
    print('file', repr(f['file']), f['error'], f['passed'], f['failed'])
    for t in f['tests']:
        print('test', repr(t['name']), t['passed'], t['line'], t['error']['message'] if t['error'] else None,
              len(t['expectations']), sum(1 for e in t['expectations'] if not e['passed']))
)";

std::vector<TestFileResults> RealResults() {
  std::string path = std::string(OCF_SOURCE_DIR) + "/tests/schema/failing_tests.ocf";
  std::unique_ptr<Compilation> c = CompileFile(path);
  EXPECT_TRUE(c->ok()) << c->read_error;
  if (!c->ok()) return {};
  plan::EvaluationPlan plan = Lower(*c->program);
  RunOptions options;
  options.engine = Engine::Interp;
  return {TestFileResults{"tests/schema/failing_tests.ocf", RunTests(*c, plan, options), ""}};
}

TEST(TestReport, JunitOfRealTestsReadsBackInAnXmlParser) {
  std::vector<TestFileResults> files = RealResults();
  ASSERT_EQ(files.size(), 1u);
  ASSERT_EQ(files[0].results.size(), 3u);
  std::string dump = Python(kJunitDump, RenderTestResultsJunit(files));
  EXPECT_THAT(dump, HasSubstr("testsuites errors='1' failures='1' name='ocf test' tests='3'\n")) << dump;
  EXPECT_THAT(dump, HasSubstr("  testsuite errors='1' failures='1' name='tests/schema/failing_tests.ocf' "
                              "skipped='0' tests='3'\n"))
      << dump;
  // The passing test: a bare testcase, its name unescaped again.
  EXPECT_THAT(dump, HasSubstr("    testcase classname='tests.schema.failing_tests' file='" +
                              std::string(OCF_SOURCE_DIR) +
                              "/tests/schema/failing_tests.ocf' line='23' "
                              "name='one completed: <passes> & \"quoted\"'\n    testcase"))
      << dump;
  // Two expectations failed: the first in the message, both in the text.
  EXPECT_THAT(dump,
              HasSubstr("      failure message='expect count_completed in \"2021\": expected 2, got 1 (and 1 "
                        "more)' type='expectation' text="))
      << dump;
  EXPECT_THAT(dump,
              HasSubstr("failing_tests.ocf:40:3: expect payment \"Completion payment\" in \"2022\"\\n    "
                        "expected €1.00, got €0.00"))
      << dump;
  // The test that could not run is an error, with the broken row below it.
  EXPECT_THAT(dump, HasSubstr("      error message='the rows given for `enrolments` break its data block"))
      << dump;
  EXPECT_THAT(dump, HasSubstr("failing_tests.ocf:46: breaks the check \"completed after enrolling\""))
      << dump;
}

TEST(TestReport, JsonOfRealTestsReadsBackInPython) {
  std::vector<TestFileResults> files = RealResults();
  ASSERT_EQ(files.size(), 1u);
  std::string json = RenderTestResultsJson(files);
  EXPECT_EQ(json.rfind("{\"schema\": \"ocf.test/1\", ", 0), 0u) << json;
  std::string dump = Python(kJsonDump, json);
  EXPECT_EQ(dump,
            "schema ocf.test/1 1 2 0\n"
            "file 'tests/schema/failing_tests.ocf' None 1 2\n"
            "test 'one completed: <passes> & \"quoted\"' True 23 None 2 0\n"
            "test 'two expectations fail' False 33 None 3 2\n"
            "test 'data breaks its check' False 43 the rows given for `enrolments` break its data block (1 "
            "problem, below), so the test was not run 0 0\n")
      << json;
}

// Results made up with what a contract, a data file or a file name could
// hold: markup, quotes, an escape sequence that clears a terminal, a NUL, a
// C1 control, a byte that is not UTF-8, a line break.
std::vector<TestFileResults> HostileResults() {
  TestResult passed;
  passed.name = std::string("<script>alert('x')</script> & \x1b[2J\0 end", 39);
  passed.passed = true;
  passed.place = {"a&b.ocf", 3, 1};
  TestResult failed;
  failed.name = "bad \xff byte \xc2\x85 next";
  failed.place = {"a&b.ocf", 9, 1};
  ExpectResult e;
  e.what = "m in \"]]>\"";
  e.expected = "1\r\n2";
  e.actual = "\x07";
  e.place = {"a&b.ocf", 10, 3};
  failed.expects.push_back(e);
  failed.warning = "the \"compiled\" engine\tsaid <no>";
  TestResult broken;
  broken.name = "broken";
  broken.place = {"a&b.ocf", 11, 1};
  broken.error = "cell `\x1b]0;title\x07` is bad";
  broken.error_place = {"a&b.ocf", 12, 5};
  broken.details = "line one\nline <two>\n";
  return {TestFileResults{"dir/a&b.ocf", {passed, failed, broken}, ""},
          TestFileResults{"missing\x1b.ocf", {}, "cannot read `missing\x1b.ocf`: no such file"}};
}

TEST(TestReport, JunitIsWellFormedWhateverTheText) {
  std::string xml = RenderTestResultsJunit(HostileResults());
  // Nothing raw that a terminal or an XML parser would trip over.
  for (char c : xml) {
    unsigned char u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 || c == '\n' || c == '\t') << "raw control character " << int(u) << " in\n" << xml;
  }
  std::string dump = Python(kJunitDump, xml);
  EXPECT_THAT(dump, HasSubstr("testsuites errors='2' failures='1' name='ocf test' tests='4'\n")) << dump;
  EXPECT_THAT(dump, HasSubstr("name=\"<script>alert('x')</script> & \\\\u001b[2J\\\\u0000 end\"")) << dump;
  EXPECT_THAT(dump, HasSubstr("name='bad \xEF\xBF\xBD byte \\\\u0085 next'")) << dump;
  EXPECT_THAT(dump, HasSubstr("failure message='expect m in \"]]>\": expected 1\\r\\n2, got \\\\u0007'"))
      << dump;
  EXPECT_THAT(dump, HasSubstr("system-err text='warning: the \"compiled\" engine\\tsaid <no>'")) << dump;
  EXPECT_THAT(dump,
              HasSubstr("error message='cell `\\\\u001b]0;title\\\\u0007` is bad' type='error' "
                        "text='a&b.ocf:12:5: error: cell `\\\\u001b]0;title\\\\u0007` is bad\\n    line "
                        "one\\n    line <two>'"))
      << dump;
  // A file whose tests could not run is a suite with one case in error.
  EXPECT_THAT(
      dump, HasSubstr("testsuite errors='1' failures='0' name='missing\\\\u001b.ocf' skipped='0' tests='1'"))
      << dump;
  EXPECT_THAT(dump, HasSubstr("classname='dir.a&b'")) << dump;
}

TEST(TestReport, JsonOfHostileTextReadsBack) {
  std::vector<std::pair<std::string, std::vector<TestResult>>> pairs = {
      {"dir/a&b.ocf", HostileResults()[0].results}};
  std::string dump = Python(kJsonDump, RenderTestResultsJson(pairs));
  EXPECT_THAT(dump, HasSubstr("schema ocf.test/1 1 2 0\n")) << dump;
  EXPECT_THAT(dump, HasSubstr("test \"<script>alert('x')</script> & \\x1b[2J\\x00 end\" True 3 None 0 0\n"))
      << dump;
  EXPECT_THAT(dump, HasSubstr("test 'broken' False 11 cell `\x1b]0;title\x07` is bad 0 0\n")) << dump;
}

TEST(TestReport, NoFilesIsAnEmptyReport) {
  EXPECT_EQ(RenderTestResultsJson(std::vector<TestFileResults>{}),
            "{\"schema\": \"ocf.test/1\", \"files\": [], \"passed\": 0, \"failed\": 0, \"errors\": 0}\n");
  std::string dump = Python(kJunitDump, RenderTestResultsJunit(std::vector<TestFileResults>{}));
  EXPECT_EQ(dump, "testsuites errors='0' failures='0' name='ocf test' tests='0'\n");
}

TEST(TestReport, XmlEscapeKeepsTextAndEscapesMarkup) {
  EXPECT_EQ(XmlEscape("a<b>&\"c'", true), "a&lt;b&gt;&amp;&quot;c&apos;");
  EXPECT_EQ(XmlEscape("a<b>&\"c'", false), "a&lt;b&gt;&amp;\"c'");
  EXPECT_EQ(XmlEscape("l1\nl2\tx", true), "l1&#10;l2&#9;x");
  EXPECT_EQ(XmlEscape("l1\nl2\tx", false), "l1\nl2\tx");
  EXPECT_EQ(XmlEscape("£ € 😀 ü", false), "£ € 😀 ü");
  // Overlong forms, surrogates, a cut-off sequence and a stray continuation byte.
  EXPECT_EQ(
      XmlEscape("\xc0\xaf|\xed\xa0\x80|\xe2\x82|\x80", false),
      "\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD\xEF\xBF\xBD|\xEF\xBF\xBD");
  EXPECT_EQ(XmlEscape("\x7f\xef\xbf\xbe", false), "\\u007f\\ufffe");
}

}  // namespace
}  // namespace ocf::driver
