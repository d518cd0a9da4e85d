# kartlagg - top-level convenience targets around CMake.
#
#   make          release build in build/
#   make demo     install missing packages (as root), build, run the demo
#   make test     sanitizer build (-Werror, ASan+UBSan) in build-test/, ctest;
#                 OOM test and unit tests under valgrind (build-vg/); each
#                 fuzzer briefly
#   make coverage gcov build (--coverage -O0, no sanitizers) in build-cov/,
#                 the whole ctest suite; gcovr prints line and branch
#                 coverage of lib/, HTML in build-cov/coverage/index.html
#   make bench    benchmarks in bench/ (figures go in README.md)
#   make fuzz     libFuzzer harnesses (FUZZ_SECONDS each)
#   make install PREFIX=/usr/local
PREFIX ?= /usr/local
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
FUZZ_SECONDS ?= 60
TEST_FUZZ_SECONDS ?= 10
CMAKE ?= cmake

.PHONY: all build deps demo test coverage bench fuzz install clean format

all: build

deps:
	@sh scripts/deps.sh build

build: deps
	$(CMAKE) -S . -B build -DCMAKE_BUILD_TYPE=Release -DKL_TESTS=OFF \
		-DCMAKE_INSTALL_PREFIX=$(PREFIX) >/dev/null
	$(CMAKE) --build build -j $(JOBS)

demo:
	@sh scripts/deps.sh demo
	@$(MAKE) --no-print-directory build
	@sh scripts/demo.sh build/kartlagg

test:
	@sh scripts/deps.sh test
	$(CMAKE) -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DKL_SANITIZE=ON \
		-DKL_WERROR=ON >/dev/null
	$(CMAKE) --build build-test -j $(JOBS)
	@sh scripts/check-format.sh
	@sh scripts/check-banned.sh
	cd build-test && ctest --output-on-failure -j $(JOBS)
	@JOBS=$(JOBS) sh scripts/nosan-checks.sh
	@$(MAKE) --no-print-directory fuzz FUZZ_SECONDS=$(TEST_FUZZ_SECONDS)

coverage:
	@sh scripts/deps.sh coverage
	@CMAKE=$(CMAKE) sh scripts/coverage.sh $(JOBS)

# libFuzzer needs clang (Debian clang + libclang-rt-dev, installed by deps)
fuzz:
	@sh scripts/deps.sh test
	$(CMAKE) -S . -B build-fuzz -DCMAKE_C_COMPILER=clang \
		-DCMAKE_BUILD_TYPE=RelWithDebInfo -DKL_FUZZ=ON -DKL_TESTS=OFF >/dev/null
	$(CMAKE) --build build-fuzz -j $(JOBS)
	@sh scripts/fuzz.sh build-fuzz $(FUZZ_SECONDS)

bench:
	@sh scripts/deps.sh bench
	@$(MAKE) --no-print-directory build
	@for b in bench/*.sh; do sh "$$b" build/kartlagg || exit 1; done

install: build
	$(CMAKE) --install build --prefix $(PREFIX)

format:
	clang-format -i lib/*.c lib/*.h include/kartlagg/*.h cli/*.c cli/*.h tests/unit/*.c tests/unit/*.h \
		tests/fuzz/*.c tests/fuzz/*.h tests/sdc/*.c bench/*.c

clean:
	rm -rf build build-test build-fuzz build-vg build-cov
