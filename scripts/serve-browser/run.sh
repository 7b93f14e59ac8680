#!/usr/bin/env bash
# scripts/serve-browser/run.sh: `gazette serve` checked in a real browser. .ci/run calls it.
#
# Copies the example site to a temporary folder, starts `gazette serve --port 0` on it, and
# runs serve.mjs: headless Chromium (Debian's, driven by playwright-core) opens a news page,
# the script edits the page's file on disk, and the open tab must reload by itself and show
# the new text; a stylesheet edit must restyle the tab without a reload; a broken file must
# show the error overlay, and fixing it must remove the overlay.
#
# Needs /usr/bin/chromium (or $CHROMIUM), node and the npm packages of package.json
# (installed with `npm ci` when missing). It fails, never skips, when one is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=scripts/browser/serve-example.sh
source scripts/browser/serve-example.sh
serve_example "serve browser test"

status=0
node scripts/serve-browser/serve.mjs --chromium "$CHROMIUM" --url "$url" --site "$site" || status=$?
[[ $status == 0 ]] || serve_log
exit $status
