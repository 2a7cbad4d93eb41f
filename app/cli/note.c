/* note.c: a note written at a terminal, in the editor or typed, so that
 * `note set` never sits silently waiting for standard input. */
#include "app/cli/note.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/session.h"
#include "app/core/editor.h"
#include "app/core/paths.h"
#include "app/domain/note_template.h"
#include "app/domain/practice.h"
#include "app/domain/validate.h"
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
	static const char synopsis[] = "note edit SESSION_ID [--template NAME] [--if-revision N]";
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
	if (cli_parse(argc, argv, opts, 2, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
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

int cmd_note_write(struct cli *cli, int argc, char **argv)
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
		return cmd_note_set(cli, argc, argv);
	if (file == NULL)
		return cmd_note_edit(cli, argc, argv);
	/* --file - at a terminal: say how to finish, once the session is known
	 * to take a note, so nobody types a whole note only to be refused. */
	static const char synopsis[] = "note set SESSION_ID [--file F] [--if-revision N]";
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
	if (cli_parse(argc, argv, opts, 2, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK ||
		draft_get(cli, id, &note, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	note_rec_free(&note);
	fprintf(cli->err, "Type the note, then Ctrl-D on a line of its own.\n");
	return cmd_note_set(cli, argc, argv);
}
