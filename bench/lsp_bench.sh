#!/usr/bin/env bash
# How long `ocf lsp` takes to re-check a 1,000-line contract after a
# keystroke: bench/gen_contract.sh writes the contract (the one
# bench/check_bench.sh times `ocf check` on), bench/lsp_bench.js opens it in
# the server and sends 50 single-character edits, each followed by waiting
# for its diagnostics, and prints the median and maximum time from didChange
# sent to publishDiagnostics received. Needs node and vscode-jsonrpc
# (tests/lsp/setup_npm.sh installs it into build/release/npm).
#
#   bash bench/lsp_bench.sh [OCF_BINARY] [LINES] [EDITS]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ocf=${1:-$here/../build/release/ocf}
lines=${2:-1000}
edits=${3:-50}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bash "$here/gen_contract.sh" "$lines" > "$work/large.ocf"
NODE_PATH=${NODE_PATH:-$here/../build/release/npm/node_modules} node "$here/lsp_bench.js" "$ocf" "$work/large.ocf" "$edits"
