#!/usr/bin/env bash
# scripts/search-browser/run.sh: site search checked in a real browser. .ci/run calls it.
#
# Copies the example site to a temporary folder, starts `gazette serve --port 0` on it (the
# index is the one `gazette build` writes; serve rebuilds it after edits), and runs
# search.mjs: headless Chromium (Debian's, driven by playwright-core) searches in English
# and in Chinese, narrows with a filter, finds nothing and says so, does all of it with the
# keyboard, goes back with the browser's history, and finds a word an edit just added.
#
# Needs /usr/bin/chromium (or $CHROMIUM), node and the npm packages of package.json
# (installed with `npm ci` when missing). It fails, never skips, when one is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
have() { command -v "$1" >/dev/null 2>&1; }
if [[ ! -x $CHROMIUM && $(id -u) == 0 ]] && have apt-get; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi
[[ -x $CHROMIUM ]] || { echo "search browser test: chromium is missing at $CHROMIUM (apt-get install chromium)" >&2; exit 1; }
have node || { echo "search browser test: node is missing" >&2; exit 1; }
[[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund --silent

cargo build --release --quiet
work=$(mktemp -d)
server=""
cleanup() {
  [[ -n $server ]] && kill "$server" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
site=$work/site
mkdir -p "$site"
cp -r site.yaml content themes "$site/"

target/release/gazette serve --port 0 --root "$site" >"$work/stdout" 2>"$work/stderr" &
server=$!
for _ in $(seq 600); do
  grep -q "Serving the site at" "$work/stdout" 2>/dev/null && break
  kill -0 "$server" 2>/dev/null || { cat "$work/stderr" >&2; echo "search browser test: gazette serve exited" >&2; exit 1; }
  sleep 0.1
done
url=$(grep -o 'http://[^ ]*' "$work/stdout" | head -n 1)
[[ -n $url ]] || { echo "search browser test: no URL from gazette serve" >&2; exit 1; }

status=0
node scripts/search-browser/search.mjs --chromium "$CHROMIUM" --url "$url" --site "$site" || status=$?
if [[ $status != 0 ]]; then
  echo "--- gazette serve's log:" >&2
  cat "$work/stdout" "$work/stderr" >&2
fi
exit $status
