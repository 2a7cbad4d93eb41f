/* note_template.h: plain-text templates a session note can start from
 * (DAP, SOAP, BIRP, and one keyed to the concepts), filled in from the
 * record so an empty note opens with what the therapist needs in front of
 * them: attendance, the last note's plan, check-ins since the last
 * session, score changes and the plan's active objectives.
 *
 * A template is NAME.txt in a "notes" folder beside the exercise
 * templates (library_find_dirs): the therapist's own folder first
 * ($XDG_DATA_HOME/dyad/templates/notes), then the installed ones. Lines
 * at the top that start with # describe it and are left out. A line that
 * is only one of these is replaced by what it names:
 *   {couple} {date} {attendance} {last_plan} {checkins} {scores} {objectives}
 * Any other text stays as written. */
#ifndef DYAD_DOMAIN_NOTE_TEMPLATE_H
#define DYAD_DOMAIN_NOTE_TEMPLATE_H

#include <stdbool.h>
#include <stdint.h>

#include "app/core/error.h"
#include "app/core/strbuf.h"
#include "app/store/db.h"

#define NOTE_TEMPLATE_SETTING "notes.template"
#define NOTE_TEMPLATE_MAX_BYTES 20000

/* Checks that name is a template's name (lower-case letters, digits, - and
 * _) and that a template of that name exists. DYAD_ERR_INVALID names the
 * field and lists the templates found. */
enum dyad_error note_template_check(const char *field, const char *name,
	struct dyad_status *st);

/* Appends to out the template's text, filled in for session_id. name NULL
 * means the notes.template setting; with neither, *used is false and out
 * is left alone. Reads only. */
enum dyad_error note_template_fill(struct store *store, int64_t session_id, const char *name,
	struct strbuf *out, bool *used, struct dyad_status *st);

/* What the editor should open for a note: the body as stored, or, when it
 * is blank, the template filled in (a name given, else the setting).
 * explicit_name on a note that already has text is refused. *start
 * (caller frees) is NUL-terminated; *prefilled says which it is. */
enum dyad_error note_template_start(struct store *store, int64_t session_id,
	const char *body, const char *explicit_name, char **start, bool *prefilled,
	struct dyad_status *st);

#endif
