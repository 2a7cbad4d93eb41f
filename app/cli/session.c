/* session.c: sessions and their notes from the shell. */
#include "app/cli/session.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/fileio.h"
#include "app/core/json.h"
#include "app/core/utf8.h"
#include "app/domain/intake.h"
#include "app/domain/practice.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/addenda.h"
#include "app/store/couples.h"
#include "app/store/sessions.h"

int cmd_session_add(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] =
		"session add COUPLE [--date YYYY-MM-DD[THH:MM]] [--minutes N] "
		"[--modality in-person|video|phone] "
		"[--attendance both|a-only|b-only|no-show|cancelled|planned] [--json]";
	struct dyad_status st = { 0 };
	struct session_input in = { 0 };
	bool json = false;
	const struct cli_option opts[] = {
		{ "--date", CLI_VALUE, &in.when, 0, NULL },
		{ "--minutes", CLI_VALUE, &in.minutes, 0, NULL },
		{ "--modality", CLI_VALUE, &in.modality, 0, NULL },
		{ "--attendance", CLI_VALUE, &in.attendance, 0, NULL },
		{ "--json", CLI_FLAG, &json, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t couple_id, id;
	if (cli_parse(argc, argv, opts, 5, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL || practice_session_add(store, couple_id, &in, &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct session_rec rec;
	if (sessions_get(store, id, &rec, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	enum session_state state = session_state_of(&rec);
	if (json) {
		struct strbuf out = STRBUF_INIT;
		strbuf_addc(&out, '{');
		json_key(&out, "id");
		json_int(&out, id);
		strbuf_addc(&out, ',');
		json_key(&out, "starts_at");
		json_string(&out, rec.starts_at);
		strbuf_addc(&out, ',');
		json_key(&out, "state");
		json_string(&out, session_state_name(state));
		strbuf_adds(&out, "}\n");
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	/* The id alone on standard output, for scripts; a booking ahead is
	 * said on the side, so no one mistakes it for a session held. */
	fprintf(cli->out, "%" PRId64 "\n", id);
	if (state == SESSION_PLANNED)
		fprintf(cli->err, "Session %" PRId64 " is planned for %.10s at %s; record how it went "
			"on the day with `dyad session set %" PRId64 " --attendance both`.\n", id,
			rec.starts_at, rec.starts_at + 11, id);
	return CLI_EXIT_OK;
}

int cmd_session_plan(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] =
		"session plan COUPLE --date YYYY-MM-DD[THH:MM] [--every 1w|2w] "
		"[--until YYYY-MM-DD | --count N] [--minutes N] [--modality M] [--json]";
	struct dyad_status st = { 0 };
	struct session_plan_input in = { 0 };
	bool json = false;
	const struct cli_option opts[] = {
		{ "--date", CLI_VALUE, &in.when, 0, NULL },
		{ "--every", CLI_VALUE, &in.every, 0, NULL },
		{ "--until", CLI_VALUE, &in.until, 0, NULL },
		{ "--count", CLI_VALUE, &in.count, 0, NULL },
		{ "--minutes", CLI_VALUE, &in.minutes, 0, NULL },
		{ "--modality", CLI_VALUE, &in.modality, 0, NULL },
		{ "--json", CLI_FLAG, &json, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t couple_id;
	if (cli_parse(argc, argv, opts, 7, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	int64_t *ids = NULL;
	size_t count = 0;
	if (store == NULL || practice_session_plan(store, couple_id, &in, &ids, &count, &st) !=
		DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json)
		strbuf_addc(&out, '[');
	for (size_t i = 0; i < count; i++) {
		if (json) {
			if (i)
				strbuf_addc(&out, ',');
			json_int(&out, ids[i]);
		} else {
			strbuf_addf(&out, "%" PRId64 "\n", ids[i]);
		}
	}
	if (json)
		strbuf_adds(&out, "]\n");
	free(ids);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_session_set(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] =
		"session set SESSION_ID [--date YYYY-MM-DD[THH:MM]] [--minutes N] [--modality M] "
		"[--attendance A]";
	struct dyad_status st = { 0 };
	struct session_input in = { 0 };
	const struct cli_option opts[] = {
		{ "--date", CLI_VALUE, &in.when, 0, NULL },
		{ "--minutes", CLI_VALUE, &in.minutes, 0, NULL },
		{ "--modality", CLI_VALUE, &in.modality, 0, NULL },
		{ "--attendance", CLI_VALUE, &in.attendance, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(argc, argv, opts, 4, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (!in.when && !in.minutes && !in.modality && !in.attendance) {
		dyad_fail(&st, DYAD_ERR_USAGE, "session set: nothing to change; usage: dyad %s",
			synopsis);
		return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL || practice_session_set(store, id, &in, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return CLI_EXIT_OK;
}

int cmd_session_list(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "session list COUPLE [--json]";
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	const char *pos[1];
	int npos;
	int64_t couple_id;
	if (cli_parse(argc, argv, opts, 1, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct couple_rec couple;
	if (couples_get(store, couple_id, &couple, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	couple_rec_free(&couple);
	struct session_list list;
	if (sessions_list(store, couple_id, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json) {
		strbuf_addc(&out, '[');
		for (size_t i = 0; i < list.len; i++) {
			const struct session_rec *s = &list.items[i];
			if (i)
				strbuf_addc(&out, ',');
			strbuf_addc(&out, '{');
			json_key(&out, "id");
			json_int(&out, s->id);
			strbuf_addc(&out, ',');
			json_key(&out, "couple_id");
			json_int(&out, s->couple_id);
			strbuf_addc(&out, ',');
			json_key(&out, "starts_at");
			json_string(&out, s->starts_at);
			strbuf_addc(&out, ',');
			json_key(&out, "minutes");
			json_int(&out, s->minutes);
			strbuf_addc(&out, ',');
			json_key(&out, "modality");
			json_string(&out, s->modality);
			strbuf_addc(&out, ',');
			json_key(&out, "attendance");
			json_string(&out, session_attendance_shown(s));
			strbuf_addc(&out, ',');
			json_key(&out, "state");
			json_string(&out, session_state_name(session_state_of(s)));
			strbuf_addc(&out, ',');
			json_key(&out, "note");
			strbuf_addc(&out, '{');
			json_key(&out, "status");
			json_string(&out, s->note_status);
			strbuf_addc(&out, ',');
			json_key(&out, "bytes");
			json_int(&out, s->note_bytes);
			strbuf_adds(&out, "},");
			json_key(&out, "ratings");
			json_int(&out, s->ratings);
			strbuf_addc(&out, '}');
		}
		strbuf_adds(&out, "]\n");
		session_list_free(&list);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	if (list.len == 0) {
		fprintf(cli->out, "No sessions yet. Add one with `dyad session add %" PRId64 "`.\n",
			couple_id);
		session_list_free(&list);
		return CLI_EXIT_OK;
	}
	struct cli_table t;
	cli_table_init(&t, 8);
	const char *head[] = { "ID", "DATE", "MIN", "MODALITY", "STATE", "ATTENDANCE", "NOTE",
		"RATINGS" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < list.len; i++) {
		const struct session_rec *s = &list.items[i];
		char id[24], when[20], minutes[12], note[40], ratings[24];
		snprintf(id, sizeof id, "%" PRId64, s->id);
		snprintf(when, sizeof when, "%.10s %.5s", s->starts_at, s->starts_at + 11);
		snprintf(minutes, sizeof minutes, "%d", s->minutes);
		if (s->note_bytes == 0 && strcmp(s->note_status, "draft") == 0)
			snprintf(note, sizeof note, "-");
		else
			snprintf(note, sizeof note, "%s", s->note_status);
		snprintf(ratings, sizeof ratings, "%" PRId64, s->ratings);
		/* A planned session has no attendance yet. */
		enum session_state state = session_state_of(s);
		const char *row[] = { id, when, minutes, s->modality, session_state_name(state),
			state == SESSION_PLANNED ? "-" : s->attendance, note, ratings };
		cli_table_row(&t, row);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	session_list_free(&list);
	return CLI_EXIT_OK;
}

int cmd_note_set(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] =
		"note set SESSION_ID [--file F] [--if-revision N] [--allow-empty]";
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
	if (cli_parse(argc, argv, opts, 3, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
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

int cmd_note_show(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "note show SESSION_ID [--json]";
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(argc, argv, opts, 1, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
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
		strbuf_addc(&out, '{');
		json_key(&out, "session_id");
		json_int(&out, note.session_id);
		strbuf_addc(&out, ',');
		json_key(&out, "status");
		json_string(&out, note.status);
		strbuf_addc(&out, ',');
		json_key(&out, "signed_at");
		json_string(&out, note.signed_at[0] ? note.signed_at : NULL);
		strbuf_addc(&out, ',');
		json_key(&out, "revision");
		json_int(&out, note.revision);
		strbuf_addc(&out, ',');
		json_key(&out, "body");
		json_string(&out, note.body);
		strbuf_addc(&out, ',');
		json_key(&out, "addenda");
		strbuf_addc(&out, '[');
		for (size_t i = 0; i < addenda.len; i++) {
			if (i)
				strbuf_addc(&out, ',');
			strbuf_addc(&out, '{');
			json_key(&out, "id");
			json_int(&out, addenda.items[i].id);
			strbuf_addc(&out, ',');
			json_key(&out, "created_at");
			json_string(&out, addenda.items[i].created_at);
			strbuf_addc(&out, ',');
			json_key(&out, "body");
			json_string(&out, addenda.items[i].body);
			strbuf_addc(&out, '}');
		}
		strbuf_adds(&out, "]}\n");
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
	static const char synopsis[] = "note sign SESSION_ID [--without-intake]";
	struct dyad_status st = { 0 };
	bool without_intake = false;
	const struct cli_option opts[] = {
		{ "--without-intake", CLI_FLAG, &without_intake, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(argc, argv, opts, 1, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
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
