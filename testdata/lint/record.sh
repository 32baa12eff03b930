#!/usr/bin/env bash
# Records `helm lint` on each fixture chart of testdata/lint into <chart>.helm.txt (stdout, then
# stderr after `--- stderr ---`, then the exit code). HELM defaults to ../../.tools/helm4/helm,
# installed by ../shared/tools/install-helm when missing.
set -uo pipefail
cd "$(dirname "$0")"
HELM="${HELM:-../../.tools/helm4/helm}"
[ -x "$HELM" ] || ../../../shared/tools/install-helm ../../.tools/helm4
for c in */; do
  c="${c%/}"
  # Only charts (expected/ holds chartwright's own output snapshots, archives/ packaged charts).
  [ -f "$c/Chart.yaml" ] || continue
  out="$("$HELM" lint "$c" 2>/tmp/helm-lint-stderr.$$)"; rc=$?
  { echo "# helm lint $c, recorded with $("$HELM" version --short) by testdata/lint/record.sh"
    printf '%s\n' "$out"; echo "--- stderr ---"; cat /tmp/helm-lint-stderr.$$; echo "[exit code: $rc]"; } > "$c.helm.txt"
  # chart-testing's profiles: `helm lint CHART --values ci/NAME-values.yaml`, as `ct lint` runs it.
  for p in "$c"/ci/*-values.yaml; do
    [ -e "$p" ] || continue
    name="$(basename "$p" .yaml)"
    out="$("$HELM" lint "$c" --values "$p" 2>/tmp/helm-lint-stderr.$$)"; rc=$?
    { echo "# helm lint $c --values $p, recorded with $("$HELM" version --short) by testdata/lint/record.sh"
      printf '%s\n' "$out"; echo "--- stderr ---"; cat /tmp/helm-lint-stderr.$$; echo "[exit code: $rc]"; } > "$c.$name.helm.txt"
  done
done
# helm lint's flags: CHART|FLAGS|NAME, recorded into CHART.NAME.helm.txt (FLAGS split on spaces).
while IFS='|' read -r c flags name; do
  # shellcheck disable=SC2086
  out="$("$HELM" lint "$c" $flags 2>/tmp/helm-lint-stderr.$$)"; rc=$?
  { echo "# helm lint $c $flags, recorded with $("$HELM" version --short) by testdata/lint/record.sh"
    printf '%s\n' "$out"; echo "--- stderr ---"; cat /tmp/helm-lint-stderr.$$; echo "[exit code: $rc]"; } > "$c.$name.helm.txt"
done <<'RUNS'
values-schema-violated|--skip-schema-validation|skip-schema-validation
values-schema-violated|--skip-schema-validation --set-literal name=My_Web,2|set-literal
values-schema-violated|--set replicas=3 --set-string replicas=x|set-string
values-schema-violated|--set replicas=3|set
values-schema-violated|-f no-such-values.yaml|missing-values-file
values-schema-violated|--set-json replicas={|bad-set-json
RUNS
# A chart as a .tgz archive (`helm package`), linted as helm lints an archive given on the
# command line.
mkdir -p archives
"$HELM" package values-undefined-and-unused -d archives >/dev/null
for a in archives/*.tgz; do
  out="$("$HELM" lint "$a" 2>/tmp/helm-lint-stderr.$$)"; rc=$?
  { echo "# helm lint $a, recorded with $("$HELM" version --short) by testdata/lint/record.sh"
    printf '%s\n' "$out"; echo "--- stderr ---"; cat /tmp/helm-lint-stderr.$$; echo "[exit code: $rc]"; } > "$a.helm.txt"
done
rm -f /tmp/helm-lint-stderr.$$
