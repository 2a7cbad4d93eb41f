/* import.c: loading an export into an empty database. */
#include "app/cli/import.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/core/fileio.h"
#include "app/domain/import.h"

int cmd_import(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	const char *pos[1];
	int npos;
	if (cli_parse(cli, argc, argv, NULL, 0, pos, 1, 1, &npos, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	size_t len;
	char *text = fileio_read_path(pos[0], IMPORT_MAX_FILE_BYTES, &len, "import", &st);
	if (text == NULL)
		return cli_fail(cli, &st);
	struct store *store = cli_store(cli, &st);
	struct import_summary sum = { 0, 0 };
	enum dyad_error rc = store == NULL ? st.code
		: import_file_text(store, text, len, pos[0], &sum, &st);
	free(text);
	if (rc != DYAD_OK)
		return cli_fail(cli, &st);
	fprintf(cli->out, "Imported %" PRId64 " rows in %" PRId64 " tables from %s into %s.\n",
		sum.rows, sum.tables, pos[0], store_path(store));
	return CLI_EXIT_OK;
}
