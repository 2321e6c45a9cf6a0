#!/usr/bin/env bash
# Every example's statement computed where its data lives: the sample data
# loaded into PostgreSQL (pg_load.sh: a schema per example), then `ocf run
# --engine postgres` must print byte for byte the JSON `ocf run --engine jit`
# prints from the CSV files. (ctest sql_postgres_examples, fixture postgres.)
#
#   tests/sql/pg_examples.sh PG_DIR SOURCE_DIR OCF OCF_EXPORT_DATA
#     PG_DIR  where pg_server.sh wrote the server's connection string (uri)
#             or why there is no server (skip)
set -euo pipefail
pg_dir=$1 source=$2
export OCF=$3 OCF_EXPORT_DATA=$4
if [ -f "$pg_dir/skip" ]; then
  echo "SKIPPED: no PostgreSQL server for this test: $(cat "$pg_dir/skip")"
  exit 77
fi
[ -f "$pg_dir/uri" ] || { echo "no $pg_dir/uri: did sql_postgres_start run?" >&2; exit 1; }
uri=$(cat "$pg_dir/uri")

# The runs of each example: one line of `ocf run` options each -- the inputs
# an example needs and what-if settings, as engines_agree runs them
# (tests/CMakeLists.txt), so that values set on the command line reach the
# SQL too. Options are single words.
runs_of() {
  case $1 in
    older_people) echo "--set registered_65_plus=3000" ;;
    msk) printf '%s\n' "" "--set annual_growth=2% --set year_one_budget=27000000" ;;
    mental_health) printf '%s\n' "" "--set incentive_share=7.5%" ;;
    *) echo "" ;;
  esac
}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
compared=0 failed=0
for folder in "$source"/examples/*/; do
  name=$(basename "$folder")
  contract=$folder/$name.ocf
  [ -f "$contract" ] && [ -d "$folder/data" ] || continue
  loaded=$(bash "$source/tests/sql/pg_load.sh" "$uri" "ex_$name" "$contract" "$folder/data")
  read -r -a tables <<<"$loaded"  # --table NAME=ex_NAME.NAME ...
  while IFS= read -r options; do
    read -r -a extra <<<"$options"
    what="$name${options:+ ($options)}"
    "$OCF" run "$contract" --data "$folder/data" --engine jit --format json "${extra[@]}" >"$scratch/jit.json"
    if ! "$OCF" run "$contract" --engine postgres --db "$uri" "${tables[@]}" --format json "${extra[@]}" \
      >"$scratch/pg.json" 2>"$scratch/pg.err"; then
      echo "FAIL $what: ocf run --engine postgres failed:" >&2
      cat "$scratch/pg.err" >&2
      failed=$((failed + 1))
    elif ! cmp -s "$scratch/jit.json" "$scratch/pg.json"; then
      echo "FAIL $what: the statements differ (< jit, > postgres):" >&2
      diff "$scratch/jit.json" "$scratch/pg.json" | head -40 >&2
      failed=$((failed + 1))
    else
      echo "ok $what: postgres and jit agree ($(wc -c <"$scratch/pg.json") bytes of JSON)"
    fi
    compared=$((compared + 1))
  done < <(runs_of "$name")
done
[ "$compared" -gt 0 ] || { echo "no example with sample data found under $source/examples" >&2; exit 1; }
echo "$compared runs, $failed failed"
[ "$failed" -eq 0 ]
