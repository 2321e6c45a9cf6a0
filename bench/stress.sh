#!/usr/bin/env bash
# Stress cases of issue 8 on both engines: wall time, CPU time and peak memory
# (/usr/bin/time) and the exit status of each run, as a table. Every input is
# generated here, deterministically, into $OUT (and reused while its size is
# unchanged); every run has a timeout, so the script always finishes.
#
#   bash bench/stress.sh                  # every case, full size
#   QUICK=1 bash bench/stress.sh          # small sizes: a smoke test in seconds
#   CASES='p90|mean' bash bench/stress.sh # only the cases whose name matches
#   OCF=/path/to/ocf TIMEOUT=300 bash bench/stress.sh
#
# Sizes (environment): GROUPS_N (1,000,000 `by` groups), MEASURES ("500 5000"),
# CHAIN (14 levels), ROWS (10,000,000 decimals for the percentile cases),
# TERM_YEARS (9999, from 0001-01-01, the longest term dates allow; ocf
# accepts at most 100 years, so this measures the refusal), LONG_ROWS (rows
# spread over the longest accepted term, 100 years monthly).
set -uo pipefail
export OCF_NO_CACHE=1  # every run reads its CSV (docs/cache.md)

root=$(cd "$(dirname "$0")/.." && pwd)
OCF=${OCF:-$root/build/release/ocf}
OUT=${OUT:-$root/build/stress}
TIMEOUT=${TIMEOUT:-120}
CASES=${CASES:-.}
ENGINES=${ENGINES:-"jit interp"}
if [[ ${QUICK:-0} == 1 ]]; then
  GROUPS_N=${GROUPS_N:-20000} MEASURES=${MEASURES:-"50 200"} CHAIN=${CHAIN:-5}
  ROWS=${ROWS:-200000} LONG_ROWS=${LONG_ROWS:-20000}
fi
GROUPS_N=${GROUPS_N:-1000000}
MEASURES=${MEASURES:-"500 5000"}
CHAIN=${CHAIN:-14}
ROWS=${ROWS:-10000000}
TERM_YEARS=${TERM_YEARS:-9999}
LONG_ROWS=${LONG_ROWS:-1000000}

[[ -x $OCF ]] || { echo "stress.sh: no ocf at $OCF (build it: cmake --build --preset release)" >&2; exit 2; }
[[ -x /usr/bin/time ]] || { echo "stress.sh: needs /usr/bin/time (Debian: apt-get install time)" >&2; exit 2; }
mkdir -p "$OUT"
report=$OUT/report.txt
printf '%-24s %-7s %9s %9s %9s %6s\n' case engine "wall s" "cpu s" "peak MB" exit | tee "$report"

# The contract block of every case: NAME, TERM ("from to") and PERIODS.
header() {
  printf 'contract "%s" {\n  commissioner "Stress"\n  term         %s\n  periods      %s\n}\n\n' "$1" "$2" "$3"
}

# run CASE ENGINE CONTRACT ARGS...: one timed run, one line of the table.
run() {
  local name=$1 engine=$2 contract=$3
  shift 3
  local t=$OUT/time.txt
  /usr/bin/time -o "$t" -f '%e %U %S %M' timeout "$TIMEOUT" \
    "$OCF" run "$contract" --engine "$engine" --format csv "$@" >"$OUT/$name.$engine.out" 2>"$OUT/$name.$engine.err"
  local status=$?
  [[ $status == 124 ]] && status="t/o"
  # /usr/bin/time prefixes a line when the command fails; the numbers are last.
  read -r wall user sys rss < <(tail -n 1 "$t")
  printf '%-24s %-7s %9s %9s %9s %6s\n' "$name" "$engine" "$wall" "$(awk "BEGIN { print $user + $sys }")" \
    "$((rss / 1024))" "$status" | tee -a "$report"
}

wanted() { [[ $1 =~ $CASES ]]; }

# case NAME CONTRACT ARGS...: both engines, when NAME matches CASES.
case_() {
  wanted "$1" || return 0
  for engine in $ENGINES; do run "$1" "$engine" "${@:2}"; done
}

# 1. GROUPS_N distinct `by` groups (about 23 MB for 1M), three measures.
groups_csv=$OUT/groups_$GROUPS_N.csv
if wanted "groups-$GROUPS_N"; then
  [[ -s $groups_csv ]] || awk -v n="$GROUPS_N" 'BEGIN {
    print "d,g,v"
    for (i = 0; i < n; i++) printf "2020-%02d-%02d,g%07d,%d\n", i % 12 + 1, i % 28 + 1, i, (i * 7919) % 1000
  }' >"$groups_csv"
  {
    header "groups" "2020-01-01 to 2020-12-31" quarterly
    printf 'data t dated by d {\n  d : date\n  g : id\n  v : int\n}\n\n'
    printf 'measure n : int by g = count t\nmeasure s : int by g = sum v of t\nmeasure m by g = median v of t\n'
  } >"$OUT/groups.ocf"
  case_ "groups-$GROUPS_N" "$OUT/groups.ocf" --data "t=$groups_csv"
fi

# 2. Many simple measures over a small table.
small_csv=$OUT/small.csv
[[ -s $small_csv ]] || awk 'BEGIN {
  print "d,v,c"
  for (i = 0; i < 10000; i++) printf "2020-%02d-%02d,%d,%d.%02d\n", i % 12 + 1, i % 28 + 1, i % 500, i % 900, i % 100
}' >"$small_csv"
for m in $MEASURES; do
  {
    header "measures" "2020-01-01 to 2020-12-31" quarterly
    printf 'data t dated by d {\n  d : date\n  v : int\n  c : money\n}\n\n'
    for ((i = 0; i < m; i++)); do
      if ((i % 2)); then
        echo "measure m$i : money = sum c of t where v >= $((i % 500))"
      else
        echo "measure m$i : int = count t where v < $((i % 500))"
      fi
    done
  } >"$OUT/measures_$m.ocf"
  case_ "measures-$m" "$OUT/measures_$m.ocf" --data "t=$small_csv"
done

# 3. A let chain and a function chain, each level using the one below three times.
{
  header "let chain" "2020-01-01 to 2020-12-31" quarterly
  printf 'data t dated by d {\n  d : date\n  v : int\n  c : money\n}\n\nlet a0 = 2\n'
  for ((i = 1; i <= CHAIN; i++)); do echo "let a$i = a$((i - 1)) + a$((i - 1)) - a$((i - 1))"; done
  echo "measure m = sum v + a$CHAIN of t"
} >"$OUT/let_chain.ocf"
case_ "let-chain-$CHAIN" "$OUT/let_chain.ocf" --data "t=$small_csv"
{
  header "function chain" "2020-01-01 to 2020-12-31" quarterly
  printf 'data t dated by d {\n  d : date\n  v : int\n  c : money\n}\n\nfunction f0(x: int): int = x + 1\n'
  for ((i = 1; i <= CHAIN; i++)); do
    echo "function f$i(x: int): int = f$((i - 1))(x) + f$((i - 1))(x) - f$((i - 1))(x)"
  done
  echo "measure m = sum f$CHAIN(v) of t"
} >"$OUT/function_chain.ocf"
case_ "function-chain-$CHAIN" "$OUT/function_chain.ocf" --data "t=$small_csv"

# 4. A long monthly term (refused beyond 100 years), and the longest accepted
#    one with LONG_ROWS rows spread over it.
long_contract() {  # YEARS FILE
  {
    header "long term" "$(printf '%04d-01-01 to %04d-12-31' 1 "$1")" monthly
    printf 'data t dated by d {\n  d : date\n  v : int\n}\n\n'
    printf 'measure n : int = count t\nmeasure s : int = sum v of t\nmeasure m = median v of t\n\n'
    printf 'payment quarterly {\n  pay "Per record" = £1 * n\n}\n'
  } >"$2"
}
long_contract "$TERM_YEARS" "$OUT/term_long.ocf"
printf 'd,v\n0001-01-05,1\n0001-02-05,2\n' >"$OUT/term_long.csv"
case_ "term-$TERM_YEARS-years" "$OUT/term_long.ocf" --data "t=$OUT/term_long.csv"
long_contract 100 "$OUT/term_100.ocf"
long_csv=$OUT/term_100_$LONG_ROWS.csv
wanted term-100-years && [[ ! -s $long_csv ]] && awk -v n="$LONG_ROWS" 'BEGIN {
  print "d,v"
  for (i = 0; i < n; i++) printf "%04d-%02d-%02d,%d\n", i % 100 + 1, i % 12 + 1, i % 28 + 1, i % 1000
}' >"$long_csv"
case_ "term-100-years" "$OUT/term_100.ocf" --data "t=$long_csv"

# 5. The 90th percentile of ROWS equal decimals against their sum, and of
#    ROWS distinct decimals and small whole numbers.
value_csv() {  # KIND FILE
  [[ -s $2 ]] && return
  case $1 in
    equal) { echo d,v; yes "2020-06-15,12.34" | head -n "$ROWS"; } >"$2" ;;
    distinct) awk -v n="$ROWS" 'BEGIN { print "d,v"
      for (i = 0; i < n; i++) printf "2020-%02d-%02d,%d.%02d\n", i % 12 + 1, i % 28 + 1, (i * 7919) % n, i % 100 }' >"$2" ;;
    small) awk -v n="$ROWS" 'BEGIN { print "d,v"
      for (i = 0; i < n; i++) printf "2020-%02d-%02d,%d\n", i % 12 + 1, i % 28 + 1, i % 200 }' >"$2" ;;
  esac
}
value_contract() {  # TYPE MEASURE FILE
  {
    header "values" "2020-01-01 to 2020-12-31" monthly
    printf 'data t dated by d {\n  d : date\n  v : %s\n}\n\nmeasure x = %s v of t\n' "$1" "$2"
  } >"$3"
}
value_contract decimal "90th percentile" "$OUT/p90_decimal.ocf"
value_contract decimal sum "$OUT/sum_decimal.ocf"
value_contract int "90th percentile" "$OUT/p90_int.ocf"
if wanted "p90-equal-$ROWS" || wanted "sum-equal-$ROWS"; then value_csv equal "$OUT/equal_$ROWS.csv"; fi
case_ "p90-equal-$ROWS" "$OUT/p90_decimal.ocf" --data "t=$OUT/equal_$ROWS.csv"
case_ "sum-equal-$ROWS" "$OUT/sum_decimal.ocf" --data "t=$OUT/equal_$ROWS.csv"
if wanted "p90-distinct-$ROWS"; then value_csv distinct "$OUT/distinct_$ROWS.csv"; fi
case_ "p90-distinct-$ROWS" "$OUT/p90_decimal.ocf" --data "t=$OUT/distinct_$ROWS.csv"
if wanted "p90-small-int-$ROWS"; then value_csv small "$OUT/small_$ROWS.csv"; fi
case_ "p90-small-int-$ROWS" "$OUT/p90_int.ocf" --data "t=$OUT/small_$ROWS.csv"

# 6. The mean of two cells of 1e20 (their sum does not fit a decimal).
value_contract decimal mean "$OUT/mean.ocf"
printf 'd,v\n2020-03-01,100000000000000000000\n2020-04-01,100000000000000000000\n' >"$OUT/mean.csv"
case_ "mean-two-1e20" "$OUT/mean.ocf" --data "t=$OUT/mean.csv"

echo "report: $report (outputs and errors of each run beside it)"
