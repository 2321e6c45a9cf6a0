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

import csv
import datetime
import json
import os
import sys
from fractions import Fraction as F

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "examples", "msk", "data")

TERM_START = datetime.date(2014, 4, 1)
TERM_END = datetime.date(2019, 3, 31)

# ------------------------------------------------------------------ numbers

SCALE = 10**18


def round_half_even_18(x):
    """Rounds to 18 fractional digits, half to even (LANGUAGE.md §2: `/` keeps
    at least 18 fractional digits, rounding half to even)."""
    n = x * SCALE
    q, r = divmod(n.numerator, n.denominator)  # floor division, 0 <= r < den
    twice = 2 * r
    if twice > n.denominator or (twice == n.denominator and q % 2 == 1):
        q += 1
    return F(q, SCALE)


def div(a, b):
    """`a / b` as ocf defines it: missing when either side is missing or b is
    zero; an exact quotient when it terminates within 18 fractional digits,
    otherwise rounded half to even at 18 digits."""
    if a is None or b is None or b == 0:
        return None
    return round_half_even_18(F(a) / F(b))


def round_penny(x):
    """Money at a payment line: to the penny, half away from zero."""
    n = abs(x) * 100
    q, r = divmod(n.numerator, n.denominator)
    if 2 * r >= n.denominator:
        q += 1
    return F(q if x >= 0 else -q, 100)


def dec(x, min_places=0):
    """An exact decimal string, no exponent. Values that do not terminate
    within 18 fractional digits (products of rounded quotients may reach 20 or
    more) are printed rounded half to even at 18 digits, as ocf does for
    division results."""
    if x is None:
        return None
    x = F(x)
    d = x.denominator
    while d % 2 == 0:
        d //= 2
    while d % 5 == 0:
        d //= 5
    places = 0
    if d != 1:
        x = round_half_even_18(x)
    else:
        while (x * 10**places).denominator != 1:
            places += 1
        if places > 18:
            x = round_half_even_18(x)
            places = 18
            while places > 0 and (x * 10 ** (places - 1)).denominator == 1:
                places -= 1
    places = max(places, min_places)
    sign = "-" if x < 0 else ""
    n = abs(x) * 10**places
    assert n.denominator == 1
    digits = str(n.numerator).rjust(places + 1, "0")
    if places == 0:
        return sign + digits
    return sign + digits[:-places] + "." + digits[-places:]


# ------------------------------------------------------------------ periods


def add_months(d, m):
    y, mo = divmod(d.month - 1 + m, 12)
    return datetime.date(d.year + y, mo + 1, d.day)  # term starts on the 1st


def year_label(start, end):
    if start.year == end.year:
        return str(start.year)
    return "%d/%02d" % (start.year, end.year % 100)


def make_periods():
    periods = []  # (label, start, end, contract_year or None)
    cy = 1
    start = TERM_START
    while start <= TERM_END:
        end = min(add_months(start, 12) - datetime.timedelta(days=1), TERM_END)
        label = year_label(start, add_months(start, 12) - datetime.timedelta(days=1))
        periods.append((label, start, end, cy))
        for q in range(4):
            qs = add_months(start, 3 * q)
            if qs > TERM_END:
                break
            qe = min(add_months(qs, 3) - datetime.timedelta(days=1), TERM_END)
            periods.append(("%s Q%d" % (label, q + 1), qs, qe, cy))
        start = add_months(start, 12)
        cy += 1
    # In `term`, contract_year is missing unless the term is one contract year.
    periods.append(("term", TERM_START, TERM_END, 1 if cy == 2 else None))
    # Order of start date, shorter first.
    periods.sort(key=lambda p: (p[1], p[2]))
    return periods


# ------------------------------------------------------------------ data


def iso(s):
    return datetime.date.fromisoformat(s) if s != "" else None


def uk(s):
    d, m, y = s.split("/")
    return datetime.date(int(y), int(m), int(d))


def integer(s):
    return int(s) if s != "" else None


def money(s):
    if s == "":
        return None
    s = s.replace("£", "").replace(",", "")
    return F(s)


def boolean(s):
    if s == "":
        return None
    v = s.strip().lower()
    if v in ("true", "yes", "y", "1"):
        return True
    if v in ("false", "no", "n", "0"):
        return False
    raise ValueError("bad bool " + s)


def read(name, conv, dated_by):
    with open(os.path.join(DATA, name + ".csv"), newline="", encoding="utf-8-sig") as f:
        rows = []
        for raw in csv.DictReader(f):
            if all((v or "").strip() == "" for v in raw.values()):
                continue
            rows.append({k: fn(raw[k]) for k, fn in conv.items()})
    inside = [r for r in rows if TERM_START <= r[dated_by] <= TERM_END]
    return rows, inside


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

# ------------------------------------------------------------------ aggregates


def percentile_inc(values, p):
    """PERCENTILE.INC: rank h = (n - 1) * p (0-based), linear interpolation
    between the closest ranks. Exact."""
    if not values:
        return None
    xs = sorted(F(v) for v in values)
    h = (len(xs) - 1) * F(p)
    lo = h.numerator // h.denominator
    frac = h - lo
    if lo + 1 >= len(xs):
        return xs[lo]
    return xs[lo] + frac * (xs[lo + 1] - xs[lo])


def mean(values):
    if not values:
        return None
    return div(sum(F(v) for v in values), len(values))


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


def target(kind, a, b, v):
    if v is None:
        return F(0), "no data"
    if kind == "at_least":
        ach = F(1) if v >= a else F(0)
    elif kind == "at_most":
        ach = F(1) if v <= a else F(0)
    else:
        ach = min(F(1), max(F(0), div(v - a, b - a)))
    status = "met" if ach == 1 else ("not met" if ach == 0 else "partial")
    return ach, status


YEAR_ONE_BUDGET = F(26_500_000)
ANNUAL_GROWTH = F(13, 1000)


def payments(cy, total_spend, achievement):
    budget = YEAR_ONE_BUDGET * (1 + ANNUAL_GROWTH) ** (cy - 1)  # compound_growth
    capitated = F(95, 100) * budget
    surplus = capitated - total_spend
    first = F(5, 100) * capitated
    # tiered(surplus) { first 5% * capitated at 0%, rest at 50% }
    tiered = F(0)
    if surplus > 0:
        tiered = min(surplus, first) * 0 + max(F(0), surplus - first) * F(50, 100)
    return [
        ("Capitated budget", capitated),
        ("Management fee", F(25, 1000) * budget),
        ("Outcome incentive", F(25, 1000) * budget * achievement),
        ("Surplus returned to the commissioner", -tiered),
    ]


def main():
    ref_all, ref = read("referrals", REF_CONV, "referred_on")
    proms_all, proms = read("proms", PROMS_CONV, "discharged_on")
    fin_all, fin = read("finance", FIN_CONV, "month")
    periods = make_periods()

    def within(rows, col, s, e):
        return [r for r in rows if s <= r[col] <= e]

    values = {}  # period label -> measures
    groups = {}  # group -> period label -> measures
    for label, s, e, _ in periods:
        pr = within(ref, "referred_on", s, e)
        pp = within(proms, "discharged_on", s, e)
        pf = within(fin, "month", s, e)
        values[label] = measures_for(pr, pp, pf)
        # seen_in_18_weeks by pathway: a period's groups are the distinct
        # pathways among its in-term referrals.
        for g in sorted({r["pathway"] for r in pr}):
            gr = [r for r in pr if r["pathway"] == g]
            groups.setdefault(g, {})[label] = measures_for(gr, pp, pf)["seen_in_18_weeks"]

    def cell(name, typ, m):
        v = m[0]
        d = {"value": dec(v, 2 if typ == "money" else 0)}
        if len(m) == 3:
            d["numerator"], d["denominator"] = m[1], m[2]
        return d

    out = {"contract": "Bedfordshire MSK prime contract", "currency": "GBP"}
    out["periods"] = [{"label": l, "start": s.isoformat(), "end": e.isoformat()} for l, s, e, _ in periods]
    out["measures"] = {}
    for name, typ in MEASURE_TYPES:
        entry = {"type": typ, "values": {l: cell(name, typ, values[l][name]) for l, *_ in periods}}
        if name == "seen_in_18_weeks":
            entry["groups"] = {
                g: {l: cell(name, typ, groups[g][l]) for l, *_ in periods if l in groups[g]} for g in sorted(groups)
            }
        out["measures"][name] = entry

    ach_target = {}
    out["targets"] = {}
    for name, kind, a, b in TARGETS:
        out["targets"][name] = {}
        for l, *_ in periods:
            ach, status = target(kind, a, b, values[l][name][0])
            ach_target[(name, l)] = ach
            out["targets"][name][l] = {"achievement": dec(ach), "status": status}

    out["outcomes"] = {}
    achievement = {l: F(0) for l, *_ in periods}
    for oname, ow, parts in OUTCOMES:
        out["outcomes"][oname] = {}
        for l, *_ in periods:
            oa = sum((w * ach_target[(m, l)] for m, w in parts), F(0))
            out["outcomes"][oname][l] = dec(oa)
            achievement[l] += ow * oa
    out["achievement"] = {l: dec(achievement[l]) for l, *_ in periods}

    out["payments"] = {}
    for l, s, e, cy in periods:
        if "Q" in l or l == "term":
            continue
        lines = [(n, round_penny(a)) for n, a in payments(cy, values[l]["total_spend"][0], achievement[l])]
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
