/* library.h: loading the exercise library for a command. */
#ifndef DYAD_CLI_LIBRARY_H
#define DYAD_CLI_LIBRARY_H

#include "app/cli/cli.h"
#include "app/domain/library.h"

/* Loads the library into *lib (free with library_free), its concepts
 * checked against the database's catalogue; when loud, prints
 * each template's problem on standard error, one line each. False, with
 * st filled, when it (or the database) cannot be loaded. */
bool cli_library_load(struct cli *cli, struct library *lib, bool loud,
	struct dyad_status *st);

#endif
