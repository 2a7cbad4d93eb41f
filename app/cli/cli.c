/* cli.c: argument parsing, dispatch, database opening and output helpers. */
#include "app/cli/cli.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/paths.h"
#include "app/core/utf8.h"
#include "app/domain/database.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"

int cli_exit_code(enum dyad_error e)
{
	switch (e) {
	case DYAD_OK: return CLI_EXIT_OK;
	case DYAD_ERR_USAGE: return CLI_EXIT_USAGE;
	default: return CLI_EXIT_REFUSED;
	}
}

int cli_fail(struct cli *cli, const struct dyad_status *st)
{
	/* Messages quote what people typed and the paths they gave; escaped
	 * here once, so no byte of either reaches the terminal as a control. */
	const char *msg = dyad_status_message(st);
	struct strbuf sb = STRBUF_INIT;
	utf8_sanitize(&sb, msg, strlen(msg), 0);
	fprintf(cli->err, "dyad: %s\n", sb.failed ? dyad_strerror(st->code) : strbuf_str(&sb));
	strbuf_release(&sb);
	return cli_exit_code(st->code);
}

struct store *cli_store(struct cli *cli, struct dyad_status *st)
{
	if (cli->store != NULL)
		return cli->store;
	char *path = paths_database(cli->db_option, st);
	if (path == NULL)
		return NULL;
	/* An encrypted database asks for its passphrase here. */
	if (database_open(path, &cli->store, st) != DYAD_OK)
		cli->store = NULL;
	free(path);
	return cli->store;
}

/* A couple named by the start of its name: how many candidates a refusal
 * lists before it says how many more there are. */
enum { COUPLE_CANDIDATES_SHOWN = 5 };

enum dyad_error cli_couple_id(struct cli *cli, const char *arg, int64_t *id,
	struct dyad_status *st)
{
	bool digits = arg != NULL && arg[0] != '\0';
	for (const char *p = arg; digits && *p; p++)
		digits = *p >= '0' && *p <= '9';
	/* Digits stay an id even when a name begins with them; an empty word
	 * would begin every name. */
	if (digits || arg == NULL || arg[0] == '\0')
		return validate_id("couple id", arg, id, st);
	struct store *store = cli_store(cli, st);
	if (store == NULL)
		return st->code;
	struct couple_match_list m;
	if (couples_match_prefix(store, arg, &m, st) != DYAD_OK)
		return st->code;
	const struct couple_match *pick = m.len == 1 ? &m.items[0] : NULL;
	for (size_t i = 0; pick == NULL && i < m.len; i++) {
		/* "Herrera & Feld" names one couple even beside "Herrera & Feldman". */
		if (!m.items[i].exact)
			continue;
		size_t exact = 0;
		for (size_t k = 0; k < m.len; k++)
			exact += m.items[k].exact;
		if (exact == 1)
			pick = &m.items[i];
		break;
	}
	char quoted[200];
	enum dyad_error rc = DYAD_OK;
	if (pick != NULL) {
		*id = pick->id;
	} else if (m.len == 0) {
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND,
			"couple id: '%s' is not an id, and no couple's or partner's name begins with it",
			validate_quote(arg, quoted, sizeof quoted));
	} else {
		struct strbuf list = STRBUF_INIT;
		for (size_t i = 0; i < m.len && i < COUPLE_CANDIDATES_SHOWN; i++) {
			char name[200];
			strbuf_addf(&list, "%s%" PRId64 " %s", i ? ", " : "", m.items[i].id,
				validate_quote(m.items[i].name, name, sizeof name));
		}
		if (m.len > COUPLE_CANDIDATES_SHOWN)
			strbuf_addf(&list, " and %zu more", m.len - COUPLE_CANDIDATES_SHOWN);
		rc = dyad_fail(st, DYAD_ERR_REFUSED,
			"couple: '%s' could be any of %zu couples (%s); type more of the name, or the id",
			validate_quote(arg, quoted, sizeof quoted), m.len,
			list.failed ? "too many to list" : strbuf_str(&list));
		strbuf_release(&list);
	}
	couple_match_list_free(&m);
	return rc;
}

static bool looks_negative_number(const char *s)
{
	return s[0] == '-' && ((s[1] >= '0' && s[1] <= '9') || (s[1] == '.' && s[2] >= '0' && s[2] <= '9'));
}

enum dyad_error cli_usage(struct cli *cli, struct dyad_status *st, const char *fmt, ...)
{
	char reason[sizeof st->message];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(reason, sizeof reason, fmt, ap);
	va_end(ap);
	return dyad_fail(st, DYAD_ERR_USAGE, "%s; usage: dyad %s", reason,
		cli->command != NULL ? cli->command->synopsis : "COMMAND ...");
}

enum dyad_error cli_parse(struct cli *cli, int argc, char **argv,
	const struct cli_option *opts, size_t nopts, const char **pos, int min_pos,
	int max_pos, int *npos, struct dyad_status *st)
{
	int n = 0;
	bool options_done = false;
	char quoted[200]; /* what the user typed, escaped and cut short, for messages */
	for (size_t k = 0; k < nopts; k++)
		if (opts[k].kind == CLI_MULTI && opts[k].count)
			*opts[k].count = 0;
	for (int i = 0; i < argc; i++) {
		const char *arg = argv[i];
		if (!options_done && strcmp(arg, "--") == 0) {
			options_done = true;
			continue;
		}
		if (options_done || arg[0] != '-' || arg[1] == '\0' || looks_negative_number(arg)) {
			if (n >= max_pos)
				return cli_usage(cli, st, "unexpected argument '%s'",
					validate_quote(arg, quoted, sizeof quoted));
			pos[n++] = arg;
			continue;
		}
		const char *eq = strchr(arg, '=');
		size_t name_len = eq ? (size_t)(eq - arg) : strlen(arg);
		const struct cli_option *opt = NULL;
		for (size_t k = 0; k < nopts; k++)
			if (strlen(opts[k].name) == name_len && strncmp(opts[k].name, arg, name_len) == 0)
				opt = &opts[k];
		if (opt == NULL) {
			/* 160 bytes hold the 40 characters validate_quote shows. */
			char name[161];
			snprintf(name, sizeof name, "%.*s", (int)(name_len < 160 ? name_len : 160), arg);
			return cli_usage(cli, st, "unknown option '%s'",
				validate_quote(name, quoted, sizeof quoted));
		}
		if (opt->kind == CLI_FLAG) {
			if (eq)
				return dyad_fail(st, DYAD_ERR_USAGE, "%s: takes no value", opt->name);
			*(bool *)opt->dest = true;
			continue;
		}
		const char *value;
		if (eq) {
			value = eq + 1;
		} else {
			if (i + 1 >= argc)
				return cli_usage(cli, st, "%s: needs a value", opt->name);
			value = argv[++i];
		}
		if (opt->kind == CLI_VALUE) {
			const char **dest = opt->dest;
			if (*dest != NULL)
				return dyad_fail(st, DYAD_ERR_USAGE, "%s: given more than once", opt->name);
			*dest = value;
		} else {
			const char **dest = opt->dest;
			if (*opt->count >= opt->max)
				return dyad_fail(st, DYAD_ERR_USAGE, "%s: given more than %d times",
					opt->name, opt->max);
			dest[(*opt->count)++] = value;
		}
	}
	if (n < min_pos)
		return cli_usage(cli, st, "missing argument");
	*npos = n;
	return DYAD_OK;
}

static const struct cli_command *find_command(const char *name, const char *sub)
{
	for (size_t i = 0; i < cli_commands_count; i++) {
		const struct cli_command *c = &cli_commands[i];
		if (strcmp(c->name, name) != 0)
			continue;
		if (c->sub == NULL || (sub != NULL && strcmp(c->sub, sub) == 0))
			return c;
	}
	return NULL;
}

static bool has_subcommands(const char *name)
{
	for (size_t i = 0; i < cli_commands_count; i++)
		if (strcmp(cli_commands[i].name, name) == 0 && cli_commands[i].sub != NULL)
			return true;
	return false;
}

/* Help fits an 80-column terminal, whatever the table's lines hold. */
enum { HELP_WIDTH = 80 };

static void add_spaces(struct strbuf *out, size_t n)
{
	while (n-- > 0)
		strbuf_addc(out, ' ');
}

/* Text being wrapped at HELP_WIDTH: the cursor's column, the indent of a
 * continued line, and whether nothing stands on the line yet. */
struct help_wrapper {
	struct strbuf *out;
	size_t col, indent;
	bool fresh;
};

/* Starts wrapped text at column col (already written), continued lines
 * indented by indent. */
static struct help_wrapper help_wrapper(struct strbuf *out, size_t col, size_t indent)
{
	struct help_wrapper w = { out, col, indent, true };
	return w;
}

/* Appends the words of s[0..n). With keep_groups a bracketed option
 * ("[--date D]") is one unit, broken inside only when it cannot fit on a
 * line of its own. */
static void help_wrap(struct help_wrapper *w, const char *s, size_t n, bool keep_groups)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && s[i] == ' ')
			i++;
		if (i >= n)
			break;
		size_t start = i;
		int depth = 0;
		while (i < n && (s[i] != ' ' || (keep_groups && depth > 0))) {
			if (s[i] == '[')
				depth++;
			else if (s[i] == ']' && depth > 0)
				depth--;
			i++;
		}
		size_t len = i - start;
		size_t width = utf8_display_width(s + start, len);
		size_t need = w->fresh ? width : width + 1;
		if (w->col + need > HELP_WIDTH) {
			if (keep_groups && w->indent + width > HELP_WIDTH &&
				memchr(s + start, ' ', len) != NULL) {
				help_wrap(w, s + start, len, false);
				continue;
			}
			if (!w->fresh) {
				strbuf_addc(w->out, '\n');
				add_spaces(w->out, w->indent);
				w->col = w->indent;
				w->fresh = true;
				need = width;
			}
		}
		if (!w->fresh)
			strbuf_addc(w->out, ' ');
		strbuf_add(w->out, s + start, len);
		w->col += need;
		w->fresh = false;
	}
}

/* The command's own words ("note set"): where its arguments begin. */
static size_t command_words_width(const struct cli_command *c)
{
	return strlen(c->name) + (c->sub ? strlen(c->sub) + 1 : 0);
}

/* One entry of a listing: the synopsis at column 2 (continued under its
 * first argument), then the summary at column 6. */
static void help_entry(struct strbuf *out, const struct cli_command *c)
{
	add_spaces(out, 2);
	struct help_wrapper w = help_wrapper(out, 2, 2 + command_words_width(c) + 1);
	help_wrap(&w, c->synopsis, strlen(c->synopsis), true);
	strbuf_addc(out, '\n');
	add_spaces(out, 6);
	w = help_wrapper(out, 6, 6);
	help_wrap(&w, c->summary, strlen(c->summary), false);
	strbuf_addc(out, '\n');
}

static void help_emit(FILE *fp, struct strbuf *out)
{
	if (!out->failed)
		fwrite(out->data, 1, out->len, fp);
	strbuf_release(out);
}

static void print_command_help(FILE *fp, const struct cli_command *c)
{
	static const char usage[] = "usage: dyad ";
	struct strbuf out = STRBUF_INIT;
	strbuf_adds(&out, usage);
	struct help_wrapper w = help_wrapper(&out, sizeof usage - 1,
		sizeof usage - 1 + command_words_width(c) + 1);
	help_wrap(&w, c->synopsis, strlen(c->synopsis), true);
	strbuf_addc(&out, '\n');
	add_spaces(&out, 2);
	w = help_wrapper(&out, 2, 2);
	help_wrap(&w, c->summary, strlen(c->summary), false);
	strbuf_addc(&out, '\n');
	help_emit(fp, &out);
}

/* Every command of a group ("note"), each with synopsis and summary. */
static void print_group_help(FILE *fp, const char *group)
{
	struct strbuf out = STRBUF_INIT;
	strbuf_addf(&out, "usage: dyad %s SUBCOMMAND ...\n\nThe %s commands:\n", group, group);
	for (size_t i = 0; i < cli_commands_count; i++)
		if (strcmp(cli_commands[i].name, group) == 0)
			help_entry(&out, &cli_commands[i]);
	strbuf_addf(&out, "\n`dyad help %s SUBCOMMAND` describes one of them.\n", group);
	help_emit(fp, &out);
}

void cli_print_usage(FILE *fp)
{
	struct strbuf out = STRBUF_INIT;
	strbuf_adds(&out,
		"usage: dyad [--db PATH] [--help] [--version] [COMMAND ...]\n"
		"\n"
		"With no command, dyad opens its full-screen interface.\n"
		"\n"
		"Commands:\n");
	for (size_t i = 0; i < cli_commands_count; i++)
		help_entry(&out, &cli_commands[i]);
	strbuf_adds(&out,
		"\n"
		"`dyad help COMMAND` or `dyad COMMAND --help` describes one command, or\n"
		"every command of a group (couple, session, note, plan, config, assignment,\n"
		"measure).\n"
		"The database is --db PATH, else $DYAD_DB, else\n"
		"$XDG_DATA_HOME/dyad/dyad.db (~/.local/share/dyad/dyad.db).\n"
		"Exit status: 0 done, 1 refused (the reason is printed), 2 usage error.\n");
	help_emit(fp, &out);
}

static bool is_help_word(const char *s)
{
	return strcmp(s, "--help") == 0 || strcmp(s, "-h") == 0;
}

/* `dyad help [COMMAND [SUBCOMMAND]]`. */
static int run_help(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	char quoted[200];
	if (argc < 2) {
		cli_print_usage(cli->out);
		return CLI_EXIT_OK;
	}
	const char *name = argv[1];
	if (has_subcommands(name)) {
		if (argc < 3) {
			print_group_help(cli->out, name);
			return CLI_EXIT_OK;
		}
		for (size_t i = 0; i < cli_commands_count; i++) {
			const struct cli_command *c = &cli_commands[i];
			if (strcmp(c->name, name) == 0 && c->sub != NULL && strcmp(c->sub, argv[2]) == 0) {
				print_command_help(cli->out, c);
				return CLI_EXIT_OK;
			}
		}
		dyad_fail(&st, DYAD_ERR_USAGE, "help: %s has no subcommand '%s' (see dyad help %s)",
			name, validate_quote(argv[2], quoted, sizeof quoted), name);
		return cli_fail(cli, &st);
	}
	const struct cli_command *c = find_command(name, NULL);
	if (c == NULL) {
		dyad_fail(&st, DYAD_ERR_USAGE, "help: no command '%s' (see dyad --help)",
			validate_quote(name, quoted, sizeof quoted));
		return cli_fail(cli, &st);
	}
	print_command_help(cli->out, c);
	return CLI_EXIT_OK;
}

int cli_dispatch(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	char quoted[200];
	const char *name = argv[0];
	if (strcmp(name, "help") == 0)
		return run_help(cli, argc, argv);
	const char *sub = argc > 1 ? argv[1] : NULL;
	if (sub != NULL && is_help_word(sub) && has_subcommands(name)) {
		print_group_help(cli->out, name);
		return CLI_EXIT_OK;
	}
	const struct cli_command *c = find_command(name, sub);
	if (c == NULL) {
		if (has_subcommands(name)) {
			if (sub == NULL)
				dyad_fail(&st, DYAD_ERR_USAGE, "%s: needs a subcommand (see dyad help %s)",
					name, name);
			else
				dyad_fail(&st, DYAD_ERR_USAGE, "%s: unknown subcommand '%s' (see dyad help %s)",
					name, validate_quote(sub, quoted, sizeof quoted), name);
		} else {
			dyad_fail(&st, DYAD_ERR_USAGE, "unknown command '%s' (see dyad --help)",
				validate_quote(name, quoted, sizeof quoted));
		}
		return cli_fail(cli, &st);
	}
	int skip = c->sub ? 2 : 1;
	for (int i = skip; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (is_help_word(argv[i])) {
			print_command_help(cli->out, c);
			return CLI_EXIT_OK;
		}
	}
	cli->command = c;
	return c->run(cli, argc - skip, argv + skip);
}

void cli_safe(struct strbuf *sb, const char *s)
{
	if (s != NULL)
		utf8_sanitize(sb, s, strlen(s), 0);
}

void cli_table_init(struct cli_table *t, int columns)
{
	memset(t, 0, sizeof *t);
	t->columns = columns;
}

/* The cells live in one buffer and are measured once, as they arrive: a
 * thousand-row listing used to make a heap copy per cell and measure each
 * cell twice. */
void cli_table_row(struct cli_table *t, const char *const *cells)
{
	if (t->failed)
		return;
	if (t->rows == t->cap) {
		size_t ncap = t->cap ? t->cap * 2 : 16;
		size_t *c = realloc(t->cell, ncap * (size_t)t->columns * sizeof *c);
		if (c != NULL)
			t->cell = c;
		size_t *w = c ? realloc(t->width, ncap * (size_t)t->columns * sizeof *w) : NULL;
		if (w == NULL) {
			t->failed = true;
			return;
		}
		t->width = w;
		t->cap = ncap;
	}
	size_t base = t->rows * (size_t)t->columns;
	for (int c = 0; c < t->columns; c++) {
		size_t start = t->text.len;
		cli_safe(&t->text, cells[c] ? cells[c] : "");
		t->cell[base + (size_t)c] = start;
		t->width[base + (size_t)c] = utf8_display_width(t->text.data + start,
			t->text.len - start);
		strbuf_addc(&t->text, '\0');
	}
	if (t->text.failed)
		t->failed = true;
	t->rows++;
}

void cli_table_print(struct cli_table *t, FILE *fp)
{
	static const char spaces[] = "                                ";
	if (t->failed || t->rows == 0)
		return;
	size_t *col = calloc((size_t)t->columns, sizeof *col);
	if (col == NULL)
		return;
	size_t cells = t->rows * (size_t)t->columns;
	for (size_t i = 0; i < cells; i++)
		if (t->width[i] > col[i % (size_t)t->columns])
			col[i % (size_t)t->columns] = t->width[i];
	struct strbuf out = STRBUF_INIT;
	for (size_t r = 0; r < t->rows; r++) {
		for (int c = 0; c < t->columns; c++) {
			size_t i = r * (size_t)t->columns + (size_t)c;
			strbuf_adds(&out, t->text.data + t->cell[i]);
			if (c + 1 < t->columns)
				for (size_t pad = col[c] + 2 - t->width[i]; pad > 0;) {
					size_t k = pad < sizeof spaces - 1 ? pad : sizeof spaces - 1;
					strbuf_add(&out, spaces, k);
					pad -= k;
				}
		}
		strbuf_addc(&out, '\n');
	}
	if (!out.failed)
		fwrite(out.data, 1, out.len, fp);
	strbuf_release(&out);
	free(col);
}

void cli_table_free(struct cli_table *t)
{
	strbuf_release(&t->text);
	free(t->cell);
	free(t->width);
	memset(t, 0, sizeof *t);
}

bool cli_emit(struct cli *cli, struct strbuf *sb)
{
	bool ok = !sb->failed;
	if (ok && sb->len > 0 && fwrite(sb->data, 1, sb->len, cli->out) != sb->len)
		ok = false;
	if (ok && fflush(cli->out) != 0)
		ok = false;
	if (!ok)
		fprintf(cli->err, "dyad: output: could not write the result\n");
	strbuf_release(sb);
	return ok;
}

struct store *cli_couple_json(struct cli *cli, int argc, char **argv, int64_t *couple_id,
	bool *json, struct dyad_status *st)
{
	const struct cli_option opts[] = { { "--json", CLI_FLAG, json, 0, NULL } };
	const char *pos[1];
	int npos;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], couple_id, st) != DYAD_OK)
		return NULL;
	return cli_store(cli, st);
}
