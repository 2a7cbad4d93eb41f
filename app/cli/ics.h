/* ics.h: `dyad ics`, the planned sessions as a calendar file. */
#ifndef DYAD_CLI_ICS_H
#define DYAD_CLI_ICS_H

#include "app/cli/cli.h"

int cmd_ics(struct cli *cli, int argc, char **argv);

#endif
