# scripts/browser/serve-example.sh: sourced by the browser tests (scripts/serve-browser/,
# scripts/search-browser/). `serve_example NAME` installs what they need when it can
# (Debian's chromium and the CJK fonts as root, the npm packages with `npm ci`), fails when
# something is still missing, copies the example site to a temporary folder and starts
# `gazette serve --port 0` on it. It sets CHROMIUM, work, site (the copy), url (the server's)
# and serve_log (a function that prints the server's log); the server stops and the copy
# goes when the script exits. A script that defines `prepare_site` has it called with the
# copy's folder before the server starts.
serve_example() {
  local name=$1
  CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
  have() { command -v "$1" >/dev/null 2>&1; }
  if [[ ! -x $CHROMIUM && $(id -u) == 0 ]] && have apt-get; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
  fi
  [[ -x $CHROMIUM ]] || { echo "$name: chromium is missing at $CHROMIUM (apt-get install chromium)" >&2; exit 1; }
  have node || { echo "$name: node is missing" >&2; exit 1; }
  [[ -d node_modules/playwright-core ]] || npm ci --no-audit --no-fund --silent

  cargo build --release --quiet
  work=$(mktemp -d)
  server=""
  trap 'if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; fi; rm -rf "$work"' EXIT
  site=$work/site
  mkdir -p "$site"
  cp -r site.yaml content static themes "$site/"
  # A test may change its copy before the server starts (scripts/cms-browser/ does).
  if declare -F prepare_site >/dev/null; then prepare_site "$site"; fi

  target/release/gazette serve --port 0 --root "$site" >"$work/stdout" 2>"$work/stderr" &
  server=$!
  for _ in $(seq 600); do
    grep -q "Serving the site at" "$work/stdout" 2>/dev/null && break
    kill -0 "$server" 2>/dev/null || { cat "$work/stderr" >&2; echo "$name: gazette serve exited" >&2; exit 1; }
    sleep 0.1
  done
  url=$(grep -o 'http://[^ ]*' "$work/stdout" | head -n 1)
  [[ -n $url ]] || { echo "$name: no URL from gazette serve" >&2; exit 1; }
}

serve_log() {
  echo "--- gazette serve's log:" >&2
  cat "$work/stdout" "$work/stderr" >&2
}
