#!/usr/bin/env python3
"""An independent second implementation of the flagship statement.

Reads examples/msk/data/*.csv and computes, for examples/msk/msk.ocf, what
`ocf run examples/msk/msk.ocf --data examples/msk/data --format json` must
print (LANGUAGE.md §3 and §5). The contract's measures, targets, outcomes and
payment rules are written out by hand below from reading msk.ocf; nothing here
calls ocf or reads its source. Standard library only; exact arithmetic
(fractions.Fraction) throughout.

    python3 tests/crosscheck/msk_reference.py > tests/crosscheck/msk.expected.json

Optional argument: the repository root (default: two folders up from here).
"""

import datetime
import json
import os
import sys
from fractions import Fraction as F

from crosscheck_common import (
    achievements,
    div, round_penny, dec, make_periods, iso, uk, integer, money, boolean, make_reader,
    percentile_inc, mean,
)

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "examples", "msk", "data")

TERM_START = datetime.date(2014, 4, 1)
TERM_END = datetime.date(2019, 3, 31)

# ------------------------------------------------------------------ data

read = make_reader(DATA, TERM_START, TERM_END)


REF_CONV = {
    "referral_id": str,
    "nhs_number": str,
    "age": integer,
    "referred_on": iso,
    "first_seen_on": iso,
    "pathway": str,
    "source": str,
}
PROMS_CONV = {
    "episode_id": str,
    "referral_id": str,
    "nhs_number": str,
    "assessed_on": iso,
    "discharged_on": iso,
    "msk_hq_before": integer,
    "msk_hq_after": integer,
    "would_recommend": boolean,
}
FIN_CONV = {"month": uk, "spend": money, "subcontracted": money}

# ------------------------------------------------------------------ measures


MEANINGFUL_CHANGE = 7


def wait_days(r):
    return (r["first_seen_on"] - r["referred_on"]).days


def measures_for(ref, proms, fin):
    """Every measure of msk.ocf over one period's (or group's) in-term rows.
    Returns {name: (value, numerator, denominator)}; numerator/denominator only
    for `percent of`."""
    adults = [r for r in ref if r["age"] >= 18]
    seen = [r for r in adults if r["first_seen_on"] is not None]
    returned = [p for p in proms if p["msk_hq_after"] is not None]
    out = {}
    out["referrals_in"] = (len(ref),)
    out["patients_referred"] = (len({r["nhs_number"] for r in ref}),)

    # percent of adults where first_seen_on is present and first_seen_on <= referred_on + 18 weeks
    num = sum(
        1
        for r in adults
        if r["first_seen_on"] is not None and r["first_seen_on"] <= r["referred_on"] + datetime.timedelta(weeks=18)
    )
    out["seen_in_18_weeks"] = (div(num, len(adults)), num, len(adults))

    waits = [wait_days(r) for r in seen]
    out["wait_90th"] = (percentile_inc(waits, F(90, 100)),)
    out["median_wait"] = (percentile_inc(waits, F(1, 2)),)
    out["longest_wait"] = (max(waits) if waits else None,)

    num = sum(
        1
        for p in returned
        if p["msk_hq_after"] is not None and p["msk_hq_after"] - p["msk_hq_before"] >= MEANINGFUL_CHANGE
    )
    out["function_improved"] = (div(num, len(returned)), num, len(returned))

    out["mean_gain"] = (mean([p["msk_hq_after"] - p["msk_hq_before"] for p in returned]),)

    # would_recommend otherwise false: a missing answer does not count
    num = sum(1 for p in returned if p["would_recommend"] is True)
    out["would_recommend_rate"] = (div(num, len(returned)), num, len(returned))

    out["lowest_start"] = (min((p["msk_hq_before"] for p in proms), default=None),)
    out["total_spend"] = (sum((f["spend"] for f in fin), F(0)),)
    out["mean_monthly_spend"] = (mean([f["spend"] for f in fin]),)
    return out


MEASURE_TYPES = [
    ("referrals_in", "int"),
    ("patients_referred", "int"),
    ("seen_in_18_weeks", "percent"),
    ("wait_90th", "decimal"),
    ("median_wait", "decimal"),
    ("longest_wait", "int"),
    ("function_improved", "percent"),
    ("mean_gain", "decimal"),
    ("would_recommend_rate", "percent"),
    ("lowest_start", "int"),
    ("total_spend", "money"),
    ("mean_monthly_spend", "money"),
]

# target MEASURE from A to B | at least V | at most V
TARGETS = [
    ("seen_in_18_weeks", "range", F(40, 100), F(90, 100)),
    ("wait_90th", "at_most", F(126), None),
    ("function_improved", "range", F(50, 100), F(75, 100)),
    ("mean_gain", "at_least", F(6), None),
    ("would_recommend_rate", "at_least", F(90, 100), None),
]

OUTCOMES = [
    ("access", F(30, 100), [("seen_in_18_weeks", F(60, 100)), ("wait_90th", F(40, 100))]),
    ("recovery", F(50, 100), [("function_improved", F(70, 100)), ("mean_gain", F(30, 100))]),
    ("experience", F(20, 100), [("would_recommend_rate", F(1))]),
]


YEAR_ONE_BUDGET = F(26_500_000)
ANNUAL_GROWTH = F(13, 1000)


ON_ACCOUNT = "Capitated budget: 95% on account"


def contract_value(cy):
    return YEAR_ONE_BUDGET * (1 + ANNUAL_GROWTH) ** (cy - 1)  # compound_growth, exact here


def quarterly_payments(cy):
    """payment quarterly: a quarter of the year's capitated budget (95% of
    the contract value), pro_rata(capitated, 3, 12) = capitated * 3 / 12."""
    capitated = F(95, 100) * contract_value(cy)
    return [(ON_ACCOUNT, div(capitated * 3, 12))]


def yearly_payments(cy, total_spend, achievement, paid_on_account_this_year):
    """payment yearly: the reconciliation. `paid_on_account_this_year` is the
    sum of the on-account lines, rounded to the penny as paid, in this
    contract year's quarters (worked out before the year: LANGUAGE.md §6)."""
    budget = contract_value(cy)
    capitated = F(95, 100) * budget
    surplus = capitated - total_spend
    first = F(5, 100) * capitated
    # tiered(surplus) { first 5% * capitated at 0%, rest at 50% }
    tiered = F(0)
    if surplus > 0:
        tiered = min(surplus, first) * 0 + max(F(0), surplus - first) * F(50, 100)
    return [
        ("Capitated budget: year-end balance", capitated - paid_on_account_this_year),
        ("Management fee", F(25, 1000) * budget),
        ("Outcome incentive", F(25, 1000) * budget * achievement),
        ("Surplus returned to the commissioner", -tiered),
    ]


def main():
    ref_all, ref = read("referrals", REF_CONV, "referred_on")
    proms_all, proms = read("proms", PROMS_CONV, "discharged_on")
    fin_all, fin = read("finance", FIN_CONV, "month")
    periods = make_periods(TERM_START, TERM_END)

    def within(rows, col, s, e):
        return [r for r in rows if s <= r[col] <= e]

    values = {}  # period label -> measures
    groups = {}  # group -> period label -> measures
    for label, s, e, _ in periods:
        pr = within(ref, "referred_on", s, e)
        pp = within(proms, "discharged_on", s, e)
        pf = within(fin, "month", s, e)
        values[label] = measures_for(pr, pp, pf)
        # seen_in_18_weeks by pathway: the groups are the distinct pathways
        # among the in-term referrals (over the whole term, LANGUAGE.md §3),
        # and every group has a value in every period.
        for g in sorted({r["pathway"] for r in ref}):
            gr = [r for r in pr if r["pathway"] == g]
            groups.setdefault(g, {})[label] = measures_for(gr, pp, pf)["seen_in_18_weeks"]

    def cell(name, typ, m):
        v = m[0]
        d = {"value": dec(v, 2 if typ == "money" else 0)}
        if len(m) == 3:
            d["numerator"], d["denominator"] = m[1], m[2]
        return d

    out = {"schema": "ocf.statement/1",
           "contract": "Bedfordshire MSK prime contract", "currency": "GBP"}
    out["periods"] = [{"label": l, "start": s.isoformat(), "end": e.isoformat()} for l, s, e, _ in periods]
    out["measures"] = {}
    for name, typ in MEASURE_TYPES:
        entry = {"type": typ, "values": {l: cell(name, typ, values[l][name]) for l, *_ in periods}}
        if name == "seen_in_18_weeks":
            entry["groups"] = {
                g: {l: cell(name, typ, groups[g][l]) for l, *_ in periods if l in groups[g]} for g in sorted(groups)
            }
        out["measures"][name] = entry

    achievement, outcome_ach = achievements(out, periods, values, TARGETS, OUTCOMES)

    # Payment periods in statement order: a year's quarters (payment
    # quarterly), then the year (payment yearly); nothing for `term`.
    out["payments"] = {}
    on_account = {}  # contract year -> rounded on-account lines paid so far
    for l, s, e, cy in periods:
        if l == "term":
            continue
        if "Q" in l:
            lines = [(n, round_penny(a)) for n, a in quarterly_payments(cy)]
            on_account[cy] = on_account.get(cy, F(0)) + sum(a for n, a in lines if n == ON_ACCOUNT)
        else:
            lines = [
                (n, round_penny(a))
                for n, a in yearly_payments(cy, values[l]["total_spend"][0], achievement[l], on_account.get(cy, F(0)))
            ]
        out["payments"][l] = {
            "lines": [{"name": n, "amount": dec(a, 2)} for n, a in lines],
            "total": dec(sum(a for _, a in lines), 2),
        }

    out["data"] = {
        "referrals": {"rows": len(ref_all), "outside_term": len(ref_all) - len(ref), "skipped_missing": {}},
        "proms": {"rows": len(proms_all), "outside_term": len(proms_all) - len(proms), "skipped_missing": {}},
        "finance": {"rows": len(fin_all), "outside_term": len(fin_all) - len(fin), "skipped_missing": {}},
    }
    # No measure of msk.ocf can skip a record: every aggregated expression's
    # columns are non-optional or present by the population's condition.
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
