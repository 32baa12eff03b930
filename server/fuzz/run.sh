#!/usr/bin/env bash
# Runs one fuzz target for a while, seeded with real chart text (the corpus's templates for the
# template targets, its values files for load_yaml): a mutated real helper file reaches far more
# of the parser and executor than libFuzzer's blind start. Crashes land in
# server/fuzz/artifacts/TARGET/; turn each into a unit test before fixing it.
#
# usage: server/fuzz/run.sh TARGET [SECONDS] [CORPUS_DIR]
#   TARGET      parse_template | execute_template | load_yaml | semver_constraint
#   SECONDS     run time (default 600)
#   CORPUS_DIR  charts to seed from (default ../shared/corpus/charts)
# env: CARGO_TARGET_DIR as usual; the seed and the grown corpus stay in $FUZZ_WORK
# (default /tmp/cw-fuzz/TARGET), never in the repository.
set -euo pipefail
cd "$(dirname "$0")/../.."
target=${1:?usage: server/fuzz/run.sh TARGET [SECONDS] [CORPUS_DIR]}
seconds=${2:-600}
charts=${3:-../shared/corpus/charts}
work=${FUZZ_WORK:-/tmp/cw-fuzz/$target}
mkdir -p "$work"
if [ -d "$charts" ] && [ -z "$(ls -A "$work")" ]; then
  case "$target" in
    load_yaml) pattern='values*.yaml' ;;
    semver_constraint) pattern='Chart.yaml' ;;
    *) pattern='*.tpl' ;;
  esac
  # Small files only (libFuzzer's max_len grows from the seeds): about 500, spread over the corpus.
  mapfile -t seeds < <(find "$charts" -type f \( -name "$pattern" -o -path '*/templates/*.yaml' \) \
    -size -8k 2>/dev/null | sort)
  step=$(( ${#seeds[@]} / 500 + 1 ))
  for (( i = 0; i < ${#seeds[@]}; i += step )); do
    f=${seeds[$i]}
    cp "$f" "$work/$(printf '%s' "$f" | sha1sum | cut -c1-16)"
  done
fi
RUSTC_BOOTSTRAP=1 exec cargo fuzz run --fuzz-dir server/fuzz "$target" "$work" -- \
  -max_total_time="$seconds" -rss_limit_mb=4096
