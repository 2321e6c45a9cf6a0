#!/usr/bin/env bash
# The linked-records benchmark (issue 10): bench/links.ocf's 7-day follow-up
# rate — DISCHARGES discharges linked to CONTACTS community contacts on
# nhs_number — answered by ocf (JIT), ocf --engine interp, a hand-written C++
# hash join (bench/links_handwritten.cc) and DuckDB (bench/duckdb/links.mjs),
# in the same run, alternating. Reports the median wall time and peak RSS
# (/usr/bin/time) of each, and checks that all four give the same answer.
# See bench/README.md.
#
#   bash bench/links_bench.sh [DISCHARGES] [CONTACTS] [REPEATS]   (defaults 1000000 5000000 3)
#
# Environment: OCF (the ocf binary, default build/release/ocf), INTERP=0 to
# leave out the interpreter, SEED, CXX, DATA_DIR (default build/bench-data),
# DUCKDB_THREADS. The generated CSVs stay in DATA_DIR, out of git.
set -euo pipefail
export OCF_NO_CACHE=1  # every run reads its CSV (docs/cache.md)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
discharges=${1:-1000000}
contacts=${2:-5000000}
repeats=${3:-3}
seed=${SEED:-1}
interp=${INTERP:-1}
cxx=${CXX:-g++}
data=${DATA_DIR:-$root/build/bench-data}
bin=$root/build/bench-bin
ocf=${OCF:-$root/build/release/ocf}
for n in "$discharges" "$contacts" "$repeats"; do
  case $n in '' | *[!0-9]*) echo "links_bench: sizes and REPEATS must be whole numbers" >&2; exit 2 ;; esac
done
[ -x "$ocf" ] || { echo "links_bench: no ocf binary at $ocf (build it: cmake --build --preset release)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "links_bench: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

mkdir -p "$bin" "$data/out"
build_tool() {  # NAME SOURCE: -O2, rebuilt when the source is newer
  if [ ! -x "$bin/$1" ] || [ "$2" -nt "$bin/$1" ]; then
    "$cxx" -O2 -std=c++20 -Wall -Wextra -Werror -o "$bin/$1" "$2"
  fi
}
build_tool ocf_bench_gen_links "$here/gen_links.cc"
build_tool ocf_bench_links_handwritten "$here/links_handwritten.cc"
if [ ! -d "$here/duckdb/node_modules/@duckdb/node-api" ]; then
  echo "links_bench: npm install --prefix bench/duckdb" >&2
  npm install --prefix "$here/duckdb" --no-audit --no-fund > /dev/null
fi

# ---------------------------------------------------------------- data
d_csv=$data/links_discharges.csv
c_csv=$data/links_contacts.csv
stamp="discharges=$discharges contacts=$contacts seed=$seed generator=$(cksum < "$here/gen_links.cc" | cut -d' ' -f1)"
if [ ! -f "$c_csv" ] || [ "$(cat "$data/links.stamp" 2> /dev/null)" != "$stamp" ]; then
  echo "links_bench: generating $discharges discharges and $contacts contacts" >&2
  rm -f "$data/links.stamp"
  "$bin/ocf_bench_gen_links" "$d_csv" "$c_csv" "$discharges" "$contacts" "$seed"
  echo "$stamp" > "$data/links.stamp"
fi
cat "$d_csv" "$c_csv" > /dev/null  # every program starts with the files in the page cache

# ---------------------------------------------------------------- runs
contract=$here/links.ocf
ocf_run="$ocf run $contract --data discharges=$d_csv --data contacts=$c_csv --format csv"
variants=("ocf-jit|$ocf_run --engine jit")
[ "$interp" != 0 ] && variants+=("ocf-interp|$ocf_run --engine interp")
variants+=("handwritten|$bin/ocf_bench_links_handwritten $d_csv $c_csv")
variants+=("duckdb|node $here/duckdb/links.mjs $d_csv $c_csv")

results=$data/links_results.txt  # name wall_s peak_kb
: > "$results"
for ((round = 1; round <= repeats; round++)); do
  for variant in "${variants[@]}"; do
    name=${variant%%|*}
    command=${variant#*|}
    echo "links_bench: round $round/$repeats: $name" >&2
    # shellcheck disable=SC2086  # the command is split into words on purpose
    if ! /usr/bin/time -f '%e %M' -o "$data/out/links_$name.time" $command > "$data/out/links_$name.out" 2> "$data/out/links_$name.err"; then
      echo "links_bench: $name failed:" >&2
      tail -20 "$data/out/links_$name.err" >&2
      exit 1
    fi
    echo "$name $(tail -1 "$data/out/links_$name.time")" >> "$results"
  done
done

# ---------------------------------------------------------------- answers
# ocf's CSV statement as "PERIOD NUMERATOR DENOMINATOR", like the others'.
for name in ocf-jit ocf-interp; do
  [ -f "$data/out/links_$name.out" ] || continue
  grep '^measure,followed_up,' "$data/out/links_$name.out" | awk -F, '{ print $4, $6, $7 }' > "$data/out/links_$name.answer"
done
cp "$data/out/links_handwritten.out" "$data/out/links_handwritten.answer"
cp "$data/out/links_duckdb.out" "$data/out/links_duckdb.answer"
for name in ocf-jit ocf-interp duckdb; do
  [ -f "$data/out/links_$name.answer" ] || continue
  if ! cmp -s "$data/out/links_$name.answer" "$data/out/links_handwritten.answer"; then
    echo "links_bench: $name's answer differs from the hand-written program's:" >&2
    diff "$data/out/links_$name.answer" "$data/out/links_handwritten.answer" >&2 || true
    exit 1
  fi
done

echo "$discharges discharges, $contacts contacts, $repeats runs each, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "answer (every program agrees): $(tr '\n' ';' < "$data/out/links_handwritten.answer")"
echo
echo "| program | median wall time | median peak RSS |"
echo "|---|---|---|"
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for variant in "${variants[@]}"; do
  name=${variant%%|*}
  wall=$(awk -v n="$name" '$1 == n { print $2 }' "$results" | median)
  peak=$(awk -v n="$name" '$1 == n { print $3 }' "$results" | median)
  awk -v n="$name" -v w="$wall" -v m="$peak" 'BEGIN { printf "| %s | %.2f s | %.0f MB |\n", n, w, m / 1024 }'
done
