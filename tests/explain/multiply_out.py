#!/usr/bin/env python3
"""The figures of `ocf explain` must multiply out.

For every payment line of every example, in every payment period (and every
group of a `payment ... by` block), on the engines given, this runs `ocf
explain --all-lines --format json` and recomputes each node of the tree from its
children with exact arithmetic (Python's Fraction, rounded as LANGUAGE.md §2
says: `*`, `/` and `^` to 18 decimal places half to even, a payment line to
the penny half away from zero), independently of ocf's own Decimal. Then it
checks that the line's amount is the statement's (`ocf run --format json`).

  multiply_out.py OCF EXAMPLES_DIR [--engines jit,interp] [--args-dir tests/crosscheck]

One `ocf explain --all-lines` per example and engine explains every line.
Exit 0 when every node agrees; otherwise every disagreement is listed.
"""
import argparse
import concurrent.futures
import json
import os
import subprocess
import sys
from fractions import Fraction

SCALE = 10**18


def number(text):
    if text is None:
        return None
    if text in ("true", "false"):
        return 1 if text == "true" else 0
    try:
        return Fraction(text)
    except (ValueError, ZeroDivisionError):
        return text  # a date or text: compared as it is


def round_half_even(x, places=18):
    scaled = x * 10**places
    floor = scaled.numerator // scaled.denominator
    rest = scaled - floor
    if rest > Fraction(1, 2) or (rest == Fraction(1, 2) and floor % 2 == 1):
        floor += 1
    return Fraction(floor, 10**places)


def round_half_away(x, places):
    scaled = abs(x) * 10**places
    floor = scaled.numerator // scaled.denominator
    if scaled - floor >= Fraction(1, 2):
        floor += 1
    result = Fraction(floor, 10**places)
    return -result if x < 0 else result


class Checker:
    def __init__(self, where):
        self.where = where
        self.problems = []
        self.checked = 0

    def expect(self, node, got, why):
        want = number(node.get("value"))
        self.checked += 1
        if got != want:
            shown = float(got) if isinstance(got, Fraction) else got
            self.problems.append(
                f"{self.where}: {node['kind']} {node.get('op', '')} `{node.get('text', node.get('name', ''))}`: "
                f"value {node.get('value')}, but {why} gives {got} ({shown})")

    def node(self, n):
        kids = n.get("children", [])
        for k in kids:
            self.node(k)
        vals = [number(k.get("value")) for k in kids]
        facts = n.get("facts", {})
        kind = n["kind"]
        if kind == "line":
            amount = Fraction(facts["amount"])
            self.checked += 1
            if vals[0] is None or round_half_away(vals[0], 2) != amount:
                self.problems.append(f"{self.where}: line amount {amount} is not {vals[0]} rounded to the penny")
            self.expect(n, vals[0], "its formula")
        elif kind in ("let", "payment_let", "call"):
            self.expect(n, vals[0], "its value's expression")
        elif kind == "measure" and kids:
            self.expect(n, vals[0], "its formula")
        elif kind == "aggregate":
            self.aggregate(n, facts)
        elif kind == "target":
            self.target(n, facts, vals[0] if kids else None)
        elif kind == "outcome":
            got = sum((Fraction(k["facts"]["weight"]) * Fraction(k["value"]) for k in kids), Fraction(0))
            self.expect(n, round_half_even(got), "its targets' weighted achievement")
        elif kind == "achievement":
            got = Fraction(0)
            for o in kids:
                inner = sum((Fraction(t["facts"]["weight"]) * Fraction(t["value"]) for t in o.get("children", [])),
                            Fraction(0))
                got += Fraction(o["facts"]["weight"]) * inner
            self.expect(n, round_half_even(got), "its outcomes' weighted achievement, rounded once")
        elif kind == "paid":
            self.expect(n, sum(vals, Fraction(0)), "the sum of the earlier payments")
        elif kind == "expr":
            self.expr(n, kids, vals, facts)

    def aggregate(self, n, f):
        name = n["name"]
        if name == "count" and "records" in f:
            self.expect(n, Fraction(int(f["records"])), "its records")
        elif name == "percent of" and "numerator" in f:
            d = int(f["denominator"])
            self.expect(n, None if d == 0 else round_half_even(Fraction(int(f["numerator"]), d)),
                        "numerator / denominator")
        elif name == "sum" and "sum" in f:
            self.expect(n, Fraction(f["sum"]) if int(f["values"]) else Fraction(0), "its sum")
        elif name == "mean" and "sum" in f:
            v = int(f["values"])
            self.expect(n, None if v == 0 else round_half_even(Fraction(f["sum"]) / v), "sum / values")

    def target(self, n, f, x):
        kind = f["kind"]
        low = Fraction(f["low"]) if "low" in f else None
        high = Fraction(f["high"]) if "high" in f else None
        status = f["status"]
        if x is None or (kind in ("range", "change") and (low is None or high is None)):
            got, want_status = Fraction(0), "no data"
        else:
            if kind == "at least":
                got = Fraction(1 if x >= low else 0)
            elif kind == "at most":
                got = Fraction(1 if x <= high else 0)
            else:
                got = min(max(round_half_even((x - low) / (high - low)), Fraction(0)), Fraction(1))
            want_status = "met" if got == 1 else "not met" if got == 0 else "partial"
        self.expect(n, got, "its measure against its thresholds")
        self.checked += 1
        if status != want_status:
            self.problems.append(f"{self.where}: target {n['name']} status {status}, not {want_status}")

    def expr(self, n, kids, vals, f):
        op = n["op"]
        arith = {"AddInt", "AddDecimal", "SubInt", "SubDecimal", "MulInt", "MulDecimal", "DivDecimal",
                 "NegInt", "NegDecimal", "PowInt", "PowDecimal", "IntToDecimal", "Min", "Max", "Clamp",
                 "Abs", "Round", "Tiered"}
        if op in arith and any(v is None for v in vals):
            self.expect(n, None, "a missing operand")
            return
        a = vals[0] if vals else None
        b = vals[1] if len(vals) > 1 else None
        if op == "IntToDecimal":
            self.expect(n, a, "its operand")
        elif op in ("AddInt", "AddDecimal"):
            self.expect(n, a + b, "the sum")
        elif op in ("SubInt", "SubDecimal"):
            self.expect(n, a - b, "the difference")
        elif op == "MulInt":
            self.expect(n, a * b, "the product")
        elif op == "MulDecimal":
            self.expect(n, round_half_even(a * b), "the product to 18 places")
        elif op == "DivDecimal":
            self.expect(n, None if b == 0 else round_half_even(a / b), "the quotient to 18 places")
        elif op in ("NegInt", "NegDecimal"):
            self.expect(n, -a, "the negation")
        elif op == "PowInt":
            self.expect(n, a ** int(b), "the power")
        elif op == "PowDecimal":
            self.expect(n, round_half_even(a ** int(b)), "the power to 18 places")
        elif op == "Min":
            self.expect(n, min(vals), "the least")
        elif op == "Max":
            self.expect(n, max(vals), "the greatest")
        elif op == "Clamp":
            self.expect(n, min(max(a, b), vals[2]), "the clamped value")
        elif op == "Abs":
            self.expect(n, abs(a), "the absolute value")
        elif op == "Round":
            self.expect(n, round_half_away(a, int(b)), "rounding half away from zero")
        elif op == "Tiered":
            remaining, paid = a, Fraction(0)
            if remaining <= 0:
                self.expect(n, Fraction(0), "nothing to tier")
                return
            k = 1
            while k + 1 < len(vals):
                band = max(min(vals[k], remaining), Fraction(0))
                paid += round_half_even(band * vals[k + 1])
                remaining -= band
                k += 2
            paid += round_half_even(remaining * vals[k])
            self.expect(n, paid, "the bands")
        elif op == "Compare":
            if a is None or b is None:
                self.expect(n, None, "a missing operand")
                return
            cmp = f["cmp"]
            holds = {"=": a == b, "!=": a != b, "<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[cmp]
            self.expect(n, 1 if holds else 0, "the comparison")
        elif op in ("And", "Or"):
            if op == "And":
                got = 0 if 0 in vals else None if None in vals else 1
            else:
                got = 1 if 1 in vals else None if None in vals else 0
            self.expect(n, got, "three-valued " + op.lower())
        elif op == "Not":
            self.expect(n, None if a is None else 1 - a, "the negation")
        elif op == "IsMissing":
            self.expect(n, 1 if a is None else 0, "whether it is missing")
        elif op == "IsPresent":
            self.expect(n, 0 if a is None else 1, "whether it is present")
        elif op == "Otherwise":
            self.expect(n, a if a is not None else b, "the first present")
        elif op == "If":
            chose = f.get("chose")
            self.checked += 1
            if chose != ("then" if a == 1 else "else"):
                self.problems.append(f"{self.where}: `if` chose {chose} on a condition {a}")
            self.expect(n, b, "the branch taken")
        elif op == "Match":
            if len(vals) > 1:
                self.expect(n, vals[1], "the case chosen")


def lines_of(ocf, contract, data, args):
    run = subprocess.run([ocf, "run", contract, "--data", data, "--format", "json", *args],
                         capture_output=True, text=True, check=True)
    statement = json.loads(run.stdout)
    out = []
    for period, block in statement["payments"].items():
        for line in block["lines"]:
            out.append((period, line["name"], line.get("group"), line["amount"]))
    return out


def count(n):
    return 1 + sum(count(k) for k in n.get("children", []))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ocf")
    ap.add_argument("examples")
    ap.add_argument("--engines", default="jit,interp")
    ap.add_argument("--args-dir", default=None, help="where EXAMPLE.args files are (tests/crosscheck)")
    o = ap.parse_args()
    jobs = []
    for name in sorted(os.listdir(o.examples)):
        contract = os.path.join(o.examples, name, name + ".ocf")
        if not os.path.isfile(contract):
            continue
        data = os.path.join(o.examples, name, "data")
        args = []
        if o.args_dir and os.path.isfile(os.path.join(o.args_dir, name + ".args")):
            args = open(os.path.join(o.args_dir, name + ".args")).read().split()
        for engine in o.engines.split(","):
            jobs.append((name, contract, data, args, engine))

    def work(job):
        name, contract, data, args, engine = job
        lines = lines_of(o.ocf, contract, data, args)
        cmd = [o.ocf, "explain", contract, "--data", data, "--all-lines", "--format", "json", "--engine", engine,
               *args]
        r = subprocess.run(cmd, capture_output=True, text=True)
        if r.returncode != 0:
            return [f"{name} [{engine}]: `{' '.join(cmd)}` failed ({r.returncode}): {r.stderr.strip()}"], 0, 0, 0
        explained = json.loads(r.stdout)["explanations"]
        problems, checked, nodes = [], 0, 0
        got = [(e["subject"]["period"], e["subject"]["name"], e["subject"].get("group"), e["tree"]["facts"]["amount"])
               for e in explained]
        if got != lines:
            problems.append(f"{name} [{engine}]: the explained lines are not the statement's "
                            f"({len(got)} explained, {len(lines)} paid)")
        for e in explained:
            s = e["subject"]
            where = f"{name} [{engine}] \"{s['name']}\" {s['period']}" + (f" for {s['group']}" if "group" in s else "")
            c = Checker(where)
            c.node(e["tree"])
            problems += c.problems
            checked += c.checked
            nodes += count(e["tree"])
        # The check itself must be able to fail: a figure moved by one unit
        # in its last place, anywhere in a tree, is caught.
        if explained:
            tampered = json.loads(json.dumps(explained[len(explained) // 2]["tree"]))

            def operations(n):
                if n.get("kind") in ("expr", "aggregate", "target", "outcome") and n.get("value") not in (
                        None, "true", "false"):
                    yield n
                for k in n.get("children", []):
                    yield from operations(k)
            found = list(operations(tampered))
            if found:
                node = found[len(found) // 2]
                node["value"] = node["value"] + "1" if "." in node["value"] else node["value"] + ".000001"
                c = Checker("tampered")
                c.node(tampered)
                if not c.problems:
                    problems.append(f"{name} [{engine}]: a tampered {node['kind']} was not caught")
        return problems, checked, nodes, len(explained)

    problems, checked, nodes, explanations = [], 0, 0, 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
        for p, c, n, e in pool.map(work, jobs):
            problems += p
            checked += c
            nodes += n
            explanations += e
    for p in problems:
        print("FAIL", p)
    print(f"multiply_out: {explanations} payment lines explained ({len(jobs)} runs), {nodes} nodes, "
          f"{checked} figures recomputed, {len(problems)} disagreements")
    if not explanations or checked == 0:
        print("multiply_out: nothing was checked")
        return 1
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
