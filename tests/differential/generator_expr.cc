// The differential tests' generator: expressions (generator.h says what is where).
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "generator.h"

namespace ocf::difftest {

std::string Generator::Lit(Ty t) {
  switch (t) {
    case Ty::Int:
      return r_.Chance(0.1) ? "1_000" : std::to_string(r_.Int(0, 60));
    case Ty::Dec:
      return Fixed(r_.Int(0, 40000), static_cast<int>(r_.Int(1, 3)));
    case Ty::Pct:
      return Fixed(r_.Int(0, 1000), static_cast<int>(r_.Int(0, 1))) + "%";
    case Ty::Money:
      switch (r_.Int(0, 4)) {
        case 0:
          return Money(fmt::format("{}k", r_.Int(1, 90)));
        case 1:
          return Money("1_250.50");
        case 2:
          return Money(Fixed(r_.Int(0, 200000), 2));
        case 3:
          return Money(fmt::format("{}.5m", r_.Int(0, 3)));
        default:
          return Money(std::to_string(r_.Int(0, 500)));
      }
    case Ty::Bool:
      return r_.Chance(0.5) ? "true" : "false";
    case Ty::Date:
      return IsoDate(r_.Int(start_ - 60, end_ + 60));
    case Ty::Days: {
      int64_t n = r_.Int(0, 40);
      if (r_.Chance(0.3)) return fmt::format("{} {}", n / 7, n / 7 == 1 ? "week" : "weeks");
      return fmt::format("{} {}", n, n == 1 ? "day" : "days");
    }
    default:
      return "\"?\"";
  }
}

std::vector<const Col*> Generator::Cols(const Ctx& c, Ty t, bool allow_big) const {
  std::vector<const Col*> out;
  if (c.kind != Ctx::Row) return out;
  for (const Col& col : c.link_cols ? *c.link_cols : tables_[c.table].cols)
    if (col.ty == t && (allow_big || !col.big)) out.push_back(&col);
  return out;
}

std::vector<size_t> Generator::Tables(const Ctx& c) const {
  std::vector<size_t> out;
  for (size_t t = 0; t < tables_.size(); ++t) {
    if (c.by.empty()) {
      out.push_back(t);
      continue;
    }
    for (const Col& col : tables_[t].cols)
      if (col.name == c.by && col.ty == c.by_col->ty &&
          (col.ty != Ty::Enum || col.values == c.by_col->values))
        out.push_back(t);
  }
  return out;
}

Ctx Generator::RowOf(size_t table, const Ctx& outer) const {
  Ctx c;
  c.kind = Ctx::Row;
  c.table = table;
  c.functions = outer.functions;
  c.lets = outer.lets;
  return c;
}

// `round`'s places: mostly written out; sometimes computed, and then out of
// its range (0 to 18) on some rows, which is a run-time error.
std::string Generator::Places(int d, Ctx& c) {
  if (!r_.Chance(0.03)) return std::to_string(r_.Int(0, 4));
  if (NoRowErrors(c)) return std::to_string(r_.Int(0, 4));  // `ocf sql` wants a constant
  if (r_.Chance(0.5)) return fmt::format("clamp({}, 0, 18)", E(Ty::Int, d - 1, c));
  Risky("round");
  return E(Ty::Int, d - 1, c);
}

// A call of a function giving `t`, if there is one.
std::string Generator::Call(Ty t, int d, Ctx& c) {
  // An aggregate in an argument the function ignores: a reduced case below.
  if (avoid_known_ && c.kind == Ctx::Agg) return "";
  std::vector<size_t> fit;
  for (size_t f = 0; f < c.functions && f < functions_.size(); ++f)
    if (functions_[f].result == t) fit.push_back(f);
  if (fit.empty()) return "";
  const Fn& f = functions_[r_.Pick(fit)];
  if (risky_names_.count(f.name)) ++risky_;
  std::string s = f.name + "(";
  for (size_t k = 0; k < f.params.size(); ++k) s += (k ? ", " : "") + E(f.params[k], d - 1, c);
  return s + ")";
}

std::string Generator::Leaf(Ty t, Ctx& c) {
  if (t == Ty::Int && links_ && c.kind == Ctx::Row && !c.link_cols && !c.row_name.empty() && r_.Chance(0.1)) {
    std::string link = Link(1, c, true);
    if (!link.empty()) return link;
  }
  std::vector<std::string> options;
  for (const Col* col : Cols(c, t)) {
    options.push_back(col->name);
    options.push_back(col->name);
  }
  if (c.kind == Ctx::Body || c.kind == Ctx::Pay)
    for (const Named& n : c.locals)
      if (n.ty == t) options.push_back(n.name);
  for (const Input& in : inputs_)
    if (in.ty == t) options.push_back(in.name);
  for (size_t l = 0; l < c.lets && l < lets_.size(); ++l)
    if (lets_[l].ty == t) options.push_back(lets_[l].name);
  if (c.kind == Ctx::Agg || c.kind == Ctx::Pay) {
    size_t limit = c.kind == Ctx::Agg ? c.measures : measures_.size();
    std::set<size_t> allowed;
    for (size_t tb : Tables(c)) allowed.insert(tb);
    for (size_t m = 0; m < limit; ++m) {
      const Measure& ms = measures_[m];
      if (ms.ty != t) continue;
      if (!std::includes(allowed.begin(), allowed.end(), ms.reads.begin(), ms.reads.end())) continue;
      std::string ref = ms.name;
      // A payment line's measure may have no data in its period.
      if (c.kind == Ctx::Pay && t != Ty::Int && r_.Chance(0.85))
        ref = "(" + ms.name + " otherwise " + Lit(t) + ")";
      // Its value in the period before (LANGUAGE.md §6): missing in the first.
      if (c.kind == Ctx::Pay && r_.Chance(0.15))
        ref = "(" + ms.name + " in previous period otherwise " + Lit(t) + ")";
      if (c.kind == Ctx::Agg && r_.Chance(0.15)) ref = "\x03" + std::to_string(m);
      // Its baseline value: missing without baseline records.
      if (has_baseline_ && c.kind == Ctx::Agg && r_.Chance(0.15)) ref = "\x04" + std::to_string(m);
      if (has_baseline_ && c.kind == Ctx::Pay && r_.Chance(0.15))
        ref = "(" + ms.name + " at baseline otherwise " + Lit(t) + ")";
      // In a measure, a marker: the reference also reads the tables the measure reads.
      if (c.kind == Ctx::Agg) ref = "\x01" + std::to_string(m);
      options.push_back(ref);
      options.push_back(ref);
    }
    if (t == Ty::Int && r_.Chance(0.3)) options.push_back("contract_year");
    // The period's own dates (LANGUAGE.md §6), in measures as in payments.
    if (t == Ty::Int && r_.Chance(0.2)) options.push_back("period_days");
    if (t == Ty::Int && c.kind == Ctx::Agg && r_.Chance(0.35)) options.push_back("window_days");
    if (t == Ty::Date && r_.Chance(0.2)) options.push_back(r_.Chance(0.5) ? "period_start" : "period_end");
  }
  if (c.kind == Ctx::Agg && !Tables(c).empty()) {
    options.push_back("\x02");
    options.push_back("\x02");
    options.push_back("\x02");
  }
  if (c.kind == Ctx::Pay) {
    if (t == Ty::Date) options.push_back(r_.Chance(0.5) ? "period_start" : "period_end");
    if (t == Ty::Int) options.push_back("contract_year");
  }
  // A value that overflows on a row with a huge value (Cell): a run-time error.
  if (extreme_ && !avoid_known_ && !in_check_ && (t == Ty::Int || t == Ty::Dec || t == Ty::Money) &&
      r_.Chance(0.3))
    for (const Col* col : Cols(c, t, true))
      if (col->big) {
        options.push_back(fmt::format("({} * 4)", col->name));
        Risky("overflow");
      }
  options.push_back(Lit(t));
  std::string pick = r_.Pick(options);
  if (risky_names_.count(pick)) ++risky_;  // a let that may fail
  if (pick == "\x02") return Aggregate(t, c);
  if (!pick.empty() && (pick[0] == '\x01' || pick[0] == '\x03' || pick[0] == '\x04')) {
    const Measure& ms = measures_[std::stoul(pick.substr(1))];
    c.reads->insert(ms.reads.begin(), ms.reads.end());
    return pick[0] == '\x01'   ? ms.name
           : pick[0] == '\x03' ? "(" + ms.name + " in previous period)"
                               : "(" + ms.name + " at baseline)";
  }
  return pick;
}

std::string Generator::E(Ty t, int d, Ctx& c) {
  if (t == Ty::Bool) return Cond(d, c);
  if (d <= 0 || r_.Chance(0.3)) return Leaf(t, c);
  auto sub = [&](Ty u) { return E(u, d - 1, c); };
  auto same = [&] { return sub(t); };
  // Forms every type has.
  switch (r_.Int(0, 9)) {
    case 0:
      return fmt::format("(if {} then {} else {})", Cond(d - 1, c), same(), same());
    case 1:
      return fmt::format("({} otherwise {})", same(), same());
    case 2:
      if (t != Ty::Days) return fmt::format("{}({}, {})", r_.Chance(0.5) ? "min" : "max", same(), same());
      break;
    case 3: {
      std::string call = Call(t, d, c);
      if (!call.empty()) return call;
      break;
    }
    case 4:
      if (t != Ty::Text && t != Ty::Id && t != Ty::Enum && r_.Chance(0.5)) return Match(t, d, c);
      break;
    default:
      break;
  }
  switch (t) {
    case Ty::Int:
      switch (r_.Int(0, 9)) {
        case 0:
          return fmt::format("({} + {})", same(), same());
        case 1:
          return fmt::format("({} - {})", same(), same());
        case 2:
          return fmt::format("({} * {})", same(), same());
        case 3:
          return fmt::format("(-{})", same());
        case 4:
          return fmt::format("abs({})", same());
        case 5:
          return fmt::format("clamp({}, {}, {})", same(), same(), same());
        case 6:
          return fmt::format("days({})", sub(Ty::Days));
        case 7:
          return fmt::format("{}({})", r_.Pick(std::vector<std::string>{"year", "month", "day"}),
                             sub(Ty::Date));
        case 8:
          if (NoRowPower(c)) return Leaf(t, c);
          if (r_.Chance(0.03) && !NoRowErrors(c)) {
            Risky("power");  // a negative exponent at run time is an error
            return fmt::format("({} ^ {})", same(), sub(Ty::Int));
          }
          return fmt::format("({} ^ {})", same(), r_.Int(0, 3));
        default:
          return Leaf(t, c);
      }
    case Ty::Dec: {
      auto num = [&] { return sub(r_.Chance(0.6) ? Ty::Dec : Ty::Int); };
      int64_t form = r_.Int(0, 9);
      // `*`, `/`, `round`, `^`: a leaf instead.
      if (NoRowDecimalArithmetic(c) && ((form >= 1 && form <= 2) || form == 4 || form == 5)) form = 9;
      if (NoRowPower(c) && form == 8) form = 9;
      switch (form) {
        case 0:
          return fmt::format("({} {} {})", num(), r_.Chance(0.5) ? "+" : "-", sub(Ty::Dec));
        case 1:
          return fmt::format("({} * {})", num(), num());
        case 2:
          return fmt::format("({} / {})", num(), num());
        case 3:
          return fmt::format("round({}, {})", num(), Places(d, c));
        case 4:
          return fmt::format("({} / {})", sub(Ty::Money), sub(Ty::Money));
        case 5:
          return fmt::format("({} / {})", sub(Ty::Pct), sub(Ty::Pct));
        case 6:
          return fmt::format("abs({})", same());
        case 7:
          return fmt::format("(-{})", same());
        case 8:
          if (r_.Chance(0.03) && !NoRowErrors(c)) {
            Risky("overflow");  // a large exponent overflows
            return fmt::format("({} ^ {})", same(), sub(Ty::Int));
          }
          return fmt::format("({} ^ {})", same(), r_.Chance(0.7) ? r_.Int(0, 2) : -1);
        default:
          return Leaf(t, c);
      }
    }
    case Ty::Pct: {
      auto num = [&] { return sub(r_.Chance(0.5) ? Ty::Dec : Ty::Int); };
      int64_t form = r_.Int(0, 9);
      if (NoRowDecimalArithmetic(c) && form >= 1 && form <= 3) form = 9;
      switch (form) {
        case 0:
          return fmt::format("({} {} {})", same(), r_.Chance(0.5) ? "+" : "-", same());
        case 1:
          return fmt::format("({} * {})", same(), same());
        case 2:
          return r_.Chance(0.5) ? fmt::format("({} * {})", same(), num())
                                : fmt::format("({} * {})", num(), same());
        case 3:
          return fmt::format("({} / {})", same(), num());
        case 4:
          return fmt::format("(({}) as percent)", sub(Ty::Dec));
        case 5:
          return fmt::format("round({}, {})", same(), Places(d, c));
        case 6:
          return fmt::format("abs({})", same());
        default:
          return Leaf(t, c);
      }
    }
    case Ty::Money: {
      auto factor = [&] { return sub(r_.Pick(std::vector<Ty>{Ty::Int, Ty::Dec, Ty::Pct})); };
      int64_t form = r_.Int(0, 9);
      if (NoRowDecimalArithmetic(c) && form >= 1 && form <= 2) form = 9;
      switch (form) {
        case 0:
          return fmt::format("({} {} {})", same(), r_.Chance(0.5) ? "+" : "-", same());
        case 1:
          return r_.Chance(0.5) ? fmt::format("({} * {})", same(), factor())
                                : fmt::format("({} * {})", factor(), same());
        case 2:
          return fmt::format("({} / {})", same(), factor());
        case 3:
          return fmt::format("round({}, {})", same(), Places(d, c));
        case 4:
          return fmt::format("abs({})", same());
        case 5:
          return fmt::format("clamp({}, {}, {})", same(), same(), same());
        case 6:
          return fmt::format("(-{})", same());
        default:
          return Leaf(t, c);
      }
    }
    case Ty::Date: {
      // (Only what is used may be generated: an aggregate generated and
      // dropped would still count as read.)
      if (r_.Chance(0.4)) return Leaf(t, c);
      std::string by;
      switch (r_.Int(0, 4)) {
        case 0:
          by = fmt::format("{} days", r_.Int(0, 100));
          break;
        case 1:
          by = fmt::format("{} weeks", r_.Int(0, 20));
          break;
        case 2:
          by = fmt::format("{} {}", r_.Int(1, 14), "months");
          break;
        case 3:
          by = r_.Chance(0.5) ? "1 year" : "1 month";
          break;
        default:
          by = sub(Ty::Days);
      }
      return fmt::format("({} {} {})", same(), r_.Chance(0.5) ? "+" : "-", by);
    }
    case Ty::Days:
      switch (r_.Int(0, 5)) {
        case 0:
        case 1:
          return fmt::format("({} - {})", sub(Ty::Date), sub(Ty::Date));
        case 2:
          return fmt::format("({} {} {})", same(), r_.Chance(0.5) ? "+" : "-", same());
        case 3:
          return fmt::format("(-{})", same());
        default:
          return Leaf(t, c);
      }
    default:
      return Leaf(t, c);
  }
}

// A decision table (LANGUAGE.md §6) giving `t`: bands over a number, date or
// duration, or an enumeration's or text column's values; without `else`
// covering every value, or with `else` and gaps; the cases in any order,
// pieces of the line joined in one case; now and then a let or input as a
// bound, when the cases are checked as the contract runs.
std::string Generator::Match(Ty t, int d, Ctx& c) {
  auto result = [&] { return E(t, d - 1, c); };
  tags_.insert(c.kind == Ctx::Row ? "match in rows" : "match per period");
  std::vector<const Col*> listed;
  for (Ty u : {Ty::Enum, Ty::Text})
    for (const Col* col : Cols(c, u)) listed.push_back(col);
  std::vector<std::string> cases;  // "PATTERNS => RESULT"
  bool with_else = false;
  std::string subject;
  if (!listed.empty() && r_.Chance(0.3)) {
    const Col& col = *r_.Pick(listed);
    subject = col.name;
    std::vector<std::string> values = col.values;
    r_.Shuffle(values);
    with_else = col.ty != Ty::Enum || r_.Chance(0.5);
    size_t keep =
        with_else ? static_cast<size_t>(r_.Int(0, static_cast<int64_t>(values.size()))) : values.size();
    for (size_t k = 0; k < keep;) {
      size_t n = std::min(keep - k, static_cast<size_t>(r_.Int(1, 3)));
      std::string patterns;
      for (size_t j = 0; j < n; ++j)
        patterns += (j ? ", " : "") +
                    (col.ty == Ty::Enum && Bare(values[k + j]) ? values[k + j] : Quote(values[k + j]));
      cases.push_back(patterns + " => " + result());
      k += n;
    }
    tags_.insert(col.ty == Ty::Enum ? "match enum" : "match text");
  } else {
    Ty s = r_.Pick(std::vector<Ty>{Ty::Int, Ty::Dec, Ty::Money, Ty::Pct, Ty::Date, Ty::Days});
    bool whole = s == Ty::Int || s == Ty::Date || s == Ty::Days;
    subject = E(s, d - 1, c);
    tags_.insert(std::string("match ") + TypeName(s));
    // Distinct points on the line, in order, and how each is written.
    std::set<int64_t> drawn;
    size_t count = static_cast<size_t>(r_.Int(1, 5));
    while (drawn.size() < count) {
      switch (s) {
        case Ty::Int:
        case Ty::Days:
          drawn.insert(r_.Int(-5, 60));
          break;
        case Ty::Date:
          drawn.insert(r_.Int(start_ - 60, end_ + 60));
          break;
        case Ty::Pct:
          drawn.insert(r_.Int(-50, 1000));
          break;
        default:
          drawn.insert(r_.Int(-5000, 200000));
      }
    }
    std::vector<int64_t> points(drawn.begin(), drawn.end());
    auto lit = [&](int64_t v) -> std::string {
      switch (s) {
        case Ty::Int:
          return std::to_string(v);
        case Ty::Days:
          return fmt::format("{} days", v);
        case Ty::Date:
          return IsoDate(v);
        case Ty::Pct:
          return Fixed(v, 1) + "%";
        case Ty::Dec:
          return Fixed(v, 2);
        default:
          return v < 0 ? "-" + Money(Fixed(-v, 2)) : Money(Fixed(v, 2));
      }
    };
    // Now and then a let or input of the subject's type stands for a point.
    std::vector<std::string> names;
    for (const Input& in : inputs_)
      if (in.ty == s) names.push_back(in.name);
    for (size_t l = 0; l < c.lets && l < lets_.size(); ++l)
      if (lets_[l].ty == s && !risky_names_.count(lets_[l].name)) names.push_back(lets_[l].name);
    std::vector<std::string> written;
    for (int64_t v : points) written.push_back(lit(v));
    if (!names.empty() && !in_check_ && r_.Chance(0.15) && !NoRowErrors(c)) {
      written[static_cast<size_t>(r_.Int(0, static_cast<int64_t>(count) - 1))] = r_.Pick(names);
      Risky("match");  // a value no case covers, or two cases do, is an error
      tags_.insert("match with run-time bounds");
    }
    // The pieces of the line the points cut, each written as a pattern.
    std::vector<std::string> pieces;
    bool last_over = r_.Chance(0.3);  // `... to P` then `over P`
    bool first_less = whole && r_.Chance(0.3) && written[0] == lit(points[0]);
    pieces.push_back(first_less ? lit(points[0] - 1) + " or less" : "below " + written[0]);
    for (size_t k = 0; k + 1 < count; ++k) {
      bool last = k + 2 == count;
      if (last && last_over)
        pieces.push_back(written[k] + " to " + written[k + 1]);
      else if (whole && written[k + 1] == lit(points[k + 1]) && r_.Chance(0.4))
        pieces.push_back(written[k] + " to " + lit(points[k + 1] - 1));
      else
        pieces.push_back(written[k] + " to below " + written[k + 1]);
    }
    pieces.push_back(count > 1 && last_over ? "over " + written[count - 1] : written[count - 1] + " or more");
    with_else = r_.Chance(0.4) || tags_.count("match with run-time bounds");
    if (with_else)
      pieces.erase(
          std::remove_if(pieces.begin(), pieces.end(), [&](const std::string&) { return r_.Chance(0.3); }),
          pieces.end());
    // Pieces joined into cases: piece k starts case k, or joins an earlier one.
    size_t m = pieces.empty() ? 0 : static_cast<size_t>(r_.Int(1, static_cast<int64_t>(pieces.size())));
    std::vector<std::string> patterns(m);
    for (size_t k = 0; k < pieces.size(); ++k) {
      size_t to = k < m ? k : static_cast<size_t>(r_.Int(0, static_cast<int64_t>(m) - 1));
      patterns[to] += (patterns[to].empty() ? "" : ", ") + pieces[k];
    }
    for (const std::string& p : patterns) cases.push_back(p + " => " + result());
  }
  tags_.insert(with_else ? "match with else" : "match exhaustive");
  r_.Shuffle(cases);
  std::string out = "(match " + subject + " {";
  for (const std::string& k : cases) out += " " + k + ",";
  if (with_else) out += " else => " + result();
  return out + " })";
}

// A comparison of a text, id or enumeration column with literals or a text input.
std::string Generator::TextAtom(Ctx& c) {
  std::vector<const Col*> cols;
  for (Ty t : {Ty::Text, Ty::Id, Ty::Enum})
    for (const Col* col : Cols(c, t)) cols.push_back(col);
  if (cols.empty()) return "";
  const Col& col = *r_.Pick(cols);
  auto value = [&] {
    if (col.ty == Ty::Enum) {
      const std::string& v = r_.Pick(col.values);
      return Bare(v) && r_.Chance(0.7) ? v : Quote(v);
    }
    if (r_.Chance(0.1)) return Quote("not a value");
    return Quote(r_.Pick(col.values));
  };
  switch (r_.Int(0, 5)) {
    case 0:
      return fmt::format("{} = {}", col.name, value());
    case 1:
      return fmt::format("{} = {}", value(), col.name);
    case 2:
      return fmt::format("{} != {}", col.name, value());
    case 3:
      if (col.ty != Ty::Enum)
        for (const Input& in : inputs_)
          if (in.ty == Ty::Text && r_.Chance(0.5))
            return fmt::format("{} in ({}, {})", col.name, value(), in.name);
      return fmt::format("{} in ({}, {})", col.name, value(), value());
    case 4:
      return fmt::format("{} not in ({})", col.name, value());
    default:
      if (col.ty != Ty::Enum)
        for (const Input& in : inputs_)
          if (in.ty == Ty::Text) return fmt::format("{} = {}", r_.Chance(0.5) ? col.name : in.name, col.name);
      return fmt::format("{} = {}", col.name, value());
  }
}

// What codegen does not compile (the run falls back to the interpreter).
std::string Generator::Unsupported(Ctx& c) {
  std::vector<const Col*> texts = Cols(c, Ty::Text);
  switch (r_.Int(0, 4)) {
    case 0:
      return fmt::format("(if {} then \"a\" else \"b\") = \"a\"", Cond(1, c));
    case 1:
      if (!texts.empty()) return fmt::format("({} otherwise \"zz\") = \"zz\"", texts[0]->name);
      break;
    case 2:
      if (texts.size() >= 2) return fmt::format("{} != {}", texts[0]->name, texts[1]->name);
      break;
    case 3:
      if (!texts.empty()) return fmt::format("\"north\" in ({}, \"x\")", texts[0]->name);
      break;
    default:
      // `contract_year` has no value in a data block's check rule, and `ocf
      // sql` does not push it down in a row.
      if (!in_check_ && !sql_) return fmt::format("contract_year >= {}", r_.Int(1, 2));
      break;
  }
  return fmt::format("(if {} then \"a\" else \"b\") = \"a\"", Cond(1, c));
}

std::string Generator::Atom(int d, Ctx& c) {
  if (links_ && c.kind == Ctx::Row && !c.link_cols && !c.row_name.empty() && r_.Chance(0.2)) {
    std::string link = Link(d, c);
    if (!link.empty()) return link;
  }
  for (;;) {
    switch (r_.Int(0, 11)) {
      case 0: {
        std::vector<std::string> options;
        for (const Col* col : Cols(c, Ty::Bool)) options.push_back(col->name);
        for (const Input& in : inputs_)
          if (in.ty == Ty::Bool) options.push_back(in.name);
        if (c.kind == Ctx::Body)
          for (const Named& n : c.locals)
            if (n.ty == Ty::Bool) options.push_back(n.name);
        if (options.empty() || r_.Chance(0.1)) return Lit(Ty::Bool);
        return r_.Pick(options);
      }
      case 1:
      case 2:
      case 3:
      case 4: {
        Ty t = r_.Pick(std::vector<Ty>{Ty::Int, Ty::Int, Ty::Dec, Ty::Pct, Ty::Money, Ty::Date, Ty::Days});
        Ty u = t;
        if (t == Ty::Int || t == Ty::Dec) u = r_.Chance(0.5) ? Ty::Int : Ty::Dec;
        return fmt::format("{} {} {}", E(t, d - 1, c),
                           r_.Pick(std::vector<std::string>{"=", "!=", "<", "<=", ">", ">="}),
                           E(u, d - 1, c));
      }
      case 5:
      case 6: {
        std::string s = TextAtom(c);
        if (!s.empty()) return s;
        break;
      }
      case 7: {
        // Mostly an optional column: that is where missing values come from.
        std::vector<std::string> options;
        if (c.kind == Ctx::Row)
          for (const Col& col : c.link_cols ? *c.link_cols : tables_[c.table].cols)
            if (col.optional) options.push_back(col.name);
        std::string x = options.empty() || r_.Chance(0.3)
                            ? E(r_.Pick(std::vector<Ty>{Ty::Int, Ty::Dec, Ty::Money, Ty::Date}), d - 1, c)
                            : r_.Pick(options);
        return fmt::format("{} is {}", x, r_.Chance(0.5) ? "missing" : "present");
      }
      case 8:
        return fmt::format("{} in ({}, {}, {})", E(Ty::Int, d - 1, c), r_.Int(0, 10), r_.Int(0, 60),
                           r_.Int(-5, 5));
      case 9: {
        // A huge column where the order rows are seen in does not matter.
        std::vector<const Col*> big;
        for (Ty t : {Ty::Int, Ty::Dec, Ty::Money})
          for (const Col* col : Cols(c, t, true))
            if (col->big) big.push_back(col);
        if (big.empty()) break;
        const Col& col = *r_.Pick(big);
        std::string zero = col.ty == Ty::Money ? Money("0") : "0";
        if (r_.Chance(0.5) || (in_check_ && avoid_known_))
          return fmt::format("{} > {}", col.name, col.ty == Ty::Money ? Money("100") : "100");
        Risky("overflow");
        return fmt::format("({} * 4) >= {}", col.name, zero);  // overflows on a huge value
      }
      case 10: {
        std::string call = Call(Ty::Bool, d, c);
        if (!call.empty()) return call;
        break;
      }
      default:
        // (In a link's condition two text columns may be one column of one table.)
        if (fallback_ && c.kind == Ctx::Row && !c.link_cols && r_.Chance(0.3)) return Unsupported(c);
        break;
    }
  }
}

std::string Generator::Cond(int d, Ctx& c) {
  if (d <= 0 || r_.Chance(0.35)) return "(" + Atom(d, c) + ")";
  switch (r_.Int(0, 6)) {
    case 0:
    case 1:
      return fmt::format("({} and {})", Cond(d - 1, c), Cond(d - 1, c));
    case 2:
      return fmt::format("({} or {})", Cond(d - 1, c), Cond(d - 1, c));
    case 3:
      return fmt::format("(not {})", Cond(d - 1, c));
    case 4:
      return fmt::format("({} otherwise {})", Cond(d - 1, c),
                         r_.Chance(0.6) ? Lit(Ty::Bool) : Cond(d - 1, c));
    case 5:
      return fmt::format("(if {} then {} else {})", Cond(d - 1, c), Cond(d - 1, c), Cond(d - 1, c));
    default:
      return "(" + Atom(d, c) + ")";
  }
}

// `exists U on K where C`, or `count U on K where C` (compared with a number,
// or alone as a value), LANGUAGE.md §6: U is either table or a population of
// it that links to nothing itself; K is the `person` column both tables
// have, or two whole-number or date columns (`on K1 = K2`); the condition
// sees both records, their columns qualified (`T.x`, `U.x` with U's alias or
// name) or bare where only one of the two has the name.
std::string Generator::Link(int d, Ctx& c, bool value) {
  size_t u = static_cast<size_t>(r_.Int(0, static_cast<int64_t>(tables_.size()) - 1));
  std::vector<std::string> sources = {tables_[u].name, tables_[u].name};
  for (const Pop& p : pops_)
    if (p.table == u && !p.links) sources.push_back(p.name);
  const std::string source = r_.Pick(sources);
  ++links_made_;
  std::string alias;
  if (source == c.row_name || r_.Chance(0.3)) alias = fmt::format("l{}", links_made_);
  const std::string u_name = alias.empty() ? source : alias;
  const Table& tt = tables_[c.table];
  const Table& ut = tables_[u];
  auto has = [](const Table& t, const std::string& name) {
    for (const Col& col : t.cols)
      if (col.name == name) return true;
    return false;
  };
  std::string key = "person";
  if (r_.Chance(0.4)) {
    Ty kt = r_.Chance(0.6) ? Ty::Int : Ty::Date;
    std::vector<const Col*> a, b;
    for (const Col& col : tt.cols)
      if (col.ty == kt && !col.big) a.push_back(&col);
    for (const Col& col : ut.cols)
      if (col.ty == kt && !col.big) b.push_back(&col);
    if (!a.empty() && !b.empty()) {
      const Col& k1 = *r_.Pick(a);
      const Col& k2 = *r_.Pick(b);
      key = k1.name == k2.name && r_.Chance(0.5) ? k1.name : k1.name + " = " + k2.name;
      constructs_.insert(kt == Ty::Int ? "link on whole numbers" : "link on dates");
    }
  }
  std::vector<Col> cols;
  bool qualified = false;
  for (const Table* t : {&tt, &ut}) {
    const Table& other = t == &tt ? ut : tt;
    const std::string& name = t == &tt ? c.row_name : u_name;
    for (const Col& col : t->cols) {
      Col q = col;
      if (has(other, col.name) || r_.Chance(0.5)) {
        q.name = name + "." + col.name;
        qualified = true;
      }
      cols.push_back(q);
    }
  }
  std::string where;
  if (r_.Chance(0.75)) {
    Ctx inner = c;
    inner.link_cols = &cols;
    where = " where " + Cond(std::min(d, 2), inner);
    // The person of both records: codes of two tables' columns compared.
    if (u != c.table && key != "person" && r_.Chance(0.4)) {
      where += fmt::format(" and {}.person {} {}.person", c.row_name, r_.Chance(0.5) ? "=" : "!=", u_name);
      constructs_.insert("text across two tables");
    }
    // One column of one table, compared across the two records of a self-link.
    if (u == c.table && r_.Chance(0.4)) {
      std::vector<const Col*> texts;
      for (const Col& col : tt.cols)
        if (Textual(col.ty)) texts.push_back(&col);
      if (!texts.empty()) {
        const std::string& n = r_.Pick(texts)->name;
        where += fmt::format(" and {}.{} {} {}.{}", c.row_name, n, r_.Chance(0.5) ? "=" : "!=", u_name, n);
        constructs_.insert("text across a self-link");
      }
    }
  }
  std::string link = fmt::format("{} {}{} on {}{}", value || r_.Chance(0.4) ? "count" : "exists", source,
                                 alias.empty() ? "" : " as " + alias, key, where);
  constructs_.insert(link.rfind("count", 0) == 0 ? "count ... on" : "exists ... on");
  if (!where.empty()) constructs_.insert("link with where");
  if (!alias.empty()) constructs_.insert("link alias");
  if (u == c.table) constructs_.insert("self-link");
  if (source != ut.name) constructs_.insert("link to a population");
  if (qualified && !where.empty()) constructs_.insert("qualified names");
  if (value) return "(" + link + ")";
  if (link.rfind("count", 0) == 0)
    return fmt::format("({}) {} {}", link, r_.Pick(std::vector<std::string>{"=", ">", ">=", "<"}),
                       r_.Int(0, 3));
  return link;
}

std::string Generator::Population(size_t table) {
  std::vector<std::string> options = {tables_[table].name, tables_[table].name};
  for (const Pop& p : pops_)
    if (p.table == table) options.push_back(p.name);
  return r_.Pick(options);
}

// An aggregate giving `t`, over a table the context may read.
std::string Generator::Aggregate(Ty t, Ctx& c) {
  size_t table = r_.Pick(Tables(c));
  c.reads->insert(table);
  Ctx row = RowOf(table, c);
  std::string pop = Population(table);
  row.row_name = pop;
  std::string where = r_.Chance(0.5) ? " where " + Cond(2, row) : "";
  auto value = [&](Ty u) {
    // Sometimes a huge column alone: sums and means of it overflow in both engines.
    std::vector<const Col*> big;
    for (const Col* col : Cols(row, u, true))
      if (col->big) big.push_back(col);
    if (!big.empty() && r_.Chance(0.4)) return r_.Pick(big)->name;
    std::string e = E(u, 2, row);
    return e.find(' ') == std::string::npos ? e : "(" + e + ")";
  };
  auto rank = [&] {
    return r_.Chance(0.3) ? std::string("median") : Ordinal(static_cast<int>(r_.Int(0, 100))) + " percentile";
  };
  std::string s;
  switch (t) {
    case Ty::Int:
      switch (r_.Int(0, 4)) {
        case 0:
        case 1:
          s = fmt::format("count {}{}", pop, where);
          break;
        case 2: {
          std::vector<const Col*> cols;
          for (Ty u : {Ty::Int, Ty::Date, Ty::Text, Ty::Id, Ty::Enum, Ty::Dec, Ty::Money, Ty::Bool})
            for (const Col* col : Cols(row, u, true)) cols.push_back(col);
          std::string e =
              cols.empty() || r_.Chance(0.3)
                  ? "(" +
                        E(r_.Pick(std::vector<Ty>{Ty::Int, Ty::Int, Ty::Dec, Ty::Money, Ty::Date, Ty::Pct}),
                          2, row) +
                        ")"
                  : r_.Pick(cols)->name;
          if (fallback_ && r_.Chance(0.2)) e = fmt::format("(if {} then \"a\" else \"b\")", Cond(1, row));
          s = fmt::format("count distinct {} of {}{}", e, pop, where);
          break;
        }
        default:
          s = fmt::format("{} {} of {}{}", r_.Pick(std::vector<std::string>{"sum", "min", "max"}),
                          value(Ty::Int), pop, where);
      }
      break;
    case Ty::Pct:
      if (r_.Chance(0.6)) {
        s = fmt::format("percent of {} where {}", pop, Cond(2, row));
        break;
      }
      s = fmt::format(
          "{} {} of {}{}",
          r_.Chance(0.4) ? rank() : r_.Pick(std::vector<std::string>{"sum", "mean", "min", "max"}),
          value(Ty::Pct), pop, where);
      break;
    case Ty::Dec:
      if (r_.Chance(0.3)) {
        s = fmt::format("{} {} of {}{}", r_.Pick(std::vector<std::string>{"sum", "min", "max"}),
                        value(Ty::Dec), pop, where);
        break;
      }
      s = fmt::format("{} {} of {}{}", r_.Chance(0.5) ? "mean" : rank(),
                      value(r_.Pick(std::vector<Ty>{Ty::Int, Ty::Dec, Ty::Days})), pop, where);
      break;
    case Ty::Money:
      s = fmt::format(
          "{} {} of {}{}",
          r_.Chance(0.3) ? rank() : r_.Pick(std::vector<std::string>{"sum", "mean", "min", "max"}),
          value(Ty::Money), pop, where);
      break;
    case Ty::Date:
      s = fmt::format("{} {} of {}{}", r_.Chance(0.5) ? "min" : "max", value(Ty::Date), pop, where);
      break;
    case Ty::Days:
      s = fmt::format("{} {} of {}{}", r_.Pick(std::vector<std::string>{"sum", "min", "max"}),
                      value(Ty::Days), pop, where);
      break;
    default:
      s = fmt::format("count {}", pop);
  }
  return "(" + s + ")";
}

}  // namespace ocf::difftest
