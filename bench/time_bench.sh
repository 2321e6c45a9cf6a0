#!/usr/bin/env bash
# What time costs (issue 9): bench/episodes.ocf as it is, against the same
# contract with a baseline (2019, the term 2020-2023: every row is still read),
# one extra `over last 12 months` measure and one target `reduced by 5% from
# baseline`, over the same generated CSV. Alternating runs, medians of wall
# time and the ratio. See bench/README.md.
#
#   bash bench/time_bench.sh [ROWS] [REPEATS]       (defaults 10000000 and 5)
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
case $rows in '' | *[!0-9]*) echo "time_bench: ROWS must be a whole number" >&2; exit 2 ;; esac
case $repeats in '' | *[!0-9]* | 0) echo "time_bench: REPEATS must be a positive whole number" >&2; exit 2 ;; esac
[ -x "$ocf" ] || { echo "time_bench: no ocf binary at $ocf (build it: cmake --build --preset release)" >&2; exit 2; }

. "$here/episodes_data.sh"

# The contract with time: a baseline year, a windowed measure, a change target.
plain=$here/episodes.ocf
timed=$data/episodes_time.ocf
sed -e 's/^  term         2019-01-01 to 2023-12-31$/  term         2020-01-01 to 2023-12-31\n  baseline     2019-01-01 to 2019-12-31/' \
  "$plain" > "$timed"
cat >> "$timed" << 'OCF'

measure recent_emergencies "Emergency episodes in the last 12 months" by provider over last 12 months =
  count episodes where emergency

target mean_stay reduced by 5% from baseline
OCF
grep -q '^  baseline ' "$timed" || { echo "time_bench: could not add the baseline to $plain" >&2; exit 2; }
"$ocf" check "$timed" > /dev/null

run() {  # CONTRACT OUT: wall seconds of one `ocf run`
  local t0 t1
  t0=$(date +%s%N)
  "$ocf" run "$1" --data "episodes=$csv" --format json > "$2"
  t1=$(date +%s%N)
  awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f\n", ns / 1e9 }'
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

plain_times=() timed_times=()
for ((i = 1; i <= repeats; i++)); do
  plain_times+=("$(run "$plain" "$data/out/time_plain.json")")
  timed_times+=("$(run "$timed" "$data/out/time_timed.json")")
  echo "time_bench: round $i: without ${plain_times[-1]} s, with ${timed_times[-1]} s" >&2
done
a=$(printf '%s\n' "${plain_times[@]}" | median)
b=$(printf '%s\n' "${timed_times[@]}" | median)
grep -q '"baseline": {"value"' "$data/out/time_timed.json" || { echo "time_bench: no baseline values" >&2; exit 1; }
echo "| contract ($rows rows, $repeats runs each, alternating) | median wall time |"
echo "|---|---|"
echo "| episodes.ocf | $a s |"
echo "| with a baseline, an \`over last 12 months\` measure and a change target | $b s |"
awk -v a="$a" -v b="$b" 'BEGIN { printf "| ratio | %.3f |\n", b / a }'
