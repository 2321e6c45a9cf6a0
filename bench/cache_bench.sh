#!/usr/bin/env bash
# The column cache (docs/cache.md) on the end-to-end benchmark's data:
# bench/episodes.ocf over the generated CSV of ROWS episodes, run without the
# cache, as a first run that writes it (into an emptied folder), as a
# re-run that maps it (`--engine jit`, so the answers cache is not read), and
# as a re-run with the default engine that answers from the answers cache.
# Medians of wall time and peak RSS over REPEATS rounds,
# the re-run's speed-up, and a check that the three outputs are identical.
# See bench/README.md.
#
#   bash bench/cache_bench.sh [ROWS] [REPEATS]       (defaults 10000000 and 5)
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
case $rows in '' | *[!0-9]*) echo "cache_bench: ROWS must be a whole number" >&2; exit 2 ;; esac
case $repeats in '' | *[!0-9]* | 0) echo "cache_bench: REPEATS must be a positive whole number" >&2; exit 2 ;; esac
[ -x "$ocf" ] || { echo "cache_bench: no ocf binary at $ocf (build it: cmake --build --preset release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "cache_bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

. "$here/episodes_data.sh"
cache=$data/cache
contract=$here/episodes.ocf

run() {  # NAME ARGS...: "wall-seconds peak-KB cpu-seconds" of one `ocf run`, its output in out/cache_NAME.json
  local name=$1
  shift
  /usr/bin/time -f '%e %M %U %S' -o "$data/out/cache_$name.time" \
    "$ocf" run "$contract" --data "episodes=$csv" --format json --timings "$@" \
    > "$data/out/cache_$name.json" 2> "$data/out/cache_$name.err"
  awk '{ printf "%s %s %.2f\n", $1, $2, $3 + $4 }' "$data/out/cache_$name.time"
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

plain_t=() plain_m=() first_t=() first_m=() again_t=() again_m=() plain_c=() first_c=() again_c=()
answer_t=() answer_m=() answer_c=()
for ((i = 1; i <= repeats; i++)); do
  read -r t m c < <(run plain --no-cache)
  plain_t+=("$t") plain_m+=("$m") plain_c+=("$c")
  rm -rf "$cache"
  read -r t m c < <(run first --cache "$cache")
  first_t+=("$t") first_m+=("$m") first_c+=("$c")
  grep -q 'a miss, the read written' "$data/out/cache_first.err" || { echo "cache_bench: the first run wrote no entry" >&2; exit 1; }
  read -r t m c < <(run again --cache "$cache" --engine jit)
  again_t+=("$t") again_m+=("$m") again_c+=("$c")
  grep -q 'a hit, mapped' "$data/out/cache_again.err" || { echo "cache_bench: the re-run did not hit" >&2; exit 1; }
  read -r t m c < <(run answered --cache "$cache")
  answer_t+=("$t") answer_m+=("$m") answer_c+=("$c")
  grep -q '(a hit: the answers' "$data/out/cache_answered.err" || { echo "cache_bench: the answers were not used" >&2; exit 1; }
  cmp -s "$data/out/cache_plain.json" "$data/out/cache_answered.json" || { echo "cache_bench: outputs differ" >&2; exit 1; }
  cmp -s "$data/out/cache_plain.json" "$data/out/cache_first.json" || { echo "cache_bench: outputs differ" >&2; exit 1; }
  cmp -s "$data/out/cache_plain.json" "$data/out/cache_again.json" || { echo "cache_bench: outputs differ" >&2; exit 1; }
  echo "cache_bench: round $i: no cache ${plain_t[-1]} s, first ${first_t[-1]} s, re-run ${again_t[-1]} s, answered ${answer_t[-1]} s" >&2
done
pt=$(printf '%s\n' "${plain_t[@]}" | median) pm=$(printf '%s\n' "${plain_m[@]}" | median)
ft=$(printf '%s\n' "${first_t[@]}" | median) fm=$(printf '%s\n' "${first_m[@]}" | median)
at=$(printf '%s\n' "${again_t[@]}" | median) am=$(printf '%s\n' "${again_m[@]}" | median)
pc=$(printf '%s\n' "${plain_c[@]}" | median) fc=$(printf '%s\n' "${first_c[@]}" | median)
ac=$(printf '%s\n' "${again_c[@]}" | median)
nt=$(printf '%s\n' "${answer_t[@]}" | median) nm=$(printf '%s\n' "${answer_m[@]}" | median)
nc=$(printf '%s\n' "${answer_c[@]}" | median)
size=$(du -k "$cache" | tail -1 | cut -f1)
echo "cache_bench: $rows rows, $(stat -c %s "$csv") bytes of CSV, cache entry $((size / 1024)) MB; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-22s %8s s wall %8s s CPU %8s MB peak RSS\n' "no cache" "$pt" "$pc" $((${pm%.*} / 1024)) \
  "first run (writes)" "$ft" "$fc" $((${fm%.*} / 1024)) "re-run (maps)" "$at" "$ac" $((${am%.*} / 1024)) \
  "re-run (answers)" "$nt" "$nc" $((${nm%.*} / 1024))
awk -v f="$ft" -v a="$at" -v p="$pt" -v fc="$fc" -v ac="$ac" -v pc="$pc" 'BEGIN {
  printf "re-run %.1fx faster than the first run (wall), %.1fx (CPU); writing the entry adds %.3f s wall, %.2f s CPU\n", f / a, fc / ac, f - p, fc - pc }'
awk -v f="$ft" -v n="$nt" 'BEGIN { printf "answered re-run %.1fx faster than the first run (wall)\n", f / n }'
echo "the re-run's timings:"
grep -E 'column cache|ingestion|JIT|scan|total' "$data/out/cache_again.err"
