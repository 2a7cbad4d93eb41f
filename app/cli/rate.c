/* rate.c: rating a concept in a session from the shell. */
#include "app/cli/rate.h"

#include "app/domain/practice.h"
#include "app/domain/validate.h"

int cmd_rate(struct cli *cli, int argc, char **argv)
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
	int who = 2;
	if (clear && partner && validate_partner("partner", partner, &who, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	enum dyad_error rc = clear ? practice_rate_clear(store, id, pos[1], who, &st)
				   : practice_rate(store, id, pos[1], pos[2], partner, &st);
	return rc == DYAD_OK ? CLI_EXIT_OK : cli_fail(cli, &st);
}
