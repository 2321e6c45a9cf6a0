// The one JSON string escaper (runtime/json.h): whatever the bytes of a file
// name or a cell, the JSON is valid UTF-8 and prints safely on a terminal.
#include "runtime/json.h"

#include <gtest/gtest.h>

#include <string>

namespace ocf {
namespace {

std::string Json(std::string_view s) {
  std::string out;
  AppendJsonString(out, s);
  return out;
}

TEST(JsonString, EscapesQuotesBackslashesAndLineBreaks) {
  EXPECT_EQ(Json("a \"b\" \\ c\nd\re\tf"), "\"a \\\"b\\\" \\\\ c\\nd\\re\\tf\"");
}

TEST(JsonString, KeepsUtf8Text) { EXPECT_EQ(Json("£1,234 € ü 😀 名"), "\"£1,234 € ü 😀 名\""); }

TEST(JsonString, EscapesControlCharactersOfEveryKind) {
  EXPECT_EQ(Json(std::string("\x1b[2J\0\x7f", 6)), "\"\\u001b[2J\\u0000\\u007f\"");
  EXPECT_EQ(Json("\xc2\x85\xc2\x9b"), "\"\\u0085\\u009b\"");  // C1: NEL, CSI
  EXPECT_EQ(Json("a\xe2\x80\xa8"
                 "b\xe2\x80\xa9"),
            "\"a\\u2028b\\u2029\"");
}

TEST(JsonString, BytesThatAreNotUtf8BecomeReplacementCharacters) {
  const std::string r = "\xEF\xBF\xBD";
  EXPECT_EQ(Json("caf\xe9"), "\"caf" + r + "\"");                    // Latin-1
  EXPECT_EQ(Json("\xc0\xaf"), "\"" + r + r + "\"");                  // overlong `/`
  EXPECT_EQ(Json("\xed\xa0\x80"), "\"" + r + r + r + "\"");          // a surrogate
  EXPECT_EQ(Json("x\xe2\x82"), "\"x" + r + r + "\"");                // cut off
  EXPECT_EQ(Json("\xf4\x90\x80\x80"), "\"" + r + r + r + r + "\"");  // past U+10FFFF
}

TEST(JsonString, NextUtf8ReadsOneCharacter) {
  char32_t cp = 0;
  EXPECT_EQ(NextUtf8("€", 0, cp), 3u);
  EXPECT_EQ(cp, U'€');
  EXPECT_EQ(NextUtf8("😀", 0, cp), 4u);
  EXPECT_EQ(cp, U'😀');
  EXPECT_EQ(NextUtf8("\x80", 0, cp), 0u);
  EXPECT_EQ(NextUtf8("\xe2\x82", 0, cp), 0u);
}

}  // namespace
}  // namespace ocf
