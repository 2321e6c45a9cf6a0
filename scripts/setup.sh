#!/usr/bin/env bash
# Installs what ocf needs to build and test (Debian bookworm packages), then
# configures the release build in build/release. Installing is skipped when every package is
# already there, so running this again costs a second.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

PACKAGES=(
  build-essential cmake ninja-build        # compilers and build tools
  antlr4 libantlr4-runtime-dev uuid-dev    # the parser generator and its runtime
  libfmt-dev libcli11-dev                  # formatting, command line
  libgtest-dev libgmock-dev                # tests
  llvm-19-dev                              # the JIT (later stages)
  ccache clang-format                      # faster rebuilds, the format check
  pkg-config                               # the install test builds an outside program with it
  libpq-dev                                # `ocf run --engine postgres`: the PostgreSQL client library
  postgresql-15                            # the warehouse tests' throwaway server (tests/sql/pg_server.sh)
)

if dpkg -s "${PACKAGES[@]}" >/dev/null 2>&1; then
  echo "setup: all ${#PACKAGES[@]} packages are installed"
else
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
  echo "setup: installing packages (needs network; about 1.4 GB on a fresh machine)"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${PACKAGES[@]}"
fi

# node and npm, for the JSON Schema tests (tests/schema: ajv from the npm
# registry, installed into the build tree by tests/schema/setup_npm.sh when
# ctest runs), the VS Code grammar test (tests/vscode: vscode-textmate and
# vscode-oniguruma, installed likewise by tests/vscode/setup_npm.sh) and the
# language server's tests (tests/lsp: vscode-jsonrpc, by tests/lsp/setup_npm.sh).
# Any node already installed does; else Debian's packages.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  echo "setup: node $(node --version) and npm are installed"
else
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
  echo "setup: installing nodejs and npm (Debian packages), for the JSON Schema and LSP tests"
  "${SUDO[@]}" apt-get update
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends nodejs npm
fi

# Chromium, for the HTML report's browser test (tests/html: headless, driven
# by puppeteer-core from npm, which tests/html/setup_npm.sh installs into the
# build tree). Without it that test reports itself SKIPPED, so a machine that
# cannot install it still builds and tests everything else.
if [ -x /usr/bin/chromium ]; then
  echo "setup: chromium is installed"
else
  SUDO=()
  if [ "$(id -u)" -ne 0 ]; then SUDO=(sudo); fi
  echo "setup: installing chromium (Debian package, about 125 MB), for the HTML report's browser test"
  if ! { "${SUDO[@]}" apt-get update && "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y --no-install-recommends chromium; }; then
    echo "setup: WARNING: could not install chromium: the HTML report's browser test will be SKIPPED" >&2
  fi
fi

cmake --preset release >/dev/null
echo "setup: configured build/release (cmake --preset release)"
