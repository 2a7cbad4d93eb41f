/* init.h: `dyad init`. */
#ifndef DYAD_CLI_INIT_H
#define DYAD_CLI_INIT_H

#include "app/cli/cli.h"

int cmd_init(struct cli *cli, int argc, char **argv);

#endif
