/* plan.h: `dyad plan`: a couple's treatment plan, written in the editor,
 * shown with each objective's status, signed and kept as versions; and the
 * --objective option the homework commands carry. */
#ifndef DYAD_CLI_PLAN_H
#define DYAD_CLI_PLAN_H

#include <stdint.h>

#include "app/cli/cli.h"

int cmd_plan(struct cli *cli, int argc, char **argv);
int cmd_plan_show(struct cli *cli, int argc, char **argv);
int cmd_plan_sign(struct cli *cli, int argc, char **argv);
int cmd_plan_history(struct cli *cli, int argc, char **argv);

/* The homework commands' --objective N, for commands that know nothing of
 * plans: takes "--objective N" (or --objective=N) out of argv in place,
 * shortening *argc, and checks N (a whole number from 1; 0 only when
 * allow_none, for removing a link). *objective is -1 when the option was
 * not given. On a problem prints it and returns the exit code; else 0. */
int plan_objective_take(struct cli *cli, int *argc, char **argv, bool allow_none,
	long long *objective);

/* Checks objective (>= 0) against the couple's plan before homework is
 * written; prints the refusal and returns the exit code, else 0. */
int plan_objective_precheck(struct cli *cli, int64_t couple_id, long long objective);

/* Links assignment_id to objective (0 removes the link), inside the
 * caller's transaction if one is open. Prints a refusal and returns the
 * exit code, else 0. */
int plan_objective_apply(struct cli *cli, int64_t assignment_id, long long objective);

#endif
