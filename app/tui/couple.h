/* couple.h: the couple screen's sections. The screen (couple.c) lists them
 * in couple_sections[]; a new panel is a new section added there. */
#ifndef DYAD_TUI_COUPLE_H
#define DYAD_TUI_COUPLE_H

#include "app/tui/section.h"

/* Name, status, partners, intake and counts. */
extern const struct tui_section_ops couple_header_section;

/* Each measure's recent scores per partner as sparklines, the latest
 * score, the cutoff and divergence marked. */
extern const struct tui_section_ops couple_measures_section;

/* The treatment plan's objectives, each with its status and latest values. */
extern const struct tui_section_ops couple_objectives_section;

/* The sessions, newest first; Enter opens one. */
extern const struct tui_section_ops couple_sessions_section;

/* Before the couple screen (created, not yet loaded) is pushed: gives
 * its homework panel the focus, with assignment_id selected when it is
 * still open. For the Today screen's homework lines. */
void tui_couple_show_homework(void *couple_screen, int64_t assignment_id);

/* A line across the top when a partner's latest safety screening found a
 * concern; no rows otherwise. */
extern const struct tui_section_ops couple_safety_banner_section;

/* A line under it when the couple has other clinician-only alerts (felt
 * safety low or worsening, flooding; domain/alerts.h); no rows otherwise. */
extern const struct tui_section_ops couple_alerts_banner_section;

/* The intake in brief; e (while focused) edits it in the editor. */
extern const struct tui_section_ops couple_intake_section;

/* Each partner's safety screenings, hidden until Enter (the viewing is
 * audited); a adds one. */
extern const struct tui_section_ops couple_safety_section;

#endif
