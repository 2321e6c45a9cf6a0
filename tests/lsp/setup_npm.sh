#!/usr/bin/env bash
# The npm package the language server's tests need (tests/lsp/*.js):
# vscode-jsonrpc, the JSON-RPC layer of VS Code's own LSP client
# (tests/npm_install.sh installs it; without it the tests are SKIPPED).
#   tests/lsp/setup_npm.sh [DIR]
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
exec bash "$here/../npm_install.sh" "${1:-$here/../../build/release/npm}" "the LSP tests" vscode-jsonrpc@10.0.0
