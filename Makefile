# dyad: a couples therapist's between-sessions tool.
#   make            build ./dyad; only checks for the packages it needs and,
#                   when some are missing, says so (it never installs)
#   make deps       install every missing package, for building and testing
#   make run        install what is missing, build and start dyad on your
#                   default database
#   make test       install what is missing, build and run every test file in
#                   its quick form (under 4 minutes on 2 cores); ends with
#                   "N passed, N failed"
#   make check-all  the same files in their long forms too: the whole
#                   sanitizer subset, all the injected faults, valgrind on every
#                   command, 40 random key sequences...; what CI runs
#   make asan       the same suite under AddressSanitizer + UBSan
#   make fuzz       each fuzzing harness under libFuzzer for FUZZ_SECONDS (30)
#   make tui-fuzz   TUI_FUZZ_COUNT (3000) random key sequences through the
#                   interface under ASan+UBSan; not part of make test (hours)
#   make debug      a -Werror build with debug info
#   make install / uninstall   honour PREFIX and DESTDIR
#   make bench      time dyad against its peers on a synthetic practice;
#                   prints a table and writes tests/bench/RESULTS.md
# Only deps, run, test, check-all, asan, bench and fuzz install packages (apt-get, through
# sudo when not root); every other goal only checks.

PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
DATADIR  ?= $(PREFIX)/share
MANDIR   ?= $(DATADIR)/man
VERSION  := 0.1.0

CC       ?= cc
PKG_CONFIG ?= pkg-config
BUILD    ?= build
# SQLCipher 4 (encryption at rest) by default; `make SQLITE=sqlite3` builds
# against plain SQLite, where dyad encrypt/decrypt/rekey say they are not
# available. Only one of the two is ever linked.
SQLITE   ?= sqlcipher

WARN     := -Wall -Wextra -Wpedantic -Wshadow
OPT      ?= -O2 -g
SAN      ?=
CFLAGS_BASE := -std=c11 -D_POSIX_C_SOURCE=200809L $(WARN) $(OPT) $(SAN) \
	-DDYAD_VERSION='"$(VERSION)"' -DDYAD_DATADIR='"$(DATADIR)/dyad"' \
	-I.

# pkg-config for every library that has a .pc file; ncursesw first. libharu
# ships none on Debian, so it is named by hand.
# Each layer compiles with only its own library's flags (ncursesw's, for
# one, define _XOPEN_SOURCE, which must not leak into the rest).
PKGS     := $(SQLITE) ncursesw xlsxwriter minizip fontconfig freetype2 fribidi libsodium
DEPS_OK  := $(BUILD)/.deps-build
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lhpdf -lm
pkg_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
SQLITE_DEFS := $(if $(filter sqlcipher,$(SQLITE)),-DSQLITE_HAS_CODEC -DDYAD_HAVE_SQLCIPHER)
layer_cflags = $(if $(findstring app/store/,$(1)),$(call pkg_cflags,$(SQLITE)) $(SQLITE_DEFS),\
	$(if $(findstring app/tui/,$(1)),$(call pkg_cflags,ncursesw),\
	$(if $(findstring reports/,$(1)),$(call pkg_cflags,xlsxwriter minizip fontconfig freetype2 fribidi),\
	$(if $(findstring app/core/,$(1)),$(call pkg_cflags,libsodium),))))

APP_SRC    := $(filter-out app/main.c,$(wildcard app/core/*.c app/store/*.c app/domain/*.c app/output/*.c app/cli/*.c app/tui/*.c))
REPORT_SRC := $(wildcard reports/*.c)
GEN_SRC    := $(BUILD)/schema_sql.c $(BUILD)/measure_files.c
LIB_OBJ    := $(patsubst %.c,$(BUILD)/%.o,$(APP_SRC) $(REPORT_SRC)) $(BUILD)/schema_sql.o \
	$(BUILD)/measure_files.o
MAIN_OBJ   := $(BUILD)/app/main.o
SCHEMA     := $(sort $(wildcard schema/[0-9][0-9][0-9][0-9]_*.sql))
MEASURE_FILES := $(sort $(wildcard templates/measures/*.txt))
UNIT_SRC   := $(wildcard tests/unit/test_*.c)
UNIT_BIN   := $(patsubst tests/unit/%.c,$(BUILD)/tests/%,$(UNIT_SRC))
# Fuzzing harnesses: make fuzz runs them under libFuzzer; make test replays
# their saved inputs (seeds and past crashes) without it.
FUZZ_NAMES := $(patsubst tests/fuzz/fuzz_%.c,%,$(wildcard tests/fuzz/fuzz_*.c))
REPLAY_BIN := $(patsubst %,$(BUILD)/tests/test_fuzz_%,$(FUZZ_NAMES))
FUZZ_BIN   := $(patsubst %,$(BUILD)/fuzz_%,$(FUZZ_NAMES))
FUZZ_SECONDS ?= 30
DYAD_BIN   := $(if $(filter build,$(BUILD)),dyad,$(BUILD)/dyad)

.PHONY: all deps test-deps run test check-all test-build asan asan-build debug install uninstall clean unit bench fuzz fuzz-run tui-fuzz
all: $(DYAD_BIN)

# Installing is something a person asks for: a plain build must not run
# apt-get behind their back, so only these goals may.
INSTALL_GOALS := deps test-deps run test check-all asan bench fuzz
DEPS_INSTALL  := $(filter $(INSTALL_GOALS),$(MAKECMDGOALS))
$(DEPS_OK): app/tools/deps.sh
	@mkdir -p $(BUILD)
ifneq ($(DEPS_INSTALL),)
	@DYAD_SQLITE=$(SQLITE) sh app/tools/deps.sh ensure build
else
	@missing=$$(DYAD_SQLITE=$(SQLITE) sh app/tools/deps.sh check build) || { \
		echo "dyad: cannot build yet, packages are missing$${missing:+:$${missing#missing:}}; run 'make deps' to install them (make run and make test install them too)" >&2; \
		exit 1; }
endif
	@touch $@

deps:
	@DYAD_SQLITE=$(SQLITE) sh app/tools/deps.sh ensure test

test-deps: $(DEPS_OK)
	@DYAD_SQLITE=$(SQLITE) sh app/tools/deps.sh ensure test

# The list of migrations, rewritten only when it changes: a migration
# removed or renamed leaves every remaining file older than schema_sql.c,
# so without this the binary would go on carrying the old list.
SCHEMA_LIST := $(BUILD)/schema.list
$(SCHEMA_LIST): FORCE
	@mkdir -p $(dir $@)
	@printf '%s\n' $(SCHEMA) | cmp -s - $@ 2>/dev/null || printf '%s\n' $(SCHEMA) >$@

$(BUILD)/schema_sql.c: $(SCHEMA) $(SCHEMA_LIST) app/tools/embed.sh | $(DEPS_OK)
	@mkdir -p $(dir $@)
	sh app/tools/embed.sh $@ $(SCHEMA)

.PHONY: FORCE
FORCE:

$(BUILD)/measure_files.c: $(MEASURE_FILES) app/tools/embed_measures.sh | $(DEPS_OK)
	@mkdir -p $(dir $@)
	sh app/tools/embed_measures.sh $@ $(MEASURE_FILES)

$(BUILD)/measure_files.o: $(BUILD)/measure_files.c app/domain/measure_library.h
	$(CC) $(CFLAGS_BASE) $(CFLAGS) -Wno-overlength-strings -c $< -o $@

# Switching SQLITE in the same BUILD folder rebuilds everything.
CONFIG_STAMP := $(BUILD)/.config-$(SQLITE)
$(CONFIG_STAMP):
	@mkdir -p $(BUILD)
	@rm -f $(BUILD)/.config-*
	@touch $@

$(BUILD)/%.o: %.c $(CONFIG_STAMP) | $(DEPS_OK)
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
	$(CC) $(CFLAGS_BASE) $(call pkg_cflags,$(SQLITE) freetype2) $(SQLITE_DEFS) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(SAN) $(LDFLAGS) $(PKG_LIBS)

$(BUILD)/tests/test_fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/replay.c tests/fuzz/fuzz.h $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(call pkg_cflags,$(SQLITE)) $(SQLITE_DEFS) $(CFLAGS) -DFUZZ_NAME='"$*"' \
		-o $@ $< tests/fuzz/replay.c $(LIB_OBJ) $(SAN) $(LDFLAGS) $(PKG_LIBS)

unit: $(UNIT_BIN) $(REPLAY_BIN)

# The benchmark's in-process timer; built with every test run so
# the benchmark's own smoke test can use it.
BENCH_PROBE := $(BUILD)/bench/probe
$(BENCH_PROBE): tests/bench/probe.c $(LIB_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(CFLAGS_BASE) $(call pkg_cflags,$(SQLITE)) $(SQLITE_DEFS) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(SAN) $(LDFLAGS) $(PKG_LIBS)

# An optimised build of its own, then tests/bench/run.py (slow: minutes).
# BENCH_ARGS passes options, e.g. BENCH_ARGS="--only search".
bench:
	@sh app/tools/deps.sh ensure bench
	$(MAKE) BUILD=build/bench OPT="-O2" build/bench/dyad build/bench/bench/probe
	DYAD_BIN="$(abspath build/bench/dyad)" DYAD_PROBE="$(abspath build/bench/bench/probe)" \
		/usr/bin/python3 tests/bench/run.py $(BENCH_ARGS)

run: $(DYAD_BIN)
	./$(DYAD_BIN)

# make check-all also runs part of the suite again under ASan+UBSan
# (tests/cli/sanitizers.sh), so CI catches memory errors too; that build
# lives in $(ASAN_BUILD), shared with make asan.
ASAN_OPT   := -O1 -g -fno-omit-frame-pointer
ASAN_SAN   := -fsanitize=address,undefined -fno-sanitize-recover=undefined
ASAN_BUILD := build/asan$(if $(findstring clang,$(CC)),-clang,)

asan-build: | $(DEPS_OK)
	@$(MAKE) --no-print-directory BUILD=$(ASAN_BUILD) OPT="$(ASAN_OPT)" SAN="$(ASAN_SAN)" \
		$(ASAN_BUILD)/dyad unit

# make check-all runs the same files with DYAD_TEST_ALL=1, which the slow
# ones read to run their long forms (tests/README.md lists them), and the
# files marked "# make check-all only:" (sanitizers, valgrind, injected
# faults, set-up, build variants, the benchmark); make test runs the rest,
# each in a quick form that still reaches every behaviour once. Only
# check-all needs the ASan+UBSan build.
#
# What the tests need built. make test and make check-all build it with
# every core (JOBS, from nproc) unless make was already given -j.
TEST_BUILD := $(DYAD_BIN) $(UNIT_BIN) $(REPLAY_BIN) $(BENCH_PROBE)
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
PARALLEL   := $(if $(findstring -j,$(MAKEFLAGS)),,-j$(JOBS))
test-build: $(TEST_BUILD)

test: test-deps
	@$(MAKE) --no-print-directory $(PARALLEL) test-build
	@$(RUN_TESTS)
check-all: test-deps
	@$(MAKE) --no-print-directory $(PARALLEL) test-build $(if $(SAN),,asan-build)
	@$(RUN_TESTS)
RUN_TESTS = DYAD_TEST_ALL=$(if $(filter check-all,$@),1,0) \
	DYAD_BIN="$(abspath $(DYAD_BIN))" DYAD_UNIT_DIR="$(abspath $(BUILD)/tests)" DYAD_SQLITE=$(SQLITE) \
	DYAD_ASAN_BIN="$(abspath $(ASAN_BUILD)/dyad)" DYAD_ASAN_UNIT_DIR="$(abspath $(ASAN_BUILD)/tests)" \
	DYAD_SRC="$(abspath .)" bash tests/run.sh

asan:
	$(MAKE) BUILD=$(ASAN_BUILD) OPT="$(ASAN_OPT)" SAN="$(ASAN_SAN)" test

# libFuzzer needs clang; the library is rebuilt with coverage hooks in
# build/fuzz. New inputs go to build/fuzz/corpus/NAME; a crash stops here,
# its input in build/fuzz/artifacts/ (fix it, then keep the input in
# tests/fuzz/regressions/NAME/ so make test replays it from then on).
fuzz:
	@sh app/tools/deps.sh ensure fuzz
	@$(MAKE) --no-print-directory BUILD=build/fuzz CC=clang OPT="-O1 -g -fno-omit-frame-pointer" \
		SAN="-fsanitize=address,undefined -fno-sanitize-recover=undefined" \
		CFLAGS="-fsanitize=fuzzer-no-link" fuzz-run

$(BUILD)/fuzz_%: tests/fuzz/fuzz_%.c tests/fuzz/fuzz.h $(LIB_OBJ)
	$(CC) $(CFLAGS_BASE) $(call pkg_cflags,$(SQLITE)) $(SQLITE_DEFS) -fsanitize=fuzzer $(SAN) \
		-o $@ $< $(LIB_OBJ) $(LDFLAGS) $(PKG_LIBS)

fuzz-run: $(FUZZ_BIN)
	@mkdir -p $(BUILD)/artifacts
	@for name in $(FUZZ_NAMES); do \
		mkdir -p $(BUILD)/corpus/$$name; \
		regressions=; [ -d tests/fuzz/regressions/$$name ] && regressions=tests/fuzz/regressions/$$name; \
		printf 'fuzz %-8s %s s ... ' $$name $(FUZZ_SECONDS); \
		if $(BUILD)/fuzz_$$name -max_total_time=$(FUZZ_SECONDS) -max_len=4096 -timeout=10 \
			-rss_limit_mb=2048 -artifact_prefix=$(BUILD)/artifacts/$$name- \
			$(BUILD)/corpus/$$name tests/fuzz/corpus/$$name $$regressions \
			>$(BUILD)/fuzz_$$name.log 2>&1; then \
			echo "clean ($$(grep -a -o -E 'Done [0-9]+ runs' $(BUILD)/fuzz_$$name.log | tail -n 1))"; \
		else \
			echo "FAILED"; grep -a -v -E '^#[0-9]+' $(BUILD)/fuzz_$$name.log | tail -n 40; \
			echo "The input is in $(BUILD)/artifacts/; once fixed, keep it in tests/fuzz/regressions/$$name/."; \
			exit 1; \
		fi; \
	done

# The long run of tests/tui/random_keys.sh (make test runs 5, check-all 40): failing
# sequences are kept in build/tui-fuzz/ to replay and add to
# tests/tui/lib/crashes/ once fixed. TUI_FUZZ_SEED picks another stretch.
TUI_FUZZ_COUNT ?= 3000
TUI_FUZZ_LIVE  ?= 200
TUI_FUZZ_SEED  ?= 1
tui-fuzz: test-deps $(DYAD_BIN) asan-build
	@DYAD_BIN="$(abspath $(DYAD_BIN))" DYAD_ASAN_BIN="$(abspath $(ASAN_BUILD)/dyad)" \
		DYAD_SRC="$(abspath .)" LC_ALL=C.UTF-8 TERM="$${TERM:-xterm-256color}" \
		DYAD_FUZZ_COUNT=$(TUI_FUZZ_COUNT) DYAD_FUZZ_LIVE=$(TUI_FUZZ_LIVE) \
		DYAD_FUZZ_SEED=$(TUI_FUZZ_SEED) DYAD_FUZZ_SAVE="$(abspath build/tui-fuzz)" \
		bash tests/tui/random_keys.sh | tee build/tui-fuzz.log | grep -v '^ok - '; \
		! grep -q '^not ok' build/tui-fuzz.log

debug:
	$(MAKE) BUILD=build/debug OPT="-O0 -g" CFLAGS="-Werror" all

install: $(DYAD_BIN)
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR)/dyad/templates $(DESTDIR)$(DATADIR)/dyad/templates/notes $(DESTDIR)$(DATADIR)/dyad/templates/measures $(DESTDIR)$(MANDIR)/man1
	install -m 0755 $(DYAD_BIN) $(DESTDIR)$(BINDIR)/dyad
	for f in templates/*.txt templates/README.md; do [ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/dyad/templates/ || true; done
	for f in templates/notes/*.txt; do [ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/dyad/templates/notes/ || true; done
	for f in templates/measures/*.txt templates/measures/README.md; do [ -e "$$f" ] && install -m 0644 "$$f" $(DESTDIR)$(DATADIR)/dyad/templates/measures/ || true; done
	install -m 0644 app/dyad.1 $(DESTDIR)$(MANDIR)/man1/dyad.1

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/dyad $(DESTDIR)$(MANDIR)/man1/dyad.1
	rm -rf $(DESTDIR)$(DATADIR)/dyad/templates
	-rmdir $(DESTDIR)$(DATADIR)/dyad 2>/dev/null

clean:
	rm -rf build dyad

-include $(shell find $(BUILD) -name '*.d' 2>/dev/null)
