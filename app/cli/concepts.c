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
	if (json) {
		strbuf_addc(&out, '[');
		for (size_t i = 0; i < list.len; i++) {
			const struct concept_rec *c = &list.items[i];
			if (i)
				strbuf_addc(&out, ',');
			strbuf_addc(&out, '{');
			json_key(&out, "key");
			json_string(&out, c->key);
			strbuf_addc(&out, ',');
			json_key(&out, "family");
			json_string(&out, c->family);
			strbuf_addc(&out, ',');
			json_key(&out, "name");
			json_string(&out, c->name);
			strbuf_addc(&out, ',');
			json_key(&out, "kind");
			json_string(&out, c->kind);
			strbuf_addc(&out, ',');
			json_key(&out, "min");
			json_int(&out, c->scale_min);
			strbuf_addc(&out, ',');
			json_key(&out, "max");
			json_int(&out, c->scale_max);
			strbuf_addc(&out, ',');
			struct concept_scale scale;
			concept_scale_describe(c, &scale);
			json_key(&out, "low_label");
			json_string(&out, scale.low);
			strbuf_addc(&out, ',');
			json_key(&out, "high_label");
			json_string(&out, scale.high);
			strbuf_addc(&out, ',');
			json_key(&out, "unit");
			json_string(&out, scale.unit);
			strbuf_addc(&out, ',');
			json_key(&out, "better");
			json_string(&out, concept_scale_better_word(scale.better));
			strbuf_addc(&out, ',');
			json_key(&out, "level");
			json_string(&out, c->couple_level ? "couple" : "partner");
			strbuf_addc(&out, ',');
			json_key(&out, "description");
			json_string(&out, c->description);
			strbuf_addc(&out, '}');
		}
		strbuf_adds(&out, "]\n");
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
