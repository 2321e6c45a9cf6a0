// Data problems' codes (runtime/data_codes.def): each rule key the readers
// and checks make has one, docs/diagnostics.md lists every code as the list
// says it, and docs/schema/data.schema.json pairs each code with its rule.
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>

#include "runtime/data_report.h"

namespace ocf {
namespace {

std::string ReadSource(const std::string& path) {
  std::ifstream in(std::string(OCF_SOURCE_DIR) + "/" + path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(DataCodes, EachKeyOfAKindHasItsCode) {
  EXPECT_EQ(DataProblemCode("unreadable"), "D0101");
  EXPECT_EQ(DataProblemCode("bad-value:age"), "D0401");
  EXPECT_EQ(DataProblemCode("missing:referred_on"), "D0402");
  EXPECT_EQ(DataProblemCode("key:referral_id"), "D0501");
  EXPECT_EQ(DataProblemCode("check:12"), "D0601");
  EXPECT_THROW(DataProblemCode("no-such-kind:age"), std::logic_error);
  DataReport report("f.csv");
  size_t rule = report.Rule("field-count", "row with the wrong number of fields", "rows ...");
  EXPECT_EQ(report.rules()[rule].code, "D0301");
}

TEST(DataCodes, CodesAndKindsAreUniqueAndWellFormed) {
  std::set<std::string_view> codes, kinds;
  for (const DataProblemKind& k : AllDataProblemKinds()) {
    EXPECT_TRUE(codes.insert(k.code).second) << k.code;
    EXPECT_TRUE(kinds.insert(k.kind).second) << k.kind;
    ASSERT_EQ(k.code.size(), 5u) << k.code;
    EXPECT_EQ(k.code[0], 'D') << k.code;
    EXPECT_EQ(k.kind.find(':'), std::string_view::npos) << k.kind;
  }
  EXPECT_GE(codes.size(), 13u);
}

TEST(DataCodes, DiagnosticsDocListsEveryCode) {
  std::string doc = ReadSource("docs/diagnostics.md");
  ASSERT_FALSE(doc.empty()) << "docs/diagnostics.md is missing";
  for (const DataProblemKind& k : AllDataProblemKinds()) {
    std::string row = "| " + std::string(k.code) + " | `" + std::string(k.kind);
    size_t at = doc.find(row);
    ASSERT_NE(at, std::string::npos) << row << ": run scripts/gen_diagnostics_doc.sh";
    std::string line = doc.substr(at, doc.find('\n', at) - at);
    EXPECT_NE(line.find("` | " + std::string(k.summary) + " |"), std::string::npos)
        << line << ": run scripts/gen_diagnostics_doc.sh";
  }
}

TEST(DataCodes, SchemaPairsEveryCodeWithItsRule) {
  std::string schema = ReadSource("docs/schema/data.schema.json");
  ASSERT_FALSE(schema.empty()) << "docs/schema/data.schema.json is missing";
  for (const DataProblemKind& k : AllDataProblemKinds()) {
    std::string code = "{\"const\": \"" + std::string(k.code) + "\"}, \"rule\": {";
    size_t at = schema.find(code);
    ASSERT_NE(at, std::string::npos) << k.code << " is not in the schema";
    std::string line = schema.substr(at, schema.find('\n', at) - at);
    // `"rule": {"const": "KIND"}`, or a pattern `^KIND:` for keys about a column or rule.
    bool exact = line.find("\"rule\": {\"const\": \"" + std::string(k.kind) + "\"}") != std::string::npos;
    bool prefix = line.find("\"pattern\": \"^" + std::string(k.kind) + ":") != std::string::npos;
    EXPECT_TRUE(exact || prefix) << line;
  }
}

}  // namespace
}  // namespace ocf
