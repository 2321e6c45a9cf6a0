// The HTML report (`ocf run --format html`, runtime/statement_html.h): the
// charts' exact axes (svg_chart.h), the escaping of text from contracts and
// data (html_text.h), a golden report of a small contract
// (tests/html/small), well-formed output for hostile data, the targets'
// thresholds the charts draw, --period and --output. The report in a real
// browser is tests/html/report.test.mjs (ctest html_report_chromium).
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "compiler/driver/commands.h"
#include "runtime/html_text.h"
#include "runtime/statement_html.h"
#include "runtime/svg_chart.h"
#include "tests/unit/run_ocf.h"

namespace ocf {
namespace {
namespace fs = std::filesystem;
using test_support::RunOcf;

const std::string kSource = OCF_SOURCE_DIR;

Decimal D(const char* text) { return *Decimal::Parse(text); }

std::vector<std::string> TickTexts(const svg::Axis& axis) {
  std::vector<std::string> out;
  for (Decimal t : axis.Ticks()) out.push_back(t.ToString());
  return out;
}

// ------------------------------------------------------------ axes

TEST(HtmlChartAxis, PercentagesFromZeroToOneHundred) {
  svg::Axis a = svg::NiceAxis(D("0.4"), D("0.9"), true, true);
  EXPECT_EQ(TickTexts(a), (std::vector<std::string>{"0", "0.2", "0.4", "0.6", "0.8", "1"}));
}

TEST(HtmlChartAxis, PercentagesNeverPastOneHundredUnlessAValueIs) {
  svg::Axis a = svg::NiceAxis(D("0.41"), D("0.97"), true, true);
  EXPECT_EQ(a.hi.ToString(), "1");
  svg::Axis over = svg::NiceAxis(D("0.5"), D("1.3"), true, true);
  EXPECT_GE(over.hi, D("1.3"));
}

TEST(HtmlChartAxis, CountsFarFromZeroDoNotStartAtZero) {
  svg::Axis a = svg::NiceAxis(D("204"), D("288"), true, false);
  EXPECT_EQ(TickTexts(a), (std::vector<std::string>{"200", "220", "240", "260", "280", "300"}));
}

TEST(HtmlChartAxis, MoneyStepsAreRoundAndExact) {
  svg::Axis a = svg::NiceAxis(D("-61029.19"), D("9641470.81"), true, false);
  EXPECT_EQ(a.step.ToString(), "2000000");
  EXPECT_EQ(TickTexts(a), (std::vector<std::string>{"-2000000", "0", "2000000", "4000000", "6000000",
                                                    "8000000", "10000000"}));
}

TEST(HtmlChartAxis, CountsStepByWholeNumbers) {
  EXPECT_EQ(svg::NiceAxis(D("0"), D("12"), true, false).step.ToString(), "2.5");
  EXPECT_EQ(svg::NiceAxis(D("0"), D("12"), true, false, true).step.ToString(), "5");
  EXPECT_EQ(svg::NiceAxis(D("0"), D("3"), true, false, true).step.ToString(), "1");
  svg::Axis one = svg::NiceAxis(D("1"), D("1"), true, false, true);
  for (Decimal t : one.Ticks()) EXPECT_TRUE(t.is_integer()) << t.ToString();
}

TEST(HtmlChartAxis, TinyFractionsKeepEveryDigit) {
  svg::Axis a = svg::NiceAxis(D("0.000000000000000001"), D("0.000000000000000009"), false, false);
  EXPECT_EQ(a.step.ToString(), "0.000000000000000002");
  EXPECT_LE(a.lo, D("0.000000000000000001"));
  EXPECT_GE(a.hi, D("0.000000000000000009"));
}

TEST(HtmlChartAxis, OneValueGetsRoomAroundIt) {
  svg::Axis a = svg::NiceAxis(D("7"), D("7"), false, false);
  EXPECT_LT(a.lo, D("7"));
  EXPECT_GT(a.hi, D("7"));
  svg::Axis zero = svg::NiceAxis(D("0"), D("0"), true, false);
  EXPECT_EQ(zero.lo.ToString(), "0");
  EXPECT_EQ(zero.hi.ToString(), "1");
}

// Over many ranges: the axis covers them, its ticks are exact multiples of a
// step of 1, 2, 2.5 or 5 times a power of ten, and there are 2 to 7 of them.
TEST(HtmlChartAxis, EveryRangeIsCoveredByFewRoundTicks) {
  const char* values[] = {"-1000", "-3.5",  "-0.01", "0",   "0.001", "0.5",      "1",
                          "7",     "42.42", "99.99", "126", "1000",  "26500000", "133812008.42"};
  for (const char* a : values) {
    for (const char* b : values) {
      Decimal lo = D(a), hi = D(b);
      if (hi < lo) continue;
      for (bool from_zero : {false, true}) {
        svg::Axis axis = svg::NiceAxis(lo, hi, from_zero, false, lo.is_integer() && hi.is_integer());
        SCOPED_TRACE(std::string(a) + " to " + b);
        EXPECT_LE(axis.lo, lo);
        EXPECT_GE(axis.hi, hi);
        std::vector<Decimal> ticks = axis.Ticks();
        EXPECT_GE(ticks.size(), 2u);
        EXPECT_LE(ticks.size(), 7u);
        EXPECT_EQ(ticks.front(), axis.lo);
        EXPECT_EQ(ticks.back(), axis.hi);
        std::string step = axis.step.ToString();
        std::string digits;
        for (char c : step)
          if (c != '0' && c != '.') digits += c;
        EXPECT_TRUE(digits == "1" || digits == "2" || digits == "25" || digits == "5") << step;
        for (Decimal t : ticks) EXPECT_EQ(t.units() % axis.step.units(), 0) << t.ToString();
      }
    }
  }
}

TEST(HtmlChartAxis, PixelsAreClampedToThePlot) {
  svg::Axis a{D("0"), D("10"), D("2")};
  EXPECT_DOUBLE_EQ(a.Fraction(D("5")), 0.5);
  EXPECT_DOUBLE_EQ(a.Fraction(D("-5")), 0.0);
  EXPECT_DOUBLE_EQ(a.Fraction(D("50")), 1.0);
}

// ------------------------------------------------------------ escaping

TEST(HtmlText, MarkupIsShownAsText) {
  EXPECT_EQ(HtmlText("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
  EXPECT_EQ(HtmlText("\"><img src=x onerror=alert(1)>"), "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
  EXPECT_EQ(HtmlText("A&E"), "A&amp;E");
  EXPECT_EQ(HtmlText("&amp;"), "&amp;amp;");
  EXPECT_EQ(HtmlText("é ŵ 中"), "é ŵ 中");
}

TEST(HtmlText, ControlsAndBrokenBytesAreMadeVisible) {
  EXPECT_EQ(HtmlText("\x1b[2Jcleared"), "\\x1b[2Jcleared");
  EXPECT_EQ(HtmlText("a\tb\r\nc\x07"), "a\\tb\\r\\nc\\x07");
  EXPECT_EQ(HtmlText("bad \xff byte"), "bad \\xff byte");
  EXPECT_EQ(HtmlText("csi\xc2\x9b"
                     "2J"),
            "csi\\u{9b}2J");
  EXPECT_EQ(HtmlText("\xe2\x80\xae<reversed"), "\\u{202e}&lt;reversed");  // U+202E, then markup
}

TEST(HtmlText, ShortenedTextKeepsWholeCharacters) {
  EXPECT_EQ(ShortenText("abcdef", 6), "abcdef");
  EXPECT_EQ(ShortenText("abcdefg", 6), "abcde\u2026");
  EXPECT_EQ(ShortenText("ééééé", 3), "éé\u2026");
  EXPECT_EQ(ShortenText("中中中中", 2), "中\u2026");
}

// ------------------------------------------------------------ the report

// A report's markup, checked as a parser would: every tag is one of the
// report's own, every element opened is closed in order (but the void ones),
// every `&` starts a reference, and nothing runs (no script, no handler, no
// URL but the report's own anchors).
void ExpectWellFormed(const std::string& html) {
  static const std::set<std::string> kVoid = {"meta", "br"};
  static const std::set<std::string> kTags = {
      "html",  "head", "meta",    "title", "style", "body",    "main",   "header",     "p",     "h1",
      "h2",    "h3",   "h4",      "dl",    "div",   "dt",      "dd",     "br",         "nav",   "ol",
      "li",    "a",    "section", "span",  "ul",    "article", "figure", "figcaption", "svg",   "desc",
      "rect",  "line", "text",    "g",     "path",  "circle",  "table",  "caption",    "thead", "tbody",
      "tfoot", "tr",   "th",      "td",    "code",  "strong",  "footer"};
  std::vector<std::string> open;
  size_t at = html.find("<html");
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(html.rfind("<!DOCTYPE html>", 0), 0u);
  size_t style_end = html.find("</style>");
  while ((at = html.find('<', at)) != std::string::npos) {
    size_t end = html.find('>', at);
    ASSERT_NE(end, std::string::npos) << "a tag without its `>` at " << at;
    std::string tag = html.substr(at + 1, end - at - 1);
    bool closing = !tag.empty() && tag[0] == '/';
    std::string name = tag.substr(closing, tag.find_first_of(" />", closing) - closing);
    ASSERT_TRUE(kTags.count(name)) << "unexpected tag <" << tag << ">";
    EXPECT_EQ(tag.find(" on"), std::string::npos) << "an event handler in <" << tag << ">";
    EXPECT_EQ(tag.find("javascript:"), std::string::npos) << tag;
    if (name == "a" && !closing) {
      EXPECT_EQ(tag.rfind("a href=\"#", 0), 0u) << "a link out of the report: <" << tag << ">";
    }
    if (closing) {
      ASSERT_FALSE(open.empty()) << "</" << name << "> closes nothing";
      ASSERT_EQ(open.back(), name) << "</" << name << "> closes <" << open.back() << ">";
      open.pop_back();
    } else if (!kVoid.count(name) && tag.back() != '/') {
      open.push_back(name);
    }
    at = end + 1;
    if (name == "style" && !closing) at = style_end;  // CSS may hold `>`
  }
  EXPECT_TRUE(open.empty()) << "<" << open.back() << "> is never closed";
  for (size_t amp = html.find('&'); amp != std::string::npos; amp = html.find('&', amp + 1)) {
    size_t semi = html.find(';', amp);
    ASSERT_NE(semi, std::string::npos);
    std::string ref = html.substr(amp, semi - amp + 1);
    EXPECT_TRUE(ref == "&amp;" || ref == "&lt;" || ref == "&gt;" || ref == "&quot;" || ref == "&#39;")
        << "a bare `&` or an unexpected reference: " << ref;
  }
}

// The generator names ocf's version: the golden does not.
std::string WithoutVersion(std::string html) {
  return std::regex_replace(html, std::regex("ocf [0-9]+\\.[0-9]+\\.[0-9]+(-[A-Za-z0-9.]+)?"), "ocf VERSION");
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

const std::string kSmall = kSource + "/tests/html/small";

TEST(HtmlReport, SmallContractMatchesItsGolden) {
  auto r = RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--format", "html"});
  ASSERT_EQ(r.status, 0) << r.err;
  std::string actual = WithoutVersion(r.out);
  fs::path expected = kSmall + "/small.expected.html";
  const char* update = std::getenv("OCF_UPDATE_GOLDEN");
  if (update && std::string(update) == "1") {
    std::ofstream(expected, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(fs::exists(expected)) << "create it with OCF_UPDATE_GOLDEN=1 and review it";
  // The first line that differs, rather than the whole report.
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
  };
  std::vector<std::string> want = lines(ReadAll(expected)), got = lines(actual);
  for (size_t i = 0; i < std::max(want.size(), got.size()); ++i) {
    std::string w = i < want.size() ? want[i] : "(end)", g = i < got.size() ? got[i] : "(end)";
    if (w == g) continue;
    ADD_FAILURE() << "the report differs from " << expected.string() << " at line " << i + 1
                  << ":\n  expected: " << w.substr(0, 400) << "\n  actual:   " << g.substr(0, 400)
                  << "\n(if the new report is right: OCF_UPDATE_GOLDEN=1, then review the diff)";
    break;
  }
  ExpectWellFormed(r.out);
}

TEST(HtmlReport, SmallContractShowsEveryPart) {
  auto r = RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--format", "html"});
  ASSERT_EQ(r.status, 0) << r.err;
  const std::string& h = r.out;
  // The contract's title and a group's name hold markup: shown as text.
  EXPECT_NE(h.find("<h1>Small &lt;b&gt;report&lt;/b&gt; &amp; test</h1>"), std::string::npos);
  EXPECT_NE(h.find("south &lt;i&gt;&amp;amp;&lt;/i&gt;"), std::string::npos);
  EXPECT_EQ(h.find("<b>"), std::string::npos);
  // Titles, and the identifier of the measure without one.
  for (const char* title :
       {"<h3>Visits</h3>", "<h3>Visits on time</h3>", "<h3>Longest visit, minutes</h3>", "<h3>note</h3>"})
    EXPECT_NE(h.find(title), std::string::npos) << title;
  // Charts are accessible images; the band of a range, of `at least` and `at most`.
  EXPECT_NE(h.find("role=\"img\""), std::string::npos);
  EXPECT_NE(h.find("class=\"band-partial\""), std::string::npos);
  EXPECT_NE(h.find("class=\"band-met\""), std::string::npos);
  // Figures as the statement writes them.
  EXPECT_NE(h.find("-£25.50"), std::string::npos);
  EXPECT_NE(h.find("£1,074.50"), std::string::npos);
  EXPECT_NE(h.find("66.67%"), std::string::npos);
  EXPECT_NE(h.find("2 of 3"), std::string::npos);  // on_time in Q1: 2 of its 3 visits
  // A shadow line is marked and kept out of the total; gates and groups are there.
  EXPECT_NE(h.find("shadow, not paid"), std::string::npos);
  EXPECT_NE(h.find("id=\"gates\""), std::string::npos);
  EXPECT_NE(h.find("id=\"groups\""), std::string::npos);
  EXPECT_NE(h.find("<th scope=\"row\">visits</th>"), std::string::npos);
  // Nothing from outside.
  EXPECT_EQ(h.find("<script"), std::string::npos);
  EXPECT_EQ(h.find("http://"), std::string::npos);
  EXPECT_EQ(h.find("https://"), std::string::npos);
  EXPECT_EQ(h.find("url("), std::string::npos);
  EXPECT_EQ(h.find("@import"), std::string::npos);
}

TEST(HtmlReport, HostileDataKeepsTheReportWellFormed) {
  const std::string dir = kSource + "/tests/data/hostile";
  auto r = RunOcf({"run", dir + "/hostile.ocf", "--data", dir, "--format", "html"});
  ASSERT_EQ(r.status, 0) << r.err;
  ExpectWellFormed(r.out);
  EXPECT_NE(r.out.find("=HYPERLINK(&quot;http://x&quot;,&quot;y&quot;)"), std::string::npos);
  EXPECT_NE(r.out.find("\\x1b[2Jcleared"), std::string::npos);
  EXPECT_EQ(r.out.find('\x1b'), std::string::npos);
  EXPECT_EQ(r.out.find('\a'), std::string::npos);
}

TEST(HtmlReport, PeriodKeepsThatPeriodOnly) {
  auto r =
      RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--format", "html", "--period", "2024/25 Q2"});
  ASSERT_EQ(r.status, 0) << r.err;
  ExpectWellFormed(r.out);
  EXPECT_NE(r.out.find("data-period=\"2024/25 Q2\""), std::string::npos);
  EXPECT_EQ(r.out.find("data-period=\"2024/25 Q1\""), std::string::npos);
  EXPECT_EQ(r.out.find(">2024/25 Q3<"), std::string::npos);
  EXPECT_NE(r.out.find("£1,134.50"), std::string::npos);  // Q2's total
  EXPECT_EQ(r.out.find("£1,074.50"), std::string::npos);  // Q1's
}

TEST(HtmlReport, OutputWritesTheFileAndRefusesFolders) {
  fs::path dir = fs::temp_directory_path() / ("ocf_html_output_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string file = (dir / "report.html").string();
  auto r = RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--format", "html", "--output", file});
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "");
  auto to_stdout = RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--format", "html"});
  EXPECT_EQ(ReadAll(file), to_stdout.out);
  // Any format goes to the file.
  auto json = RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--format", "json", "--output", file});
  ASSERT_EQ(json.status, 0) << json.err;
  EXPECT_EQ(ReadAll(file).rfind("{", 0), 0u);

  auto folder =
      RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--format", "html", "--output", dir.string()});
  EXPECT_EQ(folder.status, 2);
  EXPECT_NE(folder.err.find("names a folder"), std::string::npos) << folder.err;
  auto missing =
      RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--output", (dir / "no/such/r.html").string()});
  EXPECT_EQ(missing.status, 2);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  fs::remove_all(dir);
}

TEST(HtmlReport, WarningsAreListedEscaped) {
  driver::CommandArgs args;
  args.files = {kSmall + "/small.ocf"};
  args.data = {kSmall};
  args.engine = "interp";
  std::ostringstream err;
  driver::RunReport report = driver::RunCommand(args, err);
  ASSERT_TRUE(report.statement) << err.str();
  HtmlReportOptions options;
  options.warnings = {"the JIT could not start (<no target>); running on the reference interpreter"};
  std::string h = RenderStatementHtml(*report.statement, options);
  ExpectWellFormed(h);
  EXPECT_NE(h.find("<h2>Warnings</h2>"), std::string::npos);
  EXPECT_NE(h.find("(&lt;no target&gt;); running on the reference interpreter"), std::string::npos);
  EXPECT_NE(h.find("href=\"#warnings\""), std::string::npos);
  // Without warnings, no section.
  EXPECT_EQ(RenderStatementHtml(*report.statement).find("Warnings"), std::string::npos);
}

// Monthly payments in a contract reported quarterly: the months are payment
// periods, not reporting periods, so the charts and tables are by quarter.
TEST(HtmlReport, PaymentOnlyPeriodsAreNotCharted) {
  fs::path dir = fs::temp_directory_path() / ("ocf_html_monthly_" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "finance.csv") << "month,spend\n2014-04-01,100.00\n2014-05-01,200.00\n";
  const std::string contract = kSource + "/tests/golden/valid/monthly_block_payment.ocf";
  auto r = RunOcf({"run", contract, "--data", dir.string(), "--format", "html"});
  ASSERT_EQ(r.status, 0) << r.err;
  ExpectWellFormed(r.out);
  EXPECT_NE(r.out.find("<th scope=\"col\">Q1</th>"), std::string::npos);
  EXPECT_EQ(r.out.find("<th scope=\"col\">Apr</th>"), std::string::npos);
  EXPECT_NE(r.out.find("data-period=\"2014-05\""), std::string::npos);  // its payments are there
  auto month = RunOcf({"run", contract, "--data", dir.string(), "--format", "html", "--period", "2014-05"});
  ASSERT_EQ(month.status, 0) << month.err;
  ExpectWellFormed(month.out);
  EXPECT_NE(month.out.find("reports no measure in 2014-05"), std::string::npos);
  fs::remove_all(dir);
}

TEST(HtmlReport, UnknownFormatListsHtml) {
  auto r = RunOcf({"run", kSmall + "/small.ocf", "--data", kSmall, "--format", "pdf"});
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("`html`"), std::string::npos) << r.err;
}

// ------------------------------------------------------------ thresholds

std::optional<Statement> RunExample(const std::string& example, std::vector<std::string> extra = {}) {
  driver::CommandArgs args;
  args.files = {kSource + "/examples/" + example + "/" + example + ".ocf"};
  args.data = {kSource + "/examples/" + example + "/data"};
  args.sets = std::move(extra);
  args.engine = "interp";
  std::ostringstream err;
  driver::RunReport report = driver::RunCommand(args, err);
  return report.statement;
}

const TargetResult& TargetOn(const Statement& s, const std::string& measure) {
  for (const TargetResult& t : s.targets)
    if (t.measure == measure) return t;
  throw std::runtime_error("no target on " + measure);
}

TEST(HtmlThresholds, TargetsCarryTheirThresholdsExactly) {
  std::optional<Statement> s = RunExample("msk");
  ASSERT_TRUE(s);
  const TargetResult& seen = TargetOn(*s, "seen_in_18_weeks");
  EXPECT_EQ(seen.kind, TargetResult::Kind::Range);
  EXPECT_EQ(seen.from->ToString(), "0.4");
  EXPECT_EQ(seen.to->ToString(), "0.9");
  const TargetResult& wait = TargetOn(*s, "wait_90th");
  EXPECT_EQ(wait.kind, TargetResult::Kind::AtMost);
  EXPECT_EQ(wait.from->ToString(), "126");
  EXPECT_FALSE(wait.to);
  EXPECT_EQ(TargetOn(*s, "mean_gain").kind, TargetResult::Kind::AtLeast);
}

TEST(HtmlThresholds, ChangeTargetsRunFromTheBaselineValue) {
  std::optional<Statement> s = RunExample("alliance");
  ASSERT_TRUE(s);
  const TargetResult& stay = TargetOn(*s, "mean_stay");
  ASSERT_TRUE(stay.from && stay.to);
  // reduced by 10% from baseline: from the baseline's mean to 90% of it.
  const MeasureResult* mean_stay = nullptr;
  for (const MeasureResult& m : s->measures)
    if (m.name == "mean_stay") mean_stay = &m;
  ASSERT_TRUE(mean_stay);
  EXPECT_EQ(*stay.from, *Decimal::Parse(*mean_stay->values.at("baseline").value));
  EXPECT_EQ(*stay.to, *Decimal::Sub(*stay.from, *Decimal::Mul(*stay.from, D("0.1"))));
  // A group's own thresholds: from its own baseline.
  ASSERT_FALSE(s->groups.empty());
  for (const TargetResult& t : s->groups.front().targets)
    if (t.measure == "foot_checks") {
      EXPECT_EQ(t.from->ToString(), "0.85");
    }
}

}  // namespace
}  // namespace ocf
