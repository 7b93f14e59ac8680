#!/usr/bin/env bash
# scripts/cms-browser/run.sh: the editor at /admin/ in a real browser, saving through
# `gazette serve`. .ci/run calls it.
#
# Fetches Decap CMS's release from npm (the version `/admin/` pins, into node_modules/, once),
# copies the example site with the editor's script served from the site itself (no network),
# starts `gazette serve --port 0` on it, and runs cms.mjs: headless Chromium creates a news
# item in the editor with two institutions picked through the relation widget and a tag,
# publishes it with its Chinese title, and the files, the rebuilt page and the institutions'
# backlinks must follow; then an item whose body links to a missing institution must be
# refused, with gazette's error shown in the editor and no file written.
#
# Needs what scripts/serve-browser/run.sh needs; it fails, never skips, when one is missing.
set -euo pipefail
cd "$(dirname "$0")/../.."
version=$(grep -o 'decap-cms@[0-9.]*' src/model/config.rs | head -n 1 | cut -d@ -f2)
decap=node_modules/.gazette/decap-cms-$version
if [[ ! -f $decap/dist/decap-cms.js ]]; then
  mkdir -p "$decap"
  tarball=$(cd "$decap" && npm pack "decap-cms@$version" --silent)
  tar -xzf "$decap/$tarball" -C "$decap" --strip-components=1
fi

prepare_site() {
  local site=$1
  mkdir -p "$site/static/admin/decap"
  cp "$decap"/dist/*.js "$site/static/admin/decap/"
  # The example's editor, with its script from the site instead of the CDN.
  sed -i 's#^cms:$#cms:\n  script: /admin/decap/decap-cms.js#' "$site/site.yaml"
  grep -q 'script: /admin/decap/decap-cms.js' "$site/site.yaml"
}
# shellcheck source=scripts/browser/serve-example.sh
source scripts/browser/serve-example.sh
serve_example "cms browser test"

status=0
node scripts/cms-browser/cms.mjs --chromium "$CHROMIUM" --url "$url" --site "$site" || status=$?
[[ $status == 0 ]] || serve_log
exit $status
