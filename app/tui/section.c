/* section.c: laying out, feeding and focusing a screen's sections. */
#include "app/tui/section.h"

#include <stdio.h>
#include <string.h>

#include "app/core/date.h"
#include "app/tui/draw.h"
#include "app/tui/keymap.h"

bool sections_create(struct tui_sections *s, const struct tui_section_ops *const *table,
	size_t len)
{
	memset(s, 0, sizeof *s);
	s->ops = table;
	s->len = len < TUI_SECTIONS_MAX ? len : TUI_SECTIONS_MAX;
	s->focus = -1;
	for (size_t i = 0; i < s->len; i++) {
		s->self[i] = table[i]->create ? table[i]->create() : NULL;
		if (table[i]->create && s->self[i] == NULL) {
			sections_destroy(s);
			return false;
		}
		if (s->focus < 0 && (table[i]->flags & TUI_SECTION_FOCUS))
			s->focus = (int)i;
	}
	return true;
}

enum dyad_error sections_load(struct tui *tui, struct tui_sections *s,
	const struct tui_record *rec, struct dyad_status *st)
{
	for (size_t i = 0; i < s->len; i++) {
		if (s->ops[i]->load == NULL)
			continue;
		enum dyad_error rc = s->ops[i]->load(tui, s->self[i], rec, st);
		if (rc != DYAD_OK)
			return rc;
	}
	return DYAD_OK;
}

void sections_draw(struct tui *tui, struct tui_sections *s, const struct tui_record *rec,
	struct tui_area area)
{
	int heights[TUI_SECTIONS_MAX] = { 0 };
	int fills = 0;
	for (size_t i = 0; i < s->len; i++)
		if (s->ops[i]->flags & TUI_SECTION_FILL)
			fills++;
	/* A blank line between sections when the screen has room for it. */
	int gap = area.height >= 24 ? 1 : 0;
	int left = area.height - gap * (int)(s->len > 0 ? s->len - 1 : 0);
	/* The fill sections keep at least a heading and three rows. */
	int reserve = 4 * fills;
	for (size_t i = 0; i < s->len; i++) {
		if (s->ops[i]->flags & TUI_SECTION_FILL)
			continue;
		int h = s->ops[i]->height ? s->ops[i]->height(s->self[i], rec, area.width, area.height) : 1;
		if (h > left - reserve)
			h = left - reserve;
		heights[i] = h > 0 ? h : 0;
		left -= heights[i];
	}
	for (size_t i = 0, f = 0; i < s->len; i++) {
		if (!(s->ops[i]->flags & TUI_SECTION_FILL))
			continue;
		int share = fills ? left / fills : 0;
		if (++f == (size_t)fills)
			share = left - share * (fills - 1);
		heights[i] = share > 0 ? share : 0;
	}
	int y = area.top;
	for (size_t i = 0; i < s->len; i++) {
		if (heights[i] <= 0)
			continue;
		struct tui_area a = { y, area.left, heights[i], area.width };
		s->ops[i]->draw(tui, s->self[i], rec, a, (int)i == s->focus);
		y += heights[i] + gap;
	}
}

unsigned sections_key(struct tui *tui, struct tui_sections *s, const struct tui_record *rec,
	int key)
{
	if (s->focus < 0 || s->ops[s->focus]->key == NULL)
		return TUI_UNHANDLED;
	return s->ops[s->focus]->key(tui, s->self[s->focus], rec, key);
}

unsigned sections_action(struct tui *tui, struct tui_sections *s,
	const struct tui_record *rec, enum tui_action action)
{
	if (action == TUI_ACTION_NEXT_SECTION) {
		for (size_t step = 1; step <= s->len && s->focus >= 0; step++) {
			size_t i = ((size_t)s->focus + step) % s->len;
			if (s->ops[i]->flags & TUI_SECTION_FOCUS) {
				if ((int)i == s->focus)
					break;
				s->focus = (int)i;
				return TUI_REDRAW;
			}
		}
		tui_message(tui, TUI_TONE_INFO, "This screen has only one part to move in.");
		return TUI_REDRAW;
	}
	if (s->focus < 0 || s->ops[s->focus]->action == NULL)
		return TUI_UNHANDLED;
	return s->ops[s->focus]->action(tui, s->self[s->focus], rec, action);
}

unsigned sections_action_for(struct tui *tui, struct tui_sections *s,
	const struct tui_record *rec, const struct tui_section_ops *ops, enum tui_action action)
{
	for (size_t i = 0; i < s->len; i++)
		if (s->ops[i] == ops && ops->action != NULL)
			return ops->action(tui, s->self[i], rec, action);
	return TUI_UNHANDLED;
}

void sections_hints(struct tui_sections *s, const struct tui_record *rec, struct strbuf *out)
{
	if (s->focus >= 0 && s->ops[s->focus]->hints)
		s->ops[s->focus]->hints(s->self[s->focus], rec, out);
}

bool sections_target(struct tui_sections *s, const struct tui_record *rec,
	struct tui_target *out)
{
	if (s->focus < 0 || s->ops[s->focus]->target == NULL)
		return false;
	return s->ops[s->focus]->target(s->self[s->focus], rec, out);
}

void sections_destroy(struct tui_sections *s)
{
	for (size_t i = 0; i < s->len; i++) {
		if (s->ops[i]->destroy)
			s->ops[i]->destroy(s->self[i]);
		s->self[i] = NULL;
	}
	s->len = 0;
}

void tui_record_clear(struct tui_record *rec)
{
	couple_rec_free(&rec->couple);
	note_rec_free(&rec->note);
	int64_t couple_id = rec->couple_id, session_id = rec->session_id;
	memset(rec, 0, sizeof *rec);
	rec->couple_id = couple_id;
	rec->session_id = session_id;
}

void section_heading(struct tui_area area, const char *name, const char *aside, bool focused)
{
	attr_t attr = draw_attr(TUI_ROLE_HEADING);
	int x = area.left + 1;
	if (focused)
		draw_text(area.top, x - 1, "▸", 1, attr);
	int used = draw_text(area.top, x + 1, name, area.width - 4, attr);
	if (aside && *aside) {
		struct tui_area rest = { area.top, x + used + 3, 1, area.width - used - 5 };
		draw_text(rest.top, rest.left, aside, rest.width, draw_attr(TUI_ROLE_MUTED));
	}
}

void section_format_when(const char *starts_at, char *out, size_t size)
{
	static const char *const weekday[] = { "Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed" };
	struct dyad_datetime dt;
	if (!datetime_parse(starts_at, &dt, NULL)) {
		snprintf(out, size, "%s", starts_at);
		return;
	}
	int64_t days = date_to_days(dt.date);
	int wd = (int)(((days % 7) + 7) % 7);
	snprintf(out, size, "%s %04d-%02d-%02d %02d:%02d", weekday[wd], dt.date.year, dt.date.month,
		dt.date.day, dt.hour, dt.minute);
}
