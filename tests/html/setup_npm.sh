#!/usr/bin/env bash
# Installs the npm package the HTML report's browser test needs
# (tests/html/report.test.mjs): puppeteer-core, at an exact version, into
# DIR/node_modules (the build tree's npm folder, build/release/npm by
# default), beside the schema tests' ajv (tests/schema/setup_npm.sh). Skips
# the install when that version is already there. The browser itself is
# Debian's `chromium` (scripts/setup.sh installs it).
#
# When npm cannot install it (no registry), this says so and exits 0: the
# browser test then reports itself SKIPPED, loudly, with the reason, rather
# than this fixture failing it unseen.
#   tests/html/setup_npm.sh [DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=${1:-build/release/npm}
# 24.x: 25.x needs Node 22.12 or later, and Debian bookworm has Node 18/20.
PUPPETEER_VERSION=24.43.1

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "setup_npm: WARNING: \`$tool\` is not installed (scripts/setup.sh installs it): the browser test will be skipped" >&2
    exit 0
  fi
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
installed=$(node -e "try { console.log(require('$dir/node_modules/puppeteer-core/package.json').version) } catch (e) {}" 2>/dev/null || true)
if [ "$installed" = "$PUPPETEER_VERSION" ]; then
  echo "setup_npm: puppeteer-core $PUPPETEER_VERSION is installed in $dir"
  exit 0
fi
echo "setup_npm: installing puppeteer-core@$PUPPETEER_VERSION into $dir (needs the npm registry)"
# puppeteer-core downloads no browser: the test drives /usr/bin/chromium.
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "puppeteer-core@$PUPPETEER_VERSION"; then
  echo "setup_npm: WARNING: could not install puppeteer-core@$PUPPETEER_VERSION from the npm registry: the browser test will be SKIPPED" >&2
fi
