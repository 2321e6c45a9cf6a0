// docs/diagnostics.md lists every diagnostic with its severity and summary,
// as codes.def says them (regenerate with scripts/gen_diagnostics_doc.sh).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "compiler/diagnostics/diagnostic.h"

namespace ocf {
namespace {

TEST(DiagnosticsDoc, ListsEveryCodeAsCodesDefSaysIt) {
  std::ifstream in(std::string(OCF_SOURCE_DIR) + "/docs/diagnostics.md");
  ASSERT_TRUE(in) << "docs/diagnostics.md is missing";
  std::stringstream text;
  text << in.rdbuf();
  std::string doc = text.str();
  std::string missing;
  for (const DiagInfo& info : AllDiagnostics()) {
    std::string row = "| " + std::string(info.code) + " | " +
                      (info.severity == Severity::Error ? "error" : "warning") + " | " +
                      std::string(info.summary) + " |";
    if (doc.find(row) == std::string::npos) missing += "\n  " + row;
  }
  EXPECT_TRUE(missing.empty())
      << "docs/diagnostics.md is out of date; run scripts/gen_diagnostics_doc.sh. Missing:" << missing;
}

}  // namespace
}  // namespace ocf
