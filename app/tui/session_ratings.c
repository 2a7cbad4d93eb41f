/* session_ratings.c: the concept ratings of a session as a grid: a row per
 * concept, a column per partner (one cell for couple-level concepts). The
 * arrows and hjkl move; + steps a value up, and each step is saved at
 * once through the domain's rules; a typed number is gathered in the cell
 * and checked once, when Enter, Tab or a move ends it. On a scale that
 * goes below zero, - starts a typed number, and a minus sign left alone
 * lowers the value one step; elsewhere - steps down at once. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/domain/practice.h"
#include "app/store/concepts.h"
#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/keys.h"
#include "app/tui/listcursor.h"
#include "app/tui/session.h"
#include "app/tui/text.h"

struct cell {
	bool has;
	int value;
};

struct ratings_section {
	struct concept_list concepts;
	struct cell (*cells)[3];  /* per concept: A, B, the couple */
	struct list_cursor cursor; /* over concepts: the row */
	int col;                  /* 0 partner A, 1 partner B */
	bool locked;              /* the note is signed */
	bool entering;            /* a number is being typed into the cell */
	char entry[8];
};

static void *ratings_create(void)
{
	return calloc(1, sizeof(struct ratings_section));
}

static void ratings_destroy(void *self)
{
	struct ratings_section *g = self;
	if (g == NULL)
		return;
	concept_list_free(&g->concepts);
	free(g->cells);
	free(g);
}

static enum dyad_error ratings_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	struct ratings_section *g = self;
	concept_list_free(&g->concepts);
	free(g->cells);
	g->cells = NULL;
	g->entering = false;
	g->locked = strcmp(rec->note.status, "signed") == 0;
	enum dyad_error rc = concepts_list(tui->store, &g->concepts, st);
	if (rc != DYAD_OK)
		return rc;
	g->cells = calloc(g->concepts.len ? g->concepts.len : 1, sizeof *g->cells);
	if (g->cells == NULL)
		return dyad_fail(st, DYAD_ERR_NOMEM, "ratings: out of memory");
	struct rating_list ratings;
	if ((rc = ratings_for_session(tui->store, rec->session_id, &ratings, st)) != DYAD_OK)
		return rc;
	for (size_t r = 0; r < ratings.len; r++) {
		for (size_t c = 0; c < g->concepts.len; c++) {
			if (g->concepts.items[c].id == ratings.items[r].concept_id &&
				ratings.items[r].partner >= 0 && ratings.items[r].partner <= 2) {
				g->cells[c][ratings.items[r].partner].has = true;
				g->cells[c][ratings.items[r].partner].value = ratings.items[r].value;
			}
		}
	}
	rating_list_free(&ratings);
	list_cursor_set_count(&g->cursor, g->concepts.len);
	return DYAD_OK;
}

/* ---- values as text ------------------------------------------------------------ */

static void format_value(const struct concept_rec *c, int v, char *out, size_t size)
{
	if (strcmp(c->kind, "yesno") == 0)
		snprintf(out, size, "%s", v ? "yes" : "no");
	else if (c->scale_min < 0 && v > 0)
		snprintf(out, size, "+%d", v);
	else
		snprintf(out, size, "%d", v);
}

static void format_scale(const struct concept_rec *c, char *out, size_t size)
{
	char lo[16], hi[16];
	if (strcmp(c->kind, "yesno") == 0) {
		snprintf(out, size, "0 no, 1 yes");
		return;
	}
	format_value(c, c->scale_min, lo, sizeof lo);
	format_value(c, c->scale_max, hi, sizeof hi);
	snprintf(out, size, "%s to %s%s", lo, hi, strcmp(c->kind, "bpm") == 0 ? " bpm" : "");
}

/* ---- layout ---------------------------------------------------------------------- */

struct grid_layout {
	int name_x, name_w, col_x[2], col_w, scale_x, scale_w;
};

static struct grid_layout layout(struct tui_area area)
{
	struct grid_layout l;
	int inner = area.width - 3;
	l.scale_w = area.width >= 80 ? 14 : 0;
	int rest = inner - (l.scale_w ? l.scale_w + 2 : 0);
	l.name_w = rest - 2 * 14 - 4;
	if (l.name_w > 32)
		l.name_w = 32;
	l.col_w = (rest - l.name_w - 4) / 2;
	if (l.col_w > 22)
		l.col_w = 22;
	l.name_x = area.left + 2;
	l.col_x[0] = l.name_x + l.name_w + 2;
	l.col_x[1] = l.col_x[0] + l.col_w + 2;
	l.scale_x = l.col_x[1] + l.col_w + 2;
	return l;
}

static int partner_of(const struct ratings_section *g, size_t row)
{
	return g->concepts.items[row].couple_level ? 2 : g->col;
}

static void draw_value_cell(struct tui *tui, const struct ratings_section *g, size_t row,
	int who, int y, int x, int w, bool selected)
{
	const struct concept_rec *c = &g->concepts.items[row];
	const struct cell *cell = &g->cells[row][who];
	char text[40];
	attr_t attr = selected ? draw_attr(TUI_ROLE_SELECTED) : A_NORMAL;
	if (selected && g->entering) {
		snprintf(text, sizeof text, "%s", g->entry);
		draw_cell(y, x, text, w, attr, TUI_ALIGN_CENTER);
		int used = text_width(text);
		tui_cursor(tui, y, x + (w - used) / 2 + used);
		return;
	}
	if (cell->has) {
		format_value(c, cell->value, text, sizeof text);
		if (who == 2)
			strncat(text, "  (couple)", sizeof text - strlen(text) - 1);
	} else {
		snprintf(text, sizeof text, who == 2 ? "·  (couple)" : "·");
		if (!selected)
			attr = draw_attr(TUI_ROLE_MUTED);
	}
	draw_cell(y, x, text, w, attr, TUI_ALIGN_CENTER);
}

static void draw_description(const struct ratings_section *g, int y, int x, int width, int rows)
{
	const struct concept_rec *c = &g->concepts.items[g->cursor.selected];
	char scale[48];
	format_scale(c, scale, sizeof scale);
	struct strbuf raw = STRBUF_INIT, safe = STRBUF_INIT;
	strbuf_addf(&raw, "%s (%s%s): %s", c->name, scale, c->couple_level ? ", for the couple" : "",
		c->description);
	text_safe(&safe, raw.data, raw.len, TEXT_FLATTEN);
	struct text_lines lines = { 0 };
	text_wrap(strbuf_str(&safe), width, &lines);
	for (int i = 0; i < rows && (size_t)i < lines.len; i++) {
		const struct text_line *l = &lines.items[i];
		if (i == rows - 1 && (size_t)i + 1 < lines.len)
			draw_text(y + i, x, safe.data + l->start, width, draw_attr(TUI_ROLE_MUTED));
		else
			draw_safe(y + i, x, safe.data + l->start, l->len, draw_attr(TUI_ROLE_MUTED));
	}
	text_lines_free(&lines);
	strbuf_release(&raw);
	strbuf_release(&safe);
}

static void ratings_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	struct ratings_section *g = self;
	section_heading(area, "Ratings",
		g->locked ? "locked: the note is signed" : "each change is saved at once", focused);
	if (g->concepts.len == 0 || area.height < 3)
		return;
	struct grid_layout l = layout(area);
	int y = area.top + 1;
	for (int p = 0; p < 2; p++) {
		struct strbuf h = STRBUF_INIT;
		strbuf_addf(&h, "%c  %s", p ? 'B' : 'A', rec->couple.partner[p].name);
		draw_cell(y, l.col_x[p], strbuf_str(&h), l.col_w, draw_attr(TUI_ROLE_HEADING),
			TUI_ALIGN_CENTER);
		strbuf_release(&h);
	}
	if (l.scale_w)
		draw_cell(y, l.scale_x, "Scale", l.scale_w, draw_attr(TUI_ROLE_MUTED), TUI_ALIGN_LEFT);
	y++;
	int desc_rows = area.height >= 12 ? 2 : area.height >= 7 ? 1 : 0;
	int desc_gap = area.height >= 12 ? 1 : 0;
	int rows = area.height - 2 - (desc_rows ? desc_rows + desc_gap : 0);
	if (rows < 1)
		rows = 1;
	list_cursor_layout(&g->cursor, g->concepts.len, rows);
	size_t top = g->cursor.top;
	for (int r = 0; r < rows && top + (size_t)r < g->concepts.len; r++) {
		size_t i = top + (size_t)r;
		const struct concept_rec *c = &g->concepts.items[i];
		bool here = i == g->cursor.selected && focused;
		draw_text(y + r, l.name_x, c->name, l.name_w,
			here ? draw_attr(TUI_ROLE_HEADING) : A_NORMAL);
		if (c->couple_level) {
			draw_value_cell(tui, g, i, 2, y + r, l.col_x[0], 2 * l.col_w + 2, here);
		} else {
			for (int p = 0; p < 2; p++)
				draw_value_cell(tui, g, i, p, y + r, l.col_x[p], l.col_w, here && g->col == p);
		}
		if (l.scale_w) {
			char scale[48];
			format_scale(c, scale, sizeof scale);
			draw_text(y + r, l.scale_x, scale, l.scale_w, draw_attr(TUI_ROLE_MUTED));
		}
	}
	if (top + (size_t)rows < g->concepts.len)
		draw_text(area.top, area.left + area.width - 10, "more ↓", 8, draw_attr(TUI_ROLE_MUTED));
	if (desc_rows)
		draw_description(g, y + rows + desc_gap, l.name_x, area.width - 4, desc_rows);
}

/* ---- changing values -------------------------------------------------------------- */

static unsigned save_value(struct tui *tui, struct ratings_section *g,
	const struct tui_record *rec, int value)
{
	const struct concept_rec *c = &g->concepts.items[g->cursor.selected];
	int who = partner_of(g, g->cursor.selected);
	struct dyad_status st = { 0 };
	if (practice_rate_value(tui->store, rec->session_id, c->key, who, value, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_RELOAD;
	}
	g->cells[g->cursor.selected][who].has = true;
	g->cells[g->cursor.selected][who].value = value;
	char text[40];
	format_value(c, value, text, sizeof text);
	if (who == 2)
		tui_message(tui, TUI_TONE_DONE, "Saved: %s for the couple, %s.", c->name, text);
	else
		tui_message(tui, TUI_TONE_DONE, "Saved: %s for %s, %s.", c->name,
			rec->couple.partner[who].name, text);
	return TUI_REDRAW;
}

static bool refuse_if_locked(struct tui *tui, const struct ratings_section *g)
{
	if (!g->locked)
		return false;
	tui_message(tui, TUI_TONE_ERROR,
		"This note is signed, so its ratings are locked and cannot change.");
	return true;
}

static unsigned step_value(struct tui *tui, struct ratings_section *g,
	const struct tui_record *rec, int step);

/* A minus sign with no digit after it is the old "lower by one": the step
 * is taken (or, at the bottom of the scale, said to be impossible) and the
 * key that ended it may go on, unless the store refused the save. */
static unsigned lower_by_one(struct tui *tui, struct ratings_section *g,
	const struct tui_record *rec, bool *saved)
{
	unsigned r = step_value(tui, g, rec, -1);
	*saved = r == TUI_REDRAW;
	return r;
}

static void open_minus(struct tui *tui, struct ratings_section *g)
{
	g->entering = true;
	g->entry[0] = '-';
	g->entry[1] = '\0';
	tui_message(tui, TUI_TONE_INFO, "Type a number, or Enter to lower by one.");
}

/* Checks the typed value once against the scale and saves it. A value
 * that is not a whole number on the scale is refused with a message that
 * names the concept and its range; the cell keeps its old value. Either
 * way the typing ends. Returns TUI_REDRAW when it saved (or there was
 * nothing to save), with *saved set. */
static unsigned commit_entry(struct tui *tui, struct ratings_section *g,
	const struct tui_record *rec, bool *saved)
{
	*saved = false;
	g->entering = false;
	const struct concept_rec *c = &g->concepts.items[g->cursor.selected];
	if (strcmp(g->entry, "-") == 0)
		return lower_by_one(tui, g, rec, saved);
	if (g->entry[0] == '\0') {
		*saved = true;
		tui_message(tui, TUI_TONE_INFO, "Nothing was typed, so nothing changed.");
		return TUI_REDRAW;
	}
	char scale[48];
	format_scale(c, scale, sizeof scale);
	long v = strtol(g->entry, NULL, 10);
	if (v < c->scale_min || v > c->scale_max) {
		tui_message(tui, TUI_TONE_ERROR,
			"%s is rated %s; %s is not on that scale, so the value is as it was.", c->name, scale,
			g->entry);
		return TUI_REDRAW;
	}
	unsigned r = save_value(tui, g, rec, (int)v);
	*saved = r == TUI_REDRAW;
	return r;
}

/* Keys that leave the cell: what was typed is checked and saved first,
 * and the move happens only when it was. */
static bool leaves_cell(int key)
{
	switch (keymap_lookup(TUI_SCREEN_SESSION, key)) {
	case TUI_ACTION_UP:
	case TUI_ACTION_DOWN:
	case TUI_ACTION_LEFT:
	case TUI_ACTION_RIGHT:
	case TUI_ACTION_PAGE_UP:
	case TUI_ACTION_PAGE_DOWN:
	case TUI_ACTION_FIRST:
	case TUI_ACTION_LAST:
	case TUI_ACTION_NEXT_SECTION:
		return true;
	default:
		return false;
	}
}

/* Typing a value: digits, and a minus sign as the very first character,
 * gather in the cell until Enter, Tab or a move checks them against the
 * scale once. A therapist types -1 as -, 1, Enter, so on a scale below zero
 * - with nothing typed opens the cell with a minus sign; left alone, that
 * minus lowers the value a step when Enter, Tab or a move comes, and a
 * second - takes that step at once and leaves a new minus open. On a scale
 * that cannot be negative, - stays an immediate step down (RATE_DOWN). */
static unsigned ratings_key(struct tui *tui, void *self, const struct tui_record *rec, int key)
{
	struct ratings_section *g = self;
	if (g->concepts.len == 0)
		return TUI_UNHANDLED;
	const struct concept_rec *c = &g->concepts.items[g->cursor.selected];
	bool digit = key >= '0' && key <= '9';
	if (!g->entering) {
		if (key == '-' && c->scale_min < 0 && !g->locked) {
			open_minus(tui, g);
			return TUI_REDRAW;
		}
		if (!digit)
			return TUI_UNHANDLED;
		if (refuse_if_locked(tui, g))
			return TUI_REDRAW;
		g->entering = true;
		g->entry[0] = '\0';
	}
	size_t n = strlen(g->entry);
	if (key == '-' && strcmp(g->entry, "-") == 0) {
		unsigned r = step_value(tui, g, rec, -1);
		if (r != TUI_REDRAW) {
			g->entering = false;
			return r;
		}
		/* The step's own message says what it saved; the minus stays open. */
		return TUI_REDRAW;
	}
	if (n == 0 && key == '-')
		tui_message(tui, TUI_TONE_INFO, "Type a number, or Enter to lower by one.");
	if (digit || (key == '-' && n == 0)) {
		if (n + 1 >= sizeof g->entry) {
			char scale[48];
			format_scale(c, scale, sizeof scale);
			tui_message(tui, TUI_TONE_ERROR, "%s is rated %s; that is more digits than it needs.",
				c->name, scale);
			return TUI_REDRAW;
		}
		g->entry[n] = (char)key;
		g->entry[n + 1] = '\0';
		return TUI_REDRAW;
	}
	bool saved;
	if (key == TUI_KEY_ENTER)
		return commit_entry(tui, g, rec, &saved);
	if (leaves_cell(key)) {
		unsigned r = commit_entry(tui, g, rec, &saved);
		return saved ? TUI_UNHANDLED : r;
	}
	if (key == TUI_KEY_BACKSPACE) {
		if (n > 0)
			g->entry[n - 1] = '\0';
		return TUI_REDRAW;
	}
	if (key == TUI_KEY_ESC) {
		g->entering = false;
		tui_message(tui, TUI_TONE_INFO, "Typing cancelled; the value is as it was.");
		return TUI_REDRAW;
	}
	if (keymap_lookup(TUI_SCREEN_SESSION, key) == TUI_ACTION_HELP)
		return TUI_UNHANDLED; /* help opens over the cell; the typing waits */
	/* Anything else would drop what was typed without a word. */
	if (key == '-')
		tui_message(tui, TUI_TONE_INFO,
			"A minus sign can only come first. Enter saves %s, Esc cancels it.", g->entry);
	else
		tui_message(tui, TUI_TONE_INFO, "You are typing a value for %s: Enter saves it, Esc cancels it.",
			c->name);
	return TUI_REDRAW;
}

static unsigned step_value(struct tui *tui, struct ratings_section *g,
	const struct tui_record *rec, int step)
{
	if (refuse_if_locked(tui, g))
		return TUI_REDRAW;
	const struct concept_rec *c = &g->concepts.items[g->cursor.selected];
	const struct cell *cell = &g->cells[g->cursor.selected][partner_of(g, g->cursor.selected)];
	/* An empty cell starts from 0 when the scale has it, else its lowest. */
	int start = c->scale_min <= 0 && c->scale_max >= 0 ? 0 : c->scale_min;
	int v = cell->has ? cell->value + step : start;
	if (v < c->scale_min || v > c->scale_max) {
		char text[40];
		format_value(c, step > 0 ? c->scale_max : c->scale_min, text, sizeof text);
		tui_message(tui, TUI_TONE_INFO, "%s is already at its %s, %s.", c->name,
			step > 0 ? "highest" : "lowest", text);
		return TUI_REDRAW;
	}
	return save_value(tui, g, rec, v);
}

static unsigned clear_value(struct tui *tui, struct ratings_section *g,
	const struct tui_record *rec)
{
	if (refuse_if_locked(tui, g))
		return TUI_REDRAW;
	const struct concept_rec *c = &g->concepts.items[g->cursor.selected];
	int who = partner_of(g, g->cursor.selected);
	if (!g->cells[g->cursor.selected][who].has) {
		tui_message(tui, TUI_TONE_INFO, "That cell is already empty.");
		return TUI_REDRAW;
	}
	struct dyad_status st = { 0 };
	if (practice_rate_clear(tui->store, rec->session_id, c->key, who, &st) != DYAD_OK) {
		tui_message_status(tui, &st);
		return TUI_RELOAD;
	}
	g->cells[g->cursor.selected][who].has = false;
	tui_message(tui, TUI_TONE_DONE, "Removed the rating of %s.", c->name);
	return TUI_REDRAW;
}

static unsigned ratings_action(struct tui *tui, void *self, const struct tui_record *rec,
	enum tui_action action)
{
	struct ratings_section *g = self;
	if (g->concepts.len == 0)
		return TUI_UNHANDLED;
	if (list_cursor_move(&g->cursor, action))
		return TUI_REDRAW;
	switch (action) {
	case TUI_ACTION_LEFT: g->col = 0; return TUI_REDRAW;
	case TUI_ACTION_RIGHT: g->col = 1; return TUI_REDRAW;
	case TUI_ACTION_RATE_UP: return step_value(tui, g, rec, 1);
	case TUI_ACTION_RATE_DOWN: return step_value(tui, g, rec, -1);
	case TUI_ACTION_RATE_CLEAR: return clear_value(tui, g, rec);
	case TUI_ACTION_RATE_TYPE:
		if (refuse_if_locked(tui, g))
			return TUI_REDRAW;
		g->entering = true;
		g->entry[0] = '\0';
		return TUI_REDRAW;
	default:
		return TUI_UNHANDLED;
	}
}

static void ratings_hints(void *self, const struct tui_record *rec, struct strbuf *out)
{
	(void)rec;
	struct ratings_section *g = self;
	if (g->entering && strcmp(g->entry, "-") == 0) {
		tui_hint(out, "0-9", "a negative number");
		tui_hint(out, "Enter", "lower by one");
		tui_hint(out, "Esc", "cancel");
		return;
	}
	if (g->entering) {
		tui_hint(out, "0-9", "type");
		tui_hint(out, "-", "minus, first");
		tui_hint(out, "Enter", "save");
		tui_hint(out, "Esc", "cancel");
		return;
	}
	tui_hint(out, "←↑↓→", "move");
	if (!g->locked) {
		tui_hint(out, "+ -", "change");
		tui_hint(out, "0-9", "type");
		if (g->concepts.len && g->concepts.items[g->cursor.selected].scale_min < 0)
			tui_hint(out, "- 1", "type a negative");
	}
}

const struct tui_section_ops session_ratings_section = {
	.name = "Ratings",
	.flags = TUI_SECTION_FOCUS | TUI_SECTION_FILL,
	.create = ratings_create,
	.load = ratings_load,
	.draw = ratings_draw,
	.key = ratings_key,
	.action = ratings_action,
	.hints = ratings_hints,
	.destroy = ratings_destroy,
};
