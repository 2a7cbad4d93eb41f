/* intake.h: the intake form and safety screenings from the shell. */
#ifndef DYAD_CLI_INTAKE_H
#define DYAD_CLI_INTAKE_H

#include "app/cli/cli.h"

/* `intake COUPLE [--concerns T ...]`: fields as flags, or the form in the
 * editor when no field is given. */
int cmd_intake(struct cli *cli, int argc, char **argv);

/* `intake show COUPLE [--json]` */
int cmd_intake_show(struct cli *cli, int argc, char **argv);

/* `safety add COUPLE --partner a|b --date D --method T --result R [--action T]` */
int cmd_safety_add(struct cli *cli, int argc, char **argv);

/* `safety list COUPLE [--json]`: written to the audit log as it is shown. */
int cmd_safety_list(struct cli *cli, int argc, char **argv);

#endif
