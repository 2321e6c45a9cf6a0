#include "compiler/format/diff.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace ocf::format {
namespace {

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    lines.push_back(text.substr(0, nl == text.npos ? text.size() : nl + 1));
    text.remove_prefix(nl == text.npos ? text.size() : nl + 1);
  }
  return lines;
}

enum class Op { Keep, Remove, Add };

// Myers' O((N+M)D) shortest edit script.
std::vector<Op> EditScript(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  const long n = static_cast<long>(a.size()), m = static_cast<long>(b.size()), max = n + m;
  std::vector<long> v(static_cast<size_t>(2 * max + 2), 0);
  std::vector<std::vector<long>> trace;
  auto at = [&](long k) -> long& { return v[static_cast<size_t>(k + max + 1)]; };
  for (long d = 0; d <= max; ++d) {
    trace.push_back(v);
    bool done = false;
    for (long k = -d; k <= d; k += 2) {
      long x = (k == -d || (k != d && at(k - 1) < at(k + 1))) ? at(k + 1) : at(k - 1) + 1;
      long y = x - k;
      while (x < n && y < m && a[static_cast<size_t>(x)] == b[static_cast<size_t>(y)]) ++x, ++y;
      at(k) = x;
      if (x >= n && y >= m) {
        done = true;
        break;
      }
    }
    if (done) break;
  }
  std::vector<Op> ops;
  long x = n, y = m;
  for (long d = static_cast<long>(trace.size()) - 1; d >= 0; --d) {
    const std::vector<long>& tv = trace[static_cast<size_t>(d)];
    auto old = [&](long k) { return tv[static_cast<size_t>(k + max + 1)]; };
    long k = x - y;
    long prev_k = (k == -d || (k != d && old(k - 1) < old(k + 1))) ? k + 1 : k - 1;
    long prev_x = d == 0 ? 0 : old(prev_k), prev_y = prev_x - prev_k;
    while (x > prev_x && y > prev_y) {
      ops.push_back(Op::Keep);
      --x, --y;
    }
    if (d > 0) ops.push_back(x == prev_x ? Op::Add : Op::Remove);
    x = prev_x, y = prev_y;
  }
  std::reverse(ops.begin(), ops.end());
  return ops;
}

}  // namespace

std::string UnifiedDiff(std::string_view before, std::string_view after, const std::string& path) {
  if (before == after) return "";
  std::vector<std::string_view> a = Lines(before), b = Lines(after);
  std::vector<Op> ops = EditScript(a, b);
  // Positions in a and b before each op.
  std::vector<size_t> ia(ops.size() + 1), ib(ops.size() + 1);
  for (size_t i = 0; i < ops.size(); ++i) {
    ia[i + 1] = ia[i] + (ops[i] != Op::Add);
    ib[i + 1] = ib[i] + (ops[i] != Op::Remove);
  }
  std::string out = fmt::format("--- a/{}\n+++ b/{}\n", path, path);
  constexpr size_t kContext = 3;
  for (size_t i = 0; i < ops.size();) {
    if (ops[i] == Op::Keep) {
      ++i;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext after the
    // last change that is within 2*kContext of the previous one.
    size_t start = i >= kContext ? i - kContext : 0;
    size_t end = i;
    for (size_t keep = 0; end < ops.size(); ++end) {
      keep = ops[end] == Op::Keep ? keep + 1 : 0;
      if (keep > 2 * kContext) break;
    }
    end = std::min(ops.size(), end);
    while (end > i && ops[end - 1] == Op::Keep) --end;
    end = std::min(ops.size(), end + kContext);
    size_t a_len = ia[end] - ia[start], b_len = ib[end] - ib[start];
    out += fmt::format("@@ -{},{} +{},{} @@\n", a_len ? ia[start] + 1 : ia[start], a_len,
                       b_len ? ib[start] + 1 : ib[start], b_len);
    for (size_t j = start; j < end; ++j) {
      std::string_view line = ops[j] == Op::Add ? b[ib[j]] : a[ia[j]];
      out += ops[j] == Op::Keep ? ' ' : ops[j] == Op::Add ? '+' : '-';
      out += line;
      if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
    }
    i = end;
  }
  return out;
}

}  // namespace ocf::format
