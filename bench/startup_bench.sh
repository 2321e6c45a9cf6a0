#!/usr/bin/env bash
# Start-up and small inputs (issue 15): medians of wall time, in ms, of
#   - `ocf --version`;
#   - `ocf check` on a generated contract of about 1,000 lines with 300
#     measures `by provider` and 75 targets (gen_contract.sh --grouped);
#   - `ocf run` on each example over its sample data, with the default engine
#     (`--engine auto`) and with `--engine interp`, runs alternating, and
#     which engine auto chose (`--timings`).
# Also whether each of these maps libLLVM (LD_DEBUG=libs), which only a run
# on the compiled engine should.
#
#   bash bench/startup_bench.sh [OCF_BINARY] [RUNS] [RUN_RUNS]
#       (defaults build/release/ocf, 9 for --version and check, 7 for the runs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
ocf=${1:-$root/build/release/ocf}
runs=${2:-9}
run_runs=${3:-7}
[ -n "${EPOCHREALTIME:-}" ] || { echo "startup_bench: needs bash 5 or later (\$EPOCHREALTIME)" >&2; exit 2; }
[ -x "$ocf" ] || { echo "startup_bench: no ocf binary at $ocf (build it: cmake --build --preset release)" >&2; exit 2; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$here/gen_contract.sh" 1000 --grouped > "$work/grouped.ocf"

# The median of a list of nanosecond times, in ms.
median() { printf '%s\n' "$@" | sort -n | awk '{ t[NR] = $1 } END { printf "%.1f", t[int((NR + 1) / 2)] / 1e6 }'; }
# Wall time of one run of "$@", in ns; the command must succeed. The clock is
# bash's $EPOCHREALTIME (microseconds), read without forking: `date +%s%N`
# forked twice a sample and added several ms to each.
once() {
  local t0 t1
  t0=${EPOCHREALTIME/[.,]/}
  "$@" > /dev/null 2> "$work/err" || { echo "startup_bench: failed: $*" >&2; cat "$work/err" >&2; exit 1; }
  t1=${EPOCHREALTIME/[.,]/}
  echo $(( (t1 - t0) * 1000 ))
}
# Whether "$@" maps libLLVM: "LLVM" or "-".
llvm() {
  rm -f "$work"/ld.*
  LD_DEBUG=libs LD_DEBUG_OUTPUT="$work/ld" "$@" > /dev/null 2>&1 || true
  if cat "$work"/ld.* 2> /dev/null | grep -q 'libLLVM'; then echo LLVM; else echo -; fi
}

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-44s %10s %10s  %s\n' "command" "median ms" "" "libLLVM"
t=()
for ((i = 0; i < runs; i++)); do t+=("$(once "$ocf" --version)"); done
printf '%-44s %10s %10s  %s\n' "ocf --version" "$(median "${t[@]}")" "" "$(llvm "$ocf" --version)"
t=()
for ((i = 0; i < runs; i++)); do t+=("$(once "$ocf" check "$work/grouped.ocf")"); done
printf '%-44s %10s %10s  %s\n' "ocf check ($(wc -l < "$work/grouped.ocf") lines, 300 by, 75 targets)" \
  "$(median "${t[@]}")" "" "$(llvm "$ocf" check "$work/grouped.ocf")"

echo
printf '%-16s %10s %10s %8s  %-34s %s\n' "example" "auto ms" "interp ms" "ratio" "auto chose" "libLLVM (auto)"
for dir in "$root"/examples/*/; do
  name=$(basename "$dir")
  contract=$dir/$name.ocf
  [ -f "$contract" ] || continue
  args=(run "$contract" --data "$dir/data")
  [ "$name" = older_people ] && args+=(--set registered_65_plus=3000)
  auto=() interp=()
  for ((i = 0; i < run_runs; i++)); do
    auto+=("$(once "$ocf" "${args[@]}")")
    interp+=("$(once "$ocf" "${args[@]}" --engine interp)")
  done
  a=$(median "${auto[@]}") b=$(median "${interp[@]}")
  chose=$("$ocf" "${args[@]}" --timings 2>&1 > /dev/null | grep -o '[a-z]* engine[^)]*' | head -1 || true)
  printf '%-16s %10s %10s %8s  %-34s %s\n' "$name" "$a" "$b" "$(awk -v a="$a" -v b="$b" 'BEGIN { printf "%.2f", a / b }')" \
    "${chose:-?}" "$(llvm "$ocf" "${args[@]}")"
done
