#!/usr/bin/env bash
# What a build's peak memory grows with: the number of items, not the length of their texts.
#
#   scripts/bench-memory.sh 10000 100000                RUNS=3 by default
#   GAZETTE=target/release/gazette BASELINE=/path/to/an/older/gazette scripts/bench-memory.sh 10000
#
# For each size, the corpus of benches/corpus/ (made as scripts/bench.sh makes it, under
# /tmp/gazette-bench/) and the same corpus with every body written twice over
# (`gen_corpus.py --body-scale 2`) are built from scratch RUNS times, alternating, each
# into a new folder:
#
#   bodies ×1           the default: bodies kept in memory up to 128 MiB, the rest read again
#   bodies ×2           the same, with texts twice as long
#   bodies ×1, all kept GAZETTE_BODY_MEMORY large enough to keep every body
#   baseline            (with BASELINE set) that binary, on bodies ×1
#
# then, for the default and the baseline, a rebuild with nothing changed and one after
# one news item's body changed. Prints a Markdown table of medians: wall, user and system
# CPU, peak memory (/usr/bin/time's maximum resident set).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
work=/tmp/gazette-bench
mkdir -p "$work"
if [ -z "${GAZETTE:-}" ]; then
  cargo build --profile dist --quiet
  GAZETTE=$PWD/target/dist/gazette
fi
timing=$(mktemp -d)
# shellcheck source=scripts/bench-timing.sh
source "$(dirname "$0")/bench-timing.sh"

corpus() { # folder size scale
  if [ ! -d "$1/content" ]; then
    local inst=$(($2 / 10))
    python3 benches/corpus/gen_corpus.py "$1" --institutions "$inst" --news "$(($2 - inst))" \
      --seed 1 --body-scale "$3" >/dev/null
  fi
  cp benches/corpus/site.yaml "$1/site.yaml"
  rm -rf "$1/themes" && cp -r themes "$1/themes"
}

for n in "$@"; do
  single=$work/c$n
  double=$work/c$n-x2
  corpus "$single" "$n" 1
  corpus "$double" "$n" 2
  modes="default double kept"
  [ -n "${BASELINE:-}" ] && modes="$modes baseline"
  out=$work/memory-out-$n
  rm -f "$timing"/*.times
  for run in $(seq "$RUNS"); do
    for mode in $modes; do
      rm -rf "$out"
      case $mode in
        default) measure "$GAZETTE" build --root "$single" --output "$out" --no-git --quiet ;;
        double) measure "$GAZETTE" build --root "$double" --output "$out" --no-git --quiet ;;
        kept) GAZETTE_BODY_MEMORY=1000000 measure "$GAZETTE" build --root "$single" --output "$out" --no-git --quiet ;;
        baseline) measure "$BASELINE" build --root "$single" --output "$out" --no-git --quiet ;;
      esac >>"$timing/$mode.times"
    done
  done
  # Rebuilds: each binary into its own folder, with nothing changed, then after one edit.
  edited=$(find "$single/content/news" -name '*.md' | LC_ALL=C sort | sed -n 1p)
  cp "$edited" "$timing/edited.md"
  rebuilds="default"
  [ -n "${BASELINE:-}" ] && rebuilds="default baseline"
  for mode in $rebuilds; do
    binary=$GAZETTE
    [ "$mode" = baseline ] && binary=$BASELINE
    rm -rf "$out-$mode" "$single/.gazette-cache"
    "$binary" build --root "$single" --output "$out-$mode" --no-git --quiet
    for run in $(seq "$RUNS"); do
      measure "$binary" build --root "$single" --output "$out-$mode" --no-git --quiet >>"$timing/$mode-nochange.times"
      printf '\nOne more sentence, run %s.\n' "$run" >>"$edited"
      measure "$binary" build --root "$single" --output "$out-$mode" --no-git --quiet >>"$timing/$mode-edit.times"
      cp "$timing/edited.md" "$edited"
    done
    rm -rf "$out-$mode" "$single/.gazette-cache"
  done
  rm -rf "$out"
  echo
  echo "$n items (median of $RUNS)"
  echo
  echo "| build | wall | user | system | peak memory |"
  echo "|---|---|---|---|---|"
  for mode in $modes; do
    case $mode in
      default) label="from scratch, bodies ×1" ;;
      double) label="from scratch, bodies ×2" ;;
      kept) label="from scratch, bodies ×1, all kept in memory" ;;
      baseline) label="from scratch, bodies ×1, baseline" ;;
    esac
    report "$label" "$timing/$mode.times"
  done
  for mode in $rebuilds; do
    report "nothing changed ($mode)" "$timing/$mode-nochange.times"
    report "one body edited ($mode)" "$timing/$mode-edit.times"
  done
done
rm -rf "$timing"
