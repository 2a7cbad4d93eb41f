/* exercises.h: `dyad exercises`. */
#ifndef DYAD_CLI_EXERCISES_H
#define DYAD_CLI_EXERCISES_H

#include "app/cli/cli.h"

int cmd_exercises(struct cli *cli, int argc, char **argv);

#endif
