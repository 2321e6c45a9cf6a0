#!/usr/bin/env python3
"""The hand-written SQL's answers (bench/warehouse_bench.sh) as compare.py reads them.

    python3 bench/warehouse/sql_answers.py RESULT.csv > answers.jsonl

RESULT.csv is `psql --csv` output of bench/warehouse/handwritten.sql: a header
row, then one row per provider (empty: all providers) and period, with a
column per measure of bench/episodes.ocf. Writes one JSON object a line,
{"measure", "period", "provider", "value"}, value as written (null for an
empty cell). Exits 1 on a malformed file: no header, a column missing, a row
answered twice.
"""
import csv
import json
import sys

MEASURES = ["older_emergencies", "readmission_rate", "mean_stay", "median_stay", "emergency_cost"]


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    with open(argv[1], newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        wanted = ["provider", "period"] + MEASURES
        missing = [c for c in wanted if c not in (reader.fieldnames or [])]
        if missing:
            print(f"sql_answers: {argv[1]}: no column {', '.join(missing)}", file=sys.stderr)
            return 1
        seen = set()
        out = []
        for number, row in enumerate(reader, 2):
            provider = row["provider"] or None
            key = (provider, row["period"])
            if key in seen:
                print(f"sql_answers: {argv[1]}:{number}: {key} answered twice", file=sys.stderr)
                return 1
            seen.add(key)
            for measure in MEASURES:
                value = row[measure] if row[measure] != "" else None
                out.append(json.dumps({"measure": measure, "period": row["period"], "provider": provider,
                                       "value": value}))
    sys.stdout.write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
