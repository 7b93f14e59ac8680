#!/usr/bin/env bash
# Checks gazette's copy of Tera (vendor/tera/, see vendor/tera/GAZETTE.md):
#
# 1. gets the published tera crate of the version below through cargo (from cargo's download
#    cache when it is there, so offline after the first run) and checks its SHA-256;
# 2. applies vendor/tera/patches/*.patch to a temporary copy of it, in order, with
#    `git apply` (no fuzz), and fails unless the result equals vendor/tera/ file for file,
#    leaving out patches/ and GAZETTE.md;
# 3. runs Tera's own test suite on vendor/tera/ (unit and snapshot tests, the integration
#    tests in tests/, doc tests), with Tera's default features and with the ones gazette
#    turns on, pinned by the crate's own Cargo.lock. Its build is kept in
#    target/vendored-tera, so a second run only runs the tests.
#
# Usage: scripts/check-vendored-tera.sh [--no-tests]
set -euo pipefail
cd "$(dirname "$0")/.."

VERSION=2.4.0
SHA256=61e0cadeeb54426080b4c5395d59769ce8293f542cc25511c167c742b2175809
# The features gazette's Cargo.toml asks for.
GAZETTE_FEATURES=preserve_order,fast
ROOT=$PWD
VENDOR=vendor/tera
TARGET_DIR="$ROOT/target/vendored-tera"

run_tests=1
case "${1:-}" in
    "") ;;
    --no-tests) run_tests=0 ;;
    *)
        echo "usage: $0 [--no-tests]" >&2
        exit 2
        ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo_home=${CARGO_HOME:-$HOME/.cargo}

# The .crate file in cargo's download cache with the published checksum, if any.
cached_crate() {
    local f
    for f in "$cargo_home"/registry/cache/*/"tera-$VERSION.crate"; do
        [ -f "$f" ] || continue
        if [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$SHA256" ]; then
            echo "$f"
            return 0
        fi
    done
    return 1
}

if ! crate=$(cached_crate); then
    echo "fetching tera $VERSION through cargo"
    mkdir -p "$work/fetch/src"
    : > "$work/fetch/src/lib.rs"
    cat > "$work/fetch/Cargo.toml" <<EOF
[package]
name = "fetch-vendored-tera"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
tera = { version = "=$VERSION", default-features = false }

[workspace]
EOF
    cargo fetch --quiet --manifest-path "$work/fetch/Cargo.toml"
    if ! crate=$(cached_crate); then
        echo "error: no tera-$VERSION.crate with SHA-256 $SHA256 in $cargo_home/registry/cache" >&2
        exit 1
    fi
fi

mkdir "$work/tera"
tar -xzf "$crate" -C "$work/tera" --strip-components=1

shopt -s nullglob
patches=("$VENDOR"/patches/*.patch)
shopt -u nullglob
for patch in "${patches[@]}"; do
    if ! (cd "$work/tera" && git apply --whitespace=nowarn "$ROOT/$patch"); then
        echo "error: $patch does not apply to tera $VERSION (after the patches before it)" >&2
        exit 1
    fi
done

if ! diff -r -x patches -x GAZETTE.md "$work/tera" "$VENDOR" > "$work/diff"; then
    echo "error: $VENDOR is not tera $VERSION with its ${#patches[@]} patches applied:" >&2
    head -n 60 "$work/diff" >&2
    exit 1
fi
echo "ok: $VENDOR is tera $VERSION (SHA-256 checked) with ${#patches[@]} patches applied in order"

if [ "$run_tests" = 0 ]; then
    exit 0
fi

# Tera's tests on the copy itself. INSTA_UPDATE=no: a failing snapshot writes no file into
# vendor/tera/. --locked: the crate's Cargo.lock stays as published.
for features in "" "$GAZETTE_FEATURES"; do
    echo "Tera's test suite on $VENDOR, features: ${features:-(default)}"
    INSTA_UPDATE=no cargo test --quiet --locked \
        --manifest-path "$VENDOR/Cargo.toml" \
        --target-dir "$TARGET_DIR" \
        --features "$features"
done
