#!/usr/bin/env bash
# Runs a contract on both engines and fails unless their JSON statements are
# byte-identical and the compiled engine really ran (no fallback warning).
#   tests/engines_agree.sh OCF CONTRACT DATA_DIR [ocf run options...]
set -euo pipefail
ocf=$1 contract=$2 data=$3
shift 3
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
"$ocf" run "$contract" --data "$data" --format json --engine interp "$@" >"$scratch/interp.json"
for threads in 1 2 3; do
  # On so little data `ocf run` compiles quickly (no O2, -O0 code): with 1
  # and 3 threads, compile at O2 as for large data (compiler/codegen/codegen.h).
  quick=$([ "$threads" = 2 ] && echo "" || echo 0)
  OCF_JIT_QUICK=$quick "$ocf" run "$contract" --data "$data" --format json --engine jit --threads "$threads" "$@" \
    >"$scratch/jit.json" 2>"$scratch/jit.err"
  if grep -q "reference interpreter" "$scratch/jit.err"; then
    echo "the JIT fell back to the interpreter:" >&2
    cat "$scratch/jit.err" >&2
    exit 1
  fi
  if ! cmp -s "$scratch/interp.json" "$scratch/jit.json"; then
    echo "engines disagree on $contract with --threads $threads:" >&2
    diff "$scratch/interp.json" "$scratch/jit.json" | head -40 >&2
    exit 1
  fi
done
echo "jit and interp agree on $contract ($(wc -c <"$scratch/jit.json") bytes of JSON)"
