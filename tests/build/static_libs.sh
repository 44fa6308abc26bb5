#!/bin/sh
# static_libs.sh PDFGEN — a pdfgen built with PDFGEN_STATIC_LIBS loads none of the
# libraries it links from their archives, neither itself nor through a shared library
# it loads: each would cost every process its load time again (CMakeLists.txt).
set -eu
loaded=$(ldd "$1") || { echo "ldd cannot read $1"; exit 1; }
bad=$(printf '%s\n' "$loaded" |
      grep -E 'lib(xml2|icu[a-z0-9]*|stdc\+\+|fontconfig|expat|jpeg|deflate|csv|lzma)\.so' || true)
if [ -n "$bad" ]; then
    echo "$1 loads libraries it should link from their archives:"
    printf '%s\n' "$bad"
    exit 1
fi
echo "$1: $(printf '%s\n' "$loaded" | grep -c '=>') shared libraries, none of the archived ones"
