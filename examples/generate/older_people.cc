// examples/generate/older_people.cc — the sample data of examples/older_people/older_people.ocf (see main.cc).
#include <algorithm>
#include <array>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "common.h"

// ================================================================ older_people
//
// examples/older_people/older_people.ocf: community and urgent care for
// people aged 65 and over, 2015-04-01 to 2020-03-31, reported and paid
// yearly. The sample covers a group of practices with about 3,000 registered
// people aged 65 and over (run with --set registered_65_plus=3000), not the
// whole county's 160,000: the rates per 1,000 are the same, the files a
// fiftieth of the size.
//
// Each person is followed day by day from the first row date (or their 65th
// birthday) to the extract date, with a daily chance of dying, of an emergency
// admission (higher for the frail and the old, and much higher in the 30 days
// after an emergency discharge), of a planned admission, and of a reablement
// episode. The tables are what that history leaves behind, so they agree with
// each other: a readmission date is the person's next emergency admission, a
// death in hospital ends an emergency stay, and nobody is admitted after
// they have died.
namespace ocf_examples::older_people {
namespace {

const Day kTermStart = MakeDay(2015, 4, 1);
const Day kFirstRow = MakeDay(2015, 3, 25);
const Day kLastRow = MakeDay(2020, 4, 7);
const Day kExtract = MakeDay(2020, 4, 30);
constexpr int kYears = 5;

enum Method { kEmergency, kElective, kDayCase };
const char* const kMethods[] = {"emergency", "elective", "day case"};
enum Destination { kUsualResidence, kCareHome, kCommunityHospital, kDied };
const char* const kDestinations[] = {"usual_residence", "care_home", "community hospital", "died"};
enum Setting { kHome, kIntermediateCareBed, kStepDownBed };
const char* const kSettings[] = {"home", "intermediate care bed", "step-down bed"};
enum Place { kPlaceHome, kPlaceCareHome, kHospice, kHospital, kOther };
const char* const kPlaces[] = {"home", "care home", "hospice", "hospital", "other"};

struct Person {
  std::string nhs_number;
  Day born = 0;
  int frailty = 1;  // 1, 2, 4 or 8: how many times a fit person's risk of admission
  std::optional<Day> died_on;
};

struct Spell {
  const Person* person = nullptr;
  Method method = kEmergency;
  Day admitted_on = 0;
  Day discharged_on = 0;  // may be after the extract date: not known yet
  Destination destination = kUsualResidence;
};

struct Reablement {
  const Person* person = nullptr;
  Setting setting = kHome;
  Day started_on = 0, ended_on = 0;
  int before = 0;
  std::optional<int> after;        // empty: not reassessed
  std::optional<Day> reviewed_on;  // empty: not reviewed by the extract date
};

struct Death {
  const Person* person = nullptr;
  Day died_on = 0;
  bool on_register = false;
  std::optional<Place> preferred;
  Place place = kOther;
  std::optional<bool> in_preferred_place;  // empty: not recorded
};

struct History {
  std::vector<Spell> spells;
  std::vector<Reablement> reablement;
  std::vector<Death> deaths;
};

int AgeBand(int age) { return age < 75 ? 0 : age < 85 ? 1 : 2; }

// Daily chances, per million. Deaths: about 1% a year at 65-74, 3.5% at
// 75-84 and 14% at 85 and over, more for the frail; about 4% a year in all,
// as for England's over-65s.
int DeathPerMillion(const Person& p, int age) {
  return std::array{35, 95, 280}[AgeBand(age)] * std::array{0, 60, 100, 0, 180, 0, 0, 0, 320}[p.frailty] /
         100;
}

// Emergency admissions, before a recent discharge adds to them. Chosen so the
// year's count starts above 250 per 1,000 in 2015/16 and falls towards 225
// (the target runs from 250 to 225): missed in the first year, partly or
// wholly met later. With about 700 admissions a year, chance moves each
// year's figure by 10 per 1,000 or so.
int EmergencyPerMillion(const Person& p, int age, int year) {
  return std::array{280, 257, 248, 234, 232}[year - 1] * p.frailty * std::array{70, 100, 150}[AgeBand(age)] /
         100;
}

// The extra daily chance of an emergency admission in the 30 days after an
// emergency discharge: a readmission rate of about 14% in the first year,
// falling to about 10% (target 15% to 10%) as the provider's discharge and
// reablement work takes hold.
int ReadmissionPerMillion(int year) { return std::array{3800, 3450, 3100, 2650, 2650}[year - 1]; }

// A place of death other than `preferred` (if any): hospital most often, as
// for people whose wishes are not met.
Place OtherPlace(Rng& rng, std::optional<Place> preferred) {
  for (;;) {
    const Place p = static_cast<Place>(rng.Weighted({15, 15, 5, 60, 5}));
    if (p != preferred) return p;
  }
}

// A death, decided on the day the final illness begins. More people are on
// the end-of-life register each year (about a third in 2015/16, over a half by
// 2019/20; target 30% to 50%), most of them with a preferred place of death
// recorded, and more of those die where they chose (about 63% to about 78%;
// target 60% to 80%). A few outcomes are not recorded and count as not met.
Death MakeDeath(Rng& rng, const Person& p, Day day, int year) {
  Death d;
  d.person = &p;
  d.died_on = day;
  d.on_register = rng.PerMille(std::array{280, 350, 410, 470, 510}[year - 1] + (p.frailty >= 4 ? 150 : 0));
  if (rng.PerMille(d.on_register ? 850 : 150)) {
    d.preferred = static_cast<Place>(rng.Weighted({50, 25, 18, 7, 0}));
    const bool met = rng.PerMille(std::array{630, 670, 710, 750, 780}[year - 1]);
    d.place = met ? *d.preferred : OtherPlace(rng, d.preferred);
    if (rng.PerMille(980)) d.in_preferred_place = met;
  } else {
    d.place = static_cast<Place>(rng.Weighted({22, 18, 5, 50, 5}));
  }
  return d;
}

// A reablement episode: six weeks at most at home, five in a bed. Barthel
// scores at the start are lower for people in a bed. More people end more
// independent each year (about 63% to 76%; target 60% to 75%); one in ten is
// not reassessed. The follow-up review at home is done within 3 months for
// 80% of people in the first year and about 92% later (target at least 90%);
// the rest are late or never done. Reviews after the extract date are not
// known yet, which pulls the last year down.
Reablement MakeReablement(Rng& rng, const Person& p, Setting setting, Day started_on) {
  const int year = ContractYear(kTermStart, kYears, started_on);
  Reablement r;
  r.person = &p;
  r.setting = setting;
  r.started_on = started_on;
  r.ended_on = started_on + static_cast<Day>(setting == kHome ? rng.Between(14, 42) : rng.Between(10, 35));
  r.before = static_cast<int>(setting == kHome ? rng.Between(10, 18) : rng.Between(5, 15));
  if (rng.PerMille(900)) {
    const bool better = rng.PerMille(std::array{630, 670, 710, 750, 760}[year - 1]);
    const int change = static_cast<int>(better              ? 1 + rng.Below(3) + rng.Below(3)
                                        : rng.PerMille(700) ? 0
                                                            : -rng.Between(1, 3));
    r.after = std::clamp(r.before + change, 0, 20);
  }
  const int within = std::array{800, 870, 925, 935, 925}[year - 1];
  const int64_t roll = rng.Below(1000);
  // 3 months after a day is always at least 89 days after it.
  const std::optional<Day> review =
      roll < within        ? std::optional<Day>(r.ended_on + static_cast<Day>(rng.Between(14, 88)))
      : roll < within + 60 ? std::optional<Day>(r.ended_on + static_cast<Day>(rng.Between(95, 150)))
                           : std::nullopt;
  if (review && *review <= kExtract) r.reviewed_on = review;
  return r;
}

// One person's history from `from` (at 65 or over) to the extract date.
void Follow(Rng& rng, Person& p, Day from, History& h) {
  Day last_discharge = from - 1000;  // of an emergency stay
  for (Day day = from; day <= kExtract;) {
    if (YearsBetween(p.born, day) < 65) throw std::logic_error("followed before 65");
    // People grow frailer: about one in eleven a year moves up a level.
    if (p.frailty < 8 && rng.PerMillion(260)) p.frailty *= 2;
    const int year = ContractYear(kTermStart, kYears, day);
    const int age = YearsBetween(p.born, day);
    if (rng.PerMillion(DeathPerMillion(p, age))) {
      Death d = MakeDeath(rng, p, day, year);
      if (d.place == kHospital) {
        // Admitted as an emergency and died in hospital days later.
        d.died_on = day + static_cast<Day>(rng.Between(1, 14));
        h.spells.push_back({&p, kEmergency, day, d.died_on, kDied});
      }
      p.died_on = d.died_on;
      h.deaths.push_back(d);
      return;
    }
    const bool recent = day - last_discharge <= 30;
    if (rng.PerMillion(EmergencyPerMillion(p, age, year) + (recent ? ReadmissionPerMillion(year) : 0))) {
      // Stays are shorter each year (mean 9 days falling to 7.6), half as
      // long again for the frailest.
      const int mean = std::array{900, 860, 820, 790, 760}[year - 1] * (p.frailty == 8 ? 3 : 2) / 2;
      const Day discharged = day + 1 + rng.Geometric(mean - 100);
      const auto destination = static_cast<Destination>(rng.Weighted({82, 7, 11}));
      h.spells.push_back({&p, kEmergency, day, discharged, destination});
      // One in five people going home is offered reablement, more of the
      // frail; from a community hospital, a step-down bed or home.
      if (destination != kCareHome && rng.PerMille(p.frailty >= 4 ? 300 : 200)) {
        const Setting setting = destination == kCommunityHospital
                                    ? (rng.PerMille(600) ? kStepDownBed : kHome)
                                    : (rng.PerMille(700) ? kHome : kIntermediateCareBed);
        h.reablement.push_back(
            MakeReablement(rng, p, setting, discharged + static_cast<Day>(rng.Between(0, 3))));
      }
      last_discharge = discharged;
      day = discharged + 1;
      continue;
    }
    if (rng.PerMillion(70)) {  // a planned operation: one to five nights
      const Day discharged = day + static_cast<Day>(rng.Between(1, 5));
      h.spells.push_back({&p, kElective, day, discharged, kUsualResidence});
      day = discharged + 1;
      continue;
    }
    if (rng.PerMillion(55)) h.spells.push_back({&p, kDayCase, day, day, kUsualResidence});
    // Reablement straight from home ("step up"), to keep someone out of hospital.
    if (rng.PerMillion(45 * p.frailty)) {
      h.reablement.push_back(MakeReablement(rng, p, rng.PerMille(800) ? kHome : kIntermediateCareBed, day));
    }
    ++day;
  }
}

// Frailty by age band: the older, the frailer.
int Frailty(Rng& rng, int age) {
  static constexpr std::array<std::array<int, 4>, 3> kWeights{
      {{65, 22, 9, 4}, {50, 28, 15, 7}, {30, 30, 25, 15}}};
  const auto& w = kWeights[static_cast<size_t>(AgeBand(age))];
  return std::array{1, 2, 4, 8}[rng.Weighted({w[0], w[1], w[2], w[3]})];
}

}  // namespace

void Write(const fs::path& dir) {
  Rng rng(20150401);
  std::set<std::string> nhs_numbers;
  std::vector<std::unique_ptr<Person>> people;
  History h;
  // 3,000 people aged 65 and over at the start (53% aged 65-74, 32% 75-84,
  // 15% 85 and over, as in England), and about 160 a year turning 65 later.
  for (int i = 0; i < 3000; ++i) {
    const int band = rng.Weighted({53, 32, 15});
    const int age = static_cast<int>(std::array{65, 75, 85}[band] + rng.Below(band == 2 ? 15 : 10));
    const Day born = kFirstRow - age * 365 - age / 4 - static_cast<Day>(rng.Below(365));
    people.push_back(std::make_unique<Person>(
        Person{NewNhsNumber(rng, nhs_numbers), born, Frailty(rng, age), std::nullopt}));
    Follow(rng, *people.back(), kFirstRow, h);
  }
  for (int i = 0; i < 820; ++i) {
    const Day turns_65 = kFirstRow + static_cast<Day>(rng.Below(kLastRow - kFirstRow + 1));
    const Ymd t = ToYmd(turns_65);
    const Day born = MakeDay(t.y - 65, t.m, std::min(t.d, 28));
    people.push_back(std::make_unique<Person>(
        Person{NewNhsNumber(rng, nhs_numbers), born, Frailty(rng, 65), std::nullopt}));
    Follow(rng, *people.back(), std::max(turns_65, MakeDay(t.y, t.m, std::min(t.d, 28))), h);
  }

  // Spells in order of admission; the discharges file holds the emergency
  // ones, with the date of the same person's next emergency admission.
  std::stable_sort(h.spells.begin(), h.spells.end(),
                   [](const Spell& a, const Spell& b) { return a.admitted_on < b.admitted_on; });
  std::map<const Person*, std::vector<Day>> emergency_admissions;
  for (const Spell& s : h.spells) {
    if (s.method == kEmergency) emergency_admissions[s.person].push_back(s.admitted_on);
  }
  Csv admissions({"spell_id", "nhs_number", "age", "method", "admitted_on", "length_of_stay"});
  std::vector<std::pair<Day, std::vector<std::string>>> discharges;
  int n = 0;
  for (const Spell& s : h.spells) {
    if (s.admitted_on > kLastRow) continue;
    const std::string id = Serial("S", ++n);
    const bool known = s.discharged_on <= kExtract;  // else still in hospital
    admissions.Add({id, s.person->nhs_number, std::to_string(YearsBetween(s.person->born, s.admitted_on)),
                    kMethods[s.method], Iso(s.admitted_on),
                    known ? std::to_string(s.discharged_on - s.admitted_on) : ""});
    if (s.method != kEmergency || s.discharged_on > kLastRow) continue;
    std::optional<Day> readmitted;
    for (Day d : emergency_admissions[s.person]) {
      if (d >= s.discharged_on && d <= kExtract) {
        readmitted = d;
        break;
      }
    }
    discharges.push_back(
        {s.discharged_on,
         {id, s.person->nhs_number, Iso(s.discharged_on), kDestinations[s.destination], Iso(readmitted)}});
  }
  std::stable_sort(discharges.begin(), discharges.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  Csv discharges_csv({"spell_id", "nhs_number", "discharged_on", "destination", "readmitted_on"});
  for (auto& [day, row] : discharges) discharges_csv.Add(std::move(row));

  // An episode cut short by death ends that day, without a reassessment; nobody
  // is reviewed at home after they have died.
  for (Reablement& r : h.reablement) {
    const std::optional<Day> died = r.person->died_on;
    if (died && *died <= r.ended_on) {
      r.ended_on = *died;
      r.after.reset();
    }
    if (died && r.reviewed_on && *died < *r.reviewed_on) r.reviewed_on.reset();
  }
  std::stable_sort(h.reablement.begin(), h.reablement.end(),
                   [](const Reablement& a, const Reablement& b) { return a.ended_on < b.ended_on; });
  Csv reablement({"episode_id", "nhs_number", "setting", "started_on", "ended_on", "score_before",
                  "score_after", "reviewed_on"});
  n = 0;
  for (const Reablement& r : h.reablement) {
    if (r.ended_on > kLastRow) continue;
    reablement.Add({Serial("B", ++n), r.person->nhs_number, kSettings[r.setting], Iso(r.started_on),
                    Iso(r.ended_on), std::to_string(r.before), r.after ? std::to_string(*r.after) : "",
                    Iso(r.reviewed_on)});
  }

  std::stable_sort(h.deaths.begin(), h.deaths.end(),
                   [](const Death& a, const Death& b) { return a.died_on < b.died_on; });
  Csv deaths({"nhs_number", "died_on", "on_eol_register", "preferred_place", "place_of_death",
              "died_in_preferred_place"});
  for (const Death& d : h.deaths) {
    if (d.died_on > kLastRow) continue;
    deaths.Add({d.person->nhs_number, Iso(d.died_on), Bool(d.on_register, "true", "false"),
                d.preferred ? kPlaces[*d.preferred] : "", kPlaces[d.place],
                d.in_preferred_place ? Bool(*d.in_preferred_place, "true", "false") : ""});
  }

  admissions.Write(dir / "admissions.csv");
  discharges_csv.Write(dir / "discharges.csv");
  reablement.Write(dir / "reablement.csv");
  deaths.Write(dir / "deaths.csv");
}

}  // namespace ocf_examples::older_people
