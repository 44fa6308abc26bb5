#!/usr/bin/env python3
"""fences.py SRC_DIR — the include fences of pdfgen/, checked on every #include:
each external library is included only by its stage's folder (libharu's private headers
only by render/pdf_objects.c), a stage includes only the stages before it, and a stage's
headers (load, bind, text, layout, render) include only the model, core and their own
folder. The build enforces the rest
(each stage a library linking its external library PRIVATE; render/ built with
HPDF_SHARED); this check makes a wrong #include fail `make test` with its file:line."""
import os
import re
import sys

# The external headers each folder may include (by the start of their path).
EXTERNAL = {
    "load": ("libxml/", "csv.h"),
    "text": ("unicode/", "hb.h", "hb-ot.h", "hb-subset.h", "fontconfig/"),
    "bind": ("png.h", "jpeglib.h"),
    "render": ("hpdf.h", "libdeflate.h"),
}
LIBRARY_HEADERS = ("libxml/", "csv.h", "unicode/", "hb", "fontconfig/", "png.h", "jpeglib.h",
                   "hpdf", "libdeflate.h", "zlib.h")
HARU_PRIVATE = ("hpdf_doc.h", "hpdf_objects.h", "hpdf_pages.h")
HARU_PRIVATE_FILE = "render/pdf_objects.c"

# The folders of pdfgen/ each folder's files may include (besides their own), in the
# pipeline's order: load → bind → text → layout → render; "" is the top (pipeline.h).
INTERNAL = {
    "core": {"core"},
    "model": {"model"},
    "text": {"core", "model"},
    "load": {"core", "model", "text"},
    "bind": {"core", "model", "load", "text"},
    "layout": {"core", "model", "text"},
    "render": {"core", "model", "text"},
    # The print file is a PDF too: it takes its XMP and output intent from render/pdfa.h.
    "batch": {"core", "model", "load", "text", "render", ""},
    # Commands beside batch: pdfgen check and pdfgen xliff (their XML goes through load/).
    "check": {"core", "model", "load", "bind", "text", "layout", "render", ""},
    "cmd": {"core", "model", "load", "bind", "text", "layout", "render", "batch", "check", ""},
    "": {"core", "model", "load", "bind", "text", "layout", "render", "batch", "check", "cmd", ""},
}

STAGES = ("load", "bind", "text", "layout", "render")
INCLUDE = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')


def main():
    src = os.path.join(sys.argv[1], "pdfgen")
    problems = []
    for dirpath, _, files in os.walk(src):
        for name in sorted(files):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, src)
            folder = os.path.dirname(rel)
            is_stage_header = name.endswith(".h") and folder in STAGES
            with open(path, encoding="utf-8") as f:
                for n, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    kind, header = m.groups()
                    where = f"pdfgen/{rel}:{n}"
                    if kind == "<":
                        if header in HARU_PRIVATE and rel != HARU_PRIVATE_FILE:
                            problems.append(f"{where}: <{header}> is libharu's private API; "
                                            f"only {HARU_PRIVATE_FILE} may include it")
                        elif header.startswith(LIBRARY_HEADERS) and header not in HARU_PRIVATE \
                                and not header.startswith(EXTERNAL.get(folder, ("\0",))):
                            problems.append(f"{where}: <{header}> belongs to another stage's "
                                            f"library; {folder or 'the top level'} may not "
                                            f"include it")
                        continue
                    target = os.path.dirname(header)
                    if target == folder:
                        continue
                    if target not in INTERNAL.get(folder, set()):
                        problems.append(f"{where}: \"{header}\": {folder or 'the top level'} "
                                        f"may not include {target or 'the top level'}")
                    elif is_stage_header and target not in ("core", "model"):
                        problems.append(f"{where}: \"{header}\": a stage's header includes "
                                        f"only model/ and core/ headers")
    for p in problems:
        print(p)
    print(f"fences: {len(problems)} problem(s)")
    return 1 if problems else 0


sys.exit(main())
