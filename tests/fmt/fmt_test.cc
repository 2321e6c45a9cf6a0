// `ocf fmt` on every .ocf file of the repository (examples, stdlib, bench,
// tests/**; found when the binary starts, so a new file is covered without
// a rebuild). For each file that parses without errors:
//   1. Format succeeds, with LF line endings and one final newline;
//   2. it is idempotent: Format(Format(x)) == Format(x);
//   3. it changes no meaning: the syntax tree of Format(x) dumps as x's
//      (compiler/ast/ast_dump.h: everything but positions);
//   4. when x compiles cleanly, Format(x) compiles cleanly to the same plan
//      (tests/fmt/plan_dump.h: everything but spans);
//   5. every comment of x is in Format(x), in the same order;
//   6. the layout depends on the tokens, not the spacing: x relaid
//      (tests/fmt/relaid.h: new indentation, wider spaces) formats as x does;
//   7. 1 to 3 hold at other line widths (40, 60, 160) too;
//   8. with a comment in every gap between tokens and at every line's end
//      (tests/fmt/relaid.h, Commented), 2, 3 and 5 hold.
// A file with syntax errors is refused: ok false, no text, and the parser's
// own diagnostics. A failure names the file and the first line that differs.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "compiler/ast/ast_dump.h"
#include "compiler/driver/driver.h"
#include "compiler/format/format.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parse.h"
#include "tests/fmt/comments.h"
#include "tests/fmt/plan_dump.h"
#include "tests/fmt/relaid.h"

namespace ocf::test_support {
namespace {

namespace fs = std::filesystem;

const fs::path kSourceDir = OCF_SOURCE_DIR;

struct FmtCase {
  std::string path;  // relative to the source dir: examples/msk/msk.ocf
  std::string name;  // examples_msk_msk
};

void PrintTo(const FmtCase& c, std::ostream* os) { *os << c.path; }

std::vector<FmtCase> FindCases() {
  std::vector<FmtCase> cases;
  std::set<std::string> names;
  for (const char* top : {"examples", "stdlib", "bench", "tests"}) {
    fs::path root = kSourceDir / top;
    if (!fs::is_directory(root)) continue;
    for (auto it = fs::recursive_directory_iterator(root); it != fs::recursive_directory_iterator(); ++it) {
      // Installed npm packages are not the project's.
      if (it->is_directory() && it->path().filename() == "node_modules") {
        it.disable_recursion_pending();
        continue;
      }
      if (!it->is_regular_file() || it->path().extension() != ".ocf") continue;
      std::string relative = it->path().lexically_relative(kSourceDir).generic_string();
      std::string name = fs::path(relative).replace_extension().generic_string();
      for (char& c : name)
        if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
      while (names.count(name)) name += "_";
      names.insert(name);
      cases.push_back({relative, name});
    }
  }
  std::sort(cases.begin(), cases.end(), [](const FmtCase& a, const FmtCase& b) { return a.path < b.path; });
  return cases;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// "line N: `before`\n   now: `after`" for the first line where two texts
// differ, so a failure shows where to look.
std::string FirstDifference(const std::string& before, const std::string& after,
                            const char* what_before = "was", const char* what_after = "now") {
  std::istringstream a(before), b(after);
  std::string la, lb;
  for (int line = 1;; ++line) {
    bool more_a = static_cast<bool>(std::getline(a, la));
    bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!more_a && !more_b) return "the texts are equal";
    if (!more_a) la = "<end>";
    if (!more_b) lb = "<end>";
    if (la != lb || !more_a || !more_b)
      return "first difference at line " + std::to_string(line) + ":\n  " + what_before + ": `" + la +
             "`\n  " + what_after + ": `" + lb + "`";
  }
}

// The declaration (a dump's unindented line) that holds the first line
// where two dumps differ: where in the file to look.
std::string DeclarationOfFirstDifference(const std::string& before, const std::string& after) {
  std::istringstream a(before), b(after);
  std::string la, lb, declaration = "<none>";
  while (std::getline(a, la)) {
    bool more_b = static_cast<bool>(std::getline(b, lb));
    if (!la.empty() && la[0] != ' ') declaration = la;
    if (!more_b || la != lb) break;
  }
  return declaration;
}

// Each diagnostic as the terminal shows it (code, place, message, source
// line, notes, help), against its own file list.
std::vector<std::string> Rendered(const DiagnosticSink& sink, const SourceManager& sources) {
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.diagnostics()) out.push_back(RenderText(d, sources));
  return out;
}

std::string Joined(const std::vector<std::string>& items) {
  std::string s;
  for (const std::string& i : items) s += i;
  return s;
}

// One file: its bytes, its parse, and its formatting, worked out once for
// all the properties below.
struct Subject {
  std::string bytes;
  SourceManager sources;
  ParseResult parsed;
  bool parses = false;
  format::FormatResult formatted;
};

const Subject& SubjectOf(const FmtCase& c) {
  static std::map<std::string, std::unique_ptr<Subject>> cache;
  std::unique_ptr<Subject>& s = cache[c.path];
  if (!s) {
    s = std::make_unique<Subject>();
    s->bytes = ReadAll(kSourceDir / c.path);
    uint32_t id = s->sources.Add(c.path, s->bytes);
    s->parsed = Parse(s->sources.Get(id), id);
    s->parses = !s->parsed.diagnostics.has_errors();
    s->formatted = format::Format(s->bytes, c.path);
  }
  return *s;
}

// The dump of a text's syntax tree; "" with a failure when it does not parse.
std::string TreeOf(const std::string& text, const std::string& path) {
  SourceFile source(path, text);
  ParseResult parsed = Parse(source, 0);
  EXPECT_FALSE(parsed.diagnostics.has_errors()) << path << ": the formatted text does not parse";
  return ast::DumpTree(parsed.file);
}

class Fmt : public ::testing::TestWithParam<FmtCase> {
 protected:
  // The file's formatting, or a skip when the file has syntax errors (the
  // RefusesSyntaxErrors case covers those).
  const Subject* Formatted() {
    const Subject& s = SubjectOf(GetParam());
    if (!s.parses) return nullptr;
    EXPECT_TRUE(s.formatted.ok) << GetParam().path << " parses, but Format refused it:\n"
                                << Joined(Rendered(s.formatted.diagnostics, s.formatted.sources))
                                << s.formatted.internal_error;
    return s.formatted.ok ? &s : nullptr;
  }
};

TEST_P(Fmt, SucceedsWithOneFinalNewline) {
  const Subject* s = Formatted();
  if (!s) return;
  const std::string& text = s->formatted.text;
  EXPECT_EQ(text.find('\r'), std::string::npos)
      << GetParam().path << ": the formatted text holds a carriage return";
  if (text.empty()) {
    // Only a file of nothing (no token, no comment) formats to nothing.
    EXPECT_EQ(s->bytes.find_first_not_of(" \t\r\n"), std::string::npos)
        << GetParam().path << ": formatted to an empty text";
    return;
  }
  EXPECT_EQ(text.back(), '\n') << GetParam().path << ": no final newline";
  EXPECT_FALSE(text.size() >= 2 && text[text.size() - 2] == '\n')
      << GetParam().path << ": blank lines at the end";
}

TEST_P(Fmt, IsIdempotent) {
  const Subject* s = Formatted();
  if (!s) return;
  format::FormatResult again = format::Format(s->formatted.text, GetParam().path);
  ASSERT_TRUE(again.ok) << GetParam().path << ": the formatted text is refused:\n"
                        << Joined(Rendered(again.diagnostics, again.sources)) << again.internal_error;
  EXPECT_TRUE(again.text == s->formatted.text)
      << GetParam().path << ": formatting twice differs from formatting once; "
      << FirstDifference(s->formatted.text, again.text, "once", "twice");
}

TEST_P(Fmt, KeepsTheSyntaxTree) {
  const Subject* s = Formatted();
  if (!s) return;
  std::string before = ast::DumpTree(s->parsed.file);
  std::string after = TreeOf(s->formatted.text, GetParam().path);
  EXPECT_TRUE(before == after) << GetParam().path << ": the syntax tree changed in `"
                               << DeclarationOfFirstDifference(before, after) << "`; "
                               << FirstDifference(before, after);
}

TEST_P(Fmt, KeepsEveryComment) {
  const Subject* s = Formatted();
  if (!s) return;
  std::vector<Comment> before = ScanComments(s->bytes), after = ScanComments(s->formatted.text);
  size_t n = std::min(before.size(), after.size());
  for (size_t i = 0; i < n; ++i) {
    if (Normalized(before[i]) != Normalized(after[i]) || before[i].code_before != after[i].code_before) {
      ADD_FAILURE() << GetParam().path << ": comment " << i + 1 << " (line " << before[i].line
                    << ") is not where it was: `" << before[i].text << "` came after "
                    << before[i].code_before << " characters of code; now line " << after[i].line
                    << " holds `" << after[i].text << "` after " << after[i].code_before;
      return;
    }
  }
  EXPECT_EQ(before.size(), after.size())
      << GetParam().path << ": " << before.size() << " comments before formatting, " << after.size()
      << " after; the first missing or extra one: `"
      << (before.size() > n  ? before[n].text
          : after.size() > n ? after[n].text
                             : "")
      << "`";
}

TEST_P(Fmt, KeepsThePlan) {
  const Subject* s = Formatted();
  if (!s) return;
  fs::path file = kSourceDir / GetParam().path;
  std::unique_ptr<driver::Compilation> original = driver::CompileFile(file.string());
  if (!original->ok() || !original->program) return;  // only contracts that check cleanly have a plan
  // The formatted text in the file's place, so its imports are found as the file's were.
  std::unique_ptr<driver::Compilation> formatted = driver::CompileText(s->formatted.text, file.string());
  ASSERT_TRUE(formatted->ok() && formatted->program)
      << GetParam().path << ": the file checks, but its formatted text does not:\n"
      << Joined(Rendered(formatted->diagnostics, formatted->sources));
  std::string before, after;
  try {
    before = DumpPlan(Lower(*original->program));
    after = DumpPlan(Lower(*formatted->program));
  } catch (const std::exception& e) {
    FAIL() << GetParam().path << ": lowering threw: " << e.what();
  }
  EXPECT_TRUE(before == after) << GetParam().path << ": the plan changed; " << FirstDifference(before, after);
}

TEST_P(Fmt, DoesNotDependOnSpacing) {
  const Subject* s = Formatted();
  if (!s) return;
  std::string relaid = Relaid(s->bytes);
  // The relaid text must mean what the file means, or the comparison below
  // would test the relaying instead of the formatter.
  ASSERT_EQ(TreeOf(relaid, GetParam().path), ast::DumpTree(s->parsed.file))
      << GetParam().path << ": relaying the file changed its meaning (a bug in tests/fmt/relaid.cc)";
  format::FormatResult again = format::Format(relaid, GetParam().path);
  ASSERT_TRUE(again.ok) << GetParam().path << ": the relaid file is refused:\n"
                        << Joined(Rendered(again.diagnostics, again.sources)) << again.internal_error;
  EXPECT_TRUE(again.text == s->formatted.text)
      << GetParam().path << ": the file with other indentation and spacing formats differently; "
      << FirstDifference(s->formatted.text, again.text, "as written", "relaid");
}

// Comments in every gap between tokens and at the end of every line of
// code (tests/fmt/relaid.h, Commented): all kept, in their places, without a
// change of meaning, and formatting them is idempotent.
TEST_P(Fmt, KeepsCommentsAnywhere) {
  const Subject* s = Formatted();
  if (!s) return;
  std::string commented = Commented(s->bytes);
  std::string tree = ast::DumpTree(s->parsed.file);
  ASSERT_EQ(TreeOf(commented, GetParam().path), tree)
      << GetParam().path << ": the comments changed the file's meaning (a bug in tests/fmt/relaid.cc)";
  format::FormatResult once = format::Format(commented, GetParam().path);
  ASSERT_TRUE(once.ok) << GetParam().path << " with comments everywhere: refused:\n"
                       << Joined(Rendered(once.diagnostics, once.sources)) << once.internal_error;
  std::string after = TreeOf(once.text, GetParam().path);
  EXPECT_TRUE(after == tree) << GetParam().path << " with comments everywhere: the syntax tree changed in `"
                             << DeclarationOfFirstDifference(tree, after) << "`; "
                             << FirstDifference(tree, after);
  std::vector<Comment> before = ScanComments(commented), now = ScanComments(once.text);
  for (size_t i = 0; i < std::min(before.size(), now.size()); ++i) {
    if (Normalized(before[i]) != Normalized(now[i]) || before[i].code_before != now[i].code_before) {
      ADD_FAILURE() << GetParam().path << " with comments everywhere: `" << before[i].text << "` (line "
                    << before[i].line << ", after " << before[i].code_before
                    << " characters of code) is now `" << now[i].text << "` at line " << now[i].line
                    << ", after " << now[i].code_before;
      break;
    }
  }
  EXPECT_EQ(before.size(), now.size())
      << GetParam().path << " with comments everywhere: comments lost or added";
  format::FormatResult twice = format::Format(once.text, GetParam().path);
  ASSERT_TRUE(twice.ok) << GetParam().path << " with comments everywhere: the formatted text is refused:\n"
                        << Joined(Rendered(twice.diagnostics, twice.sources)) << twice.internal_error;
  EXPECT_TRUE(once.text == twice.text) << GetParam().path << " with comments everywhere: not idempotent; "
                                       << FirstDifference(once.text, twice.text, "once", "twice");
}

// Narrow and wide lines: long expressions are broken at other operators, or
// not at all, and the meaning, the comments and idempotence must hold at
// every width, not only the default one.
TEST_P(Fmt, HoldsAtOtherWidths) {
  const Subject* s = Formatted();
  if (!s) return;
  for (int width : {40, 60, 160}) {
    format::FormatOptions options;
    options.max_width = width;
    format::FormatResult once = format::Format(s->bytes, GetParam().path, options);
    ASSERT_TRUE(once.ok) << GetParam().path << " at width " << width << ": refused:\n"
                         << Joined(Rendered(once.diagnostics, once.sources)) << once.internal_error;
    std::string before = ast::DumpTree(s->parsed.file), after = TreeOf(once.text, GetParam().path);
    EXPECT_TRUE(before == after) << GetParam().path << " at width " << width
                                 << ": the syntax tree changed in `"
                                 << DeclarationOfFirstDifference(before, after) << "`; "
                                 << FirstDifference(before, after);
    std::vector<std::string> comments_before, comments_after;
    for (const Comment& c : ScanComments(s->bytes))
      comments_before.push_back(std::to_string(c.code_before) + " " + Normalized(c));
    for (const Comment& c : ScanComments(once.text))
      comments_after.push_back(std::to_string(c.code_before) + " " + Normalized(c));
    EXPECT_TRUE(comments_before == comments_after)
        << GetParam().path << " at width " << width << ": the comments changed";
    format::FormatResult twice = format::Format(once.text, GetParam().path, options);
    ASSERT_TRUE(twice.ok) << GetParam().path << " at width " << width << ": the formatted text is refused";
    EXPECT_TRUE(once.text == twice.text) << GetParam().path << " at width " << width << ": not idempotent; "
                                         << FirstDifference(once.text, twice.text, "once", "twice");
  }
}

TEST_P(Fmt, RefusesSyntaxErrors) {
  const Subject& s = SubjectOf(GetParam());
  if (s.parses) return;
  EXPECT_FALSE(s.formatted.ok) << GetParam().path << " has syntax errors, but Format accepted it";
  EXPECT_TRUE(s.formatted.text.empty()) << GetParam().path << ": a refused file must come back with no text";
  std::vector<std::string> parser = Rendered(s.parsed.diagnostics, s.sources);
  std::vector<std::string> fmt = Rendered(s.formatted.diagnostics, s.formatted.sources);
  EXPECT_TRUE(parser == fmt) << GetParam().path << ": Format's diagnostics are not the parser's; "
                             << FirstDifference(Joined(parser), Joined(fmt), "parser", "format");
}

// The repository has files of every kind: if the search found none, the
// test would pass on nothing.
TEST(FmtFiles, FindsTheRepositorysFiles) {
  std::vector<FmtCase> cases = FindCases();
  EXPECT_GT(cases.size(), 200u);
  std::set<std::string> tops;
  for (const FmtCase& c : cases) tops.insert(c.path.substr(0, c.path.find('/')));
  EXPECT_EQ(tops, (std::set<std::string>{"bench", "examples", "stdlib", "tests"}));
}

INSTANTIATE_TEST_SUITE_P(Files, Fmt, ::testing::ValuesIn(FindCases()),
                         [](const ::testing::TestParamInfo<FmtCase>& p) { return p.param.name; });

}  // namespace
}  // namespace ocf::test_support
