#!/usr/bin/env bash
# Mutation testing of the files that keep gazette's promises: permalinks and paths, the
# output folder (writing, staging, the lock), serve's HTTP and the walk of content/.
# cargo-mutants changes the code one way at a time (a condition turned, a function made to
# return a default) and runs the tests: a mutant the tests miss is a guard without a test,
# or a change that makes no difference (then say why beside the code or in the README).
#
#   scripts/mutants.sh                      every file below, the whole test suite per mutant
#   scripts/mutants.sh src/write/lock.rs    one file
#   TESTS=--lib scripts/mutants.sh ...      only the unit tests per mutant (much faster)
#
# Too slow for every CI run (some 270 mutants, each a build and a test run; hours on 2
# cores): run it after changing one of these files. Results land in target/mutants/
# (mutants.out/caught.txt, missed.txt, unviable.txt, timeout.txt).
set -euo pipefail
cd "$(dirname "$0")/.."
command -v cargo-mutants >/dev/null || cargo install cargo-mutants --locked
files=("$@")
if [ ${#files[@]} -eq 0 ]; then
  files=(src/model/permalink.rs src/write/output.rs src/write/staging.rs src/write/lock.rs
    src/serve/http.rs src/load/content/walk.rs)
fi
args=()
for f in "${files[@]}"; do args+=(--file "$f"); done
# shellcheck disable=SC2086 # TESTS is a list of test arguments
cargo mutants "${args[@]}" --timeout-multiplier 3 --output target/mutants -- ${TESTS:-}
