#!/usr/bin/env bash
# Regenerates the code table in docs/diagnostics.md from
# compiler/diagnostics/codes.def (the one list of diagnostics). The text above
# the marker line is kept as written. tests/unit/diagnostics_doc_test.cc fails
# when the table is out of date.
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
} > "$doc.tmp"
mv "$doc.tmp" "$doc"
