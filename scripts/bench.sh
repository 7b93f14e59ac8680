#!/usr/bin/env bash
# Whole-build benchmark over generated corpora (../shared/bench/gen_corpus.py).
#
#   scripts/bench.sh [SIZES...]        default: 1000 10000
#   RUNS=5 scripts/bench.sh 10000
#
# For each size N (N/10 institutions, the rest news, seed 1) it builds with gazette from
# scratch (into a new output folder each run), again with nothing changed, and again after
# one news item is edited (restored after), RUNS times each, and prints the medians of
# wall time, user and system CPU and peak memory (/usr/bin/time). When `hugo` is on PATH,
# Hugo builds the same corpus with ../shared/bench/hugo/, alternating with gazette so both
# see the same machine noise, and the ratios are printed. With BASELINE set
# to another gazette binary (an earlier commit's), it builds from scratch in the same loop
# too, and the change's ratio is printed:
#
#   BASELINE=/tmp/base/target/release/gazette RUNS=5 scripts/bench.sh 10000
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${SHARED:-$here/../shared}
runs=${RUNS:-5}
work=${BENCH_DIR:-/tmp/gazette-bench}
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000)

cargo build --release --quiet --manifest-path "$here/Cargo.toml"
gazette=${CARGO_TARGET_DIR:-$here/target}/release/gazette
mkdir -p "$work"
# A run that was interrupted left its builds: remove them, then wait out the minute in which
# ext4 without a journal skips the freed inodes (see the comment in the loop below), once
# the removal is on disk.
if [ -d "$work/runs" ]; then
  rm -rf "$work/runs" && sync && sleep 65
fi
trap 'rm -rf "$work/runs"' EXIT
# The floor: read, pulldown-cmark and write each page, nothing else (shared/ is read-only,
# so it is built from a copy).
floor=""
if [ -d "$shared/bench/floor" ]; then
  rm -rf "$work/floor-src" && cp -r "$shared/bench/floor" "$work/floor-src"
  cargo build --release --quiet --manifest-path "$work/floor-src/Cargo.toml" --target-dir "$work/floor-target"
  floor=$work/floor-target/release/floor
fi

# Prints "wall user maxrss_kib system" of one command. The previous run's files are flushed to
# disk first, so no run pays for another's writeback.
measure() {
  sync
  /usr/bin/time -f "%e %U %M %S" -o "$work/time.txt" "$@" >/dev/null 2>"$work/stderr.txt" || {
    cat "$work/stderr.txt" >&2
    return 1
  }
  cat "$work/time.txt"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

report() { # label file
  local wall user mem sys
  wall=$(cut -d' ' -f1 "$2" | median)
  user=$(cut -d' ' -f2 "$2" | median)
  mem=$(cut -d' ' -f3 "$2" | median)
  sys=$(cut -d' ' -f4 "$2" | median)
  printf '| %s | %s s | %s s | %s s | %s MiB |\n' "$1" "$wall" "$user" "$sys" "$((mem / 1024))"
}

for n in "${sizes[@]}"; do
  inst=$((n / 10))
  news=$((n - inst))
  site=$work/c$n
  if [ ! -d "$site/content" ]; then
    python3 "$shared/bench/gen_corpus.py" "$site" --institutions "$inst" --news "$news" --seed 1 >/dev/null
  fi
  cp "$shared/bench/site.yaml" "$site/site.yaml"
  rm -rf "$site/themes" && cp -r "$here/themes" "$site/themes"
  hugo_site=$work/hugo-site
  if command -v hugo >/dev/null; then
    rm -rf "$hugo_site" && cp -r "$shared/bench/hugo" "$hugo_site"
  fi
  : >"$work/scratch.txt"; : >"$work/nochange.txt"; : >"$work/hugo.txt"; : >"$work/floor.txt"
  : >"$work/baseline.txt"
  : >"$work/oneedit.txt"
  # One news item edited between the nothing-changed build and the next (restored after).
  edited=$(find "$site/content/news" -name '*.md' ! -name '_index.md' | sort | sed -n 1p)
  cp "$edited" "$work/edited.md"
  trap 'cp "$work/edited.md" "$edited"; rm -rf "$work/runs"' EXIT
  # Every run writes into a folder of its own, removed only after the loop: ext4 skips
  # inodes freed in the last minutes when it allocates new ones (`recently_deleted`), so a
  # build right after removing the last one's 11,000 files spends most of its time in that
  # scan, by an amount that grows from run to run (seen with perf: 60 % of a build's samples).
  # The kernel skips an inode freed less than 60 s ago, or 360 s while its inode table
  # block is not yet written back (`recently_deleted` in fs/ext4/ialloc.c), so after removing
  # many files by hand, `sync` and wait a minute before running this script.
  # Read the corpus once before timing: this machine's page cache does not always keep it
  # between runs (a cold 50,000-item load took 35 s instead of 1.5 s), and every tool
  # should find it in memory alike.
  find "$site/content" -type f -exec cat {} + >/dev/null
  runs_dir=$work/runs/c$n
  mkdir -p "$runs_dir"
  for i in $(seq "$runs"); do
    measure "$gazette" build --root "$site" --output "$runs_dir/gazette-$i" --quiet >>"$work/scratch.txt"
    measure "$gazette" build --root "$site" --output "$runs_dir/gazette-$i" --quiet >>"$work/nochange.txt"
    printf '\nEdited in run %s.\n' "$i" >>"$edited"
    measure "$gazette" build --root "$site" --output "$runs_dir/gazette-$i" --quiet >>"$work/oneedit.txt"
    cp "$work/edited.md" "$edited"
    if [ -n "${BASELINE:-}" ]; then
      measure "$BASELINE" build --root "$site" --output "$runs_dir/baseline-$i" --quiet >>"$work/baseline.txt"
    fi
    if [ -n "$floor" ]; then
      measure "$floor" "$site/content" "$runs_dir/floor-$i" 2 >>"$work/floor.txt"
    fi
    if command -v hugo >/dev/null; then
      measure hugo -s "$hugo_site" --contentDir "$site/content" -d "$runs_dir/hugo-$i" --quiet >>"$work/hugo.txt"
    fi
  done
  echo
  echo "### $n items ($inst institutions, $news news), median of $runs"
  echo
  echo "| build | wall | user CPU | system CPU | peak memory |"
  echo "|---|---|---|---|---|"
  report "gazette, from scratch" "$work/scratch.txt"
  report "gazette, nothing changed" "$work/nochange.txt"
  report "gazette, one news item changed" "$work/oneedit.txt"
  [ -s "$work/baseline.txt" ] && report "baseline ($BASELINE), from scratch" "$work/baseline.txt"
  [ -s "$work/floor.txt" ] && report "floor (read + pulldown-cmark + write, 2 threads)" "$work/floor.txt"
  g=$(cut -d' ' -f1 "$work/scratch.txt" | median)
  gn=$(cut -d' ' -f1 "$work/nochange.txt" | median)
  ge=$(cut -d' ' -f1 "$work/oneedit.txt" | median)
  gu=$(cut -d' ' -f2 "$work/scratch.txt" | median)
  gm=$(cut -d' ' -f3 "$work/scratch.txt" | median)
  [ -s "$work/hugo.txt" ] && report "Hugo $(hugo version | cut -d' ' -f2), from scratch" "$work/hugo.txt"
  echo
  if [ -s "$work/hugo.txt" ]; then
    h=$(cut -d' ' -f1 "$work/hugo.txt" | median)
    hu=$(cut -d' ' -f2 "$work/hugo.txt" | median)
    hm=$(cut -d' ' -f3 "$work/hugo.txt" | median)
    echo "gazette / Hugo: wall $(echo "scale=2; $g / $h" | bc), user CPU $(echo "scale=2; $gu / $hu" | bc), peak memory $(echo "scale=2; $gm / $hm" | bc), nothing-changed rebuild / Hugo full build $(echo "scale=2; $gn / $h" | bc), one-item rebuild / Hugo full build $(echo "scale=2; $ge / $h" | bc)"
  fi
  if [ -s "$work/baseline.txt" ]; then
    b=$(cut -d' ' -f1 "$work/baseline.txt" | median)
    bu=$(cut -d' ' -f2 "$work/baseline.txt" | median)
    echo "gazette / baseline, from scratch: wall $(echo "scale=2; $g / $b" | bc), user CPU $(echo "scale=2; $gu / $bu" | bc)"
  fi
  if [ -s "$work/floor.txt" ]; then
    f=$(cut -d' ' -f1 "$work/floor.txt" | median)
    echo "gazette / floor wall: $(echo "scale=2; $g / $f" | bc)"
  fi
  echo
  echo "Stages of one from-scratch build (gazette build --verbose):"
  "$gazette" build --root "$site" --output "$runs_dir/gazette-stages" --verbose 2>&1 | sed 's/^/    /'
  rm -rf "$site/.gazette-cache"
done
