#!/usr/bin/env bash
# `ocf check --engine postgres` reports what `ocf check --data` reports on
# the same rows (tests/sql_checks/README.md): bad/ and good/ (the same CSV
# files both read) loaded into PostgreSQL as they are, broken rows and all,
# then both checks run and compared -- the datasets' rows, baseline rows and
# problem counts, every rule's code, key, count, listed and summary, the
# summary lines, the gates and the exit status -- and a few of the
# warehouse's messages, which name the row instead of a line, exactly.
#
#   tests/sql_checks/pg_checks.sh PGDIR SOURCE_DIR OCF
#     PGDIR   the ctest fixture `postgres`'s folder (its uri, or skip); or set
#             OCF_PG_URI to a server's connection string (then PGDIR is unused)
#   OCF_CHECKS_SCHEMA  the schemas' prefix (ocf_checks: ocf_checks_bad, ocf_checks_good)
#   OCF_KEEP=1         keep the schemas and the outputs (in a folder under /tmp)
# Exit 77 (SKIPPED) without a server, saying why.
set -euo pipefail
pgdir=$1 root=$2 ocf=$3
uri=${OCF_PG_URI:-}
if [ -z "$uri" ]; then
  if [ -f "$pgdir/uri" ]; then
    uri=$(cat "$pgdir/uri")
  else
    why="the fixture \`postgres\` did not start a server"
    [ -f "$pgdir/skip" ] && why=$(cat "$pgdir/skip")
    echo "SKIPPED: no PostgreSQL server for the tests: $why" >&2
    exit 77
  fi
fi
psql=""
for candidate in /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/psql" ]; then psql=$candidate/psql; fi
done
[ -n "$psql" ] || psql=$(command -v psql) || { echo "SKIPPED: psql not found" >&2; exit 77; }

contract=$root/tests/sql_checks/checks.ocf
scratch=$(mktemp -d)
trap '[ -n "${OCF_KEEP:-}" ] || rm -rf "$scratch"' EXIT
schema_prefix=${OCF_CHECKS_SCHEMA:-ocf_checks}

load() {  # load SCHEMA FOLDER: the folder's CSV files as they are, NULL where empty
  local schema=$1 folder=$2
  "$ocf" sql "$contract" --schema --dialect postgres --table "visits=$schema.visits" --table "spend=$schema.spend" |
    sed 's/ NOT NULL//' >"$scratch/schema.sql"
  {
    echo "SET client_min_messages = warning;"
    echo "DROP SCHEMA IF EXISTS \"$schema\" CASCADE;"
    echo "CREATE SCHEMA \"$schema\";"
    cat "$scratch/schema.sql"
    for t in visits spend; do
      echo "\\copy \"$schema\".\"$t\" FROM '$folder/$t.csv' WITH (FORMAT csv, HEADER true)"
    done
  } >"$scratch/load.sql"
  "$psql" "$uri" -X -q -v ON_ERROR_STOP=1 -f "$scratch/load.sql" >/dev/null
}

status=0
for case in bad good; do
  schema=${schema_prefix}_$case
  load "$schema" "$root/tests/sql_checks/$case"
  tables=(--table "visits=$schema.visits" --table "spend=$schema.spend")
  for format in json text; do
    set +e
    "$ocf" check "$contract" --data "$root/tests/sql_checks/$case" --set cap=1000 --format $format \
      >"$scratch/csv.$format" 2>"$scratch/csv.$format.err"
    echo $? >"$scratch/csv.$format.status"
    "$ocf" check "$contract" --data --engine postgres --db "$uri" "${tables[@]}" --set cap=1000 --format $format \
      >"$scratch/pg.$format" 2>"$scratch/pg.$format.err"
    echo $? >"$scratch/pg.$format.status"
    set -e
  done
  if ! python3 "$root/tests/sql_checks/compare.py" "$case" "$scratch" "$schema"; then
    status=1
    for f in "$scratch"/pg.*.err; do echo "--- $f"; cat "$f"; done
  fi
done
[ -n "${OCF_KEEP:-}" ] || "$psql" "$uri" -X -q -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS \"${schema_prefix}_bad\" CASCADE; DROP SCHEMA IF EXISTS \"${schema_prefix}_good\" CASCADE;" >/dev/null
exit $status
