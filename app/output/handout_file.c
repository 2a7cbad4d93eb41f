/* handout_file.c: an assignment's handout, from the database to a file. */
#include "app/output/handout_file.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/fileio.h"
#include "app/core/paths.h"
#include "app/core/strbuf.h"
#include "app/domain/library.h"
#include "reports/handout.h"
#include "app/core/date.h"
#include "app/store/couples.h"
#include "app/store/homework.h"
#include "app/store/maintenance.h"

enum dyad_error handout_pick_fonts(const char *configured, char *regular, char *bold,
	size_t size, bool *have_bold, struct dyad_status *st)
{
	struct handout_error err;
	*have_bold = false;
	if (configured != NULL && configured[0] != '\0') {
		struct stat sb;
		if (stat(configured, &sb) != 0 || !S_ISREG(sb.st_mode))
			return dyad_fail(st, DYAD_ERR_IO, "handout.font: %s is missing or not a file "
				"(change it with dyad config set handout.font PATH)", configured);
		snprintf(regular, size, "%s", configured);
		return DYAD_OK;
	}
	if (handout_find_font("DejaVu Sans", false, regular, size, &err) != 0)
		return dyad_fail(st, DYAD_ERR_IO, "%s", err.message);
	*have_bold = handout_find_font("DejaVu Sans", true, bold, size, &err) == 0;
	return DYAD_OK;
}

char *handout_target_path(const char *output, const char *file_name)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	if (output == NULL)
		strbuf_adds(&sb, file_name);
	else if (stat(output, &st) == 0 && S_ISDIR(st.st_mode))
		strbuf_addf(&sb, "%s%s%s", output, output[strlen(output) - 1] == '/' ? "" : "/",
			file_name);
	else
		strbuf_adds(&sb, output);
	if (sb.failed) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

char *handout_font_cache_dir(void)
{
	char *base = paths_cache_dir();
	if (base == NULL)
		return NULL;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s/fonts", base);
	free(base);
	char *dir = strbuf_detach(&sb);
	struct dyad_status ignored;
	if (dir != NULL && paths_mkdir_p(dir, 0700, &ignored) != DYAD_OK) {
		free(dir);
		dir = NULL;
	}
	return dir;
}

/* The words of assignment id's handout, from its template in library. */
static enum dyad_error text_for(struct store *store, const struct library *library, int64_t id,
	struct assignment_rec *a, struct handout_text *text, struct dyad_status *st)
{
	memset(text, 0, sizeof *text);
	enum dyad_error rc = assignments_get(store, id, a, st);
	if (rc != DYAD_OK)
		return rc;
	const struct template *t = library_find(library, a->exercise_id);
	if (t == NULL) {
		const char *problem = library_problem_for(library, a->exercise_id);
		if (problem != NULL)
			rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "exercise: '%s' cannot be printed, its "
				"template has an error: %s", a->exercise_id, problem);
		else
			rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "exercise: '%s' is no longer in the exercise "
				"library (see dyad exercises)", a->exercise_id);
	} else {
		rc = handout_text_build(store, a, t, text, st);
	}
	if (rc != DYAD_OK) {
		assignment_rec_free(a);
		memset(a, 0, sizeof *a);
	}
	return rc;
}

/* The PDF writer's view of a handout's words. */
static void handout_from_text(struct handout *h, const struct handout_text *text)
{
	*h = (struct handout){
		.header_left = text->practice[0] ? text->practice : NULL,
		.header_right = text->date,
		.title = text->title,
		.subtitle = text->for_line,
		.meta = text->meta,
		.note_heading = text->note_heading,
		.note = text->note,
		.introduction = text->introduction,
		.steps_heading = text->steps_heading,
		.steps = (const char *const *)text->steps,
		.nsteps = text->nsteps,
		.list_heading = text->list_heading,
		.list = (const char *const *)text->list,
		.nlist = text->nlist,
		.safety_heading = text->safety_heading,
		.safety = text->safety,
		.safety_prompt = text->safety_prompt,
		.tracking = {
			.kind = text->kind == TRACKING_GRID ? HANDOUT_GRID
				: text->kind == TRACKING_TALLY ? HANDOUT_TALLY : HANDOUT_LOG,
			.heading = text->tracking_heading,
			.hint = text->tracking_hint,
			.columns = (const char *const *)text->columns,
			.wide = text->wide,
			.together = text->together,
			.ncolumns = text->ncolumns,
			.rows = (const char *const *)text->rows,
			.nrows = text->nrows,
			.partners = { text->partners[0], text->partners[1] },
			.tally_label = text->tally_label,
			.total_label = text->total_label,
			.log_lines = text->log_lines,
			.plan_heading = text->plan_heading,
			.fields = (const char *const *)text->fields,
			.nfields = text->nfields,
			.per_partner = text->per_partner,
			.sheet_titles = { text->sheet_titles[0], text->sheet_titles[1] },
			.sheet_hint = text->sheet_hint,
		},
		.closing = text->closing,
		.footer = text->footer[0] ? text->footer : NULL,
		.author = text->clinician[0] ? text->clinician : NULL,
	};
}

/* Writes the handouts of assignments ids[0..n) (n >= 1) into one PDF,
 * each from a new page. default_name, when not NULL, names the file in
 * place of the first handout's own name. */
static enum dyad_error write_handouts(struct store *store, const int64_t *ids, size_t n,
	const char *default_name, const struct handout_request *rq, struct handout_written *out,
	struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	char *paper_setting = NULL, *font_setting = NULL, *font_cache = NULL;
	char regular[1024], bold[1024];
	bool have_bold;
	struct atomic_file af = { NULL, NULL, -1 };
	size_t built = 0;
	struct assignment_rec *a = calloc(n, sizeof *a);
	struct handout_text *text = calloc(n, sizeof *text);
	struct handout *h = calloc(n, sizeof *h);
	const struct handout **hs = calloc(n, sizeof *hs);
	enum dyad_error rc = DYAD_OK;
	if (a == NULL || text == NULL || h == NULL || hs == NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto cleanup;
	}
	for (; built < n; built++)
		if ((rc = text_for(store, rq->library, ids[built], &a[built], &text[built], st)) !=
			DYAD_OK)
			goto cleanup;
	if ((rc = settings_get(store, "paper", &paper_setting, st)) != DYAD_OK ||
		(rc = settings_get(store, "handout.font", &font_setting, st)) != DYAD_OK ||
		(rc = paper_choose(rq->paper, paper_setting, &out->paper, st)) != DYAD_OK ||
		(rc = handout_pick_fonts(font_setting, regular, bold, sizeof regular, &have_bold, st)) != DYAD_OK)
		goto cleanup;
	if ((out->path = handout_target_path(rq->output, default_name ? default_name : text[0].file_name)) ==
		NULL) {
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
		goto cleanup;
	}
	font_cache = handout_font_cache_dir();
	for (size_t i = 0; i < n; i++) {
		handout_from_text(&h[i], &text[i]);
		h[i].font_path = regular;
		h[i].bold_font_path = have_bold ? bold : NULL;
		h[i].font_cache_dir = font_cache;
		/* the words around the names are the exercise library's, in English */
		h[i].language = "en";
		h[i].large_print = rq->large_print;
		paper_size_points(out->paper.paper, &h[i].page_width, &h[i].page_height);
		hs[i] = &h[i];
	}

	if ((rc = atomic_begin(&af, out->path, st)) != DYAD_OK)
		goto cleanup;
	struct handout_error err;
	struct handout_result result;
	if (handout_save_pdf_many(hs, n, af.temp_path, &result, &err) != 0) {
		atomic_abort(&af);
		/* named by the target: the temporary file means nothing to anyone */
		rc = dyad_fail(st, DYAD_ERR_IO, "handout: %s: %s", out->path, err.message);
		goto cleanup;
	}
	/* Every handout that leaves is in the audit log (the file's name, not
	 * what it says); the file and its entry go together (store_publish). A
	 * couple's set is logged against the couple. */
	if ((rc = store_publish(store, &af, "handout", a[0].couple_id, n == 1 ? a[0].session_id : 0,
		     n == 1 ? a[0].id : 0, out->path, st)) != DYAD_OK)
		goto cleanup;
	out->pages = result.pages;
	out->replaced = result.replaced;
cleanup:
	if (rc != DYAD_OK) {
		free(out->path);
		out->path = NULL;
	}
	for (size_t i = 0; i < built; i++) {
		handout_text_free(&text[i]);
		assignment_rec_free(&a[i]);
	}
	free(a);
	free(text);
	free(h);
	free(hs);
	free(paper_setting);
	free(font_setting);
	free(font_cache);
	return rc;
}

enum dyad_error handout_write(struct store *store, const struct handout_request *rq,
	struct handout_written *out, struct dyad_status *st)
{
	return write_handouts(store, &rq->assignment_id, 1, NULL, rq, out, st);
}

enum dyad_error handout_write_couple(struct store *store, int64_t couple_id,
	const struct handout_request *rq, struct handout_written *out, struct dyad_status *st)
{
	memset(out, 0, sizeof *out);
	struct assignment_list list;
	struct couple_rec couple;
	enum dyad_error rc = couples_get(store, couple_id, &couple, st);
	if (rc != DYAD_OK)
		return rc;
	if ((rc = assignments_list(store, couple_id, false, &list, st)) != DYAD_OK) {
		couple_rec_free(&couple);
		return rc;
	}
	int64_t *ids = list.len ? calloc(list.len, sizeof *ids) : NULL;
	char *name = NULL;
	char today[11];
	date_format(date_today(), today);
	if (list.len == 0)
		rc = dyad_fail(st, DYAD_ERR_NOT_FOUND, "couple: %s has no open homework to print",
			couple.name);
	else if (ids == NULL ||
		(name = handout_file_name(couple.name, "homework", today)) == NULL)
		rc = dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	for (size_t i = 0; rc == DYAD_OK && i < list.len; i++)
		ids[i] = list.items[i].id;
	if (rc == DYAD_OK)
		rc = write_handouts(store, ids, list.len, name, rq, out, st);
	free(ids);
	free(name);
	assignment_list_free(&list);
	couple_rec_free(&couple);
	return rc;
}
