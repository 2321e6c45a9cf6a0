// Test blocks: they must name real datasets, columns, inputs, measures,
// outcomes, payment lines and periods, and their inline tables must hold
// values their columns can read.
#include <fmt/format.h>

#include "compiler/sema/checker.h"
#include "compiler/sema/schema.h"
#include "compiler/source/file_rules.h"
#include "runtime/cells.h"
#include "runtime/data_file.h"

namespace ocf::sema {
namespace {

bool IsLiteral(const ast::Expr& e) {
  switch (e.kind) {
    case ast::ExprKind::Error:  // a literal the parser could not read, already reported
    case ast::ExprKind::Number:
    case ast::ExprKind::Percent:
    case ast::ExprKind::Money:
    case ast::ExprKind::Date:
    case ast::ExprKind::Text:
    case ast::ExprKind::Bool:
    case ast::ExprKind::Duration:
      return true;
    case ast::ExprKind::Unary: {
      const auto& u = static_cast<const ast::UnaryExpr&>(e);
      return u.op != ast::UnaryOp::Not && IsLiteral(*u.operand);
    }
    default:
      return false;
  }
}

}  // namespace

std::string Checker::LiteralHelp(const ast::Expr& value, const Type& want) {
  if (value.kind != ast::ExprKind::Number) return "";
  if (want.kind == TypeKind::Percent) return PercentHelp(value);
  if (want.kind == TypeKind::Money) return fmt::format("write `{}{}`", CurrencySymbol(), Written(value));
  return "";
}

void Checker::CheckPeriodLabel(const std::optional<std::string>& label, Span span,
                               const ast::PaymentDecl* paid_by) {
  if (!label || !contract_ok_) return;
  // A period list ocf could not read (`periods quartely`, `payment quaterly`)
  // is reported where it is written; its labels are unknown here.
  if (paid_by ? !paid_by->frequency : !periods_known_) return;
  if (*label == "term") return;
  std::vector<std::string> labels, frequent;  // every label; those of the finest periods
  if (paid_by && paid_by->frequency) {
    PeriodKind pk = *paid_by->frequency == ast::Frequency::Monthly     ? PeriodKind::Month
                    : *paid_by->frequency == ast::Frequency::Quarterly ? PeriodKind::Quarter
                                                                       : PeriodKind::Year;
    for (const Period& p : PeriodsOf(pk, program_.contract.term_start, program_.contract.term_end))
      labels.push_back(p.label);
    frequent = labels;
  } else {
    for (const Period& p : program_.periods) {
      labels.push_back(p.label);
      if (p.kind == program_.contract.periods) frequent.push_back(p.label);
    }
  }
  if (std::find(labels.begin(), labels.end(), *label) != labels.end()) return;
  std::string hint = Suggest(*label, labels);
  Diagnostic& d =
      diags_.Report(DiagCode::UnknownPeriod, span,
                    paid_by ? fmt::format("this line is paid {}, and \"{}\" is not one of its periods",
                                          ast::ToString(*paid_by->frequency), *label)
                            : fmt::format("\"{}\" is not a period of this contract", *label));
  if (!frequent.empty())
    d.Note(fmt::format("periods run from \"{}\" to \"{}\"{}", frequent.front(), frequent.back(),
                       paid_by ? "" : ", plus contract years and \"term\""));
  d.Help(hint.empty() ? "write a label as the statement shows it, e.g. \"2014/15\" or \"2014/15 Q1\""
                      : fmt::format("did you mean \"{}\"?", hint));
}

void Checker::CheckTest(const ast::TestDecl& test) {
  std::map<std::string, Span> given;
  for (const ast::TestItem& item : test.items) {
    switch (item.kind) {
      case ast::TestItemKind::GivenTable:
      case ast::TestItemKind::GivenFile: {
        const std::string& n = item.name.text;
        const Symbol* dataset = GlobalOfKind(
            item.name,
            {SymbolKind::Dataset,
             fmt::format("`given` names a dataset, and there is no dataset named `{}`", n),
             "name one of the contract's `data` blocks", "`given` gives the rows of a dataset",
             [&n](SymbolKind k) -> std::string {
               if (k == SymbolKind::Input)
                 return fmt::format("give an input its value with `set {} = ...`", n);
               if (k == SymbolKind::Population)
                 return "give the rows of the dataset it is drawn from; the population picks its own";
               return "name one of the contract's `data` blocks";
             }});
        if (!dataset) break;
        auto [g, fresh] = given.emplace(item.name.text, item.name.span);
        if (!fresh) {
          diags_
              .Report(DiagCode::DuplicateGiven, item.name.span,
                      fmt::format("`{}` is already given in this test", item.name.text))
              .Note(g->second, "first given here")
              .Help("put all its rows in one table");
        }
        const auto& data = static_cast<const ast::DataDecl&>(*dataset->decl);
        if (item.kind == ast::TestItemKind::GivenFile) {
          if (FindPathFlaw(item.path)) break;  // reported by the parser (E0119)
          std::string why =
              input_.data_file_problem ? input_.data_file_problem(item.span.file, item.path) : "";
          if (why == kNoSuchFile) {
            diags_
                .Report(DiagCode::TestFileNotFound, item.path_span,
                        fmt::format("there is no file \"{}\"", item.path))
                .Help("the path is relative to the folder of the .ocf file");
          } else if (!why.empty()) {
            // A device or a named pipe may never end: only regular files are read.
            diags_
                .Report(DiagCode::TestFileNotRegular, item.path_span,
                        fmt::format("\"{}\" {}", item.path, why))
                .Help("name a CSV file (a symbolic link to one is followed)");
          }
          break;
        }
        // Inline table: header columns, then every cell.
        std::vector<const ast::ColumnDecl*> columns;
        std::set<std::string> header_names;
        // Columns an unknown header looks like a misspelling of: not reported missing as well.
        std::set<std::string> misspelled;
        for (const ast::Ident& h : item.header) {
          const ast::ColumnDecl* c = FindColumn(data, h.text);
          columns.push_back(c);
          if (!header_names.insert(h.text).second) {
            diags_.Report(DiagCode::DuplicateColumn, h.span,
                          fmt::format("column `{}` appears twice", h.text));
            columns.back() = nullptr;
            continue;
          }
          if (!c) {
            std::vector<std::string> names;
            for (const ast::ColumnDecl& col : data.columns) names.push_back(col.name.text);
            std::string hint = Suggest(h.text, names);
            if (!hint.empty()) misspelled.insert(hint);
            diags_
                .Report(DiagCode::TableUnknownColumn, h.span,
                        fmt::format("`{}` has no column `{}`", data.name.text, h.text))
                .Help(hint.empty() ? "use the column names of the data block"
                                   : fmt::format("did you mean `{}`?", hint));
          }
        }
        if (!item.rows.empty() || !item.header.empty()) {
          std::vector<std::string> missing;
          for (const ast::ColumnDecl& c : data.columns)
            if (!c.type.optional && !header_names.count(c.name.text) && !misspelled.count(c.name.text))
              missing.push_back("`" + c.name.text + "`");
          if (!missing.empty()) {
            std::string list;
            for (size_t i = 0; i < missing.size(); ++i) list += (i ? ", " : "") + missing[i];
            diags_
                .Report(DiagCode::TableMissingColumn, item.name.span,
                        fmt::format("the table for `{}` leaves out required column{} {}", data.name.text,
                                    missing.size() == 1 ? "" : "s", list))
                .Help("add the column to the table's header (optional `?` columns may be left out)");
          }
        }
        for (const ast::TableRow& row : item.rows) {
          for (size_t i = 0; i < row.cells.size() && i < columns.size(); ++i) {
            if (!columns[i]) continue;
            std::string problem =
                CellProblem(row.cells[i], ColumnSpecOf(*columns[i], data, program_.contract.currency));
            if (problem.empty()) continue;
            Span where = i < row.cell_spans.size() ? row.cell_spans[i] : row.span;
            diags_.Report(DiagCode::BadCell, where,
                          fmt::format("column `{}`: {}", columns[i]->name.text, problem));
          }
        }
        break;
      }
      case ast::TestItemKind::Set: {
        const std::string& n = item.name.text;
        const Symbol* input = GlobalOfKind(
            item.name, {SymbolKind::Input,
                        fmt::format("`set` gives an input its value, and there is no input named `{}`", n),
                        "declare it with `input NAME : TYPE`", "`set` gives an input its value",
                        [&n](SymbolKind k) -> std::string {
                          if (k == SymbolKind::Measure)
                            return fmt::format(
                                "a measure is worked out from the data; check it with `expect {} = ...`", n);
                          return "a test gives its data with `given` and its inputs with `set`";
                        }});
        if (!input) break;
        if (!item.value) break;
        if (!IsLiteral(*item.value)) {
          diags_
              .Report(DiagCode::NotALiteral, item.value->span,
                      "`set` takes a value written out, such as `250000`")
              .Help("write the value itself; a test fixes its inputs");
          break;
        }
        Scope scope;
        scope.place = Place::Constant;
        Type vt = Infer(*item.value, scope);
        Type want = TypeOfGlobal(*input, item.name.span);
        if (!Assignable(vt, want)) {
          diags_
              .Report(DiagCode::TypeMismatch, item.value->span,
                      fmt::format("input `{}` is {}, but this is {}", item.name.text, Describe(want.kind),
                                  Describe(vt.kind)))
              .Help(LiteralHelp(*item.value, want));
        }
        break;
      }
      case ast::TestItemKind::Expect: {
        Type want = Type::Error();
        const ast::PaymentDecl* paid_by = nullptr;
        switch (item.subject) {
          case ast::ExpectSubject::Measure: {
            const std::string& n = item.name.text;
            if (auto gate = program_.globals.find(n);
                gate != program_.globals.end() && gate->second.kind == SymbolKind::Gate) {
              want = Type::Of(TypeKind::Bool);  // `expect complete = true in "2014/15 Q3"`
              if (item.group) CheckExpectGroup(item);
              break;
            }
            const Symbol* measure = GlobalOfKind(
                item.name, {SymbolKind::Measure, fmt::format("there is no measure named `{}`", n),
                            "`expect` checks a measure, `achievement` or a `payment` line",
                            "`expect` checks a measure", [&n](SymbolKind k) -> std::string {
                              if (k == SymbolKind::Outcome)
                                return fmt::format("write `expect achievement of {} = ...`", n);
                              return "`expect` checks a measure, `achievement` or a `payment` line";
                            }});
            if (!measure) break;
            want = TypeOfGlobal(*measure, item.name.span);
            const auto& m = static_cast<const ast::MeasureDecl&>(*measure->decl);
            if (item.group && !m.by) {
              diags_
                  .Report(DiagCode::NotAllowedHere, item.group_span,
                          fmt::format("measure `{}` has no groups: it is not declared `by` a column",
                                      item.name.text))
                  .Help("leave out `for \"...\"`, or declare the measure with `by COLUMN`");
            }
            if (item.group && m.by) {
              // For an enumeration column the group must be one of its values.
              for (const ast::DataDecl* d : program_.measure_tables[&m]) {
                const ast::ColumnDecl* c = FindColumn(*d, m.by->text);
                if (!c || c->type.base != ast::BaseType::Enum) continue;
                std::vector<std::string> values;
                for (const ast::Ident& v : c->type.enum_values) values.push_back(v.text);
                if (std::find(values.begin(), values.end(), *item.group) != values.end()) break;
                std::string hint = Suggest(*item.group, values);
                diags_
                    .Report(DiagCode::UnknownEnumValue, item.group_span,
                            fmt::format("\"{}\" is not one of the values of `{}`", *item.group, m.by->text))
                    .Note(c->span, "the column is declared here")
                    .Help(hint.empty() ? "name a group as the column's values are written"
                                       : fmt::format("did you mean \"{}\"?", hint));
                break;
              }
            }
            break;
          }
          case ast::ExpectSubject::Achievement:
            if (!has_outcomes_) {
              diags_
                  .Report(DiagCode::AchievementWithoutOutcome, item.span,
                          "`achievement` needs at least one `outcome`")
                  .Help("declare `outcome NAME weight 100% { MEASURE }` over measures with targets");
              break;
            }
            if (!item.name.text.empty()) {
              const Symbol* outcome = GlobalOfKind(
                  item.name,
                  {SymbolKind::Outcome, fmt::format("there is no outcome named `{}`", item.name.text),
                   "write `achievement of OUTCOME` with an outcome's name", "not an outcome",
                   [](SymbolKind) { return "write `achievement of OUTCOME` with an outcome's name"; }});
              if (!outcome) break;
            }
            want = Type::Of(TypeKind::Percent);
            break;
          case ast::ExpectSubject::PaymentLine: {
            auto it = payment_lines_.find(item.payment_line);
            if (it == payment_lines_.end()) {
              std::vector<std::string> names;
              for (const auto& [n, _] : payment_lines_) names.push_back(n);
              std::string hint = Suggest(item.payment_line, names);
              diags_
                  .Report(DiagCode::UnknownPaymentLine, item.name.span,
                          fmt::format("no payment block pays a line named \"{}\"", item.payment_line))
                  .Help(hint.empty() ? "use a `pay \"...\"` line's name exactly"
                                     : fmt::format("did you mean \"{}\"?", hint));
              break;
            }
            paid_by = it->second.first;
            want = Type::Of(TypeKind::Money);
            break;
          }
          case ast::ExpectSubject::PaymentTotal:
            if (program_.payments.empty()) {
              diags_
                  .Report(DiagCode::UnknownPaymentLine, item.span,
                          "the contract has no payment block, so no total")
                  .Help("declare `payment yearly { pay \"...\" = ... }`");
              break;
            }
            paid_by = program_.payments.size() == 1 ? program_.payments.front() : nullptr;
            want = Type::Of(TypeKind::Money);
            break;
        }
        if (item.group && item.subject != ast::ExpectSubject::Measure) CheckExpectGroup(item);
        CheckPeriodLabel(item.period, item.period_span, paid_by);
        if (!item.value) break;
        if (!IsLiteral(*item.value)) {
          diags_
              .Report(DiagCode::NotALiteral, item.value->span,
                      "`expect` compares with a value written out, such as `95%` or `£1_325_000.00`")
              .Help("work the expected value out by hand and write it here");
          break;
        }
        Scope scope;
        scope.place = Place::Constant;
        Type vt = Infer(*item.value, scope);
        if (!want.is_error() && !vt.is_error() && !Assignable(vt, want) &&
            !(want.is_numeric() && vt.is_numeric())) {
          diags_
              .Report(DiagCode::TypeMismatch, item.value->span,
                      fmt::format(
                          "{} is {}, but this value is {}",
                          item.subject == ast::ExpectSubject::Measure ? fmt::format("`{}`", item.name.text)
                          : item.subject == ast::ExpectSubject::Achievement ? std::string("achievement")
                          : item.subject == ast::ExpectSubject::PaymentLine
                              ? fmt::format("payment \"{}\"", item.payment_line)
                              : std::string("the payment total"),
                          Describe(want.kind), Describe(vt.kind)))
              .Help(LiteralHelp(*item.value, want));
        }
        break;
      }
    }
  }
}

}  // namespace ocf::sema
