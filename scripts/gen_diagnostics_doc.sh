#!/usr/bin/env bash
# Regenerates the code tables in docs/diagnostics.md from
# compiler/diagnostics/codes.def (the one list of diagnostics) and
# runtime/data_codes.def (the kinds of data problem). The text above the
# marker line is kept as written. tests/unit/diagnostics_doc_test.cc fails
# when a table is out of date.
set -euo pipefail
cd "$(dirname "$0")/.."
doc=docs/diagnostics.md
marker='<!-- generated below by scripts/gen_diagnostics_doc.sh; do not edit by hand -->'
head=$(sed "/^${marker//\//\\/}\$/,\$d" "$doc")
{
  printf '%s\n%s\n\n' "$head" "$marker"
  printf '| code | severity | about | golden examples |\n|---|---|---|---|\n'
  grep -E '^OCF_DIAG\(' compiler/diagnostics/codes.def |
    sed -E 's/^OCF_DIAG\(([A-Za-z0-9]+), *"([EW][0-9]+)", *([A-Za-z]+), *"(.*)"\)$/\2|\3|\4/' |
    while IFS='|' read -r code severity summary; do
      examples=$(grep -rl "\[$code\]" tests/golden --include='*.expected' 2>/dev/null | sort | head -3 |
        sed -E 's|(.*)\.expected|[`\1.ocf`](../\1.ocf)|' | paste -sd ' ' - || true)
      printf '| %s | %s | %s | %s |\n' "$code" "$(tr 'A-Z' 'a-z' <<< "$severity")" "$summary" "$examples"
    done
  printf '\n## Data problems\n\n'
  printf 'Problems with the provider'"'"'s data files (`ocf check --data`, `ocf run`, a test'"'"'s\n'
  printf 'tables) have codes of their own, `D` and four digits, in the JSON output\n'
  printf '(`"code"` beside `"rule"`: docs/json.md). The `rule` is the kind, then\n'
  printf '`:COLUMN` or `:N` (the data block'"'"'s check rule, from 0) where it is about one.\n\n'
  printf '| code | rule | about |\n|---|---|---|\n'
  grep -E '^OCF_DATA_PROBLEM\(' runtime/data_codes.def |
    sed -E 's/^OCF_DATA_PROBLEM\(([A-Za-z0-9]+), *"(D[0-9]+)", *"([a-z-]+)", *"(.*)"\)$/\2|\3|\4/' |
    while IFS='|' read -r code kind summary; do
      case $kind in
        missing-column | duplicate-header | bad-value | missing | not-text | key) kind="$kind:COLUMN" ;;
        check) kind="check:N" ;;
      esac
      printf '| %s | `%s` | %s |\n' "$code" "$kind" "$summary"
    done
} > "$doc.tmp"
mv "$doc.tmp" "$doc"
