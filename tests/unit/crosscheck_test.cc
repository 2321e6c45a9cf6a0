// The flagship's statement, checked against an independent second
// implementation: tests/crosscheck/msk_reference.py computes, from
// LANGUAGE.md and msk.ocf by hand, what `ocf run --format json` must print,
// and its output is tests/crosscheck/msk.expected.json. This test runs ocf
// in-process and compares the two documents value by value; decimal strings
// compare as exact decimals (`0.5` equals `0.50`).
#include "compiler/driver/cli.h"
#include "runtime/json_reader.h"
#include "tests/unit/run_ocf.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace ocf {
namespace {

// ---------------------------------------------------------------- reading JSON

using Json = JsonValue;  // runtime/json_reader.h: strict, numbers kept as written

bool ReadJsonText(const std::string& text, Json& out, std::string& error) {
  JsonReadResult r = ReadJson(text);
  if (!r.value) {
    error = "bad JSON at " + std::to_string(r.error.line) + ":" + std::to_string(r.error.column) + ": " +
            r.error.message;
    return false;
  }
  out = std::move(*r.value);
  return true;
}

// ---------------------------------------------------------------- comparing

// A decimal string in canonical form ("-0012.50" -> "-12.5", "-0.0" -> "0"),
// or "" when the text is not a plain decimal.
std::string CanonicalDecimal(const std::string& s) {
  size_t i = 0;
  bool negative = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) negative = s[i++] == '-';
  std::string whole, frac;
  while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) whole += s[i++];
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) frac += s[i++];
  }
  if (i != s.size() || (whole.empty() && frac.empty())) return "";
  whole.erase(0, whole.find_first_not_of('0'));
  frac.erase(frac.find_last_not_of('0') + 1);
  if (whole.empty()) whole = "0";
  std::string out = whole + (frac.empty() ? "" : "." + frac);
  return negative && out != "0" ? "-" + out : out;
}

std::string PathKey(const std::string& key) {
  bool plain = !key.empty();
  for (char c : key) plain = plain && (std::isalnum(static_cast<unsigned char>(c)) || c == '_');
  return plain ? key : "\"" + key + "\"";
}

std::string Show(const Json& v) {
  switch (v.kind) {
    case JsonValue::Kind::Null:
      return "null";
    case JsonValue::Kind::Array:
      return "[" + std::to_string(v.items.size()) + " items]";
    case JsonValue::Kind::Object:
      return "{" + std::to_string(v.members.size()) + " members}";
    case JsonValue::Kind::Bool:
      return v.boolean ? "true" : "false";
    default:
      return v.text;
  }
}

void Compare(const Json& ocf, const Json& ref, const std::string& path, std::vector<std::string>& diffs) {
  auto differ = [&](const std::string& ocf_text, const std::string& ref_text) {
    diffs.push_back(path + ": ocf " + ocf_text + ", reference " + ref_text);
  };
  if (ocf.kind != ref.kind) return differ(Show(ocf), Show(ref));
  switch (ocf.kind) {
    case JsonValue::Kind::Object:
      for (const auto& [key, value] : ref.members) {
        std::string sub = path.empty() ? PathKey(key) : path + "." + PathKey(key);
        if (const Json* mine = ocf.Find(key))
          Compare(*mine, value, sub, diffs);
        else
          diffs.push_back(sub + ": ocf has no such key, reference " + Show(value));
      }
      for (const auto& [key, value] : ocf.members)
        if (!ref.Find(key))
          diffs.push_back((path.empty() ? "" : path + ".") + PathKey(key) + ": ocf " + Show(value) +
                          ", reference has no such key");
      return;
    case JsonValue::Kind::Array:
      if (ocf.items.size() != ref.items.size())
        return differ(std::to_string(ocf.items.size()) + " items",
                      std::to_string(ref.items.size()) + " items");
      for (size_t i = 0; i < ocf.items.size(); ++i)
        Compare(ocf.items[i], ref.items[i], path + "[" + std::to_string(i) + "]", diffs);
      return;
    case JsonValue::Kind::String:
    case JsonValue::Kind::Number: {
      std::string a = CanonicalDecimal(ocf.text), b = CanonicalDecimal(ref.text);
      bool same = !a.empty() && !b.empty() ? a == b : ocf.text == ref.text;
      if (!same) differ(ocf.text, ref.text);
      return;
    }
    default:
      if (ocf.boolean != ref.boolean) differ(Show(ocf), Show(ref));
  }
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(CrosscheckJson, DecimalsCompareExactly) {
  EXPECT_EQ(CanonicalDecimal("0.50"), "0.5");
  EXPECT_EQ(CanonicalDecimal("-000.00"), "0");
  EXPECT_EQ(CanonicalDecimal("25175000.00"), "25175000");
  EXPECT_EQ(CanonicalDecimal("-12.340"), "-12.34");
  EXPECT_EQ(CanonicalDecimal("partial"), "");
  std::vector<std::string> diffs;
  Json a, b;
  std::string error;
  std::string left = R"({"m": {"2014/15 Q1": {"value": "0.875", "n": 7}}, "s": "met"})";
  std::string right = R"({"m": {"2014/15 Q1": {"value": "0.87", "n": 7}}, "s": "met"})";
  ASSERT_TRUE(ReadJsonText(left, a, error)) << error;
  ASSERT_TRUE(ReadJsonText(right, b, error)) << error;
  Compare(a, b, "", diffs);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0], "m.\"2014/15 Q1\".value: ocf 0.875, reference 0.87");
}

// Each tests/crosscheck/NAME.expected.json is checked against `ocf run` on
// examples/NAME/NAME.ocf with examples/NAME/data; NAME.args (optional) holds
// further arguments, one per line (`--set registered_65_plus=3000`).
std::vector<std::string> CrosscheckNames() {
  std::vector<std::string> names;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(OCF_SOURCE_DIR) + "/tests/crosscheck")) {
    std::string file = entry.path().filename().string();
    const std::string suffix = ".expected.json";
    if (file.size() > suffix.size() && file.compare(file.size() - suffix.size(), suffix.size(), suffix) == 0)
      names.push_back(file.substr(0, file.size() - suffix.size()));
  }
  std::sort(names.begin(), names.end());
  return names;
}

class Crosscheck : public ::testing::TestWithParam<std::string> {};

TEST_P(Crosscheck, StatementMatchesTheIndependentReference) {
  const std::string root = OCF_SOURCE_DIR, name = GetParam();
  std::vector<std::string> args = {"run",      root + "/examples/" + name + "/" + name + ".ocf",
                                   "--data",   root + "/examples/" + name + "/data",
                                   "--format", "json"};
  std::istringstream extra(ReadFile(root + "/tests/crosscheck/" + name + ".args"));
  for (std::string line; std::getline(extra, line);)
    if (!line.empty()) args.push_back(line);
  test_support::CliRun run = test_support::RunOcf(args);
  ASSERT_EQ(run.status, 0) << run.err;

  std::string expected_text = ReadFile(root + "/tests/crosscheck/" + name + ".expected.json");
  std::string ocf_text = run.out;
  Json ocf_doc, ref_doc;
  std::string error;
  ASSERT_TRUE(ReadJsonText(ocf_text, ocf_doc, error)) << "ocf's output: " << error;
  ASSERT_TRUE(ReadJsonText(expected_text, ref_doc, error)) << name << ".expected.json: " << error;
  ASSERT_EQ(ref_doc.kind, JsonValue::Kind::Object);
  for (const char* key : {"measures", "targets", "payments", "data"})
    ASSERT_NE(ref_doc.Find(key), nullptr) << key;

  std::vector<std::string> diffs;
  Compare(ocf_doc, ref_doc, "", diffs);
  std::string report;
  for (const std::string& d : diffs) report += "  " + d + "\n";
  EXPECT_TRUE(diffs.empty()) << diffs.size() << " difference(s) from the reference:\n" << report;
}

INSTANTIATE_TEST_SUITE_P(Examples, Crosscheck, ::testing::ValuesIn(CrosscheckNames()),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST(CrosscheckFiles, TheFlagshipIsCrosschecked) {
  std::vector<std::string> names = CrosscheckNames();
  EXPECT_NE(std::find(names.begin(), names.end(), "msk"), names.end());
}

}  // namespace
}  // namespace ocf
