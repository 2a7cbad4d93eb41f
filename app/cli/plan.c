/* plan.c: `dyad plan COUPLE` (write or change the plan in the editor, or
 * from a file), `plan show`, `plan sign`, `plan history`, and the
 * --objective option of the homework commands. */
#include "app/cli/plan.h"

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
#include "app/domain/plan.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"

/* What the editor opens for the couple: the newest version, or a template.
 * *read receives that newest version (version 0: none) so the save can
 * tell whether anyone changed the plan meanwhile; the caller frees it with
 * plan_rec_free. */
static enum dyad_error plan_start_text(struct store *store, int64_t couple_id,
	struct strbuf *text, struct plan_rec *read, struct dyad_status *st)
{
	struct couple_rec c;
	enum dyad_error rc = couples_get(store, couple_id, &c, st);
	if (rc != DYAD_OK)
		return rc;
	struct plan_rec plan;
	bool found;
	if ((rc = plans_latest(store, couple_id, &plan, &found, st)) == DYAD_OK) {
		bool is_signed = found && strcmp(plan.status, "signed") == 0;
		int version = found ? plan.version + (is_signed ? 1 : 0) : 1;
		if (!plan_text_render(found ? &plan.f : NULL, c.name, version, is_signed, text))
			rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		*read = plan; /* version 0 when none was found */
	}
	couple_rec_free(&c);
	return rc;
}

int cmd_plan(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *file = NULL;
	const struct cli_option opts[] = { { "--file", CLI_VALUE, &file, 0, NULL } };
	const char *pos[1];
	int npos;
	int64_t couple_id;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct strbuf start = STRBUF_INIT;
	struct plan_rec read = { 0 };
	char *text = NULL, *folder = NULL;
	size_t len = 0;
	int rc = CLI_EXIT_OK;
	if (plan_start_text(store, couple_id, &start, &read, &st) != DYAD_OK)
		goto fail;
	if (file != NULL) {
		text = strcmp(file, "-") == 0
			? fileio_read_stream(stdin, 4 * PLAN_SECTION_MAX_BYTES, &len, "plan", &st)
			: fileio_read_path(file, 4 * PLAN_SECTION_MAX_BYTES, &len, "plan", &st);
		if (text == NULL)
			goto fail;
	} else {
		char stem[64];
		snprintf(stem, sizeof stem, "plan-couple-%" PRId64, couple_id);
		if ((folder = paths_unsaved_dir(store_path(store), &st)) == NULL ||
			editor_edit(strbuf_str(&start), start.len, folder, stem, "plan",
				4 * PLAN_SECTION_MAX_BYTES, &text, &len, &st) != DYAD_OK)
			goto fail;
		if (len == start.len && memcmp(text, strbuf_str(&start), len) == 0) {
			fprintf(cli->err, "The plan is unchanged; nothing was saved.\n");
			goto done;
		}
	}
	struct plan_save_result res;
	if (plan_save_text(store, couple_id, text, len, file == NULL ? &read : NULL, &res,
		&st) != DYAD_OK) {
		rc = cli_fail(cli, &st);
		if (file == NULL && (st.code == DYAD_ERR_INVALID || st.code == DYAD_ERR_CONFLICT)) {
			/* What was typed is kept (privately) so a slip costs nothing. */
			struct strbuf name = STRBUF_INIT;
			strbuf_addf(&name, "%s/plan-couple-%" PRId64 ".txt", folder, couple_id);
			struct dyad_status ignored = { 0 };
			if (!name.failed && atomic_write(strbuf_str(&name), text, len, &ignored) == DYAD_OK)
				fprintf(cli->err, "Your text is kept in %s; correct it there and run "
					"dyad plan %" PRId64 " --file %s\n", strbuf_str(&name), couple_id,
					strbuf_str(&name));
			strbuf_release(&name);
		}
		goto done;
	}
	if (!res.saved)
		fprintf(cli->err, "The plan is empty; nothing was saved.\n");
	else if (res.started)
		fprintf(cli->err, "Saved as version %d, a draft; sign it with dyad plan sign %" PRId64
			".\n", res.version, couple_id);
	else
		fprintf(cli->err, "Saved the draft, version %d.\n", res.version);
	if (res.links_moved > 0)
		fprintf(cli->err, "%d homework link%s followed %s objective to its new number.\n",
			res.links_moved, res.links_moved == 1 ? "" : "s",
			res.links_moved == 1 ? "its" : "their");
	if (res.links_removed > 0)
		fprintf(cli->err, "%d homework link%s removed: %s objective is no longer in the plan "
			"(the homework stays; link it again with dyad assignment set ID --objective N).\n",
			res.links_removed, res.links_removed == 1 ? " was" : "s were",
			res.links_removed == 1 ? "its" : "their");
	goto done;
fail:
	rc = cli_fail(cli, &st);
done:
	free(folder);
	free(text);
	plan_rec_free(&read);
	strbuf_release(&start);
	return rc;
}

/* Appends multi-line text safely, each line indented by two spaces. */
static void indented(struct strbuf *out, const char *text)
{
	if (text == NULL || text[0] == '\0') {
		strbuf_adds(out, "  (none yet)\n");
		return;
	}
	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		if (n > 0)
			strbuf_adds(out, "  ");
		utf8_sanitize(out, p, n, UTF8_KEEP_TABS);
		strbuf_addc(out, '\n');
		p += n + (nl ? 1 : 0);
	}
}

/* "A 12, B 11.5" or "0" for a couple-level concept; "-" without values. */
static void current_text(struct strbuf *out, const struct plan_objective *o)
{
	if (!o->has_current[0] && !o->has_current[1]) {
		strbuf_adds(out, "-");
		return;
	}
	if (o->who == PLAN_WHO_COUPLE) {
		plan_number(out, o->current[0]);
		return;
	}
	for (int p = 0; p < 2; p++) {
		if (!o->has_current[p])
			continue;
		if (p == 1 && o->has_current[0])
			strbuf_adds(out, ", ");
		strbuf_addf(out, "%c ", p == 0 ? 'A' : 'B');
		plan_number(out, o->current[p]);
	}
}

static void show_text(struct strbuf *out, const struct plan_view *v, const char *name)
{
	const struct plan_rec *p = &v->plan;
	strbuf_adds(out, "Treatment plan for ");
	cli_safe(out, name);
	strbuf_addf(out, ": version %d, ", p->version);
	if (strcmp(p->status, "signed") == 0)
		strbuf_addf(out, "signed %.10s", p->signed_at);
	else if (v->last_signed_version > 0)
		strbuf_addf(out, "a draft (version %d was signed %.10s)", v->last_signed_version,
			v->last_signed_at);
	else
		strbuf_adds(out, "a draft, not signed yet");
	strbuf_addc(out, '\n');
	strbuf_addf(out, "Review date: %s\n", p->f.review_on[0] ? p->f.review_on : "none set");
	strbuf_adds(out, "\nProblems\n");
	indented(out, p->f.problems);
	strbuf_adds(out, "\nGoals\n");
	indented(out, p->f.goals);
	strbuf_adds(out, "\nObjectives\n");
	if (v->objectives_len == 0)
		strbuf_adds(out, "  (none yet)\n");
	for (size_t i = 0; i < v->objectives_len; i++) {
		const struct plan_objective *o = &v->objectives[i];
		strbuf_addf(out, "  %d. ", o->number);
		cli_safe(out, o->text);
		strbuf_addc(out, '\n');
		if (o->measurable) {
			strbuf_addf(out, "     %s", o->readable ? objective_status_name(o->status)
				: "no status: names a concept or measure no longer in the catalogue");
			if (o->readable && (o->has_current[0] || o->has_current[1])) {
				strbuf_adds(out, "; now ");
				current_text(out, o);
			}
			strbuf_addc(out, '\n');
		}
		for (size_t k = 0; k < v->links.len; k++) {
			const struct objective_link *l = &v->links.items[k];
			if (l->objective != o->number)
				continue;
			strbuf_addf(out, "     homework %" PRId64 ": ", l->assignment_id);
			cli_safe(out, l->exercise_title);
			strbuf_addf(out, " (%s)\n", l->status);
		}
	}
	strbuf_adds(out, "\nInterventions\n");
	indented(out, p->f.interventions);
}

static void show_json(struct strbuf *out, const struct plan_view *v, int64_t couple_id)
{
	const struct plan_rec *p = &v->plan;
	struct json_writer w;
	json_writer_init(&w, out);
	json_writer_object_begin(&w);
	json_writer_key(&w, "couple_id");
	json_writer_int(&w, couple_id);
	json_writer_key(&w, "version");
	json_writer_int(&w, p->version);
	json_writer_key(&w, "status");
	json_writer_string(&w, p->status);
	json_writer_key(&w, "signed_at");
	if (p->signed_at[0])
		json_writer_string(&w, p->signed_at);
	else
		json_writer_null(&w);
	json_writer_key(&w, "review_on");
	if (p->f.review_on[0])
		json_writer_string(&w, p->f.review_on);
	else
		json_writer_null(&w);
	json_writer_key(&w, "problems");
	json_writer_string(&w, p->f.problems);
	json_writer_key(&w, "goals");
	json_writer_string(&w, p->f.goals);
	json_writer_key(&w, "interventions");
	json_writer_string(&w, p->f.interventions);
	json_writer_key(&w, "objectives");
	json_writer_array_begin(&w);
	for (size_t i = 0; i < v->objectives_len; i++) {
		const struct plan_objective *o = &v->objectives[i];
		json_writer_object_begin(&w);
		json_writer_key(&w, "number");
		json_writer_int(&w, o->number);
		json_writer_key(&w, "text");
		json_writer_string(&w, o->text);
		json_writer_key(&w, "measurable");
		json_writer_bool(&w, o->measurable);
		if (o->measurable && o->readable) {
			static const char *const who[] = { "both", "a", "b", "couple" };
			json_writer_key(&w, "key");
			json_writer_string(&w, o->key);
			json_writer_key(&w, "scale");
			json_writer_string(&w, o->is_measure ? "measure" : "concept");
			json_writer_key(&w, "operator");
			json_writer_string(&w, o->op);
			json_writer_key(&w, "threshold");
			json_writer_number(&w, o->threshold);
			json_writer_key(&w, "sessions");
			json_writer_int(&w, o->sessions);
			json_writer_key(&w, "partners");
			json_writer_string(&w, who[o->who]);
			json_writer_key(&w, "status");
			json_writer_string(&w, objective_status_name(o->status));
			json_writer_key(&w, "current");
			json_writer_object_begin(&w);
			for (int k = 0; k < 2; k++) {
				if (!o->has_current[k])
					continue;
				json_writer_key(&w, o->who == PLAN_WHO_COUPLE ? "couple" : k == 0 ? "a" : "b");
				json_writer_number(&w, o->current[k]);
			}
			json_writer_object_end(&w);
		} else {
			json_writer_key(&w, "status");
			if (o->measurable)
				json_writer_null(&w);
			else
				json_writer_string(&w, objective_status_name(o->status));
		}
		json_writer_key(&w, "homework");
		json_writer_array_begin(&w);
		for (size_t k = 0; k < v->links.len; k++) {
			if (v->links.items[k].objective != o->number)
				continue;
			json_writer_int(&w, v->links.items[k].assignment_id);
		}
		json_writer_array_end(&w);
		json_writer_object_end(&w);
	}
	json_writer_array_end(&w);
	json_writer_object_end(&w);
	strbuf_addc(out, '\n');
}

int cmd_plan_show(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	int64_t couple_id;
	struct store *store = cli_couple_json(cli, argc, argv, &couple_id, &json, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct couple_rec c;
	if (couples_get(store, couple_id, &c, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct plan_view v;
	if (plan_view_load(store, couple_id, &v, &st) != DYAD_OK) {
		couple_rec_free(&c);
		return cli_fail(cli, &st);
	}
	struct strbuf out = STRBUF_INIT;
	int rc = CLI_EXIT_OK;
	if (!v.found) {
		if (json) {
			strbuf_adds(&out, "null\n");
		} else {
			dyad_fail(&st, DYAD_ERR_NOT_FOUND, "plan: %s has no treatment plan yet; write "
				"one with dyad plan %" PRId64, c.name, couple_id);
			rc = cli_fail(cli, &st);
		}
	} else if (json) {
		show_json(&out, &v, couple_id);
	} else {
		show_text(&out, &v, c.name);
	}
	plan_view_free(&v);
	couple_rec_free(&c);
	if (rc != CLI_EXIT_OK) {
		strbuf_release(&out);
		return rc;
	}
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_plan_sign(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *pos[1];
	int npos;
	int64_t couple_id;
	if (cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct couple_rec c;
	if (store == NULL || couples_get(store, couple_id, &c, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	couple_rec_free(&c);
	int version;
	if (plans_sign(store, couple_id, &version, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->err, "Signed version %d; it is now locked. A later change starts version %d.\n",
		version, version + 1);
	return CLI_EXIT_OK;
}

int cmd_plan_history(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	const char *pos[1];
	int npos;
	int64_t couple_id;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 1, 1, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct couple_rec c;
	if (store == NULL || couples_get(store, couple_id, &c, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	couple_rec_free(&c);
	struct plan_list list;
	if (plans_history(store, couple_id, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	struct json_writer w;
	json_writer_init(&w, &out);
	if (json)
		json_writer_array_begin(&w);
	else if (list.len == 0)
		strbuf_adds(&out, "No plan yet.\n");
	for (size_t i = 0; i < list.len; i++) {
		const struct plan_rec *p = &list.items[i];
		int objectives = 0;
		for (const char *s = p->f.objectives; *s; s++)
			objectives += *s == '\n' || s[1] == '\0';
		if (json) {
			json_writer_object_begin(&w);
			json_writer_key(&w, "version");
			json_writer_int(&w, p->version);
			json_writer_key(&w, "status");
			json_writer_string(&w, p->status);
			json_writer_key(&w, "created_at");
			json_writer_string(&w, p->created_at);
			json_writer_key(&w, "updated_at");
			json_writer_string(&w, p->updated_at);
			json_writer_key(&w, "signed_at");
			if (p->signed_at[0])
				json_writer_string(&w, p->signed_at);
			else
				json_writer_null(&w);
			json_writer_key(&w, "objectives");
			json_writer_int(&w, objectives);
			json_writer_object_end(&w);
		} else {
			strbuf_addf(&out, "version %d  %-6s  ", p->version, p->status);
			if (p->signed_at[0])
				strbuf_addf(&out, "signed %.10s", p->signed_at);
			else
				strbuf_addf(&out, "changed %.10s", p->updated_at);
			strbuf_addf(&out, "  %d objective%s\n", objectives, objectives == 1 ? "" : "s");
		}
	}
	if (json) {
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
	}
	plan_list_free(&list);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

/* --- --objective on the homework commands -------------------------------------------- */

int plan_objective_take(struct cli *cli, int *argc, char **argv, bool allow_none,
	long long *objective)
{
	*objective = -1;
	const char *value = NULL;
	int kept = 0;
	bool options_done = false;
	for (int i = 0; i < *argc; i++) {
		if (!options_done && strcmp(argv[i], "--") == 0)
			options_done = true;
		if (!options_done && strcmp(argv[i], "--objective") == 0) {
			if (i + 1 >= *argc) {
				struct dyad_status st = { 0 };
				dyad_fail(&st, DYAD_ERR_USAGE, "--objective: needs the objective's number "
					"(see dyad plan show)");
				return cli_fail(cli, &st);
			}
			value = argv[++i];
			continue;
		}
		if (!options_done && strncmp(argv[i], "--objective=", 12) == 0) {
			value = argv[i] + 12;
			continue;
		}
		argv[kept++] = argv[i];
	}
	*argc = kept;
	if (value == NULL)
		return 0;
	struct dyad_status st = { 0 };
	if (validate_int("objective", value, allow_none ? 0 : 1, PLAN_MAX_OBJECTIVES, objective,
		    &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return 0;
}

int plan_objective_precheck(struct cli *cli, int64_t couple_id, long long objective)
{
	struct dyad_status st = { 0 };
	struct store *store = cli_store(cli, &st);
	if (store == NULL || plan_objective_check(store, couple_id, objective, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return 0;
}

int plan_objective_apply(struct cli *cli, int64_t assignment_id, long long objective)
{
	struct dyad_status st = { 0 };
	struct store *store = cli_store(cli, &st);
	if (store == NULL || plan_link_homework(store, assignment_id, objective, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return 0;
}
