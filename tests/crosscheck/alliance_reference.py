#!/usr/bin/env python3
"""An independent second implementation of the alliance example's statement.

Reads examples/alliance/data/*.csv and computes, for
examples/alliance/alliance.ocf, what
`ocf run examples/alliance/alliance.ocf --data examples/alliance/data
--format json` must print (LANGUAGE.md §3, §5 and §6), including the
`groups` of the `by provider` measures and the baseline year, 2015/16, that
the target on mean length of stay is measured against, and each member's
own targets, outcomes, achievement and payment lines (`payment quarterly by
provider`, with the member's share from a `match`). The contract's measures,
targets, outcomes and payment rules (and stdlib finance's pro_rata) are
written out by hand below from reading alliance.ocf and stdlib/finance.ocf;
nothing here calls ocf or reads its source. Standard library only; exact
arithmetic (fractions.Fraction) throughout.

    python3 tests/crosscheck/alliance_reference.py > tests/crosscheck/alliance.expected.json

Optional argument: the repository root (default: two folders up from here).
"""

import datetime
import json
import os
import sys
from fractions import Fraction as F

from crosscheck_common import (
    achievements,
    round_half_even_18,
    div, round_penny, dec, make_periods, iso, money, boolean, decimal, make_reader, percentile_inc,
    mean,
)

ROOT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
DATA = os.path.join(ROOT, "examples", "alliance", "data")

TERM_START = datetime.date(2016, 4, 1)
TERM_END = datetime.date(2023, 3, 31)
# baseline 2015-04-01 to 2016-03-31: rows dated in it are read into the period
# `baseline`, not counted as outside the term (LANGUAGE.md §6).
BASELINE_START = datetime.date(2015, 4, 1)
BASELINE_END = datetime.date(2016, 3, 31)
BASELINE = object()  # measures_for's marker for the baseline period itself

# ------------------------------------------------------------------ data

read = make_reader(DATA, TERM_START, TERM_END)


PROVIDERS = ("acute", "community", "gp federation", "voluntary")
CONDITIONS = ("diabetes", "copd", "heart failure", "frailty")


def provider(s):
    assert s in PROVIDERS, s
    return s


def condition(s):
    assert s in CONDITIONS, s
    return s


REVIEWS_CONV = {
    "review_id": str,
    "nhs_number": str,
    "provider": provider,
    "condition": condition,
    "reviewed_on": iso,
    "care_plan_agreed": boolean,
    "foot_check": boolean,
    "hba1c": decimal,
}
ADMISSIONS_CONV = {
    "spell_id": str,
    "nhs_number": str,
    "provider": provider,
    "condition": condition,
    "admitted_on": iso,
    "discharged_on": iso,
    "amputation": boolean,
}
LEDGER_CONV = {"provider": provider, "month": iso, "spend": money}


def measures_for(rev, adm, led, stay_at_baseline):
    """Every measure of alliance.ocf over one period's (or one provider's)
    rows. `stay_at_baseline` is `mean_stay at baseline` (None when missing);
    BASELINE itself, for the baseline period, whose `mean_stay at baseline`
    is its own mean_stay. Returns {name: (value, numerator, denominator)};
    numerator/denominator only for `percent of`."""
    diabetic_reviews = [r for r in rev if r["condition"] == "diabetes"]
    discharged = [a for a in adm if a["discharged_on"] is not None]
    diabetic_admissions = [a for a in adm if a["condition"] == "diabetes"]
    out = {}

    out["people_reviewed"] = (len({r["nhs_number"] for r in rev}),)

    num = sum(1 for r in rev if r["care_plan_agreed"] is True)
    out["care_plans"] = (div(num, len(rev)), num, len(rev))

    # foot_check otherwise false: a check not recorded counts as not done
    num = sum(1 for r in diabetic_reviews if r["foot_check"] is True)
    out["foot_checks"] = (div(num, len(diabetic_reviews)), num, len(diabetic_reviews))

    num = sum(1 for r in diabetic_reviews if r["hba1c"] is not None and r["hba1c"] <= 58)
    out["hba1c_in_range"] = (div(num, len(diabetic_reviews)), num, len(diabetic_reviews))

    num = sum(1 for r in diabetic_reviews if r["hba1c"] is not None)
    out["hba1c_recorded"] = (div(num, len(diabetic_reviews)), num, len(diabetic_reviews))

    out["median_hba1c"] = (percentile_inc([r["hba1c"] for r in diabetic_reviews if r["hba1c"] is not None], F(1, 2)),)

    num = sum(1 for a in diabetic_admissions if a["amputation"] is True)
    out["amputation_rate"] = (div(num, len(diabetic_admissions)), num, len(diabetic_admissions))

    mean_stay = mean([(a["discharged_on"] - a["admitted_on"]).days for a in discharged])
    out["mean_stay"] = (mean_stay,)

    # reduction_from(mean_stay at baseline, mean_stay), stdlib finance:
    # ((baseline - value) / baseline) as percent; missing when either is
    # missing, and when the baseline is zero (division by zero).
    b = mean_stay if stay_at_baseline is BASELINE else stay_at_baseline
    out["stay_reduction"] = (div(b - mean_stay, b) if b is not None and mean_stay is not None else None,)

    out["admissions_in"] = (len(adm),)
    out["alliance_spend"] = (sum((l["spend"] for l in led), F(0)),)
    return out


MEASURE_TYPES = [
    ("people_reviewed", "int"),
    ("care_plans", "percent"),
    ("foot_checks", "percent"),
    ("hba1c_in_range", "percent"),
    ("hba1c_recorded", "percent"),
    ("median_hba1c", "decimal"),
    ("amputation_rate", "percent"),
    ("mean_stay", "decimal"),
    ("stay_reduction", "percent"),
    ("admissions_in", "int"),
    ("alliance_spend", "money"),
]

# `by provider` measures and the tables each reads (through its populations).
BY_PROVIDER = {
    "people_reviewed": ("reviews",),
    "care_plans": ("reviews",),
    "foot_checks": ("reviews",),
    "hba1c_in_range": ("reviews",),
    "admissions_in": ("admissions",),
    "alliance_spend": ("ledger",),
}

# target MEASURE from A to B | at least V | at most V
TARGETS = [
    ("foot_checks", "at_least", F(85, 100), None),
    ("hba1c_in_range", "range", F(40, 100), F(80, 100)),
    ("amputation_rate", "range", F(4, 100), F(2, 100)),  # lower is better
    ("care_plans", "range", F(70, 100), F(90, 100)),
    # mean_stay reduced by 10% from baseline: filled in by main() once the
    # baseline's mean stay B is known: a range from B to B - 10% * |B|.
]
STAY_CHANGE = F(10, 100)

OUTCOMES = [
    (
        "diabetes",
        F(50, 100),
        [("foot_checks", F(30, 100)), ("hba1c_in_range", F(40, 100)), ("amputation_rate", F(30, 100))],
    ),
    ("planned_care", F(30, 100), [("care_plans", F(1))]),
    ("shorter_stays", F(20, 100), [("mean_stay", F(1))]),
]


ANNUAL_BUDGET = F(40_000_000)
OUTCOME_FUND_SHARE = F(3, 100)


def tiered(amount, bands, rest):
    """tiered(AMOUNT) { first L at R, ..., rest at R }: zero for an amount of
    zero or less."""
    if amount <= 0:
        return F(0)
    total = F(0)
    left = amount
    for limit, rate in bands:
        part = min(left, limit)
        total += part * rate
        left -= part
    return total + left * rest


SHARES = {"acute": F(45, 100), "community": F(35, 100), "gp federation": F(15, 100), "voluntary": F(5, 100)}
QUARTER_BUDGET = div(ANNUAL_BUDGET * 3, 12)  # pro_rata(annual_budget, 3, 12)
CORE = (1 - OUTCOME_FUND_SHARE) * QUARTER_BUDGET


def member_payments(cy, member, ach_diabetes, achievement):
    """payment quarterly by provider: the member's share (the match on
    provider) of the core budget, and of the outcome fund on its own
    achievement once its own diabetes outcome reaches 25%."""
    share = SHARES[member]
    outcome_floor = F(50, 100) if cy == 1 else F(0)
    fund = (
        share * OUTCOME_FUND_SHARE * QUARTER_BUDGET * max(achievement, outcome_floor)
        if ach_diabetes >= F(25, 100)
        else F(0)
    )
    return [("Core budget", share * CORE), ("Outcome fund", fund)]


def shared_payments(alliance_spend, hba1c_recorded):
    """payment quarterly: the alliance's gain/risk share and deduction."""
    surplus = CORE - alliance_spend
    overspend = alliance_spend - CORE
    recorded = hba1c_recorded if hba1c_recorded is not None else F(0)
    return [
        ("Gain share: saving returned to the commissioner", -tiered(surplus, [(F(2, 100) * CORE, F(50, 100))], F(75, 100))),
        ("Risk share: commissioner's part of an overspend", tiered(overspend, [(F(2, 100) * CORE, F(50, 100))], F(0))),
        ("Data quality deduction", -(F(5, 1000) * QUARTER_BUDGET) if recorded < F(90, 100) else F(0)),
    ]


def main():
    rev_all, rev = read("reviews", REVIEWS_CONV, "reviewed_on")
    adm_all, adm = read("admissions", ADMISSIONS_CONV, "admitted_on")
    led_all, led = read("ledger", LEDGER_CONV, "month")
    # `baseline` comes first in `periods` (LANGUAGE.md §5); it has no
    # contract_year, and neither targets, outcomes nor payments.
    periods = [("baseline", BASELINE_START, BASELINE_END, None)] + make_periods(TERM_START, TERM_END)

    def within(rows, col, s, e):
        return [r for r in rows if s <= r[col] <= e]

    base_rev = within(rev_all, "reviewed_on", BASELINE_START, BASELINE_END)
    base_adm = within(adm_all, "admitted_on", BASELINE_START, BASELINE_END)
    base_led = within(led_all, "month", BASELINE_START, BASELINE_END)
    # Only mean_stay is read at baseline; a group context would read the
    # group's own, but stay_reduction is not a `by` measure.
    stay_at_baseline = measures_for(base_rev, base_adm, base_led, BASELINE)["mean_stay"][0]

    def of(rows, g):
        return [r for r in rows if r["provider"] == g]

    values = {}  # period label -> measures
    groups = {}  # measure -> group -> period label -> measure tuple
    for label, s, e, _ in periods:
        # the baseline's rows are outside the term: read them from all rows
        source_rev, source_adm, source_led = (rev_all, adm_all, led_all) if label == "baseline" else (rev, adm, led)
        pr = within(source_rev, "reviewed_on", s, e)
        pa = within(source_adm, "admitted_on", s, e)
        pl = within(source_led, "month", s, e)
        at_baseline = BASELINE if label == "baseline" else stay_at_baseline
        values[label] = measures_for(pr, pa, pl, at_baseline)
        tables = {"reviews": pr, "admissions": pa, "ledger": pl}
        for name, reads in BY_PROVIDER.items():
            # The groups: the distinct providers among the in-term rows of the
            # tables the measure reads, over the whole term (LANGUAGE.md §3);
            # every group has a value in every period. (provider is never
            # missing here.)
            whole_term = {"reviews": rev, "admissions": adm, "ledger": led}
            gs = sorted({r["provider"] for t in reads for r in whole_term[t]})
            for g in gs:
                m = measures_for(of(pr, g), of(pa, g), of(pl, g), at_baseline)
                groups.setdefault(name, {}).setdefault(g, {})[label] = m[name]

    def cell(typ, m):
        v = m[0]
        d = {"value": dec(v, 2 if typ == "money" else 0)}
        if len(m) == 3:
            d["numerator"], d["denominator"] = m[1], m[2]
        return d

    out = {"schema": "ocf.statement/1",
           "contract": "East Staffordshire long-term conditions and frailty alliance", "currency": "GBP"}
    out["periods"] = [{"label": l, "start": s.isoformat(), "end": e.isoformat()} for l, s, e, _ in periods]
    out["measures"] = {}
    for name, typ in MEASURE_TYPES:
        entry = {"type": typ, "values": {l: cell(typ, values[l][name]) for l, *_ in periods}}
        if name in BY_PROVIDER:
            gr = groups.get(name, {})
            entry["groups"] = {g: {l: cell(typ, gr[g][l]) for l, *_ in periods if l in gr[g]} for g in sorted(gr)}
        out["measures"][name] = entry

    # The change target is a range from the baseline value to that value
    # moved by 10% of it (a relative change); no baseline value, no data.
    # ocf's decimals hold 18 fractional digits, so the change, 10% of a
    # baseline mean that already has 18, is rounded half to even to 18
    # digits (runtime/decimal.h, Decimal::Mul), although LANGUAGE.md §2 calls
    # `*` exact; done here too, or achievements differ in the 18th digit.
    if stay_at_baseline is not None and stay_at_baseline != 0:
        change = round_half_even_18(STAY_CHANGE * abs(stay_at_baseline))
        stay_target = ("mean_stay", "range", stay_at_baseline, stay_at_baseline - change)
    else:
        stay_target = ("mean_stay", "range", None, None)
    targets = TARGETS + [stay_target]
    term_periods = periods[1:]  # targets, outcomes and achievement have no `baseline`
    achievement, outcome_ach = achievements(out, term_periods, values, targets, OUTCOMES)

    # Each member's own targets, outcomes and achievement (LANGUAGE.md §6,
    # groups in payments): a `by provider` measure is the member's value,
    # every other measure its overall one; for the payment periods, the
    # quarters, of the `by provider` block. The members are the groups of
    # the `by provider` measures together.
    quarters = [p for p in term_periods if "Q" in p[0]]
    members = sorted({g for name in BY_PROVIDER for g in groups.get(name, {})})
    member_ach = {}
    out["groups"] = {"provider": {}}
    for g in members:
        member_values = {
            l: {n: (groups[n][g][l] if n in BY_PROVIDER else values[l][n]) for n, _ in MEASURE_TYPES}
            for l, *_ in quarters
        }
        mine = {}
        ach, oach = achievements(mine, quarters, member_values, targets, OUTCOMES)
        member_ach[g] = (ach, oach)
        out["groups"]["provider"][g] = {
            "targets": mine["targets"],
            "outcomes": mine["outcomes"],
            "achievement": mine["achievement"],
            "gates": {},
        }

    # Lines in file order of the blocks: the `by provider` block's member by
    # member, then the shared block's.
    out["payments"] = {}
    for l, s, e, cy in quarters:
        v = values[l]
        lines = []
        for g in members:
            ach, oach = member_ach[g]
            for n, a in member_payments(cy, g, oach[("diabetes", l)], ach[l]):
                lines.append((n, g, round_penny(a)))
        for n, a in shared_payments(v["alliance_spend"][0], v["hba1c_recorded"][0]):
            lines.append((n, None, round_penny(a)))
        out["payments"][l] = {
            "lines": [
                ({"name": n, "group": g, "amount": dec(a, 2)} if g is not None else {"name": n, "amount": dec(a, 2)})
                for n, g, a in lines
            ],
            "total": dec(sum(a for *_, a in lines), 2),
        }

    # median hba1c of diabetic_reviews skips the diabetes reviews without a
    # result; no other aggregate can meet a missing value (mean_stay reads
    # `discharged`, whose condition makes discharged_on present).
    skipped = sum(1 for r in rev if r["condition"] == "diabetes" and r["hba1c"] is None)
    def summary(all_rows, term_rows, base_rows, skipped_missing):
        return {
            "rows": len(all_rows),
            "baseline": len(base_rows),
            "outside_term": len(all_rows) - len(term_rows) - len(base_rows),
            "skipped_missing": skipped_missing,
        }

    out["data"] = {
        "reviews": summary(rev_all, rev, base_rev, {"median_hba1c": skipped} if skipped else {}),
        "admissions": summary(adm_all, adm, base_adm, {}),
        "ledger": summary(led_all, led, base_led, {}),
    }
    json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
