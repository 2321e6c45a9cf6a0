// Pieces the statement's renderers share (runtime/statement.cc and
// statement_groups.cc): JSON keys and period maps, table padding. Not a
// public header.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "runtime/json.h"
#include "runtime/safe_text.h"
#include "runtime/statement.h"

namespace ocf::statement_text {

inline bool Keep(const std::optional<std::string>& only, const std::string& label) {
  return !only || *only == label;
}

inline void Indent(std::string& out, int level) { out.append(static_cast<size_t>(level) * 2, ' '); }

inline void Key(std::string& out, int level, std::string_view key) {
  Indent(out, level);
  AppendJsonString(out, key);
  out += ": ";
}

// Writes `"label": {...}` entries for every kept period, in statement order,
// calling `body(label)` for the value; returns whether anything was written.
template <typename Has, typename Body>
void PeriodMap(std::string& out, int level, const Statement& s, const std::optional<std::string>& only,
               Has has, Body body) {
  out += "{";
  bool first = true;
  for (uint32_t i = 0; i < s.periods.size(); ++i) {
    const Period& p = s.periods[i];
    if (!Keep(only, p.label)) continue;
    if constexpr (std::is_invocable_v<Has, uint32_t>) {
      if (!has(i)) continue;
    } else {
      if (!has(p.label)) continue;
    }
    out += first ? "\n" : ",\n";
    first = false;
    Key(out, level + 1, p.label);
    if constexpr (std::is_invocable_v<Body, uint32_t>)
      body(i);
    else
      body(p.label);
  }
  if (!first) {
    out += "\n";
    Indent(out, level);
  }
  out += "}";
}

inline void JsonDecimal(std::string& out, Decimal d) { AppendJsonString(out, d.ToString()); }

// Text written in pieces of about a megabyte: what a renderer appends to
// `out` goes to the sink at each Spill once that much has gathered.
class Spiller {
 public:
  Spiller(std::string& out, const TextSink& sink) : out_(out), sink_(sink) {}
  void Spill() {
    if (out_.size() >= (1u << 20)) Flush();
  }
  void Flush() {
    if (!out_.empty()) sink_(out_);
    out_.clear();
  }

 private:
  std::string& out_;
  const TextSink& sink_;
};

// What a writer gives its sink, as one string.
inline std::string Collect(const std::function<void(const TextSink&)>& write) {
  std::string all;
  write([&](std::string_view piece) { all += piece; });
  return all;
}

// Columns on a terminal (a CJK character takes two): cells are measured as
// shown, after TerminalText.
inline size_t Width(const std::string& s) { return DisplayWidth(s); }

inline std::string Pad(const std::string& s, size_t width, bool right) {
  size_t w = Width(s);
  std::string fill(w < width ? width - w : 0, ' ');
  return right ? fill + s : s + fill;
}

}  // namespace ocf::statement_text

namespace ocf::statement_text {

// statement_groups.cc: the JSON and CSV sections of gates and payments by
// group (the table's are statement_table.cc's).
// `"gates": {...},` and `"groups": {...},` (nothing when there are none).
void WriteGatesJson(std::string& out, const Statement& s, const std::optional<std::string>& only);
void WriteGroupsJson(std::string& out, const Statement& s, const std::optional<std::string>& only);
// CSV rows of gates, groups and grouped lines.
void WriteGatesAndGroupsCsv(std::string& out, const Statement& s, const std::optional<std::string>& only,
                            void (*row)(std::string&, std::initializer_list<std::string>));

}  // namespace ocf::statement_text
