// The charts of the HTML report (statement_html.h), as inline SVG: a line
// chart of a measure across the reporting periods with its target drawn as a
// band, and a payment period's waterfall. Every figure a chart shows as text
// (axis ticks, amounts) is an exact Decimal formatted by the caller's
// function; doubles are used only for pixel coordinates.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "runtime/decimal.h"

namespace ocf::svg {

// A value axis: from `lo` to `hi` in steps of `step`, all exact, with
// lo <= every value given and hi >= every value given.
struct Axis {
  Decimal lo, hi, step;
  // The ticks lo, lo + step, ..., hi.
  std::vector<Decimal> Ticks() const;
  // Where v falls between lo (0) and hi (1); clamped to [0, 1]. For pixels only.
  double Fraction(Decimal v) const;
};

// An axis for values in [lo, hi] (lo <= hi) with round steps (1, 2, 2.5 or 5
// times a power of ten): at most five steps across the values, so at most
// seven ticks once the ends are rounded out. `from_zero`: start at zero
// when every value is positive and the smallest is at most half the largest
// (counts and rates read best from zero). `at_most_one`: the values are
// fractions (percentages), so the axis does not go past 1 (100%) unless a
// value does. `whole`: the values are whole numbers (counts), so are the steps.
Axis NiceAxis(Decimal lo, Decimal hi, bool from_zero, bool at_most_one, bool whole = false);

// How a figure on an axis or beside a bar is written (FormatPercent, ...).
using Formatter = std::function<std::string(Decimal)>;

// One line of a line chart: a value (or none) per point.
struct Series {
  std::string name;      // as written (escaped when drawn)
  std::string color;     // a CSS colour
  bool primary = false;  // drawn thicker, with markers
  std::vector<std::optional<Decimal>> values;
};

// A target's thresholds: `at least`/`at most` shade what lies above/below
// `from`; a range shades the band between `from` and `to` (partly met) and
// what lies beyond `to` (met).
struct Band {
  enum class Kind : uint8_t { AtLeast, AtMost, Range } kind = Kind::Range;
  std::optional<Decimal> from, to;
};

struct LineChart {
  std::string title;        // for <title>: the measure's title
  std::string description;  // for <desc>: what the chart shows, in words
  // The points along the x axis: each one's short label (`Q1`, `Apr`,
  // `2015/16`) and the label of the run of points it belongs to (the
  // contract year; empty for none).
  std::vector<std::string> labels, groups;
  std::vector<Series> series;
  std::optional<Band> band;
  Formatter tick;   // an axis tick
  Formatter value;  // a point's value, in its tooltip
  bool from_zero = true, at_most_one = false, whole = false;
};

// The chart as an <svg> element (role="img", <title> and <desc>).
std::string RenderLineChart(const LineChart& chart);

// A payment period's lines as a waterfall: each line a bar from the running
// total (up for a payment, down for a deduction), a shadow line drawn apart
// (outlined, from the running total, not moving it), and the total last.
struct WaterfallLine {
  std::string label;  // the line's name, with its group
  Decimal amount;
  bool shadow = false;
};
struct Waterfall {
  std::string title, description;
  std::vector<WaterfallLine> lines;
  Decimal total;
  Formatter amount;  // FormatMoney
};
// At most this many lines are drawn (the table beside the chart lists all).
constexpr size_t kWaterfallMaxLines = 60;
std::string RenderWaterfall(const Waterfall& chart);

}  // namespace ocf::svg
