#!/usr/bin/env bash
# Writes a contract with N measures (default 50) over the episodes benchmark's
# data block (bench/episodes.ocf) to stdout: every aggregate, populations,
# `where` conditions, arithmetic and half of them `by provider`, so the JIT
# compiles N measures' worth of row expressions into one scan.
# Deterministic: same N, same text.
set -euo pipefail
n=${1:-50}
cat <<'HEAD'
contract "JIT compile benchmark" {
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
  check length_of_stay >= 0 "a stay cannot be negative"
}

population older = episodes where age >= 65
population emergencies = episodes where emergency

HEAD
for ((i = 0; i < n; i++)); do
  age=$((20 + (i * 7) % 70))
  by=""
  ((i % 2)) && by=" by provider"
  case $((i % 10)) in
    0) echo "measure m$i : int$by = count episodes where age >= $age and sex = F" ;;
    1) echo "measure m$i : percent$by = percent of older where readmitted_30d and length_of_stay > $((i % 9))" ;;
    2) echo "measure m$i$by = mean length_of_stay of episodes where age < $age or emergency" ;;
    3) echo "measure m$i$by = median length_of_stay of emergencies where sex in (M, U)" ;;
    4) echo "measure m$i : money$by = sum cost * 1.1 of episodes where discharge_date - admission_date > $((i % 5)) days" ;;
    5) echo "measure m$i : money$by = max cost of older where not readmitted_30d" ;;
    6) echo "measure m$i$by = 90th percentile length_of_stay of episodes where age >= $age" ;;
    7) echo "measure m$i : int$by = count distinct patient_id of emergencies where age >= $age and age <= $((age + 10))" ;;
    8) echo "measure m$i : money$by = sum (if emergency then cost else cost / 2) of episodes" ;;
    9) echo "measure m$i$by = mean age + $i of episodes where provider = \"RX00$((i % 9 + 1))\"" ;;
  esac
done
