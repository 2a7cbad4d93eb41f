/* today.h: the Today screen (today.c), where a practice opens, and the
 * move between it and the couples list. */
#ifndef DYAD_TUI_TODAY_H
#define DYAD_TUI_TODAY_H

#include "app/tui/screen.h"

/* Goes to screen id (Today or the couples): back to it when it lies right
 * beneath the current screen, else opened on top. */
void tui_today_switch(struct tui *tui, enum tui_screen_id id);

#endif
