/* homework.h (tui): homework in the interface. The couple screen
 * lists the open assignments with adherence so far; the session screen
 * lists them with what each partner reported at that session; both let the
 * therapist check in, mark done or dropped, and write the handout; the
 * library screen (library.c) previews each exercise's handout and assigns
 * it. */
#ifndef DYAD_TUI_HOMEWORK_H
#define DYAD_TUI_HOMEWORK_H

#include <stdbool.h>

#include "app/tui/actions.h"
#include "app/tui/section.h"

/* The couple's open homework with adherence so far: A, B and together. */
extern const struct tui_section_ops couple_homework_section;

/* The couple's open homework and this session's check-ins. */
extern const struct tui_section_ops session_homework_section;

/* Selects assignment_id in a homework section when it next loads (the
 * first one when it is not listed). */
void homework_section_select(void *section, int64_t assignment_id);

/* True for the homework actions: a screen hands these to its homework
 * section whichever section has the focus (the selection stays put). */
bool homework_action(enum tui_action action);

/* Opens the exercise library for the couple; a session id (or 0) is
 * recorded with what is assigned from there. */
void homework_open_library(struct tui *tui, int64_t couple_id, int64_t session_id);

#endif
