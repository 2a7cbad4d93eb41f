/* form.h: a small form in a box over the current screen. Saving hands the
 * values to a callback that checks them like the command line does; when
 * it refuses, the reason shows in the status line, the field it names gets
 * the focus, and everything typed stays. */
#ifndef DYAD_TUI_FORM_H
#define DYAD_TUI_FORM_H

#include <stddef.h>

#include "app/core/error.h"
#include "app/tui/screen.h"

#define TUI_FORM_FIELDS_MAX 8

struct tui_form_field {
	const char *key;            /* the field name refusals use: "minutes", "partner A name" */
	const char *label;          /* what the form shows: "Minutes" */
	const char *hint;           /* one line of guidance while the field has focus */
	const char *const *choices; /* NULL for typed text; else a NULL-terminated list */
	const char *value;          /* the starting text or choice; copied */
};

/* Saves the values (in field order; a choice field gives its choice). On
 * refusal returns the error with st naming the field; the form stays. On
 * success the form has already closed, so the callback may open screens. */
typedef enum dyad_error (*tui_form_submit)(struct tui *tui, const struct tui_target *target,
	const char *const *values, struct dyad_status *st);

struct tui_form_spec {
	const char *title;              /* "New session" */
	const char *intro;              /* a line above the fields, or NULL */
	const struct tui_form_field *fields;
	size_t nfields;                 /* at most TUI_FORM_FIELDS_MAX */
	struct tui_target target;       /* what the form is about, passed back */
	tui_form_submit submit;
};

/* Opens the form over the current screen; everything in spec is copied
 * except the static strings (labels, hints, choices). */
void tui_form_open(struct tui *tui, const struct tui_form_spec *spec);

#endif
