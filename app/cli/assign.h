/* assign.h: `dyad assign`. */
#ifndef DYAD_CLI_ASSIGN_H
#define DYAD_CLI_ASSIGN_H

#include "app/cli/cli.h"

int cmd_assign(struct cli *cli, int argc, char **argv);

#endif
