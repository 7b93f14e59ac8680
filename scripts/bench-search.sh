#!/usr/bin/env bash
# What search costs a build, and what a visitor downloads for a first search.
#
#   scripts/bench-search.sh 1000 10000 50000        RUNS=3 by default
#   GAZETTE=/path/to/gazette scripts/bench-search.sh 10000
#
# For each size, the corpus of benches/corpus/ (made as scripts/bench.sh makes it, under
# /tmp/gazette-bench/) is built from scratch RUNS times with search on and RUNS times with
# `search: false`, alternating, each into a new folder, timed by /usr/bin/time (wall, user
# and system CPU, peak memory); then once more with nothing changed, on and off. Last,
# benches/search/first_search.mjs opens /search/?q=laboratory of the last build with search
# on in headless Chromium and counts the bytes the search downloaded. Prints one line per
# build and the medians.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$PWD
RUNS=${RUNS:-3}
work=/tmp/gazette-bench
mkdir -p "$work"
if [ -z "${GAZETTE:-}" ]; then
  cargo build --profile dist --quiet
  GAZETTE=$here/target/dist/gazette
fi
[ -d node_modules/playwright-core ] || npm ci --no-audit --no-fund --silent
timing=${TMPDIR:-/tmp}
# shellcheck source=scripts/bench-timing.sh
source "$(dirname "$0")/bench-timing.sh"

for n in "$@"; do
  inst=$((n / 10))
  on=$work/c$n-search
  off=$work/c$n
  if [ ! -d "$off/content" ]; then
    python3 benches/corpus/gen_corpus.py "$off" --institutions "$inst" --news "$((n - inst))" --seed 1 >/dev/null
  fi
  cp benches/corpus/site.yaml "$off/site.yaml"
  rm -rf "$off/themes" && cp -r themes "$off/themes"
  # The same files (hard links), with search on.
  rm -rf "$on" && mkdir -p "$on" && cp -al "$off/content" "$on/content" && cp -r "$off/static" "$off/themes" "$on/"
  sed 's/^search: false$/search: true/' benches/corpus/site.yaml >"$on/site.yaml"
  grep -q '^search: true$' "$on/site.yaml"
  runs=$work/search-runs-$n
  rm -rf "$runs" && mkdir -p "$runs"
  : >"$runs/times"
  for run in $(seq "$RUNS"); do
    for mode in on off; do
      root=$off; [ $mode = on ] && root=$on
      sync
      /usr/bin/time -f "$mode %e %U %S %M" -a -o "$runs/times" \
        "$GAZETTE" build --root "$root" --output "$runs/$mode-$run" --quiet
    done
  done
  for mode in on off; do
    root=$off; [ $mode = on ] && root=$on
    sync
    /usr/bin/time -f "$mode-nochange %e %U %S %M" -a -o "$runs/times" \
      "$GAZETTE" build --root "$root" --output "$runs/$mode-$RUNS" --quiet
  done
  echo "== $n items"
  cat "$runs/times"
  for mode in on off; do
    printf '%s items, search %s, from scratch (median of %s): wall %s s, user %s s, system %s s, peak %s MiB\n' \
      "$n" "$mode" "$RUNS" \
      "$(awk -v m=$mode '$1 == m {print $2}' "$runs/times" | median)" \
      "$(awk -v m=$mode '$1 == m {print $3}' "$runs/times" | median)" \
      "$(awk -v m=$mode '$1 == m {print $4}' "$runs/times" | median)" \
      "$(( $(awk -v m=$mode '$1 == m {print $5}' "$runs/times" | median) / 1024 ))"
  done
  node benches/search/first_search.mjs "$runs/on-$RUNS" laboratory
  rm -rf "$runs"
done
