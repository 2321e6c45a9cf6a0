#!/usr/bin/env bash
# Installs the npm package the language server's tests need (tests/lsp/*.js):
# vscode-jsonrpc, the JSON-RPC layer of VS Code's own LSP client, at an exact
# version, into DIR/node_modules (the build tree's npm folder,
# build/release/npm by default), beside the schema tests' ajv. Skips the
# install when that version is already there.
#
# When npm cannot install it (no registry), this says so and exits 0: the LSP
# tests then report themselves SKIPPED, loudly, with the reason, rather than
# this fixture failing them unseen.
#   tests/lsp/setup_npm.sh [DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=${1:-build/release/npm}
JSONRPC_VERSION=10.0.0

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "setup_npm: WARNING: \`$tool\` is not installed (scripts/setup.sh installs it): the LSP tests will be skipped" >&2
    exit 0
  fi
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
installed=$(node -e "try { console.log(require('$dir/node_modules/vscode-jsonrpc/package.json').version) } catch (e) {}" 2>/dev/null || true)
if [ "$installed" = "$JSONRPC_VERSION" ]; then
  echo "setup_npm: vscode-jsonrpc $JSONRPC_VERSION is installed in $dir"
  exit 0
fi
echo "setup_npm: installing vscode-jsonrpc@$JSONRPC_VERSION into $dir (needs the npm registry)"
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "vscode-jsonrpc@$JSONRPC_VERSION"; then
  echo "setup_npm: WARNING: could not install vscode-jsonrpc@$JSONRPC_VERSION from the npm registry: the LSP tests will be SKIPPED" >&2
fi
