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

/* The sessions, newest first; Enter opens one. */
extern const struct tui_section_ops couple_sessions_section;

/* A line across the top when a partner's latest safety screening found a
 * concern; no rows otherwise. */
extern const struct tui_section_ops couple_safety_banner_section;

/* The intake in brief; e (while focused) edits it in the editor. */
extern const struct tui_section_ops couple_intake_section;

/* Each partner's safety screenings, hidden until Enter (the viewing is
 * audited); a adds one. */
extern const struct tui_section_ops couple_safety_section;

#endif
