// `ocf test`: runs a contract's `test` blocks on the reference engine.
//
// Each test gets its own tables (inline `given` tables read like CSV cells,
// `given NAME from "file"` read like a data file; a table not given is empty)
// and inputs (`set`), the contract is run, and every `expect` is compared
// exactly with the statement: a measure (or one of its `by` groups), the
// contract's or an outcome's achievement, a payment line or the payment total,
// in a period (`term` when no `in` is written).
#pragma once

#include <string>
#include <vector>

#include "compiler/driver/driver.h"
#include "compiler/driver/run.h"
#include "plan/plan.h"

namespace ocf::driver {

// A span's file, line and column (from 1), resolved while the sources are
// there: results outlive the compilation that ran them (test_report.h).
struct SourcePlace {
  std::string file;
  uint32_t line = 1, column = 1;
};

struct ExpectResult {
  Span span;             // the `expect` line
  SourcePlace place;     // where span is
  std::string what;      // `seen_in_18_weeks in "2014/15 Q1"`
  std::string expected;  // as the statement would show it
  std::string actual;
  bool passed = false;
};

struct TestResult {
  std::string name;
  Span span;
  SourcePlace place;  // where span (the test's name) is
  bool passed = false;
  std::string error;  // set when the test could not run (bad data, a run-time error)
  Span error_span;
  SourcePlace error_place;  // where error_span is
  // Lines under the error: the problems of tables that break their data
  // blocks, as `ocf check --data` lists them (`contract.ocf:16: breaks the check "..."`).
  std::string details;
  std::vector<ExpectResult> expects;
  std::string warning;  // the compiled engine was not used, and why
};

// Runs every test of a compilation without errors.
std::vector<TestResult> RunTests(const Compilation& compilation, const plan::EvaluationPlan& plan,
                                 const RunOptions& options = {});

// `name ... ok` / `FAILED` lines with what was expected and what came out,
// then `N passed, N failed`.
std::string RenderTestResults(const std::vector<TestResult>& results, const SourceManager& sources);

}  // namespace ocf::driver
