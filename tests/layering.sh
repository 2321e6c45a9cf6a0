#!/usr/bin/env bash
# The layers stay apart (docs/design.md): the evaluation plan (plan/) and the
# runtime (runtime/) include no compiler header, so either can be used
# without the compiler; the plan depends on runtime/ values alone.
#   layering.sh SOURCE_DIR
set -euo pipefail
cd "$1"
status=0
if grep -rn '#include "compiler/' runtime plan; then
  echo "layering: runtime/ and plan/ must not include compiler/ headers (the lines above)" >&2
  status=1
fi
if grep -rn '#include "\(tools\|tests\)/' runtime plan compiler; then
  echo "layering: the libraries must not include tools/ or tests/ headers (the lines above)" >&2
  status=1
fi
((status == 0)) && echo "layering: ok"
exit $status
