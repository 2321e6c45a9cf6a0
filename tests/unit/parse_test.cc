// Unit tests for compiler/parse: the AST every construct of the language
// builds, operator precedence, soft keywords, literal values and their
// diagnostics, and recovery (one error per mistake).
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "compiler/parse/parse.h"

namespace ocf {
namespace {

using namespace ocf::ast;

struct Parsed {
  std::unique_ptr<SourceFile> source;
  ParseResult result;

  const File& file() const { return result.file; }
  std::vector<std::string> Codes() const {
    std::vector<std::string> out;
    for (const Diagnostic& d : result.diagnostics.diagnostics()) out.emplace_back(Info(d.code).code);
    return out;
  }
  size_t Count(const char* code) const {
    size_t n = 0;
    for (const std::string& c : Codes()) n += c == code;
    return n;
  }
  const Diagnostic& First() const { return result.diagnostics.diagnostics().at(0); }
  std::string Text(Span span) const { return std::string(source->Slice(span)); }
};

Parsed ParseText(const std::string& text, ParseLimits limits = {}) {
  Parsed p;
  p.source = std::make_unique<SourceFile>("test.ocf", text);
  p.result = Parse(*p.source, 7, limits);
  return p;
}

std::string Joined(const std::vector<std::string>& codes) {
  std::string out;
  for (const std::string& c : codes) out += (out.empty() ? "" : " ") + c;
  return out;
}

template <typename T>
const T& As(const Decl& d) {
  const T* t = dynamic_cast<const T*>(&d);
  EXPECT_NE(t, nullptr) << "declaration is a " << ToString(d.kind);
  return *t;
}

template <typename T>
const T& As(const Expr& e) {
  const T* t = dynamic_cast<const T*>(&e);
  EXPECT_NE(t, nullptr) << "expression kind " << static_cast<int>(e.kind);
  return *t;
}

// A compact picture of an expression's shape: `(+ a (* b c))`.
std::string Show(const Expr* e) {
  if (!e) return "null";
  switch (e->kind) {
    case ExprKind::Number:
      return static_cast<const NumberExpr*>(e)->value.ToString();
    case ExprKind::Percent:
      return static_cast<const PercentExpr*>(e)->value.ToString() + "p";
    case ExprKind::Money: {
      auto* m = static_cast<const MoneyExpr*>(e);
      return m->currency + m->amount.ToString();
    }
    case ExprKind::Date:
      return static_cast<const DateExpr*>(e)->value.ToString();
    case ExprKind::Text:
      return "\"" + static_cast<const TextExpr*>(e)->value + "\"";
    case ExprKind::Bool:
      return static_cast<const BoolExpr*>(e)->value ? "true" : "false";
    case ExprKind::Duration: {
      auto* d = static_cast<const DurationExpr*>(e);
      return std::to_string(d->amount) + (d->unit == DurationUnit::Days ? "d" : "mo");
    }
    case ExprKind::Name:
      return static_cast<const NameExpr*>(e)->name;
    case ExprKind::Call: {
      auto* c = static_cast<const CallExpr*>(e);
      std::string out = "(call " + c->callee.text;
      for (const ExprPtr& a : c->args) out += " " + Show(a.get());
      return out + ")";
    }
    case ExprKind::Unary: {
      auto* u = static_cast<const UnaryExpr*>(e);
      const char* op = u->op == UnaryOp::Neg ? "neg" : u->op == UnaryOp::Plus ? "pos" : "not";
      return std::string("(") + op + " " + Show(u->operand.get()) + ")";
    }
    case ExprKind::Binary: {
      auto* b = static_cast<const BinaryExpr*>(e);
      return std::string("(") + ToString(b->op) + " " + Show(b->lhs.get()) + " " + Show(b->rhs.get()) + ")";
    }
    case ExprKind::IsMissing: {
      auto* m = static_cast<const IsMissingExpr*>(e);
      return std::string(m->present ? "(present " : "(missing ") + Show(m->operand.get()) + ")";
    }
    case ExprKind::In: {
      auto* in = static_cast<const InExpr*>(e);
      std::string out = std::string(in->negated ? "(not-in " : "(in ") + Show(in->operand.get());
      for (const ExprPtr& v : in->values) out += " " + Show(v.get());
      return out + ")";
    }
    case ExprKind::If: {
      auto* i = static_cast<const IfExpr*>(e);
      return "(if " + Show(i->cond.get()) + " " + Show(i->then_value.get()) + " " +
             Show(i->else_value.get()) + ")";
    }
    case ExprKind::AsPercent:
      return "(as-percent " + Show(static_cast<const AsPercentExpr*>(e)->operand.get()) + ")";
    case ExprKind::Aggregate: {
      auto* a = static_cast<const AggregateExpr*>(e);
      std::string out = std::string("(") + ToString(a->op);
      if (a->op == AggregateOp::Percentile) out += " " + std::to_string(a->percentile);
      if (a->value) out += " " + Show(a->value.get());
      out += " " + a->source.text;
      if (a->condition) out += " where " + Show(a->condition.get());
      return out + ")";
    }
    case ExprKind::Achievement: {
      auto* a = static_cast<const AchievementExpr*>(e);
      return a->outcome ? "(achievement " + a->outcome->text + ")" : "achievement";
    }
    case ExprKind::OtherPeriod:
      return "(previous " + static_cast<const OtherPeriodExpr*>(e)->measure->name + ")";
    case ExprKind::Paid: {
      auto* p = static_cast<const PaidExpr*>(e);
      return std::string("(paid \"") + p->line.text + "\" " + (p->this_year ? "this-year" : "so-far") + ")";
    }
    case ExprKind::Tiered: {
      auto* t = static_cast<const TieredExpr*>(e);
      std::string out = "(tiered " + Show(t->amount.get());
      for (const Tier& tier : t->tiers) {
        const char* kind = tier.kind == TierKind::First  ? "first"
                           : tier.kind == TierKind::Next ? "next"
                                                         : "rest";
        out += std::string(" [") + kind + (tier.limit ? " " + Show(tier.limit.get()) : "") + " at " +
               Show(tier.rate.get()) + "]";
      }
      return out + ")";
    }
    case ExprKind::Match: {
      auto* m = static_cast<const MatchExpr*>(e);
      std::string out = "(match " + Show(m->subject.get());
      for (const MatchCase& c : m->cases) {
        out += " [";
        for (size_t i = 0; i < c.patterns.size(); ++i) {
          const MatchPattern& p = c.patterns[i];
          if (i) out += ", ";
          out += (p.low ? std::string(p.low_included ? "[" : "(") + Show(p.low.get()) : std::string("(-inf"));
          if (p.kind != MatchPattern::Kind::Value)
            out += ".." + (p.high ? Show(p.high.get()) + (p.high_included ? "]" : ")") : std::string("inf)"));
        }
        out += " => " + Show(c.result.get()) + "]";
      }
      if (m->else_result) out += " [else => " + Show(m->else_result.get()) + "]";
      return out + ")";
    }
    case ExprKind::Link: {
      auto* l = static_cast<const LinkExpr*>(e);
      std::string out = std::string("(") + (l->count ? "count-link " : "exists ") + l->source.text;
      if (l->alias) out += " as " + l->alias->text;
      out += " on " + l->key.text;
      if (l->other_key) out += "=" + l->other_key->text;
      if (l->condition) out += " where " + Show(l->condition.get());
      return out + ")";
    }
    case ExprKind::Qualified: {
      auto* q = static_cast<const QualifiedExpr*>(e);
      return q->qualifier.text + "." + q->column.text;
    }
    case ExprKind::Error:
      return "<error>";
  }
  return "?";
}

// The value of `let x = EXPR`, shown.
std::string ShowLet(const std::string& expr) {
  Parsed p = ParseText("let x = " + expr + "\n");
  EXPECT_FALSE(p.result.diagnostics.has_errors()) << expr << ": " << Joined(p.Codes());
  if (p.file().decls.size() != 1) return "no declaration";
  return Show(As<LetDecl>(*p.file().decls[0]).value.get());
}

// Every node id in the file, to check they are dense and unique.
void CollectIds(const Expr* e, std::vector<NodeId>& ids) {
  if (!e) return;
  ids.push_back(e->id);
  switch (e->kind) {
    case ExprKind::Call:
      for (const ExprPtr& a : static_cast<const CallExpr*>(e)->args) CollectIds(a.get(), ids);
      break;
    case ExprKind::Unary:
      CollectIds(static_cast<const UnaryExpr*>(e)->operand.get(), ids);
      break;
    case ExprKind::Binary:
      CollectIds(static_cast<const BinaryExpr*>(e)->lhs.get(), ids);
      CollectIds(static_cast<const BinaryExpr*>(e)->rhs.get(), ids);
      break;
    case ExprKind::IsMissing:
      CollectIds(static_cast<const IsMissingExpr*>(e)->operand.get(), ids);
      break;
    case ExprKind::In:
      CollectIds(static_cast<const InExpr*>(e)->operand.get(), ids);
      for (const ExprPtr& v : static_cast<const InExpr*>(e)->values) CollectIds(v.get(), ids);
      break;
    case ExprKind::If:
      CollectIds(static_cast<const IfExpr*>(e)->cond.get(), ids);
      CollectIds(static_cast<const IfExpr*>(e)->then_value.get(), ids);
      CollectIds(static_cast<const IfExpr*>(e)->else_value.get(), ids);
      break;
    case ExprKind::AsPercent:
      CollectIds(static_cast<const AsPercentExpr*>(e)->operand.get(), ids);
      break;
    case ExprKind::Aggregate:
      CollectIds(static_cast<const AggregateExpr*>(e)->value.get(), ids);
      CollectIds(static_cast<const AggregateExpr*>(e)->condition.get(), ids);
      break;
    case ExprKind::OtherPeriod:
      CollectIds(static_cast<const OtherPeriodExpr*>(e)->measure.get(), ids);
      break;
    case ExprKind::Tiered:
      CollectIds(static_cast<const TieredExpr*>(e)->amount.get(), ids);
      for (const Tier& t : static_cast<const TieredExpr*>(e)->tiers) {
        CollectIds(t.limit.get(), ids);
        CollectIds(t.rate.get(), ids);
      }
      break;
    default:
      break;
  }
}

std::vector<NodeId> AllIds(const File& file) {
  std::vector<NodeId> ids;
  for (const DeclPtr& d : file.decls) {
    ids.push_back(d->id);
    switch (d->kind) {
      case DeclKind::Data: {
        auto& data = static_cast<const DataDecl&>(*d);
        for (const ColumnDecl& c : data.columns) ids.push_back(c.id);
        for (const CheckRule& c : data.checks) CollectIds(c.condition.get(), ids);
        break;
      }
      case DeclKind::Population:
        CollectIds(static_cast<const PopulationDecl&>(*d).condition.get(), ids);
        break;
      case DeclKind::Let:
        CollectIds(static_cast<const LetDecl&>(*d).value.get(), ids);
        break;
      case DeclKind::Function: {
        auto& f = static_cast<const FunctionDecl&>(*d);
        for (const Param& p : f.params) ids.push_back(p.id);
        CollectIds(f.body.get(), ids);
        break;
      }
      case DeclKind::Measure:
        CollectIds(static_cast<const MeasureDecl&>(*d).value.get(), ids);
        break;
      case DeclKind::Target:
        CollectIds(static_cast<const TargetDecl&>(*d).threshold.get(), ids);
        CollectIds(static_cast<const TargetDecl&>(*d).to.get(), ids);
        break;
      case DeclKind::Outcome: {
        auto& o = static_cast<const OutcomeDecl&>(*d);
        CollectIds(o.weight.get(), ids);
        for (const OutcomeMeasure& m : o.measures) CollectIds(m.weight.get(), ids);
        break;
      }
      case DeclKind::Payment:
        for (const PaymentItem& item : static_cast<const PaymentDecl&>(*d).items) {
          ids.push_back(item.id);
          CollectIds(item.value.get(), ids);
        }
        break;
      case DeclKind::Test:
        for (const TestItem& item : static_cast<const TestDecl&>(*d).items) CollectIds(item.value.get(), ids);
        break;
      default:
        break;
    }
  }
  return ids;
}

void ExpectDenseIds(const File& file) {
  std::vector<NodeId> ids = AllIds(file);
  std::set<NodeId> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size()) << "node ids are not unique";
  ASSERT_FALSE(ids.empty());
  EXPECT_EQ(*unique.begin(), 1u);
  EXPECT_EQ(*unique.rbegin(), file.node_count - 1);
  EXPECT_EQ(unique.size(), file.node_count - 1) << "node ids are not dense";
}

// The example of LANGUAGE.md, with its test block.
constexpr const char* kMsk = R"ocf(// examples/msk/msk.ocf — a musculoskeletal prime contract
contract "Bedfordshire MSK prime contract" {
  commissioner "NHS Bedfordshire CCG"
  provider     "MSK prime provider consortium"
  term         2014-04-01 to 2019-03-31
  periods      quarterly
  currency     GBP
}

data referrals "Referrals into the MSK pathway" dated by referred_on {
  referral_id   : id key
  age           : int
  referred_on   : date
  first_seen_on : date?          // empty until the patient is seen
  pathway       : one of (physio, orthopaedics, pain, "rheumatology day case")
  check first_seen_on >= referred_on "first contact before referral"
}

data finance "Provider spend, one row per month" dated by month {
  month : date
  spend : money
}

population adults = referrals where age >= 18

measure seen_in_18_weeks "Adults first seen within 18 weeks" =
  percent of adults where first_seen_on <= referred_on + 18 weeks

measure referrals_in "Referrals received" = count referrals

measure total_spend "Provider spend" = sum spend of finance

target seen_in_18_weeks from 40% to 90%     // 0 at 40%, full at 90%, linear between

outcome access "Timely access" weight 100% {
  seen_in_18_weeks
}

payment yearly {
  let budget = £26.5m * (100% + 1.3%) ^ (contract_year - 1)
  let surplus = 95% * budget - total_spend
  pay "Capitated budget"  = 95% * budget
  pay "Management fee"    = 2.5% * budget
  pay "Outcome incentive" = 5% * budget * achievement
  pay "Surplus retained"  = tiered(surplus) { first 5% * 95% * budget at 100%, rest at 50% }
}

test "full access pays the whole incentive" {
  given referrals {
    | referral_id | age | referred_on | first_seen_on | pathway |
    | r1          | 40  | 2014-05-01  | 2014-05-20    | physio  |
  }
  given finance from "data/finance.csv"      // path relative to the .ocf file
  set some_input = 1000
  expect seen_in_18_weeks = 100% in "2014/15 Q1"
  expect payment "Outcome incentive" = £1_325_000.00 in "2014/15"
}
)ocf";

TEST(Parse, LanguageReferenceExample) {
  Parsed p = ParseText(kMsk);
  ASSERT_EQ(p.result.diagnostics.diagnostics().size(), 0u) << Joined(p.Codes());
  const File& f = p.file();
  EXPECT_EQ(f.source_id, 7u);
  ASSERT_EQ(f.decls.size(), 11u);
  std::vector<DeclKind> kinds;
  for (const DeclPtr& d : f.decls) kinds.push_back(d->kind);
  EXPECT_EQ(kinds,
            (std::vector<DeclKind>{DeclKind::Contract, DeclKind::Data, DeclKind::Data, DeclKind::Population,
                                   DeclKind::Measure, DeclKind::Measure, DeclKind::Measure, DeclKind::Target,
                                   DeclKind::Outcome, DeclKind::Payment, DeclKind::Test}));
  ExpectDenseIds(f);

  const auto& contract = As<ContractDecl>(*f.decls[0]);
  EXPECT_EQ(contract.title, "Bedfordshire MSK prime contract");
  EXPECT_EQ(p.Text(contract.keyword_span), "contract");
  EXPECT_EQ(contract.commissioner, "NHS Bedfordshire CCG");
  EXPECT_EQ(contract.providers, std::vector<std::string>{"MSK prime provider consortium"});
  EXPECT_EQ(contract.term_start->ToString(), "2014-04-01");
  EXPECT_EQ(contract.term_end->ToString(), "2019-03-31");
  EXPECT_EQ(p.Text(contract.term_span), "term         2014-04-01 to 2019-03-31");
  EXPECT_EQ(contract.periods, Frequency::Quarterly);
  EXPECT_EQ(p.Text(contract.periods_span), "quarterly");
  ASSERT_TRUE(contract.currency);
  EXPECT_EQ(contract.currency->text, "GBP");
  std::vector<std::string> fields;
  for (const ContractField& field : contract.fields) fields.push_back(field.name.text);
  EXPECT_EQ(fields, (std::vector<std::string>{"commissioner", "provider", "term", "periods", "currency"}));

  const auto& referrals = As<DataDecl>(*f.decls[1]);
  EXPECT_EQ(referrals.name.text, "referrals");
  EXPECT_EQ(referrals.title, "Referrals into the MSK pathway");
  EXPECT_EQ(referrals.dated_by->text, "referred_on");
  ASSERT_EQ(referrals.columns.size(), 5u);
  EXPECT_EQ(referrals.columns[0].name.text, "referral_id");
  EXPECT_EQ(referrals.columns[0].type.base, BaseType::Id);
  EXPECT_TRUE(referrals.columns[0].key);
  EXPECT_FALSE(referrals.columns[1].key);
  EXPECT_EQ(referrals.columns[1].type.base, BaseType::Int);
  EXPECT_EQ(referrals.columns[3].type.base, BaseType::Date);
  EXPECT_TRUE(referrals.columns[3].type.optional);
  EXPECT_FALSE(referrals.columns[2].type.optional);
  const TypeExpr& pathway = referrals.columns[4].type;
  EXPECT_EQ(pathway.base, BaseType::Enum);
  ASSERT_EQ(pathway.enum_values.size(), 4u);
  EXPECT_EQ(pathway.enum_values[0].text, "physio");
  EXPECT_EQ(pathway.enum_values[3].text, "rheumatology day case");
  EXPECT_EQ(p.Text(pathway.enum_values[3].span), "\"rheumatology day case\"");
  ASSERT_EQ(referrals.checks.size(), 1u);
  EXPECT_EQ(Show(referrals.checks[0].condition.get()), "(>= first_seen_on referred_on)");
  EXPECT_EQ(referrals.checks[0].message, "first contact before referral");

  const auto& finance = As<DataDecl>(*f.decls[2]);
  EXPECT_EQ(finance.dated_by->text, "month");
  EXPECT_EQ(finance.columns[0].name.text, "month");
  EXPECT_EQ(finance.columns[1].type.base, BaseType::Money);

  const auto& adults = As<PopulationDecl>(*f.decls[3]);
  EXPECT_EQ(adults.name.text, "adults");
  EXPECT_EQ(adults.source.text, "referrals");
  EXPECT_EQ(Show(adults.condition.get()), "(>= age 18)");

  const auto& seen = As<MeasureDecl>(*f.decls[4]);
  EXPECT_EQ(seen.name.text, "seen_in_18_weeks");
  EXPECT_EQ(p.Text(seen.name.span), "seen_in_18_weeks");
  EXPECT_EQ(seen.title, "Adults first seen within 18 weeks");
  EXPECT_EQ(Show(seen.value.get()), "(percent of adults where (<= first_seen_on (+ referred_on 126d)))");
  EXPECT_EQ(Show(As<MeasureDecl>(*f.decls[5]).value.get()), "(count referrals)");
  EXPECT_EQ(Show(As<MeasureDecl>(*f.decls[6]).value.get()), "(sum spend finance)");

  const auto& target = As<TargetDecl>(*f.decls[7]);
  EXPECT_EQ(target.measure.text, "seen_in_18_weeks");
  EXPECT_EQ(target.target_kind, TargetKind::Range);
  EXPECT_EQ(Show(target.threshold.get()), "0.4p");
  EXPECT_EQ(Show(target.to.get()), "0.9p");

  const auto& access = As<OutcomeDecl>(*f.decls[8]);
  EXPECT_EQ(access.name.text, "access");
  EXPECT_EQ(access.title, "Timely access");
  EXPECT_EQ(Show(access.weight.get()), "1p");
  ASSERT_EQ(access.measures.size(), 1u);
  EXPECT_EQ(access.measures[0].measure.text, "seen_in_18_weeks");
  EXPECT_EQ(access.measures[0].weight, nullptr);

  const auto& payment = As<PaymentDecl>(*f.decls[9]);
  EXPECT_EQ(payment.frequency, Frequency::Yearly);
  EXPECT_EQ(payment.frequency_word.text, "yearly");
  ASSERT_EQ(payment.items.size(), 6u);
  EXPECT_TRUE(payment.items[0].is_let);
  EXPECT_EQ(payment.items[0].name.text, "budget");
  EXPECT_EQ(Show(payment.items[0].value.get()), "(* GBP26500000 (^ (+ 1p 0.013p) (- contract_year 1)))");
  EXPECT_EQ(Show(payment.items[1].value.get()), "(- (* 0.95p budget) total_spend)");
  EXPECT_FALSE(payment.items[2].is_let);
  EXPECT_EQ(payment.items[2].name.text, "Capitated budget");
  EXPECT_EQ(p.Text(payment.items[2].name.span), "\"Capitated budget\"");
  EXPECT_EQ(Show(payment.items[4].value.get()), "(* (* 0.05p budget) achievement)");
  EXPECT_EQ(Show(payment.items[5].value.get()),
            "(tiered surplus [first (* (* 0.05p 0.95p) budget) at 1p] [rest at 0.5p])");

  const auto& test = As<TestDecl>(*f.decls[10]);
  EXPECT_EQ(test.name, "full access pays the whole incentive");
  ASSERT_EQ(test.items.size(), 5u);
  const TestItem& table = test.items[0];
  EXPECT_EQ(table.kind, TestItemKind::GivenTable);
  EXPECT_EQ(table.name.text, "referrals");
  ASSERT_EQ(table.header.size(), 5u);
  EXPECT_EQ(table.header[0].text, "referral_id");
  EXPECT_EQ(p.Text(table.header[4].span), "pathway");
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0].cells,
            (std::vector<std::string>{"r1", "40", "2014-05-01", "2014-05-20", "physio"}));
  EXPECT_EQ(p.Text(table.rows[0].cell_spans[2]), "2014-05-01");
  EXPECT_EQ(test.items[1].kind, TestItemKind::GivenFile);
  EXPECT_EQ(test.items[1].name.text, "finance");
  EXPECT_EQ(test.items[1].path, "data/finance.csv");
  EXPECT_EQ(test.items[2].kind, TestItemKind::Set);
  EXPECT_EQ(test.items[2].name.text, "some_input");
  EXPECT_EQ(Show(test.items[2].value.get()), "1000");
  EXPECT_EQ(test.items[3].kind, TestItemKind::Expect);
  EXPECT_EQ(test.items[3].subject, ExpectSubject::Measure);
  EXPECT_EQ(test.items[3].name.text, "seen_in_18_weeks");
  EXPECT_EQ(Show(test.items[3].value.get()), "1p");
  EXPECT_EQ(test.items[3].period, "2014/15 Q1");
  EXPECT_EQ(p.Text(test.items[3].period_span), "\"2014/15 Q1\"");
  EXPECT_EQ(test.items[4].subject, ExpectSubject::PaymentLine);
  EXPECT_EQ(test.items[4].payment_line, "Outcome incentive");
  EXPECT_EQ(Show(test.items[4].value.get()), "GBP1325000");
}

TEST(Parse, EmptyFileHasNoDeclarationsAndNoErrors) {
  Parsed p = ParseText("");
  EXPECT_TRUE(p.file().decls.empty());
  EXPECT_EQ(p.file().node_count, 1u);
  EXPECT_EQ(p.result.diagnostics.diagnostics().size(), 0u);
  Parsed comments = ParseText("// only a comment\n/* and a block */\n");
  EXPECT_TRUE(comments.file().decls.empty());
  EXPECT_FALSE(comments.result.diagnostics.has_errors());
}

TEST(Parse, PrecedenceFromLoosestToTightest) {
  EXPECT_EQ(ShowLet("a otherwise b or c"), "(otherwise a (or b c))");
  EXPECT_EQ(ShowLet("a or b otherwise c"), "(otherwise (or a b) c)");
  EXPECT_EQ(ShowLet("a or b and c"), "(or a (and b c))");
  EXPECT_EQ(ShowLet("a and b or c"), "(or (and a b) c)");
  EXPECT_EQ(ShowLet("not a and b"), "(and (not a) b)");
  EXPECT_EQ(ShowLet("not a = b"), "(not (= a b))");
  EXPECT_EQ(ShowLet("a + b = c * d"), "(= (+ a b) (* c d))");
  EXPECT_EQ(ShowLet("a + 1 is missing"), "(missing (+ a 1))");
  EXPECT_EQ(ShowLet("a is missing or b is present"), "(or (missing a) (present b))");
  EXPECT_EQ(ShowLet("a + 1 in (x, \"y\",)"), "(in (+ a 1) x \"y\")");
  EXPECT_EQ(ShowLet("a not in (x, y)"), "(not-in a x y)");
  EXPECT_EQ(ShowLet("a - b - c"), "(- (- a b) c)");
  EXPECT_EQ(ShowLet("a * b + c"), "(+ (* a b) c)");
  EXPECT_EQ(ShowLet("a + b * c"), "(+ a (* b c))");
  EXPECT_EQ(ShowLet("a / b / c"), "(/ (/ a b) c)");
  EXPECT_EQ(ShowLet("-a * b"), "(* (neg a) b)");
  EXPECT_EQ(ShowLet("+a"), "(pos a)");
  EXPECT_EQ(ShowLet("a - -b"), "(- a (neg b))");
  EXPECT_EQ(ShowLet("-a ^ 2"), "(neg (^ a 2))");
  EXPECT_EQ(ShowLet("a ^ b ^ c"), "(^ a (^ b c))");
  EXPECT_EQ(ShowLet("x ^ -1"), "(^ x (neg 1))");
  EXPECT_EQ(ShowLet("x ^ -1 * 2"), "(* (^ x (neg 1)) 2)");
  EXPECT_EQ(ShowLet("a ^ 2 as percent"), "(^ a (as-percent 2))");
  EXPECT_EQ(ShowLet("-0.75 as percent"), "(neg (as-percent 0.75))");
  EXPECT_EQ(ShowLet("(a + b) * c"), "(* (+ a b) c)");
  EXPECT_EQ(ShowLet("if a > 1 then b else c + 1"), "(if (> a 1) b (+ c 1))");
  EXPECT_EQ(ShowLet("a + b otherwise c * d"), "(otherwise (+ a b) (* c d))");
  // `in previous period` binds to the name alone, like a call (LANGUAGE.md §6).
  EXPECT_EQ(ShowLet("a - b in previous period"), "(- a (previous b))");
  EXPECT_EQ(ShowLet("b in previous period * 2"), "(* (previous b) 2)");
  EXPECT_EQ(ShowLet("b in previous period in (x, y)"), "(in (previous b) x y)");
  EXPECT_EQ(ShowLet("b in (previous, period)"), "(in b previous period)");  // still names elsewhere
  EXPECT_EQ(ShowLet("cap - paid \"Outcome\" so far"), "(- cap (paid \"Outcome\" so-far))");
  EXPECT_EQ(ShowLet("min(due, paid \"X\" this year)"), "(call min due (paid \"X\" this-year))");
  EXPECT_EQ(ShowLet("year + this * far - so"), "(- (+ year (* this far)) so)");  // still names
}

TEST(Parse, CallsAggregatesAndSpecialForms) {
  EXPECT_EQ(ShowLet("min(a, b)"), "(call min a b)");
  EXPECT_EQ(ShowLet("max(a, 1, 2)"), "(call max a 1 2)");
  EXPECT_EQ(ShowLet("clamp(x, 0%, 100%)"), "(call clamp x 0p 1p)");
  EXPECT_EQ(ShowLet("round(x, 2) + days(d) + year(d) + month(d) + day(d)"),
            "(+ (+ (+ (+ (call round x 2) (call days d)) (call year d)) (call month d)) (call day d))");
  EXPECT_EQ(ShowLet("f()"), "(call f)");
  EXPECT_EQ(ShowLet("count p where a = 1 and b"), "(count p where (and (= a 1) b))");
  EXPECT_EQ(ShowLet("(count p where c) * 1000 / population"), "(/ (* (count p where c) 1000) population)");
  EXPECT_EQ(ShowLet("count distinct patient of p where x"), "(count distinct patient p where x)");
  EXPECT_EQ(ShowLet("percent of p where x"), "(percent of p where x)");
  EXPECT_EQ(ShowLet("sum cost of p"), "(sum cost p)");
  EXPECT_EQ(ShowLet("mean cost of p where x"), "(mean cost p where x)");
  EXPECT_EQ(ShowLet("median days(d) of p"), "(median (call days d) p)");
  EXPECT_EQ(ShowLet("min cost of p"), "(min cost p)");
  EXPECT_EQ(ShowLet("max cost of p"), "(max cost p)");
  EXPECT_EQ(ShowLet("90th percentile wait of p"), "(percentile 90 wait p)");
  EXPECT_EQ(ShowLet("achievement"), "achievement");
  EXPECT_EQ(ShowLet("100% - achievement of access"), "(- 1p (achievement access))");
  EXPECT_EQ(ShowLet("tiered(x) { first £1m at 100% next £2m at 50%, rest at 0%, }"),
            "(tiered x [first GBP1000000 at 1p] [next GBP2000000 at 0.5p] [rest at 0p])");
  EXPECT_EQ(ShowLet("true and not false"), "(and true (not false))");
  EXPECT_EQ(ShowLet("\"a\\\"b\\\\c\\nd\""), "\"a\"b\\c\nd\"");
}

TEST(Parse, DecisionTables) {
  EXPECT_EQ(ShowLet("match age { below 18 => 1, 18 to below 65 => 2, 65 or more => 3 }"),
            "(match age [(-inf..18) => 1] [[18..65) => 2] [[65..inf) => 3])");
  EXPECT_EQ(ShowLet("match p { a, b => £1 c => £2 else => £3 }"),
            "(match p [[a, [b => GBP1] [[c => GBP2] [else => GBP3])");
  EXPECT_EQ(ShowLet("match x { over 5 => 1, 5 or less => 0 }"), "(match x [(5..inf) => 1] [(-inf..5] => 0])");
  EXPECT_EQ(ShowLet("match x { 1 to 5 => a + 1, -3 to (b - 1) => 2 }"),
            "(match x [[1..5] => (+ a 1)] [[(neg 3)..(- b 1)] => 2])");
  EXPECT_EQ(ShowLet("match d { 30 days or less => 1, else => 0 }"),
            "(match d [(-inf..30d] => 1] [else => 0])");
  // Nested, and as an operand.
  EXPECT_EQ(ShowLet("1 + match x { 1 => match y { else => 2 } else => 3 }"),
            "(+ 1 (match x [[1 => (match y [else => 2])] [else => 3]))");
  // The words are names elsewhere.
  EXPECT_EQ(ShowLet("below + more + less + on + type + gate"),
            "(+ (+ (+ (+ (+ below more) less) on) type) gate)");
}

TEST(Parse, LinkedRecords) {
  EXPECT_EQ(
      ShowLet("percent of discharges where exists contacts on nhs_number where seen_on > discharged_on"),
      "(percent of discharges where (exists contacts on nhs_number where (> seen_on discharged_on)))");
  EXPECT_EQ(ShowLet("count d where exists admissions as later on nhs_number where later.admitted_on > "
                    "d.discharged_on"),
            "(count d where (exists admissions as later on nhs_number where (> later.admitted_on "
            "d.discharged_on)))");
  EXPECT_EQ(ShowLet("sum count contacts on patient = nhs_number of d"),
            "(sum (count-link contacts on patient=nhs_number) d)");
  EXPECT_EQ(ShowLet("count contacts where x"), "(count contacts where x)");  // a plain count still
  EXPECT_EQ(ShowLet("count contacts as percent"), "(as-percent (count contacts))");
}

TEST(Parse, StructuralDeclarations) {
  Parsed p = ParseText(
      "type member = one of (acute, \"mental health\")\n"
      "data t dated by d { d : date\n provider : member\n other : member? }\n"
      "gate complete \"Records complete\" = x >= 95%\n"
      "gate simple = true\n"
      "payment quarterly by provider { pay \"Core\" = £1 }\n"
      "test \"t\" { expect payment \"Core\" for \"acute\" = £1 in \"2014/15\"\n"
      " expect achievement for \"acute\" = 50%\n expect payment total for \"acute\" = £1 }\n");
  ASSERT_FALSE(p.result.diagnostics.has_errors()) << Joined(p.Codes());
  ASSERT_EQ(p.file().decls.size(), 6u);
  const auto& type = As<TypeDecl>(*p.file().decls[0]);
  EXPECT_EQ(type.name.text, "member");
  ASSERT_EQ(type.type.enum_values.size(), 2u);
  const auto& data = As<DataDecl>(*p.file().decls[1]);
  // A named type's uses carry the declaration's values.
  EXPECT_EQ(data.columns[1].type.base, BaseType::Enum);
  ASSERT_TRUE(data.columns[1].type.named.has_value());
  EXPECT_EQ(data.columns[1].type.named->text, "member");
  EXPECT_EQ(data.columns[1].type.enum_values.size(), 2u);
  EXPECT_TRUE(data.columns[2].type.optional);
  EXPECT_EQ(data.columns[2].type.enum_values[1].text, "mental health");
  const auto& gate = As<GateDecl>(*p.file().decls[2]);
  EXPECT_EQ(gate.name.text, "complete");
  EXPECT_EQ(gate.title.value_or(""), "Records complete");
  EXPECT_EQ(Show(gate.condition.get()), "(>= x 0.95p)");
  const auto& pay = As<PaymentDecl>(*p.file().decls[4]);
  ASSERT_TRUE(pay.by.has_value());
  EXPECT_EQ(pay.by->text, "provider");
  EXPECT_EQ(pay.frequency_word.text, "quarterly");
  const auto& test = As<TestDecl>(*p.file().decls[5]);
  ASSERT_EQ(test.items.size(), 3u);
  EXPECT_EQ(test.items[0].subject, ExpectSubject::PaymentLine);
  EXPECT_EQ(test.items[0].payment_line, "Core");
  EXPECT_EQ(test.items[0].group.value_or(""), "acute");
  EXPECT_EQ(test.items[0].period.value_or(""), "2014/15");
  EXPECT_EQ(test.items[1].subject, ExpectSubject::Achievement);
  EXPECT_EQ(test.items[1].group.value_or(""), "acute");
  EXPECT_EQ(test.items[2].subject, ExpectSubject::PaymentTotal);
  EXPECT_EQ(test.items[2].group.value_or(""), "acute");
  // `type` and `gate` are still column names.
  EXPECT_FALSE(ParseText("data t dated by d { d : date\n type : text\n gate : int }\n")
                   .result.diagnostics.has_errors());
}

TEST(Parse, AggregateSpans) {
  Parsed p = ParseText("let x = 95th percentile wait of p\nlet y = count distinct a of p\n");
  ASSERT_EQ(p.file().decls.size(), 2u);
  const auto& a = As<AggregateExpr>(*As<LetDecl>(*p.file().decls[0]).value);
  EXPECT_EQ(p.Text(a.op_span), "95th percentile");
  EXPECT_EQ(p.Text(a.span), "95th percentile wait of p");
  EXPECT_EQ(p.Text(a.source.span), "p");
  const auto& b = As<AggregateExpr>(*As<LetDecl>(*p.file().decls[1]).value);
  EXPECT_EQ(p.Text(b.op_span), "count distinct");
}

TEST(Parse, LiteralValues) {
  EXPECT_EQ(ShowLet("95%"), "0.95p");
  EXPECT_EQ(ShowLet("2.5%"), "0.025p");
  EXPECT_EQ(ShowLet("£26.5m"), "GBP26500000");
  EXPECT_EQ(ShowLet("£12k"), "GBP12000");
  EXPECT_EQ(ShowLet("£1_250.50"), "GBP1250.5");
  EXPECT_EQ(ShowLet("$12k"), "USD12000");
  EXPECT_EQ(ShowLet("€1.2bn"), "EUR1200000000");
  EXPECT_EQ(ShowLet("1_000_000"), "1000000");
  EXPECT_EQ(ShowLet("2014-04-01"), "2014-04-01");
  EXPECT_EQ(ShowLet("30 days"), "30d");
  EXPECT_EQ(ShowLet("1 day"), "1d");
  EXPECT_EQ(ShowLet("18 weeks"), "126d");
  EXPECT_EQ(ShowLet("1 week"), "7d");
  EXPECT_EQ(ShowLet("3 months"), "3mo");
  EXPECT_EQ(ShowLet("1 month"), "1mo");
  EXPECT_EQ(ShowLet("1 year"), "12mo");
  EXPECT_EQ(ShowLet("2 years"), "24mo");
  EXPECT_EQ(ShowLet("true"), "true");

  Parsed p = ParseText("let a = 42\nlet b = 3.25\nlet c = 3.0\n");
  ASSERT_EQ(p.file().decls.size(), 3u);
  const auto& a = As<NumberExpr>(*As<LetDecl>(*p.file().decls[0]).value);
  EXPECT_TRUE(a.is_integer);
  EXPECT_EQ(a.value, Decimal::FromInt(42));
  EXPECT_FALSE(As<NumberExpr>(*As<LetDecl>(*p.file().decls[1]).value).is_integer);
  EXPECT_FALSE(As<NumberExpr>(*As<LetDecl>(*p.file().decls[2]).value).is_integer);

  for (const char* ok : {"0th", "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd",
                         "100th", "111th"}) {
    Parsed q = ParseText(std::string("let x = ") + ok + " percentile v of p\n");
    bool valid = std::string(ok) != "111th";
    EXPECT_EQ(q.result.diagnostics.has_errors(), !valid) << ok;
  }
}

TEST(Parse, SpansAreCodePointOffsets) {
  // `£` is two bytes in UTF-8 but one code point.
  Parsed p = ParseText("let a = £5 + b\n");
  ASSERT_EQ(p.file().decls.size(), 1u);
  const auto& let = As<LetDecl>(*p.file().decls[0]);
  const auto& sum = As<BinaryExpr>(*let.value);
  EXPECT_EQ(sum.rhs->span.begin, 13u);
  EXPECT_EQ(sum.rhs->span.end, 14u);
  EXPECT_EQ(sum.rhs->span.file, 7u);
  EXPECT_EQ(p.Text(sum.op_span), "+");
  EXPECT_EQ(p.Text(sum.span), "£5 + b");
  EXPECT_EQ(p.Text(let.span), "let a = £5 + b");
  EXPECT_EQ(p.Text(let.keyword_span), "let");
}

TEST(Parse, SoftKeywordsAreNames) {
  Parsed p = ParseText(R"(
data visits dated by date {
  provider : text
  date     : date
  month    : date
  key      : id key
  total    : money
  first    : int
  check    : bool
  weight   : decimal
}
measure by_provider by provider = count visits where key is present and provider = "A"
let year_start = month(date)
let first = 1
function rest(at: int, to: int, from: int): int = at + to + from
)");
  ASSERT_FALSE(p.result.diagnostics.has_errors()) << Joined(p.Codes());
  ASSERT_EQ(p.file().decls.size(), 5u);
  const auto& data = As<DataDecl>(*p.file().decls[0]);
  EXPECT_EQ(data.dated_by->text, "date");
  std::vector<std::string> names;
  for (const ColumnDecl& c : data.columns) names.push_back(c.name.text);
  EXPECT_EQ(names, (std::vector<std::string>{"provider", "date", "month", "key", "total", "first", "check",
                                             "weight"}));
  EXPECT_TRUE(data.columns[3].key);
  EXPECT_EQ(data.columns[3].type.base, BaseType::Id);
  const auto& m = As<MeasureDecl>(*p.file().decls[1]);
  EXPECT_EQ(m.by->text, "provider");
  EXPECT_EQ(Show(m.value.get()), "(count visits where (and (present key) (= provider \"A\")))");
  EXPECT_EQ(Show(As<LetDecl>(*p.file().decls[2]).value.get()), "(call month date)");
  const auto& f = As<FunctionDecl>(*p.file().decls[4]);
  ASSERT_EQ(f.params.size(), 3u);
  EXPECT_EQ(f.params[0].name.text, "at");
  ExpectDenseIds(p.file());
}

TEST(Parse, PopulationIsAlsoAName) {
  Parsed p = ParseText(R"(input population : int?
population adults = referrals where age >= 18
let rate = (count adults where seen) * 1000 / population
population children = referrals where age < 18
)");
  ASSERT_FALSE(p.result.diagnostics.has_errors()) << Joined(p.Codes());
  ASSERT_EQ(p.file().decls.size(), 4u);
  EXPECT_EQ(As<InputDecl>(*p.file().decls[0]).name.text, "population");
  EXPECT_EQ(As<PopulationDecl>(*p.file().decls[1]).name.text, "adults");
  EXPECT_EQ(Show(As<LetDecl>(*p.file().decls[2]).value.get()),
            "(/ (* (count adults where seen) 1000) population)");
  EXPECT_EQ(As<PopulationDecl>(*p.file().decls[3]).name.text, "children");
  // As a name it does not reset the nesting count.
  std::string chain = "2";
  for (int i = 0; i < 300; ++i) chain += " ^ population ^ 2";
  EXPECT_EQ(Joined(ParseText("let x = " + chain + "\n").Codes()), "E0106");
}

TEST(Parse, EveryDeclarationForm) {
  Parsed p = ParseText(R"(
import "nhs/qof"
input uplift : percent? "Annual uplift"
function capped(x: money, cap: money): money = min(x, cap)
measure waits "Waits" : decimal by provider = mean wait of visits
target waits at most 18
target seen at least 95%
outcome quality weight 40% {
  waits weight 50%
  seen weight 50%
}
payment quarterly {
  pay "Fee" = £1k
}
data visits dated by seen_on {
  seen_on : date
  wait : int
  provider : text
  setting : one of (acute, "mental health",)
  date_format "DD/MM/YYYY"
}
test "everything" {
  expect achievement = 95% in "2014/15"
  expect achievement of quality = 100%
  expect payment total = £1_000
  expect waits for "Provider A" = 3
  expect waits is missing in "2015"
}
)");
  ASSERT_FALSE(p.result.diagnostics.has_errors()) << Joined(p.Codes());
  ASSERT_EQ(p.file().decls.size(), 10u);
  ExpectDenseIds(p.file());
  const auto& import = As<ImportDecl>(*p.file().decls[0]);
  EXPECT_EQ(import.path, "nhs/qof");
  EXPECT_EQ(p.Text(import.path_span), "\"nhs/qof\"");
  const auto& input = As<InputDecl>(*p.file().decls[1]);
  EXPECT_EQ(input.name.text, "uplift");
  EXPECT_EQ(input.type.base, BaseType::Percent);
  EXPECT_TRUE(input.type.optional);
  EXPECT_EQ(input.title, "Annual uplift");
  const auto& fn = As<FunctionDecl>(*p.file().decls[2]);
  ASSERT_EQ(fn.params.size(), 2u);
  EXPECT_EQ(fn.params[1].name.text, "cap");
  EXPECT_EQ(fn.params[1].type.base, BaseType::Money);
  ASSERT_TRUE(fn.result);
  EXPECT_EQ(fn.result->base, BaseType::Money);
  EXPECT_EQ(Show(fn.body.get()), "(call min x cap)");
  const auto& waits = As<MeasureDecl>(*p.file().decls[3]);
  EXPECT_EQ(waits.title, "Waits");
  EXPECT_EQ(waits.declared_type->base, BaseType::Decimal);
  EXPECT_EQ(waits.by->text, "provider");
  EXPECT_EQ(As<TargetDecl>(*p.file().decls[4]).target_kind, TargetKind::AtMost);
  EXPECT_EQ(Show(As<TargetDecl>(*p.file().decls[4]).threshold.get()), "18");
  EXPECT_EQ(As<TargetDecl>(*p.file().decls[5]).target_kind, TargetKind::AtLeast);
  EXPECT_EQ(As<TargetDecl>(*p.file().decls[5]).to, nullptr);
  const auto& quality = As<OutcomeDecl>(*p.file().decls[6]);
  ASSERT_EQ(quality.measures.size(), 2u);
  EXPECT_EQ(Show(quality.measures[1].weight.get()), "0.5p");
  EXPECT_EQ(p.Text(quality.measures[1].span), "seen weight 50%");
  EXPECT_EQ(As<PaymentDecl>(*p.file().decls[7]).frequency, Frequency::Quarterly);
  const auto& data = As<DataDecl>(*p.file().decls[8]);
  EXPECT_EQ(data.columns[3].type.enum_values.size(), 2u);
  ASSERT_EQ(data.date_formats.size(), 1u);
  EXPECT_EQ(data.date_formats[0].first, "DD/MM/YYYY");
  const auto& test = As<TestDecl>(*p.file().decls[9]);
  ASSERT_EQ(test.items.size(), 5u);
  EXPECT_EQ(test.items[0].subject, ExpectSubject::Achievement);
  EXPECT_TRUE(test.items[0].name.text.empty());
  EXPECT_EQ(test.items[0].period, "2014/15");
  EXPECT_EQ(test.items[1].subject, ExpectSubject::Achievement);
  EXPECT_EQ(test.items[1].name.text, "quality");
  EXPECT_FALSE(test.items[1].period);
  EXPECT_EQ(test.items[2].subject, ExpectSubject::PaymentTotal);
  EXPECT_EQ(Show(test.items[2].value.get()), "GBP1000");
  EXPECT_EQ(test.items[3].group, "Provider A");
  EXPECT_EQ(p.Text(test.items[3].group_span), "\"Provider A\"");
  EXPECT_TRUE(test.items[4].expect_missing);
  EXPECT_EQ(test.items[4].value, nullptr);
  EXPECT_EQ(test.items[4].period, "2015");
}

TEST(Parse, InlineTables) {
  Parsed p = ParseText(R"(test "t" {
  given referrals {
    | id | note            | age |   // the header
    | r1 | "a | b"         |     |
    |r2|x|7|
  }
})");
  ASSERT_FALSE(p.result.diagnostics.has_errors()) << Joined(p.Codes());
  const TestItem& table = As<TestDecl>(*p.file().decls[0]).items.at(0);
  ASSERT_EQ(table.header.size(), 3u);
  EXPECT_EQ(table.header[1].text, "note");
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[0].cells, (std::vector<std::string>{"r1", "\"a | b\"", ""}));
  EXPECT_EQ(p.Text(table.rows[0].cell_spans[1]), "\"a | b\"");
  EXPECT_EQ(table.rows[0].cell_spans[2].begin, table.rows[0].cell_spans[2].end);
  EXPECT_EQ(table.rows[1].cells, (std::vector<std::string>{"r2", "x", "7"}));
  EXPECT_EQ(p.Text(table.rows[1].span), "|r2|x|7|");
}

// ------------------------------------------------------------ diagnostics

TEST(ParseDiagnostics, NumbersTooLargeOrTooPrecise) {
  Parsed big = ParseText("let x = " + std::string(60, '9') + "\n");
  EXPECT_EQ(Joined(big.Codes()), "E0109");
  EXPECT_NE(big.First().message.find("…"), std::string::npos) << big.First().message;
  EXPECT_LT(big.First().message.size(), 100u);
  EXPECT_EQ(Joined(ParseText("let x = 9223372036854775808\n").Codes()), "E0109");
  EXPECT_EQ(Joined(ParseText("let x = 9223372036854775807\n").Codes()), "");
  EXPECT_EQ(Joined(ParseText("let x = 9223372036854775808.0\n").Codes()), "");
  EXPECT_EQ(Joined(ParseText("let x = 0.0000000000000000001\n").Codes()), "E0114");
  EXPECT_EQ(Joined(ParseText("let x = 0.00000000000000001%\n").Codes()), "E0114");
  EXPECT_EQ(Joined(ParseText("let x = £99999999999999999999999bn\n").Codes()), "E0109");
  // A bad literal is an ErrorExpr, so later stages stay quiet about it.
  Parsed p = ParseText("let x = 1 + " + std::string(50, '1') + "\n");
  EXPECT_EQ(Show(As<LetDecl>(*p.file().decls.at(0)).value.get()), "(+ 1 <error>)");
}

TEST(ParseDiagnostics, Dates) {
  Parsed p = ParseText("let x = 2014-02-30\n");
  ASSERT_EQ(Joined(p.Codes()), "E0110");
  EXPECT_EQ(p.First().message, "`2014-02-30` is not a date: February 2014 has 28 days");
  EXPECT_EQ(p.Text(p.First().span), "2014-02-30");
  EXPECT_EQ(Joined(ParseText("let x = 2016-02-29\n").Codes()), "");
  Parsed month = ParseText("let x = 2014-13-04\n");
  EXPECT_EQ(month.First().message, "`2014-13-04` is not a date: there is no month 13");
  EXPECT_NE(month.First().help.find("2014-04-13"), std::string::npos);
  EXPECT_EQ(Joined(ParseText("let x = 2014-04-00\n").Codes()), "E0110");
  // In the contract's term too.
  Parsed term = ParseText("contract \"c\" {\n term 2014-04-31 to 2015-03-31\n}\n");
  EXPECT_EQ(Joined(term.Codes()), "E0110");
  EXPECT_FALSE(As<ContractDecl>(*term.file().decls.at(0)).term_start);
}

TEST(ParseDiagnostics, Money) {
  Parsed p = ParseText("let x = £12x\n");
  ASSERT_EQ(Joined(p.Codes()), "E0111");
  EXPECT_EQ(p.First().help, "write `£12k`, `£26.5m` or `£1.2bn` (k = thousand, m = million, bn = billion)");
  EXPECT_EQ(p.Text(p.First().span), "x");
  EXPECT_EQ(Joined(ParseText("let x = $5M\n").Codes()), "E0111");
  EXPECT_EQ(Joined(ParseText("let x = €5bn\n").Codes()), "");
}

TEST(ParseDiagnostics, Durations) {
  Parsed unit = ParseText("let x = 3 weaks\n");
  ASSERT_EQ(Joined(unit.Codes()), "E0112");
  EXPECT_EQ(unit.First().message, "`weaks` is not a unit of time");
  EXPECT_EQ(unit.Text(unit.First().span), "weaks");
  EXPECT_NE(unit.First().help.find("`30 days`, `18 weeks`, `3 months`, `1 year`"), std::string::npos);
  EXPECT_NE(unit.First().help.find("operator is missing"), std::string::npos);
  Parsed fraction = ParseText("let x = 1.5 months\n");
  ASSERT_EQ(Joined(fraction.Codes()), "E0112");
  EXPECT_EQ(fraction.Text(fraction.First().span), "1.5 months");
  EXPECT_EQ(fraction.First().help, "write it in a smaller unit, e.g. `6 weeks` rather than `1.5 months`");
  EXPECT_EQ(ParseText("let x = 1.5 years\n").First().help, "write `18 months`");
  EXPECT_EQ(ParseText("let x = 0.5 weeks\n").First().help,
            "write it in a smaller unit, e.g. `6 weeks` rather than `1.5 months`");
  EXPECT_EQ(ParseText("let x = 3.0 weeks\n").First().help, "write `21 days`");
  EXPECT_EQ(Joined(ParseText("let x = 2 Days\n").Codes()), "E0112");
  EXPECT_EQ(Joined(ParseText("let x = 999999999999999999 years\n").Codes()), "E0109");
}

TEST(ParseDiagnostics, Percentiles) {
  EXPECT_EQ(Joined(ParseText("let x = 101st percentile v of p\n").Codes()), "E0113");
  Parsed suffix = ParseText("let x = 22th percentile v of p\n");
  ASSERT_EQ(Joined(suffix.Codes()), "E0113");
  EXPECT_EQ(suffix.First().message, "`22th` has the wrong suffix: it is written `22nd`");
  EXPECT_EQ(Joined(ParseText("let x = 11st percentile v of p\n").Codes()), "E0113");
  EXPECT_EQ(Joined(ParseText("let x = 1th percentile v of p\n").Codes()), "E0113");
}

TEST(ParseDiagnostics, TextEscapes) {
  Parsed p = ParseText("let x = \"£ \\t here\"\n");
  ASSERT_EQ(Joined(p.Codes()), "E0108");
  EXPECT_EQ(p.First().message, "unknown escape `\\t` in text");
  EXPECT_EQ(p.Text(p.First().span), "\\t");
  EXPECT_EQ(Joined(ParseText("let x = \"\\\"\\\\\\n\"\n").Codes()), "");
}

TEST(ParseDiagnostics, ChainedComparison) {
  Parsed p = ParseText("let x = 0 <= a < 10\n");
  ASSERT_EQ(Joined(p.Codes()), "E0115");
  EXPECT_EQ(p.First().help, "write `0 <= a and a < 10`");
  EXPECT_EQ(p.Text(p.First().span), "0 <= a < 10");
  EXPECT_EQ(Show(As<LetDecl>(*p.file().decls.at(0)).value.get()), "<error>");
  // Brackets make it an (odd, but grammatical) comparison of a truth value.
  EXPECT_EQ(Joined(ParseText("let x = (0 <= a) = true\n").Codes()), "");
}

// A type written as a name may be a `type` declaration's, so the parser only
// records its guess; sema reports an unknown one (sema_test.cc).
TEST(ParseDiagnostics, UnknownTypesAreLeftToSema) {
  Parsed p = ParseText("input a : integer\ninput b : string?\ninput c : wibble\n");
  EXPECT_FALSE(p.result.diagnostics.has_errors()) << Joined(p.Codes());
  EXPECT_EQ(As<InputDecl>(*p.file().decls.at(0)).type.base, BaseType::Int);
  EXPECT_EQ(As<InputDecl>(*p.file().decls.at(0)).type.did_you_mean, "int");
  EXPECT_EQ(As<InputDecl>(*p.file().decls.at(1)).type.did_you_mean, "text");
  EXPECT_TRUE(As<InputDecl>(*p.file().decls.at(1)).type.optional);
  EXPECT_EQ(As<InputDecl>(*p.file().decls.at(2)).type.did_you_mean, "");
  EXPECT_EQ(As<InputDecl>(*p.file().decls.at(2)).type.named->text, "wibble");
}

TEST(ParseDiagnostics, BadFrequencies) {
  Parsed p = ParseText("contract \"c\" {\n periods weekly\n}\npayment annually {\n pay \"x\" = £1\n}\n");
  ASSERT_EQ(Joined(p.Codes()), "E0207 E0207");
  EXPECT_FALSE(As<ContractDecl>(*p.file().decls.at(0)).periods);
  const auto& payment = As<PaymentDecl>(*p.file().decls.at(1));
  EXPECT_FALSE(payment.frequency);
  EXPECT_EQ(payment.frequency_word.text, "annually");
  EXPECT_EQ(p.result.diagnostics.diagnostics()[1].help.rfind("did you mean `yearly`?", 0), 0u);
  EXPECT_EQ(payment.items.size(), 1u);
}

TEST(ParseDiagnostics, TableRowsWithTheWrongNumberOfCells) {
  Parsed p =
      ParseText("test \"t\" {\n given x {\n  | a | b |\n  | 1 |\n  | 1 | 2 |\n  | 1 | 2 | 3 |\n }\n}\n");
  ASSERT_EQ(Joined(p.Codes()), "E0117 E0117");
  EXPECT_EQ(p.First().message, "this row has 1 cell but the header has 2");
  EXPECT_EQ(p.Text(p.First().span), "| 1 |");
  EXPECT_EQ(Joined(ParseText("test \"t\" {\n given x {\n  | a | |\n }\n}\n").Codes()), "E0117");
}

TEST(ParseDiagnostics, ContractFields) {
  Parsed p =
      ParseText("contract \"c\" {\n commissioner\n colour \"red\"\n provider \"A\"\n provider \"B\"\n}\n");
  ASSERT_EQ(Joined(p.Codes()), "E0105");
  EXPECT_EQ(p.First().message, "`commissioner` needs the commissioner's name in quotes");
  const auto& c = As<ContractDecl>(*p.file().decls.at(0));
  std::vector<std::string> fields;
  for (const ContractField& f : c.fields) fields.push_back(f.name.text);
  EXPECT_EQ(fields, (std::vector<std::string>{"commissioner", "colour", "provider", "provider"}));
  EXPECT_EQ(p.Text(c.fields[1].span), "colour \"red\"");
  EXPECT_EQ(c.providers, (std::vector<std::string>{"A", "B"}));
  EXPECT_FALSE(c.commissioner);
}

TEST(ParseDiagnostics, LexicalProblems) {
  Parsed junk = ParseText("let x = 1 @@@ + 2\n");
  ASSERT_EQ(Joined(junk.Codes()), "E0102");
  EXPECT_EQ(junk.First().message, "unexpected characters `@@@`");
  EXPECT_EQ(junk.Text(junk.First().span), "@@@");
  Parsed percent = ParseText("target m at least 5 %\n");
  ASSERT_EQ(Joined(percent.Codes()), "E0102");
  EXPECT_EQ(percent.First().help, "write the percentage without a space: `5%`");
  EXPECT_EQ(Joined(ParseText("let x = 1;\n").Codes()), "E0102");
  EXPECT_EQ(ParseText("let x = \x01\n").First().message, "unexpected character U+0001");

  Parsed string = ParseText("contract \"c\" {\n commissioner \"NHS\n}\nlet y = 2\n");
  ASSERT_EQ(Joined(string.Codes()), "E0103");
  EXPECT_EQ(string.First().help, "close it with `\"`; text cannot span lines");
  EXPECT_EQ(As<ContractDecl>(*string.file().decls.at(0)).commissioner, "NHS");
  EXPECT_EQ(string.file().decls.size(), 2u);

  Parsed comment = ParseText("let y = 2\ndata x dated by d {\n /* never closed\n d : date\n}\n");
  ASSERT_EQ(Joined(comment.Codes()), "E0104");
  EXPECT_EQ(comment.First().help, "close it with `*/`");
  EXPECT_EQ(comment.Text(comment.First().span), "/*");
}

TEST(ParseDiagnostics, InvalidUtf8IsReportedByteByByteUpToTen) {
  Parsed one = ParseText("let x = \"caf\xE9\"\n");
  ASSERT_EQ(Joined(one.Codes()), "E0101");
  EXPECT_EQ(one.First().message, "invalid UTF-8: byte `0xe9` is not part of a character");
  EXPECT_EQ(one.First().span.begin, 12u);
  EXPECT_EQ(As<TextExpr>(*As<LetDecl>(*one.file().decls.at(0)).value).value, "caf\xEF\xBF\xBD");

  // A pound sign saved as Latin-1: one error, not a second about `26.5m`.
  Parsed latin1 = ParseText(
      "let x = \xA3"
      "26.5m\n");
  ASSERT_EQ(Joined(latin1.Codes()), "E0101");
  EXPECT_EQ(latin1.First().help,
            "this byte is `£` in the Windows (Latin-1) encoding; save the file as UTF-8 text");
  EXPECT_EQ(Show(As<LetDecl>(*latin1.file().decls.at(0)).value.get()), "<error>");

  Parsed many = ParseText("// " + std::string(25, '\xFF') + "\nlet x = 1\n");
  EXPECT_EQ(many.Count("E0101"), 10u);
  EXPECT_EQ(many.result.diagnostics.error_count(), 10u);
  const Diagnostic& last = many.result.diagnostics.diagnostics().back();
  ASSERT_EQ(last.notes.size(), 1u);
  EXPECT_EQ(last.notes[0].message, "15 more invalid bytes in this file are not shown");
  EXPECT_EQ(many.file().decls.size(), 1u);
}

// ---------------------------------------------------------- syntax errors

TEST(ParseErrors, FriendlyMessages) {
  Parsed eq = ParseText("measure x count referrals\n");
  ASSERT_EQ(Joined(eq.Codes()), "E0105");
  EXPECT_EQ(eq.First().message, "unexpected `count`; expected `=`");
  EXPECT_NE(eq.First().help.find("measure name = expression"), std::string::npos);
  EXPECT_EQ(eq.Text(eq.First().span), "count");

  Parsed colon = ParseText("data x dated by d {\n d date\n}\n");
  ASSERT_EQ(Joined(colon.Codes()), "E0105");
  EXPECT_EQ(colon.First().message, "unexpected `date`; expected `:`");

  Parsed value = ParseText("let x = \nlet y = 2\n");
  ASSERT_EQ(Joined(value.Codes()), "E0105");
  EXPECT_EQ(value.First().message, "expected a value after `=`");  // at the end of the unfinished line
  EXPECT_EQ(value.file().decls.size(), 2u);
  EXPECT_EQ(Show(As<LetDecl>(*value.file().decls[0]).value.get()), "<error>");

  Parsed eof = ParseText("let x = (1 + 2");
  ASSERT_EQ(Joined(eof.Codes()), "E0105");
  EXPECT_EQ(eof.First().message, "expected `)` after `2`");
  ASSERT_EQ(eof.First().notes.size(), 1u);
  EXPECT_EQ(eof.Text(*eof.First().notes[0].span), "(");

  Parsed reserved = ParseText("measure count = 1\n");
  ASSERT_EQ(Joined(reserved.Codes()), "E0105");
  EXPECT_NE(reserved.First().help.find("`count` is a reserved word"), std::string::npos);

  Parsed stray = ParseText("let x = a b\n");
  ASSERT_EQ(Joined(stray.Codes()), "E0105");
  EXPECT_EQ(stray.First().message, "unexpected `b` here");
  EXPECT_EQ(stray.First().help, "is an operator missing between `a` and `b`?");

  Parsed typo = ParseText("mesure x = 1\nlet y = 2\n");
  ASSERT_EQ(Joined(typo.Codes()), "E0105");
  EXPECT_EQ(typo.First().help, "did you mean `measure`?");
  ASSERT_EQ(typo.file().decls.size(), 1u);
  EXPECT_EQ(typo.file().decls[0]->kind, DeclKind::Let);

  Parsed pipes = ParseText("let x = a || b\n");
  EXPECT_EQ(pipes.Count("E0105"), 1u);
  EXPECT_EQ(pipes.First().help, "write `or` for \"either\"");
}

TEST(ParseErrors, OneErrorPerMistake) {
  // Two broken declarations among good ones: exactly two errors, and every
  // good declaration still in the tree.
  Parsed p = ParseText(R"(
measure a = count referrals where age >=
measure b = count referrals
measure c = (1 + ) * 2 + + ) )
let d = 1
data x dated by d {
  d : date
}
)");
  EXPECT_EQ(Joined(p.Codes()), "E0105 E0105");
  ASSERT_EQ(p.file().decls.size(), 5u);
  EXPECT_EQ(As<MeasureDecl>(*p.file().decls[1]).name.text, "b");
  EXPECT_EQ(Show(As<MeasureDecl>(*p.file().decls[1]).value.get()), "(count referrals)");
  EXPECT_EQ(As<LetDecl>(*p.file().decls[3]).name.text, "d");
  EXPECT_EQ(As<DataDecl>(*p.file().decls[4]).columns.size(), 1u);
  ExpectDenseIds(p.file());
}

TEST(ParseErrors, RecoveryInsideBlocksKeepsLaterItems) {
  Parsed p = ParseText(R"(data referrals dated by referred_on {
  referral_id : id key
  age : int = 5 + +
  referred_on : date
  pathway : one of (a, b
  seen : date?
}
payment yearly {
  pay "A" = £1 +
  pay "B" = £2
}
)");
  EXPECT_EQ(Joined(p.Codes()), "E0105 E0105 E0105");
  const auto& data = As<DataDecl>(*p.file().decls.at(0));
  std::vector<std::string> names;
  for (const ColumnDecl& c : data.columns) names.push_back(c.name.text);
  EXPECT_EQ(names, (std::vector<std::string>{"referral_id", "age", "referred_on", "pathway", "seen"}));
  const auto& payment = As<PaymentDecl>(*p.file().decls.at(1));
  ASSERT_EQ(payment.items.size(), 2u);
  EXPECT_EQ(payment.items[1].name.text, "B");
}

TEST(ParseErrors, MissingBraces) {
  // A missing `{` is put back, so the block's items are still read.
  Parsed open = ParseText("contract \"c\"\n  commissioner \"A\"\n  term 2014-04-01 to 2015-03-31\n}\n");
  ASSERT_EQ(Joined(open.Codes()), "E0105");
  EXPECT_EQ(open.First().message, "unexpected `commissioner`; expected `{`");
  EXPECT_EQ(As<ContractDecl>(*open.file().decls.at(0)).commissioner, "A");
  EXPECT_TRUE(As<ContractDecl>(*open.file().decls.at(0)).term_start);

  // A missing `}`: one error there, and the next declaration is read (and
  // its own mistake reported) as if the block had been closed.
  Parsed close = ParseText("data r dated by d {\n  d : date\nmeasure a = if x then 1\nmeasure b = 2\n");
  ASSERT_EQ(Joined(close.Codes()), "E0105 E0105");
  const Diagnostic& first = close.result.diagnostics.diagnostics()[0];
  EXPECT_EQ(first.message, "expected a name or `}` after `date`");
  EXPECT_EQ(first.help, "close the block with `}` before `measure`");
  ASSERT_EQ(first.notes.size(), 1u);
  EXPECT_EQ(close.Text(*first.notes[0].span), "{");
  EXPECT_EQ(close.result.diagnostics.diagnostics()[1].message, "expected `else` after `1`");
  ASSERT_EQ(close.file().decls.size(), 3u);
  EXPECT_EQ(As<DataDecl>(*close.file().decls[0]).columns.size(), 1u);
  EXPECT_EQ(As<MeasureDecl>(*close.file().decls[2]).name.text, "b");
}

TEST(ParseErrors, CommonMistakes) {
  Parsed term = ParseText("contract \"c\" {\n  term 2014-04-01 - 2019-03-31\n}\n");
  ASSERT_EQ(Joined(term.Codes()), "E0105");
  EXPECT_EQ(term.First().message, "unexpected `-`; expected `to`");
  EXPECT_EQ(term.First().help, "write `term 2014-04-01 to 2019-03-31`");
  Parsed quotes = ParseText("payment yearly {\n  pay Fee = £1\n}\n");
  ASSERT_EQ(Joined(quotes.Codes()), "E0105");
  EXPECT_EQ(quotes.First().help, "write it in double quotes: `\"Fee\"`");
  Parsed commas = ParseText("data r dated by d {\n  d : date,\n  e : int\n}\n");
  ASSERT_EQ(Joined(commas.Codes()), "E0105");
  EXPECT_EQ(commas.First().help, "the items of a block are written one per line, without commas");
  EXPECT_EQ(As<DataDecl>(*commas.file().decls.at(0)).columns.size(), 2u);
  Parsed weight = ParseText("outcome o weight 100% {\n  m1 weight\n}\n");
  ASSERT_EQ(Joined(weight.Codes()), "E0105");
  EXPECT_EQ(weight.First().message, "`weight` needs a percentage after it");
  EXPECT_EQ(As<OutcomeDecl>(*weight.file().decls.at(0)).measures.size(), 1u);
  Parsed target = ParseText("target m at 95%\n");
  ASSERT_EQ(Joined(target.Codes()), "E0105");
  EXPECT_NE(target.First().help.find("at least 95%"), std::string::npos);
}

TEST(ParseErrors, StopsAfterTooManyErrors) {
  std::string text;
  for (int i = 0; i < 10; ++i) text += "measure m" + std::to_string(i) + " = )\n";
  ParseLimits limits;
  limits.max_errors = 3;
  Parsed p = ParseText(text, limits);
  EXPECT_EQ(Joined(p.Codes()), "E0105 E0105 E0105 E0107");
  EXPECT_EQ(p.result.diagnostics.diagnostics().back().message,
            "too many errors; the rest of the file is not checked");
}

TEST(ParseErrors, NestingBeyondTheLimit) {
  Parsed p = ParseText("let x = " + std::string(300, '(') + "1" + std::string(300, ')') + "\n");
  ASSERT_EQ(Joined(p.Codes()), "E0106");
  EXPECT_EQ(p.First().message, "expression nested too deeply: more than 256 levels");
  EXPECT_EQ(p.First().span.begin, 8u + 256u);
  EXPECT_TRUE(p.file().decls.empty());
  // Deep but within the limit is fine.
  Parsed ok = ParseText("let x = " + std::string(200, '(') + "1" + std::string(200, ')') + "\n");
  EXPECT_EQ(Joined(ok.Codes()), "");
  EXPECT_EQ(Show(As<LetDecl>(*ok.file().decls.at(0)).value.get()), "1");
  // Prefix operators, `^` chains and `if`s count too.
  std::string nots;
  for (int i = 0; i < 300; ++i) nots += "not ";
  EXPECT_EQ(Joined(ParseText("let x = " + nots + "a\n").Codes()), "E0106");
  std::string powers = "2";
  for (int i = 0; i < 300; ++i) powers += " ^ 2";
  EXPECT_EQ(Joined(ParseText("let x = " + powers + "\n").Codes()), "E0106");
  std::string ifs;
  for (int i = 0; i < 300; ++i) ifs += "if a then 1 else ";
  EXPECT_EQ(Joined(ParseText("let x = " + ifs + "0\n").Codes()), "E0106");
  // A long flat sum is not nesting for the parser; past the builder's cap it is reported.
  std::string sum = "1";
  for (int i = 0; i < 300; ++i) sum += " + 1";
  EXPECT_EQ(Joined(ParseText("let x = " + sum + "\n").Codes()), "");
  std::string longer = "1";
  for (int i = 0; i < 3000; ++i) longer += "+1";
  EXPECT_EQ(Joined(ParseText("let x = " + longer + "\n").Codes()), "E0106");
  // Many separate declarations do not add up.
  std::string many;
  for (int i = 0; i < 400; ++i) many += "let x" + std::to_string(i) + " = -(if a then 1 else 2)\n";
  EXPECT_EQ(Joined(ParseText(many).Codes()), "");
}

}  // namespace
}  // namespace ocf
