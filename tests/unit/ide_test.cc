// The editor queries behind `ocf lsp` (compiler/ide/ide.h), on small
// contracts written here and on examples/msk/msk.ocf.
#include "compiler/ide/ide.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
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

// Byte offset of a code point offset.
size_t ByteAt(const std::string& text, uint32_t cp) {
  size_t i = 0;
  for (uint32_t n = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      if (n == cp) return i;
      ++n;
    }
  }
  return text.size();
}

// The document's text with the edits in it (only those to source 0).
std::string Apply(std::string text, std::vector<TextEdit> edits) {
  std::sort(edits.begin(), edits.end(),
            [](const TextEdit& a, const TextEdit& b) { return a.span.begin > b.span.begin; });
  for (const TextEdit& e : edits) {
    if (e.span.file != 0) continue;
    size_t b = ByteAt(text, e.span.begin), end = ByteAt(text, e.span.end);
    text.replace(b, end - b, e.new_text);
  }
  return text;
}

bool Has(const std::vector<Completion>& items, const std::string& label, CompletionKind kind) {
  return std::any_of(items.begin(), items.end(),
                     [&](const Completion& c) { return c.label == label && c.kind == kind; });
}

TEST(IdeHover, MeasureShowsTypeTitleAndDocComment) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  std::optional<Hover> h = HoverAt(*a, At(text, "target seen_in_18_weeks", 0, 10));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(Text(*a, h->span), "seen_in_18_weeks");
  EXPECT_NE(h->markdown.find("percent"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("Adults first seen within 18 weeks of referral"), std::string::npos)
      << h->markdown;
  EXPECT_NE(h->markdown.find("KPI 1. The referral-to-first-contact standard"), std::string::npos)
      << h->markdown;
  EXPECT_NE(h->markdown.find("measure seen_in_18_weeks"), std::string::npos) << h->markdown;
}

TEST(IdeHover, DocCommentStopsAtABlankLineAndReadsBlocks) {
  std::string text =
      "// Not this: a blank line follows.\n\n/* The number\n   of things. */\nlet n = 3\nmeasure m = n\n";
  auto a = Analysis::Build(text, "/tmp/doc.ocf", Options());
  std::optional<Hover> h = HoverAt(*a, At(text, "= n", 0, 2));
  ASSERT_TRUE(h.has_value());
  EXPECT_NE(h->markdown.find("The number"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("of things."), std::string::npos) << h->markdown;
  EXPECT_EQ(h->markdown.find("Not this"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("int"), std::string::npos) << h->markdown;
}

TEST(IdeHover, ColumnShowsTableAndType) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  std::optional<Hover> h = HoverAt(*a, At(text, "adults where first_seen_on", 0, 14));
  ASSERT_TRUE(h.has_value());
  EXPECT_EQ(Text(*a, h->span), "first_seen_on");
  EXPECT_NE(h->markdown.find("column of `referrals`"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("date?"), std::string::npos) << h->markdown;
}

TEST(IdeDefinition, ColumnInWhere) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  std::vector<Location> d = DefinitionAt(*a, At(text, "proms where msk_hq_after", 0, 13));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].span.file, 0u);
  EXPECT_EQ(d[0].span.begin, At(text, "msk_hq_after    :"));
  EXPECT_EQ(Text(*a, d[0].span), "msk_hq_after");
}

TEST(IdeDefinition, EnumerationValue) {
  std::string text =
      "data r dated by d {\n  d : date\n  pathway : one of (physio, \"day case\")\n}\n"
      "measure m = count r where pathway = physio\n"
      "measure n = count r where pathway in (\"day case\")\n";
  auto a = Analysis::Build(text, "/tmp/enum.ocf", Options());
  std::vector<Location> d = DefinitionAt(*a, At(text, "= physio", 0, 3));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].span.begin, At(text, "physio,"));
  d = DefinitionAt(*a, At(text, "(\"day case\")", 0, 3));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].span.begin, At(text, "\"day case\""));
  // References of the value: its definition and its use.
  EXPECT_EQ(ReferencesAt(*a, At(text, "physio,"), true).size(), 2u);
}

TEST(IdeDefinition, FunctionFromAnImportAndTheImportItself) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  std::vector<Location> d = DefinitionAt(*a, At(text, "compound_growth(year_one"));
  ASSERT_EQ(d.size(), 1u);
  ASSERT_NE(d[0].span.file, 0u);
  EXPECT_NE(a->path_of(d[0].span.file).find("finance.ocf"), std::string::npos);
  EXPECT_EQ(Text(*a, d[0].span), "compound_growth");
  std::vector<Location> imp = DefinitionAt(*a, At(text, "import \"finance\"", 0, 9));
  ASSERT_EQ(imp.size(), 1u);
  EXPECT_EQ(imp[0].span.file, d[0].span.file);
  EXPECT_EQ(imp[0].span.begin, 0u);
}

TEST(IdeReferences, MeasureInTargetsOutcomesMeasuresAndTests) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  uint32_t def = At(text, "measure seen_in_18_weeks", 0, 8);
  std::vector<Location> refs = ReferencesAt(*a, def, true);
  // Declaration, target, outcome item and four `expect`s.
  EXPECT_EQ(refs.size(), 7u);
  EXPECT_EQ(ReferencesAt(*a, def, false).size(), 6u);
  for (const Location& r : refs) EXPECT_EQ(Text(*a, r.span), "seen_in_18_weeks");

  std::string small =
      "let k = 2\nmeasure a = k + 1\nmeasure b = a * 2\ntarget a at least 1\n"
      "outcome o weight 100% { a }\ntest \"t\" { expect a = 3 }\n";
  auto s = Analysis::Build(small, "/tmp/refs.ocf", Options());
  std::vector<Location> r = ReferencesAt(*s, At(small, "measure a", 0, 8), false);
  EXPECT_EQ(r.size(), 4u);  // in b, the target, the outcome, the test
}

TEST(IdeRename, MeasureEverywhereAndRechecksClean) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  ASSERT_TRUE(PrepareRename(*a, At(text, "target mean_gain", 0, 8)).has_value());
  RenameResult r = Rename(*a, At(text, "target mean_gain", 0, 8), "average_gain");
  ASSERT_EQ(r.error, "");
  EXPECT_EQ(r.edits.size(), 5u);  // declaration, target, outcome item, two expects
  std::string renamed = Apply(text, r.edits);
  EXPECT_EQ(renamed.find("mean_gain"), std::string::npos);
  auto b = Analysis::Build(renamed, kMskPath, Options());
  EXPECT_TRUE(b->compilation().ok());
  // Renaming a column renames the `dated by`, the checks and the test tables' headers too.
  RenameResult col = Rename(*b, At(renamed, "referred_on   :"), "referral_date");
  ASSERT_EQ(col.error, "");
  std::string again = Apply(renamed, col.edits);
  EXPECT_EQ(again.find("referred_on"), std::string::npos);
  EXPECT_TRUE(Analysis::Build(again, kMskPath, Options())->compilation().ok());
  // Renaming an enumeration value renames the cells of test tables that hold it.
  RenameResult value = Rename(*b, At(renamed, "pain, \"rheumatology"), "pain_clinic");
  ASSERT_EQ(value.error, "");
  EXPECT_EQ(value.edits.size(), 4u);  // the declaration, two cells and an `expect ... for "pain"`
  std::string with_value = Apply(renamed, value.edits);
  EXPECT_NE(with_value.find("| pain_clinic "), std::string::npos);
  EXPECT_NE(with_value.find("for \"pain_clinic\""), std::string::npos);
  EXPECT_TRUE(Analysis::Build(with_value, kMskPath, Options())->compilation().ok());
}

// A module of the contract's own (not the stdlib) is renamed in too.
TEST(IdeRename, InALocalImport) {
  std::string dir = ::testing::TempDir() + "/ide_rename_import";
  std::filesystem::create_directories(dir);
  {
    std::ofstream lib(dir + "/shared.ocf");
    lib << "// Half of an amount.\nfunction half(x: money) : money = x / 2\n";
  }
  std::string text =
      "contract \"c\" {\n  commissioner \"x\"\n  term 2024-04-01 to 2025-03-31\n}\nimport \"shared\"\n"
      "let budget = £10\nlet h = half(budget)\n";
  auto a = Analysis::Build(text, dir + "/main.ocf", Options());
  ASSERT_TRUE(a->compilation().ok());
  std::optional<Hover> h = HoverAt(*a, At(text, "half(", 0, 1));
  ASSERT_TRUE(h.has_value());
  EXPECT_NE(h->markdown.find("Half of an amount."), std::string::npos) << h->markdown;
  RenameResult r = Rename(*a, At(text, "half("), "halve");
  ASSERT_EQ(r.error, "");
  ASSERT_EQ(r.edits.size(), 2u);
  bool in_lib = std::any_of(r.edits.begin(), r.edits.end(), [&](const TextEdit& e) {
    return e.span.file != 0 && a->path_of(e.span.file).find("shared.ocf") != std::string::npos &&
           Text(*a, e.span) == "half";
  });
  EXPECT_TRUE(in_lib);
  // A clash with a name the import declares is refused.
  EXPECT_NE(Rename(*a, At(text, "let h", 0, 4), "half").error.find("already"), std::string::npos);
}

TEST(IdeRename, RefusesKeywordsBadNamesClashesAndTheStdlib) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  uint32_t at = At(text, "target mean_gain", 0, 8);
  EXPECT_NE(Rename(*a, at, "where").error.find("keyword"), std::string::npos);
  EXPECT_NE(Rename(*a, at, "9lives").error.find("not a valid name"), std::string::npos);
  EXPECT_NE(Rename(*a, at, "wait_90th").error.find("already"), std::string::npos);
  EXPECT_FALSE(Rename(*a, at, "wait_90th").error.empty());
  uint32_t lib = At(text, "compound_growth(year_one");
  EXPECT_FALSE(PrepareRename(*a, lib).has_value());
  EXPECT_NE(Rename(*a, lib, "growth").error.find("standard library"), std::string::npos);
  EXPECT_FALSE(PrepareRename(*a, At(text, "where age")).has_value());       // a keyword
  EXPECT_FALSE(PrepareRename(*a, At(text, "contract_year)")).has_value());  // a builtin
}

TEST(IdeComplete, ColumnsAfterWhere) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  std::string typing = text + "\nmeasure m = percent of referrals where ";
  auto b = Analysis::Build(typing, kMskPath, Options());
  std::vector<Completion> items = CompleteAt(*b, b->document().size_in_code_points());
  EXPECT_TRUE(Has(items, "pathway", CompletionKind::Column));
  EXPECT_TRUE(Has(items, "first_seen_on", CompletionKind::Column));
  EXPECT_FALSE(Has(items, "msk_hq_after", CompletionKind::Column));  // proms's, not referrals'
  // Through a population, and with the word half typed.
  typing = text + "\nmeasure m = count adults where first_s";
  b = Analysis::Build(typing, kMskPath, Options());
  items = CompleteAt(*b, b->document().size_in_code_points());
  EXPECT_TRUE(Has(items, "first_seen_on", CompletionKind::Column));
  // The value of an aggregate, its table after the cursor.
  typing = text + "\nmeasure m = sum  of finance";
  b = Analysis::Build(typing, kMskPath, Options());
  items = CompleteAt(*b, b->document().size_in_code_points() - 11);
  EXPECT_TRUE(Has(items, "spend", CompletionKind::Column));
}

TEST(IdeComplete, EnumerationValuesAfterEquals) {
  std::string text = ReadFile(kMskPath) + "\nmeasure m = percent of referrals where pathway = ";
  auto b = Analysis::Build(text, kMskPath, Options());
  std::vector<Completion> items = CompleteAt(*b, b->document().size_in_code_points());
  ASSERT_EQ(items.size(), 4u);
  EXPECT_TRUE(Has(items, "physio", CompletionKind::EnumValue));
  auto day = std::find_if(items.begin(), items.end(),
                          [](const Completion& c) { return c.label == "rheumatology day case"; });
  ASSERT_NE(day, items.end());
  EXPECT_EQ(day->insert_text, "\"rheumatology day case\"");
  text = ReadFile(kMskPath) + "\nmeasure m = count referrals where source in (gp, ";
  b = Analysis::Build(text, kMskPath, Options());
  items = CompleteAt(*b, b->document().size_in_code_points());
  EXPECT_TRUE(Has(items, "consultant", CompletionKind::EnumValue));
}

TEST(IdeComplete, KeywordsAtTheStartOfALineAndNamesInExpressions) {
  std::string text = ReadFile(kMskPath) + "\nmea";
  auto b = Analysis::Build(text, kMskPath, Options());
  std::vector<Completion> items = CompleteAt(*b, b->document().size_in_code_points());
  EXPECT_TRUE(Has(items, "measure", CompletionKind::Keyword));
  EXPECT_TRUE(Has(items, "payment", CompletionKind::Keyword));
  EXPECT_FALSE(Has(items, "pathway", CompletionKind::Column));
  text = ReadFile(kMskPath) + "\nlet x = ";
  b = Analysis::Build(text, kMskPath, Options());
  items = CompleteAt(*b, b->document().size_in_code_points());
  EXPECT_TRUE(Has(items, "year_one_budget", CompletionKind::Variable));
  EXPECT_TRUE(Has(items, "mean_gain", CompletionKind::Declaration));
  EXPECT_TRUE(Has(items, "compound_growth", CompletionKind::Function));  // imported
  EXPECT_TRUE(Has(items, "days", CompletionKind::Function));             // built in
  // A stdlib function not imported, with the import it needs.
  auto qof = std::find_if(items.begin(), items.end(), [](const Completion& c) {
    return c.kind == CompletionKind::Function && c.detail.find("import \"nhs/") != std::string::npos;
  });
  EXPECT_NE(qof, items.end());
  // Nothing inside a comment or a text.
  EXPECT_TRUE(CompleteAt(*b, At(text, "measures are reported", 0, 3)).empty());
  EXPECT_TRUE(CompleteAt(*b, At(text, "Referrals received", 0, 3)).empty());
  text = ReadFile(kMskPath) + "\nmeasure m \"Half a tit";  // a title being typed
  b = Analysis::Build(text, kMskPath, Options());
  EXPECT_TRUE(CompleteAt(*b, b->document().size_in_code_points()).empty());
}

TEST(IdeComplete, BlocksItemsAndAnUnclosedBlockAbove) {
  std::string text = ReadFile(kMskPath) + "\ndata extra {\n  a : int\n  ";
  auto b = Analysis::Build(text, kMskPath, Options());
  std::vector<Completion> items = CompleteAt(*b, b->document().size_in_code_points());
  EXPECT_TRUE(Has(items, "check", CompletionKind::Keyword));
  EXPECT_FALSE(Has(items, "measure", CompletionKind::Keyword));
  // The block is never closed: the next declaration still completes.
  text += "\nmeasure m = count referrals where ";
  b = Analysis::Build(text, kMskPath, Options());
  items = CompleteAt(*b, b->document().size_in_code_points());
  EXPECT_TRUE(Has(items, "age", CompletionKind::Column));
  text = ReadFile(kMskPath) + "\npayment yearly {\n  ";
  b = Analysis::Build(text, kMskPath, Options());
  items = CompleteAt(*b, b->document().size_in_code_points());
  EXPECT_TRUE(Has(items, "pay", CompletionKind::Keyword));
  EXPECT_TRUE(Has(items, "let", CompletionKind::Keyword));
}

TEST(IdeHover, MoneyShowsTheCurrency) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  std::optional<Hover> h = HoverAt(*a, At(text, "compound_growth(year_one_budget", 0, 17));
  ASSERT_TRUE(h.has_value());
  EXPECT_NE(h->markdown.find("`money` (GBP)"), std::string::npos) << h->markdown;
  EXPECT_NE(h->markdown.find("contract value in 2014/15"), std::string::npos) << h->markdown;
}

TEST(IdeSemanticTokens, SortedAndClassified) {
  auto a = Msk();
  std::string text = ReadFile(kMskPath);
  std::vector<SemanticToken> tokens = SemanticTokens(*a);
  ASSERT_GT(tokens.size(), 500u);
  for (size_t i = 1; i < tokens.size(); ++i) EXPECT_LE(tokens[i - 1].span.end, tokens[i].span.begin);
  auto at = [&](uint32_t offset) -> const SemanticToken* {
    for (const SemanticToken& t : tokens)
      if (t.span.begin == offset) return &t;
    return nullptr;
  };
  const SemanticToken* use = at(At(text, "target mean_gain", 0, 7));
  ASSERT_NE(use, nullptr);
  EXPECT_EQ(use->type, TokenType::Measure);
  EXPECT_EQ(use->modifiers & kDeclaration, 0u);
  const SemanticToken* def = at(At(text, "measure mean_gain", 0, 8));
  ASSERT_NE(def, nullptr);
  EXPECT_EQ(def->type, TokenType::Measure);
  EXPECT_NE(def->modifiers & kDeclaration, 0u);
  const SemanticToken* kw = at(At(text, "measure mean_gain"));
  ASSERT_NE(kw, nullptr);
  EXPECT_EQ(kw->type, TokenType::Keyword);
  const SemanticToken* col = at(At(text, "where age", 0, 6));
  ASSERT_NE(col, nullptr);
  EXPECT_EQ(col->type, TokenType::Column);
  const SemanticToken* comment = at(At(text, "// measures are reported"));
  ASSERT_NE(comment, nullptr);
  EXPECT_EQ(comment->type, TokenType::Comment);
  const SemanticToken* money = at(At(text, "£26.5m"));
  ASSERT_NE(money, nullptr);
  EXPECT_EQ(money->type, TokenType::Number);
}

// When an import is missing the checker does not run: the index answers from
// the trees alone, by the same scoping rules.
TEST(IdeIndex, AnswersFromTheTreeWhenTheCheckerDidNotRun) {
  std::string text = ReadFile(kMskPath);
  std::string broken = text;
  broken.insert(ByteAt(text, At(text, "import \"finance\"")), "import \"no_such_module\"\n");
  broken += "\nmeasure half = count referrals where pathway = physio and age >=\n";
  auto a = Analysis::Build(broken, kMskPath, Options());
  ASSERT_FALSE(a->compilation().ok());
  ASSERT_EQ(a->compilation().program, nullptr);
  EXPECT_EQ(ReferencesAt(*a, At(broken, "measure seen_in_18_weeks", 0, 8), true).size(), 7u);
  std::vector<Location> d = DefinitionAt(*a, At(broken, "adults where first_seen_on", 0, 14));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(Text(*a, d[0].span), "first_seen_on");
  d = DefinitionAt(*a, At(broken, "pathway = physio", 0, 11));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].span.begin, At(broken, "physio,"));
  // A parameter in a function body, a payment let in its block.
  d = DefinitionAt(*a, At(broken, "days(seen - referred)", 0, 5));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].span.begin, At(broken, "seen: date"));
  d = DefinitionAt(*a, At(broken, "tiered(surplus)", 0, 7));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_EQ(d[0].span.begin, At(broken, "surplus   ="));
  std::optional<Hover> h = HoverAt(*a, At(broken, "target mean_gain", 0, 8));
  ASSERT_TRUE(h.has_value());
  EXPECT_NE(h->markdown.find("Mean MSK-HQ gain, points"), std::string::npos);
}

// Every query at several places of every prefix of msk.ocf (about 200 cut
// points) and of copies with random deletions: no crash, and spans that lie
// inside their files.
TEST(IdeRobustness, PrefixesAndDeletions) {
  std::string text = ReadFile(kMskPath);
  std::vector<std::string> variants;
  size_t step = std::max<size_t>(1, text.size() / 200);
  for (size_t cut = 0; cut <= text.size(); cut += step) {
    size_t c = cut;
    while (c < text.size() && (static_cast<unsigned char>(text[c]) & 0xC0) == 0x80) ++c;
    variants.push_back(text.substr(0, c));
  }
  uint32_t seed = 12345;
  auto rnd = [&]() {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 8) & 0xFFFFFF;
  };
  for (int i = 0; i < 60; ++i) {
    std::string v = text;
    for (int k = 0; k < 1 + static_cast<int>(rnd() % 8); ++k) {
      size_t at = rnd() % v.size();
      size_t len = std::min<size_t>(1 + rnd() % 40, v.size() - at);
      v.erase(at, len);  // may split a UTF-8 sequence: the source replaces it
    }
    variants.push_back(v);
  }
  for (const std::string& v : variants) {
    auto a = Analysis::Build(v, kMskPath, Options());
    uint32_t size = a->document().size_in_code_points();
    auto check = [&](Span s) {
      ASSERT_LT(s.file, a->compilation().sources.size());
      ASSERT_LE(s.begin, s.end);
      ASSERT_LE(s.end, a->compilation().sources.Get(s.file).size_in_code_points());
    };
    Outline(*a);
    std::vector<SemanticToken> tokens = SemanticTokens(*a);
    for (size_t i = 1; i < tokens.size(); ++i) ASSERT_LE(tokens[i - 1].span.end, tokens[i].span.begin);
    for (uint32_t off : {0u, size / 7, size / 3, size / 2, size - size / 5, size > 0 ? size - 1 : 0u, size}) {
      if (auto h = HoverAt(*a, off)) check(h->span);
      for (const Location& l : DefinitionAt(*a, off)) check(l.span);
      for (const Location& l : ReferencesAt(*a, off, true)) check(l.span);
      if (auto s = PrepareRename(*a, off)) check(*s);
      for (const TextEdit& e : Rename(*a, off, "renamed_x").edits) check(e.span);
      CompleteAt(*a, off);
    }
  }
}

// Every query at a few dozen places of every .ocf file of the repository
// (examples, stdlib, golden inputs, many with errors): nothing crashes and
// every span lies inside its file.
TEST(IdeRobustness, EveryOcfFileOfTheRepository) {
  std::vector<std::string> paths;
  for (const char* dir : {"examples", "stdlib", "tests"})
    for (const auto& e :
         std::filesystem::recursive_directory_iterator(std::string(OCF_SOURCE_DIR) + "/" + dir))
      if (e.path().extension() == ".ocf") paths.push_back(e.path().string());
  ASSERT_GT(paths.size(), 100u);
  size_t answered = 0;
  for (const std::string& path : paths) {
    auto a = Analysis::Build(ReadFile(path), path, Options());
    uint32_t size = a->document().size_in_code_points();
    auto check = [&](Span s) {
      ASSERT_LT(s.file, a->compilation().sources.size()) << path;
      ASSERT_LE(s.begin, s.end) << path;
      ASSERT_LE(s.end, a->compilation().sources.Get(s.file).size_in_code_points()) << path;
    };
    for (const OutlineItem& i : Outline(*a)) check(i.selection);
    std::vector<SemanticToken> tokens = SemanticTokens(*a);
    for (size_t i = 1; i < tokens.size(); ++i)
      ASSERT_LE(tokens[i - 1].span.end, tokens[i].span.begin) << path;
    for (uint32_t k = 0; k <= 40; ++k) {
      uint32_t off = static_cast<uint32_t>(uint64_t{size} * k / 40);
      if (auto h = HoverAt(*a, off)) {
        check(h->span);
        ++answered;
      }
      for (const Location& l : DefinitionAt(*a, off)) check(l.span);
      for (const Location& l : ReferencesAt(*a, off, true)) check(l.span);
      for (const TextEdit& e : Rename(*a, off, "renamed_x").edits) check(e.span);
      CompleteAt(*a, off);
    }
  }
  EXPECT_GT(answered, paths.size());  // the queries answer, not only survive
}

}  // namespace
}  // namespace ocf::ide
