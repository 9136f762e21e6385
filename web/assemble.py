#!/usr/bin/env python3
"""Assembles the built page in web/dist/ (web/build.sh runs it).

    python3 web/assemble.py strip WASM   drops the custom sections (names,
                                         producers) from a wasm file
    python3 web/assemble.py merge-data WASM  joins the data segments of a
                                         wasm file into one (see merge_data)
    python3 web/assemble.py gzsize FILE  prints the size of FILE gzipped
                                         (level 9), without custom sections
                                         for a wasm file
    python3 web/assemble.py page DIST    writes DIST/index.html with its
                                         files and sw.js, and the single
                                         self-contained DIST/offercheck.html

DIST/pkg/ must hold wasm-bindgen's output (--target web). The single file
inlines the style, the script and the wasm (as base64, decoded without any
request), under a Content-Security-Policy that allows only its own inline
script and style, by their hashes, and no connection at all.
"""

import base64
import gzip
import hashlib
import re
import shutil
import sys
from pathlib import Path

WEB = Path(__file__).resolve().parent
GLUE = "offercheck_web.js"
WASM = "offercheck_web_bg.wasm"
IMPORT = 'import init, { ui, step } from "./pkg/offercheck_web.js";'
GLUE_EXPORT = "export { initSync, __wbg_init as default };"


def fail(message):
    sys.exit(f"web/assemble.py: {message}")


def leb128(data, at, signed=False):
    """The LEB128 number at `at` (unsigned, or signed), and where it ends."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            if signed and byte & 0x40:
                value -= 1 << shift
            return value, at


def sections(data):
    """The sections of a wasm module, in order: (id, where the section
    starts, where it ends, its payload)."""
    at = 8
    while at < len(data):
        start = at
        kind = data[at]
        size, at = leb128(data, at + 1)
        yield kind, start, at + size, data[at:at + size]
        at += size



def uleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def sleb(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


def merge_data(path):
    """Joins the wasm file's data segments into one, the gaps between them
    filled with the zeros that memory starts with. wasm-opt splits the
    data around every run of zeros (about a thousand segments), which saves
    bytes but gzips worse than the one block the compiler wrote. Left as it
    is unless every segment is active, in memory 0, at a constant place,
    and none overlaps another."""
    data = Path(path).read_bytes()
    parts = list(sections(data))
    found = [(start, end, body) for kind, start, end, body in parts if kind == 11]
    if not found:
        return
    start, end, body = found[0]
    count, at = leb128(body, 0)
    segments = []
    for _ in range(count):
        flags, at = leb128(body, at)
        if flags != 0 or body[at] != 0x41:
            return
        offset, at = leb128(body, at + 1, signed=True)
        if body[at] != 0x0B or offset < 0:
            return
        size, at = leb128(body, at + 1)
        segments.append((offset, body[at:at + size]))
        at += size
    segments.sort(key=lambda segment: segment[0])
    if len(segments) < 2:
        return
    first = segments[0][0]
    block = bytearray()
    for offset, bytes_ in segments:
        if offset - first < len(block):
            return
        block += bytes(offset - first - len(block)) + bytes_
    merged = uleb(1) + b"\0\x41" + sleb(first) + b"\x0B" + uleb(len(block)) + bytes(block)
    out = bytearray(data[:start])
    out += b"\x0B" + uleb(len(merged)) + merged
    tail = bytearray()
    for kind, s_start, s_end, s_body in parts:
        if s_start < end:
            continue
        tail += data[s_start:s_end]
    # The data count section (12), when there is one, comes before the code.
    result = bytearray(data[:8])
    for kind, s_start, s_end, s_body in sections(bytes(out + tail)):
        if kind == 12:
            result += b"\x0C" + uleb(len(uleb(1))) + uleb(1)
        else:
            result += (out + tail)[s_start:s_end]
    Path(path).write_bytes(bytes(result))


def strip(path):
    """Drops the wasm file's custom sections (id 0): names for debugging,
    which a phone need not download."""
    Path(path).write_bytes(stripped(Path(path).read_bytes(), path))


def stripped(data, path):
    """`data`, a wasm module, without its custom sections."""
    if data[:4] != b"\0asm":
        fail(f"{path}: not a WebAssembly file")
    out = bytearray(data[:8])
    for kind, start, end, _ in sections(data):
        if kind != 0:
            out += data[start:end]
    return bytes(out)


def gzsize(path):
    data = Path(path).read_bytes()
    if path.endswith(".wasm"):
        data = stripped(data, path)
    return len(gzip.compress(data, 9))


def csp_hash(text):
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def page(dist):
    dist = Path(dist)
    pkg = dist / "pkg"
    for name in (GLUE, WASM):
        if not (pkg / name).is_file():
            fail(f"{pkg / name} is missing: run wasm-bindgen --target web first (bash web/build.sh)")
    for name in ("index.html", "app.js", "style.css"):
        shutil.copyfile(WEB / name, dist / name)
    files = ["./", "index.html", "app.js", "style.css", f"pkg/{GLUE}", f"pkg/{WASM}"]
    version = hashlib.sha256()
    for name in files[1:]:
        version.update((dist / name).read_bytes())
    worker = (WEB / "sw.js").read_text(encoding="utf-8")
    worker = worker.replace("VERSION", version.hexdigest()[:16], 1)
    worker = worker.replace("FILES_LIST", "[" + ", ".join(f'"{name}"' for name in files) + "]", 1)
    (dist / "sw.js").write_text(worker, encoding="utf-8")
    single(dist)


def single(dist):
    """offercheck.html: everything in one file that opens from file://."""
    app = (WEB / "app.js").read_text(encoding="utf-8")
    glue = (dist / "pkg" / GLUE).read_text(encoding="utf-8")
    if IMPORT not in app:
        fail(f"web/app.js must import the engine exactly as: {IMPORT}")
    if GLUE_EXPORT not in glue:
        fail(f"{GLUE} does not end with `{GLUE_EXPORT}`: check the wasm-bindgen version")
    glue = glue.replace(GLUE_EXPORT, "const init = __wbg_init;")
    glue = glue.replace("export function ", "function ")
    wasm = base64.b64encode((dist / "pkg" / WASM).read_bytes()).decode("ascii")
    loader = (
        f'const bytes = Uint8Array.from(atob("{wasm}"), (c) => c.charCodeAt(0));\n'
        "globalThis.OFFERCHECK_WASM = { module_or_path: bytes };\n"
    )
    script = loader + glue + "\n" + app.replace(IMPORT, "")
    style = (WEB / "style.css").read_text(encoding="utf-8")
    html = (WEB / "index.html").read_text(encoding="utf-8")
    head_csp = (
        "default-src 'none'; "
        f"script-src {csp_hash(script)} 'wasm-unsafe-eval'; "
        f"style-src {csp_hash(style)}; img-src data:; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    start = html.index('<meta http-equiv="Content-Security-Policy"')
    end = html.index(">", start) + 1
    html = html[:start] + f'<meta http-equiv="Content-Security-Policy" content="{head_csp}">' + html[end:]
    comment_start = html.find("<!--")
    if comment_start != -1:
        html = html[:comment_start] + html[html.index("-->", comment_start) + 3:].lstrip()
    html = html.replace('<link rel="stylesheet" href="style.css">', f"<style>{style}</style>")
    html = html.replace('<script type="module" src="app.js"></script>', "")
    if re.search(r'(src|href)="(?!data:)', html):
        fail("offercheck.html would still refer to another file")
    html = html.replace("</body>", f'<script type="module">{script}</script>\n</body>')
    (dist / "offercheck.html").write_text(html, encoding="utf-8")


def main(argv):
    if len(argv) == 3 and argv[1] == "strip":
        strip(argv[2])
    elif len(argv) == 3 and argv[1] == "merge-data":
        merge_data(argv[2])
    elif len(argv) == 3 and argv[1] == "gzsize":
        print(gzsize(argv[2]))
    elif len(argv) == 3 and argv[1] == "page":
        page(argv[2])
    else:
        fail("usage: assemble.py strip WASM | merge-data WASM | gzsize FILE | page DIST")


if __name__ == "__main__":
    main(sys.argv)
