// The rules for file paths a contract names and for the text of a contract
// file (compiler/source/file_rules.h).
#include "compiler/source/file_rules.h"

#include <string>

#include <gtest/gtest.h>

namespace ocf {
namespace {

std::optional<PathFlawKind> Kind(std::string_view path) {
  std::optional<PathFlaw> flaw = FindPathFlaw(path);
  return flaw ? std::optional<PathFlawKind>(flaw->kind) : std::nullopt;
}

TEST(PathRules, OrdinaryPathsPass) {
  for (std::string_view path : {"finance", "nhs/qof", "../shared/common", "/opt/ocf/lib/x.ocf",
                                "data/2014 Q1.csv", "données/été.csv", "a.b.c", "lib/.hidden", ""}) {
    EXPECT_FALSE(FindPathFlaw(path)) << path;
  }
}

TEST(PathRules, EveryControlCharacterIsRefusedWhereItStands) {
  for (int c = 0; c < 0x20; ++c) {
    std::string path = "lib/a" + std::string(1, static_cast<char>(c)) + "b";
    std::optional<PathFlaw> flaw = FindPathFlaw(path);
    ASSERT_TRUE(flaw) << c;
    EXPECT_EQ(flaw->kind, PathFlawKind::ControlCharacter);
    EXPECT_EQ(flaw->byte_offset, 5u);
    EXPECT_EQ(flaw->byte_length, 1u);
  }
  EXPECT_EQ(Kind("a\x7f"), PathFlawKind::ControlCharacter);
  EXPECT_EQ(Kind("a\xc2\x9b"), PathFlawKind::ControlCharacter);  // U+009B, a terminal's CSI
  EXPECT_EQ(FindPathFlaw(std::string("x\0", 2))->what, "holds a NUL byte (U+0000)");
}

TEST(PathRules, CharactersThatDoNotShowAreRefused) {
  EXPECT_EQ(Kind("lib/\xe2\x80\xaetxt.ocf"), PathFlawKind::InvisibleCharacter);  // U+202E
  EXPECT_EQ(Kind("lib/\xe2\x80\x8b"
                 "a"),
            PathFlawKind::InvisibleCharacter);  // U+200B
  EXPECT_EQ(Kind("\xef\xbb\xbf"
                 "a"),
            PathFlawKind::InvisibleCharacter);                         // U+FEFF
  EXPECT_EQ(Kind("a\xef\xbf\xbd"), PathFlawKind::InvisibleCharacter);  // U+FFFD
  EXPECT_EQ(Kind("a\xe9"), PathFlawKind::NotUtf8);
}

TEST(PathRules, BackslashAndFoldersAreRefused) {
  EXPECT_EQ(Kind("lib\\common"), PathFlawKind::Backslash);
  for (std::string_view path : {"lib/", "/", ".", "..", "lib/..", "a/.", "a//"})
    EXPECT_EQ(Kind(path), PathFlawKind::NamesAFolder) << path;
}

TEST(PathRules, PathsBeyondTheLimitAreRefused) {
  EXPECT_FALSE(FindPathFlaw(std::string(kMaxPathBytes, 'a')));
  EXPECT_EQ(Kind(std::string(kMaxPathBytes + 1, 'a')), PathFlawKind::TooLong);
}

TEST(TextRules, TextPasses) {
  EXPECT_FALSE(FindNotText("contract \"x\" {\r\n\tcommissioner \"é £ €\"\f\n}\n", true));
  EXPECT_FALSE(
      FindNotText("\xef\xbb\xbf"
                  "let a = 1\n",
                  true));
  EXPECT_FALSE(FindNotText("", true));
}

TEST(TextRules, FirstNulOrControlCharacterWithItsPlace) {
  std::optional<NotText> found = FindNotText("ab\ncd\x1b[2J\0", false);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, NotText::Kind::ControlCharacter);
  EXPECT_EQ(found->line, 2u);
  EXPECT_EQ(found->column, 3u);
  EXPECT_EQ(found->Describe(), "the control character U+001B");
  found = FindNotText(std::string("£\0", 3), false);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, NotText::Kind::Nul);
  EXPECT_EQ(found->column, 2u);  // columns count characters, not bytes
}

TEST(TextRules, InvalidUtf8OnlyWhenAskedFor) {
  EXPECT_FALSE(FindNotText("caf\xe9\n", false));
  std::optional<NotText> found = FindNotText("x\ncaf\xe9\n", true);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->kind, NotText::Kind::InvalidUtf8);
  EXPECT_EQ(found->line, 2u);
  EXPECT_EQ(found->column, 4u);
  EXPECT_EQ(found->Describe(), "the byte 0xe9, which is not UTF-8");
  // Bytes skipped when not asked for still count as one column each.
  found = FindNotText("\xe9\xe9\x01", false);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->column, 3u);
}

TEST(TextRules, LocationOnlyTextHasThePlaceAndNothingElse) {
  EXPECT_EQ(LocationOnlyText(3, 4), "\n\n   ");
  EXPECT_EQ(LocationOnlyText(1, 1), "");
}

}  // namespace
}  // namespace ocf
