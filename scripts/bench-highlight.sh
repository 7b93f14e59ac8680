#!/bin/sh
# What highlighting code blocks costs a build: the same corpus with code blocks
# (`gen_corpus.py --code-blocks C`) built from scratch with `markdown.highlight` on and off,
# alternated, RUNS times each. Prints wall, user and system time and peak memory per build.
#
#   GAZETTE=target/release/gazette ITEMS=10000 CODE_BLOCKS=2 RUNS=3 scripts/bench-highlight.sh
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
gazette=${GAZETTE:-$repo/target/release/gazette}
items=${ITEMS:-10000}
blocks=${CODE_BLOCKS:-2}
runs=${RUNS:-3}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
python3 "$repo/benches/corpus/gen_corpus.py" "$work/on" --institutions 100 \
  --news $((items - 100)) --seed 1 --code-blocks "$blocks" >/dev/null
cp "$repo/benches/corpus/site.yaml" "$work/on/"
cp -r "$repo/themes" "$work/on/"
cp -r "$work/on" "$work/off"
printf '\nmarkdown:\n  highlight: false\n' >>"$work/off/site.yaml"
echo "$items items, $blocks code blocks each; $gazette"
for round in $(seq "$runs"); do
  for site in on off; do
    rm -rf "$work/$site/output" "$work/$site/.gazette-cache"
    /usr/bin/time -f "highlight $site, round $round: %e s wall, %U s user, %S s sys, %M KiB peak" \
      "$gazette" build --root "$work/$site" --quiet --no-git
  done
done
