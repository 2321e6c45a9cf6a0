#!/usr/bin/env bash
# clang-format over ocf's own C++: compiler/ plan/ runtime/ tools/ tests/ include/ bench/ lsp/.
#   scripts/format.sh            reformat every file in place
#   scripts/format.sh FILE...    reformat these files
#   scripts/format.sh --check    list files that are not formatted; exit 1 if any
# Generated code lives in the build tree and is never checked. Files listed in
# .clang-format-ignore (hand-formatted before the check existed) are skipped
# until their owner formats them and removes the line.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

CLANG_FORMAT=${CLANG_FORMAT:-clang-format}
if ! command -v "$CLANG_FORMAT" >/dev/null; then
  echo "format: $CLANG_FORMAT not found (bash scripts/setup.sh installs it)" >&2
  exit 2
fi

check=0
files=()
for arg in "$@"; do
  if [ "$arg" = "--check" ]; then check=1; else files+=("$arg"); fi
done

ignored() {
  local file=$1 pattern
  [ -f .clang-format-ignore ] || return 1
  while IFS= read -r pattern; do
    pattern=${pattern%%#*}
    pattern=${pattern%"${pattern##*[![:space:]]}"}
    [ -n "$pattern" ] || continue
    # shellcheck disable=SC2053  # the pattern is a glob on purpose
    [[ $file == $pattern ]] && return 0
  done < .clang-format-ignore
  return 1
}

if [ ${#files[@]} -eq 0 ]; then
  dirs=(compiler plan runtime tools tests include bench lsp)
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    mapfile -t candidates < <(git ls-files -- "${dirs[@]}" | grep -E '\.(cc|h|hpp|cpp)$' || true)
  else
    mapfile -t candidates < <(find "${dirs[@]}" -type f \( -name '*.cc' -o -name '*.h' -o -name '*.hpp' -o -name '*.cpp' \) 2>/dev/null | sort)
  fi
  for f in "${candidates[@]}"; do
    case $f in */generated/*) continue ;; esac
    ignored "$f" && continue
    [ -f "$f" ] && files+=("$f")
  done
fi

if [ $check -eq 1 ]; then
  bad=()
  for f in "${files[@]}"; do
    "$CLANG_FORMAT" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
  done
  if [ ${#bad[@]} -gt 0 ]; then
    echo "format: these files are not clang-formatted (run: bash scripts/format.sh FILE):"
    printf '  %s\n' "${bad[@]}"
    exit 1
  fi
  echo "format: ${#files[@]} files are clang-formatted"
else
  [ ${#files[@]} -eq 0 ] || "$CLANG_FORMAT" -i "${files[@]}"
  echo "format: formatted ${#files[@]} files"
fi
