#!/usr/bin/env bash
# The npm packages the VS Code grammar test needs (tests/vscode/grammar_test.js):
# VS Code's own TextMate engine, vscode-textmate and vscode-oniguruma
# (tests/npm_install.sh installs them; without them the test is SKIPPED).
#   tests/vscode/setup_npm.sh [DIR]
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
exec bash "$here/../npm_install.sh" "${1:-$here/../../build/release/npm}" "the VS Code grammar test" \
  vscode-textmate@9.3.2 vscode-oniguruma@2.0.1
