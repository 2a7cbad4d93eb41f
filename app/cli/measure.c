/* measure.c: the measure catalogue and recording a partner's scores. */
#include "app/cli/measure.h"

#include <inttypes.h>
#include <stdio.h>

#include "app/core/json.h"
#include "app/domain/measures.h"
#include "app/domain/validate.h"
#include "app/store/measures.h"

int cmd_measures(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	const struct cli_option opts[] = { { "--json", CLI_FLAG, &json, 0, NULL } };
	int npos;
	if (cli_parse(cli, argc, argv, opts, 1, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct measure_list list;
	if (measures_list(store, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	char a[32], b[32];
	if (json) {
		struct json_writer w;
		json_writer_init(&w, &out);
		json_writer_array_begin(&w);
		for (size_t i = 0; i < list.len; i++) {
			const struct measure_rec *m = &list.items[i];
			json_writer_object_begin(&w);
			json_writer_key(&w, "key");
			json_writer_string(&w, m->key);
			json_writer_key(&w, "name");
			json_writer_string(&w, m->name);
			json_writer_key(&w, "min");
			json_writer_number(&w, m->scale_min);
			json_writer_key(&w, "max");
			json_writer_number(&w, m->scale_max);
			json_writer_key(&w, "cutoff");
			if (m->has_cutoff)
				json_writer_number(&w, m->cutoff);
			else
				json_writer_null(&w);
			json_writer_key(&w, "higher_is_better");
			json_writer_bool(&w, m->higher_is_better);
			double rc;
			json_writer_key(&w, "reliable_change");
			if (measure_reliable_change(m, &rc))
				json_writer_number(&w, rc);
			else
				json_writer_null(&w);
			json_writer_key(&w, "reliability");
			if (m->has_reliability)
				json_writer_number(&w, m->reliability);
			else
				json_writer_null(&w);
			json_writer_key(&w, "norm_sd");
			if (m->has_reliability)
				json_writer_number(&w, m->norm_sd);
			else
				json_writer_null(&w);
			json_writer_key(&w, "every");
			json_writer_number(&w, m->every_sessions);
			json_writer_key(&w, "scheduled_by_default");
			json_writer_bool(&w, m->scheduled_by_default);
			json_writer_key(&w, "library");
			json_writer_bool(&w, m->from_library);
			json_writer_key(&w, "source");
			if (m->source != NULL)
				json_writer_string(&w, m->source);
			else
				json_writer_null(&w);
			json_writer_key(&w, "licence");
			if (m->licence != NULL)
				json_writer_string(&w, m->licence);
			else
				json_writer_null(&w);
			json_writer_object_end(&w);
		}
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
		measure_list_free(&list);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	struct cli_table t;
	cli_table_init(&t, 7);
	const char *head[] = { "KEY", "RANGE", "CUTOFF", "BETTER", "RELIABLE", "DUE", "MEASURE" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < list.len; i++) {
		const struct measure_rec *m = &list.items[i];
		char range[70], cutoff[40];
		snprintf(range, sizeof range, "%s..%s", measure_format(m->scale_min, a),
			measure_format(m->scale_max, b));
		if (m->has_cutoff)
			snprintf(cutoff, sizeof cutoff, "%s %s", m->higher_is_better ? "below" : "above",
				measure_format(m->cutoff, a));
		else
			snprintf(cutoff, sizeof cutoff, "-");
		char reliable[40], due[40];
		double rc;
		if (measure_reliable_change(m, &rc))
			snprintf(reliable, sizeof reliable, "%s", measure_format(rc, b));
		else
			snprintf(reliable, sizeof reliable, "n/a");
		if (m->scheduled_by_default && m->every_sessions == 1)
			snprintf(due, sizeof due, "every session");
		else if (m->scheduled_by_default)
			snprintf(due, sizeof due, "every %d", m->every_sessions);
		else
			snprintf(due, sizeof due, "when scheduled");
		const char *row[] = { m->key, range, cutoff, m->higher_is_better ? "higher" : "lower",
			reliable, due, m->name };
		cli_table_row(&t, row);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	measure_list_free(&list);
	return CLI_EXIT_OK;
}

int cmd_measure_add(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	struct measure_input in = { 0 };
	bool higher = false, lower = false;
	const struct cli_option opts[] = {
		{ "--min", CLI_VALUE, &in.min, 0, NULL },
		{ "--max", CLI_VALUE, &in.max, 0, NULL },
		{ "--cutoff", CLI_VALUE, &in.cutoff, 0, NULL },
		{ "--higher-is-better", CLI_FLAG, &higher, 0, NULL },
		{ "--lower-is-better", CLI_FLAG, &lower, 0, NULL },
		{ "--reliable-change", CLI_VALUE, &in.reliable_change, 0, NULL },
		{ "--reliability", CLI_VALUE, &in.reliability, 0, NULL },
		{ "--norm-sd", CLI_VALUE, &in.norm_sd, 0, NULL },
		{ "--source", CLI_VALUE, &in.source, 0, NULL },
		{ "--licence", CLI_VALUE, &in.licence, 0, NULL },
		{ "--every", CLI_VALUE, &in.every, 0, NULL },
	};
	const char *pos[2];
	int npos;
	if (cli_parse(cli, argc, argv, opts, 11, pos, 2, 2, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (higher && lower) {
		dyad_fail(&st, DYAD_ERR_USAGE,
			"--higher-is-better and --lower-is-better: give one of them, not both");
		return cli_fail(cli, &st);
	}
	in.key = pos[0];
	in.name = pos[1];
	in.lower_is_better = lower;
	int64_t id;
	struct store *store = cli_store(cli, &st);
	if (store == NULL || measure_define(store, &in, &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "%" PRId64 "\n", id);
	return CLI_EXIT_OK;
}

int cmd_measure(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *partner = NULL;
	bool clear = false;
	const struct cli_option opts[] = {
		{ "--partner", CLI_VALUE, &partner, 0, NULL },
		{ "--clear", CLI_FLAG, &clear, 0, NULL },
	};
	const char *pos[3];
	int npos;
	int64_t id;
	if (cli_parse(cli, argc, argv, opts, 2, pos, 2, 3, &npos, &st) != DYAD_OK ||
		validate_id("session id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (clear == (npos == 3)) {
		cli_usage(cli, &st, "%s", clear ? "value: --clear takes no value"
						: "missing argument VALUE");
		return cli_fail(cli, &st);
	}
	int who = 0;
	if (clear) {
		if (partner == NULL) {
			dyad_fail(&st, DYAD_ERR_USAGE,
				"partner: a score is one partner's; give --partner a or --partner b");
			return cli_fail(cli, &st);
		}
		if (validate_partner("partner", partner, &who, &st) != DYAD_OK)
			return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	enum dyad_error rc = clear ? measure_clear(store, id, pos[1], who, &st)
				   : measure_record(store, id, pos[1], pos[2], partner, &st);
	return rc == DYAD_OK ? CLI_EXIT_OK : cli_fail(cli, &st);
}
