#!/usr/bin/env bash
# `ocf fmt` over every .ocf file in the repository.
#   scripts/fmt_contracts.sh --check [OCF]   a diff for each file not formatted; exit 1 if any
#   scripts/fmt_contracts.sh --write [OCF]   format them in place
# OCF: the ocf binary (default build/release/ocf). A file with syntax errors
# cannot be formatted; that is allowed only for test inputs that have their
# errors on purpose: the golden tests' (tests/golden/) and the editor
# grammar's lexical edge cases (tests/vscode/grammar/). Anywhere else it fails
# the check. The fuzzers' seeds (tests/fuzz/) are left out altogether: their
# odd spacing is part of what they try.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
mode=${1:-}
ocf=${2:-build/release/ocf}
if [[ $mode != --check && $mode != --write ]]; then
  echo "usage: scripts/fmt_contracts.sh --check|--write [OCF]" >&2
  exit 2
fi
if [ ! -x "$ocf" ]; then
  echo "fmt_contracts: $ocf not found; build first (cmake --build --preset release)" >&2
  exit 2
fi
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files -- '*.ocf' ':!:tests/fuzz/*')
else
  mapfile -t files < <(find . -name '*.ocf' -not -path './build/*' -not -path './tests/fuzz/*' | sed 's|^\./||' | sort)
fi
out=$(mktemp)
err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
# One run for all the files: ocf says which have syntax errors, and with
# --check prints a diff for each that is not formatted.
"$ocf" fmt "$mode" --color never "${files[@]}" >"$out" 2>"$err" || true
status=0
broken=0
while IFS= read -r line; do
  path=${line#ocf fmt: }
  path=${path% has syntax errors, so it was not formatted}
  broken=$((broken + 1))
  if [[ $path != tests/golden/* && $path != tests/vscode/grammar/* ]]; then
    echo "fmt_contracts: $path has syntax errors (only golden and grammar test inputs may)" >&2
    status=1
  fi
done < <(grep 'has syntax errors, so it was not formatted$' "$err" || true)
# Anything else ocf said on stderr (a file it could not read or write, a bug)
# fails the check, apart from its diagnostics and the summary of --check.
if grep -E '^ocf fmt: (cannot|.*: `ocf fmt` could not)' "$err" >&2; then status=1; fi
if [ -s "$out" ]; then
  cat "$out"
  status=1
fi
[ "$mode" = --write ] && grep '^formatted ' "$err" || true
echo "fmt_contracts: ${#files[@]} files: $broken with syntax errors on purpose, the rest $([ $status -eq 0 ] && echo "formatted" || echo "NOT all formatted (above)")"
exit $status
