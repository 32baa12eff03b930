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
cw=$PWD/target/release/chartwright
# The corpus layout: CHARTS_DIR/<source>/<chart>/Chart.yaml.
mapfile -t charts < <(find "$charts_dir" -mindepth 3 -maxdepth 3 -name Chart.yaml -printf '%h\n' | sort)
n=${#charts[@]}
echo "charts: $n ($charts_dir)"
echo "helm: $("$HELM" version --short 2>/dev/null)   cores: $(nproc)"

now() { date +%s.%N; }
t0=$(now)
for c in "${charts[@]}"; do "$HELM" lint "$c" >/dev/null 2>&1 || true; done
t1=$(now)
"$cw" lint "${charts[@]}" --format helm >/dev/null 2>&1 || true
t2=$(now)
for c in "${charts[@]}"; do "$HELM" template "$c" >/dev/null 2>&1 || true; done
t3=$(now)
for c in "${charts[@]}"; do "$cw" template release-name "$c" >/dev/null 2>&1 || true; done
t4=$(now)

python3 - "$t0" "$t1" "$t2" "$t3" "$t4" <<'PY'
import sys
t0, t1, t2, t3, t4 = map(float, sys.argv[1:])
hl, cl, ht, ct = t1 - t0, t2 - t1, t3 - t2, t4 - t3
print(f"lint:     helm {hl:7.1f} s   chartwright {cl:7.1f} s   chartwright is {hl / cl:5.1f}x faster")
print(f"template: helm {ht:7.1f} s   chartwright {ct:7.1f} s   chartwright is {ht / ct:5.1f}x faster")
PY
