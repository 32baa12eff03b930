#!/usr/bin/env bash
# End-to-end test of the chartwright-lint pre-commit hook with the real pre-commit (from PyPI):
# a scratch git repository with a chart and a local hook running the built binary; a change
# that breaks a template or Chart.yaml must block the commit with a located message, a good
# change must pass; with --strict, a misspelt value (a warning) blocks it too.
#
# Usage: tests/precommit/test_precommit.sh [path/to/chartwright]
# (default: target/release/chartwright, built with `cargo build --release -p cw-cli`).
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
bin="${1:-$repo_root/target/release/chartwright}"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"
[ -x "$bin" ] || { echo "FAIL: no chartwright binary at $bin" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet pre-commit
export PATH="$work/venv/bin:$PATH"
export PRE_COMMIT_HOME="$work/cache"

fail() { echo "FAIL: $*" >&2; exit 1; }
pre-commit validate-manifest "$repo_root/.pre-commit-hooks.yaml" || fail ".pre-commit-hooks.yaml is not a valid manifest"

cd "$work" && mkdir repo && cd repo
git init -q .
git config user.email test@example.com
git config user.name test
# The hook as .pre-commit-hooks.yaml declares it, run as a local system hook on the built binary.
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: local
    hooks:
      - id: chartwright-lint
        name: chartwright lint
        entry: $bin lint
        language: system
        files: $(sed -n 's/^  files: //p' "$repo_root/.pre-commit-hooks.yaml")
        pass_filenames: true
        require_serial: true
YAML
mkdir -p demo/templates
cat > demo/Chart.yaml <<'YAML'
apiVersion: v2
name: demo
version: 0.1.0
icon: https://example.com/icon.svg
YAML
printf 'replicas: 1\n' > demo/values.yaml
cat > demo/templates/cm.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
data:
  replicas: {{ .Values.replicas | quote }}
YAML
git add -A
pre-commit install >/dev/null
git commit -qm "good chart" || fail "a good chart was refused"
echo "ok: a good chart commits"

# A template that renders invalid YAML blocks the commit, with file:line:col.
cat > demo/templates/cm.yaml <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-cm
 data: {}
YAML
git add demo/templates/cm.yaml
if out="$(git commit -m "bad template" 2>&1)"; then fail "a broken template was committed"; fi
echo "$out" | grep -q "error\[manifest-yaml-invalid\]" || fail "no manifest-yaml-invalid in: $out"
echo "$out" | grep -q "demo/templates/cm.yaml:5:" || fail "no location in: $out"
echo "ok: a broken template blocks the commit"
git checkout -q HEAD -- demo/templates/cm.yaml

# A broken Chart.yaml blocks the commit, with file:line:col.
sed -i 's/^version: 0.1.0$/version: not-a-version/' demo/Chart.yaml
git add demo/Chart.yaml
if out="$(git commit -m "bad chart" 2>&1)"; then fail "a broken Chart.yaml was committed"; fi
echo "$out" | grep -q "error\[chart-version-invalid\]" || fail "no chart-version-invalid in: $out"
echo "$out" | grep -q "demo/Chart.yaml:3:10" || fail "no location in: $out"
echo "ok: a broken Chart.yaml blocks the commit"

# A good change passes.
sed -i 's/^version: not-a-version$/version: 0.2.0/' demo/Chart.yaml
git add demo/Chart.yaml
git commit -qm "good change" || fail "a good change was refused"
echo "ok: a good change commits"

# A misspelt value is a located warning (values-undefined, with a did-you-mean): it blocks the
# commit when the hook runs with --strict.
sed -i "s|entry: $bin lint$|entry: $bin lint --strict|" .pre-commit-config.yaml
git add .pre-commit-config.yaml
sed -i 's/\.Values\.replicas /.Values.replicsa /' demo/templates/cm.yaml
git add demo/templates/cm.yaml
if out="$(git commit -m "values typo" 2>&1)"; then fail "a misspelt value was committed under --strict"; fi
echo "$out" | grep -q "warning\[values-undefined\]" || fail "no values-undefined in: $out"
echo "$out" | grep -qF 'did you mean `.Values.replicas`?' || fail "no suggestion in: $out"
echo "$out" | grep -q "demo/templates/cm.yaml:6:" || fail "no location in: $out"
echo "ok: a misspelt value blocks the commit under --strict"
echo "PASS"
