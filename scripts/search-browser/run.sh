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
# shellcheck source=scripts/browser/serve-example.sh
source scripts/browser/serve-example.sh
serve_example "search browser test"

status=0
node scripts/search-browser/search.mjs --chromium "$CHROMIUM" --url "$url" --site "$site" || status=$?
[[ $status == 0 ]] || serve_log
exit $status
