// The random contracts and data of the differential tests: a small
// generator of contracts (every construct of LANGUAGE.md, typed expressions a
// few levels deep) and of messy CSV data for them, from a seed. Shared by
// tests/unit/differential_test.cc (the JIT against the interpreter) and
// tests/differential/sql_test.cc (the JIT against PostgreSQL and DuckDB);
// tests/differential/README.md describes what it makes.
//
//   generator.h        the model (types, columns, tables, contexts) and the class
//   generator_expr.cc  expressions: literals, arithmetic, conditions, aggregates, links
//   generator_decl.cc  declarations and data: term, data blocks, cells, measures, payments
//
// A seed makes the same contract and data with every compiler and standard
// library: the generator draws its own numbers from std::mt19937_64.
#pragma once

#include <cstdint>
#include <map>
#include <random>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace ocf::difftest {

// ---------------------------------------------------------------- random numbers
// Our own draws from mt19937_64 (whose output the standard fixes), not
// std::uniform_int_distribution (whose algorithm it does not), so that a seed
// makes the same contract with every standard library.
class Rng {
 public:
  explicit Rng(uint64_t seed) : g_(seed * 0x9E3779B97F4A7C15ULL + 0x2545F4914F6CDD1DULL) {}
  int64_t Int(int64_t lo, int64_t hi) {  // lo..hi inclusive
    uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
    return lo + static_cast<int64_t>(span == 0 ? g_() : g_() % span);
  }
  bool Chance(double p) { return static_cast<double>(g_() >> 11) * 0x1.0p-53 < p; }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v.at(static_cast<size_t>(Int(0, static_cast<int64_t>(v.size()) - 1)));
  }
  template <typename T>
  void Shuffle(std::vector<T>& v) {
    for (size_t i = v.size(); i > 1; --i)
      std::swap(v[i - 1], v[static_cast<size_t>(Int(0, static_cast<int64_t>(i) - 1))]);
  }

 private:
  std::mt19937_64 g_;
};

// ---------------------------------------------------------------- dates
// Days since 1970-01-01 and back (H. Hinnant's civil calendar algorithms).
int64_t DaysFromCivil(int64_t y, int64_t m, int64_t d);
std::string IsoDate(int64_t days);
std::string UkDate(int64_t days);
// The same day `years` later, clamped to the month's end (29 Feb -> 28 Feb).
int64_t AddYears(int64_t days, int64_t years);

// ---------------------------------------------------------------- the contract's model
// Day durations are `Days`; month durations only appear written out after a date.
enum class Ty { Int, Dec, Pct, Money, Bool, Date, Days, Text, Id, Enum };

bool Numeric(Ty t);
bool Textual(Ty t);
std::string TypeName(Ty t);

struct Col {
  std::string name;
  Ty ty = Ty::Int;
  bool optional = false;
  bool key = false;
  // Huge values in some rows (ints over 2^62, decimals near 1e20): a sum
  // over two of them overflows. Such a column is used only in sums, means,
  // comparisons and `* 4` (which overflows), never in other arithmetic.
  bool big = false;
  // Huge values of both signs: a sum may then overflow on the way and still
  // end in range (DifferentialReduced.OverflowOfARunningSumDependsOnTheOrder).
  bool mixed = false;
  bool precise = false;             // decimals with all 18 fractional digits
  double missing = 0;               // share of missing cells (optional columns)
  std::vector<std::string> values;  // enum: its values; text, id: the cells are drawn from these
};

struct Table {
  std::string name;
  std::vector<Col> cols;
  size_t dated_by = 0;
  bool uk_dates = false;
  size_t rows = 0;
};

struct Named {
  std::string name;
  Ty ty;
};

struct Input {
  std::string name;
  Ty ty;
  std::string value;  // as given to --set
};

struct Fn {
  std::string name;
  Ty result;
  std::vector<Ty> params;
};

struct Pop {
  std::string name;
  size_t table;
  bool links = false;  // its condition links to other records (so it cannot be linked to)
};

struct Measure {
  std::string name;
  Ty ty;
  std::set<size_t> reads;  // tables read, directly or through other measures
};

// What an expression may refer to where it is written.
struct Ctx {
  enum Kind { Row, Agg, Pay, Body, Const } kind = Const;
  size_t table = 0;                   // Row: the record's table
  std::string by;                     // Agg: the `by` column (tables without it are out of bounds)
  const Col* by_col = nullptr;        // Agg: that column, in the table it was chosen from
  std::set<size_t>* reads = nullptr;  // Agg: tables read
  size_t measures = 0;                // Agg: the measures before this one may be used
  std::vector<Named> locals;          // Body: parameters; Pay: the block's lets
  size_t functions = 0;               // functions before this one may be called
  size_t lets = 0;                    // lets before this one may be used
  std::string row_name;               // Row: the table as the aggregate or population names it
  // Row, inside a link's condition: the columns of both records, named as
  // the condition may write them (`T.x`, `U.x`, or bare when only one has x).
  const std::vector<Col>* link_cols = nullptr;
};

// A generated case: the contract, its data files and the --set arguments.
struct Case {
  std::string contract;
  std::map<std::string, std::string> files;  // data file name -> contents
  std::vector<std::string> sets;             // NAME=VALUE
  bool fallback = false;                     // deliberately uses what the JIT does not compile
  bool extreme = false;                      // huge values somewhere
  bool may_break_checks = false;             // a `check` rule the data may break
  // The kinds of run-time error the contract may raise ("overflow", "round",
  // "power"): with more than one, the engines may each meet another first.
  std::set<std::string> error_kinds;
  size_t rows = 0;
  std::set<std::string> tags;        // constructs used, counted by CountConstructs
  std::set<std::string> constructs;  // constructs the generator says it wrote (links: Link)
};

// What the generator leaves out, for what is compared.
struct GenOptions {
  // Leave out what the reduced cases of differential_test.cc need (huge
  // values of both signs, overflowing values under a missing operand, decimal
  // targets on int measures, aggregates as function arguments), to look for
  // new problems while known ones are being fixed (OCF_DIFF_AVOID_KNOWN=1).
  bool avoid_known = false;
  // For a warehouse (tests/differential/sql_test.cc): leave out what `ocf
  // sql` does not push down and what a warehouse cannot answer as ocf does.
  enum class Target { Engines, Postgres, DuckDB } target = Target::Engines;
};

// The contract and data of `seed`.
Case Generate(uint64_t seed, const GenOptions& options = {});

// ---------------------------------------------------------------- helpers
inline const std::vector<std::string> kTextPool = {"north",       "south east",  "Ward 7",    "a, b",
                                                   "say \"hi\"",  "caf\xc3\xa9", "x",         "North",
                                                   "back\\slash", "7",           "two\nlines"};
inline const std::vector<std::string> kEnumPool = {"physio",        "orthopaedics", "pain",  "day case",
                                                   "mental health", "home",         "acute", "b2",
                                                   "community",     "x-ray"};
// A bare word an enumeration value may be written as.
bool Bare(const std::string& v);
// A text literal of the language.
std::string Quote(const std::string& s);
std::string Ordinal(int n);
// Decimal text of units / 10^scale, exactly.
std::string Fixed(int64_t units, int scale);

// ---------------------------------------------------------------- the generator
class Generator {
 public:
  Generator(uint64_t seed, const GenOptions& options)
      : r_(seed),
        avoid_known_(options.avoid_known),
        sql_(options.target != GenOptions::Target::Engines),
        duckdb_(options.target == GenOptions::Target::DuckDB) {}
  Case Make();

 private:
  // Declarations.
  void MakeTerm();
  Table MakeTable(size_t index);
  void MakeDataBlock(size_t table);
  void MakeInputs();
  void MakeLets();
  void MakeFunctions();
  void MakePopulations();
  void MakeMeasures();
  void MakeTargetsOutcomesPayment();
  // LANGUAGE.md §6's structure: gates, and a payment by a `by` column.
  void MakeGatesAndGroupPayment();
  std::string Data(const Table& t);
  std::string Notes();
  std::string Cell(const Table& t, const Col& c, size_t row, int64_t dated, bool huge);

  // Expressions of a type, `d` levels deep at most.
  std::string E(Ty t, int d, Ctx& c);
  std::string Leaf(Ty t, Ctx& c);
  std::string Cond(int d, Ctx& c);
  std::string Atom(int d, Ctx& c);
  std::string TextAtom(Ctx& c);
  std::string Unsupported(Ctx& c);
  std::string Aggregate(Ty t, Ctx& c);
  std::string Population(size_t table);
  // `exists U on K where C` or `(count U on K where C) OP N` (LANGUAGE.md §6), or "".
  std::string Link(int d, Ctx& c, bool value = false);
  std::string Lit(Ty t);
  std::string Call(Ty t, int d, Ctx& c);
  std::string Places(int d, Ctx& c);
  std::string Match(Ty t, int d, Ctx& c);
  std::set<std::string> tags_;
  std::vector<const Col*> Cols(const Ctx& c, Ty t, bool allow_big = false) const;
  std::vector<size_t> Tables(const Ctx& c) const;
  Ctx RowOf(size_t table, const Ctx& outer) const;

  std::string Money(const std::string& amount) const { return symbol_ + amount; }

  // For a warehouse (GenOptions::target): what `ocf sql` does not push
  // down, or a warehouse cannot answer as ocf does, is left out of row
  // expressions: an aggregate's or a population's records, the bodies of
  // functions (which rows may call) and top-level lets (which `ocf sql`
  // writes into the rows' SQL where they are used).
  bool InRows(const Ctx& c) const {
    return c.kind == Ctx::Row || c.kind == Ctx::Body || c.kind == Ctx::Const;
  }
  // A run-time error in a row expression (ocf stops there, the warehouse
  // cannot say where): nothing that may fail is written in a row or in a
  // function body (which rows may call).
  bool NoRowErrors(const Ctx& c) const { return sql_ && InRows(c); }
  // `ocf sql` pushes no `^` down in a row expression.
  bool NoRowPower(const Ctx& c) const { return sql_ && InRows(c); }
  // DuckDB's DECIMAL(38,18) cannot hold a product of two of them: no decimal
  // `*` or `/` in a row expression.
  bool NoRowDecimalArithmetic(const Ctx& c) const { return duckdb_ && InRows(c); }

  Rng r_;
  bool avoid_known_ = false;  // leave out what the reduced cases show failing
  bool sql_ = false, duckdb_ = false;
  bool may_break_checks_ = false;
  bool fallback_ = false, extreme_ = false, in_check_ = false;
  bool links_ = false;  // the tables have a `person` column to link on
  int links_made_ = 0;
  std::set<std::string> constructs_;  // for the tally
  std::set<std::string> error_kinds_;
  int risky_ = 0;                      // how many times something that may fail at run time was generated
  std::set<std::string> risky_names_;  // lets and functions that may fail
  void Risky(const char* kind) {
    error_kinds_.insert(kind);
    ++risky_;
  }
  std::string symbol_ = "\xc2\xa3";  // £
  std::string periods_;
  int64_t start_ = 0, end_ = 0;
  int64_t baseline_start_ = 0, baseline_end_ = 0;  // when has_baseline_
  bool has_baseline_ = false;
  std::vector<Table> tables_;
  std::vector<Input> inputs_;
  std::vector<Named> lets_;
  std::vector<Fn> functions_;
  std::vector<Pop> pops_;
  std::vector<Measure> measures_;
  // Measures with `by`: the column's name, and the column (for its values).
  std::vector<std::pair<std::string, const Col*>> by_columns_;
  std::vector<std::string> outcome_names_;
  std::vector<std::string> decls_;  // declarations, shuffled at the end
  std::string group_;               // a column both tables have, for `by` across tables
};

}  // namespace ocf::difftest
