/* homework.h (cli): settings, the exercise library, assignments, check-ins
 * and handouts from the shell. */
#ifndef DYAD_CLI_HOMEWORK_H
#define DYAD_CLI_HOMEWORK_H

#include "app/cli/cli.h"

int cmd_config_set(struct cli *cli, int argc, char **argv);
int cmd_config_list(struct cli *cli, int argc, char **argv);
int cmd_exercises(struct cli *cli, int argc, char **argv);
int cmd_assign(struct cli *cli, int argc, char **argv);
int cmd_assignments(struct cli *cli, int argc, char **argv);
int cmd_checkin(struct cli *cli, int argc, char **argv);
int cmd_assignment_set(struct cli *cli, int argc, char **argv);
int cmd_handout(struct cli *cli, int argc, char **argv);
int cmd_handouts(struct cli *cli, int argc, char **argv);

#endif
