/* trends.h: `dyad trends`. */
#ifndef DYAD_CLI_TRENDS_H
#define DYAD_CLI_TRENDS_H

#include "app/cli/cli.h"

int cmd_trends(struct cli *cli, int argc, char **argv);

#endif
