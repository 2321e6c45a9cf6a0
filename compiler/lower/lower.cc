// Lowering: declarations (tables, measures, targets, outcomes, payments).
// Expressions are lowered in lower_expr.cc.
#include "compiler/lower/lower.h"

#include <stdexcept>
#include <unordered_set>

#include "compiler/lower/lowering.h"

namespace ocf {

namespace lower {

ValueType ValueTypeOf(const ast::TypeExpr& t) {
  switch (t.base) {
    case ast::BaseType::Int:
      return ValueType::Int;
    case ast::BaseType::Decimal:
    case ast::BaseType::Percent:
    case ast::BaseType::Money:
      return ValueType::Decimal;
    case ast::BaseType::Bool:
      return ValueType::Bool;
    case ast::BaseType::Date:
      return ValueType::Date;
    case ast::BaseType::Duration:
      return ValueType::DayDuration;
    case ast::BaseType::Text:
    case ast::BaseType::Id:
    case ast::BaseType::Enum:
      return ValueType::Text;
  }
  return ValueType::Int;
}

const char* TypeName(const ast::TypeExpr& t) {
  switch (t.base) {
    case ast::BaseType::Int:
      return "int";
    case ast::BaseType::Decimal:
      return "decimal";
    case ast::BaseType::Percent:
      return "percent";
    case ast::BaseType::Money:
      return "money";
    case ast::BaseType::Bool:
      return "bool";
    case ast::BaseType::Date:
      return "date";
    case ast::BaseType::Duration:
      return "duration";
    case ast::BaseType::Text:
      return "text";
    case ast::BaseType::Id:
      return "id";
    case ast::BaseType::Enum:
      return "enum";
  }
  return "?";
}

Lowering::Lowering(const CheckedProgram& program) : program_(program) {}

uint32_t Lowering::TableIndex(const ast::DataDecl* data) const {
  for (size_t i = 0; i < program_.datasets.size(); ++i)
    if (program_.datasets[i] == data) return static_cast<uint32_t>(i);
  throw std::logic_error("lower: unknown dataset");
}

uint32_t Lowering::ColumnIndex(const ast::DataDecl& data, const std::string& name) const {
  for (size_t i = 0; i < data.columns.size(); ++i)
    if (data.columns[i].name.text == name) return static_cast<uint32_t>(i);
  return plan::kNoSlot;
}

void Lowering::LowerTables() {
  for (const ast::DataDecl* d : program_.datasets) {
    plan::Table t;
    t.name = d->name.text;
    for (const ast::ColumnDecl& c : d->columns) {
      plan::TableColumn col{c.name.text, ValueTypeOf(c.type), c.type.optional, {}};
      for (const ast::Ident& v : c.type.enum_values) col.enum_values.push_back(v.text);
      if (c.key) t.keys.push_back(static_cast<uint32_t>(t.columns.size()));
      t.columns.push_back(std::move(col));
    }
    if (d->dated_by) t.dated_by = ColumnIndex(*d, d->dated_by->text);
    for (const auto& [f, _] : d->date_formats) t.uk_dates = f == "DD/MM/YYYY";
    out_.tables.push_back(std::move(t));
  }
  // Check rules after every table exists (they may name inputs and lets).
  for (size_t i = 0; i < program_.datasets.size(); ++i) {
    for (const ast::CheckRule& rule : program_.datasets[i]->checks) {
      Context ctx;
      ctx.table = program_.datasets[i];
      ExprId cond = LowerExpr(*rule.condition, ctx);
      out_.tables[i].checks.push_back({cond, rule.message.value_or(""), rule.span});
    }
  }
}

void Lowering::LowerInputs() {
  for (const ast::InputDecl* in : program_.inputs) {
    plan::Input input{in->name.text, ValueTypeOf(in->type), TypeName(in->type), {}};
    for (const ast::Ident& v : in->type.enum_values) input.enum_values.push_back(v.text);
    out_.inputs.push_back(std::move(input));
  }
}

uint32_t Lowering::InputIndex(const std::string& name) const {
  for (size_t i = 0; i < out_.inputs.size(); ++i)
    if (out_.inputs[i].name == name) return static_cast<uint32_t>(i);
  throw std::logic_error("lower: unknown input " + name);
}

uint32_t Lowering::MeasureIndex(const ast::MeasureDecl& m) {
  auto it = measure_index_.find(&m);
  if (it != measure_index_.end()) {
    if (it->second == plan::kNoSlot) throw std::logic_error("lower: measure cycle " + m.name.text);
    return it->second;
  }
  measure_index_[&m] = plan::kNoSlot;  // in progress
  Context ctx;
  ctx.measure = &m;
  if (m.by) ctx.by_column_name = m.by->text;
  if (m.over) ctx.window = WindowIndex(*m.over);
  std::vector<uint32_t> created;
  ctx.new_aggregates = &created;
  ExprId value = LowerExpr(*m.value, ctx);
  const Type& t = program_.types.at(m.value.get());
  plan::Measure out;
  out.name = m.name.text;
  out.title = m.title.value_or("");
  out.type = out_.node(value).type;
  if (m.declared_type) {
    ValueType declared = ValueTypeOf(*m.declared_type);
    value = Convert(value, declared);
    out.type = declared;
    out.type_name = TypeName(*m.declared_type);
  } else {
    out.type_name = LanguageTypeName(t);
  }
  out.value = value;
  if (m.by) out.by_column_name = ByNameIndex(m.by->text);
  out.window = ctx.window;
  auto tables = program_.measure_tables.find(&m);
  if (tables != program_.measure_tables.end())
    for (const ast::DataDecl* d : tables->second) out.tables.push_back(TableIndex(d));
  uint32_t index = static_cast<uint32_t>(out_.measures.size());
  out_.measures.push_back(std::move(out));
  measure_index_[&m] = index;
  for (uint32_t a : created)
    if (out_.aggregates[a].measure == plan::kNoSlot) out_.aggregates[a].measure = index;
  return index;
}

uint32_t Lowering::WindowIndex(const ast::Window& w) {
  Window window;
  window.kind = w.kind == ast::Window::Kind::Last         ? Window::Kind::Last
                : w.kind == ast::Window::Kind::YearToDate ? Window::Kind::YearToDate
                                                          : Window::Kind::TermToDate;
  window.months = w.kind == ast::Window::Kind::Last ? w.months : 0;
  for (size_t i = 0; i < out_.windows.size(); ++i)
    if (out_.windows[i] == window) return static_cast<uint32_t>(i);
  out_.windows.push_back(window);
  return static_cast<uint32_t>(out_.windows.size() - 1);
}

uint32_t Lowering::ByNameIndex(const std::string& name) {
  for (size_t i = 0; i < out_.by_names.size(); ++i)
    if (out_.by_names[i] == name) return static_cast<uint32_t>(i);
  out_.by_names.push_back(name);
  return static_cast<uint32_t>(out_.by_names.size() - 1);
}

std::string Lowering::LanguageTypeName(const Type& t) const {
  switch (t.kind) {
    case TypeKind::Int:
      return "int";
    case TypeKind::Decimal:
      return "decimal";
    case TypeKind::Percent:
      return "percent";
    case TypeKind::Money:
      return "money";
    case TypeKind::Bool:
      return "bool";
    case TypeKind::Date:
      return "date";
    case TypeKind::DayDuration:
    case TypeKind::MonthDuration:
    case TypeKind::AnyDuration:
      return "duration";
    case TypeKind::Text:
      return "text";
    case TypeKind::Id:
      return "id";
    case TypeKind::Enum:
      return "enum";
    case TypeKind::Error:
      break;
  }
  return "?";
}

namespace {

Decimal WeightOf(const ast::Expr* weight) {
  if (!weight) return Decimal::FromInt(1);
  if (weight->kind != ast::ExprKind::Percent)
    throw std::logic_error("lower: weight is not a percent literal");
  return static_cast<const ast::PercentExpr*>(weight)->value;
}

PeriodKind KindOf(ast::Frequency f) {
  return f == ast::Frequency::Monthly     ? PeriodKind::Month
         : f == ast::Frequency::Quarterly ? PeriodKind::Quarter
                                          : PeriodKind::Year;
}

}  // namespace

void Lowering::LowerTargetsAndOutcomes() {
  std::map<std::string, uint32_t> target_of;
  for (const ast::TargetDecl* t : program_.targets) {
    const auto& m = static_cast<const ast::MeasureDecl&>(*program_.globals.at(t->measure.text).decl);
    plan::Target out;
    out.measure = MeasureIndex(m);
    ValueType mt = out_.measures[out.measure].type;
    Context ctx;
    out.kind = t->target_kind == ast::TargetKind::AtLeast  ? plan::Target::Kind::AtLeast
               : t->target_kind == ast::TargetKind::AtMost ? plan::Target::Kind::AtMost
               : t->target_kind == ast::TargetKind::Range  ? plan::Target::Kind::Range
                                                           : plan::Target::Kind::Change;
    out.span = t->span;
    if (out.kind == plan::Target::Kind::Change) {
      // R: a share of the baseline value (a percent, unless in points), or
      // a change in the measure's own unit.
      out.increase = t->increase;
      out.points = t->points;
      out.relative = !t->points && program_.types.at(t->threshold.get()).kind == TypeKind::Percent;
      ExprId r = LowerExpr(*t->threshold, ctx);
      out.threshold = TypeOf(r) == ValueType::Int && (mt == ValueType::Decimal || out.relative || out.points)
                          ? Convert(r, ValueType::Decimal)
                          : r;
      target_of[t->measure.text] = static_cast<uint32_t>(out_.targets.size());
      out_.targets.push_back(out);
      continue;
    }
    // An int measure may have a decimal threshold (`at least 2.5`): the
    // measure is then compared as a decimal, never the threshold truncated.
    auto threshold = [&](const ast::Expr& e) {
      ExprId id = LowerExpr(e, ctx);
      return TypeOf(id) == ValueType::Decimal ? id : Convert(id, mt);
    };
    out.threshold = threshold(*t->threshold);
    if (t->to) out.to = threshold(*t->to);
    target_of[t->measure.text] = static_cast<uint32_t>(out_.targets.size());
    out_.targets.push_back(out);
  }
  for (const ast::OutcomeDecl* o : program_.outcomes) {
    plan::Outcome out;
    out.name = o->name.text;
    out.title = o->title.value_or("");
    out.weight = WeightOf(o->weight.get());
    for (const ast::OutcomeMeasure& om : o->measures)
      out.targets.push_back({target_of.at(om.measure.text), WeightOf(om.weight.get())});
    out_.outcomes.push_back(std::move(out));
  }
}

void Lowering::LowerPayments() {
  for (const ast::PaymentDecl* p : program_.payments) {
    plan::Payment out;
    out.frequency = KindOf(*p->frequency);
    if (p->by) {
      out.by = ByNameIndex(p->by->text);
      out.by_span = p->by->span;
    }
    std::map<std::string, uint32_t> lets;
    for (const ast::PaymentItem& item : p->items) {
      Context ctx;
      ctx.payment_lets = &lets;
      ExprId value = LowerExpr(*item.value, ctx);
      if (item.is_let) lets[item.name.text] = static_cast<uint32_t>(out.items.size());
      out.items.push_back({item.is_let, item.name.text, value, item.shadow});
    }
    out_.payments.push_back(std::move(out));
  }
}

plan::EvaluationPlan Lowering::Run() {
  const Contract& c = program_.contract;
  out_.contract_title = c.title;
  out_.currency = c.currency;
  out_.term_start = c.term_start;
  out_.term_end = c.term_end;
  out_.baseline = c.baseline;
  out_.reporting = c.periods;
  out_.periods = program_.periods;
  LowerInputs();
  LowerTables();
  for (const ast::MeasureDecl* m : program_.measures) MeasureIndex(*m);
  LowerTargetsAndOutcomes();
  LowerGates();
  LowerPayments();
  out_.finest = FinestPeriods(out_.WorkedOutPeriods(), out_.windows, out_.timeline());
  MarkUsedAggregates();
  return std::move(out_);
}

// An aggregate lowered inside an argument a function ignores is in the plan
// but in no measure's value: neither engine may scan it (its failures are
// not the contract's).
void Lowering::MarkUsedAggregates() {
  for (plan::Aggregate& a : out_.aggregates) a.used = false;
  std::unordered_set<ExprId> seen;
  auto mark = [&](const plan::Node& n) {
    if (n.op == plan::Op::Aggregate) out_.aggregates[n.slot].used = true;
  };
  for (const plan::Measure& m : out_.measures) plan::VisitOnce(out_, m.value, seen, mark);
  for (const plan::Payment& p : out_.payments)
    for (const plan::PaymentItem& item : p.items) plan::VisitOnce(out_, item.value, seen, mark);
}

}  // namespace lower

plan::EvaluationPlan Lower(const CheckedProgram& program) { return lower::Lowering(program).Run(); }

}  // namespace ocf
