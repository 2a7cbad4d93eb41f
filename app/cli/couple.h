/* couple.h: the `dyad couple ...` commands. */
#ifndef DYAD_CLI_COUPLE_H
#define DYAD_CLI_COUPLE_H

#include "app/cli/cli.h"
#include "app/store/couples.h"

int cmd_couple_add(struct cli *cli, int argc, char **argv);
int cmd_couple_list(struct cli *cli, int argc, char **argv);
int cmd_couple_show(struct cli *cli, int argc, char **argv);
int cmd_couple_set(struct cli *cli, int argc, char **argv);

#endif
