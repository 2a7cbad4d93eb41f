/* check.c: verifying the database, its triggers and the audit chain. */
#include "app/cli/check.h"

#include <inttypes.h>
#include <stdio.h>

#include "app/store/maintenance.h"

int cmd_check(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	int npos;
	if (cli_parse(cli, argc, argv, NULL, 0, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct store_check_report r;
	if (store == NULL || store_check(store, &r, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	FILE *o = cli->out;
	fprintf(o, "Checked %s\n", store_path(store));
	fprintf(o, "  integrity_check:     %s\n", r.integrity_ok ? "ok" : "PROBLEMS");
	fprintf(o, "  foreign keys:        %s\n", r.foreign_keys_ok ? "ok" : "PROBLEMS");
	if (r.cipher_checked)
		fprintf(o, "  encrypted pages:     %s\n", r.cipher_ok ? "ok" : "PROBLEMS");
	fprintf(o, "  protective triggers: %d of %d in place\n", r.triggers_present,
		r.triggers_expected);
	fprintf(o, "  audit log:           %" PRId64 " entr%s\n", r.audit_entries,
		r.audit_entries == 1 ? "y" : "ies");
	fprintf(o, "  signed notes:        %" PRId64 " compared with their signing fingerprint\n",
		r.signed_checked);
	fprintf(o, "  addenda:             %" PRId64 " compared with their fingerprint\n",
		r.addenda_checked);
	fprintf(o, "  signed sessions:     %" PRId64 " compared with their signature\n",
		r.sessions_checked);
	size_t n = r.problems.len;
	if (n == 0) {
		fprintf(o, "No problems found.\n");
		store_check_report_free(&r);
		return CLI_EXIT_OK;
	}
	fprintf(o, "%zu problem%s:\n", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n; i++)
		fprintf(o, "  - %s\n", r.problems.items[i]);
	store_check_report_free(&r);
	fflush(o);
	dyad_fail(&st, DYAD_ERR_REFUSED, "check: %zu problem%s found in %s (listed above)", n,
		n == 1 ? "" : "s", store_path(store));
	return cli_fail(cli, &st);
}
