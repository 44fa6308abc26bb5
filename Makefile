# pdfgen — the two commands of the README. Everything else is CMake (build/) and ctest.
#   make demo   install what is missing, build, render every shipped handout into out/,
#               then a sample patient list as a batch (packets, print file, report)
#   make test   install what is missing, build, run every test (also under ASan + UBSan,
#               and under valgrind memcheck), then fuzz each target for FUZZ_SECONDS
#               under clang (make test-fuzz)

BUILD      ?= build
ASAN_BUILD ?= build-asan
VALGRIND_BUILD ?= build-valgrind
FUZZ_BUILD ?= build-fuzz
FUZZ_SECONDS ?= 20
OUT        ?= out
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)

# Debian 12 packages: build tools, libraries, fonts, and the PDF checkers the tests use.
DEPS = cmake make gcc pkg-config libstdc++-12-dev liblzma-dev libexpat1-dev libfreetype-dev \
       libhpdf-dev libxml2-dev libxml2-utils libicu-dev libharfbuzz-dev libfontconfig-dev \
       libpng-dev libjpeg-dev zlib1g-dev libdeflate-dev libcmocka-dev libcsv-dev \
       fonts-noto-core fonts-noto-cjk fonts-dejavu-core fonts-droid-fallback \
       poppler-utils qpdf mupdf-tools ghostscript python3 python3-pil valgrind \
       python3-pikepdf python3-icu \
       translate-toolkit php-symfony-translation \
       festlex-cmu icc-profiles-free \
       clang libclang-rt-14-dev

# Sample values for the demo renders.
DEMO_SET = --set patient_name="Maria Lopez" --set procedure_date=2026-12-03 \
           --set arrival_time=07:30 --set care_team_phone="(555) 123-4567"

.PHONY: all deps node-deps build demo test test-asan test-valgrind test-fuzz clean

all: build

deps:
	@missing=""; \
	for p in $(DEPS); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installing:$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	  else \
	    echo "pdfgen needs these packages. Run as root:"; \
	    echo "  apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo $(if $(CI),-DPDFGEN_WERROR=ON) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@mkdir -p $(OUT)
	@set -e; for layout in layouts/*.xml; do \
	  l=$$(basename $$layout .xml); \
	  for content in content/*/*.xml; do \
	    case $$content in content/common/*) continue;; esac; \
	    h=$$(basename $$(dirname $$content)); lang=$$(basename $$content .xml); \
	    $(BUILD)/pdfgen render -l $$layout -c $$content $(DEMO_SET) -o $(OUT)/$$h.$$lang.$$l.pdf; \
	    echo "  $(OUT)/$$h.$$lang.$$l.pdf"; \
	  done; \
	done
	@# A clinic day in small: a packet per patient, one print file, a report.
	$(BUILD)/pdfgen batch -l layouts/large-print-letter.xml --data examples/patients.csv \
	  -o $(OUT)/batch --merge $(OUT)/print-file.pdf --report $(OUT)/batch-report.csv
	@echo "  $(OUT)/batch/*.pdf, $(OUT)/print-file.pdf, $(OUT)/batch-report.csv"

# pdf.js for the text-layer tests (tests/textlayer), pinned by its package-lock.json; node
# and npm from Debian unless the machine has them already (a NodeSource nodejs carries
# its own npm, which Debian's npm package conflicts with).
node-deps: deps
	@command -v npm >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends nodejs npm; \
	  else \
	    echo "pdfgen's tests need node and npm. Run as root: apt-get install -y nodejs npm"; exit 1; \
	  fi; }
	@[ -d tests/textlayer/node_modules/pdfjs-dist ] || \
	  npm ci --prefix tests/textlayer --no-audit --no-fund --loglevel=error

test: build node-deps
	cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	$(MAKE) --no-print-directory test-asan
	$(MAKE) --no-print-directory test-valgrind
	$(MAKE) --no-print-directory test-fuzz

test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Asan $(if $(CI),-DPDFGEN_WERROR=ON) >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	cd $(ASAN_BUILD) && ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j $(JOBS) -LE bench

# Every test program, and every pdfgen the end-to-end scripts start, under memcheck: a
# memory error or a definite leak fails the test.
test-valgrind: deps
	cmake -S . -B $(VALGRIND_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPDFGEN_VALGRIND=ON \
	  $(if $(CI),-DPDFGEN_WERROR=ON) >/dev/null
	cmake --build $(VALGRIND_BUILD) -j $(JOBS)
	cd $(VALGRIND_BUILD) && ctest --output-on-failure -j $(JOBS) -LE bench

# A short bounded fuzz run: each libFuzzer target of tests/fuzz for FUZZ_SECONDS, one at a
# time (ctest -L fuzz; tests/fuzz/run.sh fuzzes longer). Skipped where clang cannot link
# libFuzzer. A crash input lands in tests/fuzz/corpus/TARGET/crash-*.
FUZZ_TARGETS = $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
test-fuzz: deps
	@if ! printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' | \
	    clang -fsanitize=fuzzer -x c - -o /dev/null 2>/dev/null; then \
	  echo "test-fuzz: skipped (no clang with libFuzzer: apt-get install clang libclang-rt-14-dev)"; \
	  exit 0; \
	fi; \
	set -e; \
	CC=clang cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DPDFGEN_FUZZ=ON \
	  -DPDFGEN_FUZZ_SECONDS=$(FUZZ_SECONDS) >/dev/null; \
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target $(addprefix fuzz_,$(FUZZ_TARGETS)); \
	cd $(FUZZ_BUILD) && ctest --output-on-failure -L fuzz

clean:
	rm -rf $(BUILD) $(ASAN_BUILD) $(VALGRIND_BUILD) $(FUZZ_BUILD) $(OUT)
