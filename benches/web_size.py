#!/usr/bin/env python3
"""The web page's download, gzipped (level 9), against SPEC's 350 KB budget,
and where its bytes go (BENCHMARKS.md, "The web page").

    bash web/build.sh && python3 benches/web_size.py

It prints every file the page loads from web/dist/ and the total, the single
offercheck.html, and the wasm split into its code and data: the rule data
compiled in (the default rule set as saved at build time, every language),
and the code of the engine and its libraries against the rest (Rust's core
and alloc, serde_json, the page's API, wasm-bindgen). The split of the code
is by function names, from the wasm cargo built (before web/build.sh drops
the names), and is an estimate: generic code of core and alloc that the
engine instantiates is counted under core and alloc.
"""

import glob
import gzip
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "web" / "dist"
BUILT = ROOT / "target" / "wasm32-unknown-unknown" / "web" / "offercheck_web.wasm"
# Everything index.html loads: itself, its style and script, the engine's
# glue and wasm, and the service worker it registers.
LOADED = ["index.html", "style.css", "app.js", "pkg/offercheck_web.js", "pkg/offercheck_web_bg.wasm", "sw.js"]
BUDGET = 350 * 1000

# The wasm reading of web/assemble.py, which strips the names the same way.
sys.path.insert(0, str(ROOT / "web"))
from assemble import leb128, sections as wasm_sections  # noqa: E402
ENGINE = {"offercheck_engine", "offercheck_default_rules", "aho_corasick", "regex_lite", "url", "idna",
          "idna_adapter", "icu_normalizer", "icu_collections", "icu_properties", "icu_provider",
          "icu_locale_core", "zerovec", "zerotrie", "yoke", "tinystr", "writeable", "potential_utf",
          "utf8_iter", "utf16_iter", "smallvec", "percent_encoding", "form_urlencoded", "textwrap",
          "strsim", "postcard", "rustc_hash", "memchr", "anstyle", "anstream", "toml"}


def gz(data):
    return len(gzip.compress(data, 9))


def sections(data):
    """(id, payload) of each section of a wasm module."""
    return [(kind, body) for kind, _, _, body in wasm_sections(data)]


def crate_of(name):
    """The crate a mangled function name belongs to (its first path part)."""
    legacy = re.match(r"_ZN(\d+)(\w+)", name)
    if legacy:
        first = legacy.group(2)[:int(legacy.group(1))]
        if not first.startswith("_"):
            return first
        inner = re.search(r"\$LT\$([a-z_][a-z0-9_]*)\.\.", name)
        return inner.group(1) if inner else first
    v0 = re.search(r"Cs\w+?_(\d+)([a-z_][a-z0-9_]*)", name)
    if v0:
        return v0.group(2)[:int(v0.group(1))]
    return "other"


def code_by_crate(data):
    """Bytes of function bodies by crate, from the name section."""
    imported, bodies, names = 0, [], {}
    for kind, body in sections(data):
        if kind == 2:
            count, at = leb128(body, 0)
            for _ in range(count):
                for _ in range(2):
                    size, at = leb128(body, at)
                    at += size
                what = body[at]
                at += 1
                if what == 0:
                    _, at = leb128(body, at)
                    imported += 1
                elif what == 1:
                    at += 1
                    flags, at = leb128(body, at)
                    _, at = leb128(body, at)
                    if flags & 1:
                        _, at = leb128(body, at)
                elif what == 2:
                    flags, at = leb128(body, at)
                    _, at = leb128(body, at)
                    if flags & 1:
                        _, at = leb128(body, at)
                else:
                    at += 2
        elif kind == 10:
            count, at = leb128(body, 0)
            for _ in range(count):
                size, start = leb128(body, at)
                bodies.append(body[at:start + size])
                at = start + size
        elif kind == 0:
            size, at = leb128(body, 0)
            if body[at:at + size] != b"name":
                continue
            at += size
            while at < len(body):
                sub = body[at]
                size, at = leb128(body, at + 1)
                end = at + size
                if sub == 1:
                    count, here = leb128(body, at)
                    for _ in range(count):
                        index, here = leb128(body, here)
                        length, here = leb128(body, here)
                        names[index] = body[here:here + length].decode("utf-8", "replace")
                        here += length
                at = end
    by_crate = Counter()
    for index, body in enumerate(bodies):
        by_crate[crate_of(names.get(index + imported, "other"))] += len(body)
    return by_crate


def main():
    missing = [name for name in LOADED if not (DIST / name).is_file()]
    if missing:
        sys.exit(f"benches/web_size.py: web/dist/ lacks {', '.join(missing)}: run bash web/build.sh")
    total = 0
    print("what the page loads (gzip -9):")
    for name in LOADED:
        data = (DIST / name).read_bytes()
        total += gz(data)
        print(f"  {name:28} {len(data):>9} bytes  {gz(data):>7} gzipped")
    verdict = "within" if total <= BUDGET else "over"
    print(f"  {'total':28} {'':>15} {total:>7} gzipped: {verdict} the budget of {BUDGET}")
    single = (DIST / "offercheck.html").read_bytes()
    print(f"offercheck.html (one file)     {len(single):>9} bytes  {gz(single):>7} gzipped")

    wasm = (DIST / "pkg" / "offercheck_web_bg.wasm").read_bytes()
    parts = {kind: body for kind, body in sections(wasm)}
    code, data = parts.get(10, b""), parts.get(11, b"")
    print(f"the wasm: code {len(code)} bytes ({gz(code)} gzipped), data {len(data)} bytes ({gz(data)} gzipped)")
    saved = glob.glob(str(ROOT / "target/wasm32-unknown-unknown/web/build/offercheck-default-rules-*/out"))
    if saved:
        # The newest saved rule set: a folder's own time does not change
        # when a build writes its files again.
        folder = max(saved, key=lambda path: (Path(path) / "rules.bin").stat().st_mtime
                     if (Path(path) / "rules.bin").is_file() else 0)
        rules = b"".join(Path(path).read_bytes() for path in sorted(glob.glob(f"{folder}/rules*")))
        print(f"  of the data, the rule set compiled in: {len(rules)} bytes ({gz(rules)} gzipped alone)")
    if BUILT.is_file():
        by_crate = code_by_crate(BUILT.read_bytes())
        all_code = sum(by_crate.values()) or 1
        engine = sum(size for crate, size in by_crate.items() if crate in ENGINE)
        print(f"  of the code, the engine and its libraries: {engine} of {all_code} bytes "
              f"({100 * engine / all_code:.0f} %), by function names")
        for crate, size in by_crate.most_common(12):
            print(f"    {crate:26} {size:>8}")


if __name__ == "__main__":
    main()
