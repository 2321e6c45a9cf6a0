// runtime/json_reader.h: a strict JSON reader, with located errors and limits
// that hold against hostile documents.
#include "runtime/json_reader.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "runtime/json.h"

namespace ocf {
namespace {

using ::testing::HasSubstr;

JsonValue Valid(std::string_view text) {
  JsonReadResult r = ReadJson(text);
  EXPECT_TRUE(r.value.has_value()) << text << ": " << r.error.message;
  return r.value ? *r.value : JsonValue{};
}

JsonError Invalid(std::string_view text, const JsonLimits& limits = {}) {
  JsonReadResult r = ReadJson(text, limits);
  EXPECT_FALSE(r.value.has_value()) << text;
  return r.error;
}

TEST(JsonReader, ReadsEveryKindOfValueKeepingNumbersAsWritten) {
  JsonValue v = Valid(R"( {"a": [1, -0.5, 2e10, 6381250.00], "b": "x\"y\\\/\n\u00e9\ud83d\ude00",
                          "c": true, "d": false, "e": null, "f": {}, "g": []} )");
  ASSERT_TRUE(v.is_object());
  ASSERT_EQ(v.members.size(), 7u);
  EXPECT_EQ(v.members[0].first, "a");  // in the order written
  const JsonValue* a = v.Find("a");
  ASSERT_TRUE(a && a->is_array());
  ASSERT_EQ(a->items.size(), 4u);
  EXPECT_EQ(a->items[0].text, "1");
  EXPECT_EQ(a->items[1].text, "-0.5");
  EXPECT_EQ(a->items[2].text, "2e10");
  EXPECT_EQ(a->items[3].text, "6381250.00");  // not 6381250: the text as written
  EXPECT_EQ(v.Find("b")->text, "x\"y\\/\n\xC3\xA9\xF0\x9F\x98\x80");
  EXPECT_TRUE(v.Find("c")->boolean);
  EXPECT_EQ(v.Find("d")->kind, JsonValue::Kind::Bool);
  EXPECT_FALSE(v.Find("d")->boolean);
  EXPECT_TRUE(v.Find("e")->is_null());
  EXPECT_EQ(v.Find("missing"), nullptr);
  EXPECT_EQ(a->Find("a"), nullptr);  // not an object
  // Where each value starts.
  EXPECT_EQ(v.line, 1u);
  EXPECT_EQ(v.column, 2u);
  EXPECT_EQ(v.Find("c")->line, 2u);
}

TEST(JsonReader, WhatOcfWritesReadsBack) {
  std::string text = "{\"s\": ";
  AppendJsonString(text, "tab\there \x01 \xE2\x80\xA8 \xF0\x9F\x98\x80 \"quoted\" back\\slash");
  text += "}";
  EXPECT_EQ(Valid(text).Find("s")->text,
            "tab\there \x01 \xE2\x80\xA8 \xF0\x9F\x98\x80 \"quoted\" back\\slash");
  // A byte order mark is allowed before the document.
  EXPECT_TRUE(Valid("\xEF\xBB\xBF[1]").is_array());
}

TEST(JsonReader, RefusesWhatIsNotStrictJsonSayingWhere) {
  JsonError e = Invalid("{\"a\": 1,\n  }");
  EXPECT_EQ(e.line, 2u);
  EXPECT_EQ(e.column, 3u);
  EXPECT_THAT(e.message, HasSubstr("`}` where a key"));
  EXPECT_THAT(Invalid("[1, 2,]").message, HasSubstr("`]` where a value was expected"));
  EXPECT_THAT(Invalid("[01]").message, HasSubstr("leading zero"));
  EXPECT_THAT(Invalid("[1.]").message, HasSubstr("digits after the decimal point"));
  EXPECT_THAT(Invalid("[1e]").message, HasSubstr("exponent"));
  EXPECT_THAT(Invalid("[-]").message, HasSubstr("digits of a number"));
  EXPECT_THAT(Invalid("[NaN]").message, HasSubstr("`N` where a value"));
  EXPECT_THAT(Invalid("{'a': 1}").message, HasSubstr("where a key"));
  EXPECT_THAT(Invalid("// comment\n{}").message, HasSubstr("`/` where a value"));
  EXPECT_THAT(Invalid("{} {}").message, HasSubstr("after the document's end"));
  EXPECT_THAT(Invalid("").message, HasSubstr("ends where a value was expected"));
  EXPECT_THAT(Invalid("{\"a\": 1, \"a\": 2}").message, HasSubstr("named twice"));
  EXPECT_THAT(Invalid("[\"a\tb\"]").message, HasSubstr("raw control character"));
  EXPECT_THAT(Invalid("[\"\\x41\"]").message, HasSubstr("not an escape"));
  EXPECT_THAT(Invalid("[\"\\u12G4\"]").message, HasSubstr("four hex digits"));
  EXPECT_THAT(Invalid("[\"\\ud83d\"]").message, HasSubstr("first half of a surrogate pair"));
  EXPECT_THAT(Invalid("[\"\\ud83d\\u0041\"]").message, HasSubstr("without its second half"));
  EXPECT_THAT(Invalid("[\"\\ude00\"]").message, HasSubstr("second half"));
  EXPECT_THAT(Invalid("[tru]").message, HasSubstr("where a value"));
  EXPECT_THAT(Invalid("{\"a\" 1}").message, HasSubstr("where `:` was expected"));
}

TEST(JsonReader, RefusesInvalidUtf8) {
  for (std::string bad : {"[\"\xFF\"]", "[\"\xC0\xAF\"]", "[\"\xED\xA0\x80\"]", "[\"\xF4\x90\x80\x80\"]",
                          "[\"\xE2\x82\"]", "[\"\xC3\"]"}) {
    JsonError e = Invalid(bad);
    EXPECT_THAT(e.message, HasSubstr("is not UTF-8")) << bad;
    EXPECT_EQ(e.column, 3u) << bad;
  }
  // Outside strings, any byte above ASCII is simply not JSON.
  EXPECT_THAT(Invalid("[\xC3\xA9]").message, HasSubstr("byte 0xc3"));
}

TEST(JsonReader, TruncatedDocumentsAreErrorsAtTheirEnd) {
  std::string doc =
      R"({"schema": "ocf.statement/1", "payments": {"2014/15": {"lines": [{"name": "x", "amount": "1.00"}]}}})";
  ASSERT_TRUE(ReadJson(doc).value);
  for (size_t n = 0; n < doc.size(); ++n) {
    JsonReadResult r = ReadJson(std::string_view(doc).substr(0, n));
    EXPECT_FALSE(r.value) << n;
    EXPECT_FALSE(r.error.message.empty()) << n;
    EXPECT_EQ(r.error.line, 1u) << n;
  }
}

TEST(JsonReader, HostileDocumentsMeetLimitsNotCrashes) {
  // Deep nesting: an error at the limit, never a stack overflow.
  std::string deep(1'000'000, '[');
  JsonError e = Invalid(deep);
  EXPECT_THAT(e.message, HasSubstr("nested more than 128 deep"));
  EXPECT_EQ(e.column, 129u);
  std::string objects;
  for (int i = 0; i < 200'000; ++i) objects += "{\"a\":";
  EXPECT_THAT(Invalid(objects).message, HasSubstr("nested more than"));
  // Exactly at the limit is fine.
  std::string ok = std::string(128, '[') + std::string(128, ']');
  EXPECT_TRUE(ReadJson(ok).value);
  // Huge numbers are kept as text up to a limit, never converted.
  std::string big = "[" + std::string(400, '9') + "]";
  EXPECT_EQ(Valid(big).items[0].text.size(), 400u);
  EXPECT_THAT(Invalid("[" + std::string(401, '9') + "]").message, HasSubstr("a number of 401 characters"));
  EXPECT_EQ(Valid("[1e999999999]").items[0].text, "1e999999999");
  // The whole document's size and its count of values.
  JsonLimits small;
  small.max_bytes = 10;
  EXPECT_THAT(Invalid("[1, 2, 3, 4, 5]", small).message, HasSubstr("at most 10 are read"));
  small = {};
  small.max_values = 3;
  EXPECT_THAT(Invalid("[1, 2, 3]", small).message, HasSubstr("more than 3 values"));
  // Many keys in one object: each checked once for repeats.
  std::string wide = "{";
  for (int i = 0; i < 20'000; ++i) wide += (i ? ",\"" : "\"") + std::to_string(i) + "\":0";
  EXPECT_EQ(Valid(wide + "}").members.size(), 20'000u);
  EXPECT_THAT(Invalid(wide + ",\"5\":1}").message, HasSubstr("\"5\" is named twice"));
}

}  // namespace
}  // namespace ocf
