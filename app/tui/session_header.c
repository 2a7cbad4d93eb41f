/* session_header.c: the top of the session screen: whose session, when, how
 * long, how, who came, and whether the note is signed. */
#include <stdio.h>
#include <string.h>

#include "app/domain/session_state.h"
#include "app/tui/draw.h"
#include "app/tui/session.h"
#include "app/tui/text.h"

const char *session_attendance_text(const char *attendance)
{
	if (strcmp(attendance, "both") == 0)
		return "both came";
	if (strcmp(attendance, "a-only") == 0)
		return "A came alone";
	if (strcmp(attendance, "b-only") == 0)
		return "B came alone";
	if (strcmp(attendance, "no-show") == 0)
		return "no-show";
	return attendance;
}

static int header_height(void *self, const struct tui_record *rec, int width, int screen_rows)
{
	(void)self;
	(void)rec;
	(void)width;
	(void)screen_rows;
	return 2;
}

static void header_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)self;
	(void)focused;
	int x = area.left + 1, width = area.width - 2;
	const struct couple_rec *c = &rec->couple;
	bool signed_note = strcmp(rec->note.status, "signed") == 0;
	char state[64];
	if (signed_note)
		snprintf(state, sizeof state, "signed %.10s · locked", rec->note.signed_at);
	else
		snprintf(state, sizeof state, "draft note");
	int state_w = text_width(state) + 1;
	draw_text(area.top, x, c->name, width - state_w - 2, draw_attr(TUI_ROLE_HEADING));
	draw_cell(area.top, x + width - state_w, state, state_w,
		signed_note ? draw_attr(TUI_ROLE_LOCKED) : draw_attr(TUI_ROLE_MUTED), TUI_ALIGN_RIGHT);
	if (area.height < 2)
		return;
	const struct session_rec *s = &rec->session;
	char when[40], line[200];
	section_format_when(s->starts_at, when, sizeof when);
	snprintf(line, sizeof line, "%s · %d min · %s · %s", when, s->minutes, s->modality,
		session_state_of(s) == SESSION_PLANNED ? "planned, not held yet"
			: session_attendance_text(s->attendance));
	draw_text(area.top + 1, x, line, width, A_NORMAL);
}

const struct tui_section_ops session_header_section = {
	.name = "Session",
	.height = header_height,
	.draw = header_draw,
};
