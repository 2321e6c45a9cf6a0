#!/usr/bin/env bash
# Where `ocf run` spends its time on the end-to-end benchmark (bench/episodes.ocf
# over run_bench.sh's generated CSV): `perf record` of one run, then the top
# entries of `perf report --no-children --percent-limit 1.5 --stdio`, so a change
# can quote them before and after. See bench/README.md.
#
#   bash bench/profile.sh [ROWS] [LABEL]       (defaults 10000000 and none)
#
# Writes to DATA_DIR/out (default build/bench-data/out), LABEL naming the files:
#   profile-ocf[-LABEL].txt                 the top entries, flat (self time by symbol), and by object
#   profile-ocf[-LABEL].callers.txt         the same entries with their callers
#   profile-handwritten-validating[-LABEL].txt   the same for the hand-written validating pass
# and prints the flat top entries. perf.data files go to DATA_DIR/perf.
#
# Environment:
#   OCF=path        the ocf binary (default build/release/ocf, built with `cmake --preset release`)
#   CALL_GRAPH=dwarf  perf's --call-graph: dwarf (default: the release build has no frame
#                     pointers, so `fp` stacks stop at the first function built without them), fp, or none
#   FREQ=n          samples a second a thread (default 999)
#   HANDWRITTEN=0   skip profiling the hand-written validating pass
#   ENGINE=jit      ocf's --engine (default jit; the JIT's generated code has no symbols and is
#                   reported as [unknown] or [JIT] addresses)
#   SEED, CXX, DATA_DIR as for run_bench.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
rows=${1:-10000000}
label=${2:+-$2}
seed=${SEED:-1}
cxx=${CXX:-g++}
data=${DATA_DIR:-$root/build/bench-data}
bin=$root/build/bench-bin
call_graph=${CALL_GRAPH:-dwarf}
freq=${FREQ:-999}
engine=${ENGINE:-jit}
case $rows in '' | *[!0-9]*) echo "profile: ROWS must be a whole number" >&2; exit 2 ;; esac

if ! command -v perf > /dev/null; then
  echo "profile: installing linux-perf" >&2
  apt-get install -y linux-perf > /dev/null
fi
if [ -n "${OCF:-}" ]; then
  ocf=$OCF
else
  (cd "$root" && cmake --preset release > /dev/null && cmake --build --preset release --target ocf > /dev/null)
  ocf=$root/build/release/ocf
fi
[ -x "$ocf" ] || { echo "profile: no ocf binary at $ocf" >&2; exit 2; }

. "$here/episodes_data.sh"
mkdir -p "$data/perf" "$data/out"
if [ ! -x "$bin/ocf_bench_handwritten_validating" ] ||
  [ "$here/handwritten_validating.cc" -nt "$bin/ocf_bench_handwritten_validating" ]; then
  "$cxx" -O2 -std=c++20 -Wall -Wextra -Werror -o "$bin/ocf_bench_handwritten_validating" \
    "$here/handwritten_validating.cc"
fi

graph=()
case $call_graph in
  none) ;;
  dwarf) graph=(--call-graph "dwarf,16384") ;;
  *) graph=(--call-graph "$call_graph") ;;
esac
ocf_flags=(--format json --engine "$engine")
"$ocf" run --help 2>&1 | grep -q -- '--no-cache' && ocf_flags+=(--no-cache)

# profile NAME COMMAND...: record, then the flat and the callers' reports.
profile() {
  local name=$1
  shift
  local out=$data/out/profile-$name$label.txt perf_data=$data/perf/$name$label.data
  local load
  load=$(cut -d' ' -f1-3 /proc/loadavg)
  echo "profile: perf record: $*" >&2
  perf record -q -F "$freq" "${graph[@]}" -o "$perf_data" -- "$@" > /dev/null 2> "$data/perf/$name$label.err" ||
    { tail -5 "$data/perf/$name$label.err" >&2; echo "profile: $name failed" >&2; exit 1; }
  {
    echo "perf profile of: $*"
    echo "$(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average before $load, commit $(git -C "$root" rev-parse --short HEAD 2> /dev/null || echo '?')"
    echo "rows: $rows   call graph: $call_graph   frequency: $freq Hz"
    echo "perf report -i $perf_data --no-children --percent-limit 1.5 --stdio -g none"
    perf report -i "$perf_data" --no-children --percent-limit 1.5 --stdio -g none 2> /dev/null | grep -v '^$'
    echo
    echo "by object (the JIT's code is one [JIT] object a thread):"
    perf report -i "$perf_data" --no-children --sort dso --stdio -g none 2> /dev/null | grep '%'
  } | sed 's/[[:space:]]*$//' > "$out"
  perf report -i "$perf_data" --no-children --percent-limit 1.5 --stdio 2> /dev/null > "${out%.txt}.callers.txt"
  echo "profile: $out" >&2
  grep -v '^#' "$out" | sed -n '1,3p;/%/p' | head -40
  echo
}

profile ocf "$ocf" run "$here/episodes.ocf" --data "$data" "${ocf_flags[@]}"
[ "${HANDWRITTEN:-1}" = 0 ] || profile handwritten-validating "$bin/ocf_bench_handwritten_validating" "$csv"
