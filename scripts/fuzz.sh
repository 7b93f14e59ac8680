#!/usr/bin/env bash
# Fuzzes gazette's parsers and path builders for a bounded time: the front-matter
# splitter, the YAML-to-schema loader, slugs and permalinks, Markdown, and picture files
# (targets in fuzz/).
#
#   scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]      # default: 60 s each, every target
#   GAZETTE_FUZZ=stable scripts/fuzz.sh 30                # force the stable harness
#
# With cargo-fuzz and a nightly toolchain the targets run under libFuzzer with AddressSanitizer
# (`cargo +nightly fuzz run`). cargo-fuzz needs nightly; on a stable-only machine each target
# is an ordinary binary driven by the mutation loop in fuzz/src/lib.rs instead.
# A crash leaves its input in fuzz/artifacts/<target>/ and the script exits 1: make that input
# a case in tests/testsuite/hostile.rs (`regressions`), then fix the bug.
set -euo pipefail
cd "$(dirname "$0")/../fuzz"

seconds="${1:-60}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    targets=(front_matter load permalink markdown picture)
fi

if [ "${GAZETTE_FUZZ:-}" != stable ] && command -v cargo-fuzz >/dev/null 2>&1 \
    && cargo +nightly --version >/dev/null 2>&1; then
    for target in "${targets[@]}"; do
        echo "== $target: libFuzzer for $seconds s"
        cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -max_len=65536
    done
else
    echo "cargo-fuzz or a nightly toolchain is missing: using the stable harness"
    cargo build --release --quiet
    for target in "${targets[@]}"; do
        echo "== $target: stable harness for $seconds s"
        ./target/release/"$target" "$seconds"
    done
fi
echo "fuzz: ${#targets[@]} passed, 0 failed"
