#include "tests/fuzz/contract_from_bytes.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace ocf::fuzz {
namespace {

// The fuzz bytes as choices: Below(n) is the next byte (two for n > 256)
// modulo n, and 0 once the bytes are used up.
class Choices {
 public:
  Choices(const uint8_t* data, size_t size) : data_(data), size_(size) {}
  size_t Below(size_t n) {
    if (n <= 1) return 0;
    size_t v = Next();
    if (n > 256) v = v << 8 | Next();
    return v % n;
  }
  bool Chance(size_t percent) { return Below(100) >= 100 - percent; }  // 0 (no bytes left): false
  int64_t Between(int64_t lo, int64_t hi) {
    return lo + static_cast<int64_t>(Below(static_cast<size_t>(hi - lo + 1)));
  }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

 private:
  size_t Next() { return pos_ < size_ ? data_[pos_++] : 0; }
  const uint8_t* data_;
  size_t size_, pos_ = 0;
};

// ---------------------------------------------------------------- dates
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

struct Ymd {
  int64_t y, m, d;
};

Ymd CivilFromDays(int64_t z) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  int64_t d = doy - (153 * mp + 2) / 5 + 1;
  int64_t m = mp + (mp < 10 ? 3 : -9);
  return {yoe + era * 400 + (m <= 2), m, d};
}

std::string Iso(int64_t days) {
  Ymd c = CivilFromDays(days);
  return fmt::format("{:04}-{:02}-{:02}", c.y, c.m, c.d);
}

// ---------------------------------------------------------------- the model
enum class K { Int, Dec, Pct, Money, Bool, Date, Days, Text, Id, Enum };

struct Column {
  std::string name;
  K kind = K::Int;
  bool optional = false;
  bool key = false;
  bool big = false;                 // some cells near the largest values: sums of them overflow
  std::vector<std::string> values;  // text, id, enumeration: the cells are drawn from these
};

struct Table {
  std::string name;
  std::vector<Column> columns;  // the first is `d`, the `dated by` date
  std::vector<std::string> populations;
};

struct Named {
  std::string name;
  K kind;
};

struct Measure {
  std::string name;
  K kind;
  const Column* by = nullptr;  // `by` this column
};

// Where an expression is written: over a row of a table, or over periods
// (a measure's value: aggregates, other measures).
struct Ctx {
  const Table* table = nullptr;                // a row of this table
  bool measure = false;                        // in a measure: aggregates and earlier measures
  size_t measures = 0;                         // how many measures may be named
  const Table* only = nullptr;                 // a `by` measure reads this table only
  const std::vector<Named>* params = nullptr;  // a function's body: its parameters and literals only
};

struct Function {
  std::string name;
  K result;
  std::vector<K> params;
};

std::string TypeName(K k) {
  switch (k) {
    case K::Int:
      return "int";
    case K::Dec:
      return "decimal";
    case K::Pct:
      return "percent";
    case K::Money:
      return "money";
    case K::Bool:
      return "bool";
    case K::Date:
      return "date";
    case K::Days:
      return "duration";
    case K::Text:
      return "text";
    case K::Id:
      return "id";
    default:
      return "?";
  }
}

const std::vector<std::string> kTexts = {"north", "south", "Ward 7", "x"};
const std::vector<std::string> kIds = {"A1", "A2", "B7", "Z9"};
const std::vector<std::string> kEnum = {"physio", "pain", "acute", "community", "day case"};

bool Bare(const std::string& v) { return v.find(' ') == std::string::npos; }

class Generator {
 public:
  Generator(const uint8_t* data, size_t size) : c_(data, size) {}
  std::string Make();

 private:
  void Term();
  void Declarations();
  Table MakeTable(const std::string& name);
  std::string Lit(K k);
  std::string Leaf(K k, Ctx& x);
  std::string E(K k, int depth, Ctx& x);
  std::string Cond(int depth, Ctx& x);
  std::string Aggregate(K k, Ctx& x);
  std::string CheckRule(const Table& t);
  std::string Call(K k, int depth, Ctx& x);
  void Functions();
  std::string Cell(const Column& col);
  std::string Test(int n);
  std::vector<std::string> Labels(bool payment);
  std::vector<const Column*> Columns(const Table& t, K k, bool big = false) const;

  Choices c_;
  std::string out_, symbol_ = "\xc2\xa3";
  int64_t start_ = 0, end_ = 0, years_ = 1;
  bool jan_start_ = false;
  std::string periods_ = "yearly", pay_frequency_;
  std::vector<Table> tables_;
  std::vector<Named> inputs_, lets_;
  std::vector<Function> functions_;
  std::vector<Measure> measures_;
  std::vector<std::string> targeted_, pay_lines_;
  bool outcome_ = false;
};

std::string Generator::Lit(K k) {
  switch (k) {
    case K::Int:
      return std::to_string(c_.Pick(std::vector<int>{0, 1, 2, 3, 5, 10, 60, 1000}));
    case K::Dec:
      return c_.Pick(std::vector<std::string>{"0.5", "1", "2.25", "0.1", "100", "0.333333333333333333"});
    case K::Pct:
      return c_.Pick(std::vector<std::string>{"50%", "0%", "100%", "12.5%", "75%"});
    case K::Money:
      return symbol_ + c_.Pick(std::vector<std::string>{"100", "0", "1_250.50", "2k", "0.01", "1.5m"});
    case K::Bool:
      return c_.Chance(50) ? "true" : "false";
    case K::Date:
      return Iso(start_ + c_.Between(-40, 400));
    case K::Days:
      return c_.Pick(std::vector<std::string>{"0 days", "7 days", "2 weeks", "30 days"});
    default:
      return "\"" + c_.Pick(kTexts) + "\"";
  }
}

// A call of a function giving `k`, if there is one (not in a function's body: no recursion).
std::string Generator::Call(K k, int depth, Ctx& x) {
  if (x.params) return "";
  std::vector<const Function*> fit;
  for (const Function& f : functions_)
    if (f.result == k) fit.push_back(&f);
  if (fit.empty()) return "";
  const Function& f = *c_.Pick(fit);
  std::string s = f.name + "(";
  for (size_t p = 0; p < f.params.size(); ++p) s += (p ? ", " : "") + E(f.params[p], depth - 1, x);
  return s + ")";
}

// Pure functions of one or two parameters, over their parameters only.
void Generator::Functions() {
  for (size_t i = c_.Below(3); i > 0; --i) {
    Function f;
    f.name = fmt::format("f{}", functions_.size() + 1);
    f.result = c_.Pick(std::vector<K>{K::Int, K::Dec, K::Money, K::Pct, K::Bool});
    std::vector<Named> params;
    std::string list;
    for (size_t p = 1 + c_.Below(2); p > 0; --p) {
      K kind = c_.Pick(std::vector<K>{K::Int, K::Dec, K::Money, K::Pct, K::Date});
      params.push_back({fmt::format("a{}", params.size() + 1), kind});
      f.params.push_back(kind);
      list += (list.empty() ? "" : ", ") + fmt::format("{}: {}", params.back().name, TypeName(kind));
    }
    Ctx body;
    body.params = &params;
    std::string value = E(f.result, static_cast<int>(1 + c_.Below(2)), body);
    out_ += fmt::format("function {}({}) : {} = {}\n", f.name, list, TypeName(f.result), value);
    functions_.push_back(f);
  }
}

std::vector<const Column*> Generator::Columns(const Table& t, K k, bool big) const {
  std::vector<const Column*> out;
  for (const Column& col : t.columns)
    if (col.kind == k && (big || !col.big)) out.push_back(&col);
  return out;
}

// A value of kind `k` with nothing under it.
std::string Generator::Leaf(K k, Ctx& x) {
  std::vector<std::string> options = {Lit(k)};
  if (x.params) {
    for (const Named& p : *x.params)
      if (p.kind == k) options.insert(options.end(), 2, p.name);
    return c_.Pick(options);
  }
  if (x.table)
    for (const Column* col : Columns(*x.table, k)) options.insert(options.end(), 3, col->name);
  for (const Named& n : inputs_)
    if (n.kind == k) options.push_back(n.name);
  for (const Named& n : lets_)
    if (n.kind == k) options.push_back(n.name);
  if (x.measure && !x.table) {
    if (!x.only)
      for (size_t m = 0; m < x.measures; ++m)
        if (measures_[m].kind == k) options.insert(options.end(), 2, measures_[m].name);
    if (k == K::Int) options.push_back("contract_year");
    if (k != K::Bool && k != K::Text && k != K::Id && k != K::Enum)
      options.insert(options.end(), 3, "\x01");  // an aggregate
  }
  std::string pick = c_.Pick(options);
  return pick == "\x01" ? Aggregate(k, x) : pick;
}

std::string Generator::E(K k, int depth, Ctx& x) {
  if (k == K::Bool) return Cond(depth, x);
  if (depth <= 0) return Leaf(k, x);
  auto same = [&] { return E(k, depth - 1, x); };
  switch (c_.Below(12)) {
    case 1:
      return fmt::format("(if {} then {} else {})", Cond(depth - 1, x), same(), same());
    case 2:
      return fmt::format("({} otherwise {})", same(), Lit(k));
    case 3:
      if (k != K::Days) return fmt::format("{}({}, {})", c_.Chance(50) ? "min" : "max", same(), same());
      break;
    case 4:
      if (std::string call = Call(k, depth, x); !call.empty()) return call;
      break;
    default:
      break;
  }
  auto num = [&] { return E(c_.Chance(50) ? K::Int : K::Dec, depth - 1, x); };
  switch (k) {
    case K::Int:
      switch (c_.Below(9)) {
        case 1:
          return fmt::format("({} + {})", same(), same());
        case 2:
          return fmt::format("({} - {})", same(), same());
        case 3:
          return fmt::format("({} * {})", same(), same());
        case 4:
          return fmt::format("abs({})", same());
        case 5:
          return fmt::format("days({})", E(K::Days, depth - 1, x));
        case 6:
          return fmt::format("{}({})", c_.Pick(std::vector<std::string>{"year", "month", "day"}),
                             E(K::Date, depth - 1, x));
        case 7:
          return fmt::format("clamp({}, 0, 10)", same());
        case 8:
          if (x.table) {  // a huge column: its products overflow
            std::vector<const Column*> big;
            for (const Column& col : x.table->columns)
              if (col.big && col.kind == K::Int) big.push_back(&col);
            if (!big.empty()) return fmt::format("({} * 4)", c_.Pick(big)->name);
          }
          break;
        default:
          break;
      }
      break;
    case K::Dec:
      switch (c_.Below(7)) {
        case 1:
          return fmt::format("({} {} {})", num(), c_.Chance(50) ? "+" : "-", same());
        case 2:
          return fmt::format("({} * {})", num(), num());
        case 3:
          return fmt::format("({} / {})", num(), num());
        case 4:
          return fmt::format("round({}, {})", num(), c_.Below(4));
        case 5:
          return fmt::format("({} / {})", E(K::Money, depth - 1, x), E(K::Money, depth - 1, x));
        case 6:
          return fmt::format("({} / {})", E(K::Pct, depth - 1, x), E(K::Pct, depth - 1, x));
        default:
          break;
      }
      break;
    case K::Pct:
      switch (c_.Below(5)) {
        case 1:
          return fmt::format("({} {} {})", same(), c_.Chance(50) ? "+" : "-", same());
        case 2:
          return fmt::format("({} * {})", same(), num());
        case 3:
          return fmt::format("(({}) as percent)", E(K::Dec, depth - 1, x));
        case 4:
          return fmt::format("({} * {})", same(), same());
        default:
          break;
      }
      break;
    case K::Money:
      switch (c_.Below(5)) {
        case 1:
          return fmt::format("({} {} {})", same(), c_.Chance(50) ? "+" : "-", same());
        case 2:
          return fmt::format("({} * {})", same(), E(c_.Chance(50) ? K::Pct : K::Int, depth - 1, x));
        case 3:
          return fmt::format("({} / {})", same(), num());
        case 4:
          return fmt::format("(-{})", same());
        default:
          break;
      }
      break;
    case K::Date:
      if (c_.Chance(50))
        return fmt::format("({} {} {})", same(), c_.Chance(50) ? "+" : "-",
                           c_.Chance(50)
                               ? E(K::Days, depth - 1, x)
                               : c_.Pick(std::vector<std::string>{"1 month", "3 months", "1 year"}));
      break;
    case K::Days:
      if (c_.Chance(60)) return fmt::format("({} - {})", E(K::Date, depth - 1, x), E(K::Date, depth - 1, x));
      if (c_.Chance(50)) return fmt::format("({} + {})", same(), same());
      break;
    default:
      break;
  }
  return Leaf(k, x);
}

std::string Generator::Cond(int depth, Ctx& x) {
  switch (depth <= 0 ? c_.Below(4) : c_.Below(10)) {
    case 0: {
      K k = c_.Pick(std::vector<K>{K::Int, K::Dec, K::Pct, K::Money, K::Date, K::Days});
      K other = k == K::Int || k == K::Dec ? c_.Pick(std::vector<K>{K::Int, K::Dec}) : k;
      return fmt::format("({} {} {})", E(k, depth - 1, x),
                         c_.Pick(std::vector<std::string>{"=", "!=", "<", "<=", ">", ">="}),
                         E(other, depth - 1, x));
    }
    case 1: {
      if (x.table) {
        std::vector<const Column*> coded;
        for (K k : {K::Text, K::Id, K::Enum})
          for (const Column* col : Columns(*x.table, k)) coded.push_back(col);
        if (!coded.empty()) {
          const Column& col = *c_.Pick(coded);
          auto value = [&] {
            const std::string& v = c_.Pick(col.values);
            return col.kind == K::Enum && Bare(v) && c_.Chance(50) ? v : "\"" + v + "\"";
          };
          if (col.kind != K::Enum)
            for (const Named& in : inputs_)
              if (in.kind == K::Text && c_.Chance(50)) return fmt::format("({} = {})", col.name, in.name);
          switch (c_.Below(3)) {
            case 0:
              return fmt::format("({} = {})", col.name, value());
            case 1:
              return fmt::format("({} != {})", col.name, value());
            default:
              return fmt::format("({} in ({}, {}))", col.name, value(), value());
          }
        }
        for (const Column* col : Columns(*x.table, K::Bool)) return col->name;
      }
      return Lit(K::Bool);
    }
    case 2: {
      std::vector<std::string> optional;
      if (x.table)
        for (const Column& col : x.table->columns)
          if (col.optional) optional.push_back(col.name);
      std::string what = optional.empty() || c_.Chance(20)
                             ? E(c_.Pick(std::vector<K>{K::Int, K::Dec, K::Money, K::Date}), depth - 1, x)
                             : c_.Pick(optional);
      return fmt::format("({} is {})", what, c_.Chance(50) ? "missing" : "present");
    }
    case 3:
      if (std::string call = Call(K::Bool, depth, x); !call.empty()) return call;
      return Lit(K::Bool);
    case 4:
    case 5:
      return fmt::format("({} and {})", Cond(depth - 1, x), Cond(depth - 1, x));
    case 6:
      return fmt::format("({} or {})", Cond(depth - 1, x), Cond(depth - 1, x));
    case 7:
      return fmt::format("(not {})", Cond(depth - 1, x));
    case 8:
      return fmt::format("({} otherwise {})", Cond(depth - 1, x), Lit(K::Bool));
    default:
      return fmt::format("(if {} then {} else {})", Cond(depth - 1, x), Cond(depth - 1, x),
                         Cond(depth - 1, x));
  }
}

// An aggregate giving kind `k` over one of the tables.
std::string Generator::Aggregate(K k, Ctx& x) {
  const Table& t = x.only ? *x.only : tables_[c_.Below(tables_.size())];
  Ctx row;
  row.table = &t;
  std::vector<std::string> pops = {t.name};
  pops.insert(pops.end(), t.populations.begin(), t.populations.end());
  std::string pop = c_.Pick(pops);
  std::string where = c_.Chance(40) ? " where " + Cond(1, row) : "";
  auto value = [&](K kind) {
    std::vector<const Column*> big;
    for (const Column* col : Columns(t, kind, true))
      if (col->big) big.push_back(col);
    if (!big.empty() && c_.Chance(50)) return c_.Pick(big)->name;  // sums of huge values overflow
    std::string e = E(kind, static_cast<int>(c_.Below(3)), row);
    return e.find(' ') == std::string::npos ? e : "(" + e + ")";
  };
  auto rank = [&] {
    if (c_.Chance(40)) return std::string("median");
    int n = static_cast<int>(c_.Below(101));
    int h = n % 100;
    const char* suffix = h >= 11 && h <= 13 ? "th"
                         : n % 10 == 1      ? "st"
                         : n % 10 == 2      ? "nd"
                         : n % 10 == 3      ? "rd"
                                            : "th";
    return fmt::format("{}{} percentile", n, suffix);
  };
  std::string s;
  switch (k) {
    case K::Int:
      switch (c_.Below(4)) {
        case 0:
          s = fmt::format("count {}{}", pop, where);
          break;
        case 1: {
          std::vector<std::string> cols;
          for (const Column& col : t.columns) cols.push_back(col.name);
          s = fmt::format("count distinct {} of {}{}", c_.Pick(cols), pop, where);
          break;
        }
        default:
          s = fmt::format("{} {} of {}{}", c_.Pick(std::vector<std::string>{"sum", "min", "max"}),
                          value(K::Int), pop, where);
      }
      break;
    case K::Dec:
      if (c_.Chance(30))
        s = fmt::format("{} {} of {}{}", c_.Pick(std::vector<std::string>{"sum", "min", "max"}),
                        value(K::Dec), pop, where);
      else
        s = fmt::format("{} {} of {}{}", c_.Chance(50) ? "mean" : rank(),
                        value(c_.Pick(std::vector<K>{K::Int, K::Dec, K::Days})), pop, where);
      break;
    case K::Pct:
      if (c_.Chance(50)) {
        s = fmt::format("percent of {} where {}", pop, Cond(1, row));
        break;
      }
      s = fmt::format("{} {} of {}{}",
                      c_.Chance(30) ? rank() : c_.Pick(std::vector<std::string>{"sum", "mean", "min", "max"}),
                      value(K::Pct), pop, where);
      break;
    case K::Money:
      s = fmt::format("{} {} of {}{}",
                      c_.Chance(30) ? rank() : c_.Pick(std::vector<std::string>{"sum", "mean", "min", "max"}),
                      value(K::Money), pop, where);
      break;
    case K::Date:
      s = fmt::format("{} {} of {}{}", c_.Chance(50) ? "min" : "max", value(K::Date), pop, where);
      break;
    case K::Days:
      s = fmt::format("{} {} of {}{}", c_.Pick(std::vector<std::string>{"sum", "min", "max"}), value(K::Days),
                      pop, where);
      break;
    default:
      s = fmt::format("count {}", pop);
  }
  return "(" + s + ")";
}

// A data block's rule: mostly one that most rows keep (so that most tests
// run), sometimes any condition.
std::string Generator::CheckRule(const Table& t) {
  Ctx row;
  row.table = &t;
  const Column& col = t.columns[c_.Below(t.columns.size())];
  switch (c_.Below(6)) {
    case 1:
      switch (col.kind) {
        case K::Int:
          return fmt::format("{} {}", col.name,
                             c_.Pick(std::vector<std::string>{">= 0", "<= 38", "!= 5", "> -4"}));
        case K::Dec:
          return fmt::format("{} {}", col.name, c_.Pick(std::vector<std::string>{">= -1", "< 100", "!= 0"}));
        case K::Money:
          return fmt::format("{} >= {}0", col.name, symbol_);
        case K::Pct:
          return fmt::format("{} <= 100%", col.name);
        case K::Date:
          return fmt::format("{} >= d", col.name);
        default:
          break;
      }
      break;
    case 2:
      if (col.kind == K::Date && col.name != "d") return fmt::format("{} >= d - 30 days", col.name);
      if (col.optional) return fmt::format("{} is present", col.name);
      break;
    case 3:
      if (!col.values.empty()) return fmt::format("{} != \"{}\"", col.name, col.values.back());
      break;
    case 4:
      for (const Column& big : t.columns)
        if (big.big && big.kind == K::Int)
          return fmt::format("{} * 4 > 0", big.name);  // overflows on huge values
      break;
    case 5:
      return Cond(static_cast<int>(1 + c_.Below(2)), row);
    default:
      break;
  }
  return fmt::format("d >= {}", Iso(start_ - 30));
}

// ---------------------------------------------------------------- declarations
void Generator::Term() {
  static const std::vector<std::vector<int>> kStarts = {
      {2014, 4, 1}, {2015, 1, 1}, {2016, 7, 1}, {2019, 10, 1}};
  const std::vector<int>& s = c_.Pick(kStarts);
  start_ = DaysFromCivil(s[0], s[1], s[2]);
  jan_start_ = s[1] == 1;
  years_ = c_.Between(1, 2);
  end_ = DaysFromCivil(s[0] + years_, s[1], s[2]) - 1;
  periods_ = c_.Pick(std::vector<std::string>{"yearly", "quarterly", "monthly"});
  std::string currency = c_.Pick(std::vector<std::string>{"GBP", "USD", "EUR"});
  symbol_ = currency == "USD" ? "$" : currency == "EUR" ? "\xe2\x82\xac" : "\xc2\xa3";
  out_ += fmt::format(
      "contract \"Fuzzed\" {{\n  commissioner \"C\"\n  provider \"P\"\n  term {} to {}\n  periods {}\n  "
      "currency "
      "{}\n}}\n\n",
      Iso(start_), Iso(end_), periods_, currency);
}

Table Generator::MakeTable(const std::string& name) {
  Table t;
  t.name = name;
  Column d;
  d.name = "d";
  d.kind = K::Date;
  t.columns.push_back(d);
  static const std::vector<std::pair<K, std::string>> kKinds = {
      {K::Int, "n"},    {K::Dec, "x"},    {K::Pct, "p"},   {K::Money, "amt"}, {K::Bool, "flag"},
      {K::Date, "day"}, {K::Text, "txt"}, {K::Id, "code"}, {K::Enum, "kind"}, {K::Int, "n"}};
  size_t n = 1 + c_.Below(6);
  for (size_t i = 0; i < n; ++i) {
    const auto& [kind, prefix] = c_.Pick(kKinds);
    Column col;
    col.name = fmt::format("{}{}", prefix, i + 1);
    col.kind = kind;
    col.optional = c_.Chance(40);
    col.big = (kind == K::Int || kind == K::Dec || kind == K::Money) && c_.Chance(20);
    if (kind == K::Text) col.values = kTexts;
    if (kind == K::Id) col.values = kIds;
    if (kind == K::Enum) {
      col.values = kEnum;
      col.values.resize(2 + c_.Below(3));
    }
    t.columns.push_back(col);
  }
  // At most one key, from a small pool of values so that rows repeat it.
  if (c_.Chance(35)) {
    Column& key = t.columns[1 + c_.Below(t.columns.size() - 1)];
    if (key.kind != K::Bool && key.kind != K::Enum && !key.big) key.key = true;
  }
  std::string block = fmt::format("data {} dated by d {{\n", name);
  for (const Column& col : t.columns) {
    std::string type;
    switch (col.kind) {
      case K::Int:
        type = "int";
        break;
      case K::Dec:
        type = "decimal";
        break;
      case K::Pct:
        type = "percent";
        break;
      case K::Money:
        type = "money";
        break;
      case K::Bool:
        type = "bool";
        break;
      case K::Date:
        type = "date";
        break;
      case K::Text:
        type = "text";
        break;
      case K::Id:
        type = "id";
        break;
      case K::Enum: {
        type = "one of (";
        for (size_t v = 0; v < col.values.size(); ++v)
          type += (v ? ", " : "") + (Bare(col.values[v]) ? col.values[v] : "\"" + col.values[v] + "\"");
        type += ")";
        break;
      }
      default:
        break;
    }
    block += fmt::format("  {} : {}{}{}\n", col.name, type, col.optional ? "?" : "", col.key ? " key" : "");
  }
  for (size_t k = c_.Below(3); k > 0; --k)
    block += fmt::format("  check {} \"rule {} of {}\"\n", CheckRule(t), k, name);
  out_ += block + "}\n\n";
  return t;
}

void Generator::Declarations() {
  for (size_t i = c_.Below(3); i > 0; --i) {
    Named in{fmt::format("in{}", inputs_.size() + 1),
             c_.Pick(std::vector<K>{K::Int, K::Dec, K::Money, K::Pct, K::Text})};
    out_ += fmt::format("input {} : {}\n", in.name, TypeName(in.kind));
    inputs_.push_back(in);
  }
  for (size_t i = c_.Below(3); i > 0; --i) {
    Ctx none;
    K kind = c_.Pick(std::vector<K>{K::Int, K::Dec, K::Money, K::Pct});
    std::string value = E(kind, static_cast<int>(c_.Below(2)), none);
    Named let{fmt::format("l{}", lets_.size() + 1), kind};
    out_ += fmt::format("let {} = {}\n", let.name, value);
    lets_.push_back(let);
  }
  Functions();
  out_ += "\n";
  tables_.reserve(2);
  tables_.push_back(MakeTable("visits"));
  if (c_.Chance(40)) tables_.push_back(MakeTable("claims"));
  for (Table& t : tables_) {
    for (size_t i = c_.Below(3); i > 0; --i) {
      Ctx row;
      row.table = &t;
      std::string from = t.populations.empty() || c_.Chance(50) ? t.name : t.populations.back();
      std::string name = fmt::format("{}_{}", t.name, t.populations.size() + 1);
      out_ += fmt::format("population {} = {} where {}\n", name, from, Cond(1, row));
      t.populations.push_back(name);
    }
  }
  size_t n = 1 + c_.Below(5);
  for (size_t i = 0; i < n; ++i) {
    Measure m;
    m.name = fmt::format("m{}", i + 1);
    m.kind = c_.Pick(std::vector<K>{K::Int, K::Int, K::Dec, K::Pct, K::Money, K::Date, K::Days});
    Ctx x;
    x.measure = true;
    x.measures = i;
    std::string by;
    if (c_.Chance(25)) {
      // `by` a text, id or enumeration column of the one table the measure reads.
      const Table& t = tables_[c_.Below(tables_.size())];
      std::vector<const Column*> coded;
      for (K k : {K::Text, K::Id, K::Enum})
        for (const Column* col : Columns(t, k)) coded.push_back(col);
      if (!coded.empty()) {
        m.by = c_.Pick(coded);
        x.only = &t;
        by = " by " + m.by->name;
      }
    }
    std::string value = x.only ? Aggregate(m.kind, x) : E(m.kind, static_cast<int>(c_.Below(3)), x);
    out_ += fmt::format("measure {}{} = {}\n", m.name, by, value);
    measures_.push_back(m);
  }
  out_ += "\n";
  for (const Measure& m : measures_) {
    if (m.kind == K::Date || m.kind == K::Days || !c_.Chance(40)) continue;
    switch (c_.Below(3)) {
      case 0:
        out_ += fmt::format("target {} at least {}\n", m.name, Lit(m.kind));
        break;
      case 1:
        out_ += fmt::format("target {} at most {}\n", m.name, Lit(m.kind));
        break;
      default: {
        std::string a = Lit(m.kind), b = Lit(m.kind);
        if (a == b) continue;
        out_ += fmt::format("target {} from {} to {}\n", m.name, a, b);
      }
    }
    targeted_.push_back(m.name);
  }
  if (!targeted_.empty() && c_.Chance(70)) {
    outcome_ = true;
    out_ += "outcome o1 weight 100% {\n";
    if (targeted_.size() == 1 || c_.Chance(50)) {
      out_ += "  " + targeted_[0] + "\n";
    } else {
      out_ += fmt::format("  {} weight 40%\n  {} weight 60%\n", targeted_[0], targeted_[1]);
    }
    out_ += "}\n";
  }
  if (c_.Chance(50)) {
    // No finer than the reporting periods.
    std::vector<std::string> frequencies = {"yearly"};
    if (periods_ != "yearly") frequencies.push_back("quarterly");
    if (periods_ == "monthly") frequencies.push_back("monthly");
    pay_frequency_ = c_.Pick(frequencies);
    out_ += fmt::format("payment {} {{\n", pay_frequency_);
    pay_lines_.push_back("Base");
    out_ += fmt::format("  pay \"Base\" = {}\n", Lit(K::Money));
    if (c_.Chance(30)) {
      pay_lines_.push_back("Yearly step");
      out_ += fmt::format("  pay \"Yearly step\" = {}10 * contract_year\n", symbol_);
    }
    if (c_.Chance(30)) {
      pay_lines_.push_back("Late");
      out_ += fmt::format("  pay \"Late\" = if {} > {} then {}1 else {}0\n",
                          c_.Chance(50) ? "period_end" : "period_start", Lit(K::Date), symbol_, symbol_);
    }
    if (outcome_) {
      pay_lines_.push_back("Bonus");
      out_ += fmt::format("  pay \"Bonus\" = {}500 * achievement\n", symbol_);
    }
    for (const Measure& m : measures_) {
      if (m.kind != K::Int && m.kind != K::Dec && m.kind != K::Money) continue;
      if (!c_.Chance(40)) continue;
      std::string line = fmt::format("Per {}", m.name);
      pay_lines_.push_back(line);
      // Without `otherwise`, a missing value is a run-time error naming the line.
      std::string value = c_.Chance(80) ? fmt::format("({} otherwise {})", m.name, Lit(m.kind)) : m.name;
      out_ += m.kind == K::Money ? fmt::format("  pay \"{}\" = {} * 10%\n", line, value)
                                 : fmt::format("  pay \"{}\" = {}2 * {}\n", line, symbol_, value);
    }
    out_ += "}\n";
  }
  out_ += "\n";
}

std::string Generator::Cell(const Column& col) {
  if (col.optional && c_.Chance(25)) return "";
  if (col.key && col.kind != K::Date) {
    switch (col.kind) {
      case K::Int:
        return std::to_string(c_.Below(3));
      case K::Dec:
        return c_.Pick(std::vector<std::string>{"1.5", "1.50", "2"});
      case K::Pct:
        return c_.Pick(std::vector<std::string>{"50%", "0.5", "10%"});
      case K::Money:
        return c_.Pick(std::vector<std::string>{"3", symbol_ + "3.00", "4"});
      default:
        return c_.Pick(std::vector<std::string>{"A1", "A2", "Ward 7"});
    }
  }
  switch (col.kind) {
    case K::Int:
      if (col.big && c_.Chance(70))
        return c_.Pick(
            std::vector<std::string>{"4611686018427387904", "-4611686018427387904", "9000000000000000000"});
      return std::to_string(c_.Between(-3, 40));
    case K::Dec:
      if (col.big && c_.Chance(70))
        return c_.Pick(std::vector<std::string>{"99999999999999999999", "-99999999999999999999"});
      return c_.Pick(std::vector<std::string>{"2.5", "0", "-1.25", "100", "0.333333333333333333", "7",
                                              "0.125", "2.675", "-1.005"});
    case K::Money:
      if (col.big && c_.Chance(70))
        return c_.Pick(std::vector<std::string>{"99999999999999999999", "-99999999999999999999.00"});
      return c_.Pick(std::vector<std::string>{"12.50", symbol_ + "3", "-4.00", symbol_ + "1,234.50", "0"});
    case K::Pct:
      return c_.Pick(std::vector<std::string>{"50%", "0.25", "100%", "12.5%", "0"});
    case K::Bool:
      return c_.Pick(std::vector<std::string>{"true", "false", "yes", "n", "1", "0"});
    case K::Date: {
      int64_t day = col.name == "d" && c_.Chance(85) ? start_ + c_.Between(0, end_ - start_)
                                                     : start_ + c_.Between(-60, end_ - start_ + 60);
      return Iso(day);
    }
    default:
      return c_.Pick(col.values);
  }
}

// Labels an `expect ... in` may name: the reporting periods, contract years
// and `term`; for a payment line, the payment block's periods.
std::vector<std::string> Generator::Labels(bool payment) {
  std::vector<std::string> labels = {"term"};
  const std::string& frequency = payment ? pay_frequency_ : periods_;
  for (int64_t y = 0; y < years_; ++y) {
    Ymd s = CivilFromDays(start_);
    int64_t year = s.y + y;
    std::string label = jan_start_ ? std::to_string(year) : fmt::format("{}/{:02}", year, (year + 1) % 100);
    if (!payment || frequency == "yearly") labels.push_back(label);
    if (frequency == "quarterly")
      for (int q = 1; q <= 4; ++q) labels.push_back(fmt::format("{} Q{}", label, q));
    if (frequency == "monthly")
      for (int64_t m = 0; m < 12; ++m) {
        int64_t month = s.m - 1 + m;
        labels.push_back(fmt::format("{:04}-{:02}", year + month / 12, month % 12 + 1));
      }
  }
  if (payment) labels.erase(labels.begin());  // `term` is no payment period
  return labels;
}

std::string Generator::Test(int n) {
  std::string s = fmt::format("test \"test {}\" {{\n", n);
  for (const Table& t : tables_) {
    if (!c_.Chance(85)) continue;
    std::vector<const Column*> header;
    for (const Column& col : t.columns)
      if (!col.optional || c_.Chance(60)) header.push_back(&col);
    for (size_t i = header.size(); i > 1; --i) std::swap(header[i - 1], header[c_.Below(i)]);
    s += fmt::format("  given {} {{\n    |", t.name);
    for (const Column* col : header) s += " " + col->name + " |";
    s += "\n";
    for (size_t r = c_.Below(7); r > 0; --r) {
      s += "    |";
      for (const Column* col : header) s += " " + Cell(*col) + " |";
      s += "\n";
    }
    s += "  }\n";
  }
  for (const Named& in : inputs_) s += fmt::format("  set {} = {}\n", in.name, Lit(in.kind));
  // Every value the engines compute is compared through an expect: each
  // measure (and a group of each `by` measure) in one period, the
  // achievement and the payment total; then a few more of any kind.
  std::vector<std::string> labels = Labels(false);
  for (const Measure& m : measures_) {
    std::string at = c_.Pick(labels);
    s += fmt::format("  expect {} = {} in \"{}\"\n", m.name, Lit(m.kind), at);
    if (m.by)
      s += fmt::format("  expect {} for \"{}\" = {} in \"{}\"\n", m.name, c_.Pick(m.by->values), Lit(m.kind),
                       at);
  }
  if (outcome_) s += fmt::format("  expect achievement = {} in \"{}\"\n", Lit(K::Pct), c_.Pick(labels));
  if (!pay_lines_.empty()) s += fmt::format("  expect payment total = {}\n", Lit(K::Money));
  for (size_t e = c_.Below(4); e > 0; --e) {
    size_t what = c_.Below(10);
    std::string in = c_.Chance(50) ? fmt::format(" in \"{}\"", c_.Pick(labels)) : "";
    if (what == 0 && outcome_) {
      s += fmt::format("  expect achievement{} = {}{}\n", c_.Chance(50) ? " of o1" : "", Lit(K::Pct), in);
    } else if (what == 1 && !pay_lines_.empty()) {
      std::vector<std::string> pay = Labels(true);
      std::string at = c_.Chance(50) ? fmt::format(" in \"{}\"", c_.Pick(pay)) : "";
      if (c_.Chance(50))
        s += fmt::format("  expect payment total = {}{}\n", Lit(K::Money), at);
      else
        s += fmt::format("  expect payment \"{}\" = {}{}\n", c_.Pick(pay_lines_), Lit(K::Money), at);
    } else {
      const Measure& m = c_.Pick(measures_);
      std::string group;
      if (m.by && c_.Chance(60)) group = fmt::format(" for \"{}\"", c_.Pick(m.by->values));
      if (c_.Chance(20))
        s += fmt::format("  expect {}{} is missing{}\n", m.name, group, in);
      else
        s += fmt::format("  expect {}{} = {}{}\n", m.name, group, Lit(m.kind), in);
    }
  }
  return s + "}\n";
}

std::string Generator::Make() {
  Term();
  Declarations();
  for (int t = 1 + static_cast<int>(c_.Below(3)), n = 1; n <= t; ++n) out_ += Test(n);
  return out_;
}

}  // namespace

std::string ContractFromBytes(const uint8_t* data, size_t size) { return Generator(data, size).Make(); }

}  // namespace ocf::fuzz
