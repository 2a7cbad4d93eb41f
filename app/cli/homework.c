/* homework.c (cli): settings, exercises, assignments, check-ins, handouts. */
#include "app/cli/homework.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/plan.h"
#include "app/output/handout_file.h"
#include "app/core/fileio.h"
#include "app/core/json.h"
#include "app/core/paths.h"
#include "app/domain/adherence.h"
#include "app/domain/homework.h"
#include "app/domain/library.h"
#include "app/domain/plan.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/store/homework.h"

/* --- config ------------------------------------------------------------------ */

int cmd_config_set(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "config set KEY VALUE";
	struct dyad_status st = { 0 };
	const char *pos[2];
	int npos;
	if (cli_parse(argc, argv, NULL, 0, pos, 2, 2, &npos, synopsis, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL || homework_setting_set(store, pos[0], pos[1], &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return CLI_EXIT_OK;
}

int cmd_config_list(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "config list [--json]";
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	int npos;
	if (cli_parse(argc, argv, opts, 1, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct setting_list list;
	if (settings_list(store, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	struct cli_table t;
	cli_table_init(&t, 3);
	if (json) {
		strbuf_addc(&out, '{');
	} else {
		const char *head[] = { "KEY", "VALUE", "WHAT IT IS FOR" };
		cli_table_row(&t, head);
	}
	for (size_t i = 0; homework_settings[i].key; i++) {
		const char *key = homework_settings[i].key, *value = NULL;
		for (size_t k = 0; k < list.len; k++)
			if (strcmp(list.items[k].key, key) == 0)
				value = list.items[k].value;
		if (json) {
			if (i)
				strbuf_addc(&out, ',');
			json_key(&out, key);
			json_string(&out, value);
		} else {
			const char *row[] = { key, value ? value : "(not set)", homework_settings[i].summary };
			cli_table_row(&t, row);
		}
	}
	setting_list_free(&list);
	if (json) {
		strbuf_adds(&out, "}\n");
		cli_table_free(&t);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	return CLI_EXIT_OK;
}

/* --- the exercise library ------------------------------------------------------ */

/* Loads the library; prints its problems (one line each) when loud. */
static bool load_library(struct cli *cli, struct library *lib, bool loud, struct dyad_status *st)
{
	if (library_load(lib, st) != DYAD_OK)
		return false;
	for (size_t i = 0; loud && i < lib->nproblems; i++) {
		struct strbuf sb = STRBUF_INIT;
		cli_safe(&sb, lib->problems[i]);
		fprintf(cli->err, "dyad: template %s\n", strbuf_str(&sb));
		strbuf_release(&sb);
	}
	return true;
}

static void concepts_joined(struct strbuf *sb, const struct template *t, const char *sep)
{
	for (size_t k = 0; k < t->nconcepts; k++)
		strbuf_addf(sb, "%s%s", k ? sep : "", t->concepts[k]);
}

static const char *tracking_kind_name(enum tracking_kind k)
{
	return k == TRACKING_GRID ? "grid" : k == TRACKING_TALLY ? "tally" : "log";
}

int cmd_exercises(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "exercises [--json]";
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	int npos;
	if (cli_parse(argc, argv, opts, 1, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct library lib;
	if (!load_library(cli, &lib, true, &st))
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json) {
		strbuf_addc(&out, '[');
		for (size_t i = 0; i < lib.len; i++) {
			const struct template *t = &lib.items[i];
			if (i)
				strbuf_addc(&out, ',');
			strbuf_addc(&out, '{');
			json_key(&out, "id");
			json_string(&out, t->id);
			strbuf_addc(&out, ',');
			json_key(&out, "title");
			json_string(&out, t->title);
			strbuf_addc(&out, ',');
			json_key(&out, "concepts");
			strbuf_addc(&out, '[');
			for (size_t k = 0; k < t->nconcepts; k++) {
				if (k)
					strbuf_addc(&out, ',');
				json_string(&out, t->concepts[k]);
			}
			strbuf_adds(&out, "],");
			json_key(&out, "frequency");
			json_string(&out, homework_frequency_name(t->frequency));
			strbuf_addc(&out, ',');
			json_key(&out, "minutes");
			json_int(&out, t->minutes);
			strbuf_addc(&out, ',');
			json_key(&out, "steps");
			json_int(&out, (int64_t)t->nsteps);
			strbuf_addc(&out, ',');
			json_key(&out, "tracking");
			json_string(&out, tracking_kind_name(t->tracking.kind));
			strbuf_addc(&out, ',');
			json_key(&out, "file");
			json_string(&out, t->path);
			strbuf_addc(&out, '}');
		}
		strbuf_adds(&out, "]\n");
		library_free(&lib);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	if (lib.len == 0) {
		strbuf_adds(&out, "No exercises found. dyad looks for templates in:\n");
		for (size_t d = 0; d < lib.ndirs; d++)
			strbuf_addf(&out, "  %s\n", lib.dirs[d]);
		if (lib.ndirs == 0)
			strbuf_adds(&out, "  $XDG_DATA_HOME/dyad/templates and " DYAD_DATADIR "/templates "
					  "(none of them exists)\n");
		library_free(&lib);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	struct cli_table t;
	cli_table_init(&t, 5);
	const char *head[] = { "ID", "TITLE", "FREQUENCY", "MIN", "CONCEPTS" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < lib.len; i++) {
		const struct template *e = &lib.items[i];
		struct strbuf concepts = STRBUF_INIT;
		char minutes[16];
		concepts_joined(&concepts, e, ", ");
		snprintf(minutes, sizeof minutes, "%d", e->minutes);
		const char *row[] = { e->id, e->title, homework_frequency_name(e->frequency), minutes,
			strbuf_str(&concepts) };
		cli_table_row(&t, row);
		strbuf_release(&concepts);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	library_free(&lib);
	return CLI_EXIT_OK;
}

/* --- assignments ------------------------------------------------------------------ */

int cmd_assign(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] =
		"assign COUPLE EXERCISE_ID [--due YYYY-MM-DD] [--note TEXT | --note-file F] "
		"[--session SESSION_ID] [--frequency daily|weekly|once] [--minutes N] [--objective N]";
	struct dyad_status st = { 0 };
	struct assign_input in = { 0 };
	const char *note_file = NULL;
	long long objective;
	int taken = plan_objective_take(cli, &argc, argv, false, &objective);
	if (taken != 0)
		return taken;
	const struct cli_option opts[] = {
		{ "--due", CLI_VALUE, &in.due, 0, NULL },
		{ "--note", CLI_VALUE, &in.note, 0, NULL },
		{ "--note-file", CLI_VALUE, &note_file, 0, NULL },
		{ "--session", CLI_VALUE, &in.session, 0, NULL },
		{ "--frequency", CLI_VALUE, &in.frequency, 0, NULL },
		{ "--minutes", CLI_VALUE, &in.minutes, 0, NULL },
	};
	const char *pos[2];
	int npos;
	int64_t couple_id, id;
	if (cli_parse(argc, argv, opts, 6, pos, 2, 2, &npos, synopsis, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (objective > 0 && (taken = plan_objective_precheck(cli, couple_id, objective)) != 0)
		return taken;
	if (in.note != NULL && note_file != NULL) {
		dyad_fail(&st, DYAD_ERR_USAGE, "note: give --note or --note-file, not both");
		return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct library lib;
	if (!load_library(cli, &lib, false, &st))
		return cli_fail(cli, &st);
	char *file_note = NULL;
	int rc = CLI_EXIT_OK;
	const struct template *t = library_find(&lib, pos[1]);
	if (t == NULL) {
		char q[200];
		const char *problem = library_problem_for(&lib, pos[1]);
		if (problem != NULL)
			dyad_fail(&st, DYAD_ERR_NOT_FOUND, "exercise: '%s' has an error in its template: %s",
				validate_quote(pos[1], q, sizeof q), problem);
		else
			dyad_fail(&st, DYAD_ERR_NOT_FOUND,
				"exercise: '%s' is not in the exercise library (see dyad exercises)",
				validate_quote(pos[1], q, sizeof q));
		rc = cli_fail(cli, &st);
		goto cleanup;
	}
	if (note_file != NULL) {
		size_t len;
		if ((file_note = fileio_read_path(note_file, ASSIGNMENT_NOTE_MAX_BYTES, &len, "note",
			     &st)) == NULL) {
			rc = cli_fail(cli, &st);
			goto cleanup;
		}
		in.note = file_note;
		in.note_len = len;
	} else if (in.note != NULL) {
		in.note_len = strlen(in.note);
	}
	if (homework_assign(store, couple_id, t, &in, &id, &st) != DYAD_OK) {
		rc = cli_fail(cli, &st);
		goto cleanup;
	}
	if (objective > 0 && (rc = plan_objective_apply(cli, id, objective)) != 0)
		goto cleanup;
	fprintf(cli->out, "%" PRId64 "\n", id);
cleanup:
	free(file_note);
	library_free(&lib);
	return rc;
}

static void tally_json(struct strbuf *out, const char *key, const struct adherence_tally *t)
{
	json_key(out, key);
	strbuf_addc(out, '{');
	json_key(out, "done");
	json_int(out, t->done);
	strbuf_addc(out, ',');
	json_key(out, "expected");
	json_int(out, t->expected);
	strbuf_addc(out, ',');
	json_key(out, "checkins");
	json_int(out, t->checkins);
	strbuf_addc(out, ',');
	json_key(out, "percent");
	int pct = adherence_percent(t);
	if (pct < 0)
		strbuf_adds(out, "null");
	else
		json_int(out, pct);
	strbuf_addc(out, '}');
}

static void assignment_json(struct strbuf *out, const struct assignment_rec *a,
	const struct adherence *adh, const struct checkin_list *checkins)
{
	strbuf_addc(out, '{');
	json_key(out, "id");
	json_int(out, a->id);
	strbuf_addc(out, ',');
	json_key(out, "couple_id");
	json_int(out, a->couple_id);
	strbuf_addc(out, ',');
	json_key(out, "exercise_id");
	json_string(out, a->exercise_id);
	strbuf_addc(out, ',');
	json_key(out, "title");
	json_string(out, a->exercise_title);
	strbuf_addc(out, ',');
	json_key(out, "frequency");
	json_string(out, a->frequency);
	strbuf_addc(out, ',');
	json_key(out, "minutes");
	json_int(out, a->minutes);
	strbuf_addc(out, ',');
	json_key(out, "assigned_on");
	json_string(out, a->assigned_on);
	strbuf_addc(out, ',');
	json_key(out, "due_on");
	json_string(out, a->due_on);
	strbuf_addc(out, ',');
	json_key(out, "status");
	json_string(out, a->status);
	strbuf_addc(out, ',');
	json_key(out, "session_id");
	if (a->session_id > 0)
		json_int(out, a->session_id);
	else
		strbuf_adds(out, "null");
	strbuf_addc(out, ',');
	json_key(out, "note");
	json_string(out, a->note);
	strbuf_addc(out, ',');
	json_key(out, "adherence");
	strbuf_addc(out, '{');
	tally_json(out, "a", &adh->partner[0]);
	strbuf_addc(out, ',');
	tally_json(out, "b", &adh->partner[1]);
	strbuf_addc(out, ',');
	tally_json(out, "together", &adh->together);
	strbuf_adds(out, "},");
	json_key(out, "checkins");
	strbuf_addc(out, '[');
	for (size_t i = 0; i < checkins->len; i++) {
		const struct checkin_rec *c = &checkins->items[i];
		if (i)
			strbuf_addc(out, ',');
		strbuf_addc(out, '{');
		json_key(out, "partner");
		json_string(out, c->partner ? "b" : "a");
		strbuf_addc(out, ',');
		json_key(out, "date");
		json_string(out, c->checked_on);
		strbuf_addc(out, ',');
		json_key(out, "done");
		json_int(out, c->done);
		strbuf_addc(out, ',');
		json_key(out, "of");
		if (c->out_of > 0)
			json_int(out, c->out_of);
		else
			strbuf_adds(out, "null");
		strbuf_addc(out, ',');
		json_key(out, "comment");
		json_string(out, c->comment);
		strbuf_addc(out, ',');
		json_key(out, "session_id");
		if (c->session_id > 0)
			json_int(out, c->session_id);
		else
			strbuf_adds(out, "null");
		strbuf_addc(out, '}');
	}
	strbuf_adds(out, "]}");
}

int cmd_assignments(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "assignments COUPLE [--all] [--json]";
	struct dyad_status st = { 0 };
	bool all = false, json = false;
	const struct cli_option opts[] = {
		{ "--all", CLI_FLAG, &all, 0, NULL },
		{ "--json", CLI_FLAG, &json, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t couple_id;
	if (cli_parse(argc, argv, opts, 2, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct couple_rec couple;
	if (couples_get(store, couple_id, &couple, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct assignment_list list;
	if (assignments_list(store, couple_id, all, &list, &st) != DYAD_OK) {
		couple_rec_free(&couple);
		return cli_fail(cli, &st);
	}
	struct strbuf out = STRBUF_INIT;
	struct cli_table t;
	cli_table_init(&t, 8);
	const char *head[] = { "ID", "EXERCISE", "GIVEN", "DUE", "STATUS", "A", "B", "TOGETHER" };
	cli_table_row(&t, head);
	if (json)
		strbuf_addc(&out, '[');
	enum dyad_error rc = DYAD_OK;
	for (size_t i = 0; i < list.len && rc == DYAD_OK; i++) {
		const struct assignment_rec *a = &list.items[i];
		struct adherence adh;
		struct checkin_list checkins;
		if ((rc = homework_adherence(store, a, &adh, &checkins, &st)) != DYAD_OK)
			break;
		if (json) {
			if (i)
				strbuf_addc(&out, ',');
			assignment_json(&out, a, &adh, &checkins);
		} else {
			char id[24], pa[48], pb[48], both[48];
			snprintf(id, sizeof id, "%" PRId64, a->id);
			const char *row[] = { id, a->exercise_title, a->assigned_on, a->due_on, a->status,
				adherence_format(&adh.partner[0], pa, sizeof pa),
				adherence_format(&adh.partner[1], pb, sizeof pb),
				adherence_format(&adh.together, both, sizeof both) };
			cli_table_row(&t, row);
		}
		checkin_list_free(&checkins);
	}
	if (rc == DYAD_OK) {
		if (json) {
			strbuf_adds(&out, "]\n");
		} else if (list.len == 0) {
			strbuf_addf(&out, all ? "No homework yet. Give some with `dyad assign %" PRId64
						" EXERCISE_ID` (see dyad exercises).\n"
					      : "No open homework (`dyad assignments %" PRId64
						" --all` shows every assignment).\n", couple_id);
		} else {
			strbuf_adds(&out, "Adherence is done/expected so far; A is ");
			cli_safe(&out, couple.partner[0].name);
			strbuf_adds(&out, ", B is ");
			cli_safe(&out, couple.partner[1].name);
			strbuf_adds(&out, ".\n");
		}
	}
	assignment_list_free(&list);
	couple_rec_free(&couple);
	if (rc != DYAD_OK) {
		cli_table_free(&t);
		strbuf_release(&out);
		return cli_fail(cli, &st);
	}
	if (!json && t.rows > 1)
		cli_table_print(&t, cli->out);
	cli_table_free(&t);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_checkin(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] =
		"checkin ASSIGNMENT_ID --partner a|b --done N [--of M] [--comment TEXT] "
		"[--date YYYY-MM-DD] [--session SESSION_ID]";
	struct dyad_status st = { 0 };
	struct checkin_input in = { 0 };
	const struct cli_option opts[] = {
		{ "--partner", CLI_VALUE, &in.partner, 0, NULL },
		{ "--done", CLI_VALUE, &in.done, 0, NULL },
		{ "--of", CLI_VALUE, &in.of, 0, NULL },
		{ "--comment", CLI_VALUE, &in.comment, 0, NULL },
		{ "--date", CLI_VALUE, &in.date, 0, NULL },
		{ "--session", CLI_VALUE, &in.session, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(argc, argv, opts, 6, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		validate_id("assignment id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (in.partner == NULL || in.done == NULL) {
		dyad_fail(&st, DYAD_ERR_USAGE, "%s: is required; usage: dyad %s",
			in.partner == NULL ? "--partner" : "--done", synopsis);
		return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	bool replaced = false;
	if (homework_checkin(store, id, &in, &replaced, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	/* Show where things stand now. */
	struct assignment_rec a;
	struct adherence adh;
	if (assignments_get(store, id, &a, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	enum dyad_error rc = homework_adherence(store, &a, &adh, NULL, &st);
	assignment_rec_free(&a);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	char pa[48], pb[48], both[48];
	fprintf(cli->out, "%s; so far A %s, B %s, together %s\n",
		replaced ? "replaced that day's check-in" : "recorded",
		adherence_format(&adh.partner[0], pa, sizeof pa),
		adherence_format(&adh.partner[1], pb, sizeof pb),
		adherence_format(&adh.together, both, sizeof both));
	return CLI_EXIT_OK;
}

int cmd_assignment_set(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] =
		"assignment set ID [--status assigned|done|dropped] [--due YYYY-MM-DD] [--note TEXT] "
		"[--objective N]";
	struct dyad_status st = { 0 };
	const char *status = NULL, *due = NULL, *note = NULL;
	long long objective;
	int taken = plan_objective_take(cli, &argc, argv, true, &objective);
	if (taken != 0)
		return taken;
	const struct cli_option opts[] = {
		{ "--status", CLI_VALUE, &status, 0, NULL },
		{ "--due", CLI_VALUE, &due, 0, NULL },
		{ "--note", CLI_VALUE, &note, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(argc, argv, opts, 3, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		validate_id("assignment id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (status == NULL && due == NULL && note == NULL && objective < 0) {
		dyad_fail(&st, DYAD_ERR_USAGE, "assignment set: nothing to change; usage: dyad %s",
			synopsis);
		return cli_fail(cli, &st);
	}
	if (status != NULL && validate_choice("status", status, assignment_statuses, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL || store_begin(store, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	enum dyad_error rc = DYAD_OK;
	if (due != NULL || note != NULL)
		rc = homework_set_details(store, id, due, note, &st);
	if (rc == DYAD_OK && status != NULL)
		rc = homework_set_status(store, id, status, &st);
	if (rc == DYAD_OK && objective >= 0)
		rc = plan_link_homework(store, id, objective, &st);
	if (rc != DYAD_OK) {
		store_rollback(store);
		return cli_fail(cli, &st);
	}
	if (store_commit(store, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return CLI_EXIT_OK;
}

/* --- handouts ----------------------------------------------------------------------- */

static void report_replaced(struct cli *cli, const struct handout_written *w)
{
	if (w->replaced > 0)
		fprintf(cli->err, "dyad: handout: %d character%s the font cannot show %s printed as "
			"\xEF\xBF\xBD in %s\n", w->replaced, w->replaced == 1 ? "" : "s",
			w->replaced == 1 ? "was" : "were", w->path);
}

int cmd_handout(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] = "handout ASSIGNMENT_ID [-o FILE.pdf] [--paper letter|a4]";
	struct dyad_status st = { 0 };
	struct handout_request rq = { 0 };
	const struct cli_option opts[] = {
		{ "-o", CLI_VALUE, &rq.output, 0, NULL },
		{ "--output", CLI_VALUE, &rq.output, 0, NULL },
		{ "--paper", CLI_VALUE, &rq.paper, 0, NULL },
	};
	const char *pos[1];
	int npos;
	if (cli_parse(argc, argv, opts, 3, pos, 1, 1, &npos, synopsis, &st) != DYAD_OK ||
		validate_id("assignment id", pos[0], &rq.assignment_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (rq.output != NULL && rq.output[0] == '\0') {
		dyad_fail(&st, DYAD_ERR_USAGE, "-o: needs a file name");
		return cli_fail(cli, &st);
	}
	struct paper_choice check;
	if (rq.paper != NULL && paper_choose(rq.paper, NULL, &check, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct library lib;
	if (!load_library(cli, &lib, false, &st))
		return cli_fail(cli, &st);
	rq.library = &lib;
	struct handout_written w;
	enum dyad_error rc = handout_write(store, &rq, &w, &st);
	library_free(&lib);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	cli_safe(&out, w.path);
	strbuf_addc(&out, '\n');
	report_replaced(cli, &w);
	free(w.path);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

/* A one-line bar on the terminal: "[#####.....] 3/10". */
static void progress(FILE *fp, size_t done, size_t total)
{
	const int width = 30;
	int filled = total ? (int)((done * (size_t)width) / total) : width;
	fputs("\r[", fp);
	for (int i = 0; i < width; i++)
		fputc(i < filled ? '#' : '.', fp);
	fprintf(fp, "] %zu/%zu", done, total);
	if (done == total)
		fputs("\r\033[K", fp);
	fflush(fp);
}

int cmd_handouts(struct cli *cli, int argc, char **argv)
{
	static const char synopsis[] =
		"handouts --due-before YYYY-MM-DD [--dir DIR] [--paper letter|a4]";
	struct dyad_status st = { 0 };
	const char *due = NULL, *dir = NULL, *paper = NULL;
	const struct cli_option opts[] = {
		{ "--due-before", CLI_VALUE, &due, 0, NULL },
		{ "--dir", CLI_VALUE, &dir, 0, NULL },
		{ "--paper", CLI_VALUE, &paper, 0, NULL },
	};
	int npos;
	if (cli_parse(argc, argv, opts, 3, NULL, 0, 0, &npos, synopsis, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (due == NULL) {
		dyad_fail(&st, DYAD_ERR_USAGE, "--due-before: is required; usage: dyad %s", synopsis);
		return cli_fail(cli, &st);
	}
	struct dyad_date d;
	struct paper_choice check;
	if (validate_date("due-before", due, &d, &st) != DYAD_OK ||
		(paper != NULL && paper_choose(paper, NULL, &check, &st) != DYAD_OK))
		return cli_fail(cli, &st);
	if (dir != NULL && paths_mkdir_p(dir, 0700, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	char due_text[11];
	date_format(d, due_text);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct assignment_list list;
	if (assignments_due(store, due_text, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (list.len == 0) {
		fprintf(cli->out, "No open homework is due by %s.\n", due_text);
		assignment_list_free(&list);
		return CLI_EXIT_OK;
	}
	struct library lib;
	if (!load_library(cli, &lib, false, &st)) {
		assignment_list_free(&list);
		return cli_fail(cli, &st);
	}
	bool bar = isatty(fileno(cli->err));
	size_t failed = 0;
	int rc = CLI_EXIT_OK;
	char **names = calloc(list.len, sizeof *names);
	if (names == NULL) {
		dyad_fail(&st, DYAD_ERR_NOMEM, NULL);
		library_free(&lib);
		assignment_list_free(&list);
		return cli_fail(cli, &st);
	}
	for (size_t i = 0; i < list.len; i++) {
		const struct assignment_rec *a = &list.items[i];
		if (bar)
			progress(cli->err, i, list.len);
		/* Two of a couple's assignments of one exercise on one day would
		 * share the default name: the later ones get their id added. */
		struct strbuf target = STRBUF_INIT;
		names[i] = handout_file_name(a->couple_name, a->exercise_id, a->assigned_on);
		bool taken = false;
		for (size_t k = 0; names[i] != NULL && k < i; k++)
			taken = taken || (names[k] != NULL && strcmp(names[k], names[i]) == 0);
		strbuf_addf(&target, "%s/", dir ? dir : ".");
		if (names[i] != NULL && taken)
			strbuf_addf(&target, "%.*s-%" PRId64 ".pdf", (int)(strlen(names[i]) - 4), names[i],
				a->id);
		else if (names[i] != NULL)
			strbuf_adds(&target, names[i]);
		struct handout_request rq = { a->id, strbuf_str(&target), paper, &lib };
		struct handout_written w;
		struct dyad_status one = { 0 };
		if (names[i] == NULL || target.failed)
			dyad_fail(&one, DYAD_ERR_NOMEM, NULL);
		enum dyad_error wrc = one.code == DYAD_OK ? handout_write(store, &rq, &w, &one) : one.code;
		strbuf_release(&target);
		if (wrc != DYAD_OK) {
			if (bar)
				fputs("\r\033[K", cli->err);
			fprintf(cli->err, "dyad: assignment %" PRId64 ": %s\n", list.items[i].id,
				dyad_status_message(&one));
			failed++;
			continue;
		}
		struct strbuf out = STRBUF_INIT;
		cli_safe(&out, w.path);
		strbuf_addc(&out, '\n');
		if (bar)
			fputs("\r\033[K", cli->err);
		report_replaced(cli, &w);
		free(w.path);
		if (!cli_emit(cli, &out)) {
			rc = CLI_EXIT_REFUSED;
			break;
		}
	}
	if (bar)
		progress(cli->err, list.len, list.len);
	if (failed > 0) {
		fprintf(cli->err, "dyad: %zu of %zu handouts could not be written\n", failed, list.len);
		rc = CLI_EXIT_REFUSED;
	}
	for (size_t i = 0; i < list.len; i++)
		free(names[i]);
	free(names);
	library_free(&lib);
	assignment_list_free(&list);
	return rc;
}
