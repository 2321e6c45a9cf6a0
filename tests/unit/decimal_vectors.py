#!/usr/bin/env python3
"""Writes decimal_vectors.inc: Decimal test vectors computed independently.

Expected values come from Python's exact rationals (fractions.Fraction, whose
round() is half to even) and, for rounding half away from zero, from the
decimal module's ROUND_HALF_UP, never from ocf's own code. Run it again after
changing it:  python3 tests/unit/decimal_vectors.py > tests/unit/decimal_vectors.inc
"""
import decimal
import math
import random
from fractions import Fraction

SCALE = 10**18
MAX_UNITS = 2**127 - 1
MIN_UNITS = -(2**127)
rng = random.Random(20240611)


def text(units):
    """Shortest exact decimal text of units * 10^-18, like Decimal::ToString()."""
    sign = "-" if units < 0 else ""
    whole, frac = divmod(abs(units), SCALE)
    frac = str(frac).rjust(18, "0").rstrip("0")
    return sign + str(whole) + ("." + frac if frac else "")


def result(value):
    """A rational rounded half to even to 18 digits, or "overflow"."""
    units = round(value * SCALE)
    return text(units) if MIN_UNITS <= units <= MAX_UNITS else "overflow"


def random_units():
    """Decimals of every size: whole digits 0..21, fractional digits 0..18."""
    kind = rng.random()
    if kind < 0.1:  # near the ends of the range
        units = MAX_UNITS - rng.randrange(10**20) if rng.random() < 0.5 else MIN_UNITS + rng.randrange(10**20)
        return units
    whole_digits, frac_digits = rng.randint(0, 21), rng.randint(0, 18)
    units = rng.randrange(10**whole_digits) * SCALE + rng.randrange(10**frac_digits) * 10 ** (18 - frac_digits)
    units = min(units, MAX_UNITS)
    return -units if rng.random() < 0.3 else units


def random_short(max_frac=6, max_whole=3):
    """A decimal with few digits, like a rate or a price."""
    frac = rng.randint(1, max_frac)
    units = rng.randrange(1, 10 ** (max_whole + frac)) * 10 ** (18 - frac)
    return -units if rng.random() < 0.2 else units


def tie_pair():
    """a * b with exactly 19 fractional digits, the last a 5: a tie at 18."""
    ka = rng.randint(1, 17)  # a has ka fractional digits, the last a 5
    kb = 19 - ka  # b has kb, the last odd
    a = rng.randrange(10 ** (ka + 2)) * 10 + 5
    b = rng.randrange(10 ** (kb + 2)) * 2 + 1
    return a * 10 ** (18 - ka), b * 10 ** (18 - kb)


def frac(units):
    return Fraction(units, SCALE)


vectors = []


def add(op, a, b, expected):
    vectors.append((op, a, b, expected))


for _ in range(50):
    a, b = random_units(), random_units()
    add("add", text(a), text(b), result(frac(a) + frac(b)))
    a, b = random_units(), random_units()
    add("sub", text(a), text(b), result(frac(a) - frac(b)))

for i in range(160):
    if i % 4 == 0:
        a, b = tie_pair()
    elif i % 4 == 1:
        a, b = random_short(), random_units()
    else:
        a, b = random_units(), random_units()
    if rng.random() < 0.3:
        a = -a
    add("mul", text(a), text(b), result(frac(a) * frac(b)))

for i in range(160):
    a, b = random_units(), random_units()
    if i % 5 == 0:
        b = random_short()
    if i % 7 == 0:  # a quotient with exactly 19 digits ending in 5: a tie
        b = rng.choice([2, -2, 20, 200, 8, 16, 32, 64]) * SCALE
        a = rng.randrange(10**15) * 10 + 1
    if b == 0:
        b = 1
    add("div", text(a), text(b), result(frac(a) / frac(b)))


def pow_case(base_units, n):
    if base_units == 0 and n < 0:
        expected = "division by zero"
    else:
        expected = result(frac(base_units) ** n)
    add("pow", text(base_units), str(n), expected)


for _ in range(80):  # rates and prices to modest powers: the usual contract case
    pow_case(random_short(6, 1), rng.randint(-30, 30))
for _ in range(40):  # close to 1, long powers: well past 96 digits
    pow_case(SCALE + rng.choice([1, -1]) * rng.randrange(1, 10**rng.randint(10, 17)), rng.randint(-300, 300))
for _ in range(40):  # 18-digit values (a computed quotient) to small powers
    pow_case(rng.randrange(1, 10 * SCALE) * rng.choice([1, -1]), rng.randint(-12, 12))
for _ in range(30):  # 18-digit bases to results near 10^15..10^20, where the
    # rounding error of the intermediates is largest in absolute terms
    base = rng.randrange(SCALE + SCALE // 10, 3 * SCALE)
    n = int(rng.uniform(15, 20) / math.log10(base / SCALE))
    pow_case(base, n if rng.random() < 0.8 else -n)
for _ in range(30):  # integers, including ones that overflow
    pow_case(rng.randint(-40, 40) * SCALE, rng.randint(-25, 25))
for _ in range(20):  # small bases to negative powers: huge results or overflow
    pow_case(rng.randrange(1, 10**17), rng.randint(-8, -1))
for n in (-1, -2, 2, 3):  # Min() and Max()
    pow_case(MIN_UNITS, n)
    pow_case(MAX_UNITS, n)

ctx = decimal.Context(prec=200, rounding=decimal.ROUND_HALF_UP, Emax=999, Emin=-999)
for _ in range(60):
    a, places = random_units(), rng.randint(-22, 19)
    if places <= 17 and rng.random() < 0.5:  # a 5 just past `places`: a tie
        places = max(places, -20)
        a = (rng.randrange(10 ** max(0, 19 + places)) * 10 + 5) * 10 ** (17 - places)
        a = -a if rng.random() < 0.5 else a
    exact = decimal.Decimal(a).scaleb(-18, ctx)
    rounded = exact.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP, context=ctx)
    units = int(rounded.scaleb(18, ctx))
    add("round_half_away", text(a), str(places), text(units) if MIN_UNITS <= units <= MAX_UNITS else "overflow")
    add("round_half_even", text(a), str(places), result(round(frac(a), places)))
    if places >= 0:
        shown = exact.quantize(decimal.Decimal(1).scaleb(-places), rounding=decimal.ROUND_HALF_UP, context=ctx)
        shown = format(shown, "f")
        if shown.startswith("-") and shown.strip("-0.") == "":
            shown = shown[1:]  # no negative zero
        add("to_string", text(a), str(places), shown)

print("// Generated by decimal_vectors.py: expected values computed in Python with")
print("// exact rationals, independently of ocf. Do not edit by hand.")
for op, a, b, expected in vectors:
    print(f'{{"{op}", "{a}", "{b}", "{expected}"}},')
