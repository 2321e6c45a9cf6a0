// examples/generate/alliance.cc — the sample data of examples/alliance/alliance.ocf (see main.cc).
#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common.h"

// ================================================================ alliance
//
// examples/alliance/alliance.ocf: four providers caring for people with
// diabetes, COPD, heart failure or frailty, 2016-04-01 to 2023-03-31,
// reported and paid quarterly, against a baseline year, 2015/16, the year
// before the alliance began. The sample covers a register of about 1,000
// people, from a week before the baseline year to a week after the term.
namespace ocf_examples::alliance {
namespace {

const Day kTermStart = MakeDay(2016, 4, 1);
const Day kFirstRow = MakeDay(2015, 3, 25);
const Day kLastRow = MakeDay(2023, 4, 7);
const Day kExtract = MakeDay(2023, 4, 30);
constexpr int kYears = 7;

// 0 in the baseline year (and the week before it), else the contract year:
// an index into the yearly trends that start before the term.
int TrendYear(Day day) { return day < kTermStart ? 0 : ContractYear(kTermStart, kYears, day); }

enum Provider { kAcute, kCommunity, kGp, kVoluntary };
const char* const kProviders[] = {"acute", "community", "gp federation", "voluntary"};
enum Condition { kDiabetes, kCopd, kHeartFailure, kFrailty };
const char* const kConditions[] = {"diabetes", "copd", "heart failure", "frailty"};

// Each member's system spells yes and no its own way, and the merged file
// keeps them: the contract accepts them all.
std::string YesNo(Provider p, bool b) {
  static const char* const kSpellings[4][2] = {{"Y", "N"}, {"TRUE", "FALSE"}, {"yes", "no"}, {"1", "0"}};
  return kSpellings[p][b ? 0 : 1];
}

struct Person {
  std::string nhs_number;
  Condition condition;
  Provider lead;    // the member coordinating their care
  Day from, until;  // on the register
};

// The member leading a person's care, by condition: GPs for most diabetes,
// the community trust for COPD and frailty, the hospital for much heart
// failure, the voluntary sector for some frailty (and no diabetes).
Provider LeadFor(Rng& rng, Condition c) {
  static constexpr std::array<std::array<int, 4>, 4> kWeights{
      {{15, 25, 60, 0}, {10, 50, 35, 5}, {40, 45, 15, 0}, {5, 40, 25, 30}}};
  const auto& w = kWeights[c];
  return static_cast<Provider>(rng.Weighted({w[0], w[1], w[2], w[3]}));
}

// An annual review. Diabetes reviews record a foot check and an HbA1c result,
// others neither. Each year more reviews end with a care plan (about 72% to
// 88%; target 70% to 90%), more diabetes reviews include a foot check (about
// 78% to 90%; target at least 85%, so met from about 2018) and have an HbA1c
// result (86% in the first year, when the data-quality deduction bites,
// about 94% later), and more results are in range (target 40% to 80%, about
// 50% rising to 67%). The baseline year's reviews are like the first year's.
std::vector<std::string> Review(Rng& rng, const Person& p, Day day, int n) {
  const int year = ContractYear(kTermStart, kYears, day);
  Provider by = p.lead;
  if (rng.PerMille(150)) by = static_cast<Provider>(p.condition == kDiabetes ? rng.Below(3) : rng.Below(4));
  const int plan = std::array{720, 765, 800, 830, 850, 860, 875}[year - 1] + std::array{-60, 0, 10, 40}[by];
  std::string foot, hba1c;
  if (p.condition == kDiabetes) {
    const int yes = std::array{780, 830, 860, 880, 890, 880, 900}[year - 1];
    const int64_t roll = rng.Below(1000);
    if (roll < yes) {
      foot = YesNo(by, true);
    } else if (roll < yes + (1000 - yes) * 6 / 10) {
      foot = YesNo(by, false);
    }  // else not recorded: counts as not done
    if (rng.PerMille(std::array{860, 915, 930, 945, 940, 950, 955}[year - 1])) {
      const bool in_range = rng.PerMille(std::array{590, 610, 630, 655, 675, 690, 705}[year - 1]);
      hba1c = std::to_string(in_range ? rng.Between(38, 58) : 59 + rng.Below(20) + rng.Below(20));
    }
  }
  return {Serial("V", n), p.nhs_number,
          kProviders[by], kConditions[p.condition],
          Iso(day),       YesNo(by, rng.PerMille(plan)),
          foot,           hba1c};
}

struct Admission {
  const Person* person;
  Day admitted_on, discharged_on;
  bool amputation;
};

// Emergency admissions: about two thirds of a stay per person a year (COPD
// and heart failure most), a quarter more in winter and fewer in summer,
// falling 2-3% a year from the baseline year, 2015/16. Stays are mostly
// short with a long tail (geometric), and one in twelve is a delayed
// discharge (mean 16 days). The usual stays shorten each year, so the mean
// stay falls from about 8.4 days in the baseline year to about 7 in the last
// (target: 10% shorter than in the baseline year); with about 150 stays a
// quarter, quarters scatter around that trend by most of a day. Amputations
// among diabetes admissions fall from about 4% to 2.2% (target 4% to 2%): a
// handful a quarter, so quarters vary widely.
void Admit(Rng& rng, const Person& p, std::vector<Admission>& out) {
  for (Day day = p.from; day <= std::min(p.until, kExtract);) {
    const int year = TrendYear(day);
    const int month = ToYmd(day).m;
    const int season = month == 12 || month <= 3 ? 125 : month >= 6 && month <= 8 ? 85 : 100;
    const int rate = std::array{1650, 1900, 2200, 1650}[p.condition] *
                     std::array{102, 100, 97, 94, 91, 88, 86, 84}[year] / 100 * season / 100;
    if (!rng.PerMillion(rate)) {
      ++day;
      continue;
    }
    const bool amputation =
        p.condition == kDiabetes && rng.PerMille(std::array{40, 38, 34, 31, 28, 25, 23, 22}[year]);
    int stay =
        1 + (rng.PerMille(80) ? rng.Geometric(1500)
                              : rng.Geometric(std::array{640, 620, 600, 575, 555, 535, 515, 500}[year]));
    if (amputation) stay += static_cast<int>(rng.Between(10, 30));
    out.push_back({&p, day, day + stay, amputation});
    day += stay + 1;
  }
}

// Monthly spend of each member. Each quarter's spend is the core budget
// (97% of £10m) moved by a trend (over budget while the alliance beds in,
// under it from 2018 as admissions fall), a season (under in spring and
// summer, over in winter) and chance, so quarters range from about 4.5% under
// to 3.5% over: savings inside and beyond the 2% band of the gain share, and
// overspends inside and beyond the 2% band of the risk share.
Csv Ledger(Rng& rng) {
  const Pennies kCoreQuarter = 970'000'000;
  const int kShare[4] = {45, 35, 15, 5};
  Csv csv({"provider", "month", "spend"});
  // March 2016, mobilisation before the term: read into the baseline year,
  // the alliance's only spend in it.
  for (int p = 0; p < 4; ++p) {
    csv.Add({kProviders[p], Iso(MakeDay(2016, 3, 1)),
             Plain(kCoreQuarter * kShare[p] / 100 / 3 / 5 + rng.Below(100'000))});
  }
  for (int q = 0; q < kYears * 4; ++q) {
    const int deviation = std::array{15, 5, -5, -15, -25, -10, -20}[q / 4] +
                          std::array{-20, -12, 8, 24}[q % 4] + static_cast<int>(rng.Between(-8, 8));
    for (int m = 0; m < 3; ++m) {
      const int month0 = 3 + q * 3 + m;  // months since January 2016
      const Day month = MakeDay(2016 + month0 / 12, month0 % 12 + 1, 1);
      for (int p = 0; p < 4; ++p) {
        const Pennies spend =
            kCoreQuarter * kShare[p] / 100 / 3 * (1000 + deviation + rng.Between(-10, 10)) / 1000;
        csv.Add({kProviders[p], Iso(month), Plain(spend)});
      }
    }
  }
  // April 2023, run-off after the term; not counted.
  for (int p = 0; p < 4; ++p) {
    csv.Add({kProviders[p], Iso(MakeDay(2023, 4, 1)),
             Plain(kCoreQuarter * kShare[p] / 100 / 3 * (1000 + rng.Between(-20, 20)) / 1000)});
  }
  return csv;
}

}  // namespace

void Write(const fs::path& dir) {
  Rng rng(20160401);
  std::set<std::string> nhs_numbers;
  // 1,000 people on the register at the start of the baseline year and about
  // 50 joining each year; about one in three leaves (dies or moves away)
  // during the eight years, so the register stays near 1,000.
  std::vector<std::unique_ptr<Person>> people;
  for (int i = 0; i < 1400; ++i) {
    auto p = std::make_unique<Person>();
    p->nhs_number = NewNhsNumber(rng, nhs_numbers);
    p->condition = static_cast<Condition>(rng.Weighted({45, 20, 15, 20}));
    p->lead = LeadFor(rng, p->condition);
    p->from = i < 1000 ? kFirstRow : kFirstRow + static_cast<Day>(rng.Below(kLastRow - kFirstRow));
    p->until = rng.PerMille(330) ? p->from + static_cast<Day>(rng.Below(kExtract - p->from + 1)) : kExtract;
    people.push_back(std::move(p));
  }

  // A review about once a year, the first within a year of joining (within
  // two months for people who join later).
  std::vector<std::pair<Day, const Person*>> review_days;
  for (const auto& p : people) {
    Day day = p->from + static_cast<Day>(rng.Below(p->from == kFirstRow ? 365 : 60));
    for (; day <= std::min(p->until, kLastRow); day += static_cast<Day>(rng.Between(330, 400))) {
      review_days.push_back({day, p.get()});
    }
  }
  std::stable_sort(review_days.begin(), review_days.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Csv reviews({"review_id", "nhs_number", "provider", "condition", "reviewed_on", "care_plan_agreed",
               "foot_check", "hba1c"});
  int n = 0;
  for (const auto& [day, person] : review_days) reviews.Add(Review(rng, *person, day, ++n));

  std::vector<Admission> stays;
  for (const auto& p : people) Admit(rng, *p, stays);
  std::stable_sort(stays.begin(), stays.end(),
                   [](const Admission& a, const Admission& b) { return a.admitted_on < b.admitted_on; });
  Csv admissions(
      {"spell_id", "nhs_number", "provider", "condition", "admitted_on", "discharged_on", "amputation"});
  n = 0;
  for (const Admission& a : stays) {
    if (a.admitted_on > kLastRow) continue;
    // SUS flags are 1 and 0; a stay not ended by the extract date has no discharge yet.
    admissions.Add({Serial("S", ++n), a.person->nhs_number, kProviders[a.person->lead],
                    kConditions[a.person->condition], Iso(a.admitted_on),
                    a.discharged_on <= kExtract ? Iso(a.discharged_on) : "", a.amputation ? "1" : "0"});
  }

  reviews.Write(dir / "reviews.csv");
  admissions.Write(dir / "admissions.csv");
  Ledger(rng).Write(dir / "ledger.csv");
}

}  // namespace ocf_examples::alliance
