// The syntax tree of one .ocf file: ocf's own, built by compiler/parse from
// ANTLR's parse tree, and never changed after that (but for `--set` on a
// top-level let: the driver puts the new value in the let's place and checks
// the trees again, compiler/driver/settings.h). Semantic analysis keeps
// what it learns (types, resolved names) in side tables keyed by NodeId.
//
// Literal values are already checked and exact here (Decimal, Date): the
// parser reports a 5,000-digit number or 2014-02-30 where it reads them.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "compiler/source/source.h"
#include "runtime/date.h"
#include "runtime/decimal.h"

namespace ocf::ast {

using NodeId = uint32_t;

// A name as written, with where it was written.
struct Ident {
  std::string text;
  Span span;
};

// ------------------------------------------------------------------ types

enum class BaseType { Int, Decimal, Percent, Money, Bool, Date, Duration, Text, Id, Enum };

struct TypeExpr {
  BaseType base = BaseType::Int;
  bool optional = false;
  std::vector<Ident> enum_values;  // for Enum, as written (quotes removed)
  // A type written as a name. When a `type NAME = one of (...)` of the same
  // file declares it, the parser has filled in `base` (Enum) and
  // `enum_values` from the declaration; otherwise sema reports an unknown
  // type, `base` holding the parser's guess at what was meant and
  // `did_you_mean` its spelling, if any.
  std::optional<Ident> named;
  std::string did_you_mean;
  Span span;
};

// ------------------------------------------------------------ expressions

enum class ExprKind {
  Number,       // 42, 3.25 (int when written without a point)
  Percent,      // 95%
  Money,        // £26.5m
  Date,         // 2014-04-01
  Text,         // "..."
  Bool,         // true, false
  Duration,     // 18 weeks
  Name,         // a reference, resolved by sema
  Call,         // f(x), min(a, b), days(d)
  Unary,        // -x, +x, not x
  Binary,       // + - * / ^ and or otherwise, comparisons
  IsMissing,    // x is missing / x is present
  In,           // x in (a, b) / x not in (a, b)
  If,           // if c then a else b
  AsPercent,    // x as percent
  Aggregate,    // count P, sum E of P where C, ...
  Achievement,  // achievement, achievement of OUTCOME
  Tiered,       // tiered(x) { first L at R, ..., rest at R }
  OtherPeriod,  // MEASURE in previous period, MEASURE at baseline
  Paid,         // paid "LINE" so far, paid "LINE" this year
  Match,        // match x { case => value ... else => value }
  Link,         // exists U on K where C, count U on K where C
  Qualified,    // T.column in a linked condition
  Error,        // where the parser could not build anything; sema stays quiet about it
};

enum class BinaryOp { Add, Sub, Mul, Div, Pow, Eq, Ne, Lt, Le, Gt, Ge, And, Or, Otherwise };
enum class UnaryOp { Neg, Plus, Not };
enum class AggregateOp { Count, CountDistinct, PercentOf, Sum, Mean, Median, Percentile, Min, Max };
enum class DurationUnit { Days, Months };  // weeks are 7 days, years 12 months

const char* ToString(BinaryOp op);
const char* ToString(AggregateOp op);
bool IsComparison(BinaryOp op);

struct Expr {
  NodeId id = 0;
  ExprKind kind;
  Span span;

  Expr(ExprKind k, Span s) : kind(k), span(s) {}
  virtual ~Expr() = default;
};
using ExprPtr = std::unique_ptr<Expr>;

struct NumberExpr : Expr {
  Decimal value;
  bool is_integer = false;  // written without a decimal point
  NumberExpr(Span s, Decimal v, bool integer) : Expr(ExprKind::Number, s), value(v), is_integer(integer) {}
};

struct PercentExpr : Expr {
  Decimal value;  // the fraction: 95% is 0.95
  PercentExpr(Span s, Decimal v) : Expr(ExprKind::Percent, s), value(v) {}
};

struct MoneyExpr : Expr {
  Decimal amount;        // in currency units, suffix applied: £26.5m is 26500000
  std::string currency;  // "GBP", "USD", "EUR" from the symbol
  MoneyExpr(Span s, Decimal v, std::string c) : Expr(ExprKind::Money, s), amount(v), currency(std::move(c)) {}
};

struct DateExpr : Expr {
  Date value;
  DateExpr(Span s, Date v) : Expr(ExprKind::Date, s), value(v) {}
};

struct TextExpr : Expr {
  std::string value;  // escapes resolved
  TextExpr(Span s, std::string v) : Expr(ExprKind::Text, s), value(std::move(v)) {}
};

struct BoolExpr : Expr {
  bool value;
  BoolExpr(Span s, bool v) : Expr(ExprKind::Bool, s), value(v) {}
};

struct DurationExpr : Expr {
  int64_t amount;  // in days or months, weeks and years already converted
  DurationUnit unit;
  DurationExpr(Span s, int64_t a, DurationUnit u) : Expr(ExprKind::Duration, s), amount(a), unit(u) {}
};

struct NameExpr : Expr {
  std::string name;
  NameExpr(Span s, std::string n) : Expr(ExprKind::Name, s), name(std::move(n)) {}
};

// A measure's value in another period than the one being worked out:
// `MEASURE in previous period` (the period of the same kind just before).
struct OtherPeriodExpr : Expr {
  enum class Which { Previous, Baseline };  // `in previous period`, `at baseline`
  std::unique_ptr<NameExpr> measure;
  Which which = Which::Previous;
  OtherPeriodExpr(Span s, std::unique_ptr<NameExpr> m, Which w)
      : Expr(ExprKind::OtherPeriod, s), measure(std::move(m)), which(w) {}
};

// What a payment line has paid in the payment periods before this one: all
// of them (`so far`) or those in this period's contract year (`this year`).
struct PaidExpr : Expr {
  Ident line;  // the line's name, with the span of its literal
  bool this_year = false;
  PaidExpr(Span s, Ident l, bool year) : Expr(ExprKind::Paid, s), line(std::move(l)), this_year(year) {}
};

struct CallExpr : Expr {
  Ident callee;
  std::vector<ExprPtr> args;
  CallExpr(Span s, Ident c) : Expr(ExprKind::Call, s), callee(std::move(c)) {}
};

struct UnaryExpr : Expr {
  UnaryOp op;
  ExprPtr operand;
  UnaryExpr(Span s, UnaryOp o, ExprPtr e) : Expr(ExprKind::Unary, s), op(o), operand(std::move(e)) {}
};

struct BinaryExpr : Expr {
  BinaryOp op;
  Span op_span;
  ExprPtr lhs, rhs;
  BinaryExpr(Span s, BinaryOp o, Span os, ExprPtr l, ExprPtr r)
      : Expr(ExprKind::Binary, s), op(o), op_span(os), lhs(std::move(l)), rhs(std::move(r)) {}
};

struct IsMissingExpr : Expr {
  ExprPtr operand;
  bool present;  // `is present` when true, `is missing` when false
  IsMissingExpr(Span s, ExprPtr e, bool p)
      : Expr(ExprKind::IsMissing, s), operand(std::move(e)), present(p) {}
};

struct InExpr : Expr {
  ExprPtr operand;
  std::vector<ExprPtr> values;
  bool negated = false;  // `not in`
  InExpr(Span s, ExprPtr e, bool n) : Expr(ExprKind::In, s), operand(std::move(e)), negated(n) {}
};

struct IfExpr : Expr {
  ExprPtr cond, then_value, else_value;
  IfExpr(Span s, ExprPtr c, ExprPtr t, ExprPtr e)
      : Expr(ExprKind::If, s), cond(std::move(c)), then_value(std::move(t)), else_value(std::move(e)) {}
};

struct AsPercentExpr : Expr {
  ExprPtr operand;
  Span op_span;  // the words `as percent`: what a diagnostic about the conversion points at
  AsPercentExpr(Span s, ExprPtr e, Span os)
      : Expr(ExprKind::AsPercent, s), operand(std::move(e)), op_span(os) {}
};

struct AggregateExpr : Expr {
  AggregateOp op;
  Span op_span;
  ExprPtr value;       // E in `sum E of P`; null for count / percent of
  Ident source;        // P: a dataset or population
  ExprPtr condition;   // C in `where C`; may be null
  int percentile = 0;  // for Percentile: 0-100 (median is its own op)
  AggregateExpr(Span s, AggregateOp o, Span os) : Expr(ExprKind::Aggregate, s), op(o), op_span(os) {}
};

struct AchievementExpr : Expr {
  std::optional<Ident> outcome;  // `achievement of OUTCOME`
  AchievementExpr(Span s, std::optional<Ident> o) : Expr(ExprKind::Achievement, s), outcome(std::move(o)) {}
};

enum class TierKind { First, Next, Rest };
struct Tier {
  TierKind kind;
  Span span;
  ExprPtr limit;  // null for Rest
  ExprPtr rate;
};

struct TieredExpr : Expr {
  ExprPtr amount;
  std::vector<Tier> tiers;
  TieredExpr(Span s, ExprPtr a) : Expr(ExprKind::Tiered, s), amount(std::move(a)) {}
};

// One case pattern of a decision table: a value, or a range whose missing
// end is open (`below 5` has no low end, `65 or more` no high end).
struct MatchPattern {
  enum class Kind { Value, Range, RangeBelow, Below, Over, OrMore, OrLess };
  Kind kind = Kind::Value;
  ExprPtr low;   // Value: the value; Range, RangeBelow, Over, OrMore: the low end
  ExprPtr high;  // Range, RangeBelow, Below, OrLess: the high end
  bool low_included = true;
  bool high_included = true;
  Span span;
};

struct MatchCase {
  std::vector<MatchPattern> patterns;
  ExprPtr result;
  Span span;  // the patterns (what a diagnostic about the case points at)
};

// `match SUBJECT { CASE => EXPR ... [else => EXPR] }` (LANGUAGE.md §6,
// "Decision tables").
struct MatchExpr : Expr {
  ExprPtr subject;
  std::vector<MatchCase> cases;
  ExprPtr else_result;  // null without `else`
  Span else_span;
  MatchExpr(Span s, ExprPtr subj) : Expr(ExprKind::Match, s), subject(std::move(subj)) {}
};

// `exists U [as ALIAS] on K [= K2] [where C]` and `count U ... on ...`
// (LANGUAGE.md §6, "Linked records"): records of U sharing the outer row's
// key.
struct LinkExpr : Expr {
  bool count = false;  // `count`, else `exists`
  Span op_span;
  Ident source;                    // U: a dataset or population
  std::optional<Ident> alias;      // `as ALIAS`
  Ident key;                       // K, or K1 in `on K1 = K2`: the outer row's column
  std::optional<Ident> other_key;  // K2: U's column, when the names differ
  ExprPtr condition;               // may be null
  LinkExpr(Span s, bool is_count, Span os) : Expr(ExprKind::Link, s), count(is_count), op_span(os) {}
};

// `T.column`: a column of one of a link's two tables.
struct QualifiedExpr : Expr {
  Ident qualifier;
  Ident column;
  QualifiedExpr(Span s, Ident q, Ident c)
      : Expr(ExprKind::Qualified, s), qualifier(std::move(q)), column(std::move(c)) {}
};

struct ErrorExpr : Expr {
  explicit ErrorExpr(Span s) : Expr(ExprKind::Error, s) {}
};

// ----------------------------------------------------------- declarations

enum class DeclKind {
  Contract,
  Import,
  Data,
  Population,
  Let,
  Input,
  Function,
  Measure,
  Target,
  Outcome,
  Payment,
  Test,
  Type,
  Gate
};

const char* ToString(DeclKind kind);  // "measure", "data", ...

struct Decl {
  NodeId id = 0;
  DeclKind kind;
  Span span;          // the whole declaration
  Span keyword_span;  // its first word
  Decl(DeclKind k, Span s) : kind(k), span(s) {}
  virtual ~Decl() = default;
};
using DeclPtr = std::unique_ptr<Decl>;
// The name a top-level declaration declares; null for contract, import,
// target, payment and test.
const Ident* NameOf(const Decl& d);

enum class Frequency { Monthly, Quarterly, Yearly };
const char* ToString(Frequency f);

struct ContractField {
  Ident name;  // as written: "commissioner", "term", ... or an unknown word
  Span span;   // the whole field
};

struct ContractDecl : Decl {
  std::optional<std::string> title;
  Span title_span;
  std::optional<std::string> commissioner;
  std::vector<std::string> providers;
  std::optional<Date> term_start, term_end;
  Span term_span;
  std::optional<Date> baseline_start, baseline_end;  // `baseline FROM to TO`
  Span baseline_span;
  std::optional<Frequency> periods;  // unset: yearly
  Span periods_span;
  std::optional<Ident> currency;      // unset: GBP
  std::vector<ContractField> fields;  // every field in order, for duplicate and unknown-field checks
  explicit ContractDecl(Span s) : Decl(DeclKind::Contract, s) {}
};

struct ImportDecl : Decl {
  std::string path;
  Span path_span;
  explicit ImportDecl(Span s) : Decl(DeclKind::Import, s) {}
};

struct ColumnDecl {
  NodeId id = 0;
  Ident name;
  TypeExpr type;
  bool key = false;
  Span span;
};

struct CheckRule {
  ExprPtr condition;
  std::optional<std::string> message;
  Span span;
};

struct DataDecl : Decl {
  Ident name;
  std::optional<std::string> title;
  std::optional<Ident> dated_by;
  std::vector<ColumnDecl> columns;
  std::vector<CheckRule> checks;
  std::vector<std::pair<std::string, Span>> date_formats;  // as written; more than one is an error
  explicit DataDecl(Span s) : Decl(DeclKind::Data, s) {}
};

struct PopulationDecl : Decl {
  Ident name;
  Ident source;
  ExprPtr condition;  // null when `where` was left out (an error)
  explicit PopulationDecl(Span s) : Decl(DeclKind::Population, s) {}
};

struct LetDecl : Decl {
  Ident name;
  ExprPtr value;
  explicit LetDecl(Span s) : Decl(DeclKind::Let, s) {}
};

struct InputDecl : Decl {
  Ident name;
  TypeExpr type;
  std::optional<std::string> title;
  explicit InputDecl(Span s) : Decl(DeclKind::Input, s) {}
};

struct Param {
  NodeId id = 0;
  Ident name;
  TypeExpr type;
};

struct FunctionDecl : Decl {
  Ident name;
  std::vector<Param> params;
  std::optional<TypeExpr> result;  // required by the language; missing is reported by sema
  ExprPtr body;
  explicit FunctionDecl(Span s) : Decl(DeclKind::Function, s) {}
};

// `over last N months|quarters|years`, `over year to date`, `over term to
// date` (LANGUAGE.md §6, "Windows").
struct Window {
  enum class Kind { Last, YearToDate, TermToDate } kind = Kind::Last;
  int64_t months = 0;  // Last: N months, quarters or years, in months
  Span span;           // from `over`
};

struct MeasureDecl : Decl {
  Ident name;
  std::optional<std::string> title;
  std::optional<TypeExpr> declared_type;
  std::optional<Ident> by;
  std::optional<Window> over;
  ExprPtr value;
  explicit MeasureDecl(Span s) : Decl(DeclKind::Measure, s) {}
};

// Change: `reduced by R [points] from baseline`, `increased by ...`.
enum class TargetKind { AtLeast, AtMost, Range, Change };

struct TargetDecl : Decl {
  Ident measure;
  TargetKind target_kind = TargetKind::AtLeast;
  ExprPtr threshold;      // at least / at most; `from` for Range; R for Change
  ExprPtr to;             // Range only
  bool increase = false;  // Change: `increased by`
  bool points = false;    // Change: R written in `points`
  Span points_span;
  explicit TargetDecl(Span s) : Decl(DeclKind::Target, s) {}
};

struct OutcomeMeasure {
  Ident measure;
  ExprPtr weight;  // may be null
  Span span;
};

struct OutcomeDecl : Decl {
  Ident name;
  std::optional<std::string> title;
  ExprPtr weight;  // may be null
  std::vector<OutcomeMeasure> measures;
  explicit OutcomeDecl(Span s) : Decl(DeclKind::Outcome, s) {}
};

struct PaymentItem {
  NodeId id = 0;
  bool is_let = false;
  bool shadow = false;  // `shadow pay`: shown, not paid
  Ident name;           // let name, or the pay line's text with the span of its literal
  ExprPtr value;
  Span span;
};

struct PaymentDecl : Decl {
  std::optional<Frequency> frequency;  // unset when the word was not a frequency (reported by the parser)
  Ident frequency_word;
  std::optional<Ident> by;  // `payment quarterly by COLUMN`: evaluated per group
  std::vector<PaymentItem> items;
  explicit PaymentDecl(Span s) : Decl(DeclKind::Payment, s) {}
};

// `type NAME = one of (...)`: an enumeration declared once, for columns of
// several tables (LANGUAGE.md §6, "Named types").
struct TypeDecl : Decl {
  Ident name;
  TypeExpr type;
  explicit TypeDecl(Span s) : Decl(DeclKind::Type, s) {}
};

// `gate NAME ["Title"] = CONDITION` (LANGUAGE.md §6, "Gates").
struct GateDecl : Decl {
  Ident name;
  std::optional<std::string> title;
  ExprPtr condition;
  explicit GateDecl(Span s) : Decl(DeclKind::Gate, s) {}
};

// One row of an inline test table: its cells as written, trimmed.
struct TableRow {
  std::vector<std::string> cells;
  std::vector<Span> cell_spans;
  Span span;
};

enum class TestItemKind { GivenTable, GivenFile, Set, Expect };
enum class ExpectSubject { Measure, Achievement, PaymentLine, PaymentTotal };

struct TestItem {
  TestItemKind kind;
  Span span;
  // Given*: dataset; Set: input; Expect Measure: measure; Expect Achievement: outcome (may be empty).
  Ident name;
  // GivenTable: header and rows.
  std::vector<Ident> header;
  std::vector<TableRow> rows;
  // GivenFile: path as written.
  std::string path;
  Span path_span;
  // Set and Expect: the value (null for `is missing`).
  ExprPtr value;
  // Expect only.
  ExpectSubject subject = ExpectSubject::Measure;
  std::string payment_line;          // PaymentLine
  std::optional<std::string> group;  // `for "GROUP"` (measures, payment lines and totals, achievement)
  Span group_span;
  std::optional<std::string> period;  // `in "LABEL"`; unset means term
  Span period_span;
  bool expect_missing = false;  // `expect x is missing`
};

struct TestDecl : Decl {
  std::string name;
  Span name_span;
  std::vector<TestItem> items;
  explicit TestDecl(Span s) : Decl(DeclKind::Test, s) {}
};

// One parsed file. Node ids are unique within it and dense from 1, so side
// tables can be vectors of size node_count.
struct File {
  uint32_t source_id = 0;
  std::vector<DeclPtr> decls;
  NodeId node_count = 1;  // ids start at 1; 0 means "no node"
};

}  // namespace ocf::ast
