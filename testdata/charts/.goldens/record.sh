#!/usr/bin/env bash
# Records `helm lint` (real helm v4.1.4) on every fixture chart of testdata/charts into
# testdata/charts/.goldens/<fixture>.lint.txt. cw-lint's tests/lint/fixtures.rs checks that every
# Chart.yaml/dependency line helm prints there has a matching finding of ours.
#
# Usage: HELM=/path/to/helm testdata/charts/.goldens/record.sh
# Without $HELM, installs helm with ../shared/tools/install-helm into .tools/helm4 (gitignored).
set -euo pipefail
root="$(cd "$(dirname "$0")/../../.." && pwd)"
cd "$root"
if [ -z "${HELM:-}" ]; then
  HELM="$("$root/../shared/tools/install-helm" "$root/.tools/helm4" | tail -n1)"
fi
version="$("$HELM" version --short)"
case "$version" in
  v4.1.4*) ;;
  *) echo "record.sh: expected helm v4.1.4, got $version" >&2; exit 1 ;;
esac
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for dir in testdata/charts/*/; do
  name="$(basename "$dir")"
  cp -R "$dir" "$work/$name"
  # symlink-escape: the link is made at run time, never committed (as the test does).
  if [ "$name" = symlink-escape ]; then
    echo "outside" > "$work/outside.txt"
    ln -s ../../outside.txt "$work/$name/files/passwd"
  fi
  out="testdata/charts/.goldens/$name.lint.txt"
  {
    echo "# helm lint $name, recorded with helm $version by testdata/charts/.goldens/record.sh"
    (cd "$work" && HELM_CONFIG_HOME="$work/.config" HELM_CACHE_HOME="$work/.cache" HELM_DATA_HOME="$work/.data" \
      "$HELM" lint "$name" 2>&1 || true) | sed "s#$work/##g"
  } > "$out"
  # What `helm package` puts in the archive: the files Helm's loader read (after .helmignore).
  files="testdata/charts/.goldens/$name.files.txt"
  if (cd "$work" && "$HELM" package "$name" -d "$work/pkg-$name" >/dev/null 2>&1); then
    {
      echo "# files helm package puts in $name's archive, recorded with helm $version by testdata/charts/.goldens/record.sh"
      tar tzf "$work/pkg-$name"/*.tgz | sed 's#^[^/]*/##' | sort
    } > "$files"
  else
    rm -f "$files"
  fi
done
