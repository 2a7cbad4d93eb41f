/* cli.h: what every command shares: the argument parser, the lazily opened
 * database, exit codes, and terminal-safe text output. Commands print; they
 * never draw. */
#ifndef DYAD_CLI_CLI_H
#define DYAD_CLI_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/store/db.h"

/* Exit codes: 0 done, 1 refused (bad data, not found, locked...), 2 usage. */
enum { CLI_EXIT_OK = 0, CLI_EXIT_REFUSED = 1, CLI_EXIT_USAGE = 2 };

struct cli {
	const char *db_option;  /* --db, or NULL */
	struct store *store;    /* opened by cli_store() */
	FILE *out;
	FILE *err;
	bool out_is_tty;
	const struct cli_command *command; /* the one running, set by cli_dispatch */
};

struct cli_command {
	const char *name;      /* "couple" */
	const char *sub;       /* "add", or NULL for a command without one */
	int (*run)(struct cli *cli, int argc, char **argv);
	const char *synopsis;  /* "couple add NAME --partner NAME --partner NAME ...":
	                          every option, for usage lines, help and the manual */
	const char *summary;   /* one plain sentence */
};

extern const struct cli_command cli_commands[];
extern const size_t cli_commands_count;

/* Runs argv (after the global options) as a command; returns the exit code. */
int cli_dispatch(struct cli *cli, int argc, char **argv);

/* Prints the list of commands (for --help). */
void cli_print_usage(FILE *fp);

/* Opens the database on first use. On failure prints the reason and returns
 * NULL; the caller returns cli_exit_code(...) via cli_fail_status. */
struct store *cli_store(struct cli *cli, struct dyad_status *st);

/* Turns what was typed for a couple into its id: all digits are an id;
 * anything else is the start of a couple's name or of a partner's name
 * (ASCII letters in either case), which must pick out one couple, or the
 * whole of one couple's or partner's name. Opens the database for a name.
 * On failure *id is untouched and st names the field ("couple id" when
 * nothing matches, "couple" with the candidates when several do). */
enum dyad_error cli_couple_id(struct cli *cli, const char *arg, int64_t *id,
	struct dyad_status *st);

/* Prints "dyad: message" to stderr and returns the exit code for st. */
int cli_fail(struct cli *cli, const struct dyad_status *st);

/* Maps an error to an exit code. */
int cli_exit_code(enum dyad_error e);

enum cli_option_kind { CLI_FLAG, CLI_VALUE, CLI_MULTI };

struct cli_option {
	const char *name;        /* "--partner" or "-o" */
	enum cli_option_kind kind;
	void *dest;              /* bool * for a flag, const char ** for a value,
	                            const char *[max] for multi */
	int max;                 /* CLI_MULTI: capacity of dest */
	int *count;              /* CLI_MULTI: how many were given */
};

/* Parses argv[0..argc) against opts; positional words go to pos (at most
 * max_pos, at least min_pos). A word that looks like a negative number is
 * positional. On a usage problem fills st (DYAD_ERR_USAGE, its message
 * ending in the running command's synopsis from the table) and returns it. */
enum dyad_error cli_parse(struct cli *cli, int argc, char **argv,
	const struct cli_option *opts, size_t nopts, const char **pos, int min_pos,
	int max_pos, int *npos, struct dyad_status *st);

/* The start of every `dyad WORD COUPLE [--json]` command: parses exactly
 * one COUPLE (cli_couple_id) and --json, then opens the database. Returns
 * the store, or NULL with st saying why (for cli_fail). */
struct store *cli_couple_json(struct cli *cli, int argc, char **argv, int64_t *couple_id,
	bool *json, struct dyad_status *st);

/* Fills st with a usage error: the reason (printf-style), then "; usage:
 * dyad " and the running command's synopsis from the table, the one place
 * a command's synopsis is written. Returns DYAD_ERR_USAGE. */
enum dyad_error cli_usage(struct cli *cli, struct dyad_status *st, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Appends a terminal-safe copy of s (single line). */
void cli_safe(struct strbuf *sb, const char *s);

/* A simple aligned text table, widths measured in terminal columns. */
struct cli_table {
	int columns;
	struct strbuf text; /* every cell, sanitised, each followed by a NUL */
	size_t *cell;       /* rows * columns: where each cell starts in text */
	size_t *width;      /* rows * columns: its width in terminal columns */
	size_t rows, cap;
	bool failed;
};

void cli_table_init(struct cli_table *t, int columns);
/* Adds a row of `columns` strings (NULL shows as empty). */
void cli_table_row(struct cli_table *t, const char *const *cells);
/* Prints with two spaces between columns; the last column is not padded. */
void cli_table_print(struct cli_table *t, FILE *fp);
void cli_table_free(struct cli_table *t);

/* Writes sb to cli->out and releases it; false (and a message) if the
 * write failed, e.g. a closed pipe or a full disk. */
bool cli_emit(struct cli *cli, struct strbuf *sb);

#endif
