#include "compiler/format/layout.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

namespace ocf::format {
namespace {

constexpr size_t kNone = SIZE_MAX;

size_t Width(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

std::string_view TrimRight(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string_view Trim(std::string_view s) {
  s = TrimRight(s);
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return s;
}

struct Line {
  int indent = 0;
  std::vector<size_t> toks;
  std::vector<size_t> spaces;  // before each token; spaces[0] is unused
  bool blank_before = false;
  bool item_first = false;  // starts a declaration or an item of a block
  bool closes = false;      // starts with the `}` of a block laid out over lines
  std::string table_text;   // a test table row, as it will be written
};

class Layouter {
 public:
  Layouter(const std::vector<LexToken>& t, const Roles& r, int width)
      : t_(t), r_(r.of), constructs_(r.constructs), width_(static_cast<size_t>(width)) {
    match_.assign(t_.size(), kNone);
    depth_.assign(t_.size(), 0);
    std::vector<size_t> open;
    size_t depth = 0;
    for (size_t i = 0; i < t_.size(); ++i) {
      if (t_[i].is(")") && depth > 0) --depth;
      depth_[i] = depth;
      if (t_[i].is("(")) ++depth;
      if (t_[i].is("{")) open.push_back(i);
      if (t_[i].is("}") && !open.empty()) {
        match_[i] = open.back();
        match_[open.back()] = i;
        open.pop_back();
      }
    }
    written_over_lines_.assign(t_.size(), 0);
    for (size_t i = 0; i < t_.size(); ++i) {
      if (!t_[i].is("{") || match_[i] == kNone) continue;
      for (size_t j = i + 1; j <= match_[i]; ++j) {
        if (t_[j].newlines_before > 0) written_over_lines_[i] = 1;
      }
    }
  }

  std::string Run() {
    std::vector<uint8_t> extra(t_.size(), 0), expanded(t_.size(), 0);
    std::vector<Line> lines;
    for (int round = 0; round < 64; ++round) {
      lines = Build(extra, expanded);
      if (!BreakLongLines(lines, extra, expanded)) break;
    }
    // Blank lines first: they end runs of lines that line up.
    SeparateDeclarations(lines);
    LineUp(lines);
    LineUpComments(lines);
    LineUpTables(lines);
    return Emit(lines);
  }

 private:
  struct Frame {
    size_t open;
    int opener_indent, inner_indent;
    bool multi;
    // The item the brace sits in, restored at its `}`.
    int item_indent, parens;
    size_t item_start;
  };

  size_t NextCode(size_t i) const {
    for (size_t j = i + 1; j < t_.size(); ++j) {
      if (!t_[j].is_comment()) return j;
    }
    return kNone;
  }
  size_t PrevCode(size_t i) const {
    for (size_t j = i; j-- > 0;) {
      if (!t_[j].is_comment()) return j;
    }
    return kNone;
  }
  bool StartsItem(size_t i) const {
    return r_[i].item == Item::Member || r_[i].item == Item::TableRow || r_[i].item == Item::Case;
  }

  std::vector<Line> Build(const std::vector<uint8_t>& extra, const std::vector<uint8_t>& expanded) {
    std::vector<Line> lines;
    std::vector<Frame> stack;
    inline_.assign(t_.size(), 0);
    int item_indent = 0, parens = 0;
    size_t item_start = 0;
    bool after_open = false;
    placed_indent_.assign(t_.size(), 0);
    int inline_frames = 0;
    for (size_t i = 0; i < t_.size(); ++i) {
      const LexToken& tok = t_[i];
      const Role& role = r_[i];
      if (role.item == Item::Decl) {
        stack.clear();
        inline_frames = 0;
      }
      bool closing = tok.is("}") && !stack.empty() && stack.back().open == match_[i];
      bool multi = !stack.empty() && stack.back().multi;
      bool new_line = i == 0;
      if (i > 0) {
        TokenClass prev = t_[i - 1].cls;
        new_line = prev == TokenClass::LineComment || prev == TokenClass::TableRow ||
                   role.item == Item::Decl || (StartsItem(i) && multi) || (closing && multi) ||
                   tok.newlines_before > 0 || extra[i] ||
                   (after_open && !(tok.is_comment() && tok.newlines_before == 0));
      }
      inline_[i] = inline_frames > 0;
      if (new_line) {
        Line line;
        line.blank_before = tok.newlines_before >= 2 && !after_open && !(closing && multi) && !lines.empty();
        if (role.item == Item::Decl) {
          line.indent = 0;
        } else if (closing && multi) {
          line.indent = stack.back().opener_indent;
          line.closes = true;
        } else if (StartsItem(i) && multi) {
          line.indent = stack.back().inner_indent;
        } else if (tok.is_comment() && CommentStandsAlone(i, stack)) {
          size_t next = NextCode(i);
          line.indent =
              next == kNone || r_[next].item == Item::Decl || stack.empty() ? 0 : stack.back().inner_indent;
        } else {
          line.indent = ContinuationIndent(i, item_start, item_indent, parens);
        }
        if (role.item == Item::Decl || (StartsItem(i) && multi)) {
          line.item_first = true;
          item_indent = line.indent;
          item_start = i;
          parens = 0;
        }
        lines.push_back(std::move(line));
      }
      if (!tok.is_comment()) after_open = false;
      Line& line = lines.back();
      placed_indent_[i] = line.indent;
      line.toks.push_back(i);
      line.spaces.push_back(new_line ? 0 : Space(line.toks[line.toks.size() - 2], i));
      if (tok.is("(")) ++parens;
      if (tok.is(")") && parens > 0) --parens;
      if (tok.is("{")) {
        bool is_multi = role.block_open || (role.cases_open && (written_over_lines_[i] || expanded[i]));
        stack.push_back(Frame{i, line.indent, line.indent + 2, is_multi, item_indent, parens, item_start});
        if (!is_multi) ++inline_frames;
        after_open = is_multi;
      } else if (closing) {
        const Frame& f = stack.back();
        if (!f.multi) --inline_frames;
        item_indent = f.item_indent;
        parens = f.parens;
        item_start = f.item_start;
        stack.pop_back();
      }
    }
    return lines;
  }

  // A line that continues an item: two in from the line holding the anchor
  // of the innermost construct it is in (roles.h), two more for each bracket
  // opened in that construct and still open; outside any construct of the
  // item, two in from the item's first line and two more per open bracket.
  int ContinuationIndent(size_t i, size_t item_start, int item_indent, int parens) const {
    uint32_t c = r_[i].construct;
    if (c != 0 && constructs_[c].anchor >= item_start && constructs_[c].anchor < i) {
      const Construct& k = constructs_[c];
      size_t open = depth_[i] > depth_[k.first] ? depth_[i] - depth_[k.first] : 0;
      return placed_indent_[k.anchor] + 2 + 2 * static_cast<int>(open);
    }
    return item_indent + 2 * (1 + parens);
  }

  // An own-line comment is indented like the item or declaration after it
  // when one follows; otherwise like the line it continues.
  bool CommentStandsAlone(size_t i, const std::vector<Frame>& stack) const {
    size_t next = NextCode(i);
    if (next == kNone || r_[next].item == Item::Decl) return true;
    if (stack.empty() || !stack.back().multi) return false;
    return StartsItem(next) || (t_[next].is("}") && match_[next] == stack.back().open);
  }

  size_t Space(size_t a, size_t b) const {
    const LexToken& x = t_[a];
    const LexToken& y = t_[b];
    if (y.cls == TokenClass::LineComment) return 2;
    if (x.is_comment() || y.is_comment()) return 1;
    if (y.is(",") || y.is(")") || y.is("?") || y.is(".")) return 0;
    if (x.is("(") || x.is(".")) return 0;
    if (y.is("(") && r_[b].call_paren) return 0;
    if ((x.is("-") || x.is("+")) && r_[a].break_kind == kNoBreak) return 0;  // a sign, not a sum
    if (y.is(":") && depth_[b] > 0) return 0;  // `year: int` in a parameter list
    return 1;
  }

  size_t CodeWidth(const Line& l) const {
    size_t w = static_cast<size_t>(l.indent), end = 0;
    for (size_t k = 0; k < l.toks.size(); ++k) {
      w += (k ? l.spaces[k] : 0) + Width(t_[l.toks[k]].text);
      if (!t_[l.toks[k]].is_comment()) end = w;
    }
    return end;
  }

  // Priority of a break before token i of a line (lower breaks first); 0: none.
  int BreakBefore(size_t i) const {
    if (t_[i].is_comment() || inline_[i]) return 0;
    size_t prev = PrevCode(i);
    if (prev != kNone && r_[prev].break_kind == kAfterDefiningEq && !inline_[prev]) return 1;
    switch (r_[i].break_kind) {
      case kBeforeWhere:
        return 3;
      case kBeforeThenElse:
        return 4;
      case kBeforeOtherwise:
        return 5;
      case kBeforeOr:
        return 6;
      case kBeforeAnd:
        return 7;
      case kBeforeComparison:
        return 8;
      case kBeforeAdditive:
        return 9;
      case kBeforeMultiplicative:
        return 10;
      default:
        break;
    }
    if (prev != kNone && t_[prev].is(",") && depth_[i] > 0) return 11;
    return 0;
  }

  // Outermost first: brackets, then `where` conditions inside each other.
  size_t Nesting(size_t i) const { return depth_[i] * 65536 + r_[i].where_depth; }

  bool BreakLongLines(const std::vector<Line>& lines, std::vector<uint8_t>& extra,
                      std::vector<uint8_t>& expanded) {
    bool changed = false;
    for (const Line& l : lines) {
      if (CodeWidth(l) <= width_ || l.toks.empty()) continue;
      // Candidates: (bracket depth, priority); an inline `match`/`tiered`
      // that could be spread over lines counts as priority 2.
      size_t best_depth = SIZE_MAX;
      int best = 0;
      auto consider = [&](size_t depth, int priority) {
        if (priority == 0) return;
        if (depth < best_depth || (depth == best_depth && priority < best)) {
          best_depth = depth;
          best = priority;
        }
      };
      for (size_t k = 1; k < l.toks.size(); ++k) consider(Nesting(l.toks[k]), BreakBefore(l.toks[k]));
      for (size_t k = 0; k < l.toks.size(); ++k) {
        size_t i = l.toks[k];
        if (r_[i].cases_open && !inline_[i] && !written_over_lines_[i] && !expanded[i])
          consider(Nesting(i), 2);
      }
      if (best == 0) continue;
      if (best == 11) {
        // A list fills its lines: break at the last comma that still fits
        // (or the first, when none does). The new lines' indent is not known
        // until the next round lays them out, so they are assumed four in;
        // the next round breaks again whatever that got wrong.
        size_t col = static_cast<size_t>(l.indent), line_start = col, last = kNone, col_at_last = 0;
        for (size_t k = 0; k < l.toks.size(); ++k) {
          size_t i = l.toks[k];
          bool candidate = k > 0 && Nesting(i) == best_depth && BreakBefore(i) == best;
          if (candidate) {
            last = i;
            col_at_last = col;
          }
          col += (k ? l.spaces[k] : 0) + Width(t_[i].text);
          if (col > width_ && last != kNone && !t_[i].is_comment()) {
            if (!extra[last]) {
              extra[last] = 1;
              changed = true;
            }
            line_start = static_cast<size_t>(l.indent) + 4;
            col = line_start + (col - col_at_last - 1);
            last = kNone;
          }
        }
        continue;
      }
      for (size_t k = 0; k < l.toks.size(); ++k) {
        size_t i = l.toks[k];
        if (Nesting(i) != best_depth) continue;
        if (best == 2 && r_[i].cases_open && !inline_[i] && !written_over_lines_[i] && !expanded[i]) {
          expanded[i] = 1;
          changed = true;
        } else if (best != 2 && k > 0 && BreakBefore(i) == best && !extra[i]) {
          extra[i] = 1;
          changed = true;
        }
      }
    }
    return changed;
  }

  bool CommentOnly(const Line& l) const {
    return std::all_of(l.toks.begin(), l.toks.end(), [&](size_t i) { return t_[i].is_comment(); });
  }

  // Whether line n lines up with its neighbours: a whole item on one line, or
  // the first line of one that goes on past its alignment points (a column
  // whose `one of (...)` continues; not a pay line broken after its `=`).
  bool Single(const std::vector<Line>& lines, size_t n) const {
    if (!lines[n].item_first) return false;
    const Line& l = lines[n];
    std::vector<size_t> points = AlignPoints(l);
    size_t last_code = 0;
    for (size_t k = 0; k < l.toks.size(); ++k) {
      if (!t_[l.toks[k]].is_comment()) last_code = k;
    }
    if (!points.empty() && points.back() < last_code && r_[l.toks[0]].align_class == "column") return true;
    if (n + 1 == lines.size()) return true;
    const Line& next = lines[n + 1];
    return next.item_first || next.closes || t_[next.toks[0]].is_comment();
  }

  size_t Column(const Line& l, size_t k) const {
    size_t w = static_cast<size_t>(l.indent);
    for (size_t j = 0; j < k; ++j) w += (j ? l.spaces[j] : 0) + Width(t_[l.toks[j]].text);
    return w + (k ? l.spaces[k] : 0);
  }

  std::vector<size_t> AlignPoints(const Line& l) const {
    std::vector<size_t> points;
    for (size_t k = 1; k < l.toks.size(); ++k) {
      if (r_[l.toks[k]].align) points.push_back(k);
    }
    return points;
  }

  // Similar one-line items in a row line up on their alignment points.
  void LineUp(std::vector<Line>& lines) const {
    for (size_t n = 0; n < lines.size();) {
      const std::string& cls = r_[lines[n].toks[0]].align_class;
      std::vector<size_t> points =
          Single(lines, n) && !cls.empty() ? AlignPoints(lines[n]) : std::vector<size_t>{};
      if (points.empty()) {
        ++n;
        continue;
      }
      // The run: lines of the same kind, across comment lines, up to a
      // blank line or any other line.
      std::vector<size_t> run = {n};
      size_t end = n + 1;
      for (; end < lines.size() && !lines[end].blank_before; ++end) {
        const Line& l = lines[end];
        // Test lines are checked one thought at a time: a comment between
        // them starts a new run.
        if (CommentOnly(l) && cls.rfind("test", 0) != 0) continue;
        if (l.indent != lines[n].indent || !Single(lines, end) || r_[l.toks[0]].align_class != cls ||
            AlignPoints(l).size() != points.size()) {
          break;
        }
        run.push_back(end);
      }
      for (size_t p = 0; p < points.size(); ++p) {
        size_t target = 0;
        for (size_t m : run) {
          Line& l = lines[m];
          size_t k = AlignPoints(l)[p];
          l.spaces[k] = 1;
          target = std::max(target, Column(l, k));
        }
        for (size_t m : run) {
          Line& l = lines[m];
          size_t k = AlignPoints(l)[p];
          l.spaces[k] += target - Column(l, k);
        }
      }
      n = run.back() + 1;
    }
  }

  bool TrailingComment(const Line& l) const {
    return l.toks.size() > 1 && t_[l.toks.back()].cls == TokenClass::LineComment;
  }

  // Trailing comments on lines in a row start in one column.
  void LineUpComments(std::vector<Line>& lines) const {
    for (size_t n = 0; n < lines.size();) {
      if (!TrailingComment(lines[n])) {
        ++n;
        continue;
      }
      size_t end = n + 1;
      while (end < lines.size() && !lines[end].blank_before && lines[end].indent == lines[n].indent &&
             TrailingComment(lines[end])) {
        ++end;
      }
      size_t target = 0;
      for (size_t m = n; m < end; ++m) target = std::max(target, CodeWidth(lines[m]) + 2);
      for (size_t m = n; m < end; ++m) {
        Line& l = lines[m];
        l.spaces.back() = target - CodeWidth(l);
      }
      n = end;
    }
  }

  // A simple row: `| a | b |`, no quotes, no comment; its trimmed cells.
  static bool SimpleRow(std::string_view row, std::vector<std::string_view>& cells) {
    row = Trim(row);
    if (row.size() < 2 || row.front() != '|' || row.back() != '|') return false;
    if (row.find('"') != std::string_view::npos || row.find("//") != std::string_view::npos) return false;
    cells.clear();
    row = row.substr(1, row.size() - 2);
    for (size_t start = 0;;) {
      size_t bar = row.find('|', start);
      cells.push_back(Trim(row.substr(start, bar == std::string_view::npos ? row.npos : bar - start)));
      if (bar == std::string_view::npos) break;
      start = bar + 1;
    }
    return true;
  }

  // The cells of a test table line up: `| a   | bc |`.
  void LineUpTables(std::vector<Line>& lines) const {
    auto is_row = [&](const Line& l) {
      return l.toks.size() == 1 && t_[l.toks[0]].cls == TokenClass::TableRow;
    };
    for (size_t n = 0; n < lines.size();) {
      if (!is_row(lines[n])) {
        ++n;
        continue;
      }
      size_t end = n;
      while (end < lines.size() && is_row(lines[end])) ++end;
      std::vector<std::vector<std::string_view>> rows;
      bool simple = true;
      for (size_t m = n; m < end && simple; ++m) {
        std::vector<std::string_view> cells;
        simple =
            SimpleRow(t_[lines[m].toks[0]].text, cells) && (rows.empty() || cells.size() == rows[0].size());
        rows.push_back(std::move(cells));
      }
      for (size_t m = n; m < end; ++m) lines[m].table_text = std::string(Trim(t_[lines[m].toks[0]].text));
      if (simple) {
        std::vector<size_t> widths(rows[0].size(), 0);
        for (const auto& row : rows) {
          for (size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], Width(row[c]));
        }
        for (size_t m = n; m < end; ++m) {
          std::string text = "|";
          for (size_t c = 0; c < widths.size(); ++c) {
            std::string_view cell = rows[m - n][c];
            text += ' ';
            text += cell;
            text.append(widths[c] - Width(cell) + 1, ' ');
            text += '|';
          }
          lines[m].table_text = std::move(text);
        }
      }
      n = end;
    }
  }

  // A blank line between declarations when either takes more than one line;
  // it goes above the comments that lead into the declaration.
  void SeparateDeclarations(std::vector<Line>& lines) const {
    std::vector<size_t> starts;  // lines that start a declaration
    for (size_t n = 0; n < lines.size(); ++n) {
      if (r_[lines[n].toks[0]].item == Item::Decl) starts.push_back(n);
    }
    auto code_lines = [&](size_t from, size_t to) {  // lines of a declaration that hold code
      size_t count = 0;
      for (size_t m = from; m < to; ++m) count += !t_[lines[m].toks[0]].is_comment();
      return count;
    };
    for (size_t s = 1; s < starts.size(); ++s) {
      size_t here = starts[s], before = starts[s - 1];
      // Where the previous declaration ends: its last code line.
      size_t last = here;
      while (last > before && t_[lines[last - 1].toks[0]].is_comment()) --last;
      size_t next_end = s + 1 < starts.size() ? starts[s + 1] : lines.size();
      bool big = code_lines(before, last) > 1 || code_lines(here, next_end) > 1;
      if (!big) continue;
      bool has_blank = false;
      for (size_t m = last; m <= here; ++m) has_blank |= lines[m].blank_before;
      if (has_blank) continue;
      // Comments right above the declaration stay with it.
      size_t top = here;
      while (top > last && t_[lines[top - 1].toks[0]].is_comment() && lines[top - 1].indent == 0) --top;
      lines[top].blank_before = true;
    }
  }

  std::string Emit(const std::vector<Line>& lines) const {
    std::string out;
    for (size_t n = 0; n < lines.size(); ++n) {
      const Line& l = lines[n];
      if (l.blank_before && n > 0) out += '\n';
      std::string text(static_cast<size_t>(l.indent), ' ');
      if (!l.table_text.empty()) {
        text += l.table_text;
      } else {
        for (size_t k = 0; k < l.toks.size(); ++k) {
          if (k) text.append(l.spaces[k], ' ');
          text += t_[l.toks[k]].text;
        }
      }
      out += TrimRight(text);
      out += '\n';
    }
    return out;
  }

  const std::vector<LexToken>& t_;
  const std::vector<Role>& r_;
  const std::vector<Construct>& constructs_;
  size_t width_;
  std::vector<int> placed_indent_;  // the indent of the line each token was put on
  std::vector<size_t> match_, depth_;
  std::vector<uint8_t> written_over_lines_, inline_;
};

}  // namespace

std::string Layout(const std::vector<LexToken>& tokens, const Roles& roles, int max_width) {
  if (tokens.empty()) return "";
  return Layouter(tokens, roles, max_width).Run();
}

}  // namespace ocf::format
