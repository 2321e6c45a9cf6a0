#!/usr/bin/env bash
# The warehouse benchmark (issue 14): bench/episodes.ocf over ROWS generated
# hospital episodes loaded into a throwaway PostgreSQL server, answered by
# `ocf run --engine postgres` (ocf's generated SQL, finished by ocf) and by
# the same questions written by hand as SQL (bench/warehouse/*.sql, run by
# psql), alternating in the same run; `ocf run --engine jit` on the CSV is
# the reference point. Reports the load time, medians and the ratios, checks
# that every program gives the same 7,530 answers, and keeps the plans
# (EXPLAIN ANALYZE) of the generated and the hand-written SQL. See
# bench/README.md.
#
#   bash bench/warehouse_bench.sh [ROWS] [REPEATS]       (defaults 10000000 and 5)
#
# Environment:
#   OCF=path      the ocf binary (default: build/release/ocf, built with `cmake --preset release`)
#   SEED, CXX, DATA_DIR   as for bench/run_bench.sh, whose data this reuses
#   PG_BIN=dir    PostgreSQL's server binaries (default: /usr/lib/postgresql/15/bin, else the newest there)
#   PG_JIT=on|off PostgreSQL's JIT compilation of queries (default off: see bench/README.md)
#   PG_SETTINGS="name=value ..."   more server settings, for both ocf and the hand-written SQL
#   EXPLAIN=0     skip the EXPLAIN ANALYZE runs (one more run of each query) and the plans in the report
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-10000000}
repeats=${2:-5}
seed=${SEED:-1}
cxx=${CXX:-g++}
data=${DATA_DIR:-$root/build/bench-data}
bin=$root/build/bench-bin
contract=$here/episodes.ocf
say() { echo "warehouse_bench: $*" >&2; }
case $rows in '' | *[!0-9]* | 0) say "ROWS must be a positive whole number"; exit 2 ;; esac
case $repeats in '' | *[!0-9]* | 0) say "REPEATS must be a positive whole number"; exit 2 ;; esac
case ${PG_JIT:-off} in on | off) ;; *) say "PG_JIT must be on or off"; exit 2 ;; esac

# ---------------------------------------------------------------- ocf
if [ -n "${OCF:-}" ]; then
  ocf=$OCF
else
  say "building build/release/ocf"
  (cd "$root" && cmake --preset release > /dev/null && cmake --build --preset release -j1 --target ocf > /dev/null)
  ocf=$root/build/release/ocf
fi
[ -x "$ocf" ] || { say "no ocf binary at $ocf"; exit 2; }
if ! "$ocf" run --help 2>&1 | grep -q -- postgres; then
  say "$ocf has no \`run --engine postgres\` (issue 14's SQL engine): build a newer ocf"
  exit 2
fi

# ---------------------------------------------------------------- PostgreSQL
pg_bin=${PG_BIN:-}
if [ -z "$pg_bin" ]; then
  for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
    if [ -x "$dir/initdb" ]; then pg_bin=$dir; break; fi
  done
fi
if [ -z "$pg_bin" ] || [ ! -x "$pg_bin/initdb" ]; then
  say "no PostgreSQL server found (apt-get install postgresql-15, or set PG_BIN)"
  exit 2
fi
command -v psql > /dev/null || { say "no psql on PATH (apt-get install postgresql-client-15)"; exit 2; }

# The server runs as `postgres` when this script runs as root (initdb refuses
# root), with its data and its Unix socket in a fresh folder and no TCP port.
pg_tmp=$(mktemp -d "${TMPDIR:-/tmp}/ocf-warehouse-bench.XXXXXX")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$pg_tmp"
pg_port=54329
stop_server() {
  if [ -f "$pg_tmp/d/postmaster.pid" ]; then as_pg "$pg_bin/pg_ctl" -D "$pg_tmp/d" -m fast -w stop > /dev/null || true; fi
  rm -rf "$pg_tmp"
}
trap stop_server EXIT

# Settings for this machine's size (2 cores, 24 GB in the last run): the
# table fits in shared_buffers, a query gets its two cores, and a bulk load
# into a table created in the same transaction writes no WAL.
# parallel_tuple_cost is lowered from 0.1: PostgreSQL has no statistics on a
# GROUP BY of expressions (a year, a span), guesses a tenth of the rows as
# groups and then judges a parallel aggregate too dear; the real groups are
# a few thousand, and with 0.01 it runs the scan on both cores.
mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo)
cores=$(nproc)
settings=(
  "shared_buffers=$((mem_kb / 4 / 1024))MB"
  "effective_cache_size=$((mem_kb * 3 / 4 / 1024))MB"
  "work_mem=256MB"
  "maintenance_work_mem=1GB"
  "max_worker_processes=$((cores > 8 ? cores : 8))"
  "max_parallel_workers=$cores"
  "max_parallel_workers_per_gather=$cores"
  "parallel_tuple_cost=0.01"
  "jit=${PG_JIT:-off}"
  "wal_level=minimal"
  "max_wal_senders=0"
  "max_wal_size=8GB"
  "checkpoint_timeout=30min"
)
# shellcheck disable=SC2206  # PG_SETTINGS is split into words on purpose
settings+=(${PG_SETTINGS:-})
say "starting PostgreSQL ($pg_bin) in $pg_tmp"
as_pg "$pg_bin/initdb" -D "$pg_tmp/d" -U postgres -A trust -E UTF8 --locale=C -N > "$pg_tmp/initdb.log"
options="-k $pg_tmp -h '' -p $pg_port"
for s in "${settings[@]}"; do options+=" -c $s"; done
as_pg "$pg_bin/pg_ctl" -D "$pg_tmp/d" -l "$pg_tmp/server.log" -w -o "$options" start > /dev/null ||
  { say "the server did not start:"; tail -20 "$pg_tmp/server.log" >&2; exit 1; }
uri="host=$pg_tmp port=$pg_port user=postgres dbname=postgres"
psql_() { psql -X -q -v ON_ERROR_STOP=1 -h "$pg_tmp" -p "$pg_port" -U postgres -d postgres "$@"; }
server_version=$(psql_ -At -c 'SHOW server_version')

# ---------------------------------------------------------------- data
. "$here/episodes_data.sh"
csv_bytes=$(stat -c %s "$csv")
out=$data/out
mkdir -p "$out"

seconds_since() { awk -v t0="$1" -v t1="$(date +%s%N)" 'BEGIN { printf "%.3f\n", (t1 - t0) / 1e9 }'; }

# The tables as ocf expects them (`ocf sql --schema`), created and loaded in
# one transaction: COPY ... FREEZE then writes the rows frozen and, with
# wal_level=minimal, skips the WAL.
"$ocf" sql "$contract" --schema --dialect postgres > "$out/warehouse_schema.sql"
say "loading $rows rows ($csv_bytes bytes) with COPY"
t0=$(date +%s%N)
psql_ -1 -f "$out/warehouse_schema.sql" \
  -c "COPY episodes FROM STDIN WITH (FORMAT csv, HEADER true, FREEZE true)" < "$csv"
load_s=$(seconds_since "$t0")
t0=$(date +%s%N)
psql_ -c 'ANALYZE episodes'
analyze_s=$(seconds_since "$t0")
table_size=$(psql_ -At -c "SELECT pg_size_pretty(pg_total_relation_size('episodes'))")
loaded=$(psql_ -At -c 'SELECT count(*) FROM episodes')
[ "$loaded" = "$rows" ] || { say "loaded $loaded rows, not $rows"; exit 1; }
say "loaded in $load_s s, ANALYZE $analyze_s s, table $table_size"

# ---------------------------------------------------------------- what runs
# name|command|output file. The generated SQL and the hand-written SQL run
# against the same server and settings; the JIT reads the CSV.
variants=(
  "ocf-postgres|$ocf run $contract --engine postgres --db '$uri' --format json|$out/warehouse_ocf-postgres.json"
  "sql-histogram|psql_ --csv -f $here/warehouse/handwritten.sql|$out/warehouse_sql-histogram.csv"
  "sql-sets|psql_ --csv -f $here/warehouse/handwritten_sets.sql|$out/warehouse_sql-sets.csv"
  "ocf-jit|$ocf run $contract --engine jit --data $data --format json|$out/warehouse_ocf-jit.json"
)

# Round 0 is not timed: it warms the server's buffers and keeps each
# program's answers for the cross-check. Timed rounds discard the output.
results=$out/warehouse_results.txt  # name seconds load_before
: > "$results"
for ((round = 0; round <= repeats; round++)); do
  for variant in "${variants[@]}"; do
    IFS='|' read -r name command file <<< "$variant"
    [ "$round" = 0 ] && target=$file || target=/dev/null
    load=$(cut -d' ' -f1 /proc/loadavg)
    t0=$(date +%s%N)
    if ! eval "$command" > "$target" 2> "$out/warehouse_$name.err"; then
      say "$name failed:"
      tail -20 "$out/warehouse_$name.err" >&2
      exit 1
    fi
    s=$(seconds_since "$t0")
    if [ "$round" = 0 ]; then
      say "warm-up: $name $s s"
    else
      say "round $round/$repeats: $name $s s"
      echo "$name $s $load" >> "$results"
    fi
  done
done

# ---------------------------------------------------------------- plans
# The generated script is one SELECT (compiler/sql/sql.h); EXPLAIN ANALYZE
# of it and of the hand-written queries, for the report.
"$ocf" sql "$contract" --dialect postgres > "$out/warehouse_generated.sql"
explain() {  # SQL_FILE PLAN_FILE: EXPLAIN ANALYZE of the file's last statement
  python3 - "$1" > "$out/warehouse_explain.sql" << 'PY'
import sys

text = open(sys.argv[1], encoding="utf-8").read()
# Everything before the last statement (pg_temp functions) runs as it is.
statements = [s for s in text.split(";\n") if s.strip() and not all(
    line.startswith("--") or not line.strip() for line in s.splitlines())]
for s in statements[:-1]:
    print(s + ";")
print("EXPLAIN (ANALYZE, VERBOSE, BUFFERS)\n" + statements[-1].rstrip().rstrip(";") + ";")
PY
  psql_ -f "$out/warehouse_explain.sql" > "$2"
}
rm -f "$out"/warehouse_*.plan
if [ "${EXPLAIN:-1}" != 0 ]; then
  say "EXPLAIN ANALYZE of each query"
  explain "$out/warehouse_generated.sql" "$out/warehouse_generated.plan"
  explain "$here/warehouse/handwritten.sql" "$out/warehouse_sql-histogram.plan"
  explain "$here/warehouse/handwritten_sets.sql" "$out/warehouse_sql-sets.plan"
fi

# ---------------------------------------------------------------- report
report=$out/warehouse_report.txt
{
  echo "Warehouse benchmark, $(date -u +%Y-%m-%d), $cores cores, $((mem_kb / 1024 / 1024)) GB, $(uname -m)"
  echo "rows: $rows   CSV: $csv_bytes bytes   repeats: $repeats   ocf: $ocf"
  echo "PostgreSQL $server_version ($pg_bin): ${settings[*]}"
  echo "load (CREATE TABLE + COPY FREEZE, one transaction): $load_s s   ANALYZE: $analyze_s s   table: $table_size"
  echo
  python3 - "$results" "$out" << 'PY'
import os
import re
import statistics
import sys

runs, loads = {}, []
for line in open(sys.argv[1]):
    name, s, load = line.split()
    runs.setdefault(name, []).append(float(s))
    loads.append(float(load))
median = {n: statistics.median(r) for n, r in runs.items()}
what = {
    "ocf-postgres": "ocf run --engine postgres (generated SQL)",
    "sql-histogram": "hand-written SQL, histogram (psql)",
    "sql-sets": "hand-written SQL, GROUPING SETS (psql)",
    "ocf-jit": "ocf run --engine jit (the CSV)",
}
print(f"{'program':<44} {'runs':>4} {'median s':>9} {'min s':>8} {'max s':>8}")
for name, r in runs.items():
    print(f"{what.get(name, name):<44} {len(r):>4} {median[name]:>9.3f} {min(r):>8.3f} {max(r):>8.3f}")
cores = os.cpu_count() or 1
print(f"1-minute load average before the runs: min {min(loads):.2f}, max {max(loads):.2f} on {cores} cores"
      + ("  -- WARNING: the machine was busy, wall times are inflated" if max(loads) > cores * 0.75 else ""))
print()
hand = min(("sql-histogram", "sql-sets"), key=lambda n: median[n])
print(f"ocf-postgres / fastest hand-written ({hand}): {median['ocf-postgres'] / median[hand]:.2f}"
      "   (issue 14 asks for at most 1.5)")
print(f"ocf-postgres / sql-sets: {median['ocf-postgres'] / median['sql-sets']:.2f}")
print(f"ocf-postgres / ocf-jit: {median['ocf-postgres'] / median['ocf-jit']:.2f}")
plans = False
for name, label in (("generated", "generated SQL"), ("sql-histogram", "hand-written, histogram"),
                    ("sql-sets", "hand-written, GROUPING SETS")):
    path = os.path.join(sys.argv[2], f"warehouse_{name}.plan")
    if not os.path.exists(path):
        continue
    text = open(path, encoding="utf-8").read()
    if not plans:
        print()
        print("server time of one run of each query (EXPLAIN ANALYZE):")
        plans = True
    t = re.search(r"Execution Time: ([\d.]+) ms", text)
    print(f"  {label:<30} {t.group(1) if t else '?':>10} ms")
PY
  echo
  echo "stderr of the last ocf-postgres run:"
  sed 's/^/  /' "$out/warehouse_ocf-postgres.err"
  echo
  echo "cross-check (exact, every measure, period and provider):"
  for name in sql-histogram sql-sets; do
    python3 "$here/warehouse/sql_answers.py" "$out/warehouse_$name.csv" > "$out/warehouse_$name.jsonl"
  done
  if python3 "$here/compare.py" "ocf-jit=$out/warehouse_ocf-jit.json" "ocf-postgres=$out/warehouse_ocf-postgres.json" \
    "sql-histogram=$out/warehouse_sql-histogram.jsonl" "sql-sets=$out/warehouse_sql-sets.jsonl"; then
    echo agree > "$out/warehouse_compare.status"
  else
    echo DIFFER > "$out/warehouse_compare.status"
  fi
  if [ -f "$out/warehouse_generated.plan" ]; then
    echo
    echo "plans: $out/warehouse_generated.plan (of $out/warehouse_generated.sql),"
    echo "       $out/warehouse_sql-histogram.plan, $out/warehouse_sql-sets.plan"
  fi
} | tee "$report"
say "report written to $report"
[ "$(cat "$out/warehouse_compare.status")" = agree ] || { say "the answers DIFFER"; exit 1; }
