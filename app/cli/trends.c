/* trends.c: a couple's recent scores and ratings, their trends and
 * divergence. */
#include "app/cli/trends.h"

#include <stdio.h>

#include "app/core/json.h"
#include "app/domain/measures.h"
#include "app/domain/trends.h"

/* "+0.62" per session, or "" without a slope. */
static void format_slope(const struct trend_fit *fit, char *out, size_t size)
{
	if (!fit->has_slope) {
		snprintf(out, size, "-");
		return;
	}
	snprintf(out, size, "%+.2f", fit->slope == 0.0 ? 0.0 : fit->slope);
}

static void json_series(struct json_writer *w, const struct trend_series *s,
	size_t sessions_len, const struct session_rec *sessions)
{
	json_writer_object_begin(w);
	json_writer_key(w, "key");
	json_writer_string(w, s->key);
	json_writer_key(w, "name");
	json_writer_string(w, s->name);
	json_writer_key(w, "min");
	json_writer_number(w, s->scale_min);
	json_writer_key(w, "max");
	json_writer_number(w, s->scale_max);
	if (s->kind == TREND_MEASURE) {
		json_writer_key(w, "cutoff");
		if (s->has_cutoff)
			json_writer_number(w, s->cutoff);
		else
			json_writer_null(w);
		json_writer_key(w, "higher_is_better");
		json_writer_bool(w, s->higher_is_better);
	} else {
		json_writer_key(w, "level");
		json_writer_string(w, s->couple_level ? "couple" : "partner");
	}
	json_writer_key(w, "diverging");
	json_writer_bool(w, s->diverging);
	json_writer_key(w, "partners");
	json_writer_array_begin(w);
	int partners = s->couple_level ? 1 : 2;
	for (int p = 0; p < partners; p++) {
		const struct trend_partner *tp = &s->partner[p];
		json_writer_object_begin(w);
		json_writer_key(w, "partner");
		json_writer_string(w, s->couple_level ? "couple" : p == 0 ? "a" : "b");
		json_writer_key(w, "count");
		json_writer_int(w, (int64_t)tp->count);
		json_writer_key(w, "last");
		if (tp->has_last)
			json_writer_number(w, tp->last);
		else
			json_writer_null(w);
		json_writer_key(w, "last_session_id");
		if (tp->has_last)
			json_writer_int(w, sessions[tp->last_session].id);
		else
			json_writer_null(w);
		json_writer_key(w, "past_cutoff");
		json_writer_bool(w, tp->past_cutoff);
		json_writer_key(w, "slope");
		if (tp->fit.has_slope)
			json_writer_number(w, tp->fit.slope);
		else
			json_writer_null(w);
		json_writer_key(w, "direction");
		json_writer_string(w, tp->direction == TREND_UNKNOWN ? NULL
								     : trend_direction_name(tp->direction));
		/* The same movement read with the scale's better end: improving
		 * or worsening (rising or falling only when that is not known). */
		json_writer_key(w, "reading");
		json_writer_string(w, tp->direction == TREND_UNKNOWN ? NULL
								     : trend_direction_word(s, tp->direction));
		json_writer_key(w, "values");
		json_writer_array_begin(w);
		for (size_t i = 0; i < sessions_len; i++) {
			const struct trend_cell *c = trend_cell_at(s, i, p);
			if (!c->present)
				continue;
			json_writer_object_begin(w);
			json_writer_key(w, "session_id");
			json_writer_int(w, sessions[i].id);
			json_writer_key(w, "value");
			json_writer_number(w, c->value);
			json_writer_object_end(w);
		}
		json_writer_array_end(w);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
	json_writer_object_end(w);
}

/* One table row: the scale, then for each partner the last value (marked
 * when past the cutoff), a sparkline of recent values, and the trend. */
static void table_series(struct cli_table *t, const struct trend_series *s, size_t sessions_len)
{
	char cells[2][3][200];
	int partners = s->couple_level ? 1 : 2;
	for (int p = 0; p < 2; p++) {
		cells[p][0][0] = cells[p][1][0] = cells[p][2][0] = '\0';
		if (p >= partners)
			continue;
		const struct trend_partner *tp = &s->partner[p];
		char v[32], slope[32];
		if (tp->has_last)
			snprintf(cells[p][0], sizeof cells[p][0], "%s%s", measure_format(tp->last, v),
				tp->past_cutoff ? "!" : "");
		else
			snprintf(cells[p][0], sizeof cells[p][0], "-");
		double recent[8];
		size_t n = trend_recent_values(s, sessions_len, p, recent, 8);
		struct strbuf spark = STRBUF_INIT;
		trend_sparkline(&spark, recent, n, s->scale_min, s->scale_max);
		snprintf(cells[p][1], sizeof cells[p][1], "%s", strbuf_str(&spark));
		strbuf_release(&spark);
		format_slope(&tp->fit, slope, sizeof slope);
		if (tp->direction == TREND_UNKNOWN)
			snprintf(cells[p][2], sizeof cells[p][2], "-");
		else
			snprintf(cells[p][2], sizeof cells[p][2], "%s %s", trend_direction_word(s, tp->direction),
				slope);
	}
	const char *row[] = { s->name, cells[0][0], cells[0][1], cells[0][2], cells[1][0],
		cells[1][1], cells[1][2], s->diverging ? "DIVERGING" : "" };
	cli_table_row(t, row);
}

static bool series_has_values(const struct trend_series *s)
{
	return s->partner[0].count > 0 || s->partner[1].count > 0;
}

int cmd_trends(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	int64_t couple_id;
	struct store *store = cli_couple_json(cli, argc, argv, &couple_id, &json, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct couple_trends tr;
	if (trends_load(store, couple_id, &tr, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_object_begin(&w);
		json_writer_key(&w, "couple_id");
		json_writer_int(&w, couple_id);
		json_writer_key(&w, "sessions");
		json_writer_int(&w, (int64_t)tr.sessions_len);
		json_writer_key(&w, "window");
		json_writer_int(&w, TREND_WINDOW);
		json_writer_key(&w, "measures");
		json_writer_array_begin(&w);
		for (size_t i = 0; i < tr.measures_len; i++)
			json_series(&w, &tr.measures[i], tr.sessions_len, tr.sessions);
		json_writer_array_end(&w);
		json_writer_key(&w, "concepts");
		json_writer_array_begin(&w);
		for (size_t i = 0; i < tr.concepts_len; i++)
			json_series(&w, &tr.concepts[i], tr.sessions_len, tr.sessions);
		json_writer_array_end(&w);
		json_writer_object_end(&w);
		strbuf_addc(&out, '\n');
		couple_trends_free(&tr);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	/* Two tables, scores then ratings: a measure and a concept may share a
	 * name ("Felt safety"), and the heading says which is which. */
	size_t shown = 0;
	for (int kind = 0; kind < 2; kind++) {
		const struct trend_series *list = kind == 0 ? tr.measures : tr.concepts;
		size_t len = kind == 0 ? tr.measures_len : tr.concepts_len, rows = 0;
		struct cli_table t;
		cli_table_init(&t, 8);
		const char *head[] = { kind == 0 ? "MEASURE (SCORES)" : "CONCEPT (RATINGS)", "A LAST",
			"A RECENT", "A TREND", "B LAST", "B RECENT", "B TREND", "" };
		cli_table_row(&t, head);
		for (size_t i = 0; i < len; i++)
			if (series_has_values(&list[i])) {
				table_series(&t, &list[i], tr.sessions_len);
				rows++;
			}
		if (rows > 0) {
			if (shown > 0)
				fputc('\n', cli->out);
			cli_table_print(&t, cli->out);
		}
		shown += rows;
		cli_table_free(&t);
	}
	if (shown == 0) {
		strbuf_adds(&out, "No scores or ratings recorded for this couple yet.\n");
	} else {
		strbuf_addf(&out,
			"\nTrends use each partner's last %d values (at least %d); a trend is improving or "
			"worsening\n(toward the scale's better or worse end) when it moves more than %g%% "
			"of the scale a session.\n! marks a score past its cutoff.\n",
			TREND_WINDOW, TREND_MIN_POINTS, TREND_MOVE_SHARE * 100.0);
	}
	couple_trends_free(&tr);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}
