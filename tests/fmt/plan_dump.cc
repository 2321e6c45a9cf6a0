#include "tests/fmt/plan_dump.h"

#include <fmt/format.h>

namespace ocf::test_support {

namespace {

std::string Slot(uint32_t slot) { return slot == plan::kNoSlot ? "-" : std::to_string(slot); }

std::string OfPeriod(const Period& p) {
  return fmt::format("{} {} {}..{} year {}", static_cast<int>(p.kind), p.label, p.start.ToString(),
                     p.end.ToString(), p.contract_year);
}

std::string OfWindow(const Window& w) { return fmt::format("{}:{}", static_cast<int>(w.kind), w.months); }

template <typename T>
std::string List(const std::vector<T>& items) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? " " : "") + fmt::format("{}", items[i]);
  return s + "]";
}

std::string Decimals(const std::vector<Decimal>& items) {
  std::string s = "[";
  for (size_t i = 0; i < items.size(); ++i) s += (i ? " " : "") + items[i].ToString();
  return s + "]";
}

std::string Quote(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::string DumpPlan(const plan::EvaluationPlan& p) {
  std::string out;
  auto line = [&](const std::string& s) { out += s + "\n"; };
  line("contract " + Quote(p.contract_title) + " " + p.currency + " " + p.term_start.ToString() + ".." +
       p.term_end.ToString() + " reporting " + std::to_string(static_cast<int>(p.reporting)));
  if (p.baseline) line("baseline " + OfPeriod(*p.baseline));
  for (const Period& period : p.periods) line("period " + OfPeriod(period));
  for (const Window& w : p.windows) line("window " + OfWindow(w));
  for (const Period& period : p.finest) line("finest " + OfPeriod(period));
  for (size_t i = 0; i < p.nodes.size(); ++i) {
    const plan::Node& n = p.nodes[i];
    std::string children;
    for (uint32_t c : n.children) children += " " + std::to_string(c);
    // operand_type means something for these operations only, and lowering
    // leaves it unset (uninitialised) for the others.
    bool operands = n.op == plan::Op::Compare || n.op == plan::Op::In || n.op == plan::Op::Min ||
                    n.op == plan::Op::Max || n.op == plan::Op::Clamp || n.op == plan::Op::Abs;
    line(fmt::format("node {} {} {} operands {} cmp {} slot {} int {} decimal {} text {} unit {} children{}",
                     i, plan::ToString(n.op), plan::ToString(n.type),
                     operands ? plan::ToString(n.operand_type) : "-", static_cast<int>(n.cmp), Slot(n.slot),
                     n.int_value, n.decimal_value.ToString(), Quote(n.text_value),
                     static_cast<int>(p.unit(static_cast<plan::ExprId>(i))), children));
  }
  for (const plan::Table& t : p.tables) {
    line(fmt::format("table {} dated_by {} uk_dates {} keys {}", t.name, t.dated_by, t.uk_dates,
                     List(t.keys)));
    for (const plan::TableColumn& c : t.columns)
      line(fmt::format("  column {} {} optional {} values {}", c.name, plan::ToString(c.type), c.optional,
                       List(c.enum_values)));
    for (const plan::Table::Check& c : t.checks)
      line(fmt::format("  check {} {}", c.condition, Quote(c.message)));
  }
  for (const plan::Input& in : p.inputs)
    line(fmt::format("input {} {} {} values {}", in.name, plan::ToString(in.type), in.type_name,
                     List(in.enum_values)));
  for (const plan::Aggregate& a : p.aggregates)
    line(fmt::format(
        "aggregate {} table {} population {} condition {} value {} {}->{} percentile {} measure {} by {} "
        "window {} counts_skipped {} used {}",
        static_cast<int>(a.op), a.table, Slot(a.population), Slot(a.condition), Slot(a.value),
        plan::ToString(a.value_type), plan::ToString(a.result_type), a.percentile, a.measure,
        Slot(a.by_column), Slot(a.window), a.counts_skipped, a.used));
  for (const plan::Measure& m : p.measures)
    line(fmt::format("measure {} {} {} {} value {} by {} window {} tables {}", m.name, Quote(m.title),
                     plan::ToString(m.type), m.type_name, m.value, Slot(m.by_column_name), Slot(m.window),
                     List(m.tables)));
  for (const std::string& b : p.by_names) line("by " + b);
  for (const plan::Target& t : p.targets)
    line(fmt::format("target measure {} kind {} threshold {} to {} increase {} relative {} points {}",
                     t.measure, static_cast<int>(t.kind), Slot(t.threshold), Slot(t.to), t.increase,
                     t.relative, t.points));
  for (const plan::Outcome& o : p.outcomes) {
    std::string targets;
    for (const auto& [target, weight] : o.targets)
      targets += fmt::format(" {}:{}", target, weight.ToString());
    line(fmt::format("outcome {} {} weight {} targets{}", o.name, Quote(o.title), o.weight.ToString(),
                     targets));
  }
  for (const plan::Payment& pay : p.payments) {
    line(fmt::format("payment {} by {}", static_cast<int>(pay.frequency), Slot(pay.by)));
    for (const plan::PaymentItem& item : pay.items)
      line(fmt::format("  {} {} value {} shadow {}", item.is_let ? "let" : "pay", Quote(item.name),
                       item.value, item.shadow));
  }
  for (const plan::Gate& g : p.gates)
    line(fmt::format("gate {} {} condition {}", g.name, Quote(g.title), g.condition));
  for (const plan::MatchTable& m : p.matches) {
    std::string values;
    for (const auto& [value, result] : m.values) values += fmt::format(" {}:{}", Quote(value), result);
    line(
        fmt::format("match results {} else {} ordered {} int_starts {} decimal_starts {} pieces {} values{} "
                    "run_time {} unit {} symbol {}",
                    m.results, Slot(m.else_result), m.ordered, List(m.int_starts), Decimals(m.decimal_starts),
                    List(m.piece_result), values, m.run_time, static_cast<int>(m.unit), m.currency_symbol));
    for (const plan::MatchTable::Pattern& pattern : m.patterns)
      line(fmt::format("  pattern {} {} {} {} result {}", Slot(pattern.low), Slot(pattern.high),
                       pattern.low_included, pattern.high_included, pattern.result));
  }
  for (const plan::Link& l : p.links)
    line(fmt::format("link table {} key {} outer {} outer_key {} {}", l.table, l.key, l.outer_table,
                     l.outer_key, plan::ToString(l.key_type)));
  for (const plan::NodeName& n : p.names) {
    std::string args;
    for (const auto& [name, node] : n.args) args += fmt::format(" {}={}", name, node);
    line(fmt::format("name node {} kind {} {} args{}", n.node, static_cast<int>(n.kind), n.name, args));
  }
  return out;
}

}  // namespace ocf::test_support
