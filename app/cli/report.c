/* report.c: writing progress reports from the shell. */
#include "app/cli/report.h"

#include <stdio.h>

#include "app/core/fileio.h"
#include "app/output/report.h"
#include "app/domain/validate.h"

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *output = NULL;
	bool include_notes = false, include_private = false, caseload = false;
	const struct cli_option opts[] = {
		{ "-o", CLI_VALUE, &output, 0, NULL },
		{ "--output", CLI_VALUE, &output, 0, NULL },
		{ "--include-notes", CLI_FLAG, &include_notes, 0, NULL },
		{ "--caseload", CLI_FLAG, &caseload, 0, NULL },
		{ "--include-private", CLI_FLAG, &include_private, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t couple_id = 0;
	if (cli_parse(cli, argc, argv, opts, 5, pos, 0, 1, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (caseload == (npos == 1)) {
		cli_usage(cli, &st, "%s", caseload
				? "--caseload: covers every couple, so it takes no COUPLE"
				: "missing argument COUPLE (or --caseload)");
		return cli_fail(cli, &st);
	}
	if (caseload && include_notes) {
		dyad_fail(&st, DYAD_ERR_USAGE,
			"--include-notes: the caseload holds headline figures only, never note text");
		return cli_fail(cli, &st);
	}
	if (caseload && include_private) {
		dyad_fail(&st, DYAD_ERR_USAGE,
			"--include-private: the caseload holds headline figures only, never private records");
		return cli_fail(cli, &st);
	}
	if (!caseload && cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	char name[64];
	if (output == NULL) {
		report_default_name(couple_id, name, sizeof name);
		output = name;
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL || fileio_check_output(output, "-o", &st) != DYAD_OK)
		return cli_fail(cli, &st);
	enum dyad_error rc = caseload ? report_write_caseload(store, output, &st)
				      : report_write_couple_private(store, couple_id, output, include_notes,
					      include_private, &st);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	cli_safe(&out, output);
	strbuf_addc(&out, '\n');
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}
