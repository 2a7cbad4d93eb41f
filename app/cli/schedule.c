/* schedule.c: how often a couple answers each measure. */
#include "app/cli/schedule.h"

#include <stdio.h>

#include "app/domain/measures.h"
#include "app/store/measures.h"

int cmd_measure_schedule(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *every = NULL;
	const struct cli_option opts[] = { { "--every", CLI_VALUE, &every, 0, NULL } };
	const char *pos[2];
	int npos;
	int64_t couple_id;
	if (cli_parse(cli, argc, argv, opts, 1, pos, 2, 2, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	int set_to = 0;
	if (measure_schedule(store, couple_id, pos[1], every, &set_to, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (set_to == 0)
		fprintf(cli->out, "%s: not due for this couple\n", pos[1]);
	else if (set_to == 1)
		fprintf(cli->out, "%s: due every session\n", pos[1]);
	else
		fprintf(cli->out, "%s: due every %d sessions\n", pos[1], set_to);
	return CLI_EXIT_OK;
}
