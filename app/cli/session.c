/* session.c: sessions from the shell: recorded, booked ahead, listed and
 * corrected. */
#include "app/cli/session.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/json.h"
#include "app/domain/practice.h"
#include "app/domain/session_state.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/store/sessions.h"

int cmd_session_add(struct cli *cli, int argc, char **argv)
{
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
	if (cli_parse(cli, argc, argv, opts, 5, pos, 1, 1, &npos, &st) != DYAD_OK ||
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
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_object_begin(&w);
		json_writer_key(&w, "id");
		json_writer_int(&w, id);
		json_writer_key(&w, "starts_at");
		json_writer_string(&w, rec.starts_at);
		json_writer_key(&w, "state");
		json_writer_string(&w, session_state_name(state));
		json_writer_object_end(&w);
		strbuf_addc(&out, '\n');
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
	if (cli_parse(cli, argc, argv, opts, 7, pos, 1, 1, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	int64_t *ids = NULL;
	size_t count = 0;
	if (store == NULL || practice_session_plan(store, couple_id, &in, &ids, &count, &st) !=
		DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	struct json_writer w;
	json_writer_init(&w, &out);
	if (json)
		json_writer_array_begin(&w);
	for (size_t i = 0; i < count; i++) {
		if (json)
			json_writer_int(&w, ids[i]);
		else
			strbuf_addf(&out, "%" PRId64 "\n", ids[i]);
	}
	if (json) {
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
	}
	free(ids);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_session_set(struct cli *cli, int argc, char **argv)
{
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
	if (cli_parse(cli, argc, argv, opts, 4, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (!in.when && !in.minutes && !in.modality && !in.attendance) {
		cli_usage(cli, &st, "session set: nothing to change");
		return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL || practice_session_set(store, id, &in, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return CLI_EXIT_OK;
}

int cmd_session_list(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	int64_t couple_id;
	struct store *store = cli_couple_json(cli, argc, argv, &couple_id, &json, &st);
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
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_array_begin(&w);
		for (size_t i = 0; i < list.len; i++) {
			const struct session_rec *s = &list.items[i];
			json_writer_object_begin(&w);
			json_writer_key(&w, "id");
			json_writer_int(&w, s->id);
			json_writer_key(&w, "couple_id");
			json_writer_int(&w, s->couple_id);
			json_writer_key(&w, "starts_at");
			json_writer_string(&w, s->starts_at);
			json_writer_key(&w, "minutes");
			json_writer_int(&w, s->minutes);
			json_writer_key(&w, "modality");
			json_writer_string(&w, s->modality);
			json_writer_key(&w, "attendance");
			json_writer_string(&w, session_attendance_shown(s));
			json_writer_key(&w, "state");
			json_writer_string(&w, session_state_name(session_state_of(s)));
			json_writer_key(&w, "note");
			json_writer_object_begin(&w);
			json_writer_key(&w, "status");
			json_writer_string(&w, s->note_status);
			json_writer_key(&w, "bytes");
			json_writer_int(&w, s->note_bytes);
			json_writer_object_end(&w);
			json_writer_key(&w, "ratings");
			json_writer_int(&w, s->ratings);
			json_writer_object_end(&w);
		}
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
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
