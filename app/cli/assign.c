/* assign.c: giving a couple an exercise from the library. */
#include "app/cli/assign.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/cli/library.h"
#include "app/cli/plan.h"
#include "app/core/fileio.h"
#include "app/domain/assignments.h"
#include "app/domain/intake.h"
#include "app/domain/library.h"
#include "app/domain/plan.h"
#include "app/domain/validate.h"

int cmd_assign(struct cli *cli, int argc, char **argv)
{
	struct dyad_status st = { 0 };
	struct assign_input in = { 0 };
	const char *note_file = NULL;
	bool despite_safety = false;
	long long objective;
	int taken = plan_objective_take(cli, &argc, argv, false, &objective);
	if (taken != 0)
		return taken;
	const struct cli_option opts[] = {
		{ "--despite-safety", CLI_FLAG, &despite_safety, 0, NULL },
		{ "--due", CLI_VALUE, &in.due, 0, NULL },
		{ "--note", CLI_VALUE, &in.note, 0, NULL },
		{ "--note-file", CLI_VALUE, &note_file, 0, NULL },
		{ "--session", CLI_VALUE, &in.session, 0, NULL },
		{ "--frequency", CLI_VALUE, &in.frequency, 0, NULL },
		{ "--minutes", CLI_VALUE, &in.minutes, 0, NULL },
	};
	const char *pos[2];
	int npos;
	int64_t couple_id, id;
	if (cli_parse(cli, argc, argv, opts, 7, pos, 2, 2, &npos, &st) != DYAD_OK ||
		cli_couple_id(cli, pos[0], &couple_id, &st) != DYAD_OK)
		return cli_fail(cli, &st);
	if (objective > 0 && (taken = plan_objective_precheck(cli, couple_id, objective)) != 0)
		return taken;
	if (in.note != NULL && note_file != NULL) {
		dyad_fail(&st, DYAD_ERR_USAGE, "note: give --note or --note-file, not both");
		return cli_fail(cli, &st);
	}
	struct store *store = cli_store(cli, &st);
	if (store == NULL)
		return cli_fail(cli, &st);
	struct library lib;
	if (!cli_library_load(cli, &lib, false, &st))
		return cli_fail(cli, &st);
	char *file_note = NULL;
	int rc = CLI_EXIT_OK;
	const struct template *t = library_find(&lib, pos[1]);
	if (t == NULL) {
		char q[200];
		const char *problem = library_problem_for(&lib, pos[1]);
		if (problem != NULL)
			dyad_fail(&st, DYAD_ERR_NOT_FOUND, "exercise: '%s' has an error in its template: %s",
				validate_quote(pos[1], q, sizeof q), problem);
		else
			dyad_fail(&st, DYAD_ERR_NOT_FOUND,
				"exercise: '%s' is not in the exercise library (see dyad exercises)",
				validate_quote(pos[1], q, sizeof q));
		rc = cli_fail(cli, &st);
		goto cleanup;
	}
	/* Conflict work with a couple where a partner screened unsafe can put
	 * that partner at risk: the therapist confirms it was considered. */
	if (!despite_safety && safety_exercise_is_conflict(t)) {
		struct safety_flag flag;
		if (couple_safety_flag(store, couple_id, &flag, &st) != DYAD_OK) {
			rc = cli_fail(cli, &st);
			goto cleanup;
		}
		if (flag.level != SAFETY_NONE) {
			dyad_fail(&st, DYAD_ERR_REFUSED,
				"safety: '%s' works on conflict and the couple has a safety flag; assign it "
				"only after weighing that, with --despite-safety", t->id);
			rc = cli_fail(cli, &st);
			goto cleanup;
		}
	}
	if (note_file != NULL) {
		size_t len;
		if ((file_note = fileio_read_path(note_file, ASSIGNMENT_NOTE_MAX_BYTES, &len, "note",
			     &st)) == NULL) {
			rc = cli_fail(cli, &st);
			goto cleanup;
		}
		in.note = file_note;
		in.note_len = len;
	} else if (in.note != NULL) {
		in.note_len = strlen(in.note);
	}
	if (homework_assign(store, couple_id, t, &in, &id, &st) != DYAD_OK) {
		rc = cli_fail(cli, &st);
		goto cleanup;
	}
	if (objective > 0 && (rc = plan_objective_apply(cli, id, objective)) != 0)
		goto cleanup;
	fprintf(cli->out, "%" PRId64 "\n", id);
cleanup:
	free(file_note);
	library_free(&lib);
	return rc;
}
