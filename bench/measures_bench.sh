#!/usr/bin/env bash
# Many measures over little data: `ocf run` on N simple measures
# (gen_simple_measures.sh, or gen_measures.sh's mix with MIX=1) over ROWS
# generated episodes, on each engine (auto, the default; jit; interp), one
# run each: wall time, CPU time (user + system) and peak RSS, the engine
# that ran, and whether the statements agree.
#   bash bench/measures_bench.sh [OCF] [N...]       (defaults build/release/ocf, 500 5000)
# Environment: ROWS (default 5000), MIX=1, CXX (default g++).
set -euo pipefail
export OCF_NO_CACHE=1  # every run reads its CSV (docs/cache.md)
here=$(cd "$(dirname "$0")" && pwd)
ocf=${1:-$here/../build/release/ocf}
shift || true
counts=("$@")
[ ${#counts[@]} -eq 0 ] && counts=(500 5000)
rows=${ROWS:-5000}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/data"
"${CXX:-g++}" -O2 -std=c++20 -o "$scratch/gen" "$here/gen_episodes.cc"
"$scratch/gen" "$scratch/data/episodes.csv" "$rows" 1
generator=$here/gen_simple_measures.sh
[ "${MIX:-0}" = 1 ] && generator=$here/gen_measures.sh
echo "$(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg), $rows rows, $(basename "$generator")"
printf '%-8s %-7s %9s %9s %10s  %s\n' measures engine "wall s" "CPU s" "peak MB" "ran on"
for n in "${counts[@]}"; do
  bash "$generator" "$n" >"$scratch/c.ocf"
  "$ocf" check "$scratch/c.ocf" >/dev/null
  for engine in auto jit interp; do
    /usr/bin/time -f '%e %U %S %M' -o "$scratch/time" \
      "$ocf" run "$scratch/c.ocf" --data "$scratch/data" --format json --engine "$engine" --timings \
      >"$scratch/$engine.json" 2>"$scratch/$engine.err"
    read -r wall user system kb <"$scratch/time"
    ran=$(sed -n 's/^timings (\([a-z]*\) engine.*/\1/p' "$scratch/$engine.err")
    grep -q 'the rest quickly' "$scratch/$engine.err" && ran="$ran (quick compile)"
    awk -v n="$n" -v e="$engine" -v w="$wall" -v u="$user" -v s="$system" -v kb="$kb" -v r="$ran" \
      'BEGIN { printf "%-8s %-7s %9.2f %9.2f %10.0f  %s\n", n, e, w, u + s, kb / 1024, r }'
  done
  for engine in auto jit; do
    cmp -s "$scratch/$engine.json" "$scratch/interp.json" || echo "  $engine and interp DIFFER at $n measures"
  done
done
