// LANGUAGE.md §6, linked records: `exists U [as ALIAS] on K where C`,
// `count U [as ALIAS] on K where C` and `T.column`. Every expected value is
// worked out by hand from the rows below; each run is on both engines, which
// must agree, and the JIT must compile the links (no fall-back warning).
#include <string>

#include <gtest/gtest.h>

#include "tests/unit/v1_support.h"

namespace ocf {
namespace {

using namespace test_support;  // NOLINT: the v1 helpers

constexpr const char* kHeader = R"(contract "Follow-up" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2016-03-31
  periods quarterly
}
data admissions dated by admitted_on {
  spell : id key
  nhs_number : id?
  provider : one of (acute, community)
  ward : text?
  admitted_on : date
  discharged_on : date
}
data contacts dated by contact_on {
  contact : id key
  nhs_number : id?
  patient : id?
  provider : one of (acute, community, hospice)
  kind : one of (phone, visit)
  contact_on : date
  minutes : int
}
)";

// Six spells in the term (s1 to s6) and one before it (s0, n3's, in 2014).
constexpr const char* kAdmissions =
    "spell,nhs_number,provider,ward,admitted_on,discharged_on\n"
    "s0,n3,acute,w2,2014-06-01,2014-06-05\n"
    "s1,n1,acute,w1,2015-05-01,2015-05-03\n"
    "s2,n1,acute,w1,2015-05-20,2015-05-22\n"
    "s3,n2,community,,2015-06-01,2015-06-10\n"
    "s4,n3,acute,w2,2015-06-01,2015-06-02\n"
    "s5,n1,community,w2,2015-09-01,2015-09-02\n"
    "s6,,acute,w1,2015-09-01,2015-09-02\n";

// c6 is dated before the term and c7 after it: links see them all the same.
constexpr const char* kContacts =
    "contact,nhs_number,patient,provider,kind,contact_on,minutes\n"
    "c1,n1,n1,acute,phone,2015-05-05,10\n"
    "c2,n2,n2,community,visit,2015-06-12,30\n"
    "c3,n3,n3,hospice,visit,2015-06-20,45\n"
    "c4,,n1,acute,visit,2015-05-21,20\n"
    "c5,n9,,community,visit,2015-06-01,15\n"
    "c6,n3,n3,acute,phone,2015-03-30,5\n"
    "c7,n1,n1,acute,visit,2016-05-01,60\n"
    "c8,n1,n1,community,phone,2015-05-24,10\n";

struct Links : ::testing::Test {
  Scratch s;
  CsvRun Run(const std::string& measures) {
    std::string contract = s.Write("c.ocf", std::string(kHeader) + measures);
    std::string admissions = s.Write("admissions.csv", kAdmissions);
    std::string contacts = s.Write("contacts.csv", kContacts);
    std::vector<std::string> args = {
        "run", contract, "--data", "admissions=" + admissions, "--data", "contacts=" + contacts};
    std::vector<std::string> jit = args;
    jit.insert(jit.end(), {"--engine", "jit"});
    CliRun run = RunOcf(jit);
    EXPECT_EQ(run.err.find("running on the reference interpreter"), std::string::npos) << run.err;
    return RunOnBothEngines(args);
  }
  // `ocf check`, its diagnostics (standard error) in `out`.
  CliRun Check(const std::string& measures) {
    CliRun run = RunOcf({"check", s.Write("c.ocf", std::string(kHeader) + measures)});
    run.out += run.err;
    return run;
  }
};

TEST_F(Links, SelfLinkReadmissionWithinThirtyDays) {
  // s1 (out 05-03) is followed by s2 (in 05-20); s2 by s5 only after 100
  // days; s4 (n3) has s0 before it, not after; s6 has no NHS number.
  CsvRun run = Run(R"(
population discharges = admissions where discharged_on >= 2015-04-01
measure readmitted = percent of discharges where exists admissions as later on nhs_number
  where later.admitted_on <= discharges.discharged_on + 30 days and later.admitted_on > discharges.discharged_on
measure readmissions = count discharges where exists admissions as earlier on nhs_number
  where earlier.discharged_on < discharges.admitted_on
)");
  ExpectRows(run, {
                      "measure,readmitted,,term,0.166666666666666667,1,6",
                      "measure,readmitted,,2015/16 Q1,0.25,1,4",  // s1 of s1 to s4
                      // s2 (after s1), s4 (after s0, before the term), s5 (after s1, s2)
                      "measure,readmissions,,term,3,,",
                  });
}

TEST_F(Links, SevenDayFollowUpFromDischargesToContacts) {
  // s1: c1 two days later. s2 (out 05-22): c8 on 05-24 (c4 has no NHS
  // number). s3: c2 two days later. s4: c3 18 days later. s5, s6: none.
  CsvRun run = Run(R"(
measure followed = percent of admissions where exists contacts on nhs_number
  where contact_on > discharged_on and contact_on <= discharged_on + 7 days
)");
  ExpectRows(run, {"measure,followed,,term,0.5,3,6", "measure,followed,,2015/16 Q1,0.75,3,4"});
}

TEST_F(Links, KeysWithDifferentNames) {
  // `patient`: c4 is n1's although its nhs_number is missing; c5 has no patient.
  CsvRun run = Run(R"(
measure by_patient = count admissions where exists contacts on nhs_number = patient
  where contacts.nhs_number is missing
measure visits = sum (count contacts on nhs_number = patient where kind = visit) of admissions
)");
  ExpectRows(run, {
                      "measure,by_patient,,term,3,,",  // s1, s2, s5 (n1)
                      // n1's visits c4, c7 for each of s1, s2, s5; n2's c2 for s3; n3's c3 for s4
                      "measure,visits,,term,8,,",
                  });
}

TEST_F(Links, PopulationAsTheLinkedTable) {
  // A population used as U is its filtered rows, over all dates: n3's only
  // visit is c3; n1's visits are c4 (no NHS number) and c7 (after the term).
  CsvRun run = Run(R"(
population visits = contacts where kind = visit
population long_visits = visits where minutes >= 30
measure visited = count admissions where exists visits on nhs_number
measure long = count admissions where exists long_visits on nhs_number
measure long_after = count admissions where exists long_visits as v on nhs_number where v.contact_on > admissions.discharged_on
)");
  ExpectRows(run, {
                      "measure,visited,,term,5,,",  // s1, s2, s5 (c7), s3 (c2), s4 (c3)
                      "measure,long,,term,5,,",     // c7 60, c2 30, c3 45
                      "measure,long_after,,term,5,,",
                  });
}

TEST_F(Links, MissingKeysMatchNothing) {
  // s6 has no NHS number, c4 has none: neither matches anything, not even
  // each other; `count` is 0, never missing.
  CsvRun run = Run(R"(
measure unmatched = count admissions where not exists contacts on nhs_number
measure none = count admissions where (count contacts on nhs_number) = 0
measure keyless = count admissions where nhs_number is missing and exists contacts on nhs_number
)");
  ExpectRows(run, {
                      "measure,unmatched,,term,1,,",  // s6
                      "measure,none,,term,1,,",
                      "measure,keyless,,term,0,,",
                  });
}

TEST_F(Links, LinkedRowsOutsideTheTermAreSeen) {
  // c6 (2015-03-30) and c7 (2016-05-01) are outside the term, as is s0.
  CsvRun run = Run(R"(
measure before = count admissions where exists contacts on nhs_number where contact_on < 2015-04-01
measure after = count admissions where exists contacts on nhs_number where contact_on > 2016-03-31
measure earlier_stay = count admissions where exists admissions as old on nhs_number where old.admitted_on < 2015-04-01
)");
  ExpectRows(run, {
                      "measure,before,,term,1,,",  // s4 (c6)
                      "measure,after,,term,3,,",   // s1, s2, s5 (c7)
                      "measure,earlier_stay,,term,1,,",
                  });
}

TEST_F(Links, CountInASumAndInAValue) {
  CsvRun run = Run(R"(
measure contacts_per_stay = sum (count contacts on nhs_number) of admissions
measure minutes = sum (count contacts as c on nhs_number where c.minutes >= 10) * 10 of admissions
measure most = max (count contacts on nhs_number) of admissions
)");
  ExpectRows(run, {
                      // n1: c1, c7, c8 for s1, s2, s5 (9); n2: c2 (1); n3: c3, c6 (2)
                      "measure,contacts_per_stay,,term,12,,",
                      // minutes >= 10: all but c6 -> 9 + 1 + 1 = 11, times 10
                      "measure,minutes,,term,110,,",
                      "measure,most,,term,3,,",
                  });
}

TEST_F(Links, GroupsComeFromTheTableCountedNotTheLinkedOne) {
  // contacts has a `hospice` provider no admission has: it is no group.
  CsvRun run = Run(R"(
measure followed by provider = count admissions where exists contacts on nhs_number
  where contacts.provider = hospice or contacts.contact_on > admissions.discharged_on
)");
  EXPECT_EQ(run.out.find("hospice"), std::string::npos) << run.out;
  ExpectRows(run, {
                      "measure,followed,acute,term,3,,",      // s1 (c1), s2 (c7), s4 (c3)
                      "measure,followed,community,term,2,,",  // s3 (c2), s5 (c7)
                  });
}

TEST_F(Links, LinksInAPopulationOfTheCountedTable) {
  CsvRun run = Run(R"(
population followed_up = admissions where exists contacts on nhs_number where contact_on >= discharged_on
measure n = count followed_up
measure mean_stay = mean days(discharged_on - admitted_on) of followed_up
)");
  ExpectRows(run, {"measure,n,,term,5,,"});  // s1, s2, s3, s4, s5
}

TEST_F(Links, TextComparedAcrossRecordsOfOneTable) {
  // Codes of one column compare in a self-link; the other record must differ.
  CsvRun run = Run(R"(
measure same_ward = count admissions where exists admissions as other on nhs_number
  where other.ward is present and admissions.ward is present and other.ward = admissions.ward
    and other.spell != admissions.spell
)");
  ExpectRows(run, {"measure,same_ward,,term,3,,"});  // s1, s2 (w1), s4 (w2 with s0)
}

TEST_F(Links, TextComparedAcrossTwoTables) {
  // Codes of two tables' columns are mapped one to the other (compiled, not
  // left to the interpreter). c4 has no NHS number and c5 no patient:
  // missing, so neither `=` nor `!=` holds there.
  CsvRun run = Run(R"(
measure same = count admissions where exists contacts on nhs_number where contacts.patient = admissions.nhs_number
measure differ = count admissions where exists contacts on nhs_number where contacts.patient != admissions.nhs_number
measure by_patient = count admissions where exists contacts as c on nhs_number = patient where c.nhs_number != admissions.nhs_number
)");
  ExpectRows(run, {
                      "measure,same,,term,5,,",  // s1, s2, s5 (n1), s3 (n2), s4 (n3)
                      "measure,differ,,term,0,,",
                      "measure,by_patient,,term,0,,",
                  });
}

TEST_F(Links, WholeNumberAndDateKeys) {
  Scratch s;
  std::string contract = s.Write("c.ocf", R"(contract "Keys" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2016-03-31
}
data a dated by seen {
  k : int
  seen : date
}
data b dated by dated {
  k : int?
  dated : date
}
measure by_int = count a where exists b on k
measure by_date = count a where exists b on seen = dated
measure both = sum (count b on k where b.dated >= a.seen) of a
)");
  std::string a = s.Write("a.csv", "k,seen\n1,2015-05-01\n2,2015-06-01\n-7,2015-07-01\n3,2015-08-01\n");
  std::string b =
      s.Write("b.csv", "k,dated\n1,2015-05-01\n1,2015-04-01\n-7,2016-01-01\n,2015-08-01\n99,2014-01-01\n");
  CsvRun run = RunOnBothEngines({"run", contract, "--data", "a=" + a, "--data", "b=" + b});
  ExpectRows(run, {
                      "measure,by_int,,term,2,,",   // 1, -7
                      "measure,by_date,,term,2,,",  // 2015-05-01, 2015-08-01 (whatever b's k)
                      "measure,both,,term,2,,",     // k 1: 2015-05-01; k -7: 2016-01-01
                  });
}

TEST_F(Links, FailingArithmeticInTheConditionIsLocatedOnBothEngines) {
  std::string measures = R"(
measure boom = count admissions where exists contacts as c on nhs_number where c.minutes * 9223372036854775807 > 0
)";
  std::string contract = s.Write("c.ocf", std::string(kHeader) + measures);
  std::string admissions = s.Write("admissions.csv", kAdmissions);
  std::string contacts = s.Write("contacts.csv", kContacts);
  std::string first;
  for (const char* engine : kEngines) {
    CliRun run = RunOcf({"run", contract, "--data", "admissions=" + admissions, "--data",
                         "contacts=" + contacts, "--engine", engine});
    EXPECT_EQ(run.status, 1) << engine;
    EXPECT_NE(run.err.find("too large"), std::string::npos) << engine << ": " << run.err;
    if (first.empty()) first = run.err;
    EXPECT_EQ(run.err, first) << engine;
  }
}

TEST_F(Links, CheckerMessages) {
  CliRun run =
      Check("measure x = count admissions where exists contacts on nhs_number where provider = acute\n");
  EXPECT_NE(run.out.find("error[E0906]: both `admissions` and `contacts` have a column `provider`"),
            std::string::npos)
      << run.out;
  EXPECT_NE(run.out.find("write `admissions.provider` for the record being counted, or `contacts.provider`"),
            std::string::npos)
      << run.out;
  // A column only one has may be bare; one neither has is unknown.
  run = Check(
      "measure x = count admissions where exists contacts on nhs_number where kind = visit and ward is "
      "present\n");
  EXPECT_EQ(run.status, 0) << run.out;
  run = Check("measure x = count admissions where exists contacts on nhs_number where knd = visit\n");
  EXPECT_NE(run.out.find("error[E0302]"), std::string::npos) << run.out;
  // Keys.
  run = Check("measure x = count admissions where exists contacts on spell\n");
  EXPECT_NE(run.out.find("error[E0905]: `spell` is not a column of `contacts`"), std::string::npos)
      << run.out;
  run = Check("measure x = count admissions where exists contacts on admitted_on = minutes\n");
  EXPECT_NE(run.out.find("error[E0905]: the keys differ"), std::string::npos) << run.out;
  run = Check("measure x = count admissions where exists contacts on provider\n");
  EXPECT_NE(run.out.find("error[E0905]: the keys differ"), std::string::npos) << run.out;  // other values
  run = Check("measure x = count admissions where exists contacts on ward = kind\n");
  EXPECT_NE(run.out.find("error[E0905]: the keys differ"), std::string::npos) << run.out;
  // Misuse.
  run = Check("measure x = count admissions where exists admissions as admissions on nhs_number\n");
  EXPECT_NE(run.out.find("error[E0907]: the alias `admissions` is the name of the record being counted"),
            std::string::npos)
      << run.out;
  run = Check(
      "population linked = contacts where exists admissions on nhs_number\n"
      "measure x = count admissions where exists linked on nhs_number\n");
  EXPECT_NE(run.out.find("error[E0907]: population `linked` links to other records itself"),
            std::string::npos)
      << run.out;
  run = Check("measure x = exists contacts on nhs_number\n");
  EXPECT_NE(run.out.find("error[E0907]"), std::string::npos) << run.out;
  // `T.column` outside a link is the current record's; outside any record there is none.
  run = Check("measure x = count admissions where admissions.ward is present\n");
  EXPECT_EQ(run.status, 0) << run.out;
  run = Check("measure x = admissions.ward\n");
  EXPECT_NE(run.out.find("error[E0308]"), std::string::npos) << run.out;
  run = Check("measure x = count admissions where contacts.kind = visit\n");
  EXPECT_NE(run.out.find("error[E0302]: `contacts` is not a table in view here"), std::string::npos)
      << run.out;
}

TEST_F(Links, NotInCheckRules) {
  std::string contract = s.Write("c.ocf", R"(contract "Checks" {
  commissioner "NHS Test ICB"
  term 2015-04-01 to 2016-03-31
}
data a dated by seen {
  k : int
  seen : date
  check exists b on k "every a has a b"
}
data b dated by seen {
  k : int
  seen : date
}
measure n = count a
)");
  CliRun run = RunOcf({"check", contract});
  EXPECT_NE(run.err.find("error[E0907]: `exists` cannot be used in a check rule"), std::string::npos)
      << run.err;
}

TEST_F(Links, DeeplyNestedLinksAreOneError) {
  std::string inner = "kind = visit";
  for (int i = 0; i < 60; ++i)
    inner = "exists contacts as c" + std::to_string(i) + " on nhs_number where " + inner;
  CliRun run = Check("measure x = count admissions where " + inner + "\n");
  EXPECT_EQ(run.status, 1);
  EXPECT_NE(run.out.find("cannot be used inside another link's condition"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("1 error"), std::string::npos) << run.out;
}

}  // namespace
}  // namespace ocf
