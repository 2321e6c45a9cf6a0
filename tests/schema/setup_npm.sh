#!/usr/bin/env bash
# Installs the npm packages the schema tests need (tests/schema/validate.mjs):
# ajv, at an exact version, into DIR/node_modules (the build tree's npm
# folder, build/release/npm by default). Skips the install when that version
# is already there, so running it again costs nothing. Needs node and npm
# (scripts/setup.sh installs them) and, the first time, the npm registry.
#   tests/schema/setup_npm.sh [DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
dir=${1:-build/release/npm}
AJV_VERSION=8.20.0

for tool in node npm; do
  if ! command -v "$tool" >/dev/null; then
    echo "setup_npm: \`$tool\` is not installed: run scripts/setup.sh (Debian packages nodejs and npm)" >&2
    exit 1
  fi
done
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
installed=$(node -e "try { console.log(require('$dir/node_modules/ajv/package.json').version) } catch (e) {}" 2>/dev/null || true)
if [ "$installed" = "$AJV_VERSION" ]; then
  echo "setup_npm: ajv $AJV_VERSION is installed in $dir"
  exit 0
fi
echo "setup_npm: installing ajv@$AJV_VERSION into $dir (needs the npm registry)"
if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "ajv@$AJV_VERSION"; then
  echo "setup_npm: FAILED to install ajv@$AJV_VERSION from the npm registry: the JSON schema tests cannot run" >&2
  exit 1
fi
