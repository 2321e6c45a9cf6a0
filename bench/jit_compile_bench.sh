#!/usr/bin/env bash
# The JIT's compile time for a contract of N measures (default 50): runs
# `ocf run --timings` REPEATS times (default 11) on a ten-row file, so the run
# is all compile, and prints the median and minimum "JIT compile" time, beside
# a one-measure contract's as the baseline.
#   bash bench/jit_compile_bench.sh [OCF] [N] [REPEATS]
set -euo pipefail
export OCF_NO_CACHE=1  # every run reads its CSV (docs/cache.md)
here=$(cd "$(dirname "$0")" && pwd)
ocf=${1:-$here/../build/release/ocf}
n=${2:-50}
repeats=${3:-11}
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/data"
cat >"$scratch/data/episodes.csv" <<'CSV'
patient_id,age,sex,admission_date,discharge_date,length_of_stay,emergency,readmitted_30d,cost,provider
P00000001,71,F,2021-03-04,2021-03-09,5,true,false,1234.56,RX017
P00000002,34,M,2019-06-11,2019-06-12,1,false,false,310.00,RX002
P00000003,88,F,2023-12-30,2024-01-04,5,true,true,5020.10,RX017
P00000004,65,U,2020-02-29,2020-03-02,2,true,false,99.99,RX101
P00000005,12,M,2022-08-15,2022-08-15,0,false,false,45.00,RX250
P00000006,79,F,2019-01-01,2019-01-21,20,true,true,12500.00,RX003
P00000007,50,M,2021-11-30,2021-12-03,3,false,true,800.25,RX017
P00000008,92,F,2018-12-31,2019-01-02,2,true,false,760.00,RX002
P00000009,66,M,2023-05-05,2023-05-15,10,true,false,3300.00,RX101
P00000010,40,F,2020-07-07,2020-07-08,1,false,false,150.50,RX003
CSV
bash "$here/gen_measures.sh" "$n" >"$scratch/many.ocf"
bash "$here/gen_measures.sh" 1 >"$scratch/one.ocf"
"$ocf" check "$scratch/many.ocf" >/dev/null
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)], a[1]}'; }
measure() {
  for ((i = 0; i < repeats; i++)); do
    "$ocf" run "$1" --data "$scratch/data" --format json --timings 2>&1 >/dev/null |
      awk '/JIT compile/ {print $3}'
  done | median
}
read -r one_median one_min < <(measure "$scratch/one.ocf")
read -r many_median many_min < <(measure "$scratch/many.ocf")
echo "JIT compile, median (min) of $repeats runs, $(nproc) cores, load $(cut -d' ' -f1 /proc/loadavg):"
echo "  1 measure:   $one_median ms ($one_min ms)"
echo "  $n measures: $many_median ms ($many_min ms)"
