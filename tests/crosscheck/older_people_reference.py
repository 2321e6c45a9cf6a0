#!/usr/bin/env python3
"""An independent second implementation of the older people's statement.

Reads examples/older_people/data/*.csv and computes, for
examples/older_people/older_people.ocf run with `--set registered_65_plus=3000`
(tests/crosscheck/older_people.args), what
`ocf run examples/older_people/older_people.ocf --data examples/older_people/data
--set registered_65_plus=3000 --format json` must print (LANGUAGE.md §3 and
§5). The contract's measures, targets, outcomes and payment rules are written
out by hand below from reading older_people.ocf and stdlib/finance.ocf; nothing
here calls ocf or reads its source. Standard library only; exact arithmetic
(fractions.Fraction) throughout.

    python3 tests/crosscheck/older_people_reference.py > tests/crosscheck/older_people.expected.json

Optional argument: the repository root (default: two folders up from here).
"""

import datetime
import json
import os
import sys
from fractions import Fraction as F

from crosscheck_common import (
    achievements,
    div, round_penny, dec, add_months_clamped as add_months, make_periods, iso, integer, boolean,
    text, make_reader, percentile_inc, mean,
)

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "examples", "older_people", "data")

TERM_START = datetime.date(2015, 4, 1)
TERM_END = datetime.date(2020, 3, 31)

REGISTERED_65_PLUS = 3000  # --set registered_65_plus=3000 (older_people.args)

# ------------------------------------------------------------------ data

read = make_reader(DATA, TERM_START, TERM_END)


ADM_CONV = {
    "spell_id": str,
    "nhs_number": str,
    "age": integer,
    "method": str,
    "admitted_on": iso,
    "length_of_stay": integer,  # int?
}
DIS_CONV = {
    "spell_id": str,
    "nhs_number": str,
    "discharged_on": iso,
    "destination": str,
    "readmitted_on": iso,  # date?
}
REA_CONV = {
    "episode_id": str,
    "nhs_number": str,
    "setting": str,
    "started_on": iso,
    "ended_on": iso,
    "score_before": integer,
    "score_after": integer,  # int?
    "reviewed_on": iso,  # date?
}
DEA_CONV = {
    "nhs_number": str,
    "died_on": iso,
    "on_eol_register": boolean,
    "preferred_place": text,  # one of (...)?
    "place_of_death": str,
    "died_in_preferred_place": boolean,  # bool?
}

# ------------------------------------------------------------------ measures


def pct(rows, cond):
    num = sum(1 for r in rows if cond(r))
    return (div(num, len(rows)), num, len(rows))


def measures_for(adm, dis, rea, dea):
    """Every measure of older_people.ocf over one period's in-term rows.
    Returns ({name: (value, numerator, denominator)}, {name: skipped});
    numerator/denominator only for `percent of`."""
    emergency = [a for a in adm if a["method"] == "emergency"]
    discharged_alive = [d for d in dis if d["destination"] != "died"]
    assessed = [r for r in rea if r["score_after"] is not None]
    with_preference = [d for d in dea if d["preferred_place"] is not None]
    out, skipped = {}, {}

    # (count emergency_admissions) * 1000 / registered_65_plus
    out["emergency_per_1000"] = (div(len(emergency) * 1000, REGISTERED_65_PLUS),)

    # (sum length_of_stay of emergency_admissions) * 1000 / registered_65_plus;
    # stays still open (length_of_stay empty) are skipped.
    stays = [a["length_of_stay"] for a in emergency if a["length_of_stay"] is not None]
    no_stay = len(emergency) - len(stays)
    out["bed_days_per_1000"] = (div(sum(stays) * 1000, REGISTERED_65_PLUS),)
    skipped["bed_days_per_1000"] = no_stay

    out["median_stay"] = (percentile_inc(stays, F(1, 2)),)
    skipped["median_stay"] = no_stay

    out["people_admitted"] = (len({a["nhs_number"] for a in emergency}),)

    # readmitted_on is present and readmitted_on <= discharged_on + 30 days
    out["readmission_30"] = pct(
        discharged_alive,
        lambda d: d["readmitted_on"] is not None
        and d["readmitted_on"] <= d["discharged_on"] + datetime.timedelta(days=30),
    )

    out["more_independent"] = pct(
        assessed, lambda r: r["score_after"] is not None and r["score_after"] > r["score_before"]
    )

    out["mean_barthel_gain"] = (mean([r["score_after"] - r["score_before"] for r in assessed]),)

    # reviewed_on is present and reviewed_on <= ended_on + 3 months (calendar months)
    out["reviewed_in_3_months"] = pct(
        rea, lambda r: r["reviewed_on"] is not None and r["reviewed_on"] <= add_months(r["ended_on"], 3)
    )

    # died_in_preferred_place otherwise false
    out["preferred_place_met"] = pct(with_preference, lambda d: d["died_in_preferred_place"] is True)

    out["on_register"] = pct(dea, lambda d: d["on_eol_register"] is True)

    out["died_at_home"] = pct(dea, lambda d: d["place_of_death"] in ("home", "care home"))
    out["died_out_of_hospital"] = pct(dea, lambda d: d["place_of_death"] not in ("hospital",))
    return out, skipped


MEASURE_TYPES = [
    ("emergency_per_1000", "decimal"),
    ("bed_days_per_1000", "decimal"),
    ("median_stay", "decimal"),
    ("people_admitted", "int"),
    ("readmission_30", "percent"),
    ("more_independent", "percent"),
    ("mean_barthel_gain", "decimal"),
    ("reviewed_in_3_months", "percent"),
    ("preferred_place_met", "percent"),
    ("on_register", "percent"),
    ("died_at_home", "percent"),
    ("died_out_of_hospital", "percent"),
]

# Which table each measure's skipped records are reported under.
MEASURE_TABLE = {
    "emergency_per_1000": "admissions",
    "bed_days_per_1000": "admissions",
    "median_stay": "admissions",
    "people_admitted": "admissions",
}

# target MEASURE from A to B | at least V | at most V
TARGETS = [
    ("emergency_per_1000", "range", F(250), F(225)),
    ("readmission_30", "range", F(15, 100), F(10, 100)),
    ("more_independent", "range", F(60, 100), F(75, 100)),
    ("reviewed_in_3_months", "at_least", F(90, 100), None),
    ("preferred_place_met", "range", F(60, 100), F(80, 100)),
    ("on_register", "range", F(30, 100), F(50, 100)),
]

OUTCOMES = [
    ("crisis", F(40, 100), [("emergency_per_1000", F(60, 100)), ("readmission_30", F(40, 100))]),
    ("independence", F(35, 100), [("more_independent", F(70, 100)), ("reviewed_in_3_months", F(30, 100))]),
    ("dying_well", F(25, 100), [("preferred_place_met", F(60, 100)), ("on_register", F(40, 100))]),
]


YEAR_ONE_RATE = F(1000)
ANNUAL_UPLIFT = F(1, 100)


def round_half_away(x, places):
    """round(x, places): half away from zero."""
    n = abs(F(x)) * 10**places
    q, r = divmod(n.numerator, n.denominator)
    if 2 * r >= n.denominator:
        q += 1
    return F(q if x >= 0 else -q, 10**places)


def payments(cy, achievement):
    # compound_growth(amount, rate, years) = amount * (100% + rate) ^ years;
    # (1.01)^k terminates, so no rounding at 18 digits is involved.
    rate = round_half_away(YEAR_ONE_RATE * (1 + ANNUAL_UPLIFT) ** (cy - 1), 2)
    contract_value = rate * REGISTERED_65_PLUS
    outcome_share = min(F(15, 100), max(F(25, 1000), (cy - 1) * F(5, 100)))
    return [
        ("Year-of-care capitation", (1 - outcome_share) * contract_value),
        ("Outcome payment", outcome_share * contract_value * achievement),
    ]


def main():
    adm_all, adm = read("admissions", ADM_CONV, "admitted_on")
    dis_all, dis = read("discharges", DIS_CONV, "discharged_on")
    rea_all, rea = read("reablement", REA_CONV, "ended_on")
    dea_all, dea = read("deaths", DEA_CONV, "died_on")
    periods = make_periods(TERM_START, TERM_END, quarterly=False, months=add_months)

    def within(rows, col, s, e):
        return [r for r in rows if s <= r[col] <= e]

    values = {}  # period label -> measures
    skipped_term = {}
    for label, s, e, _ in periods:
        values[label], skipped = measures_for(
            within(adm, "admitted_on", s, e),
            within(dis, "discharged_on", s, e),
            within(rea, "ended_on", s, e),
            within(dea, "died_on", s, e),
        )
        if label == "term":
            skipped_term = skipped

    def cell(name, typ, m):
        v = m[0]
        d = {"value": dec(v, 2 if typ == "money" else 0)}
        if len(m) == 3:
            d["numerator"], d["denominator"] = m[1], m[2]
        return d

    out = {"schema": "ocf.statement/1",
           "contract": "Older people's and adult community services", "currency": "GBP"}
    out["periods"] = [{"label": l, "start": s.isoformat(), "end": e.isoformat()} for l, s, e, _ in periods]
    out["measures"] = {}
    for name, typ in MEASURE_TYPES:
        out["measures"][name] = {"type": typ, "values": {l: cell(name, typ, values[l][name]) for l, *_ in periods}}

    achievement, outcome_ach = achievements(out, periods, values, TARGETS, OUTCOMES)

    out["payments"] = {}
    for l, s, e, cy in periods:
        if l == "term":
            continue
        lines = [(n, round_penny(a)) for n, a in payments(cy, achievement[l])]
        out["payments"][l] = {
            "lines": [{"name": n, "amount": dec(a, 2)} for n, a in lines],
            "total": dec(sum(a for _, a in lines), 2),
        }

    def skips(table):
        # Only measures that skipped at least one record over the term.
        return {m: n for m, n in skipped_term.items() if MEASURE_TABLE.get(m) == table and n > 0}

    out["data"] = {
        "admissions": {"rows": len(adm_all), "outside_term": len(adm_all) - len(adm), "skipped_missing": skips("admissions")},
        "discharges": {"rows": len(dis_all), "outside_term": len(dis_all) - len(dis), "skipped_missing": {}},
        "reablement": {"rows": len(rea_all), "outside_term": len(rea_all) - len(rea), "skipped_missing": {}},
        "deaths": {"rows": len(dea_all), "outside_term": len(dea_all) - len(dea), "skipped_missing": {}},
    }
    # Only the stays still open (length_of_stay empty) are skipped: every
    # other aggregated expression's columns are non-optional or present by the
    # population's condition (mean_barthel_gain is over `assessed`).
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
