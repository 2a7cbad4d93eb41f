/* backup.h: `dyad backup` and `dyad restore`. */
#ifndef DYAD_CLI_BACKUP_H
#define DYAD_CLI_BACKUP_H

#include "app/cli/cli.h"

int cmd_backup(struct cli *cli, int argc, char **argv);
int cmd_restore(struct cli *cli, int argc, char **argv);

#endif
