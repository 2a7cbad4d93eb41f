/* outcomes.h: `dyad outcomes`. */
#ifndef DYAD_CLI_OUTCOMES_H
#define DYAD_CLI_OUTCOMES_H

#include "app/cli/cli.h"

int cmd_outcomes(struct cli *cli, int argc, char **argv);

#endif
