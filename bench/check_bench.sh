#!/usr/bin/env bash
# How long `ocf check` takes on a generated 1,000-line contract, as the median
# of several runs, next to a baseline run in the same session: `ocf check` on
# a ten-line contract (process start-up, reading, the smallest parse).
#
#   bash bench/check_bench.sh [--grouped] [OCF_BINARY] [LINES] [RUNS]
#
# --grouped: the contract of issue 15's start-up goal (gen_contract.sh
# --grouped: 300 measures `by provider`, 75 targets per 1,000 lines).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shape=()
if [[ ${1:-} == --grouped ]]; then
  shape=(--grouped)
  shift
fi
ocf=${1:-$here/../build/release/ocf}
lines=${2:-1000}
runs=${3:-21}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bash "$here/gen_contract.sh" "$lines" "${shape[@]}" > "$work/large.ocf"
cat > "$work/small.ocf" <<'OCF'
contract "Small" {
  commissioner "NHS Small ICB"
  term 2024-04-01 to 2025-03-31
}
data visits dated by seen_on {
  seen_on : date
}
measure visits_seen = count visits
OCF

# Median wall time of `ocf check FILE` in milliseconds (3 decimals).
median_ms() {
  local file=$1 times=()
  for ((i = 0; i < runs; i++)); do
    local t0 t1
    t0=$(date +%s%N)
    "$ocf" check "$file" > /dev/null 2>&1 || { echo "ocf check failed on $file:" >&2; "$ocf" check "$file" >&2; exit 1; }
    t1=$(date +%s%N)
    times+=($(( t1 - t0 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | awk -v n="$runs" 'NR == int((n + 1) / 2) { printf "%.3f", $1 / 1e6 }'
}

# Alternate so both see the same machine state.
small=$(median_ms "$work/small.ocf")
large=$(median_ms "$work/large.ocf")
small2=$(median_ms "$work/small.ocf")
echo "contract lines:        $(wc -l < "$work/large.ocf")"
echo "ocf check, ${lines}-line:  ${large} ms (median of $runs)"
echo "baseline, 10-line:     ${small} ms / ${small2} ms (before / after)"
awk -v a="$large" -v b="$small" 'BEGIN { printf "ratio large/baseline:  %.2f\n", a / b }'
