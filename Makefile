# schannel-shim: build, test and demo entry points. No root needed; tools go under target/tools.
#
#   make / make build   cargo build --release, staged into target/lib
#   make setup          local tools: cmake + ctest (pip, into a venv) unless on PATH; cbindgen;
#                       pkgconf (pip, its own venv) unless pkg-config or pkgconf is on PATH
#   make test           fmt, clippy, cargo test, header-check, C tests (CTest)
#   make header         regenerate include/schannel_shim.h with cbindgen
#   make header-check   fail if include/schannel_shim.h is stale
#   make valgrind       the C tests under valgrind memcheck
#   make demo           examples/client.c against examples/server.c on 127.0.0.1
#   make bench          benchmarks vs rustls, OpenSSL and the raw AEAD (bench/run.py, ~4 min):
#                       table on stdout, target/bench/results.csv and chart.png
#   make bench-smoke    the same harness with tiny counts (proves it builds and runs; times nothing)
#   make install        build, then install into PREFIX (/usr/local; DESTDIR= for packagers):
#                       library, headers, Windows header set, pkg-config, CMake package, docs
#   make uninstall      remove every file `make install` put into PREFIX (same PREFIX/DESTDIR)
#   make fuzz-smoke     every fuzz target for FUZZ_SMOKE_SECONDS (30) each (part of make test)
#   make fuzz           every fuzz target for FUZZ_SECONDS (600) each; FUZZ_TARGETS to choose
#   make asan           the C tests built with -fsanitize=address,undefined, run by CTest
#   make soak           10,000 connections through one credential + the full-duplex stress test
#   make clean          build outputs (keeps target/tools); make distclean: all of target/

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := build
.DELETE_ON_ERROR:
MAKEFLAGS += --no-print-directory

CARGO ?= cargo
PYTHON ?= python3
CC ?= cc

ROOT := $(CURDIR)
TARGET_DIR := $(ROOT)/target
LIB_DIR := $(TARGET_DIR)/lib
TOOLS := $(TARGET_DIR)/tools
VENV := $(TOOLS)/venv

CBINDGEN_VERSION := 0.29.4
CBINDGEN := $(TOOLS)/bin/cbindgen
# cmake from PATH if there is one, else the one `make setup` puts in the venv.
CMAKE_PIP_SPEC ?= cmake>=3.20,<5
SYSTEM_CMAKE := $(shell command -v cmake 2>/dev/null)
ifneq ($(SYSTEM_CMAKE),)
CMAKE := $(SYSTEM_CMAKE)
CTEST := $(dir $(SYSTEM_CMAKE))ctest
CMAKE_TOOL :=
else
CMAKE := $(VENV)/bin/cmake
CTEST := $(VENV)/bin/ctest
CMAKE_TOOL := $(CMAKE)
endif

HEADER := include/schannel_shim.h
HEADER_CHECK_DIR := $(TARGET_DIR)/header-check
CBINDGEN_ARGS := --config cbindgen.toml --crate schannel-shim

CTEST_DIR := $(TARGET_DIR)/ctest
# sslyze (PyPI, for the sslyze_scan CTest test) goes into the project venv; the stamp records it.
SSLYZE_PIP_SPEC ?= sslyze>=6.3,<7
SSLYZE_STAMP := $(VENV)/.sslyze
CTEST_VALGRIND_DIR := $(TARGET_DIR)/ctest-valgrind
CMAKE_ARGS := -DSCHSHIM_INCLUDE_DIR=$(ROOT)/include -DSCHSHIM_LIB_DIR=$(LIB_DIR)
JOBS ?= 2

DEMO_DIR := $(TARGET_DIR)/demo
DEMO_CERTS := $(TARGET_DIR)/demo-certs
DEMO_CFLAGS := -Wall -Wextra -Werror -Iinclude
DEMO_LDFLAGS := -Ltarget/lib -lschannel_shim -Wl,-rpath,$(LIB_DIR)

.PHONY: all build setup tools cbindgen-tool header header-check test ctest valgrind demo clean distclean \
	bench bench-smoke bench-tools

all: build

# ---------------------------------------------------------------------------------- build

build:
	@mkdir -p $(TARGET_DIR)
	$(CARGO) build --release --message-format=json-render-diagnostics >$(TARGET_DIR)/cargo-build.json
	@$(PYTHON) scripts/stage_lib.py $(TARGET_DIR)/cargo-build.json $(LIB_DIR)
	@echo "staged in $(LIB_DIR): libschannel_shim.so, libschannel_shim.so.0 -> libschannel_shim.so, libschannel_shim.a"

# ---------------------------------------------------------------------------------- tools

setup: tools bench-tools hostile-tools

tools: $(CMAKE_TOOL) cbindgen-tool

# pip's cmake wheel carries cmake and ctest. The venv is made afresh if a previous try broke.
$(VENV)/bin/cmake:
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check '$(CMAKE_PIP_SPEC)'
	$(VENV)/bin/cmake --version | head -n 1

# Phony but cheap: `cargo install` runs only when cbindgen is missing or another version.
cbindgen-tool:
	@if [ -x $(CBINDGEN) ] && [ "$$($(CBINDGEN) --version 2>/dev/null)" = "cbindgen $(CBINDGEN_VERSION)" ]; then \
		:; \
	else \
		echo "installing cbindgen $(CBINDGEN_VERSION) into $(TOOLS)"; \
		$(CARGO) install cbindgen --version $(CBINDGEN_VERSION) --locked --root $(TOOLS) --force --quiet; \
		$(CBINDGEN) --version; \
	fi

# ---------------------------------------------------------------------------------- header

header: cbindgen-tool
	$(CBINDGEN) --quiet $(CBINDGEN_ARGS) --output $(HEADER)

header-check: cbindgen-tool
	@mkdir -p $(HEADER_CHECK_DIR)
	$(CBINDGEN) --quiet $(CBINDGEN_ARGS) --output $(HEADER_CHECK_DIR)/schannel_shim.h
	@if [ ! -f $(HEADER) ]; then \
		echo "header is stale: run make header ($(HEADER) does not exist)" >&2; exit 1; \
	fi
	@diff -u $(HEADER) $(HEADER_CHECK_DIR)/schannel_shim.h || { \
		echo "header is stale: run make header" >&2; exit 1; }
	@echo "header-check: $(HEADER) is up to date"

# ---------------------------------------------------------------------------------- tests

# The steps run in this order and stop at the first failure; ctest's summary is printed last.
test: tools
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) test --release
	$(MAKE) header-check
	$(PYTHON) scripts/test_index.py --check
	$(MAKE) bench-smoke
	$(MAKE) fuzz-smoke
	$(MAKE) ctest

# tests/INDEX.md from the `CONTRACT §N` tag above each test; `make test` checks it is current.
.PHONY: test-index
test-index:
	$(PYTHON) scripts/test_index.py

# Configure (every time: cheap, and picks up new tests-c/test_*.c), build, run.
ctest: build $(CMAKE_TOOL) $(SSLYZE_STAMP)
	$(CMAKE) -S tests-c -B $(CTEST_DIR) $(CMAKE_ARGS) -DSCHSHIM_VALGRIND=OFF -DSCHSHIM_ASAN=OFF \
		-DSCHSHIM_SSLYZE_PYTHON=$(VENV)/bin/python
	$(CMAKE) --build $(CTEST_DIR) -j $(JOBS)
	cd $(CTEST_DIR) && $(CTEST) --output-on-failure --no-label-summary -j $(JOBS)

# C tests (label memcheck-able) under memcheck. The interop script tests (label interop) are
# not run here: they start openssl s_server/s_client, which valgrind would not be testing.
valgrind: build $(CMAKE_TOOL)
	$(CMAKE) -S tests-c -B $(CTEST_VALGRIND_DIR) $(CMAKE_ARGS) -DSCHSHIM_VALGRIND=ON
	$(CMAKE) --build $(CTEST_VALGRIND_DIR) -j $(JOBS)
	cd $(CTEST_VALGRIND_DIR) && $(CTEST) --output-on-failure --no-label-summary -j $(JOBS) -L memcheck-able

# ---------------------------------------------------------------------------------- hostile peers
#
# Fuzzing: cargo-fuzz (crates.io, installed into target/tools) builds fuzz/ with libFuzzer and
# ASan; RUSTC_BOOTSTRAP=1 lets the stable toolchain take its -Z flags. Seeds come from real
# in-memory handshakes and the test PKI (fuzz/seeds, a program), written to target/fuzz/seeds;
# what libFuzzer finds goes to target/fuzz/corpus, crashes to target/fuzz/artifacts. After each
# target its executions and libFuzzer's last status line are printed; logs in target/fuzz/logs.
CARGO_FUZZ_VERSION := 0.13.2
CARGO_FUZZ := $(TOOLS)/bin/cargo-fuzz
FUZZ_DIR := $(TARGET_DIR)/fuzz
FUZZ_TARGETS ?= handshake_server handshake_client decrypt secbuffers cert_import
FUZZ_SECONDS ?= 600
FUZZ_SMOKE_SECONDS ?= 30
FUZZ_ENV := RUSTC_BOOTSTRAP=1
FUZZ_BUILD_ARGS := --fuzz-dir fuzz -O --debug-assertions --target-dir $(FUZZ_DIR)/build
SOAK_CONNECTIONS ?= 10000
SOAK_DUPLEX_RECORDS ?= 50000
CTEST_ASAN_DIR := $(TARGET_DIR)/ctest-asan

.PHONY: hostile-tools cargo-fuzz-tool fuzz-build fuzz-seeds fuzz fuzz-smoke asan soak

hostile-tools: cargo-fuzz-tool $(SSLYZE_STAMP)

$(SSLYZE_STAMP): | $(CMAKE_TOOL)
	@if [ ! -x $(VENV)/bin/python ]; then $(PYTHON) -m venv $(VENV); fi
	$(VENV)/bin/pip install --quiet --disable-pip-version-check '$(SSLYZE_PIP_SPEC)'
	$(VENV)/bin/python -c 'import sslyze; print("sslyze", sslyze.__version__)'
	@touch $@

cargo-fuzz-tool:
	@if [ -x $(CARGO_FUZZ) ] && [ "$$($(CARGO_FUZZ) --version 2>/dev/null)" = "cargo-fuzz $(CARGO_FUZZ_VERSION)" ]; then \
		:; \
	else \
		echo "installing cargo-fuzz $(CARGO_FUZZ_VERSION) into $(TOOLS)"; \
		$(CARGO) install cargo-fuzz --version $(CARGO_FUZZ_VERSION) --locked --root $(TOOLS) --force --quiet; \
	fi

fuzz-build: cargo-fuzz-tool
	$(FUZZ_ENV) $(CARGO_FUZZ) build $(FUZZ_BUILD_ARGS)

fuzz-seeds:
	@rm -rf $(FUZZ_DIR)/seeds
	$(CARGO) run --quiet --release --manifest-path fuzz/seeds/Cargo.toml --target-dir $(TARGET_DIR) -- $(FUZZ_DIR)/seeds

FUZZ_RUN := CARGO_FUZZ=$(CARGO_FUZZ) FUZZ_DIR=$(FUZZ_DIR) FUZZ_BUILD_ARGS="$(FUZZ_BUILD_ARGS)" scripts/fuzz.sh

fuzz-smoke: fuzz-build fuzz-seeds
	$(FUZZ_RUN) $(FUZZ_SMOKE_SECONDS) $(FUZZ_TARGETS)

fuzz: fuzz-build fuzz-seeds
	$(FUZZ_RUN) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

# The C tests under AddressSanitizer + UBSan (label c: the test programs; the interop scripts
# and sslyze run their own processes and are left to `make ctest`). The soak and duplex tests
# run in their smoke sizes here.
asan: build $(CMAKE_TOOL)
	$(CMAKE) -S tests-c -B $(CTEST_ASAN_DIR) $(CMAKE_ARGS) -DSCHSHIM_VALGRIND=OFF -DSCHSHIM_ASAN=ON \
		-DSCHSHIM_SSLYZE_PYTHON=
	$(CMAKE) --build $(CTEST_ASAN_DIR) -j $(JOBS)
	cd $(CTEST_ASAN_DIR) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
		$(CTEST) --output-on-failure --no-label-summary -j $(JOBS) -L '^c$$'

# Full sizes of the soak and full-duplex tests (figures printed; quoted in README).
# Run directly, not through CTest, so its per-test timeout does not apply.
soak: build $(CMAKE_TOOL)
	$(CMAKE) -S tests-c -B $(CTEST_DIR) $(CMAKE_ARGS) -DSCHSHIM_VALGRIND=OFF -DSCHSHIM_ASAN=OFF
	$(CMAKE) --build $(CTEST_DIR) -j $(JOBS) --target test_soak test_duplex_stress
	cd $(CTEST_DIR) && SCHSHIM_CERTS=$(CTEST_DIR)/certs SCHSHIM_SOAK_CONNECTIONS=$(SOAK_CONNECTIONS) ./test_soak
	cd $(CTEST_DIR) && SCHSHIM_CERTS=$(CTEST_DIR)/certs SCHSHIM_DUPLEX_RECORDS=$(SOAK_DUPLEX_RECORDS) ./test_duplex_stress

# ---------------------------------------------------------------------------------- demo

# examples/server.c and examples/client.c against each other; their command lines are in
# scripts/demo.sh.
demo: build
	@mkdir -p $(DEMO_DIR)
	$(CC) $(DEMO_CFLAGS) -o $(DEMO_DIR)/client examples/client.c $(DEMO_LDFLAGS)
	$(CC) $(DEMO_CFLAGS) -o $(DEMO_DIR)/server examples/server.c $(DEMO_LDFLAGS)
	tests-c/certs.sh $(DEMO_CERTS)
	scripts/demo.sh $(DEMO_DIR)/server $(DEMO_DIR)/client $(DEMO_CERTS)

# ---------------------------------------------------------------------------------- bench

# bench/run.py builds the contenders (C programs against target/lib and -lssl -lcrypto, the
# Rust crate bench/rustls into target/bench/cargo), runs them interleaved (median of
# BENCH_REPS=5) and writes target/bench/{results,samples,targets}.csv and chart.png. It needs
# matplotlib, which goes into the project venv (made here if `make setup` did not need one
# for cmake). bench-smoke runs everything with BENCH_SCALE=0.01 and one repetition, results in
# target/bench/smoke: it proves the harness builds and runs, and times nothing meaningful
# (benchmarks are not tests).
MATPLOTLIB_PIP_SPEC ?= matplotlib>=3.7,<4
BENCH_MPL := $(VENV)/.bench-matplotlib
BENCH_PYTHON := $(VENV)/bin/python

# Order-only on the venv's cmake: when cmake comes from pip, its rule (which makes the venv
# afresh) runs first and does not wipe matplotlib afterwards.
$(BENCH_MPL): | $(CMAKE_TOOL)
	@if [ ! -x $(BENCH_PYTHON) ]; then $(PYTHON) -m venv $(VENV); fi
	$(VENV)/bin/pip install --quiet --disable-pip-version-check '$(MATPLOTLIB_PIP_SPEC)'
	@touch $@

bench-tools: $(BENCH_MPL)

bench: build $(BENCH_MPL)
	$(BENCH_PYTHON) bench/run.py

bench-smoke: build $(BENCH_MPL)
	BENCH_SCALE=0.01 BENCH_REPS=1 BENCH_RESULTS=$(TARGET_DIR)/bench/smoke $(BENCH_PYTHON) bench/run.py

# ---------------------------------------------------------------------------------- install

# scripts/install.sh does the work and keeps a manifest in $(DATADIR)/schannel-shim, which
# uninstall follows. The directory variables are the GNU ones; LIBDIR and INCLUDEDIR must stay
# inside PREFIX (the CMake package finds them relative to its own place).
PREFIX ?= /usr/local
DESTDIR ?=
LIBDIR ?= $(PREFIX)/lib
INCLUDEDIR ?= $(PREFIX)/include
DATADIR ?= $(PREFIX)/share
DOCDIR ?= $(DATADIR)/doc/schannel-shim
PKGCONFIGDIR ?= $(LIBDIR)/pkgconfig
CMAKEDIR ?= $(LIBDIR)/cmake/schannel-shim
INSTALL_ENV = PREFIX='$(PREFIX)' DESTDIR='$(DESTDIR)' LIBDIR='$(LIBDIR)' INCLUDEDIR='$(INCLUDEDIR)' \
	DATADIR='$(DATADIR)' DOCDIR='$(DOCDIR)' PKGCONFIGDIR='$(PKGCONFIGDIR)' CMAKEDIR='$(CMAKEDIR)' \
	STAGE='$(LIB_DIR)'

.PHONY: install uninstall

install: build
	$(INSTALL_ENV) scripts/install.sh install

uninstall:
	$(INSTALL_ENV) scripts/install.sh uninstall

# pkg-config for the tests of the installed prefix (tests-c/port): from PATH (pkg-config or
# pkgconf), else `make setup` installs pkgconf from PyPI (the package carries the binary) into a
# venv of its own under target/tools; tests-c/CMakeLists.txt looks there too.
SYSTEM_PKG_CONFIG := $(shell command -v pkg-config 2>/dev/null || command -v pkgconf 2>/dev/null)
PKGCONF_PIP_SPEC ?= pkgconf>=2,<4
PKGCONF_VENV := $(TOOLS)/pkgconf-venv
ifeq ($(SYSTEM_PKG_CONFIG),)
PKG_CONFIG_TOOL := $(PKGCONF_VENV)/bin/pkgconf
else
PKG_CONFIG_TOOL :=
endif

tools: $(PKG_CONFIG_TOOL)

$(PKGCONF_VENV)/bin/pkgconf:
	rm -rf $(PKGCONF_VENV)
	$(PYTHON) -m venv $(PKGCONF_VENV)
	$(PKGCONF_VENV)/bin/pip install --quiet --disable-pip-version-check '$(PKGCONF_PIP_SPEC)'
	PKG_CONFIG_PATH=/nonexistent $(PKGCONF_VENV)/bin/pkgconf --version

# ---------------------------------------------------------------------------------- clean

clean:
	rm -rf $(LIB_DIR) $(CTEST_DIR) $(CTEST_VALGRIND_DIR) $(CTEST_ASAN_DIR) $(FUZZ_DIR) $(HEADER_CHECK_DIR) $(DEMO_DIR) $(DEMO_CERTS) \
		$(TARGET_DIR)/cargo-build.json $(TARGET_DIR)/bench $(TARGET_DIR)/bench-certs
	$(CARGO) clean --release
	$(CARGO) clean --profile dev

distclean:
	$(CARGO) clean
