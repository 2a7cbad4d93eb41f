/* config.h: the `dyad config ...` commands. */
#ifndef DYAD_CLI_CONFIG_H
#define DYAD_CLI_CONFIG_H

#include "app/cli/cli.h"

int cmd_config_set(struct cli *cli, int argc, char **argv);
int cmd_config_list(struct cli *cli, int argc, char **argv);

#endif
