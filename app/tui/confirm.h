/* confirm.h: a yes-or-no question in a box, for steps that cannot be taken
 * back (signing a note). Only `y` says yes (and `d`, where offered, its own
 * third answer); anything that closes it says no. */
#ifndef DYAD_TUI_CONFIRM_H
#define DYAD_TUI_CONFIRM_H

#include "app/core/error.h"
#include "app/tui/screen.h"

/* Does the thing asked about; the question has already closed. On failure
 * st says why (shown in the status line). */
typedef enum dyad_error (*tui_confirm_yes)(struct tui *tui, const struct tui_target *target,
	struct dyad_status *st);

struct tui_confirm_spec {
	const char *title;       /* "Sign this note?" */
	const char *question;    /* what happens, in a sentence or two; copied */
	const char *yes_label;   /* "sign it" */
	const char *no_message;  /* shown when the answer is no: "The note stays a draft."; copied */
	struct tui_target target;
	tui_confirm_yes yes;
	/* A third answer, on d, when set: "discard them". */
	const char *discard_label;
	tui_confirm_yes discard;
};

void tui_confirm_open(struct tui *tui, const struct tui_confirm_spec *spec);

#endif
