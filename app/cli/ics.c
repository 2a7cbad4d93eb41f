/* ics.c: `dyad ics`: the planned sessions as a calendar file. */
#include "app/cli/ics.h"

#include <stdio.h>

#include "app/domain/agenda.h"
#include "app/output/calendar.h"

int cmd_ics(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *file = NULL, *days_text = NULL;
	bool names = false;
	const struct cli_option opts[] = {
		{ "-o", CLI_VALUE, &file, 0, NULL },
		{ "--names", CLI_FLAG, &names, 0, NULL },
		{ "--days", CLI_VALUE, &days_text, 0, NULL },
	};
	int npos, days = CALENDAR_DEFAULT_DAYS;
	if (cli_parse(cli, argc, argv, opts, 3, NULL, 0, 0, &npos, &st) != DYAD_OK ||
		(days_text != NULL && agenda_parse_days("--days", days_text, &days, &st) != DYAD_OK))
		return cli_fail(cli, &st);
	if (file == NULL || file[0] == '\0') {
		cli_usage(cli, &st, "-o: name the calendar file to write");
		return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	size_t events;
	if (store == NULL || calendar_write(store, file, days, names, &events, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "Wrote %zu planned session%s to %s%s.\n", events, events == 1 ? "" : "s",
		file, names ? ", with the couples' names" : ", by initials");
	return CLI_EXIT_OK;
}
