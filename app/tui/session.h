/* session.h: the session screen's sections. The screen (session.c) lists
 * them in session_sections[]; a new panel is a new section added there. */
#ifndef DYAD_TUI_SESSION_H
#define DYAD_TUI_SESSION_H

#include "app/tui/section.h"

/* The couple, the date, length, modality and attendance, the note's state. */
extern const struct tui_section_ops session_header_section;

/* The note body, wrapped, as much as fits. */
extern const struct tui_section_ops session_note_section;

/* The concept ratings: a row per concept, a column per partner. */
extern const struct tui_section_ops session_ratings_section;

/* How a stored attendance reads on screen ("both attended", "A only"). */
const char *session_attendance_text(const char *attendance);

#endif
