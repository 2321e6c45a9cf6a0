"""Compares `ocf check --data` (CSV) with `ocf check --engine postgres` on the
same rows (pg_checks.sh): python3 compare.py CASE SCRATCH SCHEMA."""
import json
import sys

case, scratch, schema = sys.argv[1:4]
failures = []


def read(name):
    with open(f"{scratch}/{name}", encoding="utf-8") as f:
        return f.read()


def expect(ok, what):
    if not ok:
        failures.append(what)


for fmt in ("json", "text"):
    csv_status, pg_status = read(f"csv.{fmt}.status").strip(), read(f"pg.{fmt}.status").strip()
    expect(csv_status == pg_status, f"{fmt}: exit status {pg_status}, the CSV check's {csv_status}")

csv, pg = json.loads(read("csv.json")), json.loads(read("pg.json"))
for key in ("errors", "warnings", "gates"):
    expect(csv.get(key) == pg.get(key), f"`{key}`: {pg.get(key)!r}, the CSV check's {csv.get(key)!r}")
expect("run_errors" not in pg, f"run_errors: {pg.get('run_errors')}")
expect(sorted(csv["data"]) == sorted(pg.get("data", {})), "not the same datasets")
for name, c in csv["data"].items():
    p = pg.get("data", {}).get(name)
    if p is None:
        continue
    for key in ("read", "rows", "baseline", "problem_count"):
        expect(c.get(key) == p.get(key), f"{name}.{key}: {p.get(key)!r}, the CSV check's {c.get(key)!r}")
    expect(p["file"] == f"{schema}.{name}", f"{name}.file: {p['file']!r}")
    rules = lambda d: sorted(d["rules"], key=lambda r: r["rule"])
    expect(rules(c) == rules(p), f"{name}.rules:\n  {rules(p)}\n  the CSV check's:\n  {rules(c)}")
    for problem in p["problems"]:
        expect(problem["line"] is None and problem["message"].startswith("row "),
               f"{name}: a problem without its row: {problem}")

# The summary lines (standard output) are the same, but for nothing.
expect(read("csv.text") == read("pg.text"), f"text:\n{read('pg.text')}\nthe CSV check's:\n{read('csv.text')}")

if case == "bad":
    messages = {(p["rule"], p["message"]) for d in pg["data"].values() for p in d["problems"]}
    for rule, message in [
        ("bad-value:provider", "row visit_id=V03: `dental` is not one of: `acute`, `community`, `mental health`"),
        ("missing:age", "row visit_id=V04: no value (NULL), but the column is required "
                        "(declare it with `?` if it may be missing)"),
        ("missing:visit_id", "row visit_id missing, provider=community, seen_on=2019-08-01, left_on missing, "
                             "age=62, score missing, cost=10, share missing, in_time=true, note=no id: no value "
                             "(NULL), but the column is required (declare it with `?` if it may be missing)"),
        ("key:visit_id", "row visit_id=V01, provider=acute, seen_on=2020-05-05, left_on missing, age=43, score "
                         "missing, cost=80, share missing, in_time=true, note=a \"quoted\" note: `V01` is used by "
                         "another row too (`visit_id` is a key: each value may appear once)"),
        ("check:0", "row visit_id=V05: breaks the check \"left before arriving\""),
        ("check:0", "row month=2020-04-01, total=-5.25: breaks the check \"spend is not negative\""),
    ]:
        expect((rule, message) in messages, f"no {rule} problem `{message}`; the warehouse's:\n" +
               "\n".join(f"  {r}: {m}" for r, m in sorted(messages)))

for f in failures:
    print(f"{case}: {f}", file=sys.stderr)
sys.exit(1 if failures else 0)
