/* search.c: full-text note search from the shell. */
#include "app/cli/search.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/core/json.h"
#include "app/domain/validate.h"
#include "app/store/search.h"

int cmd_search(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool json = false;
	const char *limit_text = NULL;
	const struct cli_option opts[] = {
		{ "--json", CLI_FLAG, &json, 0, NULL },
		{ "--limit", CLI_VALUE, &limit_text, 0, NULL },
	};
	const char *pos[16];
	int npos;
	if (cli_parse(cli, argc, argv, opts, 2, pos, 1, 16, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	long long limit = -1;
	if (limit_text && validate_int("limit", limit_text, 1, 1000000, &limit, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	/* Several words on the command line are one search, as if quoted. */
	struct strbuf text = STRBUF_INIT;
	for (int i = 0; i < npos; i++) {
		if (i)
			strbuf_addc(&text, ' ');
		strbuf_adds(&text, pos[i]);
	}
	struct store *store = cli_store(cli, &st);
	struct search_results hits = { 0 };
	if (store == NULL ||
		search_notes(store, strbuf_str(&text), false, (int)limit, &hits, &st) != DYAD_OK) {
		strbuf_release(&text);
		return cli_fail(cli, &st);
	}
	strbuf_release(&text);
	struct strbuf out = STRBUF_INIT;
	struct json_writer w;
	json_writer_init(&w, &out);
	if (json) {
		json_writer_array_begin(&w);
		for (size_t i = 0; i < hits.len; i++) {
			const struct search_hit *h = &hits.items[i];
			json_writer_object_begin(&w);
			json_writer_key(&w, "session_id");
			json_writer_int(&w, h->session_id);
			json_writer_key(&w, "couple_id");
			json_writer_int(&w, h->couple_id);
			json_writer_key(&w, "couple");
			json_writer_string(&w, h->couple_name);
			json_writer_key(&w, "starts_at");
			json_writer_string(&w, h->starts_at);
			json_writer_key(&w, "snippet");
			json_writer_string(&w, h->snippet);
			json_writer_key(&w, "in");
			json_writer_string(&w, h->addendum_id ? "addendum" : "note");
			if (h->addendum_id) {
				json_writer_key(&w, "addendum_id");
				json_writer_int(&w, h->addendum_id);
				json_writer_key(&w, "addendum_at");
				json_writer_string(&w, h->addendum_at);
			}
			json_writer_object_end(&w);
		}
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
		search_results_free(&hits);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	if (hits.len == 0) {
		search_results_free(&hits);
		fprintf(cli->out, "No notes or addenda match.\n");
		return CLI_EXIT_OK;
	}
	struct cli_table t;
	cli_table_init(&t, 4);
	const char *head[] = { "SESSION", "DATE", "COUPLE", "MATCH" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < hits.len; i++) {
		const struct search_hit *h = &hits.items[i];
		char id[24], date[11];
		snprintf(id, sizeof id, "%" PRId64, h->session_id);
		snprintf(date, sizeof date, "%.10s", h->starts_at);
		/* One line per hit: newlines in the snippet become spaces. */
		char *snip = h->snippet;
		for (char *p = snip; p && *p; p++)
			if (*p == '\n' || *p == '\r' || *p == '\t')
				*p = ' ';
		/* A match in an addendum says so, and when it was written. */
		struct strbuf match = STRBUF_INIT;
		if (h->addendum_id)
			strbuf_addf(&match, "(addendum %" PRId64 ", %.10s) ", h->addendum_id,
				h->addendum_at);
		strbuf_adds(&match, snip ? snip : "");
		const char *row[] = { id, date, h->couple_name, strbuf_str(&match) };
		cli_table_row(&t, row);
		strbuf_release(&match);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	search_results_free(&hits);
	return CLI_EXIT_OK;
}
