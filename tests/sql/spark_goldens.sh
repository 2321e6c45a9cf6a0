#!/usr/bin/env bash
# The Spark dialect is golden-tested, not run (no Spark can be installed on
# the test machines; docs/warehouse.md): every example's `ocf sql --dialect
# spark` script must equal tests/sql/spark/NAME.sql. OCF_UPDATE_GOLDEN=1
# rewrites them (read the diff before committing it).
#   spark_goldens.sh OCF SOURCE_DIR
set -euo pipefail
ocf=$1
cd "$2"
status=0
for contract in examples/*/*.ocf; do
  name=$(basename "$contract" .ocf)
  args=()
  if [ -f "tests/crosscheck/$name.args" ]; then mapfile -t args < "tests/crosscheck/$name.args"; fi
  expected=tests/sql/spark/$name.sql
  actual=$("$ocf" sql "$contract" --dialect spark "${args[@]}")
  if [ "${OCF_UPDATE_GOLDEN:-}" = 1 ]; then
    printf '%s\n' "$actual" > "$expected"
    echo "spark_goldens: wrote $expected"
  elif ! diff -u "$expected" <(printf '%s\n' "$actual"); then
    echo "spark_goldens: $contract: the Spark script differs from $expected (above)" >&2
    status=1
  else
    echo "spark_goldens: $contract: ok"
  fi
done
exit $status
