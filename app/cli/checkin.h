/* checkin.h: `dyad checkin`. */
#ifndef DYAD_CLI_CHECKIN_H
#define DYAD_CLI_CHECKIN_H

#include "app/cli/cli.h"

int cmd_checkin(struct cli *cli, int argc, char **argv);

#endif
