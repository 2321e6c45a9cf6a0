#!/usr/bin/env bash
# Every example with sample data, its aggregates computed by DuckDB (ctest
# sql_duckdb_examples): the sample data exported as canonical CSV
# (ocf_export_data), `ocf sql --dialect duckdb`'s schema and script run on a
# real DuckDB (tests/sql/duckdb_run.mjs), and `ocf run --aggregates` on its
# result must print, byte for byte, the JSON statement `ocf run --engine jit`
# prints from the same data. Extra `ocf run` arguments come from
# tests/crosscheck/NAME.args, as for the other cross-checks.
#
# A contract the duckdb dialect refuses (E1001: not pushed down) fails the
# test unless it is listed in NOT_PUSHED_DOWN below, with the reason; a listed
# contract that is pushed down fails it too, so the list stays true.
#   NODE_PATH=build/release/npm/node_modules bash tests/sql/duckdb_examples.sh OCF OCF_EXPORT_DATA SOURCE_DIR
# SKIPPED (exit 77), saying why, without @duckdb/node-api, ocf_export_data or
# `ocf sql`.
set -euo pipefail
ocf=$1 export_data=$2 source=$3
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# Contracts the duckdb dialect cannot compute exactly, and why (none yet).
declare -A NOT_PUSHED_DOWN=()

skip() {
  echo "=============================================================================="
  echo "SKIPPED: the examples were not run on DuckDB because $1"
  echo "=============================================================================="
  exit 77
}
[ -n "$export_data" ] || skip "ocf_export_data is not built in this tree (tests/CMakeLists.txt builds it)"
node -e "require('@duckdb/node-api')" 2>/dev/null ||
  skip "@duckdb/node-api is not installed (tests/sql/setup_npm.sh installs it; NODE_PATH=${NODE_PATH:-})"
if { "$ocf" sql 2>&1 || true; } | grep -q "unknown command"; then skip "this ocf has no \`sql\` command"; fi

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
failures=0 agreed=0 refused=0
fail() {
  echo "FAILED: $*" >&2
  failures=$((failures + 1))
}

for contract in "$source"/examples/*/*.ocf; do
  dir=$(dirname "$contract")
  name=$(basename "$contract" .ocf)
  [ -d "$dir/data" ] || continue
  work=$scratch/$name
  mkdir -p "$work/csv"
  args=()
  if [ -f "$source/tests/crosscheck/$name.args" ]; then mapfile -t args <"$source/tests/crosscheck/$name.args"; fi

  if ! "$export_data" "$contract" --data "$dir/data" --out "$work/csv" 2>"$work/export.err"; then
    fail "$name: ocf_export_data failed: $(cat "$work/export.err")"
    continue
  fi
  if ! "$ocf" sql "$contract" --dialect duckdb --schema >"$work/schema.sql" 2>"$work/schema.err"; then
    fail "$name: ocf sql --schema failed: $(cat "$work/schema.err")"
    continue
  fi
  status=0
  "$ocf" sql "$contract" --dialect duckdb "${args[@]}" >"$work/script.sql" 2>"$work/sql.err" || status=$?
  if [ $status -ne 0 ]; then
    if grep -q 'E1001' "$work/sql.err" && [ -n "${NOT_PUSHED_DOWN[$name]:-}" ]; then
      echo "$name: NOT PUSHED DOWN (accepted: ${NOT_PUSHED_DOWN[$name]}):"
      grep 'E1001' "$work/sql.err" | sed 's/^/  /'
      refused=$((refused + 1))
    else
      fail "$name: ocf sql --dialect duckdb exited $status: $(cat "$work/sql.err")"
    fi
    continue
  fi
  if [ -n "${NOT_PUSHED_DOWN[$name]:-}" ]; then
    fail "$name is listed in NOT_PUSHED_DOWN (${NOT_PUSHED_DOWN[$name]}) but the duckdb dialect takes it now: take it off"
  fi

  data=()
  for csv in "$work"/csv/*.csv; do data+=(--data "$(basename "$csv" .csv)=$csv"); done
  if ! node "$here/duckdb_run.mjs" --ddl "$work/schema.sql" "${data[@]}" --sql "$work/script.sql" \
    --out "$work/result.csv" 2>"$work/duckdb.err"; then
    fail "$name: DuckDB refused the script or the data: $(cat "$work/duckdb.err")"
    continue
  fi
  if ! "$ocf" run "$contract" --aggregates "$work/result.csv" --format json "${args[@]}" \
    >"$work/duckdb.json" 2>"$work/aggregates.err"; then
    fail "$name: ocf run --aggregates failed: $(cat "$work/aggregates.err")"
    continue
  fi
  "$ocf" run "$contract" --data "$dir/data" --engine jit --format json "${args[@]}" >"$work/jit.json"
  if cmp -s "$work/jit.json" "$work/duckdb.json"; then
    echo "$name: the statement from DuckDB's aggregates is the JIT's ($(wc -l <"$work/result.csv") result lines," \
      "$(wc -c <"$work/jit.json") bytes of JSON)"
    agreed=$((agreed + 1))
  else
    fail "$name: the statement from DuckDB's aggregates differs from the JIT's:"
    diff "$work/jit.json" "$work/duckdb.json" | head -30 >&2 || true
  fi
done

echo "$agreed examples agree, $refused not pushed down (listed), $failures failed"
[ $failures -eq 0 ] && [ $agreed -gt 0 ]
