#!/usr/bin/env bash
# The npm package the HTML report's browser test needs
# (tests/html/report.test.mjs): puppeteer-core, which downloads no browser:
# the test drives Debian's `chromium` (scripts/setup.sh installs it).
# tests/npm_install.sh installs it; without it the test is SKIPPED.
# 24.x: 25.x needs Node 22.12 or later, and Debian bookworm has Node 18/20.
#   tests/html/setup_npm.sh [DIR]
set -euo pipefail
here=$(dirname "${BASH_SOURCE[0]}")
exec bash "$here/../npm_install.sh" "${1:-$here/../../build/release/npm}" "the browser test" puppeteer-core@24.43.1
