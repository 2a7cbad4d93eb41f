/* couple_measures.c: the couple screen's measures: for each measure with
 * scores, each partner's recent scores as a sparkline and the latest
 * score, scores past the cutoff marked, and a flag when the partners'
 * trends move apart (the rule is in domain/trends.h). */
#include <stdio.h>
#include <stdlib.h>

#include "app/domain/measures.h"
#include "app/domain/trends.h"
#include "app/tui/couple.h"
#include "app/tui/draw.h"

/* Recent scores shown per partner; fewer on a narrow screen. */
#define SPARK_MAX 8

struct measures_section {
	struct couple_trends trends;
	bool loaded;
	size_t rows; /* measures with at least one score */
};

static void *measures_create(void)
{
	return calloc(1, sizeof(struct measures_section));
}

static void measures_destroy(void *self)
{
	struct measures_section *m = self;
	if (m == NULL)
		return;
	if (m->loaded)
		couple_trends_free(&m->trends);
	free(m);
}

static bool has_scores(const struct trend_series *s)
{
	return s->partner[0].count > 0 || s->partner[1].count > 0;
}

static enum dyad_error measures_load(struct tui *tui, void *self, const struct tui_record *rec,
	struct dyad_status *st)
{
	struct measures_section *m = self;
	if (m->loaded) {
		couple_trends_free(&m->trends);
		m->loaded = false;
	}
	m->rows = 0;
	enum dyad_error rc = trends_load(tui->store, rec->couple_id, &m->trends, st);
	if (rc != DYAD_OK)
		return rc;
	m->loaded = true;
	for (size_t i = 0; i < m->trends.measures_len; i++)
		m->rows += has_scores(&m->trends.measures[i]);
	return DYAD_OK;
}

/* A heading and a line per measure with scores (one line saying there are
 * none otherwise), but never more than a third of the screen: the sessions
 * below matter more. */
static int measures_height(void *self, const struct tui_record *rec, int width, int screen_rows)
{
	(void)rec;
	(void)width;
	struct measures_section *m = self;
	int want = 1 + (m->rows > 0 ? (int)m->rows : 1);
	int room = screen_rows / 3;
	if (room < 2)
		room = 2;
	return want < room ? want : room;
}

/* "A ▃▄▅▆ 13.5!" at x; returns the columns used. Blocks for scores past
 * the cutoff, and the latest score when it is, are drawn as errors. */
static int draw_partner(int y, int x, const struct trend_series *s, size_t sessions_len,
	int partner, int spark)
{
	attr_t muted = draw_attr(TUI_ROLE_MUTED), bad = draw_attr(TUI_ROLE_ERROR);
	draw_text(y, x, partner == 0 ? "A" : "B", 1, muted);
	double values[SPARK_MAX];
	size_t n = trend_recent_values(s, sessions_len, partner, values, (size_t)spark);
	int col = x + 2 + (spark - (int)n); /* right-aligned: the latest is always nearest */
	for (size_t i = 0; i < n; i++) {
		struct strbuf block = STRBUF_INIT;
		trend_sparkline(&block, &values[i], 1, s->scale_min, s->scale_max);
		draw_text(y, col++, strbuf_str(&block), 1,
			trend_past_cutoff(s, values[i]) ? bad : A_NORMAL);
		strbuf_release(&block);
	}
	const struct trend_partner *tp = &s->partner[partner];
	char last[40];
	if (tp->has_last) {
		char v[32];
		snprintf(last, sizeof last, "%s%s", measure_format(tp->last, v),
			tp->past_cutoff ? "!" : "");
	} else {
		snprintf(last, sizeof last, "-");
	}
	draw_cell(y, x + 3 + spark, last, 6, tp->past_cutoff ? bad : A_NORMAL, TUI_ALIGN_RIGHT);
	return 3 + spark + 6;
}

static void measures_draw(struct tui *tui, void *self, const struct tui_record *rec,
	struct tui_area area, bool focused)
{
	(void)tui;
	(void)rec;
	struct measures_section *m = self;
	section_heading(area, "Measures",
		m->rows > 0 ? "recent scores, latest at the right; ! past the cutoff" : NULL, focused);
	if (area.height < 2)
		return;
	int y = area.top + 1, x = area.left + 3, width = area.width - 4;
	if (m->rows == 0) {
		draw_text(y, x, "No scores recorded yet (dyad measure SESSION KEY VALUE --partner a|b).",
			width, draw_attr(TUI_ROLE_MUTED));
		return;
	}
	int spark = width >= 80 ? SPARK_MAX : 4;
	int partner_w = 3 + spark + 6, flag_w = width >= 60 ? 13 : 6;
	const char *flag = width >= 60 ? "moving apart" : "apart";
	int name_w = width - 2 * (partner_w + 2) - flag_w;
	if (name_w < 8)
		name_w = 8;
	for (size_t i = 0; i < m->trends.measures_len && y < area.top + area.height; i++) {
		const struct trend_series *s = &m->trends.measures[i];
		if (!has_scores(s))
			continue;
		draw_text(y, x, s->name, name_w, A_NORMAL);
		int px = x + name_w + 2;
		for (int p = 0; p < 2 && px + partner_w <= x + width; p++)
			px += draw_partner(y, px, s, m->trends.sessions_len, p, spark) + 2;
		if (s->diverging && px + flag_w <= x + width + 2)
			draw_text(y, px, flag, flag_w, draw_attr(TUI_ROLE_ERROR) | A_BOLD);
		y++;
	}
}

const struct tui_section_ops couple_measures_section = {
	.name = "Measures",
	.create = measures_create,
	.load = measures_load,
	.height = measures_height,
	.draw = measures_draw,
	.destroy = measures_destroy,
};
