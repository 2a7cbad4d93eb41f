/* couples.c: the couples list: who is in the practice, when each couple
 * was last seen, filtered as you type. The list is loaded once per visit
 * and filtered in memory, so typing stays instant on a big practice. */
#include "app/tui/couples.h"
#include "app/tui/today.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/domain/alerts.h"
#include "app/domain/practice.h"
#include "app/store/intake.h"
#include "app/store/couples.h"
#include "app/tui/draw.h"
#include "app/tui/form.h"
#include "app/tui/keymap.h"
#include "app/tui/keys.h"
#include "app/tui/lineedit.h"
#include "app/tui/listcursor.h"
#include "app/tui/text.h"

struct couples {
	struct couple_list list;
	char **folded;        /* per couple: its name and partners, folded for matching */
	size_t *shown;        /* indexes into list that match the filter */
	size_t nshown;
	struct list_cursor cursor; /* over shown */
	int64_t selected_id;  /* kept across reloads */
	struct lineedit filter;
	bool filtering;       /* keys go to the filter */
	bool show_all;        /* paused and closed couples too */
	int64_t *flagged;     /* couples with a safety flag, by id (screenings_flagged) */
	int *flag_level;
	size_t nflagged;
	struct alert_list alerts; /* every couple's clinician-only alerts (alerts_load) */
};

/* ---- columns ----------------------------------------------------------------- */

struct couples_column {
	const char *heading;
	int width;            /* columns; 0 shares what the fixed ones leave */
	enum tui_align align;
	bool all_only;        /* only while paused and closed couples show */
	int min_screen;       /* only on screens at least this wide (0: always) */
	void (*cell)(const struct couple_rec *c, struct strbuf *out);
};

static void cell_name(const struct couple_rec *c, struct strbuf *out)
{
	strbuf_adds(out, c->name);
}

static void cell_partners(const struct couple_rec *c, struct strbuf *out)
{
	strbuf_addf(out, "%s / %s", c->partner[0].name, c->partner[1].name);
}

static void cell_status(const struct couple_rec *c, struct strbuf *out)
{
	strbuf_adds(out, c->status);
}

static void cell_last(const struct couple_rec *c, struct strbuf *out)
{
	if (c->last_session[0])
		strbuf_add(out, c->last_session, 10);
	else
		strbuf_adds(out, "none yet");
}

static void cell_sessions(const struct couple_rec *c, struct strbuf *out)
{
	strbuf_addf(out, "%" PRId64, c->sessions_total);
}

static void cell_homework(const struct couple_rec *c, struct strbuf *out)
{
	if (c->homework_open > 0)
		strbuf_addf(out, "%" PRId64 " open", c->homework_open);
	else
		strbuf_adds(out, "-");
}

/* Left to right. */
static const struct couples_column couples_columns[] = {
	{ "Couple", 0, TUI_ALIGN_LEFT, false, 0, cell_name },
	{ "Partners", 0, TUI_ALIGN_LEFT, false, 0, cell_partners },
	{ "Status", 7, TUI_ALIGN_LEFT, true, 0, cell_status },
	{ "Last seen", 10, TUI_ALIGN_LEFT, false, 0, cell_last },
	{ "Sessions", 8, TUI_ALIGN_RIGHT, false, 0, cell_sessions },
	/* On a narrow terminal the names matter more than the count. */
	{ "Homework", 8, TUI_ALIGN_RIGHT, false, 80, cell_homework },
};

#define NCOLUMNS (sizeof couples_columns / sizeof couples_columns[0])

/* ---- state ------------------------------------------------------------------- */

static void *couples_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	(void)target;
	struct couples *s = calloc(1, sizeof *s);
	if (s != NULL)
		lineedit_init(&s->filter, NULL, 200);
	return s;
}

static void free_lists(struct couples *s)
{
	for (size_t i = 0; s->folded && i < s->list.len; i++)
		free(s->folded[i]);
	free(s->folded);
	free(s->shown);
	couple_list_free(&s->list);
	s->folded = NULL;
	s->shown = NULL;
	s->nshown = 0;
	free(s->flagged);
	free(s->flag_level);
	s->flagged = NULL;
	s->flag_level = NULL;
	s->nflagged = 0;
	alert_list_free(&s->alerts);
}

/* Whether couple id carries a safety flag (the list is sorted by id) or
 * another safety alert. */
static bool is_flagged(const struct couples *s, int64_t id)
{
	size_t nalerts;
	if (alerts_of(&s->alerts, id, &nalerts) != NULL)
		return true;
	size_t lo = 0, hi = s->nflagged;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (s->flagged[mid] == id)
			return true;
		if (s->flagged[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return false;
}

/* Whether any couple has an alert besides a screening (which is its flag). */
static bool other_alerts(const struct couples *s)
{
	for (size_t i = 0; i < s->alerts.len; i++)
		if (s->alerts.items[i].kind != ALERT_SCREENING)
			return true;
	return false;
}

static void couples_destroy(void *self)
{
	struct couples *s = self;
	if (s == NULL)
		return;
	free_lists(s);
	lineedit_free(&s->filter);
	free(s);
}

static const struct couple_rec *selected_couple(const struct couples *s)
{
	if (s->nshown == 0)
		return NULL;
	return &s->list.items[s->shown[s->cursor.selected]];
}

/* Recomputes which couples match the filter, keeping the selection on the
 * same couple when it still shows. */
static void apply_filter(struct couples *s)
{
	struct strbuf needle = STRBUF_INIT;
	text_fold(&needle, lineedit_text(&s->filter));
	const char *n = strbuf_str(&needle);
	s->nshown = 0;
	size_t keep = 0;
	for (size_t i = 0; i < s->list.len; i++) {
		if (n[0] && !strstr(s->folded[i], n))
			continue;
		if (s->list.items[i].id == s->selected_id)
			keep = s->nshown;
		s->shown[s->nshown++] = i;
	}
	strbuf_release(&needle);
	list_cursor_set_count(&s->cursor, s->nshown);
	list_cursor_select(&s->cursor, (long long)keep);
	if (s->nshown)
		s->selected_id = s->list.items[s->shown[s->cursor.selected]].id;
}

static enum dyad_error couples_load(struct tui *tui, void *self, struct dyad_status *st)
{
	struct couples *s = self;
	free_lists(s);
	enum dyad_error rc = couples_list(tui->store, s->show_all, &s->list, st);
	if (rc == DYAD_OK)
		rc = screenings_flagged(tui->store, &s->flagged, &s->flag_level, &s->nflagged, st);
	if (rc == DYAD_OK)
		rc = alerts_load(tui->store, 0, &s->alerts, st);
	if (rc != DYAD_OK) {
		free_lists(s);
		return rc;
	}
	size_t n = s->list.len ? s->list.len : 1;
	s->folded = calloc(n, sizeof *s->folded);
	s->shown = calloc(n, sizeof *s->shown);
	if (s->folded == NULL || s->shown == NULL) {
		free_lists(s);
		return dyad_fail(st, DYAD_ERR_NOMEM, "couples: out of memory");
	}
	for (size_t i = 0; i < s->list.len; i++) {
		const struct couple_rec *c = &s->list.items[i];
		struct strbuf f = STRBUF_INIT;
		text_fold(&f, c->name);
		strbuf_addc(&f, '\n');
		text_fold(&f, c->partner[0].name);
		strbuf_addc(&f, '\n');
		text_fold(&f, c->partner[1].name);
		s->folded[i] = strbuf_detach(&f);
		if (s->folded[i] == NULL) {
			free_lists(s);
			return dyad_fail(st, DYAD_ERR_NOMEM, "couples: out of memory");
		}
	}
	apply_filter(s);
	return DYAD_OK;
}

/* ---- drawing ----------------------------------------------------------------- */

static bool column_shown(const struct couples *s, size_t c, int width)
{
	if (couples_columns[c].all_only && !s->show_all)
		return false;
	return width >= couples_columns[c].min_screen;
}

static void column_widths(const struct couples *s, int width, int *w)
{
	int fixed = 0, flex = 0, shown = 0;
	for (size_t c = 0; c < NCOLUMNS; c++) {
		w[c] = 0;
		if (!column_shown(s, c, width))
			continue;
		shown++;
		if (couples_columns[c].width)
			fixed += couples_columns[c].width;
		else
			flex++;
	}
	int rest = width - fixed - 2 * (shown - 1);
	for (size_t c = 0, f = 0; c < NCOLUMNS; c++) {
		if (!column_shown(s, c, width))
			continue;
		if (couples_columns[c].width) {
			w[c] = couples_columns[c].width;
		} else {
			w[c] = ++f == (size_t)flex ? rest - (rest / flex) * (flex - 1) : rest / flex;
		}
	}
}

static void draw_summary(struct tui *tui, struct couples *s, int y, int x, int width)
{
	char count[120];
	const char *what = s->show_all ? "couples in all" : "active couples";
	if (lineedit_text(&s->filter)[0] || s->filtering) {
		int used = draw_text(y, x, "Filter ", 7, draw_attr(TUI_ROLE_HEADING));
		int field = width - used - 24 > 12 ? width - used - 24 : 12;
		int cx = lineedit_draw(&s->filter, y, x + used, field,
			s->filtering ? draw_attr(TUI_ROLE_FIELD) : A_NORMAL);
		if (s->filtering)
			tui_cursor(tui, y, cx);
		snprintf(count, sizeof count, "%zu of %zu", s->nshown, s->list.len);
		draw_text(y, x + used + field + 2, count, width - used - field - 2,
			draw_attr(TUI_ROLE_MUTED));
		return;
	}
	snprintf(count, sizeof count, "%zu %s", s->list.len, what);
	int used = draw_text(y, x, count, width, draw_attr(TUI_ROLE_HEADING));
	char keys[40];
	keymap_key_for(TUI_SCREEN_COUPLES, TUI_ACTION_TOGGLE_CLOSED, keys, sizeof keys);
	snprintf(count, sizeof count, s->show_all ? "%s shows active couples only%s"
		: "%s shows paused and closed couples too%s", keys,
		s->nflagged && other_alerts(s) ? " · ! a safety flag or alert"
		: s->nflagged ? " · ! a safety flag" : other_alerts(s) ? " · ! a safety alert" : "");
	draw_text(y, x + used + 3, count, width - used - 3, draw_attr(TUI_ROLE_MUTED));
}

static void draw_empty(struct couples *s, int y, int x, int width)
{
	char text[300], closed[32], add[32];
	keymap_key_for(TUI_SCREEN_COUPLES, TUI_ACTION_TOGGLE_CLOSED, closed, sizeof closed);
	keymap_key_for(TUI_SCREEN_COUPLES, TUI_ACTION_COUPLE_ADD, add, sizeof add);
	struct strbuf q = STRBUF_INIT;
	text_truncate(&q, lineedit_text(&s->filter), 30);
	if (lineedit_text(&s->filter)[0])
		snprintf(text, sizeof text, "No couple or partner matches \"%s\". Esc clears the filter.",
			strbuf_str(&q));
	else if (!s->show_all)
		snprintf(text, sizeof text,
			"No active couples. Press %s to see paused and closed ones, or %s to add a couple.",
			closed, add);
	else
		snprintf(text, sizeof text, "No couples yet. Press %s to add one.", add);
	strbuf_release(&q);
	draw_text(y, x, text, width, draw_attr(TUI_ROLE_MUTED));
}

static void couples_draw(struct tui *tui, void *self, struct tui_area area)
{
	struct couples *s = self;
	int x = area.left + 1, width = area.width - 2;
	draw_summary(tui, s, area.top, x, width);
	int w[NCOLUMNS];
	column_widths(s, width, w);
	int y = area.top + 2;
	int cx = x;
	for (size_t c = 0; c < NCOLUMNS; c++) {
		if (w[c] == 0)
			continue;
		draw_cell(y, cx, couples_columns[c].heading, w[c], draw_attr(TUI_ROLE_HEADING),
			couples_columns[c].align);
		cx += w[c] + 2;
	}
	y++;
	int rows = area.top + area.height - y;
	list_cursor_layout(&s->cursor, s->nshown, rows);
	if (s->nshown == 0) {
		draw_empty(s, y + 1, x, width);
		return;
	}
	size_t top = s->cursor.top;
	for (int r = 0; r < rows && top + (size_t)r < s->nshown; r++) {
		size_t i = top + (size_t)r;
		const struct couple_rec *c = &s->list.items[s->shown[i]];
		bool sel = i == s->cursor.selected;
		attr_t attr = sel ? draw_attr(TUI_ROLE_SELECTED) : A_NORMAL;
		if (sel)
			draw_fill(y + r, area.left, area.width, attr);
		cx = x;
		for (size_t col = 0; col < NCOLUMNS; col++) {
			if (w[col] == 0)
				continue;
			struct strbuf cell = STRBUF_INIT;
			couples_columns[col].cell(c, &cell);
			attr_t a = attr;
			if (!sel && col > 1 && strcmp(strbuf_str(&cell), "none yet") == 0)
				a = draw_attr(TUI_ROLE_MUTED);
			draw_cell(y + r, cx, strbuf_str(&cell), w[col], a, couples_columns[col].align);
			strbuf_release(&cell);
			cx += w[col] + 2;
		}
		/* A safety flag or alert marks the row in the margin, where no column is. */
		if (is_flagged(s, c->id))
			draw_text(y + r, area.left, "!", 1,
				sel ? attr | A_BOLD : draw_attr(TUI_ROLE_ERROR) | A_BOLD);
	}
	if (top + (size_t)rows < s->nshown)
		draw_text(area.top, area.left + area.width - 10, "more ↓", 8, draw_attr(TUI_ROLE_MUTED));
}

/* ---- keys -------------------------------------------------------------------- */

/* Moves the selection for a movement action; false for any other. */
static bool move_selection(struct couples *s, enum tui_action action)
{
	if (!list_cursor_move(&s->cursor, action))
		return false;
	if (s->nshown)
		s->selected_id = s->list.items[s->shown[s->cursor.selected]].id;
	return true;
}

static unsigned couples_key(struct tui *tui, void *self, int key)
{
	(void)tui;
	struct couples *s = self;
	bool has_filter = lineedit_text(&s->filter)[0] != '\0';
	if (key == TUI_KEY_ESC && (s->filtering || has_filter)) {
		lineedit_set(&s->filter, NULL);
		s->filtering = false;
		apply_filter(s);
		return TUI_REDRAW;
	}
	if (!s->filtering)
		return TUI_UNHANDLED;
	if (key == TUI_KEY_BACKSPACE && !has_filter) {
		s->filtering = false;
		return TUI_REDRAW;
	}
	bool changed;
	if (key != TUI_KEY_LEFT && key != TUI_KEY_RIGHT && lineedit_key(&s->filter, key, &changed)) {
		if (changed)
			apply_filter(s);
		return TUI_REDRAW;
	}
	return TUI_UNHANDLED;
}

static unsigned couples_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)key;
	struct couples *s = self;
	if (move_selection(s, action))
		return TUI_REDRAW;
	switch (action) {
	case TUI_ACTION_FILTER:
		s->filtering = true;
		return TUI_REDRAW;
	case TUI_ACTION_TODAY_SHOW:
		s->filtering = false;
		tui_today_switch(tui, TUI_SCREEN_TODAY);
		return TUI_REDRAW;
	case TUI_ACTION_TOGGLE_CLOSED:
		s->show_all = !s->show_all;
		tui_message(tui, TUI_TONE_INFO, s->show_all
			? "Showing every couple: active, paused and closed."
			: "Showing active couples only.");
		return TUI_RELOAD;
	case TUI_ACTION_COUPLE_ADD:
		s->filtering = false;
		tui_couple_add_form(tui);
		return TUI_REDRAW;
	case TUI_ACTION_COUPLE_OPEN: {
		const struct couple_rec *c = selected_couple(s);
		s->filtering = false;
		if (c == NULL) {
			tui_message(tui, TUI_TONE_INFO, "There is no couple to open here.");
			return TUI_REDRAW;
		}
		struct tui_target t = { TUI_SCREEN_COUPLE, c->id, 0 };
		tui_open(tui, TUI_SCREEN_COUPLE, &t);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

static void couples_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Couples");
}

static void couples_hints(struct tui *tui, void *self, struct strbuf *out)
{
	struct couples *s = self;
	if (!s->filtering) {
		tui_default_hints(tui, TUI_SCREEN_COUPLES, out);
		return;
	}
	tui_hint(out, "type", "to filter");
	tui_hint(out, "↑↓", "choose");
	tui_hint(out, "Enter", "open");
	strbuf_addc(out, '\n');
	tui_hint(out, "F1", "help");
	tui_hint(out, "Esc", "clear filter");
}

static bool couples_target(void *self, struct tui_target *out)
{
	const struct couple_rec *c = selected_couple(self);
	if (c == NULL)
		return false;
	out->couple_id = c->id;
	return true;
}

const struct tui_screen_ops tui_couples_ops = {
	.id = TUI_SCREEN_COUPLES,
	.name = "the couples list",
	.create = couples_create,
	.load = couples_load,
	.draw = couples_draw,
	.key = couples_key,
	.action = couples_action,
	.title = couples_title,
	.hints = couples_hints,
	.target = couples_target,
	.destroy = couples_destroy,
};

/* ---- the new-couple form ------------------------------------------------------- */

static enum dyad_error add_couple(struct tui *tui, const struct tui_target *target,
	const char *const *v, struct dyad_status *st)
{
	(void)target;
	struct couple_input in = { 0 };
	in.name = v[0];
	in.partner_name[0] = v[1];
	in.partner_pronouns[0] = v[2][0] ? v[2] : NULL;
	in.partner_name[1] = v[3];
	in.partner_pronouns[1] = v[4][0] ? v[4] : NULL;
	in.intake = v[5][0] ? v[5] : NULL;
	int64_t id;
	enum dyad_error rc = practice_couple_add(tui->store, &in, &id, st);
	if (rc != DYAD_OK)
		return rc;
	/* The form is still on the stack (its closing is queued); beneath it
	 * is the screen it was opened from. */
	if (tui->depth >= 2 && tui->stack[tui->depth - 2].ops->id == TUI_SCREEN_WELCOME) {
		tui_back(tui);
		tui_open(tui, TUI_SCREEN_COUPLES, NULL);
	}
	struct tui_target t = { TUI_SCREEN_COUPLE, id, 0 };
	tui_open(tui, TUI_SCREEN_COUPLE, &t);
	tui_message(tui, TUI_TONE_DONE, "Couple added. Press a to record their first session.");
	return DYAD_OK;
}

void tui_couple_add_form(struct tui *tui)
{
	static const struct tui_form_field fields[] = {
		{ "name", "Couple", "How the couple appears in lists, e.g. Okafor & Reyes", NULL, NULL },
		{ "partner A name", "Partner A", "Partner A's full name", NULL, NULL },
		{ "partner A pronouns", "A's pronouns", "Optional, e.g. she/her", NULL, NULL },
		{ "partner B name", "Partner B", "Partner B's full name", NULL, NULL },
		{ "partner B pronouns", "B's pronouns", "Optional, e.g. they/them", NULL, NULL },
		{ "intake", "Intake date", "YYYY-MM-DD; leave empty for today", NULL, NULL },
	};
	struct tui_form_spec spec = { "New couple", "Both partners' names are needed; the rest can wait.",
		fields, sizeof fields / sizeof fields[0], { TUI_SCREEN_COUPLES, 0, 0 }, add_couple };
	tui_form_open(tui, &spec);
}
