#include "runtime/svg_chart.h"

#include <algorithm>

#include <fmt/format.h>

#include "runtime/html_text.h"

namespace ocf::svg {
namespace {

using i128 = __int128;

// floor(a / b) and ceil(a / b) for b > 0.
i128 FloorDiv(i128 a, i128 b) { return a / b - ((a % b != 0) && (a < 0)); }
i128 CeilDiv(i128 a, i128 b) { return a / b + ((a % b != 0) && (a > 0)); }

// A pixel coordinate, to a tenth of a pixel.
std::string Px(double v) { return fmt::format("{:.1f}", v); }

// The width of `text` in pixels at `size`, roughly (a proportional sans
// serif: digits and most letters about 0.6 em): for room, never for a figure.
double TextWidth(const std::string& text, double size) {
  size_t chars = 0;
  for (unsigned char c : text) chars += (c & 0xC0) != 0x80;
  return static_cast<double>(chars) * size * 0.6;
}

void Text(std::string& out, double x, double y, const char* anchor, const char* cls,
          const std::string& text) {
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" class=\"{}\">", Px(x), Px(y), anchor, cls);
  AppendHtmlText(out, text);
  out += "</text>";
}

void Open(std::string& out, double width, double height, const std::string& title, const std::string& desc,
          const char* cls) {
  out += fmt::format(
      "<svg class=\"{}\" viewBox=\"0 0 {} {}\" width=\"{}\" "
      "height=\"{}\" role=\"img\" preserveAspectRatio=\"xMinYMin meet\"><title>",
      cls, Px(width), Px(height), Px(width), Px(height));
  AppendHtmlText(out, title);
  out += "</title><desc>";
  AppendHtmlText(out, desc);
  out += "</desc>";
}

}  // namespace

std::vector<Decimal> Axis::Ticks() const {
  std::vector<Decimal> ticks;
  if (step.units() <= 0) return {lo};
  for (i128 v = lo.units(); v <= hi.units(); v += step.units()) {
    ticks.push_back(Decimal::FromUnits(v));
    if (v > hi.units() - step.units()) break;  // the next would overflow or pass hi
  }
  return ticks;
}

double Axis::Fraction(Decimal v) const {
  i128 span = hi.units() - lo.units();
  if (span <= 0) return 0.5;
  double f = static_cast<double>(v.units() - lo.units()) / static_cast<double>(span);
  return std::clamp(f, 0.0, 1.0);
}

Axis NiceAxis(Decimal lo, Decimal hi, bool from_zero, bool at_most_one, bool whole) {
  const i128 one = Decimal::FromInt(1).units();
  // Values near the ends of Decimal's range are not charted sensibly; keep
  // the arithmetic below far from overflow (10^36 units is 10^18 pounds).
  const i128 limit = one * one;
  i128 a = std::clamp(lo.units(), -limit, limit), b = std::clamp(hi.units(), -limit, limit);
  if (b < a) std::swap(a, b);
  if (from_zero && a > 0 && a <= b / 2) a = 0;
  if (a == b) {  // one value: a step around it
    i128 pad = a == 0 ? one : (a < 0 ? -a : a) / 10;
    if (pad == 0) pad = 1;
    if (whole && pad < one) pad = one;
    if (a >= 0 && a - pad < 0 && from_zero) {
      a = 0;
      b += pad;
    } else {
      a -= pad;
      b += pad;
    }
  }
  i128 span = b - a;
  i128 need = (span + 4) / 5;  // at most five steps
  // The first of 1, 2, 2.5, 5 times 10^p units that is at least `need`
  // (and a whole number, for whole numbers).
  auto fits = [&](i128 step) { return step >= need && (!whole || step % one == 0); };
  i128 step = 1;
  for (i128 p = 1;; p *= 10) {
    const i128 candidates[] = {p, 2 * p, p >= 10 ? 25 * (p / 10) : 0, 5 * p};
    auto it = std::find_if(std::begin(candidates), std::end(candidates), fits);
    if (it != std::end(candidates)) {
      step = *it;
      break;
    }
  }
  i128 nice_lo = FloorDiv(a, step) * step, nice_hi = CeilDiv(b, step) * step;
  if (at_most_one && b <= one && nice_hi > one) nice_hi = one;
  if (from_zero && a >= 0 && nice_lo < 0) nice_lo = 0;
  return Axis{Decimal::FromUnits(nice_lo), Decimal::FromUnits(nice_hi), Decimal::FromUnits(step)};
}

std::string RenderLineChart(const LineChart& c) {
  const size_t n = c.labels.size();
  // The axis covers every value and threshold.
  std::optional<Decimal> lo, hi;
  auto cover = [&](const std::optional<Decimal>& v) {
    if (!v) return;
    lo = lo ? std::min(*lo, *v) : *v;
    hi = hi ? std::max(*hi, *v) : *v;
  };
  for (const Series& s : c.series)
    for (const std::optional<Decimal>& v : s.values) cover(v);
  if (c.band) {
    cover(c.band->from);
    cover(c.band->to);
  }
  Axis axis =
      NiceAxis(lo.value_or(Decimal()), hi.value_or(Decimal::FromInt(1)), c.from_zero, c.at_most_one, c.whole);
  std::vector<Decimal> ticks = axis.Ticks();
  std::vector<std::string> tick_text;
  double tick_w = 0;
  for (Decimal t : ticks) {
    tick_text.push_back(c.tick(t));
    tick_w = std::max(tick_w, TextWidth(tick_text.back(), 11));
  }
  bool has_groups =
      std::any_of(c.groups.begin(), c.groups.end(), [](const std::string& g) { return !g.empty(); });
  const double width = 760, top = 14, right = 16;
  const double left = std::max(48.0, tick_w + 16);
  const double bottom = has_groups ? 50 : 32;
  const double height = 280;
  const double plot_w = width - left - right, plot_h = height - top - bottom;
  auto x_at = [&](size_t i) {
    return left + plot_w * (static_cast<double>(i) + 0.5) / static_cast<double>(n);
  };
  auto y_at = [&](Decimal v) { return top + plot_h * (1 - axis.Fraction(v)); };

  std::string out;
  Open(out, width, height, c.title, c.description, "chart line-chart");
  // The target's band, under everything else.
  if (c.band && c.band->from) {
    const Band& b = *c.band;
    double y_from = y_at(*b.from), y_top = top, y_bottom = top + plot_h;
    auto rect = [&](double y1, double y2, const char* cls) {
      if (y2 < y1) std::swap(y1, y2);
      if (y2 - y1 < 0.05) return;
      out += fmt::format("<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", cls, Px(left),
                         Px(y1), Px(plot_w), Px(y2 - y1));
    };
    if (b.kind == Band::Kind::AtLeast) {
      rect(y_top, y_from, "band-met");
    } else if (b.kind == Band::Kind::AtMost) {
      rect(y_from, y_bottom, "band-met");
    } else if (b.to) {
      double y_to = y_at(*b.to);
      rect(y_from, y_to, "band-partial");
      rect(*b.to >= *b.from ? y_top : y_bottom, y_to, "band-met");
    }
  }
  // Grid lines and ticks.
  for (size_t k = 0; k < ticks.size(); ++k) {
    double y = y_at(ticks[k]);
    out += fmt::format("<line class=\"grid\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>", Px(left),
                       Px(left + plot_w), Px(y), Px(y));
    Text(out, left - 8, y + 4, "end", "tick", tick_text[k]);
  }
  out += fmt::format("<line class=\"axis\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>", Px(left),
                     Px(left + plot_w), Px(top + plot_h), Px(top + plot_h));
  // The x axis: each point's label, and the contract years under them with
  // a line between years.
  for (size_t i = 0; i < n; ++i)
    Text(out, x_at(i), top + plot_h + 16, "middle", n > 30 ? "tick small" : "tick", c.labels[i]);
  if (has_groups) {
    size_t start = 0;
    for (size_t i = 1; i <= n; ++i) {
      if (i < n && c.groups[i] == c.groups[start]) continue;
      double x1 = left + plot_w * static_cast<double>(start) / static_cast<double>(n);
      double x2 = left + plot_w * static_cast<double>(i) / static_cast<double>(n);
      if (start > 0)
        out += fmt::format("<line class=\"year-rule\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>", Px(x1),
                           Px(x1), Px(top), Px(top + plot_h + 40));
      std::string year = c.groups[start];
      if (TextWidth(year, 11) > x2 - x1 - 4) year = ShortenText(year, static_cast<size_t>((x2 - x1) / 7));
      Text(out, (x1 + x2) / 2, top + plot_h + 36, "middle", "year", year);
      start = i;
    }
  }
  // The lines: the primary one last, on top.
  std::vector<const Series*> order;
  for (const Series& s : c.series)
    if (!s.primary) order.push_back(&s);
  for (const Series& s : c.series)
    if (s.primary) order.push_back(&s);
  for (const Series* s : order) {
    std::string path;
    bool pen_down = false;
    for (size_t i = 0; i < n && i < s->values.size(); ++i) {
      if (!s->values[i]) {
        pen_down = false;
        continue;
      }
      path += fmt::format("{}{} {} ", pen_down ? "L" : "M", Px(x_at(i)), Px(y_at(*s->values[i])));
      pen_down = true;
    }
    out += fmt::format("<g class=\"series{}\" style=\"color:{}\">", s->primary ? " primary" : "", s->color);
    if (!path.empty()) out += fmt::format("<path d=\"{}\"/>", path.substr(0, path.size() - 1));
    for (size_t i = 0; i < n && i < s->values.size(); ++i) {
      if (!s->values[i]) continue;
      out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"{}\"><title>", Px(x_at(i)), Px(y_at(*s->values[i])),
                         s->primary ? "3.5" : "2.5");
      std::string tip = s->name + ", " +
                        (c.groups.size() > i && !c.groups[i].empty() ? c.groups[i] + " " : "") + c.labels[i] +
                        ": " + c.value(*s->values[i]);
      AppendHtmlText(out, tip);
      out += "</title></circle>";
    }
    out += "</g>";
  }
  // Thresholds: dashed lines over the lines, labelled at the right.
  if (c.band) {
    for (const std::optional<Decimal>& t : {c.band->from, c.band->to}) {
      if (!t) continue;
      double y = y_at(*t);
      out += fmt::format("<line class=\"threshold\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>", Px(left),
                         Px(left + plot_w), Px(y), Px(y));
      // Above the line, unless that would leave the plot.
      double label_y = y - 5 < top + 10 ? y + 13 : y - 5;
      Text(out, left + plot_w - 4, label_y, "end", "threshold-label", c.value(*t));
    }
  }
  out += "</svg>";
  return out;
}

std::string RenderWaterfall(const Waterfall& c) {
  const size_t drawn = std::min(c.lines.size(), kWaterfallMaxLines);
  const bool more = drawn < c.lines.size();
  // Each drawn line's bar, from the running total before it.
  struct Bar {
    Decimal from, to;
  };
  std::vector<Bar> bars;
  Decimal running, lo, hi;
  for (size_t k = 0; k < drawn; ++k) {
    const WaterfallLine& line = c.lines[k];
    Result<Decimal> next = Decimal::Add(running, line.amount);
    Decimal end = next.ok() ? *next : running;
    bars.push_back({running, end});
    lo = std::min({lo, running, end});
    hi = std::max({hi, running, end});
    if (!line.shadow) running = end;
  }
  lo = std::min(lo, c.total);
  hi = std::max(hi, c.total);
  Axis scale{lo, hi == lo ? Decimal::FromInt(1) : hi, Decimal()};
  const double width = 760, row = 24, top = 6, label_right = 326, plot_left = 338, plot_right = 630;
  const double rows = static_cast<double>(drawn + (more ? 1 : 0) + 1);
  const double height = top + rows * row + 8;
  auto x_at = [&](Decimal v) { return plot_left + (plot_right - plot_left) * scale.Fraction(v); };

  std::string out;
  Open(out, width, height, c.title, c.description, "chart waterfall");
  double zero = x_at(Decimal());
  out += fmt::format("<line class=\"axis\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>", Px(zero), Px(zero),
                     Px(top), Px(height - 4));
  double y = top;
  for (size_t k = 0; k < drawn; ++k, y += row) {
    const WaterfallLine& line = c.lines[k];
    const Bar& bar = bars[k];
    const char* cls = line.shadow ? "bar shadow" : line.amount.is_negative() ? "bar down" : "bar up";
    double x1 = x_at(std::min(bar.from, bar.to)), x2 = x_at(std::max(bar.from, bar.to));
    out += "<g class=\"wf-row\"><title>";
    AppendHtmlText(
        out, line.label + (line.shadow ? " (shadow line, not paid)" : "") + ": " + c.amount(line.amount));
    out += "</title>";
    Text(out, label_right, y + 16, "end", line.shadow ? "wf-label shadow-label" : "wf-label",
         ShortenText(line.label, 44));
    out += fmt::format("<rect class=\"{}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", cls, Px(x1),
                       Px(y + 4), Px(std::max(x2 - x1, 1.0)), Px(row - 8));
    Text(out, width - 6, y + 16, "end", line.shadow ? "wf-amount shadow-label" : "wf-amount",
         (line.shadow ? "(" + c.amount(line.amount) + ")" : c.amount(line.amount)));
    out += "</g>";
    // The running total carries on to the next bar.
    if (!line.shadow && k + 1 < drawn) {
      double x = x_at(bar.to);
      out += fmt::format("<line class=\"connector\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\"/>", Px(x), Px(x),
                         Px(y + row - 4), Px(y + row + 4));
    }
  }
  if (more) {
    Text(out, label_right, y + 16, "end", "wf-label shadow-label",
         fmt::format("\u2026 {} more lines (in the table)", c.lines.size() - drawn));
    y += row;
  }
  double x1 = x_at(std::min(Decimal(), c.total)), x2 = x_at(std::max(Decimal(), c.total));
  out += "<g class=\"wf-row wf-total\">";
  Text(out, label_right, y + 16, "end", "wf-label total-label", "Total");
  out += fmt::format("<rect class=\"bar total\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>", Px(x1),
                     Px(y + 3), Px(std::max(x2 - x1, 1.0)), Px(row - 6));
  Text(out, width - 6, y + 16, "end", "wf-amount total-label", c.amount(c.total));
  out += "</g></svg>";
  return out;
}

}  // namespace ocf::svg
