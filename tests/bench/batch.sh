#!/bin/sh
# batch.sh [PDFGEN] [--rows N] [--jobs J] [--runs R] [--merge] [--growth] — see batch.py.
exec python3 "$(dirname "$0")/batch.py" "$@"
