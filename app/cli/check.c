/* check.c: verifying the database, its triggers and the audit chain. */
#include "app/cli/check.h"

#include <inttypes.h>
#include <stdio.h>

#include "app/core/audit_key.h"
#include "app/store/anchors.h"
#include "app/store/audit.h"
#include "app/store/maintenance.h"

int cmd_check(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	bool anchor_only = false;
	const struct cli_option opts[] = { { "--anchor", CLI_FLAG, &anchor_only, 0, NULL } };
	int npos;
	if (cli_parse(cli, argc, argv, opts, 1, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct store_check_report r;
	if (store == NULL || store_check(store, &r, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	/* The log against its last anchor; a clean check anchors where it
	 * stands now. */
	char line[ANCHOR_LINE_MAX];
	if (anchor_compare_append(store, false, false, &r.problems, NULL, 0, &st) != DYAD_OK ||
		(r.problems.len == 0 &&
			anchor_compare_append(store, true, false, NULL, line, sizeof line, &st) != DYAD_OK)) {
		store_check_report_free(&r);
		return cli_fail(cli, &st);
	}
	FILE *o = cli->out;
	if (anchor_only && r.problems.len == 0) {
		fprintf(o, "%s\n", line);
		store_check_report_free(&r);
		return CLI_EXIT_OK;
	}
	fprintf(o, "Checked %s\n", store_path(store));
	fprintf(o, "  integrity_check:     %s\n", r.integrity_ok ? "ok" : "PROBLEMS");
	fprintf(o, "  foreign keys:        %s\n", r.foreign_keys_ok ? "ok" : "PROBLEMS");
	if (r.cipher_checked)
		fprintf(o, "  encrypted pages:     %s\n", r.cipher_ok ? "ok" : "PROBLEMS");
	fprintf(o, "  protective triggers: %d of %d in place\n", r.triggers_present,
		r.triggers_expected);
	fprintf(o, "  audit log:           %" PRId64 " entr%s", r.audit_entries,
		r.audit_entries == 1 ? "y" : "ies");
	const struct audit_key *key = audit_key_of(store);
	if (r.audit_entries > 0 && key->state != AUDIT_KEY_LOADED)
		fprintf(o, " (keyed ones cannot be verified without the audit key)");
	else if (r.audit_entries > 0) {
		fprintf(o, ", %" PRId64 " keyed", r.audit_keyed);
		if (r.audit_unkeyed > 0)
			fprintf(o, ", %" PRId64 " history from before the audit key", r.audit_unkeyed);
	}
	fprintf(o, "\n");
	fprintf(o, "  audit key:           %s%s\n", key->path[0] ? key->path : "(no place for it)",
		key->state != AUDIT_KEY_LOADED ? " (not there)" : r.key_created ? " (made now)" : "");
	fprintf(o, "  signed notes:        %" PRId64 " compared with their signing fingerprint\n",
		r.signed_checked);
	fprintf(o, "  addenda:             %" PRId64 " compared with their fingerprint\n",
		r.addenda_checked);
	fprintf(o, "  signed sessions:     %" PRId64 " compared with their signature\n",
		r.sessions_checked);
	if (r.unlogged_signed > 0)
		fprintf(o, "  (%" PRId64 " signed note%s from before signing was logged, or demo data)\n",
			r.unlogged_signed, r.unlogged_signed == 1 ? "" : "s");
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
