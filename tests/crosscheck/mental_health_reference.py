#!/usr/bin/env python3
"""An independent second implementation of the mental health example's statement.

Reads examples/mental_health/data/*.csv and computes, for
examples/mental_health/mental_health.ocf, what
`ocf run examples/mental_health/mental_health.ocf --data
examples/mental_health/data --format json` must print (LANGUAGE.md §3, §5 and
§6): the measures and their `by partner` groups, the baseline year the crisis
rate's target is measured against, follow-up after discharge by linking each
discharge to the contacts with its NHS number, the gate, and the payment by
partner (the partner's share from the contract's `match`, its own targets,
outcomes, achievement and gate). Everything is written out by hand below from
reading mental_health.ocf; nothing here calls ocf or reads its source.
Standard library only; exact arithmetic (fractions.Fraction) throughout.

    python3 tests/crosscheck/mental_health_reference.py > tests/crosscheck/mental_health.expected.json

Optional argument: the repository root (default: two folders up from here).
"""

import datetime
import json
import os
import sys
from collections import defaultdict
from fractions import Fraction as F

from crosscheck_common import achievements, dec, div, integer, iso, make_periods, make_reader, round_half_even_18, round_penny, text

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "examples", "mental_health", "data")

TERM_START = datetime.date(2015, 10, 1)
TERM_END = datetime.date(2018, 9, 30)
BASELINE_START = datetime.date(2014, 10, 1)
BASELINE_END = datetime.date(2015, 9, 30)

PARTNERS = ("trust", "housing", "employment", "wellbeing")
SETTLED = ("own tenancy", "family home", "supported housing")
ACCOMMODATION = SETTLED + ("temporary", "no fixed abode")
EMPLOYMENT = ("paid", "voluntary work", "education", "unemployed", "not seeking work")


def one_of(values):
    def conv(s):
        if s == "":
            return None
        assert s in values, s
        return s

    return conv


CASELOAD = {"partner": one_of(PARTNERS), "month": iso, "people": integer}
REVIEWS = {
    "review_id": str,
    "nhs_number": text,
    "partner": one_of(PARTNERS),
    "reviewed_on": iso,
    "accommodation": one_of(ACCOMMODATION),
    "employment": one_of(EMPLOYMENT),
    "star_at_start": integer,
    "star": integer,
}
ADMISSIONS = {
    "spell_id": str,
    "nhs_number": text,
    "partner": one_of(PARTNERS),
    "admitted_on": iso,
    "route": one_of(("crisis", "planned")),
}
DISCHARGES = {
    "spell_id": str,
    "nhs_number": text,
    "partner": one_of(PARTNERS),
    "admitted_on": iso,
    "discharged_on": iso,
    "destination": one_of(("home", "supported housing", "another hospital", "prison", "died")),
}
CONTACTS = {
    "contact_id": str,
    "nhs_number": str,
    "partner": one_of(PARTNERS),
    "contact_on": iso,
    "mode": one_of(("face to face", "telephone", "letter")),
}
DATED_BY = {
    "caseload": "month",
    "reviews": "reviewed_on",
    "admissions": "admitted_on",
    "discharges": "discharged_on",
    "contacts": "contact_on",
}

# Every measure reads these tables (the ones its aggregates range over; the
# follow-up measures only link to contacts), and all are `by partner`.
READS = {
    "people_reviewed": ("reviews",),
    "settled": ("reviews",),
    "employed": ("reviews",),
    "recovering": ("reviews",),
    "crisis_admissions": ("admissions",),
    "caseload_months": ("caseload",),
    "crisis_rate": ("admissions", "caseload"),
    "followed_up_7_days": ("discharges",),
    "followed_up_72_hours": ("discharges",),
    "reviews_complete": ("reviews",),
    "discharges_identified": ("discharges",),
}
TYPES = {
    "people_reviewed": "int",
    "settled": "percent",
    "employed": "percent",
    "recovering": "percent",
    "crisis_admissions": "int",
    "caseload_months": "int",
    "crisis_rate": "decimal",
    "followed_up_7_days": "percent",
    "followed_up_72_hours": "percent",
    "reviews_complete": "percent",
    "discharges_identified": "percent",
}


def percent_of(rows, cond):
    num = sum(1 for r in rows if cond(r))
    return (div(num, len(rows)), num, len(rows))


def measures_for(t, contacts_by_person):
    """Every measure over one period's (and one partner's) rows `t`, a dict
    of table name -> rows. contacts_by_person: every contact, all dates and
    partners, by NHS number (a link reads all of U's rows). Returns {name:
    (value, numerator, denominator)}; the last two only for `percent of`."""
    rev, adm, dis, cas = t["reviews"], t["admissions"], t["discharges"], t["caseload"]
    out = {}
    # count distinct skips the rows whose NHS number is missing
    out["people_reviewed"] = (len({r["nhs_number"] for r in rev if r["nhs_number"] is not None}),)
    # `accommodation in (...) otherwise false`: not recorded is not settled
    out["settled"] = percent_of(rev, lambda r: r["accommodation"] in SETTLED)
    out["employed"] = percent_of(rev, lambda r: r["employment"] == "paid")
    starred = [r for r in rev if r["star"] is not None and r["star_at_start"] is not None]
    out["recovering"] = percent_of(starred, lambda r: r["star"] >= r["star_at_start"] + 10)
    crisis = sum(1 for a in adm if a["route"] == "crisis")
    months = sum(c["people"] for c in cas)
    out["crisis_admissions"] = (crisis,)
    out["caseload_months"] = (months,)
    out["crisis_rate"] = (div(crisis * 12000, months),)
    followable = [d for d in dis if d["destination"] in ("home", "supported housing")]

    def followed(days):
        def cond(d):
            if d["nhs_number"] is None:  # a missing key matches nothing
                return False
            return any(
                d["discharged_on"] < c["contact_on"] <= d["discharged_on"] + datetime.timedelta(days=days)
                and c["mode"] in ("face to face", "telephone")
                for c in contacts_by_person.get(d["nhs_number"], ())
            )

        return cond

    out["followed_up_7_days"] = percent_of(followable, followed(7))
    out["followed_up_72_hours"] = percent_of(followable, followed(3))
    out["reviews_complete"] = percent_of(
        rev, lambda r: r["nhs_number"] is not None and r["accommodation"] is not None and r["employment"] is not None
    )
    out["discharges_identified"] = percent_of(dis, lambda d: d["nhs_number"] is not None)
    return out


# target MEASURE from A to B; crisis_rate's, reduced by 20% from baseline, is
# filled in per context (the whole, or a partner) from its baseline value.
TARGETS = [
    ("recovering", "range", F(40, 100), F(60, 100)),
    ("settled", "range", F(55, 100), F(65, 100)),
    ("employed", "range", F(5, 100), F(15, 100)),
    ("followed_up_7_days", "range", F(80, 100), F(95, 100)),
    ("followed_up_72_hours", "range", F(50, 100), F(90, 100)),
]
OUTCOMES = [
    ("recovery", F(50, 100), [("recovering", F(40, 100)), ("settled", F(30, 100)), ("employed", F(30, 100))]),
    ("fewer_crises", F(25, 100), [("crisis_rate", F(1))]),
    ("after_hospital", F(25, 100), [("followed_up_7_days", F(70, 100)), ("followed_up_72_hours", F(30, 100))]),
]


def crisis_target(base):
    """reduced by 20% from baseline: from B to B - 20% of |B|; no data when
    the baseline value is missing or zero (a relative change of nothing).
    ocf keeps 18 fractional digits of the change (see alliance_reference.py)."""
    if base is None or base == 0:
        return ("crisis_rate", "range", None, None)
    return ("crisis_rate", "range", base, base - round_half_even_18(F(20, 100) * abs(base)))


def gate(v):
    """reviews_complete >= 95% and (discharges_identified is missing or
    discharges_identified >= 95%), in three-valued logic: None is missing."""
    rc = v["reviews_complete"][0]
    left = None if rc is None else rc >= F(95, 100)
    di = v["discharges_identified"][0]
    right = True if di is None else di >= F(95, 100)
    if left is False or right is False:
        return False
    if left is None or right is None:
        return None
    return True


ANNUAL_VALUE = F(45_000_000)
INCENTIVE_SHARE = F(5, 100)
SHARES = {"trust": F(55, 100), "housing": F(20, 100), "employment": F(15, 100), "wellbeing": F(10, 100)}


def main():
    read = make_reader(DATA, TERM_START, TERM_END)
    tables_all, tables_term = {}, {}
    for name, conv in (
        ("caseload", CASELOAD),
        ("reviews", REVIEWS),
        ("admissions", ADMISSIONS),
        ("discharges", DISCHARGES),
        ("contacts", CONTACTS),
    ):
        tables_all[name], tables_term[name] = read(name, conv, DATED_BY[name])
    contacts_by_person = defaultdict(list)
    for c in tables_all["contacts"]:
        contacts_by_person[c["nhs_number"]].append(c)

    periods = [("baseline", BASELINE_START, BASELINE_END, None)] + make_periods(TERM_START, TERM_END)

    def rows_in(label, s, e, partner=None):
        out = {}
        for name, rows in (tables_all if label == "baseline" else tables_term).items():
            col = DATED_BY[name]
            out[name] = [r for r in rows if s <= r[col] <= e and (partner is None or r["partner"] == partner)]
        return out

    values = {l: measures_for(rows_in(l, s, e), contacts_by_person) for l, s, e, _ in periods}
    # A measure's groups: the partners among the in-term rows of the tables
    # it reads, over the whole term; every group has a value in every period.
    measure_groups = {
        n: sorted({r["partner"] for t in reads for r in tables_term[t] if r["partner"] is not None})
        for n, reads in READS.items()
    }
    members = sorted({g for gs in measure_groups.values() for g in gs})
    group_values = {
        g: {l: measures_for(rows_in(l, s, e, g), contacts_by_person) for l, s, e, _ in periods} for g in members
    }

    def cell(m):
        d = {"value": dec(m[0])}
        if len(m) == 3:
            d["numerator"], d["denominator"] = m[1], m[2]
        return d

    out = {"schema": "ocf.statement/1",
           "contract": "Oxfordshire adult mental health outcomes-based contract", "currency": "GBP"}
    out["periods"] = [{"label": l, "start": s.isoformat(), "end": e.isoformat()} for l, s, e, _ in periods]
    out["measures"] = {}
    for n, typ in TYPES.items():
        out["measures"][n] = {
            "type": typ,
            "values": {l: cell(values[l][n]) for l, *_ in periods},
            "groups": {g: {l: cell(group_values[g][l][n]) for l, *_ in periods} for g in measure_groups[n]},
        }

    term_periods = periods[1:]
    targets = TARGETS + [crisis_target(values["baseline"]["crisis_rate"][0])]
    achievements(out, term_periods, values, targets, OUTCOMES)
    out["gates"] = {"complete": {l: {"passed": gate(values[l])} for l, *_ in term_periods}}

    # Each partner's own targets (crisis_rate from its own baseline),
    # outcomes, achievement and gate, for the payment periods of the `by
    # partner` block: the quarters.
    quarters = [p for p in term_periods if "Q" in p[0]]
    out["groups"] = {"partner": {}}
    member_ach = {}
    for g in members:
        gv = group_values[g]
        mine = {}
        ach, _ = achievements(
            mine, quarters, gv, TARGETS + [crisis_target(gv["baseline"]["crisis_rate"][0])], OUTCOMES
        )
        passed = {l: gate(gv[l]) for l, *_ in quarters}
        member_ach[g] = (ach, passed)
        out["groups"]["partner"][g] = {
            "targets": mine["targets"],
            "outcomes": mine["outcomes"],
            "achievement": mine["achievement"],
            "gates": {"complete": {l: {"passed": passed[l]} for l, *_ in quarters}},
        }

    # payment quarterly { Core contract }, then payment quarterly by partner,
    # partner by partner; the shadow line is shown, not counted in the total.
    out["payments"] = {}
    for l, *_ in quarters:
        lines = [{"name": "Core contract", "amount": dec(round_penny((1 - INCENTIVE_SHARE) * ANNUAL_VALUE / 4), 2)}]
        total = round_penny((1 - INCENTIVE_SHARE) * ANNUAL_VALUE / 4)
        for g in members:
            ach, passed = member_ach[g]
            pot = SHARES[g] * INCENTIVE_SHARE * ANNUAL_VALUE / 4
            earned = round_penny(round_half_even_18(pot * ach[l]))
            paid = earned if passed[l] is True else F(0)  # a missing gate counts as failed in `if`
            forgone = F(0) if passed[l] is True else earned
            lines.append({"name": "Outcome incentive", "group": g, "amount": dec(paid, 2)})
            lines.append(
                {"name": "Incentive forgone on incomplete data", "group": g, "amount": dec(forgone, 2), "shadow": True}
            )
            total += paid
        out["payments"][l] = {"lines": lines, "total": dec(total, 2)}

    def summary(name):
        all_rows, term_rows = tables_all[name], tables_term[name]
        col = DATED_BY[name]
        base = [r for r in all_rows if BASELINE_START <= r[col] <= BASELINE_END]
        skipped = {}
        if name == "reviews":
            # people_reviewed (count distinct nhs_number) skips the term's
            # reviews without one; no other aggregate meets a missing value.
            n = sum(1 for r in term_rows if r["nhs_number"] is None)
            if n:
                skipped["people_reviewed"] = n
        return {
            "rows": len(all_rows),
            "baseline": len(base),
            "outside_term": len(all_rows) - len(term_rows) - len(base),
            "skipped_missing": skipped,
        }

    out["data"] = {name: summary(name) for name in ("caseload", "reviews", "admissions", "discharges", "contacts")}
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
