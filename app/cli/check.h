/* check.h: `dyad check`. */
#ifndef DYAD_CLI_CHECK_H
#define DYAD_CLI_CHECK_H

#include "app/cli/cli.h"

int cmd_check(struct cli *cli, int argc, char **argv);

#endif
