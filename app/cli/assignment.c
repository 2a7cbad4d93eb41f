/* assignment.c: a couple's homework, with adherence so far, and changing
 * one assignment. */
#include "app/cli/assignment.h"

#include <inttypes.h>
#include <stdio.h>

#include "app/cli/plan.h"
#include "app/core/json.h"
#include "app/domain/adherence.h"
#include "app/domain/assignments.h"
#include "app/domain/plan.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"
#include "app/store/homework.h"

static void tally_json(struct json_writer *w, const char *key, const struct adherence_tally *t)
{
	json_writer_key(w, key);
	json_writer_object_begin(w);
	json_writer_key(w, "done");
	json_writer_int(w, t->done);
	json_writer_key(w, "expected");
	json_writer_int(w, t->expected);
	json_writer_key(w, "checkins");
	json_writer_int(w, t->checkins);
	json_writer_key(w, "percent");
	int pct = adherence_percent(t);
	if (pct < 0)
		json_writer_null(w);
	else
		json_writer_int(w, pct);
	json_writer_object_end(w);
}

static void assignment_json(struct json_writer *w, const struct assignment_rec *a,
	const struct adherence *adh, const struct checkin_list *checkins)
{
	json_writer_object_begin(w);
	json_writer_key(w, "id");
	json_writer_int(w, a->id);
	json_writer_key(w, "couple_id");
	json_writer_int(w, a->couple_id);
	json_writer_key(w, "exercise_id");
	json_writer_string(w, a->exercise_id);
	json_writer_key(w, "title");
	json_writer_string(w, a->exercise_title);
	json_writer_key(w, "frequency");
	json_writer_string(w, a->frequency);
	json_writer_key(w, "minutes");
	json_writer_int(w, a->minutes);
	json_writer_key(w, "assigned_on");
	json_writer_string(w, a->assigned_on);
	json_writer_key(w, "due_on");
	json_writer_string(w, a->due_on);
	json_writer_key(w, "status");
	json_writer_string(w, a->status);
	json_writer_key(w, "session_id");
	json_writer_id(w, a->session_id > 0 ? a->session_id : 0);
	json_writer_key(w, "note");
	json_writer_string(w, a->note);
	json_writer_key(w, "adherence");
	json_writer_object_begin(w);
	tally_json(w, "a", &adh->partner[0]);
	tally_json(w, "b", &adh->partner[1]);
	tally_json(w, "together", &adh->together);
	json_writer_object_end(w);
	json_writer_key(w, "checkins");
	json_writer_array_begin(w);
	for (size_t i = 0; i < checkins->len; i++) {
		const struct checkin_rec *c = &checkins->items[i];
		json_writer_object_begin(w);
		json_writer_key(w, "partner");
		json_writer_string(w, c->partner ? "b" : "a");
		json_writer_key(w, "date");
		json_writer_string(w, c->checked_on);
		json_writer_key(w, "done");
		json_writer_int(w, c->done);
		json_writer_key(w, "of");
		if (c->out_of > 0)
			json_writer_int(w, c->out_of);
		else
			json_writer_null(w);
		json_writer_key(w, "comment");
		json_writer_string(w, c->comment);
		json_writer_key(w, "session_id");
		json_writer_id(w, c->session_id > 0 ? c->session_id : 0);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
	json_writer_object_end(w);
}

int cmd_assignments(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool all = false, json = false;
	const struct cli_option opts[] = {
		{ "--all", CLI_FLAG, &all, 0, NULL },
		{ "--json", CLI_FLAG, &json, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t couple_id;
	if (cli_parse(cli, argc, argv, opts, 2, pos, 1, 1, &npos, &st) != DYAD_OK ||
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
	struct json_writer w;
	json_writer_init(&w, &out);
	if (json)
		json_writer_array_begin(&w);
	enum dyad_error rc = DYAD_OK;
	for (size_t i = 0; i < list.len && rc == DYAD_OK; i++) {
		const struct assignment_rec *a = &list.items[i];
		struct adherence adh;
		struct checkin_list checkins;
		if ((rc = homework_adherence(store, a, &adh, &checkins, &st)) != DYAD_OK)
			break;
		if (json) {
			assignment_json(&w, a, &adh, &checkins);
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
			json_writer_array_end(&w);
			strbuf_addc(&out, '\n');
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

int cmd_assignment_set(struct cli *cli, int argc, char **argv)
{
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
	if (cli_parse(cli, argc, argv, opts, 3, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("assignment id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (status == NULL && due == NULL && note == NULL && objective < 0) {
		cli_usage(cli, &st, "assignment set: nothing to change");
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
