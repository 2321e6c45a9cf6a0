#!/usr/bin/env bash
# Writes a contract of N simple measures (default 500) over the episodes
# benchmark's data block to stdout: `count episodes where age > K` and
# `sum cost of episodes where age > K` in turn, quarterly over five years.
# What issue 8 measured ("5,000 simple measures"): the cost of a run is
# then the cost per measure. Deterministic: same N, same text.
set -euo pipefail
n=${1:-500}
cat <<'HEAD'
contract "Simple measures benchmark" {
  commissioner "Benchmark ICB"
  term         2019-01-01 to 2023-12-31
  periods      quarterly
  currency     GBP
}

data episodes "Hospital episodes" dated by admission_date {
  patient_id     : id
  age            : int
  sex            : one of (M, F, U)
  admission_date : date
  discharge_date : date
  length_of_stay : int
  emergency      : bool
  readmitted_30d : bool
  cost           : money
  provider       : id
}

HEAD
for ((i = 0; i < n; i++)); do
  if ((i % 2)); then
    echo "measure m$i : money = sum cost of episodes where age > $((i % 100))"
  else
    echo "measure m$i : int = count episodes where age > $((i % 100))"
  fi
done
