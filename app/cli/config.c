/* config.c: the practice settings handouts use, from the shell. */
#include "app/cli/config.h"

#include <string.h>

#include "app/core/json.h"
#include "app/domain/settings.h"
#include "app/store/homework.h"

int cmd_config_set(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *pos[2];
	int npos;
	if (cli_parse(cli, argc, argv, NULL, 0, pos, 2, 2, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL || homework_setting_set(store, pos[0], pos[1], &st) != DYAD_OK)
		return cli_fail(cli, &st);
	return CLI_EXIT_OK;
}

int cmd_config_list(struct cli *cli, int argc, char **argv)
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
	struct setting_list list;
	if (settings_list(store, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	struct json_writer w;
	json_writer_init(&w, &out);
	struct cli_table t;
	cli_table_init(&t, 3);
	if (json) {
		json_writer_object_begin(&w);
	} else {
		const char *head[] = { "KEY", "VALUE", "WHAT IT IS FOR" };
		cli_table_row(&t, head);
	}
	for (size_t i = 0; homework_settings[i].key; i++) {
		const char *key = homework_settings[i].key, *value = NULL;
		for (size_t k = 0; k < list.len; k++)
			if (strcmp(list.items[k].key, key) == 0)
				value = list.items[k].value;
		if (json) {
			json_writer_key(&w, key);
			json_writer_string(&w, value);
		} else {
			const char *row[] = { key, value ? value : "(not set)", homework_settings[i].summary };
			cli_table_row(&t, row);
		}
	}
	setting_list_free(&list);
	if (json) {
		json_writer_object_end(&w);
		strbuf_addc(&out, '\n');
		cli_table_free(&t);
		return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
	}
	cli_table_print(&t, cli->out);
	cli_table_free(&t);
	return CLI_EXIT_OK;
}
