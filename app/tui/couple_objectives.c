/* couple_objectives.c: the couple screen's treatment-plan objectives, each
 * with the status the record gives it (domain/plan.h has the rule) and the
 * latest values behind it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/domain/plan.h"
#include "app/tui/couple.h"
#include "app/tui/draw.h"

struct objectives_section {
	struct plan_view view;
	bool loaded;
};

static void *objectives_create(void)
{
	return calloc(1, sizeof(struct objectives_section));
}

static void objectives_destroy(void *self)
{
	struct objectives_section *o = self;
	if (o == NULL)
		return;
	if (o->loaded)
		plan_view_free(&o->view);
	free(o);
}

static enum dyad_error objectives_load(struct tui *tui, void *self,
	const struct tui_record *rec, struct dyad_status *st)
{
	struct objectives_section *o = self;
	if (o->loaded) {
		plan_view_free(&o->view);
		o->loaded = false;
	}
	enum dyad_error rc = plan_view_load(tui->store, rec->couple_id, &o->view, st);
	o->loaded = rc == DYAD_OK;
	return rc;
}

/* A heading and a line per objective, at most a quarter of the screen. */
static int objectives_height(void *self, const struct tui_record *rec, int width,
	int screen_rows)
{
	(void)rec;
	(void)width;
	struct objectives_section *o = self;
	size_t n = o->loaded ? o->view.objectives_len : 0;
	int want = 1 + (n > 0 ? (int)n : 1);
	int room = screen_rows / 4;
	if (room < 2)
		room = 2;
	return want < room ? want : room;
}

static attr_t status_attr(const struct plan_objective *obj)
{
	switch (obj->status) {
	case OBJECTIVE_MET: return draw_attr(TUI_ROLE_DONE);
	case OBJECTIVE_NOT_YET: return draw_attr(TUI_ROLE_ERROR);
	case OBJECTIVE_PROGRESSING: return A_NORMAL;
	default: return draw_attr(TUI_ROLE_MUTED);
	}
}

static void objectives_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	struct objectives_section *o = self;
	char aside[96] = "";
	if (o->loaded && o->view.found)
		snprintf(aside, sizeof aside, "plan version %d, %s  ·  dyad plan show for all of it",
			o->view.plan.version, o->view.plan.status);
	section_heading(area, "Objectives", aside[0] ? aside : NULL, focused);
	if (area.height < 2 || !o->loaded)
		return;
	int y = area.top + 1, x = area.left + 3, width = area.width - 4;
	if (!o->view.found || o->view.objectives_len == 0) {
		char text[120];
		snprintf(text, sizeof text, o->view.found
			? "The plan has no objectives yet (dyad plan %lld)."
			: "No treatment plan yet (dyad plan %lld writes one).", (long long)rec->couple_id);
		draw_text(y, x, text, width, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	int status_w = 12, now_w = width >= 70 ? 16 : 0;
	int text_w = width - status_w - now_w - 2;
	if (text_w < 10)
		text_w = 10;
	for (size_t i = 0; i < o->view.objectives_len && y < area.top + area.height; i++, y++) {
		const struct plan_objective *obj = &o->view.objectives[i];
		char number[8];
		snprintf(number, sizeof number, "%d.", obj->number);
		draw_text(y, x, number, 3, draw_attr(TUI_ROLE_MUTED));
		draw_text(y, x + 3, obj->text, text_w - 3, A_NORMAL);
		const char *status = obj->measurable && !obj->readable ? "no data"
			: objective_status_name(obj->status);
		draw_text(y, x + text_w + 1, status, status_w, status_attr(obj));
		if (now_w == 0 || (!obj->has_current[0] && !obj->has_current[1]))
			continue;
		struct strbuf now = STRBUF_INIT;
		for (int p = 0; p < 2; p++) {
			if (!obj->has_current[p])
				continue;
			if (now.len)
				strbuf_adds(&now, "  ");
			if (obj->who != PLAN_WHO_COUPLE)
				strbuf_addf(&now, "%c ", p == 0 ? 'A' : 'B');
			plan_number(&now, obj->current[p]);
		}
		if (!now.failed)
			draw_text(y, x + text_w + 1 + status_w, strbuf_str(&now), now_w,
				draw_attr(TUI_ROLE_MUTED));
		strbuf_release(&now);
	}
}

const struct tui_section_ops couple_objectives_section = {
	.name = "Objectives",
	.create = objectives_create,
	.load = objectives_load,
	.height = objectives_height,
	.draw = objectives_draw,
	.destroy = objectives_destroy,
};
