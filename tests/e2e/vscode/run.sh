#!/usr/bin/env bash
# The VS Code extension (editors/vscode) in the real VS Code workbench: code-server + headless
# Chromium via playwright-core. Heavy prerequisites, so not part of tests/e2e/run.sh:
#   sh ../shared/e2e-templates/install_code_server.sh /tmp/code-server   (CS=.../code-server)
#   apt-get install -y chromium; npm i @vscode/vsce playwright-core in $TOOLS (default /tmp/vstools)
# Usage: tests/e2e/vscode/run.sh [CHARTWRIGHT_BIN]. Prints RESULT {...}; screenshots in $SHOTS.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../../.." && pwd)"
CS=${CS:-/tmp/code-server/node_modules/.bin/code-server}
TOOLS=${TOOLS:-/tmp/vstools}
BIN=${1:-${CHARTWRIGHT_BIN:-$ROOT/target/debug/chartwright}}
H=$(mktemp -d)
export SHOTS=${SHOTS:-$H/shots}
mkdir -p "$SHOTS"
export TMPDIR=$H XDG_CONFIG_HOME=$H/config XDG_DATA_HOME=$H/data XDG_CACHE_HOME=$H/cache

# The extension, packaged.
(cd "$ROOT/editors/vscode" && npm install --no-audit --no-fund --silent && npm run --silent compile \
  && "$TOOLS/node_modules/.bin/vsce" package --no-dependencies --allow-missing-repository -o "$H/chartwright.vsix" >/dev/null)

# A copy of the e2e chart whose settings point at the binary under test.
WS=$H/ws
mkdir -p "$WS/.vscode"
cp -r "$ROOT/tests/e2e/workspace/webapp" "$WS/"
printf '{"chartwright.serverPath": "%s", "workbench.startupEditor": "none"}\n' "$BIN" > "$WS/.vscode/settings.json"

"$CS" --extensions-dir "$H/ext" --user-data-dir "$H/ud" --install-extension "$H/chartwright.vsix" >/dev/null
setsid "$CS" --auth none --bind-addr 127.0.0.1:${PORT:-18080} --extensions-dir "$H/ext" --user-data-dir "$H/ud" \
  --disable-telemetry --disable-update-check --disable-workspace-trust "$WS" > "$H/cs.log" 2>&1 &
CSPID=$!
trap 'kill -- -$CSPID 2>/dev/null; sleep 1; rm -rf "$H/ext" "$H/ud" "$H/ws" "$H/config" "$H/data" "$H/cache"; echo "screenshots: $SHOTS"' EXIT
for i in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:${PORT:-18080}/healthz" && break; sleep 0.5; done
NODE_PATH="$TOOLS/node_modules" WS="$WS" node "$HERE/preview_e2e.js"
