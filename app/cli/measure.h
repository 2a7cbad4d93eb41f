/* measure.h: `dyad measures`, `dyad measure add` and `dyad measure`. */
#ifndef DYAD_CLI_MEASURE_H
#define DYAD_CLI_MEASURE_H

#include "app/cli/cli.h"

int cmd_measures(struct cli *cli, int argc, char **argv);
int cmd_measure_add(struct cli *cli, int argc, char **argv);
int cmd_measure(struct cli *cli, int argc, char **argv);

#endif
