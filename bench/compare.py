#!/usr/bin/env python3
"""Cross-checks the end-to-end benchmark's answers (bench/run_bench.sh).

    python3 bench/compare.py NAME=FILE NAME=FILE ...

Each FILE is either `ocf run --format json` output (one JSON object) or JSON
lines {"measure", "period", "provider", "value"} as bench/handwritten.cc and
bench/duckdb/run.mjs print them (provider null: over all providers). Every
answer is normalised to (measure, period, provider) -> exact value and the
files are compared with the first, numerically and exactly (Python's
fractions). Prints a summary; exit status 1 when any answer differs or is
absent from one file.
"""
import json
import sys
from decimal import Decimal
from fractions import Fraction


class Exact:
    """A value as written (for messages) and as an exact fraction (to compare)."""

    def __init__(self, text):
        self.text = text
        self.value = None if text is None else Fraction(Decimal(text))

    def __eq__(self, other):
        return self.value == other.value

    def __str__(self):
        return "missing" if self.text is None else self.text


def exact(value):
    return Exact(value)


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    answers = {}
    try:
        statement = json.loads(text)
    except json.JSONDecodeError:
        statement = None
    if isinstance(statement, dict) and "measures" in statement:
        for measure, m in statement["measures"].items():
            for period, v in m["values"].items():
                answers[(measure, period, None)] = exact(v["value"])
            for group, periods in m.get("groups", {}).items():
                for period, v in periods.items():
                    answers[(measure, period, group)] = exact(v["value"])
        return answers
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        row = json.loads(line)
        key = (row["measure"], row["period"], row["provider"])
        if key in answers:
            sys.exit(f"compare: {path}:{number}: {key} answered twice")
        answers[key] = exact(row["value"])
    return answers


def show(key):
    measure, period, provider = key
    return f"{measure} in {period}" + (f" for {provider}" if provider is not None else "")


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    named = []
    for arg in argv[1:]:
        name, _, path = arg.partition("=")
        named.append((name, load(path)))
    (first_name, first), rest = named[0], named[1:]
    ok = True
    for name, answers in rest:
        missing = sorted(set(first) - set(answers), key=str)
        extra = sorted(set(answers) - set(first), key=str)
        differ = sorted((k for k in set(first) & set(answers) if first[k] != answers[k]), key=str)
        if missing or extra or differ:
            ok = False
            print(f"compare: {name} and {first_name} DIFFER: {len(differ)} values differ, "
                  f"{len(missing)} missing from {name}, {len(extra)} only in {name}")
            for k in differ[:10]:
                print(f"  {show(k)}: {first_name} {first[k]}, {name} {answers[k]}")
            for k in missing[:5]:
                print(f"  {show(k)}: only in {first_name}")
            for k in extra[:5]:
                print(f"  {show(k)}: only in {name}")
        else:
            print(f"compare: {name} agrees exactly with {first_name} on all {len(first)} answers")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
