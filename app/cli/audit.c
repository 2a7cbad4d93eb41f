/* audit.c: the audit log: what happened to the records, and when. */
#include "app/cli/audit.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "app/core/json.h"
#include "app/domain/validate.h"
#include "app/store/audit.h"

int cmd_audit(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *couple = NULL, *since = NULL;
	bool json = false;
	const struct cli_option opts[] = {
		{ "--couple", CLI_VALUE, &couple, 0, NULL },
		{ "--since", CLI_VALUE, &since, 0, NULL },
		{ "--json", CLI_FLAG, &json, 0, NULL },
	};
	int npos;
	struct audit_filter filter = { 0, NULL };
	struct dyad_date d;
	if (cli_parse(cli, argc, argv, opts, 3, NULL, 0, 0, &npos, &st) != DYAD_OK ||
		(couple && cli_couple_id(cli, couple, &filter.couple_id, &st) != DYAD_OK) ||
		(since && validate_date("since", since, &d, &st) != DYAD_OK))
		return cli_fail(cli, &st);
	filter.since = since;
	struct store *store = cli_store(cli, &st);
	struct audit_list list;
	if (store == NULL || audit_list(store, &filter, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (json) {
		/* One entry a line, so a log reads (and greps) as a list. */
		strbuf_addc(&out, '[');
		for (size_t i = 0; i < list.len; i++) {
			const struct audit_entry *e = &list.items[i];
			strbuf_adds(&out, i ? ",\n" : "\n");
			struct json_writer w;
			json_writer_init(&w, &out);
			json_writer_object_begin(&w);
			json_writer_key(&w, "id");
			json_writer_int(&w, e->id);
			json_writer_key(&w, "at");
			json_writer_string(&w, e->at);
			json_writer_key(&w, "action");
			json_writer_string(&w, e->action);
			json_writer_key(&w, "object");
			json_writer_string(&w, e->object);
			json_writer_key(&w, "couple_id");
			json_writer_id(&w, e->couple_id);
			json_writer_key(&w, "session_id");
			json_writer_id(&w, e->session_id);
			json_writer_key(&w, "item_id");
			json_writer_id(&w, e->item_id);
			json_writer_key(&w, "detail");
			json_writer_string(&w, e->detail);
			json_writer_key(&w, "content_sha256");
			json_writer_string(&w, e->content_sha256[0] ? e->content_sha256 : NULL);
			json_writer_key(&w, "hash");
			json_writer_string(&w, e->hash);
			json_writer_object_end(&w);
		}
		strbuf_adds(&out, list.len ? "\n]\n" : "]\n");
		audit_list_free(&list);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	if (list.len == 0) {
		audit_list_free(&list);
		fprintf(cli->out, "No audit entries%s.\n", couple || since ? " match" : " yet");
		return CLI_EXIT_OK;
	}
	struct cli_table t;
	cli_table_init(&t, 6);
	const char *head[] = { "ID", "WHEN (UTC)", "ACTION", "WHAT", "COUPLE/SESSION", "DETAIL" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < list.len; i++) {
		const struct audit_entry *e = &list.items[i];
		char id[24], when[20], where[48] = "";
		snprintf(id, sizeof id, "%" PRId64, e->id);
		snprintf(when, sizeof when, "%.10s %.8s", e->at, e->at + 11);
		if (e->couple_id)
			snprintf(where, sizeof where, "%" PRId64, e->couple_id);
		if (e->session_id)
			snprintf(where + strlen(where), sizeof where - strlen(where), "/%" PRId64,
				e->session_id);
		const char *row[] = { id, when, e->action, e->object, where, e->detail };
		cli_table_row(&t, row);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	audit_list_free(&list);
	return CLI_EXIT_OK;
}
