/* handout.h: `dyad handout` and `dyad handouts`. */
#ifndef DYAD_CLI_HANDOUT_H
#define DYAD_CLI_HANDOUT_H

#include "app/cli/cli.h"

int cmd_handout(struct cli *cli, int argc, char **argv);
int cmd_handouts(struct cli *cli, int argc, char **argv);

#endif
