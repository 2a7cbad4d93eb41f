/* checkin.c: recording how much of the homework one partner did. */
#include "app/cli/checkin.h"

#include <stdio.h>

#include "app/domain/adherence.h"
#include "app/domain/assignments.h"
#include "app/domain/validate.h"
#include "app/store/homework.h"

int cmd_checkin(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	struct checkin_input in = { 0 };
	const struct cli_option opts[] = {
		{ "--partner", CLI_VALUE, &in.partner, 0, NULL },
		{ "--done", CLI_VALUE, &in.done, 0, NULL },
		{ "--of", CLI_VALUE, &in.of, 0, NULL },
		{ "--comment", CLI_VALUE, &in.comment, 0, NULL },
		{ "--date", CLI_VALUE, &in.date, 0, NULL },
		{ "--session", CLI_VALUE, &in.session, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t id;
	if (cli_parse(cli, argc, argv, opts, 6, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("assignment id", pos[0], &id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (in.partner == NULL || in.done == NULL) {
		cli_usage(cli, &st, "%s: is required", in.partner == NULL ? "--partner" : "--done");
		return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	bool replaced = false;
	if (homework_checkin(store, id, &in, &replaced, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	/* Show where things stand now. */
	struct assignment_rec a;
	struct adherence adh;
	if (assignments_get(store, id, &a, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	enum dyad_error rc = homework_adherence(store, &a, &adh, NULL, &st);
	assignment_rec_free(&a);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	char pa[48], pb[48], both[48];
	fprintf(cli->out, "%s; so far A %s, B %s, together %s\n",
		replaced ? "replaced that day's check-in" : "recorded",
		adherence_format(&adh.partner[0], pa, sizeof pa),
		adherence_format(&adh.partner[1], pb, sizeof pb),
		adherence_format(&adh.together, both, sizeof both));
	return CLI_EXIT_OK;
}
