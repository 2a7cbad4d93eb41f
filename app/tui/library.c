/* library.c (tui): the exercise library: the exercises on the left, the
 * handout the selected one would give this couple on the right, and Enter
 * to assign it. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "app/core/date.h"
#include "app/domain/assignments.h"
#include "app/domain/handout_text.h"
#include "app/domain/intake.h"
#include "app/domain/library.h"
#include "app/store/couples.h"
#include "app/store/sessions.h"
#include "app/tui/confirm.h"
#include "app/tui/draw.h"
#include "app/tui/form.h"
#include "app/tui/homework.h"
#include "app/tui/keymap.h"
#include "app/tui/listcursor.h"
#include "app/tui/text.h"

struct library_screen {
	int64_t couple_id, session_id;
	struct library lib;
	size_t *order;             /* lib.items by title, as listed */
	struct couple_rec couple;
	char day[11];              /* what an assignment made here counts from */
	struct list_cursor exercises; /* over order */
	/* The preview of the selected exercise's handout. */
	struct strbuf preview;     /* safe text */
	struct text_lines lines;
	int wrap_width;
	struct list_cursor preview_view; /* over lines */
};

/* The exercise a form is about, and the form's title and intro, which the
 * form shows without copying (one form is open at a time). */
static char form_exercise[TEMPLATE_ID_MAX + 1];
static char form_title[TEMPLATE_TITLE_MAX * 4 + 1];
static char form_intro[600];

void homework_open_library(struct tui *tui, int64_t couple_id, int64_t session_id)
{
	struct tui_target t = { TUI_SCREEN_LIBRARY, couple_id, session_id };
	tui_open(tui, TUI_SCREEN_LIBRARY, &t);
}

static void *library_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	struct library_screen *s = calloc(1, sizeof *s);
	if (s == NULL)
		return NULL;
	s->couple_id = target->couple_id;
	s->session_id = target->session_id;
	return s;
}

static void forget_preview(struct library_screen *s)
{
	strbuf_release(&s->preview);
	text_lines_free(&s->lines);
	s->wrap_width = 0;
	s->preview_view.top = 0;
}

static void library_destroy(void *self)
{
	struct library_screen *s = self;
	if (s == NULL)
		return;
	forget_preview(s);
	library_free(&s->lib);
	free(s->order);
	couple_rec_free(&s->couple);
	free(s);
}

static const struct template *shown(const struct library_screen *s, size_t i)
{
	return &s->lib.items[s->order[i]];
}

static const struct library *sort_by;

static int by_title(const void *a, const void *b)
{
	const struct template *x = &sort_by->items[*(const size_t *)a];
	const struct template *y = &sort_by->items[*(const size_t *)b];
	int c = strcasecmp(x->title, y->title);
	return c ? c : strcmp(x->id, y->id);
}

/* The handout text the selected exercise would give this couple today. */
static void build_preview(struct tui *tui, struct library_screen *s)
{
	forget_preview(s);
	if (s->lib.len == 0)
		return;
	const struct template *t = shown(s, s->exercises.selected);
	struct dyad_date day, due;
	if (!date_parse(s->day, &day))
		day = date_today();
	due = date_from_days(date_to_days(day) + 7);
	struct assignment_rec a = { 0 };
	a.couple_id = s->couple_id;
	a.exercise_id = t->id;
	a.exercise_title = t->title;
	snprintf(a.frequency, sizeof a.frequency, "%s", homework_frequency_name(t->frequency));
	a.minutes = t->minutes;
	date_format(day, a.assigned_on);
	date_format(due, a.due_on);
	struct handout_text h;
	struct dyad_status st = { 0 };
	struct strbuf plain = STRBUF_INIT;
	if (handout_text_build(tui->store, &a, t, &h, &st) == DYAD_OK) {
		handout_text_plain(&h, &plain);
		handout_text_free(&h);
	} else {
		strbuf_adds(&plain, dyad_status_message(&st));
	}
	text_safe(&s->preview, strbuf_str(&plain), plain.len, TEXT_MULTILINE);
	strbuf_release(&plain);
}

static enum dyad_error library_load_screen(struct tui *tui, void *self, struct dyad_status *st)
{
	struct library_screen *s = self;
	char keep[TEMPLATE_ID_MAX + 1] = "";
	if (s->lib.len)
		snprintf(keep, sizeof keep, "%s", shown(s, s->exercises.selected)->id);
	library_free(&s->lib);
	free(s->order);
	s->order = NULL;
	couple_rec_free(&s->couple);
	forget_preview(s);
	enum dyad_error rc = couples_get(tui->store, s->couple_id, &s->couple, st);
	if (rc != DYAD_OK)
		return rc;
	date_format(date_today(), s->day);
	if (s->session_id > 0) {
		struct session_rec session;
		if ((rc = sessions_get(tui->store, s->session_id, &session, st)) != DYAD_OK)
			return rc;
		snprintf(s->day, sizeof s->day, "%.10s", session.starts_at);
	}
	if ((rc = library_load_for(tui->store, &s->lib, st)) != DYAD_OK)
		return rc;
	if ((s->order = calloc(s->lib.len ? s->lib.len : 1, sizeof *s->order)) == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, NULL);
	for (size_t i = 0; i < s->lib.len; i++)
		s->order[i] = i;
	sort_by = &s->lib;
	qsort(s->order, s->lib.len, sizeof *s->order, by_title);
	size_t at = 0;
	for (size_t i = 0; i < s->lib.len; i++)
		if (strcmp(shown(s, i)->id, keep) == 0)
			at = i;
	list_cursor_set_count(&s->exercises, s->lib.len);
	list_cursor_select(&s->exercises, (long long)at);
	build_preview(tui, s);
	return DYAD_OK;
}

static void library_draw(struct tui *tui, void *self, struct tui_area area)
{
	(void)tui;
	struct library_screen *s = self;
	int list_w = area.width / 3;
	if (list_w < 24)
		list_w = 24;
	if (list_w > 40)
		list_w = 40;
	int x = area.left + 1;
	int rows = area.height - 2;
	if (s->lib.nproblems)
		rows -= 1;
	section_heading((struct tui_area){ area.top, area.left, 1, list_w }, "Exercises", "", true);
	if (s->lib.len == 0) {
		draw_text(area.top + 1, x + 1, "No exercise templates were found; see dyad exercises.",
			area.width - 3, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	/* Each exercise: its title, then how often and how long, muted. */
	int list_rows = rows / 2;
	list_cursor_layout(&s->exercises, s->lib.len, list_rows);
	size_t top = s->exercises.top;
	for (int r = 0; r < list_rows && top + (size_t)r < s->lib.len; r++) {
		size_t i = top + (size_t)r;
		const struct template *t = shown(s, i);
		bool sel = i == s->exercises.selected;
		int y = area.top + 1 + 2 * r;
		attr_t attr = sel ? draw_attr(TUI_ROLE_SELECTED) : A_NORMAL;
		if (sel) {
			draw_fill(y, area.left, list_w, attr);
			draw_fill(y + 1, area.left, list_w, attr);
		}
		draw_text(y, x + 1, t->title, list_w - 3, attr);
		char sub[64];
		snprintf(sub, sizeof sub, "%s · %d min", homework_frequency_name(t->frequency), t->minutes);
		draw_text(y + 1, x + 1, sub, list_w - 3, sel ? attr : draw_attr(TUI_ROLE_MUTED));
	}
	/* The preview. */
	int px = area.left + list_w + 2, pw = area.width - list_w - 3;
	/* The heading leaves room at the right for the "more" marker. */
	section_heading((struct tui_area){ area.top, px - 1, 1, pw > 24 ? pw - 9 : pw + 1 }, "Handout",
		"as this couple would get it", false);
	if (pw < 10)
		return;
	if (s->wrap_width != pw) {
		text_lines_free(&s->lines);
		s->wrap_width = pw;
		text_wrap(strbuf_str(&s->preview), pw, &s->lines);
	}
	list_cursor_layout_view(&s->preview_view, s->lines.len, rows);
	size_t ptop = s->preview_view.top;
	for (int r = 0; r < rows && ptop + (size_t)r < s->lines.len; r++) {
		const struct text_line *l = &s->lines.items[ptop + (size_t)r];
		draw_safe(area.top + 1 + r, px, strbuf_str(&s->preview) + l->start, l->len, A_NORMAL);
	}
	if (ptop + (size_t)rows < s->lines.len)
		draw_text(area.top, area.left + area.width - 10, "more ↓", 8, draw_attr(TUI_ROLE_MUTED));
	if (s->lib.nproblems) {
		char line[200];
		snprintf(line, sizeof line, "%zu template%s could not be read (dyad exercises says why).",
			s->lib.nproblems, s->lib.nproblems == 1 ? "" : "s");
		draw_text(area.top + area.height - 1, x, line, area.width - 2, draw_attr(TUI_ROLE_ERROR));
	}
}

/* ---- assigning --------------------------------------------------------------------- */

static enum dyad_error assign(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	struct library lib;
	enum dyad_error rc = library_load_for(tui->store, &lib, st);
	if (rc != DYAD_OK)
		return rc;
	const struct template *t = library_find(&lib, form_exercise);
	if (t == NULL) {
		library_free(&lib);
		return dyad_fail(st, DYAD_ERR_NOT_FOUND, "exercise: '%s' is no longer in the library",
			form_exercise);
	}
	char session[24];
	snprintf(session, sizeof session, "%" PRId64, target->session_id);
	struct assign_input in = {
		.due = v[0][0] ? v[0] : NULL,
		.frequency = v[1],
		.minutes = v[2][0] ? v[2] : NULL,
		.note = v[3][0] ? v[3] : NULL,
		.note_len = strlen(v[3]),
		.session = target->session_id > 0 ? session : NULL,
	};
	int64_t id;
	rc = homework_assign(tui->store, target->couple_id, t, &in, &id, st);
	if (rc == DYAD_OK) {
		char key[32];
		keymap_key_for(target->session_id > 0 ? TUI_SCREEN_SESSION : TUI_SCREEN_COUPLE,
			TUI_ACTION_HOMEWORK_HANDOUT, key, sizeof key);
		tui_message(tui, TUI_TONE_DONE, "Assigned “%s”. Select it and press %s to write its "
			"handout.", t->title, key);
		tui_back(tui); /* leave the library too */
	}
	library_free(&lib);
	return rc;
}

static void open_assign(struct tui *tui, struct library_screen *s)
{
	const struct template *t = shown(s, s->exercises.selected);
	struct dyad_date day;
	char due[11], minutes[12];
	if (!date_parse(s->day, &day))
		day = date_today();
	date_format(date_from_days(date_to_days(day) + 7), due);
	snprintf(minutes, sizeof minutes, "%d", t->minutes);
	snprintf(form_intro, sizeof form_intro, "For %s, counted from %s%s.", s->couple.name, s->day,
		s->session_id > 0 ? " (this session)" : "");
	snprintf(form_title, sizeof form_title, "Assign: %s", t->title);
	static const char *const frequencies[] = { "daily", "weekly", "once", NULL };
	const struct tui_form_field fields[] = {
		{ "due", "Due", "YYYY-MM-DD: usually the next session", NULL, due },
		{ "frequency", "How often", "Space or the arrows change it", frequencies,
			homework_frequency_name(t->frequency) },
		{ "minutes", "Minutes", "About how long each time", NULL, minutes },
		{ "note", "Note", "Optional: a line for the couple, printed on the handout", NULL, "" },
	};
	snprintf(form_exercise, sizeof form_exercise, "%s", t->id);
	struct tui_form_spec spec = { form_title, form_intro, fields, sizeof fields / sizeof fields[0],
		{ TUI_SCREEN_LIBRARY, s->couple_id, s->session_id }, assign };
	tui_form_open(tui, &spec);
}

/* The question's yes: the form, on the library screen the question was
 * asked over (the question itself is leaving the stack). */
static enum dyad_error assign_despite_safety(struct tui *tui, const struct tui_target *target,
	struct dyad_status *st)
{
	(void)target;
	(void)st;
	for (int i = tui->depth - 1; i >= 0; i--)
		if (tui->stack[i].ops == &tui_library_ops) {
			open_assign(tui, tui->stack[i].self);
			break;
		}
	return DYAD_OK;
}

/* Conflict work with a couple whose partner screened unsafe is asked
 * about first, as `dyad assign` asks for --despite-safety. */
static void ask_safety_then_assign(struct tui *tui, struct library_screen *s)
{
	const struct template *t = shown(s, s->exercises.selected);
	struct safety_flag flag = { 0 };
	struct dyad_status st = { 0 };
	if (safety_exercise_is_conflict(t) &&
		couple_safety_flag(tui->store, s->couple_id, &flag, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return;
	}
	if (flag.level == SAFETY_NONE) {
		open_assign(tui, s);
		return;
	}
	char words[120], question[400];
	snprintf(question, sizeof question,
		"%s. “%s” works on conflict itself, which can put a partner at risk. "
		"Assign it anyway?", safety_flag_banner(&flag, words, sizeof words), t->title);
	struct tui_confirm_spec spec = {
		"Assign despite the safety flag?", question, "assign it",
		"Not assigned.", { TUI_SCREEN_LIBRARY, s->couple_id, s->session_id },
		assign_despite_safety, NULL, NULL,
	};
	tui_confirm_open(tui, &spec);
}


/* Up, down, first and last choose an exercise; a page moves the preview. */
static bool move_selection(struct tui *tui, struct library_screen *s, enum tui_action action)
{
	if (action == TUI_ACTION_PAGE_UP || action == TUI_ACTION_PAGE_DOWN)
		return list_cursor_scroll(&s->preview_view, action, 2);
	size_t was = s->exercises.selected;
	if (!list_cursor_move(&s->exercises, action))
		return false;
	if (s->lib.len && s->exercises.selected != was)
		build_preview(tui, s);
	return true;
}

static unsigned library_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)key;
	struct library_screen *s = self;
	if (move_selection(tui, s, action))
		return TUI_REDRAW;
	switch (action) {
	case TUI_ACTION_EXERCISE_CHOOSE:
		if (s->lib.len == 0)
			return TUI_REDRAW;
		ask_safety_then_assign(tui, s);
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void library_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Exercise library");
}

static void library_hints(struct tui *tui, void *self, struct strbuf *out)
{
	struct library_screen *s = self;
	struct strbuf keys = STRBUF_INIT;
	tui_default_hints(tui, TUI_SCREEN_LIBRARY, &keys);
	/* The screen's own keys, then paging the preview, then the rest. */
	const char *all = strbuf_str(&keys);
	const char *global = strstr(all, "\n\n");
	strbuf_add(out, all, global ? (size_t)(global + 1 - all) : strlen(all));
	if (s->lines.len > (size_t)s->preview_view.rows)
		tui_hint(out, "PgUp PgDn", "scroll the handout");
	if (global)
		strbuf_adds(out, global + 1);
	strbuf_release(&keys);
}

static bool library_target(void *self, struct tui_target *out)
{
	struct library_screen *s = self;
	out->couple_id = s->couple_id;
	out->session_id = s->session_id;
	return true;
}

const struct tui_screen_ops tui_library_ops = {
	.id = TUI_SCREEN_LIBRARY,
	.name = "the exercise library",
	.create = library_create,
	.load = library_load_screen,
	.draw = library_draw,
	.action = library_action,
	.title = library_title,
	.hints = library_hints,
	.target = library_target,
	.destroy = library_destroy,
};
