#!/usr/bin/env bash
# Records what real helm v4.1.4 answers for each Chart.yaml of chart-yaml-cases.in (cases are
# separated by `=== next` lines): `helm template` on a chart holding just that Chart.yaml. Writes
# chart-yaml-cases.txt: each case, then `=== helm` and helm's last line of output (its error, or
# `ok` when the chart renders). cw-chart's tests/chart/helm_cases.rs compares the loader with it.
#
# Usage: HELM=/path/to/helm testdata/charts/.goldens/record-chart-yaml-cases.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
if [ -z "${HELM:-}" ]; then
  HELM="$("$root/../shared/tools/install-helm" "$root/.tools/helm4" | tail -n1)"
fi
version="$("$HELM" version --short)"
case "$version" in
  v4.1.4*) ;;
  *) echo "record-chart-yaml-cases.sh: expected helm v4.1.4, got $version" >&2; exit 1 ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$here/chart-yaml-cases.txt"
echo "# recorded with helm $version by testdata/charts/.goldens/record-chart-yaml-cases.sh" > "$out"
n=0
python3 - "$here/chart-yaml-cases.in" "$work" <<'PY'
import sys, os
text = open(sys.argv[1]).read()
for i, case in enumerate(text.split("=== next\n")):
    d = os.path.join(sys.argv[2], f"case{i}")
    os.makedirs(os.path.join(d, "templates"))
    open(os.path.join(d, "Chart.yaml"), "w").write(case)
PY
for d in $(ls -d "$work"/case* | sort -V); do
  result="$( (cd "$work" && "$HELM" template "$(basename "$d")" 2>&1 || true) | tail -n1)"
  [ -z "$result" ] && result=ok
  {
    echo "=== case"
    cat "$d/Chart.yaml"
    echo "=== helm"
    echo "$result"
  } >> "$out"
  n=$((n + 1))
done
echo "recorded $n cases in $out"
