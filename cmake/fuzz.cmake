# PDFGEN_FUZZ: libFuzzer builds of tests/fuzz (clang only). Every library and program is
# instrumented for coverage and built with ASan + UBSan (-fsanitize=fuzzer-no-link,...);
# the fuzz targets link libFuzzer's main (tests/CMakeLists.txt adds -fsanitize=fuzzer).
#   CC=clang cmake -S . -B build-fuzz -DPDFGEN_FUZZ=ON && cmake --build build-fuzz
#   tests/fuzz/run.sh build-fuzz 60 [TARGET...]
option(PDFGEN_FUZZ "Build the fuzz targets as libFuzzer binaries (needs clang)" OFF)
set(PDFGEN_FUZZ_SECONDS 20 CACHE STRING "Seconds per target for the fuzz_run_* tests")
if(PDFGEN_FUZZ)
  if(NOT CMAKE_C_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "PDFGEN_FUZZ needs clang: CC=clang cmake -DPDFGEN_FUZZ=ON ...")
  endif()
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined
                      -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()
