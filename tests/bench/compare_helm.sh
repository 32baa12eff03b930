#!/usr/bin/env bash
# Side-by-side timing of chartwright and the real helm on a folder of charts: `lint` (helm one
# chart at a time, as pipelines run it; chartwright once over all charts, in parallel) and
# `template` (one process per chart on both sides). Prints wall times and the ratios, all
# measured in this one run. Not a test: figures depend on the machine.
#
# usage: tests/bench/compare_helm.sh [CHARTS_DIR]   (default ../shared/corpus/charts)
# env:   HELM=path/to/helm (else ../shared/tools/install-helm .tools/helm4 is used)
set -euo pipefail
cd "$(dirname "$0")/../.."
charts_dir=${1:-../shared/corpus/charts}
if [ -z "${HELM:-}" ]; then
  [ -x .tools/helm4/helm ] || ../shared/tools/install-helm .tools/helm4 >/dev/null
  HELM=$PWD/.tools/helm4/helm
fi
cargo build --release --locked --bin chartwright >/dev/null 2>&1
target_dir=${CARGO_TARGET_DIR:-target}
case "$target_dir" in /*) ;; *) target_dir=$PWD/$target_dir ;; esac
cw=$target_dir/release/chartwright
# The corpus layout: CHARTS_DIR/<source>/<chart>/Chart.yaml.
mapfile -t charts < <(find "$charts_dir" -mindepth 3 -maxdepth 3 -name Chart.yaml -printf '%h\n' | sort)
n=${#charts[@]}
echo "charts: $n ($charts_dir)"
echo "helm: $("$HELM" version --short 2>/dev/null)   cores: $(nproc)"

python3 - "$HELM" "$cw" "${charts[@]}" <<'PY'
import statistics, subprocess, sys, time
helm, cw, charts = sys.argv[1], sys.argv[2], sys.argv[3:]
def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t
# lint: helm one chart at a time; chartwright once over every chart (it lints in parallel).
hl = sum(run([helm, "lint", c]) for c in charts)
cl = run([cw, "lint", *charts, "--format", "helm"])
# template: one process per chart on both sides, interleaved so load affects both alike.
ht, ct = [], []
for c in charts:
    ht.append(run([helm, "template", "release-name", c]))
    ct.append(run([cw, "template", "release-name", c]))
print(f"lint, all charts:        helm {hl:7.2f} s   chartwright {cl:7.2f} s   ratio {hl / cl:5.1f}x")
print(f"template, total:         helm {sum(ht):7.2f} s   chartwright {sum(ct):7.2f} s   ratio {sum(ht) / sum(ct):5.1f}x")
mh, mc = statistics.median(ht), statistics.median(ct)
print(f"template, median/chart:  helm {mh * 1000:7.1f} ms  chartwright {mc * 1000:7.1f} ms  ratio {mh / mc:5.1f}x")
PY
