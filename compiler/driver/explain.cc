// `ocf explain` (explain.h): the request checked against the plan, the run,
// and the tree written as text or JSON.
#include "compiler/driver/explain.h"

#include <algorithm>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "compiler/driver/api_impl.h"
#include "compiler/driver/driver.h"
#include "compiler/parse/literals.h"  // EditDistance
#include "ocf/ocf.hpp"
#include "runtime/cells.h"  // CurrencySymbol
#include "runtime/json.h"
#include "runtime/safe_text.h"
#include "runtime/statement.h"

namespace ocf::driver {
namespace {

using Kind = ExplainNode::Kind;

// "did you mean `x`?" for the nearest of `names` (at most two edits away,
// or a third of the name's length), or "".
std::string Nearest(const std::string& name, const std::vector<std::string>& names) {
  std::string best;
  size_t best_distance = SIZE_MAX;
  for (const std::string& n : names)
    if (size_t d = parse::EditDistance(name, n); d < best_distance) best_distance = d, best = n;
  if (best.empty() || best_distance > std::max<size_t>(2, name.size() / 3)) return "";
  return fmt::format("; did you mean `{}`?", best);
}

std::string Listed(const std::vector<std::string>& names, size_t most = 12) {
  std::string out;
  for (size_t i = 0; i < names.size() && i < most; ++i) out += (i ? ", " : "") + ("`" + names[i] + "`");
  if (names.size() > most) out += fmt::format(" and {} more", names.size() - most);
  return out;
}

const char* WhatWord(ExplainRequest::What what) {
  switch (what) {
    case ExplainRequest::What::Line:
      return "line";
    case ExplainRequest::What::Measure:
      return "measure";
    case ExplainRequest::What::Target:
      return "target";
    case ExplainRequest::What::Outcome:
      return "outcome";
    case ExplainRequest::What::Achievement:
      return "achievement";
    case ExplainRequest::What::AllLines:
      return "line";
  }
  return "";
}

// ---------------------------------------------------------------- values

// A value exactly, in its unit: `£54,646.0813875`, `8.24876%`, `916`.
std::string Exact(const std::optional<std::string>& value, plan::Unit unit, plan::ValueType type,
                  const std::string& currency) {
  if (!value) return "missing";
  if (type == plan::ValueType::Text) return "\"" + TerminalText(*value) + "\"";
  std::optional<Decimal> d = type == plan::ValueType::Decimal || type == plan::ValueType::Int
                                 ? Decimal::Parse(*value)
                                 : std::nullopt;
  if (d && unit == plan::Unit::Money) {
    std::string text = d->ToString();
    size_t point = text.find('.');
    if (point == std::string::npos)
      text += ".00";
    else if (text.size() - point < 3)
      text += std::string(3 - (text.size() - point), '0');
    bool negative = text[0] == '-';
    return (negative ? "-" : "") + CurrencySymbol(currency) +
           GroupThousands(negative ? text.substr(1) : text);
  }
  if (d && unit == plan::Unit::Percent) {
    if (auto shifted = Decimal::Parse(d->ToString(), 2)) return shifted->ToString() + "%";
  }
  if (d && type == plan::ValueType::Int) return GroupThousands(*value);
  if (type == plan::ValueType::DayDuration) return *value + " days";
  if (type == plan::ValueType::MonthDuration) return *value + " months";
  return *value;
}

std::string TypeName(plan::Unit unit, plan::ValueType type) {
  if (unit == plan::Unit::Percent) return "percent";
  if (unit == plan::Unit::Money) return "money";
  return plan::ToString(type);
}

// ---------------------------------------------------------------- text

class TextWriter {
 public:
  TextWriter(const SourceManager& sources, const std::string& currency,
             const std::vector<std::string>& set_lets = {}, const std::vector<LetSetting>* settings = nullptr)
      : sources_(sources), currency_(currency), set_lets_(set_lets), settings_(settings) {}

  // The source text of a span on one line, cut short past 90 code points
  // unless `whole`. A let's value given with --set is shown as given: the
  // contract's text there is not what the run used.
  std::string Source(Span span, bool whole = false) const {
    if (span.end <= span.begin || span.file >= sources_.size()) return "";
    if (settings_)
      for (const LetSetting& l : *settings_)
        if (l.let_span.file == span.file && l.let_span.begin == span.begin && l.let_span.end == span.end)
          return TerminalText(l.value);
    std::string_view raw = sources_.Get(span.file).Slice(span);
    std::string out;
    bool space = false;
    for (char c : raw) {
      if (c == '\n' || c == '\r' || c == '\t' || c == ' ') {
        space = !out.empty();
        continue;
      }
      if (space) out += ' ';
      space = false;
      out += c;
    }
    size_t points = 0;
    for (char c : out) points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (points > 90 && !whole) {
      size_t cut = 0, seen = 0;
      for (; cut < out.size() && seen < 87; ++cut)
        if ((static_cast<unsigned char>(out[cut]) & 0xC0) != 0x80) ++seen;
      while (cut < out.size() && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) ++cut;
      out = out.substr(0, cut) + "\u2026";
    }
    return TerminalText(out);
  }
  std::string Place(Span span) const {
    if (span.file >= sources_.size()) return "";
    const SourceFile& f = sources_.Get(span.file);
    return fmt::format("{}:{}", TerminalText(f.path()), f.Locate(span.begin).line);
  }
  std::string Value(const ExplainNode& n) const { return Exact(n.value, n.unit, n.type, currency_); }
  std::string Money(const std::string& v) const {
    return Exact(v, plan::Unit::Money, plan::ValueType::Decimal, currency_);
  }
  std::string Percent(const std::string& v) const {
    return Exact(v, plan::Unit::Percent, plan::ValueType::Decimal, currency_);
  }

  // One node's line (without the tree's drawing).
  std::string Line(const ExplainNode& n) const {
    auto fact = [&](const char* key) { return n.FactOf(key) ? *n.FactOf(key) : std::string(); };
    switch (n.kind) {
      case Kind::Line: {
        std::string line = Source(n.span) + " = " + Value(n);
        return line;
      }
      case Kind::PaymentLet:
        return fmt::format("{} = {}   (let in the payment block)", n.name, Value(n));
      case Kind::Let:
        // A let given a value with --set: the contract's line shows the
        // value it writes, not this one.
        if (std::find(set_lets_.begin(), set_lets_.end(), n.name) != set_lets_.end())
          return fmt::format("{} = {}   (let, set with --set in place of {})", n.name, Value(n),
                             Place(n.span));
        return fmt::format("{} = {}   (let, {})", n.name, Value(n), Place(n.span));
      case Kind::Call: {
        std::string args;
        for (const auto& f : n.facts)
          args += (args.empty() ? "" : ", ") + f.key + " = " + Exact(f.text, f.unit, f.type, currency_);
        return fmt::format("{}({}) = {}", n.name, args, Value(n));
      }
      case Kind::Const:
        return Source(n.span);
      case Kind::Input:
        return fmt::format("{} = {}   (input, set with --set)", n.name, Value(n));
      case Kind::Period:
        return fmt::format("{} = {}", n.name, Value(n));
      case Kind::Measure: {
        std::string line = fmt::format("measure {}", n.name);
        if (!n.title.empty()) line += " \"" + TerminalText(n.title) + "\"";
        if (!fact("group").empty()) line += " for \"" + TerminalText(fact("group")) + "\"";
        line += " = " + Value(n);
        if (!fact("numerator").empty())
          line += fmt::format("   ({} of {} record{})", GroupThousands(fact("numerator")),
                              GroupThousands(fact("denominator")), fact("denominator") == "1" ? "" : "s");
        if (!fact("see").empty())
          line += "\nworked out over the group's own records: see `" + TerminalText(fact("see")) + "`";
        return line;
      }
      case Kind::Aggregate: {
        // "1 value of 1 record", "2 values of 3 records".
        auto many = [&](const char* key, const char* word) {
          return GroupThousands(fact(key)) + " " + word + (fact(key) == "1" ? "" : "s");
        };
        std::string counts;
        if (!fact("numerator").empty())
          counts = fmt::format("{} of {}", GroupThousands(fact("numerator")), many("denominator", "record"));
        else if (!fact("values").empty())
          counts = fmt::format("{} of {}", many("values", "value"), many("records", "record"));
        else if (!fact("records").empty())
          counts = many("records", "record");
        std::string line = Source(n.span) + " = " + Value(n);
        std::string where = fmt::format("`{}` dated {} to {}", fact("table"), fact("from"), fact("to"));
        if (!fact("group").empty()) where += " in group \"" + TerminalText(fact("group")) + "\"";
        line += "\n" + (counts.empty() ? where : counts + " of " + where);
        if (!fact("sum").empty()) line += "; sum " + fact("sum");
        if (!fact("skipped_missing").empty() && fact("skipped_missing") != "0")
          line += fmt::format("; {} skipped (value missing)", GroupThousands(fact("skipped_missing")));
        line += fmt::format("\n{} read {} rows in all, {} outside the term", fact("table"),
                            GroupThousands(fact("table_rows")), GroupThousands(fact("outside_term")));
        return line;
      }
      case Kind::OtherPeriod:
        // The first period has no period before it (and a contract may have
        // no baseline): say so, rather than "in none".
        if (fact("period") == "none")
          return fmt::format("{} = {}   (there is no such period)",
                             Source(n.span).empty() ? n.name : Source(n.span), Value(n));
        return fmt::format("{} in {} = {}", n.name, fact("period"), Value(n));
      case Kind::Achievement:
        return fmt::format("achievement = {}   (outcomes weighted, exact)", Value(n));
      case Kind::Outcome:
        return fmt::format("outcome {} = {}   (weight {})", n.name, Value(n), Percent(fact("weight")));
      case Kind::Target: {
        std::string line = fmt::format("target {} {}: achievement {}, {}", n.name,
                                       TerminalText(fact("target")), Value(n), fact("status"));
        if (!fact("weight").empty()) line += fmt::format("   (weight {})", Percent(fact("weight")));
        return line;
      }
      case Kind::Paid:
        return fmt::format("paid \"{}\" {} = {}", TerminalText(n.name), fact("which"), Value(n));
      case Kind::PaidLine: {
        std::string line = fmt::format("{}: {}", fact("period"), Value(n));
        if (!fact("group").empty()) line += " for \"" + TerminalText(fact("group")) + "\"";
        return line;
      }
      case Kind::Repeat:
        return fmt::format("{} = {}   (shown above)", n.name.empty() ? fact("shown") : n.name, Value(n));
      case Kind::Expr: {
        std::string line = Source(n.span) + " = " + Value(n);
        if (!fact("chose").empty()) line += fmt::format("   (the condition chose `{}`)", fact("chose"));
        if (!fact("case").empty())
          line += fact("case") == "else" ? "   (no case matched: `else`)"
                                         : fmt::format("   (case {} matched)", fact("case"));
        return line;
      }
    }
    return "";
  }

  // A node is drawn in place of its only child where the child says the
  // same (a conversion from int to decimal, a let whose value is written
  // as it is).
  static const ExplainNode& Shown(const ExplainNode& n) {
    const ExplainNode* at = &n;
    while (at->kind == Kind::Expr && at->op == plan::Op::IntToDecimal && at->children.size() == 1)
      at = &at->children[0];
    return *at;
  }
  static bool Redundant(const ExplainNode& parent, const ExplainNode& child) {
    return (parent.kind == Kind::Let || parent.kind == Kind::PaymentLet) && child.kind == Kind::Const;
  }

  void Tree(const ExplainNode& node, const std::string& prefix, bool last, bool root,
            std::string& out) const {
    const ExplainNode& n = Shown(node);
    std::string text = Line(n);
    std::string head = root ? "" : prefix + (last ? "\u2514\u2500 " : "\u251C\u2500 ");
    std::string inner = root ? "" : prefix + (last ? "   " : "\u2502  ");
    std::vector<const ExplainNode*> kids;
    for (const ExplainNode& c : n.children)
      if (!Redundant(n, c)) kids.push_back(&c);
    std::string cont = inner + (kids.empty() ? "   " : "\u2502  ");
    size_t start = 0;
    for (bool first = true;; first = false) {
      size_t end = text.find('\n', start);
      out += (first ? head : cont) + text.substr(start, end - start) + "\n";
      if (end == std::string::npos) break;
      start = end + 1;
    }
    for (size_t i = 0; i < kids.size(); ++i) Tree(*kids[i], inner, i + 1 == kids.size(), false, out);
  }

 private:
  const SourceManager& sources_;
  const std::string& currency_;
  const std::vector<std::string>& set_lets_;
  const std::vector<LetSetting>* settings_;
};

// ---------------------------------------------------------------- JSON

void NodeJson(const ExplainNode& n, const SourceManager& sources, const TextWriter& text, std::string& out,
              int depth) {
  std::string pad(static_cast<size_t>(depth) * 2, ' ');
  out += "{\"kind\": \"" + std::string(ToString(n.kind)) + "\"";
  if (n.kind == Kind::Expr) out += ", \"op\": \"" + std::string(plan::ToString(n.op)) + "\"";
  if (!n.name.empty()) {
    out += ", \"name\": ";
    AppendJsonString(out, n.name);
  }
  if (!n.title.empty()) {
    out += ", \"title\": ";
    AppendJsonString(out, n.title);
  }
  if (n.span.end > n.span.begin && n.span.file < sources.size()) {
    const SourceFile& f = sources.Get(n.span.file);
    LineCol at = f.Locate(n.span.begin);
    out += ", \"text\": ";
    AppendJsonString(out, text.Source(n.span, true));
    out += ", \"place\": {\"file\": ";
    AppendJsonString(out, f.path());
    out += fmt::format(", \"line\": {}, \"column\": {}}}", at.line, at.column);
  }
  out += ", \"type\": \"" + TypeName(n.unit, n.type) + "\", \"value\": ";
  if (n.value)
    AppendJsonString(out, *n.value);
  else
    out += "null";
  if (!n.facts.empty()) {
    out += ", \"facts\": {";
    for (size_t i = 0; i < n.facts.size(); ++i) {
      out += i ? ", " : "";
      AppendJsonString(out, n.facts[i].key);
      out += ": ";
      AppendJsonString(out, n.facts[i].text);
    }
    out += "}";
  }
  if (!n.children.empty()) {
    out += ", \"children\": [";
    for (size_t i = 0; i < n.children.size(); ++i) {
      out += (i ? ",\n" : "\n") + pad + "  ";
      NodeJson(n.children[i], sources, text, out, depth + 1);
    }
    out += "]";
  }
  out += "}";
}

}  // namespace

std::string CheckExplainRequest(const plan::EvaluationPlan& plan, const ExplainRequest& r) {
  std::vector<std::string> periods;
  for (const Period& p : plan.WorkedOutPeriods()) periods.push_back(p.label);
  auto bad_period = [&](const std::vector<std::string>& valid, const std::string& what) {
    return fmt::format("ocf explain: `{}` is not a period {}{} (periods: {})", r.period, what,
                       Nearest(r.period, valid), Listed(valid, 8));
  };
  const std::string& name = r.name;
  switch (r.what) {
    case ExplainRequest::What::AllLines: {
      std::vector<std::string> paid;
      for (const plan::Payment& pay : plan.payments)
        for (const Period& p : PeriodsOf(pay.frequency, plan.term_start, plan.term_end))
          if (std::find(paid.begin(), paid.end(), p.label) == paid.end()) paid.push_back(p.label);
      if (paid.empty()) return "ocf explain: the contract has no payment lines";
      if (!r.period.empty() && std::find(paid.begin(), paid.end(), r.period) == paid.end())
        return bad_period(paid, "in which anything is paid");
      return "";
    }
    case ExplainRequest::What::Line: {
      std::vector<std::string> lines;
      for (size_t b = 0; b < plan.payments.size(); ++b)
        for (const plan::PaymentItem& item : plan.payments[b].items) {
          if (item.is_let) continue;
          lines.push_back(item.name);
          if (item.name != name) continue;
          const plan::Payment& pay = plan.payments[b];
          std::vector<std::string> paid;
          for (const Period& p : PeriodsOf(pay.frequency, plan.term_start, plan.term_end))
            paid.push_back(p.label);
          if (std::find(paid.begin(), paid.end(), r.period) == paid.end())
            return bad_period(paid, fmt::format("in which \"{}\" is paid", name));
          if (pay.by != plan::kNoSlot && !r.group)
            return fmt::format("ocf explain: \"{}\" is paid for each `{}`: give --group VALUE", name,
                               plan.by_names[pay.by]);
          if (pay.by == plan::kNoSlot && r.group)
            return fmt::format("ocf explain: \"{}\" is not paid by group: leave out --group", name);
          return "";
        }
      return fmt::format("ocf explain: the contract has no payment line \"{}\"{} (lines: {})", name,
                         Nearest(name, lines), Listed(lines));
    }
    case ExplainRequest::What::Measure:
    case ExplainRequest::What::Target: {
      std::vector<std::string> names;
      const plan::Measure* found = nullptr;
      if (r.what == ExplainRequest::What::Measure) {
        for (const plan::Measure& m : plan.measures) {
          names.push_back(m.name);
          if (m.name == name) found = &m;
        }
      } else {
        for (const plan::Target& t : plan.targets) {
          names.push_back(plan.measures[t.measure].name);
          if (names.back() == name) found = &plan.measures[t.measure];
        }
      }
      if (!found)
        return names.empty()
                   ? fmt::format("ocf explain: the contract has no {}s", WhatWord(r.what))
                   : fmt::format("ocf explain: the contract has no {} `{}`{} ({}s: {})", WhatWord(r.what),
                                 name, Nearest(name, names), WhatWord(r.what), Listed(names));
      if (r.what == ExplainRequest::What::Measure && r.group && found->by_column_name == plan::kNoSlot)
        return fmt::format("ocf explain: measure `{}` has no `by` column: leave out --group", name);
      break;
    }
    case ExplainRequest::What::Outcome: {
      std::vector<std::string> names;
      bool found = false;
      for (const plan::Outcome& o : plan.outcomes) {
        names.push_back(o.name);
        found |= o.name == name;
      }
      if (!found)
        return names.empty() ? "ocf explain: the contract has no outcomes"
                             : fmt::format("ocf explain: the contract has no outcome `{}`{} (outcomes: {})",
                                           name, Nearest(name, names), Listed(names));
      break;
    }
    case ExplainRequest::What::Achievement:
      if (plan.outcomes.empty()) return "ocf explain: the contract has no outcomes, so no achievement";
      break;
  }
  if (r.group && r.what != ExplainRequest::What::Measure) {
    bool pays_by = false;
    for (const plan::Payment& pay : plan.payments) pays_by |= pay.by != plan::kNoSlot;
    if (!pays_by)
      return "ocf explain: targets, outcomes and achievement have groups only in a contract with a "
             "`payment ... by` block: leave out --group";
  }
  if (std::find(periods.begin(), periods.end(), r.period) == periods.end())
    return bad_period(periods, "of this contract");
  if (r.what != ExplainRequest::What::Measure && r.period == "baseline")
    return "ocf explain: targets, outcomes and achievement have no `baseline` value (a measure has)";
  return "";
}

ExplainReport ExplainCommand(const CommandArgs& args, std::ostream& err) {
  ExplainReport report;
  auto usage = [&report](std::string message) {
    report.usage_error = std::move(message);
    report.status = kExitUsage;
    return std::move(report);
  };
  if (!args.format.empty() && args.format != "text" && args.format != "json")
    return usage(fmt::format("ocf explain: --format is `text` or `json`, not `{}`", args.format));
  int subjects = !args.explain_line.empty() + !args.measure.empty() + !args.explain_target.empty() +
                 !args.explain_outcome.empty() + args.explain_achievement + args.explain_all_lines;
  if (subjects != 1)
    return usage(
        "ocf explain: say what to explain, one of --line NAME, --measure NAME, --target MEASURE, "
        "--outcome NAME, --achievement or --all-lines");
  if (args.period.empty() && !args.explain_all_lines)
    return usage("ocf explain: give --period LABEL, the period of the figure (e.g. --period 2014/15)");
  if (args.explain_all_lines && !args.group.empty())
    return usage("ocf explain: --all-lines explains every group's lines: leave out --group");
  if (args.data.empty()) return usage("ocf explain: give the provider's data with --data DIR");
  ExplainRequest& r = report.explanations.emplace_back().request;
  r.period = args.period;
  if (!args.group.empty()) r.group = args.group;
  if (!args.explain_line.empty()) {
    r.what = ExplainRequest::What::Line;
    r.name = args.explain_line;
  } else if (!args.measure.empty()) {
    r.what = ExplainRequest::What::Measure;
    r.name = args.measure;
  } else if (!args.explain_target.empty()) {
    r.what = ExplainRequest::What::Target;
    r.name = args.explain_target;
  } else if (!args.explain_outcome.empty()) {
    r.what = ExplainRequest::What::Outcome;
    r.name = args.explain_outcome;
  } else if (args.explain_achievement) {
    r.what = ExplainRequest::What::Achievement;
  } else {
    r.what = ExplainRequest::What::AllLines;
  }
  const ExplainRequest request = r;
  report.all_lines = request.what == ExplainRequest::What::AllLines;
  for (const std::string& set : args.sets) report.set_lets.push_back(set.substr(0, set.find('=')));
  CommandArgs run_args = args;
  run_args.format = "json";
  run_args.period.clear();
  run_args.explain = &report.explanations;
  run_args.who = "ocf explain";
  report.run = RunCommand(run_args, err);
  if (!report.run.usage_error.empty()) return usage(report.run.usage_error);  // said as `ocf explain`
  report.status = report.run.status;
  if (report.status != kExitOk) return report;
  // --all-lines: the lines the run added, in the order paid.
  if (request.what == ExplainRequest::What::AllLines) report.explanations.erase(report.explanations.begin());
  if (report.explanations.empty() || !report.explanations[0].found) {
    if (request.what == ExplainRequest::What::AllLines)
      return usage(fmt::format("ocf explain: nothing is paid in `{}`", request.period));
    // The names and period were checked before the run: what is left is a
    // group that does not exist.
    std::set<std::string> groups;
    const Statement& st = *report.run.statement;
    for (const MeasureResult& m : st.measures)
      if (m.has_groups && (request.what != ExplainRequest::What::Measure || m.name == request.name))
        for (size_t g = 0; g < m.groups.size(); ++g) groups.emplace(m.groups.name(g));
    for (const PaymentPeriod& p : st.payments)
      for (const PaymentLine& l : p.lines)
        if (l.group) groups.insert(*l.group);
    std::vector<std::string> names(groups.begin(), groups.end());
    return usage(fmt::format("ocf explain: no group \"{}\" in {}{} (groups: {})", request.group.value_or(""),
                             request.period, Nearest(request.group.value_or(""), names), Listed(names)));
  }
  return report;
}

namespace {

void AppendText(const Explanation& e, const TextWriter& writer, std::string& out) {
  const ExplainNode& tree = e.tree;
  std::string subject;
  switch (e.request.what) {
    case ExplainRequest::What::Line:
    case ExplainRequest::What::AllLines:
      subject = "\"" + TerminalText(tree.name) + "\"";
      break;
    case ExplainRequest::What::Measure:
      subject = "measure " + tree.name;
      break;
    case ExplainRequest::What::Target:
      subject = "target " + tree.name;
      break;
    case ExplainRequest::What::Outcome:
      subject = "outcome " + tree.name;
      break;
    case ExplainRequest::What::Achievement:
      subject = "achievement";
      break;
  }
  out += subject + " in " + TerminalText(e.request.period);
  if (e.request.group) out += " for \"" + TerminalText(*e.request.group) + "\"";
  if (e.request.what == ExplainRequest::What::Line) {
    const std::string* amount = tree.FactOf("amount");
    out += ": " + writer.Money(amount ? *amount : "0");
    if (tree.FactOf("shadow")) out += " (shadow: shown, not in the total)";
    out += "\n  worked out as below, then rounded to the penny (half away from zero)";
  } else {
    out += ": " + writer.Value(tree);
  }
  out += "\n\n";
  if (e.request.what == ExplainRequest::What::Line) {
    for (size_t i = 0; i < tree.children.size(); ++i) writer.Tree(tree.children[i], "", true, true, out);
  } else {
    writer.Tree(tree, "", true, true, out);
  }
  if (e.truncated)
    out += fmt::format("\n(the derivation has more than {} steps: the deepest are left out)\n", e.max_nodes);
}

void AppendJson(const Explanation& e, const SourceManager& sources, const TextWriter& writer,
                std::string& out) {
  out += "\"subject\": {\"what\": \"" + std::string(WhatWord(e.request.what)) + "\"";
  if (!e.request.name.empty()) {
    out += ", \"name\": ";
    AppendJsonString(out, e.request.name);
  }
  out += ", \"period\": ";
  AppendJsonString(out, e.request.period);
  if (e.request.group) {
    out += ", \"group\": ";
    AppendJsonString(out, *e.request.group);
  }
  out += "}, \"truncated\": ";
  out += e.truncated ? "true" : "false";
  out += ",\n\"tree\": ";
  NodeJson(e.tree, sources, writer, out, 0);
}

}  // namespace

std::string ExplainText(const ExplainReport& report) {
  const Statement& st = *report.run.statement;
  const SourceManager& sources = report.run.compilation->internal().compilation->sources;
  TextWriter writer(sources, st.currency, report.set_lets,
                    &report.run.compilation->internal().compilation->settings.lets);
  std::string out = TerminalText(st.contract) + "\n";
  for (size_t i = 0; i < report.explanations.size(); ++i) {
    if (i) out += "\n";
    AppendText(report.explanations[i], writer, out);
  }
  return out;
}

std::string ExplainJson(const ExplainReport& report) {
  const Statement& st = *report.run.statement;
  const SourceManager& sources = report.run.compilation->internal().compilation->sources;
  TextWriter writer(sources, st.currency, report.set_lets,
                    &report.run.compilation->internal().compilation->settings.lets);
  std::string out = "{\"schema\": \"ocf.explain/1\", \"contract\": ";
  AppendJsonString(out, st.contract);
  out += ", \"currency\": ";
  AppendJsonString(out, st.currency);
  if (report.all_lines) {
    out += ", \"explanations\": [";
    for (size_t i = 0; i < report.explanations.size(); ++i) {
      out += i ? ",\n{" : "\n{";
      AppendJson(report.explanations[i], sources, writer, out);
      out += "}";
    }
    out += "]}\n";
    return out;
  }
  out += ", ";
  AppendJson(report.explanations[0], sources, writer, out);
  out += "}\n";
  return out;
}

}  // namespace ocf::driver
