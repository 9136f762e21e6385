#!/usr/bin/env bash
# Builds the web page into web/dist/: index.html with app.js, style.css, the
# engine as WebAssembly (pkg/) and the service worker sw.js; and the single
# self-contained offercheck.html. Needs the wasm32 target, wasm-bindgen-cli
# at exactly the version of wasm-bindgen in crates/web/Cargo.lock (the web
# crate is a workspace of its own: its Cargo.toml says why), and python3;
# wasm-opt (Debian's binaryen) makes the wasm smaller when it is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"

lock=crates/web/Cargo.lock
# The version of crate $1 in the lock.
locked() {
    awk -v name="$1" '$0 == "name = \"" name "\"" { getline; gsub(/version = |"/, ""); print; exit }' "$lock"
}
version=$(locked wasm-bindgen)
if [ -z "$version" ]; then
    echo "web/build.sh: no wasm-bindgen in $lock" >&2
    exit 1
fi
# The page hands the engine ASCII host names (web/app.js); the lock keeps
# the IDNA Unicode tables out of the download (crates/web/Cargo.toml).
adapter=$(locked idna_adapter)
if [ -n "$adapter" ] && [ "$adapter" != "1.0.0" ]; then
    echo "web/build.sh: $lock has idna_adapter $adapter, which adds Unicode tables the page never uses; pin it again: cargo update --manifest-path crates/web/Cargo.toml -p idna_adapter --precise 1.0.0" >&2
    exit 1
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    echo "web/build.sh: the Rust target wasm32-unknown-unknown is missing: rustup target add wasm32-unknown-unknown" >&2
    exit 1
fi
if ! command -v wasm-bindgen >/dev/null; then
    echo "web/build.sh: wasm-bindgen is missing: cargo install wasm-bindgen-cli --version $version --locked" >&2
    exit 1
fi
installed=$(wasm-bindgen --version | awk '{ print $2 }')
if [ "$installed" != "$version" ]; then
    echo "web/build.sh: wasm-bindgen $installed is installed, $lock has $version: cargo install wasm-bindgen-cli --version $version --locked --force" >&2
    exit 1
fi
command -v python3 >/dev/null || { echo "web/build.sh: python3 is missing" >&2; exit 1; }

# In the root's target folder, which the engine's other builds share.
cargo build --quiet --manifest-path crates/web/Cargo.toml --target-dir target \
    --target wasm32-unknown-unknown --profile web
built=target/wasm32-unknown-unknown/web/offercheck_web.wasm
rm -rf web/dist
mkdir -p web/dist/pkg
if command -v wasm-opt >/dev/null; then
    # Before wasm-bindgen: Debian's binaryen (108) breaks wasm-bindgen's
    # reference-types output. The features are those rustc enables for
    # wasm32 by default. No inlining (-aimfs 0 -ocimfs 0): rustc has
    # already inlined what pays, and binaryen's inlining copies code that
    # gzip then compresses worse (BENCHMARKS.md). Its result is kept only
    # if it gzips smaller.
    optimised=target/wasm32-unknown-unknown/web/opt/offercheck_web.wasm
    mkdir -p "$(dirname "$optimised")"
    wasm-opt -Oz --always-inline-max-function-size 0 --one-caller-inline-max-function-size 0 \
        --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
        --enable-reference-types --enable-multivalue --enable-mutable-globals \
        "$built" -o "$optimised"
    # wasm-opt splits the data around runs of zeros, which gzips worse.
    python3 web/assemble.py merge-data "$optimised"
    plain=$(python3 web/assemble.py gzsize "$built")
    smaller=$(python3 web/assemble.py gzsize "$optimised")
    if [ "$smaller" -lt "$plain" ]; then
        built=$optimised
    else
        echo "web/build.sh: wasm-opt gave $smaller bytes gzipped against $plain without: not used" >&2
    fi
else
    echo "web/build.sh: wasm-opt not found (Debian package binaryen): the wasm is left as wasm-bindgen writes it" >&2
fi
wasm-bindgen --target web --no-typescript --out-dir web/dist/pkg "$built"
python3 web/assemble.py strip web/dist/pkg/offercheck_web_bg.wasm
python3 web/assemble.py page web/dist
echo "web/build.sh: built web/dist/index.html and web/dist/offercheck.html" >&2
