// The statement as a report a commissioner can read, print and send on
// (`ocf run --format html`, docs/report.md): one self-contained HTML5 file,
// its CSS and its charts (inline SVG, svg_chart.h) inside it, no script, no
// font, image or link from outside, so it reads the same offline and in ten
// years. The parties and the term; for each measure a chart across the
// reporting periods with its target's thresholds as a band, and the table
// behind it; targets', outcomes' and the contract's achievement; gates and
// each paid group's results; a waterfall of every payment period's lines;
// the data read; the run's warnings. Every figure is the statement's, written
// as the table statement writes it (FormatMoney, FormatPercent); every text
// from the contract or the data is escaped (html_text.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "runtime/statement.h"

namespace ocf {

struct HtmlReportOptions {
  // `--period`: only this period's values (its payment period too).
  std::optional<std::string> only_period;
  // The run's warnings (a contract's, the engine's), one message each.
  std::vector<std::string> warnings;
  // Who wrote the report, for its footer: "ocf 0.3.0".
  std::string generator;
};

void WriteStatementHtml(const Statement& s, const TextSink& sink, const HtmlReportOptions& options = {});
std::string RenderStatementHtml(const Statement& s, const HtmlReportOptions& options = {});

// Groups of a `by` measure drawn as lines in its chart (the first ones by
// name), and listed in its table: a statement may have a million groups,
// which `--format csv` lists.
constexpr size_t kHtmlChartGroups = 8;
constexpr size_t kHtmlTableGroups = 100;

}  // namespace ocf
