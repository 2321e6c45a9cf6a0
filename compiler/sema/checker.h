// The checker's internals, shared by the files of compiler/sema. Not a public
// header: sema.h is the stage's contract.
//
// One Checker runs over a whole program. Top-level declarations are checked
// on demand (a measure is checked when first used, or in source order), so a
// cycle shows up as a declaration met again while it is still in progress.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/sema/sema.h"

namespace ocf::sema {

// Where an expression stands decides which names and constructs it may use.
enum class Place {
  Measure,     // a measure's value (aggregates allowed)
  TopLet,      // a top-level let: a constant per period
  Function,    // a function body: parameters, lets, inputs
  Population,  // a population's condition (row context)
  Check,       // a data block's check rule (row context)
  Payment,     // a payment block's lets and lines
  Constant,    // target thresholds and weights
};

// Inside the condition of `exists U [as ALIAS] on K where C` (links.cc).
struct LinkScope {
  const ast::DataDecl* table = nullptr;  // U's dataset (a population's base)
  std::string name;                      // what qualifies U's columns: the alias, or U's name
};

struct Scope {
  Place place = Place::Measure;
  // The dataset whose columns are visible (inside an aggregate, a population
  // condition or a check rule); null where there is no current record.
  const ast::DataDecl* row_table = nullptr;
  // That record's table as written (the population or dataset the aggregate,
  // population or check reads): `NAME.column` names its columns.
  std::string row_name;
  // Set inside a link's condition.
  const LinkScope* link = nullptr;
  bool in_aggregate = false;
  const ast::FunctionDecl* function = nullptr;
  // Payment lets defined so far in the current block.
  const std::map<std::string, const ast::PaymentItem*>* payment_lets = nullptr;
  // The payment block being checked, for "used before its `let`".
  const ast::PaymentDecl* payment = nullptr;
  // The gate being checked (Place::Payment without a payment block: a gate
  // is evaluated in every period, so it cannot read what a line paid).
  const ast::GateDecl* gate = nullptr;
  // Names known to be present here (`x is present and ...`).
  std::set<std::string> present;
};

enum class State { NotStarted, InProgress, Done };

class Checker {
 public:
  Checker(const SemaInput& input, CheckedProgram& program, DiagnosticSink& diags);
  void Run();

  // ---- check.cc: program-wide passes
 private:
  void CollectGlobals(const ast::File& file, bool imported);
  void CheckContract();
  void CheckBaseline(const ast::ContractDecl& c);
  void CheckDecl(const ast::Decl& decl);

  // ---- declarations.cc
  void CheckData(const ast::DataDecl& data);
  void CheckPopulation(const ast::PopulationDecl& pop);
  void CheckLet(const ast::LetDecl& let);
  void CheckFunction(const ast::FunctionDecl& fn);
  void CheckMeasure(const ast::MeasureDecl& measure);
  void CheckTarget(const ast::TargetDecl& target);
  void CheckChangeTarget(const ast::TargetDecl& target, const Type& measure);  // change_targets.cc
  void CheckOutcome(const ast::OutcomeDecl& outcome);
  void CheckPayment(const ast::PaymentDecl& payment);
  void CheckByColumn(const ast::MeasureDecl& measure);
  void CheckGate(const ast::GateDecl& gate);             // gates.cc
  void CheckPaymentBy(const ast::PaymentDecl& payment);  // payment_groups.cc
  // COLUMN inside a `payment ... by COLUMN` block: the group's value.
  std::optional<Type> PaymentGroup(const ast::NameExpr& e, const Scope& scope);  // payment_groups.cc
  // Whether `name` names something here: a declaration, a column of the
  // record, a parameter, a payment let or a payment's group (operators.cc).
  bool NamesSomething(const std::string& name, const Scope& scope) const;
  void CheckTypeDecl(const ast::TypeDecl& type);    // named_types.cc
  void CheckEnumValues(const ast::TypeExpr& type);  // named_types.cc: no value listed twice
  void ReportUnknownTypes(const ast::File& file);   // named_types.cc
  // A weight: a percent literal. Reports and returns nullopt otherwise.
  std::optional<Decimal> WeightValue(const ast::Expr& weight);
  Type TypeFromAst(const ast::TypeExpr& t);

  // ---- tests.cc
  void CheckTest(const ast::TestDecl& test);
  // Help for a plain number written where a percentage or money is wanted.
  std::string LiteralHelp(const ast::Expr& value, const Type& want);
  // `expect payment "LINE" for "GROUP"`, `expect achievement for "GROUP"`,
  // a gate `for "GROUP"`: the contract must pay by group (payment_groups.cc).
  void CheckExpectGroup(const ast::TestItem& item);
  void CheckPeriodLabel(const std::optional<std::string>& label, Span span, const ast::PaymentDecl* paid_by);

  // ---- expressions.cc
 public:
  Type Infer(const ast::Expr& e, Scope& scope);

 private:
  Type InferName(const ast::NameExpr& e, Scope& scope);
  // The measure being checked reads what `measure` reads (for its `by` groups).
  void ReadsTablesOf(const ast::MeasureDecl* measure);
  Type InferCall(const ast::CallExpr& e, Scope& scope);
  Type InferOtherPeriod(const ast::OtherPeriodExpr& e, Scope& scope);  // other_periods.cc
  Type InferPaid(const ast::PaidExpr& e, Scope& scope);                // paid.cc
  Type InferMatch(const ast::MatchExpr& e, Scope& scope);              // match.cc
  // match.cc: a case bound typed against the subject; the cases proved (when
  // constant) and their lookup kept; spans and values as written.
  Type CheckCaseBound(const ast::Expr& bound, const Type& subject, const ast::Expr& subject_expr,
                      Scope& scope);
  bool ProveCases(const ast::MatchExpr& e, const Type& subject);
  std::string WrittenSpan(Span span) const;
  std::string ShowLineValue(const Type& t, Decimal v) const;
  Type InferLink(const ast::LinkExpr& e, Scope& scope);            // links.cc
  Type InferQualified(const ast::QualifiedExpr& e, Scope& scope);  // links.cc
  // Inside a link's condition: a bare name that is a column of T or U (its
  // type, or an error when both have it); nullopt when neither has it.
  std::optional<Type> InferLinkedName(const ast::NameExpr& e, Scope& scope);  // links.cc
  // Whether `name` is a column of the current record (or of the linked one).
  bool ColumnVisible(const Scope& scope, const std::string& name) const;  // links.cc
  // The populations whose conditions (directly) hold a link.
  std::set<const ast::PopulationDecl*> linking_populations_;
  const ast::PopulationDecl* current_population_ = nullptr;
  // The division whose left side is being inferred, if any (for help on
  // `money * money / money`).
  const ast::BinaryExpr* divided_ = nullptr;
  Type InferBinary(const ast::BinaryExpr& e, Scope& scope);
  Type InferArithmetic(const ast::BinaryExpr& e, const Type& l, const Type& r);
  Type InferComparison(const ast::BinaryExpr& e, Scope& scope);
  Type InferLogical(const ast::BinaryExpr& e, Scope& scope);
  Type InferIn(const ast::InExpr& e, Scope& scope);
  // The help for a value of an `in` list that is not of the left side's kind.
  std::string InListHelp(const Type& left, const ast::Expr& v) const;
  Type InferAggregate(const ast::AggregateExpr& e, Scope& scope);
  Type InferTiered(const ast::TieredExpr& e, Scope& scope);
  // A `where`/`if`/population/check condition: must be bool; warns when it
  // may be missing (unless `warn_optional` is false, as in check rules).
  void CheckCondition(const ast::Expr& cond, Scope& scope, bool warn_optional, const char* what);
  // An operand compared with an enumeration (`other`): a bare value or quoted text.
  Type InferAgainstEnum(const ast::Expr& e, const Type& enum_type, const ast::Expr& other, Scope& scope);
  Type Record(const ast::Expr& e, Type t);
  // An expression's text as written in the contract (for "write `£40_000_000`").
  std::string Written(const ast::Expr& e) const;
  void ReportCurrency(const ast::MoneyExpr& e);

  // ---- names.cc
 public:
  // What to say when a name must be a top-level declaration of one kind.
  struct KindLookup {
    SymbolKind kind;
    std::string unknown;       // the message when nothing has the name
    std::string unknown_help;  // its help when no declaration of the kind has a close name
    std::string role;          // completes "`x` is a let, but ROLE"
    // The help when the name is of another kind (and no close name fits).
    std::function<std::string(SymbolKind)> wrong_help;
  };
  // The symbol for `name` when it is a declaration of lookup.kind; otherwise
  // reports UnknownName or WrongKind, suggesting a close name of that kind,
  // and returns null.
  const Symbol* GlobalOfKind(const ast::Ident& name, const KindLookup& lookup);
  // The dataset or population an aggregate or population reads, resolved to
  // its base dataset; reports and returns null when it is neither.
  const ast::DataDecl* ResolveSource(const ast::Ident& source, const char* context);
  const ast::ColumnDecl* FindColumn(const ast::DataDecl& data, const std::string& name) const;
  // Type of a top-level declaration, checking it first if needed; reports a
  // cycle (and returns an error type) if it is already in progress.
  Type TypeOfGlobal(const Symbol& symbol, Span use);
  std::string Suggest(const std::string& name, const std::vector<std::string>& candidates) const;
  std::vector<std::string> VisibleNames(const Scope& scope) const;
  std::string CurrencySymbol() const;
  // The standard library module that declares `name` (SemaInput::stdlib_module_of), or "".
  std::string StdlibModuleOf(const std::string& name, bool function) const;

 private:
  bool Enter(const ast::Decl& decl, Span use);
  void Leave(const ast::Decl& decl);
  // Names of every column of every dataset, for "that is a column of X" hints.
  const ast::DataDecl* TableWithColumn(const std::string& name) const;

  const SemaInput& input_;
  CheckedProgram& program_;
  DiagnosticSink& diags_;

  std::map<const ast::Decl*, State> state_;
  std::map<const ast::Decl*, Type> decl_types_;
  std::vector<std::pair<const ast::Decl*, Span>> in_progress_;  // with the use that entered each
  std::set<const ast::Decl*> in_reported_cycle_;
  std::map<std::string, std::vector<const ast::Decl*>> by_name_;  // every named top-level decl
  std::set<const ast::File*> imported_files_;
  const ast::MeasureDecl* current_measure_ = nullptr;  // for measure_tables
  const ast::LetDecl* current_let_ = nullptr;
  // The measures a top-level let reads `at baseline`, directly or through
  // other lets: such a let has a value per group, not per record.
  std::map<const ast::LetDecl*, std::vector<const ast::MeasureDecl*>> let_baselines_;
  // A let that reads `at baseline` used where there is no period: reports.
  bool CheckBaselineLetUse(const ast::LetDecl& let, const ast::NameExpr& e, const Scope& scope);
  std::map<std::string, const ast::TargetDecl*> target_of_;
  std::map<std::string, std::pair<const ast::PaymentDecl*, Span>> payment_lines_;
  std::map<const ast::PaymentDecl*, Type> payment_by_types_;  // the group's type in `payment ... by`
  bool contract_ok_ = false;
  // False when `periods` is given but is not a frequency ocf knows (reported
  // by the parser): the reporting periods are then unknown, not yearly.
  bool periods_known_ = true;
  bool has_outcomes_ = false;

  friend class DeclarationChecks;
};

// Shorthands of operators.cc and expressions.cc.
inline Type T(TypeKind k, bool optional = false) { return Type::Of(k, optional); }
inline bool IsNumberLiteral(const ast::Expr& e) { return e.kind == ast::ExprKind::Number; }

// operators.cc, shared with expressions.cc:
// Whether values of the type have an order (`<`, min, max, median).
bool Orderable(const Type& t);
// "values with an order (numbers, ...), and text has none": what `<`, min,
// max and median need, said of a kind that does not have it.
std::string NeedsOrder(TypeKind kind);
// The common type of two branches (if/otherwise, min/max): int widens to decimal.
std::optional<Type> Unify(const Type& a, const Type& b);
// Names narrowed to present by a condition being true, or false.
void PresentWhenTrue(const ast::Expr& e, std::set<std::string>& out);
std::string PresenceName(const ast::Expr& e);  // `x`, `T.x`, or "" for other expressions
void PresentWhenFalse(const ast::Expr& e, std::set<std::string>& out);

// The value of a number, percent or money literal (change_targets.cc);
// nullopt for anything else.
std::optional<Decimal> LiteralValue(const ast::Expr& e);

// Names that the language defines and declarations may not take.
bool IsBuiltinValue(const std::string& name);
// "a whole number", "money", "a duration in days": a kind of value in plain words.
const char* Describe(TypeKind kind);
// "write `90%` for a percentage": help for a plain number used as a percentage.
std::string PercentHelp(const ast::Expr& number);
using ast::NameOf;
// "a measure", "a let", ...: what a top-level name is, for messages.
const char* KindWithArticle(SymbolKind kind);
bool IsBuiltinFunction(const std::string& name);
// "`x` is in the standard library: add `import "finance"`".
std::string ImportHelp(const std::string& name, const std::string& module);

}  // namespace ocf::sema
