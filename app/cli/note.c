/* note.c: a session's note from the shell: written (in the editor at a
 * terminal, or from a file or standard input), shown, signed, and
 * corrected by addenda once signed. */
#include "app/cli/note.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/editor.h"
#include "app/core/fileio.h"
#include "app/core/json.h"
#include "app/core/paths.h"
#include "app/core/utf8.h"
#include "app/domain/addenda.h"
#include "app/domain/intake.h"
#include "app/domain/note_template.h"
#include "app/domain/practice.h"
#include "app/domain/validate.h"
#include "app/store/addenda.h"
#include "app/store/sessions.h"

/* Reads session id's note into *note (caller frees) when it is a draft;
 * a signed note is refused, and *note left empty. */
static enum dyad_error draft_get(struct cli *cli, int64_t id, struct note_rec *note,
	struct dyad_status *st)
{
	memset(note, 0, sizeof *note);
	struct store *store = cli_store(cli, st);
	if (store == NULL)
		return st->code;
	if (notes_get(store, id, note, st) != DYAD_OK)
		return st->code;
	if (strcmp(note->status, "signed") == 0) {
		note_rec_free(note);
		return dyad_fail(st, DYAD_ERR_REFUSED,
			"note: session %" PRId64 "'s note is signed and locked; add an addendum instead",
			id);
	}
	return DYAD_OK;
}

int cmd_note_edit(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *if_revision = NULL, *template = NULL;
	const struct cli_option opts[] = {
		{ "--if-revision", CLI_VALUE, &if_revision, 0, NULL },
		{ "--template", CLI_VALUE, &template, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	long long expected = -1;
	if (cli_parse(cli, argc, argv, opts, 2, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK ||
		(if_revision != NULL &&
			validate_int("revision", if_revision, 0, INT64_MAX, &expected, &st) != DYAD_OK))
		return cli_fail(cli, &st);
	struct note_rec note;
	if (draft_get(cli, id, &note, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	/* The editing may take a while: a save from elsewhere meanwhile (the
	 * interface, another shell) is kept, and this one refused. */
	if (expected < 0)
		expected = note.revision;
	/* An empty note starts from its template, filled in from the record. */
	char *start = NULL;
	bool prefilled = false;
	if (note_template_start(cli->store, id, note.body, template, &start, &prefilled, &st) !=
		DYAD_OK) {
		note_rec_free(&note);
		return cli_fail(cli, &st);
	}
	char *body;
	size_t len;
	char stem[64];
	snprintf(stem, sizeof stem, "editing-session-%" PRId64, id);
	char *folder = paths_unsaved_dir(store_path(cli->store), &st);
	if (folder == NULL) {
		free(start);
		note_rec_free(&note);
		return cli_fail(cli, &st);
	}
	enum dyad_error rc = editor_edit(start, strlen(start), folder, stem, "note",
		NOTE_MAX_BYTES, &body, &len, &st);
	free(folder);
	if (rc != DYAD_OK) {
		free(start);
		note_rec_free(&note);
		return cli_fail(cli, &st);
	}
	/* A template saved as it opened holds nothing the therapist wrote. */
	bool unchanged = len == strlen(start) && memcmp(body, start, len) == 0;
	free(start);
	note_rec_free(&note);
	if (unchanged) {
		free(body);
		fprintf(cli->err, prefilled
			? "The template was saved as it opened; nothing was stored.\n"
			: "The note is unchanged; nothing was saved.\n");
		return CLI_EXIT_OK;
	}
	rc = practice_note_save(cli->store, id, body, len, expected, &st);
	free(body);
	return rc == DYAD_OK ? CLI_EXIT_OK : cli_fail(cli, &st);
}

/* The value of --file in argv (NULL when not given); "--" ends options. */
static const char *file_option(int argc, char **argv)
{
	const char *file = NULL;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--file") == 0 && i + 1 < argc)
			file = argv[++i];
		else if (strncmp(argv[i], "--file=", 7) == 0)
			file = argv[i] + 7;
	}
	return file;
}

/* note set as given: the note from --file F or standard input. */
static int note_set_from_input(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *file = NULL, *if_revision = NULL;
	bool allow_empty = false;
	const struct cli_option opts[] = {
		{ "--file", CLI_VALUE, &file, 0, NULL },
		{ "--if-revision", CLI_VALUE, &if_revision, 0, NULL },
		{ "--allow-empty", CLI_FLAG, &allow_empty, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	long long expected = -1; /* any revision */
	if (cli_parse(cli, argc, argv, opts, 3, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK ||
		(if_revision != NULL &&
			validate_int("revision", if_revision, 0, INT64_MAX, &expected, &st) != DYAD_OK))
		return cli_fail(cli, &st);
	/* Open the database first: a locked or missing session should be
	 * reported before the user types a whole note on standard input. */
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct note_rec note;
	if (notes_get(store, id, &note, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	bool locked = strcmp(note.status, "signed") == 0;
	note_rec_free(&note);
	if (locked) {
		dyad_fail(&st, DYAD_ERR_REFUSED,
			"note: session %" PRId64 "'s note is signed and locked; add an addendum instead", id);
		return cli_fail(cli, &st);
	}
	size_t len;
	char *body = fileio_read_path(file ? file : "-", NOTE_MAX_BYTES, &len, "note", &st);
	if (body == NULL)
		return cli_fail(cli, &st);
	/* With --if-revision, a note saved by anyone else since that revision
	 * was read is kept, and this save is refused as a conflict. */
	enum dyad_error rc = allow_empty
		? practice_note_save_allow_empty(store, id, body, len, expected, &st)
		: practice_note_save(store, id, body, len, expected, &st);
	if (rc == DYAD_ERR_REFUSED && !allow_empty && practice_note_is_blank(body, len)) {
		char why[sizeof st.message];
		snprintf(why, sizeof why, "%s", dyad_status_message(&st));
		dyad_fail(&st, rc, "%s (give --allow-empty to empty it on purpose)", why);
	}
	free(body);
	return rc == DYAD_OK ? CLI_EXIT_OK : cli_fail(cli, &st);
}

int cmd_note_set(struct cli *cli, int argc, char **argv)
{
	const char *file = file_option(argc, argv);
	/* A template fills the editor, so asking for one means the editor. */
	for (int i = 0; i < argc && strcmp(argv[i], "--") != 0; i++) {
		if (strcmp(argv[i], "--template") != 0 && strncmp(argv[i], "--template=", 11) != 0)
			continue;
		if (file != NULL) {
			struct dyad_status st = { 0 };
			dyad_fail(&st, DYAD_ERR_USAGE, "--template: a template starts a note in the "
				"editor; leave out --file");
			return cli_fail(cli, &st);
		}
		return cmd_note_edit(cli, argc, argv);
	}
	if (!isatty(STDIN_FILENO) || (file != NULL && strcmp(file, "-") != 0))
		return note_set_from_input(cli, argc, argv);
	if (file == NULL)
		return cmd_note_edit(cli, argc, argv);
	/* --file - at a terminal: say how to finish, once the session is known
	 * to take a note, so nobody types a whole note only to be refused. */
	struct dyad_status st = { 0 };
	const char *file_value = NULL, *if_revision = NULL;
	const struct cli_option opts[] = {
		{ "--file", CLI_VALUE, &file_value, 0, NULL },
		{ "--if-revision", CLI_VALUE, &if_revision, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	struct note_rec note;
	if (cli_parse(cli, argc, argv, opts, 2, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK ||
		draft_get(cli, id, &note, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	note_rec_free(&note);
	fprintf(cli->err, "Type the note, then Ctrl-D on a line of its own.\n");
	return note_set_from_input(cli, argc, argv);
}

int cmd_note_show(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct note_rec note;
	if (notes_get(store, id, &note, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct addendum_list addenda;
	if (addenda_list(store, id, &addenda, &st) != DYAD_OK) {
		note_rec_free(&note);
		return cli_fail(cli, &st);
	}
	struct strbuf out = STRBUF_INIT;
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_object_begin(&w);
		json_writer_key(&w, "session_id");
		json_writer_int(&w, note.session_id);
		json_writer_key(&w, "status");
		json_writer_string(&w, note.status);
		json_writer_key(&w, "signed_at");
		json_writer_string(&w, note.signed_at[0] ? note.signed_at : NULL);
		json_writer_key(&w, "revision");
		json_writer_int(&w, note.revision);
		json_writer_key(&w, "body");
		json_writer_string(&w, note.body);
		json_writer_key(&w, "addenda");
		json_writer_array_begin(&w);
		for (size_t i = 0; i < addenda.len; i++) {
			json_writer_object_begin(&w);
			json_writer_key(&w, "id");
			json_writer_int(&w, addenda.items[i].id);
			json_writer_key(&w, "created_at");
			json_writer_string(&w, addenda.items[i].created_at);
			json_writer_key(&w, "body");
			json_writer_string(&w, addenda.items[i].body);
			json_writer_object_end(&w);
		}
		json_writer_array_end(&w);
		json_writer_object_end(&w);
		strbuf_addc(&out, '\n');
	} else {
		/* On a terminal, stored text is shown escaped; piped, it is exact.
		 * Addenda follow the note, each under a dated line of its own. */
		int flags = UTF8_KEEP_NEWLINES | UTF8_KEEP_TABS;
		if (cli->out_is_tty)
			utf8_sanitize(&out, note.body, strlen(note.body), flags);
		else
			strbuf_adds(&out, note.body);
		bool decorate = cli->out_is_tty || addenda.len > 0;
		if (decorate && out.len && out.data[out.len - 1] != '\n')
			strbuf_addc(&out, '\n');
		if (cli->out_is_tty && note.signed_at[0])
			strbuf_addf(&out, "-- signed %s\n", note.signed_at);
		for (size_t i = 0; i < addenda.len; i++) {
			const struct addendum_rec *a = &addenda.items[i];
			strbuf_addf(&out, "\n-- addendum %" PRId64 ", %s\n", a->id, a->created_at);
			if (cli->out_is_tty)
				utf8_sanitize(&out, a->body, strlen(a->body), flags);
			else
				strbuf_adds(&out, a->body);
			if (out.len && out.data[out.len - 1] != '\n')
				strbuf_addc(&out, '\n');
		}
	}
	addendum_list_free(&addenda);
	note_rec_free(&note);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_note_sign(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool without_intake = false;
	const struct cli_option opts[] = {
		{ "--without-intake", CLI_FLAG, &without_intake, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	/* Signing fixes the note for good; before an intake it is asked for. */
	bool has_intake = true;
	if (!without_intake && intake_exists_for_session(store, id, &has_intake, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (!has_intake) {
		dyad_fail(&st, DYAD_ERR_REFUSED,
			"intake: session %" PRId64 "'s couple has no intake yet; record it with "
			"`dyad intake`, or sign anyway with --without-intake", id);
		return cli_fail(cli, &st);
	}
	if (practice_note_sign(store, id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return CLI_EXIT_OK;
}

int cmd_note_addendum(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *file = NULL;
	const struct cli_option opts[] = { { "--file", CLI_VALUE, &file, 0, NULL } };
	const char *pos[1];
	int npos;
	int64_t id, addendum_id;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	/* Say "this is a draft" before someone types a whole addendum. */
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct note_rec note;
	if (notes_get(store, id, &note, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	bool draft = strcmp(note.status, "signed") != 0;
	note_rec_free(&note);
	if (draft) {
		dyad_fail(&st, DYAD_ERR_REFUSED,
			"note: session %" PRId64 "'s note is still a draft; change it with `dyad note set` "
			"(addenda are for signed notes)", id);
		return cli_fail(cli, &st);
	}
	size_t len;
	/* At a terminal, standard input is the person typing: say how to end. */
	if ((file == NULL || strcmp(file, "-") == 0) && isatty(STDIN_FILENO))
		fprintf(cli->err, "Type the addendum, then Ctrl-D on a line of its own.\n");
	char *body = fileio_read_path(file ? file : "-", NOTE_MAX_BYTES, &len, "addendum", &st);
	if (body == NULL)
		return cli_fail(cli, &st);
	enum dyad_error rc = addenda_add(store, id, body, len, &addendum_id, &st);
	free(body);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "%" PRId64 "\n", addendum_id);
	return CLI_EXIT_OK;
}
