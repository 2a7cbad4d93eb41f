/* report.c: writing progress reports from the shell. */
#include "app/cli/report.h"

#include <stdio.h>
#include <stdlib.h>

#include "app/core/fileio.h"
#include "app/output/report.h"
#include "app/output/summary_file.h"
#include "app/domain/validate.h"

/* dyad report COUPLE --summary: the one-page PDF for the couple. */
static int write_summary(struct cli *cli, int64_t couple_id, const char *output,
	const char *paper)
{
	struct dyad_status st = { 0 };
	struct summary_request rq = { output, paper };
	struct paper_choice check;
	if (output != NULL && output[0] == '\0') {
		dyad_fail(&st, DYAD_ERR_USAGE, "-o: needs a file name");
		return cli_fail(cli, &st);
	}
	if (paper != NULL && paper_choose(paper, NULL, &check, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct summary_written w;
	if (store == NULL || summary_write(store, couple_id, &rq, &w, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	cli_safe(&out, w.path);
	strbuf_addc(&out, '\n');
	if (w.shown < w.total)
		fprintf(cli->err, "dyad: report: %zu of %zu measures fit on the page; the page says "
			"how many more are in the full report\n", w.shown, w.total);
	if (w.replaced > 0)
		fprintf(cli->err, "dyad: report: %d character%s the font cannot show %s printed as "
			"\xEF\xBF\xBD\n", w.replaced, w.replaced == 1 ? "" : "s",
			w.replaced == 1 ? "was" : "were");
	free(w.path);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_report(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *output = NULL;
	const char *paper = NULL;
	bool include_notes = false, include_private = false, caseload = false, summary = false;
	const struct cli_option opts[] = {
		{ "-o", CLI_VALUE, &output, 0, NULL },
		{ "--output", CLI_VALUE, &output, 0, NULL },
		{ "--include-notes", CLI_FLAG, &include_notes, 0, NULL },
		{ "--caseload", CLI_FLAG, &caseload, 0, NULL },
		{ "--include-private", CLI_FLAG, &include_private, 0, NULL },
		{ "--summary", CLI_FLAG, &summary, 0, NULL },
		{ "--paper", CLI_VALUE, &paper, 0, NULL },
	};
	const char *pos[1];
	int npos;
	int64_t couple_id = 0;
	if (cli_parse(cli, argc, argv, opts, 7, pos, 0, 1, &npos, &st) != DYAD_OK)
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
	if (caseload && summary) {
		dyad_fail(&st, DYAD_ERR_USAGE,
			"--summary: a summary is one couple's page, so it takes a COUPLE, not --caseload");
		return cli_fail(cli, &st);
	}
	if (summary && (include_notes || include_private)) {
		dyad_fail(&st, DYAD_ERR_USAGE, "%s: the summary is for the couple to see, so it "
			"never holds note text or private records", include_notes ? "--include-notes"
			: "--include-private");
		return cli_fail(cli, &st);
	}
	if (!summary && paper != NULL) {
		dyad_fail(&st, DYAD_ERR_USAGE, "--paper: only the PDF summary (--summary) has paper");
		return cli_fail(cli, &st);
	}
	if (!caseload && cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (summary)
		return write_summary(cli, couple_id, output, paper);
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
