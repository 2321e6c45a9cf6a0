#!/usr/bin/env bash
# The quickest look at ocf: set up, build, and check the flagship example, the
# Bedfordshire MSK prime contract.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

bash scripts/setup.sh
echo "demo: building (first time: a few minutes)"
cmake --build --preset release --target ocf   # only the command: tests are built by scripts/test.sh

echo
echo "\$ ocf check examples/msk/msk.ocf"
status=0
build/release/ocf check examples/msk/msk.ocf || status=$?
echo
case $status in
  0) echo "demo: no errors. To see what an error looks like, write \`5% + 3\` into one of its"
     echo "      measures and run the check again:" ;;
  1) echo "demo: ocf found problems in the contract (listed above). Run the check again with:" ;;
  *) echo "demo: ocf could not run the check (status $status). Try:" ;;
esac
echo "      build/release/ocf check examples/msk/msk.ocf          (add --format json for JSON)"
exit "$status"
