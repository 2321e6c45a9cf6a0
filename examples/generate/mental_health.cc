// examples/generate/mental_health.cc — the sample data of
// examples/mental_health/mental_health.ocf (see main.cc).
#include <algorithm>
#include <array>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "common.h"

// ================================================================ mental_health
//
// examples/mental_health/mental_health.ocf: adults on the secondary mental
// health caseload, cared for by a partnership of the mental health trust and
// three voluntary partners, 2015-10-01 to 2018-09-30, reported and paid
// quarterly, against a baseline year, 2014/15 (October to September). The
// sample is one locality: about 900 people on the caseload at a time.
//
// Each person is followed from joining the caseload to leaving it: reviews
// about every six months, crisis and planned admissions (none while already
// in hospital), the discharge that ends each stay, and contacts with the
// partners, routine ones every six weeks to four months (none while in hospital) and,
// after most discharges, a follow-up call or visit. The tables agree with
// each other: a discharge is a stay of the admissions table, a follow-up is
// a contact with the same NHS number, and nobody is admitted, reviewed or
// contacted after dying in hospital.
namespace ocf_examples::mental_health {
namespace {

const Day kTermStart = MakeDay(2015, 10, 1);
const Day kFirstRow = MakeDay(2014, 9, 24);
const Day kLastRow = MakeDay(2018, 10, 7);
const Day kExtract = MakeDay(2018, 11, 30);
constexpr int kYears = 3;

// 0 in the baseline year (and the week before it), else the contract year.
int TrendYear(Day day) { return day < kTermStart ? 0 : ContractYear(kTermStart, kYears, day); }

// 0 for the baseline's quarters, then 1 for 2015/16 Q1 and so on.
int TermQuarter(Day day) {
  if (day < kTermStart) return 0;
  const Ymd t = ToYmd(day);
  return ((t.y - 2015) * 12 + t.m - 10) / 3 + 1;
}

enum Partner { kTrust, kHousing, kEmployment, kWellbeing };
const char* const kPartners[] = {"trust", "housing", "employment", "wellbeing"};

struct Person {
  std::string nhs_number;
  Partner lead;
  Day from, until;  // on the caseload
  int star_at_start;
};

struct Stay {
  const Person* person;
  Day admitted_on, discharged_on;
  bool crisis;
  int destination;        // an index into kDestinations
  bool nhs_number_known;  // the ward's system carried it
};
const char* const kDestinations[] = {"home", "supported housing", "another hospital", "prison", "died"};

struct Contact {
  const Person* person;
  Day on;
  Partner partner;
  const char* mode;
};

// Reviews with the NHS number, accommodation and employment all recorded,
// per thousand. Usually about 98%; three bad spells make the data gateway
// fail: the voluntary partners' first quarter on the shared record
// (2015/16 Q1), the trust's move to a new patient record system (2016/17
// Q4, when the partnership as a whole fails too), and housing's staff
// turnover in 2017/18 Q2.
int CompletePerMille(Partner p, int quarter) {
  if (quarter == 1 && p != kTrust) return 900;
  if (quarter == 8 && p == kTrust) return 905;
  if (quarter == 10 && p == kHousing) return 890;
  return 982;
}

// A review. More people are found settled and in paid work each year
// (settled about 53% in the baseline year to 65% in 2017/18, paid work about
// 6% to 11%: targets 55% to 65% and 5% to 15%), most where the partner
// leading their care is the housing or the employment partner; and more
// reviews find the Recovery Star 10 points above the person's first (about
// 36% to 56%: target 40% to 60%).
std::vector<std::string> Review(Rng& rng, const Person& p, Day day, int n) {
  const int year = TrendYear(day);
  std::string nhs = p.nhs_number, accommodation, employment, star_at_start, star;
  const int settled = std::array{520, 560, 600, 640}[year] + std::array{-30, 150, 50, 50}[p.lead];
  if (rng.PerMille(settled)) {
    accommodation = std::array{"own tenancy", "family home", "supported housing"}[rng.Weighted(
        {45, 30, p.lead == kHousing ? 60 : 25})];
  } else {
    accommodation = rng.PerMille(700) ? "temporary" : "no fixed abode";
  }
  const int paid = std::array{60, 75, 95, 115}[year] + std::array{-10, -20, 120, 0}[p.lead];
  if (rng.PerMille(paid)) {
    employment = "paid";
  } else {
    employment = std::array{"voluntary work", "education", "unemployed", "not seeking work"}[rng.Weighted(
        {9, 6, 50, 35})];
  }
  if (rng.PerMille(860)) {
    const int improved = std::array{380, 440, 500, 560}[year] + std::array{-20, 20, 30, 80}[p.lead];
    const int gain = rng.PerMille(improved) ? static_cast<int>(rng.Between(10, 25))
                                            : static_cast<int>(rng.Between(-6, 9));
    star_at_start = std::to_string(p.star_at_start);
    star = std::to_string(std::clamp(p.star_at_start + gain, 10, 100));
  }
  if (!rng.PerMille(CompletePerMille(p.lead, TermQuarter(day)))) {
    std::string* lost[] = {&nhs, &accommodation, &employment};
    *lost[rng.Below(3)] = "";
  }
  return {Serial("R", n), nhs, kPartners[p.lead], Iso(day), accommodation, employment, star_at_start, star};
}

// Admissions: crisis admissions run at about 115 a year per 1,000 on the
// caseload in the baseline year (more where the trust leads the care, fewer
// for the employment and wellbeing partners' people), a fifth more in winter,
// falling to about 96%, 88% and 80% of the baseline rate in the three years
// (target: a fifth fewer); planned admissions about 15 per 1,000. Stays
// average about four weeks, with a long tail.
void Admit(Rng& rng, Person& p, std::vector<Stay>& out) {
  for (Day day = p.from; day <= std::min(p.until, kExtract);) {
    const int year = TrendYear(day);
    const int month = ToYmd(day).m;
    const int season = month == 12 || month <= 2 ? 120 : month >= 6 && month <= 8 ? 90 : 100;
    const int crisis = std::array{1300, 1100, 600, 700}[p.lead] * 1000 / 365 *
                       std::array{100, 96, 88, 80}[year] / 100 * season / 100 / 10;
    const int planned = 15 * 1000 / 365;
    const int64_t roll = rng.Below(1'000'000);
    if (roll >= crisis + planned) {
      ++day;
      continue;
    }
    const int stay = 1 + (rng.PerMille(100) ? rng.Geometric(9000) : rng.Geometric(2400));
    const int destination = rng.Weighted({800, 120, 60, 10, 10});
    out.push_back({&p, day, day + stay, roll < crisis, destination, !rng.PerMille(6)});
    if (destination == 4) {  // died in hospital: off the caseload
      p.until = day + stay;
      return;
    }
    day += stay + 1;
  }
}

// The follow-up after a discharge home or to supported housing: the chance
// of one within 7 days is 79% in the baseline year, then 85%, 90% and 94%
// (target 80% to 95%), less for the employment and wellbeing partners'
// people; of those, within 3 days 55% in the baseline year, rising to 80%
// (target for 72 hours: 50% to 90%). The rest are contacted later, or only
// by letter, or not at all. Routine contacts that happen to fall in the
// week add a little. With 25 to 35 discharges a quarter, quarters scatter
// widely: the sample has 72% within 7 days in the baseline year, 90% to 96%
// in the three years.
void FollowUp(Rng& rng, const Stay& s, std::vector<Contact>& out) {
  if (s.destination >= 2) return;
  const int year = TrendYear(s.discharged_on);
  const Partner lead = s.person->lead;
  const int within_7 = std::array{790, 850, 900, 940}[year] + std::array{0, 20, -60, -30}[lead];
  const char* mode = rng.PerMille(700) ? "face to face" : "telephone";
  const Partner by = rng.PerMille(750) ? lead : kTrust;
  if (rng.PerMille(within_7)) {
    const bool within_3 = rng.PerMille(std::array{550, 620, 720, 800}[year]);
    out.push_back({s.person, s.discharged_on + static_cast<Day>(within_3 ? rng.Between(1, 3) : rng.Between(4, 7)),
                   by, mode});
    return;
  }
  const int64_t roll = rng.Below(10);
  if (roll < 3) {
    out.push_back({s.person, s.discharged_on + static_cast<Day>(rng.Between(2, 7)), by, "letter"});
  } else if (roll < 8) {
    out.push_back({s.person, s.discharged_on + static_cast<Day>(rng.Between(8, 21)), by, mode});
  }  // else nobody got in touch
}

}  // namespace

void Write(const fs::path& dir) {
  Rng rng(20151001);
  std::set<std::string> nhs_numbers;
  // 850 people on the caseload at the start and about 250 joining each year;
  // about half of each year's people leave it (recovered, moved away or
  // back to their GP's care) within three years, so it stays near 900.
  std::vector<std::unique_ptr<Person>> people;
  for (int i = 0; i < 1900; ++i) {
    auto p = std::make_unique<Person>();
    p->nhs_number = NewNhsNumber(rng, nhs_numbers);
    p->lead = static_cast<Partner>(rng.Weighted({70, 12, 10, 8}));
    p->from = i < 850 ? kFirstRow : kFirstRow + static_cast<Day>(rng.Below(kLastRow - kFirstRow));
    p->until = rng.PerMille(550) ? p->from + static_cast<Day>(rng.Between(120, 3 * 365)) : kExtract;
    p->star_at_start = static_cast<int>(20 + (rng.Below(41) + rng.Below(41)) / 2);
    people.push_back(std::move(p));
  }

  std::vector<Stay> stays;
  for (const auto& p : people) Admit(rng, *p, stays);

  // The caseload on the first of each month, from the month before the
  // baseline to the month after the term.
  Csv caseload({"partner", "month", "people"});
  for (int month0 = 0; month0 <= 49; ++month0) {  // months since September 2014
    const Day month = MakeDay(2014 + (month0 + 8) / 12, (month0 + 8) % 12 + 1, 1);
    std::array<int, 4> count{};
    for (const auto& p : people) {
      if (p->from <= month && month <= p->until) ++count[static_cast<size_t>(p->lead)];
    }
    for (int k = 0; k < 4; ++k) caseload.Add({kPartners[k], Iso(month), std::to_string(count[static_cast<size_t>(k)])});
  }

  // A review within six months of joining, then about every six months.
  std::vector<std::pair<Day, const Person*>> review_days;
  for (const auto& p : people) {
    Day day = p->from + static_cast<Day>(rng.Below(p->from == kFirstRow ? 180 : 90));
    for (; day <= std::min(p->until, kLastRow); day += static_cast<Day>(rng.Between(150, 210))) {
      review_days.push_back({day, p.get()});
    }
  }
  std::stable_sort(review_days.begin(), review_days.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Csv reviews({"review_id", "nhs_number", "partner", "reviewed_on", "accommodation", "employment", "star_at_start",
               "star"});
  int n = 0;
  for (const auto& [day, person] : review_days) reviews.Add(Review(rng, *person, day, ++n));

  // Contacts: routine ones every six to nineteen weeks outside hospital, and
  // the follow-ups after discharge.
  std::vector<Contact> contacts;
  for (const auto& p : people) {
    std::vector<const Stay*> own;
    for (const Stay& s : stays) {
      if (s.person == p.get()) own.push_back(&s);
    }
    for (Day day = p->from + static_cast<Day>(rng.Below(60)); day <= std::min(p->until, kLastRow);
         day += static_cast<Day>(rng.Between(45, 135))) {
      const bool in_hospital = std::any_of(own.begin(), own.end(), [day](const Stay* s) {
        return s->admitted_on <= day && day <= s->discharged_on;
      });
      if (in_hospital) continue;
      const Partner by = rng.PerMille(800) ? p->lead : static_cast<Partner>(rng.Below(4));
      contacts.push_back({p.get(), day, by, std::array{"face to face", "telephone", "letter"}[rng.Weighted({65, 30, 5})]});
    }
  }
  for (const Stay& s : stays) FollowUp(rng, s, contacts);
  std::stable_sort(contacts.begin(), contacts.end(), [](const Contact& a, const Contact& b) { return a.on < b.on; });
  Csv contacts_csv({"contact_id", "nhs_number", "partner", "contact_on", "mode"});
  n = 0;
  for (const Contact& c : contacts) {
    if (c.on > kLastRow) continue;
    contacts_csv.Add({Serial("C", ++n), c.person->nhs_number, kPartners[c.partner], Iso(c.on), c.mode});
  }

  std::stable_sort(stays.begin(), stays.end(),
                   [](const Stay& a, const Stay& b) { return a.admitted_on < b.admitted_on; });
  Csv admissions({"spell_id", "nhs_number", "partner", "admitted_on", "route"});
  n = 0;
  std::vector<std::pair<const Stay*, std::string>> ended;
  for (const Stay& s : stays) {
    if (s.admitted_on > kLastRow) continue;
    const std::string id = Serial("S", ++n);
    const std::string nhs = s.nhs_number_known ? s.person->nhs_number : "";
    admissions.Add({id, nhs, kPartners[s.person->lead], Iso(s.admitted_on), s.crisis ? "crisis" : "planned"});
    if (s.discharged_on <= kLastRow) ended.push_back({&s, id});
  }
  std::stable_sort(ended.begin(), ended.end(),
                   [](const auto& a, const auto& b) { return a.first->discharged_on < b.first->discharged_on; });
  Csv discharges({"spell_id", "nhs_number", "partner", "admitted_on", "discharged_on", "destination"});
  for (const auto& [s, id] : ended) {
    discharges.Add({id, s->nhs_number_known ? s->person->nhs_number : "", kPartners[s->person->lead],
                    Iso(s->admitted_on), Iso(s->discharged_on), kDestinations[s->destination]});
  }

  caseload.Write(dir / "caseload.csv");
  reviews.Write(dir / "reviews.csv");
  admissions.Write(dir / "admissions.csv");
  discharges.Write(dir / "discharges.csv");
  contacts_csv.Write(dir / "contacts.csv");
}

}  // namespace ocf_examples::mental_health
