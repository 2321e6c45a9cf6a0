#include "runtime/statement_html.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "runtime/data_report.h"  // WithThousands
#include "runtime/html_text.h"
#include "runtime/statement_html_style.h"
#include "runtime/svg_chart.h"

namespace ocf {
namespace {

bool Keep(const std::optional<std::string>& only, const std::string& label) {
  return !only || *only == label;
}

// Escaped text, for the many places text from the contract or data goes.
std::string H(std::string_view s) { return HtmlText(s); }

// The colours of a `by` measure's groups (Okabe and Ito's, which stay apart
// for readers with a colour vision deficiency); the whole is drawn in navy.
constexpr const char* kPrimary = "#1f3a5f";
constexpr const char* kPalette[] = {"#0072b2", "#e69f00", "#009e73", "#cc79a7",
                                    "#56b4e9", "#d55e00", "#7f7f7f", "#b8a600"};

std::string Title(const MeasureResult& m) { return m.title.empty() ? m.name : m.title; }

// A measure's value as the table statement shows it.
std::string Shown(const MeasureResult& m, const StatementValue& v, const std::string& currency) {
  if (!v.value) return "\u2013";
  std::optional<Decimal> d = Decimal::Parse(*v.value);
  if (d && m.type == "percent") return FormatPercent(*d);
  if (d && m.type == "money") return FormatMoney(*d, currency);
  if (d && m.type == "int" && d->is_integer() && !d->is_negative())
    if (auto i = d->ToInt64()) return WithThousands(static_cast<uint64_t>(*i));
  // A long fraction (a mean) to two places; the JSON keeps every digit.
  size_t point = v.value->find('.');
  if (d && m.type == "decimal" && point != std::string::npos && v.value->size() > point + 3)
    return d->ToString(2);
  return *v.value;
}

// A number the chart can draw: a measure of a numeric type.
std::optional<Decimal> Number(const MeasureResult& m, const StatementValue& v) {
  if (!v.value) return std::nullopt;
  if (m.type != "int" && m.type != "decimal" && m.type != "percent" && m.type != "money") return std::nullopt;
  return Decimal::Parse(*v.value);
}

// A threshold or a tick, in the measure's unit: a percentage as the
// contract writes it (`90%`, not the statement's `90.00%`).
std::string Figure(const MeasureResult& m, Decimal d, const std::string& currency) {
  if (m.type == "percent") return FormatPercentAsWritten(d);
  StatementValue v;
  v.value = d.ToString();
  return Shown(m, v, currency);
}

const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

std::string MonthName(const Date& d) {
  int month = std::stoi(d.ToString().substr(5, 2));
  return kMonths[(month + 11) % 12];
}

// How the report lays the statement's periods out: the periods charted (the
// quarters or months, or the years of a contract reported yearly) and a grid
// of years by quarter or month for the tables.
struct Layout {
  std::vector<uint32_t> charted;     // into Statement::periods
  std::vector<std::string> columns;  // the grid's columns: `Q1`, ..., or `Apr`, ...; then the year
  struct Row {
    std::string label;                           // the contract year, `baseline` or `term`
    std::vector<std::optional<uint32_t>> cells;  // one per column but the last
    std::optional<uint32_t> whole;               // the year (baseline, term) itself: the last column
  };
  std::vector<Row> rows;
  std::map<int, std::string> year_labels;  // by contract year
  PeriodKind finest = PeriodKind::Term;
};

Layout LayOut(const Statement& s, const std::optional<std::string>& only_period) {
  Layout l;
  // The periods the statement reports: not those only a payment uses
  // (monthly payments in a contract reported quarterly).
  std::set<std::string> reported;
  for (const MeasureResult& m : s.measures)
    for (const auto& [label, v] : m.values) reported.insert(label);
  auto keep = [&](const std::string& label) {
    return Keep(only_period, label) && (s.measures.empty() || reported.count(label));
  };
  for (const Period& p : s.periods)
    if (p.kind == PeriodKind::Year) l.year_labels[p.contract_year] = p.label;
  for (const Period& p : s.periods)
    if (keep(p.label) && p.kind != PeriodKind::Baseline && p.kind < l.finest) l.finest = p.kind;
  std::map<int, std::vector<uint32_t>> subs;  // by contract year: its kept quarters or months
  std::map<int, uint32_t> years;
  std::optional<uint32_t> baseline, term;
  size_t width = 0;
  for (uint32_t i = 0; i < s.periods.size(); ++i) {
    const Period& p = s.periods[i];
    if (!keep(p.label)) continue;
    if (p.kind == l.finest && p.kind != PeriodKind::Baseline) l.charted.push_back(i);
    if (p.kind == PeriodKind::Baseline) baseline = i;
    if (p.kind == PeriodKind::Term) term = i;
    if (p.kind == PeriodKind::Year) years[p.contract_year] = i;
    if (p.kind == PeriodKind::Month || p.kind == PeriodKind::Quarter) {
      subs[p.contract_year].push_back(i);
      width = std::max(width, subs[p.contract_year].size());
    }
  }
  // Column heads from a whole year's periods: its quarters' or months' names.
  std::vector<std::string> heads(width);
  for (const Period& p : s.periods) {
    if (p.kind != PeriodKind::Month && p.kind != PeriodKind::Quarter) continue;
    if (p.kind == PeriodKind::Month && l.finest != PeriodKind::Month) continue;
    if (p.kind == PeriodKind::Quarter && l.finest == PeriodKind::Month) continue;
    auto it = subs.find(p.contract_year);
    if (it == subs.end()) continue;
    for (size_t k = 0; k < it->second.size(); ++k)
      if (s.periods[it->second[k]].label == p.label && heads[k].empty())
        heads[k] = p.kind == PeriodKind::Month ? MonthName(p.start) : p.label.substr(p.label.rfind(' ') + 1);
  }
  l.columns = heads;
  l.columns.push_back(width ? "Year" : "Value");
  if (baseline) l.rows.push_back({"Baseline", std::vector<std::optional<uint32_t>>(width), baseline});
  std::set<int> all_years;
  for (const auto& [y, v] : subs) all_years.insert(y);
  for (const auto& [y, v] : years) all_years.insert(y);
  for (int y : all_years) {
    Layout::Row row;
    row.label = l.year_labels.count(y) ? l.year_labels[y] : fmt::format("Year {}", y);
    row.cells.resize(width);
    if (subs.count(y))
      for (size_t k = 0; k < subs[y].size(); ++k) row.cells[k] = subs[y][k];
    if (years.count(y)) row.whole = years[y];
    l.rows.push_back(row);
  }
  if (term) l.rows.push_back({"Term", std::vector<std::optional<uint32_t>>(width), term});
  return l;
}

// The short label of a charted period, and the year it belongs to.
std::string PointLabel(const Period& p) {
  if (p.kind == PeriodKind::Month) return MonthName(p.start);
  if (p.kind == PeriodKind::Quarter) return p.label.substr(p.label.rfind(' ') + 1);
  return p.label;
}

class Report {
 public:
  Report(const Statement& s, const TextSink& sink, const HtmlReportOptions& o)
      : s_(s), sink_(sink), o_(o), layout_(LayOut(s, o.only_period)) {}

  void Write() {
    Head();
    Summary();
    Warnings();
    Measures();
    Achievement();
    Gates();
    GroupsSection();
    Payments();
    Data();
    out_ += "<footer><p>Written by ";
    out_ += H(o_.generator.empty() ? "ocf" : o_.generator);
    out_ +=
        " from the contract and the provider&#39;s data. Every figure is exact: money is rounded to the "
        "penny as paid, percentages as the statement shows them.</p></footer>\n</main>\n</body>\n</html>\n";
    Flush();
  }

 private:
  void Flush() {
    sink_(out_);
    out_.clear();
  }
  void Spill() {
    if (out_.size() >= (1u << 20)) Flush();
  }
  std::string Money(Decimal d) const { return FormatMoney(d, s_.currency); }
  const Period& P(uint32_t i) const { return s_.periods[i]; }
  bool Kept(const std::string& label) const { return Keep(o_.only_period, label); }

  void Head() {
    out_ += "<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n";
    out_ += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out_ += "<meta name=\"generator\" content=\"" + H(o_.generator.empty() ? "ocf" : o_.generator) + "\">\n";
    // No script, no fetch: the page may load nothing at all.
    out_ +=
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src "
        "'unsafe-inline'\">\n";
    out_ += "<title>" + H(s_.contract) + " \u2013 statement</title>\n<style>\n";
    out_ += kReportCss;
    out_ += "</style>\n</head>\n<body>\n<main>\n<header class=\"report-header\">\n";
    out_ += "<p class=\"kicker\">Outcomes-based contract statement</p>\n";
    out_ += "<h1>" + H(s_.contract) + "</h1>\n<dl class=\"parties\">\n";
    out_ += "<div><dt>Commissioner</dt><dd>" + H(s_.commissioner) + "</dd></div>\n";
    out_ += fmt::format("<div><dt>{}</dt><dd>", s_.providers.size() == 1 ? "Provider" : "Providers");
    for (size_t i = 0; i < s_.providers.size(); ++i) out_ += (i ? "<br>" : "") + H(s_.providers[i]);
    out_ += "</dd></div>\n";
    out_ += fmt::format("<div><dt>Term</dt><dd>{} to {}</dd></div>\n", s_.term_start.ToString(),
                        s_.term_end.ToString());
    for (const Period& p : s_.periods)
      if (p.kind == PeriodKind::Baseline)
        out_ += fmt::format("<div><dt>Baseline</dt><dd>{} to {}</dd></div>\n", p.start.ToString(),
                            p.end.ToString());
    out_ += "<div><dt>Currency</dt><dd>" + H(s_.currency) + "</dd></div>\n";
    if (o_.only_period) out_ += "<div><dt>Period shown</dt><dd>" + H(*o_.only_period) + "</dd></div>\n";
    out_ += "</dl>\n</header>\n";
    out_ += "<nav aria-label=\"Contents\"><ol>";
    if (!o_.warnings.empty()) out_ += "<li><a href=\"#warnings\">Warnings</a></li>";
    if (!s_.measures.empty()) out_ += "<li><a href=\"#measures\">Measures</a></li>";
    if (!s_.targets.empty() || s_.has_achievement)
      out_ += "<li><a href=\"#achievement\">Achievement</a></li>";
    if (!s_.gates.empty()) out_ += "<li><a href=\"#gates\">Gates</a></li>";
    if (!s_.groups.empty()) out_ += "<li><a href=\"#groups\">Results by group</a></li>";
    if (!s_.payments.empty()) out_ += "<li><a href=\"#payments\">Payments</a></li>";
    if (!s_.data.empty()) out_ += "<li><a href=\"#data\">Data</a></li>";
    out_ += "</ol></nav>\n";
  }

  // The figures a reader looks for first.
  void Summary() {
    Decimal paid;
    size_t count = 0;
    bool exact = true;
    for (const PaymentPeriod& p : s_.payments) {
      if (!Kept(p.label)) continue;
      Result<Decimal> sum = Decimal::Add(paid, p.total);
      exact &= sum.ok();
      if (sum.ok()) paid = *sum;
      ++count;
    }
    out_ += "<section class=\"summary\" aria-label=\"Summary\">\n";
    if (count && exact)
      out_ += fmt::format(
          "<div class=\"card\"><span class=\"card-label\">{}</span><span class=\"card-value\" "
          "data-paid-total>{}</span><span class=\"card-note\">{} payment period{}</span></div>\n",
          o_.only_period ? "Paid in " + H(*o_.only_period) : "Paid over the term", Money(paid), count,
          count == 1 ? "" : "s");
    if (s_.has_achievement) {
      std::string label = o_.only_period ? *o_.only_period : "term";
      auto it = s_.achievement.find(label);
      if (it != s_.achievement.end())
        out_ += fmt::format(
            "<div class=\"card\"><span class=\"card-label\">Contract achievement</span><span "
            "class=\"card-value\">{}</span><span class=\"card-note\">{}</span></div>\n",
            FormatPercent(it->second), label == "term" ? "over the whole term" : "in " + H(label));
    }
    size_t met = 0, targets = 0;
    std::string label = o_.only_period ? *o_.only_period : "term";
    for (const TargetResult& t : s_.targets) {
      auto it = t.periods.find(label);
      if (it == t.periods.end()) continue;
      ++targets;
      met += it->second.status == "met";
    }
    if (targets)
      out_ += fmt::format(
          "<div class=\"card\"><span class=\"card-label\">Targets met</span><span class=\"card-value\">{} of "
          "{}</span><span class=\"card-note\">{}</span></div>\n",
          met, targets, label == "term" ? "over the whole term" : "in " + H(label));
    out_ += "</section>\n";
  }

  void Warnings() {
    if (o_.warnings.empty()) return;
    out_ += "<section id=\"warnings\" class=\"warnings\">\n<h2>Warnings</h2>\n<ul>\n";
    for (const std::string& w : o_.warnings) out_ += "<li>" + H(w) + "</li>\n";
    out_ += "</ul>\n</section>\n";
  }

  // ------------------------------------------------------------ measures

  const TargetResult* TargetOf(const std::string& measure) const {
    for (const TargetResult& t : s_.targets)
      if (t.measure == measure) return &t;
    return nullptr;
  }

  void Measures() {
    if (s_.measures.empty()) return;
    out_ += "<section id=\"measures\" class=\"section\">\n<h2>Measures</h2>\n";
    if (layout_.rows.empty()) {  // `--period` of a payment period the statement does not report
      out_ +=
          "<p>The statement reports no measure in " + H(o_.only_period.value_or("")) + ".</p>\n</section>\n";
      return;
    }
    for (size_t i = 0; i < s_.measures.size(); ++i) {
      Measure(i);
      Spill();
    }
    out_ += "</section>\n";
  }

  void Measure(size_t index) {
    const MeasureResult& m = s_.measures[index];
    const TargetResult* target = TargetOf(m.name);
    out_ += fmt::format("<article class=\"measure\" id=\"measure-{}\" data-measure=\"{}\">\n<h3>{}</h3>\n",
                        index, H(m.name), H(Title(m)));
    if (target) {
      out_ +=
          "<p class=\"target\"><span class=\"target-tag\">Target</span> " + H(target->description) + "</p>\n";
    }
    out_ += "<figure class=\"measure-figure\">\n";
    bool charted = Chart(m, target);
    out_ += "<figcaption class=\"visually-hidden\">" + H(Title(m)) + "</figcaption>\n";
    ValueTable(m, charted);
    if (m.has_groups) GroupTable(m);
    out_ += "</figure>\n</article>\n";
  }

  // The line chart, when the measure is a number and there are points.
  bool Chart(const MeasureResult& m, const TargetResult* target) {
    const std::vector<uint32_t>& points = layout_.charted;
    if (points.empty()) return false;
    svg::LineChart c;
    c.title = Title(m);
    std::string currency = s_.currency;
    c.tick = [&m, currency](Decimal d) {
      std::string text = Figure(m, d, currency);
      // Ticks fall on round figures: £1,500,000 rather than £1,500,000.00.
      if (m.type == "money" && text.size() > 3 && text.compare(text.size() - 3, 3, ".00") == 0)
        text.resize(text.size() - 3);
      return text;
    };
    c.value = [&m, currency](Decimal d) { return Figure(m, d, currency); };
    c.at_most_one = m.type == "percent";
    c.whole = m.type == "int";
    svg::Series whole{m.has_groups ? "All" : Title(m), kPrimary, true, {}};
    bool any = false;
    for (uint32_t i : points) {
      c.labels.push_back(PointLabel(P(i)));
      auto year = layout_.year_labels.find(P(i).contract_year);
      c.groups.push_back(P(i).kind == PeriodKind::Month || P(i).kind == PeriodKind::Quarter
                             ? (year != layout_.year_labels.end() ? year->second : "")
                             : "");
      auto it = m.values.find(P(i).label);
      whole.values.push_back(it == m.values.end() ? std::nullopt : Number(m, it->second));
      any |= whole.values.back().has_value();
    }
    size_t drawn_groups = 0;
    if (m.has_groups) {
      for (size_t g = 0; g < m.groups.size() && drawn_groups < kHtmlChartGroups; ++g, ++drawn_groups) {
        svg::Series line{std::string(m.groups.name(g)), kPalette[g % std::size(kPalette)], false, {}};
        for (uint32_t i : points) {
          std::optional<StatementValue> v = m.groups.At(g, i);
          line.values.push_back(v ? Number(m, *v) : std::nullopt);
          any |= line.values.back().has_value();
        }
        c.series.push_back(std::move(line));
      }
    }
    c.series.push_back(std::move(whole));
    if (!any) return false;
    if (target && target->from)
      c.band = svg::Band{static_cast<svg::Band::Kind>(target->kind), target->from, target->to};
    c.description = fmt::format("Line chart of {} for each {} from {} to {}", Title(m),
                                layout_.finest == PeriodKind::Month     ? "month"
                                : layout_.finest == PeriodKind::Quarter ? "quarter"
                                : layout_.finest == PeriodKind::Year    ? "contract year"
                                                                        : "period",
                                P(points.front()).label, P(points.back()).label);
    if (m.has_groups)
      c.description +=
          fmt::format(", for the whole and for {} of its {} groups", drawn_groups, m.groups.size());
    if (c.band) c.description += "; the target (" + target->description + ") is drawn as a shaded band";
    c.description += ". The table below gives every value.";
    out_ += svg::RenderLineChart(c);
    out_ += "\n";
    Legend(c, target);
    return true;
  }

  void Legend(const svg::LineChart& c, const TargetResult* target) {
    out_ += "<ul class=\"legend\" aria-hidden=\"true\">";
    // The whole first, then the groups in order of name.
    if (c.series.size() > 1) {
      for (const svg::Series& line : c.series)
        if (line.primary)
          out_ +=
              fmt::format("<li><span class=\"swatch line primary\" style=\"background:{}\"></span>{}</li>",
                          line.color, H(line.name));
      for (const svg::Series& line : c.series)
        if (!line.primary)
          out_ += fmt::format("<li><span class=\"swatch line\" style=\"background:{}\"></span>{}</li>",
                              line.color, H(line.name));
    }
    if (c.band && target) {
      out_ += "<li><span class=\"swatch band-met\"></span>target met</li>";
      if (c.band->kind == svg::Band::Kind::Range)
        out_ += "<li><span class=\"swatch band-partial\"></span>partly met (paid in proportion)</li>";
      out_ += "<li><span class=\"swatch threshold\"></span>threshold</li>";
    }
    out_ += "</ul>\n";
  }

  // A value's cell: the figure, and a `percent of` measure's count of count.
  void Cell(const MeasureResult& m, const std::optional<StatementValue>& v) {
    if (!v) {
      out_ += "<td></td>";
      return;
    }
    out_ += "<td><span class=\"v\">" + H(Shown(m, *v, s_.currency)) + "</span>";
    if (v->value && v->numerator && v->denominator)  // no value: nothing counted
      out_ += fmt::format("<span class=\"nd\">{} of {}</span>",
                          WithThousands(static_cast<uint64_t>(*v->numerator)),
                          WithThousands(static_cast<uint64_t>(*v->denominator)));
    out_ += "</td>";
  }

  void GridHead(const std::string& caption, const std::string& corner) {
    out_ += "<div class=\"table-wrap\"><table class=\"grid-table\">\n<caption>" + caption + "</caption>\n";
    out_ += "<thead><tr><th scope=\"col\">" + corner + "</th>";
    for (const std::string& c : layout_.columns) out_ += "<th scope=\"col\">" + H(c) + "</th>";
    out_ += "</tr></thead>\n";
  }

  void GridRows(const MeasureResult& m,
                const std::function<std::optional<StatementValue>(uint32_t)>& value_in) {
    for (const Layout::Row& row : layout_.rows) {
      out_ += "<tr><th scope=\"row\">" + H(row.label) + "</th>";
      for (const std::optional<uint32_t>& cell : row.cells) Cell(m, cell ? value_in(*cell) : std::nullopt);
      Cell(m, row.whole ? value_in(*row.whole) : std::nullopt);
      out_ += "</tr>\n";
    }
  }

  void ValueTable(const MeasureResult& m, bool charted) {
    std::string caption =
        H(Title(m)) + (charted ? ": the values charted above, and each year&#39;s and the term&#39;s"
                               : ": every period&#39;s value");
    GridHead(caption, "Year");
    out_ += "<tbody>\n";
    GridRows(m, [&](uint32_t i) -> std::optional<StatementValue> {
      auto it = m.values.find(P(i).label);
      if (it == m.values.end()) return std::nullopt;
      return it->second;
    });
    out_ += "</tbody></table></div>\n";
  }

  void GroupTable(const MeasureResult& m) {
    size_t shown = std::min(m.groups.size(), kHtmlTableGroups);
    std::string caption =
        H(Title(m)) + fmt::format(" by group ({} group{}", m.groups.size(), m.groups.size() == 1 ? "" : "s");
    if (shown < m.groups.size())
      caption += fmt::format("; the first {} by name here, all of them in <code>--format csv</code>", shown);
    caption += ")";
    GridHead(caption, "Group and year");
    for (size_t g = 0; g < shown; ++g) {
      out_ += fmt::format(
          "<tbody class=\"group\"><tr><th scope=\"rowgroup\" colspan=\"{}\" class=\"group-name\">",
          layout_.columns.size() + 1);
      if (g < kHtmlChartGroups)
        out_ += fmt::format("<span class=\"swatch line\" style=\"background:{}\"></span>",
                            kPalette[g % std::size(kPalette)]);
      out_ += H(m.groups.name(g)) + "</th></tr>\n";
      GridRows(m, [&](uint32_t i) { return m.groups.At(g, i); });
      out_ += "</tbody>\n";
      Spill();
    }
    out_ += "</table></div>\n";
  }

  // ------------------------------------------------------------ achievement

  // The periods with targets' results, in statement order.
  std::vector<std::string> ResultPeriods() const {
    std::vector<std::string> labels;
    for (const Period& p : s_.periods) {
      if (!Kept(p.label) || p.kind == PeriodKind::Baseline) continue;
      bool any = s_.achievement.count(p.label) > 0;
      for (const TargetResult& t : s_.targets) any |= t.periods.count(p.label) > 0;
      if (any) labels.push_back(p.label);
    }
    return labels;
  }

  std::string MeasureTitle(const std::string& name) const {
    for (const MeasureResult& m : s_.measures)
      if (m.name == name) return Title(m);
    return name;
  }

  void StatusCell(const TargetResult::PeriodResult& r) {
    std::string cls = r.status == "met"       ? "met"
                      : r.status == "partial" ? "partial"
                      : r.status == "not met" ? "not-met"
                                              : "no-data";
    out_ += fmt::format(
        "<td class=\"status-cell\"><span class=\"pct\">{}</span><span class=\"status {}\">{}</span></td>",
        FormatPercent(r.achievement), cls, H(r.status));
  }

  void BarCell(Decimal fraction) {
    double width = std::clamp(static_cast<double>(fraction.units()) / 1e16, 0.0, 100.0);
    out_ += fmt::format(
        "<td class=\"bar-cell\"><span class=\"bar\" style=\"width:{:.1f}%\"></span><span "
        "class=\"pct\">{}</span></td>",
        width, FormatPercent(fraction));
  }

  void Achievement() {
    if (s_.targets.empty() && !s_.has_achievement) return;
    std::vector<std::string> labels = ResultPeriods();
    out_ += "<section id=\"achievement\" class=\"section\">\n<h2>Targets and achievement</h2>\n";
    if (!s_.targets.empty()) {
      out_ +=
          "<h3>Targets</h3>\n<div class=\"table-wrap\"><table class=\"results\">\n<caption>Each target&#39;s "
          "achievement and status, period by period</caption>\n<thead><tr><th scope=\"col\">Period</th>";
      for (const TargetResult& t : s_.targets)
        out_ += "<th scope=\"col\">" + H(MeasureTitle(t.measure)) + "<span class=\"th-note\">" +
                H(t.description) + "</span></th>";
      out_ += "</tr></thead>\n<tbody>\n";
      for (const std::string& l : labels) {
        out_ += "<tr" + RowClass(l) + "><th scope=\"row\">" + H(l) + "</th>";
        for (const TargetResult& t : s_.targets) {
          auto it = t.periods.find(l);
          if (it == t.periods.end())
            out_ += "<td></td>";
          else
            StatusCell(it->second);
        }
        out_ += "</tr>\n";
      }
      out_ += "</tbody></table></div>\n";
    }
    if (!s_.outcomes.empty() || s_.has_achievement) {
      out_ +=
          "<h3>Outcomes and the contract&#39;s achievement</h3>\n<div class=\"table-wrap\"><table "
          "class=\"results\">\n<caption>Each outcome&#39;s achievement (its targets&#39; weighted), and the "
          "contract&#39;s (the outcomes&#39; weighted)</caption>\n<thead><tr><th scope=\"col\">Period</th>";
      for (const OutcomeResult& o : s_.outcomes)
        out_ += "<th scope=\"col\">" + H(o.title.empty() ? o.name : o.title) + "</th>";
      if (s_.has_achievement) out_ += "<th scope=\"col\" class=\"contract-col\">Contract</th>";
      out_ += "</tr></thead>\n<tbody>\n";
      for (const std::string& l : labels) {
        out_ += "<tr" + RowClass(l) + "><th scope=\"row\">" + H(l) + "</th>";
        for (const OutcomeResult& o : s_.outcomes) {
          auto it = o.periods.find(l);
          if (it == o.periods.end())
            out_ += "<td></td>";
          else
            BarCell(it->second);
        }
        if (s_.has_achievement) {
          auto it = s_.achievement.find(l);
          if (it == s_.achievement.end())
            out_ += "<td></td>";
          else
            BarCell(it->second);
        }
        out_ += "</tr>\n";
      }
      out_ += "</tbody></table></div>\n";
    }
    out_ += "</section>\n";
  }

  // Years and the term stand out among the quarters.
  std::string RowClass(const std::string& label) const {
    for (const Period& p : s_.periods)
      if (p.label == label && (p.kind == PeriodKind::Year || p.kind == PeriodKind::Term) &&
          layout_.finest != p.kind)
        return " class=\"aggregate\"";
    return "";
  }

  // ------------------------------------------------------------ gates and groups

  void GateCell(const GateResult& g, const std::string& label) {
    auto it = g.periods.find(label);
    if (it == g.periods.end()) {
      out_ += "<td></td>";
      return;
    }
    if (!it->second) {
      out_ += "<td><span class=\"status no-data\">no data</span></td>";
      return;
    }
    out_ += *it->second ? "<td><span class=\"status met\">passed</span>"
                        : "<td><span class=\"status not-met\">failed</span>";
    auto why = g.why.find(label);
    if (why != g.why.end()) out_ += "<span class=\"why\">" + H(why->second) + "</span>";
    out_ += "</td>";
  }

  void Gates() {
    if (s_.gates.empty()) return;
    out_ +=
        "<section id=\"gates\" class=\"section\">\n<h2>Gates</h2>\n<div class=\"table-wrap\"><table "
        "class=\"results\">\n<caption>Whether each gate passed, period by period</caption>\n<thead><tr><th "
        "scope=\"col\">Period</th>";
    for (const GateResult& g : s_.gates)
      out_ += "<th scope=\"col\">" + H(g.title.empty() ? g.name : g.title) + "</th>";
    out_ += "</tr></thead>\n<tbody>\n";
    for (const Period& p : s_.periods) {
      if (!Kept(p.label)) continue;
      bool any = false;
      for (const GateResult& g : s_.gates) any |= g.periods.count(p.label) > 0;
      if (!any) continue;
      out_ += "<tr" + RowClass(p.label) + "><th scope=\"row\">" + H(p.label) + "</th>";
      for (const GateResult& g : s_.gates) GateCell(g, p.label);
      out_ += "</tr>\n";
    }
    out_ += "</tbody></table></div>\n</section>\n";
  }

  void GroupsSection() {
    if (s_.groups.empty()) return;
    out_ += "<section id=\"groups\" class=\"section\">\n<h2>Results by group</h2>\n";
    out_ +=
        "<p>A payment made to each group works out the group&#39;s own targets, outcomes and achievement "
        "from its own measures.</p>\n";
    std::string column;
    for (const GroupResult& g : s_.groups) {
      if (g.column != column) {
        column = g.column;
        out_ += "<h3>By " + H(column) + "</h3>\n";
      }
      Group(g);
      Spill();
    }
    out_ += "</section>\n";
  }

  void Group(const GroupResult& g) {
    std::vector<std::string> labels;
    for (const Period& p : s_.periods) {
      if (!Kept(p.label)) continue;
      bool any = g.achievement.count(p.label) > 0;
      for (const TargetResult& t : g.targets) any |= t.periods.count(p.label) > 0;
      for (const GateResult& gate : g.gates) any |= gate.periods.count(p.label) > 0;
      if (any) labels.push_back(p.label);
    }
    out_ += "<h4>" + H(g.name) +
            "</h4>\n<div class=\"table-wrap\"><table class=\"results group-results\">\n<caption>" +
            "Achievement, targets and gates of " + H(g.name) +
            "</caption>\n<thead><tr><th scope=\"col\">Period</th>";
    bool achievement = !g.achievement.empty();
    if (achievement) out_ += "<th scope=\"col\" class=\"contract-col\">Achievement</th>";
    for (const TargetResult& t : g.targets)
      out_ += "<th scope=\"col\">" + H(MeasureTitle(t.measure)) + "<span class=\"th-note\">" +
              H(t.description) + "</span></th>";
    for (const GateResult& gate : g.gates)
      out_ += "<th scope=\"col\">Gate: " + H(gate.title.empty() ? gate.name : gate.title) + "</th>";
    out_ += "</tr></thead>\n<tbody>\n";
    for (const std::string& l : labels) {
      out_ += "<tr" + RowClass(l) + "><th scope=\"row\">" + H(l) + "</th>";
      if (achievement) {
        auto it = g.achievement.find(l);
        if (it == g.achievement.end())
          out_ += "<td></td>";
        else
          BarCell(it->second);
      }
      for (const TargetResult& t : g.targets) {
        auto it = t.periods.find(l);
        if (it == t.periods.end())
          out_ += "<td></td>";
        else
          StatusCell(it->second);
      }
      for (const GateResult& gate : g.gates) GateCell(gate, l);
      out_ += "</tr>\n";
    }
    out_ += "</tbody></table></div>\n";
  }

  // ------------------------------------------------------------ payments

  void Payments() {
    if (s_.payments.empty()) return;
    out_ += "<section id=\"payments\" class=\"section\">\n<h2>Payments</h2>\n";
    out_ +=
        "<p>Each payment period&#39;s lines in the order the contract writes them, each rounded to the "
        "penny, "
        "and their total. A shadow line is worked out and shown but not paid: it is not in the total.</p>\n";
    for (size_t i = 0; i < s_.payments.size(); ++i) {
      const PaymentPeriod& p = s_.payments[i];
      if (!Kept(p.label)) continue;
      PaymentPeriodSection(p, i);
      YearPaid(p);
      Spill();
    }
    out_ += "</section>\n";
  }

  static std::string LineLabel(const PaymentLine& line) {
    return line.group ? line.name + " \u2013 " + *line.group : line.name;
  }

  void PaymentPeriodSection(const PaymentPeriod& p, size_t index) {
    out_ += fmt::format("<article class=\"payment-period\" id=\"payment-{}\" data-period=\"{}\">\n", index,
                        H(p.label));
    out_ += fmt::format("<h3>{} <span class=\"h-total\">{}</span></h3>\n", H(p.label), Money(p.total));
    out_ += "<figure>\n";
    svg::Waterfall w;
    w.title = "Payments in " + p.label;
    size_t shadows = 0;
    for (const PaymentLine& line : p.lines) {
      w.lines.push_back({LineLabel(line), line.amount, line.shadow});
      shadows += line.shadow;
    }
    w.total = p.total;
    w.amount = [this](Decimal d) { return Money(d); };
    w.description = fmt::format(
        "Waterfall of the {} payment line{} in {}, each bar starting where the previous "
        "one ended{}, and the total, {}. The table below lists every line.",
        p.lines.size(), p.lines.size() == 1 ? "" : "s", p.label,
        shadows ? "; shadow lines are outlined and not counted" : "", Money(p.total));
    if (!p.lines.empty()) out_ += svg::RenderWaterfall(w) + "\n";
    bool groups =
        std::any_of(p.lines.begin(), p.lines.end(), [](const PaymentLine& l) { return l.group.has_value(); });
    out_ += "<div class=\"table-wrap\"><table class=\"payment-lines\">\n<caption>Payment lines in " +
            H(p.label) + "</caption>\n<thead><tr><th scope=\"col\">Line</th>";
    if (groups) out_ += "<th scope=\"col\">Group</th>";
    out_ += "<th scope=\"col\" class=\"num\">Amount</th></tr></thead>\n<tbody>\n";
    for (const PaymentLine& line : p.lines) {
      out_ +=
          fmt::format("<tr class=\"line{}\"><th scope=\"row\">{}{}</th>", line.shadow ? " shadow" : "",
                      H(line.name), line.shadow ? " <span class=\"shadow-tag\">shadow, not paid</span>" : "");
      if (groups) out_ += "<td>" + (line.group ? H(*line.group) : std::string()) + "</td>";
      out_ += "<td class=\"num amount\">" + Money(line.amount) + "</td></tr>\n";
    }
    out_ += fmt::format(
        "</tbody>\n<tfoot><tr><th scope=\"row\"{}>Total</th><td class=\"num total\">{}</td></tr></tfoot>\n",
        groups ? " colspan=\"2\"" : "", Money(p.total));
    out_ += "</table></div>\n</figure>\n</article>\n";
  }

  // After a year's last payment period, when the year was paid in several:
  // what the year paid in all (as the table statement says it).
  void YearPaid(const PaymentPeriod& last) {
    const Period* year = nullptr;
    for (const Period& p : s_.periods)
      if (p.kind == PeriodKind::Year && p.label == last.label) year = &p;
    if (!year || o_.only_period) return;
    Decimal paid;
    size_t count = 0;
    for (const PaymentPeriod& pp : s_.payments) {
      auto period = std::find_if(s_.periods.begin(), s_.periods.end(),
                                 [&](const Period& q) { return q.label == pp.label; });
      if (period == s_.periods.end() || period->start < year->start || year->end < period->end) continue;
      Result<Decimal> sum = Decimal::Add(paid, pp.total);
      if (!sum.ok()) return;
      paid = *sum;
      ++count;
    }
    if (count > 1)
      out_ +=
          fmt::format("<p class=\"year-paid\">Paid in {}, all {} payment periods: <strong>{}</strong></p>\n",
                      H(year->label), count, Money(paid));
  }

  // ------------------------------------------------------------ data

  void Data() {
    if (s_.data.empty()) return;
    bool baseline = std::any_of(s_.data.begin(), s_.data.end(),
                                [](const DataSummary& d) { return d.baseline.has_value(); });
    out_ +=
        "<section id=\"data\" class=\"section\">\n<h2>Data</h2>\n<div class=\"table-wrap\"><table "
        "class=\"data-table\">\n<caption>What was read from each dataset</caption>\n<thead><tr><th "
        "scope=\"col\">Dataset</th><th scope=\"col\" class=\"num\">Rows</th>";
    if (baseline) out_ += "<th scope=\"col\" class=\"num\">In the baseline</th>";
    out_ +=
        "<th scope=\"col\" class=\"num\">Outside the term</th><th scope=\"col\">Skipped for a missing "
        "value</th></tr></thead>\n<tbody>\n";
    for (const DataSummary& d : s_.data) {
      out_ += "<tr><th scope=\"row\">" + H(d.name) + "</th>";
      out_ += "<td class=\"num\">" + WithThousands(static_cast<uint64_t>(d.rows)) + "</td>";
      if (baseline)
        out_ += "<td class=\"num\">" + (d.baseline ? WithThousands(static_cast<uint64_t>(*d.baseline)) : "") +
                "</td>";
      out_ += "<td class=\"num\">" + WithThousands(static_cast<uint64_t>(d.outside_term)) + "</td><td>";
      if (d.skipped_missing.empty()) out_ += "none";
      bool first = true;
      for (const auto& [measure, n] : d.skipped_missing) {
        out_ += first ? "" : "; ";
        first = false;
        out_ += H(MeasureTitle(measure)) + ": " + WithThousands(static_cast<uint64_t>(n));
      }
      out_ += "</td></tr>\n";
    }
    out_ += "</tbody></table></div>\n</section>\n";
  }

  const Statement& s_;
  const TextSink& sink_;
  const HtmlReportOptions& o_;
  Layout layout_;
  std::string out_;
};

}  // namespace

void WriteStatementHtml(const Statement& s, const TextSink& sink, const HtmlReportOptions& options) {
  Report(s, sink, options).Write();
}

std::string RenderStatementHtml(const Statement& s, const HtmlReportOptions& options) {
  std::string all;
  WriteStatementHtml(
      s, [&](std::string_view piece) { all += piece; }, options);
  return all;
}

}  // namespace ocf
