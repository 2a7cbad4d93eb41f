/* export.c: everything in the database as one JSON file. */
#include "app/cli/export.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/fileio.h"
#include "app/core/paths.h"
#include "app/store/audit.h"
#include "app/store/export.h"
#include "app/store/maintenance.h"

int cmd_export(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *file = NULL;
	const struct cli_option opts[] = { { "-o", CLI_VALUE, &file, 0, NULL } };
	int npos;
	if (cli_parse(cli, argc, argv, opts, 1, NULL, 0, 0, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (file != NULL && strcmp(file, "-") == 0)
		file = NULL;
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	if (file != NULL && fileio_check_output(file, "-o", &st) != DYAD_OK)
		return cli_fail(cli, &st);
	struct strbuf out = STRBUF_INIT;
	if (store_export_json(store, &out, &st) != DYAD_OK) {
		strbuf_release(&out);
		return cli_fail(cli, &st);
	}
	if (file == NULL) {
		if (!cli_emit(cli, &out))
			return CLI_EXIT_REFUSED;
		if (audit_record(store, AUDIT_EXPORT, "export", 0, 0, "standard output", &st) !=
			DYAD_OK)
			return cli_fail(cli, &st);
		return CLI_EXIT_OK;
	}
	/* Written like every other file of client data: a private temporary
	 * file, then its audit entry and the rename together. */
	char *dir = paths_dirname(file);
	enum dyad_error rc = dir ? paths_mkdir_p(dir, 0700, &st)
		: dyad_fail(&st, DYAD_ERR_NOMEM, NULL);
	free(dir);
	struct atomic_file af;
	if (rc == DYAD_OK && (rc = atomic_begin(&af, file, &st)) == DYAD_OK) {
		rc = fileio_write_all(af.fd, out.data ? out.data : "", out.len, file, &st);
		if (rc == DYAD_OK)
			rc = store_publish(store, &af, "export", 0, 0, 0, file, &st);
		else
			atomic_abort(&af);
	}
	strbuf_release(&out);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "Exported everything in %s to %s.\n", store_path(store), file);
	return CLI_EXIT_OK;
}
