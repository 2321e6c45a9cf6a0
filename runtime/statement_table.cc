// The table statement (`ocf run`'s default format; docs/language.md, "The
// table statement"): the contract's parties and term; a section per contract
// year (its quarters or months, then the year) and one for the term, each
// with its measures, targets and achievement, payments and what each group
// was paid; then what was read from each dataset. Everything fits 100
// columns: long names are wrapped, and a year with more periods than fit
// beside its names is shown in blocks of columns.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "runtime/safe_text.h"
#include "runtime/statement.h"
#include "runtime/statement_text.h"
#include "runtime/text_grid.h"

namespace ocf {
namespace {

using namespace statement_text;

constexpr size_t kLineWidth = 100;

std::string Plural(uint64_t n, const char* one, const char* many) {
  return fmt::format("{} {}", GroupThousands(std::to_string(n)), n == 1 ? one : many);
}

// `text` on lines of at most kLineWidth columns, the first indented by
// `indent` spaces and the others by `hanging`.
void AppendWrapped(std::string& out, const std::string& text, size_t indent, size_t hanging) {
  std::vector<std::string> lines = WrapText(text, kLineWidth - indent, kLineWidth - hanging);
  for (size_t k = 0; k < lines.size(); ++k) {
    out.append(k ? hanging : indent, ' ');
    out += lines[k];
    out += '\n';
  }
}

// A measure, target, outcome or gate as the table names it: its title, or
// its identifier when it has none.
std::string Named(const std::string& title, const std::string& name) { return title.empty() ? name : title; }

// A measure's value as the table shows it.
std::string Shown(const MeasureResult& m, const StatementValue& v, const std::string& currency) {
  if (!v.value) return "-";
  if (m.type == "percent") {
    if (auto d = Decimal::Parse(*v.value)) return FormatPercent(*d);
  }
  if (m.type == "money") {
    if (auto d = Decimal::Parse(*v.value)) return FormatMoney(*d, currency);
  }
  if (m.type == "int") return GroupThousands(*v.value);
  if (m.type == "decimal") {
    // A table is for reading: long fractions (a mean) are shown to two
    // places; the JSON keeps every digit.
    size_t point = v.value->find('.');
    if (point != std::string::npos && v.value->size() > point + 3) {
      if (auto d = Decimal::Parse(*v.value)) return GroupThousands(d->ToString(2));
    }
    return GroupThousands(*v.value);
  }
  return *v.value;
}

std::string TargetCell(const TargetResult& t, const std::string& label) {
  auto it = t.periods.find(label);
  if (it == t.periods.end()) return "";
  return fmt::format("{} {}", FormatPercent(it->second.achievement), it->second.status);
}

std::string GateCell(const GateResult& g, const std::string& label) {
  auto it = g.periods.find(label);
  if (it == g.periods.end()) return "";
  return it->second ? (*it->second ? "passed" : "FAILED") : "missing";
}

template <typename Map>
std::string PercentCell(const Map& periods, const std::string& label) {
  auto it = periods.find(label);
  return it == periods.end() ? "" : FormatPercent(it->second);
}

// One row of a grid: a name, indented by `indent` under the row it belongs
// to, and a cell per period (empty where there is nothing).
struct RowText {
  size_t indent = 0;
  std::string name;
  std::vector<std::string> cells;
  std::string detail;  // after the name, kept whole on a line when it fits one: "(at least 90%)"
};
using RowSource = std::function<void(size_t, RowText&)>;
using Rows = std::vector<RowText>;

// A grid under `heading`: the names and a column per label. `row(i, r)`
// fills row i of `count`; widths are measured in a first pass and the rows
// written in a second (and again for each further block of columns), so a
// million groups' rows are never held at once. Names and cells may come from
// the data: shown escaped, and measured as shown. A column with no cell in
// any row is left out.
void Grid(std::string& out, Spiller& spill, const std::string& heading,
          const std::vector<std::string>& labels, size_t count, const RowSource& row) {
  RowText r;
  auto safe_row = [&](size_t i) {
    r.indent = 0;
    r.name.clear();
    r.detail.clear();
    r.cells.clear();
    row(i, r);
    MakeTerminalSafe(r.name);
    MakeTerminalSafe(r.detail);
    for (std::string& cell : r.cells) MakeTerminalSafe(cell);
  };
  size_t name_w = 0;
  std::vector<size_t> col_w(labels.size());
  std::vector<bool> used(labels.size());
  for (size_t c = 0; c < labels.size(); ++c) col_w[c] = Width(labels[c]);
  for (size_t i = 0; i < count; ++i) {
    safe_row(i);
    name_w = std::max(name_w, r.indent + Width(r.name) + (r.detail.empty() ? 0 : 1 + Width(r.detail)));
    for (size_t c = 0; c < labels.size() && c < r.cells.size(); ++c) {
      if (r.cells[c].empty()) continue;
      used[c] = true;
      col_w[c] = std::max(col_w[c], Width(r.cells[c]));
    }
  }
  std::vector<size_t> kept, widths;
  for (size_t c = 0; c < labels.size(); ++c) {
    if (!used[c]) continue;
    kept.push_back(c);
    widths.push_back(col_w[c]);
  }
  if (kept.empty()) return;
  GridLayout layout = LayOutGrid(name_w, widths, kLineWidth);
  out += "\n" + TerminalText(heading) + "\n";
  std::vector<std::string> header, cells;
  for (size_t c : kept) header.push_back(TerminalText(labels[c]));
  for (size_t b = 0; b < layout.blocks.size(); ++b) {
    if (b) out += "\n";
    AppendGridRow(out, layout, b, 0, "", "", header);
    for (size_t i = 0; i < count; ++i) {
      safe_row(i);
      cells.clear();
      for (size_t c : kept) cells.push_back(c < r.cells.size() ? r.cells[c] : std::string());
      AppendGridRow(out, layout, b, r.indent, r.name, r.detail, cells);
      spill.Spill();
    }
  }
}

void Grid(std::string& out, Spiller& spill, const std::string& heading,
          const std::vector<std::string>& labels, const Rows& rows) {
  Grid(out, spill, heading, labels, rows.size(), [&](size_t i, RowText& r) { r = rows[i]; });
}

// The contract's measures, each followed by its groups' rows.
void MeasureGrid(std::string& out, Spiller& spill, const Statement& s, const std::vector<std::string>& labels,
                 const std::vector<uint32_t>& indices) {
  std::vector<std::pair<size_t, size_t>> rows;  // (measure, group or SIZE_MAX)
  for (size_t k = 0; k < s.measures.size(); ++k) {
    rows.push_back({k, SIZE_MAX});
    for (size_t g = 0; g < s.measures[k].groups.size(); ++g) rows.push_back({k, g});
  }
  Grid(out, spill, "Measures", labels, rows.size(), [&](size_t i, RowText& r) {
    const MeasureResult& m = s.measures[rows[i].first];
    size_t g = rows[i].second;
    if (g == SIZE_MAX) {
      r.name = Named(m.title, m.name);
      for (const std::string& l : labels) {
        auto it = m.values.find(l);
        r.cells.push_back(it == m.values.end() ? "" : Shown(m, it->second, s.currency));
      }
      return;
    }
    r.indent = 2;
    r.name = m.groups.name(g);
    for (uint32_t index : indices) {
      std::optional<StatementValue> v = m.groups.At(g, index);
      r.cells.push_back(v ? Shown(m, *v, s.currency) : "");
    }
  });
}

// A target as the table names it: its measure's title, then what it asks
// ("Adults first seen within 18 weeks", "(from 40% to 90%)").
std::pair<std::string, std::string> TargetName(const Statement& s, const TargetResult& t) {
  std::string name = t.measure;
  for (const MeasureResult& m : s.measures)
    if (m.name == t.measure) name = Named(m.title, m.name);
  return {name, t.description.empty() ? "" : "(" + t.description + ")"};
}

// Targets, outcomes, achievement and gates (the contract's, or a group's),
// each a row indented by `indent`. A group's target says what it asks only
// where that differs from the contract's target (a change from the group's
// own baseline): the contract's rows above say it once for all.
void AchievementRows(const Statement& s, const std::vector<std::string>& labels,
                     const std::vector<TargetResult>& targets, const std::vector<OutcomeResult>& outcomes,
                     const std::map<std::string, Decimal>* achievement, const std::vector<GateResult>& gates,
                     size_t indent, Rows& rows, bool of_group = false) {
  auto row = [&](std::string name, auto cell, std::string detail = "") {
    RowText r{indent, std::move(name), {}, std::move(detail)};
    for (const std::string& l : labels) r.cells.push_back(cell(l));
    rows.push_back(std::move(r));
  };
  for (const TargetResult& t : targets) {
    auto [name, detail] = TargetName(s, t);
    if (of_group && std::any_of(s.targets.begin(), s.targets.end(), [&](const TargetResult& contract) {
          return contract.measure == t.measure && contract.description == t.description;
        }))
      detail.clear();
    row(
        name, [&](const std::string& l) { return TargetCell(t, l); }, detail);
  }
  for (const OutcomeResult& o : outcomes)
    row("Outcome: " + Named(o.title, o.name),
        [&](const std::string& l) { return PercentCell(o.periods, l); });
  if (achievement) row("Achievement", [&](const std::string& l) { return PercentCell(*achievement, l); });
  for (const GateResult& g : gates)
    row("Gate: " + Named(g.title, g.name), [&](const std::string& l) { return GateCell(g, l); });
}

// Each group of a `payment ... by` block under its name, with its targets,
// outcomes, achievement and gates in the section's payment periods: one grid
// per column the contract pays by.
void GroupGrids(std::string& out, Spiller& spill, const Statement& s,
                const std::vector<std::string>& labels) {
  for (size_t i = 0; i < s.groups.size();) {
    const std::string& column = s.groups[i].column;
    Rows rows;
    for (; i < s.groups.size() && s.groups[i].column == column; ++i) {
      const GroupResult& g = s.groups[i];
      Rows mine;
      AchievementRows(s, labels, g.targets, g.outcomes, g.outcomes.empty() ? nullptr : &g.achievement,
                      g.gates, 2, mine, true);
      bool any = false;
      for (const RowText& r : mine)
        for (const std::string& cell : r.cells) any |= !cell.empty();
      if (!any) continue;
      rows.push_back({0, g.name, {}, ""});
      rows.insert(rows.end(), mine.begin(), mine.end());
    }
    Grid(out, spill, "Targets and achievement by " + column, labels, rows);
  }
}

// A payment period's lines: a `by` block's under each group's name with what
// the group is paid in all; shadow lines marked, and left out of the totals.
void PaymentPeriodTable(std::string& out, const Statement& s, const PaymentPeriod& p) {
  static const char* kShadow = "(shadow, not in total)";
  struct Line {
    size_t indent;
    std::string name, amount;
    bool shadow;
  };
  std::vector<Line> lines;
  auto add = [&](size_t indent, const std::string& name, std::optional<Decimal> amount, bool shadow) {
    lines.push_back({indent, TerminalText(name), amount ? FormatMoney(*amount, s.currency) : "", shadow});
  };
  for (size_t k = 0; k < p.lines.size();) {
    const PaymentLine& line = p.lines[k];
    if (!line.group) {
      add(0, line.name, line.amount, line.shadow);
      ++k;
      continue;
    }
    add(0, *line.group, std::nullopt, false);
    Decimal subtotal;
    size_t end = k;
    for (; end < p.lines.size() && p.lines[end].group == line.group; ++end) {
      const PaymentLine& l = p.lines[end];
      add(2, l.name, l.amount, l.shadow);
      if (l.shadow) continue;
      Result<Decimal> sum = Decimal::Add(subtotal, l.amount);
      if (sum.ok()) subtotal = *sum;
    }
    if (end - k > 1) add(2, "Total for " + *line.group, subtotal, false);
    k = end;
  }
  add(0, "Total", p.total, false);

  size_t name_w = 0, amount_w = 0;
  bool shadow = false;
  for (const Line& l : lines) {
    name_w = std::max(name_w, l.indent + Width(l.name));
    amount_w = std::max(amount_w, Width(l.amount));
    shadow |= l.shadow;
  }
  // The note follows the amount: room is kept for it.
  size_t note_w = shadow ? 2 + std::string_view(kShadow).size() : 0;
  GridLayout layout = LayOutGrid(name_w, {amount_w}, kLineWidth - note_w);
  out += "\n" + TerminalText("Payments " + p.label) + "\n";
  for (const Line& l : lines)
    AppendGridRow(out, layout, 0, l.indent, l.name, "", {l.amount}, l.shadow ? kShadow : "");
}

// What each group is paid (its lines that are not shadow lines, added up)
// in the section's payment periods, when it is paid in more than one.
void GroupSchedule(std::string& out, Spiller& spill, const Statement& s,
                   const std::vector<std::string>& labels) {
  std::map<std::string, std::map<std::string, Decimal>> paid;  // group -> label -> amount
  std::vector<std::string> paid_labels;
  for (const PaymentPeriod& p : s.payments) {
    if (std::find(labels.begin(), labels.end(), p.label) == labels.end()) continue;
    bool any = false;
    for (const PaymentLine& line : p.lines) {
      if (!line.group) continue;
      any = true;
      Decimal& into = paid[*line.group][p.label];
      if (line.shadow) continue;
      Result<Decimal> sum = Decimal::Add(into, line.amount);
      if (sum.ok()) into = *sum;
    }
    if (any) paid_labels.push_back(p.label);
  }
  if (paid.empty() || paid_labels.size() < 2) return;
  // The groups' column, when the contract pays by one only.
  std::string column = s.groups.empty() ? "group" : s.groups.front().column;
  for (const GroupResult& g : s.groups)
    if (g.column != column) column = "group";
  Rows rows;
  for (const auto& [group, amounts] : paid) {
    RowText r{0, group, {}, ""};
    for (const std::string& l : paid_labels) {
      auto it = amounts.find(l);
      r.cells.push_back(it == amounts.end() ? "" : FormatMoney(it->second, s.currency));
    }
    rows.push_back(std::move(r));
  }
  Grid(out, spill, "Paid by " + column, paid_labels, rows);
}

// A year paid in several payment periods (quarterly instalments and a
// yearly reconciliation): what the year paid in all.
void YearPaid(std::string& out, const Statement& s, const Period& year) {
  Decimal paid;
  size_t count = 0;
  for (const PaymentPeriod& p : s.payments) {
    auto period =
        std::find_if(s.periods.begin(), s.periods.end(), [&](const Period& q) { return q.label == p.label; });
    if (period == s.periods.end() || period->start < year.start || year.end < period->end) continue;
    Result<Decimal> sum = Decimal::Add(paid, p.total);
    if (!sum.ok()) return;
    paid = *sum;
    ++count;
  }
  if (count < 2) return;
  std::string periods = count == 2 ? "both payment periods" : fmt::format("all {} payment periods", count);
  out += "\n";
  AppendWrapped(out, fmt::format("Paid in {}, {}: {}", year.label, periods, FormatMoney(paid, s.currency)), 0,
                2);
}

void DataSection(std::string& out, const Statement& s) {
  if (s.data.empty()) return;
  out += "\nData\n";
  for (const DataSummary& d : s.data) {
    std::string line = fmt::format("{}: {}", d.name, Plural(static_cast<uint64_t>(d.rows), "row", "rows"));
    if (d.baseline) line += fmt::format(", {} in the baseline", GroupThousands(std::to_string(*d.baseline)));
    line += fmt::format(", {} outside the term", GroupThousands(std::to_string(d.outside_term)));
    AppendWrapped(out, TerminalText(line), 2, 4);
    for (const auto& [measure, n] : d.skipped_missing) {
      std::string name = measure;
      for (const MeasureResult& m : s.measures)
        if (m.name == measure) name = Named(m.title, m.name);
      AppendWrapped(out,
                    TerminalText(fmt::format("{}: {} skipped, a value missing", name,
                                             Plural(static_cast<uint64_t>(n), "row", "rows"))),
                    4, 6);
    }
  }
}

}  // namespace

void WriteStatementTable(const Statement& s, const TextSink& sink, const std::optional<std::string>& only) {
  std::string out;
  Spiller spill(out, sink);
  AppendWrapped(out, TerminalText(s.contract), 0, 2);
  AppendWrapped(out, TerminalText("Commissioner: " + s.commissioner), 0, 2);
  for (const std::string& p : s.providers) AppendWrapped(out, TerminalText("Provider: " + p), 0, 2);
  out += fmt::format("Term: {} to {}    Currency: {}\n", s.term_start.ToString(), s.term_end.ToString(),
                     TerminalText(s.currency));
  for (const Period& p : s.periods)
    if (p.kind == PeriodKind::Baseline)
      out += fmt::format("Baseline: {} to {}\n", p.start.ToString(), p.end.ToString());

  // Sections: each contract year with its quarters or months (then the year
  // itself, as the last column), and last the term.
  std::map<int, std::vector<const Period*>> years;
  for (const Period& p : s.periods)
    if (p.kind != PeriodKind::Term && Keep(only, p.label)) years[p.contract_year].push_back(&p);
  std::vector<std::vector<const Period*>> sections;
  for (auto& [year, periods] : years) {
    std::stable_sort(periods.begin(), periods.end(),
                     [](const Period* a, const Period* b) { return a->kind < b->kind; });
    sections.push_back(periods);
  }
  for (const Period& p : s.periods)
    if (p.kind == PeriodKind::Term && Keep(only, p.label)) sections.push_back({&p});

  for (const auto& section : sections) {
    std::vector<std::string> labels;
    std::vector<uint32_t> indices;  // into s.periods
    for (const Period* p : section) {
      labels.push_back(p->label);
      indices.push_back(static_cast<uint32_t>(p - s.periods.data()));
    }
    const Period* last = section.back();
    out += fmt::format("\n== {} ({} to {}) ==\n", TerminalText(last->label),
                       section.front()->start.ToString(), last->end.ToString());
    MeasureGrid(out, spill, s, labels, indices);
    if (last->kind != PeriodKind::Baseline) {  // the baseline has no targets
      Rows rows;
      AchievementRows(s, labels, s.targets, s.outcomes, s.has_achievement ? &s.achievement : nullptr, s.gates,
                      0, rows);
      Grid(out, spill, "Targets and achievement", labels, rows);
    }
    GroupGrids(out, spill, s, labels);
    for (const PaymentPeriod& p : s.payments)
      if (std::find(labels.begin(), labels.end(), p.label) != labels.end()) PaymentPeriodTable(out, s, p);
    GroupSchedule(out, spill, s, labels);
    if (last->kind == PeriodKind::Year) YearPaid(out, s, *last);
    spill.Spill();
  }
  DataSection(out, s);
  spill.Flush();
}

}  // namespace ocf
