#!/usr/bin/env bash
# The quickest look at ocf: set up, build, then check the flagship example (the
# Bedfordshire MSK prime contract), run its worked examples, and run it on its
# sample data to print the payment statement.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
echo "demo: building (first time: a few minutes)"
cmake --build --preset release --target ocf   # only the command: tests are built by scripts/test.sh

ocf=build/release/ocf
contract=examples/msk/msk.ocf
show() {
  echo
  echo "\$ ocf $*"
  "$ocf" "$@"
}
show check "$contract"
show test "$contract"
show run "$contract" --data examples/msk/data
echo
echo "demo: that is the statement for the sample data. Try also:"
echo "      $ocf run $contract --data examples/msk/data --format json"
echo "      $ocf run $contract --data examples/msk/data --period 2014/15     (the year, and its year-end reconciliation)"
echo "      $ocf run $contract --data examples/msk/data --period '2014/15 Q1'  (a quarter, and its payment on account)"
echo "      $ocf check $contract --data examples/msk/data     (the provider's pre-submission check)"
