#!/usr/bin/python3
"""compare_image.py PDF REF.png [--page N] [--dpi D] — renders page N (default 1) of PDF with
poppler's pdftoppm at D dpi (default 40) in gray and compares it pixel by pixel with the reference image REF.png,
so a wrong glyph, a lost box or a shifted line fails even when the text layer is right.
Exit 0 when they match; 1 otherwise, with the render and a diff image left in a temp dir.
PG_UPDATE_GOLDEN=1 (re)writes REF.png from the render instead. Needs Debian's python3-pil."""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

try:
    from PIL import Image, ImageChops
except ImportError:
    sys.exit("compare_image.py: needs PIL: apt-get install python3-pil, run with /usr/bin/python3")

# 40 dpi: a Letter page is 340x440 px, body text keeps its glyph shapes and a reference
# stays under 25 KB (at 50 dpi the densest shipped page needs 31 KB). A pixel differs when
# its gray levels (0-255) differ by more than THRESHOLD: moving a line sideways by up to
# 0.25 pt only changes antialiasing and stays under it. The page fails when more than
# TOLERANCE of its pixels differ: renders of the same PDF are identical, and changing one
# letter costs 7 px (g->q) to 200 px, so 0.003 % (4 px on Letter) forgives only strays.
DPI = 40
THRESHOLD = 64
TOLERANCE = 0.00003

ap = argparse.ArgumentParser(description="Compare one PDF page with a reference PNG.")
ap.add_argument("pdf")
ap.add_argument("ref")
ap.add_argument("--page", type=int, default=1)
ap.add_argument("--dpi", type=int, default=DPI, help="for small pages, such as the golden cases'")
args = ap.parse_args()

tmp = tempfile.mkdtemp(prefix="compare_image.")
r = subprocess.run(["pdftoppm", "-r", str(args.dpi), "-gray", "-png", "-f", str(args.page),
                    "-l", str(args.page), args.pdf, os.path.join(tmp, "page")],
                   capture_output=True, text=True)
pages = [f for f in os.listdir(tmp) if f.endswith(".png")]
if r.returncode != 0 or len(pages) != 1:
    shutil.rmtree(tmp)
    sys.exit(f"FAIL: pdftoppm could not render page {args.page} of {args.pdf}: {r.stderr.strip()}")
# pdftoppm writes gray as RGB with R=G=B; "L" keeps the values and a third of the bytes.
got = Image.open(os.path.join(tmp, pages[0])).convert("L")

if os.environ.get("PG_UPDATE_GOLDEN") == "1":
    got.save(args.ref, optimize=True)
    shutil.rmtree(tmp)
    print(f"updated {args.ref}")
    sys.exit(0)
if not os.path.exists(args.ref):
    shutil.rmtree(tmp)
    sys.exit(f"FAIL: no reference {args.ref}; create it with:\n"
             f"  PG_UPDATE_GOLDEN=1 {sys.argv[0]} {args.pdf} {args.ref} --page {args.page} "
             f"--dpi {args.dpi}")

ref = Image.open(args.ref).convert("L")
name = os.path.join(tmp, os.path.splitext(os.path.basename(args.ref))[0])
got.save(name + ".got.png")
if got.size != ref.size:
    sys.exit(f"FAIL: page {args.page} is {got.size[0]}x{got.size[1]} px, the reference "
             f"{ref.size[0]}x{ref.size[1]}; render: {name}.got.png")

mask = ImageChops.difference(got, ref).point(lambda v: 255 if v > THRESHOLD else 0)
count = mask.histogram()[255]
fraction = count / (got.size[0] * got.size[1])
summary = f"{count} of {got.size[0] * got.size[1]} pixels differ ({fraction:.4%})"
if fraction <= TOLERANCE:
    shutil.rmtree(tmp)
    print(f"ok: {args.pdf} page {args.page} matches {args.ref}: {summary}")
    sys.exit(0)

# Diff image: the reference faded to light gray, differing pixels in red.
faded = ref.point(lambda v: 160 + v * 95 // 255).convert("RGB")
Image.composite(Image.new("RGB", ref.size, (255, 0, 0)), faded, mask).save(name + ".diff.png")
x0, y0, x1, y1 = mask.getbbox()
print(f"FAIL: {args.pdf} page {args.page} differs from {args.ref}: {summary}, "
      f"tolerance {TOLERANCE:.4%}; differences within x {x0}..{x1 - 1}, y {y0}..{y1 - 1} px\n"
      f"  render: {name}.got.png\n  diff:   {name}.diff.png")
sys.exit(1)
