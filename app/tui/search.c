/* search.c: note search across every couple, updated as you type. Each
 * keystroke runs one bounded full-text query (the newest SEARCH_LIMIT
 * matches), so it stays quick on tens of thousands of notes. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/utf8.h"
#include "app/store/search.h"
#include "app/tui/draw.h"
#include "app/tui/keymap.h"
#include "app/tui/keys.h"
#include "app/tui/lineedit.h"
#include "app/tui/listcursor.h"
#include "app/tui/section.h"
#include "app/tui/text.h"

#define SEARCH_LIMIT 50

struct search {
	struct lineedit query;
	struct search_results results;
	struct list_cursor cursor; /* over results; a row is two lines */
	int64_t selected_session;  /* kept across reloads */
	bool too_short;            /* one letter typed: nothing searched yet */
};

static void *search_create(struct tui *tui, const struct tui_target *target)
{
	(void)tui;
	(void)target;
	struct search *s = calloc(1, sizeof *s);
	if (s != NULL)
		lineedit_init(&s->query, NULL, 200);
	return s;
}

static void search_destroy(void *self)
{
	struct search *s = self;
	if (s == NULL)
		return;
	search_results_free(&s->results);
	lineedit_free(&s->query);
	free(s);
}

/* Characters in the last word typed, and in the whole query. */
static void measure_query(const char *q, size_t *last_word, size_t *total)
{
	*last_word = *total = 0;
	size_t n = strlen(q), i = 0;
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_decode(q + i, n - i, &cp);
		i += k ? k : 1;
		if (cp == ' ' || cp == '\t') {
			*last_word = 0;
			continue;
		}
		(*last_word)++;
		(*total)++;
	}
}

static enum dyad_error run_query(struct tui *tui, struct search *s, struct dyad_status *st)
{
	search_results_free(&s->results);
	size_t last_word, total;
	measure_query(lineedit_text(&s->query), &last_word, &total);
	s->too_short = total == 1;
	if (s->too_short)
		return DYAD_OK;
	/* A one-letter prefix matches nearly every word of every note: it
	 * waits for a second letter before matching beginnings. */
	enum dyad_error rc = search_notes(tui->store, lineedit_text(&s->query), last_word >= 2,
		SEARCH_LIMIT, &s->results, st);
	size_t keep = 0;
	for (size_t i = 0; i < s->results.len; i++)
		if (s->results.items[i].session_id == s->selected_session)
			keep = i;
	list_cursor_set_count(&s->cursor, s->results.len);
	list_cursor_select(&s->cursor, (long long)keep);
	if (s->results.len)
		s->selected_session = s->results.items[s->cursor.selected].session_id;
	return rc;
}

static enum dyad_error search_load(struct tui *tui, void *self, struct dyad_status *st)
{
	return run_query(tui, self, st);
}

/* The snippet on one line, the matched words (between the brackets the
 * store puts around them) in bold. */
static void draw_snippet(int y, int x, int width, const char *snippet, attr_t base)
{
	struct strbuf safe = STRBUF_INIT;
	text_safe(&safe, snippet, strlen(snippet), TEXT_FLATTEN);
	const char *p = strbuf_str(&safe);
	int used = 0;
	bool bold = false;
	/* On a narrow screen, start later rather than cut off the first match. */
	const char *close = strchr(p, ']');
	if (close != NULL) {
		struct strbuf upto = STRBUF_INIT;
		strbuf_add(&upto, p, (size_t)(close - p) + 1);
		int need = text_width(strbuf_str(&upto));
		strbuf_release(&upto);
		if (need > width) {
			while (*p && p < close && need > width - 1) {
				uint32_t cp;
				size_t k = utf8_decode(p, strlen(p), &cp);
				need -= utf8_cp_width(cp);
				p += k ? k : 1;
			}
			draw_safe(y, x, "…", strlen("…"), base);
			used = 1;
		}
	}
	while (*p && used < width) {
		size_t run = strcspn(p, bold ? "]" : "[");
		if (bold && p[run] == ']')
			run++; /* the closing bracket belongs to the match */
		if (run == 0) {
			bold = !bold;
			continue;
		}
		struct strbuf part = STRBUF_INIT;
		strbuf_add(&part, p, run);
		int w;
		size_t fit = text_fit(strbuf_str(&part), width - used, &w);
		strbuf_release(&part);
		draw_safe(y, x + used, p, fit, bold ? base | A_BOLD : base);
		used += w;
		if (fit < run)
			break;
		p += run;
		bold = !bold;
	}
	strbuf_release(&safe);
}

static void search_draw(struct tui *tui, void *self, struct tui_area area)
{
	struct search *s = self;
	int x = area.left + 2, width = area.width - 4;
	int used = draw_text(area.top, x, "Search notes", 14, draw_attr(TUI_ROLE_HEADING));
	int cx = lineedit_draw(&s->query, area.top, x + used + 2, width - used - 2,
		draw_attr(TUI_ROLE_FIELD));
	tui_cursor(tui, area.top, cx);
	const char *q = lineedit_text(&s->query);
	char line[200];
	if (q[0] == '\0') {
		draw_text(area.top + 2, x, "Type a word or two from a note: a name, a feeling, \"flooding\".",
			width, draw_attr(TUI_ROLE_MUTED));
		draw_text(area.top + 3, x,
			"Results follow your typing; the last word also matches its beginning (\"reli\" finds \"relief\").",
			width, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	if (s->too_short) {
		draw_text(area.top + 2, x, "Keep typing: the search starts at the second letter.", width,
			draw_attr(TUI_ROLE_MUTED));
		return;
	}
	if (s->results.len == 0) {
		draw_text(area.top + 2, x, "No note or addendum contains all of these words.", width,
			draw_attr(TUI_ROLE_MUTED));
		return;
	}
	if (s->results.len == SEARCH_LIMIT)
		snprintf(line, sizeof line,
			"The %d newest matches in notes and addenda; another word narrows them.",
			SEARCH_LIMIT);
	else
		snprintf(line, sizeof line, "%zu match%s in notes and addenda, newest first",
			s->results.len, s->results.len == 1 ? "" : "es");
	draw_text(area.top + 1, x, line, width, draw_attr(TUI_ROLE_MUTED));
	int y = area.top + 3, rows = (area.height - 3) / 2;
	list_cursor_layout(&s->cursor, s->results.len, rows);
	size_t top = s->cursor.top;
	for (int r = 0; r < rows && top + (size_t)r < s->results.len; r++) {
		size_t i = top + (size_t)r;
		const struct search_hit *h = &s->results.items[i];
		bool sel = i == s->cursor.selected;
		attr_t attr = sel ? draw_attr(TUI_ROLE_SELECTED) : A_NORMAL;
		int row = y + 2 * r;
		if (sel) {
			draw_fill(row, area.left, area.width, attr);
			draw_fill(row + 1, area.left, area.width, attr);
		}
		char when[40];
		section_format_when(h->starts_at, when, sizeof when);
		int w = draw_text(row, x, when, 20, attr);
		int cw = draw_text(row, x + w + 3, h->couple_name, width - w - 3,
			sel ? attr : draw_attr(TUI_ROLE_HEADING));
		/* A match in an addendum says so: it is not the note's own text. */
		if (h->addendum_id && width - w - 3 - cw > 0) {
			char tag[48];
			snprintf(tag, sizeof tag, "  addendum of %.10s", h->addendum_at);
			draw_text(row, x + w + 3 + cw, tag, width - w - 3 - cw,
				sel ? attr : draw_attr(TUI_ROLE_MUTED));
		}
		draw_snippet(row + 1, x + 2, width - 2, h->snippet, sel ? attr : draw_attr(TUI_ROLE_MUTED));
	}
}

static unsigned search_key(struct tui *tui, void *self, int key)
{
	struct search *s = self;
	bool changed;
	if (!lineedit_key(&s->query, key, &changed))
		return TUI_UNHANDLED;
	if (changed) {
		struct dyad_status st = { 0 };
		s->selected_session = 0;
		s->cursor.top = 0;
		if (run_query(tui, s, &st) != DYAD_OK)
			tui_message_status(tui, &st);
	}
	return TUI_REDRAW;
}

/* Moves the selection for a movement action; false for any other. */
static bool move_selection(struct search *s, enum tui_action action)
{
	if (!list_cursor_move(&s->cursor, action))
		return false;
	if (s->results.len)
		s->selected_session = s->results.items[s->cursor.selected].session_id;
	return true;
}

static unsigned search_action(struct tui *tui, void *self, enum tui_action action, int key)
{
	(void)key;
	struct search *s = self;
	if (move_selection(s, action))
		return TUI_REDRAW;
	switch (action) {
	case TUI_ACTION_RESULT_OPEN: {
		if (s->results.len == 0) {
			tui_message(tui, TUI_TONE_INFO, "Type a word first; Enter opens the chosen note.");
			return TUI_REDRAW;
		}
		const struct search_hit *h = &s->results.items[s->cursor.selected];
		struct tui_target t = { TUI_SCREEN_SESSION, h->couple_id, h->session_id };
		tui_open(tui, TUI_SCREEN_SESSION, &t);
		return TUI_REDRAW;
	}
	default:
		return TUI_UNHANDLED;
	}
}

static void search_title(void *self, struct strbuf *out)
{
	(void)self;
	strbuf_adds(out, "Search");
}

static void search_hints(struct tui *tui, void *self, struct strbuf *out)
{
	(void)tui;
	(void)self;
	tui_hint(out, "type", "words");
	tui_hint(out, "↑↓", "choose");
	tui_hint(out, "Enter", "open");
	strbuf_addc(out, '\n');
	tui_hint(out, "F1", "help");
	tui_hint(out, "Esc", "back");
}

static bool search_target(void *self, struct tui_target *out)
{
	struct search *s = self;
	if (s->results.len == 0)
		return false;
	out->couple_id = s->results.items[s->cursor.selected].couple_id;
	out->session_id = s->results.items[s->cursor.selected].session_id;
	return true;
}

const struct tui_screen_ops tui_search_ops = {
	.id = TUI_SCREEN_SEARCH,
	.name = "note search",
	.flags = TUI_SCREEN_TYPING,
	.create = search_create,
	.load = search_load,
	.draw = search_draw,
	.key = search_key,
	.action = search_action,
	.title = search_title,
	.hints = search_hints,
	.target = search_target,
	.destroy = search_destroy,
};
