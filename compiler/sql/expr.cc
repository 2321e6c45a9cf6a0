#include "compiler/sql/expr.h"

#include <fmt/format.h>

namespace ocf::sql {

using plan::Node;
using plan::Op;
using plan::ValueType;

namespace {

// Beyond this a row expression's SQL is refused rather than sent: exact
// decimal arithmetic repeats its operands, so deep nests of `/` grow fast.
constexpr size_t kMaxExpressionChars = 60'000;

std::string Paren(const std::string& s) { return "(" + s + ")"; }

const char* CmpText(plan::Cmp c) {
  switch (c) {
    case plan::Cmp::Eq:
      return "=";
    case plan::Cmp::Ne:
      return "<>";
    case plan::Cmp::Lt:
      return "<";
    case plan::Cmp::Le:
      return "<=";
    case plan::Cmp::Gt:
      return ">";
    case plan::Cmp::Ge:
      return ">=";
  }
  return "=";
}

}  // namespace

std::string RowSql::TableRef(uint32_t t) const {
  const std::string& name = plan_.tables[t].name;
  auto it = options_.tables.find(name);
  return d_.TableRef(it == options_.tables.end() ? name : it->second);
}

std::string RowSql::ColumnRef(const std::string& alias, uint32_t table, uint32_t column) const {
  return alias + "." + d_.Ident(plan_.tables[table].columns[column].name);
}

std::string RowSql::Constant(ValueType t, const interp::Value& v) const {
  if (!v.present) return d_.Null(t);
  switch (t) {
    case ValueType::Int:
    case ValueType::DayDuration:
    case ValueType::MonthDuration:
      return d_.IntLiteral(v.i);
    case ValueType::Decimal:
      return d_.DecimalLiteral(v.d);
    case ValueType::Bool:
      return v.i ? "TRUE" : "FALSE";
    case ValueType::Date:
      return d_.DateLiteral(Date::FromDays(static_cast<int32_t>(v.i)));
    case ValueType::Text:
      return d_.Text(v.s);
  }
  return "NULL";
}

std::string RowSql::Refuse(const Node& n, const std::string& what, const std::string& why) {
  if (reported_.insert({static_cast<plan::ExprId>(&n - plan_.nodes.data()), what}).second) {
    Diagnostic& d = sink_.Report(
        DiagCode::SqlNotPushedDown, n.span,
        fmt::format("{} cannot be pushed down to {} SQL: {}", what, DialectName(d_.dialect()), why));
    // DuckDB's and Spark's DECIMAL limit is what PostgreSQL does not have.
    d.help =
        why.find("38 digits") == std::string::npos
            ? "compute it from aggregates in a measure instead, or run the contract on the data's CSV files "
              "(`ocf run --data`)"
            : "`--dialect postgres` computes it exactly (NUMERIC has no such limit); or compute it from "
              "aggregates in a measure instead";
  }
  return "";
}

bool RowSql::MayBeMissing(plan::ExprId id, const RowContext& ctx) const {
  const Node& n = plan_.node(id);
  switch (n.op) {
    case Op::Const:
      return false;
    case Op::Column:
      return plan_.tables[ctx.table].columns[n.slot].optional;
    case Op::LinkedColumn:
      return plan_.tables[ctx.linked_table].columns[n.slot].optional;
    case Op::LinkExists:
    case Op::LinkCount:
    case Op::IsMissing:
    case Op::IsPresent:
      return false;
    default:
      return true;
  }
}

std::string RowSql::HalfEven18(const std::string& p) const {
  // PostgreSQL's round() goes half away from zero; LANGUAGE.md's `*` goes
  // half to even beyond 18 digits: only an exact half (a 5 in the 19th digit
  // and nothing after it) next to an even 18th digit rounds the other way.
  return fmt::format(
      "CASE WHEN trunc({0}, 19) = {0} AND mod(abs({0}) * 1e19, 10) = 5 AND mod(trunc(abs({0}) * 1e18), 2) = "
      "0 "
      "THEN trunc({0}, 18) ELSE round({0}, 18) END",
      p);
}

bool RowSql::RowIndependent(plan::ExprId root) {
  if (independent_.empty()) independent_.assign(plan_.nodes.size(), -1);
  if (independent_[root] >= 0) return independent_[root];
  // Children first, without recursion (a chain of lets may be deep).
  std::vector<std::pair<plan::ExprId, bool>> stack = {{root, false}};
  while (!stack.empty()) {
    auto [id, expanded] = stack.back();
    stack.pop_back();
    if (independent_[id] >= 0) continue;
    const Node& n = plan_.node(id);
    if (!expanded) {
      stack.push_back({id, true});
      for (plan::ExprId c : n.children)
        if (independent_[c] < 0) stack.push_back({c, false});
      continue;
    }
    bool yes = true;
    switch (n.op) {
      case Op::Const:
      case Op::Missing:
        break;
      case Op::Input:
        yes = options_.inputs && n.slot < options_.inputs->size();
        break;
      case Op::IntToDecimal:
      case Op::AddInt:
      case Op::SubInt:
      case Op::MulInt:
      case Op::NegInt:
      case Op::PowInt:
      case Op::AddDecimal:
      case Op::SubDecimal:
      case Op::MulDecimal:
      case Op::DivDecimal:
      case Op::NegDecimal:
      case Op::PowDecimal:
      case Op::DatePlusDays:
      case Op::DatePlusMonths:
      case Op::DateMinusDays:
      case Op::DateMinusMonths:
      case Op::DateDiff:
      case Op::AddDays:
      case Op::SubDays:
      case Op::NegDays:
      case Op::AddMonths:
      case Op::SubMonths:
      case Op::NegMonths:
      case Op::Compare:
      case Op::In:
      case Op::And:
      case Op::Or:
      case Op::Not:
      case Op::IsMissing:
      case Op::IsPresent:
      case Op::Otherwise:
      case Op::If:
      case Op::Min:
      case Op::Max:
      case Op::Clamp:
      case Op::Abs:
      case Op::Round:
      case Op::Days:
      case Op::Year:
      case Op::Month:
      case Op::Day:
      case Op::Match:
        break;
      default:  // columns, links, periods, measures: not the same on every row
        yes = false;
    }
    for (plan::ExprId c : n.children) yes = yes && independent_[c] == 1;
    independent_[id] = yes ? 1 : 0;
  }
  return independent_[root];
}

std::optional<std::string> RowSql::Folded(plan::ExprId id) {
  const Node& n = plan_.node(id);
  if (n.op == Op::Const || n.op == Op::Missing || !RowIndependent(id)) return std::nullopt;
  if (!eval_) eval_ = std::make_unique<interp::Evaluator>(plan_);
  interp::Scope scope;
  scope.inputs = options_.inputs;
  try {
    return Constant(n.type, eval_->Eval(id, scope));
  } catch (const interp::EvalError&) {
    return std::nullopt;  // an error on every row: left to the row's SQL (or its E1001)
  }
}

std::optional<std::string> RowSql::Expr(plan::ExprId id, const RowContext& ctx) {
  const Node& n = plan_.node(id);
  if (std::optional<std::string> constant = Folded(id)) return constant;
  std::optional<std::string> out;
  auto kids = [&](std::vector<std::string>& v) {
    for (plan::ExprId c : n.children) {
      std::optional<std::string> s = Sub(c, ctx);
      if (!s) return false;
      v.push_back(*s);
    }
    return true;
  };
  switch (n.op) {
    case Op::Const: {
      interp::Value v = interp::Value::Int(n.int_value);
      if (n.type == ValueType::Decimal) v = interp::Value::Dec(n.decimal_value);
      if (n.type == ValueType::Text) v = interp::Value::Text(n.text_value);
      return Constant(n.type, v);
    }
    case Op::Missing:
      return Constant(n.type, interp::Value::Missing());
    case Op::Column:
      return ColumnRef(ctx.row, ctx.table, n.slot);
    case Op::LinkedColumn:
      return ColumnRef(ctx.linked, ctx.linked_table, n.slot);
    case Op::Input:
      if (!options_.inputs || n.slot >= options_.inputs->size()) {
        const std::string& name = plan_.inputs[n.slot].name;
        if (reported_.insert({id, "input"}).second)
          sink_
              .Report(DiagCode::SqlNotPushedDown, n.span,
                      fmt::format("input `{}` has no value: the script holds the inputs' values as constants",
                                  name))
              .help = fmt::format("give it: `--set {}=VALUE`", name);
        return std::nullopt;
      }
      return Constant(n.type, (*options_.inputs)[n.slot]);
    case Op::ContractYear:
      Refuse(n, "`contract_year` inside an aggregate's records", "its value depends on the period asked for");
      return std::nullopt;
    case Op::LinkExists:
    case Op::LinkCount:
      return Link(n, ctx);
    case Op::Match:
      return Match(n, ctx);
    case Op::And:
    case Op::Or: {
      std::vector<std::string> v;
      if (!kids(v)) return std::nullopt;
      out = Paren(v[0] + (n.op == Op::And ? " AND " : " OR ") + v[1]);
      break;
    }
    case Op::Not: {
      std::vector<std::string> v;
      if (!kids(v)) return std::nullopt;
      out = "(NOT " + v[0] + ")";
      break;
    }
    case Op::IsMissing:
    case Op::IsPresent: {
      std::vector<std::string> v;
      if (!kids(v)) return std::nullopt;
      out = Paren(v[0] + (n.op == Op::IsMissing ? " IS NULL" : " IS NOT NULL"));
      break;
    }
    case Op::Otherwise: {
      std::vector<std::string> v;
      if (!kids(v)) return std::nullopt;
      out = "COALESCE(" + v[0] + ", " + v[1] + ")";
      break;
    }
    case Op::If: {
      std::vector<std::string> v;
      if (!kids(v)) return std::nullopt;
      out = fmt::format("CASE WHEN {} THEN {} ELSE {} END", v[0], v[1], v[2]);
      break;
    }
    case Op::Compare: {
      std::vector<std::string> v;
      if (!kids(v)) return std::nullopt;
      out = Paren(v[0] + " " + CmpText(n.cmp) + " " + v[1]);
      break;
    }
    case Op::In: {
      std::vector<std::string> v;
      if (!kids(v)) return std::nullopt;
      // Any missing operand makes `in` missing (SQL's IN would still find a
      // match among the others).
      std::string missing;
      for (size_t k = 1; k < n.children.size(); ++k)
        if (MayBeMissing(n.children[k], ctx)) missing += " OR " + v[k] + " IS NULL";
      std::string list;
      for (size_t k = 1; k < v.size(); ++k) list += (k > 1 ? ", " : "") + v[k];
      out = missing.empty() ? Paren(v[0] + " IN (" + list + ")")
                            : fmt::format("CASE WHEN {} IS NULL{} THEN NULL ELSE {} IN ({}) END", v[0],
                                          missing, v[0], list);
      break;
    }
    case Op::Min:
    case Op::Max:
    case Op::Clamp:
    case Op::Abs:
    case Op::Round:
    case Op::Days:
    case Op::Year:
    case Op::Month:
    case Op::Day:
      out = Function(n, ctx);
      break;
    default:
      out = Arithmetic(n, ctx);
      break;
  }
  if (out && out->size() > kMaxExpressionChars) {
    Refuse(n, "this expression", "its exact SQL would pass 60,000 characters");
    return std::nullopt;
  }
  return out;
}

std::optional<std::string> RowSql::Arithmetic(const Node& n, const RowContext& ctx) {
  auto two = [&](const char* op) -> std::optional<std::string> {
    std::optional<std::string> a = Sub(n.children[0], ctx);
    if (!a) return std::nullopt;
    std::optional<std::string> b = Sub(n.children[1], ctx);
    if (!b) return std::nullopt;
    return "(" + *a + " " + op + " " + *b + ")";
  };
  auto one = [&]() { return Sub(n.children[0], ctx); };
  switch (n.op) {
    case Op::IntToDecimal: {
      std::optional<std::string> a = one();
      if (!a) return std::nullopt;
      return "CAST(" + *a + " AS " + d_.ColumnType(ValueType::Decimal) + ")";
    }
    case Op::AddInt:
    case Op::AddDecimal:
    case Op::AddDays:
    case Op::AddMonths:
      return two("+");
    case Op::SubInt:
    case Op::SubDecimal:
    case Op::SubDays:
    case Op::SubMonths:
      return two("-");
    case Op::MulInt:
      return two("*");
    case Op::NegInt:
    case Op::NegDecimal:
    case Op::NegDays:
    case Op::NegMonths: {
      std::optional<std::string> a = one();
      if (!a) return std::nullopt;
      return "(-" + *a + ")";
    }
    case Op::MulDecimal: {
      if (d_.ExactDecimalArithmetic()) {
        std::optional<std::string> p = two("*");
        if (!p) return std::nullopt;
        return HalfEven18(*p);
      }
      // DECIMAL(38,18) times a whole number stays DECIMAL(38,18), exactly.
      for (int k = 0; k < 2; ++k) {
        const Node& c = plan_.node(n.children[k]);
        if (c.op == Op::IntToDecimal) {
          std::optional<std::string> a = Sub(n.children[1 - k], ctx);
          std::optional<std::string> b = a ? Sub(c.children[0], ctx) : std::nullopt;
          if (!b) return std::nullopt;
          return "(" + *a + " * " + *b + ")";
        }
      }
      Refuse(n, "a product of two decimals inside an aggregate's records",
             "DECIMAL stops at 38 digits, so the product would not be exact");
      return std::nullopt;
    }
    case Op::DivDecimal: {
      if (!d_.ExactDecimalArithmetic()) {
        Refuse(n, "a quotient of decimals inside an aggregate's records",
               "DECIMAL stops at 38 digits, so the quotient would not be exact");
        return std::nullopt;
      }
      std::optional<std::string> a = Sub(n.children[0], ctx);
      std::optional<std::string> b = a ? Sub(n.children[1], ctx) : std::nullopt;
      if (!b) return std::nullopt;
      // LANGUAGE.md's `/`: 18 fractional digits, half to even; by zero,
      // missing. q is the quotient truncated, r what it leaves.
      std::string N = "(" + *a + " * 1e18)", B = "(" + *b + ")";
      std::string q = "div(" + N + ", " + B + ")";
      std::string r = "abs(" + N + " - " + q + " * " + B + ")";
      return fmt::format(
          "CASE WHEN {1} = 0 THEN NULL ELSE ({0} + CASE WHEN 2 * {2} > abs({1}) OR (2 * {2} = abs({1}) AND "
          "mod({0}, 2) <> 0) THEN sign({3}) * sign({1}) ELSE 0 END) * 1e-18 END",
          q, B, r, N);
    }
    case Op::PowInt:
    case Op::PowDecimal:
      Refuse(n, "`^` inside an aggregate's records", "SQL's powers are not exact");
      return std::nullopt;
    case Op::DatePlusDays:
    case Op::DateMinusDays:
    case Op::DatePlusMonths:
    case Op::DateMinusMonths: {
      std::optional<std::string> a = Sub(n.children[0], ctx);
      std::optional<std::string> b = a ? Sub(n.children[1], ctx) : std::nullopt;
      if (!b) return std::nullopt;
      std::string by = n.op == Op::DateMinusDays || n.op == Op::DateMinusMonths ? "(-" + *b + ")" : *b;
      return n.op == Op::DatePlusDays || n.op == Op::DateMinusDays ? d_.AddDays(*a, by)
                                                                   : d_.AddMonths(*a, by);
    }
    case Op::DateDiff: {
      std::optional<std::string> a = Sub(n.children[0], ctx);
      std::optional<std::string> b = a ? Sub(n.children[1], ctx) : std::nullopt;
      if (!b) return std::nullopt;
      return d_.DateDiff(*a, *b);
    }
    default:
      Refuse(n, fmt::format("`{}` inside an aggregate's records", plan::ToString(n.op)),
             "ocf has no SQL for it");
      return std::nullopt;
  }
}

std::optional<std::string> RowSql::Function(const Node& n, const RowContext& ctx) {
  std::vector<std::string> v;
  for (plan::ExprId c : n.children) {
    std::optional<std::string> s = Sub(c, ctx);
    if (!s) return std::nullopt;
    v.push_back(*s);
  }
  // Missing when any argument is (SQL's LEAST and GREATEST skip NULLs).
  std::string any_missing;
  for (size_t k = 0; k < v.size(); ++k)
    if (MayBeMissing(n.children[k], ctx))
      any_missing += (any_missing.empty() ? "" : " OR ") + v[k] + " IS NULL";
  auto guarded = [&](const std::string& e) {
    return any_missing.empty() ? e : fmt::format("CASE WHEN {} THEN NULL ELSE {} END", any_missing, e);
  };
  switch (n.op) {
    case Op::Min:  // the first when equal, as the interpreter
      return guarded(fmt::format("CASE WHEN {1} < {0} THEN {1} ELSE {0} END", v[0], v[1]));
    case Op::Max:
      return guarded(fmt::format("CASE WHEN {0} < {1} THEN {1} ELSE {0} END", v[0], v[1]));
    case Op::Clamp:
      return guarded(
          fmt::format("CASE WHEN {2} < (CASE WHEN {0} < {1} THEN {1} ELSE {0} END) THEN {2} ELSE "
                      "(CASE WHEN {0} < {1} THEN {1} ELSE {0} END) END",
                      v[0], v[1], v[2]));
    case Op::Abs:
      return "abs(" + v[0] + ")";
    case Op::Round: {
      const Node& places = plan_.node(n.children[1]);
      if (places.op != Op::Const || places.int_value < 0 || places.int_value > Decimal::kScale) {
        Refuse(n, "`round` inside an aggregate's records", "its places must be a constant from 0 to 18");
        return std::nullopt;
      }
      return "round(" + v[0] + ", " + std::to_string(places.int_value) + ")";
    }
    case Op::Days:
      return v[0];
    case Op::Year:
      return d_.DatePart("YEAR", v[0]);
    case Op::Month:
      return d_.DatePart("MONTH", v[0]);
    case Op::Day:
      return d_.DatePart("DAY", v[0]);
    default:
      Refuse(n, fmt::format("`{}` inside an aggregate's records", plan::ToString(n.op)),
             "ocf has no SQL for it");
      return std::nullopt;
  }
}

std::optional<std::string> RowSql::Match(const Node& n, const RowContext& ctx) {
  const plan::MatchTable& t = plan_.matches[n.slot];
  if (t.run_time) {
    Refuse(n, "a decision table whose bounds are known only when it runs",
           "its cases are checked as it runs");
    return std::nullopt;
  }
  std::optional<std::string> subject = Sub(n.children[0], ctx);
  if (!subject) return std::nullopt;
  std::vector<std::string> results;
  for (uint32_t k = 0; k < t.results; ++k) {
    std::optional<std::string> r = Sub(n.children[1 + k], ctx);
    if (!r) return std::nullopt;
    results.push_back(*r);
  }
  std::string s = *subject;
  if (n.operand_type == ValueType::Bool) s = "(CASE WHEN " + s + " THEN 1 ELSE 0 END)";
  std::string out = "CASE WHEN " + s + " IS NULL THEN NULL";
  if (t.ordered) {
    size_t pieces = t.piece_result.size();
    for (size_t k = 0; k < pieces; ++k)
      if (t.piece_result[k] == plan::kNoSlot) {
        Refuse(n, "a decision table that leaves values uncovered",
               "a value no case covers is an error as it runs");
        return std::nullopt;
      }
    for (size_t k = 0; k + 1 < pieces; ++k) {
      std::string start;
      if (n.operand_type == ValueType::Decimal)
        start = d_.DecimalLiteral(t.decimal_starts[k]);
      else if (n.operand_type == ValueType::Date)
        start = d_.DateLiteral(Date::FromDays(static_cast<int32_t>(t.int_starts[k])));
      else
        start = d_.IntLiteral(t.int_starts[k]);
      out += fmt::format(" WHEN {} < {} THEN {}", s, start, results[t.piece_result[k]]);
    }
    out += " ELSE " + results[t.piece_result[pieces - 1]] + " END";
    return out;
  }
  for (const auto& [value, result] : t.values)
    out += fmt::format(" WHEN {} = {} THEN {}", s, d_.Text(value), results[result]);
  // Without `else` the cases cover every value of the enumeration (sema
  // proves it); a value outside it is what the data rules find.
  out +=
      " ELSE " +
      (t.else_result == plan::kNoSlot ? Constant(n.type, interp::Value::Missing()) : results[t.else_result]) +
      " END";
  return out;
}

std::optional<std::string> RowSql::Link(const Node& n, const RowContext& ctx) {
  const plan::Link& link = plan_.links[n.slot];
  RowContext inner = ctx;
  inner.linked_table = link.table;
  inner.linked = fmt::format("l{}", link_depth_);
  ++link_depth_;
  std::optional<std::string> cond;
  if (n.children.size() > 1) cond = Sub(n.children[1], inner);
  --link_depth_;
  if (n.children.size() > 1 && !cond) return std::nullopt;
  std::optional<std::string> key = Sub(n.children[0], ctx);
  if (!key) return std::nullopt;
  std::string where = ColumnRef(inner.linked, link.table, link.key) + " = " + *key;
  if (cond) where += " AND " + *cond;
  std::string from = TableRef(link.table) + " " + inner.linked;
  if (n.op == Op::LinkExists) return fmt::format("EXISTS (SELECT 1 FROM {} WHERE {})", from, where);
  return fmt::format("(SELECT count(*) FROM {} WHERE {})", from, where);
}

}  // namespace ocf::sql
