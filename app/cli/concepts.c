/* concepts.c: the concept catalogue, with what each scale's ends mean. */
#include "app/cli/concepts.h"

#include "app/core/json.h"
#include "app/domain/scales.h"
#include "app/store/concepts.h"

int cmd_concepts(struct cli *cli, int argc, char **argv)
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
	struct concept_list list;
	if (concepts_list(store, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	struct json_writer w;
	json_writer_init(&w, &out);
	if (json) {
		json_writer_array_begin(&w);
		for (size_t i = 0; i < list.len; i++) {
			const struct concept_rec *c = &list.items[i];
			json_writer_object_begin(&w);
			json_writer_key(&w, "key");
			json_writer_string(&w, c->key);
			json_writer_key(&w, "family");
			json_writer_string(&w, c->family);
			json_writer_key(&w, "name");
			json_writer_string(&w, c->name);
			json_writer_key(&w, "kind");
			json_writer_string(&w, c->kind);
			json_writer_key(&w, "min");
			json_writer_int(&w, c->scale_min);
			json_writer_key(&w, "max");
			json_writer_int(&w, c->scale_max);
			struct concept_scale scale;
			concept_scale_describe(c, &scale);
			json_writer_key(&w, "low_label");
			json_writer_string(&w, scale.low);
			json_writer_key(&w, "high_label");
			json_writer_string(&w, scale.high);
			json_writer_key(&w, "unit");
			json_writer_string(&w, scale.unit);
			json_writer_key(&w, "better");
			json_writer_string(&w, concept_scale_better_word(scale.better));
			json_writer_key(&w, "level");
			json_writer_string(&w, c->couple_level ? "couple" : "partner");
			json_writer_key(&w, "description");
			json_writer_string(&w, c->description);
			json_writer_object_end(&w);
		}
		json_writer_array_end(&w);
		strbuf_addc(&out, '\n');
		concept_list_free(&list);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	struct cli_table t;
	cli_table_init(&t, 5);
	const char *head[] = { "KEY", "RATED FOR", "SCALE", "BETTER", "CONCEPT" };
	cli_table_row(&t, head);
	for (size_t i = 0; i < list.len; i++) {
		const struct concept_rec *c = &list.items[i];
		struct concept_scale scale;
		concept_scale_describe(c, &scale);
		char text[160];
		const char *better = concept_scale_better_word(scale.better);
		/* "yes is better" reads plainer than "higher" for a yes/no. */
		if (better != NULL && scale.low != NULL && c->scale_max - c->scale_min == 1)
			better = scale.better == SCALE_BETTER_HIGHER ? scale.high : scale.low;
		const char *row[] = { c->key, c->couple_level ? "couple" : "each partner",
			concept_scale_text(c, &scale, text, sizeof text), better ? better : "-",
			c->name };
		cli_table_row(&t, row);
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	concept_list_free(&list);
	return CLI_EXIT_OK;
}
