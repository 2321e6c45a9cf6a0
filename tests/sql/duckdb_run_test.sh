#!/usr/bin/env bash
# tests/sql/duckdb_run.mjs, the DuckDB runner of the SQL tests, on
# hand-written canonical CSV files (tests/sql/runner/): every kind of value
# written exactly (BIGINT extremes, HUGEINT sums, DECIMALs past 38 digits, ""
# apart from NULL, quotes and line breaks in text), the same in batch mode,
# and each failure with its message and exit status (ctest sql_duckdb_run).
#   NODE_PATH=build/release/npm/node_modules bash tests/sql/duckdb_run_test.sh
# SKIPPED (exit 77) without @duckdb/node-api.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
in=$here/runner
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cd "$scratch"
run() { node "$here/duckdb_run.mjs" "$@"; }
failures=0
fail() {
  echo "FAILED: $*" >&2
  failures=$((failures + 1))
}

# expect STATUS MESSAGE-REGEX -- runner arguments: the exit status, the
# message on standard error, and no result file left behind.
expect() {
  local status=$1 pattern=$2
  shift 3
  local got=0
  run "$@" --out out.csv 2>err.txt || got=$?
  if [ "$got" -ne "$status" ]; then
    fail "$* exited $got, wanted $status: $(cat err.txt)"
  elif ! grep -Eq -e "$pattern" err.txt; then
    fail "$*: no message matching '$pattern' in: $(cat err.txt)"
  elif [ -e out.csv ]; then
    fail "$*: failed but left out.csv"
  fi
  rm -f out.csv
}

set +e
run --ddl "$in/schema.sql" --sql "$in/script.sql" --out probe.csv 2>probe.txt
status=$?
set -e
if [ $status -eq 77 ]; then
  echo "=============================================================================="
  echo "SKIPPED: the DuckDB runner was not tested: $(cat probe.txt)"
  echo "=============================================================================="
  exit 77
fi

job=(--ddl "$in/schema.sql" --data "visits=$in/visits.csv" --data "ledger=$in/ledger.csv" --sql "$in/script.sql")
run "${job[@]}" --out result.csv || fail "the runner failed on runner/"
cmp -s result.csv "$in/expected.csv" || fail "result.csv differs from runner/expected.csv: $(diff result.csv "$in/expected.csv")"

# Batch mode: three jobs, the second failing; the others as above.
printf 'SELECT nosuch FROM "visits"\n' >bad.sql
json() { printf '{"ddl":"%s","data":{"visits":"%s","ledger":"%s"},"sql":"%s","out":"%s"}\n' \
  "$in/schema.sql" "$in/visits.csv" "$in/ledger.csv" "$1" "$2"; }
{ json "$in/script.sql" b1.csv; echo; json bad.sql b2.csv; json "$in/script.sql" b3.csv; } >jobs.jsonl
status=0
run --batch jobs.jsonl >answers.txt 2>batch_err.txt || status=$?
[ $status -eq 1 ] || fail "a batch with a failing job exited $status, wanted 1"
for b in b1 b3; do cmp -s $b.csv "$in/expected.csv" || fail "batch job $b differs from runner/expected.csv"; done
[ ! -e b2.csv ] || fail "the failing batch job left b2.csv"
sed -n 1p answers.txt | grep -qx '{"job":1,"ok":true,"rows":4}' || fail "batch answer 1: $(sed -n 1p answers.txt)"
sed -n 2p answers.txt | grep -q '^{"job":2,"ok":false,"error":"bad.sql: Binder Error: .*nosuch' ||
  fail "batch answer 2: $(sed -n 2p answers.txt)"
sed -n 3p answers.txt | grep -qx '{"job":3,"ok":true,"rows":4}' || fail "batch answer 3: $(sed -n 3p answers.txt)"
[ "$(wc -l <answers.txt)" -eq 3 ] || fail "batch: $(wc -l <answers.txt) answers for 3 jobs"
grep -q '^duckdb_run: job 2: bad.sql: Binder Error' batch_err.txt || fail "batch: job 2's error not on stderr"
# Jobs on standard input, answered one by one; each in a database of its own
# (the second job's DDL would fail if the first job's tables were still there).
json "$in/script.sql" s1.csv | { cat; json "$in/script.sql" s2.csv; } | run --batch - >stdin_answers.txt
[ "$(grep -c '"ok":true' stdin_answers.txt)" -eq 2 ] || fail "batch from stdin: $(cat stdin_answers.txt)"
cmp -s s2.csv "$in/expected.csv" || fail "batch from stdin: s2.csv differs"

# A table named SCHEMA.TABLE (`ocf sql --table`): its schema is created first.
sed 's/CREATE TABLE "visits"/CREATE TABLE "warehouse"."visits"/' "$in/schema.sql" >schema_qualified.sql
printf 'SELECT count(*) AS n, count(note) AS notes FROM "warehouse"."visits"\n' >qualified.sql
run --ddl schema_qualified.sql --data "warehouse.visits=$in/visits.csv" --sql qualified.sql --out qualified.csv ||
  fail "a table named warehouse.visits"
[ "$(cat qualified.csv 2>/dev/null)" = "$(printf 'n,notes\n"4","3"')" ] || fail "warehouse.visits: $(cat qualified.csv)"

# Failures, each with its message and no result left behind: in one batch
# (one process), then the exit statuses in single runs: 1 for SQL and data
# errors, 2 for bad usage.
printf 'SELECT CAST(1.5 AS DOUBLE) AS x\n' >double.sql
printf 'SELECT 1 AS a; SELECT 2 AS b\n' >two.sql
printf 'DELETE FROM "visits"\n' >delete.sql
printf 'SELECT 1/0 AS x\n' >div.sql
printf 'SELECT sum(amount) + CAST(1 AS DECIMAL(38,18)) AS x FROM "ledger"\n' >overflow.sql
printf 'patient,seen,visits,cost,urgent\n"p1",2014-01-31,1,1,true\n' >short_header.csv
printf 'patient,seen,visits,cost,urgent,note\n,2014-01-31,1,1,true,""\n' >null_key.csv
printf 'patient,seen,visits,cost,urgent,note\n"",2014-01-31,1,1,true,""\n' >empty_key.csv
printf 'patient,seen,visits,cost,urgent,note\n"p1",2014-02-30,1,1,true,""\n' >bad_date.csv
cases=(
  'double.sql||result column x is DOUBLE: not an exact type'
  'two.sql||two.sql: the script holds 2 statements, not one SELECT'
  'delete.sql||delete.sql: the script is not a SELECT statement'
  'div.sql||result column x is DOUBLE'
  "overflow.sql|ledger=$in/ledger.csv|overflow.sql: Out of Range Error: Overflow"
  "$in/script.sql|visits=short_header.csv|the header names patient,seen,visits,cost,urgent; table visits has patient,seen,visits,cost,urgent,note"
  "$in/script.sql|visits=null_key.csv|NOT NULL constraint failed: visits.patient"
  "$in/script.sql|visits=bad_date.csv|Could not convert string \\\"2014-02-30\\\" to 'DATE'"
  "$in/script.sql|nosuch=$in/visits.csv|no table nosuch in the DDL"
  "$in/script.sql|visits=missing.csv|--data visits=missing.csv: no such file"
  "missing.sql||cannot read the script missing.sql"
)
: >failing.jsonl
for i in "${!cases[@]}"; do
  IFS='|' read -r sql data _ <<<"${cases[$i]}"
  data_json=$([ -z "$data" ] && echo '{}' || echo "{\"${data%%=*}\":\"${data#*=}\"}")
  printf '{"ddl":"%s","data":%s,"sql":"%s","out":"f%d.csv"}\n' "$in/schema.sql" "$data_json" "$sql" "$i" >>failing.jsonl
done
printf '{"ddl":"%s","data":{"visits":"empty_key.csv"},"sql":"%s","out":"empty_key.csv.out"}\n' \
  "$in/schema.sql" "$in/script.sql" >>failing.jsonl
run --batch failing.jsonl >failing_answers.txt 2>/dev/null || true
for i in "${!cases[@]}"; do
  want=${cases[$i]##*|}
  answer=$(sed -n "$((i + 1))p" failing_answers.txt)
  case $answer in
    *'"ok":false'*"$want"*) ;;
    *) fail "job ${cases[$i]%%|*} (${cases[$i]}): wanted an error with '$want', got: $answer" ;;
  esac
  [ ! -e "f$i.csv" ] || fail "failing job ${cases[$i]%%|*} left a result"
done
sed -n "$((${#cases[@]} + 1))p" failing_answers.txt | grep -q '"ok":true' ||
  fail 'a quoted "" in a NOT NULL column was read as NULL'

expect 1 'div.sql: result column x is DOUBLE' -- --ddl "$in/schema.sql" --sql div.sql
expect 2 'no such file' -- --ddl "$in/schema.sql" --data visits=missing.csv --sql "$in/script.sql"
expect 2 '--ddl, --sql and --out are needed' -- --ddl "$in/schema.sql"
expect 2 'expected NAME=FILE.csv' -- --ddl "$in/schema.sql" --data visits --sql "$in/script.sql"
expect 2 'unknown argument --frob' -- --frob

if [ $failures -gt 0 ]; then
  echo "$failures checks of the DuckDB runner FAILED" >&2
  exit 1
fi
echo "the DuckDB runner: exact values, batch mode, 12 failing jobs and 5 failing runs as expected"
