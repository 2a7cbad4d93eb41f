/* schedule.h: `dyad measure schedule`. */
#ifndef DYAD_CLI_SCHEDULE_H
#define DYAD_CLI_SCHEDULE_H

#include "app/cli/cli.h"

int cmd_measure_schedule(struct cli *cli, int argc, char **argv);

#endif
