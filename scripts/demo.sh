#!/usr/bin/env bash
# The quickest look at ocf: set up, build, and check the flagship example, the
# Bedfordshire MSK prime contract.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
echo "demo: building (first time: a few minutes)"
cmake --build --preset release

echo
echo "\$ ocf check examples/msk/msk.ocf"
status=0
build/release/ocf check examples/msk/msk.ocf || status=$?
echo
case $status in
  0) echo "demo: the contract is well-formed. Try breaking it (e.g. add 5% + 3 to a measure) and run" ;;
  1) echo "demo: ocf found problems in the contract (listed above). Run" ;;
  *) echo "demo: ocf could not run the check (status $status). Run" ;;
esac
echo "      build/release/ocf check examples/msk/msk.ocf        (or --format json)"
exit "$status"
