#!/usr/bin/env bash
# The npm package the DuckDB tests need (tests/sql/duckdb_*.mjs, .sh):
# @duckdb/node-api, DuckDB itself with its Node bindings (no Debian package
# exists). tests/npm_install.sh installs it; without it the tests are
# SKIPPED, saying why.
#   tests/sql/setup_npm.sh [DIR]
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
exec bash "$here/../npm_install.sh" "${1:-$here/../../build/release/npm}" "the DuckDB tests" @duckdb/node-api@1.5.6-r.1
