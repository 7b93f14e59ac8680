#!/bin/sh
# Imports a real site and checks the result: the import's report, `gazette build` (timed)
# and `gazette check` on the new site, then every old URL against the build's output.
#
#   scripts/import-check/run.sh zola|hugo|jekyll OLD_SITE NEW_SITE [GAZETTE]
#
# NEW_SITE is removed first. GAZETTE is the binary to run (default: target/release/gazette).
# The sites this was run on, and how to get them, are in scripts/import-check/README.md.
set -u
generator=$1
old=$2
new=$3
gazette=${4:-target/release/gazette}
here=$(dirname "$0")

rm -rf "$new"
"$gazette" import "$generator" "$old" "$new" > "$new.report.txt" || exit 2
sed -n '1,12p' "$new.report.txt"
echo "files in the old site: $(find "$old" -type f -not -path '*/.git/*' | wc -l)"

start=$(date +%s.%N)
"$gazette" build --root "$new" --no-git --quiet > "$new.build.txt" 2>&1
status=$?
end=$(date +%s.%N)
echo "build: exit $status in $(echo "$end - $start" | bc) s; $(grep -c '^error' "$new.build.txt") errors, $(grep -c '^warning' "$new.build.txt") warnings"
"$gazette" check --root "$new" --format json > "$new.check.json" 2>/dev/null
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('check:', d['errors'], 'errors,', d['warnings'], 'warnings')" "$new.check.json"
if [ "$status" -eq 0 ]; then
    python3 "$here/old-urls.py" "$generator" "$old" "$new/output"
fi
