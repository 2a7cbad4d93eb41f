/* library.c: the exercise library as the commands load it. */
#include "app/cli/library.h"

#include <stdio.h>

bool cli_library_load(struct cli *cli, struct library *lib, bool loud, struct dyad_status *st)
{
	struct store *store = cli_store(cli, st);
	if (store == NULL || library_load_for(store, lib, st) != DYAD_OK)
		return false;
	for (size_t i = 0; loud && i < lib->nproblems; i++) {
		struct strbuf sb = STRBUF_INIT;
		cli_safe(&sb, lib->problems[i]);
		fprintf(cli->err, "dyad: template %s\n", strbuf_str(&sb));
		strbuf_release(&sb);
	}
	return true;
}
