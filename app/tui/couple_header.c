/* couple_header.c: the top of the couple screen: who the couple is. */
#include <inttypes.h>
#include <stdio.h>

#include "app/tui/couple.h"
#include "app/tui/draw.h"

static int header_height(void *self, const struct tui_record *rec, int width, int screen_rows)
{
	(void)self;
	(void)rec;
	(void)width;
	(void)screen_rows;
	return 4;
}

static void draw_partner(int y, int x, int width, const char *role,
	const struct partner_rec *p)
{
	draw_text(y, x, role, 10, draw_attr(TUI_ROLE_MUTED));
	int used = draw_text(y, x + 11, p->name, width - 11, A_NORMAL);
	if (p->pronouns) {
		struct strbuf s = STRBUF_INIT;
		strbuf_addf(&s, "(%s)", p->pronouns);
		draw_text(y, x + 12 + used, strbuf_str(&s), width - 12 - used, draw_attr(TUI_ROLE_MUTED));
		strbuf_release(&s);
	}
}

static void header_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)self;
	(void)focused;
	const struct couple_rec *c = &rec->couple;
	int x = area.left + 1, width = area.width - 2;
	int status_w = 8;
	draw_text(area.top, x, c->name, width - status_w - 2, draw_attr(TUI_ROLE_HEADING));
	draw_cell(area.top, x + width - status_w, c->status, status_w,
		c->status[0] == 'a' ? draw_attr(TUI_ROLE_DONE) : draw_attr(TUI_ROLE_LOCKED),
		TUI_ALIGN_RIGHT);
	if (area.height > 1)
		draw_partner(area.top + 1, x, width, "Partner A", &c->partner[0]);
	if (area.height > 2)
		draw_partner(area.top + 2, x, width, "Partner B", &c->partner[1]);
	if (area.height > 3) {
		char line[160];
		int n = snprintf(line, sizeof line, "Intake %s · %" PRId64 " session%s (%" PRId64 " held)",
			c->intake, c->sessions_total, c->sessions_total == 1 ? "" : "s", c->sessions_held);
		if (c->last_session[0] && n > 0 && (size_t)n < sizeof line)
			snprintf(line + n, sizeof line - (size_t)n, " · last %.10s", c->last_session);
		draw_text(area.top + 3, x, line, width, draw_attr(TUI_ROLE_MUTED));
	}
}

const struct tui_section_ops couple_header_section = {
	.name = "Couple",
	.height = header_height,
	.draw = header_draw,
};
