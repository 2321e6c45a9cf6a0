// ocf_test_report FORMAT FILE.ocf...: runs the tests of each file on the
// reference interpreter and prints the results as `json` (ocf.test/1) or
// `junit`, through the renderers `ocf test --format json|junit` uses
// (compiler/driver/test_report.h). The schema test (tests/schema/validate.js)
// validates its JSON, so the format is checked against its schema whether or
// not the command line offers it.
// ocf_test_report check FILE.ocf: the diagnostics JSON of the public C++ API
// (ocf::Compilation::RenderJson), whose form for an unreadable file carries
// "error".
#include <iostream>
#include <string>
#include <vector>

#include "compiler/driver/driver.h"
#include "compiler/driver/test_report.h"
#include "compiler/lower/lower.h"
#include "ocf/ocf.hpp"

int main(int argc, char** argv) {
  if (argc == 3 && std::string(argv[1]) == "check") {
    ocf::Compilation c = ocf::CompileFile(argv[2]);
    std::cout << c.RenderJson();
    return c.ok() ? 0 : 1;
  }
  if (argc < 3 || (std::string(argv[1]) != "json" && std::string(argv[1]) != "junit")) {
    std::cerr << "usage: ocf_test_report json|junit FILE.ocf... | ocf_test_report check FILE.ocf\n";
    return 2;
  }
  std::vector<ocf::driver::TestFileResults> files;
  bool all_passed = true;
  for (int i = 2; i < argc; ++i) {
    ocf::driver::TestFileResults file;
    file.file = argv[i];
    std::unique_ptr<ocf::driver::Compilation> c = ocf::driver::CompileFile(argv[i]);
    if (!c->read_error.empty()) {
      file.error = c->read_error;
    } else if (!c->ok()) {
      file.error = "the contract has errors: run `ocf check` on it";
    } else {
      ocf::plan::EvaluationPlan plan = ocf::Lower(*c->program);
      ocf::driver::RunOptions options;
      options.engine = ocf::driver::Engine::Interp;
      file.results = ocf::driver::RunTests(*c, plan, options);
    }
    for (const ocf::driver::TestResult& r : file.results) all_passed = all_passed && r.passed;
    all_passed = all_passed && file.error.empty();
    files.push_back(std::move(file));
  }
  std::cout << (std::string(argv[1]) == "json" ? ocf::driver::RenderTestResultsJson(files)
                                               : ocf::driver::RenderTestResultsJunit(files));
  return all_passed ? 0 : 1;
}
