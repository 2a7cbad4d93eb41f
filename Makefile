# dyad: a couples therapist's between-sessions tool.
#   make            build ./dyad (installs missing packages first)
#   make run        build and start dyad on your default database
#   make test       build and run every test; ends with "N passed, N failed"
#   make asan       the same suite under AddressSanitizer + UBSan
#   make debug      a -Werror build with debug info
#   make install / uninstall   honour PREFIX and DESTDIR

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
	-Iapp -Ireports -I$(BUILD)

# pkg-config for every library that has a .pc file; ncursesw first. libharu
# ships none on Debian, so it is named by hand.
# Each layer compiles with only its own library's flags (ncursesw's, for
# one, define _XOPEN_SOURCE, which must not leak into the rest).
PKGS     := $(SQLITE) ncursesw xlsxwriter fontconfig
DEPS_OK  := $(BUILD)/.deps-build
PKG_LIBS   = $(shell $(PKG_CONFIG) --libs $(PKGS) 2>/dev/null) -lhpdf -lm
pkg_cflags = $(shell $(PKG_CONFIG) --cflags $(1) 2>/dev/null)
SQLITE_DEFS := $(if $(filter sqlcipher,$(SQLITE)),-DSQLITE_HAS_CODEC -DDYAD_HAVE_SQLCIPHER)
layer_cflags = $(if $(findstring app/store/,$(1)),$(call pkg_cflags,$(SQLITE)) $(SQLITE_DEFS),\
	$(if $(findstring app/tui/,$(1)),$(call pkg_cflags,ncursesw),\
	$(if $(findstring reports/,$(1)),$(call pkg_cflags,xlsxwriter fontconfig),)))

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
	@DYAD_SQLITE=$(SQLITE) sh app/tools/deps.sh ensure build
	@touch $@

deps:
	@DYAD_SQLITE=$(SQLITE) sh app/tools/deps.sh ensure test

test-deps: $(DEPS_OK)
	@DYAD_SQLITE=$(SQLITE) sh app/tools/deps.sh ensure test

$(BUILD)/schema_sql.c: $(SCHEMA) app/tools/embed.sh | $(DEPS_OK)
	@mkdir -p $(dir $@)
	sh app/tools/embed.sh $@ $(SCHEMA)

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
	$(CC) $(CFLAGS_BASE) -Itests/unit $(call pkg_cflags,$(SQLITE)) $(SQLITE_DEFS) $(CFLAGS) -o $@ $< $(LIB_OBJ) $(SAN) $(LDFLAGS) $(PKG_LIBS)

unit: $(UNIT_BIN)

run: $(DYAD_BIN)
	./$(DYAD_BIN)

test: test-deps $(DYAD_BIN) $(UNIT_BIN)
	@DYAD_BIN="$(abspath $(DYAD_BIN))" DYAD_UNIT_DIR="$(abspath $(BUILD)/tests)" DYAD_SQLITE=$(SQLITE) \
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
