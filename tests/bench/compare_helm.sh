#!/usr/bin/env bash
# Side-by-side timing of chartwright and the real helm on a folder of charts: `lint` (helm one
# chart at a time, as pipelines run it; chartwright once over all charts, in parallel) and
# `template` (one process per chart on both sides). Prints wall times and the ratios, all
# measured in this one run. Not a test: figures depend on the machine.
#
# usage: tests/bench/compare_helm.sh [CHARTS_DIR]   (default ../shared/corpus/charts)
# env:   HELM=path/to/helm (else ../shared/tools/install-helm .tools/helm4 is used)
#        LINT_RUNS=N  repeat the lint comparison N times (each ratio from its own helm and
#                     chartwright runs, back to back), then the median; default 1
#        LINT_ONLY=1  skip the template comparison
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

python3 - "$HELM" "$cw" "${LINT_RUNS:-1}" "${LINT_ONLY:-0}" "${charts[@]}" <<'PY'
import statistics, subprocess, sys, time
helm, cw, runs, lint_only, charts = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1", sys.argv[5:]
def run(cmd):
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t
# lint: helm one chart at a time; chartwright once over every chart (it lints in parallel).
ratios = []
for i in range(runs):
    hl = sum(run([helm, "lint", c]) for c in charts)
    cl = run([cw, "lint", *charts, "--format", "helm"])
    ratios.append(hl / cl)
    print(f"lint, all charts:        helm {hl:7.2f} s   chartwright {cl:7.2f} s   ratio {hl / cl:5.1f}x", flush=True)
    # The default format also renders each ci/*-values.yaml profile and runs the values
    # analysis: more work than helm lint does, shown for reference.
    cd = run([cw, "lint", *charts])
    print(f"  (default format, with ci profiles and values analysis: {cd:.2f} s, {hl / cd:.1f}x)", flush=True)
if runs > 1:
    print(f"lint ratio over {runs} runs: median {statistics.median(ratios):.1f}x, min {min(ratios):.1f}x, max {max(ratios):.1f}x")
if lint_only:
    sys.exit(0)
# template: one process per chart on both sides, interleaved so load affects both alike.
ht, ct = [], []
for c in charts:
    ht.append(run([helm, "template", "release-name", c]))
    ct.append(run([cw, "template", "release-name", c]))
print(f"template, total:         helm {sum(ht):7.2f} s   chartwright {sum(ct):7.2f} s   ratio {sum(ht) / sum(ct):5.1f}x")
mh, mc = statistics.median(ht), statistics.median(ct)
print(f"template, median/chart:  helm {mh * 1000:7.1f} ms  chartwright {mc * 1000:7.1f} ms  ratio {mh / mc:5.1f}x")
PY
