"""Helpers shared by the cross-check reference scripts (msk_reference.py,
older_people_reference.py, alliance_reference.py, mental_health_reference.py):
exact numbers, the contract's periods, CSV cell readers and aggregates.
Everything that is one contract's own rule (measures, targets, outcomes,
payments) stays in that contract's script; what differs between contracts
(term, data folder, reporting frequency, month arithmetic) is passed in.
Standard library only.
"""

import csv
import datetime
import os
from fractions import Fraction as F

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


def add_months_clamped(d, m):
    """Calendar months, the day clamped to the month's end (LANGUAGE.md §2)."""
    y, mo = divmod(d.month - 1 + m, 12)
    y, mo = d.year + y, mo + 1
    nxt = datetime.date(y + (mo == 12), mo % 12 + 1, 1)
    last = (nxt - datetime.timedelta(days=1)).day
    return datetime.date(y, mo, min(d.day, last))


def year_label(start, end):
    if start.year == end.year:
        return str(start.year)
    return "%d/%02d" % (start.year, end.year % 100)


def make_periods(term_start, term_end, quarterly=True, months=add_months):
    """The contract years, their quarters when `quarterly` (`periods
    quarterly`; otherwise `periods yearly`, nothing shorter) and `term`.
    `months` is the month arithmetic to use (add_months or add_months_clamped)."""
    periods = []  # (label, start, end, contract_year or None)
    cy = 1
    start = term_start
    while start <= term_end:
        full_end = months(start, 12) - datetime.timedelta(days=1)
        label = year_label(start, full_end)
        periods.append((label, start, min(full_end, term_end), cy))
        if quarterly:
            for q in range(4):
                qs = months(start, 3 * q)
                if qs > term_end:
                    break
                qe = min(months(qs, 3) - datetime.timedelta(days=1), term_end)
                periods.append(("%s Q%d" % (label, q + 1), qs, qe, cy))
        start = months(start, 12)
        cy += 1
    # In `term`, contract_year is missing unless the term is one contract year.
    periods.append(("term", term_start, term_end, 1 if cy == 2 else None))
    # Order of end date, shorter first (LANGUAGE.md §5): each year's quarters,
    # then the year, and `term` last.
    periods.sort(key=lambda p: (p[2], -p[1].toordinal()))
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


def text(s):
    return s if s != "" else None


def decimal(s):
    return F(s) if s != "" else None


def make_reader(data, term_start, term_end):
    """read(name, conv, dated_by) for the CSV files in folder `data`: returns
    (all rows, the rows whose `dated_by` falls within the term)."""

    def read(name, conv, dated_by):
        with open(os.path.join(data, name + ".csv"), newline="", encoding="utf-8-sig") as f:
            rows = []
            for raw in csv.DictReader(f):
                if all((v or "").strip() == "" for v in raw.values()):
                    continue
                rows.append({k: fn(raw[k]) for k, fn in conv.items()})
        inside = [r for r in rows if term_start <= r[dated_by] <= term_end]
        return rows, inside

    return read


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


# ------------------------------------------------------------------ targets and outcomes


def target(kind, a, b, v):
    """A target's achievement and status for value v (None: missing). A
    change target with no baseline value has no thresholds (a None): no data."""
    if v is None or a is None:
        return F(0), "no data"
    if kind == "at_least":
        ach = F(1) if v >= a else F(0)
    elif kind == "at_most":
        ach = F(1) if v <= a else F(0)
    else:
        ach = min(F(1), max(F(0), div(v - a, b - a)))
    status = "met" if ach == 1 else ("not met" if ach == 0 else "partial")
    return ach, status


def achievements(out, periods, values, targets, outcomes):
    """Fills out["targets"], out["outcomes"] and out["achievement"] for every
    period, exactly. Returns the contract's achievement by period label and
    each outcome's by (outcome, label)."""
    ach_target = {}
    out["targets"] = {}
    for name, kind, a, b in targets:
        out["targets"][name] = {}
        for l, *_ in periods:
            ach, status = target(kind, a, b, values[l][name][0])
            ach_target[(name, l)] = ach
            out["targets"][name][l] = {"achievement": dec(ach), "status": status}

    out["outcomes"] = {}
    achievement = {l: F(0) for l, *_ in periods}
    outcome_ach = {}
    for oname, ow, parts in outcomes:
        out["outcomes"][oname] = {}
        for l, *_ in periods:
            oa = sum((w * ach_target[(m, l)] for m, w in parts), F(0))
            outcome_ach[(oname, l)] = oa
            out["outcomes"][oname][l] = dec(oa)
            achievement[l] += ow * oa
    out["achievement"] = {l: dec(achievement[l]) for l, *_ in periods}
    return achievement, outcome_ach
