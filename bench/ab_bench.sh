#!/usr/bin/env bash
# Two builds of ocf side by side: `ocf run` on the episodes benchmark (the
# contract and data of run_bench.sh) and `ocf check` on a generated 1,000-line
# contract, each run alternately, A then B, and reported as medians and the
# ratio B/A. For changes that may cost speed without meaning to (compile
# flags, visibility, a refactor of the driver).
#
#   bash bench/ab_bench.sh OCF_A OCF_B [ROWS] [RUNS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
a=${1:?the baseline ocf binary}
b=${2:?the ocf binary to compare}
rows=${3:-3000000}
runs=${4:-7}
seed=${SEED:-1}
cxx=${CXX:-g++}
bin=$here/../build/bench-bin
data=$here/../build/bench-data
# shellcheck source=episodes_data.sh
source "$here/episodes_data.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$here/gen_contract.sh" 1000 > "$work/large.ocf"

# now_ns: the monotonic clock.
now_ns() { date +%s%N; }
# Median of the numbers on standard input.
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() {  # NAME COMMAND...: appends one timing (ms) to $work/NAME
  local name=$1 t0 t1
  shift
  t0=$(now_ns)
  "$@" > /dev/null 2>&1 || { echo "ab_bench: \`$*\` failed" >&2; exit 1; }
  t1=$(now_ns)
  echo "$(( (t1 - t0) / 1000 ))" | awk '{ printf "%.1f\n", $1 / 1000 }' >> "$work/$name"
}

for ((i = 0; i < runs; i++)); do
  for side in a b; do
    ocf=${!side}
    measure "run_$side" "$ocf" run "$here/episodes.ocf" --data "episodes=$csv" --format json
    for ((k = 0; k < 3; k++)); do measure "check_$side" "$ocf" check "$work/large.ocf"; done
  done
done

printf '%-38s %12s %12s %8s\n' "" "A (ms)" "B (ms)" "B/A"
for what in run check; do
  ma=$(median < "$work/${what}_a")
  mb=$(median < "$work/${what}_b")
  label=$([ "$what" = run ] && echo "ocf run, $rows episodes" || echo "ocf check, 1,000-line contract")
  printf '%-38s %12s %12s %8s\n' "$label" "$ma" "$mb" "$(awk -v a="$ma" -v b="$mb" 'BEGIN { printf "%.3f", b / a }')"
done
echo "A: $a ($("$a" --version)); B: $b ($("$b" --version)); $runs runs of run, $((3 * runs)) of check, alternating"
