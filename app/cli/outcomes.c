/* outcomes.c: each partner's first and latest score on every measure, the
 * change, its reliable-change status, and the couple's outcome. */
#include "app/cli/outcomes.h"

#include <stdio.h>

#include "app/core/json.h"
#include "app/domain/measures.h"
#include "app/domain/outcomes.h"
#include "app/store/couples.h"

/* "+13", "-2.5", "0" */
static const char *signed_change(double v, char *out)
{
	char n[32];
	snprintf(out, 40, "%s%s", v > 0 ? "+" : "", measure_format(v, n));
	return out;
}

static void json_outcomes(struct json_writer *w, const struct couple_outcomes *o,
	const struct couple_rec *c)
{
	json_writer_object_begin(w);
	json_writer_key(w, "couple_id");
	json_writer_int(w, c->id);
	json_writer_key(w, "measures");
	json_writer_array_begin(w);
	for (size_t i = 0; i < o->len; i++) {
		const struct measure_outcome *m = &o->items[i];
		const struct trend_series *s = m->series;
		json_writer_object_begin(w);
		json_writer_key(w, "key");
		json_writer_string(w, s->key);
		json_writer_key(w, "name");
		json_writer_string(w, s->name);
		json_writer_key(w, "higher_is_better");
		json_writer_bool(w, s->higher_is_better);
		json_writer_key(w, "cutoff");
		if (s->has_cutoff)
			json_writer_number(w, s->cutoff);
		else
			json_writer_null(w);
		json_writer_key(w, "reliable_change");
		if (s->has_reliable_change)
			json_writer_number(w, s->reliable_change);
		else
			json_writer_null(w);
		json_writer_key(w, "couple");
		json_writer_string(w, couple_outcome_name(m->couple));
		json_writer_key(w, "partners");
		json_writer_array_begin(w);
		for (int p = 0; p < 2; p++) {
			const struct outcome_partner *op = &m->partner[p];
			json_writer_object_begin(w);
			json_writer_key(w, "partner");
			json_writer_string(w, p == 0 ? "a" : "b");
			json_writer_key(w, "name");
			json_writer_string(w, c->partner[p].name);
			json_writer_key(w, "count");
			json_writer_int(w, (int64_t)op->count);
			json_writer_key(w, "first");
			if (op->count > 0)
				json_writer_number(w, op->first);
			else
				json_writer_null(w);
			json_writer_key(w, "latest");
			if (op->count > 0)
				json_writer_number(w, op->latest);
			else
				json_writer_null(w);
			json_writer_key(w, "change");
			if (op->count > 1)
				json_writer_number(w, op->change);
			else
				json_writer_null(w);
			json_writer_key(w, "status");
			json_writer_string(w, outcome_status_name(op->status));
			json_writer_object_end(w);
		}
		json_writer_array_end(w);
		json_writer_object_end(w);
	}
	json_writer_array_end(w);
	json_writer_object_end(w);
}

int cmd_outcomes(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	int64_t couple_id;
	struct store *store = cli_couple_json(cli, argc, argv, &couple_id, &json, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct couple_rec couple;
	if (couples_get(store, couple_id, &couple, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct couple_outcomes o;
	if (outcomes_load(store, couple_id, &o, &st) != DYAD_OK) {
		couple_rec_free(&couple);
		return cli_fail(cli, &st);
	}
	struct strbuf out = STRBUF_INIT;
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		json_outcomes(&w, &o, &couple);
		strbuf_addc(&out, '\n');
	} else if (o.len == 0) {
		strbuf_adds(&out, "No scores recorded for this couple yet.\n");
	} else {
		struct cli_table t;
		cli_table_init(&t, 7);
		const char *head[] = { "MEASURE", "PARTNER", "FIRST", "LATEST", "CHANGE", "STATUS",
			"COUPLE" };
		cli_table_row(&t, head);
		for (size_t i = 0; i < o.len; i++) {
			const struct measure_outcome *m = &o.items[i];
			for (int p = 0; p < 2; p++) {
				const struct outcome_partner *op = &m->partner[p];
				char first[32] = "-", latest[32] = "-", change[40] = "-";
				if (op->count > 0) {
					measure_format(op->first, first);
					measure_format(op->latest, latest);
				}
				if (op->count > 1)
					signed_change(op->change, change);
				const char *row[] = { p == 0 ? m->series->name : "", couple.partner[p].name,
					first, latest, change, outcome_status_name(op->status),
					p == 0 ? couple_outcome_name(m->couple) : "" };
				cli_table_row(&t, row);
			}
		}
		cli_table_print(&t, cli->out);
		cli_table_free(&t);
		strbuf_adds(&out,
			"\nChange is latest minus first score. A change is reliable when it reaches the "
			"measure's\nreliable-change value (dyad measures); recovered also means crossing "
			"the cutoff to the\nhealthy side. \"not available\": the measure has no "
			"reliable-change value.\n");
	}
	couple_outcomes_free(&o);
	couple_rec_free(&couple);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}
