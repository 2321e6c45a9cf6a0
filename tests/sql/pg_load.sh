#!/usr/bin/env bash
# Loads a contract's data into PostgreSQL as `ocf run --engine postgres`
# expects it (docs/warehouse.md, "The tables"): schema SCHEMA (dropped first
# if there), one table SCHEMA.NAME per data block made by `ocf sql --schema`,
# each filled with COPY from the canonical CSV ocf_export_data writes from the
# data as `ocf run` reads it (so data `ocf run` refuses is refused here too).
#
#   tests/sql/pg_load.sh URI SCHEMA CONTRACT.ocf DATA...
#     URI      a libpq connection string (tests/sql/pg_server.sh prints one)
#     DATA     each an argument of --data: DIR or NAME=PATH
#   environment: OCF, OCF_EXPORT_DATA (the binaries; default: build/release's)
#
# Prints the `--table NAME=SCHEMA.NAME` options to run against the tables.
set -euo pipefail
if [ $# -lt 4 ]; then
  echo "usage: pg_load.sh URI SCHEMA CONTRACT.ocf DATA..." >&2
  exit 2
fi
uri=$1 schema=$2 contract=$3
shift 3
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
ocf=${OCF:-$root/build/release/ocf}
export_data=${OCF_EXPORT_DATA:-$root/build/release/tests/sql/ocf_export_data}
case "$schema" in
  [a-z_]*) ;;
  *) echo "pg_load.sh: schema \`$schema\` should be a lowercase SQL name" >&2; exit 2 ;;
esac
case "$schema" in *[!a-z0-9_]*) echo "pg_load.sh: schema \`$schema\` should be a lowercase SQL name" >&2; exit 2 ;; esac

# psql from the newest server's folder, else PATH.
psql=""
for candidate in /usr/lib/postgresql/*/bin; do
  if [ -x "$candidate/psql" ]; then psql=$candidate/psql; fi
done
[ -n "$psql" ] || psql=$(command -v psql) || { echo "pg_load.sh: psql not found" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
data_args=()
for d in "$@"; do data_args+=(--data "$d"); done
"$export_data" "$contract" "${data_args[@]}" --out "$scratch/csv"

tables=()
for f in "$scratch"/csv/*.csv; do
  name=$(basename "$f" .csv)
  tables+=(--table "$name=$schema.$name")
done
"$ocf" sql "$contract" --schema --dialect postgres "${tables[@]}" >"$scratch/schema.sql"

{
  echo "SET client_min_messages = warning;"
  echo "DROP SCHEMA IF EXISTS \"$schema\" CASCADE;"
  echo "CREATE SCHEMA \"$schema\";"
  cat "$scratch/schema.sql"
  for f in "$scratch"/csv/*.csv; do
    name=$(basename "$f" .csv)
    # An unquoted empty field is NULL; a quoted one is text (canonical CSV).
    echo "\\copy \"$schema\".\"$name\" FROM '$f' WITH (FORMAT csv, HEADER true)"
  done
} >"$scratch/load.sql"
"$psql" "$uri" -X -q -v ON_ERROR_STOP=1 -f "$scratch/load.sql" >/dev/null
echo "${tables[@]}"
