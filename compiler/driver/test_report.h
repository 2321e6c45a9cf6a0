// `ocf test --format json|junit`: the results of the tests of one or more
// contract files, for tools (docs/json.md, format ocf.test/1) and for CI
// systems (JUnit XML, which Jenkins, GitLab and GitHub's test reporters read).
// Results carry their places already resolved (TestResult::place), so they
// are rendered after each file's compilation is gone.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/driver/test_runner.h"

namespace ocf::driver {

// One contract file's tests.
struct TestFileResults {
  std::string file;  // as named on the command line
  std::vector<TestResult> results;
  // Why none of the file's tests could run (it cannot be read, the contract
  // has errors); empty when they ran.
  std::string error;
};

// One JSON object for all files: {"schema": "ocf.test/1", "files": [{"file",
// "error", "tests": [{"name", "passed", "file", "line", "column", "error",
// "warning", "expectations": [...]}], "passed", "failed"}], "passed",
// "failed", "errors"} (docs/schema/test.schema.json), ending in a newline.
std::string RenderTestResultsJson(const std::vector<TestFileResults>& files);
std::string RenderTestResultsJson(const std::vector<std::pair<std::string, std::vector<TestResult>>>& files);

// JUnit XML: <testsuites> with a <testsuite> per file and a <testcase> per
// test; a failed expectation is a <failure>, a test that could not run (or a
// file whose tests could not) an <error>. Every text is escaped so the
// document is well-formed whatever the bytes: markup characters as entities,
// control characters (which XML 1.0 cannot hold) as `\u001b`, bytes that are
// not UTF-8 as U+FFFD.
std::string RenderTestResultsJunit(const std::vector<TestFileResults>& files);
std::string RenderTestResultsJunit(const std::vector<std::pair<std::string, std::vector<TestResult>>>& files);

// `s` as XML character data (`attribute`: for a quoted attribute value,
// where line breaks and tabs are written as character references too).
std::string XmlEscape(std::string_view s, bool attribute);

}  // namespace ocf::driver
