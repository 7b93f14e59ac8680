#!/usr/bin/env bash
# Checks one of gazette's copies of a published crate (vendor/tera/, vendor/pagefind/; each
# has a GAZETTE.md that says why it is there):
#
# 1. gets the published crate of the version below through cargo (from cargo's download
#    cache when it is there, so offline after the first run) and checks its SHA-256;
# 2. applies vendor/NAME/patches/*.patch to a temporary copy of it, in order, with
#    `git apply` (no fuzz), and fails unless the result equals vendor/NAME/ file for file,
#    leaving out patches/ and GAZETTE.md;
# 3. runs the crate's own test suite on vendor/NAME/ with each feature set below, pinned by
#    the crate's own Cargo.lock. Its build is kept in target/vendored-NAME, so a second run
#    only runs the tests.
#
# Usage: scripts/check-vendored.sh tera|pagefind [--no-tests]
set -euo pipefail
cd "$(dirname "$0")/.."

NAME=${1:-}
case "$NAME" in
    tera)
        VERSION=2.4.0
        SHA256=61e0cadeeb54426080b4c5395d59769ce8293f542cc25511c167c742b2175809
        # Tera's default features, and the ones gazette's Cargo.toml asks for.
        FEATURE_SETS=("" "--features preserve_order,fast")
        ;;
    pagefind)
        VERSION=1.6.0
        SHA256=5d9345b46c57402962ba0f02e8513d69ef24e14e068073d4d06f5bfdd8c437d0
        # The features gazette builds it with (its default `serve` is a web server, not
        # used); the crate's tests are unit tests.
        FEATURE_SETS=("--no-default-features --features extended --lib")
        ;;
    *)
        echo "usage: $0 tera|pagefind [--no-tests]" >&2
        exit 2
        ;;
esac
ROOT=$PWD
VENDOR=vendor/$NAME
TARGET_DIR="$ROOT/target/vendored-$NAME"

run_tests=1
case "${2:-}" in
    "") ;;
    --no-tests) run_tests=0 ;;
    *)
        echo "usage: $0 tera|pagefind [--no-tests]" >&2
        exit 2
        ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

cargo_home=${CARGO_HOME:-$HOME/.cargo}

# The .crate file in cargo's download cache with the published checksum, if any.
cached_crate() {
    local f
    for f in "$cargo_home"/registry/cache/*/"$NAME-$VERSION.crate"; do
        [ -f "$f" ] || continue
        if [ "$(sha256sum "$f" | cut -d' ' -f1)" = "$SHA256" ]; then
            echo "$f"
            return 0
        fi
    done
    return 1
}

if ! crate=$(cached_crate); then
    echo "fetching $NAME $VERSION through cargo"
    mkdir -p "$work/fetch/src"
    : > "$work/fetch/src/lib.rs"
    cat > "$work/fetch/Cargo.toml" <<EOF
[package]
name = "fetch-vendored-$NAME"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
$NAME = { version = "=$VERSION", default-features = false }

[workspace]
EOF
    cargo fetch --quiet --manifest-path "$work/fetch/Cargo.toml"
    if ! crate=$(cached_crate); then
        echo "error: no $NAME-$VERSION.crate with SHA-256 $SHA256 in $cargo_home/registry/cache" >&2
        exit 1
    fi
fi

mkdir "$work/crate"
tar -xzf "$crate" -C "$work/crate" --strip-components=1

shopt -s nullglob
patches=("$VENDOR"/patches/*.patch)
shopt -u nullglob
for patch in "${patches[@]}"; do
    if ! (cd "$work/crate" && git apply --whitespace=nowarn "$ROOT/$patch"); then
        echo "error: $patch does not apply to $NAME $VERSION (after the patches before it)" >&2
        exit 1
    fi
done

if ! diff -r -x patches -x GAZETTE.md "$work/crate" "$VENDOR" > "$work/diff"; then
    echo "error: $VENDOR is not $NAME $VERSION with its ${#patches[@]} patches applied:" >&2
    head -n 60 "$work/diff" >&2
    exit 1
fi
echo "ok: $VENDOR is $NAME $VERSION (SHA-256 checked) with ${#patches[@]} patches applied in order"

if [ "$run_tests" = 0 ]; then
    exit 0
fi

# The crate's tests on the copy itself. INSTA_UPDATE=no: a failing snapshot writes no file
# into vendor/. --locked: the crate's Cargo.lock stays as published.
for features in "${FEATURE_SETS[@]}"; do
    echo "$NAME's test suite on $VENDOR, features: ${features:-(default)}"
    # shellcheck disable=SC2086 # the feature set is several arguments
    INSTA_UPDATE=no cargo test --quiet --locked \
        --manifest-path "$VENDOR/Cargo.toml" \
        --target-dir "$TARGET_DIR" \
        $features
done
