#!/usr/bin/env bash
# scripts/theme-checks/run.sh: the default theme checked for real. .ci/run calls it.
#
#   scripts/theme-checks/run.sh [--allow-missing]
#
# Builds three sites with the default theme: the example site, a 1,000-item generated
# corpus, and a small Chinese site (scripts/theme-checks/cjk/), then runs
#   1. the Nu HTML Checker (vnu-jar, on the machine's Java) on every page of the three, and
#      on the theme's CSS: zero errors;
#   2. browser.mjs, with playwright-core driving the machine's Chromium over the sites
#      served on 127.0.0.1: axe-core in the light and dark schemes (no serious or critical
#      violation), page structure, no horizontal overflow at 375 and 320 px, the layout on a
#      phone (the header's height, where an item's text starts, breadcrumb separators,
#      heading anchors), keyboard and print checks, and screenshots at 375 and 1280 px in
#      target/theme-screenshots/.
#
# It installs what it can (Debian's chromium and a Java runtime with apt-get when run as
# root, the pinned npm packages with `npm ci`) and fails when a tool is still missing.
# Only outside CI, and only with --allow-missing, does it skip instead, saying so.
# The corpus comes from benches/corpus/gen_corpus.py; GAZETTE_BIN runs a gazette binary
# instead of `cargo run --release`.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
CORPUS=benches/corpus
WORK=target/theme-checks
SHOTS=target/theme-screenshots
VNU=node_modules/vnu-jar/build/dist/vnu.jar

allow_missing=0
for arg in "$@"; do
  case $arg in
    --allow-missing) allow_missing=1 ;;
    -h | --help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "run.sh: unknown argument $arg (see --help)" >&2; exit 2 ;;
  esac
done

in_ci() { [[ -n ${CI:-} && ${CI} != false && ${CI} != 0 ]]; }
have() { command -v "$1" >/dev/null 2>&1; }

# 1. Tools ---------------------------------------------------------------------------

apt_install() {
  if [[ $(id -u) == 0 ]] && have apt-get; then
    echo "== installing $* with apt-get"
    if [[ -z ${apt_updated:-} ]]; then apt-get update -qq && apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null || true
  fi
}

[[ -x $CHROMIUM || $CHROMIUM != /usr/bin/chromium ]] || apt_install chromium
have java || apt_install default-jre-headless
# Not required, but without a CJK font the Chinese site's screenshots show empty boxes.
[[ -n $(fc-list :lang=zh 2>/dev/null) ]] || apt_install fonts-noto-cjk

missing=()
[[ -x $CHROMIUM ]] || missing+=("chromium at $CHROMIUM (Debian: apt-get install chromium; or set CHROMIUM)")
have java || missing+=("java (Debian: apt-get install default-jre-headless)")
have node || missing+=("node (Node.js 18 or later)")
have npm || missing+=("npm")
have python3 || missing+=("python3")
if ((${#missing[@]})); then
  for m in "${missing[@]}"; do echo "theme checks: missing $m" >&2; done
  if in_ci || ((!allow_missing)); then
    echo "theme checks: FAILED, ${#missing[@]} required tool(s) missing (see above)" >&2
    exit 1
  fi
  echo "theme checks: SKIPPED (--allow-missing): nothing was checked" >&2
  exit 0
fi

# The pinned npm packages, installed when any is missing or at another version. No
# install scripts: none of the three needs one (vnu-jar's would look for a Java).
if ! node -e '
  const want = require("./package.json").devDependencies;
  for (const [name, version] of Object.entries(want)) {
    if (require(`./node_modules/${name}/package.json`).version !== version) process.exit(1);
  }' 2>/dev/null; then
  echo "== npm ci"
  npm ci --ignore-scripts --no-audit --no-fund
fi

# 2. Sites ---------------------------------------------------------------------------

echo "== building the example site, a 1,000-item corpus and a Chinese site"
rm -rf "$WORK" "$SHOTS"
mkdir -p "$WORK" "$SHOTS"
gazette() { # GAZETTE_BIN runs a gazette built elsewhere instead of this tree's
  if [[ -n ${GAZETTE_BIN:-} ]]; then "$GAZETTE_BIN" "$@"; else cargo run --release --quiet -- "$@"; fi
}
gazette build --quiet --root . --output "$WORK/example"
python3 "$CORPUS/gen_corpus.py" "$WORK/corpus" --institutions 100 --news 900 --seed 1 >/dev/null
cp "$CORPUS/site.yaml" "$WORK/corpus/"
cp -r themes "$WORK/corpus/"
gazette build --quiet --root "$WORK/corpus"
cp -r scripts/theme-checks/cjk "$WORK/cjk"
cp -r themes "$WORK/cjk/"
gazette build --quiet --root "$WORK/cjk"

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "  ok    $1"; }
fail() { failed=$((failed + 1)); echo "  FAIL  $1"; }

# 3. The Nu HTML Checker -------------------------------------------------------------

echo "== Nu HTML Checker"
vnu() { # name, then vnu's arguments
  local name=$1 log="$WORK/vnu-$1.log"
  shift
  if java -jar "$VNU" --errors-only "$@" >"$log" 2>&1; then
    pass "vnu $name"
  else
    fail "vnu $name: $(grep -c 'error:' "$log" || true) errors, first ones:"
    head -n 20 "$log" | sed 's/^/        /'
  fi
}
pages() { find "$1" -name '*.html' | wc -l | tr -d ' '; }
vnu example --skip-non-html "$WORK/example"
echo "        ($(pages "$WORK/example") pages)"
vnu corpus --skip-non-html "$WORK/corpus/output"
echo "        ($(pages "$WORK/corpus/output") pages)"
vnu cjk --skip-non-html "$WORK/cjk/output"
echo "        ($(pages "$WORK/cjk/output") pages)"
vnu css --css themes/default/static/css/site.css

# 4. The browser ---------------------------------------------------------------------

servers=()
cleanup() {
  for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

serve() { # dir → prints the URL once the server answers
  local port pid
  port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  python3 -m http.server "$port" --bind 127.0.0.1 --directory "$1" >"$WORK/server-$port.log" 2>&1 &
  pid=$!
  servers+=("$pid")
  for _ in $(seq 50); do
    if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null; then
      SERVED="http://127.0.0.1:$port"
      return 0
    fi
    sleep 0.2
  done
  echo "theme checks: the server for $1 did not answer on port $port" >&2
  return 1
}

echo "== Chromium ($("$CHROMIUM" --version 2>/dev/null | head -n 1)) with axe-core"
serve "$WORK/example"
example_url=$SERVED
serve "$WORK/corpus/output"
corpus_url=$SERVED
serve "$WORK/cjk/output"
cjk_url=$SERVED
results="$WORK/browser-results.txt"
rm -f "$results"
browser_status=0
node scripts/theme-checks/browser.mjs \
  --chromium "$CHROMIUM" --shots "$SHOTS" --results "$results" \
  --site "example=$WORK/example=$example_url" \
  --site "corpus=$WORK/corpus/output=$corpus_url" \
  --site "cjk=$WORK/cjk/output=$cjk_url" || browser_status=$?
if [[ -f $results ]]; then
  passed=$((passed + $(grep -c '^PASS' "$results" || true)))
  failed=$((failed + $(grep -c '^FAIL' "$results" || true)))
fi
if ((browser_status > 1)) || [[ ! -f $results ]]; then
  fail "browser.mjs stopped with status $browser_status before it finished"
fi
echo "        screenshots: $SHOTS/ ($(find "$SHOTS" -name '*.png' | wc -l | tr -d ' ') files)"

echo
echo "theme checks: $passed passed, $failed failed"
((failed == 0))
