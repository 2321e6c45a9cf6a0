#!/usr/bin/env bash
# What `ocf explain` and `ocf rows` cost against `ocf run` (issue 12), on the
# generated CSV of bench/run_bench.sh. The benchmark's contract
# (episodes.ocf) has no payments, so this runs a copy with quarterly periods,
# two targets, an outcome and a payment block appended
# (explain_payments.ocf.part): `ocf run` of it, `ocf explain` of one payment line
# in one year (its achievement, targets and measures down to the record
# counts), and `ocf rows` of one measure in one quarter. Alternating runs,
# medians of wall time and peak memory, each ratio to `ocf run`; the
# explained amount is checked against the statement's.
#
#   bash bench/explain_bench.sh [ROWS] [REPEATS]     (defaults 10000000 and 5)
#
# Environment: OCF (default build/release/ocf), SEED, CXX, DATA_DIR as for
# bench/run_bench.sh, whose data this reuses. See bench/README.md.
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
case $rows in '' | *[!0-9]*) echo "explain_bench: ROWS must be a whole number" >&2; exit 2 ;; esac
case $repeats in '' | *[!0-9]* | 0) echo "explain_bench: REPEATS must be a positive whole number" >&2; exit 2 ;; esac
[ -x "$ocf" ] || { echo "explain_bench: no ocf binary at $ocf (build it: cmake --build --preset release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "explain_bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

. "$here/episodes_data.sh"
out=$data/out
contract=$out/explain_payments.ocf
sed 's/periods      yearly/periods      quarterly/' "$here/episodes.ocf" > "$contract"
cat "$here/explain_payments.ocf.part" >> "$contract"
line="Outcome payment"
year=2021
quarter="2021 Q2"

measure() {  # OUT COMMAND...: "seconds peak-KB" of one run, its standard output to OUT
  local file=$1
  shift
  /usr/bin/time -f "%e %M" -o "$out/explain_bench.time" "$@" > "$file" 2> /dev/null
  cat "$out/explain_bench.time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

names=(run explain rows)
declare -A times memory
for ((i = 1; i <= repeats; i++)); do
  r=$(measure "$out/explain_run.json" "$ocf" run "$contract" --data "episodes=$csv" --format json)
  e=$(measure "$out/explain_line.json" "$ocf" explain "$contract" --data "episodes=$csv" --line "$line" \
        --period $year --format json)
  w=$(measure "$out/explain_rows.csv" "$ocf" rows "$contract" --data "episodes=$csv" \
        --measure readmission_rate --period "$quarter")
  for pair in "run $r" "explain $e" "rows $w"; do
    set -- $pair
    times[$1]+="$2 "
    memory[$1]+="$3 "
  done
  echo "explain_bench: round $i: run ${r% *} s, explain ${e% *} s, rows ${w% *} s" >&2
done

python3 - "$out/explain_run.json" "$out/explain_line.json" "$out/explain_rows.csv" "$line" "$year" "$quarter" << 'PY'
import csv, json, sys
statement = json.load(open(sys.argv[1]))
explained = json.load(open(sys.argv[2]))
line, year, quarter = sys.argv[4], sys.argv[5], sys.argv[6]
paid = [l["amount"] for l in statement["payments"][year]["lines"] if l["name"] == line]
assert paid == [explained["tree"]["facts"]["amount"]], f"explained {explained['tree']['facts']['amount']}, paid {paid}"
rate = statement["measures"]["readmission_rate"]["values"][quarter]
rows = list(csv.DictReader(open(sys.argv[3], newline="")))
numerator = sum(1 for r in rows if r["counted_as"] == "numerator")
assert (numerator, len(rows)) == (rate["numerator"], rate["denominator"]), "rows do not match the statement"
print(f"explain_bench: the explained amount is the statement's ({paid[0]}); rows listed {numerator:,} of {len(rows):,}",
      file=sys.stderr)
PY

echo "| $rows rows, $repeats runs each, alternating | median wall time | ratio to run | median peak memory |"
echo "|---|---|---|---|"
run_median=$(tr ' ' '\n' <<< "${times[run]}" | grep . | median)
labels=("\`ocf run\` (JSON statement)" "\`ocf explain --line \"$line\" --period $year\`"
        "\`ocf rows --measure readmission_rate --period \"$quarter\"\`")
for k in 0 1 2; do
  name=${names[$k]}
  t=$(tr ' ' '\n' <<< "${times[$name]}" | grep . | median)
  m=$(tr ' ' '\n' <<< "${memory[$name]}" | grep . | median)
  awk -v l="${labels[$k]}" -v t="$t" -v r="$run_median" -v m="$m" \
    'BEGIN { printf "| %s | %.2f s | %.2f | %.0f MB |\n", l, t, t / r, m / 1024 }'
done
