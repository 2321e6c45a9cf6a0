// The flagship's statement, checked against an independent second
// implementation: tests/crosscheck/msk_reference.py computes, from
// LANGUAGE.md and msk.ocf by hand, what `ocf run --format json` must print,
// and its output is tests/crosscheck/msk.expected.json. This test runs ocf
// in-process and compares the two documents value by value; decimal strings
// compare as exact decimals (`0.5` equals `0.50`).
#include "compiler/driver/cli.h"
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

// ---------------------------------------------------------------- a tiny JSON reader

struct Json {
  enum Kind { kNull, kBool, kNumber, kString, kArray, kObject } kind = kNull;
  std::string text;  // a string's value, a number's digits, "true"/"false"
  std::vector<Json> items;
  std::vector<std::pair<std::string, Json>> members;

  const Json* Find(const std::string& key) const {
    for (const auto& [k, v] : members)
      if (k == key) return &v;
    return nullptr;
  }
};

class JsonReader {
 public:
  explicit JsonReader(const std::string& s) : s_(s) {}

  bool Read(Json& out, std::string& error) {
    bool ok = Value(out) && (Space(), pos_ == s_.size());
    if (!ok) error = "bad JSON at offset " + std::to_string(pos_);
    return ok;
  }

 private:
  void Space() {
    while (pos_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }
  bool Eat(char c) {
    Space();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool Word(const char* w) {
    std::string word(w);
    if (s_.compare(pos_, word.size(), word) != 0) return false;
    pos_ += word.size();
    return true;
  }
  bool String(std::string& out) {
    if (!Eat('"')) return false;
    while (pos_ < s_.size() && s_[pos_] != '"') {
      char c = s_[pos_++];
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= s_.size()) return false;
      char e = s_[pos_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'u': {
          if (pos_ + 4 > s_.size()) return false;
          unsigned cp = std::stoul(s_.substr(pos_, 4), nullptr, 16);
          pos_ += 4;
          if (cp < 0x80) {
            out += static_cast<char>(cp);
          } else if (cp < 0x800) {
            out += static_cast<char>(0xC0 | (cp >> 6));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          } else {  // no surrogate pairs in these documents
            out += static_cast<char>(0xE0 | (cp >> 12));
            out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (cp & 0x3F));
          }
          break;
        }
        default:
          out += e;  // \" \\ \/
      }
    }
    return Eat('"');
  }
  bool Value(Json& out) {
    Space();
    if (pos_ >= s_.size()) return false;
    char c = s_[pos_];
    if (c == '{') {
      out.kind = Json::kObject;
      ++pos_;
      if (Eat('}')) return true;
      do {
        std::string key;
        Json v;
        if (!String(key) || !Eat(':') || !Value(v)) return false;
        out.members.emplace_back(std::move(key), std::move(v));
      } while (Eat(','));
      return Eat('}');
    }
    if (c == '[') {
      out.kind = Json::kArray;
      ++pos_;
      if (Eat(']')) return true;
      do {
        out.items.emplace_back();
        if (!Value(out.items.back())) return false;
      } while (Eat(','));
      return Eat(']');
    }
    if (c == '"') {
      out.kind = Json::kString;
      return String(out.text);
    }
    if (Word("null")) return true;
    for (const char* word : {"true", "false"}) {
      if (Word(word)) {
        out.kind = Json::kBool;
        out.text = word;
        return true;
      }
    }
    size_t start = pos_;
    while (pos_ < s_.size() && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '-' ||
                                s_[pos_] == '.' || s_[pos_] == 'e' || s_[pos_] == 'E' || s_[pos_] == '+'))
      ++pos_;
    out.kind = Json::kNumber;
    out.text = s_.substr(start, pos_ - start);
    return pos_ > start;
  }

  const std::string& s_;
  size_t pos_ = 0;
};

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
    case Json::kNull:
      return "null";
    case Json::kArray:
      return "[" + std::to_string(v.items.size()) + " items]";
    case Json::kObject:
      return "{" + std::to_string(v.members.size()) + " members}";
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
    case Json::kObject:
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
    case Json::kArray:
      if (ocf.items.size() != ref.items.size())
        return differ(std::to_string(ocf.items.size()) + " items",
                      std::to_string(ref.items.size()) + " items");
      for (size_t i = 0; i < ocf.items.size(); ++i)
        Compare(ocf.items[i], ref.items[i], path + "[" + std::to_string(i) + "]", diffs);
      return;
    case Json::kString:
    case Json::kNumber: {
      std::string a = CanonicalDecimal(ocf.text), b = CanonicalDecimal(ref.text);
      bool same = !a.empty() && !b.empty() ? a == b : ocf.text == ref.text;
      if (!same) differ(ocf.text, ref.text);
      return;
    }
    default:
      if (ocf.text != ref.text) differ(Show(ocf), Show(ref));
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
  ASSERT_TRUE(JsonReader(left).Read(a, error)) << error;
  ASSERT_TRUE(JsonReader(right).Read(b, error)) << error;
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
  ASSERT_TRUE(JsonReader(ocf_text).Read(ocf_doc, error)) << "ocf's output: " << error;
  ASSERT_TRUE(JsonReader(expected_text).Read(ref_doc, error)) << name << ".expected.json: " << error;
  ASSERT_EQ(ref_doc.kind, Json::kObject);
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
