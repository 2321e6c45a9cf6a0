// The C API, used as a C program would use it.
#include "ocf/ocf.h"

#include <cstring>
#include <string>

#include <gtest/gtest.h>

namespace {

TEST(CApi, MissingFileIsNotOkAndSaysWhy) {
  ocf_result* r = ocf_compile_file("/nonexistent/contract.ocf", nullptr);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(ocf_result_ok(r), 0);
  EXPECT_EQ(ocf_result_error_count(r), 1u);
  std::string json = ocf_result_diagnostics_json(r);
  EXPECT_NE(json.find("\"error\": \"cannot read `/nonexistent/contract.ocf`: no such file\""),
            std::string::npos)
      << json;
  EXPECT_NE(json.find("\"diagnostics\": []"), std::string::npos) << json;
  ocf_result_free(r);
}

TEST(CApi, TextThatIsNotAContractHasErrorsInJson) {
  const char* text = "this is not a contract\n";
  ocf_result* r = ocf_compile_text(text, std::strlen(text), "notes.ocf", nullptr);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(ocf_result_ok(r), 0);
  EXPECT_GE(ocf_result_error_count(r), 1u);
  std::string json = ocf_result_diagnostics_json(r);
  EXPECT_EQ(json.rfind("{\"schema\": \"ocf.diagnostics/1\", \"diagnostics\": [", 0), 0u) << json;
  EXPECT_NE(json.find("\"file\": \"notes.ocf\""), std::string::npos) << json;
  EXPECT_NE(json.find("\"errors\": " + std::to_string(ocf_result_error_count(r))), std::string::npos) << json;
  std::string text_out = ocf_result_diagnostics_text(r);
  EXPECT_NE(text_out.find("notes.ocf:"), std::string::npos) << text_out;
  ocf_result_free(r);
}

TEST(CApi, OkMatchesTheErrorCount) {
  const char* text =
      "contract \"C\" {\n  commissioner \"NHS Somewhere\"\n  term 2024-04-01 to 2025-03-31\n}\n";
  ocf_result* r = ocf_compile_text(text, std::strlen(text), "c.ocf", "");
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(ocf_result_ok(r) == 1, ocf_result_error_count(r) == 0);
  ocf_result_free(r);
}

TEST(CApi, NullsAreHarmless) {
  ocf_result_free(nullptr);
  EXPECT_EQ(ocf_result_ok(nullptr), 0);
  EXPECT_STREQ(ocf_result_diagnostics_json(nullptr), "");
  ocf_result* r = ocf_compile_text(nullptr, 5, nullptr, nullptr);
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(ocf_result_ok(r), 0);  // an empty file has no contract block
  ocf_result_free(r);
  EXPECT_STREQ(ocf_version(), OCF_VERSION);
}

}  // namespace
