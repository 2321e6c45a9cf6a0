#!/usr/bin/env bash
# Installs the npm packages the VS Code grammar test needs
# (tests/vscode/grammar_test.js): VS Code's own TextMate engine,
# vscode-textmate and vscode-oniguruma, at exact versions, into DIR/node_modules
# (the build tree's npm folder, build/release/npm by default), beside the
# schema and browser tests' packages. Skips the install when those versions
# are already there.
#
# When node, npm or the registry is missing, this says so and exits 0: the
# grammar test then reports itself SKIPPED, loudly, with the reason.
#   tests/vscode/setup_npm.sh [DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=${1:-build/release/npm}
PACKAGES=(vscode-textmate@9.3.2 vscode-oniguruma@2.0.1)

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "setup_npm: WARNING: \`$tool\` is not installed (scripts/setup.sh installs it): the VS Code grammar test will be skipped" >&2
    exit 0
  fi
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
missing=()
for spec in "${PACKAGES[@]}"; do
  name=${spec%@*}
  version=${spec##*@}
  installed=$(node -e "try { console.log(require('$dir/node_modules/$name/package.json').version) } catch (e) {}" 2>/dev/null || true)
  if [ "$installed" != "$version" ]; then missing+=("$spec"); fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup_npm: ${PACKAGES[*]} are installed in $dir"
  exit 0
fi
echo "setup_npm: installing ${missing[*]} into $dir (needs the npm registry)"
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${missing[@]}"; then
  echo "setup_npm: WARNING: could not install ${missing[*]} from the npm registry: the VS Code grammar test will be SKIPPED" >&2
fi
