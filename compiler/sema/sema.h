// Stage 2: syntax trees -> checked program.
//
// Check() resolves every name across the contract file and its imports, types
// every expression by the rules of docs/language.md §2 (units included:
// percent vs number, money vs number, days vs months), finds cycles, and checks
// each declaration's own rules (one contract, targets on measures, outcome
// weights summing to exactly 100%, data blocks, test blocks). The trees are
// never changed: what Check learns lives in CheckedProgram's side tables.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diagnostics/diagnostic.h"
#include "compiler/sema/types.h"
#include "runtime/periods.h"

namespace ocf {

struct SemaInput {
  const ast::File* main = nullptr;
  // Files brought in by `import`, already parsed, each once.
  std::vector<const ast::File*> imports;
  const SourceManager* sources = nullptr;
  // Why a test's `given NAME from "path"` file cannot be read as data
  // (NotADataFile in runtime/data_file.h: kNoSuchFile, "is a folder, not a
  // regular file", ...), or "" when it can; path as written, relative to the
  // folder of the file that names it. Null: not checked.
  std::function<std::string(uint32_t source_id, const std::string& path)> data_file_problem;
  // Where each imported file (by source id) was first imported: the path of
  // that `import`, so a diagnostic in the imported file can point back at it.
  std::unordered_map<uint32_t, Span> imported_at;
  // The standard library module (`finance`, `nhs/qof`) that declares a
  // function (`function` true) or a let or input named `name`, or "" when
  // none does: the help of an unknown name says what to import. Asked only
  // about names that are not declared; null: no standard library.
  std::function<std::string(const std::string& name, bool function)> stdlib_module_of;
};

// What a name refers to.
enum class SymbolKind {
  Dataset,
  Population,
  Let,
  Input,
  Function,
  Measure,
  Outcome,  // top level
  Gate,     // top level: `gate NAME = CONDITION`
  Type,     // top level: `type NAME = one of (...)`
  Group,    // in a `payment ... by COLUMN` block: COLUMN, the group's own value
  Column,
  Param,
  PaymentLet,
  EnumValue,
  Builtin,  // in expressions
};

struct Symbol {
  SymbolKind kind;
  std::string name;
  const ast::Decl* decl = nullptr;  // top-level declarations
  const ast::ColumnDecl* column = nullptr;
  const ast::Param* param = nullptr;
  const ast::PaymentItem* payment_let = nullptr;
  Type type;  // value type, where it has one
  // Columns: the dataset whose column it is, and whether it is read from the
  // linked record (U in `exists U on K where C`) rather than the current one.
  const ast::DataDecl* table = nullptr;
  bool linked = false;
};

struct Contract {
  std::string title;
  std::string commissioner;
  std::vector<std::string> providers;
  Date term_start, term_end;
  std::optional<Period> baseline;  // `baseline FROM to TO`
  PeriodKind periods = PeriodKind::Year;
  std::string currency = "GBP";
};

// A decision table whose cases are all constants, as the checker proved
// them (compiler/sema/case_coverage.h): lowering builds its lookup from it.
// Cases are numbered in the order written; the `else` result, if any, is
// number `cases.size()`.
struct MatchLookup {
  // A line of values (numbers, dates, durations, bool): cut into pieces at
  // `starts`, piece k from starts[k-1] (included) to starts[k] (excluded),
  // each piece's case in `piece_case` (UINT32_MAX: none).
  bool ordered = false;
  std::vector<Decimal> starts;
  std::vector<uint32_t> piece_case;
  // Otherwise (text, enumerations): each listed value and its case.
  std::vector<std::pair<std::string, uint32_t>> values;
};

struct CheckedProgram {
  Contract contract;
  // Top-level symbols of the main file and its imports, by name.
  std::map<std::string, Symbol> globals;
  // Types of expressions, and what each name in an expression refers to.
  std::unordered_map<const ast::Expr*, Type> types;
  std::unordered_map<const ast::Expr*, Symbol> references;
  // Declarations by kind, in source order (main file first, then imports).
  std::vector<const ast::DataDecl*> datasets;
  std::vector<const ast::MeasureDecl*> measures;
  std::vector<const ast::TargetDecl*> targets;
  std::vector<const ast::OutcomeDecl*> outcomes;
  std::vector<const ast::PaymentDecl*> payments;
  std::vector<const ast::TestDecl*> tests;
  std::vector<const ast::InputDecl*> inputs;
  std::vector<const ast::GateDecl*> gates;
  std::vector<Period> periods;  // the statement's periods (empty when the term is invalid)
  // The dataset each population and aggregate finally reads.
  std::unordered_map<const ast::Decl*, const ast::DataDecl*> population_base;
  // Datasets each measure reads, directly or through the measures it uses.
  std::unordered_map<const ast::MeasureDecl*, std::vector<const ast::DataDecl*>> measure_tables;
  // Decision tables with constant cases; the others are checked at run time.
  std::unordered_map<const ast::MatchExpr*, MatchLookup> matches;
};

struct CheckResult {
  std::shared_ptr<CheckedProgram> program;  // always set; meaningful when there are no errors
  DiagnosticSink diagnostics;
};

CheckResult Check(const SemaInput& input);

}  // namespace ocf
