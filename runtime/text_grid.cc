#include "runtime/text_grid.h"

#include <algorithm>

#include "runtime/safe_text.h"

namespace ocf {
namespace {

// `word` cut into pieces of at most `width` columns (at least one character
// each, so a character wider than the line still moves on).
std::vector<std::string> CutWord(std::string_view word, size_t width) {
  std::vector<std::string> pieces(1);
  size_t used = 0;
  for (size_t i = 0; i < word.size();) {
    size_t n = std::max<size_t>(Utf8Length(word, i), 1);
    std::string_view ch = word.substr(i, n);
    size_t w = DisplayWidth(ch);
    if (used + w > width && !pieces.back().empty()) {
      pieces.emplace_back();
      used = 0;
    }
    pieces.back() += ch;
    used += w;
    i += n;
  }
  return pieces;
}

size_t Total(const std::vector<size_t>& widths, const std::vector<size_t>& columns) {
  size_t sum = 0;
  for (size_t c : columns) sum += 2 + widths[c];
  return sum;
}

}  // namespace

std::vector<std::string> WrapText(std::string_view text, size_t first, size_t rest) {
  first = std::max<size_t>(first, 1);
  rest = std::max<size_t>(rest, 1);
  std::vector<std::string> lines(1);
  if (DisplayWidth(text) <= first) {
    lines[0] = text;
    return lines;
  }
  size_t used = 0;
  auto room = [&] { return lines.size() == 1 ? first : rest; };
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = std::min(text.find(' ', start), text.size());
    std::string_view word = text.substr(start, end - start);
    start = end + 1;
    if (word.empty() && used == 0) continue;  // no line starts with a space
    size_t w = DisplayWidth(word);
    if (used > 0 && used + 1 + w <= room()) {
      lines.back() += ' ';
      lines.back() += word;
      used += 1 + w;
      continue;
    }
    if (used > 0) {
      lines.emplace_back();
      used = 0;
    }
    if (w <= room()) {
      lines.back() = word;
      used = w;
      continue;
    }
    for (std::string& piece : CutWord(word, room())) {
      if (used > 0) lines.emplace_back();
      used = DisplayWidth(piece);
      lines.back() = std::move(piece);
    }
  }
  if (lines.size() > 1 && lines.back().empty()) lines.pop_back();
  for (std::string& line : lines) line.erase(line.find_last_not_of(' ') + 1);
  return lines;
}

GridLayout LayOutGrid(size_t name_width, const std::vector<size_t>& widths, size_t line_width,
                      size_t min_name) {
  GridLayout layout;
  layout.widths = widths;
  size_t room = line_width > 2 ? line_width - 2 : 0;  // after the two leading spaces
  size_t least_name = std::min(name_width, min_name);
  std::vector<size_t> all(widths.size());
  for (size_t c = 0; c < all.size(); ++c) all[c] = c;
  size_t total = Total(widths, all);
  if (total + least_name <= room || widths.size() <= 1) {
    layout.name_width =
        total + name_width <= room ? name_width : std::max(least_name, room > total ? room - total : 0);
    layout.blocks.push_back(all);
    return layout;
  }
  // Blocks of equal columns, as few as fit.
  size_t widest = *std::max_element(widths.begin(), widths.end());
  std::fill(layout.widths.begin(), layout.widths.end(), widest);
  size_t n = widths.size(), blocks = 2;
  for (; blocks < n; ++blocks) {
    size_t most = (n + blocks - 1) / blocks;
    if (most * (2 + widest) + least_name <= room) break;
  }
  size_t most = (n + blocks - 1) / blocks;
  size_t used = most * (2 + widest);
  layout.name_width = std::max(least_name, std::min(name_width, room > used ? room - used : 0));
  // The first n % blocks blocks take one column more than the others.
  for (size_t b = 0, c = 0; b < blocks; ++b) {
    size_t size = n / blocks + (b < n % blocks ? 1 : 0);
    layout.blocks.emplace_back();
    for (size_t k = 0; k < size; ++k) layout.blocks.back().push_back(c++);
  }
  return layout;
}

std::vector<std::string> WrapName(std::string_view name, std::string_view detail, size_t room) {
  size_t rest = room > kWrapIndent ? room - kWrapIndent : 0;
  if (detail.empty()) return WrapText(name, room, rest);
  std::string whole = std::string(name) + " " + std::string(detail);
  if (DisplayWidth(whole) <= room) return {whole};
  std::vector<std::string> lines = WrapText(name, room, rest);
  size_t last_room = lines.size() == 1 ? room : rest;
  size_t w = DisplayWidth(detail);
  if (DisplayWidth(lines.back()) + 1 + w <= last_room) {
    lines.back() += ' ';
    lines.back() += detail;
    return lines;
  }
  for (std::string& line : WrapText(detail, rest, rest)) lines.push_back(std::move(line));
  return lines;
}

void AppendGridRow(std::string& out, const GridLayout& layout, size_t block, size_t indent,
                   std::string_view name, std::string_view detail, const std::vector<std::string>& cells,
                   std::string_view note) {
  size_t room = layout.name_width > indent ? layout.name_width - indent : 0;
  std::vector<std::string> lines = WrapName(name, detail, room);
  size_t line_start = out.size();
  out.append(2 + indent, ' ');
  out += lines[0];
  size_t used = indent + DisplayWidth(lines[0]);
  out.append(layout.name_width > used ? layout.name_width - used : 0, ' ');
  for (size_t c : layout.blocks[block]) {
    const std::string& cell = c < cells.size() ? cells[c] : std::string();
    size_t w = DisplayWidth(cell);
    out.append(2 + (layout.widths[c] > w ? layout.widths[c] - w : 0), ' ');
    out += cell;
  }
  if (!note.empty()) {
    out += "  ";
    out += note;
  }
  // Empty cells at the end leave no trailing spaces.
  size_t last = out.find_last_not_of(' ');
  out.resize(last == std::string::npos || last < line_start ? line_start : last + 1);
  out += '\n';
  for (size_t k = 1; k < lines.size(); ++k) {
    out.append(2 + indent + kWrapIndent, ' ');
    out += lines[k];
    out += '\n';
  }
}

}  // namespace ocf
