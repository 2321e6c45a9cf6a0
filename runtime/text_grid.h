// Laying out text for a terminal of a given width (the table statement is
// made to fit 100 columns): words wrapped onto further lines, and a grid of
// a name column and value columns split into blocks of columns when they are
// too many for one line. Widths are display widths (runtime/safe_text.h,
// DisplayWidth): text is measured as shown, after TerminalText.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace ocf {

// `text` as lines of at most `first` columns (the first line) and `rest`
// (the others), broken at spaces; a word wider than its line is broken
// between characters. Always at least one line; a line is never empty
// unless `text` is.
std::vector<std::string> WrapText(std::string_view text, size_t first, size_t rest);

// How a grid fits: every line is two spaces, the name column (wrapped to
// `name_width`), and for each column of a block two spaces and the value,
// right-aligned to the column's width.
struct GridLayout {
  size_t name_width = 0;
  std::vector<size_t> widths;               // per column
  std::vector<std::vector<size_t>> blocks;  // the columns shown together, left to right
};

// The layout for names `name_width` wide (the widest, with its indentation)
// and columns of `widths`, in lines of `line_width`: one block when the names
// fit beside every column, or when they can be wrapped to `min_name` columns
// or more; otherwise the columns in blocks of nearly equal size, each column
// as wide as the widest so that each block's columns line up with the
// block's above. Only a single column wider than the line overflows it.
GridLayout LayOutGrid(size_t name_width, const std::vector<size_t>& widths, size_t line_width = 100,
                      size_t min_name = 28);

// How much further a name's second and later lines are indented: more than
// a row's sub-rows (a `by` measure's groups, two more), so a wrapped title
// is not read as a group.
inline constexpr size_t kWrapIndent = 4;

// The lines of a name `room` columns wide (the lines after the first
// kWrapIndent narrower: they are indented by that much more). `detail`
// follows the name, on its last line if it fits there whole, else on lines
// of its own, so a phrase such as "(from 40% to 90%)" is not broken when it
// fits a line.
std::vector<std::string> WrapName(std::string_view name, std::string_view detail, size_t room);

// One row of block `block`: `name` and `detail` (WrapName) indented by
// `indent` (its later lines by kWrapIndent more), then the block's cells
// from `cells` (one per column of the layout) right-aligned, then `note` on
// the first line. No trailing spaces.
void AppendGridRow(std::string& out, const GridLayout& layout, size_t block, size_t indent,
                   std::string_view name, std::string_view detail, const std::vector<std::string>& cells,
                   std::string_view note = {});

}  // namespace ocf
