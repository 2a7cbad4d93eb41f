# dyad: a couples therapist's between-sessions tool.
#   make            build ./dyad (installs missing packages first)
#   make run        build and start dyad on your default database
#   make test       build and run every test; ends with "N passed, N failed"
#   make asan       the same suite under AddressSanitizer + UBSan
#   make debug      a -Werror build with debug info
#   make install / uninstall   honour PREFIX and DESTDIR
#   make bench      time dyad against its peers on a synthetic practice;
#                   prints a table and writes tests/bench/RESULTS.md

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
VERSION  := 0.1.0

CC       ?= cc
PKG_CONFIG ?= pkg-config
BUILD    ?= build
SQLITE   ?= sqlite3

WARN     := -Wall -Wextra -Wpedantic -Wshadow
OPT      ?= -O2 -g
SAN      ?=
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(OPT) $(SAN) \
	-DDYAD_VERSION='"$(VERSION)"' -DDYAD_DATADIR='"$(DATADIR)/dyad"' \
	-Iapp -Ireports -I$(BUILD)

# pkg-config for every library that has a .pc file; ncursesw first. libharu
# ships none on Debian, so it is named by hand.
# Each layer compiles with only its own library's flags (ncursesw's, for
# one, define _XOPEN_SOURCE, which must not leak into the rest).
PKGS     := $(SQLITE) ncursesw xlsxwriter fontconfig
DEPS_OK  := $(BUILD)/.deps-build
# libxlsxwriter is not linked: reports/xlsx_lazy.c opens it the first time a
# workbook is written (it brings OpenSSL, most of every command's start-up).
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(filter-out xlsxwriter,$(PKGS)) 2>/dev/null) -lhpdf -lm -ldl
XLSX_SONAME = $(shell objdump -p "$$($(CC) -print-file-name=libxlsxwriter.so)" 2>/dev/null | awk '/SONAME/ { print $$2 }')
pkg_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
layer_cflags = $(if $(findstring app/store/,$(1)),$(call pkg_cflags,$(SQLITE)),\
	$(if $(findstring app/tui/,$(1)),$(call pkg_cflags,ncursesw),\
	$(if $(findstring reports/,$(1)),$(call pkg_cflags,xlsxwriter fontconfig) \
	$(if $(XLSX_SONAME),-DXLSXWRITER_SONAME='"$(XLSX_SONAME)"'),)))

APP_SRC    := $(filter-out app/main.c,$(wildcard app/core/*.c app/store/*.c app/domain/*.c app/cli/*.c app/tui/*.c))
REPORT_SRC := $(wildcard reports/*.c)
GEN_SRC    := $(BUILD)/schema_sql.c
LIB_OBJ    := $(patsubst %.c,$(BUILD)/%.o,$(APP_SRC) $(REPORT_SRC)) $(BUILD)/schema_sql.o
MAIN_OBJ   := $(BUILD)/app/main.o
SCHEMA     := $(sort $(wildcard schema/[0-9][0-9][0-9][0-9]_*.sql))
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
DYAD_BIN   := $(if $(filter build,$(BUILD)),dyad,$(BUILD)/dyad)

.PHONY: all deps test-deps run test asan debug install uninstall clean unit bench fuzz
all: $(DYAD_BIN)

$(DEPS_OK): app/tools/deps.sh
	@mkdir -p $(BUILD)
	@sh app/tools/deps.sh ensure build
	@touch $@

deps:
	@sh app/tools/deps.sh ensure test

test-deps: $(DEPS_OK)
	@sh app/tools/deps.sh ensure test

$(BUILD)/schema_sql.c: $(SCHEMA) app/tools/embed.sh | $(DEPS_OK)
	@mkdir -p $(dir $@)
	sh app/tools/embed.sh $@ $(SCHEMA)

$(BUILD)/%.o: %.c | $(DEPS_OK)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(call layer_cflags,$<) $(CFLAGS) -MMD -MP -c $< -o $@

# SQL text is longer than the 4095 characters C99 promises to support; every
# compiler dyad targets handles it.
$(BUILD)/schema_sql.o: $(BUILD)/schema_sql.c
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -Wno-overlength-strings -c $< -o $@

$(DYAD_BIN): $(MAIN_OBJ) $(LIB_OBJ)
	$(CC) $(SAN) $(LDFLAGS) -o $@ $^ $(PKG_LIBS)

$(BUILD)/tests/%: tests/unit/%.c $(LIB_OBJ) tests/unit/check.h
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) -Itests/unit $(call pkg_cflags,$(SQLITE)) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(SAN) $(LDFLAGS) $(PKG_LIBS)

unit: $(UNIT_BIN)

# The benchmark's in-process timer (issue 7); built with every test run so
# the benchmark's own smoke test can use it.
BENCH_PROBE := $(BUILD)/bench/probe
$(BENCH_PROBE): tests/bench/probe.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(call pkg_cflags,$(SQLITE)) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(SAN) $(LDFLAGS) $(PKG_LIBS)

# An optimised build of its own, then tests/bench/run.py (slow: minutes).
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--only search".
bench:
	@sh app/tools/deps.sh ensure bench
	$(MAKE) BUILD=build/bench OPT="-O2" build/bench/dyad build/bench/bench/probe
	DYAD_BIN="$(abspath build/bench/dyad)" DYAD_PROBE="$(abspath build/bench/bench/probe)" \
		/usr/bin/python3 tests/bench/run.py $(BENCH_ARGS)

run: $(DYAD_BIN)
	./$(DYAD_BIN)

test: test-deps $(DYAD_BIN) $(UNIT_BIN) $(BENCH_PROBE)
	@DYAD_BIN="$(abspath $(DYAD_BIN))" DYAD_UNIT_DIR="$(abspath $(BUILD)/tests)" \
		DYAD_SRC="$(abspath .)" sh tests/run.sh

asan:
	$(MAKE) BUILD=build/asan OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" test

debug:
	$(MAKE) BUILD=build/debug OPT="-O0 -g" CFLAGS="-Werror" all

install: $(DYAD_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/dyad/templates $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(DYAD_BIN) $(DESTDIR)$(BINDIR)/dyad
	for f in templates/*.txt templates/README.md; do [ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/dyad/templates/ || true; done
	install -m 0644 app/dyad.1 $(DESTDIR)$(MANDIR)/man1/dyad.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dyad $(DESTDIR)$(MANDIR)/man1/dyad.1
	rm -rf $(DESTDIR)$(DATADIR)/dyad/templates
	-rmdir $(DESTDIR)$(DATADIR)/dyad 2>/dev/null

clean:
	rm -rf build dyad

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
