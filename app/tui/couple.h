/* couple.h: the couple screen's sections. The screen (couple.c) lists them
 * in couple_sections[]; a new panel is a new section added there. */
#ifndef DYAD_TUI_COUPLE_H
#define DYAD_TUI_COUPLE_H

#include "app/tui/section.h"

/* Name, status, partners, intake and counts. */
extern const struct tui_section_ops couple_header_section;

/* Each measure's recent scores per partner as sparklines, the latest
 * score, the cutoff and divergence marked (issue 5). */
extern const struct tui_section_ops couple_measures_section;

/* The treatment plan's objectives, each with its status and latest values. */
extern const struct tui_section_ops couple_objectives_section;

/* The sessions, newest first; Enter opens one. */
extern const struct tui_section_ops couple_sessions_section;

#endif
