#!/usr/bin/env bash
# What `ocf rows` costs (issue 12): over the generated CSV of bench/run_bench.sh,
# `ocf run bench/episodes.ocf` against `ocf rows` of one measure and one
# year: `older_emergencies` (a count, about 550,000 records of 10 million
# listed) and `readmission_rate` (a `percent of`, its whole denominator, about
# 2 million records). Alternating runs, medians of wall time and peak memory,
# and each ratio to `ocf run`; the number of records listed is checked
# against the statement's figures. See bench/README.md.
#
#   bash bench/rows_bench.sh [ROWS] [REPEATS]       (defaults 10000000 and 5)
#
# Environment: OCF (the ocf binary, default build/release/ocf), SEED, CXX and
# DATA_DIR as for bench/run_bench.sh, whose data this reuses.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-10000000}
repeats=${2:-5}
seed=${SEED:-1}
cxx=${CXX:-g++}
data=${DATA_DIR:-$root/build/bench-data}
bin=$root/build/bench-bin
ocf=${OCF:-$root/build/release/ocf}
year=2021
case $rows in '' | *[!0-9]*) echo "rows_bench: ROWS must be a whole number" >&2; exit 2 ;; esac
case $repeats in '' | *[!0-9]* | 0) echo "rows_bench: REPEATS must be a positive whole number" >&2; exit 2 ;; esac
[ -x "$ocf" ] || { echo "rows_bench: no ocf binary at $ocf (build it: cmake --build --preset release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "rows_bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

. "$here/episodes_data.sh"
contract=$here/episodes.ocf
out=$data/out

measure() {  # OUT COMMAND...: "seconds peak-KB" of one run, its standard output to OUT
  local file=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out/rows_bench.time" "$@" > "$file" 2> /dev/null
  cat "$out/rows_bench.time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

names=(run count percent)
declare -A times memory
for ((i = 1; i <= repeats; i++)); do
  r=$(measure "$out/rows_run.json" "$ocf" run "$contract" --data "episodes=$csv" --format json)
  c=$(measure "$out/rows_count.csv" "$ocf" rows "$contract" --data "episodes=$csv" --measure older_emergencies --period $year)
  p=$(measure "$out/rows_percent.csv" "$ocf" rows "$contract" --data "episodes=$csv" --measure readmission_rate --period $year)
  for pair in "run $r" "count $c" "percent $p"; do
    set -- $pair
    times[$1]+="$2 "
    memory[$1]+="$3 "
  done
  echo "rows_bench: round $i: run ${r% *} s, rows (count) ${c% *} s, rows (percent of) ${p% *} s" >&2
done

# The records listed are the statement's figures.
python3 - "$out/rows_run.json" "$out/rows_count.csv" "$out/rows_percent.csv" "$year" << 'PY'
import csv, json, sys
statement = json.load(open(sys.argv[1]))
year = sys.argv[4]
count = sum(1 for _ in csv.reader(open(sys.argv[2], newline=""))) - 1
want = int(statement["measures"]["older_emergencies"]["values"][year]["value"])
assert count == want, f"older_emergencies: {count} records listed, the statement counts {want}"
rate = statement["measures"]["readmission_rate"]["values"][year]
rows = list(csv.DictReader(open(sys.argv[3], newline="")))
numerator = sum(1 for r in rows if r["counted_as"] == "numerator")
assert (numerator, len(rows)) == (rate["numerator"], rate["denominator"]), \
    f"readmission_rate: {numerator} of {len(rows)} listed, the statement has {rate['numerator']} of {rate['denominator']}"
print(f"rows_bench: records listed match the statement ({count:,}; {numerator:,} of {len(rows):,})", file=sys.stderr)
PY

echo "| $rows rows, $repeats runs each, alternating | median wall time | ratio to run | median peak memory |"
echo "|---|---|---|---|"
run_median=$(tr ' ' '\n' <<< "${times[run]}" | grep . | median)
labels=("\`ocf run\` (JSON statement)" "\`ocf rows --measure older_emergencies --period $year\`" "\`ocf rows --measure readmission_rate --period $year\`")
for k in 0 1 2; do
  name=${names[$k]}
  t=$(tr ' ' '\n' <<< "${times[$name]}" | grep . | median)
  m=$(tr ' ' '\n' <<< "${memory[$name]}" | grep . | median)
  awk -v l="${labels[$k]}" -v t="$t" -v r="$run_median" -v m="$m" \
    'BEGIN { printf "| %s | %.2f s | %.2f | %.0f MB |\n", l, t, t / r, m / 1024 }'
done
