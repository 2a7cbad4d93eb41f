/* rate.h: `dyad rate`. */
#ifndef DYAD_CLI_RATE_H
#define DYAD_CLI_RATE_H

#include "app/cli/cli.h"

int cmd_rate(struct cli *cli, int argc, char **argv);

#endif
