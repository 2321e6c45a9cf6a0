// The differential tests' generator: declarations and data (generator.h says what is where).
#include <algorithm>
#include <cctype>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "generator.h"

namespace ocf::difftest {

// ---------------------------------------------------------------- dates
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

namespace {

struct Ymd {
  int64_t y, m, d;
};

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t y = yoe + era * 400;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  return {y + (m <= 2), m, d};
}

}  // namespace

std::string IsoDate(int64_t days) {
  Ymd c = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

std::string UkDate(int64_t days) {
  Ymd c = CivilFromDays(days);
  return fmt::format("{:02}/{:02}/{:04}", c.d, c.m, c.y);
}

// The same day `years` later, clamped to the month's end (29 Feb -> 28 Feb).
int64_t AddYears(int64_t days, int64_t years) {
  Ymd c = CivilFromDays(days);
  int64_t y = c.y + years;
  int64_t last = CivilFromDays(DaysFromCivil(c.m == 12 ? y + 1 : y, c.m == 12 ? 1 : c.m + 1, 1) - 1).d;
  return DaysFromCivil(y, c.m, std::min(c.d, last));
}

bool Numeric(Ty t) { return t == Ty::Int || t == Ty::Dec || t == Ty::Pct || t == Ty::Money; }
bool Textual(Ty t) { return t == Ty::Text || t == Ty::Id || t == Ty::Enum; }

std::string TypeName(Ty t) {
  switch (t) {
    case Ty::Int:
      return "int";
    case Ty::Dec:
      return "decimal";
    case Ty::Pct:
      return "percent";
    case Ty::Money:
      return "money";
    case Ty::Bool:
      return "bool";
    case Ty::Date:
      return "date";
    case Ty::Days:
      return "duration";
    case Ty::Text:
      return "text";
    case Ty::Id:
      return "id";
    case Ty::Enum:
      return "one of";
  }
  return "?";
}

// ---------------------------------------------------------------- helpers
bool Bare(const std::string& v) {
  if (v.empty() || !(isalpha(static_cast<unsigned char>(v[0])) || v[0] == '_')) return false;
  for (char c : v)
    if (!(isalnum(static_cast<unsigned char>(c)) || c == '_')) return false;
  return true;
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Ordinal(int n) {
  int h = n % 100;
  const char* suffix = "th";
  if (h < 11 || h > 13) {
    if (n % 10 == 1) suffix = "st";
    if (n % 10 == 2) suffix = "nd";
    if (n % 10 == 3) suffix = "rd";
  }
  return fmt::format("{}{}", n, suffix);
}

// Decimal text of units / 10^scale, exactly.
std::string Fixed(int64_t units, int scale) {
  bool neg = units < 0;
  uint64_t u = neg ? 0 - static_cast<uint64_t>(units) : static_cast<uint64_t>(units);
  uint64_t p = 1;
  for (int i = 0; i < scale; ++i) p *= 10;
  std::string s = std::to_string(u / p);
  if (scale) s += "." + fmt::format("{:0{}}", u % p, scale);
  return (neg ? "-" : "") + s;
}
// ---------------------------------------------------------------- declarations
void Generator::MakeTerm() {
  static const std::vector<std::string> kStarts = {"2014-04-01", "2015-01-01", "2016-02-29", "2017-07-15",
                                                   "2019-10-31", "2020-01-31", "2013-12-31", "2018-03-01",
                                                   "1969-12-01"};  // days before 1970 are negative
  const std::string& s = r_.Pick(kStarts);
  start_ = DaysFromCivil(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2)));
  int64_t years = r_.Int(1, 3);
  end_ = AddYears(start_, years) - 1;
  if (r_.Chance(0.25)) end_ -= r_.Int(1, 200);  // the last year cut short
  periods_ = r_.Pick(std::vector<std::string>{"monthly", "quarterly", "quarterly", "yearly"});
  switch (r_.Int(0, 5)) {
    case 0:
      symbol_ = "$";
      break;
    case 1:
      symbol_ = "\xe2\x82\xac";  // €
      break;
    default:
      break;
  }
  std::string currency = symbol_ == "$" ? "USD" : symbol_ == "\xe2\x82\xac" ? "EUR" : "GBP";
  std::string head =
      fmt::format("contract \"Differential {}\" {{\n  commissioner \"NHS Somewhere\"\n", r_.Int(0, 999));
  if (r_.Chance(0.7)) head += "  provider     \"Provider one\"\n";
  if (r_.Chance(0.3)) head += "  provider     \"Provider two\"\n";
  head += fmt::format("  term         {} to {}\n", IsoDate(start_), IsoDate(end_));
  // A baseline (LANGUAGE.md §6): mostly the year before the term, now and
  // then shorter or with a gap before the term.
  has_baseline_ = r_.Chance(0.35);
  if (has_baseline_) {
    baseline_end_ = start_ - 1 - (r_.Chance(0.2) ? r_.Int(1, 40) : 0);
    baseline_start_ = r_.Chance(0.7) ? AddYears(start_, -1) : baseline_end_ - r_.Int(0, 200);
    if (baseline_start_ > baseline_end_) baseline_start_ = baseline_end_;
    head += fmt::format("  baseline     {} to {}\n", IsoDate(baseline_start_), IsoDate(baseline_end_));
  }
  if (periods_ != "yearly" || r_.Chance(0.5)) head += "  periods      " + periods_ + "\n";
  if (currency != "GBP" || r_.Chance(0.5)) head += "  currency     " + currency + "\n";
  decls_.push_back(head + "}\n");
}

Table Generator::MakeTable(size_t index) {
  Table t;
  t.name = index == 0 ? "referrals" : "admissions";
  t.uk_dates = r_.Chance(0.15);
  // The interpreter scans a table once per aggregate and period: fewer rows
  // when there are 40 periods.
  t.rows =
      static_cast<size_t>(r_.Chance(0.05) ? r_.Int(0, 2) : r_.Int(150, periods_ == "monthly" ? 600 : 1500));
  int counter = 0;
  auto add = [&](Ty ty, const std::string& prefix) {
    Col c;
    c.name = fmt::format("{}{}", prefix, ++counter);
    c.ty = ty;
    c.optional = r_.Chance(0.4);
    if (c.optional) c.missing = r_.Chance(0.2) ? 0.6 : r_.Chance(0.5) ? 0.02 : 0.15;
    if (ty == Ty::Enum) {
      std::vector<std::string> pool = kEnumPool;
      r_.Shuffle(pool);
      c.values.assign(pool.begin(), pool.begin() + r_.Int(2, 5));
    } else if (ty == Ty::Text) {
      std::vector<std::string> pool = kTextPool;
      r_.Shuffle(pool);
      c.values.assign(pool.begin(), pool.begin() + r_.Int(1, 6));
    } else if (ty == Ty::Id) {
      int n = static_cast<int>(r_.Int(1, 300));
      for (int i = 0; i < n; ++i) c.values.push_back(fmt::format("P{:04}", r_.Int(0, 9999)));
    }
    if (ty == Ty::Dec && !extreme_) c.precise = r_.Chance(0.3);
    if (extreme_ && (ty == Ty::Int || ty == Ty::Dec || ty == Ty::Money) && r_.Chance(0.35)) {
      c.big = true;
      c.mixed = !avoid_known_ && r_.Chance(0.5);
    }
    t.cols.push_back(c);
  };
  Col dated;
  dated.name = r_.Chance(0.5) ? "dated_on" : "month";  // `month` is a column name and a function
  dated.ty = Ty::Date;
  t.cols.push_back(dated);
  if (r_.Chance(0.5)) {
    Col key;
    key.name = "ref";
    key.ty = Ty::Id;
    key.key = true;
    key.values = {"K00003", "K00010", "K00017", "K00073"};  // some of the keys (Cell)
    t.cols.push_back(key);
  }
  int n = static_cast<int>(r_.Int(3, 9));
  static const std::vector<std::pair<Ty, std::string>> kKinds = {
      {Ty::Int, "n"},     {Ty::Int, "n"},    {Ty::Dec, "x"},    {Ty::Pct, "p"},   {Ty::Money, "amt"},
      {Ty::Bool, "flag"}, {Ty::Date, "day"}, {Ty::Text, "txt"}, {Ty::Id, "code"}, {Ty::Enum, "kind"}};
  for (int i = 0; i < n; ++i) {
    const auto& [ty, prefix] = r_.Pick(kKinds);
    add(ty, prefix);
  }
  // Always something to compute with.
  add(Ty::Int, "n");
  add(Ty::Date, "day");
  if (links_) {
    // Who a record is about, from one pool for both tables: links match.
    Col person;
    person.name = "person";
    person.ty = Ty::Id;
    person.optional = r_.Chance(0.5);
    person.missing = 0.1;
    for (int i = 0; i < 25; ++i) person.values.push_back(fmt::format("P{:02}", i));
    t.cols.push_back(person);
  }
  if (!group_.empty()) {
    // The column both tables have, for `by` measures reading both.
    Col g;
    g.name = group_;
    g.ty = Ty::Enum;
    g.optional = r_.Chance(0.5);
    g.missing = 0.1;
    g.values = {"acute", "community", "gp federation", "voluntary"};
    t.cols.push_back(g);
  }
  for (size_t c = 0; c < t.cols.size(); ++c)
    if (t.cols[c].name == dated.name) t.dated_by = c;
  return t;
}

// The data block, with `check` rules: mostly a rule the data meets whatever
// the rest says (`n >= -20 or ...`; the JIT evaluates the rest anyway), now
// and then a random one, which the data may break (then both engines refuse
// the data alike).
void Generator::MakeDataBlock(size_t table) {
  const Table& t = tables_[table];
  std::string s = fmt::format("data {}{} dated by {} {{\n", t.name, r_.Chance(0.5) ? " \"A table\"" : "",
                              t.cols[t.dated_by].name);
  for (const Col& c : t.cols) {
    std::string type = TypeName(c.ty);
    if (c.ty == Ty::Enum) {
      type = "one of (";
      for (size_t i = 0; i < c.values.size(); ++i)
        type += (i ? ", " : "") + (Bare(c.values[i]) ? c.values[i] : Quote(c.values[i]));
      type += ")";
      // A named type (LANGUAGE.md §6), declared anywhere in the file.
      if (r_.Chance(0.3)) {
        std::string name = fmt::format("{}_{}_values", t.name, c.name);
        decls_.push_back(fmt::format("type {} = {}\n", name, type));
        type = name;
      }
    }
    s += fmt::format("  {} : {}{}{}\n", c.name, type, c.optional ? "?" : "", c.key ? " key" : "");
  }
  if (t.uk_dates) s += "  date_format \"DD/MM/YYYY\"\n";
  Ctx c;
  c.kind = Ctx::Row;
  c.table = table;
  c.functions = functions_.size();
  c.lets = lets_.size();
  in_check_ = true;
  int64_t checks = r_.Chance(0.4) ? r_.Int(1, 2) : 0;
  for (int64_t k = 0; k < checks; ++k) {
    std::vector<const Col*> ints = Cols(c, Ty::Int, true);
    const Col& n = *r_.Pick(ints);
    int risky = risky_;
    std::string rule = Cond(2, c);
    // A rule that may fail on a row (an overflow) breaks there.
    if (risky_ != risky || n.mixed) may_break_checks_ = true;
    // (Never for a warehouse: its runs do not check the data, `ocf sql --checks` does.)
    if (r_.Chance(0.95) || sql_)
      rule = fmt::format("{} >= {} or {}", n.name, n.big ? 0 : -20, rule);
    else
      may_break_checks_ = true;
    s += fmt::format("  check {} \"rule {}\"\n", rule, k + 1);
  }
  in_check_ = false;
  decls_.push_back(s + "}\n");
}

// A cell. On a `huge` row (about 1 in 100 of an extreme case's rows) the huge
// columns hold huge values and every optional cell is missing: an expression
// that overflows there only where a missing operand does not hide it tells
// the two engines' handling of missing operands apart.
std::string Generator::Cell(const Table& t, const Col& c, size_t row, int64_t dated, bool huge) {
  if (&c == &t.cols[t.dated_by]) return t.uk_dates ? UkDate(dated) : IsoDate(dated);
  if (c.optional && (huge || r_.Chance(c.missing))) return r_.Chance(0.1) ? " " : "";
  auto quoted = [](const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos && s.front() != ' ' && s.back() != ' ') return s;
    std::string out = "\"";
    for (char ch : s) {
      if (ch == '"') out += '"';
      out += ch;
    }
    return out + "\"";
  };
  switch (c.ty) {
    case Ty::Int: {
      if (c.big) {
        if (huge)
          return (c.mixed && r_.Chance(0.5) ? "-" : "") +
                 std::to_string(r_.Int(int64_t{5} << 60, int64_t{6} << 60));
        return std::to_string(r_.Int(0, 120));
      }
      int64_t v = r_.Chance(0.5) ? r_.Int(0, 12) : r_.Int(-20, 150);
      return r_.Chance(0.05) ? " " + std::to_string(v) + " " : std::to_string(v);
    }
    case Ty::Dec:
      if (c.big && huge)
        return (c.mixed && r_.Chance(0.5) ? "-" : "") + std::to_string(r_.Int(90, 99)) +
               std::string(18, '0') + ".5";
      if (c.precise && r_.Chance(0.5)) {
        // All 18 fractional digits: products are rounded at the 18th.
        std::string digits;
        for (int i = 0; i < 18; ++i) digits += static_cast<char>('0' + r_.Int(0, 9));
        return fmt::format("{}{}.{}", r_.Chance(0.3) ? "-" : "", r_.Int(0, 999), digits);
      }
      return Fixed(c.big ? r_.Int(0, 100000) : r_.Int(-100000, 100000), static_cast<int>(r_.Int(0, 4)));
    case Ty::Pct: {
      int64_t v = r_.Chance(0.9) ? r_.Int(0, 10000) : r_.Int(-5000, 20000);  // hundredths of a percent
      return r_.Chance(0.5) ? Fixed(v, 2) + "%" : Fixed(v, 4);
    }
    case Ty::Money: {
      if (c.big && huge)
        return (c.mixed && r_.Chance(0.5) ? "-" : "") + std::to_string(r_.Int(90, 99)) +
               std::string(18, '0') + ".25";
      int64_t pence = c.big || r_.Chance(0.9) ? r_.Int(0, 10000000) : r_.Int(-100000, 0);
      if (pence >= 0 && r_.Chance(0.3)) {
        std::string whole = std::to_string(pence / 100), grouped;
        for (size_t i = 0; i < whole.size(); ++i) {
          if (i && (whole.size() - i) % 3 == 0) grouped += ',';
          grouped += whole[i];
        }
        return quoted(symbol_ + grouped + fmt::format(".{:02}", pence % 100));
      }
      return Fixed(pence, 2);
    }
    case Ty::Bool:
      return r_.Pick(
          std::vector<std::string>{"true", "false", "yes", "no", "Y", "n", "1", "0", "TRUE", "No"});
    case Ty::Date: {
      int64_t d = r_.Chance(0.7) ? dated + r_.Int(-10, 120) : r_.Int(start_ - 400, end_ + 400);
      return t.uk_dates ? UkDate(d) : IsoDate(d);
    }
    case Ty::Text:
    case Ty::Enum:
      return quoted(r_.Pick(c.values));
    case Ty::Id:
      if (c.key) return fmt::format("K{:05}", row * 7 + 3);
      return r_.Pick(c.values);
    case Ty::Days:
      break;
  }
  return "";
}

// A cell of a column no data block declares: the readers skip it, but it
// makes files long (several blocks for the parallel reader) and its quoted
// line breaks, some followed by what looks like a row, are where a reader
// that starts in the middle of a file must not be misled.
std::string Generator::Notes() {
  switch (r_.Int(0, 3)) {
    case 0:
      return "";
    case 1:
      return "ignored";
    case 2:
      return fmt::format("\"{}, really\"", std::string(static_cast<size_t>(r_.Int(0, 300)), 'x'));
    default:
      return fmt::format("\"a note\n{},{},\"\"{}\"\"\n{}\"", IsoDate(r_.Int(start_, end_)), r_.Int(0, 99),
                         r_.Pick(kTextPool) == "x" ? "," : "quoted",
                         std::string(static_cast<size_t>(r_.Int(0, 200)), 'y'));
  }
}

std::string Generator::Data(const Table& t) {
  std::vector<size_t> order(t.cols.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  r_.Shuffle(order);
  bool extra = r_.Chance(0.2);
  std::string eol = r_.Chance(0.2) ? "\r\n" : r_.Chance(0.05) ? "\r" : "\n";
  std::string out = r_.Chance(0.1) ? "\xef\xbb\xbf" : "";
  for (size_t i = 0; i < order.size(); ++i) out += (i ? "," : "") + t.cols[order[i]].name;
  if (extra) out += ",notes";
  out += eol;
  for (size_t row = 0; row < t.rows; ++row) {
    int64_t dated = r_.Chance(0.93)
                        ? r_.Int(start_, end_)
                        : (r_.Chance(0.5) ? r_.Int(start_ - 400, start_ - 1) : r_.Int(end_ + 1, end_ + 400));
    if (has_baseline_ && r_.Chance(0.25)) dated = r_.Int(baseline_start_, baseline_end_);
    std::vector<std::string> cells(t.cols.size());
    bool huge = extreme_ && r_.Chance(0.01);
    for (size_t c = 0; c < t.cols.size(); ++c) cells[c] = Cell(t, t.cols[c], row, dated, huge);
    for (size_t i = 0; i < order.size(); ++i) out += (i ? "," : "") + cells[order[i]];
    if (extra) out += "," + Notes();
    out += eol;
    if (r_.Chance(0.01)) out += eol;  // blank lines are not rows
    if (r_.Chance(0.005))
      out += std::string(t.cols.size() + extra - 1, ',') + eol;  // nor are rows of empty cells
    if (r_.Chance(0.005)) out += "   " + eol;
  }
  return out;
}

void Generator::MakeInputs() {
  int n = static_cast<int>(r_.Int(0, 3));
  for (int i = 0; i < n; ++i) {
    Input in;
    in.name = fmt::format("input{}", i + 1);
    in.ty = r_.Pick(std::vector<Ty>{Ty::Int, Ty::Dec, Ty::Pct, Ty::Money, Ty::Date, Ty::Bool, Ty::Text});
    switch (in.ty) {
      case Ty::Int:
        in.value = std::to_string(r_.Int(0, 100));
        break;
      case Ty::Dec:
        in.value = Fixed(r_.Int(-5000, 5000), 2);
        break;
      case Ty::Pct:
        in.value = r_.Chance(0.5) ? Fixed(r_.Int(0, 1000), 1) + "%" : Fixed(r_.Int(0, 100), 2);
        break;
      case Ty::Money:
        in.value = Fixed(r_.Int(0, 10000000), 2);
        break;
      case Ty::Date:
        in.value = IsoDate(r_.Int(start_, end_));
        break;
      case Ty::Bool:
        in.value = r_.Chance(0.5) ? "yes" : "false";
        break;
      default:
        do in.value = r_.Pick(kTextPool);
        while (in.value.find('\n') != std::string::npos);
    }
    inputs_.push_back(in);
    std::string title = r_.Chance(0.5) ? fmt::format(" \"Input {}\"", i + 1) : "";
    decls_.push_back(fmt::format("input {} : {}{}\n", in.name, TypeName(in.ty), title));
  }
}

void Generator::MakeLets() {
  int n = static_cast<int>(r_.Int(0, 3));
  for (int i = 0; i < n; ++i) {
    Ty t = r_.Pick(std::vector<Ty>{Ty::Int, Ty::Dec, Ty::Pct, Ty::Money, Ty::Date, Ty::Days});
    Ctx c;
    c.kind = Ctx::Const;
    c.lets = lets_.size();
    c.functions = functions_.size();
    int risky = risky_;
    std::string e = E(t, 2, c);
    std::string name = fmt::format("let{}", i + 1);
    if (risky_ != risky) risky_names_.insert(name);
    lets_.push_back({name, t});
    decls_.push_back(fmt::format("let {} = {}\n", name, e));
  }
}

void Generator::MakeFunctions() {
  int n = static_cast<int>(r_.Int(0, 3));
  for (int i = 0; i < n; ++i) {
    Fn f;
    f.name = fmt::format("fn{}", i + 1);
    f.result = r_.Pick(std::vector<Ty>{Ty::Int, Ty::Dec, Ty::Money, Ty::Bool, Ty::Pct, Ty::Date});
    Ctx c;
    c.kind = Ctx::Body;
    c.functions = functions_.size();
    c.lets = lets_.size();
    std::string params;
    int k = static_cast<int>(r_.Int(1, 3));
    for (int p = 0; p < k; ++p) {
      Ty t = r_.Pick(std::vector<Ty>{Ty::Int, Ty::Dec, Ty::Money, Ty::Bool, Ty::Pct, Ty::Date});
      f.params.push_back(t);
      std::string name = fmt::format("a{}", p + 1);
      c.locals.push_back({name, t});
      params += fmt::format("{}{}: {}", p ? ", " : "", name, TypeName(t));
    }
    int risky = risky_;
    std::string body = E(f.result, 2, c);
    if (risky_ != risky) risky_names_.insert(f.name);
    decls_.push_back(fmt::format("function {}({}) : {} = {}\n", f.name, params, TypeName(f.result), body));
    functions_.push_back(f);
  }
}

void Generator::MakePopulations() {
  int n = static_cast<int>(r_.Int(0, 4));
  for (int i = 0; i < n; ++i) {
    size_t table = static_cast<size_t>(r_.Int(0, static_cast<int64_t>(tables_.size()) - 1));
    std::string from = Population(table);
    Ctx c;
    c.kind = Ctx::Row;
    c.table = table;
    c.functions = functions_.size();
    c.lets = lets_.size();
    c.row_name = from;
    Pop p{fmt::format("pop{}", i + 1), table};
    int made = links_made_;
    decls_.push_back(fmt::format("population {} = {} where {}\n", p.name, from, Cond(2, c)));
    p.links = links_made_ != made;
    for (const Pop& q : pops_) p.links |= q.name == from && q.links;  // a population of one that links
    pops_.push_back(p);
  }
}

void Generator::MakeMeasures() {
  int n = static_cast<int>(r_.Int(3, 12));
  for (int i = 0; i < n; ++i) {
    Measure m;
    m.name = fmt::format("measure{}", i + 1);
    m.ty = r_.Pick(std::vector<Ty>{Ty::Int, Ty::Int, Ty::Dec, Ty::Pct, Ty::Pct, Ty::Money, Ty::Money,
                                   Ty::Date, Ty::Days});
    Ctx c;
    c.kind = Ctx::Agg;
    c.measures = measures_.size();
    c.functions = functions_.size();
    c.lets = lets_.size();
    c.reads = &m.reads;
    if (r_.Chance(0.3)) {
      std::vector<const Col*> groups;
      for (const Col& col :
           tables_[static_cast<size_t>(r_.Int(0, static_cast<int64_t>(tables_.size()) - 1))].cols)
        if (Textual(col.ty) && !col.key) groups.push_back(&col);
      if (!groups.empty()) {
        c.by_col = r_.Pick(groups);
        c.by = c.by_col->name;
      }
    }
    std::string e = r_.Chance(0.5) ? Aggregate(m.ty, c) : E(m.ty, 2, c);
    if (m.reads.empty() && !c.by.empty()) e = Aggregate(m.ty, c);
    if (!c.by.empty()) by_columns_.push_back({c.by, c.by_col});
    std::string title = r_.Chance(0.4) ? fmt::format(" \"Measure {}\"", i + 1) : "";
    std::string type = r_.Chance(0.3) ? " : " + TypeName(m.ty) : "";
    std::string by = c.by.empty() ? "" : " by " + c.by;
    // A window (LANGUAGE.md §6), before or after `by`.
    if (r_.Chance(0.25)) {
      static const std::vector<std::string> kWindows = {
          "last 1 month", "last 2 months", "last 12 months", "last 1 quarter", "last 3 quarters",
          "last 1 year",  "last 2 years",  "year to date",   "term to date",   "last 18 months"};
      std::string over = " over " + r_.Pick(kWindows);
      by = r_.Chance(0.5) ? by + over : over + by;
    }
    decls_.push_back(fmt::format("measure {}{}{}{} =\n  {}\n", m.name, title, type, by, e));
    measures_.push_back(m);
  }
  if (fallback_) {
    // One measure the JIT certainly cannot compile.
    size_t table = static_cast<size_t>(r_.Int(0, static_cast<int64_t>(tables_.size()) - 1));
    Ctx c;
    c.kind = Ctx::Row;
    c.table = table;
    decls_.push_back(
        fmt::format("measure fallback = (count {} where {})\n", tables_[table].name, Unsupported(c)));
  }
}

void Generator::MakeTargetsOutcomesPayment() {
  std::vector<std::string> targeted;
  for (const Measure& m : measures_) {
    if (!Numeric(m.ty) || !r_.Chance(0.5)) continue;
    auto value = [&] {
      switch (m.ty) {
        case Ty::Int:
          return std::to_string(r_.Int(0, 400));
        case Ty::Pct:
          return fmt::format("{}%", r_.Int(0, 100));
        case Ty::Money:
          return Money(std::to_string(r_.Int(0, 2000)) + "k");
        default:
          // A decimal target on what the checker takes for an int measure
          // (round(int, k)) is a reduced case below.
          return avoid_known_ ? std::to_string(r_.Int(0, 1000)) : Fixed(r_.Int(0, 10000), 1);
      }
    };
    std::string t;
    switch (r_.Int(0, has_baseline_ ? 3 : 2)) {
      case 3: {  // a change from the baseline (LANGUAGE.md §6)
        std::string change = r_.Chance(0.5)    ? fmt::format("{}%", r_.Int(1, 60))
                             : m.ty == Ty::Pct ? fmt::format("{} points", r_.Int(1, 30))
                                               : value();
        if (change == "0" || change == "0.0" || change == Money("0k")) change = "5%";
        t = fmt::format("target {} {} by {} from baseline\n", m.name,
                        r_.Chance(0.5) ? "reduced" : "increased", change);
        break;
      }
      case 0:
        t = fmt::format("target {} at least {}\n", m.name, value());
        break;
      case 1:
        t = fmt::format("target {} at most {}\n", m.name, value());
        break;
      default: {
        std::string a = value(), b = value();
        while (b == a) b = value();
        t = fmt::format("target {} from {} to {}\n", m.name, a, b);
      }
    }
    decls_.push_back(t);
    targeted.push_back(m.name);
  }
  std::vector<std::string> outcomes;
  if (!targeted.empty() && r_.Chance(0.8)) {
    r_.Shuffle(targeted);
    size_t k = static_cast<size_t>(r_.Int(1, std::min<int64_t>(3, static_cast<int64_t>(targeted.size()))));
    // Split 100 into k positive parts.
    auto split = [&](size_t parts) {
      std::vector<int64_t> cuts = {0, 100};
      while (cuts.size() < parts + 1) {
        int64_t cut = r_.Int(1, 99);
        if (std::find(cuts.begin(), cuts.end(), cut) == cuts.end()) cuts.push_back(cut);
      }
      std::sort(cuts.begin(), cuts.end());
      std::vector<int64_t> out;
      for (size_t i = 1; i < cuts.size(); ++i) out.push_back(cuts[i] - cuts[i - 1]);
      return out;
    };
    std::vector<int64_t> weights = split(k);
    size_t next = 0;
    for (size_t o = 0; o < k; ++o) {
      size_t count =
          o + 1 == k
              ? targeted.size() - next
              : static_cast<size_t>(r_.Int(1, static_cast<int64_t>(targeted.size() - next - (k - o - 1))));
      std::vector<int64_t> w = split(count);
      std::string name = fmt::format("outcome{}", o + 1);
      std::string s = fmt::format("outcome {}{}", name, r_.Chance(0.5) ? " \"An outcome\"" : "");
      if (k > 1 || r_.Chance(0.5)) s += fmt::format(" weight {}%", weights[o]);
      s += " {\n";
      for (size_t i = 0; i < count; ++i) {
        s += "  " + targeted[next + i];
        if (count > 1 || r_.Chance(0.5)) s += fmt::format(" weight {}%", w[i]);
        s += "\n";
      }
      decls_.push_back(s + "}\n");
      outcomes.push_back(name);
      outcome_names_.push_back(name);
      next += count;
    }
  }
  if (!r_.Chance(0.6)) return;
  std::vector<std::string> freq = {"yearly"};
  if (periods_ != "yearly") freq.push_back("quarterly");
  if (periods_ == "monthly") freq.push_back("monthly");
  Ctx c;
  c.kind = Ctx::Pay;
  c.functions = functions_.size();
  c.lets = lets_.size();
  std::string s = "payment " + r_.Pick(freq) + " {\n";
  if (r_.Chance(0.5)) {
    Ty t = r_.Pick(std::vector<Ty>{Ty::Money, Ty::Pct, Ty::Int, Ty::Dec});
    std::string e = E(t, 2, c);
    s += fmt::format("  let local1 = {}\n", e);
    c.locals.push_back({"local1", t});
  }
  int lines = static_cast<int>(r_.Int(1, 4));
  for (int i = 0; i < lines; ++i) {
    std::string e;
    switch (r_.Int(0, 5)) {
      case 0:
        if (!outcomes.empty()) {
          e = fmt::format("{} * achievement", Lit(Ty::Money));
          break;
        }
        [[fallthrough]];
      case 1:
        if (!outcomes.empty()) {
          e = fmt::format("{} * achievement of {}", Lit(Ty::Money), r_.Pick(outcomes));
          break;
        }
        [[fallthrough]];
      case 2:
        if (r_.Chance(0.3)) {  // a count at prices per unit (LANGUAGE.md §6)
          e = fmt::format("tiered({}) {{ first {} at {}, {}rest at {} }}", E(Ty::Int, 2, c), Lit(Ty::Int),
                          Lit(Ty::Money),
                          r_.Chance(0.5) ? fmt::format("next {} at {}, ", Lit(Ty::Int), Lit(Ty::Money)) : "",
                          Lit(Ty::Money));
          break;
        }
        e = fmt::format(
            "tiered({}) {{ first {} at {}, {}rest at {} }}", E(Ty::Money, 2, c), Lit(Ty::Money), Lit(Ty::Pct),
            r_.Chance(0.5) ? fmt::format("next {} at {}, ", Lit(Ty::Money), Lit(Ty::Pct)) : "", Lit(Ty::Pct));
        break;
      case 3:
        e = fmt::format("{} * days(period_end - period_start)", Lit(Ty::Money));
        break;
      default:
        e = E(Ty::Money, 2, c);
    }
    // What a line of this block paid before (LANGUAGE.md §6).
    if (r_.Chance(0.25))
      e = fmt::format("({}) - paid \"Line {}\" {}", e, r_.Int(1, lines),
                      r_.Chance(0.5) ? "so far" : "this year");
    // A line that comes out missing is a run-time error (in both engines);
    // mostly say what is meant.
    if (r_.Chance(0.85)) e = fmt::format("({}) otherwise {}", e, Money("0"));
    s += fmt::format("  {}pay \"Line {}\" = {}\n", r_.Chance(0.2) ? "shadow " : "", i + 1, e);
  }
  decls_.push_back(s + "}\n");
}

void Generator::MakeGatesAndGroupPayment() {
  // Gates over numeric measures.
  std::vector<std::string> gates;
  std::vector<const Measure*> numeric;
  for (const Measure& m : measures_)
    if (m.ty == Ty::Int || m.ty == Ty::Dec || m.ty == Ty::Pct || m.ty == Ty::Money) numeric.push_back(&m);
  if (!numeric.empty() && r_.Chance(0.4)) {
    int n = static_cast<int>(r_.Int(1, 2));
    for (int i = 0; i < n; ++i) {
      auto comparison = [&] {
        const Measure& m = *r_.Pick(numeric);
        static const std::vector<std::string> kOps = {">=", ">", "<=", "<", "=", "!="};
        return fmt::format("{} {} {}", m.name, r_.Pick(kOps), Lit(m.ty));
      };
      std::string cond = comparison();
      if (r_.Chance(0.3)) cond += (r_.Chance(0.5) ? " and " : " or ") + comparison();
      std::string name = fmt::format("gate{}", i + 1);
      decls_.push_back(fmt::format("gate {}{} = {}\n", name, r_.Chance(0.5) ? " \"A gate\"" : "", cond));
      gates.push_back(name);
    }
  }
  if (by_columns_.empty() || !r_.Chance(0.5)) {
    if (!gates.empty()) {  // used outside a payment by group
      decls_.push_back(fmt::format("payment yearly {{\n  pay \"Gated\" = if {} then {} else {}\n}}\n",
                                   r_.Pick(gates), Lit(Ty::Money), Lit(Ty::Money)));
    }
    return;
  }
  const auto& [by, col] = r_.Pick(by_columns_);
  std::vector<std::string> freq = {"yearly"};
  if (periods_ != "yearly") freq.push_back("quarterly");
  Ctx c;
  c.kind = Ctx::Pay;
  c.functions = functions_.size();
  c.lets = lets_.size();
  std::string s = fmt::format("payment {} by {} {{\n", r_.Pick(freq), by);
  int lines = static_cast<int>(r_.Int(1, 4));
  for (int i = 0; i < lines; ++i) {
    std::string e;
    switch (r_.Int(0, 4)) {
      case 0:
        if (!col->values.empty()) {  // the group itself
          const std::string& v = r_.Pick(col->values);
          std::string written = col->ty == Ty::Enum && Bare(v) ? v : Quote(v);
          e = fmt::format("if {} = {} then {} else {}", by, written, Lit(Ty::Money), Lit(Ty::Money));
          break;
        }
        [[fallthrough]];
      case 1:
        if (!gates.empty()) {
          e = fmt::format("if {} then {} else {}", r_.Pick(gates), Lit(Ty::Money), Lit(Ty::Money));
          break;
        }
        [[fallthrough]];
      case 2:
        if (!outcome_names_.empty()) {  // the group's achievement
          e = fmt::format("{} * achievement", Lit(Ty::Money));
          break;
        }
        [[fallthrough]];
      case 3:
        if (i > 0) {  // the group's own payments so far
          e = fmt::format("{} - paid \"Group line {}\" so far", Lit(Ty::Money), r_.Int(1, i));
          break;
        }
        [[fallthrough]];
      default:
        e = E(Ty::Money, 2, c);  // the group's measures
    }
    s += fmt::format("  pay \"Group line {}\" = ({}) otherwise {}\n", i + 1, e, Money("0"));
  }
  decls_.push_back(s + "}\n");
}

Case Generator::Make() {
  fallback_ = r_.Chance(0.12);
  extreme_ = r_.Chance(0.2);
  // A warehouse's NUMERIC does not overflow where ocf's 128-bit decimals do.
  if (sql_) extreme_ = false;
  links_ = r_.Chance(0.3);
  MakeTerm();
  size_t ntables = r_.Chance(0.5) ? 2 : 1;
  if (ntables == 2 && r_.Chance(0.5)) group_ = "site";
  for (size_t t = 0; t < ntables; ++t) tables_.push_back(MakeTable(t));
  MakeInputs();
  MakeLets();
  MakeFunctions();
  for (size_t t = 0; t < tables_.size(); ++t) MakeDataBlock(t);
  MakePopulations();
  MakeMeasures();
  MakeTargetsOutcomesPayment();
  MakeGatesAndGroupPayment();
  // Declarations may come in any order; keep the contract first for readers.
  std::vector<std::string> rest(decls_.begin() + 1, decls_.end());
  if (r_.Chance(0.5)) r_.Shuffle(rest);
  Case out;
  out.contract = "// Generated by tests/unit/differential_test.cc\n" + decls_[0];
  for (const std::string& d : rest) out.contract += "\n" + d;
  for (const Table& t : tables_) {
    out.files[t.name + ".csv"] = Data(t);
    out.rows += t.rows;
  }
  for (const Input& in : inputs_) out.sets.push_back(in.name + "=" + in.value);
  out.fallback = fallback_;
  out.may_break_checks = may_break_checks_;
  out.error_kinds = error_kinds_;
  out.error_kinds.insert("overflow");  // int arithmetic on ordinary values may overflow too
  out.extreme = extreme_;
  out.tags = tags_;
  out.constructs = constructs_;
  return out;
}

Case Generate(uint64_t seed, const GenOptions& options) { return Generator(seed, options).Make(); }

}  // namespace ocf::difftest
