#include "compiler/ast/ast_dump.h"

#include <cstdio>

namespace ocf::ast {

namespace {

// Text in double quotes, on one line whatever it holds.
std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", u);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

const char* ToString(BaseType b) {
  switch (b) {
    case BaseType::Int:
      return "int";
    case BaseType::Decimal:
      return "decimal";
    case BaseType::Percent:
      return "percent";
    case BaseType::Money:
      return "money";
    case BaseType::Bool:
      return "bool";
    case BaseType::Date:
      return "date";
    case BaseType::Duration:
      return "duration";
    case BaseType::Text:
      return "text";
    case BaseType::Id:
      return "id";
    case BaseType::Enum:
      return "enum";
  }
  return "?";
}

const char* ToString(UnaryOp op) {
  switch (op) {
    case UnaryOp::Neg:
      return "-";
    case UnaryOp::Plus:
      return "+";
    case UnaryOp::Not:
      return "not";
  }
  return "?";
}

const char* ToString(TierKind k) {
  switch (k) {
    case TierKind::First:
      return "first";
    case TierKind::Next:
      return "next";
    case TierKind::Rest:
      return "rest";
  }
  return "?";
}

const char* ToString(MatchPattern::Kind k) {
  switch (k) {
    case MatchPattern::Kind::Value:
      return "value";
    case MatchPattern::Kind::Range:
      return "range";
    case MatchPattern::Kind::RangeBelow:
      return "range-below";
    case MatchPattern::Kind::Below:
      return "below";
    case MatchPattern::Kind::Over:
      return "over";
    case MatchPattern::Kind::OrMore:
      return "or-more";
    case MatchPattern::Kind::OrLess:
      return "or-less";
  }
  return "?";
}

const char* ToString(TargetKind k) {
  switch (k) {
    case TargetKind::AtLeast:
      return "at-least";
    case TargetKind::AtMost:
      return "at-most";
    case TargetKind::Range:
      return "range";
    case TargetKind::Change:
      return "change";
  }
  return "?";
}

const char* ToString(TestItemKind k) {
  switch (k) {
    case TestItemKind::GivenTable:
      return "given-table";
    case TestItemKind::GivenFile:
      return "given-file";
    case TestItemKind::Set:
      return "set";
    case TestItemKind::Expect:
      return "expect";
  }
  return "?";
}

const char* ToString(ExpectSubject s) {
  switch (s) {
    case ExpectSubject::Measure:
      return "measure";
    case ExpectSubject::Achievement:
      return "achievement";
    case ExpectSubject::PaymentLine:
      return "payment-line";
    case ExpectSubject::PaymentTotal:
      return "payment-total";
  }
  return "?";
}

std::string Dates(const std::optional<Date>& from, const std::optional<Date>& to) {
  return (from ? from->ToString() : "?") + " to " + (to ? to->ToString() : "?");
}

class Dumper {
 public:
  std::string out;

  void OfFile(const ast::File& file) {
    for (const DeclPtr& d : file.decls) OfDecl(*d);
  }

  void Line(int depth, const std::string& text) {
    out.append(static_cast<size_t>(depth) * 2, ' ');
    out += text;
    out += '\n';
  }

  std::string OfType(const TypeExpr& t) {
    std::string s = ToString(t.base);
    if (t.optional) s += "?";
    if (!t.enum_values.empty()) {
      s += " (";
      for (size_t i = 0; i < t.enum_values.size(); ++i) s += (i ? ", " : "") + Quote(t.enum_values[i].text);
      s += ")";
    }
    if (t.named) s += " named " + t.named->text;
    if (!t.did_you_mean.empty()) s += " did-you-mean " + t.did_you_mean;
    return s;
  }

  static std::string Title(const std::optional<std::string>& title) {
    return title ? " title " + Quote(*title) : "";
  }

  // An expression child: `role: node`, or `role: none` for a missing one.
  void Child(int depth, const std::string& role, const ast::Expr* e) {
    if (!e) {
      Line(depth, role + ": none");
      return;
    }
    OfExpr(depth, role + ": ", *e);
  }

  void OfExpr(int depth, const std::string& prefix, const ast::Expr& e) {
    int in = depth + 1;
    switch (e.kind) {
      case ExprKind::Number: {
        const auto& x = static_cast<const NumberExpr&>(e);
        Line(depth, prefix + "number " + x.value.ToString() + (x.is_integer ? " int" : ""));
        return;
      }
      case ExprKind::Percent:
        Line(depth, prefix + "percent " + static_cast<const PercentExpr&>(e).value.ToString());
        return;
      case ExprKind::Money: {
        const auto& x = static_cast<const MoneyExpr&>(e);
        Line(depth, prefix + "money " + x.amount.ToString() + " " + x.currency);
        return;
      }
      case ExprKind::Date:
        Line(depth, prefix + "date " + static_cast<const DateExpr&>(e).value.ToString());
        return;
      case ExprKind::Text:
        Line(depth, prefix + "text " + Quote(static_cast<const TextExpr&>(e).value));
        return;
      case ExprKind::Bool:
        Line(depth, prefix + (static_cast<const BoolExpr&>(e).value ? "bool true" : "bool false"));
        return;
      case ExprKind::Duration: {
        const auto& x = static_cast<const DurationExpr&>(e);
        Line(depth, prefix + "duration " + std::to_string(x.amount) +
                        (x.unit == DurationUnit::Days ? " days" : " months"));
        return;
      }
      case ExprKind::Name:
        Line(depth, prefix + "name " + static_cast<const NameExpr&>(e).name);
        return;
      case ExprKind::Call: {
        const auto& x = static_cast<const CallExpr&>(e);
        Line(depth, prefix + "call " + x.callee.text + " (" + std::to_string(x.args.size()) + " arguments)");
        for (const ExprPtr& a : x.args) Child(in, "argument", a.get());
        return;
      }
      case ExprKind::Unary: {
        const auto& x = static_cast<const UnaryExpr&>(e);
        Line(depth, prefix + "unary " + ToString(x.op));
        Child(in, "operand", x.operand.get());
        return;
      }
      case ExprKind::Binary: {
        const auto& x = static_cast<const BinaryExpr&>(e);
        Line(depth, prefix + "binary " + ToString(x.op));
        Child(in, "lhs", x.lhs.get());
        Child(in, "rhs", x.rhs.get());
        return;
      }
      case ExprKind::IsMissing: {
        const auto& x = static_cast<const IsMissingExpr&>(e);
        Line(depth, prefix + (x.present ? "is-present" : "is-missing"));
        Child(in, "operand", x.operand.get());
        return;
      }
      case ExprKind::In: {
        const auto& x = static_cast<const InExpr&>(e);
        Line(depth,
             prefix + (x.negated ? "not-in" : "in") + " (" + std::to_string(x.values.size()) + " values)");
        Child(in, "operand", x.operand.get());
        for (const ExprPtr& v : x.values) Child(in, "value", v.get());
        return;
      }
      case ExprKind::If: {
        const auto& x = static_cast<const IfExpr&>(e);
        Line(depth, prefix + "if");
        Child(in, "condition", x.cond.get());
        Child(in, "then", x.then_value.get());
        Child(in, "else", x.else_value.get());
        return;
      }
      case ExprKind::AsPercent:
        Line(depth, prefix + "as-percent");
        Child(in, "operand", static_cast<const AsPercentExpr&>(e).operand.get());
        return;
      case ExprKind::Aggregate: {
        const auto& x = static_cast<const AggregateExpr&>(e);
        std::string s = prefix + "aggregate " + ToString(x.op);
        if (x.op == AggregateOp::Percentile) s += " " + std::to_string(x.percentile);
        Line(depth, s + " of " + x.source.text);
        Child(in, "value", x.value.get());
        Child(in, "where", x.condition.get());
        return;
      }
      case ExprKind::Achievement: {
        const auto& x = static_cast<const AchievementExpr&>(e);
        Line(depth, prefix + "achievement" + (x.outcome ? " of " + x.outcome->text : ""));
        return;
      }
      case ExprKind::Tiered: {
        const auto& x = static_cast<const TieredExpr&>(e);
        Line(depth, prefix + "tiered (" + std::to_string(x.tiers.size()) + " tiers)");
        Child(in, "amount", x.amount.get());
        for (const Tier& t : x.tiers) {
          Line(in, std::string("tier ") + ToString(t.kind));
          Child(in + 1, "limit", t.limit.get());
          Child(in + 1, "rate", t.rate.get());
        }
        return;
      }
      case ExprKind::OtherPeriod: {
        const auto& x = static_cast<const OtherPeriodExpr&>(e);
        Line(depth,
             prefix + (x.which == OtherPeriodExpr::Which::Previous ? "in-previous-period" : "at-baseline"));
        Child(in, "measure", x.measure.get());
        return;
      }
      case ExprKind::Paid: {
        const auto& x = static_cast<const PaidExpr&>(e);
        Line(depth, prefix + "paid " + Quote(x.line.text) + (x.this_year ? " this-year" : " so-far"));
        return;
      }
      case ExprKind::Match: {
        const auto& x = static_cast<const MatchExpr&>(e);
        Line(depth, prefix + "match (" + std::to_string(x.cases.size()) + " cases" +
                        (x.else_result ? ", else)" : ")"));
        Child(in, "subject", x.subject.get());
        for (const MatchCase& c : x.cases) {
          Line(in, "case (" + std::to_string(c.patterns.size()) + " patterns)");
          for (const MatchPattern& p : c.patterns) {
            Line(in + 1, std::string("pattern ") + ToString(p.kind) +
                             (p.low_included ? " low-included" : "") +
                             (p.high_included ? " high-included" : ""));
            Child(in + 2, "low", p.low.get());
            Child(in + 2, "high", p.high.get());
          }
          Child(in + 1, "result", c.result.get());
        }
        if (x.else_result) Child(in, "else", x.else_result.get());
        return;
      }
      case ExprKind::Link: {
        const auto& x = static_cast<const LinkExpr&>(e);
        std::string s = prefix + (x.count ? "link count " : "link exists ") + x.source.text;
        if (x.alias) s += " as " + x.alias->text;
        s += " on " + x.key.text;
        if (x.other_key) s += " = " + x.other_key->text;
        Line(depth, s);
        Child(in, "where", x.condition.get());
        return;
      }
      case ExprKind::Qualified: {
        const auto& x = static_cast<const QualifiedExpr&>(e);
        Line(depth, prefix + "qualified " + x.qualifier.text + "." + x.column.text);
        return;
      }
      case ExprKind::Error:
        Line(depth, prefix + "error");
        return;
    }
    Line(depth, prefix + "?");
  }

  void OfDecl(const ast::Decl& d) {
    switch (d.kind) {
      case DeclKind::Contract: {
        const auto& x = static_cast<const ContractDecl&>(d);
        Line(0, "contract" + Title(x.title));
        if (x.commissioner) Line(1, "commissioner " + Quote(*x.commissioner));
        for (const std::string& p : x.providers) Line(1, "provider " + Quote(p));
        if (x.term_start || x.term_end) Line(1, "term " + Dates(x.term_start, x.term_end));
        if (x.baseline_start || x.baseline_end)
          Line(1, "baseline " + Dates(x.baseline_start, x.baseline_end));
        if (x.periods) Line(1, std::string("periods ") + ToString(*x.periods));
        if (x.currency) Line(1, "currency " + x.currency->text);
        std::string fields = "fields";
        for (const ContractField& f : x.fields) fields += " " + f.name.text;
        Line(1, fields);
        return;
      }
      case DeclKind::Import:
        Line(0, "import " + Quote(static_cast<const ImportDecl&>(d).path));
        return;
      case DeclKind::Data: {
        const auto& x = static_cast<const DataDecl&>(d);
        Line(0, "data " + x.name.text + Title(x.title) + (x.dated_by ? " dated-by " + x.dated_by->text : ""));
        for (const ColumnDecl& c : x.columns)
          Line(1, "column " + c.name.text + " : " + OfType(c.type) + (c.key ? " key" : ""));
        for (const CheckRule& r : x.checks) {
          Line(1, "check" + (r.message ? " message " + Quote(*r.message) : std::string()));
          Child(2, "condition", r.condition.get());
        }
        for (const auto& [format, span] : x.date_formats) Line(1, "date-format " + Quote(format));
        return;
      }
      case DeclKind::Population: {
        const auto& x = static_cast<const PopulationDecl&>(d);
        Line(0, "population " + x.name.text + " from " + x.source.text);
        Child(1, "where", x.condition.get());
        return;
      }
      case DeclKind::Let: {
        const auto& x = static_cast<const LetDecl&>(d);
        Line(0, "let " + x.name.text);
        Child(1, "value", x.value.get());
        return;
      }
      case DeclKind::Input: {
        const auto& x = static_cast<const InputDecl&>(d);
        Line(0, "input " + x.name.text + " : " + OfType(x.type) + Title(x.title));
        return;
      }
      case DeclKind::Function: {
        const auto& x = static_cast<const FunctionDecl&>(d);
        Line(0, "function " + x.name.text + (x.result ? " : " + OfType(*x.result) : " : none"));
        for (const Param& p : x.params) Line(1, "parameter " + p.name.text + " : " + OfType(p.type));
        Child(1, "body", x.body.get());
        return;
      }
      case DeclKind::Measure: {
        const auto& x = static_cast<const MeasureDecl&>(d);
        std::string s = "measure " + x.name.text + Title(x.title);
        if (x.declared_type) s += " : " + OfType(*x.declared_type);
        if (x.by) s += " by " + x.by->text;
        if (x.over) {
          s += x.over->kind == Window::Kind::Last ? " over last " + std::to_string(x.over->months) + " months"
               : x.over->kind == Window::Kind::YearToDate ? " over year-to-date"
                                                          : " over term-to-date";
        }
        Line(0, s);
        Child(1, "value", x.value.get());
        return;
      }
      case DeclKind::Target: {
        const auto& x = static_cast<const TargetDecl&>(d);
        std::string s = "target " + x.measure.text + " " + ToString(x.target_kind);
        if (x.target_kind == TargetKind::Change) s += x.increase ? " increased" : " reduced";
        if (x.points) s += " points";
        Line(0, s);
        Child(1, "threshold", x.threshold.get());
        Child(1, "to", x.to.get());
        return;
      }
      case DeclKind::Outcome: {
        const auto& x = static_cast<const OutcomeDecl&>(d);
        Line(0, "outcome " + x.name.text + Title(x.title));
        Child(1, "weight", x.weight.get());
        for (const OutcomeMeasure& m : x.measures) {
          Line(1, "measure " + m.measure.text);
          Child(2, "weight", m.weight.get());
        }
        return;
      }
      case DeclKind::Payment: {
        const auto& x = static_cast<const PaymentDecl&>(d);
        std::string s = "payment " + (x.frequency ? std::string(ToString(*x.frequency)) : "?") + " word " +
                        x.frequency_word.text;
        if (x.by) s += " by " + x.by->text;
        Line(0, s);
        for (const PaymentItem& item : x.items) {
          Line(1, item.is_let ? "let " + item.name.text
                              : std::string(item.shadow ? "shadow pay " : "pay ") + Quote(item.name.text));
          Child(2, "value", item.value.get());
        }
        return;
      }
      case DeclKind::Type: {
        const auto& x = static_cast<const TypeDecl&>(d);
        Line(0, "type " + x.name.text + " = " + OfType(x.type));
        return;
      }
      case DeclKind::Gate: {
        const auto& x = static_cast<const GateDecl&>(d);
        Line(0, "gate " + x.name.text + Title(x.title));
        Child(1, "condition", x.condition.get());
        return;
      }
      case DeclKind::Test: {
        const auto& x = static_cast<const TestDecl&>(d);
        Line(0, "test " + Quote(x.name));
        for (const ast::TestItem& item : x.items) OfTestItem(item);
        return;
      }
    }
    Line(0, "?");
  }

  void OfTestItem(const ast::TestItem& item) {
    std::string s = std::string(ToString(item.kind)) + " " + item.name.text;
    if (item.kind == TestItemKind::Expect) {
      s += std::string(" subject ") + ToString(item.subject);
      if (item.subject == ExpectSubject::PaymentLine) s += " line " + Quote(item.payment_line);
      if (item.expect_missing) s += " is-missing";
    }
    if (item.group) s += " for " + Quote(*item.group);
    if (item.period) s += " in " + Quote(*item.period);
    if (item.kind == TestItemKind::GivenFile) s += " from " + Quote(item.path);
    Line(1, s);
    if (item.kind == TestItemKind::GivenTable) {
      std::string header = "header";
      for (const Ident& h : item.header) header += " " + h.text;
      Line(2, header);
      for (const TableRow& row : item.rows) {
        std::string r = "row";
        for (const std::string& cell : row.cells) r += " " + Quote(cell);
        Line(2, r);
      }
    }
    if (item.kind == TestItemKind::Set || item.kind == TestItemKind::Expect)
      Child(2, "value", item.value.get());
  }
};

}  // namespace

std::string DumpTree(const File& file) {
  Dumper d;
  d.OfFile(file);
  return d.out;
}

std::string DumpExpr(const Expr& expr) {
  Dumper d;
  d.OfExpr(0, "", expr);
  return d.out;
}

}  // namespace ocf::ast
