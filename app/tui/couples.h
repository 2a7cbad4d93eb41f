/* couples.h: the couples list, the first screen of a practice, and the
 * "new couple" form that the welcome screen shares. */
#ifndef DYAD_TUI_COUPLES_H
#define DYAD_TUI_COUPLES_H

#include "app/tui/screen.h"

/* Opens the form that adds a couple; once saved, the new couple opens
 * (from the welcome screen, with the couples list beneath it). */
void tui_couple_add_form(struct tui *tui);

#endif
