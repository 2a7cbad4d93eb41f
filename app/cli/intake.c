/* intake.c: `dyad intake` (the couple's intake form, as flags or in the
 * editor) and `dyad safety` (each partner's safety screenings). */
#include "app/cli/intake.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/editor.h"
#include "app/core/json.h"
#include "app/core/paths.h"
#include "app/core/utf8.h"
#include "app/domain/intake.h"
#include "app/domain/validate.h"
#include "app/store/couples.h"

/* The form in the editor; *changed says whether anything was saved. */
static enum dyad_error edit_form(struct cli *cli, struct store *store, int64_t couple_id,
	bool *changed, struct dyad_status *st)
{
	struct couple_rec couple;
	struct intake_rec stored;
	bool exists;
	enum dyad_error rc = couples_get(store, couple_id, &couple, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = intake_get(store, couple_id, &stored, &exists, st)) != DYAD_OK) {
		couple_rec_free(&couple);
		return rc;
	}
	struct strbuf form = STRBUF_INIT;
	const char *names[2] = { couple.partner[0].name, couple.partner[1].name };
	intake_form_format(exists ? &stored : NULL, couple.name, names, &form);
	int64_t revision = exists ? stored.revision : 0;
	intake_rec_free(&stored);
	couple_rec_free(&couple);
	if (form.failed) {
		strbuf_release(&form);
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	}
	char stem[64];
	snprintf(stem, sizeof stem, "intake-couple-%" PRId64, couple_id);
	char *folder = paths_unsaved_dir(store_path(cli->store), st);
	if (folder == NULL) {
		strbuf_release(&form);
		return st->code;
	}
	char *text = NULL;
	size_t len = 0;
	rc = editor_edit(strbuf_str(&form), form.len, folder, stem, "intake",
		8 * INTAKE_TEXT_MAX_BYTES, &text, &len, st);
	free(folder);
	/* Saved exactly as offered: nothing to look at. */
	bool same = rc == DYAD_OK && len == form.len && memcmp(text, strbuf_str(&form), len) == 0;
	strbuf_release(&form);
	if (rc == DYAD_OK && !same)
		rc = intake_save_form(store, couple_id, text, len, revision, changed, st);
	free(text);
	return rc;
}

int cmd_intake(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	struct intake_fields f = { 0 };
	const struct cli_option opts[] = {
		{ "--concerns", CLI_VALUE, &f.concerns, 0, NULL },
		{ "--history", CLI_VALUE, &f.history, 0, NULL },
		{ "--goal-a", CLI_VALUE, &f.goal[0], 0, NULL },
		{ "--goal-b", CLI_VALUE, &f.goal[1], 0, NULL },
		{ "--confidentiality", CLI_VALUE, &f.confidentiality, 0, NULL },
		{ "--referral", CLI_VALUE, &f.referral, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t couple_id;
	if (cli_parse(cli, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 1, 1, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	bool any = f.concerns || f.history || f.goal[0] || f.goal[1] || f.confidentiality ||
		f.referral;
	bool changed = false;
	enum dyad_error rc = any ? intake_update(store, couple_id, &f, -1, &changed, &st)
				 : edit_form(cli, store, couple_id, &changed, &st);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	if (!changed)
		fprintf(cli->err, "The intake is unchanged; nothing was saved.\n");
	return CLI_EXIT_OK;
}

/* Multi-line stored text: escaped on a terminal, exact when piped, each
 * line indented. */
static void add_block(struct cli *cli, struct strbuf *out, const char *text)
{
	if (text[0] == '\0') {
		strbuf_adds(out, "    (not written yet)\n");
		return;
	}
	for (const char *line = text; *line;) {
		const char *nl = strchr(line, '\n');
		size_t n = nl ? (size_t)(nl - line) : strlen(line);
		strbuf_adds(out, "    ");
		if (cli->out_is_tty)
			utf8_sanitize(out, line, n, UTF8_KEEP_TABS);
		else
			strbuf_add(out, line, n);
		strbuf_addc(out, '\n');
		line += n + (nl ? 1 : 0);
	}
}

int cmd_intake_show(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	int64_t couple_id;
	struct store *store = cli_couple_json(cli, argc, argv, &couple_id, &json, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct couple_rec couple;
	struct intake_rec r;
	bool exists;
	if (couples_get(store, couple_id, &couple, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (intake_get(store, couple_id, &r, &exists, &st) != DYAD_OK) {
		couple_rec_free(&couple);
		return cli_fail(cli, &st);
	}
	struct strbuf out = STRBUF_INIT;
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_object_begin(&w);
		json_writer_key(&w, "couple_id");
		json_writer_int(&w, couple_id);
		json_writer_key(&w, "exists");
		json_writer_bool(&w, exists);
		if (exists) {
			const char *keys[] = { "concerns", "history", "referral" };
			const char *vals[] = { r.concerns, r.history, r.referral };
			for (int i = 0; i < 3; i++) {
				json_writer_key(&w, keys[i]);
				json_writer_string(&w, vals[i]);
			}
			json_writer_key(&w, "goal_a");
			json_writer_string(&w, r.goal[0]);
			json_writer_key(&w, "goal_b");
			json_writer_string(&w, r.goal[1]);
			json_writer_key(&w, "confidentiality");
			json_writer_string(&w, r.confidentiality[0] ? r.confidentiality : NULL);
			json_writer_key(&w, "on_paper");
			json_writer_bool(&w, r.on_paper);
			json_writer_key(&w, "revision");
			json_writer_int(&w, r.revision);
			json_writer_key(&w, "created_at");
			json_writer_string(&w, r.created_at);
			json_writer_key(&w, "updated_at");
			json_writer_string(&w, r.updated_at);
		}
		json_writer_object_end(&w);
		strbuf_addc(&out, '\n');
	} else if (!exists) {
		strbuf_adds(&out, "No intake yet for ");
		cli_safe(&out, couple.name);
		strbuf_addf(&out, ". Record it with `dyad intake %" PRId64 "`.\n", couple_id);
	} else {
		strbuf_adds(&out, "Intake for ");
		cli_safe(&out, couple.name);
		strbuf_addf(&out, " (revision %" PRId64 ", saved %.10s)\n", r.revision, r.updated_at);
		if (r.on_paper)
			strbuf_adds(&out, "  Taken before dyad kept intake forms; the form is empty "
					  "until you fill it in.\n");
		strbuf_adds(&out, "  Presenting concerns:\n");
		add_block(cli, &out, r.concerns);
		strbuf_adds(&out, "  History:\n");
		add_block(cli, &out, r.history);
		for (int p = 0; p < 2; p++) {
			strbuf_addf(&out, "  Goal, partner %c (", p == 0 ? 'A' : 'B');
			cli_safe(&out, couple.partner[p].name);
			strbuf_addf(&out, "): %s\n", intake_goal_words(r.goal[p]));
		}
		strbuf_addf(&out, "  Confidentiality: %s\n",
			intake_confidentiality_words(r.confidentiality));
		strbuf_adds(&out, "  Referred by: ");
		cli_safe(&out, r.referral[0] ? r.referral : "(not written yet)");
		strbuf_addc(&out, '\n');
	}
	intake_rec_free(&r);
	couple_rec_free(&couple);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_safety_add(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	struct screening_input in = { 0 };
	const struct cli_option opts[] = {
		{ "--partner", CLI_VALUE, &in.partner, 0, NULL },
		{ "--date", CLI_VALUE, &in.date, 0, NULL },
		{ "--method", CLI_VALUE, &in.method, 0, NULL },
		{ "--result", CLI_VALUE, &in.result, 0, NULL },
		{ "--action", CLI_VALUE, &in.action, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t couple_id, id;
	if (cli_parse(cli, argc, argv, opts, sizeof opts / sizeof opts[0], pos, 1, 1, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL || safety_screening_add(store, couple_id, &in, &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "%" PRId64 "\n", id);
	return CLI_EXIT_OK;
}

int cmd_safety_list(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	int64_t couple_id;
	struct store *store = cli_couple_json(cli, argc, argv, &couple_id, &json, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct safety_flag flag;
	if (couple_safety_flag(store, couple_id, &flag, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct screening_list list;
	if (safety_screenings_open(store, couple_id, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_array_begin(&w);
		for (size_t i = 0; i < list.len; i++) {
			const struct screening_rec *s = &list.items[i];
			json_writer_object_begin(&w);
			json_writer_key(&w, "id");
			json_writer_int(&w, s->id);
			json_writer_key(&w, "partner");
			json_writer_string(&w, s->partner == 0 ? "a" : "b");
			json_writer_key(&w, "date");
			json_writer_string(&w, s->screened_on);
			json_writer_key(&w, "method");
			json_writer_string(&w, s->method);
			json_writer_key(&w, "result");
			json_writer_string(&w, s->result);
			json_writer_key(&w, "action");
			json_writer_string(&w, s->action);
			json_writer_key(&w, "recorded_at");
			json_writer_string(&w, s->recorded_at);
			json_writer_object_end(&w);
		}
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
		screening_list_free(&list);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	if (list.len == 0) {
		screening_list_free(&list);
		fprintf(cli->out, "No safety screening on record yet. Record one per partner with "
				  "`dyad safety add %" PRId64 " --partner a ...`.\n", couple_id);
		return CLI_EXIT_OK;
	}
	char banner[120];
	if (flag.level != SAFETY_NONE)
		fprintf(cli->out, "! %s\n", safety_flag_banner(&flag, banner, sizeof banner));
	struct cli_table t;
	cli_table_init(&t, 6);
	const char *head[] = { "ID", "DATE", "PARTNER", "RESULT", "METHOD", "ACTION" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < list.len; i++) {
		const struct screening_rec *s = &list.items[i];
		char id[24];
		snprintf(id, sizeof id, "%" PRId64, s->id);
		const char *row[] = { id, s->screened_on, s->partner == 0 ? "A" : "B", s->result,
			s->method, s->action ? s->action : "-" };
		cli_table_row(&t, row);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	screening_list_free(&list);
	return CLI_EXIT_OK;
}
