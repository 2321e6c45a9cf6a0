#!/usr/bin/env bash
# The npm package the schema tests need (tests/schema/validate.mjs): ajv.
# They cannot run without it, so a failed install fails (--required).
#   tests/schema/setup_npm.sh [DIR]
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
exec bash "$here/../npm_install.sh" --required "${1:-$here/../../build/release/npm}" "the JSON schema tests" ajv@8.20.0
