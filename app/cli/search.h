/* search.h: `dyad search`. */
#ifndef DYAD_CLI_SEARCH_H
#define DYAD_CLI_SEARCH_H

#include "app/cli/cli.h"

int cmd_search(struct cli *cli, int argc, char **argv);

#endif
