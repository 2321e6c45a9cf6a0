// The editor queries behind `ocf lsp` (compiler/ide/ide.h), on small
// contracts written here and on examples/msk/msk.ocf.
#include "compiler/ide/ide.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>

#include "compiler/ide/index.h"

namespace ocf::ide {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kMskPath = std::string(OCF_SOURCE_DIR) + "/examples/msk/msk.ocf";

driver::DriverOptions Options() {
  driver::DriverOptions o;
  o.stdlib_dir = std::string(OCF_SOURCE_DIR) + "/stdlib";
  return o;
}

std::unique_ptr<Analysis> Msk() { return Analysis::Build(ReadFile(kMskPath), kMskPath, Options()); }

// The code point offset of the `nth` (0-based) occurrence of `needle` in
// `text` plus `delta` (the texts here are ASCII but for `£`, counted once).
uint32_t At(const std::string& text, const std::string& needle, int nth = 0, int delta = 0) {
  size_t pos = std::string::npos, from = 0;
  for (int i = 0; i <= nth; ++i) {
    pos = text.find(needle, from);
    if (pos == std::string::npos) ADD_FAILURE() << "no `" << needle << "` #" << nth;
    if (pos == std::string::npos) return 0;
    from = pos + 1;
  }
  uint32_t cp = 0;
  for (size_t i = 0; i < pos; ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++cp;
  return cp + delta;
}

std::string Text(const Analysis& a, Span s) {
  return std::string(a.compilation().sources.Get(s.file).Slice(s));
}

TEST(IdeOutline, MskHasItsDeclarations) {
  auto a = Msk();
  ASSERT_TRUE(a->compilation().ok());
  std::vector<OutlineItem> outline = Outline(*a);
  auto find = [&](const std::string& name, OutlineKind kind) -> const OutlineItem* {
    for (const OutlineItem& item : outline)
      if (item.name == name && item.kind == kind) return &item;
    return nullptr;
  };
  ASSERT_NE(find("Bedfordshire MSK prime contract", OutlineKind::Contract), nullptr);
  ASSERT_NE(find("finance", OutlineKind::Module), nullptr);
  const OutlineItem* referrals = find("referrals", OutlineKind::Data);
  ASSERT_NE(referrals, nullptr);
  EXPECT_EQ(referrals->detail, "Referrals into the MSK pathway");
  ASSERT_EQ(referrals->children.size(), 7u);
  EXPECT_EQ(referrals->children[5].name, "pathway");
  EXPECT_EQ(referrals->children[5].children.size(), 4u);  // its enumeration values
  EXPECT_EQ(Text(*a, referrals->selection), "referrals");
  const OutlineItem* m = find("seen_in_18_weeks", OutlineKind::Measure);
  ASSERT_NE(m, nullptr);
  EXPECT_EQ(m->detail, "Adults first seen within 18 weeks of referral");
  EXPECT_NE(find("contract_value", OutlineKind::Function), nullptr);
  EXPECT_NE(find("adults", OutlineKind::Population), nullptr);
  EXPECT_NE(find("access", OutlineKind::Outcome), nullptr);
  EXPECT_NE(find("the first quarter's KPIs", OutlineKind::Test), nullptr);
  size_t measures = std::count_if(outline.begin(), outline.end(),
                                  [](const OutlineItem& i) { return i.kind == OutlineKind::Measure; });
  EXPECT_EQ(measures, 12u);
  size_t payments = 0;
  for (const OutlineItem& i : outline)
    if (i.kind == OutlineKind::Payment) {
      ++payments;
      for (const OutlineItem& c : i.children) {
        EXPECT_LE(i.span.begin, c.span.begin);
        EXPECT_GE(i.span.end, c.span.end);
      }
    }
  EXPECT_EQ(payments, 2u);
  for (const OutlineItem& i : outline) {
    EXPECT_LE(i.span.begin, i.selection.begin) << i.name;
    EXPECT_GE(i.span.end, i.selection.end) << i.name;
  }
}

TEST(IdeOutline, BrokenTextStillHasAnOutline) {
  auto a = Analysis::Build("measure a = count\nmeasure b = 1 +\nlet x = 3\n", "/tmp/broken.ocf", Options());
  std::vector<OutlineItem> outline = Outline(*a);
  ASSERT_FALSE(outline.empty());
  EXPECT_EQ(outline.back().name, "x");
}

}  // namespace
}  // namespace ocf::ide
