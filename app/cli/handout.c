/* handout.c: writing homework handouts as PDFs, one or a batch. */
#include "app/cli/handout.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/cli/library.h"
#include "app/core/paths.h"
#include "app/domain/handout_text.h"
#include "app/domain/library.h"
#include "app/domain/paper.h"
#include "app/domain/validate.h"
#include "app/output/handout_file.h"
#include "app/store/homework.h"

static void report_replaced(struct cli *cli, const struct handout_written *w)
{
	if (w->replaced > 0)
		fprintf(cli->err, "dyad: handout: %d character%s the font cannot show %s printed as "
			"\xEF\xBF\xBD in %s\n", w->replaced, w->replaced == 1 ? "" : "s",
			w->replaced == 1 ? "was" : "were", w->path);
}

int cmd_handout(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	struct handout_request rq = { 0 };
	const struct cli_option opts[] = {
		{ "-o", CLI_VALUE, &rq.output, 0, NULL },
		{ "--output", CLI_VALUE, &rq.output, 0, NULL },
		{ "--paper", CLI_VALUE, &rq.paper, 0, NULL },
		{ "--large", CLI_FLAG, &rq.large_print, 0, NULL },
	};
	const char *pos[1];
	int npos;
	if (cli_parse(cli, argc, argv, opts, 4, pos, 1, 1, &npos, &st) != DYAD_OK ||
		validate_id("assignment id", pos[0], &rq.assignment_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (rq.output != NULL && rq.output[0] == '\0') {
		dyad_fail(&st, DYAD_ERR_USAGE, "-o: needs a file name");
		return cli_fail(cli, &st);
	}
	struct paper_choice check;
	if (rq.paper != NULL && paper_choose(rq.paper, NULL, &check, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct library lib;
	if (!cli_library_load(cli, &lib, false, &st))
		return cli_fail(cli, &st);
	rq.library = &lib;
	struct handout_written w;
	enum dyad_error rc = handout_write(store, &rq, &w, &st);
	library_free(&lib);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	cli_safe(&out, w.path);
	strbuf_addc(&out, '\n');
	report_replaced(cli, &w);
	free(w.path);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

/* A one-line bar on the terminal: "[#####.....] 3/10". */
static void progress(FILE *fp, size_t done, size_t total)
{
	const int width = 30;
	int filled = total ? (int)((done * (size_t)width) / total) : width;
	fputs("\r[", fp);
	for (int i = 0; i < width; i++)
		fputc(i < filled ? '#' : '.', fp);
	fprintf(fp, "] %zu/%zu", done, total);
	if (done == total)
		fputs("\r\033[K", fp);
	fflush(fp);
}

/* One couple's open homework, every handout in one PDF. */
static int couple_handouts(struct cli *cli, const char *couple, const char *output,
	const char *paper, bool large)
{
	struct dyad_status st = { 0 };
	struct handout_request rq = { 0, output, paper, NULL, large };
	struct paper_choice check;
	if (paper != NULL && paper_choose(paper, NULL, &check, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	int64_t couple_id;
	if (store == NULL || cli_couple_id(cli, couple, &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct library lib;
	if (!cli_library_load(cli, &lib, false, &st))
		return cli_fail(cli, &st);
	rq.library = &lib;
	struct handout_written w;
	enum dyad_error rc = handout_write_couple(store, couple_id, &rq, &w, &st);
	library_free(&lib);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	cli_safe(&out, w.path);
	strbuf_addc(&out, '\n');
	report_replaced(cli, &w);
	free(w.path);
	return cli_emit(cli, &out) ? CLI_EXIT_OK : CLI_EXIT_REFUSED;
}

int cmd_handouts(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *due = NULL, *dir = NULL, *paper = NULL, *output = NULL;
	bool large = false;
	const struct cli_option opts[] = {
		{ "--due-before", CLI_VALUE, &due, 0, NULL },
		{ "--dir", CLI_VALUE, &dir, 0, NULL },
		{ "--paper", CLI_VALUE, &paper, 0, NULL },
		{ "--large", CLI_FLAG, &large, 0, NULL },
		{ "-o", CLI_VALUE, &output, 0, NULL },
		{ "--output", CLI_VALUE, &output, 0, NULL },
	};
	const char *pos[1];
	int npos;
	if (cli_parse(cli, argc, argv, opts, 6, pos, 0, 1, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (npos == 1) {
		if (due != NULL || dir != NULL) {
			cli_usage(cli, &st, "handouts: give a couple, or --due-before, not both");
			return cli_fail(cli, &st);
		}
		if (output != NULL && output[0] == '\0') {
			dyad_fail(&st, DYAD_ERR_USAGE, "-o: needs a file name");
			return cli_fail(cli, &st);
		}
		return couple_handouts(cli, pos[0], output, paper, large);
	}
	if (output != NULL) {
		cli_usage(cli, &st, "-o: is for one couple's handouts (use --dir for a batch)");
		return cli_fail(cli, &st);
	}
	if (due == NULL) {
		cli_usage(cli, &st, "--due-before: is required (or give a couple)");
		return cli_fail(cli, &st);
	}
	struct dyad_date d;
	struct paper_choice check;
	if (validate_date("due-before", due, &d, &st) != DYAD_OK ||
		(paper != NULL && paper_choose(paper, NULL, &check, &st) != DYAD_OK))
		return cli_fail(cli, &st);
	if (dir != NULL && paths_mkdir_p(dir, 0700, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	char due_text[11];
	date_format(d, due_text);
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct assignment_list list;
	if (assignments_due(store, due_text, &list, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (list.len == 0) {
		fprintf(cli->out, "No open homework is due by %s.\n", due_text);
		assignment_list_free(&list);
		return CLI_EXIT_OK;
	}
	struct library lib;
	if (!cli_library_load(cli, &lib, false, &st)) {
		assignment_list_free(&list);
		return cli_fail(cli, &st);
	}
	bool bar = isatty(fileno(cli->err));
	size_t failed = 0;
	int rc = CLI_EXIT_OK;
	char **names = calloc(list.len, sizeof *names);
	if (names == NULL) {
		dyad_fail(&st, DYAD_ERR_NOMEM, NULL);
		library_free(&lib);
		assignment_list_free(&list);
		return cli_fail(cli, &st);
	}
	for (size_t i = 0; i < list.len; i++) {
		const struct assignment_rec *a = &list.items[i];
		if (bar)
			progress(cli->err, i, list.len);
		/* The name carries the assignment's id: no two handouts share
		 * one, and printing again replaces only the same assignment's. */
		struct strbuf target = STRBUF_INIT;
		names[i] = handout_assignment_file_name(a->couple_name, a->exercise_id, a->assigned_on,
			a->id);
		strbuf_addf(&target, "%s/", dir ? dir : ".");
		if (names[i] != NULL)
			strbuf_adds(&target, names[i]);
		struct handout_request rq = { a->id, strbuf_str(&target), paper, &lib, large };
		struct handout_written w;
		struct dyad_status one = { 0 };
		if (names[i] == NULL || target.failed)
			dyad_fail(&one, DYAD_ERR_NOMEM, NULL);
		enum dyad_error wrc = one.code == DYAD_OK ? handout_write(store, &rq, &w, &one) : one.code;
		strbuf_release(&target);
		if (wrc != DYAD_OK) {
			if (bar)
				fputs("\r\033[K", cli->err);
			fprintf(cli->err, "dyad: assignment %" PRId64 ": %s\n", list.items[i].id,
				dyad_status_message(&one));
			failed++;
			continue;
		}
		struct strbuf out = STRBUF_INIT;
		cli_safe(&out, w.path);
		strbuf_addc(&out, '\n');
		if (bar)
			fputs("\r\033[K", cli->err);
		report_replaced(cli, &w);
		free(w.path);
		if (!cli_emit(cli, &out)) {
			rc = CLI_EXIT_REFUSED;
			break;
		}
	}
	if (bar)
		progress(cli->err, list.len, list.len);
	if (failed > 0) {
		fprintf(cli->err, "dyad: %zu of %zu handouts could not be written\n", failed, list.len);
		rc = CLI_EXIT_REFUSED;
	}
	for (size_t i = 0; i < list.len; i++)
		free(names[i]);
	free(names);
	library_free(&lib);
	assignment_list_free(&list);
	return rc;
}
