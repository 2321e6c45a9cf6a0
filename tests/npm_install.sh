#!/usr/bin/env bash
# Installs npm packages at exact versions into DIR/node_modules (the build
# tree's npm folder, build/release/npm by default), for the tests that drive
# real JavaScript tools: ajv (tests/schema), puppeteer-core (tests/html),
# vscode-jsonrpc (tests/lsp), vscode-textmate and vscode-oniguruma
# (tests/vscode). Each test folder's setup_npm.sh calls this with its
# packages. Packages already there at those versions are not installed again,
# so running it twice costs nothing.
#
# Without node, npm or the registry: with --required this fails (the tests
# cannot run at all); otherwise it says so, loudly, and exits 0, and the
# tests report themselves SKIPPED with the reason rather than this fixture
# failing them unseen.
#   tests/npm_install.sh [--required] DIR "WHO NEEDS THEM" PACKAGE@VERSION...
set -euo pipefail
required=0
if [ "${1:-}" = --required ]; then
  required=1
  shift
fi
dir=$1
who=$2
shift 2
packages=("$@")

give_up() {
  if [ $required -eq 1 ]; then
    echo "setup_npm: FAILED: $1: $who cannot run" >&2
    exit 1
  fi
  echo "setup_npm: WARNING: $1: $who will be SKIPPED" >&2
  exit 0
}

for tool in node npm; do
  command -v "$tool" >/dev/null || give_up "\`$tool\` is not installed (scripts/setup.sh installs it)"
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
missing=()
for spec in "${packages[@]}"; do
  name=${spec%@*}
  version=${spec##*@}
  installed=$(node -e "try { console.log(require('$dir/node_modules/$name/package.json').version) } catch (e) {}" 2>/dev/null || true)
  if [ "$installed" != "$version" ]; then missing+=("$spec"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup_npm: ${packages[*]} installed in $dir"
  exit 0
fi
echo "setup_npm: installing ${missing[*]} into $dir (needs the npm registry)"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${missing[@]}" ||
  give_up "could not install ${missing[*]} from the npm registry"
